"""Thin Slack listeners and the slash-command handlers. Importing this package registers every `/pr`
subcommand (each module's `@command` decorators)."""

from handlers import help as help

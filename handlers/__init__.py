"""Thin Slack listeners and the slash-command handlers. Importing this package registers every `/pr`
subcommand (each module's `@command` decorators); `MODULES` lists them for `bot.slack_app.create_app`, which
calls `register(app, services)` on those that define it (buttons, actions)."""

from types import ModuleType

from handlers import admin as admin
from handlers import help as help
from handlers import query as query
from handlers import subscriptions as subscriptions

MODULES: tuple[ModuleType, ...] = (help, query, subscriptions, admin)

"""`prbot ask "/pr ..."`: run a slash command through the same handlers the Slack app uses, print the reply.

Exit codes: 0 for an answer (including "I don't know X"), 2 when the command itself is wrong (unknown
subcommand, missing or bad arguments; the reply goes to stderr), 1 when the store cannot be opened. An answer
from a store with no releases is followed by a note on stderr saying where the store is and how to fill it.
"""

from __future__ import annotations

import asyncio
import shlex
import sys
from pathlib import Path

import typer

from bot.config import Settings
from bot.render import reply_to_terminal
from bot.services import Services
from bot.store import open_db
from bot.store.counts import counts


def empty_store_note(db_path: Path) -> str:
    """The line added to an answer from a store with no releases: where the store is and how to fill it (with a
    command that runs from the user's shell, `bot.runtime.prbot_command`)."""
    from bot.runtime import prbot_command

    prbot = prbot_command()
    return (
        f"note: the store at {db_path.resolve()} (PRBOT_DB) has no releases yet: fill it with `{prbot} run` "
        f"or `{prbot} ingest FILE_OR_URL`, or set PRBOT_DB to the store `{prbot} run` uses"
    )


async def ask(settings: Settings, command_text: str) -> int:
    """Answer `command_text` from the store at `settings.db_path` (no Slack client), print the reply as terminal
    text and return the exit code. Follow-up replies (e.g. admin progress) are printed as they come."""
    import handlers  # noqa: F401  (registers every /pr subcommand)
    from handlers.registry import CommandContext, Reply, dispatch

    async def print_reply(reply: Reply) -> None:
        typer.echo(reply_to_terminal(reply))

    services = Services(settings=settings, db=open_db(settings.db_path))
    try:
        reply = await dispatch(
            CommandContext(services=services, args=[], command_text=command_text, respond=print_reply)
        )
        empty = counts(services.db)["releases"] == 0
    finally:
        services.db.close()
    typer.echo(reply_to_terminal(reply), err=reply.usage_error)
    if empty:
        sys.stdout.flush()  # the note follows the answer, also when both go to one terminal
        typer.echo(empty_store_note(settings.db_path), err=True)
    return 2 if reply.usage_error else 0


def ask_command(
    command: list[str] = typer.Argument(..., help='the slash command, e.g. "/pr partners IMGN"'),
) -> None:
    """Ask a /pr question from the terminal and print the answer (same handlers as Slack)."""
    text = command[0] if len(command) == 1 else shlex.join(command)
    code = asyncio.run(ask(Settings(), text))
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `ask` to the CLI."""
    app.command("ask")(ask_command)

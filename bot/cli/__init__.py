"""The `prbot` command (also `python -m bot`); contract: `shared/spec/interfaces.md`.

Exit codes: 0 success, 1 runtime failure (store unusable, another instance running, fetch failure, missing
optional tool), 2 bad usage or bad input; the reason is one plain line on stderr, never a traceback.
Each submodule registers its subcommands on `app`.
"""

from __future__ import annotations

import signal
import sys


def _interrupted_while_loading(signum: int, frame: object) -> None:
    raise SystemExit(130)


# Loading the CLI takes about a second; a Ctrl+C meanwhile ends it quietly (exit 130) instead of with a traceback
# from deep inside an import. The usual handler is put back once everything is imported (end of this module).
_ORIGINAL_SIGINT = signal.signal(signal.SIGINT, _interrupted_while_loading)

import os  # noqa: E402
import sqlite3  # noqa: E402

import typer  # noqa: E402
from pydantic import ValidationError  # noqa: E402
from typer._click import exceptions as click  # noqa: E402  (typer vendors click)

from bot.cli import ask, browse, feeds, ingest, parse, reparse, run  # noqa: E402
from bot.errors import CommandError, ConfigError, ParseError, PrbotError  # noqa: E402

app = typer.Typer(
    name="prbot",
    help="prbot: watches newswire feeds, parses press releases, answers /pr questions in Slack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # help text is plain: "[browse]" in "pip install -e '.[browse]'" must stay visible
)


@app.callback()
def _root() -> None:
    """prbot: watches newswire feeds, parses press releases, answers /pr questions in Slack."""


for module in (ask, browse, feeds, ingest, parse, run, reparse):
    module.register(app)


def _store_path() -> str:
    """The store path for an error message: PRBOT_DB from the settings (environment or .env), else as set."""
    try:
        from bot.config import Settings

        return str(Settings().db_path)
    except ValidationError:
        return os.environ.get("PRBOT_DB") or "./var/prbot.db"


def exit_code(err: BaseException) -> tuple[int, str | None]:
    """The exit code and one-line stderr message for an exception that ended a command (None: print nothing).

    0/1/2 per the module docstring; 130 for Ctrl+C (the shell's convention for SIGINT).
    """
    if isinstance(err, typer.Exit):
        return err.exit_code, None
    if isinstance(err, click.NoArgsIsHelpError):
        return 2, err.format_message().rstrip()
    if isinstance(err, click.UsageError):
        hint = f" (see {err.ctx.command_path} --help)" if err.ctx else ""
        return 2, f"{err.format_message()}{hint}"
    if isinstance(err, click.ClickException):
        return err.exit_code, err.format_message()
    if isinstance(err, (KeyboardInterrupt, typer.Abort)):
        return 130, None
    if isinstance(err, (CommandError, ConfigError, ParseError)):
        return 2, str(err)
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        field = first["loc"][0] if first["loc"] else "setting"
        message = str(first["msg"]).removeprefix("Value error, ")
        return 2, f"invalid setting {field}: {message}"
    if isinstance(err, PrbotError):
        return 1, str(err)
    if isinstance(err, sqlite3.Error):
        return 1, f"cannot use the store at {_store_path()}: {err} (check the file, or set PRBOT_DB to another one)"
    return 1, None


signal.signal(signal.SIGINT, _ORIGINAL_SIGINT)


def main() -> None:
    """Entry point of the `prbot` console script: run the CLI, mapping errors to exit codes and one plain line."""
    try:
        code = app(standalone_mode=False)
    except (Exception, KeyboardInterrupt) as err:  # mapped below; unknown errors re-raised
        code, message = exit_code(err)
        if message is None and code == 1:
            raise
        if message:
            prefix = "" if isinstance(err, click.NoArgsIsHelpError) else "prbot: "
            print(f"{prefix}{message}", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)

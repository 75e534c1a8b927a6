"""The `prbot` command (also `python -m bot`); contract: `shared/spec/interfaces.md`.

Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input (one-line reason on stderr, no traceback).
Each submodule registers its subcommands on `app`.
"""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from bot.cli import ask, browse, feeds, ingest, parse, reparse, run
from bot.errors import CommandError, ConfigError, ParseError, PrbotError

app = typer.Typer(
    name="prbot",
    help="prbot: watches newswire feeds, parses press releases, answers /pr questions in Slack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """prbot: watches newswire feeds, parses press releases, answers /pr questions in Slack."""


for module in (ask, browse, feeds, ingest, parse, run, reparse):
    module.register(app)


def main() -> None:
    """Entry point of the `prbot` console script: run the CLI, mapping prbot errors to exit codes."""
    try:
        app(standalone_mode=True)
    except (CommandError, ConfigError, ParseError) as err:
        print(f"prbot: {err}", file=sys.stderr)
        sys.exit(2)
    except ValidationError as err:
        first = err.errors()[0]
        print(f"prbot: invalid setting {first['loc'][0]}: {first['msg']}", file=sys.stderr)
        sys.exit(2)
    except PrbotError as err:
        print(f"prbot: {err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)

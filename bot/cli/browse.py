"""`prbot browse`: open the store in Datasette (the optional `browse` extra)."""

from __future__ import annotations

import os
import shutil

import typer

from bot.config import Settings
from bot.errors import CommandError, PrbotError


def browse_command(
    port: int = typer.Option(8001, "--port", help="port Datasette listens on (127.0.0.1)"),
) -> None:
    """Browse the SQLite store in Datasette, read-only (install with: pip install -e '.[browse]')."""
    settings = Settings()
    if not settings.db_path.exists():
        raise CommandError(f"no store at {settings.db_path} yet: run `prbot run` or `prbot ingest` first")
    datasette = shutil.which("datasette")
    if datasette is None:
        raise PrbotError("Datasette is not installed: run  pip install -e '.[browse]'  (or pip install datasette)")
    os.execv(datasette, [datasette, "serve", "--immutable", str(settings.db_path), "--port", str(port), "--open"])


def register(app: typer.Typer) -> None:
    """Add `browse` to the CLI."""
    app.command("browse")(browse_command)

"""`prbot feeds list | add URL | remove URL | pause URL | resume URL`: manage the watched feeds in the store.

Changes take effect in a running `prbot run` at its next poll (within 30 s); no restart is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils
import typer
from rich.console import Console
from rich.table import Table

from bot.config import Settings
from bot.errors import CommandError
from bot.store import feeds as feed_store
from bot.store import open_db

feeds_app = typer.Typer(help="Manage watched feeds (RSS, Atom, EDGAR; http, https or file URLs).", no_args_is_help=True)


@contextmanager
def _store() -> Iterator[tuple[sqlite_utils.Database, Settings]]:
    settings = Settings()
    db = open_db(settings.db_path)
    try:
        yield db, settings
    finally:
        db.close()


def ago(value: str | None, now: dt.datetime) -> str:
    """A stored ISO time as "12 s ago", "4 min ago", "3.0 h ago", "2 days ago"; "in 5 min" when ahead; "never"."""
    if not value:
        return "never"
    seconds = (now - dt.datetime.fromisoformat(value)).total_seconds()
    ahead, seconds = seconds < 0, abs(seconds)
    if seconds < 90:
        text = f"{seconds:.0f} s"
    elif seconds < 5400:
        text = f"{seconds / 60:.0f} min"
    elif seconds < 172800:
        text = f"{seconds / 3600:.1f} h"
    else:
        text = f"{seconds / 86400:.0f} days"
    return f"in {text}" if ahead else f"{text} ago"


def feeds_table(rows: list[dict], *, default_interval: float, now: dt.datetime) -> Table:
    """The `prbot feeds list` table: url, status, interval, last poll, next poll, last new release ("last new"),
    last error."""
    table = Table(title=f"{len(rows)} watched feed(s)", show_lines=False)
    table.add_column("url", overflow="fold", ratio=3)
    for column in ("status", "interval", "last poll", "next poll", "last new"):
        table.add_column(column, ratio=1)
    table.add_column("last error", overflow="fold", ratio=3)
    styles = {"ok": "green", "failing": "red", "paused": "yellow", "new": "cyan"}
    for row in rows:
        interval = row["interval_seconds"] or default_interval
        status = row["status"] + (f" ({row['failures']} failures)" if row["failures"] else "")
        table.add_row(
            row["url"],
            f"[{styles.get(row['status'], '')}]{status}[/]",
            f"{interval:g} s",
            ago(row["last_polled_at"], now),
            "paused" if row["status"] == "paused" else ago(row["next_poll_at"], now) if row["next_poll_at"] else "now",
            ago(row["last_new_at"], now),
            row["last_error"] or "",
        )
    return table


@feeds_app.command("list")
def list_command() -> None:
    """Show every watched feed with its state, last poll, last new release and last error."""
    with _store() as (db, settings):
        rows = feed_store.list_feeds(db)
    if not rows:
        typer.echo("No feeds watched. Add one with: prbot feeds add URL")
        return
    Console().print(feeds_table(rows, default_interval=settings.poll_seconds, now=dt.datetime.now(dt.UTC)))


@feeds_app.command("add")
def add_command(
    url: str = typer.Argument(..., help="feed URL: http(s)://... or file:///path/feed.xml"),
    interval: float | None = typer.Option(
        None, "--interval", min=10, help="seconds between polls (default PRBOT_POLL_SECONDS)"
    ),
    alert_existing: bool = typer.Option(
        False, "--alert-existing", help="alert the entries already there (no baseline)"
    ),
    max_age_hours: float | None = typer.Option(None, "--max-age-hours", min=0, help="override PRBOT_MAX_AGE_HOURS"),
) -> None:
    """Watch a feed (idempotent: adding a watched feed again changes nothing)."""
    with _store() as (db, _settings):
        known = feed_store.get_feed(db, url) is not None
        try:
            feed_id = feed_store.add_feed(
                db, url, interval_seconds=interval, alert_existing=alert_existing, max_age_hours=max_age_hours
            )
        except ValueError as err:
            raise CommandError(str(err)) from err
    typer.echo(f"already watching {url} (feed #{feed_id})" if known else f"watching {url} (feed #{feed_id})")


@feeds_app.command("remove")
def remove_command(url: str = typer.Argument(..., help="a watched feed URL")) -> None:
    """Stop watching a feed (releases already stored stay)."""
    with _store() as (db, _settings):
        if not feed_store.remove_feed(db, url):
            raise CommandError(f"not watching {url} (see prbot feeds list)")
    typer.echo(f"stopped watching {url}")


def _set_paused(url: str, paused: bool) -> None:
    with _store() as (db, _settings):
        if not feed_store.set_paused(db, url, paused):
            raise CommandError(f"not watching {url} (see prbot feeds list)")
    typer.echo(f"{'paused' if paused else 'resumed'} {url}")


@feeds_app.command("pause")
def pause_command(url: str = typer.Argument(..., help="a watched feed URL")) -> None:
    """Stop polling a feed for now (it stays in the list)."""
    _set_paused(url, True)


@feeds_app.command("resume")
def resume_command(url: str = typer.Argument(..., help="a paused feed URL")) -> None:
    """Poll a paused feed again, starting at once."""
    _set_paused(url, False)


def register(app: typer.Typer) -> None:
    """Add `feeds` to the CLI."""
    app.add_typer(feeds_app, name="feeds")

"""`prbot feeds list | add URL | remove URL | pause URL | resume URL`: manage the watched feeds in the store.

`add` test-fetches the feed first with the same service as `/pr admin feeds add` (`bot.admin.feeds.preview_feed`);
from the terminal, which is the operator's, private, loopback and file addresses are allowed.

Changes take effect in a running `prbot run` at its next poll (within 30 s); no restart is needed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.admin.feeds import preview_feed
from bot.config import FEED_SCHEMES, Settings, url_problem
from bot.errors import CommandError, PrbotError
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


COLUMNS = ("url", "status", "interval", "last poll", "next poll", "last new", "last error")
"""The columns of `prbot feeds list`, in order."""


def feed_cells(row: dict, *, default_interval: float, now: dt.datetime) -> list[str]:
    """One feed as the plain-text cells of `COLUMNS`."""
    interval = row["interval_seconds"] or default_interval
    return [
        row["url"],
        row["status"] + (f" ({row['failures']} failures)" if row["failures"] else ""),
        f"{interval:g} s",
        ago(row["last_polled_at"], now),
        "paused" if row["status"] == "paused" else ago(row["next_poll_at"], now) if row["next_poll_at"] else "now",
        ago(row["last_new_at"], now),
        row["last_error"] or "",
    ]


def feeds_table(rows: list[dict], *, default_interval: float, now: dt.datetime) -> Table:
    """The `prbot feeds list` table for a terminal: `COLUMNS`, status coloured."""
    table = Table(title=f"{len(rows)} watched feed(s)", show_lines=False)
    table.add_column("url", overflow="fold", ratio=3)
    for column in COLUMNS[1:-1]:
        table.add_column(column, ratio=1)
    table.add_column("last error", overflow="fold", ratio=3)
    styles = {"ok": "green", "failing": "red", "paused": "yellow", "new": "cyan"}
    for row in rows:
        cells = feed_cells(row, default_interval=default_interval, now=now)
        cells[1] = f"[{styles.get(row['status'], '')}]{escape(cells[1])}[/]"
        table.add_row(*cells)
    return table


@feeds_app.command("list")
def list_command() -> None:
    """Show every watched feed with its state, last poll, last new release and last error (a table on a
    terminal; tab-separated lines with a header when piped or redirected, never wrapped)."""
    with _store() as (db, settings):
        rows = feed_store.list_feeds(db)
    if not rows:
        typer.echo("No feeds watched. Add one with: prbot feeds add URL")
        return
    now = dt.datetime.now(dt.UTC)
    if not sys.stdout.isatty():
        typer.echo("\t".join(COLUMNS))
        for row in rows:
            cells = feed_cells(row, default_interval=settings.poll_seconds, now=now)
            typer.echo("\t".join(" ".join(cell.split()) for cell in cells))
        return
    Console().print(feeds_table(rows, default_interval=settings.poll_seconds, now=now))


async def _operator_check(url: str) -> None:
    """The terminal user is the operator: any http, https or file URL may be fetched (private and loopback
    addresses too), unlike a feed added from Slack (`bot.admin.urls.check_url`)."""
    if url.partition("://")[0].lower() not in FEED_SCHEMES:
        raise CommandError(f"{url!r} is not a feed URL: give an http://, https:// or file:// URL")


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
    force: bool = typer.Option(False, "--force", help="watch the feed even when the test fetch fails"),
) -> None:
    """Test-fetch a feed, report its title and entry count, and watch it (idempotent). A feed that cannot be read
    is not added (exit code 1) unless --force is given."""
    if problem := url_problem(url):
        raise CommandError(problem)
    asyncio.run(_operator_check(url))
    with _store() as (db, settings):
        try:
            preview = asyncio.run(preview_feed(url, user_agent=settings.user_agent, check=_operator_check))
            found = f"found {preview.describe()}"
        except CommandError as err:
            if not force:
                raise PrbotError(f"{err}; not added (use --force to watch it anyway)") from err
            found = f"warning: {err}; watching it anyway (--force)"
        known = feed_store.get_feed(db, url) is not None
        try:
            feed_id = feed_store.add_feed(
                db,
                url,
                interval_seconds=interval,
                source="operator",
                alert_existing=alert_existing,
                max_age_hours=max_age_hours,
            )
        except ValueError as err:
            raise CommandError(str(err)) from err
    typer.echo(found)
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

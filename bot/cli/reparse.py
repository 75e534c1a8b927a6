"""`prbot reparse [--all | --id ID | --ticker T | --stale] [--dry-run]`: re-run the current parser over stored raw
text with a progress bar, printing what changed. The same service as `/pr admin reparse` (`bot.admin.reparse`);
the terminal operator is trusted as an admin and the run is written to the audit trail as `terminal`.
"""

from __future__ import annotations

import asyncio
import sys

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.admin import reparse as reparse_service
from bot.config import Settings
from bot.errors import CommandError, PrbotError
from bot.store import audit, open_db


def _target(all_: bool, release_id: int | None, ticker: str | None, stale: bool) -> reparse_service.Target:
    chosen = [
        t
        for t, on in (
            (reparse_service.Target("all"), all_),
            (reparse_service.Target("id", str(release_id)), release_id is not None),
            (reparse_service.Target("ticker", (ticker or "").upper()), ticker is not None),
            (reparse_service.Target("stale"), stale),
        )
        if on
    ]
    if len(chosen) != 1:
        raise CommandError("choose exactly one of --all, --id ID, --ticker T, --stale")
    return chosen[0]


async def _run(settings: Settings, target: reparse_service.Target, dry_run: bool, console: Console) -> str:
    db = open_db(settings.db_path)
    command = "reparse " + target.key + (" --dry-run" if dry_run else "")
    try:
        try:
            ids = reparse_service.select_ids(db, target)
            with Progress(
                TextColumn("[bold]reparse[/] {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[changed]} changed"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task(target.key, total=len(ids), changed=0)

                async def progress(report: reparse_service.ReparseReport) -> None:
                    bar.update(task, total=report.total, completed=report.done, changed=len(report.changed_ids))

                report = await reparse_service.reparse(db, target, ids=ids, dry_run=dry_run, progress=progress)
        except PrbotError as err:
            audit.record(db, user_id=None, command=command, outcome="error", detail=str(err))
            raise
        audit.record(db, user_id=None, command=command, outcome="ok", detail=report.summary())
    finally:
        db.close()
    head = report.summary() + (f" (resumed after release #{report.resumed_after})" if report.resumed_after else "")
    return "\n".join([head, *report.diff_lines(limit=reparse_service.DETAIL_LIMIT)])


def reparse_command(
    all_: bool = typer.Option(False, "--all", help="every stored release"),
    release_id: int | None = typer.Option(None, "--id", help="one release by its ID"),
    ticker: str | None = typer.Option(None, "--ticker", help="releases that mention this ticker"),
    stale: bool = typer.Option(False, "--stale", help="releases parsed by an older parser version"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show what would change, write nothing"),
) -> None:
    """Re-run the current parser over stored releases and print what changed (resumes an interrupted run)."""
    target = _target(all_, release_id, ticker, stale)
    console = Console(stderr=True)
    sys.stdout.write(asyncio.run(_run(Settings(), target, dry_run, console)) + "\n")


def register(app: typer.Typer) -> None:
    """Add `reparse` to the CLI."""
    app.command("reparse")(reparse_command)

"""`prbot ingest PATH_OR_URL...`: parse and store releases from files, folders (recursively: .txt, .html, .htm)
and http(s) URLs of release pages or feeds (fetched by the watcher), printing one line per release and a summary.

A file that cannot be read gets a plain-words line and the others go on; exit code 2 when nothing could be read.
Nothing is alerted: this is for loading releases, not announcing them.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import typer

from bot.cli.parse import read_input
from bot.config import Settings
from bot.errors import CommandError, PrbotError
from bot.ingest import IngestResult, ingest_text
from bot.services import Services
from bot.store import open_db
from bot.store.releases import get_release
from bot.store.views import ReleaseRef

RELEASE_SUFFIXES = (".txt", ".html", ".htm")
"""File types picked up when a folder is given (a file named explicitly is read whatever its suffix)."""

_LABELS = {"new": "added", "duplicate": "duplicate", "version": "version"}


def release_files(path: Path) -> Iterator[Path]:
    """`path` itself, or for a folder every release file below it (hidden ones skipped), sorted by path."""
    if not path.is_dir():
        yield path
        return
    for found in sorted(path.rglob("*")):
        relative = found.relative_to(path).parts
        if (
            found.is_file()
            and found.suffix.lower() in RELEASE_SUFFIXES
            and not any(p.startswith(".") for p in relative)
        ):
            yield found


def describe(result: IngestResult, ref: ReleaseRef, source: str) -> str:
    """One line: what happened, id, date, issuer and headline of the stored release, and where it came from."""
    date = ref.date.isoformat() if ref.date else "no date"
    note = ""
    if result.status == "duplicate":
        note = " (already stored)"
    elif result.status == "version":
        note = f" (new version of #{result.version_of})"
    return (
        f"{_LABELS[result.status]:<9} #{ref.id:<6} {date:<10}  {ref.issuer or 'issuer unknown'}  "
        f"{ref.headline or '(no headline)'}{note}  <- {source}"
    )


def _report(services: Services, result: IngestResult, source: str) -> str:
    stored = get_release(services.db, result.release_id)
    ref = stored.ref if stored else ReleaseRef(id=result.release_id, headline=result.parsed.headline)
    return describe(result, ref, source)


def _ingest_file(services: Services, path: Path) -> IngestResult:
    text, is_html = read_input(str(path))
    if "\x00" in text:
        raise CommandError(f"{path} is not a text or HTML file")
    if not text.strip():
        raise CommandError(f"{path} is empty")
    return ingest_text(services.db, text, raw_format="html" if is_html else "text")


async def _ingest_url(services: Services, url: str) -> list[IngestResult]:
    from bot.watcher import fetch_and_ingest  # the watcher's fetcher (aiohttp) is only needed for URLs

    return await fetch_and_ingest(services, url)


def ingest_command(
    sources: list[str] = typer.Argument(
        ..., help="release files (.txt/.html), folders (searched recursively) or http(s) URLs of releases or feeds"
    ),
) -> None:
    """Parse and store releases; print one line per release (added, duplicate or version) and a summary."""
    settings = Settings()
    services = Services(settings=settings, db=open_db(settings.db_path))
    tally: Counter[str] = Counter()
    try:
        for source in sources:
            if source.lower().startswith(("http://", "https://")):
                try:
                    results = asyncio.run(_ingest_url(services, source))
                except PrbotError as err:
                    tally["unreadable"] += 1
                    typer.echo(f"{'skipped':<9} {source}: {err}")
                    continue
                for result in results:
                    tally[result.status] += 1
                    typer.echo(_report(services, result, source))
                continue
            paths = list(release_files(Path(source)))
            if not paths:
                tally["unreadable"] += 1
                typer.echo(f"{'skipped':<9} {source}: no .txt or .html files in this folder")
            for path in paths:
                try:
                    result = _ingest_file(services, path)
                except PrbotError as err:
                    tally["unreadable"] += 1
                    typer.echo(f"{'skipped':<9} {err}")
                    continue
                tally[result.status] += 1
                typer.echo(_report(services, result, str(path)))
    finally:
        services.db.close()
    stored = tally["new"] + tally["duplicate"] + tally["version"]
    typer.echo(
        f"{stored} release(s): {tally['new']} added, {tally['duplicate']} duplicate, {tally['version']} new version(s)"
        + (f"; {tally['unreadable']} skipped" if tally["unreadable"] else "")
    )
    if stored == 0:
        raise CommandError("nothing could be read: no release file or URL among " + ", ".join(sources))


def register(app: typer.Typer) -> None:
    """Add `ingest` to the CLI."""
    app.command("ingest")(ingest_command)

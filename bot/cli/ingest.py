"""`prbot ingest PATH_OR_URL...`: parse and store releases from files, folders (recursively: .txt, .html, .htm),
feed files, and http(s)/file URLs of release pages or feeds (fetched by the watcher), printing one line per
release and a summary.

A file that cannot be read gets a plain-words line and the others go on; a file found in a folder that does not
look like a press release (no dateline, issuer or ticker) is skipped, one named explicitly is stored with a
warning. Exit code 2 when nothing could be read, 1 when nothing could be fetched (e.g. HTTP 404).
Nothing is alerted: this is for loading releases, not announcing them.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import typer

from bot.cli.parse import read_input
from bot.config import Settings, url_problem
from bot.errors import CommandError, FetchError, PrbotError, StoreError
from bot.feeds import looks_like_feed
from bot.ingest import IngestResult, store_parsed
from bot.parser import parse_release
from bot.parser.models import ParsedRelease
from bot.services import Services
from bot.store import open_db
from bot.store.releases import ReleaseMeta, get_release
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


def looks_like_release(parsed: ParsedRelease) -> bool:
    """True when the parser found what every press release has at least one of: a dateline, an issuer, a ticker."""
    companies = [parsed.issuer, *parsed.companies] if parsed.issuer else parsed.companies
    return parsed.dateline is not None or parsed.issuer is not None or any(c.tickers for c in companies)


def _ingest_file(services: Services, path: Path, *, named: bool) -> IngestResult | None:
    """Store one release file; `named` says the user gave it (stored even when it does not look like a press
    release, with a warning) rather than it being found in a folder (then skipped: None)."""
    text, is_html = read_input(str(path))
    parsed = parse_release(text, is_html=is_html)
    if not looks_like_release(parsed):
        if not named:
            return None
        typer.echo(f"{'warning':<9} {path} does not look like a press release (no dateline, issuer or ticker)")
    return store_parsed(
        services.db, raw=text, raw_format="html" if is_html else "text", parsed=parsed, meta=ReleaseMeta(), alert=False
    )


async def _ingest_url(services: Services, url: str) -> list[IngestResult]:
    from bot.watcher import fetch_and_ingest  # the watcher's fetcher (aiohttp) is only needed for URLs

    return await fetch_and_ingest(services, url)


def _is_feed_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return looks_like_feed(head, None)


def ingest_command(
    sources: list[str] = typer.Argument(
        ...,
        help="release files (.txt/.html), feed files, folders (searched recursively) or http(s)/file URLs of "
        "releases or feeds",
    ),
) -> None:
    """Parse and store releases; print one line per release (added, duplicate or version) and a summary."""
    settings = Settings()
    services = Services(settings=settings, db=open_db(settings.db_path))
    tally: Counter[str] = Counter()
    try:
        for source in sources:
            path = Path(source)
            url = source if source.lower().startswith(("http://", "https://", "file://")) else None
            if url is None and path.is_file() and _is_feed_file(path):
                url = path.resolve().as_uri()  # a feed file is read like the feed it is, entries and all
            if url is not None and (problem := url_problem(url)):
                tally["unreadable"] += 1
                typer.echo(f"{'skipped':<9} {problem}")
                continue
            if url is not None:
                try:
                    results = asyncio.run(_ingest_url(services, url))
                except StoreError as err:
                    raise StoreError(f"cannot write to the store at {settings.db_path}: {err}") from err
                except PrbotError as err:
                    tally["failed" if isinstance(err, FetchError) else "unreadable"] += 1
                    typer.echo(f"{'skipped':<9} {source}: {err}")
                    continue
                for result in results:
                    tally[result.status] += 1
                    typer.echo(_report(services, result, source))
                continue
            paths = list(release_files(path))
            if not paths:
                tally["unreadable"] += 1
                typer.echo(f"{'skipped':<9} {source}: no .txt or .html files in this folder")
            for found in paths:
                try:
                    result = _ingest_file(services, found, named=not path.is_dir())
                except StoreError as err:  # the store refused the write: nothing more can be stored (exit 1)
                    raise StoreError(f"cannot write to the store at {settings.db_path}: {err}") from err
                except PrbotError as err:
                    tally["unreadable"] += 1
                    typer.echo(f"{'skipped':<9} {err}")
                    continue
                if result is None:
                    tally["not_release"] += 1
                    typer.echo(f"{'skipped':<9} {found}: not a press release (no dateline, issuer or ticker)")
                    continue
                tally[result.status] += 1
                typer.echo(_report(services, result, str(found)))
    finally:
        services.db.close()
    stored = tally["new"] + tally["duplicate"] + tally["version"]
    skipped = tally["unreadable"] + tally["failed"] + tally["not_release"]
    typer.echo(
        f"{stored} release(s): {tally['new']} added, {tally['duplicate']} duplicate, {tally['version']} new version(s)"
        + (f"; {skipped} skipped" if skipped else "")
    )
    if stored == 0 and tally["failed"] and not tally["unreadable"]:
        raise PrbotError("nothing could be fetched from " + ", ".join(sources))  # a runtime failure: exit 1
    if stored == 0:
        raise CommandError("nothing could be read: no release file or URL among " + ", ".join(sources))


def register(app: typer.Typer) -> None:
    """Add `ingest` to the CLI."""
    app.command("ingest")(ingest_command)

"""Reparse: run the current parser again over stored raw text and report what changed.

One service for Slack (`/pr admin reparse ...`) and the terminal (`prbot reparse ...`). Targets: one release ID,
a ticker, `all`, or `stale` (releases parsed by an older `parser_version`).

Consistency: each release is rewritten by `bot.store.releases.replace_parsed` in its own savepoint (a nested
transaction) together with the job's cursor (`bot.store.audit.advance_job`), and a batch of `BATCH_SIZE` such
releases is committed at once (one WAL sync per batch instead of per release). An interrupted reparse leaves
every release either wholly old or wholly new: an error rolls back only the failing release (those before it
are committed), a killed process loses at most the uncommitted batch, with its cursor.
Resuming: running the same target again at the same `PARSER_VERSION` continues after the cursor of the
unfinished job (and `stale` resumes by its nature, finished releases no longer being stale).
`--dry-run` rewrites each batch inside a transaction that is rolled back, so the diff shown is exactly what a
real run would write, and nothing is kept.

Parsing runs off the event loop (an executor), one batch ahead of the writes; the store is written on the event
loop's thread, never concurrently with other users of the connection (a batch is written without awaiting).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field

import sqlite_utils

from bot.admin.words import counted
from bot.errors import CommandError, PrbotError
from bot.parser import PARSER_VERSION, FeedHints, ParsedRelease, parse_release
from bot.store import audit, releases
from bot.store.releases import ReleaseChange

BATCH_SIZE = 32
"""Releases parsed per executor call and committed per transaction (one commit, so one WAL sync, per batch; the
event loop is held for one batch's writes, about 0.1 s). Progress is reported once per batch."""

DETAIL_LIMIT = 50
"""Changed releases whose per-field diff is kept for the report (all changed IDs are kept)."""

LIST_FIELDS = ("partners", "tickers", "companies", "people", "products", "event_types")
"""`ReleaseChange` fields with `*_added` / `*_removed` lists."""

Progress = Callable[["ReparseReport"], Awaitable[None]]
Parse = Callable[[str, FeedHints | None, bool], ParsedRelease]


@dataclass(frozen=True)
class Target:
    """What to reparse: `kind` is `id`, `ticker`, `all` or `stale`; `value` the ID or ticker."""

    kind: str
    value: str | None = None

    @property
    def key(self) -> str:
        """Stable name of the target for the job table: `all`, `stale`, `id:12`, `ticker:IMGN`."""
        return self.kind if self.value is None else f"{self.kind}:{self.value}"


def parse_args(args: list[str]) -> tuple[Target, bool]:
    """`ID | TICKER | all | stale [--dry-run]` -> (target, dry_run). Raises `CommandError` on anything else."""
    dry_run = any(a.lower() in ("--dry-run", "dry-run", "--dry") for a in args)
    words = [a for a in args if a.lower() not in ("--dry-run", "dry-run", "--dry")]
    if len(words) != 1:
        raise CommandError("usage: admin reparse ID | TICKER | all | stale [--dry-run]")
    word = words[0]
    if word.lower() in ("all", "stale"):
        return Target(word.lower()), dry_run
    if word.lstrip("#").isdigit():
        return Target("id", word.lstrip("#")), dry_run
    return Target("ticker", word.upper()), dry_run


def select_ids(db: sqlite_utils.Database, target: Target) -> list[int]:
    """The release IDs of `target`, ascending. Raises `CommandError` for an unknown ID or ticker."""
    if target.kind == "id":
        release_id = int(target.value or 0)
        if releases.get_release(db, release_id) is None:
            raise CommandError(f"there is no stored release #{release_id}")
        return [release_id]
    if target.kind == "ticker":
        ids = releases.release_ids(db, ticker=target.value)
        if not ids:
            raise CommandError(f"no stored release mentions the ticker {target.value}")
        return sorted(ids)
    if target.kind == "stale":
        return sorted(releases.release_ids(db, stale_before_version=PARSER_VERSION))
    return sorted(releases.release_ids(db))


@dataclass
class ReparseReport:
    """Progress and outcome of one reparse. `counts` sums the diff over changed releases: `"+partners"` (items
    added), `"-partners"` (removed), and per parsed field name (`"headline"`, `"summary"`, ...) the number of
    releases where it changed."""

    target: Target
    dry_run: bool
    total: int
    done: int = 0
    changed_ids: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    details: list[ReleaseChange] = field(default_factory=list)
    resumed_after: int | None = None
    error: str | None = None
    finished: bool = False

    def add(self, change: ReleaseChange) -> None:
        """Count one reparsed release and, when it changed, its diff."""
        self.done += 1
        if not change.changed:
            return
        self.changed_ids.append(change.release_id)
        if len(self.details) < DETAIL_LIMIT:
            self.details.append(change)
        for name in LIST_FIELDS:
            self.counts["+" + name] += len(getattr(change, f"{name}_added"))
            self.counts["-" + name] += len(getattr(change, f"{name}_removed"))
        self.counts.update(change.fields_changed)

    def summary(self) -> str:
        """One line: "412 releases, 37 changed: +21 partners, -2 tickers, headline changed in 5 (dry run...)"."""
        counts = +self.counts  # drops zero counts
        parts = [f"{key[0]}{counts[key]} {key[1:]}" for key in sorted(counts) if key[0] in "+-"]
        parts += [f"{key} changed in {counts[key]}" for key in sorted(counts) if key[0] not in "+-"]
        line = f"{counted(self.done, 'release')}, {len(self.changed_ids)} changed"
        if parts:
            line += ": " + ", ".join(parts)
        if self.total != self.done:
            line += f" (stopped after {self.done} of {self.total})"
        return line + (" (dry run: nothing written)" if self.dry_run else "")

    def diff_lines(self, limit: int = 20) -> list[str]:
        """One line per changed release (at most `limit`): `#12: +partners Acme, Beta; -tickers NYSE:X; summary`.
        A field listed without +/- changed in another way (a partner's relation, the headline's wording)."""
        lines = []
        for change in self.details[:limit]:
            bits = []
            for name in change.fields_changed:
                added = getattr(change, f"{name}_added", [])
                removed = getattr(change, f"{name}_removed", [])
                if name == "issuer":
                    added, removed = change.tickers_added, change.tickers_removed
                    name = "tickers" if added or removed else name
                if added:
                    bits.append(f"+{name} {', '.join(added)}")
                if removed:
                    bits.append(f"-{name} {', '.join(removed)}")
                if not added and not removed:
                    bits.append(name)
            lines.append(f"#{change.release_id}: " + "; ".join(bits))
        if len(self.changed_ids) > limit:
            lines.append(f"... and {len(self.changed_ids) - limit} more changed releases")
        return lines


def _parse_one(raw: str, hints: FeedHints | None, is_html: bool) -> ParsedRelease:
    return parse_release(raw, hints, is_html=is_html)


def _parse_batch(parse: Parse, items: list[tuple[str, str, FeedHints | None]]) -> list[ParsedRelease]:
    return [parse(raw, hints, raw_format == "html") for raw, raw_format, hints in items]


class ReparseStopped(PrbotError):
    """A reparse stopped early; `report` says how far it got. Running the same target again resumes it."""

    def __init__(self, report: ReparseReport) -> None:
        super().__init__(
            f"reparse stopped after {report.done} of {report.total} releases: {report.error}. "
            "Every release is either fully old or fully new; run the same reparse again to resume."
        )
        self.report = report


class _DryRunRollback(Exception):
    """Raised inside a dry-run transaction to roll it back."""


@contextlib.contextmanager
def _rolled_back(db: sqlite_utils.Database) -> Iterator[None]:
    try:
        with db.atomic():
            yield
            raise _DryRunRollback
    except _DryRunRollback:
        pass


def _write_batch(
    db: sqlite_utils.Database, batch: list[int], parsed: list[ParsedRelease], *, job_id: int | None, dry_run: bool
) -> tuple[list[ReleaseChange], Exception | None]:
    """Rewrite a batch of releases in one transaction (rolled back in a dry run), each release with its job
    cursor in its own savepoint. On an error the releases before it are kept and the error is returned."""
    changes: list[ReleaseChange] = []
    with _rolled_back(db) if dry_run else db.atomic():
        for release_id, new in zip(batch, parsed, strict=True):
            try:
                with db.atomic():
                    change = releases.replace_parsed(db, release_id, new)
                    if job_id is not None:
                        audit.advance_job(db, job_id, release_id=release_id, changed=change.changed)
            except Exception as exc:
                return changes, exc
            changes.append(change)
    return changes, None


async def reparse(
    db: sqlite_utils.Database,
    target: Target,
    *,
    ids: list[int] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    executor: Executor | None = None,
    parse: Parse = _parse_one,
) -> ReparseReport:
    """Reparse the releases of `target` (`ids`: already selected by `select_ids`) and return the report.
    `progress` is awaited after every batch.
    `parse` is the parser call (the shared parser; benchmarks and tests may pass another), run in `executor` (the
    loop's default when None).

    Raises `CommandError` for an unknown ID or ticker, and `ReparseStopped` (with the partial report) when a
    release cannot be reparsed or written: the job is marked failed and resumes when run again. Cancellation
    marks the job failed and propagates.
    """
    ids = select_ids(db, target) if ids is None else ids
    report = ReparseReport(target, dry_run, total=len(ids))
    job_id = None
    if not dry_run:
        job = audit.start_job(db, target=target.key, parser_version=PARSER_VERSION, total=len(ids))
        job_id = job["id"]
        if job["cursor"]:
            report.resumed_after = job["cursor"]
            ids = [i for i in ids if i > job["cursor"]]
            report.total = len(ids)
    loop = asyncio.get_running_loop()
    batches = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]

    def submit(batch: list[int]) -> asyncio.Future[list[ParsedRelease]]:
        items = [releases.get_raw(db, release_id) for release_id in batch]
        return loop.run_in_executor(executor, _parse_batch, parse, items)

    pending = submit(batches[0]) if batches else None
    try:
        for number, batch in enumerate(batches):
            assert pending is not None
            parsed = await pending
            # The next batch is parsed while this one is written (the write waits on SQLite, not the GIL).
            pending = submit(batches[number + 1]) if number + 1 < len(batches) else None
            changes, failure = _write_batch(db, batch, parsed, job_id=job_id, dry_run=dry_run)
            for change in changes:
                report.add(change)
            if failure is not None:
                raise failure
            if progress is not None:
                await progress(report)
    except BaseException as exc:
        if pending is not None:
            pending.cancel()
        report.error = str(exc) or type(exc).__name__
        if job_id is not None:
            audit.finish_job(db, job_id, error=report.error)
        if isinstance(exc, Exception):
            raise ReparseStopped(report) from exc
        raise
    report.finished = True
    if job_id is not None:
        audit.finish_job(db, job_id, summary=report.summary())
    return report

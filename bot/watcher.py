"""The feed watcher: due feeds -> conditional fetch -> new entries -> release page -> parse (off the loop) ->
store (+ outbox, inside the ingest transaction).

What is new is decided by `decide_entry`, a pure function of the entry, the feed's state, what the store already
knows and `now`:
- an entry this feed has already handled (its GUID is in `entries`) is skipped;
- an entry whose GUID, wire id or link (http/https alike) already led to a release is recorded as a duplicate
  of it, without fetching anything;
- on a feed's first successful poll every entry is stored as the `baseline` and nothing is alerted;
- an entry published more than `max_age_hours` ago (feed's own, else `PRBOT_MAX_AGE_HOURS`; 0 = no limit) is
  stored as `too_old` and not alerted;
- a feed with `alert_existing` skips both rules (the bundled demo feed);
- everything else is ingested with `alert=True`; the ingest service dedupes again by canonical URL and content
  fingerprint (the same release on two wires) and links corrections to the release they correct.

Parsing (feed documents and release pages) runs in a `ProcessPoolExecutor`: the parser is pure Python and
CPU-bound, so threads would still hold the GIL and could not use a second core; the pool keeps the event loop
responsive and spreads parsing over the cores. Inputs and results are plain picklable data.

Failed polls back off exponentially with jitter (`backoff_seconds`), honour Retry-After, and after
`FAILING_AFTER` failures in a row mark the feed `failing`; a failing feed keeps being polled at most hourly until
it recovers, and never stops the loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import logging
import multiprocessing
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot import metrics
from bot.errors import FetchError, ParseError
from bot.feeds import FeedEntry, ParsedFeed, edgar_exhibit_url, feed_label, is_edgar, looks_like_feed, parse_feed
from bot.fetch import Fetcher, FetchLimits, FetchResult
from bot.ingest import IngestResult, store_parsed
from bot.parser import parse_release
from bot.parser.models import ParsedRelease
from bot.services import Services
from bot.store import feeds as feed_store
from bot.store.releases import ReleaseMeta, find_duplicate

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600.0
"""A failing feed is still polled at least this often (1 h)."""
FEED_CONCURRENCY = 50
"""Feeds polled at once (the fetcher's per-host limits apply on top)."""
PAGE_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


@dataclass(frozen=True)
class FeedState:
    """What `decide_entry` needs to know about a feed."""

    baseline_done: bool
    alert_existing: bool
    max_age_hours: float


@dataclass(frozen=True)
class Decision:
    """What to do with one entry: `skip` (already handled), `duplicate` (of `release_id`) or `ingest`
    (with `alert`, recording `status` unless the ingest finds a duplicate or a version)."""

    action: Literal["skip", "duplicate", "ingest"]
    status: Literal["new", "baseline", "too_old", "duplicate"]
    alert: bool
    reason: str
    release_id: int | None = None


def decide_entry(
    entry: FeedEntry, feed: FeedState, *, now: dt.datetime, seen: bool, known: tuple[int, str] | None
) -> Decision:
    """The pure "what is new" rule (see the module docstring). `seen`: this feed already handled the GUID;
    `known`: (release id, what matched) when the GUID, wire id or link already led to a release."""
    if seen:
        return Decision("skip", "duplicate", False, "already seen in this feed")
    if known is not None:
        release_id, matched = known
        return Decision("duplicate", "duplicate", False, f"same release as #{release_id} (same {matched})", release_id)
    if not feed.alert_existing and not feed.baseline_done:
        return Decision("ingest", "baseline", False, "first poll of this feed: stored as baseline, not alerted")
    if not feed.alert_existing and feed.max_age_hours > 0 and entry.published is not None:
        age_hours = (now - entry.published).total_seconds() / 3600
        if age_hours > feed.max_age_hours:
            reason = f"published {age_hours:.0f} h ago (max age {feed.max_age_hours:g} h): stored, not alerted"
            return Decision("ingest", "too_old", False, reason)
    return Decision("ingest", "new", True, "new release: alerted")


def backoff_seconds(failures: int, interval: float, *, retry_after: float | None, jitter: float) -> float:
    """Delay before the next poll after `failures` failed polls in a row (seconds): the feed's interval doubled
    per failure, capped at `MAX_BACKOFF_SECONDS`, scaled by a random factor in [0.5, 1) from `jitter` in [0, 1)
    ("equal jitter", so many feeds failing together do not retry together), and never before Retry-After."""
    base = min(max(interval, 30.0) * 2 ** max(failures - 1, 0), MAX_BACKOFF_SECONDS)
    delay = base * (0.5 + jitter / 2)
    return max(delay, retry_after or 0.0)


def _words(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class FeedOutcome:
    """One feed's poll: `result` ok / not_modified / failed, entry counts by status, the error in plain words."""

    url: str
    result: Literal["ok", "not_modified", "failed"]
    counts: dict[str, int] = field(default_factory=dict)
    alerted: int = 0
    error: str | None = None


@dataclass
class PollReport:
    """What one `poll_once` did."""

    feeds: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        """Entries recorded with `status` (new, baseline, too_old, duplicate, version, failed) over all feeds."""
        return sum(outcome.counts.get(status, 0) for outcome in self.feeds)

    @property
    def alerted(self) -> int:
        """Releases ingested with an alert."""
        return sum(outcome.alerted for outcome in self.feeds)

    @property
    def failed(self) -> list[FeedOutcome]:
        """Feeds whose poll failed."""
        return [outcome for outcome in self.feeds if outcome.result == "failed"]

    def __str__(self) -> str:
        unchanged = sum(1 for outcome in self.feeds if outcome.result == "not_modified")
        stored = sum(self.count(s) for s in ("new", "baseline", "too_old", "version"))
        text = (
            f"polled {len(self.feeds)} feeds in {self.seconds:.1f} s: {unchanged} unchanged, {len(self.failed)} failed;"
            f" {stored} releases stored, {self.alerted} alerted, {self.count('duplicate')} duplicates"
        )
        if self.count("failed"):
            text += f", {self.count('failed')} entries failed (retried next poll)"
        return text


def default_executor() -> concurrent.futures.Executor:
    """A process pool with one worker per core (forkserver start: safe with the loop's threads)."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=os.cpu_count() or 2, mp_context=multiprocessing.get_context(method)
    )


class Watcher:
    """Polls the store's feeds. `fetcher`/`executor`/`limits` default to a `Fetcher(settings.user_agent)`, a
    process pool and `FetchLimits()`; `now` returns the current UTC time (tests move it); `rng` gives jitter.

    Resources are opened per `poll_once` (or once for all of `run`), or for an `async with Watcher(...)` block.
    """

    def __init__(
        self,
        services: Services,
        *,
        fetcher: Fetcher | None = None,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        executor: concurrent.futures.Executor | None = None,
        limits: FetchLimits | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.services = services
        self.now = now
        self.rng = rng or random.Random()
        self._fetcher = fetcher or Fetcher(services.settings.user_agent, limits)
        self._executor = executor
        self._own_executor = executor is None
        self._depth = 0
        self._opened_fetcher = False

    async def __aenter__(self) -> Watcher:
        self._depth += 1
        if self._depth == 1 and not self._fetcher.is_open:
            await self._fetcher.__aenter__()
            self._opened_fetcher = True
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            if self._opened_fetcher:
                await self._fetcher.aclose()
                self._opened_fetcher = False
            if self._own_executor and self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None

    async def _off_loop(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run `func(*args)` in the executor; a crashed process pool is replaced once."""
        if self._executor is None:
            self._executor = default_executor()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, func, *args)
        except concurrent.futures.BrokenExecutor:
            if not self._own_executor:
                raise
            log.warning("the parser worker pool crashed; starting a new one")
            self._executor = default_executor()
            return await loop.run_in_executor(self._executor, func, *args)

    async def poll_once(self) -> PollReport:
        """Poll every due feed once, concurrently (at most `FEED_CONCURRENCY` at a time). Never raises for a
        feed's failure: it is recorded on the feed and in the report."""
        async with self:
            started = time.monotonic()
            due = feed_store.due_feeds(self.services.db, self.now())
            gate = asyncio.Semaphore(FEED_CONCURRENCY)

            async def one(feed: dict[str, Any]) -> FeedOutcome:
                async with gate:
                    return await self._poll_feed(feed)

            outcomes = await asyncio.gather(*(one(feed) for feed in due))
            return PollReport(feeds=list(outcomes), seconds=time.monotonic() - started)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll due feeds until `stop` is set, sleeping until the next feed is due (at most 30 s, so feeds added
        meanwhile are picked up). A failing poll cycle is logged and the loop goes on."""
        async with self:
            while not stop.is_set():
                try:
                    report = await self.poll_once()
                    if report.feeds:
                        log.info("%s", report)
                except Exception:  # the loop must outlive any single bug; the traceback goes to the log
                    log.exception("poll cycle failed; the watcher keeps running")
                next_at = feed_store.next_poll_at(self.services.db)
                wait = 30.0 if next_at is None else (next_at - self.now()).total_seconds()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=min(max(wait, 0.5), 30.0))

    def _state(self, feed: dict[str, Any]) -> FeedState:
        max_age = feed["max_age_hours"]
        return FeedState(
            baseline_done=feed["baseline_done"],
            alert_existing=feed["alert_existing"],
            max_age_hours=self.services.settings.max_age_hours if max_age is None else max_age,
        )

    async def _poll_feed(self, feed: dict[str, Any]) -> FeedOutcome:
        url = feed["url"]
        interval = feed["interval_seconds"] or self.services.settings.poll_seconds
        try:
            fetched = await self._fetcher.fetch(
                url, etag=feed["etag"], last_modified=feed["last_modified"], accept=FEED_ACCEPT
            )
            if fetched.not_modified:
                outcome = FeedOutcome(url, "not_modified")
                self._record_success(feed, interval, fetched, outcome)
                return outcome
            parsed: ParsedFeed = await self._off_loop(
                functools.partial(parse_feed, fetched.body, feed_url=fetched.url, content_type=fetched.content_type)
            )
        except (FetchError, ParseError) as err:
            return self._record_failure(feed, interval, str(err), getattr(err, "retry_after", None))
        except Exception as err:  # a bug must not stop other feeds; record it like any failure, keep the trace
            log.exception("unexpected error polling %s", url)
            return self._record_failure(feed, interval, f"internal error: {err!r}", None)
        for warning in parsed.warnings:
            log.warning("%s feed: %s", feed_label(url), warning)
        outcome = FeedOutcome(url, "ok")
        await self._ingest_entries(feed, parsed.entries, outcome)
        self._record_success(feed, interval, fetched, outcome)
        return outcome

    def _record_success(
        self, feed: dict[str, Any], interval: float, fetched: FetchResult, outcome: FeedOutcome
    ) -> None:
        now = self.now()
        stored = sum(outcome.counts.get(s, 0) for s in ("new", "baseline", "too_old", "version"))
        feed_store.record_success(
            self.services.db,
            feed["id"],
            now=now,
            next_poll_at=now + dt.timedelta(seconds=interval * (1 - 0.1 * self.rng.random())),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            new_releases=stored,
            keep_validators=not outcome.counts.get("failed"),
        )
        if feed["failures"] >= feed_store.FAILING_AFTER or feed["status"] == "failing":
            log.info("%s feed recovered after %d failed polls", feed_label(feed["url"]), feed["failures"])
        metrics.FEEDS_POLLED.labels(outcome.result).inc()

    def _record_failure(
        self, feed: dict[str, Any], interval: float, error: str, retry_after: float | None
    ) -> FeedOutcome:
        now = self.now()
        delay = backoff_seconds(feed["failures"] + 1, interval, retry_after=retry_after, jitter=self.rng.random())
        state = feed_store.record_failure(
            self.services.db, feed["id"], now=now, next_poll_at=now + dt.timedelta(seconds=delay), error=error
        )
        log.warning(
            "%s feed unreachable: %s — will retry in %s (%d failed polls in a row%s)",
            feed_label(feed["url"]),
            error,
            _words(delay),
            state["failures"],
            ", marked failing" if state["status"] == "failing" else "",
        )
        metrics.FEEDS_POLLED.labels("failed").inc()
        return FeedOutcome(feed["url"], "failed", error=error)

    async def _ingest_entries(self, feed: dict[str, Any], entries: list[FeedEntry], outcome: FeedOutcome) -> None:
        """Handle a feed's entries oldest first (feeds list newest first), so alerts go out in publish order."""
        db = self.services.db
        seen = feed_store.seen_guids(db, feed["id"], [entry.guid for entry in entries])
        state = self._state(feed)
        handled: set[str] = set()
        for entry in _ingest_order(entries):
            if entry.guid in handled:
                continue
            handled.add(entry.guid)
            known = None if entry.guid in seen else self._known(entry)
            decision = decide_entry(entry, state, now=self.now(), seen=entry.guid in seen, known=known)
            if decision.action == "skip":
                continue
            if decision.action == "duplicate":
                self._record(feed, entry, "duplicate", decision.reason, decision.release_id)
                outcome.counts["duplicate"] = outcome.counts.get("duplicate", 0) + 1
                continue
            status = await self._ingest_entry(feed, entry, decision)
            outcome.counts[status] = outcome.counts.get(status, 0) + 1
            if decision.alert and status in ("new", "version"):
                outcome.alerted += 1

    def _known(self, entry: FeedEntry) -> tuple[int, str] | None:
        db = self.services.db
        known = feed_store.known_release(db, guid=entry.guid, wire_id=entry.wire_id, link=entry.link)
        if known is None:
            release_id = find_duplicate(db, guid=entry.guid, wire_id=entry.wire_id, url=entry.link)
            known = (release_id, "GUID, wire id or link") if release_id is not None else None
        return known

    def _record(self, feed: dict[str, Any], entry: FeedEntry, status: str, reason: str, release_id: int | None) -> None:
        feed_store.record_entry(
            self.services.db,
            feed["id"],
            guid=entry.guid,
            link=entry.link,
            wire_id=entry.wire_id,
            status=status,
            reason=reason,
            release_id=release_id,
            seen_at=self.now(),
        )

    async def _ingest_entry(self, feed: dict[str, Any], entry: FeedEntry, decision: Decision) -> str:
        """Fetch (unless inline), parse off the loop, store; record the entry. Returns the entry's status."""
        try:
            raw, raw_format = await release_source(self._fetcher, entry)
            parsed: ParsedRelease = await self._off_loop(
                functools.partial(parse_release, raw, entry.hints, is_html=raw_format == "html")
            )
        except FetchError as err:
            reason = f"could not fetch the release page ({err}); will retry on the next poll"
            log.warning("%s feed: %s: %s", feed_label(feed["url"]), entry.link, reason)
            self._record(feed, entry, "failed", reason, None)
            return "failed"
        meta = ReleaseMeta(
            guid=entry.guid,
            url=entry.link,
            feed_url=feed["url"],
            wire_id=entry.wire_id,
            published_at=entry.published,
            fetched_at=self.now(),
            hints=entry.hints,
        )
        db = self.services.db
        with db.atomic():
            result = store_parsed(db, raw=raw, raw_format=raw_format, parsed=parsed, meta=meta, alert=decision.alert)
            status, reason = _entry_status(decision, result)
            self._record(feed, entry, status, reason, result.release_id)
        metrics.RELEASES_PARSED.labels(result.status).inc()
        return status


def _ingest_order(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Oldest first (feeds list newest first), except that among entries sharing a wire id (an EDGAR filing is
    listed once per party) the one naming the issuer (the Filer) goes first, so the release gets its hints."""
    lead: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.wire_id and (
            entry.wire_id not in lead or (entry.hints.issuer and not lead[entry.wire_id].hints.issuer)
        ):
            lead[entry.wire_id] = entry
    order: list[FeedEntry] = []
    placed: set[int] = set()
    for entry in reversed(entries):
        for candidate in (lead.get(entry.wire_id or ""), entry):
            if candidate is not None and id(candidate) not in placed:
                placed.add(id(candidate))
                order.append(candidate)
    return order


def _entry_status(decision: Decision, result: IngestResult) -> tuple[str, str]:
    if result.status == "duplicate":
        return "duplicate", f"same release as #{result.duplicate_of or result.release_id} (same link or content)"
    if result.status == "version":
        verb = "alerted as an update" if decision.alert else "not alerted"
        return "version", f"new version of #{result.version_of}: {verb}"
    return decision.status, decision.reason


async def release_source(fetcher: Fetcher, entry: FeedEntry) -> tuple[str, str]:
    """The release text for an entry: `(raw, raw_format)` with raw_format "html" or "text". Inline full content
    is used as is; otherwise the entry's page is fetched (an EDGAR filing index leads to its EX-99 press release
    exhibit when there is one); with no link, the summary is all there is. Raises `FetchError`."""
    if entry.content:
        return entry.content, "html"
    if not entry.link:
        return entry.summary or entry.title or "", "html"
    page = await fetcher.fetch(entry.link, accept=PAGE_ACCEPT)
    if is_edgar(entry.link) or (entry.wire_id or "").startswith("edgar:"):
        exhibit = edgar_exhibit_url(page.text(), page.url)
        if exhibit:
            page = await fetcher.fetch(exhibit, accept=PAGE_ACCEPT)
    return page.text(), "text" if page.content_type == "text/plain" else "html"


async def fetch_and_ingest(services: Services, url: str, *, fetcher: Fetcher | None = None) -> list[IngestResult]:
    """`prbot ingest URL`: fetch `url`; a feed has each entry's release fetched, parsed and stored, a release
    page is parsed and stored. Nothing is alerted. Returns one result per release, in feed order (oldest first).
    Raises `FetchError` or `ParseError` (plain words) when the URL cannot be fetched or read."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(services.settings.user_agent)
    if own:
        await fetcher.__aenter__()
    try:
        page = await fetcher.fetch(url)
        loop = asyncio.get_running_loop()
        if not looks_like_feed(page.body, page.content_type):
            pages = [(page.text(), "text" if page.content_type == "text/plain" else "html", None, ReleaseMeta(url=url))]
        else:
            parsed_feed = await loop.run_in_executor(
                None, functools.partial(parse_feed, page.body, feed_url=page.url, content_type=page.content_type)
            )
            pages = []
            for entry in reversed(parsed_feed.entries):
                raw, raw_format = await release_source(fetcher, entry)
                meta = ReleaseMeta(
                    guid=entry.guid,
                    url=entry.link,
                    feed_url=url,
                    wire_id=entry.wire_id,
                    published_at=entry.published,
                    hints=entry.hints,
                )
                pages.append((raw, raw_format, entry.hints, meta))
        results = []
        for raw, raw_format, hints, meta in pages:
            parsed = await loop.run_in_executor(
                None, functools.partial(parse_release, raw, hints, is_html=raw_format == "html")
            )
            meta.fetched_at = dt.datetime.now(dt.UTC)
            results.append(
                store_parsed(services.db, raw=raw, raw_format=raw_format, parsed=parsed, meta=meta, alert=False)
            )
        return results
    finally:
        if own:
            await fetcher.aclose()


async def fetch_and_ingest_url(services: Services, url: str) -> IngestResult:
    """Pinned single-result form of `fetch_and_ingest`: the release page's result, or for a feed URL the result of
    its newest entry (every entry is stored). Raises `ParseError` for a feed with no entries."""
    results = await fetch_and_ingest(services, url)
    if not results:
        raise ParseError(f"{url} is a feed with no entries")
    return results[-1]

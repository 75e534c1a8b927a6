"""The feed watcher: due feeds -> conditional fetch -> new entries -> release page -> parse (off the loop) ->
store (+ outbox, inside the ingest transaction). The rules of what is new live in `bot.watcher.rules`, where
release text comes from (and `prbot ingest URL`) in `bot.watcher.sources`.

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
import hashlib
import logging
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable
from multiprocessing import resource_tracker
from typing import Any

from bot import metrics
from bot.admin.urls import check_url
from bot.admin.words import polls_in_a_row
from bot.errors import FetchError, ParseError
from bot.feeds import FeedEntry, ParsedFeed, feed_label, parse_feed
from bot.fetch import Fetcher, FetchLimits, FetchResult, UrlCheck
from bot.ingest import store_parsed
from bot.parser import parse_release
from bot.parser.models import ParsedRelease
from bot.services import Services
from bot.store import feeds as feed_store
from bot.store.releases import ReleaseMeta, find_duplicate
from bot.watcher.rules import (
    MAX_BACKOFF_SECONDS,
    Decision,
    FeedOutcome,
    FeedState,
    PollReport,
    backoff_seconds,
    decide_entry,
    duration_words,
    entry_status,
    ingest_order,
)
from bot.watcher.sources import fetch_and_ingest, fetch_and_ingest_url, release_source

__all__ = [
    "MAX_BACKOFF_SECONDS",
    "FeedOutcome",
    "FeedState",
    "PollReport",
    "Watcher",
    "backoff_seconds",
    "decide_entry",
    "fetch_and_ingest",
    "fetch_and_ingest_url",
]

log = logging.getLogger(__name__)

FEED_CONCURRENCY = 50
"""Feeds polled at once (the fetcher's per-host limits apply on top)."""
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


def _worker_init() -> None:
    """Parser workers ignore Ctrl+C: the main process handles it and shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ready() -> None:
    """A no-op task: running one per worker makes the pool start every worker process at once."""


def default_executor() -> concurrent.futures.ProcessPoolExecutor:
    """A process pool with one worker per core (forkserver start: safe with the loop's threads), every worker
    started before it is returned.

    SIGINT/SIGTERM are blocked in the calling thread while the forkserver and the workers start, so they inherit a
    blocked mask: a Ctrl+C sent to the whole process group reaches only the main process, which stops cleanly
    (a child interrupted while its interpreter starts dies with "Fatal Python error" and breaks the pool). The
    caller's mask is restored before returning, so a signal that arrived meanwhile is delivered then.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    workers = os.cpu_count() or 2
    # The resource tracker unblocks both signals in the calling thread after it starts, so it starts first.
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context(method), initializer=_worker_init
        )
        for started in [pool.submit(_ready) for _ in range(workers)]:
            started.result()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return pool


class Stopping(Exception):
    """The watcher is stopping (`stop` set) and its parser pool went away: not a failure of the feed."""


class Watcher:
    """Polls the store's feeds. `fetcher`/`executor`/`limits` default to a `Fetcher(settings.user_agent)`, a
    process pool and `FetchLimits()`; `now` returns the current UTC time (tests move it); `rng` gives jitter;
    `user_feed_check` is the SSRF check for user-added feeds (`bot.admin.urls.check_url`; tests trust their fake
    server with it).

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
        user_feed_check: UrlCheck = check_url,
    ) -> None:
        self.services = services
        self.user_feed_check = user_feed_check
        self.now = now
        self.rng = rng or random.Random()
        self._fetcher = fetcher or Fetcher(services.settings.user_agent, limits)
        self._executor = executor
        self._own_executor = executor is None
        self._depth = 0
        self._opened_fetcher = False
        self._polled: list[tuple[dict[str, Any], float, FetchResult, FeedOutcome, str | None]] = []
        self._stop: asyncio.Event | None = None

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
        """Run `func(*args)` in the executor; a crashed process pool is replaced once. Raises `Stopping` when the
        pool broke because the watcher is stopping."""
        if self._executor is None:
            self._executor = await asyncio.to_thread(default_executor)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, func, *args)
        except concurrent.futures.BrokenExecutor as err:
            if self._stop is not None and self._stop.is_set():
                raise Stopping("stopping") from err
            if not self._own_executor:
                raise
            log.warning("the parser worker pool crashed; starting a new one")
            self._executor = await asyncio.to_thread(default_executor)
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
                    try:
                        return await self._poll_feed(feed)
                    except Stopping:
                        return FeedOutcome(feed["url"], "not_modified")
                    except Exception as err:  # a bug (or a store error) fails this feed's poll, not the cycle
                        log.exception("unexpected error polling %s", feed["url"])
                        interval = feed["interval_seconds"] or self.services.settings.poll_seconds
                        return self._record_failure(feed, interval, f"internal error: {err!r}", None)

            try:
                outcomes = await asyncio.gather(*(one(feed) for feed in due))
            finally:
                self._flush_polled()
            return PollReport(feeds=list(outcomes), seconds=time.monotonic() - started)

    def _flush_polled(self) -> None:
        """Write the state of the feeds polled successfully in one transaction at the end of the cycle: one disk
        sync for all of them instead of one per feed. Entries and releases are committed as they are stored, so
        if this write is lost the feeds are simply polled again and their entries are found seen."""
        pending, self._polled = self._polled, []
        with self.services.db.atomic():
            for feed, interval, fetched, outcome, digest in pending:
                self._record_success(feed, interval, fetched, outcome, digest)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll due feeds until `stop` is set, sleeping until the next feed is due (at most 30 s, so feeds added
        meanwhile are picked up). A failing poll cycle is logged and the loop goes on. When `stop` is set during a
        poll, the poll is cancelled: fetches under way are dropped (polled again next start), no feed is marked
        failed, and releases already stored stay stored."""
        self._stop = stop
        async with self:
            if self._own_executor and self._executor is None:
                self._executor = await asyncio.to_thread(default_executor)  # before any Ctrl+C can reach a child
            while not stop.is_set():
                poll = asyncio.ensure_future(self.poll_once())
                stopped = asyncio.ensure_future(stop.wait())
                await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if not poll.done():
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await poll
                    break
                try:
                    report = poll.result()
                    if report.feeds:
                        log.info("%s", report)
                except Exception:  # the loop must outlive any single bug; the traceback goes to the log
                    log.exception("poll cycle failed; the watcher keeps running")
                next_at = feed_store.next_poll_at(self.services.db)
                wait = 30.0 if next_at is None else (next_at - self.now()).total_seconds()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=min(max(wait, 0.5), 30.0))

    def _url_check(self, feed: dict[str, Any]) -> UrlCheck | None:
        """The SSRF guard for a feed added by a user (http/https): its every fetch and redirect hop, release pages
        included, must reach a public address unless `PRBOT_ALLOW_PRIVATE_FEEDS`, since a feed that was public when
        added may later redirect or resolve to an internal service. Other feeds come from the operator."""
        if feed["source"] != "user" or feed["url"].startswith("file:") or self.services.settings.allow_private_feeds:
            return None
        return self.user_feed_check

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
                url,
                etag=feed["etag"],
                last_modified=feed["last_modified"],
                accept=FEED_ACCEPT,
                url_check=self._url_check(feed),
            )
            digest = hashlib.sha256(fetched.body).hexdigest() if not fetched.not_modified else None
            if fetched.not_modified or (digest == feed["content_sha"] and feed["baseline_done"]):
                outcome = FeedOutcome(url, "not_modified")
                self._polled.append((feed, interval, fetched, outcome, digest))
                return outcome
            parsed: ParsedFeed = await self._off_loop(
                functools.partial(parse_feed, fetched.body, feed_url=fetched.url, content_type=fetched.content_type)
            )
        except FetchError as err:
            return self._record_failure(
                feed, interval, str(err), err.retry_after, unreachable=(err.status or 500) >= 500
            )
        except ParseError as err:
            return self._record_failure(feed, interval, str(err), None)
        for warning in parsed.warnings:
            log.warning("%s feed: %s", feed_label(url), warning)
        outcome = FeedOutcome(url, "ok")
        await self._ingest_entries(feed, parsed.entries, outcome)
        self._polled.append((feed, interval, fetched, outcome, digest))
        return outcome

    def _record_success(
        self, feed: dict[str, Any], interval: float, fetched: FetchResult, outcome: FeedOutcome, digest: str | None
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
            content_sha=digest,
        )
        if feed["failures"]:
            log.info("%s feed recovered after %d failed polls", feed_label(feed["url"]), feed["failures"])
        metrics.FEEDS_POLLED.labels(outcome.result).inc()

    def _record_failure(
        self, feed: dict[str, Any], interval: float, error: str, retry_after: float | None, *, unreachable: bool = False
    ) -> FeedOutcome:
        """Record a failed poll and log it; `unreachable` says the feed could not be fetched (connection, timeout,
        5xx) rather than answering with something else, e.g. a page that is not an RSS or Atom feed."""
        now = self.now()
        delay = backoff_seconds(feed["failures"] + 1, interval, retry_after=retry_after, jitter=self.rng.random())
        state = feed_store.record_failure(
            self.services.db, feed["id"], now=now, next_poll_at=now + dt.timedelta(seconds=delay), error=error
        )
        log.warning(
            "%s feed %s: %s — will retry in %s (%s%s)",
            feed_label(feed["url"]),
            "unreachable" if unreachable else "failed",
            error,
            duration_words(delay),
            polls_in_a_row(state["failures"]),
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
        for entry in ingest_order(entries):
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
            raw, raw_format = await release_source(self._fetcher, entry, url_check=self._url_check(feed))
            parsed: ParsedRelease = await self._off_loop(
                functools.partial(parse_release, raw, entry.hints, is_html=raw_format == "html")
            )
        except Stopping:
            raise
        except FetchError as err:
            reason = f"could not fetch the release page ({err}); will retry on the next poll"
            log.warning("%s feed: %s: %s", feed_label(feed["url"]), entry.link, reason)
            self._record(feed, entry, "failed", reason, None)
            return "failed"
        except Exception as err:  # e.g. a crashed parser worker: this entry fails, the others and the loop go on
            log.exception("%s feed: %s could not be parsed", feed_label(feed["url"]), entry.link)
            self._record(feed, entry, "failed", f"internal error while parsing ({err!r}); will retry", None)
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
            status, reason = entry_status(decision, result)
            self._record(feed, entry, status, reason, result.release_id)
        metrics.RELEASES_PARSED.labels(result.status).inc()
        return status

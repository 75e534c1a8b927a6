"""The outbox dispatcher: sends queued deliveries to Slack exactly once, in order per channel, at Slack's pace.

Per delivery: status `sending` is committed before the request, `sent` with Slack's `ts` after it. A crash in
between leaves `sending`; the next start puts those back to `pending` and sends them again (the one unavoidable
duplicate window: the request may or may not have reached Slack). Checking the channel's history first would
need the `channels:history` scope and still race, so prbot resends and logs which deliveries it resent.

Pacing: about one message per second per channel (Slack's `chat.postMessage` limit), different channels in
parallel (at most `max_parallel` requests at once). HTTP 429 waits `Retry-After`; 5xx, timeouts and connection
errors back off exponentially (`backoff_base` * 2^(attempt-1) s, capped, +-20 % jitter) up to `max_attempts`.
Permanent errors: see `bot.alerts.posters` (channel errors stop that channel's subscriptions, workspace errors
stop all sending until restart; both recorded and told to `PRBOT_ADMINS` by DM, best-effort, and logged).
More than `catchup_threshold` new alerts waiting for one channel are posted as one catch-up thread; digest
deliveries wait for their time (without holding up the channel's other alerts), then go out as one thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.alerts.message import alert_message, catchup_parent, correction_reply, short_message
from bot.alerts.posters import AlertMessage, Poster, PostError
from bot.services import Services
from bot.store import outbox, releases, subscriptions
from bot.store.views import StoredRelease

log = logging.getLogger(__name__)


@dataclass
class DrainReport:
    """What one `drain_once` did: deliveries `sent`, `failed`, and still `waiting` (retry later, or stopped)."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0

    def __str__(self) -> str:
        return f"alerts: {self.sent} sent, {self.failed} failed, {self.waiting} waiting"


class Dispatcher:
    """Sends the outbox through `poster`. `now` returns the current UTC time (tests may fix it); times in
    seconds; `per_channel_interval` defaults to the poster's `min_interval` (Slack: 1 s, terminal: 0).
    `max_wait`: `drain_once` leaves a channel whose next delivery is due later than this."""

    def __init__(
        self,
        services: Services,
        poster: Poster,
        *,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        per_channel_interval: float | None = None,
        max_parallel: int = 50,
        catchup_threshold: int = 20,
        max_attempts: int = 10,
        backoff_base: float = 2.0,
        backoff_max: float = 600.0,
        poll_seconds: float = 1.0,
        max_wait: float = 60.0,
    ) -> None:
        self.services = services
        self.db = services.db
        self.poster = poster
        self.now = now
        self.interval = poster.min_interval if per_channel_interval is None else per_channel_interval
        self.catchup_threshold = catchup_threshold
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.poll_seconds = poll_seconds
        self.max_wait = max_wait
        self.stopped: str | None = None
        self._slots = asyncio.Semaphore(max_parallel)
        self._next_allowed: dict[str, float] = {}
        self._releases: OrderedDict[int, StoredRelease | None] = OrderedDict()
        self._messages: OrderedDict[tuple[int, str | None], AlertMessage] = OrderedDict()
        self._recovered = False
        self._queued: list[tuple[Callable[[], object], asyncio.Future[None]]] = []
        self._report = DrainReport()

    # -- entry points -----------------------------------------------------------------------------------------
    async def drain_once(self) -> DrainReport:
        """Send every delivery due now or within `max_wait` seconds, then return what happened."""
        self._recover()
        self._report = DrainReport()
        never = asyncio.Event()
        await asyncio.gather(*(self._channel(ch, never, self.max_wait) for ch in outbox.channels_with_pending(self.db)))
        self._report.waiting = outbox.stats(self.db)["depth"]
        return self._report

    async def run(self, stop: asyncio.Event) -> None:
        """Send deliveries as they arrive until `stop` is set; a request in flight then finishes (up to 10 s)."""
        self._recover()
        tasks: dict[str, asyncio.Task[None]] = {}
        while not stop.is_set():
            if self.stopped is None:
                for channel in outbox.channels_with_pending(self.db):
                    if channel not in tasks or tasks[channel].done():
                        tasks[channel] = asyncio.create_task(self._channel(channel, stop, float("inf")))
            await _sleep(stop, self.poll_seconds)
        running = [t for t in tasks.values() if not t.done()]
        if running:
            _done, late = await asyncio.wait(running, timeout=10)
            for task in late:
                task.cancel()

    # -- one channel ------------------------------------------------------------------------------------------
    async def _channel(self, channel: str, stop: asyncio.Event, max_wait: float) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set() and self.stopped is None:
            row = outbox.head(self.db, channel, self.now())
            if row is None:
                return
            due = (dt.datetime.fromisoformat(row["next_attempt_at"]) - self.now()).total_seconds()
            wait = max(due, self._next_allowed.get(channel, 0.0) - loop.time(), 0.0)
            if wait > max_wait:
                return
            if wait > 0:
                await _sleep(stop, wait)
                continue
            if row["kind"] == "post" and row["catchup_id"] is None:
                if row["digest"] is not None:
                    outbox.start_digest(self.db, channel, self.now())
                    continue
                if outbox.start_catchup(self.db, channel, self.catchup_threshold, self.now()) is not None:
                    continue
            async with self._slots:
                await self._deliver(row)

    async def _pace(self, channel: str) -> None:
        loop = asyncio.get_running_loop()
        wait = self._next_allowed.get(channel, 0.0) - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        self._next_allowed[channel] = loop.time() + self.interval

    # -- one delivery -----------------------------------------------------------------------------------------
    async def _deliver(self, row: dict[str, Any]) -> None:
        """One claim = one request: mark `sending`, send, then `sent`, back to `pending` for the next step of a
        multi-step delivery (catch-up parent first; an update's edit before its thread reply), or an error."""
        stored = self._release(row["release_id"])
        if stored is None:
            outbox.mark_failed(self.db, row["id"], f"release {row['release_id']} is no longer in the store")
            self._report.failed += 1
            return
        await self._commit(lambda: outbox.mark_sending(self.db, row["id"]))
        row["attempts"] += 1
        try:
            result = await self._send(row, stored)
        except PostError as err:
            await self._failed(row, err)
        except Exception as exc:  # a prbot bug must not stop the other alerts, nor leave the row 'sending'
            log.exception("bug: delivery %s of release %s crashed", row["id"], row["release_id"])
            outbox.mark_failed(self.db, row["id"], f"internal error: {exc!r}"[:500])
            self._report.failed += 1
        else:
            if result is None:
                await self._commit(lambda: outbox.requeue(self.db, row["id"]))
            else:
                ts, note, now = result[0], result[1], self.now()
                await self._commit(lambda: outbox.mark_sent(self.db, row["id"], ts, now, note))
                self._report.sent += 1

    async def _send(self, row: dict[str, Any], stored: StoredRelease) -> tuple[str, str | None] | None:
        """Send the next request of a delivery. Returns the `ts` of the message showing the release and a note
        for `error` when the delivery is done, None when a first step was done (the row goes back in the queue)."""
        channel = row["channel"]
        message = self._message(stored, row["note"])
        if row["kind"] == "update":
            original = outbox.sent_ts(self.db, row["update_of"], channel)
            if original is not None:
                try:
                    return await self._update(row, stored, message, original)
                except PostError as err:
                    if err.kind != "gone":
                        raise
                    log.info("message of release %s in %s is gone (%s): posting anew", row["update_of"], channel, err)
        thread_ts = None
        if row["catchup_id"] is not None:
            catchup = outbox.catchup(self.db, row["catchup_id"])
            if catchup is not None and catchup["ts"] is None:
                await self._pace(channel)
                parent = catchup_parent(catchup["total"], catchup["oldest_at"], catchup["kind"])
                ts = await self.poster.post(channel, parent)
                await self._commit(lambda: outbox.set_catchup_ts(self.db, catchup["id"], ts))
                return None
            thread_ts = catchup["ts"] if catchup is not None else None
        try:
            await self._pace(channel)
            return await self.poster.post(channel, message, thread_ts=thread_ts), None
        except PostError as err:
            if err.kind != "message":
                raise
            log.error("bug: Slack rejected the alert of release %s (%s); sending it as text only", stored.ref.id, err)
            await self._pace(channel)
            return await self.poster.post(channel, short_message(stored), thread_ts=thread_ts), f"sent as text: {err}"

    async def _update(
        self, row: dict[str, Any], stored: StoredRelease, message: AlertMessage, original: str
    ) -> tuple[str, str | None] | None:
        """Step 1: edit the original message (`chat.update`); step 2: reply in its thread with what changed."""
        channel = row["channel"]
        if row["stage"] < 1:
            await self._pace(channel)
            try:
                await self.poster.update(channel, original, message)
            except PostError as err:
                if err.kind != "message":
                    raise
                log.error("bug: Slack rejected the corrected alert of release %s (%s); text only", stored.ref.id, err)
                await self._pace(channel)
                await self.poster.update(channel, original, short_message(stored))
            await self._commit(lambda: outbox.mark_stage(self.db, row["id"], 1, original))
            return None
        old = self._release(row["update_of"])
        await self._pace(channel)
        await self.poster.post(channel, correction_reply(old.parsed if old else None, stored), thread_ts=original)
        return original, None

    # -- errors -----------------------------------------------------------------------------------------------
    async def _failed(self, row: dict[str, Any], err: PostError) -> None:
        channel, attempts = row["channel"], row["attempts"]
        loop = asyncio.get_running_loop()
        if err.kind in ("rate_limited", "transient") and attempts < self.max_attempts:
            if err.kind == "rate_limited":
                delay = err.retry_after if err.retry_after is not None else 1.0
                self._next_allowed[channel] = loop.time() + delay
                error = f"ratelimited (Retry-After {delay:g} s)"
            else:
                delay = min(self.backoff_base * 2 ** (attempts - 1), self.backoff_max) * random.uniform(0.8, 1.2)
                error = f"{err.code} (attempt {attempts}, retrying in {delay:.1f} s)"
            outbox.mark_retry(self.db, row["id"], error, self.now() + dt.timedelta(seconds=delay))
            return
        if err.kind in ("rate_limited", "transient"):
            outbox.mark_failed(self.db, row["id"], f"gave up after {attempts} attempts: {err.code}")
            self._report.failed += 1
            log.error("gave up on delivery %s to %s after %d attempts: %s", row["id"], channel, attempts, err.code)
        elif err.kind == "channel":
            reason = f"{err.code}: Slack refused channel {channel}; its subscriptions are stopped"
            with self.db.atomic():
                outbox.mark_failed(self.db, row["id"], reason)
                dropped = outbox.fail_channel(self.db, channel, reason)
                subscriptions.stop_channel(self.db, channel, err.code)
            self._report.failed += 1 + dropped
            await self._tell_admins(
                f"prbot stopped alerts to <#{channel}>: Slack says `{err.code}` (invite prbot, or unarchive the"
                f" channel, then `/pr subscribe` again there). {dropped + 1} alert(s) dropped."
            )
        elif err.kind == "workspace":
            self.stopped = err.code
            reason = f"not sent: all sending stopped, Slack says {err.code} (fix the token/scopes and restart)"
            with self.db.atomic():
                outbox.mark_retry(self.db, row["id"], reason, self.now())
                outbox.note_pending(self.db, reason)
                outbox.set_state(self.db, "workspace_stopped", f"{err.code} at {outbox.iso(self.now())}")
            await self._tell_admins(
                f"prbot stopped sending alerts: Slack says `{err.code}`. Check SLACK_BOT_TOKEN and the app's scopes,"
                " then restart prbot; waiting alerts are kept and sent then."
            )
        else:
            outbox.mark_failed(self.db, row["id"], err.code)
            self._report.failed += 1
            log.error("delivery %s of release %s to %s failed: %s", row["id"], row["release_id"], channel, err.code)

    async def _tell_admins(self, text: str) -> None:
        """Log `text` always, and DM it to each `PRBOT_ADMINS` user (best-effort: a failure is only logged)."""
        log.error("%s", text)
        for admin in self.services.settings.admins:
            try:
                await self.poster.post(admin, AlertMessage(text))
            except Exception as exc:
                log.warning("could not tell admin %s: %r", admin, exc)

    # -- helpers ----------------------------------------------------------------------------------------------
    async def _commit(self, op: Callable[[], object]) -> None:
        """Group commit: run `op` in the next shared transaction, with every other claim and result queued in
        the same event-loop turn (one disk sync for many deliveries); return once it is committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._queued.append((op, future))
        if len(self._queued) == 1:
            loop.call_soon(self._flush)
        await future

    def _flush(self) -> None:
        batch, self._queued = self._queued, []
        try:
            with self.db.atomic():
                for op, _future in batch:
                    op()
        except Exception as exc:
            for _op, future in batch:
                if not future.done():
                    future.set_exception(exc)
        else:
            for _op, future in batch:
                if not future.done():
                    future.set_result(None)

    def _recover(self) -> None:
        if self._recovered:
            return
        self._recovered = True
        resent = outbox.reset_in_flight(self.db)
        if resent:
            ids = ", ".join(str(r["id"]) for r in resent)
            log.warning("resending %d deliveries that were in flight when prbot stopped: %s", len(resent), ids)
        previous = outbox.get_state(self.db, "workspace_stopped")
        if previous is not None:
            log.warning("sending was stopped before (%s); trying again", previous)
            outbox.set_state(self.db, "workspace_stopped", None)

    def _message(self, stored: StoredRelease, note: str | None) -> AlertMessage:
        """The alert of `stored` with `note`, rendered once for every channel it goes to (small LRU cache)."""
        key = (stored.ref.id, note)
        message = self._messages.get(key)
        if message is None:
            message = self._messages[key] = alert_message(stored, note)
            if len(self._messages) > 512:
                self._messages.popitem(last=False)
        return message

    def _release(self, release_id: int | None) -> StoredRelease | None:
        if release_id is None:
            return None
        if release_id not in self._releases:
            self._releases[release_id] = releases.get_release(self.db, release_id)
            if len(self._releases) > 512:
                self._releases.popitem(last=False)
        return self._releases[release_id]


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less when `stop` is set."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass

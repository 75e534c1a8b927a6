"""Writing alerts into the outbox: one delivery per (release, channel), inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import logging

import sqlite_utils

from bot.alerts.matching import match_release
from bot.parser.models import ParsedRelease
from bot.store import outbox, subscriptions

log = logging.getLogger(__name__)

CONSOLE_CHANNEL = "console"
"""The channel name of the terminal in console mode (`ConsolePoster` prints whatever is sent to it)."""
DAILY_DIGEST_HOUR_UTC = 13
"""Daily digests go out at 13:00 UTC (8:00 in New York, 14:00 in Frankfurt)."""


def digest_due(now: dt.datetime, period: str) -> dt.datetime:
    """When a release matched at `now` goes out in a digest: the next full hour (`hourly`) or the next
    `DAILY_DIGEST_HOUR_UTC` o'clock (`daily`), UTC."""
    now = now.astimezone(dt.UTC)
    if period == "hourly":
        return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    due = now.replace(hour=DAILY_DIGEST_HOUR_UTC, minute=0, second=0, microsecond=0)
    return due if due > now else due + dt.timedelta(days=1)


def enqueue_for_release(
    db: sqlite_utils.Database,
    release_id: int,
    parsed: ParsedRelease,
    *,
    version_of: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Queue the alerts of a stored release; return the number of deliveries written.

    Matches every active subscription (company as issuer or partner, keyword, event type, `all`, including the
    `PRBOT_ALERT_CHANNEL` one) minus channels that muted the issuer. A channel matched only by digest
    subscriptions gets a delivery due at the digest time (`digest_due`). With `version_of` (a correction of that
    release): each channel where the original was sent or is being sent gets an `update` delivery (edit the
    message, reply in its thread with what changed); where the original still waits, it is dropped (failed,
    "superseded by ...") and the correction is posted instead. Runs in `db.atomic()`, so inside the ingest
    transaction it is written together with the release or not at all. Enqueueing twice writes nothing new.
    """
    now = now or dt.datetime.now(dt.UTC)
    matches = match_release(subscriptions.active(db), subscriptions.mutes(db), parsed)
    written = 0
    with db.atomic():
        updated: set[str] = set()
        if version_of is not None:
            for channel in outbox.channels_of_release(db, version_of):
                prior = outbox.for_release_in_channel(db, version_of, channel)
                if prior is None:
                    continue
                if prior["status"] == "pending":
                    outbox.mark_failed(db, prior["id"], f"superseded by correction (release {release_id})")
                    continue
                note = next((m.note for m in matches if m.channel == channel), prior["note"])
                sub_id = prior["subscription_id"]
                written += outbox.add(
                    db, release_id, channel, now=now, subscription_id=sub_id, kind="update", note=note,
                    update_of=version_of,
                )  # fmt: skip
                updated.add(channel)
        for match in matches:
            if match.channel in updated:
                continue
            period = match.digest
            written += outbox.add(
                db, release_id, match.channel, now=now, subscription_id=match.subscription_id, note=match.note,
                digest=period, not_before=digest_due(now, period) if period else None,
            )  # fmt: skip
    return written


def sync_alert_channel(db: sqlite_utils.Database, channel: str | None) -> None:
    """Keep the `PRBOT_ALERT_CHANNEL` subscription (kind `all`, source `env`) in step with the setting; call at
    start-up with the setting (or `CONSOLE_CHANNEL` in console mode). None removes it. Deliveries still waiting
    for a channel that is no longer the alert channel are dropped, saying why."""
    for old in subscriptions.replace_env(db, channel):
        if not subscriptions.list_for_channel(db, old):
            dropped = outbox.fail_channel(db, old, "no longer the alert channel (PRBOT_ALERT_CHANNEL changed)")
            log.info("alert channel changed from %s to %s; %d waiting alerts dropped", old, channel, dropped)

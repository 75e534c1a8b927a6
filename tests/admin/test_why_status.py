"""`admin why` explains each fate of a release; `admin status` shows the bot's health from real tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlite_utils

from bot.admin.status import status_text
from bot.admin.why import explain
from bot.admin.words import format_duration, format_when
from bot.errors import CommandError
from bot.parser import PARSER_VERSION
from bot.parser.models import ParsedRelease
from bot.services import Services
from bot.store import audit, outbox
from bot.store import feeds as feed_store
from bot.store.releases import ReleaseMeta, save_release
from tests.admin.conftest import Ask
from tests.admin.helpers import make_settings

FEED = "https://wire.example.com/rss"
NOW = dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.UTC)


def release(db: sqlite_utils.Database, n: int, *, version_of: int | None = None, headline: str | None = None) -> int:
    parsed = ParsedRelease(parser_version="1", headline=headline or f"Acme news number {n}", body=f"Body {n}.")
    meta = ReleaseMeta(url=f"https://wire.example.com/news/{n}")
    return save_release(
        db, raw=parsed.body, raw_format="text", parsed=parsed, meta=meta, fingerprint=f"fp{n}", version_of=version_of
    )


def entry(db: sqlite_utils.Database, feed_id: int, n: int, status: str, reason: str, release_id: int | None) -> None:
    feed_store.record_entry(
        db,
        feed_id,
        guid=f"g{n}",
        link=f"https://wire.example.com/news/{n}",
        wire_id=None,
        status=status,
        reason=reason,
        release_id=release_id,
        seen_at=NOW,
    )


@pytest.fixture
def story(services: Services) -> dict[str, int]:
    """One feed and a release (or entry) for each fate; returns their release IDs by name."""
    db = services.db
    feed_id = feed_store.add_feed(db, FEED)
    ids = {name: release(db, n) for n, name in enumerate(["posted", "baseline", "old", "quiet"], start=1)}
    ids["correction"] = release(db, 5, version_of=ids["posted"], headline="CORRECTION: Acme news number 1")
    entry(db, feed_id, 1, "new", "new release", ids["posted"])
    entry(db, feed_id, 2, "baseline", "first poll of the feed", ids["baseline"])
    entry(db, feed_id, 3, "too_old", "published 72 h before it was seen (limit 48 h)", ids["old"])
    entry(db, feed_id, 4, "new", "new release", ids["quiet"])
    entry(db, feed_id, 6, "duplicate", "same fingerprint as release 1", ids["posted"])
    entry(db, feed_id, 7, "failed", "HTTP 404 Not Found", None)
    outbox.add(db, ids["posted"], "C0SENT", now=NOW)
    outbox.add(db, ids["posted"], "C0GONE", now=NOW)
    outbox.add(db, ids["correction"], "C0SENT", now=NOW, kind="update")
    sent, gone, waiting = (
        d["id"]
        for d in outbox.deliveries_for_release(db, ids["posted"]) + outbox.deliveries_for_release(db, ids["correction"])
    )
    outbox.mark_sent(db, sent, "1700000001.000100", NOW + dt.timedelta(seconds=3))
    outbox.mark_failed(db, gone, "channel_not_found")
    outbox.mark_retry(db, waiting, "ratelimited", NOW + dt.timedelta(minutes=1))
    return ids


def test_why_posted_and_failed_delivery(services: Services, story: dict[str, int]) -> None:
    lines = explain(services, str(story["posted"]))
    assert lines[0] == f"Release #{story['posted']}: Acme news number 1"
    assert f"new in {FEED} (seen 2026-11-29 15:00:00 UTC). Reason: new release" in lines
    assert "posted to <#C0SENT> at 2026-11-29 15:00:03 UTC (message ts 1700000001.000100)" in lines
    assert "delivery (post) to <#C0GONE> failed: channel_not_found" in lines


def test_why_baseline_too_old_and_no_subscription(services: Services, story: dict[str, int]) -> None:
    baseline = "\n".join(explain(services, f"#{story['baseline']}"))
    assert "on its first poll" in baseline and "baseline" in baseline and "posted" not in baseline
    old = "\n".join(explain(services, "https://wire.example.com/news/3"))
    assert f"Release #{story['old']}" in old and "too old to alert" in old and "limit 48 h" in old
    quiet = explain(services, str(story["quiet"]))
    assert quiet[-1] == "Not posted to any channel: no subscription matched it, and no PRBOT_ALERT_CHANNEL is set."


def test_why_duplicate_failed_correction_and_unknown(services: Services, story: dict[str, int]) -> None:
    duplicate = "\n".join(explain(services, "<https://wire.example.com/news/6>"))
    assert f"a duplicate of release #{story['posted']}, which was already stored" in duplicate
    assert f"Release #{story['posted']}: Acme news number 1" in duplicate
    failed = explain(services, "https://wire.example.com/news/7")
    assert failed[0] == "https://wire.example.com/news/7 is not stored as a release."
    assert "could not be fetched or parsed. Reason: HTTP 404 Not Found" in failed[1]
    correction = explain(services, str(story["correction"]))
    assert f"It is a corrected version of release #{story['posted']}." in correction
    assert any(
        line.startswith("waiting to be sent to <#C0SENT> (update) since 2026-11-29 15:00:00 UTC")
        and line.endswith("0 attempts so far, last error: ratelimited")
        for line in correction
    )
    never = explain(services, "https://elsewhere.example.com/x")
    assert never[0].startswith("I have never seen https://elsewhere.example.com/x")
    with pytest.raises(CommandError, match="no stored release #9999"):
        explain(services, "9999")


async def test_why_through_dispatch_escapes_untrusted_text(ask: Ask, services: Services) -> None:
    rid = release(services.db, 1, headline="Acme <!channel> & <@U123> news")
    reply = await ask(f"admin why {rid}")
    assert reply.text.startswith(f"Release #{rid}: Acme &lt;!channel&gt; &amp; &lt;@U123&gt; news")


def test_format_duration_and_when() -> None:
    assert [format_duration(s) for s in (42, 60, 3600, 3725, 93784)] == ["42s", "1m", "1h", "1h 2m", "1d 2h 3m"]
    later = NOW + dt.timedelta(minutes=12, seconds=30)
    assert format_when("2026-11-29T15:00:00.636570+00:00", now=later) == "2026-11-29 15:00 UTC (12m ago)"
    assert format_when(NOW + dt.timedelta(hours=2), now=NOW) == "2026-11-29 17:00 UTC (in 2h)"
    assert format_when(NOW, now=NOW) == "2026-11-29 15:00 UTC (just now)"
    assert (format_when(None), format_when("soon")) == ("never", "soon")


REPORT = NOW + dt.timedelta(hours=1)


def test_status_shows_feeds_outbox_store_and_errors(services: Services, story: dict[str, int]) -> None:
    db = services.db
    services.started_at = REPORT - dt.timedelta(hours=2, minutes=5)
    failing = feed_store.add_feed(db, "https://down.example.com/rss")
    for _ in range(feed_store.FAILING_AFTER):
        failed_at = NOW - dt.timedelta(minutes=30)
        feed_store.record_failure(db, failing, now=failed_at, next_poll_at=NOW, error="HTTP 503 Service Unavailable")
    feed_store.add_feed(db, "https://quiet.example.com/rss")
    feed_store.set_paused(db, "https://quiet.example.com/rss", True)
    ok = feed_store.get_feed(db, FEED)
    assert ok is not None
    feed_store.record_success(db, ok["id"], now=NOW, next_poll_at=NOW, etag=None, last_modified=None, new_releases=2)
    audit.record(
        db,
        user_id="UADMIN1",
        command="admin feeds add http://x",
        outcome="error",
        detail="could not read",
        now=NOW + dt.timedelta(minutes=10),
    )
    job = audit.start_job(db, target="all", parser_version=PARSER_VERSION, total=10)
    audit.finish_job(db, job["id"], error="power cut", now=NOW + dt.timedelta(minutes=20))
    lines = status_text(services, now=REPORT).split("\n")
    assert lines[0] == f"*prbot 0.1.0*, up 2h 5m, parser {PARSER_VERSION}, console mode"
    assert lines[1] == "*Feeds*: 1 failing, 1 ok, 1 paused; 1 with errors (last poll failed)"
    assert f"  [ok] {FEED} (last new release: 2026-11-29 15:00 UTC (1h ago))" in lines
    assert (
        "  [failing] https://down.example.com/rss (last new release: never); last poll failed 2026-11-29 14:30 UTC "
        "(1h 30m ago), 5 failed polls in a row: HTTP 503 Service Unavailable" in lines
    )
    assert "  [paused] https://quiet.example.com/rss (last new release: never)" in lines
    assert "*Outbox*: 1 waiting (oldest since 2026-11-29 15:00 UTC (1h ago)), 1 sent, 1 failed" in lines
    assert "*Store*: 5 releases, 1 versions" in "\n".join(lines)
    assert lines[lines.index("*Last errors*: 4, newest first") + 1 :] == [
        "  2026-11-29 15:20 UTC (40m ago) reparse all stopped after 0 of 10: power cut",
        "  2026-11-29 15:10 UTC (50m ago) UADMIN1 `admin feeds add http://x`: could not read",
        f"  2026-11-29 15:00 UTC (1h ago) delivery of release #{story['posted']} to channel C0GONE failed: "
        "channel_not_found",
        "  2026-11-29 14:30 UTC (1h 30m ago) feed https://down.example.com/rss (5 failed polls in a row): HTTP 503 "
        "Service Unavailable",
    ]


def test_status_shows_every_feed_error_before_feeds_are_marked_failing(services: Services) -> None:
    """The fresh-user trial: 6 of 7 feeds unreachable (1-2 failed polls each, still `new`), deliveries failing."""
    db = services.db
    ok = feed_store.add_feed(db, "https://up.example.com/rss")
    feed_store.record_success(db, ok, now=NOW, next_poll_at=NOW, etag=None, last_modified=None, new_releases=0)
    for n in range(1, 7):
        feed_id = feed_store.add_feed(db, f"https://down{n}.example.com/rss")
        for _ in range(1 + n % 2):
            error = f"could not connect to down{n}.example.com: connection refused"
            feed_store.record_failure(db, feed_id, now=NOW + dt.timedelta(minutes=n), next_poll_at=NOW, error=error)
    rid = release(db, 1)
    for n, channel in enumerate(["C0A", "C0B", "C0C"], start=1):
        outbox.add(db, rid, channel, now=NOW + dt.timedelta(minutes=2 * n + 0.5))
    for delivery in outbox.deliveries_for_release(db, rid):
        outbox.mark_failed(db, delivery["id"], "not_in_channel")
    lines = status_text(services, now=NOW + dt.timedelta(minutes=30)).split("\n")
    assert lines[1] == "*Feeds*: 6 new, 1 ok; 6 with errors (last poll failed)"
    assert (
        "  [new] https://down3.example.com/rss (last new release: never); last poll failed 2026-11-29 15:03 UTC "
        "(27m ago), 2 failed polls in a row: could not connect to down3.example.com: connection refused" in lines
    )
    assert "  [new] https://down4.example.com/rss (last new release: never); last poll failed" in "\n".join(lines)
    assert sum("; last poll failed " in line for line in lines) == 6
    errors = lines[lines.index("*Last errors*: 8, newest first") + 1 :]
    assert [line.split(" UTC ")[0].strip() for line in errors] == [
        "2026-11-29 15:06",
        "2026-11-29 15:06",
        "2026-11-29 15:05",
        "2026-11-29 15:04",
        "2026-11-29 15:04",
        "2026-11-29 15:03",
        "2026-11-29 15:02",
        "2026-11-29 15:02",
    ]
    assert errors[0] == (
        f"  2026-11-29 15:06 UTC (23m ago) delivery of release #{rid} to channel C0C failed: not_in_channel"
    )
    assert errors[1] == (
        "  2026-11-29 15:06 UTC (24m ago) feed https://down6.example.com/rss (1 failed poll in a row): could not "
        "connect to down6.example.com: connection refused"
    )
    assert "down1.example.com" not in "\n".join(errors)  # the oldest error is left out: the list is bounded


def test_why_with_an_alert_channel_set(services: Services, story: dict[str, int], tmp_path: Path) -> None:
    services.settings = make_settings(tmp_path, PRBOT_ALERT_CHANNEL="C0ALERTS")
    assert explain(services, str(story["quiet"]))[-1] == (
        "Not posted to any channel: no subscription matched it, and it was not queued for the alert channel "
        "<#C0ALERTS> (stored without alerting, e.g. by `prbot ingest`, or before the alert channel was set)."
    )

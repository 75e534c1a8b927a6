"""The pure rules: what is new (baseline, max age, alert_existing, seen, known) and the failure backoff."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.feeds import FeedEntry
from bot.parser.models import FeedHints
from bot.watcher import MAX_BACKOFF_SECONDS, FeedState, backoff_seconds, decide_entry

NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def entry(hours_old: float | None) -> FeedEntry:
    published = None if hours_old is None else NOW - dt.timedelta(hours=hours_old)
    return FeedEntry("g", "https://x.example/a", "A", None, None, published, None, None, None, FeedHints())


STEADY = FeedState(baseline_done=True, alert_existing=False, max_age_hours=48)


def test_fresh_entry_on_a_polled_feed_is_new_and_alerted() -> None:
    decision = decide_entry(entry(1), STEADY, now=NOW, seen=False, known=None)
    assert (decision.action, decision.status, decision.alert) == ("ingest", "new", True)


def test_first_poll_is_a_baseline_without_alerts() -> None:
    first = FeedState(baseline_done=False, alert_existing=False, max_age_hours=48)
    decision = decide_entry(entry(1), first, now=NOW, seen=False, known=None)
    assert (decision.action, decision.status, decision.alert) == ("ingest", "baseline", False)


@pytest.mark.parametrize(("hours", "status", "alert"), [(49, "too_old", False), (47, "new", True), (None, "new", True)])
def test_max_age_by_publish_time(hours: float | None, status: str, alert: bool) -> None:
    decision = decide_entry(entry(hours), STEADY, now=NOW, seen=False, known=None)
    assert (decision.status, decision.alert) == (status, alert)


def test_max_age_zero_means_no_limit() -> None:
    unlimited = FeedState(baseline_done=True, alert_existing=False, max_age_hours=0)
    assert decide_entry(entry(10_000), unlimited, now=NOW, seen=False, known=None).alert


def test_alert_existing_skips_baseline_and_max_age() -> None:
    demo = FeedState(baseline_done=False, alert_existing=True, max_age_hours=48)
    decision = decide_entry(entry(24 * 365 * 10), demo, now=NOW, seen=False, known=None)
    assert (decision.status, decision.alert) == ("new", True)


def test_seen_is_skipped_and_known_is_a_duplicate_without_fetching() -> None:
    assert decide_entry(entry(1), STEADY, now=NOW, seen=True, known=(9, "link")).action == "skip"
    known = decide_entry(entry(1), STEADY, now=NOW, seen=False, known=(9, "link"))
    assert (known.action, known.release_id, known.alert, known.reason) == (
        "duplicate",
        9,
        False,
        "same release as #9 (same link)",
    )


def test_backoff_doubles_with_jitter_caps_and_honours_retry_after() -> None:
    assert backoff_seconds(1, 120, retry_after=None, jitter=0.0) == 60.0
    assert backoff_seconds(1, 120, retry_after=None, jitter=0.999) == pytest.approx(119.94)
    assert backoff_seconds(3, 120, retry_after=None, jitter=0.0) == 240.0
    assert backoff_seconds(30, 120, retry_after=None, jitter=0.999) <= MAX_BACKOFF_SECONDS
    assert backoff_seconds(1, 120, retry_after=900, jitter=0.5) == 900.0
    assert backoff_seconds(1, 5, retry_after=None, jitter=0.0) == 15.0

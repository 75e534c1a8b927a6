"""The feeds and entries tables: idempotent add, pause/resume, due feeds, failing state, the seen-set."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from bot.store import feeds as feed_store

NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
URL = "https://wire.example/rss"


def test_add_feed_is_idempotent_and_validates_urls(db: sqlite_utils.Database) -> None:
    first = feed_store.add_feed(db, URL, interval_seconds=300)
    assert feed_store.add_feed(db, URL, interval_seconds=10) == first
    (row,) = feed_store.list_feeds(db)
    assert (row["url"], row["interval_seconds"], row["status"], row["source"]) == (URL, 300, "new", "user")
    assert feed_store.add_feed(db, "file:///tmp/demo.xml", source="demo", alert_existing=True) != first
    for bad in ("ftp://x.example/rss", "wire.example/rss", "https://", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="not a feed URL"):
            feed_store.add_feed(db, bad)


def test_pause_resume_and_due(db: sqlite_utils.Database) -> None:
    feed_id = feed_store.add_feed(db, URL)
    assert [f["id"] for f in feed_store.due_feeds(db, NOW)] == [feed_id]
    assert feed_store.set_paused(db, URL, True)
    assert feed_store.due_feeds(db, NOW) == []
    assert feed_store.set_paused(db, URL, False)
    assert feed_store.get_feed(db, URL)["status"] == "new"
    assert not feed_store.set_paused(db, "https://unknown.example/rss", True)
    feed_store.record_success(
        db, feed_id, now=NOW, next_poll_at=NOW + dt.timedelta(minutes=2), etag='"e"', last_modified=None, new_releases=0
    )
    assert feed_store.due_feeds(db, NOW + dt.timedelta(minutes=1)) == []
    assert len(feed_store.due_feeds(db, NOW + dt.timedelta(minutes=2))) == 1
    assert feed_store.next_poll_at(db) == NOW + dt.timedelta(minutes=2)
    row = feed_store.get_feed(db, URL)
    assert (row["status"], row["etag"], row["baseline_done"], row["last_new_at"]) == ("ok", '"e"', True, None)


def test_failures_mark_failing_after_five_and_success_recovers(db: sqlite_utils.Database) -> None:
    feed_id = feed_store.add_feed(db, URL)
    states = [
        feed_store.record_failure(db, feed_id, now=NOW, next_poll_at=NOW, error=f"HTTP 500 #{i}") for i in range(5)
    ]
    assert [s["status"] for s in states] == ["new"] * 4 + ["failing"]
    assert feed_store.get_feed(db, URL)["last_error"] == "HTTP 500 #4"
    feed_store.record_success(db, feed_id, now=NOW, next_poll_at=NOW, etag=None, last_modified=None, new_releases=2)
    row = feed_store.get_feed(db, URL)
    assert (row["status"], row["failures"], row["last_error"], row["last_new_at"]) == (
        "ok",
        0,
        None,
        feed_store.iso(NOW),
    )


def test_entries_seen_set_known_release_and_lookups(db: sqlite_utils.Database) -> None:
    feed_id = feed_store.add_feed(db, URL)
    other = feed_store.add_feed(db, "https://other.example/rss")
    feed_store.record_entry(
        db,
        feed_id,
        guid="g1",
        link="http://wire.example/r/1",
        wire_id="prnewswire:1",
        status="new",
        reason="alerted",
        release_id=7,
        seen_at=NOW,
    )
    feed_store.record_entry(
        db,
        feed_id,
        guid="g2",
        link="https://wire.example/r/2",
        wire_id=None,
        status="failed",
        reason="HTTP 500",
        release_id=None,
        seen_at=NOW,
    )
    assert feed_store.seen_guids(db, feed_id, ["g1", "g2", "g3"]) == {"g1"}
    assert feed_store.seen_guids(db, other, ["g1"]) == set()
    assert feed_store.known_release(db, guid="g1") == (7, "GUID")
    assert feed_store.known_release(db, guid="zz", wire_id="prnewswire:1") == (7, "wire id")
    assert feed_store.known_release(db, link="https://wire.example/r/1") == (7, "link")
    assert feed_store.known_release(db, link="https://wire.example/r/2") is None
    feed_store.record_entry(
        db,
        feed_id,
        guid="g2",
        link="https://wire.example/r/2",
        wire_id=None,
        status="new",
        reason="alerted",
        release_id=8,
        seen_at=NOW,
    )
    assert [e["status"] for e in feed_store.entries_for_link(db, "http://wire.example/r/2")] == ["new"]
    assert [(e["guid"], e["feed_url"]) for e in feed_store.entries_for_release(db, 7)] == [("g1", URL)]
    assert feed_store.entry_counts(db, feed_id) == {"new": 2}
    assert feed_store.remove_feed(db, URL) and not feed_store.remove_feed(db, URL)
    assert feed_store.entries_for_release(db, 7) == []

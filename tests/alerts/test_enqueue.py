"""Deliveries are written with the release, in its transaction; corrections become updates."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from bot.alerts import enqueue_for_release, sync_alert_channel
from bot.store import outbox, subscriptions
from tests.alerts.helpers import deliveries, parsed_release, store


def test_ingest_queues_one_delivery_per_channel(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, "CALL")
    subscriptions.subscribe(db, "C1", "company", "IMGN", label="IMGN", ticker="IMGN")
    subscriptions.subscribe(db, "C1", "event", "license", label="license releases")
    result = store(db, parsed_release())
    rows = outbox.deliveries_for_release(db, result.release_id)
    assert [(r["channel"], r["kind"], r["status"], r["note"]) for r in rows] == [
        ("CALL", "post", "pending", None),
        ("C1", "post", "pending", "Following IMGN: issuer; Event: license"),
    ]
    assert outbox.stats(db)["depth"] == 2


def test_no_alert_flag_and_duplicates_queue_nothing(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, "CALL")
    store(db, parsed_release(), alert=False)
    parsed = parsed_release()
    first = store(db, parsed)
    again = store(db, parsed)
    assert again.status == "duplicate"
    assert [r["release_id"] for r in deliveries(db)] == [first.release_id]
    assert enqueue_for_release(db, first.release_id, parsed) == 0


def test_a_failed_ingest_transaction_leaves_no_delivery(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, "CALL")
    with pytest.raises(RuntimeError), db.atomic():
        store(db, parsed_release())
        raise RuntimeError("crash after the release was written")
    assert deliveries(db) == []
    assert db.execute("SELECT count(*) FROM releases").fetchone()[0] == 0


def test_correction_of_a_sent_release_is_an_update_and_of_a_waiting_one_replaces_it(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, "CALL")
    subscriptions.subscribe(db, "C1", "all", "", label="every release")
    original = store(db, parsed_release("ImmunoGen licenses T-DM1"), guid="g-1")
    sent_row = outbox.for_release_in_channel(db, original.release_id, "CALL")
    assert sent_row is not None
    outbox.mark_sending(db, sent_row["id"])
    outbox.mark_sent(db, sent_row["id"], "1700000001.000001", dt.datetime.now(dt.UTC))
    corrected = store(db, parsed_release("ImmunoGen licenses T-DM1 to Roche"), guid="g-1")
    assert corrected.status == "version" and corrected.version_of == original.release_id
    rows = {(r["release_id"], r["channel"]): r for r in deliveries(db)}
    update = rows[(corrected.release_id, "CALL")]
    assert (update["kind"], update["update_of"], update["status"]) == ("update", original.release_id, "pending")
    replaced = rows[(original.release_id, "C1")]
    assert replaced["status"] == "failed"
    assert replaced["error"] == f"superseded by correction (release {corrected.release_id})"
    assert rows[(corrected.release_id, "C1")]["kind"] == "post"


def test_sync_alert_channel_moves_the_env_subscription(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, "COLD")
    store(db, parsed_release())
    sync_alert_channel(db, "CNEW")
    assert [(s.channel, s.kind, s.source) for s in subscriptions.active(db)] == [("CNEW", "all", "env")]
    (old,) = deliveries(db)
    assert (old["channel"], old["status"]) == ("COLD", "failed")
    assert "PRBOT_ALERT_CHANNEL changed" in old["error"]
    sync_alert_channel(db, None)
    assert subscriptions.active(db) == []

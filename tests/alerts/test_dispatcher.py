"""The dispatcher against the fake Slack Web API: pacing, retries, permanent errors, corrections, catch-up."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
from collections import Counter
from collections.abc import Callable

import pytest
import sqlite_utils

from bot.alerts import Dispatcher, sync_alert_channel
from bot.store import outbox, subscriptions
from tests.alerts.helpers import deliveries, parsed_release, release_of, store
from tests.fakes.slack_api import FakeSlack

POST = "chat.postMessage"


def alert_posts(fake: FakeSlack) -> list[tuple[int | None, str]]:
    """(release id, channel) of every alert the fake received, in order (admin DMs and thread notes excluded)."""
    return [(release_of(c), c.payload["channel"]) for c in fake.calls_to(POST) if release_of(c) is not None]


async def test_each_delivery_is_sent_once_in_order_paced_per_channel(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    subscriptions.subscribe(db, "C2", "company", "IMGN", label="IMGN", ticker="IMGN")
    ids = [store(db, parsed_release()).release_id for _ in range(4)]
    report = await make_dispatcher(per_channel_interval=0.1).drain_once()
    assert (report.sent, report.failed, report.waiting) == (8, 0, 0)
    posts = alert_posts(fake_slack)
    assert [r for r, ch in posts if ch == "C1"] == ids
    assert [r for r, ch in posts if ch == "C2"] == ids
    for channel in ("C1", "C2"):
        times = [c.at for c in fake_slack.calls_to(POST) if c.payload["channel"] == channel]
        # paced on the dispatcher's clock; arrival at the fake adds HTTP jitter to the first and last only
        assert times[-1] - times[0] >= 0.27 and min(b - a for a, b in itertools.pairwise(times)) >= 0.05, times
    order = [c.payload["channel"] for c in fake_slack.calls_to(POST)]
    assert order.index("C2") < len(order) - 1 - order[::-1].index("C1"), "channels are sent in parallel"
    call = fake_slack.calls_to(POST)[0]
    assert call.payload["unfurl_links"] is False and call.payload["link_names"] is False
    assert call.payload["blocks"] and call.payload["text"].startswith("New release:")
    rows = deliveries(db)
    assert {r["status"] for r in rows} == {"sent"}
    assert len({r["ts"] for r in rows}) == 8 and all(r["attempts"] == 1 for r in rows)
    c2_note = next(r["note"] for r in rows if r["channel"] == "C2")
    assert c2_note == "Following IMGN: issuer"
    shown = {
        c.payload["channel"]: "Following IMGN: issuer" in str(c.payload["blocks"]) for c in fake_slack.calls_to(POST)
    }
    assert shown == {"C1": False, "C2": True}, "the role note is shown where it applies"


async def test_rate_limit_waits_retry_after_then_sends_once(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    ids = [store(db, parsed_release()).release_id for _ in range(2)]
    fake_slack.rate_limit(POST, retry_after=1)
    report = await make_dispatcher().drain_once()
    assert report.sent == 2
    calls = fake_slack.calls_to(POST)
    assert [release_of(c) for c in calls] == [ids[0], ids[0], ids[1]]
    assert calls[1].at - calls[0].at >= 0.95, "Retry-After honoured"
    first = outbox.deliveries_for_release(db, ids[0])[0]
    assert (first["status"], first["attempts"]) == ("sent", 2)


async def test_server_errors_and_timeouts_are_retried_with_backoff(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    ids = [store(db, parsed_release()).release_id for _ in range(3)]
    fake_slack.server_error(POST, 503, times=2)
    fake_slack.delay(POST, 1.5)  # the client times out after 1 s
    report = await make_dispatcher().drain_once()
    assert (report.sent, report.failed) == (3, 0)
    rows = deliveries(db)
    assert [r["attempts"] for r in rows] == [4, 1, 1]
    assert all(r["status"] == "sent" and r["ts"] for r in rows)
    # 3 failed requests for the first release (the timed-out one reached the fake: the unavoidable window)
    assert Counter(r for r, _ in alert_posts(fake_slack)) == {ids[0]: 4, ids[1]: 1, ids[2]: 1}


async def test_gives_up_after_max_attempts_and_says_why(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    store(db, parsed_release())
    fake_slack.server_error(POST, 500, times=3)
    report = await make_dispatcher(max_attempts=3).drain_once()
    assert (report.sent, report.failed) == (0, 1)
    (row,) = deliveries(db)
    assert (row["status"], row["error"], row["attempts"]) == ("failed", "gave up after 3 attempts: http_500", 3)


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel", "is_archived"])
async def test_channel_errors_stop_that_channel_and_tell_admins(
    code: str, db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    subscriptions.subscribe(db, "CBAD", "all", "", label="every release")
    store(db, parsed_release())
    store(db, parsed_release())
    fake_slack.fail(POST, code)
    report = await make_dispatcher().drain_once()
    assert (report.sent, report.failed) == (0, 2)
    assert [(r["status"], r["error"]) for r in deliveries(db)] == [
        ("failed", f"{code}: Slack refused channel CBAD; its subscriptions are stopped")
    ] * 2
    (sub,) = subscriptions.list_for_channel(db, "CBAD")
    assert (sub.status, sub.stopped_reason) == ("stopped", code)
    dms = [c.payload for c in fake_slack.calls_to(POST) if release_of(c) is None]
    assert [d["channel"] for d in dms] == ["UADMIN1", "UADMIN2"] and all(code in d["text"] for d in dms)
    subscriptions.subscribe(db, "CGOOD", "all", "", label="every release")
    later = store(db, parsed_release()).release_id
    assert (await make_dispatcher().drain_once()).sent == 1
    assert alert_posts(fake_slack)[-1] == (later, "CGOOD")
    assert len(alert_posts(fake_slack)) == 2, "nothing else was posted"


@pytest.mark.parametrize("code", ["invalid_auth", "token_revoked", "account_inactive", "missing_scope"])
async def test_workspace_errors_stop_all_sending_keep_alerts_and_resume_on_restart(
    code: str, db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    subscriptions.subscribe(db, "C2", "all", "", label="every release")
    ids = [store(db, parsed_release()).release_id for _ in range(3)]
    fake_slack.fail(POST, code)
    dispatcher = make_dispatcher(max_parallel=1)
    report = await dispatcher.drain_once()
    assert report.sent <= 1 and report.failed == 0 and dispatcher.stopped == code
    stats = outbox.stats(db)
    assert stats["workspace_stopped"].startswith(code) and stats["depth"] == 6 - report.sent
    pending = [r for r in deliveries(db) if r["status"] == "pending"]
    assert all(code in r["error"] for r in pending)
    dms = [c.payload["channel"] for c in fake_slack.calls_to(POST) if release_of(c) is None]
    assert dms == ["UADMIN1", "UADMIN2"]
    # a restart (new dispatcher: fixed token) sends everything that waited, once
    assert (await make_dispatcher().drain_once()).sent == 6 - report.sent
    assert outbox.stats(db)["workspace_stopped"] is None
    posted = Counter(p for p in alert_posts(fake_slack))
    assert sorted(posted) == sorted((r, ch) for r in ids for ch in ("C1", "C2"))
    assert sum(posted.values()) == 7, "the refused request plus one post each"


@pytest.mark.parametrize("code", ["msg_too_long", "invalid_blocks"])
async def test_rejected_blocks_fall_back_to_text_once_and_log_a_bug(
    code: str,
    db: sqlite_utils.Database,
    fake_slack: FakeSlack,
    make_dispatcher: Callable[..., Dispatcher],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sync_alert_channel(db, "C1")
    store(db, parsed_release("ImmunoGen <!channel> licenses"))
    fake_slack.fail(POST, code)
    with caplog.at_level(logging.ERROR):
        assert (await make_dispatcher().drain_once()).sent == 1
    first, second = fake_slack.calls_to(POST)
    assert first.payload.get("blocks") and "blocks" not in second.payload
    assert "&lt;!channel&gt;" in second.payload["text"] and "<!channel>" not in second.payload["text"]
    (row,) = deliveries(db)
    assert (row["status"], row["error"]) == ("sent", f"sent as text: {code}")
    assert any("bug" in r.message and code in r.message for r in caplog.records)


async def test_second_rejection_fails_the_delivery(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    store(db, parsed_release())
    fake_slack.fail(POST, "msg_too_long", times=2)
    assert (await make_dispatcher().drain_once()).failed == 1
    assert [(r["status"], r["error"]) for r in deliveries(db)] == [("failed", "msg_too_long")]


async def test_correction_updates_the_message_and_replies_in_its_thread(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    original = store(db, parsed_release("ImmunoGen licenses T-DM1"), guid="g-1")
    await make_dispatcher().drain_once()
    ts = outbox.sent_ts(db, original.release_id, "C1")
    corrected = store(db, parsed_release("ImmunoGen licenses T-DM1 to Roche", partners=("Roche",)), guid="g-1")
    assert (await make_dispatcher().drain_once()).sent == 1
    (update,) = fake_slack.calls_to("chat.update")
    assert (update.payload["channel"], update.payload["ts"]) == ("C1", ts)
    assert "to Roche" in update.payload["text"]
    reply = fake_slack.calls_to(POST)[-1].payload
    assert reply["thread_ts"] == ts
    assert reply["text"] == (
        "Corrected: headline changed; partners added: Roche; partners removed: Amgen, Genentech, a member of the"
        " Roche Group; summary changed."
    )
    row = outbox.for_release_in_channel(db, corrected.release_id, "C1")
    assert row is not None and (row["kind"], row["status"], row["ts"], row["stage"]) == ("update", "sent", ts, 1)


async def test_correction_of_a_deleted_message_is_posted_anew(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    store(db, parsed_release("ImmunoGen licenses T-DM1"), guid="g-1")
    await make_dispatcher().drain_once()
    corrected = store(db, parsed_release("ImmunoGen licenses T-DM1 to Roche"), guid="g-1")
    fake_slack.fail("chat.update", "message_not_found")
    assert (await make_dispatcher().drain_once()).sent == 1
    assert alert_posts(fake_slack)[-1] == (corrected.release_id, "C1")
    assert "thread_ts" not in fake_slack.calls_to(POST)[-1].payload


async def test_a_backlog_is_one_catch_up_thread(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    subscriptions.subscribe(db, "CBIG", "all", "", label="every release")
    ids = [store(db, parsed_release()).release_id for _ in range(25)]
    subscriptions.subscribe(db, "CSMALL", "all", "", label="every release")
    small = [store(db, parsed_release()).release_id for _ in range(3)]
    assert (await make_dispatcher(per_channel_interval=0.001).drain_once()).sent == 31
    big = [c.payload for c in fake_slack.calls_to(POST) if c.payload["channel"] == "CBIG"]
    parent = big[0]
    assert parent["text"].startswith("Catch-up: 28 press releases matched this channel while alerts were delayed")
    rows = {r["release_id"]: r for r in deliveries(db) if r["channel"] == "CBIG"}
    parent_ts = {r["catchup_id"] for r in rows.values()}
    assert len(parent_ts) == 1
    thread = outbox.catchup(db, parent_ts.pop())
    assert thread is not None
    assert [p.get("thread_ts") for p in big[1:]] == [thread["ts"]] * 28
    assert [p["metadata"]["event_payload"]["release_id"] for p in big[1:]] == ids + small
    assert all("thread_ts" not in c.payload for c in fake_slack.calls_to(POST) if c.payload["channel"] == "CSMALL")


async def test_deliveries_in_flight_at_a_crash_are_resent_on_restart(
    db: sqlite_utils.Database,
    fake_slack: FakeSlack,
    make_dispatcher: Callable[..., Dispatcher],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sync_alert_channel(db, "C1")
    ids = [store(db, parsed_release()).release_id for _ in range(2)]
    first = outbox.for_release_in_channel(db, ids[0], "C1")
    assert first is not None
    outbox.mark_sending(db, first["id"])  # the process died here, before or after Slack got the request
    with caplog.at_level(logging.WARNING):
        assert (await make_dispatcher().drain_once()).sent == 2
    assert alert_posts(fake_slack) == [(ids[0], "C1"), (ids[1], "C1")]
    assert any(f"in flight when prbot stopped: {first['id']}" in r.message for r in caplog.records)


async def test_a_release_missing_from_the_store_fails_with_a_reason(
    db: sqlite_utils.Database, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    outbox.add(db, 999, "C1", now=dt.datetime.now(dt.UTC))
    assert (await make_dispatcher().drain_once()).failed == 1
    assert [(r["status"], r["error"]) for r in deliveries(db)] == [("failed", "release 999 is no longer in the store")]


async def test_run_sends_new_alerts_until_stopped(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    sync_alert_channel(db, "C1")
    stop = asyncio.Event()
    task = asyncio.create_task(make_dispatcher(poll_seconds=0.02).run(stop))
    await asyncio.sleep(0.05)
    release_id = store(db, parsed_release()).release_id
    await fake_slack.wait_for(POST, 1, within=3)
    stop.set()
    await asyncio.wait_for(task, 3)
    assert alert_posts(fake_slack) == [(release_id, "C1")]
    assert outbox.stats(db)["depth"] == 0

"""Digest subscriptions: matching releases wait for the digest time and go out as one thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils

from bot.alerts import Dispatcher
from bot.alerts.enqueue import digest_due
from bot.services import Services
from bot.store import subscriptions
from handlers.registry import CommandContext, dispatch
from tests.alerts.helpers import deliveries, parsed_release, release_of, store
from tests.fakes.slack_api import FakeSlack

UTC = dt.UTC


def test_digest_times() -> None:
    at = dt.datetime(2026, 11, 29, 14, 5, 7, tzinfo=UTC)
    assert digest_due(at, "hourly") == dt.datetime(2026, 11, 29, 15, tzinfo=UTC)
    assert digest_due(at, "daily") == dt.datetime(2026, 11, 30, 13, tzinfo=UTC)
    assert digest_due(at.replace(hour=9), "daily") == dt.datetime(2026, 11, 29, 13, tzinfo=UTC)


async def test_digest_waits_without_holding_up_other_alerts_then_posts_one_thread(
    services: Services, db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    store(db, parsed_release(), alert=False)
    ctx = CommandContext(services, [], user_id="U1", channel_id="C1", command_text="subscribe IMGN digest:hourly")
    reply = await dispatch(ctx)
    assert reply.text.endswith("releases it issues or names it as a partner, in an hourly digest thread.")
    subscriptions.subscribe(db, "C1", "event", "earnings", label="earnings releases")
    first = store(db, parsed_release()).release_id
    earnings = store(db, parsed_release(issuer="Pfizer Inc.", symbol="PFE", events=("earnings",))).release_id
    second = store(db, parsed_release()).release_id
    rows = {r["release_id"]: r for r in deliveries(db)}
    assert [rows[i]["digest"] for i in (first, earnings, second)] == ["hourly", None, "hourly"]
    due = dt.datetime.fromisoformat(rows[first]["next_attempt_at"])
    assert due == digest_due(dt.datetime.fromisoformat(rows[first]["created_at"]), "hourly")

    assert (await make_dispatcher().drain_once()).sent == 1
    assert [release_of(c) for c in fake_slack.calls_to("chat.postMessage")] == [earnings]

    later = make_dispatcher(now=lambda: due + dt.timedelta(seconds=1))
    assert (await later.drain_once()).sent == 2
    parent, *thread = [c.payload for c in fake_slack.calls_to("chat.postMessage")][1:]
    assert parent["text"].startswith("Hourly digest: 2 press releases matched this channel's subscriptions since ")
    assert [p["metadata"]["event_payload"]["release_id"] for p in thread] == [first, second]
    (kind, ts) = db.execute("SELECT kind, ts FROM catchups").fetchone()
    assert kind == "hourly" and [p["thread_ts"] for p in thread] == [ts, ts]
    listing = await dispatch(CommandContext(services, [], channel_id="C1", command_text="subscriptions"))
    assert "• company: IMGN (ImmunoGen, Inc.) (hourly digest)" in listing.text

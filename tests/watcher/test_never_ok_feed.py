"""A feed that has never worked turns `failing` after as many failed polls in a row as one that used to work
(the fresh-user trial saw `new (4 failures)`: the fifth poll had not come yet), and `feeds list` and the
`prbot_feeds_failing` gauge say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils

from bot.cli.feeds import feed_cells
from bot.runtime import _store_gauges
from bot.services import Services
from bot.store import feeds as feed_store
from bot.watcher import Watcher
from tests.fakes.feed_server import FeedServer
from tests.watcher.conftest import Clock


async def test_a_feed_that_never_worked_turns_failing_like_any_other(
    wire: FeedServer, db: sqlite_utils.Database, services: Services, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    never = wire.url("/never.xml")
    wire.serve("/never.xml", b"down", status=503, content_type="text/plain")
    feed_store.add_feed(db, never)
    statuses = []
    for _attempt in range(1, feed_store.FAILING_AFTER + 1):
        report = await make_watcher().poll_once()
        assert [o.result for o in report.feeds] == ["failed"]
        feed = feed_store.get_feed(db, never)
        statuses.append(feed["status"])
        clock.now = dt.datetime.fromisoformat(feed["next_poll_at"])
    assert statuses == ["new"] * (feed_store.FAILING_AFTER - 1) + ["failing"]
    cells = feed_cells(feed_store.get_feed(db, never), default_interval=60, now=clock.now)
    assert f"failing ({feed_store.FAILING_AFTER} failures)" in cells
    assert _store_gauges(services)["feeds_failing"] == 1.0

"""The watcher end to end against the fake wire: real fetches, real SQLite, the real ingest and outbox.

For every scenario: the watcher keeps running, no release is lost, each release is alerted once (one outbox
delivery in the alert channel) and the feed's state is right. Assertions count releases, entries and
deliveries rather than parsed fields, so they hold while the parser grows.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import itertools
import logging
import os
import signal
from collections.abc import Callable

import pytest
import sqlite_utils

from bot.alerts import sync_alert_channel
from bot.services import Services
from bot.store import feeds as feed_store
from bot.store.releases import get_raw
from bot.watcher import Watcher, default_executor, fetch_and_ingest, fetch_and_ingest_url
from tests.fakes.feed_server import FeedServer, Filing, Item, atom, edgar_atom, edgar_index, release_page, rss
from tests.watcher.conftest import START, Clock

CHANNEL = "C0ALERTS"


@pytest.fixture(autouse=True)
def alert_channel(db: sqlite_utils.Database) -> None:
    sync_alert_channel(db, CHANNEL)


def publish(
    wire: FeedServer,
    n: int,
    *,
    hours_old: float = 1.0,
    prefix: str = "r",
    headline: str | None = None,
    lead: str | None = None,
) -> Item:
    """Put release page `/{prefix}{n}.html` on the wire and return its feed item."""
    title = headline or f"Acme Corp announces milestone number {n} ({prefix})"
    path = f"/{prefix}{n}.html"
    lead = lead or f"BOSTON, Jan. 5, 2026 -- Acme Corp today announced milestone {n}."
    page = release_page(title, [lead, f"Details of event {prefix}{n} follow here."])
    wire.serve(path, page, content_type="text/html")
    return Item(f"guid-{prefix}{n}", wire.url(path), title, START - dt.timedelta(hours=hours_old))


def posts(db: sqlite_utils.Database) -> dict[int, int]:
    """Outbox deliveries per release."""
    return dict(db.execute("SELECT release_id, COUNT(*) FROM deliveries GROUP BY release_id").fetchall())


def releases(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM releases").fetchone()[0]


def statuses(db: sqlite_utils.Database, feed_url: str) -> dict[str, str]:
    """Entry status by GUID as the feed wrote it (without the host scope prbot adds)."""
    return {
        row["guid"].split(":", 1)[1]: row["status"]
        for row in db.query(
            "SELECT guid, entries.status AS status FROM entries JOIN feeds ON feeds.id = feed_id WHERE url = ?",
            [feed_url],
        )
    }


async def poll(make_watcher: Callable[[], Watcher], clock: Clock, seconds: float = 61):
    report = await make_watcher().poll_once()
    clock.advance(seconds)
    return report


async def test_baseline_then_new_entry_alerted_once_and_not_again_after_restart(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    items = [publish(wire, 1), publish(wire, 2)]
    wire.serve("/feed.xml", rss(items), etag='"v1"')
    feed_store.add_feed(db, wire.url("/feed.xml"))
    first = await poll(make_watcher, clock)
    assert (first.count("baseline"), first.alerted, releases(db), posts(db)) == (2, 0, 2, {})
    wire.serve("/feed.xml", rss([publish(wire, 3), *items]), etag='"v2"')
    second = await poll(make_watcher, clock)
    assert (second.count("new"), second.alerted, releases(db)) == (1, 1, 3)
    third = await poll(make_watcher, clock)  # the same ETag: 304
    restarted = await poll(make_watcher, clock)
    assert third.feeds[0].result == restarted.feeds[0].result == "not_modified"
    assert list(posts(db).values()) == [1]
    assert statuses(db, wire.url("/feed.xml")) == {"guid-r1": "baseline", "guid-r2": "baseline", "guid-r3": "new"}
    feed = feed_store.get_feed(db, wire.url("/feed.xml"))
    assert (feed["status"], feed["etag"], feed["failures"], feed["last_error"]) == ("ok", '"v2"', 0, None)
    assert wire.hits["/r3.html"] == 1
    assert str(second).startswith("polled 1 feed in ")


async def test_same_feed_served_again_without_validators_alerts_nothing_new(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([publish(wire, 1)]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    wire.serve("/feed.xml", rss([publish(wire, 2), publish(wire, 1)]))
    await poll(make_watcher, clock)
    again = await poll(make_watcher, clock)  # same bytes, no ETag: recognised by its hash, not parsed again
    assert (again.feeds[0].result, again.count("new"), wire.hits["/feed.xml"]) == ("not_modified", 0, 3)
    wire.serve("/feed.xml", rss([publish(wire, 2), publish(wire, 1)], title="Fake wire, renamed"))
    changed = await poll(make_watcher, clock)  # other bytes, same entries: parsed, nothing new
    assert (changed.feeds[0].result, changed.count("new"), changed.count("duplicate")) == ("ok", 0, 0)
    assert (releases(db), sum(posts(db).values()), wire.hits["/r2.html"]) == (2, 1, 1)


async def test_entries_older_than_max_age_are_stored_but_not_alerted(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    wire.serve("/feed.xml", rss([publish(wire, 1, hours_old=72), publish(wire, 2, hours_old=2)]))
    report = await poll(make_watcher, clock)
    assert (report.count("too_old"), report.count("new"), releases(db), len(posts(db))) == (1, 1, 2, 1)
    reason = db.execute("SELECT reason FROM entries WHERE status = 'too_old'").fetchone()[0]
    assert reason.startswith("published 72 h ago (max age 48 h)")


async def test_alert_existing_feed_alerts_its_first_poll_whatever_the_age(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/demo.xml", rss([publish(wire, 1, hours_old=24 * 400), publish(wire, 2)]))
    feed_store.add_feed(db, wire.url("/demo.xml"), source="demo", alert_existing=True)
    report = await poll(make_watcher, clock)
    assert (report.count("new"), report.alerted, list(posts(db).values())) == (2, 2, [1, 1])


@pytest.mark.parametrize(
    ("route", "error"),
    [
        ({"body": "boom", "status": 500}, "HTTP 500 Internal Server Error"),
        ({"body": "<rss/>", "delay": 2.0}, "timed out after 0.5 s"),
        ({"body": b"<rss>" + b"x" * 300_000, "content_type": "application/rss+xml"}, "response larger than 195 KB"),
        (
            {"body": "<!DOCTYPE html><html><body>Our newsroom</body></html>", "content_type": "text/html"},
            "returned an HTML page, not an RSS or Atom feed",
        ),
        ({"redirect_to": "/feed.xml"}, "too many redirects"),
    ],
)
async def test_failing_feed_backs_off_turns_failing_recovers_and_loses_nothing(
    wire: FeedServer,
    db: sqlite_utils.Database,
    clock: Clock,
    make_watcher: Callable[[], Watcher],
    route: dict,
    error: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = wire.url("/feed.xml")
    wire.serve("/feed.xml", rss([publish(wire, 1)]))
    wire.serve("/healthy.xml", rss([publish(wire, 1, prefix="h")]))
    feed_store.add_feed(db, url)
    feed_store.add_feed(db, wire.url("/healthy.xml"))
    await poll(make_watcher, clock)
    wire.serve("/feed.xml", **route)
    caplog.set_level(logging.WARNING, logger="bot.watcher")
    for attempt in range(1, 6):
        report = await make_watcher().poll_once()
        failed = [o for o in report.feeds if o.result == "failed"]
        assert [o.url for o in failed] == [url] and error in failed[0].error
        feed = feed_store.get_feed(db, url)
        assert feed["failures"] == attempt and error in feed["last_error"]
        assert feed["status"] == ("failing" if attempt >= 5 else "ok")
        clock.now = dt.datetime.fromisoformat(feed["next_poll_at"])
    # "unreachable" only when the feed could not be fetched; an answer that is not a feed is a failure, not that
    unreachable = error.startswith(("HTTP 5", "timed out", "too many redirects"))
    word = "feed unreachable" if unreachable else "feed failed"
    assert f"{word}: " in caplog.text and "will retry in" in caplog.text
    assert ("unreachable" in caplog.text) is unreachable
    assert feed_store.get_feed(db, wire.url("/healthy.xml"))["status"] == "ok"
    wire.serve("/feed.xml", rss([publish(wire, 2), publish(wire, 1)]))
    recovered = await make_watcher().poll_once()
    feed = feed_store.get_feed(db, url)
    assert (feed["status"], feed["failures"], feed["last_error"]) == ("ok", 0, None)
    assert recovered.count("new") == 1 and sum(posts(db).values()) == 1


async def test_backoff_grows_and_retry_after_is_honoured(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    url = wire.url("/feed.xml")
    wire.serve("/feed.xml", "boom", status=503)
    feed_store.add_feed(db, url)
    delays = []
    for _ in range(4):
        await make_watcher().poll_once()
        next_at = dt.datetime.fromisoformat(feed_store.get_feed(db, url)["next_poll_at"])
        delays.append((next_at - clock.now).total_seconds())
        clock.now = next_at
    assert all(later > earlier for earlier, later in itertools.pairwise(delays))
    wire.serve("/feed.xml", "slow down", status=429, headers={"Retry-After": "1800"})
    await make_watcher().poll_once()
    next_at = dt.datetime.fromisoformat(feed_store.get_feed(db, url)["next_poll_at"])
    assert (next_at - clock.now).total_seconds() >= 1800
    assert feed_store.get_feed(db, url)["last_error"] == "HTTP 429 Too Many Requests"


async def test_malformed_xml_entries_are_used(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    broken = rss([publish(wire, 1, headline="Acme & Beta sign deal")]).replace(b"&amp;", b"&")
    wire.serve("/feed.xml", broken)
    report = await poll(make_watcher, clock)
    assert (report.feeds[0].result, report.count("new"), len(posts(db))) == ("ok", 1, 1)


async def test_wrong_declared_charset_keeps_the_text(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    item = publish(wire, 1, headline="Société Générale and Ørsted sign a supply agreement")
    wire.serve("/feed.xml", rss([item], encoding="iso-8859-1"), charset="iso-8859-1")
    feed_store.add_feed(db, wire.url("/feed.xml"), alert_existing=True)
    await poll(make_watcher, clock)
    release_id = db.execute("SELECT release_id FROM entries").fetchone()[0]
    _, raw_format, hints = get_raw(db, release_id)
    assert (raw_format, hints.title) == ("html", "Société Générale and Ørsted sign a supply agreement")


async def test_changing_guid_and_https_switch_are_the_same_release(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    item = publish(wire, 1)
    wire.serve("/feed.xml", rss([item]))
    await poll(make_watcher, clock)
    item.guid = "guid-r1-regenerated"
    wire.serve("/feed.xml", rss([item]))
    changed = await poll(make_watcher, clock)
    item.guid, item.link = "guid-r1-https", item.link.replace("http://", "https://")
    wire.serve("/feed.xml", rss([item]))
    switched = await poll(make_watcher, clock)
    assert (changed.count("duplicate"), switched.count("duplicate"), releases(db)) == (1, 1, 1)
    assert (list(posts(db).values()), wire.hits["/r1.html"]) == ([1], 1)
    reasons = [r[0] for r in db.execute("SELECT reason FROM entries WHERE status = 'duplicate' ORDER BY id")]
    assert reasons == ["same release as #1 (same link)", "same release as #1 (same link)"]


async def test_release_on_two_feeds_is_one_release(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    for path in ("/a.xml", "/b.xml", "/c.xml"):
        wire.serve(path, rss([]))
        feed_store.add_feed(db, wire.url(path))
    await poll(make_watcher, clock)
    shared = publish(wire, 1)
    mirror = publish(wire, 1, prefix="m")  # another wire's URL for the same text
    wire.routes["/m1.html"] = wire.routes["/r1.html"]
    mirror.guid = "other-wire-guid"
    wire.serve("/a.xml", rss([shared]))
    wire.serve("/b.xml", rss([shared]))
    wire.serve("/c.xml", atom([mirror]))
    report = await poll(make_watcher, clock)
    assert (report.count("new"), report.count("duplicate"), report.alerted) == (1, 2, 1)
    assert (releases(db), list(posts(db).values())) == (1, [1])


async def test_correction_is_a_new_version_of_the_original_alerted_once(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    lead = "BOSTON, Jan. 5, 2026 (GLOBE NEWSWIRE) -- Acme Corp (Nasdaq: ACME) today reported revenue of ${} million."
    original = publish(wire, 1, headline="Acme Corp Reports Third Quarter Revenue of $12 Million", lead=lead.format(12))
    wire.serve("/feed.xml", rss([original]))
    await poll(make_watcher, clock)
    headline = "CORRECTING and REPLACING Acme Corp Reports Third Quarter Revenue of $21 Million"
    fix = publish(wire, 2, headline=headline, lead=lead.format(21))
    wire.serve("/feed.xml", rss([fix, original]))
    report = await poll(make_watcher, clock)
    assert (report.count("version"), report.alerted, releases(db)) == (1, 1, 2)
    reason = db.execute("SELECT reason FROM entries WHERE guid LIKE '%:guid-r2'").fetchone()[0]
    assert reason == "new version of #1: alerted as an update"
    assert sorted(posts(db).values()) == [1, 1]


async def test_edgar_accession_once_per_filing_and_exhibit_followed(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/edgar.xml", edgar_atom([]), content_type="application/atom+xml")
    feed_store.add_feed(db, wire.url("/edgar.xml"))
    await poll(make_watcher, clock)
    index = "/Archives/edgar/data/855654/000110465926000001/0001104659-26-000001-index.htm"
    wire.serve(index, edgar_index("ex991.htm"), content_type="text/html")
    wire.serve(
        "/Archives/edgar/data/855654/000110465926000001/ex991.htm",
        release_page("Acme Corp enters license agreement", ["Acme Corp licensed its platform."]),
        content_type="text/html",
    )
    filed = START - dt.timedelta(hours=1)
    wire.serve(
        "/edgar.xml",
        edgar_atom(
            [
                Filing("0001104659-26-000001", "0000855654", "Acme Corp", wire.url(index), filed=filed),
                Filing("0001104659-26-000001", "0000111111", "Holder LP", wire.url(index), role="Subject", filed=filed),
            ]
        ),
        content_type="application/atom+xml",
    )
    report = await poll(make_watcher, clock)
    assert (report.count("new"), releases(db), len(posts(db))) == (1, 1, 1)
    raw, _, hints = get_raw(db, db.execute("SELECT MAX(id) FROM releases").fetchone()[0])
    assert "Acme Corp licensed its platform." in raw and hints.issuer == "Acme Corp"


async def test_release_page_failure_is_retried_and_not_lost(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]), etag='"v1"')
    feed_store.add_feed(db, wire.url("/feed.xml"))
    await poll(make_watcher, clock)
    item = publish(wire, 1)
    wire.serve("/r1.html", "down", status=502)
    wire.serve("/feed.xml", rss([item]), etag='"v2"')
    failed = await poll(make_watcher, clock)
    assert (failed.count("failed"), releases(db)) == (1, 0)
    assert feed_store.get_feed(db, wire.url("/feed.xml"))["etag"] == '"v1"'  # so the next poll gets the feed again
    publish(wire, 1)
    retried = await poll(make_watcher, clock)
    assert (retried.count("new"), releases(db), list(posts(db).values())) == (1, 1, [1])
    assert statuses(db, wire.url("/feed.xml")) == {"guid-r1": "new"}


async def test_inline_content_is_used_without_fetching_the_page(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    item = publish(wire, 1)
    item.content = "<p>" + "Acme Corp announced its full inline release text today. " * 10 + "</p>"
    wire.serve("/feed.xml", rss([item]))
    feed_store.add_feed(db, wire.url("/feed.xml"), alert_existing=True)
    await poll(make_watcher, clock)
    assert (releases(db), wire.hits["/r1.html"]) == (1, 0)


async def test_paused_feed_is_not_polled(
    wire: FeedServer, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/feed.xml", rss([]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    feed_store.set_paused(db, wire.url("/feed.xml"), True)
    report = await poll(make_watcher, clock)
    assert (report.feeds, wire.hits["/feed.xml"]) == ([], 0)


async def test_file_feed_with_relative_links(
    tmp_path, db: sqlite_utils.Database, clock: Clock, make_watcher: Callable[[], Watcher]
) -> None:
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "one.html").write_text(release_page("Demo release one", ["Demo body one."]))
    (tmp_path / "releases" / "two.txt").write_text("Demo release two\n\nDemo body two.")
    when = START - dt.timedelta(days=900)
    (tmp_path / "feed.xml").write_bytes(
        rss(
            [
                Item("d1", "releases/one.html", "Demo release one", when),
                Item("d2", "releases/two.txt", "Demo release two", when),
            ]
        )
    )
    feed_store.add_feed(db, (tmp_path / "feed.xml").as_uri(), source="demo", alert_existing=True)
    report = await poll(make_watcher, clock)
    again = await poll(make_watcher, clock)
    assert (report.count("new"), report.alerted, again.feeds[0].result) == (2, 2, "not_modified")
    formats = [r[0] for r in db.execute("SELECT raw_format FROM releases ORDER BY id")]
    assert sorted(formats) == ["html", "text"]


async def test_run_polls_until_stopped_and_survives_failures(
    wire: FeedServer, db: sqlite_utils.Database, services: Services, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/good.xml", rss([publish(wire, 1)]))
    wire.serve("/bad.xml", "nope", status=500)
    feed_store.add_feed(db, wire.url("/good.xml"), alert_existing=True)
    feed_store.add_feed(db, wire.url("/bad.xml"))
    stop = asyncio.Event()
    task = asyncio.create_task(make_watcher().run(stop))
    for _ in range(100):
        if releases(db) and feed_store.get_feed(db, wire.url("/bad.xml"))["failures"]:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert releases(db) == 1 and feed_store.get_feed(db, wire.url("/bad.xml"))["last_error"].startswith("HTTP 500")


async def test_default_process_pool_parses_off_the_loop(
    wire: FeedServer, db: sqlite_utils.Database, services: Services, clock: Clock
) -> None:
    wire.serve("/feed.xml", rss([publish(wire, 1), publish(wire, 2)]))
    feed_store.add_feed(db, wire.url("/feed.xml"), alert_existing=True)
    async with Watcher(services, now=clock) as watcher:
        report = await watcher.poll_once()
    assert (report.count("new"), releases(db)) == (2, 2)


async def test_fetch_and_ingest_a_page_and_a_feed(
    wire: FeedServer, db: sqlite_utils.Database, services: Services
) -> None:
    page = publish(wire, 1)
    result = await fetch_and_ingest_url(services, page.link)
    assert (result.status, releases(db)) == ("new", 1)
    wire.serve("/feed.xml", rss([publish(wire, 2), page]))
    results = await fetch_and_ingest(services, wire.url("/feed.xml"))
    assert [r.status for r in results] == ["duplicate", "new"]
    assert (releases(db), posts(db)) == (2, {})


class CrashingPool(concurrent.futures.Executor):
    """An executor whose every job fails, as a parser bug or a dead worker would."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_exception(RuntimeError("parser exploded"))
        return future


async def test_unexpected_errors_fail_the_feed_not_the_watcher(
    wire: FeedServer, db: sqlite_utils.Database, services: Services, clock: Clock
) -> None:
    wire.serve("/feed.xml", rss([publish(wire, 1)]))
    feed_store.add_feed(db, wire.url("/feed.xml"))
    async with Watcher(services, now=clock, executor=CrashingPool()) as watcher:
        report = await watcher.poll_once()
    (failed,) = report.failed
    assert failed.url == wire.url("/feed.xml") and failed.error == "internal error: RuntimeError('parser exploded')"
    assert feed_store.get_feed(db, wire.url("/feed.xml"))["failures"] == 1


async def test_stop_during_a_poll_cancels_it_without_marking_the_feed_failed(
    wire: FeedServer, db: sqlite_utils.Database, make_watcher: Callable[[], Watcher]
) -> None:
    wire.serve("/slow.xml", rss([publish(wire, 1)]), delay=3.0)  # slower than the stop below, faster than timeouts
    feed_store.add_feed(db, wire.url("/slow.xml"))
    stop = asyncio.Event()
    watcher = make_watcher()
    running = asyncio.ensure_future(watcher.run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    started = asyncio.get_running_loop().time()
    await asyncio.wait_for(running, 2.0)
    assert asyncio.get_running_loop().time() - started < 1.0  # did not wait for the slow answer
    feed = feed_store.get_feed(db, wire.url("/slow.xml"))
    assert (feed["failures"], feed["last_error"], feed["status"]) == (0, None, "new")


def test_parser_pool_workers_start_with_ctrl_c_blocked() -> None:
    """Every worker exists when the pool is returned and has SIGINT/SIGTERM blocked (inherited from the
    starting thread), while the caller's own signal mask is left as it was."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    pool = default_executor()
    try:
        assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
        masks = [pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, set()).result() for _ in range(8)]
        assert all({signal.SIGINT, signal.SIGTERM} <= mask for mask in masks)
        assert len(pool._processes) == (os.cpu_count() or 2)  # all started up front, none started later
    finally:
        pool.shutdown()

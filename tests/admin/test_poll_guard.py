"""User-added feeds are guarded at every poll, not only when added: the watcher runs the SSRF check on the feed
URL, every redirect hop and every release page, unless PRBOT_ALLOW_PRIVATE_FEEDS is true (fake wire on 127.0.0.1,
real SQLite, the real watcher and fetcher)."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.admin import feeds as feed_admin
from bot.admin.status import status_text
from bot.admin.urls import check_url
from bot.fetch import Fetcher, FetchLimits, UrlCheck
from bot.services import Services
from bot.store import feeds as feed_store
from bot.watcher import Watcher
from tests.admin.helpers import make_settings
from tests.fakes.feed_server import FeedServer, Item, release_page, rss

NOW = dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.UTC)
LIMITS = FetchLimits(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0, host_rate=0.0)
METADATA = "http://169.254.169.254/latest/meta-data/"
REFUSED_ADDRESS = "is a private, loopback, link-local or reserved address"


@pytest.fixture
async def wire() -> AsyncIterator[FeedServer]:
    async with FeedServer() as server:
        yield server


@pytest.fixture
def executor() -> Iterator[concurrent.futures.Executor]:
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    yield pool
    pool.shutdown()


def trusting(wire: FeedServer) -> UrlCheck:
    """The production check, except that the fake wire's own URLs count as public."""

    async def check(url: str) -> None:
        if not url.startswith(wire.base_url + "/"):
            await check_url(url)

    return check


async def poll(
    services: Services, executor: concurrent.futures.Executor, *, at: dt.datetime = NOW, check: UrlCheck = check_url
) -> str:
    """Poll once at `at`; the only feed's outcome ("ok", "failed", ...)."""
    fetcher = Fetcher(services.settings.user_agent, LIMITS)
    watcher = Watcher(services, fetcher=fetcher, now=lambda: at, executor=executor, user_feed_check=check)
    report = await watcher.poll_once()
    return report.feeds[0].result


def publish(wire: FeedServer, links: list[str]) -> None:
    """A feed at /rss whose items link to `links` (paths on the wire are served as release pages)."""
    items = []
    for n, link in enumerate(links):
        if link.startswith("/"):
            page = release_page(f"Acme news {n}", [f"BOSTON, Nov. 29, 2026 -- Acme Corp today announced item {n}."])
            wire.serve(link, page, content_type="text/html")
            link = wire.url(link)
        items.append(Item(f"g{n}", link, f"Acme news {n}", NOW - dt.timedelta(hours=1)))
    wire.serve("/rss", rss(items))


async def test_feed_added_while_private_feeds_were_allowed_is_refused_at_poll_time(
    services: Services, tmp_path: Path, wire: FeedServer, executor: concurrent.futures.Executor
) -> None:
    publish(wire, ["/r1.html"])
    url = wire.url("/rss")
    services.settings = make_settings(tmp_path, PRBOT_ALLOW_PRIVATE_FEEDS=True)
    await feed_admin.add_feed(services, url)
    assert wire.hits["/rss"] == 1
    services.settings = make_settings(tmp_path)  # the setting is turned off again

    assert await poll(services, executor) == "failed"
    feed = feed_store.get_feed(services.db, url)
    assert feed is not None
    assert feed["last_error"] == (
        f"refusing {url}: 127.0.0.1 {REFUSED_ADDRESS} (127.0.0.1). "
        "Set PRBOT_ALLOW_PRIVATE_FEEDS=true to allow internal feeds."
    )
    assert (wire.hits["/rss"], wire.hits["/r1.html"]) == (1, 0)
    assert services.db.execute("SELECT count(*) FROM releases").fetchone()[0] == 0
    status = status_text(services, now=NOW + dt.timedelta(minutes=5))
    assert (
        f"[new] {url} (last new release: never); last poll failed 2026-11-29 15:00 UTC (5m ago), 1 failed poll in "
        f"a row: refusing {url}: 127.0.0.1 {REFUSED_ADDRESS}" in status
    )

    services.settings = make_settings(tmp_path, PRBOT_ALLOW_PRIVATE_FEEDS=True)  # allowed: the same feed is polled
    assert await poll(services, executor, at=NOW + dt.timedelta(hours=2)) == "ok"
    assert (wire.hits["/rss"], wire.hits["/r1.html"]) == (2, 1)


async def test_redirect_to_the_metadata_address_is_refused_at_poll_time(
    services: Services, wire: FeedServer, executor: concurrent.futures.Executor
) -> None:
    publish(wire, ["/r1.html"])
    wire.serve("/moved", redirect_to="/rss")
    url = wire.url("/moved")
    await feed_admin.add_feed(services, url, check=trusting(wire))  # public (trusted) when added
    wire.serve("/moved", redirect_to=METADATA)  # later it redirects to the cloud metadata service

    assert await poll(services, executor, check=trusting(wire)) == "failed"
    feed = feed_store.get_feed(services.db, url)
    assert feed is not None
    assert feed["last_error"] == (
        f"{url} redirected to a refused address: refusing {METADATA}: 169.254.169.254 {REFUSED_ADDRESS} "
        "(169.254.169.254). Set PRBOT_ALLOW_PRIVATE_FEEDS=true to allow internal feeds."
    )
    assert wire.hits["/rss"] == 1  # the add-time fetch only


async def test_release_pages_of_a_user_feed_are_checked_too(
    services: Services, wire: FeedServer, executor: concurrent.futures.Executor
) -> None:
    wire.serve("/to-metadata", redirect_to=METADATA)
    publish(wire, ["/r1.html", METADATA, wire.url("/to-metadata"), "file:///etc/passwd"])
    feed_store.add_feed(services.db, wire.url("/rss"), source="user")

    assert await poll(services, executor, check=trusting(wire)) == "ok"
    reasons = {
        row["guid"].rsplit(":", 1)[-1]: (row["status"], row["reason"])
        for row in services.db.query("SELECT guid, status, reason FROM entries")
    }
    assert reasons["g0"][0] == "baseline"
    assert reasons["g1"] == (
        "failed",
        f"could not fetch the release page (refusing {METADATA}: 169.254.169.254 {REFUSED_ADDRESS} "
        "(169.254.169.254). Set PRBOT_ALLOW_PRIVATE_FEEDS=true to allow internal feeds.); will retry on the next poll",
    )
    assert reasons["g2"][0] == "failed"
    assert f"{wire.url('/to-metadata')} redirected to a refused address: refusing {METADATA}" in reasons["g2"][1]
    assert reasons["g3"][0] == "failed"
    assert "is not a web address: only http:// and https:// are allowed" in reasons["g3"][1]
    assert services.db.execute("SELECT count(*) FROM releases").fetchone()[0] == 1


async def test_operator_feeds_are_not_checked(
    services: Services, wire: FeedServer, executor: concurrent.futures.Executor
) -> None:
    publish(wire, ["/r1.html"])
    feed_store.add_feed(services.db, wire.url("/rss"), source="env")  # PRBOT_FEEDS, set by the operator
    assert await poll(services, executor) == "ok"
    assert wire.hits["/r1.html"] == 1


async def test_feeds_added_at_the_terminal_are_not_checked(
    services: Services, wire: FeedServer, executor: concurrent.futures.Executor
) -> None:
    publish(wire, ["/r1.html"])
    feed_store.add_feed(services.db, wire.url("/rss"), source="operator")  # `prbot feeds add`
    assert await poll(services, executor) == "ok"
    assert wire.hits["/r1.html"] == 1

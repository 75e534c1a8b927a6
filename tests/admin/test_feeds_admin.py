"""`/pr admin feeds ...` through dispatch: SSRF refused before anything is fetched or stored; a real feed is
test-fetched and reported before it is added; list, pause, resume, remove."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlite_utils
from aiohttp import web

from bot.services import Services
from bot.store import audit
from bot.store import feeds as feed_store
from tests.admin.conftest import Ask
from tests.admin.helpers import ADMIN, make_settings
from tests.admin.test_urls import RSS


@pytest.fixture
async def feed_url() -> AsyncIterator[tuple[str, list[str]]]:
    """A feed server on 127.0.0.1 (`/page` is a web page, anything else the feed). Yields (base, requests)."""
    requested: list[str] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        requested.append(request.path)
        if request.path == "/page":
            return web.Response(text="<!doctype html><html><body>hello</body></html>", content_type="text/html")
        return web.Response(body=RSS, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}", requested  # type: ignore[union-attr]
    await runner.cleanup()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "<http://[::1]/rss>",
        "http://localhost/",
        "http://10.0.0.5/rss",
        "file:///etc/passwd",
    ],
)
async def test_feeds_add_refuses_internal_urls_and_stores_nothing(ask: Ask, services: Services, url: str) -> None:
    reply = await ask(f"admin feeds add {url}")
    assert (
        reply.text.startswith("refusing")
        or reply.text == "file:///etc/passwd is not a web address: only http:// and https:// are allowed"
    )
    assert feed_store.list_feeds(services.db) == []
    last = audit.recent(services.db, limit=1)[0]
    assert (last["user_id"], last["outcome"], last["detail"]) == (ADMIN, "error", reply.text)


async def test_feeds_add_by_default_refuses_even_a_real_local_feed(
    ask: Ask, services: Services, feed_url: tuple[str, list[str]]
) -> None:
    base, requested = feed_url
    assert (await ask(f"admin feeds add {base}/rss")).text.startswith("refusing")
    assert requested == [] and feed_store.list_feeds(services.db) == []


@pytest.fixture
def private_ok(services: Services, tmp_path: Path) -> Services:
    """PRBOT_ALLOW_PRIVATE_FEEDS=true (an internal feed server is allowed)."""
    services.settings = make_settings(tmp_path, PRBOT_ALLOW_PRIVATE_FEEDS=True)
    return services


async def test_feeds_lifecycle_with_private_feeds_allowed(
    ask: Ask, private_ok: Services, feed_url: tuple[str, list[str]]
) -> None:
    base, requested = feed_url
    db: sqlite_utils.Database = private_ok.db
    url = f"{base}/rss"
    tested = await ask(f"admin feeds test <{url}>")
    assert tested.text == (
        f'{url} is a readable feed: "Acme wire": 2 entries, newest "Acme partners with Beta" (2026-11-29 14:05 UTC)'
    )
    assert feed_store.list_feeds(db) == []
    added = await ask(f"admin feeds add {url}")
    assert added.text.startswith(f'Now watching {url}: "Acme wire": 2 entries, newest "Acme partners with Beta"')
    assert [(f["url"], f["source"], f["status"]) for f in feed_store.list_feeds(db)] == [(url, "user", "new")]
    assert requested == ["/rss", "/rss"]
    listed = await ask("admin feeds list")
    assert listed.text == f"1 watched feeds:\n[new] {url} (last new release: never)"
    assert (await ask(f"admin feeds pause {url}")).text.startswith("Paused")
    assert feed_store.list_feeds(db)[0]["status"] == "paused"
    assert (await ask(f"admin feeds resume {url}")).text.startswith("Resumed")
    assert feed_store.list_feeds(db)[0]["status"] == "new"
    assert (await ask(f"admin feeds remove {url}")).text.startswith("Stopped watching")
    assert feed_store.list_feeds(db) == []
    assert "is not a watched feed" in (await ask(f"admin feeds pause {url}")).text


async def test_feeds_add_of_a_web_page_is_refused_plainly(
    ask: Ask, private_ok: Services, feed_url: tuple[str, list[str]]
) -> None:
    base, _ = feed_url
    reply = await ask(f"admin feeds add {base}/page")
    assert reply.text.startswith(f"could not read the feed at {base}/page: ") and "HTML page" in reply.text
    assert feed_store.list_feeds(private_ok.db) == []


@pytest.mark.parametrize("text", ["admin feeds", "admin feeds frobnicate", "admin feeds add", "admin feeds add a b"])
async def test_feeds_usage(ask: Ask, text: str) -> None:
    assert "usage" in (await ask(text)).text


@pytest.mark.parametrize(
    ("url", "reply"),
    [
        ("notaurl", "notaurl is not a web address: give a full http:// or https:// URL"),
        (
            "ftp://feeds.example.com/rss",
            "ftp://feeds.example.com/rss is not a web address: only http:// and https:// are allowed",
        ),
    ],
)
async def test_feeds_add_of_something_that_is_not_a_web_address(
    ask: Ask, services: Services, url: str, reply: str
) -> None:
    assert (await ask(f"admin feeds add {url}")).text == reply
    assert feed_store.list_feeds(services.db) == []

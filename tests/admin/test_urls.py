"""The feed URL guard refuses internal addresses (SSRF), directly, through DNS and through redirects."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.admin.feeds import preview_feed
from bot.admin.urls import check_url
from bot.errors import CommandError

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Acme wire</title>
<item><title>Acme partners with Beta</title><link>https://acme.example/r/1</link><guid>r1</guid>
<pubDate>Sun, 29 Nov 2026 14:05:00 GMT</pubDate></item>
<item><title>Acme reports earnings</title><link>https://acme.example/r/0</link><guid>r0</guid>
<pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""


def resolver_for(table: dict[str, list[str]]):
    """An injected DNS: host -> addresses; an unknown name does not resolve."""

    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise CommandError(f"cannot resolve the host {host}")
        return table[host]

    return resolve


PUBLIC_DNS = resolver_for(
    {
        "feeds.example.com": ["93.184.216.34"],
        "intranet.example.com": ["10.1.2.3"],
        "sneaky.example.com": ["93.184.216.34", "192.168.0.10"],
        "metadata.example.com": ["169.254.169.254"],
        "v6only.example.com": ["fd00::1"],
        "mapped.example.com": ["::ffff:127.0.0.1"],
    }
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://127.1.2.3:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://10.0.0.5/rss",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:10.0.0.5]/",
        "http://intranet.example.com/feed",
        "http://sneaky.example.com/feed",
        "http://metadata.example.com/",
        "http://v6only.example.com/",
        "http://mapped.example.com/",
    ],
)
async def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(CommandError, match="refusing"):
        await check_url(url, resolver=PUBLIC_DNS)


async def test_localhost_is_refused_with_the_system_resolver() -> None:
    with pytest.raises(CommandError, match=r"refusing http://localhost/.*(127\.0\.0\.1|::1)"):
        await check_url("http://localhost/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://feeds.example.com/", "gopher://x/", "feeds.example.com"])
async def test_only_http_and_https(url: str) -> None:
    with pytest.raises(CommandError, match="is not a web address: "):
        await check_url(url, resolver=PUBLIC_DNS, allow_private=True)


async def test_public_host_passes_and_unknown_host_is_refused() -> None:
    await check_url("https://feeds.example.com/rss", resolver=PUBLIC_DNS)
    await check_url("http://93.184.216.34/", resolver=PUBLIC_DNS)
    with pytest.raises(CommandError, match="cannot resolve"):
        await check_url("https://nowhere.example.com/", resolver=PUBLIC_DNS)


async def test_setting_allows_private_addresses() -> None:
    await check_url("http://10.0.0.5/rss", allow_private=True, resolver=PUBLIC_DNS)
    await check_url("http://intranet.example.com/feed", allow_private=True, resolver=PUBLIC_DNS)


@pytest.fixture
async def feed_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A feed server on 127.0.0.1: /feed is a feed, /hop redirects to /feed, /to-internal redirects to the cloud
    metadata address, /to-loopback to /feed by its 127.0.0.1 address. Yields (base URL, paths requested)."""
    requested: list[str] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        requested.append(request.path)
        if request.path == "/feed":
            return web.Response(body=RSS, content_type="application/rss+xml")
        if request.path == "/hop":
            raise web.HTTPFound("/feed")
        if request.path == "/to-internal":
            raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")
        if request.path == "/to-loopback":
            raise web.HTTPMovedPermanently(f"http://127.0.0.1:{request.url.port}/feed")
        raise web.HTTPNotFound()

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", requested
    await runner.cleanup()


def trusting(*allowed: str):
    """The production check, except that the test server's own start URLs count as public."""

    async def check(url: str) -> None:
        if url not in allowed:
            await check_url(url, resolver=PUBLIC_DNS)

    return check


async def test_preview_follows_a_checked_redirect_and_reports_the_feed(feed_server: tuple[str, list[str]]) -> None:
    base, requested = feed_server
    check = trusting(f"{base}/hop", f"{base}/feed")
    preview = await preview_feed(f"{base}/hop", user_agent="prbot-test", check=check)
    assert (preview.title, preview.entry_count, preview.newest_title) == ("Acme wire", 2, "Acme partners with Beta")
    assert preview.newest_published is not None and preview.newest_published.isoformat() == "2026-11-29T14:05:00+00:00"
    assert requested == ["/hop", "/feed"]


@pytest.mark.parametrize("path", ["/to-internal", "/to-loopback"])
async def test_redirect_to_an_internal_address_is_refused_before_it_is_followed(
    feed_server: tuple[str, list[str]], path: str
) -> None:
    base, requested = feed_server
    with pytest.raises(CommandError, match="refusing"):
        await preview_feed(f"{base}{path}", user_agent="prbot-test", check=trusting(f"{base}{path}"))
    assert requested == [path]


async def test_preview_of_a_non_feed_is_a_plain_error(feed_server: tuple[str, list[str]]) -> None:
    base, _ = feed_server
    with pytest.raises(CommandError, match="could not read the feed"):
        await preview_feed(f"{base}/missing", user_agent="prbot-test", check=trusting(f"{base}/missing"))

"""The fetcher against the fake wire: conditional GET, gzip, caps, timeouts, errors in plain words, politeness."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import os
import time
from pathlib import Path

import pytest

from bot.errors import CommandError, FetchError
from bot.fetch import Fetcher, FetchLimits, FetchResult, parse_retry_after
from tests.fakes.feed_server import FeedServer
from tests.watcher.conftest import TEST_LIMITS

UA = "prbot-test/1.0 (test@example.com)"


async def fetch(url: str, limits: FetchLimits = TEST_LIMITS, **kwargs: str) -> FetchResult:
    async with Fetcher(UA, limits) as fetcher:
        return await fetcher.fetch(url, **kwargs)


async def test_get_sends_user_agent_and_returns_body_and_validators(wire: FeedServer) -> None:
    wire.serve("/feed.xml", "<rss/>", etag='"v1"', last_modified="Mon, 05 Jan 2026 10:00:00 GMT")
    result = await fetch(wire.url("/feed.xml"))
    assert (result.status, result.body, result.etag) == (200, b"<rss/>", '"v1"')
    assert result.last_modified == "Mon, 05 Jan 2026 10:00:00 GMT"
    assert (result.content_type, result.charset) == ("application/rss+xml", "utf-8")
    assert wire.requests[0][1]["User-Agent"] == UA


async def test_conditional_get_gives_not_modified_for_etag_and_for_last_modified(wire: FeedServer) -> None:
    wire.serve("/a", "<rss/>", etag='"v1"')
    wire.serve("/b", "<rss/>", last_modified="Mon, 05 Jan 2026 10:00:00 GMT")
    by_etag = await fetch(wire.url("/a"), etag='"v1"')
    by_date = await fetch(wire.url("/b"), last_modified="Mon, 05 Jan 2026 10:00:00 GMT")
    changed = await fetch(wire.url("/a"), etag='"v0"')
    assert (by_etag.not_modified, by_etag.body) == (True, b"")
    assert by_date.not_modified
    assert not changed.not_modified and changed.body == b"<rss/>"
    assert wire.requests[0][1]["If-None-Match"] == '"v1"'


async def test_gzip_is_asked_for_and_decoded(wire: FeedServer) -> None:
    body = ("<rss>" + "x" * 5000 + "</rss>").encode()
    wire.serve("/gz", body, gzip=True)
    result = await fetch(wire.url("/gz"))
    assert result.body == body
    assert "gzip" in wire.requests[0][1]["Accept-Encoding"]


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, "HTTP 500 Internal Server Error"), (503, "HTTP 503 Service Unavailable"), (404, "HTTP 404 Not Found")],
)
async def test_error_status_is_a_fetch_error_in_plain_words(wire: FeedServer, status: int, message: str) -> None:
    wire.serve("/err", "oops", status=status)
    with pytest.raises(FetchError) as caught:
        await fetch(wire.url("/err"))
    assert (str(caught.value), caught.value.status, caught.value.retry_after) == (message, status, None)


async def test_429_carries_retry_after_seconds(wire: FeedServer) -> None:
    wire.serve("/busy", "slow down", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        await fetch(wire.url("/busy"))
    assert (caught.value.status, caught.value.retry_after) == (429, 120.0)


def test_retry_after_as_http_date_and_garbage() -> None:
    now = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(later, now=now) == 300.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after("999999") == 6 * 3600.0


async def test_slow_response_times_out(wire: FeedServer) -> None:
    wire.serve("/slow", "<rss/>", delay=2.0)
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        await fetch(wire.url("/slow"))


@pytest.mark.parametrize("chunked", [False, True])
async def test_body_over_the_size_cap_is_refused(wire: FeedServer, chunked: bool) -> None:
    wire.serve("/big", b"x" * 300_000, chunked=chunked)
    with pytest.raises(FetchError, match="response larger than 195 KB"):
        await fetch(wire.url("/big"))


async def test_redirects_are_followed_and_capped(wire: FeedServer) -> None:
    wire.serve("/old", redirect_to="/new")
    wire.serve("/new", "<rss/>")
    wire.serve("/loop-a", redirect_to="/loop-b")
    wire.serve("/loop-b", redirect_to="/loop-a")
    moved = await fetch(wire.url("/old"))
    assert (moved.url, moved.body) == (wire.url("/new"), b"<rss/>")
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        await fetch(wire.url("/loop-a"))
    assert wire.hits["/loop-a"] + wire.hits["/loop-b"] == 4


async def test_refused_connection_says_could_not_connect(wire: FeedServer) -> None:
    with pytest.raises(FetchError, match=r"could not connect to 127\.0\.0\.1: connection refused"):
        await fetch("http://127.0.0.1:9/feed.xml")


async def test_unsupported_scheme() -> None:
    with pytest.raises(FetchError, match="only http, https and file"):
        await fetch("ftp://example.com/feed.xml")


async def test_file_url_reads_disk_with_last_modified(tmp_path: Path) -> None:
    path = tmp_path / "demo feed.xml"
    path.write_bytes(b"<rss/>")
    first = await fetch(path.as_uri())
    again = await fetch(path.as_uri(), last_modified=first.last_modified)
    os.utime(path, (time.time() + 10, time.time() + 10))
    touched = await fetch(path.as_uri(), last_modified=first.last_modified)
    assert (first.body, first.content_type) == (b"<rss/>", "application/xml")
    assert again.not_modified
    assert not touched.not_modified
    with pytest.raises(FetchError, match="no such file"):
        await fetch((tmp_path / "missing.xml").as_uri())


async def test_per_host_rate_spaces_requests(wire: FeedServer) -> None:
    wire.serve("/r", "ok")
    limits = FetchLimits(host_rate=20.0)
    async with Fetcher(UA, limits) as fetcher:
        started = time.monotonic()
        await asyncio.gather(*(fetcher.fetch(wire.url("/r")) for _ in range(6)))
        elapsed = time.monotonic() - started
    assert elapsed >= 5 / 20.0 * 0.95


def test_sec_hosts_are_limited_to_ten_per_second() -> None:
    limits = FetchLimits()
    assert limits.host_rates["www.sec.gov"] == 10.0
    assert limits.host_rate <= 10.0


async def test_per_host_concurrency_is_bounded(wire: FeedServer) -> None:
    wire.serve("/c", "ok", delay=0.1)
    limits = FetchLimits(host_concurrency=2, host_rate=0.0)
    async with Fetcher(UA, limits) as fetcher:
        await asyncio.gather(*(fetcher.fetch(wire.url("/c")) for _ in range(6)))
    assert wire.max_in_flight == 2


def test_text_prefers_utf8_then_declared_charset_with_latin1_read_as_cp1252() -> None:
    def text(body: bytes, charset: str | None) -> str:
        return FetchResult(url="http://x", status=200, body=body, charset=charset).text()

    assert text("Société".encode(), "iso-8859-1") == "Société"
    assert text(b"\x93quoted\x94 caf\xe9", "iso-8859-1") == "\u201cquoted\u201d café"
    assert text("Ærø".encode("iso-8859-15"), "iso-8859-15") == "Ærø"
    assert text(b"caf\xe9", None) == "café"
    assert text(b"caf\xe9", "no-such-charset") == "café"


class Guard:
    """A URL check that records every URL it sees and refuses the ones containing `refuse`."""

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.seen: list[str] = []

    async def __call__(self, url: str) -> None:
        self.seen.append(url)
        if self.refuse and self.refuse in url:
            raise CommandError(f"refusing {url}")


async def test_url_checks_run_on_the_first_url_and_every_redirect_target(wire: FeedServer) -> None:
    wire.serve("/a", redirect_to="/b")
    wire.serve("/b", redirect_to="/c")
    wire.serve("/c", "<rss/>")
    every, once = Guard(), Guard()
    async with Fetcher(UA, TEST_LIMITS, url_check=every) as fetcher:
        result = await fetcher.fetch(wire.url("/a"), url_check=once)
        await fetcher.fetch(wire.url("/c"))
    assert result.body == b"<rss/>"
    assert once.seen == [wire.url("/a"), wire.url("/b"), wire.url("/c")]
    assert every.seen == [*once.seen, wire.url("/c")]


async def test_a_refused_redirect_target_is_never_requested(wire: FeedServer) -> None:
    wire.serve("/start", redirect_to="/internal")
    wire.serve("/internal", "secret")
    async with Fetcher(UA, TEST_LIMITS) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(wire.url("/start"), url_check=Guard(refuse="/internal"))
    assert str(caught.value) == (
        f"{wire.url('/start')} redirected to a refused address: refusing {wire.url('/internal')}"
    )
    assert (wire.hits["/start"], wire.hits["/internal"]) == (1, 0)


async def test_a_refused_first_url_sends_nothing_and_covers_file_urls(wire: FeedServer, tmp_path: Path) -> None:
    wire.serve("/feed.xml", "<rss/>")
    (tmp_path / "feed.xml").write_bytes(b"<rss/>")
    async with Fetcher(UA, TEST_LIMITS, url_check=Guard(refuse="feed.xml")) as fetcher:
        for url in (wire.url("/feed.xml"), (tmp_path / "feed.xml").as_uri()):
            with pytest.raises(FetchError, match=r"^refusing .*feed\.xml$"):
                await fetcher.fetch(url)
    assert wire.hits["/feed.xml"] == 0

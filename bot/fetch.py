"""HTTP fetching for feeds and release pages: one shared aiohttp session, polite and bounded.

- conditional GET: pass the ETag / Last-Modified remembered from the last fetch; a 304 gives `not_modified`.
- gzip/deflate: asked for and decoded by aiohttp; the size cap applies to the decoded body.
- timeouts (seconds): `connect_timeout` to open the connection, `read_timeout` between two reads of the socket,
  `total_timeout` for the whole exchange (a slow drip cannot hold a slot for ever).
- caps: `max_bytes` on the body (streamed; the fetch stops as soon as it is passed), `max_redirects` hops.
- per host: at most `host_concurrency` requests at once and `host_rate` requests per second; SEC hosts at most
  10 requests/s (SEC EDGAR fair-access policy, which also requires a contact address in the User-Agent).
- `file://` URLs are read from disk (the bundled demo feed, tests) and give the same `FetchResult`; their
  Last-Modified is the file's modification time, so conditional GET works for them too.
- URL checks (`UrlCheck`, e.g. the SSRF guard `bot.admin.urls.check_url`): given to the `Fetcher` (every fetch)
  and/or to one `fetch` call, they run before each request, on the first URL and on every redirect target, so
  a redirect can never lead where the check would refuse.

Every failure is a `FetchError` with a plain-words message, the HTTP status when there was one and the server's
Retry-After in seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import mimetypes
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import aiohttp

from bot.config import url_problem
from bot.errors import FetchError, PrbotError

SEC_HOSTS = ("sec.gov", "www.sec.gov", "efts.sec.gov")
"""Hosts limited to 10 requests/s by the SEC's fair-access policy."""

MAX_RETRY_AFTER_SECONDS = 6 * 3600.0
"""A Retry-After longer than this (6 h) is taken as 6 h."""

UrlCheck = Callable[[str], Awaitable[None]]
"""`async check(url) -> None`, run before each request of a fetch (the first URL and every redirect target).
It refuses a URL by raising a `PrbotError` (e.g. `CommandError`); the fetch then raises `FetchError` with the
same plain-words message (prefixed with the URL that redirected there, for a redirect target)."""


@dataclass(frozen=True)
class FetchLimits:
    """Timeouts (seconds), caps and per-host politeness of a `Fetcher`."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    host_concurrency: int = 4
    host_rate: float = 5.0
    """Requests per second to one host (other than those in `host_rates`)."""
    host_rates: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SEC_HOSTS, 10.0))


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL. `url` is the final URL after redirects; `status` is 200 (or another 2xx) or 304.

    `body` is the decoded (un-gzipped) bytes, empty for a 304. `charset` is the one declared in Content-Type.
    """

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    charset: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304: nothing changed since the ETag / Last-Modified given."""
        return self.status == 304

    def text(self) -> str:
        """The body as text: UTF-8 when the bytes are valid UTF-8 (declared charsets are often wrong), else the
        declared charset (ISO-8859-1 and ASCII read as cp1252, as browsers do per the WHATWG Encoding standard),
        else cp1252 (common in wire exports); never raises."""
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        charset = (self.charset or "cp1252").lower()
        if charset in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            charset = "cp1252"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("cp1252", errors="replace")


class _HostGate:
    """Concurrency and rate limit for one host: a semaphore plus evenly spaced start times."""

    def __init__(self, concurrency: int, rate: float) -> None:
        self.semaphore = asyncio.Semaphore(concurrency)
        self.spacing = 1.0 / rate if rate > 0 else 0.0
        self.next_start = 0.0

    async def wait_turn(self) -> None:
        """Sleep until this host may get another request (called while holding the semaphore)."""
        if not self.spacing:
            return
        now = time.monotonic()
        start = max(now, self.next_start)
        self.next_start = start + self.spacing
        if start > now:
            await asyncio.sleep(start - now)


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Retry-After header (RFC 9110: delay in seconds or an HTTP date) -> seconds from now, capped at 6 h;
    None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _size_words(n: int) -> str:
    return f"{n / (1024 * 1024):.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


async def _run_checks(checks: list[UrlCheck], url: str, *, redirected_from: str | None = None) -> None:
    """Run each URL check on `url`; a refusal (any `PrbotError`) becomes a `FetchError` in the same words."""
    for check in checks:
        try:
            await check(url)
        except PrbotError as err:
            prefix = f"{redirected_from} redirected to a refused address: " if redirected_from else ""
            raise FetchError(f"{prefix}{err}") from err


class Fetcher:
    """The shared HTTP client. Use as `async with Fetcher(user_agent) as fetcher: await fetcher.fetch(url)`.

    One `aiohttp.ClientSession` for every request; redirects are followed here (not by aiohttp) so each hop
    goes through the per-host limits, the redirect cap and the URL checks. `url_check` (optional) runs before
    every request of every fetch; `fetch(..., url_check=...)` adds one for a single fetch.
    """

    def __init__(
        self, user_agent: str, limits: FetchLimits | None = None, *, url_check: UrlCheck | None = None
    ) -> None:
        self.user_agent = user_agent
        self.limits = limits or FetchLimits()
        self.url_check = url_check
        self._session: aiohttp.ClientSession | None = None
        self._gates: dict[str, _HostGate] = {}

    async def __aenter__(self) -> Fetcher:
        limits = self.limits
        timeout = aiohttp.ClientTimeout(
            total=limits.total_timeout, connect=limits.connect_timeout, sock_read=limits.read_timeout
        )
        self._session = aiohttp.ClientSession(
            timeout=timeout,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            connector=aiohttp.TCPConnector(limit=100, limit_per_host=limits.host_concurrency),
            auto_decompress=True,
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the session (idempotent)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def is_open(self) -> bool:
        """True between `__aenter__` and `aclose()`."""
        return self._session is not None

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            rate = self.limits.host_rates.get(host, self.limits.host_rate)
            gate = self._gates[host] = _HostGate(self.limits.host_concurrency, rate)
        return gate

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        url_check: UrlCheck | None = None,
    ) -> FetchResult:
        """GET `url` (http, https or file), conditionally when `etag`/`last_modified` are given.

        The fetcher's `url_check` and this call's `url_check` run before the first request and before following
        each redirect. Returns a `FetchResult` (status 304 = not modified). Raises `FetchError` for a URL a check
        refused, a connection failure, a timeout, an HTTP status >= 400, a body over `max_bytes`, too many
        redirects or an unsupported URL.
        """
        if problem := url_problem(url):
            raise FetchError(f"cannot fetch {problem}")
        checks = [check for check in (self.url_check, url_check) if check is not None]
        await _run_checks(checks, url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            return await asyncio.to_thread(self._read_file, url, last_modified)
        if scheme not in ("http", "https"):
            raise FetchError(f"cannot fetch {url!r}: only http, https and file URLs are supported")
        if self._session is None:
            raise RuntimeError("Fetcher used outside `async with`")
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        current = url
        for _ in range(self.limits.max_redirects + 1):
            result = await self._fetch_once(current, headers)
            if isinstance(result, FetchResult):
                return result
            await _run_checks(checks, result, redirected_from=current)
            current = result
        raise FetchError(f"too many redirects (more than {self.limits.max_redirects}) from {url}")

    async def _fetch_once(self, url: str, headers: dict[str, str]) -> FetchResult | str:
        """One request: a FetchResult, or the absolute URL to follow for a redirect."""
        assert self._session is not None
        host = (urlsplit(url).hostname or "").lower()
        gate = self._gate(host)
        limits = self.limits
        async with gate.semaphore:
            await gate.wait_turn()
            try:
                async with self._session.get(url, headers=headers, allow_redirects=False) as resp:
                    if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                        return urljoin(url, resp.headers["Location"])
                    if resp.status >= 400:
                        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                        raise FetchError(
                            f"HTTP {resp.status} {resp.reason or ''}".strip(),
                            status=resp.status,
                            retry_after=retry_after,
                        )
                    common = {
                        "url": url,
                        "status": resp.status,
                        "etag": resp.headers.get("ETag"),
                        "last_modified": resp.headers.get("Last-Modified"),
                        "content_type": resp.content_type,
                        "charset": resp.charset,
                    }
                    if resp.status == 304:
                        return FetchResult(**common)
                    declared = resp.content_length
                    if declared is not None and declared > limits.max_bytes and "Content-Encoding" not in resp.headers:
                        raise FetchError(f"response larger than {_size_words(limits.max_bytes)}", status=resp.status)
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in resp.content.iter_chunked(65536):
                        size += len(chunk)
                        if size > limits.max_bytes:
                            raise FetchError(
                                f"response larger than {_size_words(limits.max_bytes)}", status=resp.status
                            )
                        chunks.append(chunk)
                    return FetchResult(body=b"".join(chunks), **common)
            except aiohttp.ConnectionTimeoutError as exc:
                raise FetchError(f"could not connect to {host}: timed out after {limits.connect_timeout:g} s") from exc
            except aiohttp.SocketTimeoutError as exc:
                raise FetchError(f"timed out after {limits.read_timeout:g} s waiting for {host}") from exc
            except TimeoutError as exc:
                raise FetchError(f"timed out after {limits.total_timeout:g} s fetching from {host}") from exc
            except aiohttp.ClientConnectorError as exc:
                refused = isinstance(exc.os_error, ConnectionRefusedError)
                reason = "connection refused" if refused else exc.os_error.strerror or exc.os_error
                raise FetchError(f"could not connect to {host}: {reason}") from exc
            except aiohttp.ClientPayloadError as exc:
                raise FetchError(f"{host} sent a broken response body: {exc}") from exc
            except aiohttp.ClientError as exc:
                raise FetchError(f"request to {host} failed: {exc or type(exc).__name__}") from exc

    def _read_file(self, url: str, last_modified: str | None) -> FetchResult:
        """Read a file:// URL from disk, with the same size cap and Last-Modified semantics as HTTP."""
        parts = urlsplit(url)
        path = Path(url2pathname(unquote(parts.path)))
        try:
            stat = path.stat()
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            content_type = mimetypes.guess_type(path.name)[0]
            if path.suffix.lower() in (".rss", ".atom", ".xml"):
                content_type = "application/xml"
            if last_modified and last_modified == modified:
                return FetchResult(url=url, status=304, last_modified=modified, content_type=content_type)
            if stat.st_size > self.limits.max_bytes:
                raise FetchError(f"file larger than {_size_words(self.limits.max_bytes)}: {path}")
            body = path.read_bytes()
        except FileNotFoundError as exc:
            raise FetchError(f"no such file: {path}") from exc
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
        return FetchResult(url=url, status=200, body=body, last_modified=modified, content_type=content_type)

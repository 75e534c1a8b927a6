"""A fake newswire on 127.0.0.1 (aiohttp, port 0) for the watcher's tests and bench.

Each path is a `Route` the test sets and changes between polls: a body with its content type and declared
charset, ETag / Last-Modified (conditional GETs get a 304), a status with Retry-After, a delay before the
answer, a redirect, gzip. Every request is recorded (`requests`: path and headers) and counted (`hits`).
Builders make RSS 2.0 (GlobeNewswire-style), Atom, RDF, EDGAR-style Atom and release pages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import gzip
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from xml.sax.saxutils import escape

from aiohttp import web


@dataclass
class Route:
    """How one path answers. `body` bytes; `status` (an error status sends `body` too); `headers` extra."""

    body: bytes = b""
    content_type: str = "application/rss+xml"
    charset: str | None = "utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    redirect_to: str | None = None
    gzip: bool = False
    chunked: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer:
    """`async with FeedServer() as server:` then `server.serve("/feed.xml", rss([...]))`, `server.url(path)`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("GET", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        """Absolute URL of `path` on this server."""
        return self.base_url + path

    def serve(self, path: str, body: bytes | str = b"", **options: object) -> Route:
        """Answer `path` with `body` (str encoded as UTF-8) and `Route` options; replaces any earlier route."""
        route = Route(body=body.encode() if isinstance(body, str) else body, **options)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs if request.path_qs in self.routes else request.path
        self.hits[path] += 1
        self.requests.append((path, dict(request.headers)))
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if route.delay:
                await asyncio.sleep(route.delay)
            return await self._answer(request, route)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: web.Request, route: Route) -> web.StreamResponse:
        if route.redirect_to is not None:
            raise web.HTTPFound(route.redirect_to)
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if route.status == 200 and (
            (route.etag and request.headers.get("If-None-Match") == route.etag)
            or (route.last_modified and request.headers.get("If-Modified-Since") == route.last_modified)
        ):
            return web.Response(status=304, headers=headers)
        content_type = route.content_type + (f"; charset={route.charset}" if route.charset else "")
        headers["Content-Type"] = content_type
        body = route.body
        if route.gzip and "gzip" in request.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if not route.chunked:
            return web.Response(status=route.status, body=body, headers=headers)
        response = web.StreamResponse(status=route.status, headers=headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 16384):
            await response.write(body[start : start + 16384])
        await response.write_eof()
        return response


def http_date(moment: dt.datetime) -> str:
    """RFC 822 date as feeds and HTTP headers write it."""
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


@dataclass
class Item:
    """One feed item. `ticker` like "Nasdaq:IMGN" becomes a GlobeNewswire stock category."""

    guid: str
    link: str
    title: str
    published: dt.datetime
    summary: str = "Summary only."
    content: str | None = None
    ticker: str | None = None
    issuer: str | None = None
    identifier: str | None = None


def rss(items: list[Item], *, title: str = "Fake wire", encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 document, GlobeNewswire-style (stock category, dc:identifier, dc:contributor, dc:modified)."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>https://example.com/</link><description>d</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid><link>{escape(item.link)}</link>')
        parts.append(f"<title>{escape(item.title)}</title><pubDate>{http_date(item.published)}</pubDate>")
        parts.append(f"<description>{escape(item.summary)}</description>")
        if item.ticker:
            parts.append(f'<category domain="https://www.globenewswire.com/rss/stock">{escape(item.ticker)}</category>')
        if item.issuer:
            parts.append(f"<dc:contributor>{escape(item.issuer)}</dc:contributor>")
        if item.identifier:
            parts.append(f"<dc:identifier>{escape(item.identifier)}</dc:identifier>")
            parts.append(f"<dc:modified>{http_date(item.published)}</dc:modified>")
        if item.content:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding if encoding.lower() not in ("us-ascii", "iso-8859-1") else "utf-8")


def atom(items: list[Item], *, title: str = "Fake Atom wire") -> bytes:
    """An Atom 1.0 document."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">']
    parts.append(f"<title>{escape(title)}</title><id>urn:fake</id><updated>2026-01-01T00:00:00Z</updated>")
    for item in items:
        parts.append(
            f"<entry><id>{escape(item.guid)}</id><title>{escape(item.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(item.link)}"/>'
            f"<updated>{item.published.isoformat()}</updated><summary>{escape(item.summary)}</summary></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts).encode()


def rdf(items: list[Item]) -> bytes:
    """An RSS 1.0 (RDF) document."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        '<channel rdf:about="https://example.com/"><title>Fake RDF</title><link>https://example.com/</link></channel>',
    ]
    for item in items:
        parts.append(
            f'<item rdf:about="{escape(item.link)}"><title>{escape(item.title)}</title><link>{escape(item.link)}</link>'
            f"<dc:date>{item.published.isoformat()}</dc:date><description>{escape(item.summary)}</description></item>"
        )
    parts.append("</rdf:RDF>")
    return "\n".join(parts).encode()


@dataclass
class Filing:
    """One EDGAR current-filings entry: accession number, CIK, company, role (Filer, Subject, Reporting)."""

    accession: str
    cik: str
    company: str
    index_url: str
    role: str = "Filer"
    form: str = "8-K"
    filed: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 1, 2, 22, 0, tzinfo=dt.UTC))


def edgar_atom(filings: list[Filing]) -> bytes:
    """An EDGAR `getcurrent` Atom document: one entry per filing and party, the accession number in the id."""
    parts = ['<?xml version="1.0" encoding="ISO-8859-1" ?>', '<feed xmlns="http://www.w3.org/2005/Atom">']
    parts.append("<title>Latest Filings</title><id>https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent</id>")
    for f in filings:
        parts.append(
            f"<entry><title>{f.form} - {escape(f.company)} ({f.cik}) ({f.role})</title>"
            f'<link rel="alternate" type="text/html" href="{escape(f.index_url)}"/>'
            f'<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; {f.filed:%Y-%m-%d} &lt;b&gt;AccNo:&lt;/b&gt;'
            f" {f.accession}</summary><updated>{f.filed.isoformat()}</updated>"
            f'<category scheme="https://www.sec.gov/" label="form type" term="{f.form}"/>'
            f"<id>urn:tag:sec.gov,2008:accession-number={f.accession}</id></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts).encode("iso-8859-1")


def edgar_index(exhibit_href: str) -> str:
    """An EDGAR filing index page listing the 8-K and its EX-99.1 press release."""
    return (
        "<html><body><table class='tableFile'><tr><th>Seq</th><th>Description</th><th>Document</th><th>Type</th></tr>"
        "<tr><td>1</td><td>8-K</td><td><a href='/Archives/form8k.htm'>form8k.htm</a></td><td>8-K</td></tr>"
        f"<tr><td>2</td><td>PRESS RELEASE</td><td><a href='{exhibit_href}'>ex991.htm</a></td><td>EX-99.1</td></tr>"
        "</table></body></html>"
    )


def release_page(headline: str, paragraphs: list[str]) -> str:
    """A wire-style release page: the headline and body paragraphs in an article container."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{escape(headline)}</title></head><body><nav>Menu</nav>"
        f"<article><h1>{escape(headline)}</h1>{body}</article><footer>Footer</footer></body></html>"
    )

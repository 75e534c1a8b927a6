"""Feed bytes -> entries with stable ids and feed hints (RSS 2.0, Atom, RDF via feedparser).

feedparser is always given bytes prbot fetched itself (`feedparser.parse(io.BytesIO(data))`), never a URL or
a string, which it could take for a URL or a path. What each wire adds is kept:
- GlobeNewswire: the stock category (`Nasdaq:IMGN`, domain `.../rss/stock`) -> tickers, `dc:identifier` -> wire id,
  `dc:contributor` -> issuer, `dc:modified` -> `updated`.
- PR Newswire: the numeric id at the end of the release URL (`...-302012345.html`) -> wire id.
- Business Wire: the numeric id in the URL path (`/news/home/20240102005123/en/`) -> wire id.
- SEC EDGAR: the accession number (`urn:tag:sec.gov,2008:accession-number=...`) -> wire id (the current-filings
  feed lists one filing once per party, so the wire id is what makes them one), the form type category (`8-K`),
  and the filer named in the title (`8-K - ImmunoGen, Inc. (0000855654) (Filer)`) -> issuer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import hashlib
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser

from bot.config import url_problem
from bot.errors import ParseError
from bot.parser.models import FeedHints, Ticker

INLINE_MIN_CHARS = 400
"""content:encoded / Atom content shorter than this (characters, tags included) is a teaser, not the release."""

_WIRES = (
    ("globenewswire.com", "GlobeNewswire"),
    ("prnewswire.com", "PR Newswire"),
    ("businesswire.com", "Business Wire"),
    ("accessnewswire.com", "ACCESSWIRE"),
    ("accesswire.com", "ACCESSWIRE"),
    ("newsfilecorp.com", "Newsfile"),
)
_EXCHANGES = {"NYSEAMERICAN": "NYSE AMERICAN", "NYSEMKT": "NYSE AMERICAN", "TSXV": "TSX-V", "TSX-VENTURE": "TSX-V"}
_STOCK_CATEGORY = re.compile(r"^\s*([A-Za-z][A-Za-z .\-]{0,24}?)\s*:\s*([A-Za-z0-9.\-]{1,12})\s*$")
_PRN_ID = re.compile(r"-(\d{6,})\.html?$")
_BW_ID = re.compile(r"/news/home/(\d{10,})/")
_ACCESSION = re.compile(r"accession-number=(\d{10}-\d{2}-\d{6})|\b(\d{10}-\d{2}-\d{6})\b")
_EDGAR_TITLE = re.compile(
    r"^\s*(?P<form>[^ ]+(?: [^ ]+)?) - (?P<name>.+?) \((?P<cik>\d{4,10})\) \((?P<role>[A-Za-z ]+)\)"
)


@dataclass(frozen=True)
class FeedEntry:
    """One feed item. `guid` is stable and globally unique for the item: the feed's id/guid when it is a URL or
    URN, else that id scoped by the feed's host (`www.accessnewswire.com:12345`), else the link, else a hash of
    its title and date; `link` is absolute (resolved against the feed URL); `published` is UTC-aware or None.
    `content` is the full release when the feed carries it inline (else None; then the page must be fetched).
    `wire_id` is the wire's own id, namespaced (`globenewswire:123456`, `prnewswire:302012345`,
    `businesswire:20240102005123`, `edgar:0001104659-24-000123`), or None."""

    guid: str
    link: str | None
    title: str | None
    summary: str | None
    content: str | None
    published: dt.datetime | None
    updated: dt.datetime | None
    wire_id: str | None
    form_type: str | None
    hints: FeedHints


@dataclass(frozen=True)
class ParsedFeed:
    """A feed document: its title, its entries in document order, and plain-words warnings (ill-formed XML)."""

    title: str | None
    entries: list[FeedEntry]
    warnings: list[str] = field(default_factory=list)


def _host(url: str | None) -> str:
    """The lower-case host of `url` ("" when none, or when `url` is not a valid URL)."""
    return "" if not url or url_problem(url) else (urlsplit(url).hostname or "").lower()


def wire_for_url(url: str | None) -> str | None:
    """Canonical wire name for a feed or release URL by host ("GlobeNewswire", ...), None when unknown."""
    host = _host(url)
    for suffix, name in _WIRES:
        if host == suffix or host.endswith("." + suffix):
            return name
    return None


def is_edgar(url: str | None) -> bool:
    """True for SEC EDGAR URLs."""
    host = _host(url)
    return host == "sec.gov" or host.endswith(".sec.gov")


def feed_label(url: str) -> str:
    """A short name for a feed in log lines and tables: the wire's name, "SEC EDGAR", the file name or the host."""
    if url.startswith("file:"):
        return urlsplit(url).path.rsplit("/", 1)[-1] or url
    return wire_for_url(url) or ("SEC EDGAR" if is_edgar(url) else _host(url) or url)


_FEED_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:rdf)[\s>]", re.I | re.S
)
_XML_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def looks_like_feed(data: bytes, content_type: str | None) -> bool:
    """True when a fetched document is an RSS/Atom/RDF feed (by its root element, else its declared type)."""
    if _FEED_ROOT.match(data[:4096]):
        return True
    return (content_type or "").lower() in _XML_TYPES and not data[:2048].lstrip().lower().startswith(b"<!doctype html")


_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_EDGAR_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.I | re.S)
_HREF = re.compile(r"""href=["']([^"']+\.(?:htm|html|txt))["']""", re.I)


def edgar_exhibit_url(index_html: str, index_url: str) -> str | None:
    """On an EDGAR filing index page, the absolute URL of the press-release exhibit (the first EX-99 document),
    or None (the page is not an index, or the filing has no EX-99)."""
    if "-index.htm" not in index_url:
        return None
    for row in _EDGAR_ROW.findall(index_html):
        if re.search(r">\s*EX-99[\d.]*\s*<", row, re.I) and (match := _HREF.search(row)):
            return urljoin(index_url, match.group(1))
    return None


def _utc(parsed: object) -> dt.datetime | None:
    """feedparser's `*_parsed` struct_time (already UTC) -> aware datetime."""
    if parsed is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _date_text(value: str) -> dt.datetime | None:
    """An RFC 822 or ISO 8601 date string -> UTC-aware datetime, None when unreadable."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def _ticker(term: str) -> Ticker | None:
    match = _STOCK_CATEGORY.match(term)
    if not match:
        return None
    exchange = match.group(1).upper().strip()
    exchange = _EXCHANGES.get(exchange.replace(" ", ""), exchange)
    return Ticker(exchange=exchange, symbol=match.group(2).upper())


def _wire_id(entry: dict, link: str | None, wire: str | None, edgar: bool) -> str | None:
    if edgar:
        for text in (entry.get("id") or "", link or "", entry.get("summary") or ""):
            match = _ACCESSION.search(text)
            if match:
                return "edgar:" + (match.group(1) or match.group(2))
        return None
    if wire == "GlobeNewswire" and entry.get("dc_identifier"):
        return "globenewswire:" + str(entry["dc_identifier"]).strip()
    path = urlsplit(link or "").path
    if wire == "PR Newswire" and (match := _PRN_ID.search(path)):
        return "prnewswire:" + match.group(1)
    if wire == "Business Wire" and (match := _BW_ID.search(path)):
        return "businesswire:" + match.group(1)
    return None


def _inline_content(entry: dict) -> str | None:
    """The longest content block when it is long enough to be the release itself."""
    blocks = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(blocks, key=len, default="")
    return best if len(best) >= INLINE_MIN_CHARS else None


def _entry(entry: dict, feed_url: str) -> FeedEntry:
    raw_link = entry.get("link") or next((lk.get("href") for lk in entry.get("links") or [] if lk.get("href")), None)
    link = urljoin(feed_url, raw_link.strip()) if raw_link and not url_problem(raw_link.strip()) else None
    wire = wire_for_url(link) or wire_for_url(feed_url)
    edgar = is_edgar(link) or is_edgar(feed_url) or str(entry.get("id") or "").startswith("urn:tag:sec.gov")
    title = (entry.get("title") or "").strip() or None
    # dict.get: feedparser's own get() maps a missing published_parsed to updated_parsed with a DeprecationWarning.
    published = _utc(dict.get(entry, "published_parsed")) or _utc(dict.get(entry, "updated_parsed"))
    updated = _utc(dict.get(entry, "updated_parsed"))
    if entry.get("dc_modified"):
        updated = _date_text(entry["dc_modified"]) or updated
    tickers: list[Ticker] = []
    form_type = None
    for tag in entry.get("tags") or []:
        term, scheme, label = tag.get("term") or "", tag.get("scheme") or "", tag.get("label") or ""
        if edgar and label == "form type":
            form_type = term.strip() or None
        elif "stock" in scheme.lower() and (ticker := _ticker(term)) and ticker not in tickers:
            tickers.append(ticker)
    issuer = next((c.get("name") for c in entry.get("contributors") or [] if c.get("name")), None)
    if edgar and title and (match := _EDGAR_TITLE.match(title)):
        form_type = form_type or match.group("form")
        issuer = match.group("name") if match.group("role").strip().lower() == "filer" else issuer
    guid = (entry.get("id") or "").strip()
    if guid and not _HAS_SCHEME.match(guid):
        # "12345" is unique in one wire's feeds only: scope it by host, so two wires' numeric GUIDs never meet.
        guid = f"{_host(feed_url) or feed_url}:{guid}"
    guid = guid or link
    if not guid:
        digest = hashlib.sha256(f"{title}|{dict.get(entry, 'published', '')}|{entry.get('summary', '')}".encode())
        guid = "sha256:" + digest.hexdigest()[:32]
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        summary=(entry.get("summary") or "").strip() or None,
        content=_inline_content(entry),
        published=published,
        updated=updated,
        wire_id=_wire_id(entry, link, wire, edgar),
        form_type=form_type,
        hints=FeedHints(published=published, tickers=tickers, issuer=issuer, wire=wire, url=link, title=title),
    )


def _declared_headers(data: bytes, content_type: str | None) -> dict[str, str]:
    """Content-Type to hand feedparser. Bytes that are valid UTF-8 and not plain ASCII are read as UTF-8 whatever
    the header or XML declaration says: a wrong charset declaration is common, and non-ASCII text that happens
    to be valid UTF-8 is almost never in another encoding."""
    try:
        data.decode("utf-8")
        is_utf8 = not data.isascii()
    except UnicodeDecodeError:
        is_utf8 = False
    if is_utf8:
        return {"content-type": "application/xml; charset=utf-8"}
    return {"content-type": content_type} if content_type else {}


def parse_feed(data: bytes, *, feed_url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched feed document. `feed_url` resolves relative links; `content_type` is the response's.

    Ill-formed XML with usable entries gives them plus a warning. Raises `ParseError` (plain words, shown as the
    feed's state) for an HTML page instead of a feed or a document with no entries.
    """
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (content_type or "").lower() == "text/html":
        if not re.search(rb"<(rss|feed|rdf:rdf)[\s>]", data[:8192], re.IGNORECASE):
            raise ParseError("the feed URL returned an HTML page, not an RSS or Atom feed")
    # No HTML sanitising or URI resolving in feedparser: prbot never shows feed HTML as is (the parser extracts
    # text, rendering escapes it) and resolves entry links itself; both cost a quarter of the parse time.
    result = feedparser.parse(
        io.BytesIO(data),
        response_headers=_declared_headers(data, content_type),
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    warnings: list[str] = []
    if result.get("bozo"):
        problem = result.get("bozo_exception")
        if not result.entries:
            raise ParseError(f"the feed URL did not return an RSS or Atom feed (XML error: {problem})")
        if not isinstance(problem, feedparser.CharacterEncodingOverride):
            count = len(result.entries)
            warnings.append(f"the feed is not well-formed XML ({problem}); used the {count} entries found")
    if not result.entries:
        if not result.get("version"):
            raise ParseError("the feed URL did not return an RSS or Atom feed")
        return ParsedFeed(title=result.feed.get("title"), entries=[], warnings=warnings)
    entries = [_entry(entry, feed_url) for entry in result.entries]
    return ParsedFeed(title=result.feed.get("title"), entries=entries, warnings=warnings)

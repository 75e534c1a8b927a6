"""Where a release's text comes from: inline feed content or the entry's page (an EDGAR filing index leads to
its press-release exhibit), and `prbot ingest URL` for a release page or a whole feed."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging

from bot.errors import FetchError, ParseError
from bot.feeds import FeedEntry, edgar_exhibit_url, is_edgar, looks_like_feed, parse_feed
from bot.fetch import Fetcher, UrlCheck
from bot.ingest import IngestResult, store_parsed
from bot.parser import parse_release
from bot.services import Services
from bot.store.releases import ReleaseMeta
from bot.watcher.rules import ingest_order

log = logging.getLogger(__name__)

PAGE_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


async def release_source(fetcher: Fetcher, entry: FeedEntry, *, url_check: UrlCheck | None = None) -> tuple[str, str]:
    """The release text for an entry: `(raw, raw_format)` with raw_format "html" or "text". Inline full content
    is used as is; otherwise the entry's page is fetched (an EDGAR filing index leads to its EX-99 press release
    exhibit when there is one), with `url_check` on every hop; with no link, the summary is all there is.
    Raises `FetchError`."""
    if entry.content:
        return entry.content, "html"
    if not entry.link:
        return entry.summary or entry.title or "", "html"
    page = await fetcher.fetch(entry.link, accept=PAGE_ACCEPT, url_check=url_check)
    if is_edgar(entry.link) or (entry.wire_id or "").startswith("edgar:"):
        exhibit = edgar_exhibit_url(page.text(), page.url)
        if exhibit:
            page = await fetcher.fetch(exhibit, accept=PAGE_ACCEPT, url_check=url_check)
    return page.text(), "text" if page.content_type == "text/plain" else "html"


async def fetch_and_ingest(services: Services, url: str, *, fetcher: Fetcher | None = None) -> list[IngestResult]:
    """`prbot ingest URL`: fetch `url`; a feed has each entry's release fetched, parsed and stored, a release
    page is parsed and stored. Nothing is alerted. Returns one result per release, in feed order (oldest first);
    a feed entry whose page cannot be fetched is skipped with a warning in the log. Raises `FetchError` or
    `ParseError` (plain words) when the URL itself cannot be fetched or read."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(services.settings.user_agent)
    if own:
        await fetcher.__aenter__()
    try:
        page = await fetcher.fetch(url)
        loop = asyncio.get_running_loop()
        if not looks_like_feed(page.body, page.content_type):
            pages = [(page.text(), "text" if page.content_type == "text/plain" else "html", None, ReleaseMeta(url=url))]
        else:
            parsed_feed = await loop.run_in_executor(
                None, functools.partial(parse_feed, page.body, feed_url=page.url, content_type=page.content_type)
            )
            pages = []
            for entry in ingest_order(parsed_feed.entries):
                try:
                    raw, raw_format = await release_source(fetcher, entry)
                except FetchError as err:
                    log.warning("skipped %s: could not fetch the release page (%s)", entry.link, err)
                    continue
                meta = ReleaseMeta(
                    guid=entry.guid,
                    url=entry.link,
                    feed_url=url,
                    wire_id=entry.wire_id,
                    published_at=entry.published,
                    hints=entry.hints,
                )
                pages.append((raw, raw_format, entry.hints, meta))
        results = []
        for raw, raw_format, hints, meta in pages:
            parsed = await loop.run_in_executor(
                None, functools.partial(parse_release, raw, hints, is_html=raw_format == "html")
            )
            meta.fetched_at = dt.datetime.now(dt.UTC)
            results.append(
                store_parsed(services.db, raw=raw, raw_format=raw_format, parsed=parsed, meta=meta, alert=False)
            )
        return results
    finally:
        if own:
            await fetcher.aclose()


async def fetch_and_ingest_url(services: Services, url: str) -> IngestResult:
    """Pinned single-result form of `fetch_and_ingest`: the release page's result, or for a feed URL the result of
    its newest entry (every entry is stored). Raises `ParseError` for a feed with no entries."""
    results = await fetch_and_ingest(services, url)
    if not results:
        raise ParseError(f"{url} is a feed with no entries")
    return results[-1]

"""Feed management for admins: list, add (checked and test-fetched first), remove, pause, resume, test.

Adding a feed a Slack user typed is guarded: the URL and every redirect hop pass `bot.admin.urls.check_url`
(http/https only; no loopback, private, link-local or reserved addresses unless `PRBOT_ALLOW_PRIVATE_FEEDS`),
given to the `Fetcher` as its per-hop `url_check`; then the feed is fetched once and parsed, and what was found
is reported before it is stored (source `user`, whose later polls the watcher guards the same way).
The feeds table belongs to `bot.store.feeds`; this module only calls it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot.admin.urls import Resolver, check_url
from bot.admin.words import format_when, polls_in_a_row
from bot.errors import CommandError, FetchError, ParseError
from bot.feeds import parse_feed
from bot.fetch import Fetcher, UrlCheck
from bot.services import Services
from bot.store import feeds as feed_store


def url_check(services: Services, resolver: Resolver | None = None) -> UrlCheck:
    """The URL check for this deployment: `check_url` with `PRBOT_ALLOW_PRIVATE_FEEDS` applied."""
    return partial(check_url, allow_private=services.settings.allow_private_feeds, resolver=resolver)


@dataclass
class FeedPreview:
    """What one fetch of a feed found: its title, how many entries, the newest entry (title, link, published)."""

    url: str
    title: str | None
    entry_count: int
    newest_title: str | None = None
    newest_link: str | None = None
    newest_published: dt.datetime | None = None
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Plain text: `"Acme News": 20 entries, newest "Acme partners with Beta" (2026-11-29 14:05 UTC)`."""
        line = f'"{self.title or "untitled feed"}": {self.entry_count} entries'
        if self.newest_title or self.newest_link:
            line += f', newest "{self.newest_title or self.newest_link}"'
            if self.newest_published:
                line += f" ({self.newest_published.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC)"
        return line + "".join(f"\nwarning: {w}" for w in self.warnings)


async def preview_feed(url: str, *, user_agent: str, check: UrlCheck) -> FeedPreview:
    """Check `url`, fetch it once (every redirect hop checked too) and parse it as RSS/Atom.

    Raises `CommandError` when the URL is refused, the fetch fails or the document is not a feed.
    """
    await check(url)
    try:
        async with Fetcher(user_agent, url_check=check) as fetcher:
            result = await fetcher.fetch(url, accept="application/rss+xml, application/atom+xml, application/xml")
        parsed = parse_feed(result.body, feed_url=result.url, content_type=result.content_type)
    except (FetchError, ParseError) as err:
        raise CommandError(f"could not read the feed at {url}: {err}") from err
    dated = [e for e in parsed.entries if e.published is not None]
    newest = max(dated, key=lambda e: e.published) if dated else (parsed.entries[0] if parsed.entries else None)
    return FeedPreview(
        url=url,
        title=parsed.title,
        entry_count=len(parsed.entries),
        newest_title=newest.title if newest else None,
        newest_link=newest.link if newest else None,
        newest_published=newest.published if newest else None,
        warnings=list(parsed.warnings),
    )


def feed_error(feed: dict[str, Any], *, now: dt.datetime | None = None) -> str | None:
    """The feed's last failed poll in plain words, or None when its last poll worked (or it was never polled):
    `last poll failed 2026-11-29 20:53 UTC (12m ago), 3 failed polls in a row: could not connect to ...`."""
    if not feed.get("last_error"):
        return None
    when = format_when(feed.get("last_polled_at"), now=now)
    return f"last poll failed {when}, {polls_in_a_row(feed.get('failures') or 0)}: {feed['last_error']}"


def describe_feeds(services: Services, *, now: dt.datetime | None = None) -> list[str]:
    """One line per watched feed: status, URL, last new release, and the last error of any feed whose last poll
    failed (whatever its status: a feed is marked `failing` only after `FAILING_AFTER` failures in a row)."""
    lines = []
    for feed in feed_store.list_feeds(services.db):
        line = f"[{feed['status']}] {feed['url']} (last new release: {format_when(feed.get('last_new_at'), now=now)})"
        error = feed_error(feed, now=now)
        lines.append(f"{line}; {error}" if error else line)
    return lines


async def add_feed(services: Services, url: str, *, check: UrlCheck | None = None) -> FeedPreview:
    """Check, test-fetch and then watch `url` (source `user`; the first poll is a baseline, no alerts).

    Raises `CommandError` when the URL is refused or is not a readable feed; nothing is stored then.
    """
    preview = await preview_feed(url, user_agent=services.settings.user_agent, check=check or url_check(services))
    feed_store.add_feed(services.db, url, source="user")
    return preview


def remove_feed(services: Services, url: str) -> None:
    """Stop watching `url`. Raises `CommandError` when it is not watched."""
    if not feed_store.remove_feed(services.db, url):
        raise CommandError(f"{url} is not a watched feed (see `/pr admin feeds list`)")


def set_paused(services: Services, url: str, paused: bool) -> None:
    """Pause or resume polling `url`. Raises `CommandError` when it is not watched."""
    if not feed_store.set_paused(services.db, url, paused):
        raise CommandError(f"{url} is not a watched feed (see `/pr admin feeds list`)")

"""`admin status`: one plain-text health report of the running bot.

Sections: version and uptime, parser version, feeds (status counts; each feed's last new release and, for every
feed whose last poll failed, the error, how many polls failed in a row and when), the outbox (depth, oldest
pending delivery, failed), store counts, and the last errors, newest first: feed errors, failed deliveries,
failed admin actions and reparse jobs. Times are shown as `2026-11-29 20:53 UTC (12m ago)`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from bot import __version__
from bot.admin.feeds import describe_feeds
from bot.admin.words import format_duration, format_when, parse_time, polls_in_a_row
from bot.parser import PARSER_VERSION
from bot.render import escape
from bot.services import Services
from bot.store import audit, outbox, releases
from bot.store import feeds as feed_store

LAST_ERRORS = 8
"""How many of the newest errors the report lists."""

_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def last_errors(services: Services, limit: int = LAST_ERRORS, *, now: dt.datetime | None = None) -> list[str]:
    """The newest problems first, at most `limit`: feeds whose last poll failed (any status), failed deliveries
    (`bot.store.outbox`), failed admin actions and failed reparse jobs; each line starts with when it happened."""
    db = services.db
    found: list[tuple[str | None, str]] = [
        (feed["last_polled_at"], f"feed {feed['url']} ({polls_in_a_row(feed['failures'])}): {feed['last_error']}")
        for feed in feed_store.list_feeds(db)
        if feed.get("last_error")
    ]
    found += [
        (d["next_attempt_at"], f"delivery of release #{d['release_id']} to channel {d['channel']} failed: {d['error']}")
        for d in outbox.recent_failed(db, limit=limit)
    ]
    found += [
        (row["at"], f"{row['user_id']} `{row['command']}`: {row['detail']}")
        for row in audit.recent(db, limit=limit, outcome="error")
    ]
    found += [
        (
            job["finished_at"] or job["started_at"],
            f"reparse {job['target']} stopped after {job['done']} of {job['total']}: {job['error']}",
        )
        for job in audit.recent_jobs(db, limit=limit)
        if job["status"] == "failed"
    ]
    found.sort(key=lambda item: parse_time(item[0]) or _OLDEST, reverse=True)
    return [f"{format_when(at, now=now)} {text}" for at, text in found[:limit]]


def status_text(services: Services, *, now: dt.datetime | None = None) -> str:
    """The status report as plain text (Slack mrkdwn-safe: no user text is interpreted, URLs are shown as-is)."""
    now = now or dt.datetime.now(dt.UTC)
    feeds = feed_store.list_feeds(services.db)
    by_status = Counter(f["status"] for f in feeds)
    with_errors = sum(1 for f in feeds if f.get("last_error"))
    stats = outbox.stats(services.db)
    counts = releases.counts(services.db)
    feed_summary = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())) if feeds else "none watched"
    if with_errors:
        feed_summary += f"; {with_errors} with errors (last poll failed)"
    oldest = format_when(stats["oldest_pending_at"], now=now) if stats["oldest_pending_at"] else "-"
    lines = [
        f"*prbot {__version__}*, up {format_duration((now - services.started_at).total_seconds())}, "
        f"parser {PARSER_VERSION}, {services.settings.slack_mode} mode",
        f"*Feeds*: {feed_summary}",
        *[f"  {escape(line)}" for line in describe_feeds(services, now=now)],
        f"*Outbox*: {stats['depth']} waiting (oldest since {oldest}), {stats['sent']} sent, {stats['failed']} failed"
        + (f"; sending stopped: {escape(stats['workspace_stopped'])}" if stats.get("workspace_stopped") else ""),
        "*Store*: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
    ]
    errors = last_errors(services, now=now)
    lines.append("*Last errors*: " + ("none" if not errors else f"{len(errors)}, newest first"))
    lines += [f"  {escape(line)}" for line in errors]
    return "\n".join(lines)

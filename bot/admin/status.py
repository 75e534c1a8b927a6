"""`admin status`: one plain-text health report of the running bot.

Sections: version and uptime, parser version, feeds (ok / failing with the last error / paused, last new
release), the outbox (depth, oldest pending delivery, failed), store counts, and the last errors (failing
feeds, failed admin actions and reparse jobs from the audit trail).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from bot import __version__
from bot.admin.feeds import describe_feeds
from bot.parser import PARSER_VERSION
from bot.render import escape
from bot.services import Services
from bot.store import audit, outbox, releases
from bot.store import feeds as feed_store


def format_duration(seconds: float) -> str:
    """`93784` -> `"1d 2h 3m"`; under a minute -> `"42s"`."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{rest // 60}m"]
    return " ".join(p for p in parts if p)


def last_errors(services: Services, limit: int = 5) -> list[str]:
    """Newest problems first: failing feeds' last errors, failed admin actions, failed reparse jobs."""
    lines = [
        f"feed {f['url']}: {f['last_error']}"
        for f in feed_store.list_feeds(services.db)
        if f["status"] == "failing" and f.get("last_error")
    ]
    lines += [
        f"{row['at']} {row['user_id']} `{row['command']}`: {row['detail']}"
        for row in audit.recent(services.db, limit=limit, outcome="error")
    ]
    lines += [
        f"{job['started_at']} reparse {job['target']} stopped after {job['done']} of {job['total']}: {job['error']}"
        for job in audit.recent_jobs(services.db, limit=limit)
        if job["status"] == "failed"
    ]
    return lines[:limit]


def status_text(services: Services, *, now: dt.datetime | None = None) -> str:
    """The status report as plain text (Slack mrkdwn-safe: no user text is interpreted, URLs are shown as-is)."""
    now = now or dt.datetime.now(dt.UTC)
    feeds = feed_store.list_feeds(services.db)
    by_status = Counter(f["status"] for f in feeds)
    stats = outbox.stats(services.db)
    counts = releases.counts(services.db)
    lines = [
        f"*prbot {__version__}*, up {format_duration((now - services.started_at).total_seconds())}, "
        f"parser {PARSER_VERSION}, {services.settings.slack_mode} mode",
        "*Feeds*: "
        + (", ".join(f"{n} {status}" for status, n in sorted(by_status.items())) if feeds else "none watched"),
        *[f"  {escape(line)}" for line in describe_feeds(services)],
        f"*Outbox*: {stats['depth']} waiting (oldest since {stats['oldest_pending_at'] or '-'}), "
        f"{stats['sent']} sent, {stats['failed']} failed"
        + (f"; sending stopped: {escape(stats['workspace_stopped'])}" if stats.get("workspace_stopped") else ""),
        "*Store*: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
    ]
    errors = last_errors(services)
    lines.append("*Last errors*: " + ("none" if not errors else ""))
    lines += [f"  {escape(line)}" for line in errors]
    return "\n".join(lines)

"""`admin why URL_OR_ID`: why a release was or wasn't posted to a channel.

The story is read from three owners' tables: the feed entries that led to the release (`bot.store.feeds`:
`new`, `baseline`, `too_old`, `duplicate`, `version`, `failed`, each with a reason), the stored release
(`bot.store.releases`) and its outbox deliveries (`bot.store.outbox`: posted, waiting, failed with an error).
"""

from __future__ import annotations

from typing import Any

from bot.config import url_problem
from bot.errors import CommandError
from bot.render import escape
from bot.services import Services
from bot.store import feeds as feed_store
from bot.store import outbox, releases

_ENTRY_STORY = {
    "new": "new in {feed} (seen {seen})",
    "baseline": (
        "seen in {feed} on its first poll ({seen}): existing items are recorded as a baseline and not alerted, "
        "so adding a feed does not flood channels"
    ),
    "too_old": "seen in {feed} ({seen}) but too old to alert (PRBOT_MAX_AGE_HOURS): stored without alerting",
    "duplicate": "seen in {feed} ({seen}): a duplicate of release #{release_id}, which was already stored",
    "version": "seen in {feed} ({seen}): a new version (correction) of an already stored release",
    "failed": "seen in {feed} ({seen}) but could not be fetched or parsed",
}


def _when(value: Any) -> str:
    return str(value)[:19].replace("T", " ") + " UTC" if value else "?"


def _entry_line(entry: dict[str, Any]) -> str:
    story = _ENTRY_STORY.get(entry["status"], "seen in {feed} ({seen}): " + str(entry["status"]))
    feed = escape(entry.get("feed_url") or "a feed")
    line = story.format(feed=feed, seen=_when(entry.get("seen_at")), release_id=entry.get("release_id"))
    reason = entry.get("reason")
    return f"{line}. Reason: {escape(reason)}" if reason else line


def _delivery_line(delivery: dict[str, Any]) -> str:
    where = f"<#{delivery['channel']}>"
    what = "update" if delivery.get("kind") == "update" else "post"
    if delivery["status"] == "sent":
        return f"posted to {where} at {_when(delivery.get('sent_at'))} (message ts {delivery.get('ts')})"
    if delivery["status"] == "failed":
        return f"delivery ({what}) to {where} failed: {escape(delivery.get('error') or 'unknown error')}"
    line = f"waiting to be sent to {where} ({what}) since {_when(delivery.get('created_at'))}"
    if delivery.get("error"):
        line += f", {delivery.get('attempts') or 0} attempts so far, last error: {escape(delivery['error'])}"
    return line


def _resolve(services: Services, query: str) -> tuple[int | None, list[dict[str, Any]]]:
    """(release ID or None, feed entries) for a `#ID`, an ID or a URL."""
    db = services.db
    if query.lstrip("#").isdigit():
        release_id = int(query.lstrip("#"))
        if releases.get_release(db, release_id) is None:
            raise CommandError(f"there is no stored release #{release_id}")
        return release_id, feed_store.entries_for_release(db, release_id)
    entries = feed_store.entries_for_link(db, query)
    release_id = releases.find_duplicate(db, url=query)
    if release_id is None:
        release_id = next((e["release_id"] for e in entries if e.get("release_id")), None)
    if release_id is not None:
        seen = {e["id"] for e in entries}
        entries += [e for e in feed_store.entries_for_release(db, release_id) if e["id"] not in seen]
    return release_id, entries


def explain(services: Services, query: str) -> list[str]:
    """Plain-text lines explaining what happened to the release `query` (an ID, `#ID` or its URL).

    Raises `CommandError` for an ID that is not stored or text that is not a valid URL.
    """
    query = query.strip().strip("<>").split("|", 1)[0]  # Slack sends a typed URL as <url> or <url|label>
    if problem := url_problem(query):
        raise CommandError(f"{problem}; give a release ID (#12) or the release's URL")
    release_id, entries = _resolve(services, query)
    if release_id is None and not entries:
        return [
            f"I have never seen {escape(query)}: no watched feed listed it and no stored release has that URL. "
            "Is its feed watched (`/pr admin feeds list`)? `prbot ingest URL` stores one release by hand."
        ]
    lines: list[str] = []
    if release_id is not None:
        stored = releases.get_release(services.db, release_id)
        headline = stored.ref.headline if stored else None
        lines.append(f"Release #{release_id}: {escape(headline or '(no headline)')}")
        if stored is not None and stored.version_of:
            lines.append(f"It is a corrected version of release #{stored.version_of}.")
    else:
        lines.append(f"{escape(query)} is not stored as a release.")
    lines += [_entry_line(e) for e in entries]
    if release_id is None:
        return lines
    if not entries:
        lines.append("It did not come from a watched feed (stored by `prbot ingest` or before feeds were tracked).")
    deliveries = outbox.deliveries_for_release(services.db, release_id)
    lines += [_delivery_line(d) for d in deliveries]
    if not deliveries and not any(e["status"] in ("baseline", "too_old", "duplicate", "failed") for e in entries):
        channel = services.settings.alert_channel
        lines.append(
            "Not posted to any channel: no subscription matched it"
            + (
                f", and it was not queued for the alert channel <#{channel}> (stored without alerting, e.g. by "
                "`prbot ingest`, or before the alert channel was set)."
                if channel
                else ", and no PRBOT_ALERT_CHANNEL is set."
            )
        )
    return lines

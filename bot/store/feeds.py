"""Watched feeds and the entries seen in them: tables `feeds` and `entries` (schema and every query on them).

`feeds`: one row per feed URL. `status` is `new` (never polled), `ok`, `failing` (`failures` consecutive failed
polls reached `FAILING_AFTER`; `last_error` says why in plain words) or `paused`. `next_poll_at` is when the
watcher polls it next (backoff included); `etag`/`last_modified` are kept for conditional GET; `baseline_done`
is set after the first successful poll (whose entries are recorded as a baseline and not alerted, unless
`alert_existing`). `max_age_hours` overrides `PRBOT_MAX_AGE_HOURS` for this feed. `content_sha` is the SHA-256
of the last feed document handled, so a server that ignores conditional GET and sends the same bytes again costs
no parsing.

`entries`: the seen-set, unbounded: one row per (feed, GUID), with the release it became (if any), its status
(`new`, `baseline`, `too_old`, `duplicate`, `version`, `failed`) and the reason in plain words, for the admin
`why` command. `wire_id` (the wire's own id, e.g. an EDGAR accession number) is kept too, so the same release
under another GUID or on another feed is recognised. A `failed` entry is retried on the next poll.

Times are ISO 8601 UTC strings with microseconds (they compare as text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

FEED_STATUSES = ("new", "ok", "failing", "paused")
ENTRY_STATUSES = ("new", "baseline", "too_old", "duplicate", "version", "failed")
SOURCES = ("default", "env", "user", "operator", "demo")
"""Who added a feed: the defaults, `PRBOT_FEEDS`, a Slack admin (`user`, SSRF-checked at every poll), the terminal
(`operator`, trusted), or the bundled demo."""
FAILING_AFTER = 5
"""Consecutive failed polls after which a feed is shown as `failing`."""


def iso(moment: dt.datetime) -> str:
    """`moment` as stored: ISO 8601, UTC, microseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create `feeds` and `entries` with their indexes when missing."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            interval_seconds REAL,
            etag TEXT,
            last_modified TEXT,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('ok', 'failing', 'paused', 'new')),
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_poll_at TEXT,
            last_polled_at TEXT,
            last_new_at TEXT,
            baseline_done INTEGER NOT NULL DEFAULT 0,
            alert_existing INTEGER NOT NULL DEFAULT 0,
            max_age_hours REAL,
            source TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('default', 'env', 'user', 'operator', 'demo')),
            added_at TEXT NOT NULL,
            content_sha TEXT
        )"""
    )
    if "content_sha" not in {row[1] for row in db.execute("PRAGMA table_info(feeds)")}:
        db.execute("ALTER TABLE feeds ADD COLUMN content_sha TEXT")
    db.execute(
        """CREATE TABLE IF NOT EXISTS entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            link TEXT,
            wire_id TEXT,
            release_id INTEGER,
            status TEXT NOT NULL
                CHECK (status IN ('new', 'baseline', 'too_old', 'duplicate', 'version', 'failed')),
            reason TEXT,
            seen_at TEXT NOT NULL,
            UNIQUE (feed_id, guid)
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS entries_guid ON entries (guid)")
    db.execute("CREATE INDEX IF NOT EXISTS entries_link ON entries (link)")
    db.execute("CREATE INDEX IF NOT EXISTS entries_wire_id ON entries (wire_id)")
    db.execute("CREATE INDEX IF NOT EXISTS entries_release ON entries (release_id)")
    db.execute("CREATE INDEX IF NOT EXISTS feeds_due ON feeds (status, next_poll_at)")


def _rows(db: sqlite_utils.Database, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def add_feed(
    db: sqlite_utils.Database,
    url: str,
    *,
    interval_seconds: float | None = None,
    source: str = "user",
    alert_existing: bool = False,
    max_age_hours: float | None = None,
) -> int:
    """Watch `url` (idempotent: an existing feed keeps its state and id). Returns the feed id.

    Raises `ValueError` for a URL that is not http, https or file, or an unknown `source`.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https", "file") or (parts.scheme.lower() != "file" and not parts.netloc):
        raise ValueError(f"not a feed URL (http, https or file): {url!r}")
    if source not in SOURCES:
        raise ValueError(f"unknown feed source {source!r}")
    existing = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
    if existing:
        return int(existing[0])
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO feeds (url, interval_seconds, source, alert_existing, max_age_hours, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (url, interval_seconds, source, int(alert_existing), max_age_hours, iso(dt.datetime.now(dt.UTC))),
        )
    return int(cursor.lastrowid)


def list_feeds(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every feed as a dict of its columns (booleans as bool), oldest first."""
    rows = _rows(db, "SELECT * FROM feeds ORDER BY id")
    for row in rows:
        row["baseline_done"] = bool(row["baseline_done"])
        row["alert_existing"] = bool(row["alert_existing"])
    return rows


def get_feed(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The feed watched at `url`, or None."""
    return next((row for row in list_feeds(db) if row["url"] == url), None)


def remove_feed(db: sqlite_utils.Database, url: str) -> bool:
    """Stop watching `url` (its entries go too; releases stay). True when it was watched."""
    with db.atomic():
        row = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        if not row:
            return False
        db.execute("DELETE FROM entries WHERE feed_id = ?", (row[0],))
        db.execute("DELETE FROM feeds WHERE id = ?", (row[0],))
    return True


def set_paused(db: sqlite_utils.Database, url: str, paused: bool) -> bool:
    """Pause or resume polling of `url`; a resumed feed is polled at once. True when the feed exists."""
    with db.atomic():
        if paused:
            cursor = db.execute("UPDATE feeds SET status = 'paused' WHERE url = ?", (url,))
        else:
            cursor = db.execute(
                "UPDATE feeds SET status = CASE WHEN failures >= ? THEN 'failing' WHEN baseline_done THEN 'ok'"
                " ELSE 'new' END, next_poll_at = NULL WHERE url = ? AND status = 'paused'",
                (FAILING_AFTER, url),
            )
            if not cursor.rowcount:
                return db.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone() is not None
    return cursor.rowcount > 0


def due_feeds(db: sqlite_utils.Database, now: dt.datetime) -> list[dict[str, Any]]:
    """Feeds to poll at `now`: not paused, and never polled or `next_poll_at` reached; most overdue first."""
    rows = _rows(
        db,
        "SELECT * FROM feeds WHERE status != 'paused' AND (next_poll_at IS NULL OR next_poll_at <= ?)"
        " ORDER BY next_poll_at IS NOT NULL, next_poll_at, id",
        (iso(now),),
    )
    for row in rows:
        row["baseline_done"] = bool(row["baseline_done"])
        row["alert_existing"] = bool(row["alert_existing"])
    return rows


def next_poll_at(db: sqlite_utils.Database) -> dt.datetime | None:
    """The earliest `next_poll_at` of the feeds not paused (None: a feed is due now, or there are none)."""
    row = db.execute(
        "SELECT MIN(next_poll_at), SUM(next_poll_at IS NULL) FROM feeds WHERE status != 'paused'"
    ).fetchone()
    if row is None or row[0] is None or row[1]:
        return None
    return dt.datetime.fromisoformat(row[0])


def record_success(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    now: dt.datetime,
    next_poll_at: dt.datetime,
    etag: str | None,
    last_modified: str | None,
    new_releases: int,
    keep_validators: bool = True,
    content_sha: str | None = None,
) -> None:
    """A poll worked: status ok, failures reset, next poll scheduled, baseline done. `keep_validators=False`
    leaves the old ETag/Last-Modified/content hash (so a poll where some entry failed handles the feed again);
    `content_sha` None keeps the stored hash (a 304 has no body)."""
    with db.atomic():
        db.execute(
            "UPDATE feeds SET status = CASE WHEN status = 'paused' THEN 'paused' ELSE 'ok' END, failures = 0,"
            " last_error = NULL, last_polled_at = ?, next_poll_at = ?, baseline_done = 1,"
            " last_new_at = CASE WHEN ? > 0 THEN ? ELSE last_new_at END,"
            " etag = CASE WHEN ? THEN ? ELSE etag END, last_modified = CASE WHEN ? THEN ? ELSE last_modified END,"
            " content_sha = CASE WHEN ? AND ? IS NOT NULL THEN ? ELSE content_sha END"
            " WHERE id = ?",
            (
                iso(now),
                iso(next_poll_at),
                new_releases,
                iso(now),
                int(keep_validators),
                etag,
                int(keep_validators),
                last_modified,
                int(keep_validators),
                content_sha,
                content_sha,
                feed_id,
            ),
        )


def record_failure(
    db: sqlite_utils.Database, feed_id: int, *, now: dt.datetime, next_poll_at: dt.datetime, error: str
) -> dict[str, Any]:
    """A poll failed: failures + 1, `last_error` = `error`, next poll scheduled (backoff), status `failing` once
    failures reach `FAILING_AFTER`. Returns the feed's `failures` and `status` after the update."""
    with db.atomic():
        db.execute(
            "UPDATE feeds SET failures = failures + 1, last_error = ?, last_polled_at = ?, next_poll_at = ?,"
            " status = CASE WHEN status = 'paused' THEN 'paused' WHEN failures + 1 >= ? THEN 'failing'"
            " ELSE status END WHERE id = ?",
            (error, iso(now), iso(next_poll_at), FAILING_AFTER, feed_id),
        )
    row = db.execute("SELECT failures, status FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    return {"failures": row[0], "status": row[1]}


def seen_guids(db: sqlite_utils.Database, feed_id: int, guids: list[str]) -> set[str]:
    """Which of `guids` this feed has already handled (entries not `failed`)."""
    seen: set[str] = set()
    for start in range(0, len(guids), 500):
        chunk = guids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        cursor = db.execute(
            f"SELECT guid FROM entries WHERE feed_id = ? AND status != 'failed' AND guid IN ({marks})",
            (feed_id, *chunk),
        )
        seen.update(row[0] for row in cursor)
    return seen


def _link_variants(url: str) -> list[str]:
    """`url` and its http/https twin (a wire switching scheme keeps the release the same)."""
    if url.startswith("http://"):
        return [url, "https://" + url[7:]]
    if url.startswith("https://"):
        return [url, "http://" + url[8:]]
    return [url]


def known_release(
    db: sqlite_utils.Database, *, guid: str | None = None, wire_id: str | None = None, link: str | None = None
) -> tuple[int, str] | None:
    """A release already stored from an entry with the same GUID, wire id or link (http/https alike), in any
    feed: `(release_id, what matched)` with what in "GUID", "wire id", "link"; None when there is none."""
    checks: list[tuple[str, str, list[str]]] = []
    if guid:
        checks.append(("GUID", "guid", [guid]))
    if wire_id:
        checks.append(("wire id", "wire_id", [wire_id]))
    if link:
        checks.append(("link", "link", _link_variants(link)))
    for label, column, values in checks:
        marks = ",".join("?" * len(values))
        row = db.execute(
            f"SELECT release_id FROM entries WHERE {column} IN ({marks}) AND release_id IS NOT NULL"
            " ORDER BY id LIMIT 1",
            values,
        ).fetchone()
        if row:
            return int(row[0]), label
    return None


def record_entry(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    guid: str,
    link: str | None,
    wire_id: str | None,
    status: str,
    reason: str,
    release_id: int | None,
    seen_at: dt.datetime,
) -> None:
    """Write (or, for a retried `failed` entry, overwrite) the entry `(feed_id, guid)`."""
    if status not in ENTRY_STATUSES:
        raise ValueError(f"unknown entry status {status!r}")
    with db.atomic():
        db.execute(
            "INSERT INTO entries (feed_id, guid, link, wire_id, release_id, status, reason, seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, guid) DO UPDATE SET link = excluded.link,"
            " wire_id = excluded.wire_id, release_id = excluded.release_id, status = excluded.status,"
            " reason = excluded.reason, seen_at = excluded.seen_at",
            (feed_id, guid, link, wire_id, release_id, status, reason, iso(seen_at)),
        )


_ENTRY_SELECT = "SELECT entries.*, feeds.url AS feed_url FROM entries JOIN feeds ON feeds.id = entries.feed_id"


def entries_for_release(db: sqlite_utils.Database, release_id: int) -> list[dict[str, Any]]:
    """Every feed entry that led to `release_id` (with `feed_url`), oldest first."""
    return _rows(db, f"{_ENTRY_SELECT} WHERE entries.release_id = ? ORDER BY entries.id", (release_id,))


def entries_for_link(db: sqlite_utils.Database, url: str) -> list[dict[str, Any]]:
    """Every feed entry whose link is `url` (http/https alike) or whose GUID is `url`, oldest first."""
    variants = _link_variants(url)
    marks = ",".join("?" * len(variants))
    return _rows(
        db,
        f"{_ENTRY_SELECT} WHERE entries.link IN ({marks}) OR entries.guid IN ({marks}) ORDER BY entries.id",
        (*variants, *variants),
    )


def entry_counts(db: sqlite_utils.Database, feed_id: int) -> dict[str, int]:
    """Entries of one feed by status."""
    cursor = db.execute("SELECT status, COUNT(*) FROM entries WHERE feed_id = ? GROUP BY status", (feed_id,))
    return {status: count for status, count in cursor}

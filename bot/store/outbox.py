"""The alert outbox: tables `deliveries`, `catchups` and `outbox_state` (schema and every query on them).

`deliveries` holds one row per (release, channel), written by `bot.alerts.enqueue_for_release` inside the
transaction that stores the release, and sent by `bot.alerts.Dispatcher`:

- `kind`: `post` (a new message) or `update` (a correction: `chat.update` of the message of release `update_of`
  in that channel, then a thread reply saying what changed; `stage` 1 = the `chat.update` is done).
- `status`: `pending` -> `sending` (committed before the request) -> `sent` (with Slack's `ts`) or `failed`
  (`error` says why). `error` on a pending row is the last transient error, or why sending is paused.
- `attempts`: requests made; `next_attempt_at`: not before (backoff, `Retry-After`).
- `catchup_id`: set when the row is posted as a reply in a catch-up or digest thread (`catchups`, one parent
  message; its `kind` is `catchup`, `hourly` or `daily`).
- `digest`: `hourly`/`daily` when the row waits for its channel's digest (`next_attempt_at` = the digest time);
  it does not hold up the channel's other deliveries meanwhile.
- `note`: why the channel gets it ("Following IMGN: issuer"), shown in the alert.

`outbox_state` is a key/value table (`workspace_stopped`: why all sending stopped). Times are ISO 8601 UTC
strings with microseconds, so they compare as text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

STATUSES = ("pending", "sending", "sent", "failed")


def iso(moment: dt.datetime) -> str:
    """`moment` as the outbox stores times: ISO 8601, UTC, microseconds (sortable as text)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the outbox tables when missing."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL,
            channel TEXT NOT NULL,
            subscription_id INTEGER,
            kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'update')),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
            error TEXT,
            ts TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            note TEXT,
            update_of INTEGER,
            stage INTEGER NOT NULL DEFAULT 0,
            catchup_id INTEGER,
            digest TEXT,
            UNIQUE (release_id, channel)
        )"""
    )
    if "digest" not in db["deliveries"].columns_dict:  # tables made before digests existed
        db.execute("ALTER TABLE deliveries ADD COLUMN digest TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS deliveries_queue ON deliveries (status, channel, id)")
    db.execute(  # new-message deliveries not yet in a catch-up thread: what start_catchup counts, per channel
        "CREATE INDEX IF NOT EXISTS deliveries_uncaught ON deliveries (channel, id)"
        " WHERE status = 'pending' AND kind = 'post' AND catchup_id IS NULL"
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS catchups (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            total INTEGER NOT NULL,
            oldest_at TEXT NOT NULL,
            ts TEXT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'catchup'
        )"""
    )
    if "kind" not in db["catchups"].columns_dict:
        db.execute("ALTER TABLE catchups ADD COLUMN kind TEXT NOT NULL DEFAULT 'catchup'")
    db.execute("CREATE TABLE IF NOT EXISTS outbox_state (key TEXT PRIMARY KEY, value TEXT, updated_at TEXT)")


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- writing (enqueue) ------------------------------------------------------------------------------------------
def add(
    db: sqlite_utils.Database,
    release_id: int,
    channel: str,
    *,
    now: dt.datetime,
    subscription_id: int | None = None,
    kind: str = "post",
    note: str | None = None,
    update_of: int | None = None,
    digest: str | None = None,
    not_before: dt.datetime | None = None,
) -> bool:
    """Queue one delivery (for a digest: `digest` and its time as `not_before`); False when (release, channel)
    already has one (enqueueing twice is harmless)."""
    stamp = iso(now)
    cursor = db.execute(
        "INSERT OR IGNORE INTO deliveries (release_id, channel, subscription_id, kind, note, update_of, digest,"
        " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [release_id, channel, subscription_id, kind, note, update_of, digest, iso(not_before or now), stamp],
    )
    return cursor.rowcount > 0


def for_release_in_channel(db: sqlite_utils.Database, release_id: int, channel: str) -> dict[str, Any] | None:
    """The delivery of `release_id` to `channel`, if any."""
    rows = _dicts(db.execute("SELECT * FROM deliveries WHERE release_id = ? AND channel = ?", [release_id, channel]))
    return rows[0] if rows else None


def deliveries_for_release(db: sqlite_utils.Database, release_id: int) -> list[dict[str, Any]]:
    """Every delivery of `release_id` (all columns), by id."""
    return _dicts(db.execute("SELECT * FROM deliveries WHERE release_id = ? ORDER BY id", [release_id]))


def channels_of_release(db: sqlite_utils.Database, release_id: int) -> list[str]:
    """Channels where `release_id` was posted or is being posted (not failed)."""
    rows = db.execute(
        "SELECT channel FROM deliveries WHERE release_id = ? AND status != 'failed' ORDER BY id", [release_id]
    ).fetchall()
    return [r[0] for r in rows]


# -- reading (dispatcher, status) -------------------------------------------------------------------------------
def stats(db: sqlite_utils.Database) -> dict[str, Any]:
    """Outbox health: `depth` (pending + sending), `sending`, `sent`, `failed`, `oldest_pending_at` (ISO or None),
    `workspace_stopped` (why all sending stopped, or None)."""
    counts = dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())
    oldest = db.execute("SELECT min(created_at) FROM deliveries WHERE status IN ('pending', 'sending')").fetchone()[0]
    return {
        "depth": counts.get("pending", 0) + counts.get("sending", 0),
        "sending": counts.get("sending", 0),
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
        "oldest_pending_at": oldest,
        "workspace_stopped": get_state(db, "workspace_stopped"),
    }


def recent_failed(db: sqlite_utils.Database, *, limit: int = 5) -> list[dict[str, Any]]:
    """The newest failed deliveries first (every column), by the time of their last attempt (`next_attempt_at`:
    the time they were last due; a failed row keeps it)."""
    sql = "SELECT * FROM deliveries WHERE status = 'failed' ORDER BY next_attempt_at DESC, id DESC LIMIT ?"
    return _dicts(db.execute(sql, [limit]))


def channels_with_pending(db: sqlite_utils.Database) -> list[str]:
    """Channels that have pending deliveries, in order of their oldest one."""
    rows = db.execute(
        "SELECT channel FROM deliveries WHERE status = 'pending' GROUP BY channel ORDER BY min(id)"
    ).fetchall()
    return [r[0] for r in rows]


def head(db: sqlite_utils.Database, channel: str, now: dt.datetime) -> dict[str, Any] | None:
    """The oldest pending delivery of `channel` (deliveries to one channel go out in id order), leaving out
    digest rows before their digest time."""
    rows = _dicts(
        db.execute(
            "SELECT * FROM deliveries WHERE channel = ? AND status = 'pending'"
            " AND (digest IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT 1",
            [channel, iso(now)],
        )
    )
    return rows[0] if rows else None


def sent_ts(db: sqlite_utils.Database, release_id: int, channel: str) -> str | None:
    """The `ts` of the message showing `release_id` in `channel` (None unless sent)."""
    row = db.execute(
        "SELECT ts FROM deliveries WHERE release_id = ? AND channel = ? AND status = 'sent'", [release_id, channel]
    ).fetchone()
    return row[0] if row else None


# -- state changes (dispatcher) ---------------------------------------------------------------------------------
def mark_sending(db: sqlite_utils.Database, delivery_id: int) -> None:
    """Claim a pending delivery: status `sending`, one more attempt. Committed before the request goes out."""
    db.execute(
        "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
        [delivery_id],
    )


def mark_stage(db: sqlite_utils.Database, delivery_id: int, stage: int, ts: str | None = None) -> None:
    """Record a finished step of a multi-request delivery (an update's `chat.update`)."""
    db.execute("UPDATE deliveries SET stage = ?, ts = coalesce(?, ts) WHERE id = ?", [stage, ts, delivery_id])


def requeue(db: sqlite_utils.Database, delivery_id: int) -> None:
    """Back to `pending`, due now: a first step of the delivery is done, the next one follows."""
    db.execute("UPDATE deliveries SET status = 'pending' WHERE id = ? AND status = 'sending'", [delivery_id])


def mark_sent(db: sqlite_utils.Database, delivery_id: int, ts: str, now: dt.datetime, error: str | None = None) -> None:
    """The message is in Slack: status `sent`, its `ts`, `sent_at`; `error` keeps a note (e.g. a fallback)."""
    db.execute(
        "UPDATE deliveries SET status = 'sent', ts = ?, sent_at = ?, error = ? WHERE id = ?",
        [ts, iso(now), error, delivery_id],
    )


def mark_retry(db: sqlite_utils.Database, delivery_id: int, error: str, not_before: dt.datetime) -> None:
    """Back to `pending` after a transient error, not to be tried before `not_before`."""
    db.execute(
        "UPDATE deliveries SET status = 'pending', error = ?, next_attempt_at = ? WHERE id = ?",
        [error, iso(not_before), delivery_id],
    )


def mark_failed(db: sqlite_utils.Database, delivery_id: int, error: str) -> None:
    """Give up on one delivery, saying why."""
    db.execute("UPDATE deliveries SET status = 'failed', error = ? WHERE id = ?", [error, delivery_id])


def fail_channel(db: sqlite_utils.Database, channel: str, error: str) -> int:
    """Give up on every pending delivery to `channel`; return how many."""
    cursor = db.execute(
        "UPDATE deliveries SET status = 'failed', error = ? WHERE channel = ? AND status = 'pending'", [error, channel]
    )
    return cursor.rowcount


def note_pending(db: sqlite_utils.Database, error: str) -> int:
    """Write `error` on every pending delivery (they stay pending: e.g. why all sending is stopped)."""
    return db.execute("UPDATE deliveries SET error = ? WHERE status = 'pending'", [error]).rowcount


def reset_in_flight(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """After a crash: deliveries left `sending` go back to `pending` (they will be sent again: the request may or
    may not have reached Slack). Returns those rows as they were."""
    with db.atomic():
        rows = _dicts(db.execute("SELECT * FROM deliveries WHERE status = 'sending' ORDER BY id"))
        db.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'")
    return rows


# -- catch-up threads -------------------------------------------------------------------------------------------
def start_catchup(db: sqlite_utils.Database, channel: str, threshold: int, now: dt.datetime) -> int | None:
    """When more than `threshold` new-message deliveries wait for `channel` outside any catch-up thread, group
    them all into a new catch-up and return its id (else None)."""
    where = "channel = ? AND status = 'pending' AND kind = 'post' AND catchup_id IS NULL AND digest IS NULL"
    sample = f"SELECT 1 FROM deliveries INDEXED BY deliveries_uncaught WHERE {where} LIMIT ?"
    if db.execute(f"SELECT count(*) FROM ({sample})", [channel, threshold + 1]).fetchone()[0] <= threshold:
        return None
    count, oldest = db.execute(f"SELECT count(*), min(created_at) FROM deliveries WHERE {where}", [channel]).fetchone()
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO catchups (channel, total, oldest_at, created_at) VALUES (?, ?, ?, ?)",
            [channel, count, oldest, iso(now)],
        )
        catchup_id = cursor.lastrowid
        db.execute(f"UPDATE deliveries SET catchup_id = ? WHERE {where}", [catchup_id, channel])
    return catchup_id


def start_digest(db: sqlite_utils.Database, channel: str, now: dt.datetime) -> int | None:
    """Group the digest deliveries of `channel` that are due into one thread (a `catchups` row of kind `hourly`
    or `daily`); return its id, or None when none is due."""
    where = "channel = ? AND status = 'pending' AND digest IS NOT NULL AND catchup_id IS NULL AND next_attempt_at <= ?"
    count, oldest, period = db.execute(
        f"SELECT count(*), min(created_at), max(digest) FROM deliveries WHERE {where}", [channel, iso(now)]
    ).fetchone()
    if not count:
        return None
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO catchups (channel, total, oldest_at, created_at, kind) VALUES (?, ?, ?, ?, ?)",
            [channel, count, oldest, iso(now), period],
        )
        db.execute(f"UPDATE deliveries SET catchup_id = ? WHERE {where}", [cursor.lastrowid, channel, iso(now)])
    return cursor.lastrowid


def catchup(db: sqlite_utils.Database, catchup_id: int) -> dict[str, Any] | None:
    """A catch-up row: `channel`, `kind` (`catchup`, `hourly`, `daily`), `total`, `oldest_at`, `ts` of its parent
    message (None until posted)."""
    rows = _dicts(db.execute("SELECT * FROM catchups WHERE id = ?", [catchup_id]))
    return rows[0] if rows else None


def set_catchup_ts(db: sqlite_utils.Database, catchup_id: int, ts: str) -> None:
    """Record the parent message of a catch-up thread."""
    db.execute("UPDATE catchups SET ts = ? WHERE id = ?", [ts, catchup_id])


# -- state ------------------------------------------------------------------------------------------------------
def get_state(db: sqlite_utils.Database, key: str) -> str | None:
    """A value of `outbox_state` (None when unset)."""
    row = db.execute("SELECT value FROM outbox_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_state(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    """Set (None: clear) a value of `outbox_state`."""
    if value is None:
        db.execute("DELETE FROM outbox_state WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO outbox_state (key, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [key, value, iso(dt.datetime.now(dt.UTC))],
        )

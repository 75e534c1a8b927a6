"""Alert subscriptions and per-channel mutes: tables `subscriptions` and `mutes` (schema and every query on them).

A subscription says "post releases matching this to that channel". Kinds and their `target`:

- `company`: target is the ticker symbol ("IMGN") or, without one, the name key ("immunogen"); matches the
  company as issuer, co-issuer or partner.
- `keyword`: lower-case words separated by one space; every word must appear, whole-word, in headline + body.
- `event`: one of `bot.parser.models.EVENT_TYPES`, matched against the release's `event_types`.
- `all`: target `""`, every release.

`source` is `user` (made with `/pr subscribe`) or `env` (the `PRBOT_ALERT_CHANNEL` subscription kept in step
with the setting by `bot.alerts.sync_alert_channel`). `status` is `active` or `stopped` (Slack refused the
channel for good: `stopped_reason` says why; subscribing again reactivates it).

`digest` (None, `hourly` or `daily`): matching releases wait and go out together as one thread per period
instead of one post each (see `bot.alerts.enqueue.digest_due`).

A mute hides one company's releases (as issuer) from one channel, whatever subscription matches them.
Times are ISO 8601 UTC strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

KINDS = ("company", "keyword", "event", "all")
DIGESTS = ("hourly", "daily")


@dataclass(frozen=True)
class Subscription:
    """One row of `subscriptions`. `ticker` and `name_key` identify a followed company (either may be None)."""

    id: int
    channel: str
    kind: str
    target: str
    label: str
    ticker: str | None
    name_key: str | None
    source: str
    status: str
    stopped_reason: str | None
    created_by: str | None
    created_at: str
    digest: str | None = None


@dataclass(frozen=True)
class Mute:
    """One row of `mutes`: `name_key`/`ticker` identify the muted company, `label` is how to show it."""

    channel: str
    key: str
    label: str
    ticker: str | None
    name_key: str | None
    created_by: str | None
    created_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create `subscriptions` and `mutes` when missing."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS subscriptions (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('company', 'keyword', 'event', 'all')),
            target TEXT NOT NULL,
            label TEXT NOT NULL,
            ticker TEXT,
            name_key TEXT,
            source TEXT NOT NULL DEFAULT 'user',
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped')),
            stopped_reason TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL,
            digest TEXT CHECK (digest IN ('hourly', 'daily')),
            UNIQUE (channel, kind, target)
        )"""
    )
    if "digest" not in db["subscriptions"].columns_dict:  # tables made before digests existed
        db.execute("ALTER TABLE subscriptions ADD COLUMN digest TEXT CHECK (digest IN ('hourly', 'daily'))")
    db.execute("CREATE INDEX IF NOT EXISTS subscriptions_status ON subscriptions (status, kind)")
    db.execute(
        """CREATE TABLE IF NOT EXISTS mutes (
            channel TEXT NOT NULL,
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            ticker TEXT,
            name_key TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (channel, key)
        )"""
    )


def _subscription(row: tuple) -> Subscription:
    return Subscription(*row)


_COLUMNS = (
    "id, channel, kind, target, label, ticker, name_key, source, status, stopped_reason, created_by, created_at, digest"
)


def subscribe(
    db: sqlite_utils.Database,
    channel: str,
    kind: str,
    target: str,
    *,
    label: str,
    ticker: str | None = None,
    name_key: str | None = None,
    source: str = "user",
    created_by: str | None = None,
    digest: str | None = None,
) -> tuple[Subscription, bool]:
    """Add (or reactivate a stopped, or change the `digest` of) a subscription; return it and whether anything
    changed (False: it was already active as asked). Raises `ValueError` for an unknown `kind` or `digest`."""
    if kind not in KINDS or (digest is not None and digest not in DIGESTS):
        raise ValueError(f"unknown subscription kind {kind!r} or digest {digest!r}")
    existing = find(db, channel, kind, target)
    if existing is not None and existing.status == "active" and existing.digest == digest:
        return existing, False
    with db.atomic():
        if existing is None:
            db.execute(
                "INSERT INTO subscriptions (channel, kind, target, label, ticker, name_key, source, created_by,"
                " created_at, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [channel, kind, target, label, ticker, name_key, source, created_by, _now(), digest],
            )
        else:
            db.execute(
                "UPDATE subscriptions SET status = 'active', stopped_reason = NULL, label = ?, ticker = ?,"
                " name_key = ?, source = ?, digest = ? WHERE id = ?",
                [label, ticker, name_key, source, digest, existing.id],
            )
    subscription = find(db, channel, kind, target)
    assert subscription is not None
    return subscription, True


def find(db: sqlite_utils.Database, channel: str, kind: str, target: str) -> Subscription | None:
    """The subscription of `channel` with this kind and target, active or stopped."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE channel = ? AND kind = ? AND target = ?", [channel, kind, target]
    ).fetchone()
    return _subscription(row) if row else None


def unsubscribe(db: sqlite_utils.Database, channel: str, kind: str, target: str) -> bool:
    """Delete the subscription; False when there was none."""
    cursor = db.execute(
        "DELETE FROM subscriptions WHERE channel = ? AND kind = ? AND target = ?", [channel, kind, target]
    )
    return cursor.rowcount > 0


def list_for_channel(db: sqlite_utils.Database, channel: str) -> list[Subscription]:
    """Every subscription of `channel` (active and stopped), oldest first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE channel = ? ORDER BY id", [channel]).fetchall()
    return [_subscription(r) for r in rows]


def active(db: sqlite_utils.Database) -> list[Subscription]:
    """Every active subscription, by id (what matching walks)."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE status = 'active' ORDER BY id").fetchall()
    return [_subscription(r) for r in rows]


def stop_channel(db: sqlite_utils.Database, channel: str, reason: str) -> int:
    """Stop every active subscription of `channel` (Slack refused it for good); return how many."""
    cursor = db.execute(
        "UPDATE subscriptions SET status = 'stopped', stopped_reason = ? WHERE channel = ? AND status = 'active'",
        [reason, channel],
    )
    return cursor.rowcount


def replace_env(db: sqlite_utils.Database, channel: str | None) -> list[str]:
    """Make the `env` subscription (kind `all`) point at `channel` (None: no env subscription); return the
    channels whose env subscription was removed."""
    with db.atomic():
        rows = db.execute("SELECT channel FROM subscriptions WHERE source = 'env'").fetchall()
        removed = [r[0] for r in rows if r[0] != channel]
        for old in removed:
            db.execute("DELETE FROM subscriptions WHERE source = 'env' AND channel = ?", [old])
        if channel is not None:
            db.execute(
                "INSERT INTO subscriptions (channel, kind, target, label, source, created_at)"
                " VALUES (?, 'all', '', 'every release', 'env', ?)"
                " ON CONFLICT (channel, kind, target) DO UPDATE SET source = 'env', status = 'active',"
                " stopped_reason = NULL",
                [channel, _now()],
            )
    return removed


def mute(
    db: sqlite_utils.Database,
    channel: str,
    key: str,
    *,
    label: str,
    ticker: str | None = None,
    name_key: str | None = None,
    created_by: str | None = None,
) -> bool:
    """Mute a company in `channel`; False when it already was."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO mutes (channel, key, label, ticker, name_key, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [channel, key, label, ticker, name_key, created_by, _now()],
    )
    return cursor.rowcount > 0


def unmute(db: sqlite_utils.Database, channel: str, key: str) -> bool:
    """Lift a mute; False when there was none."""
    return db.execute("DELETE FROM mutes WHERE channel = ? AND key = ?", [channel, key]).rowcount > 0


def mutes(db: sqlite_utils.Database, channel: str | None = None) -> list[Mute]:
    """Mutes of `channel` (all channels when None), oldest first."""
    sql = "SELECT channel, key, label, ticker, name_key, created_by, created_at FROM mutes"
    params: list[str] = []
    if channel is not None:
        sql += " WHERE channel = ?"
        params.append(channel)
    return [Mute(*r) for r in db.execute(sql + " ORDER BY created_at", params).fetchall()]

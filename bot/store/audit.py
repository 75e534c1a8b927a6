"""The admin audit trail and reparse jobs: the `audit` and `reparse_jobs` tables (schema and every query on them).

`audit` keeps one row per admin attempt and per admin outcome: who (Slack user ID, or `terminal` for the
operator at the command line), the command text, when (UTC, ISO 8601) and the outcome (`allowed`, `refused`,
`ok`, `error`). `bot.permissions.authorize` writes the attempt row (`allowed` or `refused`); the admin handlers
write the outcome row (`ok` with a one-line summary, or `error` with the message).

`reparse_jobs` keeps one row per `admin reparse` run with a cursor: the highest release ID already rewritten, in
the same transaction as that release. A run of the same target with the same parser version that did not finish
is resumed after its cursor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

OUTCOMES = ("allowed", "refused", "ok", "error")
JOB_STATUSES = ("running", "done", "failed")


def _now(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the `audit` and `reparse_jobs` tables and their indexes when missing."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL,
            command TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused', 'ok', 'error')),
            detail TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
        CREATE TABLE IF NOT EXISTS reparse_jobs (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            done INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            cursor INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
            error TEXT,
            summary TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        """
    )


def record(
    db: sqlite_utils.Database,
    *,
    user_id: str | None,
    command: str,
    outcome: str,
    detail: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Write one audit row (at `now`, default the current UTC time) and return its ID. `user_id` None means the
    terminal operator.

    Raises `ValueError` for an outcome outside `OUTCOMES`.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO audit (user_id, command, outcome, detail, at) VALUES (?, ?, ?, ?, ?)",
            [user_id or "terminal", command, outcome, detail or None, _now(now)],
        )
    return int(cursor.lastrowid or 0)


def recent(db: sqlite_utils.Database, *, limit: int = 20, outcome: str | None = None) -> list[dict[str, Any]]:
    """The newest audit rows first (`id, user_id, command, outcome, detail, at`), optionally one outcome only."""
    where, params = ("WHERE outcome = ?", [outcome]) if outcome else ("", [])
    sql = f"SELECT id, user_id, command, outcome, detail, at FROM audit {where} ORDER BY id DESC LIMIT ?"
    return [dict(row) for row in db.query(sql, [*params, limit])]


def start_job(db: sqlite_utils.Database, *, target: str, parser_version: str, total: int) -> dict:
    """Resume the unfinished job of `target` at `parser_version`, or start a new one (dry runs keep no job).

    Returns the job row as a dict (`id, target, parser_version, total, done, changed, cursor, status, error,
    summary, started_at, finished_at`); a resumed job keeps its cursor and counts and gets `total` refreshed.
    """
    with db.atomic():
        rows = list(
            db.query(
                "SELECT id FROM reparse_jobs WHERE target = ? AND parser_version = ? AND status != 'done' "
                "ORDER BY id DESC LIMIT 1",
                [target, parser_version],
            )
        )
        if rows:
            db.execute(
                "UPDATE reparse_jobs SET status = 'running', error = NULL, total = ? WHERE id = ?",
                [total, rows[0]["id"]],
            )
            return get_job(db, rows[0]["id"])
        cursor = db.execute(
            "INSERT INTO reparse_jobs (target, parser_version, total, status, started_at) "
            "VALUES (?, ?, ?, 'running', ?)",
            [target, parser_version, total, _now()],
        )
    return get_job(db, int(cursor.lastrowid or 0))


def get_job(db: sqlite_utils.Database, job_id: int) -> dict:
    """One reparse job row as a dict. Raises `KeyError` when there is none."""
    rows = list(db.query("SELECT * FROM reparse_jobs WHERE id = ?", [job_id]))
    if not rows:
        raise KeyError(job_id)
    return dict(rows[0])


def advance_job(db: sqlite_utils.Database, job_id: int, *, release_id: int, changed: bool) -> None:
    """Move the job's cursor past `release_id`. Call it inside the transaction that rewrites that release, so the
    cursor and the release are committed together."""
    db.execute(
        "UPDATE reparse_jobs SET cursor = MAX(cursor, ?), done = done + 1, changed = changed + ? WHERE id = ?",
        [release_id, int(changed), job_id],
    )


def finish_job(
    db: sqlite_utils.Database,
    job_id: int,
    *,
    summary: str | None = None,
    error: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Mark the job `done` (with its one-line summary) or `failed` (with the error message), finished at `now`
    (default the current UTC time)."""
    with db.atomic():
        db.execute(
            "UPDATE reparse_jobs SET status = ?, summary = ?, error = ?, finished_at = ? WHERE id = ?",
            ["failed" if error else "done", summary, error, _now(now), job_id],
        )


def recent_jobs(db: sqlite_utils.Database, *, limit: int = 5) -> list[dict]:
    """The newest reparse jobs first."""
    return [dict(row) for row in db.query("SELECT * FROM reparse_jobs ORDER BY id DESC LIMIT ?", [limit])]

"""The SQLite store. One module owns each table (its schema and every query on it); this package opens the
database and lets each owner create or migrate its tables.

Multi-table writes run inside `db.atomic()` (sqlite-utils 4: a transaction, nested ones become savepoints), so
a release, its graph rows and its outbox deliveries are written together or not at all.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from bot.errors import StoreError
from bot.store import audit, companies, counts, feeds, graph, outbox, releases, subscriptions

SCHEMA_OWNERS = (companies, releases, graph, counts, audit, subscriptions, outbox, feeds)
"""Table-owning modules, in creation order (later ones may reference earlier ones' tables)."""


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating the file and its folder) the store at `path` (`":memory:"` for tests) and make sure every
    table exists. WAL journal, foreign keys on, 5 s busy timeout.

    Raises `StoreError` when the file cannot be opened or is not a SQLite database.
    """
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
        db = sqlite_utils.Database(conn)
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: no fsync per commit, still never corrupt
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=5000")
        for owner in SCHEMA_OWNERS:
            owner.ensure_schema(db)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    return db

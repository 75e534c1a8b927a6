"""The SQLite store. One module owns each table (its schema and every query on it); this package opens the
database and lets each owner create or migrate its tables.

Multi-table writes run inside `db.atomic()` (sqlite-utils 4: a transaction, nested ones become savepoints), so
a release, its graph rows and its outbox deliveries are written together or not at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bot.errors import StoreError
from bot.store import audit, companies, counts, feeds, graph, outbox, releases, subscriptions

SCHEMA_OWNERS = (companies, releases, graph, counts, audit, subscriptions, outbox, feeds)
"""Table-owning modules, in creation order (later ones may reference earlier ones' tables)."""


BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another process's write lock (`prbot ingest` runs beside `prbot run`) before
SQLite gives up with "database is locked"."""


class Database(sqlite_utils.Database):
    """A sqlite-utils `Database` whose outermost `atomic()` transaction starts with `BEGIN IMMEDIATE`: it takes
    the write lock first (waiting up to `BUSY_TIMEOUT`), so a transaction that reads before writing never fails
    with "database is locked" because another process committed in between (SQLite's deferred-transaction
    upgrade gives up at once, without waiting). Nested blocks stay savepoints."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def open_db(path: str | Path) -> Database:
    """Open (creating the file and its folder) the store at `path` (`":memory:"` for tests) and make sure every
    table exists. WAL journal, foreign keys on, `BUSY_TIMEOUT` (30 s) busy timeout, write transactions take the
    lock up front (`Database.atomic`), so concurrent writers wait their turn.

    Raises `StoreError` when the file cannot be opened or is not a SQLite database.
    """
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")  # before WAL: switching needs the lock
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: no fsync per commit, still never corrupt
        db.execute("PRAGMA foreign_keys=ON")
        for owner in SCHEMA_OWNERS:
            owner.ensure_schema(db)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    return db

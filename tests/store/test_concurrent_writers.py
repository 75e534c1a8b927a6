"""Several writers on one store file (`prbot ingest` runs beside `prbot run` and beside each other): every writer
waits for the write lock instead of failing with "database is locked", and every release is stored."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from bot.ingest import store_parsed
from bot.store import BUSY_TIMEOUT, open_db
from bot.store.releases import ReleaseMeta
from tests.store.factories import release

WRITERS = 4
RELEASES_EACH = 25


def _store(db_path: Path, headline: str) -> None:
    db = open_db(db_path)
    try:
        parsed = release(headline, partners=["Amgen"])
        store_parsed(db, raw=headline, raw_format="text", parsed=parsed, meta=ReleaseMeta(), alert=False)
    finally:
        db.close()


def _writer(db_path: Path, writer: int) -> None:
    db = open_db(db_path)
    for n in range(RELEASES_EACH):
        headline = f"Writer {writer} announces result {n}"
        store_parsed(db, raw=headline, raw_format="text", parsed=release(headline), meta=ReleaseMeta(), alert=False)
    db.close()


def test_busy_timeout_is_set_on_every_connection(tmp_path: Path) -> None:
    db = open_db(tmp_path / "prbot.db")
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == int(BUSY_TIMEOUT * 1000) >= 30_000
    db.close()


def test_a_transaction_that_read_first_still_writes_after_another_commit(tmp_path: Path) -> None:
    """A transaction reads, another connection wants to write meanwhile, then the first writes: the second waits
    for the first to commit (it used to commit in between, and the first failed at once with "database is
    locked")."""
    path = tmp_path / "prbot.db"
    first = open_db(path)
    open_db(path).close()  # tables created before the race
    other = threading.Thread(target=_store, args=(path, "Second writer's release"))
    with first.atomic():
        assert first.execute("SELECT COUNT(*) FROM releases").fetchone()[0] == 0
        other.start()
        other.join(0.5)
        assert other.is_alive()  # waiting for the write lock, not writing under the reader's snapshot
        parsed = release("First writer's release", partners=["Bayer"])
        store_parsed(first, raw="first", raw_format="text", parsed=parsed, meta=ReleaseMeta(), alert=False)
    other.join(10)
    headlines = [row[0] for row in first.execute("SELECT headline FROM releases ORDER BY id")]
    assert headlines == ["First writer's release", "Second writer's release"]
    first.close()


def test_parallel_processes_store_every_release(tmp_path: Path) -> None:
    path = tmp_path / "prbot.db"
    open_db(path).close()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(path, w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM releases").fetchone()[0] == WRITERS * RELEASES_EACH
    db.close()

"""Reparse rate over a large store: releases/s and peak memory of `bot.admin.reparse.reparse` (`prbot reparse`).

    python bench/reparse.py [--releases 100000] [--companies 5000] [--raw corpus|synthetic] [--mode all|dry-run]
                            [--executor thread|process] [--workers N] [--work var/bench-reparse]

The store comes from `bench/store_data.py` (built once and cached under `--work`), then copied so every run
starts from the same state; both in a child process, so their memory is not counted. With `--raw corpus` (the
default) each release's raw text is replaced by a fixture-corpus release (`tests/fixtures/releases/*.txt`) with a
varied company name in its first line, so the real parser reads real wire text. Every release is stored with an
older parser version, so every one is reparsed and written (the worst case: each release's graph rewritten in its
own savepoint, committed per batch). `cpu s` is this process's CPU time (executor threads included, a process
pool's workers not): on a busy machine `rel/cpu-s` is the steadier figure. Peak memory is the process's maximum
resident set size (`resource.getrusage`; `rss growth` is its rise during the run), and the Python heap peak during
the run when `--tracemalloc` is given (slower).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import shutil
import sys
import time
import tracemalloc
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store_data import build_synthetic_store  # noqa: E402

from bot.admin.reparse import ReparseReport, Target, reparse  # noqa: E402
from bot.store import open_db  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "releases"


def prepare(work: Path, releases: int, companies: int, raw: str) -> Path:
    """A fresh copy of the cached synthetic store with `raw` texts and every release marked stale, made in a
    child process (so neither the build's nor this rewrite's memory counts in this process's peak)."""
    target = work / "reparse.db"
    child = multiprocessing.get_context("spawn").Process(
        target=_prepare, args=(str(work), str(target), releases, companies, raw)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"preparing the store failed (exit code {child.exitcode})")
    return target


def _prepare(work: str, target: str, releases: int, companies: int, raw: str) -> None:
    Path(work).mkdir(parents=True, exist_ok=True)
    cached = Path(work) / f"store-{releases}-{companies}.db"
    build_synthetic_store(cached, releases, companies)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, target)
    db = open_db(target)
    with db.atomic():
        db.execute("UPDATE releases SET parser_version = '0.0.0'")
        if raw == "corpus":
            texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(CORPUS.glob("*.txt"))]
            rows = db.execute("SELECT id, issuer FROM releases").fetchall()
            db.conn.executemany(
                "UPDATE releases SET raw = ?, raw_format = 'text' WHERE id = ?",
                ((_varied(texts[i % len(texts)], issuer or "Acme"), rid) for i, (rid, issuer) in enumerate(rows)),
            )
    db.close()


def _varied(text: str, name: str) -> str:
    head, _, rest = text.partition("\n")
    return f"{head} ({name})\n{rest}"


async def run(path: Path, dry_run: bool, executor: Executor | None) -> tuple[ReparseReport, float, float]:
    """(report, wall seconds, CPU seconds of this process, executor threads included)."""
    db = open_db(path)
    started, cpu_started = time.perf_counter(), time.process_time()
    report = await reparse(db, Target("all"), dry_run=dry_run, executor=executor)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    db.close()
    return report, seconds, cpu


def main() -> None:
    """Build/copy the store, reparse it once, print one table row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=5_000)
    parser.add_argument("--raw", choices=("corpus", "synthetic"), default="corpus")
    parser.add_argument("--mode", choices=("all", "dry-run"), default="all")
    parser.add_argument("--executor", choices=("thread", "process"), default="thread")
    parser.add_argument("--workers", type=int, default=None, help="process pool size (default: CPU count)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (slower)")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-reparse")
    args = parser.parse_args()

    path = prepare(args.work, args.releases, args.companies, args.raw)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    executor = ProcessPoolExecutor(args.workers) if args.executor == "process" else None
    if args.tracemalloc:
        tracemalloc.start()
    try:
        report, seconds, cpu = asyncio.run(run(path, args.mode == "dry-run", executor))
    finally:
        if executor is not None:
            executor.shutdown()
    heap_peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"reparse {args.mode} over {args.releases:,} releases ({args.raw} raw text, {args.executor} executor)")
    header = f"{'releases':>9} {'changed':>8} {'wall s':>8} {'rel/s':>8} {'cpu s':>8} {'rel/cpu-s':>10}"
    print(f"{header} {'maxrss MB':>10} {'rss growth MB':>14}", end="")
    print(f" {'heap peak MB':>13}" if heap_peak is not None else "")
    print(
        f"{report.done:>9,} {len(report.changed_ids):>8,} {seconds:>8.1f} {report.done / seconds:>8,.0f} "
        f"{cpu:>8.1f} {report.done / cpu:>10,.0f} {rss_after:>10.0f} {rss_after - rss_before:>14.0f}",
        end="",
    )
    print(f" {heap_peak:>13.1f}" if heap_peak is not None else "")
    print(report.summary())


if __name__ == "__main__":
    main()

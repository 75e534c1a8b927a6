"""Benchmark of the feed watcher on loopback: N feeds (default 100 and 1,000), mostly answering 304.

A fake wire runs in a separate process (so its CPU is not counted) and serves N RSS feeds with ETags and
wire-style release pages built from the fixture corpus (each page gets a unique headline, so every release is
new). For each N the bench runs, with the real Watcher (real fetcher, default process pool, real SQLite file,
real ingest + outbox):

1. baseline: the first poll of every feed (1 entry each: fetched, parsed, stored, not alerted);
2. unchanged: every feed due, every feed answers 304; then again with the wire ignoring conditional GET
   (200 with the same bytes, recognised by their hash);
3. mostly unchanged: 5% of the feeds have one new entry;
4. burst: every feed has one new entry (releases ingested per second end to end: fetch page, extract, parse,
   store, queue the alert).

It prints wall time and CPU seconds per cycle (this process plus the parser workers) and releases/s.
Goals (issue 4): 1,000 unchanged feeds per minute under 10% of one core (= under 6 CPU s per 1,000-feed cycle);
at least 200 new releases/s ingested.

The fetcher's per-host limits are lifted here (all feeds share one loopback host; real wires are many hosts).
The store keeps its own durability settings; `BENCH_SYNC=NORMAL` runs with `PRAGMA synchronous=NORMAL` (WAL) to
show what the per-commit disk sync costs.

Run: .venv/bin/python bench/watcher.py [N ...]
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.alerts import sync_alert_channel  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.fetch import Fetcher, FetchLimits  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.store import feeds as feed_store  # noqa: E402
from bot.store import open_db  # noqa: E402
from bot.watcher import Watcher  # noqa: E402
from tests.fakes.feed_server import Item, release_page, rss  # noqa: E402

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "releases").glob("*.txt"))
START = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def _wire_app(n_feeds: int) -> web.Application:
    """The fake wire: /feed/{i}.xml (ETag = entry count), /release/{i}/{k}.html, POST /bump {"feeds": [...]}."""
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in FIXTURES]
    versions = [1] * n_feeds
    base = {"url": ""}
    mode = {"etag": True}

    def page(i: int, k: int) -> str:
        lines = [line.strip() for line in texts[(i * 7 + k) % len(texts)].split("\n\n") if line.strip()]
        return release_page(f"{lines[0]} (bench feed {i} item {k})", lines[1:])

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        etag = f'"v{versions[i]}"'
        if mode["etag"] and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        items = [
            Item(f"bench-{i}-{k}", f"{base['url']}/release/{i}/{k}.html", f"Bench {i}/{k}", START)
            for k in range(versions[i], max(versions[i] - 20, 0), -1)
        ]
        return web.Response(body=rss(items), content_type="application/rss+xml", headers={"ETag": etag})

    async def release(request: web.Request) -> web.Response:
        return web.Response(
            text=page(int(request.match_info["i"]), int(request.match_info["k"])), content_type="text/html"
        )

    async def bump(request: web.Request) -> web.Response:
        order = await request.json()
        for i in order["feeds"]:
            versions[i] += 1
        mode["etag"] = order.get("etag", True)
        return web.json_response({"ok": True})

    async def on_startup(app: web.Application) -> None:
        base["url"] = os.environ["BENCH_BASE_URL"]

    app = web.Application()
    app.router.add_get("/feed/{i}.xml", feed)
    app.router.add_get("/release/{i}/{k}.html", release)
    app.router.add_post("/bump", bump)
    app.on_startup.append(on_startup)
    return app


def _serve(n_feeds: int, port: int) -> None:
    os.environ["BENCH_BASE_URL"] = f"http://127.0.0.1:{port}"
    web.run_app(_wire_app(n_feeds), host="127.0.0.1", port=port, print=None, access_log=None)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(executor: object) -> dict[int, float]:
    """CPU seconds (user + system) of this process (key 0) and of each live parser worker (Linux /proc)."""
    seconds = {0: time.process_time()}
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in list(getattr(executor, "_processes", None) or {}):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two `_cpu_seconds` readings (a worker started in between counts from zero)."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


async def _bench(n_feeds: int) -> list[tuple[str, int, int, float, float]]:
    port = _free_port()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(n_feeds, port), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    control = aiohttp.ClientSession()
    for _ in range(100):
        try:
            async with control.get(f"{base}/feed/0.xml") as response:
                await response.read()
            break
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    else:
        raise SystemExit("the fake wire did not start")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            PRBOT_DB=f"{tmp}/bench.db",
            PRBOT_FEEDS="",
            PRBOT_POLL_SECONDS=60,
            PRBOT_ALLOW_PRIVATE_FEEDS=True,
        )
        db = open_db(settings.db_path)
        db.execute("PRAGMA synchronous=" + os.environ.get("BENCH_SYNC", "FULL"))
        sync_alert_channel(db, "C0BENCH")
        for i in range(n_feeds):
            feed_store.add_feed(db, f"{base}/feed/{i}.xml")
        clock = {"now": START}
        limits = FetchLimits(host_concurrency=64, host_rate=0.0)
        watcher = Watcher(
            Services(settings=settings, db=db),
            fetcher=Fetcher(settings.user_agent, limits),
            now=lambda: clock["now"],
            rng=random.Random(1),
        )
        async with watcher:
            # Start the parser workers before measuring (their start-up is a one-off cost).
            await asyncio.gather(*(watcher._off_loop(time.sleep, 0.2) for _ in range(os.cpu_count() or 2)))

            async def cycle(name: str, bumped: list[int], *, etag: bool = True) -> None:
                async with control.post(f"{base}/bump", json={"feeds": bumped, "etag": etag}) as response:
                    response.raise_for_status()
                clock["now"] += dt.timedelta(seconds=61)
                cpu, wall = _cpu_seconds(watcher._executor), time.perf_counter()
                report = await watcher.poll_once()
                wall, cpu = time.perf_counter() - wall, _cpu_used(cpu, _cpu_seconds(watcher._executor))
                stored = sum(report.count(s) for s in ("new", "baseline", "too_old", "version"))
                assert not report.failed, [f.error for f in report.failed]
                rows.append((name, len(report.feeds), stored, wall, cpu))

            await cycle("baseline (first poll)", [])
            await cycle("unchanged (all 304)", [])
            await cycle("unchanged, ETag ignored", [], etag=False)
            await cycle("5% with a new entry", random.Random(2).sample(range(n_feeds), max(1, n_feeds // 20)))
            await cycle("burst: all new", list(range(n_feeds)))
        db.close()
    await control.close()
    server.terminate()
    server.join()
    return rows


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100, 1000]
    print(f"watcher bench on loopback, {os.cpu_count()} cores, parser workers = process pool")
    print(f"{'N':>5}  {'cycle':<24} {'feeds':>5} {'stored':>6} {'wall s':>7} {'CPU s':>6} {'releases/s':>10}")
    for n in sizes:
        for name, feeds, stored, wall, cpu in asyncio.run(_bench(n)):
            rate = f"{stored / wall:10.0f}" if stored else f"{'-':>10}"
            print(f"{n:>5}  {name:<24} {feeds:>5} {stored:>6} {wall:7.2f} {cpu:6.2f} {rate}")
        print()
    print("goal: 1,000 unchanged feeds/min under 10% of a core (< 6 CPU s per 1,000-feed cycle); >= 200 releases/s")


if __name__ == "__main__":
    main()

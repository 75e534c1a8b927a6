"""Alert dispatch at Slack's pace: releases x channels through the outbox and the fake Slack Web API.

    .venv/bin/python bench/alerts.py                                  # 10,000 releases x 100 channels
    .venv/bin/python bench/alerts.py --releases 1000 --scale 20       # quicker

Time scaling (honest version): Slack allows about 1 `chat.postMessage` per second per channel; at that pace
10,000 releases x 100 channels take 10,000 s of sending. The bench divides Slack's clock by `--scale`: the fake
Slack (a child process, `tests/fakes/slack_api.FakeSlack` plus per-channel pacing) answers HTTP 429 with a
fractional `Retry-After` when a channel gets a second post within `1/scale` s, and the dispatcher runs with
`per_channel_interval = 1/scale`. Releases arrive (stored through `bot.ingest.store_parsed`, 100 deliveries each,
in one transaction) at `--load` x the pace a channel can take, i.e. `load * scale` releases per wall second.
Everything else is real: SQLite file on disk (WAL), slack_sdk's `AsyncWebClient` over HTTP on 127.0.0.1, the
production `Dispatcher`. So wall-clock throughput is what this machine sustains; queue latency is reported in
wall seconds and converted back to Slack seconds (x scale). If the machine cannot keep up with `load * scale *
channels` posts/s, latency grows: the table says so (compare "offered" and "delivered" posts/s).

Prints: deliveries, wall time, offered and delivered posts/s, prbot's CPU time per delivery (this process: ingest
+ dispatcher + slack_sdk; the fake runs in a child), queue latency (created -> sent) p50/p99/max, 429s
seen, catch-up threads, and duplicates counted at the fake per (release, channel) (must be 0: no crash here).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from tests.fakes.slack_api import Call, FakeSlack  # noqa: E402


class PacedFakeSlack(FakeSlack):
    """The fake Slack with Slack's per-channel pace (`interval` s between posts, 10 % jitter allowed) and lean
    recording: only (release id, channel) of each accepted post, so a million posts fit in memory."""

    interval: float = 1.0
    posts: Counter[tuple[int | None, str]]
    rate_limited: int = 0
    last: dict[str, float]

    async def _record(self, request: web.Request, method: str, key: str | None = None) -> Call:
        payload: dict[str, Any] = await request.json() if request.content_type == "application/json" else {}
        if request.content_type != "application/json" and request.can_read_body:
            payload = dict(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return Call(method, payload, time.monotonic(), token, key)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "bench.stats":
            posts = [[r, ch, n] for (r, ch), n in self.posts.items()]
            return web.json_response({"posts": posts, "rate_limited": self.rate_limited})
        if method == "chat.postMessage":
            body = await request.json()
            channel, now = body["channel"], time.monotonic()
            last = self.last.get(channel)
            if last is not None and now - last < self.interval * 0.9:
                self.rate_limited += 1
                wait = self.interval - (now - last)
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": f"{wait:.3f}"}
                )
            self.last[channel] = now
            metadata = body.get("metadata") or {}
            self.posts[(metadata.get("event_payload", {}).get("release_id"), channel)] += 1
        return await super()._api(request)


async def serve_fake(interval: float) -> None:
    """Child process: run the paced fake Slack, print its port, serve until killed."""
    fake = PacedFakeSlack()
    fake.interval, fake.posts, fake.last = interval, Counter(), {}
    async with fake:
        print(fake.port, flush=True)
        await asyncio.Event().wait()


def _parsed(n: int) -> Any:
    from bot.parser.models import Dateline, Organization, ParsedRelease, Partner, Ticker

    symbol = f"B{n % 500:03d}"
    return ParsedRelease(
        parser_version="bench",
        headline=f"Bench Corp {symbol} announces collaboration number {n}",
        dateline=Dateline(city="BOSTON", region="Mass.", wire="GlobeNewswire"),
        issuer=Organization(name=f"Bench Corp {symbol}, Inc.", tickers=[Ticker(exchange="NASDAQ", symbol=symbol)]),
        partners=[Partner(name=f"Partner {n % 97}", relation="collaboration", evidence="They work together.")],
        event_types=["partnership"],
        summary=f"Bench Corp {symbol} and Partner {n % 97} announce collaboration number {n}.",
        body=f"BOSTON, Mass. -- Bench Corp {symbol} and Partner {n % 97} announce collaboration number {n}. " * 5,
    )


async def run(releases: int, channels: int, scale: float, load: float, workdir: Path) -> dict[str, Any]:
    import aiohttp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.alerts import Dispatcher, SlackPoster
    from bot.config import Settings
    from bot.ingest import store_parsed
    from bot.services import Services
    from bot.store import open_db, subscriptions
    from bot.store.releases import ReleaseMeta

    interval = 1.0 / scale
    fake = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve-fake", str(interval), stdout=asyncio.subprocess.PIPE
    )
    assert fake.stdout is not None
    port = int(await fake.stdout.readline())
    api_url = f"http://127.0.0.1:{port}/api/"
    db_path = workdir / "bench-alerts.db"
    db = open_db(db_path)
    for c in range(channels):
        subscriptions.subscribe(db, f"C{c:03d}", "all", "", label="every release")
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200))
    client = AsyncWebClient(token="xoxb-bench", base_url=api_url, timeout=30, session=session)
    settings = Settings(_env_file=None, PRBOT_DB=str(db_path), PRBOT_FEEDS="")
    dispatcher = Dispatcher(
        Services(settings, db), SlackPoster(client), per_channel_interval=interval, max_parallel=channels,
        poll_seconds=min(0.2, interval),
    )  # fmt: skip
    stop = asyncio.Event()
    started, cpu_started = time.monotonic(), time.process_time()
    sender = asyncio.create_task(dispatcher.run(stop))
    reporter = asyncio.create_task(_progress(db, started, releases * channels))
    period = 1.0 / (load * scale)
    for n in range(releases):
        due = started + n * period
        if (delay := due - time.monotonic()) > 0:
            await asyncio.sleep(delay)
        meta = ReleaseMeta(guid=f"bench-{n}", url=f"https://example.com/bench/{n}")
        parsed = _parsed(n)
        store_parsed(db, raw=parsed.body, raw_format="text", parsed=parsed, meta=meta, alert=True)
    produced = time.monotonic()
    total = releases * channels
    while db.execute("SELECT count(*) FROM deliveries WHERE status = 'sent'").fetchone()[0] < total:
        failed = db.execute("SELECT count(*) FROM deliveries WHERE status = 'failed'").fetchone()[0]
        if failed:
            raise SystemExit(f"{failed} deliveries failed: see the deliveries table in {db_path}")
        await asyncio.sleep(0.5)
    finished, cpu = time.monotonic(), time.process_time() - cpu_started
    stop.set()
    reporter.cancel()
    await sender
    async with session.post(api_url + "bench.stats", json={}, headers={"Authorization": "Bearer x"}) as response:
        stats = await response.json()
    await session.close()
    fake.kill()
    await fake.wait()
    latencies = sorted(
        (dt_sent - dt_created)
        for dt_created, dt_sent in (
            (_ts(a), _ts(b)) for a, b in db.execute("SELECT created_at, sent_at FROM deliveries").fetchall()
        )
    )
    posted = Counter({(r, ch): n for r, ch, n in stats["posts"]})
    return {
        "deliveries": total,
        "wall_s": finished - started,
        "produce_s": produced - started,
        "offered": releases * channels / (releases * period),
        "delivered": total / (finished - started),
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "max": latencies[-1],
        "cpu_ms": cpu * 1000 / total,
        "rate_limited": stats["rate_limited"],
        "catchups": db.execute("SELECT count(*) FROM catchups").fetchone()[0],
        "posted": sum(n for (r, _ch), n in posted.items() if r is not None),
        "parents": sum(n for (r, _ch), n in posted.items() if r is None),
        "duplicates": sum(n - 1 for (r, _ch), n in posted.items() if r is not None and n > 1),
        "missing": total - len([k for k in posted if k[0] is not None]),
    }


async def _progress(db: Any, started: float, total: int) -> None:
    """Every 30 s, print to stderr how far the run is (so a long run can be judged before it ends)."""
    while True:
        await asyncio.sleep(30)
        sent = db.execute("SELECT count(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
        queued = db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
        elapsed = time.monotonic() - started
        line = f"[{elapsed:6.0f} s] {sent:,}/{total:,} sent ({sent / elapsed:.0f}/s), {queued - sent:,} queued"
        print(line, file=sys.stderr, flush=True)


def _ts(value: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(value).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--channels", type=int, default=100)
    parser.add_argument("--scale", type=float, default=10.0, help="Slack seconds per wall second (default 10)")
    parser.add_argument("--load", type=float, default=0.8, help="releases per Slack second (channel pace is 1)")
    parser.add_argument("--serve-fake", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake is not None:
        asyncio.run(serve_fake(args.serve_fake))
        return
    with tempfile.TemporaryDirectory(dir=os.environ.get("PRBOT_BENCH_DIR")) as workdir:
        r = asyncio.run(run(args.releases, args.channels, args.scale, args.load, Path(workdir)))
    s = args.scale
    rows = [
        ("releases x channels", f"{args.releases:,} x {args.channels}", ""),
        ("deliveries", f"{r['deliveries']:,}", ""),
        ("time scale", f"1 Slack s = {1 / s:.3f} wall s", f"channel pace {s:g} posts/s"),
        ("wall time", f"{r['wall_s']:.1f} s", f"{r['wall_s'] * s / 3600:.2f} Slack hours"),
        ("offered posts/s", f"{r['offered']:.0f}", f"{r['offered'] / s:.0f} per Slack s"),
        ("delivered posts/s", f"{r['delivered']:.0f}", f"{r['delivered'] / s:.0f} per Slack s"),
        ("prbot CPU per delivery", f"{r['cpu_ms']:.2f} ms", f"one free core: ~{1000 / r['cpu_ms']:.0f} posts/s"),
        ("queue latency p50", f"{r['p50'] * 1000:.0f} ms", f"{r['p50'] * s:.2f} Slack s"),
        ("queue latency p99", f"{r['p99'] * 1000:.0f} ms", f"{r['p99'] * s:.2f} Slack s"),
        ("queue latency max", f"{r['max'] * 1000:.0f} ms", f"{r['max'] * s:.2f} Slack s"),
        ("429 answers", f"{r['rate_limited']:,}", ""),
        ("catch-up threads", f"{r['catchups']:,}", f"{r['parents']:,} parent messages posted"),
        ("alert posts at the fake", f"{r['posted']:,}", ""),
        ("duplicates", f"{r['duplicates']}", "goal 0"),
        ("missing", f"{r['missing']}", "goal 0"),
    ]
    print(json.dumps({k: v for k, v in r.items()}, default=str), file=sys.stderr)
    for name, value, note in rows:
        print(f"{name:<26}{value:>28}   {note}")


if __name__ == "__main__":
    main()

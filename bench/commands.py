"""Latency of every `/pr` command, end to end over HTTP, on a large synthetic store.

    .venv/bin/python bench/commands.py                    # 1,000,000 releases over 20,000 companies
    .venv/bin/python bench/commands.py --releases 50000   # quicker

The store comes from `bench/store_data.py` (`build_synthetic_store`, cached as `var/bench/commands-<N>.db`).
The Slack app runs in HTTP mode in a child process pinned to one core (`bot.slack_app.serve`, production
settings: signature verification on, `process_before_response=False`), with the Slack Web API faked on
127.0.0.1. This process, pinned to another core when there is one, sends signed `/pr` slash-command requests one
after another and times each from sending the request to reading the whole answer. Company arguments are drawn
half from the 50 busiest issuers (thousands of releases each) and half uniformly. Prints p50/p99/max per
command in milliseconds. Goal: p99 < 50 ms for every command.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIGNING_SECRET = "bench-signing-secret"
GOAL_MS = 50.0


def _pin(cpu: int) -> None:
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[cpu % len(cpus)]})


async def _serve_child() -> None:
    """The app under test (child process): settings from the environment, stops on SIGTERM."""
    import logging

    from bot.config import Settings
    from bot.services import Services
    from bot.slack_app import create_app, serve
    from bot.store import open_db

    logging.basicConfig(level=logging.WARNING)
    settings = Settings(_env_file=None)
    services = Services(settings=settings, db=open_db(settings.db_path))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await serve(create_app(services), services, stop, host="127.0.0.1")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _signed(text: str, response_url: str) -> tuple[str, dict[str, str]]:
    from slack_sdk.signature import SignatureVerifier

    form = {
        "command": "/pr",
        "text": text,
        "user_id": "U0BENCH",
        "channel_id": "C0BENCH",
        "team_id": "T0FAKE",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }
    body = urllib.parse.urlencode(form)
    ts = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return body, headers


def _workload(store: object, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Command name -> a function giving the next command text."""
    tickers: list[str] = store.tickers  # type: ignore[attr-defined]
    names: list[str] = store.names  # type: ignore[attr-defined]
    terms: list[str] = store.search_terms  # type: ignore[attr-defined]
    releases: int = store.releases  # type: ignore[attr-defined]

    def company(pool: list[str]) -> str:
        return pool[rng.randrange(50)] if rng.random() < 0.5 else pool[rng.randrange(len(pool))]

    return {
        "partners TICKER": lambda: f"partners {company(tickers)}",
        "partners name": lambda: f"partners {company(names).split()[0].lower()}",
        "latest": lambda: "latest",
        "latest TICKER 10": lambda: f"latest {company(tickers)} 10",
        "show ID": lambda: f"show {rng.randint(1, releases)}",
        "search QUERY": lambda: f"search {rng.choice(terms)}",
        "company TICKER": lambda: f"company {company(tickers)}",
        "people TICKER": lambda: f"people {company(tickers)}",
        "timeline TICKER": lambda: f"timeline {company(tickers)}",
        "unknown ticker": lambda: f"partners ZQ{rng.randint(100, 999)}X",
        "help": lambda: "help",
    }


async def _measure(url: str, response_url: str, workload: dict[str, Callable[[], str]], runs: int) -> list[tuple]:
    import aiohttp

    rows = []
    async with aiohttp.ClientSession() as session:
        for name, make in workload.items():
            timings = []
            for attempt in range(runs + 10):
                body, headers = _signed(make(), response_url)
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    assert response.status == 200, (name, response.status)
                if attempt >= 10:  # the first 10 warm the caches
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            rows.append((name, statistics.median(timings), p99, timings[-1]))
    return rows


async def _run(args: argparse.Namespace) -> None:
    import aiohttp

    from bench.store_data import build_synthetic_store
    from tests.fakes.slack_api import FakeSlack

    path = Path(args.path or ROOT / "var" / "bench" / f"commands-{args.releases}.db")
    started = time.perf_counter()
    store = build_synthetic_store(path, releases=args.releases, companies=args.companies)
    print(
        f"store: {path} ({store.releases:,} releases, {store.companies:,} companies), "
        f"ready in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    port = _free_port()
    async with FakeSlack() as slack:
        env = os.environ | {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url,
            "PORT": str(port),
            "PRBOT_DB": str(path),
        }
        env.pop("SLACK_APP_TOKEN", None)
        child = await asyncio.create_subprocess_exec(sys.executable, __file__, "--serve", env=env, cwd=ROOT)
        try:
            async with aiohttp.ClientSession() as session:
                for _ in range(300):
                    try:
                        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                else:
                    raise SystemExit("the app did not start")
            workload = _workload(store, random.Random(11))
            rows = await _measure(
                f"http://127.0.0.1:{port}/slack/events", slack.response_url("bench"), workload, args.runs
            )
        finally:
            child.terminate()
            await asyncio.wait_for(child.wait(), 10)
    print(f"\n/pr latency over HTTP, {args.runs} requests each, app on one core (ms)")
    print(f"{'command':<20} {'p50':>8} {'p99':>8} {'max':>8}  goal p99 < {GOAL_MS:.0f}")
    for name, p50, p99, worst in rows:
        print(f"{name:<20} {p50:>8.1f} {p99:>8.1f} {worst:>8.1f}  {'ok' if p99 < GOAL_MS else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description="p50/p99 latency of every /pr command over HTTP")
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200, help="timed requests per command")
    parser.add_argument("--path", help="store file (default var/bench/commands-<releases>.db)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _pin(0)
        asyncio.run(_serve_child())
        return
    _pin(1)
    asyncio.run(_run(args))


if __name__ == "__main__":
    main()

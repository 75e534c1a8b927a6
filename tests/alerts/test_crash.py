"""Crash safety: a dispatcher process killed (SIGKILL) at random points while it sends a few hundred
deliveries, restarted each time: every (release, channel) is posted, and only deliveries that were in flight at
a crash (status `sending`, at most one per channel) may be posted twice."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from collections import Counter
from pathlib import Path

import sqlite_utils

from bot.store import outbox, subscriptions
from tests.alerts.helpers import deliveries, parsed_release, release_of, store
from tests.fakes.slack_api import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
RELEASES, CHANNELS, TRIALS = 30, 10, 20
INTERVAL = 0.15
"""Seconds between posts to one channel in the worker (Slack's 1 s, sped up)."""


class Workers:
    """The zygote of `crash_worker`: `start()` forks a dispatcher and returns its pid and the rows it found in
    flight; `kill(pid)` sends SIGKILL and waits until the process is gone."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    async def line(self) -> object:
        assert self.proc.stdout is not None
        return json.loads(await asyncio.wait_for(self.proc.stdout.readline(), 60))

    async def start(self) -> tuple[int, list[list]]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        await self.proc.stdin.drain()
        seen: dict[str, object] = {}
        while len(seen) < 3:  # the pid (zygote) and the child's lines may interleave
            value = await self.line()
            seen.update(value if isinstance(value, dict) else {str(value): True})
        assert "ready" in seen
        return int(seen["pid"]), list(seen["in_flight"])  # type: ignore[call-overload, arg-type]

    @staticmethod
    async def kill(pid: int) -> None:
        os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            await asyncio.sleep(0.005)


async def test_killed_dispatcher_posts_each_delivery_once_except_in_flight(
    db: sqlite_utils.Database, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    for n in range(CHANNELS):
        subscriptions.subscribe(db, f"C{n:02d}", "all", "", label="every release")
    for _ in range(RELEASES):
        store(db, parsed_release())
    fake_slack.delay("chat.postMessage", 0.01, times=None)  # widen the window a request is in flight
    rng = random.Random(6)
    in_flight: Counter[tuple[int, str]] = Counter()
    parents_at_risk = kills = 0
    zygote = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.alerts.crash_worker", str(tmp_path / "prbot.db"), fake_slack.api_url,
        str(INTERVAL), cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    workers = Workers(zygote)
    try:
        for trial in range(TRIALS + 1):
            pid, resent = await workers.start()
            channels = [r[2] for r in resent]
            assert len(channels) == len(set(channels)), "at most one request in flight per channel"
            in_flight.update((r[1], r[2]) for r in resent)
            parents_at_risk += sum(1 for r in resent if r[3])
            if trial == TRIALS:
                break
            await asyncio.sleep(rng.uniform(0.02, 0.25))
            await workers.kill(pid)
            kills += 1
        assert await workers.line() == "done", "the last dispatcher, never killed, finished the outbox"
    finally:
        zygote.kill()
        await zygote.wait()
    assert outbox.stats(db)["sent"] == RELEASES * CHANNELS

    calls = fake_slack.calls_to("chat.postMessage")
    posts = Counter((release_of(c), c.payload["channel"]) for c in calls if release_of(c) is not None)
    parents = Counter(c.payload["channel"] for c in calls if c.payload.get("text", "").startswith("Catch-up:"))
    rows = deliveries(db)
    assert len(rows) == RELEASES * CHANNELS
    assert {(r["release_id"], r["channel"]) for r in rows} == set(posts), "every delivery was posted"
    assert all(r["status"] == "sent" for r in rows) and len({(r["channel"], r["ts"]) for r in rows}) == len(rows)
    duplicates = {key: count - 1 for key, count in posts.items() if count > 1}
    for key, extra in duplicates.items():
        assert extra <= in_flight[key], f"{key} posted {extra + 1} times but was in flight {in_flight[key]} times"
    extra_parents = sum(count - 1 for count in parents.values())
    assert extra_parents <= parents_at_risk
    print(
        f"\ncrash test: {kills} kills, {len(rows)} deliveries, {sum(posts.values())} alert posts, "
        f"{sum(duplicates.values())} duplicate(s) (all in flight at a crash; {in_flight.total()} in flight in all), "
        f"{extra_parents} duplicate catch-up parent(s)"
    )

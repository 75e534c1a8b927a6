"""The main job end to end: `python -m bot run` as a separate process, against a fake wire and a fake Slack Web
API on 127.0.0.1. A release published on the wire reaches the alert channel once, a signed `/pr` request is
answered from the store, SIGTERM stops it cleanly, and a second instance on the same store refuses to start."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import aiohttp

from tests.conftest import BOT_TOKEN, SIGNING_SECRET, signed_headers
from tests.fakes.feed_server import FeedServer, Item, release_page, rss
from tests.fakes.slack_api import FakeSlack
from tests.slack.data import IMGN_PARTNERS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "immunogen-2011-11-07.txt"
DEMO_HEADLINE = "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prbot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRBOT_"))}
    env.update({"PRBOT_DB": str(tmp_path / "prbot.db"), "PRBOT_LOG_LEVEL": "INFO", **extra})
    return env


async def wait_until(predicate, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + within
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.1)


async def test_release_on_the_wire_is_alerted_once_and_answered(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    old = Item("gnw-1", "/old.html", "Old news", now - dt.timedelta(hours=1))
    new = Item("gnw-2", "/immunogen.html", DEMO_HEADLINE, now, ticker="Nasdaq:IMGN", issuer="ImmunoGen, Inc.")
    paragraphs = [p for p in SEED.read_text().split("\n\n")[1:]]
    port = free_port()
    async with FakeSlack() as slack, FeedServer() as wire:
        wire.serve(
            "/old.html",
            release_page("Old news", ["NEW YORK, Jan. 2, 2024 (GLOBE NEWSWIRE) -- Old."]),
            content_type="text/html",
        )
        wire.serve("/immunogen.html", release_page(DEMO_HEADLINE, paragraphs), content_type="text/html")
        wire.serve("/feed.xml", rss([old]))
        env = prbot_env(
            tmp_path,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            PORT=str(port),
            PRBOT_FEEDS=wire.url("/feed.xml"),
            PRBOT_ALERT_CHANNEL="C0ALERTS",
            PRBOT_POLL_SECONDS="0.5",
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            # First poll of a new feed is the baseline: nothing is alerted. Then the wire publishes a release.
            await wait_until(lambda: wire.hits["/feed.xml"] >= 1, 20, "the first poll")
            await asyncio.sleep(0.5)
            wire.serve("/feed.xml", rss([new, old]))
            posts = await slack.wait_for("chat.postMessage", 1, within=30)
            assert posts[0].payload["channel"] == "C0ALERTS"
            assert DEMO_HEADLINE in posts[0].payload["text"]
            await asyncio.sleep(2.0)  # more polls of the same feed: no second alert
            assert len(slack.calls_to("chat.postMessage")) == 1

            body = urllib.parse.urlencode(
                {
                    "command": "/pr",
                    "text": "partners IMGN",
                    "user_id": "U1",
                    "channel_id": "C1",
                    "team_id": "T0FAKE",
                    "response_url": slack.response_url("e2e"),
                    "trigger_id": "t",
                }
            )
            async with aiohttp.ClientSession() as http:
                async with http.post(
                    f"http://127.0.0.1:{port}/slack/events", data=body, headers=signed_headers(body)
                ) as response:
                    assert response.status == 200
                    answer = await response.text()
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.status == 200
                async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                    metrics = await response.text()
            replies = answer + "".join(str(r) for r in slack.responses("e2e"))
            for partner in IMGN_PARTNERS:
                assert partner in replies
            assert "prbot_feeds_polled_total" in metrics

            second = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--once",
                cwd=tmp_path,
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            _, second_err = await asyncio.wait_for(second.communicate(), 60)
            assert second.returncode == 1
            assert "already running" in second_err.decode()
        finally:
            proc.send_signal(signal.SIGTERM)
            raw, _ = await asyncio.wait_for(proc.communicate(), 30)
            output = raw.decode()
        assert proc.returncode == 0, output
        assert "Traceback" not in output


def prbot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in `cwd` with `env`, capturing text output (at most 120 s)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_console_mode_offline_prints_demo_alerts_and_reports_unreachable_feeds(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/feed.xml"
    env = prbot_env(tmp_path, PRBOT_FEEDS=dead, COLUMNS="200")
    result = prbot(env, tmp_path, "run", "--once")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "console mode" in out
    assert DEMO_HEADLINE in out
    assert 'python -m bot ask "/pr partners IMGN"' in out  # a command that works from the user's shell
    assert "unreachable" in out and "could not connect" in out
    assert "Traceback" not in out
    ask = prbot(env, tmp_path, "ask", "/pr partners IMGN")
    assert ask.returncode == 0
    assert "Genentech" in ask.stdout and "2011-11-07" in ask.stdout

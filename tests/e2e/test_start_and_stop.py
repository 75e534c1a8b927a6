"""`prbot run` as a user starts it (a separate process) with settings or surroundings that cannot work: a token
Slack refuses, a bot token without its signing secret, a port already taken, a `--once` pass where every feed
fails. Each ends with one plain line on stderr and the documented exit code; SIGTERM/SIGINT stop the bot even
while the Socket Mode client keeps retrying (the fresh-user trial: only kill -9 could stop it)."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.e2e.test_main_job import ROOT, prbot_env
from tests.fakes.slack_api import FakeSlack


async def start(tmp_path: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    """`python -m bot run ARGS` in `tmp_path`, running this checkout's code (PYTHONPATH), stdout and stderr piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        cwd=tmp_path,
        env=prbot_env(tmp_path, PYTHONPATH=str(ROOT), **{"PRBOT_FEEDS": "", "PRBOT_DEMO_FEED": "false", **env}),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(proc: asyncio.subprocess.Process, within: float = 30.0) -> tuple[int, str, str]:
    try:
        out, err = await asyncio.wait_for(proc.communicate(), within)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"prbot run did not stop within {within} s") from None
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    ("method", "error", "setting"),
    [
        ("apps.connections.open", "invalid_auth", "SLACK_APP_TOKEN"),
        ("apps.connections.open", "not_allowed_token_type", "SLACK_APP_TOKEN"),
        ("auth.test", "account_inactive", "SLACK_BOT_TOKEN"),
    ],
)
async def test_a_token_slack_refuses_stops_the_start_with_one_line(
    tmp_path: Path, method: str, error: str, setting: str
) -> None:
    async with FakeSlack() as slack:
        slack.fail(method, error, times=None)
        proc = await start(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-bad", SLACK_API_URL=slack.api_url)
        code, out, err = await finish(proc)
    assert code == 1
    assert err.splitlines() == [
        f"prbot: Slack refused {setting} ({error}); check the token in your Slack app's settings"
    ]
    assert "running" not in out


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_stops_socket_mode_while_it_keeps_retrying(tmp_path: Path, signum: signal.Signals) -> None:
    async with FakeSlack() as slack:
        slack.delay("apps.connections.open", 0, times=1)  # the start-up check passes ...
        slack.fail("apps.connections.open", "invalid_auth", times=None)  # ... then the token is revoked
        proc = await start(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1", SLACK_API_URL=slack.api_url)
        await slack.wait_for("apps.connections.open", 2, within=30)  # the Socket Mode client is retrying
        await asyncio.sleep(0.5)
        proc.send_signal(signum)
        code, _out, err = await finish(proc, within=10)
    assert code == 0, err
    assert "prbot stopped cleanly" in err


async def test_bot_token_without_signing_secret_is_refused(tmp_path: Path) -> None:
    proc = await start(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="")
    code, out, err = await finish(proc)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert err.startswith("prbot: SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not")
    assert out == ""


async def test_port_in_use_is_one_line_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FakeSlack() as slack:
            env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url}
            proc = await start(tmp_path, PORT=str(port), **env)
            code, out, err = await finish(proc)
    assert code == 1
    lines = [line for line in err.splitlines() if not re.match(r"\d\d:\d\d:\d\d (INFO|WARNING) ", line)]
    assert lines == [
        f"prbot: cannot listen on port {port}: it is already in use; stop the other program or set PORT to a free port"
    ]
    assert "running" not in out


async def test_once_where_every_feed_fails_is_exit_1(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}/feed.xml"  # bound, not listening: refused
        proc = await start(tmp_path, "--once", PRBOT_FEEDS=dead)
        code, out, err = await finish(proc)
    assert code == 1
    assert "polled 1 feed in " in out
    assert "0 releases stored, 0 alerted, 0 duplicates" in out
    assert "Stop with Ctrl+C." not in out
    assert err.splitlines()[-1] == "prbot: every feed polled failed (1); see: python -m bot feeds list"


async def test_once_with_one_working_feed_is_exit_0(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}/feed.xml"
        proc = await start(tmp_path, "--once", PRBOT_FEEDS=dead, PRBOT_DEMO_FEED="true")
        code, out, _err = await finish(proc)
    assert code == 0
    assert "polled 2 feeds in " in out
    assert ", 1 failed;" in out

"""The running Slack app over HTTP on 127.0.0.1: signed slash commands answered from a real store, with the Slack
Web API faked; signature checks; the error handler; /healthz and /metrics; `serve()` start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
import sqlite_utils
from aiohttp import web

import bot.slack_app as slack_app
from bot.config import Settings
from bot.errors import StoreError
from bot.parser.models import Person
from bot.render import reply_to_terminal
from bot.services import Services
from bot.store import open_db
from handlers.registry import COMMANDS, CommandContext, CommandSpec, Reply
from tests.conftest import signed_headers
from tests.fakes.slack_api import FakeSlack
from tests.slack.blockkit import check_message
from tests.slack.data import IMGN_HEADLINE, IMGN_PARTNERS, fill, release, store


@dataclass
class Running:
    """The app under test: its base URL, the store's release ids, the fake Slack, the store itself."""

    url: str
    ids: dict[str, int]
    slack: FakeSlack
    session: aiohttp.ClientSession
    db: sqlite_utils.Database

    async def command(self, text: str, *, key: str = "r1", **overrides: Any) -> aiohttp.ClientResponse:
        form = {
            "token": "legacy",
            "team_id": "T0FAKE",
            "team_domain": "fake",
            "channel_id": "C0GENERAL",
            "channel_name": "general",
            "user_id": "U0USER",
            "user_name": "someone",
            "command": "/pr",
            "text": text,
            "api_app_id": "A0PRBOT",
            "response_url": self.slack.response_url(key),
            "trigger_id": "1.2.3",
        }
        body = urllib.parse.urlencode(form)
        headers = signed_headers(body, **overrides)
        return await self.session.post(self.url + "slack/events", data=body, headers=headers)

    async def answer(self, text: str) -> dict[str, Any]:
        response = await self.command(text)
        assert response.status == 200, await response.text()
        return await response.json()


@contextlib.asynccontextmanager
async def run_app(
    fake_slack: FakeSlack, settings: Settings, *, process_before_response: bool
) -> AsyncIterator[Running]:
    """The real app on 127.0.0.1 (port 0) over a store filled by `fill`."""
    services = Services(settings=settings, db=open_db(settings.db_path))
    ids = fill(services.db)
    app = slack_app.create_app(services, process_before_response=process_before_response)
    runner = web.AppRunner(slack_app.build_web_app(app, services))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            yield Running(f"http://127.0.0.1:{port}/", ids, fake_slack, session, services.db)
    finally:
        await runner.cleanup()
        services.db.close()


@pytest.fixture
async def running(fake_slack: FakeSlack, slack_settings: Settings) -> AsyncIterator[Running]:
    async with run_app(fake_slack, slack_settings, process_before_response=True) as app:
        yield app


def _partner_names(blocks: list[dict[str, Any]]) -> list[str]:
    names = []
    for block in blocks:
        if block["type"] == "divider":
            break
        text = block.get("text", {}).get("text", "")
        if block["type"] == "section" and text.startswith("*"):
            names.append(text[1 : text.index("*", 1)])
    return names


async def test_partners_answered_in_the_ack_from_the_store(running: Running) -> None:
    body = await running.answer("partners IMGN")
    texts = check_message(body["text"], body["blocks"])
    assert body["response_type"] == "ephemeral"
    assert _partner_names(body["blocks"]) == list(IMGN_PARTNERS)
    first = body["blocks"][2]["text"]["text"]
    assert "> ImmunoGen's collaborative partners include Amgen" in first
    assert f"{IMGN_HEADLINE}> · 2011-11-07 · GlobeNewswire · `#{running.ids['imgn']}`" in first
    assert any(t.startswith("*Acme Corp* — license") for t in texts), "who names IMGN as a partner"
    assert running.slack.calls_to("chat.postMessage") == []
    assert running.slack.responses() == []


async def test_public_answer_and_loose_name(running: Running) -> None:
    body = await running.answer("partners immunogen public")
    assert body["response_type"] == "in_channel"
    assert _partner_names(body["blocks"]) == list(IMGN_PARTNERS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("latest IMGN 2", ["ImmunoGen, Inc. Named One", "Acme Corp and ImmunoGen sign license deal"]),
        ("company NASDAQ:IMGN", ["Headquarters: WALTHAM", "Releases: 3", "ImmunoGen develops targeted"]),
        ("people IMGN", ["Daniel Junius — CFO → President and CEO", "quoted in 2 releases"]),
        ("timeline IMGN", ["2011-11-07 award — ImmunoGen, Inc. Named One", "2011-10-28 earnings — ImmunoGen reports"]),
        ("search Boston Globe", ["Boston Globe", "#1"]),
        ("show 1", ["Dateline: WALTHAM, Mass.", "Products: trastuzumab emtansine/T-DM1/Phase II", "Genentech"]),
    ],
)
async def test_each_command_answers_with_real_values(running: Running, text: str, expected: list[str]) -> None:
    body = await running.answer(text)
    check_message(body["text"], body["blocks"])
    terminal = reply_to_terminal(Reply(body["text"], body["blocks"]))
    for piece in expected:
        assert piece in terminal


async def test_latest_without_company_lists_newest_first(running: Running) -> None:
    body = await running.answer("latest 2")
    lines = body["blocks"][1]["text"]["text"].split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("• Apex Mining expands · Apex Mining · 2024-03-01")


async def test_unknown_subcommand_gets_a_short_usage_reply(running: Running) -> None:
    body = await running.answer("frobnicate <!channel>")
    assert body["text"].startswith("I don't know `/pr frobnicate &lt;!channel&gt;`. Commands: `admin`, `company`,")
    assert body["text"].endswith("`/pr help` explains each.")
    assert len(body["text"]) < 400


async def test_unknown_ticker_suggests_close_matches(running: Running) -> None:
    body = await running.answer("partners IMGM")
    check_message(body["text"], body["blocks"])
    assert body["blocks"][0]["text"]["text"] == "I don't know “IMGM”. Did you mean one of these?"
    assert "`/pr partners NASDAQ:IMGN`" in body["blocks"][1]["text"]["text"]


async def test_several_matches_give_a_choice(running: Running) -> None:
    body = await running.answer("people apex")
    assert body["blocks"][0]["text"]["text"] == "“apex” matches several companies. Which one did you mean?"
    choices = body["blocks"][1]["text"]["text"]
    assert "`/pr people TSX:APXM`" in choices and "`/pr people NYSE:APXT`" in choices


async def test_missing_argument_gets_usage(running: Running) -> None:
    body = await running.answer("partners")
    assert body["text"] == "Usage: `/pr partners TICKER|NAME [PAGE]`, for example `/pr partners IMGN`."


async def test_injected_command_text_is_inert(running: Running) -> None:
    for text in ("partners <!channel>", "search <@U123> <https://evil.example|x>", "help &lt;!here&gt;"):
        body = await running.answer(text)
        check_message(body["text"], body.get("blocks"))


async def test_bad_signature_and_stale_timestamp_are_refused(running: Running) -> None:
    forged = await running.command("partners IMGN", secret="not-the-secret")
    assert forged.status == 401
    stale = await running.command("partners IMGN", timestamp=int(time.time()) - 6 * 60)
    assert stale.status == 401
    assert (await running.command("partners IMGN")).status == 200


async def test_slow_answer_goes_through_the_response_url(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow(ctx: CommandContext) -> Reply:
        await asyncio.sleep(0.2)
        return Reply("slow answer for " + ctx.args[0])

    monkeypatch.setitem(COMMANDS, "slowtest", CommandSpec("slowtest", "", slow))
    monkeypatch.setattr(slack_app, "ACK_BUDGET_SECONDS", 0.05)
    body = await running.answer("slowtest IMGN")
    assert body["text"] == slack_app.WORKING_TEXT
    await running.slack.wait_for("response_url")
    assert running.slack.responses("r1")[0]["text"] == "slow answer for IMGN"
    assert running.slack.responses("r1")[0]["response_type"] == "ephemeral"


async def test_errors_are_answered_in_plain_words(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(_ctx: CommandContext) -> Reply:
        raise StoreError("the store is locked by another process")

    async def crashing(_ctx: CommandContext) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setitem(COMMANDS, "brokentest", CommandSpec("brokentest", "", broken))
    monkeypatch.setitem(COMMANDS, "crashtest", CommandSpec("crashtest", "", crashing))
    body = await running.answer("brokentest")
    assert body == {
        "response_type": "ephemeral",
        "text": "Sorry, I could not answer: the store is locked by another process",
    }
    crashed = await running.answer("crashtest")
    assert crashed["text"].startswith("Sorry, something went wrong on my side.")
    assert "boom" not in crashed["text"]


async def test_production_mode_acks_at_once_and_answers_late_errors_through_the_response_url(
    fake_slack: FakeSlack, slack_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def slow_crash(_ctx: CommandContext) -> Reply:
        await asyncio.sleep(1.0)
        raise StoreError("database disk image is malformed")

    monkeypatch.setitem(COMMANDS, "slowcrash", CommandSpec("slowcrash", "", slow_crash))
    monkeypatch.setattr(slack_app, "ACK_BUDGET_SECONDS", 0.05)
    async with run_app(fake_slack, slack_settings, process_before_response=False) as app:
        started = time.monotonic()
        body = await app.answer("slowcrash")
        assert time.monotonic() - started < 0.9, "acknowledged before the answer was ready"
        assert body["text"] == slack_app.WORKING_TEXT
        fast = await app.answer("partners IMGN")
        assert _partner_names(fast["blocks"]) == list(IMGN_PARTNERS)
        await fake_slack.wait_for("response_url")
        assert fake_slack.responses("r1") == [
            {"text": "Sorry, I could not answer: database disk image is malformed", "response_type": "ephemeral"}
        ]


async def test_healthz_and_metrics(running: Running) -> None:
    async with running.session.get(running.url + "healthz") as response:
        assert response.status == 200
        health = await response.json()
    assert health["ok"] is True and health["store"] is True
    assert health["version"] and 0 <= health["uptime_seconds"] < 60
    async with running.session.get(running.url + "metrics") as response:
        assert response.status == 200
        assert "prbot_command_latency_seconds" in await response.text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_serve_runs_http_mode_until_stopped(fake_slack: FakeSlack, slack_settings: Settings) -> None:
    settings = slack_settings.model_copy(update={"port": _free_port()})
    services = Services(settings=settings, db=open_db(":memory:"))
    stop = asyncio.Event()
    server = asyncio.create_task(slack_app.serve(slack_app.create_app(services), services, stop, host="127.0.0.1"))
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.get(f"http://127.0.0.1:{settings.port}/healthz") as response:
                    assert json.loads(await response.text())["ok"] is True
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.02)
        else:
            pytest.fail("serve() did not start listening")
    stop.set()
    await asyncio.wait_for(server, 5)
    assert services.slack is not None, "create_app gave the services a Web API client"


async def test_hostile_release_text_stays_inert_over_http(running: Running) -> None:
    db_release = release(
        "<!channel> *Evil* <https://evil.example|Deal> &lt;!here&gt; " + "W" * 10_000,
        issuer="Evil <@U123> Corp",
        symbol="EVIL",
        partners=[("<!here> Partner " + "N" * 10_000, "license"), ("`Tick` _Co_ ~Ltd~", "supply")],
        people=[Person(name="<@U999> Mallory", title="<!channel>", quote="<https://evil.example|click> " * 500)],
        body="<!channel> " * 2000,
    )
    release_id = store(running.db, db_release, url="https://evil.example/<x>")  # unsafe URL: never linked
    for text in ("partners EVIL", f"show {release_id}", "search channel", "people EVIL", "company EVIL", "latest 3"):
        body = await running.answer(text)
        texts = check_message(body["text"], body["blocks"])
        assert all("evil.example/<x>" not in t for t in texts)
        assert all(len(t) <= 3000 for t in texts)


async def test_app_mention_points_to_the_slash_command_in_the_thread(running: Running) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "team_id": "T0FAKE",
            "api_app_id": "A0PRBOT",
            "type": "event_callback",
            "event_id": "Ev1",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": "U0USER",
                "text": "<@U0PRBOT> <!channel> hi",
                "ts": "1700000000.000100",
                "channel": "C0GENERAL",
            },
        }
    )
    headers = signed_headers(body) | {"Content-Type": "application/json"}
    response = await running.session.post(running.url + "slack/events", data=body, headers=headers)
    assert response.status == 200
    posts = await running.slack.wait_for("chat.postMessage", 1)
    assert posts[0].payload["channel"] == "C0GENERAL"
    assert posts[0].payload["thread_ts"] == "1700000000.000100"
    assert posts[0].payload["text"] == slack_app.MENTION_TEXT

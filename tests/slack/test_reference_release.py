"""Issue 2's done-when, through Slack: the reference release parsed by the real parser, stored by the real
ingest path, and `/pr partners IMGN` sent as a signed request to the running app answers with its seven
partners, each with the release they come from."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.ingest import ingest_text
from bot.render import reply_to_terminal
from bot.services import Services
from bot.slack_app import build_web_app, create_app
from bot.store import open_db
from handlers.registry import Reply
from tests.conftest import signed_headers
from tests.fakes.slack_api import FakeSlack
from tests.slack.blockkit import check_message

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "immunogen-2011-11-07.txt"
PARTNERS = {"Amgen", "Bayer HealthCare Pharmaceuticals", "Biotest", "Genentech", "Novartis", "Roche", "Sanofi"}


async def test_partners_of_the_parsed_reference_release(fake_slack: FakeSlack, slack_settings: Settings) -> None:
    services = Services(settings=slack_settings, db=open_db(slack_settings.db_path))
    stored = ingest_text(services.db, SEED.read_text(encoding="utf-8"))
    runner = web.AppRunner(build_web_app(create_app(services, process_before_response=True), services))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    form = {"command": "/pr", "text": "partners IMGN", "user_id": "U1", "channel_id": "C1", "team_id": "T0FAKE"}
    form["response_url"] = fake_slack.response_url()
    body = urllib.parse.urlencode(form)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"http://127.0.0.1:{port}/slack/events", data=body, headers=signed_headers(body)
            ) as response:
                assert response.status == 200
                answer = await response.json()
    finally:
        await runner.cleanup()
        services.db.close()
    check_message(answer["text"], answer["blocks"])
    partner_sections = [b["text"]["text"] for b in answer["blocks"][2:] if b["type"] == "section"]
    names = {text[1 : text.index("*", 1)] for text in partner_sections}
    assert names == PARTNERS
    for text in partner_sections:
        assert f"2011-11-07 · GlobeNewswire · `#{stored.release_id}`" in text
        assert "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work" in text
    terminal = reply_to_terminal(Reply(answer["text"], answer["blocks"]))
    assert "Boston Globe —" not in terminal and "WorkplaceDynamics" not in terminal

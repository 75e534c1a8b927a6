"""Socket Mode: with SLACK_APP_TOKEN set, `serve()` connects over a WebSocket (the fake's `apps.connections.open`)
and answers a `/pr` slash command envelope in its acknowledgement, from the store; it stops when told."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.services import Services
from bot.slack_app import create_app, serve
from bot.store import open_db
from tests.fakes.slack_api import FakeSlack
from tests.slack.blockkit import check_message
from tests.slack.data import IMGN_PARTNERS, fill


async def test_socket_mode_answers_a_slash_command(fake_slack: FakeSlack, slack_settings: Settings) -> None:
    settings = slack_settings.model_copy(update={"slack_app_token": "xapp-test", "slack_signing_secret": None})
    assert settings.slack_mode == "socket"
    services = Services(settings=settings, db=open_db(settings.db_path))
    fill(services.db)
    stop = asyncio.Event()
    server = asyncio.create_task(serve(create_app(services), services, stop))
    try:
        payload = {
            "command": "/pr",
            "text": "partners IMGN",
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T0FAKE",
            "response_url": fake_slack.response_url("s1"),
        }
        envelope_id = await fake_slack.send_envelope("slash_commands", payload)
        acks = [c for c in await fake_slack.wait_for("socket") if c.key == envelope_id]
        answer = acks[0].payload["payload"]
        check_message(answer["text"], answer["blocks"])
        names = [b["text"]["text"].split("*")[1] for b in answer["blocks"][2:9]]
        assert names == list(IMGN_PARTNERS)
        assert answer["response_type"] == "ephemeral"
        opened = fake_slack.calls_to("apps.connections.open")
        assert [c.token for c in opened] == ["xapp-test"]
    finally:
        stop.set()
        await asyncio.wait_for(server, 10)
        services.db.close()

"""The Web API client from settings: base URL from SLACK_API_URL, and slack_sdk's retry handlers in place."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.slack_client import make_client
from tests.conftest import BOT_TOKEN
from tests.fakes.slack_api import FakeSlack


async def test_rate_limits_and_server_errors_are_retried(fake_slack: FakeSlack, slack_settings: Settings) -> None:
    client = make_client(slack_settings)
    assert client.base_url == fake_slack.api_url
    fake_slack.rate_limit("chat.postMessage", retry_after=0)
    fake_slack.server_error("chat.postMessage", 503)
    response = await client.chat_postMessage(channel="C1", text="hello")
    assert response["ok"] is True
    calls = fake_slack.calls_to("chat.postMessage")
    assert len(calls) == 3 and {c.token for c in calls} == {BOT_TOKEN}


async def test_slack_error_codes_are_not_retried(fake_slack: FakeSlack, slack_settings: Settings) -> None:
    client = make_client(slack_settings)
    fake_slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C404", text="hello")
    assert err.value.response["error"] == "channel_not_found"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1

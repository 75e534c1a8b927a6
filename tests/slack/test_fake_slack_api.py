"""The fake Slack Web API answers real slack_sdk calls and applies injected behaviours."""

from __future__ import annotations

import time

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import BOT_USER_ID, FakeSlack


def client_for(slack: FakeSlack, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-t", base_url=slack.api_url, **kwargs)  # type: ignore[arg-type]


async def test_auth_test_and_post_message_are_recorded_with_increasing_ts(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    auth = await client.auth_test()
    assert auth["user_id"] == BOT_USER_ID
    first = await client.chat_postMessage(channel="C1", text="one", blocks=[{"type": "divider"}])
    second = await client.chat_postMessage(channel="C1", text="two")
    assert float(second["ts"]) > float(first["ts"])
    posted = fake_slack.calls_to("chat.postMessage")
    assert [c.payload["text"] for c in posted] == ["one", "two"]
    assert posted[0].payload["blocks"] == [{"type": "divider"}]
    assert posted[0].token == "xoxb-t"
    updated = await client.chat_update(channel="C1", ts=first["ts"], text="one, edited")
    assert updated["ts"] == first["ts"]


async def test_injected_error_code_then_normal_again(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    fake_slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="CX", text="hi")
    assert err.value.response["error"] == "channel_not_found"
    assert (await client.chat_postMessage(channel="CX", text="hi"))["ok"] is True


async def test_rate_limit_is_retried_by_the_sdk_handler(fake_slack: FakeSlack) -> None:
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

    client = client_for(fake_slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    fake_slack.rate_limit("chat.postMessage", retry_after=0)
    response = await client.chat_postMessage(channel="C1", text="hi")
    assert response["ok"] is True
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_server_error_and_delay(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack, timeout=0.2)
    fake_slack.server_error("chat.update", 503)
    with pytest.raises(SlackApiError) as err:
        await client.chat_update(channel="C1", ts="1.1", text="x")
    assert err.value.response.status_code == 503
    fake_slack.delay("chat.postMessage", 1.0)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await client.chat_postMessage(channel="C1", text="slow")
    assert time.monotonic() - started < 0.9


async def test_users_info_and_response_url(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    fake_slack.add_user("U1", is_admin=True)
    assert (await client.users_info(user="U1"))["user"]["is_admin"] is True
    with pytest.raises(SlackApiError) as err:
        await client.users_info(user="U404")
    assert err.value.response["error"] == "user_not_found"
    async with aiohttp.ClientSession() as session:
        async with session.post(fake_slack.response_url("abc"), json={"text": "hello"}) as resp:
            assert resp.status == 200
    assert fake_slack.responses("abc") == [{"text": "hello"}]
    assert (await fake_slack.wait_for("response_url"))[0].key == "abc"

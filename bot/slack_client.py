"""The Slack Web API client: one `AsyncWebClient` for the whole process, with slack_sdk's retry handlers.

slack_sdk adds no retry handler by default (LIBRARIES.md); this client retries HTTP 429 after `Retry-After`,
connection errors and 5xx answers, so a busy workspace or a Slack blip does not lose a message.
"""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

REQUEST_TIMEOUT_SECONDS = 10
"""Per-request timeout of Web API calls, in seconds."""


def make_client(settings: Settings) -> AsyncWebClient:
    """An `AsyncWebClient` for `SLACK_BOT_TOKEN` at `SLACK_API_URL` (trailing slash kept by `Settings`), retrying
    rate limits (honouring `Retry-After`), connection errors and 5xx answers. slack_sdk counts retries per call
    across handlers: a handler retries while the call's retries so far are below its own maximum (3 for rate
    limits, 2 for the others)."""
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )

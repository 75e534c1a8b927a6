"""Shared fixtures: a real SQLite store, the fake Slack Web API, settings for it, and Slack request signing."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.store import open_db
from tests.fakes.slack_api import FakeSlack

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh store (every table created) in a file under `tmp_path`."""
    database = open_db(tmp_path / "prbot.db")
    yield database
    database.close()


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """The fake Slack Web API, listening on 127.0.0.1 for the test's duration."""
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
def slack_settings(fake_slack: FakeSlack, tmp_path: Path) -> Settings:
    """HTTP-mode settings pointing the Web API at `fake_slack` (no `.env` read, no feeds)."""
    return Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        PRBOT_DB=str(tmp_path / "prbot.db"),
        PRBOT_FEEDS="",
        PRBOT_DEMO_FEED=False,
        PORT=3000,
    )


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Headers of a request from Slack: `X-Slack-Request-Timestamp` (now unless given) and the v0 HMAC-SHA256
    `X-Slack-Signature` of `v0:<timestamp>:<body>` with `secret`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }

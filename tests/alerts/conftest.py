"""Fixtures of the alerts tests: services on a real store and a dispatcher wired to the fake Slack Web API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import sqlite_utils
from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts import Dispatcher, SlackPoster
from bot.config import Settings
from bot.services import Services
from tests.fakes.slack_api import FakeSlack

ADMINS = "UADMIN1,UADMIN2"


@pytest.fixture
def services(db: sqlite_utils.Database, tmp_path) -> Services:
    """Services on the test store, with two admins and no Slack client."""
    settings = Settings(_env_file=None, PRBOT_DB=str(tmp_path / "prbot.db"), PRBOT_ADMINS=ADMINS, PRBOT_FEEDS="")
    return Services(settings=settings, db=db)


@pytest.fixture
async def client(fake_slack: FakeSlack) -> AsyncIterator[AsyncWebClient]:
    """A plain Web API client of the fake Slack (no SDK retry handlers: the dispatcher's own retries are tested),
    timing out after 1 s."""
    web = AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.api_url, timeout=1)
    yield web
    if web.session is not None:
        await web.session.close()


@pytest.fixture
def make_dispatcher(services: Services, client: AsyncWebClient) -> Callable[..., Dispatcher]:
    """Build a fast dispatcher on the fake Slack: 10 ms per-channel pace, 10 ms backoff base."""

    def build(**options: object) -> Dispatcher:
        settings = {"per_channel_interval": 0.01, "backoff_base": 0.01, "backoff_max": 0.05, **options}
        return Dispatcher(services, SlackPoster(client), **settings)  # type: ignore[arg-type]

    return build

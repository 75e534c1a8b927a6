"""Only admins run `/pr admin ...`: PRBOT_ADMINS, workspace admins/owners (users.info, cached), the terminal.
Every attempt and outcome is in the audit trail."""

from __future__ import annotations

import pytest
import sqlite_utils
from slack_sdk.web.async_client import AsyncWebClient

from bot import permissions
from bot.services import Services
from bot.store import audit
from tests.admin.conftest import Ask
from tests.admin.helpers import ADMIN, OUTSIDER
from tests.fakes.slack_api import FakeSlack


def trail(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(user, command, outcome) of every audit row, oldest first."""
    return [(r["user_id"], r["command"], r["outcome"]) for r in reversed(audit.recent(db, limit=100))]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    permissions._workspace_admins.clear()


@pytest.mark.parametrize("command", ["admin status", "admin reparse all", "admin feeds list", "admin why 1"])
async def test_outsider_is_refused_politely_and_audited(ask: Ask, services: Services, command: str) -> None:
    reply = await ask(command, user=OUTSIDER)
    assert reply.text.startswith("Sorry, `/pr ") and "admins only" in reply.text
    assert trail(services.db) == [(OUTSIDER, command, "refused")]


async def test_configured_admin_runs_the_command_and_both_rows_are_audited(ask: Ask, services: Services) -> None:
    reply = await ask("admin feeds list", user=ADMIN)
    assert reply.text.startswith("No feeds are watched")
    assert trail(services.db) == [(ADMIN, "admin feeds list", "allowed"), (ADMIN, "admin feeds list", "ok")]
    row = audit.recent(services.db, limit=1)[0]
    assert row["at"].endswith("+00:00") and row["detail"].startswith("No feeds")


async def test_terminal_operator_is_an_admin(ask: Ask, services: Services) -> None:
    reply = await ask("admin feeds list", user=None)
    assert reply.text.startswith("No feeds are watched")
    assert trail(services.db)[0] == ("terminal", "admin feeds list", "allowed")


async def test_a_failed_admin_action_is_audited_as_error(ask: Ask, services: Services) -> None:
    reply = await ask("admin feeds remove https://feeds.example.com/rss", user=ADMIN)
    assert "is not a watched feed" in reply.text
    assert trail(services.db)[-1] == (ADMIN, "admin feeds remove https://feeds.example.com/rss", "error")


async def test_workspace_admins_and_owners_via_users_info_cached(
    ask: Ask, services: Services, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("UWSADMIN", is_admin=True)
    fake_slack.add_user("UOWNER", is_owner=True)
    fake_slack.add_user("UMEMBER")
    services.slack = AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_url)
    for user in ("UWSADMIN", "UOWNER"):
        assert (await ask("admin feeds list", user=user)).text.startswith("No feeds")
    assert (await ask("admin feeds list", user="UMEMBER")).text.startswith("Sorry")
    assert (await ask("admin feeds list", user="UNKNOWNUSER")).text.startswith("Sorry")
    looked_up = [c.payload["user"] for c in fake_slack.calls_to("users.info")]
    assert looked_up == ["UWSADMIN", "UOWNER", "UMEMBER", "UNKNOWNUSER"]

    # Within the TTL the answers come from the cache (an unknown user's failed lookup is not cached).
    assert (await ask("admin feeds list", user="UWSADMIN")).text.startswith("No feeds")
    assert (await ask("admin feeds list", user="UMEMBER")).text.startswith("Sorry")
    assert (await ask("admin feeds list", user=ADMIN)).text.startswith("No feeds")  # PRBOT_ADMINS: no lookup
    assert len(fake_slack.calls_to("users.info")) == 4
    outcomes = [(user, outcome) for user, _, outcome in trail(services.db) if outcome in ("allowed", "refused")]
    assert outcomes == [
        ("UWSADMIN", "allowed"),
        ("UOWNER", "allowed"),
        ("UMEMBER", "refused"),
        ("UNKNOWNUSER", "refused"),
        ("UWSADMIN", "allowed"),
        ("UMEMBER", "refused"),
        (ADMIN, "allowed"),
    ]


async def test_expired_cache_entry_asks_again(ask: Ask, services: Services, fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UWSADMIN", is_admin=True)
    services.slack = AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_url)
    assert (await ask("admin status", user="UWSADMIN")).text.startswith("*prbot")
    fake_slack.users["UWSADMIN"]["is_admin"] = False  # demoted in Slack
    key = next(iter(permissions._workspace_admins))
    permissions._workspace_admins[key] = (True, 0.0)  # the cached answer has expired
    assert (await ask("admin status", user="UWSADMIN")).text.startswith("Sorry")
    assert len(fake_slack.calls_to("users.info")) == 2


async def test_slack_api_failure_refuses_without_caching(ask: Ask, services: Services, fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UWSADMIN", is_admin=True)
    fake_slack.server_error("users.info", 500)
    services.slack = AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_url)
    assert (await ask("admin status", user="UWSADMIN")).text.startswith("Sorry")
    assert (await ask("admin status", user="UWSADMIN")).text.startswith("*prbot")

"""Fixtures for the admin tests: services with one configured admin, and `ask` to run a `/pr` command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import sqlite_utils

from bot.services import Services
from handlers.registry import CommandContext, Reply, dispatch
from tests.admin.helpers import ADMIN, make_settings

Ask = Callable[..., Awaitable[Reply]]


@pytest.fixture
def services(db: sqlite_utils.Database, tmp_path: Path) -> Services:
    """Services over the test store, no Slack client."""
    return Services(settings=make_settings(tmp_path), db=db)


@pytest.fixture
def ask(services: Services) -> Ask:
    """`await ask("admin status", user=ADMIN, follow_ups=[])` -> the reply; follow-ups sent through
    `respond` are appended to `follow_ups`."""

    async def run(text: str, *, user: str | None = ADMIN, follow_ups: list[Reply] | None = None) -> Reply:
        sent = follow_ups if follow_ups is not None else []

        async def respond(reply: Reply) -> None:
            sent.append(reply)

        ctx = CommandContext(services=services, args=[], user_id=user, command_text=text, respond=respond)
        return await dispatch(ctx)

    return run

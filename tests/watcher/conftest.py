"""Watcher fixtures: the fake wire on 127.0.0.1, services on a real SQLite store, a movable clock."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot.config import Settings
from bot.fetch import Fetcher, FetchLimits
from bot.services import Services
from bot.watcher import Watcher
from tests.fakes.feed_server import FeedServer

START = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


class Clock:
    """A UTC clock tests move forward (`advance`), so feeds become due without sleeping."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
async def wire() -> AsyncIterator[FeedServer]:
    """The fake newswire, listening on 127.0.0.1 for the test's duration."""
    async with FeedServer() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(db: sqlite_utils.Database, tmp_path: Path) -> Services:
    settings = Settings(
        _env_file=None,
        PRBOT_DB=str(tmp_path / "prbot.db"),
        PRBOT_FEEDS="",
        PRBOT_DEMO_FEED=False,
        PRBOT_POLL_SECONDS=60,
        PRBOT_MAX_AGE_HOURS=48,
        PRBOT_USER_AGENT="prbot-test/1.0 (test@example.com)",
        PRBOT_ALLOW_PRIVATE_FEEDS=True,  # the fake wire is on 127.0.0.1 and test feeds are added as `user` feeds
    )
    return Services(settings=settings, db=db)


TEST_LIMITS = FetchLimits(
    connect_timeout=2.0, read_timeout=0.5, total_timeout=5.0, max_bytes=200_000, max_redirects=3, host_rate=0.0
)
"""Short timeouts and no rate spacing, so tests are quick; politeness itself is tested in test_fetch."""


@pytest.fixture
def executor() -> Iterator[concurrent.futures.Executor]:
    """Threads instead of the default process pool: the same code path, without process start-up per test."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    yield pool
    pool.shutdown()


@pytest.fixture
def make_watcher(services: Services, clock: Clock, executor: concurrent.futures.Executor):
    """Build a Watcher on the test's store and clock (a new one = a restart of prbot)."""

    def make() -> Watcher:
        fetcher = Fetcher(services.settings.user_agent, TEST_LIMITS)
        return Watcher(services, fetcher=fetcher, now=clock, executor=executor, rng=random.Random(7))

    return make

"""`prbot feeds list|add|remove|pause|resume` on a real store file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.feeds import ago
from bot.errors import CommandError
from bot.store import feeds as feed_store
from bot.store import open_db

URL = "https://www.prnewswire.com/rss/news-releases-list.rss"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRBOT_DB", str(tmp_path / "prbot.db"))
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_add_is_idempotent_and_list_shows_state(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["feeds", "add", URL, "--interval", "300"]).output == f"watching {URL} (feed #1)\n"
    assert runner.invoke(app, ["feeds", "add", URL]).output == f"already watching {URL} (feed #1)\n"
    db = open_db(tmp_path / "prbot.db")
    now = dt.datetime.now(dt.UTC)
    feed_id = feed_store.get_feed(db, URL)["id"]
    for _ in range(5):
        feed_store.record_failure(
            db,
            feed_id,
            now=now,
            next_poll_at=now + dt.timedelta(minutes=4),
            error="could not connect to www.prnewswire.com: Connection refused",
        )
    db.close()
    listing = runner.invoke(app, ["feeds", "list"]).output
    assert URL in listing and "failing (5 failures)" in listing and "300 s" in listing
    assert "could not connect to www.prnewswire.com: Connection refused" in listing


def test_bad_url_pause_resume_remove(runner: CliRunner, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["feeds", "add", "ftp://example.com/feed"])
    assert isinstance(bad.exception, CommandError) and "not a feed URL" in str(bad.exception)
    runner.invoke(app, ["feeds", "add", "file:///srv/demo/feed.xml"])
    assert (
        runner.invoke(app, ["feeds", "pause", "file:///srv/demo/feed.xml"]).output
        == "paused file:///srv/demo/feed.xml\n"
    )
    assert "paused" in runner.invoke(app, ["feeds", "list"]).output
    assert runner.invoke(app, ["feeds", "resume", "file:///srv/demo/feed.xml"]).exit_code == 0
    assert runner.invoke(app, ["feeds", "remove", "file:///srv/demo/feed.xml"]).exit_code == 0
    missing = runner.invoke(app, ["feeds", "remove", "file:///srv/demo/feed.xml"])
    assert isinstance(missing.exception, CommandError)
    assert runner.invoke(app, ["feeds", "list"]).output.startswith("No feeds watched.")


def test_ago() -> None:
    now = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    assert ago(None, now) == "never"
    assert ago((now - dt.timedelta(seconds=30)).isoformat(), now) == "30 s ago"
    assert ago((now - dt.timedelta(minutes=4)).isoformat(), now) == "4 min ago"
    assert ago((now + dt.timedelta(minutes=4)).isoformat(), now) == "in 4 min"
    assert ago((now - dt.timedelta(days=3)).isoformat(), now) == "3 days ago"

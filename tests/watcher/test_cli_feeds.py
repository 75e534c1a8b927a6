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
DEMO_FEED = (Path(__file__).resolve().parents[2] / "bot" / "demo" / "feed.xml").as_uri()
NEWEST = (
    "Ardent Biosciences Reports Positive Phase 2 Results for ARD-214 in Plaque Psoriasis; "
    "FDA Grants Fast Track Designation"
)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRBOT_DB", str(tmp_path / "prbot.db"))
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_add_is_idempotent_and_list_shows_state(runner: CliRunner, tmp_path: Path) -> None:
    first = runner.invoke(app, ["feeds", "add", DEMO_FEED, "--interval", "300"]).output
    assert first == f'found "prbot demo releases": 4 entries, newest "{NEWEST}" (2025-06-16 11:00 UTC)\n' + (
        f"watching {DEMO_FEED} (feed #1)\n"
    )
    assert runner.invoke(app, ["feeds", "add", DEMO_FEED]).output.endswith(f"already watching {DEMO_FEED} (feed #1)\n")
    assert runner.invoke(app, ["feeds", "add", URL, "--force"]).output.endswith(f"watching {URL} (feed #2)\n")
    db = open_db(tmp_path / "prbot.db")
    now = dt.datetime.now(dt.UTC)
    feed_id = feed_store.get_feed(db, URL)["id"]
    assert feed_store.get_feed(db, URL)["source"] == "operator"  # the terminal is trusted: no SSRF check at poll time
    for _ in range(5):
        feed_store.record_failure(
            db,
            feed_id,
            now=now,
            next_poll_at=now + dt.timedelta(minutes=4),
            error="could not connect to www.prnewswire.com: Connection refused",
        )
    db.close()
    listing = runner.invoke(app, ["feeds", "list"]).output.splitlines()
    # not a terminal: a header and one tab-separated line per feed, never wrapped into narrow cells
    assert listing[0] == "url\tstatus\tinterval\tlast poll\tnext poll\tlast new\tlast error"
    assert listing[1].split("\t")[:3] == [DEMO_FEED, "new", "300 s"]
    cells = listing[2].split("\t")
    assert cells[3].endswith(" s ago")  # polled (failed) moments ago
    assert cells[:3] + cells[4:] == [
        URL,
        "failing (5 failures)",
        "120 s",
        "in 4 min",
        "never",
        "could not connect to www.prnewswire.com: Connection refused",
    ]


def test_bad_url_pause_resume_remove(runner: CliRunner, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["feeds", "add", "ftp://example.com/feed"])
    assert isinstance(bad.exception, CommandError) and "not a feed URL" in str(bad.exception)
    runner.invoke(app, ["feeds", "add", "file:///srv/demo/feed.xml", "--force"])
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


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "did not return an RSS or Atom feed"),
        ("file:///nonexistent/feed.xml", "no such file: /nonexistent/feed.xml"),
        ("http://127.0.0.1:1/", "could not connect to 127.0.0.1"),
    ],
)
def test_add_test_fetches_and_refuses_what_is_not_a_feed(runner: CliRunner, tmp_path: Path, url: str, why: str) -> None:
    refused = runner.invoke(app, ["feeds", "add", url])
    assert refused.exit_code == 1 and not isinstance(refused.exception, CommandError)
    assert why in str(refused.exception) and "not added (use --force" in str(refused.exception)
    with open_db(tmp_path / "prbot.db") as db:
        assert feed_store.get_feed(db, url) is None
    forced = runner.invoke(app, ["feeds", "add", url, "--force"])
    assert forced.exit_code == 0 and why in forced.output and f"watching {url} (feed #1)" in forced.output

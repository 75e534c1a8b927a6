"""Defects of the session-2 fresh-user trial on the command line: malformed URLs (`http://[::1`) are one plain line
and exit code 2 wherever they are given, `parse --json --jsonl` is refused, `--jsonl` keeps one line per input,
the single-instance lock holds through a symlinked PRBOT_DB, and counts read "1 release", not "1 releases"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.admin.reparse import ReparseReport, Target
from bot.errors import StoreError
from bot.feeds import parse_feed
from bot.instance import InstanceLock
from bot.watcher.rules import FeedOutcome, PollReport

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "immunogen-2011-11-07.txt"
BAD_URL = "http://[::1"
BAD_URL_LINE = "'http://[::1' is not a valid URL (an IPv6 address needs both [ and ])"


def prbot(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in `tmp_path`, running this checkout's code; never a traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRBOT_"))}
    env.update({"PRBOT_DB": str(tmp_path / "prbot.db"), "PRBOT_FEEDS": "", "PYTHONPATH": str(ROOT), **extra})
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_malformed_url_in_prbot_feeds_is_a_bad_setting(tmp_path: Path) -> None:
    result = prbot(tmp_path, "run", "--once", PRBOT_FEEDS=BAD_URL, PRBOT_DEMO_FEED="false")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"prbot: invalid setting PRBOT_FEEDS: {BAD_URL_LINE}"]


def test_malformed_url_to_feeds_add_is_exit_2(tmp_path: Path) -> None:
    result = prbot(tmp_path, "feeds", "add", BAD_URL)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"prbot: {BAD_URL_LINE}"]


def test_malformed_url_to_ingest_is_skipped_and_exit_2(tmp_path: Path) -> None:
    result = prbot(tmp_path, "ingest", BAD_URL, str(SEED))
    assert result.returncode == 0  # the good file is stored; the bad URL is reported in its own line
    assert result.stdout.splitlines()[0] == f"skipped   {BAD_URL_LINE}"
    alone = prbot(tmp_path, "ingest", BAD_URL)
    assert alone.returncode == 2
    assert alone.stdout.splitlines()[0] == f"skipped   {BAD_URL_LINE}"


def test_admin_why_with_a_malformed_url_is_a_plain_reply(tmp_path: Path) -> None:
    result = prbot(tmp_path, "ask", f"/pr admin why {BAD_URL}", PRBOT_ADMINS="U0CLI")
    assert result.returncode == 2  # `ask` answers a command error on stderr
    assert f"{BAD_URL_LINE}; give a release ID (#12) or the release's URL" in result.stderr.splitlines()
    assert "went wrong" not in result.stdout + result.stderr


def test_feed_entry_with_a_malformed_link_is_read_without_it() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        b"<item><title>A</title><link>http://[::1</link><guid>g-1</guid></item>"
        b"<item><title>B</title><link>https://wire.example/b</link><guid>g-2</guid></item></channel></rss>"
    )
    parsed = parse_feed(feed, feed_url="https://wire.example/feed.xml")
    assert [(e.title, e.link) for e in parsed.entries] == [("A", None), ("B", "https://wire.example/b")]


def test_parse_refuses_json_with_jsonl(tmp_path: Path) -> None:
    result = prbot(tmp_path, "parse", str(SEED), "--json", "--jsonl")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["prbot: --json and --jsonl cannot be used together; pick one"]
    assert result.stdout == ""


def test_jsonl_keeps_one_line_per_input_in_order(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    result = prbot(tmp_path, "parse", str(SEED), missing, str(SEED), "--jsonl")
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0] == lines[2]
    assert lines[0]["issuer"]["name"] == "ImmunoGen, Inc."
    assert lines[1] == {"file": missing, "error": f"cannot read {missing}: No such file or directory"}


def test_lock_holds_through_a_symlinked_db(tmp_path: Path) -> None:
    real = tmp_path / "data" / "prbot.db"
    real.parent.mkdir()
    real.touch()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    first = InstanceLock(real)
    first.acquire()
    try:
        with pytest.raises(StoreError, match="another prbot"):
            InstanceLock(link).acquire()
    finally:
        first.release()
    assert not (tmp_path / "link.db.lock").exists()


@pytest.mark.parametrize(("feeds", "words"), [(1, "polled 1 feed in "), (2, "polled 2 feeds in ")])
def test_poll_report_counts_in_words(feeds: int, words: str) -> None:
    outcomes = [FeedOutcome(f"https://w{n}.example/f", "ok", counts={"new": 1, "duplicate": 1}) for n in range(feeds)]
    text = str(PollReport(feeds=outcomes, seconds=0.04))
    assert text.startswith(words)
    if feeds == 1:
        assert "1 release stored" in text and "1 duplicate" in text and "duplicates" not in text


def test_reparse_summary_says_1_release() -> None:
    report = ReparseReport(target=Target("all"), dry_run=True, total=1, done=1)
    assert report.summary() == "1 release, 0 changed (dry run: nothing written)"

"""The `prbot` command as a user runs it (a subprocess): bad settings, bad input, a broken or read-only store,
runtime failures and usage errors each give one plain `prbot: ...` line on stderr, no traceback, and the exit
code of the spec (0 success, 1 runtime failure, 2 bad usage or bad input); Ctrl+C stops `prbot run` quietly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.store import open_db

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "immunogen-2011-11-07.txt"


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PRBOT_"))}
    env.update({"PRBOT_DB": str(tmp_path / "prbot.db"), "PRBOT_FEEDS": "", **extra})
    return env


def prbot(tmp_path: Path, *args: str, stdin: bytes = b"", **extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env_for(tmp_path, **extra),
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("PRBOT_LOG_LEVEL", "LOUD", "invalid setting PRBOT_LOG_LEVEL: 'LOUD' is not a log level"),
        ("PRBOT_FEEDS", "notaurl", "invalid setting PRBOT_FEEDS: 'notaurl' is not a feed URL"),
        ("PRBOT_FEEDS", "ftp://x.example/f", "invalid setting PRBOT_FEEDS: 'ftp://x.example/f' is not a feed URL"),
    ],
)
def test_bad_setting_is_one_line_exit_2(tmp_path: Path, setting: str, value: str, words: str) -> None:
    result = prbot(tmp_path, "run", "--once", **{setting: value})
    assert result.returncode == 2
    assert result.stderr.startswith("prbot: " + words) and result.stderr.count("\n") == 1


def test_store_in_a_folder_that_cannot_exist_is_exit_1(tmp_path: Path) -> None:
    for args in (["run", "--once"], ["ask", "/pr latest"], ["feeds", "list"]):
        result = prbot(tmp_path, *args, PRBOT_DB="/proc/nope/x.db")
        assert result.returncode == 1, args
        assert result.stderr.startswith("prbot: cannot open the store at /proc/nope/x.db"), result.stderr


def _stored_store(tmp_path: Path) -> Path:
    result = prbot(tmp_path, "ingest", str(SEED))
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "prbot.db"


def test_damaged_store_is_one_line_exit_1(tmp_path: Path) -> None:
    db = _stored_store(tmp_path)
    with open_db(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with db.open("r+b") as handle:  # overwrite every page after the first: the schema survives, the data not
        handle.seek(4096)
        handle.write(b"\xa5" * (size - 4096))
    for args in (["ask", "/pr latest"], ["reparse", "--all"]):
        result = prbot(tmp_path, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("prbot: ") and str(db) in result.stderr
        assert result.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_read_only_store_is_exit_1(tmp_path: Path) -> None:
    db = _stored_store(tmp_path)
    for path in (db, tmp_path):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = prbot(tmp_path, "ask", "/pr subscribe IMGN")
        assert result.returncode == 1 and str(db) in result.stderr
    finally:
        tmp_path.chmod(0o755)


def test_read_only_connection_error_names_the_store(tmp_path: Path) -> None:
    """Root can write anywhere, so the read-only case is checked on the mapping: sqlite3's error -> exit 1."""
    from bot.cli import exit_code

    db = _stored_store(tmp_path)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO subscriptions DEFAULT VALUES")
    code, message = exit_code(raised.value)
    assert code == 1 and message is not None and "cannot use the store at" in message


def test_parse_uses_the_one_reader_and_goes_on_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "junk.bin").write_bytes(b"\x89PNG\x00\x01\x02")
    (tmp_path / "empty.txt").write_text("  \n")
    result = prbot(tmp_path, "parse", "junk.bin", str(SEED), "empty.txt", "--jsonl")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["prbot: junk.bin is not a text or HTML file", "prbot: empty.txt is empty"]
    lines = result.stdout.splitlines()  # one line per input, an unreadable one as a JSON error object
    assert len(lines) == 3 and '"ImmunoGen' in lines[1]
    assert lines[2] == '{"file": "empty.txt", "error": "empty.txt is empty"}'
    empty_stdin = prbot(tmp_path, "parse", "-", "--json")
    assert empty_stdin.returncode == 2 and empty_stdin.stderr == "prbot: standard input is empty\n"


def test_runtime_failures_are_exit_1(tmp_path: Path) -> None:
    first = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env_for(tmp_path, PRBOT_DEMO_FEED="false"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert first.stdout is not None and "console mode" in first.stdout.readline()
        second = prbot(tmp_path, "run", "--once")
        assert second.returncode == 1 and "already running" in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(60)
    assert first.returncode == 0
    no_datasette = prbot(tmp_path, "browse", PATH=str(tmp_path))
    assert no_datasette.returncode == 1 and "Datasette is not installed" in no_datasette.stderr
    refused = prbot(tmp_path, "ingest", "http://127.0.0.1:1/release.html")
    assert (
        refused.returncode == 1
        and refused.stderr == "prbot: nothing could be fetched from http://127.0.0.1:1/release.html\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["frobnicate"], "prbot: No such command 'frobnicate'."),
        (["feeds", "add"], "prbot: Missing argument 'url'."),
        (["parse", "--bogus", "x"], "prbot: No such option: --bogus"),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], line: str) -> None:
    result = prbot(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(line)


def test_help_shows_bracketed_extras(tmp_path: Path) -> None:
    result = prbot(tmp_path, "browse", "--help")
    assert result.returncode == 0 and "pip install -e '.[browse]'" in " ".join(result.stdout.split())


@pytest.mark.parametrize("after", [0.0, 0.3, 1.0, 2.5])
def test_ctrl_c_to_the_process_group_stops_quietly(tmp_path: Path, after: float) -> None:
    """SIGINT to the whole process group (what Ctrl+C does) at moments after start-up: while the parser pool
    starts, during the first poll, while idle. (Before the interpreter has loaded prbot, Python itself owns
    SIGINT; the banner marks the point from which prbot does.)"""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the banner's first line: prbot is running
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    watchdog = threading.Timer(60, proc.kill)  # read() keeps what readline() buffered; communicate() would not
    watchdog.start()
    output = first + proc.stdout.read()
    proc.wait()
    watchdog.cancel()
    assert "console mode" in first, output
    assert "Traceback" not in output and "Fatal Python error" not in output, output
    assert "KeyboardInterrupt" not in output and "crashed" not in output, output
    assert proc.returncode in (0, 130), output
    if "console mode" in output:  # the banner: whole sentences, one per line, whatever the width
        assert "\nAsk questions from another terminal in this folder:\n" in output
        assert '/pr partners IMGN"   (also "/pr latest", "/pr help")\n' in output
    if proc.returncode == 0 and (tmp_path / "prbot.db").exists():
        with open_db(tmp_path / "prbot.db") as db:
            failing = [f["url"] for f in db["feeds"].rows if f["failures"] or f["last_error"]]
        assert failing == []


def test_store_refusing_writes_stops_ingest_with_exit_1(tmp_path: Path) -> None:
    """A store that refuses writes (here a trigger, as a read-only file does for a normal user) is a runtime
    failure naming the store, not "nothing could be read"."""
    db = _stored_store(tmp_path)
    with open_db(db) as conn:
        conn.execute(
            "CREATE TRIGGER no_writes BEFORE INSERT ON releases BEGIN "
            "SELECT RAISE(ABORT, 'attempt to write a readonly database'); END"
        )
    (tmp_path / "new.txt").write_text(
        "Acme Widgets Wins Design Award\n\nBOSTON, March 3, 2024 (GLOBE NEWSWIRE) -- Acme Widgets won an award.\n"
    )
    result = prbot(tmp_path, "ingest", "new.txt")
    assert result.returncode == 1
    assert result.stderr.startswith(f"prbot: cannot write to the store at {db}: ")
    assert result.stderr.endswith("attempt to write a readonly database\n") and result.stderr.count("\n") == 1

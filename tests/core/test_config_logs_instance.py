"""Settings parsing, secret redaction in logs, and the single-instance lock."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import DEFAULT_FEEDS, Settings
from bot.errors import StoreError
from bot.instance import InstanceLock
from bot.logs import JsonFormatter, RedactSecrets


def test_settings_defaults_and_csv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "PRBOT_FEEDS", "PRBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.slack_mode == "console"
    assert settings.db_path == Path("var/prbot.db")
    assert settings.feed_urls == list(DEFAULT_FEEDS)
    assert settings.poll_seconds == 120 and settings.max_age_hours == 48
    monkeypatch.setenv("PRBOT_FEEDS", " file:///a.xml , https://x.test/rss ,")
    monkeypatch.setenv("PRBOT_ADMINS", "U1,U2")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    settings = Settings()
    assert settings.feed_urls == ["file:///a.xml", "https://x.test/rss"]
    assert settings.admins == ["U1", "U2"]
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.slack_mode == "http"
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    assert Settings().slack_mode == "socket"


def test_empty_feed_list_means_no_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRBOT_FEEDS", "")
    assert Settings().feed_urls == []


def test_log_lines_never_carry_tokens() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s and secret %s", None, None)
    record.args = ("xoxb-123-456-abcDEF", "sekrit-signing")
    RedactSecrets(["sekrit-signing"]).filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "token [redacted] and secret [redacted]"
    assert line["level"] == "INFO" and line["logger"] == "x"


def test_verification_token_in_request_bodies_is_masked() -> None:
    """slack_bolt logs the body of a request whose signature is invalid: form and JSON `token` fields."""
    body = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&command=%2Fpr&text=latest"
    payload = '{"type": "block_actions", "token": "gIkuvaNzQIHg97ATvDxqgjtO", "user": {"id": "U1"}}'
    record = logging.LogRecord("slack_bolt", logging.WARNING, __file__, 1, "Invalid request (body: %s) %s", None, None)
    record.args = (body, payload)
    RedactSecrets([]).filter(record)
    line = json.loads(JsonFormatter().format(record))["msg"]
    assert line == (
        "Invalid request (body: token=[redacted]&team_id=T0001&command=%2Fpr&text=latest) "
        '{"type": "block_actions", "token": "[redacted]", "user": {"id": "U1"}}'
    )
    assert "gIkuvaNzQIHg97ATvDxqgjtO" not in line


def test_second_instance_refused(tmp_path: Path) -> None:
    db = tmp_path / "prbot.db"
    first = InstanceLock(db)
    first.acquire()
    code = (
        "import sys; from pathlib import Path; from bot.instance import InstanceLock\n"
        "from bot.errors import StoreError\n"
        f"try:\n    InstanceLock(Path({str(db)!r})).acquire()\nexcept StoreError as e:\n    print(e); sys.exit(3)\n"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert other.returncode == 3
    assert "already running" in other.stdout
    first.release()
    again = InstanceLock(db)
    again.acquire()
    again.release()


def test_same_process_double_acquire_is_refused(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path / "x.db")
    lock.acquire()
    with pytest.raises(StoreError):
        InstanceLock(tmp_path / "x.db").acquire()
    lock.release()


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"PRBOT_LOG_LEVEL": "LOUD"}, "'LOUD' is not a log level; use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ({"PRBOT_FEEDS": "https://a.example/rss,notaurl"}, "'notaurl' is not a feed URL"),
        ({"PRBOT_FEEDS": "gopher://a.example/rss"}, "'gopher://a.example/rss' is not a feed URL"),
    ],
)
def test_settings_refuse_bad_log_level_and_feed_urls(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], words: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None)
    assert words in str(raised.value)


def test_settings_accept_any_case_log_level_and_file_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRBOT_LOG_LEVEL", "debug")
    monkeypatch.setenv("PRBOT_FEEDS", "file:///srv/feed.xml, https://a.example/rss")
    settings = Settings(_env_file=None)
    assert settings.log_level == "DEBUG"
    assert settings.feed_urls == ["file:///srv/feed.xml", "https://a.example/rss"]


def test_lock_in_a_folder_that_cannot_exist_is_a_store_error() -> None:
    with pytest.raises(StoreError) as raised:
        InstanceLock(Path("/proc/nope/x.db")).acquire()
    assert str(raised.value).startswith("cannot open the store at /proc/nope/x.db: ")


def test_banner_command_is_runnable_from_the_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.runtime import prbot_command

    script = tmp_path / ".venv" / "bin" / "prbot"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    # not on PATH: the path it was started with, as typed
    assert prbot_command(".venv/bin/prbot") == ".venv/bin/prbot"
    assert prbot_command(str(script)) == str(script)
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    assert prbot_command(str(script)) == "prbot"
    assert prbot_command("/usr/lib/python3/runpy.py") == "python -m bot"

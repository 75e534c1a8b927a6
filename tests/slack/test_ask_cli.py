"""`prbot ask "/pr ..."`: the same handlers as Slack, printed as terminal text; exit codes 0 and 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.runtime import prbot_command
from bot.store import open_db
from tests.slack.data import IMGN_HEADLINE, IMGN_PARTNERS, fill


@pytest.fixture
def store_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    path = tmp_path / "var" / "prbot.db"
    db = open_db(path)
    fill(db)
    db.close()
    return {"PRBOT_DB": str(path)}


def ask(env: dict[str, str], text: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["ask", text], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_partners_of_the_reference_release(store_env: dict[str, str]) -> None:
    code, out, _ = ask(store_env, "/pr partners IMGN")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Partners of ImmunoGen, Inc. (NASDAQ:IMGN)"
    named = [line.split(" — ")[0] for line in lines if " — collaboration" in line]
    assert named == list(IMGN_PARTNERS)
    assert f"{IMGN_HEADLINE} (https://www.globenewswire.com/" in out
    assert "· 2011-11-07 · GlobeNewswire · #1" in out
    assert "*" not in out and "&amp;" not in out and "<https" not in out


def test_unknown_company_is_an_answer(store_env: dict[str, str]) -> None:
    code, out, _ = ask(store_env, "/pr company Nonexistent Widgets")
    assert code == 0
    assert out.startswith("I don't know “Nonexistent Widgets”.")


def test_usage_errors_exit_2_on_stderr(store_env: dict[str, str]) -> None:
    code, out, err = ask(store_env, "/pr show twelve")
    assert (code, out) == (2, "")
    assert err.strip() == "Usage: /pr show ID, for example /pr show 12."
    code, _, err = ask(store_env, "/pr frobnicate")
    assert code == 2
    assert err.startswith("I don't know /pr frobnicate. Commands: admin, company, help, latest,")
    code, _, err = ask(store_env, "/pr admin bogus")
    assert code == 2
    assert "Did you mean /pr admin feeds, /pr admin reparse, /pr admin status, /pr admin why." in err


def test_words_without_quotes_work_too(store_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "/pr", "latest", "IMGN", "1"], env=store_env)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith("• Acme Corp and ImmunoGen sign license deal")


def test_empty_store_answer_says_where_the_store_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "elsewhere" / "prbot.db"
    code, out, err = ask({"PRBOT_DB": str(path)}, "/pr partners IMGN")
    assert code == 0 and "IMGN" in out
    prbot = prbot_command()  # under pytest: "python -m bot"; from a shell: prbot or .venv/bin/prbot
    assert err == (
        f"note: the store at {path} (PRBOT_DB) has no releases yet: fill it with `{prbot} run` "
        f"or `{prbot} ingest FILE_OR_URL`, or set PRBOT_DB to the store `{prbot} run` uses\n"
    )


def test_filled_store_answer_has_no_note(store_env: dict[str, str]) -> None:
    code, _, err = ask(store_env, "/pr latest")
    assert code == 0 and err == ""

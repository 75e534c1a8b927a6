"""`prbot reparse` and `prbot ask "/pr admin reparse ..."`: the same service from the terminal, audited as
`terminal`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from bot.admin.reparse import BATCH_SIZE, DETAIL_LIMIT
from bot.cli import app
from bot.errors import CommandError
from bot.parser import PARSER_VERSION, ParsedRelease, parse_release
from bot.store import audit, open_db
from bot.store.releases import get_release
from tests.admin.helpers import GHOST, OLD_VERSION, corpus_texts, stale_form, store

STORED: dict[Path, int] = {}
"""Releases stored by `store_path`, per store (the corpus may grow while the tests run)."""


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PRBOT_DB in `tmp_path`, with every corpus release stored; every other one stale."""
    path = tmp_path / "prbot.db"
    monkeypatch.setenv("PRBOT_DB", str(path))
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    db = open_db(path)
    texts = corpus_texts()
    for n, (name, raw) in enumerate(texts):
        fresh = parse_release(raw, None, is_html=False)
        store(db, raw, stale_form(fresh) if n % 2 == 0 else fresh, key=name)
    db.close()
    STORED[path] = len(texts)
    return path


def test_cli_dry_run_then_stale_prints_what_changed(store_path: Path) -> None:
    total = STORED[store_path]
    stale = (total + 1) // 2
    dry = CliRunner().invoke(app, ["reparse", "--all", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert lines[0].startswith(f"{total} releases, {stale} changed: ")
    assert lines[0].endswith("(dry run: nothing written)")
    assert lines[1].startswith("#1: ") and f"-partners {GHOST.name}" in lines[1]
    assert len(lines) == 1 + min(stale, DETAIL_LIMIT) + (stale > DETAIL_LIMIT)

    real = CliRunner().invoke(app, ["reparse", "--stale"])
    assert real.exit_code == 0, real.output
    assert real.stdout.splitlines()[0].startswith(f"{stale} releases, {stale} changed: ")
    db = open_db(store_path)
    assert {r[0] for r in db.execute("SELECT DISTINCT parser_version FROM releases")} == {PARSER_VERSION}
    rows = [(r["user_id"], r["command"], r["outcome"]) for r in reversed(audit.recent(db))]
    assert rows == [("terminal", "reparse all --dry-run", "ok"), ("terminal", "reparse stale", "ok")]


@pytest.mark.parametrize("args", [[], ["--all", "--stale"], ["--id", "3", "--ticker", "IMGN"]])
def test_cli_needs_exactly_one_target(store_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["reparse", *args])
    assert isinstance(result.exception, CommandError)
    assert "choose exactly one of" in str(result.exception)


def test_cli_unknown_id_is_a_plain_error_and_audited(store_path: Path) -> None:
    result = CliRunner().invoke(app, ["reparse", "--id", "999"])
    assert isinstance(result.exception, CommandError) and "no stored release #999" in str(result.exception)
    assert audit.recent(open_db(store_path), limit=1)[0]["outcome"] == "error"


def test_ask_runs_reparse_in_the_foreground(store_path: Path) -> None:
    stale = (STORED[store_path] + 1) // 2
    result = CliRunner().invoke(app, ["ask", "/pr admin reparse stale"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    final = next(i for i, line in enumerate(lines) if line.startswith("Reparse of stale finished: "))
    assert lines[final].startswith(f"Reparse of stale finished: {stale} releases, {stale} changed: ")
    assert lines[:final] and all(line.startswith("Reparse of stale: ") for line in lines[:final])  # progress


def ghost_rows(db: sqlite_utils.Database, release_id: int) -> int:
    sql = "SELECT COUNT(*) FROM partners WHERE release_id = ? AND partner_name = ?"
    return db.execute(sql, [release_id, GHOST.name]).fetchone()[0]


def is_rewritten(db: sqlite_utils.Database, release_id: int) -> bool:
    parsed = get_release(db, release_id).parsed
    return parsed.parser_version != OLD_VERSION and GHOST not in parsed.partners and ghost_rows(db, release_id) == 0


def is_untouched(db: sqlite_utils.Database, release_id: int, fresh: ParsedRelease) -> bool:
    return get_release(db, release_id).parsed == stale_form(fresh) and ghost_rows(db, release_id) == 1


@pytest.mark.slow
def test_a_reparse_process_killed_half_way_leaves_whole_releases_and_resumes(tmp_path: Path) -> None:
    """A real kill (SIGKILL of `prbot reparse --all` once some batches are committed), not an exception."""
    path = tmp_path / "prbot.db"
    db = open_db(path)
    texts = corpus_texts()
    current = {}
    with db.atomic():
        for n in range(320):
            name, raw = texts[n % len(texts)]
            raw = raw.replace("\n", f"\n\n(copy {n})\n", 1)
            fresh = parse_release(raw, None, is_html=False)
            current[store(db, raw, stale_form(fresh), key=f"{name}-{n}")] = fresh
    db.close()
    env = {**os.environ, "PRBOT_DB": str(path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "reparse", "--all"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watcher = open_db(path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = watcher.execute("SELECT done FROM reparse_jobs").fetchone()
        if row and row[0] >= 2 * BATCH_SIZE:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    done = watcher.execute("SELECT done, cursor, status FROM reparse_jobs").fetchone()
    assert done[2] == "running" and 2 * BATCH_SIZE <= done[0] < len(current)  # killed, not finished
    # The child's parser may be newer than this process's (the code can change on disk while tests run), so "new"
    # is judged by the version and the ghost partner, in the release row and in the graph rows alike.
    new = [i for i in sorted(current) if is_rewritten(watcher, i)]
    old = [i for i in sorted(current) if is_untouched(watcher, i, current[i])]
    assert sorted(new + old) == sorted(current)  # every release wholly old or wholly new
    assert new == sorted(current)[: len(new)] and new[-1] == done[1] and len(new) == done[0]
    watcher.close()

    resumed = CliRunner().invoke(app, ["reparse", "--all"], env={"PRBOT_DB": str(path)})
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout.splitlines()[0].endswith(f"(resumed after release #{done[1]})")
    assert resumed.stdout.startswith(f"{len(old)} releases, {len(old)} changed")
    db = open_db(path)
    assert all(is_rewritten(db, i) for i in current)

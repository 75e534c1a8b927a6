"""Reparse: exactly the releases whose stored parse differs are reported; dry runs write nothing; a reparse killed
half-way leaves every release wholly old or wholly new, and resumes."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot.admin.reparse import ReparseStopped, Target, parse_args, reparse
from bot.errors import CommandError
from bot.parser import PARSER_VERSION, ParsedRelease, parse_release
from bot.store import audit
from bot.store.releases import get_release
from tests.admin.helpers import GHOST, OLD_VERSION, corpus_texts, stale_form, store


def current_parse(raw: str) -> ParsedRelease:
    return parse_release(raw, None, is_html=False)


def stored_corpus(db: sqlite_utils.Database, *, stale_every: int) -> tuple[dict[int, ParsedRelease], set[int]]:
    """Store every corpus text; every `stale_every`-th one with a stale parse, the others exactly as the current
    parser reads them. Returns ({release ID: current parse}, stale IDs)."""
    current: dict[int, ParsedRelease] = {}
    stale: set[int] = set()
    for n, (name, raw) in enumerate(corpus_texts()):
        fresh = current_parse(raw)
        is_stale = n % stale_every == 0
        release_id = store(db, raw, stale_form(fresh) if is_stale else fresh, key=name)
        current[release_id] = fresh
        if is_stale:
            stale.add(release_id)
    return current, stale


def graph_partners(db: sqlite_utils.Database, release_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM partners WHERE release_id = ?", [release_id]).fetchone()[0]


def is_new(db: sqlite_utils.Database, release_id: int, fresh: ParsedRelease) -> bool:
    stored = get_release(db, release_id)
    assert stored is not None
    return stored.parsed == fresh


def is_old(db: sqlite_utils.Database, release_id: int, fresh: ParsedRelease) -> bool:
    stored = get_release(db, release_id)
    assert stored is not None
    return stored.parsed == stale_form(fresh)


def test_corpus_is_big_enough() -> None:
    assert len(corpus_texts()) >= 12


@pytest.mark.parametrize(
    ("args", "target", "dry"),
    [
        (["all"], Target("all"), False),
        (["STALE", "--dry-run"], Target("stale"), True),
        (["#12"], Target("id", "12"), False),
        (["--dry-run", "imgn"], Target("ticker", "IMGN"), True),
    ],
)
def test_parse_args(args: list[str], target: Target, dry: bool) -> None:
    assert parse_args(args) == (target, dry)


@pytest.mark.parametrize("args", [[], ["all", "stale"], ["--dry-run"]])
def test_parse_args_refuses_bad_usage(args: list[str]) -> None:
    with pytest.raises(CommandError, match="usage"):
        parse_args(args)


async def test_reparse_all_reports_exactly_the_changed_releases(db: sqlite_utils.Database) -> None:
    current, stale = stored_corpus(db, stale_every=3)
    report = await reparse(db, Target("all"))
    assert report.finished and report.total == report.done == len(current)
    assert report.changed_ids == sorted(stale)
    assert report.counts["-partners"] == len(stale)
    assert report.counts["+people"] == sum(1 for i in stale if current[i].people)
    assert report.counts.get("+partners", 0) == 0
    assert report.summary().startswith(f"{len(current)} releases, {len(stale)} changed: ")
    assert f"-{len(stale)} partners" in report.summary()
    first = report.diff_lines()[0]
    assert first.startswith(f"#{min(stale)}: ") and f"-partners {GHOST.name}" in first
    for release_id, fresh in current.items():
        assert is_new(db, release_id, fresh)
        assert graph_partners(db, release_id) <= len(fresh.partners)
    again = await reparse(db, Target("all"))
    assert again.changed_ids == [] and again.done == len(current)


async def test_stale_reparses_only_older_parser_versions(db: sqlite_utils.Database) -> None:
    _current, stale = stored_corpus(db, stale_every=4)
    report = await reparse(db, Target("stale"))
    assert (report.total, report.changed_ids) == (len(stale), sorted(stale))
    assert (await reparse(db, Target("stale"))).total == 0
    versions = {row[0] for row in db.execute("SELECT DISTINCT parser_version FROM releases")}
    assert versions == {PARSER_VERSION} and OLD_VERSION not in versions


async def test_dry_run_shows_the_diff_and_writes_nothing(db: sqlite_utils.Database) -> None:
    current, stale = stored_corpus(db, stale_every=2)
    before = db.execute("SELECT id, parsed, parser_version FROM releases ORDER BY id").fetchall()
    partner_rows = db.execute("SELECT COUNT(*) FROM partners").fetchone()[0]
    report = await reparse(db, Target("all"), dry_run=True)
    assert report.changed_ids == sorted(stale)
    assert "(dry run: nothing written)" in report.summary()
    assert db.execute("SELECT id, parsed, parser_version FROM releases ORDER BY id").fetchall() == before
    assert db.execute("SELECT COUNT(*) FROM partners").fetchone()[0] == partner_rows
    assert audit.recent_jobs(db) == []
    for release_id in stale:
        assert is_old(db, release_id, current[release_id])


async def test_reparse_one_id_and_unknown_targets(db: sqlite_utils.Database) -> None:
    current, stale = stored_corpus(db, stale_every=1)
    one = min(stale)
    report = await reparse(db, Target("id", str(one)))
    assert (report.total, report.changed_ids) == (1, [one])
    assert is_new(db, one, current[one]) and all(is_old(db, i, current[i]) for i in stale - {one})
    with pytest.raises(CommandError, match="no stored release #999"):
        await reparse(db, Target("id", "999"))
    with pytest.raises(CommandError, match="ticker ZZZZQ"):
        await reparse(db, Target("ticker", "ZZZZQ"))


async def test_a_reparse_killed_half_way_leaves_whole_releases_and_resumes(db: sqlite_utils.Database) -> None:
    current, _stale = stored_corpus(db, stale_every=1)
    ids = sorted(current)
    k = 5
    # The crash happens inside the transaction of release k+1, after its parsed form and graph rows were
    # rewritten and just before the job's cursor moves: that whole transaction must roll back.
    db.execute(
        "CREATE TRIGGER crash BEFORE UPDATE OF cursor ON reparse_jobs WHEN NEW.done > "
        f"{k} BEGIN SELECT RAISE(ABORT, 'power cut'); END"
    )
    with pytest.raises(ReparseStopped, match=f"after {k} of {len(ids)} releases: .*power cut") as stopped:
        await reparse(db, Target("all"))
    assert stopped.value.report.changed_ids == ids[:k]
    for release_id in ids[:k]:
        assert is_new(db, release_id, current[release_id])
    for release_id in ids[k:]:
        assert is_old(db, release_id, current[release_id])
        assert graph_partners(db, release_id) == len(current[release_id].partners) + 1  # the ghost's row is still there
    job = audit.recent_jobs(db)[0]
    assert (job["status"], job["done"], job["cursor"]) == ("failed", k, ids[k - 1])
    assert "power cut" in job["error"]

    db.execute("DROP TRIGGER crash")
    resumed = await reparse(db, Target("all"))
    assert resumed.resumed_after == ids[k - 1]
    assert resumed.total == resumed.done == len(ids) - k
    assert resumed.changed_ids == ids[k:]
    assert all(is_new(db, i, current[i]) for i in ids)
    job = audit.recent_jobs(db)[0]
    assert (job["status"], job["done"], job["changed"]) == ("done", len(ids), len(ids))
    assert len(audit.recent_jobs(db)) == 1


async def test_a_parser_failure_stops_the_run_and_the_next_run_resumes(db: sqlite_utils.Database) -> None:
    current, _stale = stored_corpus(db, stale_every=1)
    calls = 0

    def flaky(raw: str, hints: object, is_html: bool) -> ParsedRelease:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("parser crashed")
        return parse_release(raw, None, is_html=is_html)

    with pytest.raises(ReparseStopped, match="parser crashed"):
        await reparse(db, Target("stale"), parse=flaky)  # the batch fails while parsing: nothing written
    assert all(is_old(db, i, current[i]) for i in current)
    report = await reparse(db, Target("stale"))
    assert report.changed_ids == sorted(current) and report.resumed_after is None

"""`prbot ingest PATH...`: files and folders, one line per release, bad files skipped, exit 2 when nothing read;
and the reference release end to end (passes once the parser gives the seed's values)."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.store import open_db
from bot.store.companies import partners_of, resolve_company

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "immunogen-2011-11-07.txt"
RELEASE = "Acme Widgets Wins Design Award\n\nBOSTON, March 3, 2024 (GLOBE NEWSWIRE) -- Acme Widgets won an award.\n"


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "var" / "prbot.db"
    monkeypatch.setenv("PRBOT_DB", str(path))
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    return path


def run(*args: str):
    return CliRunner().invoke(app, ["ingest", *args])


def test_folder_is_read_recursively_and_bad_files_are_skipped(tmp_path: Path, store_path: Path) -> None:
    folder = tmp_path / "releases"
    (folder / "2024" / ".hidden").mkdir(parents=True)
    (folder / "a.txt").write_text(RELEASE, encoding="utf-8")
    (folder / "2024" / "b.html").write_text(f"<html><body><p>{RELEASE.replace('Acme', 'Zenith')}</p></body></html>")
    (folder / "2024" / "empty.txt").write_text("   \n")
    (folder / "2024" / "notes.md").write_text("ignored: not a release file type")
    (folder / "2024" / ".hidden" / "c.txt").write_text("ignored: hidden")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = run(str(folder), str(tmp_path / "missing.txt"))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0, result.output
    assert len(lines) == 6
    assert lines[0].startswith("added     #1") and lines[0].endswith("<- " + str(folder / "2024" / "b.html"))
    assert "empty.txt is empty" in lines[1]
    assert lines[2].startswith("added     #2") and lines[2].endswith(str(folder / "a.txt"))
    assert "binary.txt is not a text or HTML file" in lines[3]
    assert lines[4] == f"skipped   cannot read {tmp_path / 'missing.txt'}: No such file or directory"
    assert lines[5] == "2 release(s): 2 added, 0 duplicate, 0 new version(s); 3 skipped"
    with open_db(store_path) as db:
        assert db.execute("SELECT COUNT(*) FROM releases").fetchone()[0] == 2


def test_ingesting_again_reports_duplicates(tmp_path: Path, store_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(RELEASE)
    assert run(str(path)).exit_code == 0
    again = run(str(path), str(path))
    assert again.exit_code == 0
    assert [line.split()[:2] for line in again.stdout.splitlines()[:2]] == [["duplicate", "#1"]] * 2
    assert again.stdout.splitlines()[0].count("(already stored)") == 1
    assert again.stdout.splitlines()[-1] == "2 release(s): 0 added, 2 duplicate, 0 new version(s)"


def test_nothing_readable_exits_2(tmp_path: Path, store_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(str(tmp_path / "empty"), str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert "no .txt or .html files in this folder" in result.stdout
    assert "nothing could be read" in str(result.exception)


def test_reference_release_partners_after_ingest(store_path: Path) -> None:
    result = run(str(SEED))
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.split()[:3] == ["added", "#1", "2011-11-07"]
    assert "  ImmunoGen, Inc.  ImmunoGen, Inc. Named One of" in first
    with open_db(store_path) as db:
        imgn = resolve_company(db, "IMGN").match
        assert imgn is not None
        links = partners_of(db, imgn.id)
    assert sorted(link.partner for link in links) == [
        "Amgen",
        "Bayer HealthCare Pharmaceuticals",
        "Biotest",
        "Genentech",
        "Novartis",
        "Roche",
        "Sanofi",
    ]
    assert {(link.release.headline, link.release.date) for link in links} == {
        ("ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work", dt.date(2011, 11, 7))
    }


@pytest.fixture
def release_server(tmp_path: Path) -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1 serving `tmp_path/site` (stdlib, in a thread); yields its base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "acme.txt").write_text(RELEASE, encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_release_urls_are_fetched_by_the_watcher(store_path: Path, release_server: str) -> None:
    result = run(f"{release_server}/acme.txt", f"{release_server}/missing.txt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["added", "#1", "2024-03-03"]
    assert lines[0].endswith(f"<- {release_server}/acme.txt")
    assert lines[1].startswith(f"skipped   {release_server}/missing.txt: ")
    assert lines[2] == "1 release(s): 1 added, 0 duplicate, 0 new version(s); 1 skipped"


def test_url_answering_404_is_a_runtime_failure_exit_1(store_path: Path, release_server: str) -> None:
    result = run(f"{release_server}/missing.txt")
    assert result.exit_code == 1
    assert "HTTP 404" in result.stdout.splitlines()[0]
    assert str(result.exception) == f"nothing could be fetched from {release_server}/missing.txt"


DEMO_FEED = Path(__file__).resolve().parents[1] / "bot" / "demo" / "feed.xml"


def test_feed_file_and_file_url_ingest_the_entries_not_the_document(tmp_path: Path, store_path: Path) -> None:
    by_url = run(DEMO_FEED.as_uri())
    assert by_url.exit_code == 0, by_url.output
    lines = by_url.stdout.splitlines()
    assert lines[-1] == "4 release(s): 4 added, 0 duplicate, 0 new version(s)"
    assert "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work" in lines[0]
    by_path = run(str(DEMO_FEED))
    assert by_path.stdout.splitlines()[-1] == "4 release(s): 0 added, 4 duplicate, 0 new version(s)"
    with open_db(store_path) as db:
        headlines = [r["headline"] for r in db.query("SELECT headline FROM releases")]
    assert len(headlines) == 4 and "prbot demo releases" not in headlines


def test_files_in_folders_that_are_not_releases_are_skipped_named_ones_warned(tmp_path: Path, store_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "rgb.txt").write_text("255 250 250\t\tsnow\n248 248 255\t\tghost white\n")
    (folder / "release.txt").write_text(RELEASE)
    walked = run(str(folder))
    assert walked.exit_code == 0, walked.output
    assert walked.stdout.splitlines()[1] == (
        f"skipped   {folder / 'rgb.txt'}: not a press release (no dateline, issuer or ticker)"
    )
    assert walked.stdout.splitlines()[-1] == "1 release(s): 1 added, 0 duplicate, 0 new version(s); 1 skipped"
    named = run(str(folder / "rgb.txt"))
    assert named.exit_code == 0
    assert named.stdout.splitlines()[0] == (
        f"warning   {folder / 'rgb.txt'} does not look like a press release (no dateline, issuer or ticker)"
    )
    assert named.stdout.splitlines()[-1] == "1 release(s): 1 added, 0 duplicate, 0 new version(s)"

"""The reader shared by `prbot parse` and `prbot ingest` (`bot.cli.parse.read_input`): one rule for text vs
HTML (the suffix decides; only real markup counts when it says nothing) and every Unicode byte order mark."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.parse import read_input
from bot.errors import CommandError
from bot.store import open_db

PINGING = (
    "<!channel> Acme Widgets Wins Design Award <https://acme.example/award>\n\n"
    "BOSTON, March 3, 2024 (GLOBE NEWSWIRE) -- Acme Widgets (NASDAQ: ACMW) won an award. See <https://acme.example>.\n"
)
RELEASE = "Acme Widgets Wins Design Award\n\nBOSTON, March 3, 2024 (GLOBE NEWSWIRE) -- Acme Widgets won an award.\n"


def parse_json(path: Path) -> dict:
    result = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_txt_file_is_text_even_when_it_opens_with_angle_brackets(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "release.txt"
    path.write_text(PINGING, encoding="utf-8")
    assert read_input(str(path)) == (PINGING, False)
    parsed = parse_json(path)
    assert parsed["body"].startswith("<!channel> Acme Widgets Wins Design Award <https://acme.example/award>")
    assert "See <https://acme.example>." in parsed["body"]
    # `prbot ingest` reads it the same way: stored as text, with the same body
    monkeypatch.setenv("PRBOT_DB", str(tmp_path / "prbot.db"))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["ingest", str(path)]).exit_code == 0
    with open_db(tmp_path / "prbot.db") as db:
        assert db.execute("SELECT raw_format, body FROM releases").fetchone() == ("text", parsed["body"])


@pytest.mark.parametrize(
    ("name", "content", "is_html"),
    [
        ("release", PINGING, False),  # no suffix, no real markup: text
        ("release.md", "<https://acme.example> " + RELEASE, False),
        ("release", "<!DOCTYPE html><html><body><p>" + RELEASE + "</p></body></html>", True),
        ("release", "\n  <p>" + RELEASE + "</p>", True),
        ("release.eml", "<!-- saved page -->\n<div class=x>" + RELEASE + "</div>", True),
        ("release.html", RELEASE, True),  # the suffix decides (the parser reads markup-less HTML as text)
        ("release.HTM", "<p>" + RELEASE, True),
        ("release.txt", "<html><body>" + RELEASE, False),
    ],
)
def test_the_suffix_decides_and_only_real_markup_is_sniffed(
    tmp_path: Path, name: str, content: str, is_html: bool
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_input(str(path)) == (content, is_html)


def test_standard_input_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PINGING.encode())))
    assert read_input("-") == (PINGING, False)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"<html><p>" + RELEASE.encode())))
    assert read_input("-") == ("<html><p>" + RELEASE, True)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = RELEASE.replace("Acme", "Ærø Café")
    path = tmp_path / f"{encoding}.txt"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_input(str(path)) == (text, False)
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    assert parse_json(path) == parse_json(plain)


def test_binary_and_empty_files_are_still_refused(tmp_path: Path) -> None:
    cases = {
        "nul.txt": (b"\x00\x01\x02", "is not a text or HTML file"),
        "nul-in-utf16.txt": ("Acme\x00Widgets".encode("utf-16"), "is not a text or HTML file"),
        "blank-utf16.txt": ("  \n ".encode("utf-16"), "is empty"),
        "blank.txt": (b" \n\t", "is empty"),
    }
    for name, (data, error) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CommandError, match=error):
            read_input(str(tmp_path / name))

"""prepare() never raises and always returns well-formed text, on any input: arbitrary text, bytes, HTML-ish
strings, huge and pathological inputs. Pathological inputs are sized so that quadratic behaviour (regex
backtracking, repeated string building) would take minutes instead of well under a second."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.parser.normalize import Prepared, prepare

FAILED = "input preparation failed"


def check(prepared: Prepared) -> None:
    """The output contract: paragraphs separated by exactly one blank line, lines stripped and single-spaced,
    no control or zero-width characters, no internal failure."""
    assert isinstance(prepared, Prepared)
    text = prepared.text
    assert isinstance(text, str)
    assert text == text.strip()
    assert "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == " ".join(line.split()), repr(line)
    assert not any(ch in text for ch in "\x00\r\f\t\u00a0\u200b\u00ad\ufeff")
    assert prepared.title is None or (prepared.title and "\n" not in prepared.title)
    assert all(isinstance(w, str) and w for w in prepared.warnings)
    assert len(prepared.warnings) == len(set(prepared.warnings))
    assert not any(w.startswith(FAILED) for w in prepared.warnings), prepared.warnings


TAGS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<br>", "<table>", "<tr>", "<td>", "</td>", "<li>", "<h1>", "</h1>",
     "<script>", "</script>", "<!--", "-->", "<pre>", "&nbsp;", "&amp;", "<", ">", "\n", "\f", " "]
)  # fmt: skip
WORDS = st.sampled_from(
    ["Phase", "Il", "Ill", "| ", "believe", "thera-", "peutics", "Page 2 of 3", "- 2 -", "--", "(GLOBE NEWSWIRE)",
     "ﬁ", "\u00ad", "\u00a0", "“", "”", "2O11", "c0mpany", "About", "Acme Corp.", ".", ",", "\n", "\n\n", "\r\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text: str) -> None:
    check(prepare(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes(data: bytes) -> None:
    check(prepare(data))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=200).map("".join), st.sampled_from([None, False]))
def test_release_like_text(text: str, is_html: bool | None) -> None:
    check(prepare(text, is_html=is_html))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TAGS, WORDS, st.text(max_size=8)), max_size=200).map("".join))
def test_html_like_text(text: str) -> None:
    check(prepare("<html>" + text, is_html=True))
    check(prepare(text, is_html=True))


def test_empty_and_blank_inputs() -> None:
    for source in ("", b"", " \n\t\r\n ", "\ufeff", b"\xef\xbb\xbf", "<html></html>", "\f\f\f"):
        prepared = prepare(source)
        check(prepared)
        assert prepared.text == ""


PATHOLOGICAL = {
    "open brackets": "<" * 10**6,
    "hyphen breaks": "a-\n" * 10**5,
    "deep divs": "<div>" * 10**5 + "x" + "</div>" * 10**5,
    "deep inline": "<b><i>" * 50_000 + "x",
    "unclosed tags": "<a " * 300_000,
    "bars": "| " * 10**6,
    "sentence bars": ". | a" * 200_000,
    "digit dots": "1." * 10**6 + "O",
    "zeros in words": "a0" * 10**6,
    "phase run": "Phase " * 500_000,
    "empty cells": "<table><tr>" + "<td>" * 10**5,
    "br run": "<p>" + "<br>" * 10**5,
    "mojibake": "Ã©" * 500_000,
    "page numbers": "Page 1 of 2\n\f" * 100_000,
    "one long line": "word " * 10**6,
    "at signs": "a@" * 10**6,
    "dateline caps": "NEW YORK " * 200_000,
    "spaces": " " * 10**6 + "x" + "\t" * 10**5,
    "same line": "Acme Corp. reported results for the quarter and the full year in line with its plan\n" * 50_000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_finish(name: str) -> None:
    check(prepare(PATHOLOGICAL[name]))


@pytest.mark.slow
def test_five_megabytes_of_text_and_junk() -> None:
    release = (
        "ACME CORP. ANNOUNCES RESULTS\n\nNEW YORK, May 1, 2024 /PRNewswire/ -- Acme Corp. (NYSE: ACME) today an-\n"
        "nounced results for the quarter that ended on March 31 and confirmed its outlook for the full year.\n\n"
    )
    big = release * (5_000_000 // len(release))
    prepared = prepare(big)
    check(prepared)
    assert "today announced results" in prepared.text
    check(prepare(os.urandom(5_000_000)))
    check(prepare(b"<html><body>" + os.urandom(1_000_000)))

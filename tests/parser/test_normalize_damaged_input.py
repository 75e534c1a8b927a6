"""Regression tests for damaged input: code inside deeply nested pages, bytes that are not valid UTF-8."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parser import parse_release
from bot.parser.normalize import decode_bytes, prepare

CODE = "<script>alert(1)</script><style>p{}</style><noscript>Enable JS</noscript><template><p>Row</p></template>"
RELEASE = (
    "<p>Acme Robotics Launches Harbor Arm</p>"
    "<p>BOSTON, Jan. 5, 2024 (GLOBE NEWSWIRE) -- Acme Robotics, Inc. today launched the Harbor Arm.</p>"
)


@pytest.mark.parametrize("depth", [3, 1000])
def test_script_style_noscript_template_never_become_text(depth: int) -> None:
    page = "<div>" * depth + CODE + RELEASE + "</div>" * depth
    parsed = parse_release(page, is_html=True)
    assert parsed.headline == "Acme Robotics Launches Harbor Arm"
    for code in ("alert", "p{}", "Enable JS", "Row"):
        assert code not in parsed.body
    assert ("HTML nested too deeply to parse; tags were stripped" in parsed.warnings) == (depth > 400)


def test_stripped_page_keeps_its_title_apart_and_drops_unclosed_and_upper_case_code() -> None:
    page = (
        "<html><head><title>Acme &amp; Co | Newswire</title><SCRIPT type='x'>var a = 1;</Script >"
        "<style media=all>p { margin: 0 }</style></head><body>"
        + "<div>" * 1000
        + "<p>Acme &amp; Co opens a plant</p><script>trailing("
    )
    prepared = prepare(page)
    assert prepared.source == "html:stripped"
    assert prepared.title == "Acme & Co"
    assert prepared.text == "Acme & Co opens a plant"  # the title starts the text: not repeated


def test_invalid_utf8_bytes_are_counted_in_the_warning() -> None:
    text, warnings = decode_bytes(b"Caf\xe9 \xff\xfe launch")
    assert text == "Café ÿþ launch"
    assert warnings == ["3 bytes were not valid UTF-8 and decoded as Windows-1252"]
    assert decode_bytes(b"one \x81 bad")[1] == ["1 byte was not valid UTF-8 and decoded as Windows-1252"]


def test_invalid_bytes_after_a_utf8_bom_are_replaced_with_a_warning() -> None:
    text, warnings = decode_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 \xff\xfe ok")
    assert text == "Café \ufffd\ufffd ok"
    assert warnings == ["2 bytes were not valid UTF-8 and replaced by the replacement character \ufffd"]


@pytest.mark.parametrize("is_html", [False, True])
def test_text_damaged_before_parsing_is_reported(is_html: bool) -> None:
    source = "<p>Caf\ufffd \ufffd opens</p>" if is_html else "Caf\ufffd \ufffd opens"
    parsed = parse_release(source, is_html=is_html)
    assert "Caf\ufffd \ufffd opens" in parsed.body
    assert any(w.startswith("the text already had 2 replacement characters") for w in parsed.warnings)
    lone = prepare("bad \ud800 surrogate")
    assert lone.warnings == ["1 invalid character (lone surrogates) not valid Unicode; dropped or replaced by \ufffd"]


def test_clean_input_has_no_decoding_warning() -> None:
    assert prepare("Café “quoted”".encode()).warnings == []
    assert prepare("Café “quoted”").warnings == []


_ELEMENTS = st.tuples(
    st.sampled_from(["script", "style", "noscript", "template", "SCRIPT", "Style"]),
    st.sampled_from(["", " type='x'", "\n"]),
    st.booleans(),  # closed or left open (runs to the end of the page)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_ELEMENTS, st.sampled_from(["<div>", "</div>", "News text. "])), max_size=30))
def test_no_code_survives_tag_stripping(pieces: list) -> None:
    body = "".join(
        piece if isinstance(piece, str) else f"<{piece[0]}{piece[1]}>SECRET()" + (f"</{piece[0]}>" * piece[2])
        for piece in pieces
    )
    prepared = prepare("<div>" * 450 + "<p>Acme ships</p>" + body)
    assert prepared.source == "html:stripped"
    assert prepared.text.startswith("Acme ships")
    assert "SECRET" not in prepared.text


@pytest.mark.parametrize(
    ("opening", "closing", "source"),
    [
        ('<div id="main-body-container">', "</div>", "html:globenewswire"),
        ("<article>", "</article>", "html:article"),
        ("<main2>", "</main2>", "html:trafilatura"),
    ],
)
def test_code_never_becomes_text_in_any_container(opening: str, closing: str, source: str) -> None:
    prose = "<p>Acme Corp opened a plant in Ohio today, adding 200 jobs to the region and raising its output.</p>"
    page = f"<html><body>{opening}{CODE}{prose * 5}{closing}</body></html>"
    prepared = prepare(page)
    assert prepared.source == source
    assert prepared.text.startswith("Acme Corp opened a plant in Ohio today")
    for code in ("alert", "p{}", "Enable JS", "Row"):
        assert code not in prepared.text

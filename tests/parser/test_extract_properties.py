"""Property tests for extraction: any input gives a well-formed `ParsedRelease` (never an exception), and
pathological inputs finish quickly (no regex backtracking blow-ups: work is linear in the input)."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.parser import PARSER_VERSION, ParsedRelease, parse_release
from bot.parser.models import EVENT_TYPES

WIRE_BITS = [
    "WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- ",
    "NEW YORK, Jan. 5 /PRNewswire/ -- ",
    "SAN DIEGO--(BUSINESS WIRE)--",
    "(Nasdaq:IMGN)",
    "(TSXV:AB)(Frankfurt:X0)(OTCQB:ABCDF)",
    "( NYSE: A; TSX: A )",
    '"We are pleased," said Dr. Jane Q. Doe, Ph.D., President and CEO of Acme, Inc. ',
    "collaborative partners include Amgen, Bayer, and Sanofi. ",
    "About Acme Corp.\n\n",
    "Forward-Looking Statements\n\n",
    "Media Contact: Jane Doe, jane@acme.com, +1 555-555-0100\n",
    "Phase Il ",
    "trastuzumab emtansine (T-DM1) ",
    "www.acme.com ",
    "CORRECTING and REPLACING ",
    "\n\n",
    "\n",
    ", ",
    "Inc. ",
    "(",
    ")",
    '"',
]


def _check(result: ParsedRelease) -> None:
    assert result.parser_version == PARSER_VERSION
    assert not any("parser failed" in w for w in result.warnings), result.warnings  # no step raised
    assert set(result.event_types) <= set(EVENT_TYPES)
    assert len(result.summary) <= 600
    for partner in result.partners:
        assert partner.name and partner.evidence
    if result.issuer:
        assert result.issuer.name
    result.model_dump(mode="json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text_parses(text: str) -> None:
    _check(parse_release(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WIRE_BITS) | st.text(max_size=40), max_size=60))
def test_release_shaped_fragments_parse(parts: list[str]) -> None:
    text = "".join(parts)
    _check(parse_release(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*WIRE_BITS, "<p>", "</p>", "<h1>", "</h1>", "<br>", "<div>"]), max_size=60))
def test_html_fragments_parse(parts: list[str]) -> None:
    _check(parse_release("<html><body>" + "".join(parts), is_html=True))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4000))
def test_binary_junk_parses(data: bytes) -> None:
    _check(parse_release(data))


def test_empty_input() -> None:
    result = parse_release("")
    assert result.headline is None and result.issuer is None and result.partners == []
    assert result.warnings


def _seconds(text: str) -> float:
    start = time.perf_counter()
    result = parse_release(text)
    elapsed = time.perf_counter() - start
    _check(result)
    return elapsed


def test_pathological_repetition_is_linear() -> None:
    """Doubling a pathological input must not much more than double the time (a backtracking regex would
    square it). Each piece targets one family of patterns: names, tickers, quotes, lists, dates, phones."""
    pieces = [
        "A" * 50 + " ",
        "Aa " * 30,
        "(NYSE: " * 20,
        '"' + "said Aa Bb, " * 20,
        "partners include Aa, " * 20,
        "Nov. 7, " * 20,
        "1 " * 40,
        "Phase I/" * 20,
        "www." * 20,
        "About " * 30,
    ]
    for piece in pieces:
        small = piece * 200
        large = piece * 400
        t_small = max(_seconds(small), 0.002)
        t_large = _seconds(large)
        assert t_large < t_small * 4 + 0.05, (piece[:20], t_small, t_large)


def test_five_megabytes_finishes() -> None:
    paragraph = (
        'ACME, Inc. (NYSE: ACME) today announced results. "We are pleased," said Jane Doe, CEO. '
        "Acme's partners include Beta Corp. and Gamma AG. www.acme.com\n\n"
    )
    text = "Headline\n\n" + paragraph * (5_000_000 // len(paragraph))
    assert _seconds(text) < 30

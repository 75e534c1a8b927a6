"""Golden test: the reference release (`shared/seed/`) parses to every value in `shared/seed/README.md`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.parser import PARSER_VERSION, ParsedRelease, parse_release

SEED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "releases" / "immunogen-2011-11-07.txt"
PARTNERS = ["Amgen", "Bayer HealthCare Pharmaceuticals", "Biotest", "Novartis", "Roche", "Sanofi", "Genentech"]


@pytest.fixture(scope="module")
def seed() -> ParsedRelease:
    return parse_release(SEED.read_text(encoding="utf-8"))


def test_headline_and_dateline(seed: ParsedRelease) -> None:
    assert seed.parser_version == PARSER_VERSION
    assert seed.headline == "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work"
    assert seed.dateline is not None
    assert (seed.dateline.city, seed.dateline.region) == ("WALTHAM", "Mass.")
    assert seed.dateline.date == dt.date(2011, 11, 7)
    assert seed.dateline.wire == "GlobeNewswire"


def test_issuer(seed: ParsedRelease) -> None:
    assert seed.issuer is not None
    assert seed.issuer.name == "ImmunoGen, Inc."
    assert [(t.exchange, t.symbol) for t in seed.issuer.tickers] == [("NASDAQ", "IMGN")]
    assert [c.name for c in seed.companies if c.role == "issuer"] == ["ImmunoGen, Inc."]


def test_partners_exactly_the_seven_with_evidence(seed: ParsedRelease) -> None:
    assert sorted(p.name for p in seed.partners) == sorted(PARTNERS)
    by_name = {p.name: p for p in seed.partners}
    assert all(p.relation == "collaboration" for p in seed.partners)
    assert "collaborative partners include Amgen" in by_name["Sanofi"].evidence
    assert "collaboration with Genentech" in by_name["Genentech"].evidence
    names = {p.name for p in seed.partners}
    assert "The Boston Globe" not in names and "WorkplaceDynamics" not in names


def test_people_products_events_urls(seed: ParsedRelease) -> None:
    assert [(p.name, p.title) for p in seed.people] == [("Daniel Junius", "President and CEO")]
    assert seed.people[0].quote and seed.people[0].quote.startswith("This recognition is a great opportunity")
    assert [(p.name, p.code, p.phase) for p in seed.products] == [("trastuzumab emtansine", "T-DM1", "Phase II")]
    assert "award" in seed.event_types
    assert [u.split("://", 1)[1] for u in seed.urls] == ["www.immunogen.com"]
    assert [a.company for a in seed.about] == ["ImmunoGen, Inc."]
    assert seed.is_correction is False


def test_body_repaired_and_summary(seed: ParsedRelease) -> None:
    assert "I believe ImmunoGen" in seed.body and "| believe" not in seed.body
    assert "Phase II testing" in seed.body and "Phase Il" not in seed.body
    assert "President and CEO" in seed.body
    assert seed.summary.startswith("ImmunoGen, Inc., a biotechnology company that develops targeted")
    assert "GLOBE NEWSWIRE" not in seed.summary and "Nasdaq:IMGN" not in seed.summary

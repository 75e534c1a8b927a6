"""Company identity and resolution: merge by listing or name key, resolve tickers and loose names."""

from __future__ import annotations

import sqlite_utils

from bot.parser.models import Ticker
from bot.store.companies import company_refs, find_company, resolve_company, upsert_company
from bot.store.names import display_name, name_key


def test_name_key_drops_case_punctuation_and_legal_suffixes_only() -> None:
    assert name_key("ImmunoGen, Inc.") == "immunogen"
    assert name_key("IMMUNOGEN INC") == "immunogen"
    assert name_key("The Coca-Cola Company") == "coca cola"
    assert name_key("Koninklijke Philips N.V.") == "koninklijke philips"
    assert name_key("Bayer AG") == "bayer"
    assert name_key("Foo Holdings Co., Ltd.") == "foo holdings"
    assert name_key("Nestlé S.A.") == "nestle"
    assert name_key("AT&T Inc.") == "at and t"
    assert name_key("Inc.") == "inc"  # a lone suffix is the whole name, not nothing
    assert name_key("...") == ""


def test_appositive_is_not_part_of_the_name() -> None:
    assert display_name("Genentech, a member of the Roche Group") == "Genentech"
    assert name_key("Genentech, a member of the Roche Group") == "genentech"
    assert display_name("ImmunoGen,  Inc.") == "ImmunoGen, Inc."


def test_same_listing_merges_different_spellings_and_keeps_first_display_name(db: sqlite_utils.Database) -> None:
    first = upsert_company(db, "ImmunoGen, Inc.", [Ticker(exchange="NASDAQ", symbol="IMGN")])
    second = upsert_company(db, "Immunogen Corporation Worldwide", [Ticker(exchange="NASDAQ", symbol="IMGN")])
    assert first == second
    assert company_refs(db, [first])[first].name == "ImmunoGen, Inc."
    # the other spelling became an alias, so the name alone now finds the company
    assert find_company(db, "Immunogen Corporation Worldwide") == first
    assert resolve_company(db, "immunogen corporation worldwide").match.id == first


def test_same_name_key_merges_and_adds_new_listings(db: sqlite_utils.Database) -> None:
    bayer = upsert_company(db, "Bayer AG")
    assert upsert_company(db, "BAYER", [Ticker(exchange="XETRA", symbol="BAYN")]) == bayer
    assert upsert_company(db, "Bayer HealthCare Pharmaceuticals") != bayer
    assert company_refs(db, [bayer])[bayer].tickers == [Ticker(exchange="XETRA", symbol="BAYN")]


def test_bare_symbol_merges_only_when_one_company_has_it(db: sqlite_utils.Database) -> None:
    acme = upsert_company(db, "Acme Robotics", [Ticker(exchange="NYSE", symbol="ACME")])
    assert upsert_company(db, "Acme Robotics Holdings", [Ticker(symbol="ACME")]) == acme
    upsert_company(db, "Acme Mining", [Ticker(exchange="TSX", symbol="ACM")])
    upsert_company(db, "Acme Mining Two", [Ticker(exchange="TSX-V", symbol="ACM")])
    lone = upsert_company(db, "Some Other ACM Holder", [Ticker(symbol="ACM")])
    assert lone not in (acme, None)
    assert len(company_refs(db, [lone])[lone].tickers) == 1


def test_nameless_company_is_not_created(db: sqlite_utils.Database) -> None:
    assert upsert_company(db, " , ") is None
    assert db.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 0


def _seed_companies(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        "imgn": upsert_company(db, "ImmunoGen, Inc.", [Ticker(exchange="NASDAQ", symbol="IMGN")]),
        "bayer_hc": upsert_company(db, "Bayer HealthCare Pharmaceuticals"),
        "bayer": upsert_company(db, "Bayer AG", [Ticker(exchange="XETRA", symbol="BAYN")]),
        "abc_nyse": upsert_company(db, "ABC Industries", [Ticker(exchange="NYSE", symbol="ABC")]),
        "abc_tsx": upsert_company(db, "ABC Gold Corp.", [Ticker(exchange="TSX", symbol="ABC")]),
    }


def test_resolve_ticker_with_and_without_exchange(db: sqlite_utils.Database) -> None:
    ids = _seed_companies(db)
    assert resolve_company(db, "IMGN").match.id == ids["imgn"]
    assert resolve_company(db, "imgn").match.id == ids["imgn"]
    assert resolve_company(db, "NASDAQ:IMGN").match.id == ids["imgn"]
    assert resolve_company(db, "nasdaq: imgn").match.id == ids["imgn"]
    wrong_exchange = resolve_company(db, "NYSE:IMGN")
    assert wrong_exchange.match is None and wrong_exchange.candidates == []
    assert resolve_company(db, "TSX:ABC").match.id == ids["abc_tsx"]


def test_resolve_several_listings_gives_candidates(db: sqlite_utils.Database) -> None:
    ids = _seed_companies(db)
    result = resolve_company(db, "ABC")
    assert result.match is None
    assert sorted(c.id for c in result.candidates) == sorted([ids["abc_nyse"], ids["abc_tsx"]])


def test_resolve_loose_names_and_prefixes(db: sqlite_utils.Database) -> None:
    ids = _seed_companies(db)
    assert resolve_company(db, "immunogen").match.id == ids["imgn"]
    assert resolve_company(db, "  ImmunoGen   Inc ").match.id == ids["imgn"]
    assert resolve_company(db, "bayer").match.id == ids["bayer"]  # exact key beats the prefix
    assert resolve_company(db, "bayer health").match.id == ids["bayer_hc"]  # one name starts so
    prefix = resolve_company(db, "bay")
    assert prefix.match is None
    assert {c.id for c in prefix.candidates} == {ids["bayer"], ids["bayer_hc"]}


def test_resolve_nothing_gives_close_suggestions(db: sqlite_utils.Database) -> None:
    ids = _seed_companies(db)
    typo = resolve_company(db, "imunogen")
    assert typo.match is None and typo.candidates == []
    assert [c.id for c in typo.suggestions] == [ids["imgn"]]
    assert resolve_company(db, "IMGM").suggestions[0].id == ids["imgn"]
    assert resolve_company(db, "zzzzzz").suggestions == []
    empty = resolve_company(db, "   ")
    assert (empty.match, empty.candidates, empty.suggestions) == (None, [], [])

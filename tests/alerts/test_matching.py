"""Which channels a release goes to, and the role note each alert shows."""

from __future__ import annotations

import sqlite_utils

from bot.alerts.matching import company_roles, match_release
from bot.parser.models import Company, Ticker
from bot.store import subscriptions
from tests.alerts.helpers import parsed_release


def _matches(db: sqlite_utils.Database, parsed) -> dict[str, str | None]:
    found = match_release(subscriptions.active(db), subscriptions.mutes(db), parsed)
    return {m.channel: m.note for m in found}


def test_company_matches_as_issuer_by_ticker_and_as_partner_by_name(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "CIMGN", "company", "IMGN", label="IMGN", ticker="IMGN", name_key="immunogen")
    subscriptions.subscribe(db, "CGNE", "company", "genentech", label="Genentech", name_key="genentech")
    subscriptions.subscribe(db, "CPFE", "company", "PFE", label="PFE", ticker="PFE", name_key="pfizer")
    notes = _matches(db, parsed_release())
    assert notes == {"CIMGN": "Following IMGN: issuer", "CGNE": "Following Genentech: named as partner (license)"}


def test_issuer_matches_by_name_when_the_release_has_no_ticker(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "C1", "company", "IMGN", label="IMGN", ticker="IMGN", name_key="immunogen")
    assert _matches(db, parsed_release(symbol=None)) == {"C1": "Following IMGN: issuer"}


def test_co_issuer_and_mentioned_companies(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "CCO", "company", "XYZ", label="XYZ", ticker="XYZ")
    subscriptions.subscribe(db, "CMENT", "company", "acme", label="Acme", name_key="acme")
    parsed = parsed_release(partners=())
    parsed.companies = [
        Company(name="Xyz Corp.", tickers=[Ticker(exchange="NYSE", symbol="XYZ")], role="co-issuer"),
        Company(name="Acme Inc.", role="mentioned"),
    ]
    assert _matches(db, parsed) == {"CCO": "Following XYZ: co-issuer"}
    assert [r.role for r in company_roles(parsed)] == ["issuer", "co-issuer"]


def test_keyword_needs_every_word_as_a_whole_word(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "CK1", "keyword", "antibody conjugate", label="kw")
    subscriptions.subscribe(db, "CK2", "keyword", "anti", label="kw")
    parsed = parsed_release(body="A new Antibody-drug conjugate, said the company.")
    assert _matches(db, parsed) == {"CK1": "Keyword: antibody conjugate"}


def test_event_and_all_and_one_delivery_per_channel(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "C1", "event", "license", label="license releases")
    subscriptions.subscribe(db, "C1", "company", "IMGN", label="IMGN", ticker="IMGN")
    subscriptions.subscribe(db, "C2", "event", "earnings", label="earnings releases")
    subscriptions.replace_env(db, "CALL")
    found = match_release(subscriptions.active(db), [], parsed_release())
    assert [(m.channel, m.note) for m in found] == [
        ("C1", "Event: license; Following IMGN: issuer"),
        ("CALL", None),
    ]


def test_a_muted_issuer_is_skipped_in_that_channel_only(db: sqlite_utils.Database) -> None:
    subscriptions.replace_env(db, "CALL")
    subscriptions.subscribe(db, "C2", "all", "", label="every release")
    subscriptions.mute(db, "CALL", "IMGN", label="IMGN", ticker="IMGN", name_key="immunogen")
    assert _matches(db, parsed_release()) == {"C2": None}
    other = parsed_release(issuer="Pfizer Inc.", symbol="PFE")
    assert set(_matches(db, other)) == {"CALL", "C2"}


def test_stopped_subscriptions_do_not_match(db: sqlite_utils.Database) -> None:
    subscriptions.subscribe(db, "C1", "all", "", label="every release")
    assert subscriptions.stop_channel(db, "C1", "channel_not_found") == 1
    assert _matches(db, parsed_release()) == {}
    _sub, changed = subscriptions.subscribe(db, "C1", "all", "", label="every release")
    assert changed and _matches(db, parsed_release()) == {"C1": None}

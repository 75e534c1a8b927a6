"""The ingest service: fingerprints, dedupe (GUID, canonical URL, content), versions for corrections and updates."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from bot.errors import StoreError
from bot.ingest import fingerprint, headline_key, ingest_text, store_parsed
from bot.parser import PARSER_VERSION
from bot.parser.models import FeedHints, Organization, Ticker
from bot.store import releases
from bot.store.releases import ReleaseMeta
from tests.store.factories import release

BODY = (
    "ImmunoGen, Inc. (Nasdaq:IMGN), a biotechnology company that develops targeted antibody-based anticancer "
    "products, today announced that it has been named one of The Boston Globe's 2011 Top Places to Work."
)


def ingest(db: sqlite_utils.Database, parsed, **meta):
    return store_parsed(db, raw="raw", raw_format="text", parsed=parsed, meta=ReleaseMeta(**meta), alert=False)


def release_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM releases").fetchone()[0]


def test_fingerprint_is_the_same_on_two_wires_and_differs_for_other_content() -> None:
    long_body = " ".join([BODY] * 4)  # 140 words: the wires' footers come after the fingerprinted part
    gnw = release(body="WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- " + long_body + " Contact: gnw desk.")
    prn = release(body="WALTHAM, Mass., Nov. 7, 2011 /PRNewswire/ -- " + long_body.upper() + " Contact: prn desk.")
    bw = release(body="WALTHAM, Mass.--(BUSINESS WIRE)--" + long_body.replace(",", ""))
    assert fingerprint(release(body=long_body)) != fingerprint(release(body=long_body.replace("2011", "2012")))
    assert fingerprint(release(body=long_body)) == fingerprint(bw)
    # the words after the first 120 (wire footers) do not count; the lead before the dateline dash does not either
    assert len({fingerprint(gnw), fingerprint(prn), fingerprint(bw)}) == 1
    assert len(fingerprint(gnw)) == 32
    assert fingerprint(release(headline="", body="  ")) == ""
    assert fingerprint(release(body=BODY, is_correction=True)) != fingerprint(release(body=BODY))


def test_headline_key_drops_correction_prefixes() -> None:
    assert headline_key("CORRECTION -- Northgate Reports Revenue") == "northgate reports revenue"
    assert headline_key("Correcting and Replacing: Northgate Reports Revenue") == "northgate reports revenue"
    assert headline_key("UPDATED - Northgate Reports Revenue") == "northgate reports revenue"
    assert headline_key(None) == ""


def test_same_release_twice_changes_nothing(db: sqlite_utils.Database) -> None:
    first = ingest(db, release(body=BODY), guid="g1", url="https://example.com/r/1")
    before = releases.counts(db)
    again = ingest(db, release(body=BODY), guid="g1", url="https://example.com/r/1")
    assert (first.status, again.status) == ("new", "duplicate")
    assert again.release_id == again.duplicate_of == first.release_id
    assert releases.counts(db) == before


def test_changed_guid_and_http_to_https_are_the_same_release(db: sqlite_utils.Database) -> None:
    first = ingest(db, release(body=BODY), guid="g1", url="http://Example.com/r/1?utm_source=rss")
    moved = ingest(db, release(body=BODY), guid="g2-changed", url="https://example.com/r/1/")
    assert (moved.status, moved.duplicate_of) == ("duplicate", first.release_id)
    other_wire = ingest(
        db, release(body="WALTHAM /PRNewswire/ -- " + BODY), guid="prn-7", url="https://prnewswire.com/x.html"
    )
    assert (other_wire.status, other_wire.duplicate_of) == ("duplicate", first.release_id)
    assert release_count(db) == 1


def test_same_link_with_new_content_is_a_version_but_a_new_parser_is_not(db: sqlite_utils.Database) -> None:
    first = ingest(db, release(body=BODY), url="https://example.com/r/1")
    update = ingest(db, release(body=BODY + " Updated with new figures."), url="https://example.com/r/1")
    assert (update.status, update.version_of) == ("version", first.release_id)
    assert releases.get_release(db, update.release_id).version_of == first.release_id
    update2 = ingest(db, release(body=BODY + " Updated again."), url="https://example.com/r/1")
    assert update2.version_of == first.release_id  # linked to the original, not to the previous version
    reparsed = ingest(db, release(body=BODY + " Different words.", version="9.9.9"), url="https://example.com/r/1")
    assert reparsed.status == "duplicate"
    assert release_count(db) == 3


def test_correction_is_a_version_of_the_issuers_release_with_that_headline(db: sqlite_utils.Database) -> None:
    northgate = Organization(name="Northgate Semiconductor, Inc.", tickers=[Ticker(exchange="NASDAQ", symbol="NGSI")])

    def northgate_release(headline: str, body: str, **kwargs):
        parsed = release(headline, body=body, partners=[], **kwargs)
        parsed.issuer = northgate
        return parsed

    original = ingest(db, northgate_release("Northgate Semiconductor Reports Record Second Quarter 2024 Revenue", "A"))
    ingest(db, northgate_release("Northgate Semiconductor Appoints New CFO", "B"))
    correction = ingest(
        db,
        northgate_release(
            "CORRECTION -- Northgate Semiconductor Reports Record Second Quarter 2024 Revenue",
            "In a release issued earlier today, gross margin was 48.2%.",
            is_correction=True,
        ),
    )
    assert (correction.status, correction.version_of) == ("version", original.release_id)
    assert releases.counts(db)["versions"] == 1
    unrelated = ingest(db, northgate_release("CORRECTION -- Northgate Opens Plant in Austin", "C", is_correction=True))
    assert (unrelated.status, unrelated.version_of) == ("new", None)


def test_a_failure_inside_store_parsed_leaves_nothing(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON products BEGIN SELECT RAISE(ABORT, 'no room'); END")
    with pytest.raises(StoreError):
        ingest(db, release(body=BODY), guid="g1")
    assert release_count(db) == 0
    assert db.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 0
    db.execute("DROP TRIGGER refuse")
    assert ingest(db, release(body=BODY), guid="g1").status == "new"


def test_ingest_text_parses_and_keeps_raw_and_hints(db: sqlite_utils.Database) -> None:
    raw = "Acme Widgets Wins Award\n\nBOSTON, March 3, 2024 (GLOBE NEWSWIRE) -- Acme Widgets won an award today."
    hints = FeedHints(published=dt.datetime(2024, 3, 3, 12, tzinfo=dt.UTC), url="https://example.com/acme")
    result = ingest_text(db, raw, hints=hints)
    assert result.status == "new"
    assert result.parsed.parser_version == PARSER_VERSION
    assert releases.get_raw(db, result.release_id) == (raw, "text", hints)
    assert releases.find_duplicate(db, url="http://example.com/acme/") == result.release_id
    assert ingest_text(db, raw, hints=hints).status == "duplicate"

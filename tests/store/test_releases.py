"""The releases table: write path, atomicity, canonical URLs, reads, full-text search and reparse rewrites."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from bot.errors import StoreError
from bot.parser.models import Company, FeedHints, Person, Ticker
from bot.store import releases
from bot.store import search as search_module
from bot.store.companies import partners_of, people_of, resolve_company
from bot.store.releases import ReleaseMeta, canonical_url
from tests.store.factories import release

GRAPH_TABLES = ("releases", "companies", "company_tickers", "release_companies", "partners", "people", "products")


def table_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in GRAPH_TABLES}


def save(db: sqlite_utils.Database, parsed, fingerprint: str = "", **meta) -> int:
    return releases.save_release(
        db, raw=f"raw of {parsed.headline}", raw_format="text", parsed=parsed, meta=ReleaseMeta(**meta),
        fingerprint=fingerprint,
    )  # fmt: skip


def test_canonical_url() -> None:
    assert (
        canonical_url("http://WWW.GlobeNewswire.com/news-release/2011/11/07/1.html/?utm_source=rss&b=2&a=1#top")
        == "https://www.globenewswire.com/news-release/2011/11/07/1.html?a=1&b=2"
    )
    assert canonical_url("https://example.com:443/x/?fbclid=abc") == "https://example.com/x"
    assert canonical_url("https://example.com") == "https://example.com/"
    assert canonical_url("http://example.com:8080/a") == "https://example.com:8080/a"
    assert canonical_url("file:///tmp/demo/feed.xml") == "file:///tmp/demo/feed.xml"
    assert canonical_url("  ") is None


def test_find_duplicate_by_guid_wire_id_canonical_url_and_fingerprint(db: sqlite_utils.Database) -> None:
    release_id = save(
        db, release(), "fp-1", guid="gnw-123", wire_id="PRN-9", url="http://example.com/r/1?utm_medium=rss"
    )
    assert releases.find_duplicate(db, guid="gnw-123") == release_id
    assert releases.find_duplicate(db, wire_id="PRN-9") == release_id
    assert releases.find_duplicate(db, url="https://EXAMPLE.com/r/1/") == release_id
    assert releases.find_duplicate(db, fingerprint="fp-1") == release_id
    assert releases.find_duplicate(db, guid="other", url="https://example.com/r/2", fingerprint="fp-2") is None
    assert releases.find_duplicate(db, fingerprint="") is None


def test_save_and_read_back(db: sqlite_utils.Database) -> None:
    hints = FeedHints(wire="GlobeNewswire", tickers=[Ticker(exchange="NASDAQ", symbol="IMGN")])
    published = dt.datetime(2011, 11, 7, 13, 0, tzinfo=dt.UTC)
    parsed = release(body="WALTHAM -- full body text.")
    release_id = save(db, parsed, "fp", url="https://example.com/a", published_at=published, hints=hints)
    stored = releases.get_release(db, release_id)
    assert stored.parsed == parsed  # body restored from its own column
    assert stored.ref.url == "https://example.com/a"
    assert stored.ref.issuer == "ImmunoGen, Inc."
    assert stored.published_at == published
    assert stored.version_of is None
    assert releases.get_raw(db, release_id) == (f"raw of {parsed.headline}", "text", hints)
    assert releases.get_release(db, 999) is None
    with pytest.raises(StoreError):
        releases.get_raw(db, 999)


def test_date_falls_back_to_publish_time_and_wire_to_hint(db: sqlite_utils.Database) -> None:
    parsed = release(date=None)
    parsed.dateline.wire = None
    release_id = save(db, parsed, published_at=dt.datetime(2020, 2, 3, 23, 30), hints=FeedHints(wire="PR Newswire"))
    ref = releases.get_release(db, release_id).ref
    assert (ref.date, ref.wire) == (dt.date(2020, 2, 3), "PR Newswire")


def test_a_failure_mid_save_leaves_nothing(db: sqlite_utils.Database) -> None:
    save(db, release("First"), "ok")
    before = table_counts(db)
    # a real SQLite failure after the release, its companies and partners are written: the people insert aborts
    db.execute(
        "CREATE TEMP TRIGGER refuse_people BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    parsed = release("Second", tickers=[Ticker(exchange="NYSE", symbol="NEWCO")], partners=["Brand New Partner"])
    with pytest.raises(StoreError, match="disk says no"):
        save(db, parsed, "second")
    assert table_counts(db) == before
    assert resolve_company(db, "Brand New Partner").match is None
    assert releases.search(db, "Second") == []


def test_latest_newest_first_overall_and_per_company(db: sqlite_utils.Database) -> None:
    a = save(db, release("A", date=dt.date(2011, 1, 1)), "a")
    b = save(db, release("B", date=dt.date(2013, 1, 1), issuer="Amgen", tickers=[], partners=[]), "b")
    c = save(db, release("C", date=dt.date(2012, 1, 1)), "c")
    assert [ref.id for ref in releases.latest(db)] == [b, c, a]
    assert [ref.id for ref in releases.latest(db, limit=2)] == [b, c]
    imgn = resolve_company(db, "IMGN").match.id
    assert [ref.id for ref in releases.latest(db, imgn)] == [c, a]
    amgen = resolve_company(db, "amgen").match.id
    assert [ref.id for ref in releases.latest(db, amgen)] == [b, c, a]  # a partner in a and c
    assert [ref.id for ref in releases.latest(db, amgen, limit=1)] == [b]


def test_search_ranks_headline_matches_first_with_marked_snippets(db: sqlite_utils.Database) -> None:
    body_only = save(db, release("Quarterly results", body="Revenue grew. Our antibody program advanced."), "1")
    headline = save(db, release("Antibody collaboration signed", body="The antibody deal was signed today."), "2")
    save(db, release("Unrelated news", body="Nothing about that."), "3")
    hits = releases.search(db, "antibody")
    assert [hit.release.id for hit in hits] == [headline, body_only]
    assert hits[0].rank > hits[1].rank > 0
    assert "[antibody]" in hits[1].snippet.lower()
    assert [hit.release.id for hit in releases.search(db, "antibodies")] == [headline, body_only]  # porter stemming
    assert [hit.release.id for hit in releases.search(db, '"deal was signed"')] == [headline]
    assert releases.search(db, "antibody", limit=1)[0].release.id == headline


@pytest.mark.parametrize("query", ['antibody AND "', "(((antibody", "NEAR(", "antibody OR", '"', "*", "-", "AND"])
def test_malformed_search_never_raises(db: sqlite_utils.Database, query: str) -> None:
    antibody = save(db, release("Antibody news", body="An antibody."), "1")
    hits = releases.search(db, query)
    expected = [antibody] if "antibody" in query else []
    assert [hit.release.id for hit in hits] == expected


def test_release_ids_by_ticker_and_parser_version(db: sqlite_utils.Database) -> None:
    a = save(db, release("A", version="0.9.1"), "a")
    b = save(
        db, release("B", version="0.10.0", issuer="Amgen", tickers=[Ticker(exchange="NASDAQ", symbol="AMGN")]), "b"
    )
    c = save(db, release("C", version="0.10.0"), "c")
    assert releases.release_ids(db) == [a, b, c]
    assert releases.release_ids(db, ticker="IMGN") == [a, c]
    assert releases.release_ids(db, ticker="nasdaq:imgn") == [a, c]
    assert releases.release_ids(db, ticker="NYSE:IMGN") == []
    assert releases.release_ids(db, stale_before_version="0.10.0") == [a]
    assert releases.release_ids(db, ticker="AMGN") == [a, b, c]  # Amgen is a partner in a and c
    assert releases.release_ids(db, ticker="AMGN", stale_before_version="0.10.0") == [a]
    assert releases.release_ids(db, stale_before_version="0.9.0") == []


def test_replace_parsed_rewrites_the_graph_and_reports_exactly_what_changed(db: sqlite_utils.Database) -> None:
    old = release(
        partners=["Amgen", "Roche"],
        tickers=[Ticker(exchange="NASDAQ", symbol="IMGM")],
        people=[Person(name="Daniel Junius", title="CEO")],
        version="1.0.0",
    )
    release_id = save(db, old, "x")
    new = release(
        partners=["Amgen", "Sanofi", "Novartis"],
        tickers=[Ticker(exchange="NASDAQ", symbol="IMGN")],
        people=[Person(name="Daniel Junius", title="President and CEO")],
        companies=[Company(name="Amgen", role="partner")],
        event_types=["award", "partnership"],
        version="1.1.0",
    )
    change = releases.replace_parsed(db, release_id, new)
    assert change.changed
    assert change.partners_added == ["Sanofi", "Novartis"]
    assert change.partners_removed == ["Roche"]
    assert (change.tickers_added, change.tickers_removed) == (["NASDAQ:IMGN"], ["NASDAQ:IMGM"])
    assert change.companies_added == ["Amgen"]
    assert (change.people_added, change.people_removed) == ([], [])  # same person, new title
    assert change.event_types_added == ["partnership"]
    assert not change.headline_changed and not change.dateline_changed and change.issuer_changed
    assert set(change.fields_changed) == {"issuer", "companies", "partners", "people", "event_types"}
    assert (change.old_parser_version, change.new_parser_version) == ("1.0.0", "1.1.0")
    issuer = resolve_company(db, "IMGN").match.id
    assert [link.partner for link in partners_of(db, issuer)] == ["Amgen", "Sanofi", "Novartis"]
    assert [m.title for m in people_of(db, issuer)] == ["President and CEO"]
    assert releases.get_release(db, release_id).parsed == new
    assert releases.release_ids(db, stale_before_version="1.1.0") == []


def test_replace_parsed_unchanged_only_bumps_the_version(db: sqlite_utils.Database) -> None:
    release_id = save(db, release(version="1.0.0"), "x")
    before = table_counts(db)
    change = releases.replace_parsed(db, release_id, release(version="2.0.0"))
    assert not change.changed and change.fields_changed == [] and change.partners_added == []
    assert table_counts(db) == before
    assert releases.get_release(db, release_id).parsed.parser_version == "2.0.0"


def test_replace_parsed_failure_keeps_the_old_release_whole(db: sqlite_utils.Database) -> None:
    release_id = save(db, release(partners=["Amgen"]), "x")
    before = table_counts(db)
    db.execute("CREATE TEMP TRIGGER refuse_people BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'boom'); END")
    with pytest.raises(StoreError):
        releases.replace_parsed(db, release_id, release("New headline", partners=["Sanofi"], version="2"))
    assert table_counts(db) == before
    stored = releases.get_release(db, release_id)
    assert stored.parsed.partners[0].name == "Amgen" and stored.parsed.parser_version == "1.0.0"
    assert [hit.release.id for hit in releases.search(db, "Boston")] == [release_id]
    with pytest.raises(StoreError):
        releases.replace_parsed(db, 404, release())


def test_counts(db: sqlite_utils.Database) -> None:
    save(db, release(), "a")
    save(db, release("Other", partners=["Amgen"]), "b")
    assert releases.counts(db) == {
        "releases": 2,
        "versions": 0,
        "companies": 8,
        "tickers": 1,
        "partners": 8,
        "people": 2,
        "products": 2,
    }


def test_search_with_a_common_term_gives_headline_matches_then_body_matches_newest_first(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "COMMON_TERM_RELEASES", 3)  # "antibody" is in 4 releases: a common term
    old_headline = save(db, release("Antibody deal", body="Signed."), "1")
    body_only = save(db, release("Quarterly results", body="Our antibody program."), "2")
    new_headline = save(db, release("Antibody award", body="Won."), "3")
    newest_body = save(db, release("Other news", body="Antibody news in the body."), "4")
    hits = releases.search(db, "antibody", limit=3)
    assert [(hit.release.id, hit.rank) for hit in hits] == [
        (new_headline, 2.0),
        (old_headline, 2.0),
        (newest_body, 1.0),
    ]
    assert hits[2].snippet == "[Antibody] news in the body."
    assert [hit.release.id for hit in releases.search(db, "antibody")][3:] == [body_only]
    assert [hit.release.id for hit in releases.search(db, "antibody won")] == [new_headline]  # rare term: bm25


def test_kept_counts_match_the_tables_after_saves_rewrites_and_a_failed_save(db: sqlite_utils.Database) -> None:
    first = save(db, release(), "a")
    save(db, release("Other", partners=["Amgen", "Brand New Co"]), "b")
    releases.replace_parsed(db, first, release(partners=["Amgen"], version="2"))
    db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON products BEGIN SELECT RAISE(ABORT, 'no'); END")
    with pytest.raises(StoreError):
        save(db, release("Third", partners=["Third Co"]), "c")
    counted = {
        "releases": table_counts(db)["releases"],
        "versions": 0,
        "companies": table_counts(db)["companies"],
        "tickers": table_counts(db)["company_tickers"],
        "partners": table_counts(db)["partners"],
        "people": table_counts(db)["people"],
        "products": table_counts(db)["products"],
    }
    assert (
        releases.counts(db)
        == counted
        == {
            "releases": 2,
            "versions": 0,
            "companies": 9,
            "tickers": 1,
            "partners": 3,
            "people": 2,
            "products": 2,
        }
    )

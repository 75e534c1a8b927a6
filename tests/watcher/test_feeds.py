"""Feed bytes -> entries: ids, links, dates and each wire's hints; malformed and non-feed documents."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import ParseError
from bot.feeds import edgar_exhibit_url, feed_label, looks_like_feed, parse_feed
from bot.parser.models import Ticker
from tests.fakes.feed_server import Filing, Item, atom, edgar_atom, edgar_index, rdf, rss

WHEN = dt.datetime(2011, 11, 7, 13, 0, tzinfo=dt.UTC)
GNW_FEED = "https://www.globenewswire.com/RssFeed/orgclass/1/feedTitle/GlobeNewswire"


def test_globenewswire_rss_gives_tickers_issuer_wire_id_and_dates() -> None:
    link = "https://www.globenewswire.com/news-release/2011/11/07/123456/0/en/ImmunoGen.html"
    data = rss(
        [
            Item(
                link,
                link,
                "ImmunoGen named a top place to work",
                WHEN,
                ticker="Nasdaq:IMGN",
                issuer="ImmunoGen, Inc.",
                identifier="123456",
            )
        ]
    )
    feed = parse_feed(data, feed_url=GNW_FEED)
    (entry,) = feed.entries
    assert (entry.guid, entry.link, entry.wire_id) == (link, link, "globenewswire:123456")
    assert entry.published == WHEN and entry.updated == WHEN
    assert entry.hints.tickers == [Ticker(exchange="NASDAQ", symbol="IMGN")]
    assert (entry.hints.issuer, entry.hints.wire, entry.hints.title) == (
        "ImmunoGen, Inc.",
        "GlobeNewswire",
        "ImmunoGen named a top place to work",
    )
    assert entry.content is None and entry.summary == "Summary only."
    assert feed.warnings == []


def test_pr_newswire_and_business_wire_ids_come_from_the_url() -> None:
    prn = "https://www.prnewswire.com/news-releases/acme-signs-deal-302012345.html"
    bw = "https://www.businesswire.com/news/home/20240102005123/en/Acme-Signs"
    feed = parse_feed(rss([Item("a", prn, "A", WHEN), Item("b", bw, "B", WHEN)]), feed_url="https://x.example/rss")
    assert [e.wire_id for e in feed.entries] == ["prnewswire:302012345", "businesswire:20240102005123"]
    assert [e.hints.wire for e in feed.entries] == ["PR Newswire", "Business Wire"]


def test_edgar_atom_gives_accession_form_type_and_filer() -> None:
    index = "https://www.sec.gov/Archives/edgar/data/855654/000110465924000123/0001104659-24-000123-index.htm"
    data = edgar_atom(
        [
            Filing("0001104659-24-000123", "0000855654", "ImmunoGen, Inc.", index),
            Filing("0001104659-24-000123", "0000999999", "Big Holder LLC", index, role="Subject"),
        ]
    )
    feed = parse_feed(data, feed_url="https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&output=atom")
    assert [e.wire_id for e in feed.entries] == ["edgar:0001104659-24-000123"] * 2
    assert [e.form_type for e in feed.entries] == ["8-K", "8-K"]
    assert feed.entries[0].hints.issuer == "ImmunoGen, Inc."
    assert feed.entries[1].hints.issuer is None
    assert feed.entries[0].published == dt.datetime(2026, 1, 2, 22, 0, tzinfo=dt.UTC)


def test_relative_links_resolve_against_http_and_file_feed_urls() -> None:
    data = rss([Item("g1", "releases/one.html", "One", WHEN)])
    on_web = parse_feed(data, feed_url="https://wire.example/feeds/all.xml")
    on_disk = parse_feed(data, feed_url="file:///opt/prbot/demo/feed.xml")
    assert on_web.entries[0].link == "https://wire.example/feeds/releases/one.html"
    assert on_disk.entries[0].link == "file:///opt/prbot/demo/releases/one.html"


def test_atom_and_rdf_entries() -> None:
    atom_feed = parse_feed(
        atom([Item("urn:1", "https://a.example/1", "Atom one", WHEN)]), feed_url="https://a.example/"
    )
    rdf_feed = parse_feed(rdf([Item("x", "https://r.example/1", "RDF one", WHEN)]), feed_url="https://r.example/")
    assert [(e.guid, e.title, e.published) for e in atom_feed.entries] == [("urn:1", "Atom one", WHEN)]
    assert [(e.guid, e.title, e.published) for e in rdf_feed.entries] == [("https://r.example/1", "RDF one", WHEN)]


def test_inline_full_content_is_kept_and_short_content_is_not() -> None:
    full = "<p>" + "Full release text. " * 40 + "</p>"
    feed = parse_feed(
        rss(
            [
                Item("a", "https://x.example/a", "A", WHEN, content=full),
                Item("b", "https://x.example/b", "B", WHEN, content="<p>teaser</p>"),
            ]
        ),
        feed_url="https://x.example/rss",
    )
    assert feed.entries[0].content == full
    assert feed.entries[1].content is None


def test_plain_guids_are_scoped_by_host_and_urls_or_urns_kept() -> None:
    data = rss(
        [Item("12345", "https://x.example/a", "A", WHEN), Item("urn:uuid:1-2", "https://x.example/b", "B", WHEN)]
    )
    guids = [e.guid for e in parse_feed(data, feed_url="https://feeds.wire.example/all").entries]
    assert guids == ["feeds.wire.example:12345", "urn:uuid:1-2"]


def test_guid_falls_back_to_link_then_to_a_hash() -> None:
    data = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>A</title><link>https://x.example/a</link></item>"
        b"<item><title>B</title><description>no link</description></item></channel></rss>"
    )
    entries = parse_feed(data, feed_url="https://x.example/rss").entries
    assert entries[0].guid == "https://x.example/a"
    assert entries[1].guid.startswith("sha256:") and entries[1].link is None
    assert parse_feed(data, feed_url="https://x.example/rss").entries[1].guid == entries[1].guid


def test_malformed_xml_with_entries_gives_them_and_a_warning() -> None:
    data = rss([Item("a", "https://x.example/a", "A", WHEN), Item("b", "https://x.example/b", "B", WHEN)])
    broken = data.replace(b"<title>B</title>", b"<title>B & Co</title>")
    feed = parse_feed(broken, feed_url="https://x.example/rss")
    assert [e.guid for e in feed.entries] == ["x.example:a", "x.example:b"]
    assert len(feed.warnings) == 1 and "not well-formed XML" in feed.warnings[0]


def test_html_page_instead_of_a_feed_is_a_plain_words_error() -> None:
    page = b"<!DOCTYPE html><html><head><title>Newsroom</title></head><body><p>Hello</p></body></html>"
    with pytest.raises(ParseError, match="returned an HTML page, not an RSS or Atom feed"):
        parse_feed(page, feed_url="https://x.example/rss", content_type="text/html")
    with pytest.raises(ParseError, match="did not return an RSS or Atom feed"):
        parse_feed(b"just some text", feed_url="https://x.example/rss", content_type="text/plain")


def test_wrong_declared_charset_still_reads_utf8_text() -> None:
    data = rss([Item("a", "https://x.example/a", "Société Générale signs with Ørsted", WHEN)], encoding="iso-8859-1")
    assert b'encoding="iso-8859-1"' in data and "Société".encode() in data
    feed = parse_feed(data, feed_url="https://x.example/rss", content_type="application/rss+xml")
    assert feed.entries[0].title == "Société Générale signs with Ørsted"


def test_latin1_feed_declared_as_latin1_is_read_as_latin1() -> None:
    data = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
        "<item><guid>a</guid><title>Caf\u00e9 deal</title></item></channel></rss>"
    ).encode("iso-8859-1")
    assert parse_feed(data, feed_url="https://x.example/rss").entries[0].title == "Café deal"


def test_empty_but_valid_feed_has_no_entries() -> None:
    assert parse_feed(rss([]), feed_url="https://x.example/rss").entries == []


def test_looks_like_feed_and_labels() -> None:
    assert looks_like_feed(rss([]), None)
    assert looks_like_feed(b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "text/plain")
    assert not looks_like_feed(b"<!DOCTYPE html><html></html>", "text/html")
    assert feed_label(GNW_FEED) == "GlobeNewswire"
    assert feed_label("https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent") == "SEC EDGAR"
    assert feed_label("file:///opt/demo/feed.xml") == "feed.xml"
    assert feed_label("https://news.example.org/rss") == "news.example.org"


def test_edgar_exhibit_url_finds_the_press_release() -> None:
    index = "https://www.sec.gov/Archives/edgar/data/1/0001-index.htm"
    html = edgar_index("/Archives/edgar/data/1/ex991.htm")
    assert edgar_exhibit_url(html, index) == "https://www.sec.gov/Archives/edgar/data/1/ex991.htm"
    assert edgar_exhibit_url("<table><tr><td>8-K</td></tr></table>", index) is None
    assert edgar_exhibit_url(html, "https://www.sec.gov/Archives/other.htm") is None

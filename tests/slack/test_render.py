"""Rendering: escaping, URL validation, Slack's limits and an injection corpus, on every renderer."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import render
from bot.parser.models import Organization, ParsedRelease, Partner, Person, Ticker
from bot.render.text import clip, fit, inert
from bot.store.views import (
    CompanyProfile,
    CompanyRef,
    PartnerLink,
    PersonMention,
    ReleaseRef,
    Resolution,
    SearchHit,
    StoredRelease,
    TimelineEvent,
)
from handlers.registry import Reply
from tests.slack.blockkit import check_message
from tests.slack.data import IMGN_URL, imgn_release

INJECTIONS = [
    "<!channel> buy now",
    "<!here|here> look",
    "<@U123ABC> you",
    "<#C0123|general>",
    "<https://evil.example|click me>",
    "<http://evil.example>",
    "&lt;!channel&gt; encoded",
    "*bold* _italic_ ~strike~ `code` ```block```",
    "A" * 10_000,
    "x & y < z > w",
    "line\nbreak\u202eoverride\x00nul",
]


def test_escape_makes_control_characters_entities() -> None:
    assert render.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert render.escape("&lt;!here&gt;") == "&amp;lt;!here&amp;gt;"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.immunogen.com/news?id=1&x=2", "https://www.immunogen.com/news?id=1&amp;x=2"),
        ("http://www.immunogen.com", "http://www.immunogen.com"),
        ("javascript:alert(1)", None),
        ("ftp://files.example.com/a", None),
        ("https://evil.example|click", None),
        ("https://evil.example/a b", None),
        ("https://evil.example/<x>", None),
        ("https://google.com@evil.example/", None),
        ("https://localhost/", None),
        ("https://example.com/\x07", None),
        ("https://" + "a" * 3000 + ".com", None),
        (None, None),
        ("", None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert render.safe_url(url) == expected


def test_inert_swaps_formatting_and_clips_before_escaping() -> None:
    assert inert("*Big* deal_done ~50% `x`") == "\u2217Big\u2217 deal\u02cddone \u223c50% \u02cbx\u02cb"
    clipped = inert("&" * 50, 10)
    assert clipped == "&amp;" * 9 + "…"


def test_fit_never_splits_an_entity_or_a_link() -> None:
    text = "a" * 10 + "&amp;" + "b" * 10
    assert fit(text, 13) == "a" * 10 + "…"
    linked = "see <https://x.example/long|label here> now"
    assert fit(linked, 20) == "see…"
    assert clip("one two three", 9) == "one two…"


def test_terminal_text_round_trips_release_text() -> None:
    for raw in ["<!channel> & *stars*", "Bayer HealthCare Pharmaceuticals", "x_y ~ `z`"]:
        reply = Reply(text="t", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": inert(raw)}}])
        assert render.reply_to_terminal(reply) == raw
    linked = Reply(text="<https://a.example/x|Headline> · `#3` *bold*")
    assert render.reply_to_terminal(linked) == "Headline (https://a.example/x) · #3 bold"


def _ref(i: int, headline: str = "Deal", url: str | None = "https://wire.example/r") -> ReleaseRef:
    return ReleaseRef(id=i, headline=headline, date=dt.date(2024, 1, 1), url=url, wire="GlobeNewswire", issuer="Co")


def _all_renderings(bad: str) -> list[tuple[str, list[dict]]]:
    """Every renderer fed `bad` wherever release text goes, with long lists."""
    company = CompanyRef(id=1, name=bad, tickers=[Ticker(exchange="NASDAQ", symbol="BAD")])
    ref = _ref(7, bad, url=bad)
    links = [
        PartnerLink(partner=f"{bad}{i}", relation="license", evidence=bad, release=_ref(i, bad)) for i in range(80)
    ]
    mentions = [PersonMention(name=f"{bad}{i}", title=bad, org=bad, quote=bad, release=ref) for i in range(70)]
    parsed = ParsedRelease(
        parser_version="t",
        headline=bad,
        issuer=Organization(name=bad, tickers=[Ticker(exchange="NYSE", symbol="X")]),
        partners=[Partner(name=bad, relation="other", evidence=bad)] * 30,
        people=[Person(name=bad, title=bad, quote=bad)] * 12,
        urls=[bad, "https://ok.example"],
        summary=bad,
        body=bad,
    )
    return [
        render.partners_blocks(company, links, links[:20]),
        render.people_blocks(company, mentions),
        render.company_blocks(CompanyProfile(company=company, hq_city=bad, about=bad, latest=[ref] * 10)),
        render.resolution_blocks(Resolution(query=bad, candidates=[company] * 30), "partners"),
        render.resolution_blocks(Resolution(query=bad), "people"),
        render.latest_blocks([ref] * 40, company),
        render.release_blocks(StoredRelease(ref=ref, parsed=parsed)),
        render.search_blocks(bad, [SearchHit(release=ref, snippet=f"[{bad}] {bad}")] * 15),
        render.timeline_blocks(company, [TimelineEvent(date=None, event_types=["award"], release=ref)] * 300),
        render.alert_blocks(parsed, 9, bad, bad),
        render.notice_blocks(inert(bad)),
    ]


@pytest.mark.parametrize("bad", INJECTIONS)
def test_injection_corpus_stays_inert_and_within_limits(bad: str) -> None:
    for text, blocks in _all_renderings(bad):
        texts = check_message(text, blocks)
        joined = "\n".join(texts)
        assert "<!channel>" not in joined and "<@U123ABC>" not in joined and "<!here" not in joined
        assert "https://evil.example|" not in joined or "&lt;https://evil.example|" in joined


def test_long_lists_are_cut_with_a_hint_to_the_next_page() -> None:
    company = CompanyRef(id=1, name="ImmunoGen, Inc.", tickers=[Ticker(exchange="NASDAQ", symbol="IMGN")])
    links = [
        PartnerLink(partner=f"Partner {i}", relation="license", evidence="They agreed.", release=_ref(i))
        for i in range(45)
    ]
    text, blocks = render.partners_blocks(company, links, [])
    check_message(text, blocks)
    assert blocks[-1]["elements"][0]["text"] == "25 more partners — try `/pr partners NASDAQ:IMGN 2`"
    _, page2 = render.partners_blocks(company, links, [], page=2)
    assert "Partner 20" in page2[2]["text"]["text"]
    assert page2[-1]["elements"][0]["text"] == "5 more partners — try `/pr partners NASDAQ:IMGN 3`"


def test_partners_group_repeated_partner_under_newest_release() -> None:
    company = CompanyRef(id=1, name="Acme")
    links = [
        PartnerLink(partner="Roche", relation="license", evidence="Newest.", release=_ref(3, "New deal")),
        PartnerLink(partner="Roche", relation="collaboration", evidence="Older.", release=_ref(2, "Old deal")),
        PartnerLink(partner="Amgen", relation="supply", evidence="Supply.", release=_ref(1, "Supply deal")),
    ]
    _, blocks = render.partners_blocks(company, links, [])
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) == 2
    assert sections[0].startswith("*Roche* — license\n> Newest.\n<https://wire.example/r|New deal>")
    assert sections[0].endswith("also in 1 earlier release")


def test_alert_blocks_for_the_reference_release() -> None:
    text, blocks = render.alert_blocks(imgn_release(), 42, IMGN_URL, "matched your subscription to IMGN")
    texts = check_message(text, blocks)
    assert (
        blocks[0]["text"]["text"]
        == f"*<{IMGN_URL}|ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work>*"
    )
    facts = blocks[1]["elements"][0]["text"]
    assert facts == "*ImmunoGen, Inc.* (NASDAQ:IMGN) · WALTHAM, Mass. 2011-11-07 · GlobeNewswire · award"
    joined = "\n".join(texts)
    for name in ("Amgen (collaboration)", "Genentech (collaboration)", "Sanofi (collaboration)"):
        assert name in joined
    assert "— Daniel Junius, President and CEO" in joined
    buttons = blocks[-1]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("pr_partners", "NASDAQ:IMGN"),
        ("pr_show", "42"),
        ("pr_mute", "NASDAQ:IMGN"),
    ]
    assert text.startswith("New release: ImmunoGen, Inc. Named One")

"""Input shapes from real releases (session 2): flattened pages, legends, span-broken text, IR datelines,
headline labels and prefixes, bare headline tickers, ticker lines. Names are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.parser import FeedHints, parse_release
from bot.parser.dateline import find_dateline
from bot.parser.headline import is_furniture, pick_headline
from bot.parser.normalize import prepare
from bot.parser.tickers import headline_ticker, ticker_line


def test_flattened_prn_page_splits_at_furniture_dateline_and_about() -> None:
    bullets = " ".join(f"Bullet point number {i} about the deal value and the investor's history" for i in range(6))
    page = (
        "Ostra Capital Portfolio Company Fennel Bio to be Acquired by Larkspur NEWS PROVIDED BY Quay Media "
        f"02 Jun, 2025, 03:00 ET SHARE THIS ARTICLE {bullets} OSLO, Norway, June 2, 2025 /PRNewswire/ -- Ostra "
        "Capital AS, a life sciences investor, today announced that Fennel Bio will be acquired by Larkspur. "
        + "The deal closes soon. " * 40
        + "About Ostra Capital Ostra Capital AS invests in life science companies. SOURCE Quay Media"
    )
    parsed = parse_release(page)
    assert parsed.headline == "Ostra Capital Portfolio Company Fennel Bio to be Acquired by Larkspur"
    assert parsed.dateline is not None
    assert (parsed.dateline.city, parsed.dateline.country, parsed.dateline.date) == (
        "OSLO",
        "Norway",
        dt.date(2025, 6, 2),
    )
    assert [a.company for a in parsed.about] == ["Ostra Capital"]
    assert "SHARE THIS ARTICLE" not in parsed.body


def test_subtitle_with_commas_glued_before_the_dateline() -> None:
    text = (
        "Board Rejects Offer\n\nThe Offer Is Below $18, Which Is Less Than Before BOISE, Idaho, May 6, 2025 "
        "/PRNewswire/ -- Tamarack, Inc. (NASDAQ: TMRK) today announced a decision."
    )
    parsed = parse_release(text)
    assert parsed.dateline is not None and (parsed.dateline.city, parsed.dateline.region) == ("BOISE", "Idaho")
    assert parsed.issuer is not None and parsed.issuer.name == "Tamarack, Inc."


def test_business_wire_date_after_the_tag() -> None:
    found = find_dateline(["SUMMIT, N.J.--(BUSINESS WIRE)--March 29, 2019--", "Acme Inc. today announced a deal."])
    assert found is not None and found.dateline.date == dt.date(2019, 3, 29)


def test_distribution_legend_is_removed_also_when_glued_to_a_caps_headline() -> None:
    legend = "NOT FOR DISTRIBUTION OR RELEASE, DIRECTLY OR INDIRECTLY, IN OR INTO THE UNITED STATES"
    own = prepare(f"Acme ASA: New Shares\n\n{legend} OR ANY OTHER JURISDICTION WHERE THIS WOULD BE UNLAWFUL\n\nText.")
    assert own.text == "Acme ASA: New Shares\n\nText."
    glued = parse_release(
        f"{legend} ACME CLOSES FINANCING CALGARY, ALBERTA, April 8, 2021 – Acme Oil Inc. (TSXV: ACO) is pleased to "
        "announce the closing."
    )
    assert glued.headline == "ACME CLOSES FINANCING"
    assert glued.dateline is not None and (glued.dateline.city, glued.dateline.region) == ("CALGARY", "ALBERTA")
    assert glued.issuer is not None and [t.symbol for t in glued.issuer.tickers] == ["ACO"]


def test_span_broken_syndication_text_is_joined() -> None:
    spans = [
        "Title Line",
        "VANCOUVER, BC",
        ",",
        "April 8, 2021",
        "/CNW/ -",
        "Acme Gold Corp.",
        '("',
        "Acme",
        '" or the "',
    ]
    spans += ["Company", '") (TSXV: ACG) is pleased to announce a', "$5.25", "placement (", "Canada", ")", "."]
    text = prepare("\n \n".join(spans)).text
    assert text.split("\n\n")[1] == (
        'VANCOUVER, BC, April 8, 2021 /CNW/ - Acme Gold Corp. ("Acme" or the "Company") (TSXV: ACG) is pleased to '
        "announce a $5.25 placement (Canada)."
    )


def test_ir_datelines_without_wire_mark() -> None:
    paren = find_dateline(["NANAIMO, BRITISH COLUMBIA, CANADA (May 6, 2024) Acme Systems Corporation (TSX: AC) has"])
    assert paren is not None and paren.dateline.country == "CANADA" and paren.dateline.date == dt.date(2024, 5, 6)
    dash = find_dateline(["Title", "RED DEER, ALBERTA – Acme Botanicals (TSXV:AB) is pleased to announce a licence."])
    assert dash is not None and (dash.dateline.city, dash.dateline.date) == ("RED DEER", None)
    assert dash.lead.startswith("Acme Botanicals")
    assert find_dateline(["Acme Reports Results (May 6, 2024) For The Quarter And More Words Here"]) is None


def test_thenewswire_separator_stays_out_of_the_region() -> None:
    found = find_dateline(["Vancouver, BC - TheNewswire - April 2, 2025 - Acme Metals Corp. ( TSXV:AM) is pleased"])
    assert found is not None and found.dateline.region == "BC"


def test_pipe_separated_ticker_groups_belong_to_the_issuer() -> None:
    parsed = parse_release(
        "Title\n\nVancouver, BC - TheNewswire - April 2, 2025 - Acme Metals Corp. ( TSXV:AM) | ( OTCQB:AMMF) | "
        '( FSE:7AM) ("Acme") is pleased to announce a drill program.'
    )
    assert parsed.issuer is not None
    assert [f"{t.exchange}:{t.symbol}" for t in parsed.issuer.tickers] == ["TSX-V:AM", "OTCQB:AMMF", "FRANKFURT:7AM"]


def test_headline_export_label_and_wrap() -> None:
    text = prepare(
        "HEADLINE: Acme Announces Offer for\n\nIts 2% Notes Due 2029\n\nBOSTON, Feb. 3 /PRNewswire/ -- "
    ).text
    assert text.startswith("Acme Announces Offer for Its 2% Notes Due 2029\n\n")


def test_no_dateline_quote_gives_way_to_hint_title_and_labels_are_furniture() -> None:
    paragraphs = ['"We are on schedule," said Jo Lee, CEO of Acme.', "Acme Inc. (CSE: AC) is pleased to announce it."]
    assert pick_headline(paragraphs, None, None, "Acme Reports Progress") == ("Acme Reports Progress", -1)
    assert pick_headline(["Published: January 24, 2024", "Acme Joins Forum"], 2, None, None) == ("Acme Joins Forum", 1)
    assert pick_headline(["DGAP-Adhoc Acme AG: Guidance confirmed"], 1, None, None)[0] == "Acme AG: Guidance confirmed"


def test_lower_case_line_joins_the_unfinished_line_before() -> None:
    text = prepare(
        "TORONTO, July 30, 2020 /CNW/ - Acme (CSE: AC), a company whose software enables sports\n"
        "teams and brands to create campaigns, is pleased to announce an advisor.\n"
        "contact@acme.example\n"
    ).text
    assert "enables sports teams and brands" in text


def test_bare_headline_symbol_only_right_after_a_name_and_not_an_abbreviation() -> None:
    assert headline_ticker("Acme Robotics (ACR) Reports Results") is not None
    assert headline_ticker("Acme Bio to File Investigational New Drug (IND) Application") is None
    assert headline_ticker("Acme Advisors Announces Acquisition Of Bellmoor Dividend Leaders ETF (BDLE)") is None


def test_ticker_line() -> None:
    assert [t.symbol for t in ticker_line("TSX: TML        OTCQX: TSRMF")] == ["TML", "TSRMF"]
    assert ticker_line("Contact: Jane Doe") == []
    assert ticker_line("Note: AB") == []


def test_hinted_wire_is_kept_for_a_place_dash_dateline() -> None:
    hints = FeedHints(published=dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    found = find_dateline(["CALGARY, ALBERTA – Acme Green (TSXV:AG) is pleased to announce."], hints)
    assert found is not None and found.dateline.date == dt.date(2024, 1, 2)


def test_eqs_header_without_place_and_date_still_marks_the_wire() -> None:
    lead = "Acme Technology Ltd (SIX Swiss Exchange: ACM) was informed today that a partner ends the agreement. " * 2
    found = find_dateline(["EQS-Adhoc Acme ends talks", "| EQS Group-Ad-hoc: Acme AG / Key word(s): Misc", lead])
    assert found is not None and found.dateline.wire == "EQS" and found.index == 2
    old_brand = find_dateline(["DGAP-Ad-hoc: Acme AG / Key word(s): Bond", "Berlin, August 20, 2021 - Acme AG said"])
    assert old_brand is not None and old_brand.dateline.wire == "EQS"


def test_a_dateline_line_is_not_joined_to_a_dashed_subtitle_above_it() -> None:
    text = (
        "QUILLON REPORTS FIRST QUARTER RESULTS\n"
        "– Revenues Grow by More than 30 Percent in the First Quarter of the Year, Driven by New Clients –\n"
        "BOCA RATON, FL – May 13, 2003 – Quillon Group, Inc. (OTC Bulletin Board: QLNG), a marketing services "
        "company, today reported results for the first quarter.\n"
    )
    parsed = parse_release(text)
    assert parsed.dateline is not None
    dateline = (parsed.dateline.city, parsed.dateline.region, str(parsed.dateline.date))
    assert dateline == ("BOCA RATON", "FL", "2003-05-13")
    assert parsed.issuer is not None and parsed.issuer.name == "Quillon Group, Inc."
    assert [(t.exchange, t.symbol) for t in parsed.issuer.tickers] == [("OTC", "QLNG")]


def test_a_dash_after_the_region_is_no_part_of_it() -> None:
    parsed = parse_release(
        "Quillon Starts Trial\n\nWAKEFIELD, MA – July 22, 2020 (GLOBE NEWSWIRE) Quillon Inc. (OTCQB:QLNX) announced."
    )
    assert parsed.dateline is not None and parsed.dateline.region == "MA"


@pytest.mark.parametrize("line", ["Exhibit", "Exhibit 99.1", "99.1", "|", "18.10.2023 22:30:00"])
def test_exhibit_labels_table_rules_and_time_stamps_are_furniture(line: str) -> None:
    assert is_furniture(line)
    assert not is_furniture("Quillon Reports 2024 Results")

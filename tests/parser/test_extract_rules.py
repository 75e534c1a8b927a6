"""Extraction rules one at a time: dateline shapes of every wire, ticker forms, quote attributions, partner
phrases and non-partners, sections, corrections. Each case is a short release written for the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.parser import FeedHints, parse_release
from bot.parser.tickers import normalise_exchange, parse_listings

PUBLISHED = FeedHints(published=dt.datetime(2024, 5, 14, 12, 0, tzinfo=dt.UTC))


def _release(lead: str, body: str = "", headline: str = "Acme Reports News") -> str:
    return f"{headline}\n\n{lead}\n\n{body}"


@pytest.mark.parametrize(
    ("lead", "city", "region", "date", "wire"),
    [
        ("WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- Acme Inc. today", "WALTHAM", "Mass.", "2011-11-07",
         "GlobeNewswire"),
        ("TORONTO, May  14, 2024  (GLOBE NEWSWIRE) -- Acme Inc. today", "TORONTO", None, "2024-05-14", "GlobeNewswire"),
        ("NEW YORK, Jan. 5, 2024 /PRNewswire-FirstCall/ -- Acme Inc. today", "NEW YORK", None, "2024-01-05",
         "PR Newswire"),
        ("SHANGHAI, May 10 /PRNewswire-AsiaNet/ -- Acme Inc. today", "SHANGHAI", None, "2024-05-10", "PR Newswire"),
        ("May 14, 2024 /PRNewswire/ -- Acme Inc. today", None, None, "2024-05-14", "PR Newswire"),
        ("SAN DIEGO--(BUSINESS WIRE)--Acme Inc. today", "SAN DIEGO", None, "2024-05-14", "Business Wire"),
        ("AUSTIN, TX / ACCESSWIRE / May 14, 2024 / Acme Inc. today", "AUSTIN", "TX", "2024-05-14", "ACCESSWIRE"),
        ("Vancouver, British Columbia--(Newsfile Corp. - May 14, 2024) - Acme Inc. today", "Vancouver",
         "British Columbia", "2024-05-14", "Newsfile"),
        ("TORONTO, ONTARIO--(Marketwired - Feb. 3, 2015) - Acme Inc. today", "TORONTO", "ONTARIO", "2015-02-03",
         "Marketwired"),
        ("MONTREAL, May 14, 2024 /CNW/ - Acme Inc. today", "MONTREAL", None, "2024-05-14", "CNW"),
        ("Munich, 15 November 2023 – Acme AG today", "Munich", None, "2023-11-15", None),
        ("HOUSTON, Texas – March 3, 2025 – Acme Inc. (NYSE: ACM) today", "HOUSTON", "Texas", "2025-03-03", None),
    ],
)  # fmt: skip
def test_dateline_shapes(lead: str, city: str | None, region: str | None, date: str, wire: str | None) -> None:
    parsed = parse_release(_release(lead), PUBLISHED)
    assert parsed.dateline is not None
    assert (parsed.dateline.city, parsed.dateline.region) == (city, region)
    assert parsed.dateline.date == dt.date.fromisoformat(date)
    assert parsed.dateline.wire == wire
    assert parsed.issuer is not None and parsed.issuer.name.startswith("Acme")


def test_dateline_without_year_never_lies_after_the_publish_date() -> None:
    hints = FeedHints(published=dt.datetime(2025, 1, 1, 0, 30, tzinfo=dt.UTC))
    parsed = parse_release(_release("NEW YORK, Dec. 31 /PRNewswire/ -- Acme Inc. today"), hints)
    assert parsed.dateline and parsed.dateline.date == dt.date(2024, 12, 31)
    assert parse_release(_release("NEW YORK, Dec. 31 /PRNewswire/ -- Acme Inc. today")).dateline.date is None  # type: ignore[union-attr]


def test_wire_named_in_body_is_not_a_dateline() -> None:
    text = _release(
        "BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today announced results.",
        "Acme said in a PR Newswire release on May 3, 2024 /PRNewswire/ that it would report.",
    )
    assert parse_release(text).dateline.wire == "GlobeNewswire"  # type: ignore[union-attr]


def test_eqs_header_gives_wire_and_headline() -> None:
    text = (
        "EQS-News: Acme AG / Key word(s): Quarterly / Interim Statement\nAcme AG raises guidance\n\n"
        "07.05.2024 / 07:30 CET/CEST\nThe issuer is solely responsible for the content of this announcement.\n\n"
        "Freiburg im Breisgau, 7 May 2024 – Acme AG (Frankfurt: ACM) today raised its guidance."
    )
    parsed = parse_release(text)
    assert parsed.headline == "Acme AG raises guidance"
    assert parsed.dateline and (parsed.dateline.city, parsed.dateline.wire) == ("Freiburg im Breisgau", "EQS")
    assert parsed.issuer and [(t.exchange, t.symbol) for t in parsed.issuer.tickers] == [("FRANKFURT", "ACM")]


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("Nasdaq:IMGN", [("NASDAQ", "IMGN")]),
        (" NYSE: ABC ", [("NYSE", "ABC")]),
        ("NYSE: A; TSX: A", [("NYSE", "A"), ("TSX", "A")]),
        ("NYSE American: SMM", [("NYSE AMERICAN", "SMM")]),
        ("TSX Venture: NCX", [("TSX-V", "NCX")]),
        ("TSX-V: NCX", [("TSX-V", "NCX")]),
        ("OTC Pink: PSRNF", [("OTC PINK", "PSRNF")]),
        ("Nasdaq Stockholm: NORR B", [("NASDAQ STOCKHOLM", "NORR B")]),
        ("NYSE: BRK.A, BRK.B", [("NYSE", "BRK.A"), ("NYSE", "BRK.B")]),
        ("HKEX: 2391", [("HKEX", "2391")]),
        ("Euronext Paris: VALM", [("EURONEXT PARIS", "VALM")]),
        ("listed on the NYSE: ABC", [("NYSE", "ABC")]),
        ("Note: see below", []),
    ],
)
def test_ticker_listings(inner: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.exchange, t.symbol) for t in parse_listings(inner)] == expected


def test_exchange_table_has_one_name_per_exchange() -> None:
    assert normalise_exchange("Nasdaq Global Select Market") == "NASDAQ"
    assert normalise_exchange("Toronto Stock Exchange") == "TSX"
    assert normalise_exchange("Oslo Børs") == "OSLO"
    assert normalise_exchange("Mars Exchange") is None


def test_stacked_tickers_and_headline_only_ticker() -> None:
    stacked = parse_release(
        _release("VANCOUVER, May 14, 2024 /CNW/ - Verdant Leaf Sciences Inc. (TSXV:AB)(Frankfurt:X0)(OTCQB:ABCDF) "
                 "today announced a license.")
    )  # fmt: skip
    assert stacked.issuer and [(t.exchange, t.symbol) for t in stacked.issuer.tickers] == [
        ("TSX-V", "AB"),
        ("FRANKFURT", "X0"),
        ("OTCQB", "ABCDF"),
    ]
    headline_only = parse_release(
        _release("PITTSBURGH, May 14, 2024 /PRNewswire/ -- Quillon Robotics today announced an order.",
                 headline="Quillon Robotics (QRBT) Wins Contract")
    )  # fmt: skip
    assert headline_only.issuer and [(t.exchange, t.symbol) for t in headline_only.issuer.tickers] == [(None, "QRBT")]


def test_law_firm_alert_issuer_is_the_firm() -> None:
    parsed = parse_release(
        _release(
            "NEW YORK, Jan. 15, 2025 (GLOBE NEWSWIRE) -- WHY: Rosen Law Firm, a global investor rights law firm, "
            "reminds purchasers of securities of Quantum Widgets Inc. (NASDAQ: QWID) of the lead plaintiff deadline.",
            "If you acquired Quantum Widgets securities you may be entitled to compensation.",
        )
    )
    assert parsed.issuer and parsed.issuer.name == "Rosen Law Firm" and parsed.issuer.tickers == []
    assert parsed.partners == []
    assert any(c.name == "Quantum Widgets Inc." and c.role == "mentioned" for c in parsed.companies)


@pytest.mark.parametrize(
    ("paragraph", "name", "title"),
    [
        ('"We are pleased with the quarter and the outlook," said Jane Q. Doe, Ph.D., President and CEO of Acme.',
         "Jane Q. Doe", "President and CEO"),
        ('"We are pleased with the quarter and the outlook," Jane Doe, Chief Financial Officer, said.', "Jane Doe",
         "Chief Financial Officer"),
        ('Jane Doe, Chief Financial Officer of Acme, commented: "We are pleased with the quarter and the outlook."',
         "Jane Doe", "Chief Financial Officer"),
        ('According to Dr. Jane Doe, Chief Medical Officer, "We are pleased with the quarter and the outlook."',
         "Jane Doe", "Chief Medical Officer"),
        ('"We are pleased with the quarter and the outlook," added Acme Chief Executive Officer Jane Doe.', "Jane Doe",
         "Chief Executive Officer"),
        ("Jane Doe, Chief Executive Officer, Acme:\n\"We are pleased with the quarter and the outlook.\"", "Jane Doe",
         "Chief Executive Officer"),
        ('Acme\'s President, Jane van der Berg, added: "We are pleased with the quarter and the outlook."',
         "Jane van der Berg", "President"),
    ],
)  # fmt: skip
def test_quote_attributions(paragraph: str, name: str, title: str) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today reported.", paragraph))
    assert [(p.name, p.title) for p in parsed.people] == [(name, title)]


def test_pronoun_and_surname_quotes_add_nobody_new() -> None:
    body = (
        '"We are pleased with the quarter and the outlook," said Jane Doe, CEO of Acme.\n\n'
        '"We will keep investing in the business next year," she said.\n\n'
        '"Our customers keep asking for more of the same," Doe added.'
    )
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today reported.", body))
    assert [p.name for p in parsed.people] == ["Jane Doe"]


@pytest.mark.parametrize(
    ("sentence", "partner", "relation"),
    [
        ("Acme entered into an exclusive license agreement with Beta Therapeutics, Inc. for ABC-123.",
         "Beta Therapeutics, Inc.", "license"),
        ("Acme has signed a definitive agreement to acquire all of the outstanding shares of Gamma Corp.",
         "Gamma Corp.", "acquisition"),
        ("The financing was led by Delta Ventures, with participation from Epsilon Capital.", "Delta Ventures",
         "investment"),
        ("Acme signed a multi-year supply agreement with Zeta Foundry Services, Inc.", "Zeta Foundry Services, Inc.",
         "supply"),
        ("Acme received a purchase order valued at $4 million from the Eta Water District.", "Eta Water District",
         "customer"),
        ("Acme is developing the device in collaboration with Theta University Hospital.",
         "Theta University Hospital", "collaboration"),
    ],
)  # fmt: skip
def test_partner_phrases(sentence: str, partner: str, relation: str) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today announced news.", sentence))
    by_name = {p.name: p for p in parsed.partners}
    assert partner in by_name
    assert by_name[partner].relation == relation
    assert by_name[partner].evidence.startswith(sentence[:30])


def test_not_partners() -> None:
    body = (
        "Acme was named one of the Top Places to Work by The Boston Globe, which engaged WorkplaceDynamics to run "
        "the survey. The U.S. Food and Drug Administration approved the device. Veilpoint's investors include "
        "Crestline Ventures. Quantum Widgets entered into a supply agreement with Omega Corp.\n\n"
        "Forward-Looking Statements\n\nThis release contains forward-looking statements about our collaboration "
        "with Pfizer Inc."
    )
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today announced news.", body))
    assert parsed.partners == []


def test_sections_about_contacts_source_and_correction() -> None:
    text = (
        "CORRECTING and REPLACING Acme Reports Results\n\n"
        "BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. (NYSE: ACME) today reported results.\n\n"
        "About Acme Inc.\nAcme makes widgets. Visit www.acme.com.\n\n"
        "About Beta Corp.\nBeta makes gadgets.\n\n"
        "Media Contact:\nJane Doe\n+1 617-555-0100\njane.doe@acme.com\n\n"
        "SOURCE Acme Inc."
    )
    parsed = parse_release(text)
    assert parsed.is_correction is True
    assert [a.company for a in parsed.about] == ["Acme Inc.", "Beta Corp."]
    assert parsed.about[0].text == "Acme makes widgets. Visit www.acme.com."
    assert [(c.name, c.email, c.phone) for c in parsed.contacts] == [
        ("Jane Doe", "jane.doe@acme.com", "+1 617-555-0100")
    ]
    assert parsed.urls == ["https://www.acme.com"]
    assert "earnings" in parsed.event_types


def test_update_on_is_not_a_correction() -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today gave an update.",
                                    headline="Acme Provides Update on Phase 3 Trial"))  # fmt: skip
    assert parsed.is_correction is False


def test_body_sentences_that_look_like_headings_stay_body() -> None:
    body = (
        "About 40% of revenue came from Europe.\n\n"
        "Relations with regulators remain strong.\n\n"
        "Acme also entered into a license agreement with Beta Therapeutics, Inc. for ABC-123."
    )
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today reported.", body))
    assert parsed.about == [] and parsed.contacts == []
    assert [p.name for p in parsed.partners] == ["Beta Therapeutics, Inc."]


def test_board_sign_off_block_is_a_contact() -> None:
    body = "ON BEHALF OF THE BOARD OF DIRECTORS\n\nElena Marquez\nPresident and CEO\nPhone: +1 604-555-0117"
    parsed = parse_release(_release("VANCOUVER, May 14, 2024 /CNW/ - Acme Inc. today reported.", body))
    assert [(c.name, c.phone) for c in parsed.contacts] == [("Elena Marquez", "+1 604-555-0117")]


@pytest.mark.parametrize(
    ("sentence", "partner", "relation"),
    [
        ("During the quarter, Acme sold the 312-room Harborview Inn to Chesapeake Lodging Partners for $58 million.",
         "Chesapeake Lodging Partners", "acquisition"),
        ("Acme sells its widgets to Walmart Inc. through its online store.", "Walmart Inc.", "customer"),
        ("We also completed the integration of Lakeshore Fasteners, which we acquired in January.",
         "Lakeshore Fasteners", "acquisition"),
        ("Its customers include Lakeshore Power & Light and Tri-County Electric Cooperative.",
         "Lakeshore Power & Light", "customer"),
        ("Acme signed a ten-year agreement with Kuusamo Biorefinery Oy to supply pulpwood to its new mill.",
         "Kuusamo Biorefinery Oy", "customer"),
    ],
)  # fmt: skip
def test_more_partner_phrases(sentence: str, partner: str, relation: str) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today announced news.", sentence))
    assert {p.name: p.relation for p in parsed.partners}.get(partner) == relation


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Acme Board Approves Quarterly Dividend", ["other"]),
        ("Acme Receives FDA Approval for Lumeva", ["regulatory"]),
        ("Acme Wins $40 Million Contract from the U.S. Army", ["partnership"]),
        ("Acme Named One of America's Best Employers", ["award"]),
        ("Acme Names Jane Doe Chief Financial Officer", ["appointment"]),
        ("Acme Reports Third Quarter 2024 Results and Will Host Conference Call", ["earnings"]),
        ("Acme Announces $50 Million PIPE Financing with Healthcare Investors", ["financing"]),
        ("Acme Completes Pipeline Inspection Program", ["other"]),
    ],
)
def test_event_types_from_headlines(headline: str, expected: list[str]) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 /PRNewswire/ -- Acme Inc. today announced news.",
                                    headline=headline))  # fmt: skip
    assert parsed.event_types == expected


@pytest.mark.parametrize(
    "lead",
    [
        "Reference is made to the announcement by Acme Holding ASA (OSE: ACME) on 10 March 2025. The placement closed.",
        "Fourth paragraph, second sentence of release dated May 1, 2024 should read: the dividend is paid in June.",
    ],
)
def test_preamble_lead_takes_the_issuer_written_with_its_ticker(lead: str) -> None:
    body = "The updated release reads:\n\nAcme Holding ASA (OSE: ACME) today announced a dividend."
    parsed = parse_release(_release(f"OSLO, May 14, 2024 (GLOBE NEWSWIRE) -- {lead}", body), PUBLISHED)
    assert parsed.issuer is not None and parsed.issuer.name == "Acme Holding ASA"
    assert [t.symbol for t in parsed.issuer.tickers] == ["ACME"]


@pytest.mark.parametrize(
    ("quote", "title"),
    [
        ('"We are very pleased with the quarter and the outlook," said CEO Jane Doe.', "CEO"),
        ('"We are very pleased with the quarter and the outlook," said Managing Director and CEO Jane Doe.',
         "Managing Director and CEO"),
        ('President and Chief Executive Officer Jane Doe:\n\n"We are very pleased with the quarter and the outlook."',
         "President and Chief Executive Officer"),
    ],
)  # fmt: skip
def test_title_before_name_attributions(quote: str, title: str) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", quote))
    assert [(p.name, p.title) for p in parsed.people] == [("Jane Doe", title)]


def test_heading_before_a_colon_is_not_a_person() -> None:
    text = 'Quarterly Highlights Jane Doe:\n\n"We are very pleased with the quarter and the outlook for the year."'
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", text))
    assert parsed.people == []


@pytest.mark.parametrize(
    ("body", "investors"),
    [
        ("Beta Fund LP has indicated its intention to subscribe for 5,000,000 units in the private placement.",
         ["Beta Fund LP"]),
        ("Beta Industri AS, the Company's largest shareholder, was allocated 9,000,000 shares, and Gamma Invest AS "
         "was allocated 4,200,000 shares.", ["Beta Industri AS", "Gamma Invest AS"]),
        ("In addition, Beta Capital L.P. participated as a new cornerstone investor in the placement.",
         ["Beta Capital L.P."]),
        ("The deal includes a $57.5 million PIPE anchored by Beta Infrastructure Fund II and Gamma Capital "
         "Management.", ["Beta Infrastructure Fund II", "Gamma Capital Management"]),
        ("The Company subscribed for 1,000,000 shares of Delta Minerals Inc. in its placement.", []),
        ("In addition, Beta Capital AS and Gamma Invest AB were allocated 1,000,000 new shares each.",
         ["Beta Capital AS", "Gamma Invest AB"]),
        ("Beta Capital AS has subscribed for 2,000,000 shares in the private placement.", ["Beta Capital AS"]),
        ("Existing shareholders participated in the placement, including Beta Capital AS.", ["Beta Capital AS"]),
        ("Beta Securities Inc. acted as sole bookrunner, and Gamma Capital AS was allocated 500,000 shares.",
         ["Gamma Capital AS"]),
    ],
)  # fmt: skip
def test_placement_investors_in_common_wordings(body: str, investors: list[str]) -> None:
    lead = "OSLO, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Holding ASA (OSE: ACME) today completed a private placement."
    parsed = parse_release(_release(lead, body), PUBLISHED)
    assert [(p.name, p.relation) for p in parsed.partners] == [(name, "investment") for name in investors]


@pytest.mark.parametrize(
    ("body", "relation"),
    [
        ("Beta Hashing Ltd. will supply 10,000 miners to the Company over the next year.", "supply"),
        ("Acme has signed a purchase agreement with Beta Hashing Ltd. for 48,000 miners.", "supply"),
        ("Beta Hashing Ltd. signed a purchase agreement with the Company for 200 units.", "customer"),
        ("Acme signed an agreement with Beta Ferries AS, a Norwegian ferry operator, for the delivery of four "
         "propulsion systems.", "customer"),
        ("Acme signed a power purchase agreement with Beta Cold Storage Ltd. for the project's output.", "customer"),
        ("Acme signed a share purchase agreement with Beta Holdings GmbH for all of its shares in Gamma.",
         "acquisition"),
    ],
)  # fmt: skip
def test_supply_and_customer_direction(body: str, relation: str) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", body))
    assert [p.relation for p in parsed.partners] == [relation]


def test_wire_added_links_and_host_like_tickers_are_not_urls() -> None:
    body = (
        "Acme is listed in Hong Kong (2619.HK). For more information, visit www.acme.com.\n\n"
        "View original content to download multimedia:https://www.prnewswire.com/news-releases/acme-1.html\n\n"
        "Photos/Multimedia Gallery Available: https://www.businesswire.com/news/home/20250902/en/\n\n"
        "To view the source version of this press release, please visit https://www.newsfilecorp.com/release/1\n\n"
        "Archive at www.eqs-news.com\n\n"
        "View source version on businesswire.com: https://www.businesswire.com/news/home/20250903/en/\n\n"
        "View the original press release on ACCESS Newswire: https://www.accessnewswire.com/acme-1\n\n"
        "This information was brought to you by Cision http://news.cision.com"
    )
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", body))
    assert parsed.urls == ["https://www.acme.com"]


@pytest.mark.parametrize(
    ("heading", "text", "kept"),
    [
        ("VELMORA", "VELMORA (tosalivir) is a once-daily entry inhibitor approved for chronic hepatitis.", False),
        ("Velmora", "Velmora is an investigational oral inhibitor of TYK2 discovered by Acme.", False),
        ("Beta Health", "Beta Health is a medical device company developing implantable sensors.", True),
    ],
)
def test_about_a_product_is_not_a_company(heading: str, text: str, kept: bool) -> None:
    body = f"About {heading}\n{text}\n\nAbout Acme Inc.\nAcme Inc. is a biotechnology company."
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", body))
    assert [a.company for a in parsed.about] == ([heading] if kept else []) + ["Acme Inc."]


@pytest.mark.parametrize(
    ("lead", "issuer", "partners"),
    [
        ("Acme Bank, N.A. today announced a quarterly dividend.", "Acme Bank, N.A.", []),
        ("Acme Bancorp, Inc., the holding company for Acme Bank, N.A., today reported earnings.", "Acme Bancorp, Inc.",
         []),
        ("Acme SE has signed an agreement to acquire 100% of the shares in Beta Systems B.V., Utrecht, from its "
         "founders.", "Acme SE", ["Beta Systems B.V."]),
    ],
)  # fmt: skip
def test_comma_after_a_legal_suffix_does_not_split_names(lead: str, issuer: str, partners: list[str]) -> None:
    parsed = parse_release(_release(f"BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- {lead}"))
    assert parsed.issuer is not None and parsed.issuer.name == issuer
    assert [p.name for p in parsed.partners] == partners


@pytest.mark.parametrize(
    ("contacts", "expected"),
    [
        ("Investor Contact:          Media Contact:\nJane Doe                    John Roe\n"
         "+1 617 555 0172             +1 617 555 0144\nir@acme.com                 press@acme.com",
         [("Jane Doe", "ir@acme.com", "+1 617 555 0172"), ("John Roe", "press@acme.com", "+1 617 555 0144")]),
        ("For further information: Jane Doe, President and Chief Executive Officer; John Roe, Chief Financial "
         "Officer, Phone: (403) 555-0119, Email: ir@acme.com",
         [("Jane Doe", None, None), ("John Roe", "ir@acme.com", "(403) 555-0119")]),
        ('ON BEHALF OF THE BOARD OF DIRECTORS\n"Jane Doe"\nJane Doe, CEO and Director\n\n'
         "For further information, please contact:\nJohn Roe, Investor Relations\nPhone: 604-555-0107\n"
         "Email: info@acme.com", [("John Roe", "info@acme.com", "604-555-0107")]),
    ],
)  # fmt: skip
def test_contact_layouts(contacts: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", contacts))
    assert [(c.name, c.email, c.phone) for c in parsed.contacts] == expected


@pytest.mark.parametrize(
    "boilerplate",
    [
        "About Acme Forest AB\nAcme Forest AB makes paper. The company has around 280 employees and its share is "
        "listed on Nasdaq Stockholm (ACME).",
        "Acme Forest in brief\nAcme Forest is a forest company. Acme Forest's shares are listed on Nasdaq Stockholm "
        "(ACME).",
    ],
)
def test_listing_in_parentheses_after_the_exchange(boilerplate: str) -> None:
    body = f"The quarter in brief\nSales grew.\n\nFor further information: Jane Doe, +46 8 555 0101\n\n{boilerplate}"
    text = _release("Stockholm, 14 May 2024 – Acme Forest AB today received an order.", body)
    parsed = parse_release(text, PUBLISHED)
    assert parsed.issuer is not None
    assert [(t.exchange, t.symbol) for t in parsed.issuer.tickers] == [("NASDAQ STOCKHOLM", "ACME")]
    assert all(a.company != "quarter" for a in parsed.about)


def test_short_quote_with_a_speech_verb_is_attributed_but_a_scare_quote_is_not() -> None:
    body = 'Acme calls it a "platform shift" for the sector.\n\n"We grew," said CEO Jane Doe.'
    parsed = parse_release(_release("BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- Acme Inc. today reported.", body))
    assert [(p.name, p.title) for p in parsed.people] == [("Jane Doe", "CEO")]


@pytest.mark.parametrize(
    ("lead", "partners"),
    [
        ("Acme Trust, Inc. today announced that it has acquired a 14-property, 3.1 million square foot portfolio "
         "from funds managed by Beta Realty Partners, L.P. for $486 million.", ["Beta Realty Partners, L.P."]),
        ("Acme Inc. today announced that it has acquired a 60% stake in the project from Beta Mining Ltd.",
         ["Beta Mining Ltd."]),
        ("Acme Inc. today announced that it has acquired new customers from January onwards.", []),
    ],
)  # fmt: skip
def test_seller_of_an_acquired_asset_is_a_partner(lead: str, partners: list[str]) -> None:
    parsed = parse_release(_release(f"DALLAS--(BUSINESS WIRE)--{lead}"), PUBLISHED)
    assert [(p.name, p.relation) for p in parsed.partners] == [(name, "acquisition") for name in partners]


def test_business_wire_page_title_and_time_run_into_the_dateline() -> None:
    page = (
        '<html><body><h1>Acme Merges</h1><time datetime="2025-04-08T10:30:00Z">April 8, 2025</time>'
        '<div class="bw-release-story"><p>AUSTIN, Texas &amp; RALEIGH, N.C.--(BUSINESS WIRE)--Acme Inc. (NASDAQ: ACM) '
        "today announced a deal.</p></div></body></html>"
    )
    parsed = parse_release(page, is_html=True)
    assert parsed.dateline is not None
    place = (parsed.dateline.city, parsed.dateline.region, parsed.dateline.date)
    assert place == ("AUSTIN", "Texas", dt.date(2025, 4, 8))
    assert parsed.issuer is not None and parsed.issuer.name == "Acme Inc."


@pytest.mark.parametrize(
    "lead",
    [
        "Adds two new independent directors with industry experience\n\nAcme Inc. (NYSE: ACM) today announced two "
        "appointments.",
        "HOUSTON -- Acme Inc. (NYSE: ACM) today announced two appointments.",
    ],
)
def test_unrecognised_lead_does_not_make_a_subheadline_or_city_the_issuer(lead: str) -> None:
    parsed = parse_release(f"Acme Inc. Expands Board\n\n{lead}")
    assert parsed.issuer is not None
    assert (parsed.issuer.name, [t.symbol for t in parsed.issuer.tickers]) == ("Acme Inc.", ["ACM"])

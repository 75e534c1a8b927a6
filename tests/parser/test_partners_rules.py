"""Partner rules found on real releases (session 2): counterparties of asset deals, share purchases, options,
defined short forms, body-level joint announcements, named partners, and co-issuers that are not organisations."""

from __future__ import annotations

import pytest

from bot.parser import parse_release
from bot.parser.orgshape import is_date_fragment

_DATELINE = "BOSTON, May 14, 2024 (GLOBE NEWSWIRE) -- "


def _partners(lead: str, body: str = "", headline: str = "Acme Reports News") -> list[tuple[str, str]]:
    parsed = parse_release(f"{headline}\n\n{_DATELINE}{lead}\n\n{body}")
    return [(p.name, p.relation) for p in parsed.partners]


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ('Acme Corp. has agreed to acquire 100% of the Red Lake gold property ("Red Lake" or the "Property") from '
         "Beta Minerals Inc. (TSXV: BMI), an arm's length party.", [("Beta Minerals Inc.", "acquisition")]),
        ("Acme Corp. purchases from Beta Power Oyj, part of Beta Group, all the shares in Gamma Voima Oy.",
         [("Beta Power Oyj", "acquisition"), ("Gamma Voima Oy", "acquisition")]),
        ("Acme Corp. has entered into a Share Sale Agreement for the acquisition of the shares in Gamma Oil Limited.",
         [("Gamma Oil Limited", "acquisition")]),
        ("Acme Corp. announced that it has acquired substantially all of the assets of Beta Analytics, LLC (Beta).",
         [("Beta Analytics, LLC", "acquisition")]),
        ('Acme Corp. has extended its option agreement (the "Option Agreement") with Beta Holdings Ltd. ("BHL") '
         "and Gamma Mining Ltd. (\"GML\"). The option allows Acme to acquire 100% of GML's mine.",
         [("Beta Holdings Ltd.", "acquisition"), ("Gamma Mining Ltd.", "acquisition")]),
        ("Acme Corp. announced the Beta Growers Cooperative as a new regional partner, starting a three-year supply "
         "relationship.", [("Beta Growers Cooperative", "supply")]),
        ("Acme Corp. signed a letter agreement with Beta Minerals Inc. for the acquisition of a 100% interest in "
         "the Saint-Leon and Cedar Brook projects.", [("Beta Minerals Inc.", "acquisition")]),
        ("Acme Corp. agreed to the acquisition of Beta Oyj's Home and Garden tools business.",
         [("Beta Oyj", "acquisition")]),
    ],
)  # fmt: skip
def test_deal_counterparties(lead: str, expected: list[tuple[str, str]]) -> None:
    assert _partners(lead) == expected


def test_purchase_from_a_supplier_without_a_stake_is_no_acquisition() -> None:
    assert _partners("Acme Corp. purchases from Beta Metals Inc. most of its copper cathode.") == []


def test_purchase_of_an_asset_or_a_company() -> None:
    lead = (
        "Acme Corp. has entered into a definitive agreement to purchase the Red Lake Property from Beta Resources "
        "Ltd. for C$2 million."
    )
    body = (
        "Acme will purchase Gamma Mining Inc. for cash. Acme also agreed to purchase Common Shares of Delta Corp. "
        "and will purchase Zeta's products. Acme plans to purchase equipment from Omega Industries Inc. this year."
    )
    assert _partners(lead, body) == [("Beta Resources Ltd.", "acquisition"), ("Gamma Mining Inc.", "acquisition")]


def test_named_person_is_no_partner() -> None:
    assert _partners("Acme LLP today named Jane Roe as a partner in its Boston office.") == []


def test_body_joint_announcement_is_a_collaboration() -> None:
    body = (
        "Acme and the Beta Standards Consortium (BSC) announced that tuners can now be certified. Acme and BSC "
        "also announced that they worked together on a test tool."
    )
    assert _partners("Acme Corp. (NASDAQ: ACME) today announced new features.", body) == [
        ("Beta Standards Consortium", "collaboration")
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "Acme Corp. (TSXV: ACM) (OTC Pink: ACMEF), Jane Roe, President & CEO, is pleased to announce a webinar.",
        "Acme Energy ASA (Acme, OSE:ACME), Acme has completed a private placement of 1,000,000 shares.",
        "Acme Bio, a private company based in San Diego, California, announced today the filing of an IND.",
    ],
)
def test_lead_words_that_are_not_organisations_are_no_co_issuers(lead: str) -> None:
    parsed = parse_release(f"Acme Reports News\n\n{_DATELINE}{lead}")
    assert [c.name for c in parsed.companies if c.role == "co-issuer"] == []
    assert parsed.partners == []
    assert "partnership" not in parsed.event_types


def test_co_issuer_relation_from_a_body_sentence_naming_them() -> None:
    lead = (
        "Acme Therapeutics, Inc. and Beta Generics Ltd. and Beta Pharma US, LLC (collectively, Beta) today "
        "announced the settlement of their patent litigation."
    )
    body = "Acme has agreed to provide Beta with a license to its patents from 2031."
    assert _partners(lead, body) == [("Beta Generics Ltd.", "license"), ("Beta Pharma US, LLC", "license")]


def test_investor_event_in_a_joint_lead_is_no_investment() -> None:
    lead = "Acme Corp. and Beta Labs Inc. today announced they will present joint data at the Investor Day in May."
    assert _partners(lead) == [("Beta Labs Inc.", "collaboration")]


def test_portfolio_company_sold_is_a_partner_too() -> None:
    lead = (
        'Acme Holdings A/S today announced that its portfolio company Beta Renal ("Beta") has entered into a '
        "definitive agreement to be acquired by Gamma Pharma for US$500 million."
    )
    headline = "Acme Holdings Portfolio Company Beta Renal Enters into Agreement to be Acquired by Gamma Pharma"
    assert _partners(lead, headline=headline) == [("Beta Renal", "acquisition"), ("Gamma Pharma", "acquisition")]


@pytest.mark.parametrize(
    ("lead", "expected", "tickers"),
    [
        ("Acme Bio, Inc. today announced a research collaboration with Beta Chemie KGaA, Kronstadt, Germany, to "
         "test its lead antibody.", [("Beta Chemie KGaA", "collaboration")], []),
        ("Acme Bio, Inc. today announced a clinical trial collaboration with Beta & Co., Inc., Millbrook, N.J., USA "
         "(NYSE: BETA), to test its lead antibody.", [("Beta & Co., Inc.", "collaboration")], ["BETA"]),
        ("Acme Bio, Inc. today announced a collaboration with Beta Labs Ltd., Ontario, and Gamma Corp.",
         [("Beta Labs Ltd.", "collaboration"), ("Gamma Corp.", "collaboration")], []),
    ],
)  # fmt: skip
def test_seat_after_a_partner_is_no_partner(lead: str, expected: list[tuple[str, str]], tickers: list[str]) -> None:
    parsed = parse_release(f"Acme Reports News\n\n{_DATELINE}{lead}")
    assert [(p.name, p.relation) for p in parsed.partners] == expected
    partner = next(c for c in parsed.companies if c.name == expected[0][0])
    assert [t.symbol for t in partner.tickers] == tickers
    assert [c.name for c in parsed.companies if c.role == "mentioned"] == []


def test_a_city_before_no_region_stays_in_the_list() -> None:
    lead = "Acme Bio, Inc. today announced a collaboration with Beta Labs Ltd., Gamma Corp. and Delta Inc."
    assert _partners(lead) == [
        ("Beta Labs Ltd.", "collaboration"),
        ("Gamma Corp.", "collaboration"),
        ("Delta Inc.", "collaboration"),
    ]


def test_joint_lead_counterparty_of_a_supply_agreement() -> None:
    lead = (
        "Acme Inc. (NYSE: ACME) and Beta SE (Nasdaq: BETA) today announced an amended agreement with the European "
        "Commission to supply additional doses of their vaccine to member states."
    )
    assert _partners(lead, headline="Acme and Beta Amend Supply Agreement") == [
        ("Beta SE", "collaboration"),
        ("European Commission", "customer"),
    ]


def test_joint_lead_agreement_between_the_announcers_keeps_its_relation() -> None:
    lead = "Acme Inc. and Beta SE today announced that Acme has signed a supply agreement with Beta SE."
    assert _partners(lead) == [("Beta SE", "supply")]


def test_regulator_in_an_agreement_without_supply_words_is_no_partner() -> None:
    lead = "Acme Bio, Inc. today announced that it has reached an agreement with the FDA to provide additional data."
    assert _partners(lead) == []


@pytest.mark.parametrize(
    "lead",
    [
        "Nov. 6, 2025-- Acme Systems, Inc. (NYSE: ACME) today reported third quarter results.",
        "2025-- Acme Systems, Inc. (NYSE: ACME) today reported third quarter results.",
    ],
)
def test_date_fragment_is_never_an_organisation(lead: str) -> None:
    parsed = parse_release(f"Acme Reports Results\n\n{lead}\n\nRevenue grew.")
    assert parsed.issuer is not None and parsed.issuer.name == "Acme Systems, Inc."
    assert [c.name for c in parsed.companies] == ["Acme Systems, Inc."]
    assert parsed.partners == []


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Nov. 6", True),
        ("September 30", True),
        ("2025-- Acme Systems, Inc.", True),
        ("NEW YORK--(BUSINESS WIRE)--Acme Systems, Inc.", True),
        ("3-D Printing Corp.", False),
        ("May Department Stores", False),
        ("Acme Systems, Inc.", False),
    ],
)
def test_date_fragment_shapes(name: str, fragment: bool) -> None:
    assert is_date_fragment(name) is fragment

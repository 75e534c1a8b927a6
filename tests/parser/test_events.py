"""Event types from headline and lead vocabulary: each case a short headline/lead written for one rule."""

from __future__ import annotations

import pytest

from bot.parser.events import event_types

LEAD = "Acme Inc. (NASDAQ: ACME) today announced news."


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # compound adjectives are no award; the award itself still is
        ("Acme Expands Family of Award-Winning Routers With Introduction of Nova Pro", ["product"]),
        ("Acme's Award Winning Team Unveils Nova", ["product"]),
        ("Acme Wins 2025 Design Award", ["award"]),
        # event words inside company names are no event
        ("Tessellate Merger Corp. Announces Pricing of $150 Million Initial Public Offering", ["financing"]),
        ("Summit Acquisition II Corp. Announces Closing of Initial Public Offering", ["financing"]),
        ("Acme Announces Merger with Beta Holdings", ["acquisition"]),
        # SBIR/STTR phases are contract stages, not clinical phases
        ("Acme Secures SBIR Phase III Contract with the U.S. Army", ["partnership"]),
        ("Acme Awarded Phase II STTR Grant", ["other"]),
        ("Acme Starts Phase 1b Trial of AC-101", ["clinical"]),
        ("Acme Doses First Patient in Phase III Study", ["clinical"]),
        # vocabulary gaps
        ("Acme Welcomes Beta Foundation as New National Partner", ["partnership"]),
        ("Acme Welcomes Jane Doe as Chief Financial Officer", ["appointment"]),
        ("Acme Invites Developers to Acme Build 2025", ["conference"]),
        ("Acme Settles U.S. NOVAX(R) Patent Litigation with Beta", ["license"]),
        ("Acme Extends Option to Purchase the Larch Creek Mine", ["acquisition"]),
        ("Acme to Purchase All Shares in Beta Voima Oy", ["acquisition"]),
        ("Acme Enters Share Purchase Agreement for Beta GmbH", ["acquisition"]),
        ("Acme ASA: Issue of New Shares; Commencement of Trading", ["financing"]),
        ("Acme Completes NOK 500 Million Rights Issue", ["financing"]),
        # a deal that ends is no new partnership
        ("Acme Considers Legal Options After Beta Announces Termination of the Collaboration", ["other"]),
        ("Acme Terminates Distribution Agreement with Beta", ["other"]),
        ("Acme Ends Quarter With New Partnership With Beta", ["partnership"]),
        ("Acme Terminates Merger Agreement with Beta", ["acquisition"]),
        ("Acme Announces Introduction of Quarterly Dividend", ["other"]),
    ],
)
def test_headline_vocabulary(headline: str, expected: list[str]) -> None:
    assert event_types(headline, LEAD) == expected


def test_lead_vocabulary_when_the_headline_says_nothing() -> None:
    leads = {
        "Acme Inc., an award-winning maker of routers, today announced the commercial deployment of its Nova "
        "router at three carriers.": ["product"],
        "Acme (NYSE: ACM) announced today its entry into the security market with the addition of a new module "
        "to its platform.": ["product"],
        "Acme, maker of the Acme database, today announced its annual developer event will take place online.": [
            "conference"
        ],
        "Acme announced the Beta Foundation as a new national partner.": ["partnership"],
        "Acme, known as a trusted partner to utilities, today shared its view on grid demand.": ["other"],
        "Investors agreed to purchase shares of Acme's common stock in a private placement.": ["financing"],
    }
    for lead, expected in leads.items():
        assert event_types("It Is About Time for Acme News Today", lead) == expected, lead


def test_label_headline_reads_the_lead_too() -> None:
    lead = (
        "Acme ASA (OSE: ACME) has entered into a Share Sale Agreement for the acquisition of the shares in Beta "
        "Limited, and will finance the acquisition through a private placement."
    )
    assert sorted(event_types("Private Placement", lead)) == ["acquisition", "financing"]
    assert event_types("Acme Announces Private Placement of New Shares", lead) == ["financing"]
    spac_lead = "Tessellate Merger Corp. priced its offering to fund a business combination with a target."
    assert event_types("Tessellate Merger Corp. Prices IPO", spac_lead) == ["financing"]


def test_own_bond_tender_offer_is_financing() -> None:
    lead = (
        "Acme AB announces the results of its tender offer to holders of its senior unsecured 2021/2025 bonds. "
        "Acme will repurchase bonds in an aggregate amount of SEK 410 million."
    )
    assert event_types("Acme announces result of the conditional tender offer", lead) == ["financing"]
    share_offer = "Acme Inc. commenced a tender offer to purchase all outstanding shares of Beta Corp. for cash."
    assert event_types("Acme Commences Tender Offer for Beta", share_offer) == ["acquisition"]


def test_terminated_collaboration_in_the_lead_is_no_partnership() -> None:
    lead = "Acme AG was informed that Beta considers the companies' collaboration agreement terminated."
    assert event_types("Acme Comments on Letter From Beta Regarding Its Rights", lead) == ["other"]


def test_joint_announcement_is_a_partnership_only_without_another_event() -> None:
    lead = "Acme Inc. and Beta Corp. today announced news."
    assert event_types("Acme and Beta Launch $500 Million Fund for Rural Broadband", lead, joint=True) == [
        "partnership"
    ]
    assert event_types("Acme and Beta Open Global Phase 3 Trial of AC-88", lead, joint=True) == ["clinical"]


def test_co_promotion_and_co_development_deals_are_partnerships() -> None:
    assert event_types("Quillon and Beta Enter Into Co-Promotion Agreement", "", joint=False) == ["partnership"]
    assert event_types("Quillon Signs Co-Development Agreement with Beta", "", joint=False) == ["partnership"]

"""The lead reader (`bot.parser.orgs.lead_orgs`) and the name reader (`bot.parser.text.read_org`) on lead shapes
seen on real wire releases: descriptors before the name, run-in labels, Business Wire cashtags, "and Company"
names, possessives, trademark signs, joint leads with places, people and aliases, legends, and leads that do not
open with the company. Each case is a short lead written for the rule (invented names)."""

from __future__ import annotations

import pytest

from bot.parser.orgs import lead_orgs, org_before
from bot.parser.text import read_org


@pytest.mark.parametrize(
    ("lead", "names"),
    [
        ("Halvorsen and Company (NYSE: HLV) today announced results", ["Halvorsen and Company"]),
        ("Tarrow Bio and Pemberton and Company (NYSE: PMB) today announced data",
         ["Tarrow Bio", "Pemberton and Company"]),
        ("Cloud observability company Veramont (NYSE: VMT) announced today", ["Veramont"]),
        ("Leading securities law firm Pell Voss & Ash LLP announces that a lawsuit", ["Pell Voss & Ash LLP"]),
        ("Privately held software company Quillon announced a new release", ["Quillon"]),
        ("Quillon bought software company Beta Corp. for $5 million", ["Quillon"]),
        ("Why: Carraway Law Group, a national investor rights law firm, continues", ["Carraway Law Group"]),
        ("Skarvik ASA: The company has completed the placement", ["Skarvik ASA"]),
        ("Skarvik: Interim report January to March shows growth", ["Skarvik"]),
        ("$TRVL--Travelle Therapeutics, Inc. (Nasdaq: TRVL), a clinical-stage company, today",
         ["Travelle Therapeutics, Inc."]),
        ("Today, Quillon Robotics announced a new plant", ["Quillon Robotics"]),
        ("Hartley's Family Markets announced a new regional partner", ["Hartley's Family Markets"]),
        ("Lumora®, Inc. (NASDAQ: LMRA), a provider of lamps, today announced", ["Lumora, Inc."]),
        ("The Northbridge Trials Network, LLC (NTN), the Danube Study Group (DSG) and Halvern Pharma Inc. today "
         "announced", ["Northbridge Trials Network, LLC", "Danube Study Group", "Halvern Pharma Inc."]),
        ("Corvane Bio, a private company based in San Diego, California, announced today", ["Corvane Bio"]),
        ("Coldwater Lithium Corp. (TSXV: CWL), Marla Kovac, President & CEO, is pleased to announce",
         ["Coldwater Lithium Corp."]),
        ("Vestfjord Subsea ASA (Vestfjord, OSE:VSUB), Vestfjord has completed a private placement",
         ["Vestfjord Subsea ASA"]),
        ("Quillon Inc. and Quillon Pharma Ltd. today announced a licence", ["Quillon Inc.", "Quillon Pharma Ltd."]),
        ("NOT FOR RELEASE, PUBLICATION OR DISTRIBUTION, DIRECTLY OR INDIRECTLY, IN OR INTO THE UNITED STATES", []),
        ("New research from the Canadian Housing Finance Agency (CHFA) shows that prices rise",
         ["Canadian Housing Finance Agency"]),
        ("Patients with Chronic Kidney Disease (CKD) face long waits", []),
        ("New research from Halden Insights shows that spending on robots doubled", ["Halden Insights"]),
        ("New data from the Phase 3 trial show a benefit", []),
        ("Robot spending will reach $5 billion, according to a new forecast from ABC.", ["ABC"]),
        ("#DLT --Worldwide spending on ledgers is forecast to reach $9 billion, according to ABC.", ["ABC"]),
        ("NANAIMO, BRITISH COLUMBIA, CANADA (May 6, 2024) Tidemark Systems Corporation (TSX: TDM) announced",
         ["Tidemark Systems Corporation"]),
        ("Media Contact: Jane Doe, press@quillon.example", []),
        ("Jane Doe, Chief Executive Officer of Quillon Robotics Inc., today announced", ["Quillon Robotics Inc."]),
        ("Quillon Robotics, Inc., Boston, today announced", ["Quillon Robotics, Inc."]),
        ("Quillon Inc., Beta Corp., and Gamma LLC today announced", ["Quillon Inc.", "Beta Corp.", "Gamma LLC"]),
    ],
)  # fmt: skip
def test_lead_orgs(lead: str, names: list[str]) -> None:
    assert [name for name, _ in lead_orgs(lead).names] == names


def test_lead_tickers_after_a_comma_and_an_alias() -> None:
    found = lead_orgs('Quillon Inc., (NASDAQ: QLN) ("Quillon" or the "Company") today announced').names
    assert [(t.exchange, t.symbol) for t in found[0][1]] == [("NASDAQ", "QLN")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Eli Brandt and Company (NYSE: EBC) today", "Eli Brandt and Company"),
        ("Smith & Sons Ltd. said", "Smith & Sons Ltd."),
        ("Bausch + Lind Corporation (NYSE: BL) today", "Bausch + Lind Corporation"),
        ("Banco do Norte S.A. today", "Banco do Norte S.A."),
        ("Brandt and Beta announced", "Brandt"),
        ("Children's Harbor Fund announced", "Children's Harbor Fund"),
        ("HARTLEY'S Sporting Goods Foundation as a partner", "HARTLEY'S Sporting Goods Foundation"),
        ("Hartley's, Inc. today", "Hartley's, Inc."),
        ("Quillon's Board of Directors declared", "Quillon"),
        ("QLN's Con Mine is", "QLN"),
        ("Quillon® today announced", "Quillon"),
        ("Quillon(TM) Corp. said", "Quillon Corp."),
        ("Quillon Acquires Beta Business PR Newswire", "Quillon"),
        ("New Harbor Mining Inc. (TSXV: NHM) today", "New Harbor Mining Inc."),
        ("Quillon's Home and Garden tools business was sold", "Quillon"),
        ("Quillon's Oilfield Services division", "Quillon"),
        ("New Quillon (NYSE: NQL) today", "New Quillon"),
    ],
)
def test_read_org(text: str, name: str) -> None:
    found = read_org(text)
    assert found is not None and found[0] == name


@pytest.mark.parametrize(
    "text",
    [
        "Contact Please direct any questions to:",
        "About Quillon Corp. Quillon is",
        "New Data Show Benefit",
        "New research",
    ],
)
def test_read_org_rejects_headings(text: str) -> None:
    assert read_org(text) is None


def test_a_name_opening_with_new_is_read_before_its_ticker() -> None:
    text = "Drill results from New Harbor Mining Inc. (TSXV: NHM) were strong"
    assert org_before(text, text.index("(")) == "New Harbor Mining Inc."

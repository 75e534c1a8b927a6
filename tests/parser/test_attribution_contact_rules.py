"""Quote attributions, contact layouts and bare-host rules found on real releases (each case in our own words)."""

from __future__ import annotations

import pytest

from bot.parser.contacts import parse_contacts
from bot.parser.people import find_people
from bot.parser.sections import about_sections, inline_contact_run, split_heading_lines, split_sections
from bot.parser.urls import find_urls


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (  # Nordic dash quote: no quote marks, the paragraph opens with a dash
            ["-          Demand was strong and lets us finish the vessel, says Ola Nordby, CEO of Vika."],
            [("Ola Nordby", "CEO", "Vika")],
        ),
        (  # an opening clause, then the title run into the verb with no comma
            ['Commenting on the deal, Ruth Adler, CEO of Tamsin Labs, Inc stated, "It opens new markets for us."'],
            [("Ruth Adler", "CEO", "Tamsin Labs, Inc")],
        ),
        (  # possessive organisation before the title, and the quote in the next paragraph
            ["Ivo Marek, Tamsin Metals' Project Geologist commented:", '"We expect the rigs on site within a month."'],
            [("Ivo Marek", "Project Geologist", "Tamsin Metals")],
        ),
        (  # lower-case name particles; "..., says:" after a quote introduces the next one
            [
                'Anna van der Linde, CEO, Norvik, says: "We will bring our imaging to many more clinics." '
                'Per Holm, founder and CTO, Solvik, says: "The two teams already work side by side."'
            ],
            [("Anna van der Linde", "CEO", "Norvik"), ("Per Holm", "founder and CTO", "Solvik")],
        ),
        (  # title before the name with "expresses"
            ['CTO Lina Berg expresses, "The first joint feature ships in the spring of next year."'],
            [("Lina Berg", "CTO", "Acme AB")],
        ),
        (  # lower-case possessive title and a leading article
            ['"We built the models to be audited by anyone," said Dr. Mia Sol, Pellin\'s founder and chief executive.'],
            [("Mia Sol", "founder and chief executive", "Pellin")],
        ),
        (
            ['"We are looking at what the company told its investors," said Leo Park, a partner at Hale Law.'],
            [("Leo Park", "partner", "Hale Law")],
        ),
    ],
)
def test_attributions(paragraphs: list[str], expected: list[tuple[str, str, str]]) -> None:
    people = find_people(paragraphs, ["Acme AB"], "Acme AB")
    assert [(p.name, p.title, p.org) for p in people] == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        # a research firm and a quoted fragment of its report
        'According to Harlow Market Insights, the wider market was worth $2 billion in 2024, "driven by new rules '
        'and wider cloud use across industries."',
        # a person's name followed by a running sentence: the quoted words are the report's, not theirs
        'According to Tom Gale, the wider market was worth $2 billion in 2024, "driven by new rules and wider cloud '
        'use across industries."',
        # an organisation named like "Name Name, says:" is not a person
        'The partners, Lindvik Medical, says: "The first joint feature will be shown at the spring congress."',
    ],
)
def test_no_person(paragraph: str) -> None:
    assert find_people([paragraph], ["Lindvik Medical"], None) == []


def test_inline_contact_run_in_running_text() -> None:
    para = (
        "Vika Fastigheter AB will repurchase bonds in an aggregate amount of SEK 300 million at 100.5 per cent of "
        "the nominal amount. Please find more information at www.vika.se or contact: Eva Lund, CFO, Vika "
        "+46 10480 22 17 eva.lund@vika.se Nils Berg, Head of Communications, Vika +46 10 480 22 90 nils.berg@vika.se"
    )
    run = inline_contact_run(para)
    assert run is not None and run.startswith("Eva Lund")
    assert split_sections([para], 0).contacts == [0]  # read as contacts, still the lead
    contacts = parse_contacts([para], ["Vika Fastigheter AB"])
    assert [(c.name, c.phone, c.email) for c in contacts] == [
        ("Eva Lund", "+46 10480 22 17", "eva.lund@vika.se"),
        ("Nils Berg", "+46 10 480 22 90", "nils.berg@vika.se"),
    ]


def test_two_column_contact_table() -> None:
    block = (
        "Contact\nHead of Investor Relations Investor Relations Officer\nSara Dahl Anders Holm Nielsen\n"
        "Mobile no. +45 3012 4455 Mobile no. +45 6120 7788"
    )
    assert [(c.name, c.phone) for c in parse_contacts([block], [])] == [
        ("Sara Dahl", "+45 3012 4455"),
        ("Anders Holm Nielsen", "+45 6120 7788"),
    ]


def test_eqs_pipe_table_cells_and_company_block() -> None:
    paragraphs = [
        "Kessel AG (SIX: KSL) today announced a change in its outlook for the year after weaker orders.",
        "Contacts:\n|Kessel AG\n|Brandt Partners AG\n|Jana Weber\n|Tobias Keller\n|Head Communications\n"
        "|Senior Partner\n|M. +49 174 555 17 90\n|T. +41 43 555 27 47\n|jana.weber@kessel.example\n"
        "|tk@brandt.example",
        "|Language:\n|English\n|Company:\n|Kessel AG\n|E-mail:\n|info@kessel.example\n|Internet:\n|www.kessel.example",
    ]
    sections = split_sections(paragraphs, 0)
    assert sections.contacts == [1]  # "|Language:" opens the EQS company block: not a contact
    contacts = parse_contacts([paragraphs[i] for i in sections.contacts], ["Kessel AG"])
    assert [(c.name, c.email, c.phone) for c in contacts] == [
        ("Jana Weber", "jana.weber@kessel.example", "+49 174 555 17 90"),
        ("Tobias Keller", "tk@brandt.example", "+41 43 555 27 47"),
    ]


@pytest.mark.parametrize(
    ("line", "phone"),
    [("Phone: 0049 69 905505-52", "0049 69 905505-52"), ("Tel: +46 10559 54 63", "+46 10559 54 63")],
)
def test_european_phone_groups(line: str, phone: str) -> None:
    assert [c.phone for c in parse_contacts([f"Contact:\nEdicto GmbH\nKlara Vogt\n{line}"], [])] == [phone]


def test_second_address_of_one_person() -> None:
    block = "Media and Investor Contact:\nRosa Lind, Director of Communications, at media@x.example and ir@x.example"
    assert [(c.name, c.email) for c in parse_contacts([block], [])] == [("Rosa Lind", "media@x.example")]


def test_early_contact_line_does_not_end_the_body() -> None:
    paragraphs = [
        "Hale Law urges investors in Quarry Inc. (NASDAQ: QRY) who lost money to contact the firm.",
        "Lead Plaintiff Deadline: July 28, 2025\nContact the Firm Now: QRY@hale.example\n800-555-0166",
        "Investors allege that the company overstated demand for its products and that its shares fell 31% "
        "when it cut its outlook at the end of April, wiping out a large part of its market value.",
        '"We are looking at what the company told its investors," said Leo Park, a partner at Hale Law.',
        "About Hale Law",
        "Hale Law is a plaintiffs' firm.",
        "Contact: Leo Park, QRY@hale.example, 800-555-0166",
    ]
    paragraphs = split_heading_lines(paragraphs)  # as the pipeline does: the contact line opens a paragraph
    sections = split_sections(paragraphs, 0)
    assert [paragraphs[i][:20] for i in sections.body] == [
        "Hale Law urges inves",
        "Lead Plaintiff Deadl",
        "Investors allege tha",
        '"We are looking at w',
    ]
    contacts = parse_contacts([paragraphs[i] for i in sections.contacts], [])
    assert [(c.name, c.email) for c in contacts] == [("Leo Park", "QRY@hale.example")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("its Truth.Fi brand and the Fundwise.Pro tools", []),
        ("a US patent filing (app.no. 18445120)", []),
        ("details at acme-example.com and https://www.acme-example.com/pro.", ["https://acme-example.com",
                                                                               "https://www.acme-example.com/pro"]),
    ],
)  # fmt: skip
def test_bare_hosts(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


def test_name_title_verb_before_the_next_quote_introduces_it() -> None:
    para = (
        'Ana Roe, Partner at Vell Capital, said: "Tamsin is a fine example of a company built around one need." '
        'Ivo Marek, Chairman of Tamsin, added "We thank our investors for their support over many years."'
    )
    people = find_people([para], [], None)
    assert [(p.name, p.quote[:10]) for p in people] == [("Ana Roe", "Tamsin is "), ("Ivo Marek", "We thank o")]


def test_flattened_page_about_headings_and_product_about() -> None:
    page = (
        "Vell Capital A/S, an investor, today announced that Tamsin Bio will be acquired by a larger group. " * 20
        + "About Vell Capital Vell Capital is an investment company. "
        + "About Vell Ventures The Vell Ventures team invests in young companies. "
        + "About Tamsin Bio Tamsin Bio, a clinical stage company, is developing two medicines."
    )
    paragraphs = split_heading_lines([page])
    assert [p[:19] for p in paragraphs[1:]] == ["About Vell Capital ", "About Vell Ventures", "About Tamsin Bio Ta"]
    sections = split_sections(paragraphs, 0)
    assert [name for name, _ in sections.about] == ["Vell Capital", "Vell Ventures", "Tamsin Bio"]
    product = ["Lead.", "About TAMVIRA(R)", "In adults, TAMVIRA(R) (tamvir) is indicated for gout."]
    assert about_sections(product, split_sections(product, 0)) == []  # a registered mark: a product's About


def test_a_company_written_over_each_column_is_no_contact_name() -> None:
    block = "\n".join(
        [
            "Contacts:",
            "Quillon Group",
            "Quillon Group",
            "(240) 555-0100",
            "(561) 555-5000",
            "Hanna Berg",
            "Tomas Lind",
            "Director, Investor Relations",
            "Chief Financial Officer",
            "hberg@quillon.example",
            "tlind@quillon.example",
        ]
    )
    contacts = parse_contacts([block], [])
    assert [(c.name, c.email, c.phone) for c in contacts] == [
        ("Hanna Berg", "hberg@quillon.example", "(240) 555-0100"),
        ("Tomas Lind", "tlind@quillon.example", "(561) 555-5000"),
    ]

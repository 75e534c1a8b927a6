"""Product rules one at a time: marked names, names before codes, subject names without a code, phases per
list item. Each case is a short text written for the rule."""

from __future__ import annotations

from bot.parser.products import find_products, subject_products


def _found(*paragraphs: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.name, p.code, p.phase) for p in find_products(list(paragraphs))]


def test_marked_words_are_products_only_with_a_generic_code_or_phase() -> None:
    text = (
        "Lumora®, Inc. makes a hub that plays video from PCs, Macs® and iPods®, streams Netflix® over Wi-Fi® and "
        "meets ENERGY STAR® limits."
    )
    assert _found(text) == []
    assert _found("Patients received ZELVARA® (tosalivir) once daily.") == [("tosalivir", None, None)]
    assert _found("The Phase 3 trial of ZELVARA® met its endpoint.") == [("ZELVARA", None, "Phase 3")]


def test_marked_words_in_use_are_products() -> None:
    found = find_products(
        [
            "Quillon Inc. signed a co-promotion agreement for VELDARA® (naproxen and esomeprazole), a tablet.",
            "We remain on track to start the Brimora™ clinical study this year.",
            "The Harlan™ inhaler is indicated for adults with asthma.",
            "Stream films on your Vistaflix® account at home.",
        ]
    )
    assert [p.name for p in found] == ["VELDARA", "Brimora", "Harlan"]


def test_capitalised_words_before_a_code_name_the_product() -> None:
    text = (
        "Acme announced the launch of the Digital Media Player (DMP9100), which joins the Media Player Live "
        "(DMP2000) and the optional Wireless USB Adapter (DMPW111)."
    )
    assert _found(text) == [
        ("Digital Media Player", "DMP9100", None),
        ("Media Player Live", "DMP2000", None),
        ("Wireless USB Adapter", "DMPW111", None),
    ]
    assert _found("Enrollment in the Phase 3 Trial (ABC-301) is complete.") == [(None, "ABC-301", "Phase 3")]
    assert _found("The FDA approved ZELVARA (tosalivir, ZV-201) for adults.") == [("ZELVARA", "ZV-201", None)]


def test_sbir_phase_is_no_clinical_phase() -> None:
    assert _found("Acme secured an SBIR Phase III contract to adapt its QX-400 device.") == [(None, "QX-400", None)]


def test_a_phase_stays_in_its_list_item() -> None:
    items = (
        "Pipeline highlights: • AB-101: Phase 2 trial fully enrolled. • AB-202: IND-enabling studies ongoing. "
        "• Phase 1 trial of our third program started."
    )
    assert _found(items) == [(None, "AB-101", "Phase 2"), (None, "AB-202", None)]
    dashes = "- AB-101 (TYK2 inhibitor): Phase 2 data in 2026. - AB-202 (IL-23 antagonist): IND filed."
    assert _found(dashes) == [(None, "AB-101", "Phase 2"), (None, "AB-202", None)]
    paragraphs = ("Acme develops AB-101, its lead candidate.", "The pivotal Phase 3 trial started in May.")
    assert _found(*paragraphs) == [(None, "AB-101", "Phase 3")]


def test_subject_names_without_a_code() -> None:
    assert subject_products(["Veyra Announces Halcyon: The First Storage Array Built for AI"], []) == ["Halcyon"]
    assert subject_products(["Veyra today unveiled Halcyon, the first storage array for AI."], []) == ["Halcyon"]
    assert subject_products(["Acme announced the general availability of Spendguard, a cost module."], []) == [
        "Spendguard"
    ]
    assert subject_products(["Acme launched its security product – Data VaultTM. Data Vault redacts prompts."], []) == [
        "Data Vault"
    ]
    assert subject_products(["Acme licensed Beta the commercialization of OraShield in Italy."], []) == ["OraShield"]
    assert subject_products(["Acme Launches StreamBox 4K Media Hub", "the launch of the StreamBox 4K (SB400)"], []) == [
        "StreamBox 4K"
    ]


def test_people_and_labels_after_subject_words_are_no_products() -> None:
    texts = [
        "Acme introduced Jane Doe, a veteran executive, as its new chief financial officer.",
        "The new Acme device – FDA cleared in 2024 – measures blood oxygen.",
    ]
    assert subject_products(texts, []) == []


def test_announces_needs_a_product_appositive() -> None:
    headlines = [
        "Acme Announces Pricing of $150 Million Offering",
        "Acme Announces Leadership Transition: The Board Names a New Chair",
        "Acme Announces Q3 Results: Revenue Up 10%",
    ]
    assert subject_products(headlines, []) == []

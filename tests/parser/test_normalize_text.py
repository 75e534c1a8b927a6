"""prepare() on text: decoding, character clean-up, hard-wrap joining, de-hyphenation, page furniture, OCR."""

from __future__ import annotations

import pytest

from bot.parser.normalize import clean_chars, decode_bytes, prepare

WRAPPED = (
    "SPRINGFIELD, Ill., March 3, 2021 (GLOBE NEWSWIRE) -- Maple Ridge Therapeutics, Inc. (Nasdaq:MRTX), a clinical-\n"
    "stage company developing oral medicines for fibrotic disease, today announced that the first patient has been\n"
    "dosed in its Phase 2 study of MRT-12 in idiopathic pulmonary fibrosis, a disease with few effective treatment\n"
    "options for patients.\n"
)


def paragraphs(text: str) -> list[str]:
    return prepare(text).text.split("\n\n")


# --- decoding -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\ufeffCafé “quoted”".encode(), "Café “quoted”"),
        ("Café “quoted”".encode("utf-16"), "Café “quoted”"),  # with its BOM
        ("Café “quoted” and more text".encode("utf-16-le"), "Café “quoted” and more text"),  # no BOM
        ("Café “quoted”".encode("cp1252"), "Café “quoted”"),
        ("Zürich Straße".encode("latin-1"), "Zürich Straße"),
    ],
)
def test_bytes_are_decoded(data: bytes, expected: str) -> None:
    assert prepare(data).text == expected


def test_windows_1252_is_reported_in_plain_words() -> None:
    prepared = prepare("Acme’s “Phase 2” data".encode("cp1252"))
    assert prepared.text == "Acme’s “Phase 2” data"
    assert prepared.warnings == ["3 bytes were not valid UTF-8 and decoded as Windows-1252"]  # ’ “ ”


def test_a_wrong_declared_charset_does_not_win_over_the_bytes() -> None:
    utf8_page = '<html><head><meta charset="iso-8859-1"></head><body><p>Gdańsk “port” deal</p></body></html>'
    assert "Gdańsk “port” deal" in prepare(utf8_page.encode()).text
    cp1252_page = '<meta charset="utf-8"><p>Société Générale’s “offer”</p>'.encode("cp1252")
    prepared = prepare(cp1252_page)
    assert "Société Générale’s “offer”" in prepared.text
    assert any("declared charset 'utf-8' did not match" in w for w in prepared.warnings)


def test_a_declared_non_western_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    text, warnings = decode_bytes('<meta charset="shift_jis"><p>東京証券取引所</p>'.encode("shift_jis"))
    assert "東京証券取引所" in text
    assert warnings == []


# --- characters ---------------------------------------------------------------------------------------------------


def test_control_zero_width_and_odd_spaces_are_cleaned() -> None:
    raw = "Acme\x00 Corp\u200b.\u00a0today\u2009announced\u202fa\u3000deal\x07 with\ufeff Beta\u00adCorp."
    assert prepare(raw).text == "Acme Corp. today announced a deal with BetaCorp."


def test_ligatures_are_expanded_and_smart_quotes_kept() -> None:
    raw = "“The ﬁrst ﬂight was ﬀective,” said the oﬃcer of the baﬄe ‘unit’."
    assert prepare(raw).text == "“The first flight was ffective,” said the officer of the baffle ‘unit’."


def test_soft_hyphen_at_a_line_end_joins_the_word() -> None:
    assert clean_chars("immuno\u00ad\ntherapy and anti\u00adbody") == "immunotherapy and antibody"


def test_windows_1252_bytes_read_as_latin_1_are_repaired() -> None:
    assert prepare("\x93Quoted\x94 and it\x92s done \x96 ok").text == "“Quoted” and it’s done – ok"


def test_utf8_read_as_windows_1252_is_repaired() -> None:
    prepared = prepare("Nestlé’s “new” café in Zürich")
    assert prepared.text == "Nestlé’s “new” café in Zürich"
    # what a browser shows for UTF-8 read as Windows-1252 (its unassigned bytes, like 0x9D in ”, as Latin-1)
    mojibake = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in "Nestlé’s “new” café".encode())
    assert mojibake.startswith("NestlÃ©â€™s")
    prepared = prepare(mojibake)
    assert prepared.text == "Nestlé’s “new” café"
    assert prepared.warnings == ["repaired mis-decoded UTF-8 characters (4x)"]
    assert prepare("Acmeâ„¢ and Zoëâ€™s").text == "Acme™ and Zoë’s"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert prepare("bad \ud800 surrogate").text == "bad \ufffd surrogate"


def test_crlf_and_cr_line_ends() -> None:
    assert prepare("Headline\r\n\r\nBody line.\rSecond.").text == "Headline\n\nBody line.\nSecond."


# --- hard wraps ---------------------------------------------------------------------------------------------------


def test_wrapped_paragraph_is_joined_into_one_line() -> None:
    (para,) = paragraphs(WRAPPED)
    assert para.startswith("SPRINGFIELD, Ill., March 3, 2021 (GLOBE NEWSWIRE) -- Maple Ridge")
    assert "a clinical-stage company developing" in para
    assert para.endswith("treatment options for patients.")
    assert "\n" not in para


def test_contact_and_address_lines_stay_separate() -> None:
    text = WRAPPED + "\nCONTACT:\nJane Doe\nMaple Ridge Therapeutics, Inc.\n(217) 555-0100\njdoe@mapleridge.example\n"
    text += "\nMaple Ridge Therapeutics, Inc.\n400 Main Street, Suite 12\nSpringfield, IL 62701\n"
    assert paragraphs(text)[1:] == [
        "CONTACT:\nJane Doe\nMaple Ridge Therapeutics, Inc.\n(217) 555-0100\njdoe@mapleridge.example",
        "Maple Ridge Therapeutics, Inc.\n400 Main Street, Suite 12\nSpringfield, IL 62701",
    ]


def test_list_items_and_table_rows_stay_separate() -> None:
    items = (
        "Highlights of the quarter, all of them reported in line with the guidance given at the start of the year:\n"
    )
    items += "• Revenue of $12.4 million, up 18% compared with the third quarter of the previous fiscal year\n"
    items += "• Two new customers\n"
    table = (
        "                      Q3 2021      Q3 2020\n"
        "Revenue               $12.4        $10.5\n"
        "Net loss              $(2.1)       $(3.0)\n"
    )
    out = paragraphs(WRAPPED + "\n" + items + "\n" + table)
    assert out[1] == (
        "Highlights of the quarter, all of them reported in line with the guidance given at the start of the year:"
    )
    assert out[2].split("\n") == [
        "• Revenue of $12.4 million, up 18% compared with the third quarter of the previous fiscal year",
        "• Two new customers",
    ]
    assert out[3].split("\n") == ["Q3 2021 | Q3 2020", "Revenue | $12.4 | $10.5", "Net loss | $(2.1) | $(3.0)"]


def test_justified_prose_with_wide_gaps_is_not_a_table() -> None:
    text = (
        "The  company   reported  revenue  of  12 million  dollars  for  the  quarter,  which  was  an  increase  of\n"
        "eighteen  percent  over  the  same  quarter  last  year  and  ahead   of  the   guidance  it  gave  in July.\n"
    )
    assert paragraphs(text) == [
        "The company reported revenue of 12 million dollars for the quarter, which was an increase of eighteen "
        "percent over the same quarter last year and ahead of the guidance it gave in July."
    ]


def test_a_dateline_on_its_own_line_is_joined_to_the_lead_sentence() -> None:
    text = "NEW YORK, May 1, 2024 /PRNewswire/ --\nAcme Corp. (NYSE: ACME) today announced results.\n"
    assert paragraphs(text) == [
        "NEW YORK, May 1, 2024 /PRNewswire/ -- Acme Corp. (NYSE: ACME) today announced results."
    ]


def test_heading_above_prose_without_blank_line_becomes_its_own_paragraph() -> None:
    text = WRAPPED + "\n" + "About Maple Ridge Therapeutics\n" + WRAPPED.replace("SPRINGFIELD", "BOSTON")
    out = paragraphs(text)
    assert out[1] == "About Maple Ridge Therapeutics"
    assert out[2].startswith("BOSTON, Ill.")


def test_headline_and_subheadline_are_not_joined() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\n"
        "Maple Ridge Therapeutics Doses First Patient in Phase 2 Study of Oral Antifibrotic MRT-12 in Fibrosis\n"
        "Study will enroll about 120 patients at sites in the United States and Europe over two years\n" + WRAPPED
    )
    out = paragraphs(text)
    assert (
        out[0]
        == "Maple Ridge Therapeutics Doses First Patient in Phase 2 Study of Oral Antifibrotic MRT-12 in Fibrosis"
    )
    assert out[1] == "Study will enroll about 120 patients at sites in the United States and Europe over two years"


def test_unwrapped_text_with_one_paragraph_per_line_is_not_joined() -> None:
    lines = [
        "Acme Corp. today announced third quarter results that exceeded the guidance it gave in July of this year. "
        "Revenue rose 18% to $12.4 million and gross margin improved by three points.",
        "The company also announced a new credit facility with First National Bank, which replaces its existing "
        "revolving facility and extends the maturity of its debt to 2028.",
    ]
    assert paragraphs("\n".join(lines)) == lines


# --- de-hyphenation -----------------------------------------------------------------------------------------------


def _wrap_pair(first: str, second: str) -> str:
    filler = "The company reported that its programme continued to make progress during the period under "
    return prepare(f"{filler}{first}\n{second} and enrolment in the trial is complete.\n{filler}review.").text


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("thera-", "peutics", "therapeutics"),
        ("T-", "DM1", "T-DM1"),
        ("anti-", "PD-1", "anti-PD-1"),
        ("well-", "known", "well-known"),
        ("antibody-", "based", "antibody-based"),
        ("first-in-", "class", "first-in-class"),
        ("2020-", "2021", "2020-2021"),
        ("growth—", "margin", "growth—margin"),
    ],
)
def test_words_broken_across_lines(first: str, second: str, expected: str) -> None:
    assert f" {expected} and enrolment" in _wrap_pair(first, second)


def test_hyphenation_follows_the_spelling_used_elsewhere_in_the_release() -> None:
    assert " co-operation and" in _wrap_pair("co-", "operation") + " co-operation"
    filler = "The company reported that its programme continued to make progress during the period under "
    text = f"{filler}long-\nstanding and enrolment in the trial is complete.\n{filler}review. A longstanding partner."
    assert "longstanding and enrolment" in prepare(text).text


# --- page furniture -----------------------------------------------------------------------------------------------


def test_page_numbers_running_headers_and_form_feeds_are_removed() -> None:
    header = "ACME CORP.                        PRESS RELEASE                      May 1, 2024"
    text = (
        f"{header}\n\nAcme Corp. Completes Acquisition of Beta Labs\n\n{WRAPPED}"
        "The acquisition adds two manufacturing sites and about 400 employees to the company. It said that the\n"
        f"                         Page 1 of 3\n\f{header}\n\n"
        "transaction closed ahead of schedule and that integration planning is well advanced across all sites.\n"
        "\n- 2 -\n\f\nAbout Acme Corp.\n\nAcme Corp. makes things.\n\n-more-\n\n3\n"
    )
    prepared = prepare(text)
    out = prepared.text.split("\n\n")
    assert out[0] == "Acme Corp. Completes Acquisition of Beta Labs"
    assert out[2].endswith(
        "It said that the transaction closed ahead of schedule and that integration planning is well "
        "advanced across all sites."
    )
    assert out[3:] == ["About Acme Corp.", "Acme Corp. makes things."]
    assert sum("page furniture" in w for w in prepared.warnings) == 1


def test_letter_spaced_page_footer_is_removed() -> None:
    text = "Body text of the release.\n\n1 | P a g e\n\f\nMore body text."
    assert prepare(text).text == "Body text of the release.\n\nMore body text."


# --- OCR confusions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('he said. "| believe it works."', 'he said. "I believe it works."'),
        ("Results were good. | think so.", "Results were good. I think so."),
        ("We grew, and | believe we will grow again.", "We grew, and I believe we will grow again."),
        ("Score 3 | b column, value a | c.", "Score 3 | b column, value a | c."),
        ("“|’m pleased,” she said.", "“I’m pleased,” she said."),
        ('"l believe it," he said. l am sure.', '"I believe it," he said. I am sure.'),
        ("Phase Il and Phase Ill and Phase l and Phase lb/lla", "Phase II and Phase III and Phase I and Phase Ib/IIa"),
        ("PHASE Ill trial; Stage lV cancer", "PHASE III trial; Stage IV cancer"),
        ("c0mpany rep0rted in 0ctober", "company reported in October"),
        ("revenue in 2O11 rose to 1,2OO units", "revenue in 2011 rose to 1,200 units"),
    ],
)
def test_ocr_confusions_are_repaired_in_known_contexts(raw: str, expected: str) -> None:
    assert prepare(raw).text == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Revenue | 12.3 | 11.0",
        "| a | b |",
        "Phase 1 and Phase 2b and Phase I/II and phase-lock",
        "Listed as (Frankfurt: X0) and (TSXV: AB0C); H2O2 and CO2 and 0.5mg and 10am and 0mg",
        "Phase lower costs",
        "Mr. O'Brien, IO1 and OO7",
        "Add 5 l am, the label l believe.",
    ],
)
def test_text_outside_known_ocr_contexts_is_untouched(raw: str) -> None:
    prepared = prepare(raw)
    assert prepared.text == raw
    assert not any("OCR" in w for w in prepared.warnings)


def test_each_repair_kind_is_reported_once_with_its_count() -> None:
    prepared = prepare('"| believe it." Then. | think. Phase Il and Phase Ill.')
    assert prepared.warnings == [
        "repaired OCR confusion: '| ' -> 'I ' (2x)",
        "repaired OCR confusion: 'Phase Il' -> 'Phase II' (roman numerals) (2x)",
    ]


def test_ocr_repairs_are_not_applied_to_html() -> None:
    assert prepare("<p>Phase Il | believe</p>").text == "Phase Il | believe"


def test_indented_first_lines_start_paragraphs() -> None:
    text = (
        "    The company reported revenue of 12 million dollars for the quarter, which was an increase of\n"
        "eighteen percent over the same quarter last year and ahead of the guidance it gave.\n"
        "    The board also declared a dividend of ten cents per share, payable on June 1 to holders of record\n"
        "on May 15, and approved a new share repurchase program of up to 50 million dollars.\n"
    )
    out = paragraphs(text)
    assert len(out) == 2
    assert out[0].endswith("ahead of the guidance it gave.")
    assert out[1].startswith("The board also declared")


def test_release_marker_lines_are_dropped() -> None:
    text = "FOR IMMEDIATE RELEASE\n\nAcme Corp. Opens Plant\n\nAcme opened a plant.\n\n# # #\n\n-30-\n"
    assert paragraphs(text) == ["Acme Corp. Opens Plant", "Acme opened a plant."]
    assert paragraphs("The press release said ###.") == ["The press release said ###."]

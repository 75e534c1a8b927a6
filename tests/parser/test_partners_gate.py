"""The partners' deal-phrase scan: a cheap scan that finds every offset where the deal-phrase regex (`_TRIGGER`)
may match, so trying `_TRIGGER` only there finds exactly its matches and skipping the text without such an offset
never loses a partner."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parser.partners import _SUBJECT_KEYS, _TRIGGER, _deal_phrases, _deal_starts, _subject_key_spans, find_partners

# One phrase per deal-phrase shape, lower-cased as find_partners reads them.
PHRASES = [
    "collaborative partners include amgen",
    "the company's strategic partner, beta",
    "our key partner , beta",
    "together with beta under the agreement",
    "jointly with beta in a joint venture",
    "a research collaboration with beta",
    "a consortium with beta",
    "co-promotion agreement with beta",
    "co-commercialization with beta",
    "joint venture with beta",
    "development agreement with beta",
    "partnered with beta",
    "teamed up with beta",
    "joins forces with beta",
    "co-develops with beta",
    "a licensing and option agreement with beta",
    "an exclusive worldwide license from beta",
    "a non-exclusive license to beta",
    "licensed the rights to x from beta",
    "license from beta",
    "sold its widget unit to beta",
    "divests the plant to beta",
    "to acquire beta",
    "will acquire beta",
    "has acquired 51% of the outstanding shares of beta",
    "completed the acquisition of beta",
    "a merger with beta",
    "a business combination with beta",
    "to be acquired by beta",
    "been acquired by beta",
    "acquires beta",
    "a series b round led by beta",
    "investment from beta",
    "financing led by beta",
    "capital from beta",
    "placement by beta",
    "funding from beta",
    "anchored by beta",
    "cornerstoned by beta",
    "a credit facility with beta",
    "a term loan agreement with beta",
    "a debt facility with beta",
    "a loan agreement with beta",
    "have acquired the remaining interest in beta",
    "co-led by new investors beta",
    "participation from new and existing investors including beta",
    "investors include beta",
    "participated in the private placement, including beta",
    "subscribed in the offering such as beta",
    "a supply and distribution agreement with beta",
    "manufacturing agreement with beta",
    "customers include beta",
    "client such as beta",
    "the launch customer for the x300 is beta",
    "first customer was beta",
    "purchase orders valued at us$1.2 million from the beta",
    "an order worth $5 million from beta",
    "contracts from beta",
    "selected by beta",
    "awarded a $5 million contract by beta",
    "entered into a definitive merger agreement with beta",
    "signed a supply contract with beta",
    "executed the agreement with beta",
    "concluded an agreement with beta",
    "agreements with beta",
    "memorandum of understanding with beta",
    "mou with beta",
    "letter of intent with beta",
    "term sheet with beta",
    "purchases from beta all the shares in gamma",
    "to purchase all shares in beta",
    "the right to purchase 100% of beta",
    "the acquisition of the shares in beta",
    "has acquired substantially all of the assets of beta",
    'extended its option agreement (the "option agreement") with beta',
    'entered into a letter agreement (the "agreement") with beta',
    "announced the beta foundation as a new national partner",
    "welcomes beta as new regional partner",
    "named beta as its exclusive partner",
    "adds beta as a partner",
    "an agreement to purchase the red lake property from beta",
    "will purchase beta",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_deal_phrase_is_found(phrase: str) -> None:
    for text in (phrase, f"on monday, {phrase}.", f"(alpha) {phrase}", f'"{phrase}"', f"co-{phrase}"):
        expected = [(m.span(), m.lastgroup) for m in _TRIGGER.finditer(text)]
        assert expected, text  # the phrase list keeps up with the regex
        assert [(m.span(), m.lastgroup) for m in _deal_phrases(text, _deal_starts(text))] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "revenue grew 12% to $4.5 million in the third quarter.",
        "the company will host a conference call at 8:00 a.m. eastern time.",
        "the trial enrolled 240 patients across 31 sites in europe and north america.",
    ],
)
def test_ordinary_sentences_are_rejected(sentence: str) -> None:
    assert not _TRIGGER.search(sentence)
    assert _deal_starts(sentence) == []


_WORDS = sorted(set(re.findall(r"[a-z][a-z'’\-]+", _TRIGGER.pattern)) - {"s", "b"})
_FILLERS = ["beta", "the", "a", "an", "of", "in", "$5", "10%", "us$1.2", "million", "x-1", "acme", "new"]
_GLUE = [" ", " ", " ", "  ", ", ", ". ", "-", "(", ")", '"', "“", "/", "\u00a0", "\t", "’s "]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS + _FILLERS + PHRASES), st.sampled_from(_GLUE)), min_size=1, max_size=14)
)
def test_scan_finds_the_deal_phrases_matches(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    for start in range(min(len(text), 3)):  # also from a mark or a glue character
        piece = text[start:]
        found = [(m.span(), m.lastgroup) for m in _deal_phrases(piece, _deal_starts(piece))]
        assert found == [(m.span(), m.lastgroup) for m in _TRIGGER.finditer(piece)], piece


def _brute_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for key in _SUBJECT_KEYS:
        at = text.find(key)
        while at >= 0:
            spans.append((at, at + len(key)))
            at = text.find(key, at + 1)
    return sorted(spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_SUBJECT_KEYS, "which", "into", "over", "re", "to", "x", " ", ", "]), max_size=20))
def test_subject_keys_are_found_through_their_anchors(parts: list[str]) -> None:
    text = "".join(parts)
    assert _subject_key_spans(text) == _brute_spans(text)


@pytest.mark.parametrize("prefix", ["", "İstanbul-based "])  # "İ" lengthens when lower-cased: sentence-by-sentence
def test_partners_found_in_later_sentences_and_paragraphs(prefix: str) -> None:
    sources = [
        f"{prefix}Acme Corp. reported revenue of $5 million. It hired staff.",
        "The results were strong. Acme entered into a supply agreement with Beta Industries, Inc. last week.",
        "Separately, Gamma Holdings has selected Acme as its provider.",
    ]
    partners, _ = find_partners(sources, "Acme Corp.", [])
    assert [(p.name, p.relation) for p in partners] == [
        ("Beta Industries, Inc.", "supply"),
        ("Gamma Holdings", "customer"),
    ]

"""Partners of the issuer, each with its relation and the sentence that says so (the evidence).

A partner is an organisation named right after a deal phrase: "collaborative partners include A, B and C",
"in collaboration with", "license agreement with", "entered into an agreement with", "to acquire",
"acquisition of", "purchases from X all the shares in Y", "investment from", "financing led by", "supply
agreement with", "contract from", "<Org> as a new ... partner", "<issuer> and <Org> announced" in the body, or
a co-issuer of a joint announcement. Award givers, survey firms, regulators, exchanges and wires never follow
such phrases (and regulators/exchanges/wires are filtered by name anyway), so they are not partners. An asset
("the Copper Hill property") is never a partner, its seller is; a defined short form ('("MNML")') stands for
the organisation that defines it. Only the body and the issuer's own About section are read: never
forward-looking statements or other companies' About. How the names after a phrase are read (lists, seats,
assets, short forms, fuller forms, body-level joint announcers) is in `bot.parser.deals`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

from bot.parser.deals import (
    assets_of_list,
    defined_as,
    fuller_name,
    headline_name,
    is_asset,
    joint_announcers,
    read_list,
)
from bot.parser.models import Partner, Ticker
from bot.parser.orgs import is_non_partner, org_before
from bot.parser.orgshape import is_date_fragment
from bot.parser.people import TITLE_WORDS
from bot.parser.text import fold, read_org, same_org, split_sentences

_I = re.IGNORECASE
# A stake after an acquiring verb: "all of the outstanding shares of", "100% of", "substantially all of the assets
# of", "the shares in".
_STAKE = (
    r"(?:(?:(?:substantially\s+)?all|the\s+entire|the\s+remaining|a\s+(?:majority|controlling|minority)|"
    r"(?:an?\s+(?:additional\s+|further\s+)?)?\d{1,3}(?:[.,]\d+)?\s?%|"
    r"the(?=\s+(?:outstanding\s+|issued\s+)?(?:shares|share\s+capital|assets)\s+(?:of|in)\s))\s+"
    r"(?:(?:of|in)\s+)?(?:the\s+)?(?:(?:outstanding|issued|common|ordinary|entire)\s+(?:and\s+)?){0,3}"
    r"(?:shares|share\s+capital|stock|assets|equity|stake|interest|business)?\s*(?:of|in)\s+)"
)
# "... X as a new regional partner": a named organisation joins as a partner.
_AS_PARTNER = r"\s+as\s+(?:(?:a|an|its|our|the)\s+)?(?:new\s+)?(?:[\w\-]+\s+){0,2}?partner\b"
_AS_PARTNER_GATE = r"(?=[^.;:]{1,140}?" + _AS_PARTNER + ")"
# A defined term between a deal noun and "with": 'an option agreement (the "Option Agreement") with X'.
_DEFINED = r"(?:\((?:the\s+)?[\"“][^\"”()]{1,60}[\"”]\)\s+)?"
_TRIGGER = re.compile(
    r"\b(?=[a-z])(?:"  # a word start first: mid-word positions fail before the alternation (2x faster)
    r"(?P<collaboration>\bpartners?\s+(?:include|includes|including|are|such\s+as)\s+"
    r"|\b(?:company['’]s|its|our)\s+(?:[a-z\-]+\s+){0,2}?partner\s*,\s+"
    r"|\b(?:together|jointly)\s+with\s+(?=[^.]{0,200}(?:agreement|collaborat|partnership|joint|co-develop))"
    r"|\b(?:collaborations?|partnerships?|alliances?|consortium|co-development|co-promotion|co-commercialization|"
    r"joint\s+venture|research\s+agreement|development\s+agreement|collaboration\s+agreement|"
    r"partnership\s+agreement|alliance\s+agreement)\s+(?:agreement\s+)?with\s+"
    r"|\b(?:collaborat(?:e|es|ed|ing)|partner(?:s|ed|ing)?|team(?:s|ed)?\s+up|join(?:s|ed)?\s+forces|"
    r"co-develop(?:s|ed|ing)?)\s+with\s+)"
    r"|(?P<named>\b(?:announced|announces|named|names|welcomes|welcomed|welcoming|added|adds)\s+(?:the\s+)?"
    r"(?=[^.;:]{2,120}?" + _AS_PARTNER + "))"
    r"|(?P<license>\blicen[cs](?:e|ing)\s+(?:and\s+[a-z]+\s+|option\s+)?agreements?\s+with\s+"
    r"|\b(?:exclusive|non-exclusive)\s+(?:worldwide\s+|global\s+)?licen[cs]e\s+(?:agreement\s+)?(?:from|to|with)\s+"
    r"|\blicen[cs]ed\s+(?:[\w\-]+\s+){0,6}?from\s+|\blicen[cs]e\s+from\s+)"
    r"|(?P<acquisition>\b(?:sold|sells|sell|divested|divests)\s+(?:its\s+|the\s+|a\s+|an\s+)?[^,.;()]{0,80}?\s+to\s+"
    r"|\b(?:to\s+acquire|will\s+acquire|has\s+acquired|have\s+acquired|completed\s+the\s+acquisition\s+of"
    r"|acquisition\s+of|acquires|acquiring|merger\s+with|merge\s+with|combination\s+with|to\s+be\s+acquired\s+by"
    r"|been\s+acquired\s+by|acquired\s+by|acquired)\s+" + _STAKE + r"?"
    r"|\b(?:to\s+|will\s+)?purchase[sd]?\s+(?:from\s+(?:the\s+)?|" + _STAKE + r")"
    r"|\b(?:to|will)\s+purchase\s+(?:the\s+)?)"
    r"|(?P<investment>\b(?:investment|investments|funding|financing|round|placement|capital)\s+(?:[a-z]+\s+)?"
    r"(?:from|by|led\s+by)\s+|\b(?:anchored|cornerstoned)\s+by\s+|\b(?:credit|loan|debt|term\s+loan)\s+(?:facility|agreement)\s+with\s+"
    r"|\b(?:co-)?led\s+by\s+(?:new\s+|existing\s+)?(?:investors?\s+)?"
    r"|\bparticipation\s+(?:from|of|by)\s+(?:new\s+and\s+existing\s+|existing\s+|new\s+)?(?:investors?\s+)?"
    r"(?:including\s+)?|\binvestors?\s+(?:include|including|such\s+as)\s+"
    r"|\b(?:participated|subscribed)\s+in\s+the\s+(?:[a-z\-]+\s+){0,3}?(?:placement|offering|financing|round|issue)"
    r"\s*,?\s+(?:including|such\s+as)\s+)"
    r"|(?P<supply>\b(?:supply|manufacturing|supply\s+and\s+[a-z]+)\s+agreements?\s+with\s+)"
    r"|(?P<customer>\b(?:customers?|clients?)\s+(?:include|includes|including|such\s+as)\s+"
    r"|\b(?:launch|first|anchor|lead)\s+customer\s+(?:for\s+[^,.]{1,60}?\s+)?(?:is|was|will\s+be)\s+"
    r"|\b(?:purchase\s+)?orders?\s+(?:(?:valued|worth|totall?ing|of|at|approximately|about|for|up|to|"
    r"[$\d][\w$.,\-]*|(?:us|c|a|eur|gbp)?\$[\w.,]*|million|billion|units?)\s+){0,8}?from\s+(?:the\s+)?"
    r"|\bcontracts?\s+(?:from|by)\s+|\bselected\s+by\s+"
    r"|\bawarded\s+(?:a|an)\s+(?:[\w$.,\-]+\s+){0,4}?contract\s+(?:[\w$.,\-]+\s+){0,6}?(?:by|from)\s+)"
    r"|(?P<other>\b(?:entered|enter|enters|entering|signed|signs|signing|executed|concluded)\s+(?:into\s+)?"
    r"(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,4}?(?:agreements?|contracts?)\s+" + _DEFINED + r"with\s+"
    r"|\b(?:agreements?\s+"
    + _DEFINED
    + r"|(?:memorandum\s+of\s+understanding|mou|letter\s+of\s+intent|term\s+sheet)\s+)with\s+))",
)  # matched against the lower-cased sentence (much faster than IGNORECASE)
_KIND_WORDS = [
    (
        "acquisition",
        re.compile(
            r"merger|acqui|sale\s+agreement|purchase\s+and\s+sale|divest|sale\s+of|"
            r"(?:share|stock|asset|equity|interests?)\s+purchase",
            _I,
        ),
    ),
    ("investment", re.compile(r"(?:securities|subscription)\s+(?:purchase\s+)?agreement", _I)),
    # "signed a purchase agreement with X for 48,000 units": the issuer buys, X supplies (a power purchase or
    # offtake agreement is the other way round: the counterparty buys the output)
    ("supply", re.compile(r"(?<!power\s)(?<!energy\s)\bpurchase\s+agreement|procurement\s+agreement", _I)),
    ("customer", re.compile(r"purchase\s+agreement|offtake|off-take|sales\s+agreement|\border", _I)),
    ("license", re.compile(r"licen[cs]", _I)),
    ("supply", re.compile(r"\bsupply|manufactur", _I)),
    ("investment", re.compile(r"invest", _I)),
    ("collaboration", re.compile(r"collaborat|partnership|co-develop|research|alliance|co-promot|cooperat|joint", _I)),
]
# "X has selected/ordered ..." and "X has agreed to subscribe": the partner is the subject before the verb.
_SUBJECT_VERB = re.compile(
    r"\s+(?:has|have|had)\s+(?:(?:irrevocably|also|today|recently|now)\s+)?(?:(?P<customer>selected|chosen|ordered|"
    r"awarded|placed\s+an?\s+(?:\w+\s+)?order|signed\s+an?\s+(?:\w+\s+)?(?:purchase|offtake|order))|"
    r"(?P<investment>(?:committed|agreed|undertaken)\s+to\s+(?:subscribe|invest)|"
    r"indicated\s+(?:its|their|an)\s+intention\s+to\s+(?:subscribe|invest)))\b"
)
# Placement allocations with no auxiliary: "X, the largest shareholder, was allocated 9,000,000 shares",
# "X participated as a new cornerstone investor", "X subscribed for 2,000,000 units".
_SUBJECT_INVEST = re.compile(
    r"\s+(?:(?:was|were|has\s+been|have\s+been)\s+allocated\s+(?:[\d,.]+\s+(?:million\s+)?)?(?:new\s+)?"
    r"(?:shares|units|warrants|notes|bonds)|(?:participated|invested)\s+as\s+(?:an?\s+|the\s+)?"
    r"(?:(?:new|existing|long-term|cornerstone|anchor|lead|strategic|institutional)\s+){0,3}investors?|"
    r"(?:(?:has|have)\s+(?:also\s+)?)?subscribed\s+for)\b"
)
_SUBJECT_VERB_WORDS = (
    "selected", "chosen", "ordered", "awarded", "placed", "signed", "committed", "agreed", "undertaken", "indicated"
)  # fmt: skip
_SUBJECT_INVEST_WORDS = ("allocated", "participated", "invested", "subscribed")
_WHICH_WE = re.compile(
    r",?\s+which\s+(?:we|the\s+company|it|[A-Z][\w\-]*)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?P<verb>acquired|purchased|bought|engaged|hired|retained)\b"
)
# Subject keys: a sentence holding one is read for "X has selected ..." shapes (`_subject_partners`). Grouped by an
# anchor word each key of the group holds, so that a text is searched once per anchor.
_SUBJECT_KEYS_BY_ANCHOR = {
    "which": ("which we", "which the company", "which it", " which "),
    "subscri": ("to subscribe", "subscribed for"),
    "invest": ("to invest", "invested as"),
    "supply": ("will supply", "to supply"),
    "deliver": ("will deliver", "to deliver"),
    **{key: (key,) for key in ("selected", "chosen", "ordered", "awarded", "placed a", "allocated", "participated as")},
}
_SUBJECT_KEYS = tuple(key for keys in _SUBJECT_KEYS_BY_ANCHOR.values() for key in keys)
_SUBJECT_ANCHORS = [
    (anchor, [(key, key.index(anchor)) for key in keys]) for anchor, keys in _SUBJECT_KEYS_BY_ANCHOR.items()
]
_APPOSITIVE = re.compile(r",\s+[^,]{2,120},$")
_OWNER = re.compile(r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,4})['’]s\s+(?:[a-z\-]+\s+){0,3}$")
_SECURITIES = re.compile(r"\s+(?:securities|shares|stock|common|units|notes|warrants|stockholders|shareholders)\b")
_THEN_FROM = re.compile(r"\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,5}\s+from\s+(?:the\s+)?")
_FINANCING = re.compile(r"\b(?:round|financing|investment|series\s+[a-z]\b|funding|placement|offering)", _I)
_MAX_SENTENCE = 2000
# Substring test a sentence must pass before its deal phrases count (kept as the rule: a phrase in a sentence with
# none of these words is not read).
_KEYWORDS = (
    "partner", "collab", "alliance", "consortium", "sold", "sell", "divest", "joint venture", "co-develop",
    "co-promot", "co-commerc",
    "team", "forces", "together", "jointly", "customers", "clients",
    "licen", "acqui", "merge", "combination", "invest", "funding", "financ", "round", "placement", "capital",
    "led by", "anchored", "participat", "subscri", "supply", "manufactur", "order", "contract", "selected by",
    "agreement",
    "memorandum", "mou", "letter of intent", "term sheet", "facility", "loan", "purchas",
)  # fmt: skip
# The opening words of every `_TRIGGER` phrase (with the words that must follow where the first word is common),
# grouped by first letter so that the regex engine tries only the phrases that start with the letter it sees. A
# text where none of them starts a word holds no deal phrase; `_TRIGGER` (about 10x slower per character) is tried
# only at the few offsets where one does. Keep in step with `_TRIGGER` (tests/parser/test_partners_gate.py).
_BY = r"\s+(?:[a-z]+\s+)?(?:from|by|led)"
_WITH = r"\s+(?:[\w\-]+\s+){0,6}?(?:agreement|contract)s?\s+" + _DEFINED + "with"
_LICENCE = r"\s+(?:worldwide\s+|global\s+)?licen"
_INCLUDE = r"s?\s+(?:includ|such\s+as)"
_DEAL_OPENERS = (
    r"a(?:cqui|lliance|greements?\s+" + _DEFINED + r"with|nchored\s+by|nchor\s+customer|warded\s+an?\s"
    r"|(?:nnounce[ds]|dd(?:s|ed))\s" + _AS_PARTNER_GATE + r")"
    r"|b(?:een\s+acquired)"
    r"|c(?:ollaborat|onsortium|o-develop|o-promotion|o-commercialization|ompleted\s+the\s+acquisition"
    r"|ombination\s+with|apital" + _BY + r"|ornerstoned\s+by|redit\s+(?:facility|agreement)|o-led\s+by"
    r"|ustomer"
    + _INCLUDE
    + r"|lient"
    + _INCLUDE
    + r"|ontracts?\s+(?:from|by)|oncluded"
    + _WITH
    + r"|ompany['’]s\s+(?:[a-z\-]+\s+){0,2}?partner)"
    r"|d(?:evelopment\s+agreement|ivest|ebt\s+(?:facility|agreement))"
    r"|e(?:xclusive" + _LICENCE + r"|nter(?:ed|s|ing)?" + _WITH + r"|xecuted" + _WITH + r")"
    r"|f(?:unding" + _BY + r"|inancing" + _BY + r"|irst\s+customer)"
    r"|h(?:as\s+acquired|ave\s+acquired)"
    r"|i(?:ts\s+(?:[a-z\-]+\s+){0,2}?partner|nvestments?" + _BY + r"|nvestor" + _INCLUDE + r")"
    r"|j(?:ointly\s+with\s|oint\s+venture|oin(?:s|ed)?\s+forces)"
    r"|l(?:icen|oan\s+(?:facility|agreement)|ed\s+by|aunch\s+customer|ead\s+customer|etter\s+of\s+intent\s+with)"
    r"|m(?:erge|anufacturing\s+agreement|emorandum\s+of\s+understanding\s+with|ou\s+with)"
    r"|n(?:on-exclusive" + _LICENCE + r"|ame[ds]\s" + _AS_PARTNER_GATE + r")"
    r"|o(?:ur\s+(?:[a-z\-]+\s+){0,2}?partner|rders?\s+(?:[\w$.,\-]+\s+){0,8}?from)"
    r"|p(?:artner|lacement" + _BY + r"|articipation\s+(?:from|of|by)|articipated\s+in\s+the"
    r"|urchase\s+orders?\s+(?:[\w$.,\-]+\s+){0,8}?from|urchase[sd]?\s+(?:from|all|substantially|the|an?\s|\d))"
    r"|r(?:esearch\s+agreement|ound" + _BY + r")"
    r"|s(?:old|ell|ubscribed\s+in\s+the|upply\s+(?:and\s+[a-z]+\s+)?agreement|elected\s+by|ign(?:ed|s|ing)"
    + _WITH
    + r")"
    r"|t(?:ogether\s+with\s|eam(?:s|ed)?\s+up|o\s+acquire|o\s+be\s+acquired|erm\s+loan|erm\s+sheet\s+with"
    r"|o\s+purchase\s)"
    r"|w(?:ill\s+acquire|ill\s+purchase\s|elcom(?:es|ed|ing)\s" + _AS_PARTNER_GATE + r")"
)
# Three scans (a word start is the text's start, after a space, or after another non-word character) are several
# times faster than one `\b`-led scan: the first two let the engine skip ahead to a space or a mark in C.
_DEAL_AT_START = re.compile(f"(?={_DEAL_OPENERS})")
_DEAL_AFTER_SPACE = re.compile(f" (?={_DEAL_OPENERS})")
_DEAL_AFTER_MARK = re.compile(f"[^a-z0-9_ ](?={_DEAL_OPENERS})")


def _deal_starts(lower: str) -> list[int]:
    """Offsets in the lower-cased `lower`, in order, where a `_TRIGGER` phrase may start (every offset where one
    does, and a few more); [] when it holds no deal phrase."""
    starts = [m.end() for m in _DEAL_AFTER_SPACE.finditer(lower)]
    marks = [m.end() for m in _DEAL_AFTER_MARK.finditer(lower)]
    if marks:
        starts = sorted(starts + marks)
    if _DEAL_AT_START.match(lower):
        starts.insert(0, 0)
    return starts


def _deal_phrases(lower: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches of `_TRIGGER.finditer(lower)`, found by trying `_TRIGGER` only at `starts` (from `_deal_starts`)."""
    end = 0
    for start in starts:
        if start >= end:
            match = _TRIGGER.match(lower, start)
            if match:
                end = match.end()
                yield match


def _subject_key_spans(lower: str) -> list[tuple[int, int]]:
    """(start, end) of every `_SUBJECT_KEYS` occurrence in the lower-cased `lower`, by start. Each key holds an
    anchor word at a fixed offset, so the text is searched once per anchor, not once per key."""
    spans = []
    for anchor, keys in _SUBJECT_ANCHORS:
        at = lower.find(anchor)
        while at >= 0:
            for key, offset in keys:
                if at >= offset and lower.startswith(key, at - offset):
                    spans.append((at - offset, at - offset + len(key)))
            at = lower.find(anchor, at + 1)
    return sorted(spans)


def _sentences_to_read(
    sources: list[str], joined: str, headline: str | None
) -> Iterator[tuple[str, str, list[int], bool, bool]]:
    """(sentence cut to `_MAX_SENTENCE`, its lower-cased text, offsets there where a deal phrase may start, holds a
    subject key, is the headline) for the headline and each sentence of `sources` that holds a subject key, or a
    keyword and a deal phrase. `joined` is the sources joined by blank lines.

    Deal phrases and subject keys are looked for in one pass over the lower-cased `joined`: a sentence's lower-cased
    text is the piece of it at the sentence's offset, so each one found falls into its sentence (unless lower-casing
    changed the text's length: then each sentence is searched on its own).
    """
    # (sentence, deal phrase offsets, holds a subject key, is the headline); None: not known yet
    texts: list[tuple[str, list[int] | None, bool | None, bool]] = [(headline, None, None, True)] if headline else []
    all_lower = joined.lower()
    if len(all_lower) != len(joined):
        for para in sources:
            texts.extend((sentence, None, None, False) for sentence in split_sentences(para[:20000]))
    else:
        starts = _deal_starts(all_lower)
        keys = _subject_key_spans(all_lower)
        key_starts = [start for start, _ in keys]
        # where each paragraph starts in `joined`; only the paragraphs holding a find are split into sentences
        para_starts = [start + 2 * index for index, start in enumerate(accumulate(map(len, sources), initial=0))]
        for index in sorted({bisect_right(para_starts, at) - 1 for at in (*starts, *key_starts)}):
            para, para_start = sources[index], para_starts[index]
            offset = 0
            for sentence in split_sentences(para[:20000]):
                offset = para.find(sentence, offset)  # sentences are stripped pieces of the paragraph, in order
                start = para_start + offset
                end = start + min(len(sentence), _MAX_SENTENCE)
                here = [at - start for at in starts[bisect_left(starts, start) : bisect_left(starts, end)]]
                first, last = bisect_left(key_starts, start), bisect_left(key_starts, end)
                subject = any(key_end <= end for _, key_end in keys[first:last])
                if here or subject:
                    texts.append((sentence, here, subject, False))
                offset += len(sentence)
    for sentence, starts_here, subject_verb, from_headline in texts:
        sentence = sentence[:_MAX_SENTENCE]
        plain = sentence.lower()
        # a few non-ASCII letters change length when lower-cased: those are kept as written
        lower = (
            plain if len(plain) == len(sentence) else "".join(c if len(c.lower()) != 1 else c.lower() for c in sentence)
        )
        if starts_here is None:
            starts_here = _deal_starts(lower)
        if subject_verb is None:
            subject_verb = any(map(plain.__contains__, _SUBJECT_KEYS))
        if subject_verb or (starts_here and any(map(plain.__contains__, _KEYWORDS))):
            yield sentence, lower, starts_here, subject_verb, from_headline


# The same patterns, case-sensitive: on lower-cased ASCII text they match where the case-insensitive ones do (and
# run several times faster); other text may hold letters that only case-insensitive matching folds ("ſ", "ı").
_KIND_WORDS_LOWER = [(relation, re.compile(pattern.pattern)) for relation, pattern in _KIND_WORDS]


# The issuer holds an option to buy: "extended its option agreement with X", "grants the Company the right to
# purchase" (an option "with X under which X may earn an interest" is X's, and stays `other`).
_OPTION_TO_BUY = re.compile(
    r"\b(?:its|our|company['’]s)\s+(?:[\w\-()]+\s+){0,4}?option\s+agreement|\b(?:option|right)\s+to\s+(?:purchase|acquire)\b"
)
_BUSINESS_TAIL = re.compile(r"(?<=\w)\s+(?:Business|Businesses|Division|Unit|Assets|Portfolio|Operations)$")
_GENERIC = ("collaboration",)  # a headline's "as New Partner" says less than the body's "a supply relationship"
_NAMED_KIND = [
    ("supply", re.compile(r"\bsuppl(?:y|ier)")),
    ("license", re.compile(r"licen[cs]")),
    ("investment", re.compile(r"\binvest(?:ment|or)")),
]
_PERSON_SHAPE = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’\-]+")
_HELD = re.compile(r"\b(?:[Pp]ortfolio\s+[Cc]ompany|[Ss]ubsidiary|[Ii]nvestee(?:\s+[Cc]ompany)?)\s+(?=[A-Z])")
_VERB_TAIL = re.compile(r"\s+(?:Enters|Signs|Agrees|Announces|Completes|Reaches|Executes)$")  # title-case headlines
_MONEY_TAIL = re.compile(r"\s+(?:for|of)\s+(?:[A-Z]{1,3})?[$€£].*$")
_BARE_PURCHASE = re.compile(r"purchase\s+(?:the\s+)?$")
_SECURITY_NAME = re.compile(r"\b(?:Shares|Units|Warrants|Notes|Stock|Securities|Debentures|Bonds|Products)\b", _I)
_THEN_STAKE = re.compile(r"(?:,\s+[^,.;()]{1,80},)?\s+" + _STAKE)
_TITLE_ONLY = TITLE_WORDS | {"&", "and", "of", "the", "co-ceo"}


def is_title(name: str) -> bool:
    """True when `name` is made only of job-title words ("President & CEO", "Chief Executive Officer"): a title
    read where an organisation was expected."""
    return all(w.lower().strip(".,") in _TITLE_ONLY for w in name.split())


def _relation(kind: str, trigger: str) -> str:
    """The relation a deal phrase of `kind` names; for "other", the first of `_KIND_WORDS` in the lower-cased
    `trigger` (the phrase, or the words around it), else "other"."""
    if kind != "other":
        return kind
    for relation, pattern in _KIND_WORDS_LOWER if trigger.isascii() else _KIND_WORDS:
        if pattern.search(trigger):
            return relation
    return "other"


_SUBJECT_VERB_START = re.compile(
    r"\s*(?:\([^()]{0,80}\)\s*)*(?:has|have|had|will|would|entered|enters|signed|signs|announced|agreed|completed|"
    r"formed|recently|also)\b"
)
_WE_SUPPLY = re.compile(
    r"(?:,\s+(?:a|an|the)\s[^,.;]{2,80},)?(?:[^.;,]{0,40}?\bto\s+(?:supply|provide|deliver|sell)\b|"
    r"\s+for\s+the\s+(?:supply|sale|delivery)\s+of)"
)
# "X will supply 10,000 units to the Company": X is a supplier of the issuer.
_SUBJECT_SUPPLY = re.compile(
    r"\s+(?:will|shall|has\s+agreed\s+to|have\s+agreed\s+to|agreed\s+to|is\s+to)\s+(?:supply|deliver)\s"
    r"[^.;]{1,120}?\bto\s+(?:[Tt]he\s+[Cc]ompany\b|us\b|(?P<to>[A-Z][\w\-]*))"
)
_AWARDISH = re.compile(r"award|honou?r|recogni[sz]|ranking|\blist\b|\btop\s+\d|best\s+places|winner")
_UNDERWRITING = re.compile(r"underwrit|book-?runn|placement\s+agent|syndicate|dealer|broker|lead\s+agent")
_DESCRIBED = re.compile(r"(?:\s+[a-z][\w\-]*){1,4}\s+(?=[A-Z])")
_HOLDER = re.compile(r"fund|invest|holds?\s+(?:approximately\s+|about\s+)?[\d.]+\s?%|stake|shareholder")
_ASSET = re.compile(
    r"stake|business|division|subsidiar|unit\b|interest|portfolio|assets?\b|propert|hotel|inn\b|plant|facility|"
    r"brand|operations|segment|shares|mine|project|rights|patent"
)
_US = re.compile(r"(?:the\s+)?(?:company|us|our\s+company)\b", re.IGNORECASE)


_FROM_SELLER = re.compile(
    r"(?:[^.;]|\.(?=\d)){0,200}?\bfrom\s+(?:(?:funds|entities|vehicles|affiliates|an?\s+affiliate|subsidiaries|"
    r"an?\s+subsidiary|an?\s+fund)\s+(?:managed|advised|controlled|owned|sponsored|of)\s+(?:by\s+)?)?(?:the\s+)?(?=[A-Z])"
)


def _seller(rest: str) -> str | None:
    """The seller in "acquired <an asset> ... from X": an organisation after "from" when an asset word (portfolio,
    business, stake) comes before it; None otherwise."""
    match = _FROM_SELLER.match(rest)
    if match is None or not _ASSET.search(rest[: match.end()].lower()):
        return None
    found = read_org(rest[match.end() :])
    if found is None or _US.fullmatch(found[0]):
        return None
    return found[0]


def _foreign_subject(sentence: str, issuer: str | None) -> str | None:
    """The organisation a sentence opens with when it is another company acting ("Quantum Widgets entered into
    ..."), else None (the issuer, "The Company", "We", or no organisation)."""
    found = read_org(sentence)
    if found is None or not _SUBJECT_VERB_START.match(sentence, found[1]):
        return None
    name = found[0]
    if (issuer and same_org(name, issuer)) or name.lower() in ("the company", "company", "we", "it"):
        return None
    return None if any(c.isdigit() for c in name) else name  # "ARD-214 has ...": a product, not a company


def _foreign_owner(sentence: str, start: int, issuer: str | None) -> bool:
    """True when the deal phrase belongs to another company ("Veilpoint's venture investors include ...")."""
    owner = _OWNER.search(sentence, max(0, start - 80), start)
    if owner is None:
        return False
    name = owner.group(1)
    return not (issuer and same_org(name, issuer)) and name.lower() not in ("company", "the company")


_CLAUSE_START = re.compile(r"(?:^|[;:]\s+|,\s+and\s+|,\s+(?=[A-Z]))")


def _listed_subjects(before: str) -> list[str]:
    """Two or more organisations listed as a clause's subject right before its verb ("X and Y were allocated"),
    else []."""
    text = before.rstrip(" ,")
    for start in [m.end() for m in _CLAUSE_START.finditer(text)][:8]:
        items = read_list(text[start:], limit=6)
        if len(items) > 1 and start + items[-1][2] >= len(text) - 1:
            return [name for name, _, _ in items]
    return []


def _subject_partners(sentence: str, issuer: str | None) -> list[tuple[str, str]]:
    """(name, relation) for "X has selected/ordered ...", "X ... has agreed to subscribe" and "X will supply
    ... to the Company"."""
    out = []
    # each pattern needs one of its verbs written in the sentence: most sentences skip the slower scans
    supplies = _SUBJECT_SUPPLY.finditer(sentence) if "supply" in sentence or "deliver" in sentence else ()
    verbs = _SUBJECT_VERB.finditer(sentence) if any(map(sentence.__contains__, _SUBJECT_VERB_WORDS)) else ()
    invests = _SUBJECT_INVEST.finditer(sentence) if any(map(sentence.__contains__, _SUBJECT_INVEST_WORDS)) else ()
    for match in supplies:
        to = match.group("to")
        if to and not (issuer and issuer.split()[0] == to):
            continue
        owner = org_before(sentence, match.start())
        if owner and not _US.fullmatch(owner) and not (issuer and same_org(owner, issuer)):
            out.append((owner, "supply"))
    for match in (*verbs, *invests):
        before = sentence[max(0, match.start() - 200) : match.start()]
        appositive = _APPOSITIVE.search(before)
        if appositive:
            before = before[: appositive.start()]
        before = re.sub(r"\s*\([^()]{0,80}\)$", "", before)
        listed = _listed_subjects(before) if match.re is _SUBJECT_INVEST else []
        if listed:  # "X and Y were allocated 1,000,000 shares each"
            out.extend((name, "investment") for name in listed if not _US.fullmatch(name))
            continue
        owner = org_before(before, len(before))
        if owner and not _US.fullmatch(owner):
            out.append((owner, match.lastgroup or ("customer" if match.re is _SUBJECT_VERB else "investment")))
    for match in (
        _WHICH_WE.finditer(sentence) if "which" in sentence else ()
    ):  # "Lakeshore Fasteners, which we acquired"
        owner = org_before(sentence, match.start())
        if owner:
            if match.group("verb") in ("acquired", "purchased", "bought"):
                out.append((owner, "acquisition"))
            else:  # engaged/hired/retained: a provider of services or goods is a supplier
                out.append((owner, "supply" if re.search(r"provider|supplier|vendor", sentence) else "other"))
    return out


def find_partners(
    sources: list[str], issuer: str | None, exclude: list[str], headline: str | None = None
) -> tuple[list[Partner], dict[str, list[Ticker]]]:
    """Partners named in the `sources` paragraphs (body and the issuer's About section) and the headline; also
    returns tickers written after partner names. A name from the headline takes its fuller form from the body
    ("Aldermoor Mining" -> "Aldermoor Mining plc")."""
    partners: list[Partner] = []
    tickers: dict[str, list[Ticker]] = {}
    headline_names: set[str] = set()
    definitions: dict[str, str | None] = {}
    joined = "\n\n".join(sources)
    body = joined[:200000]

    fuller: dict[tuple[str, bool], str] = {}  # a name is looked up in the body once (it is often offered again)

    def add(
        name: str, relation: str, evidence: str, found_tickers: list[Ticker], from_headline: bool, party: bool = False
    ) -> None:
        """`party`: named as the other side of a supply or purchase agreement (a government body that buys is a
        customer; regulators, exchanges and wires sign no such agreement, so the name filter is not applied)."""
        if name not in definitions:  # the same name comes up at every mention: look it up once
            definitions[name] = defined_as(name, body)
        defined = definitions[name]
        if defined == "":
            return
        key = (defined or name, from_headline and defined is None)
        if key not in fuller:
            fuller[key] = fuller_name(key[0], body, loose=key[1])
        name = fuller[key]
        if "$" in name or "€" in name or "£" in name:
            name = _MONEY_TAIL.sub("", name)  # "Gamma Pharma for US$500": a price read on as a name
        if (
            not name
            or (is_non_partner(name) and not party)
            or (issuer and same_org(name, issuer))
            or len(partners) >= 40
        ):
            return
        if any(same_org(name, other) for other in exclude):
            return
        known = next((p for p in partners if same_org(name, p.name)), None)
        if known is not None:
            if known.name in headline_names and known.relation in _GENERIC and relation not in _GENERIC:
                known.relation = relation  # type: ignore[assignment]  # the body says more than the headline
            return
        if not any(c.isalpha() for c in name) or is_title(name) or is_date_fragment(name):
            return
        partners.append(Partner(name=name, relation=relation, evidence=fold(evidence)[:600]))  # type: ignore[arg-type]
        if from_headline:
            headline_names.add(name)
        if found_tickers:
            tickers[name] = found_tickers

    for sentence, lower, starts, subject_verb, from_headline in _sentences_to_read(sources, joined, headline):
        subject: str | None = None
        subject_known = False  # worked out on the first deal phrase only (most sentences have none)
        for match in _deal_phrases(lower, starts):
            kind = match.lastgroup or "other"
            if not subject_known:
                subject = None if from_headline else _foreign_subject(sentence, issuer)
                subject_known = True
            if subject:  # "Quantum Widgets entered into a supply agreement with Beta": not the issuer's deal
                rest = sentence[match.end() :]
                if _US.match(rest) or (issuer and rest.startswith(issuer.split()[0])):
                    subject_relation = _relation(kind, match.group())
                    if subject_relation == "supply" and "purchase" in match.group():
                        subject_relation = "customer"  # "X signed a purchase agreement with the Company": X buys
                    add(subject, subject_relation, sentence, [], False)  # "X signed ... with the Company"
                continue
            if kind == "investment" and "led" in match.group():
                if not _FINANCING.search(sentence) or _UNDERWRITING.search(lower):
                    continue  # growth "led by demand"; an offering "led by" its underwriters
            if _foreign_owner(sentence, match.start(), issuer):
                continue
            if kind == "customer" and "selected" in match.group() and _AWARDISH.search(lower):
                continue  # "selected by Frost & Sullivan for its 2024 award": an award giver, not a customer
            relation = _relation(kind, match.group())
            if (
                kind == "acquisition"
                and match.group().startswith(("sold", "sell"))
                and not _ASSET.search(match.group())
            ):
                relation = "customer"  # "sells its products to X": a buyer, not an acquirer
            if kind == "collaboration" and match.group().rstrip().endswith(",") and _HOLDER.search(lower):
                relation = "investment"  # "funded by the Company's strategic partner, X, which holds 9.8%"
            if kind == "other" and relation == "other":
                relation = _relation("other", lower[max(0, match.start() - 40) : match.end() + 120])
                if relation == "other" and _OPTION_TO_BUY.search(lower):
                    relation = "acquisition"  # "its option agreement with X", "the option to purchase Y"
            if kind == "named":  # "announced the X Cooperative as a new regional partner, starting a supply ..."
                relation = next((r for r, p in _NAMED_KIND if p.search(lower, match.end())), "collaboration")
            rest = sentence[match.end() :]
            listed = read_list(rest)
            assets = [item for item in listed if is_asset(item[0], rest, item[2], from_headline)]
            if not from_headline and assets_of_list(listed, rest):
                assets = listed  # "a 100% interest in the X and Y projects": every item is a project
            listed = [item for item in listed if item not in assets]
            if not listed and kind == "acquisition" and not match.group().startswith(("sold", "sell", "divest")):
                seller = _seller(rest)  # "acquired a 14-property portfolio from funds managed by X"
                if seller:
                    add(seller, "acquisition", sentence, [], from_headline)
            trigger = match.group()
            if kind == "acquisition" and (trigger.startswith(("sold", "sell", "divest")) or "acquired by" in trigger):
                held = _HELD.search(sentence, max(0, match.start() - 200), match.end())
                owned = read_org(sentence[held.end() :]) if held else None
                if owned:  # "its portfolio company X ... to be acquired by Y": X changes hands too
                    add(_VERB_TAIL.sub("", owned[0]), "acquisition", sentence, [], from_headline)
            buys_from = kind == "acquisition" and "purchase" in trigger and "from" in trigger
            bare_purchase = kind == "acquisition" and bool(_BARE_PURCHASE.search(trigger))
            for name, found_tickers, end in listed:
                if _SECURITIES.match(rest, end):
                    continue
                if bare_purchase and (_SECURITY_NAME.search(name) or rest.startswith(("'", "’"), end)):
                    continue  # "to purchase Common Shares", "to purchase Beta's products": no company changes hands
                if buys_from:  # "purchases from X, part of Y, all the shares in Z": X sells Z
                    stake = _THEN_STAKE.match(rest, end)
                    target = read_org(rest[stake.end() :]) if stake else None
                    if target:
                        add(name, relation, sentence, found_tickers, from_headline)
                        add(target[0], relation, sentence, [], from_headline)
                    continue
                if kind == "named" and _PERSON_SHAPE.fullmatch(name) and not match.group().rstrip().endswith("the"):
                    continue  # "named Jane Roe as a partner": a person joining a firm
                if kind == "acquisition":
                    name = _BUSINESS_TAIL.sub("", name)  # "Acquires Gryphon Scientific Business": the business of X
                    then_from = _THEN_FROM.match(rest, end)
                    if then_from:
                        seller = read_org(rest[then_from.end() :])
                        if seller:
                            name = seller[0]
                if from_headline:
                    name = headline_name(name)
                    descriptor = _DESCRIBED.match(rest, end)  # "acquires Finnish sawmill group Lapin Puu Oy"
                    if " " not in name and descriptor:
                        named = read_org(rest[descriptor.end() :])
                        if named is None:
                            continue
                        name = named[0]
                item_relation = relation
                buys = "purchase" in match.group()  # the issuer buys: "a purchase agreement with X for ..."
                if relation in ("supply", "other") and not buys and _WE_SUPPLY.match(rest, end):
                    item_relation = "customer"  # "an agreement with X to supply ... to X": X buys from the issuer
                party = kind in ("other", "supply") and relation in ("supply", "customer")  # by the deal words
                add(name, item_relation, sentence, found_tickers, from_headline, party)
        if subject_verb and not from_headline:
            for name, relation in _subject_partners(sentence, issuer):
                add(name, relation, sentence, [], False)
    if issuer:  # "<issuer> and <Org> (also) announced that ...": a body-level joint announcement
        joint_word = issuer.split()[0] + " "
        joint_gate = re.compile(re.escape(joint_word) + r"[^;\n]{0,60}?\band\s[^;\n]{2,160}?\sannounce")
        for para in sources:
            if joint_word in para and " announce" in para and joint_gate.search(para):
                for sentence in split_sentences(para[:20000]):
                    if sentence.startswith(joint_word) and "announce" in sentence:
                        for name in joint_announcers(sentence[:_MAX_SENTENCE], issuer):
                            add(name, "collaboration", sentence, [], False)
    return partners, tickers

"""Organisations: the issuer and co-issuers from the lead sentence, organisations named right before a ticker
parenthetical, and the cross-check of the issuer with `SOURCE` lines, "About" headings and feed hints.

Lead shapes: `X (NASDAQ: A), a ..., today announced`, `X ("X" or the "Company") (TSX: A)`,
`X (NYSE: A) and Y (NASDAQ: B) today announced`, `X, a ..., and Y, a ..., today announced`, `X, the Y (ABBR) and
Z today announced`. In law-firm shareholder alerts the firm leads the sentence and the ticker belongs to the company
named before it, so the issuer is the firm. What comes before the name (cashtags, labels, descriptors) and which
candidates are no organisation (places, titles, legends) is in `bot.parser.orgshape`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.models import Ticker
from bot.parser.orgshape import (
    VERB_WORD,
    cut_by_descriptor,
    descriptor_end,
    is_place,
    is_title,
    not_an_org,
    strip_openers,
    subject_name,
)
from bot.parser.text import CORP_SUFFIXES, NOT_NAME_START, org_key, read_org
from bot.parser.tickers import TickerMention, parse_listings

_PARENS = re.compile(r"\s*,?\s*\(([^()]{0,160})\)")  # also "Acme Inc., (NASDAQ: ACME)"
_JOINT_VERB = re.compile(
    r"\s*(?:,\s*)?(?:(?:today|jointly|together|have|has|recently|both)\s+)*"
    r"(?:announced|announce|announces|reported|report|said|entered|enter|signed|sign|unveiled|launched|completed|"
    r"agreed|formed|form|established|are\s+pleased|is\s+pleased|plan|will)\b",
    re.IGNORECASE,
)
_PLACE_SEGMENT = re.compile(r"\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}),")
# ", Marla Kovac, President & CEO, is pleased": a person and a title between commas after the tickers
_TITLE_APPOSITIVE = re.compile(r",\s+([^,;()]{2,80}),")
_EMPLOYER = re.compile(r"\s(?:of|at)\s+(?:the\s+)?(?=[A-Z])")
# The issuer's alias in its own parenthetical: ("Norvik", OSE:NVK), ("Acme" or the "Company")
_ALIAS_PAREN = re.compile(r"\s*\([\"“'‘][^():]{1,80}\)$")
_ALIAS_SPLIT = re.compile(r"\s*(?:,|;|\bor\b)\s*")
_BOARD = re.compile(
    r"(?:the\s+)?(?:(?:management|supervisory|executive)\s+)?board(?:\s+of\s+directors)?\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_THE = re.compile(r"^The\s+(?=[A-Z])")
# Openers that refer to another release or correct one before the real lead: the company is not written first.
_PREAMBLE = re.compile(
    r"(?:Reference\s+is\s+made|With\s+reference\s+to|Further\s+to|Following\s+(?:the|its)\s+announcement|"
    r"(?:In|Further\s+to)\s+(?:a|the|its)\s+(?:press\s+)?(?:release|announcement)|Please\s+(?:replace|note|see)|"
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Last|Final)\s+"
    r"(?:paragraph|sentence|bullet|table)s?\b|"
    r"(?:This|The)\s+(?:updated|corrected|amended)?\s*(?:press\s+)?(?:release|announcement)\s+"
    r"(?:replaces|corrects|updates|amends|reads))",
    re.IGNORECASE,
)
# A dateline the dateline rules did not take ("HOUSTON -- Acme Inc. ...", "VICTORIA, BRITISH COLUMBIA, CANADA
# (May 6, 2024) Acme Corp."): an upper-case place, then a dash or a date in parentheses.
_PLACE_DASH = re.compile(
    r"[A-Z][A-Z.'\-]{1,20}(?:\s[A-Z][A-Z.'\-]{1,20}){0,2}(?:,\s*[A-Z][A-Za-z.]{1,20}(?:\s[A-Z][A-Za-z.]{1,20}){0,2}){0,3}"
    r"\s*(?:[-–—]{1,2}|\([A-Z][a-z]{2,8}\.?\s\d{1,2},\s\d{4}\))\s+(?=[A-Z])"
)
# A subheadline taken for the lead ("Adds two new directors ..."): it opens with a verb, not a name.
_VERB_OPENER = frozenset(
    """adds announces reports launches receives signs enters names appoints completes closes wins expands acquires
    provides secures introduces unveils declares raises delivers achieves increases updates confirms expects posts
    sees targets plans includes marks reaches extends strengthens""".split()
)
_APPOSITIVE = re.compile(r",\s+(?:a|an|the|one|which|who)\s[^,;]{0,200},")
# ", N.A.," / ", B.V.,": a legal-form suffix written after a comma belongs to the name before it
_COMMA_SUFFIX = re.compile(r",\s*([A-Za-z][A-Za-z./]{0,9})(?=,|\s+[a-z(])")
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+&\s+)(?:the\s+(?=[A-Z]))?(?=[A-Z0-9]|[a-z][A-Z])")
NON_PARTNER_KEYS = frozenset(
    """fda|u s food and drug administration|us food and drug administration|food and drug administration|ema|
    european medicines agency|sec|securities and exchange commission|u s securities and exchange commission|
    health canada|nmpa|pmda|mhra|cms|european commission|chmp|nasdaq|nyse|tsx|tsx venture exchange|
    new york stock exchange|london stock exchange|globenewswire|globe newswire|pr newswire|prnewswire|
    business wire|businesswire|cision|accesswire|newsfile|newsfile corp|marketwired|cnw|eqs|eqs group|
    otc markets|otc markets group|sedar|sedar+|edgar|finra|ftc|doj|department of justice|irs|nih""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)


_REGULATOR = re.compile(
    r"\b(?:Competition|Regulatory|Securities|Drug|Medicines|Financial\s+(?:Conduct|Supervisory))\s+"
    r"(?:\w+\s+)?(?:Authority|Commission|Agency|Administration|Bureau|Board|Office)\b|\bMinistry\s+of\b|"
    r"\bDepartment\s+of\s+(?:Justice|Health|Energy|Commerce|Defense|the\s+Treasury)\b"
)


@dataclass
class LeadOrgs:
    """The lead sentence's organisations: issuer first, then co-issuers, each with the tickers written after it."""

    names: list[tuple[str, list[Ticker]]] = field(default_factory=list)


def _after_name(text: str, pos: int) -> tuple[list[Ticker], int]:
    """Tickers in the parentheticals right after `pos` (aliases like ("Acme") skipped); returns (tickers, end)."""
    tickers: list[Ticker] = []
    for _ in range(4):
        match = _PARENS.match(text, pos)
        if not match:
            break
        tickers.extend(t for t in parse_listings(match.group(1)) if t not in tickers)
        pos = match.end()
    return tickers, pos


def _aliases(text: str, start: int, end: int) -> set[str]:
    """Name keys of the short forms given in the parentheticals between `start` and `end` ("(Norvik, OSE:NVK)",
    "("Acme" or the "Company")"): the issuer's own aliases, never co-issuers."""
    keys: set[str] = set()
    for match in _PARENS.finditer(text, start, end):
        for part in _ALIAS_SPLIT.split(match.group(1)):
            part = part.strip(" \"“”'‘’")
            if part[:1].isupper() and ":" not in part:
                keys.add(org_key(part))
    return keys


def _subject_fallback(text: str) -> LeadOrgs:
    """The issuer of a lead that does not open with it (`subject_name`), unless that is a regulator or a place."""
    name = subject_name(text)
    if name and not is_non_partner(name) and not is_place(name):
        return LeadOrgs(names=[(_THE.sub("", name), [])])
    return LeadOrgs()


def lead_orgs(lead: str) -> LeadOrgs:
    """Issuer and co-issuers from the lead sentence (the text right after the dateline).

    Before the name: cashtag runs, run-in labels and descriptors ("Software company X") are skipped. A lead
    that names no organisation first falls back to the organisation its first sentence defines or quotes.
    """
    out = LeadOrgs()
    text = strip_openers(lead)
    if _PREAMBLE.match(text):
        return out  # the caller looks for the organisation written with its ticker instead
    place = _PLACE_DASH.match(text)
    if place:
        text = text[place.end() :]
    described = descriptor_end(text)
    if described:
        text = text[described:]
    first = read_org(text)
    if first is None:
        return _subject_fallback(text)
    name, end = first
    if " " not in name and (name.lower().endswith(("ing", "ly")) or name.lower() in _VERB_OPENER):
        return out  # "Responding to ...", "Separately, ...", "Adds two directors": not an organisation
    if cut_by_descriptor(text, name, end):
        return _subject_fallback(text)
    board = _BOARD.match(name)
    if board:
        name = name[board.end() :]
    name = _THE.sub("", name)
    suffix_end = skip_comma_suffix(text, end)
    if suffix_end != end:
        name, end = name + text[end:suffix_end].rstrip(","), suffix_end
    tickers, pos = _after_name(text, end)
    if not_an_org(name, tickers):
        return out
    if not tickers:
        person = _TITLE_APPOSITIVE.match(text, pos)
        if person and is_title(person.group(1)):  # "Jane Doe, CEO of Acme Inc., today announced"
            employer = _EMPLOYER.search(person.group(1))
            found = read_org(person.group(1)[employer.end() :]) if employer else None
            return LeadOrgs(names=[(_THE.sub("", found[0]), [])]) if found else out
    alias_span = (end, pos)
    out.names.append((name, tickers))
    limit = _Limit(text, pos)
    while len(out.names) < 4:
        item = _list_item(text, pos, limit)
        if item is None:
            appositive = _APPOSITIVE.match(text, pos)
            if appositive and appositive.end() < limit.at():
                pos = appositive.end() - 1
                place_part = _PLACE_SEGMENT.match(text, pos + 1)  # "based in San Diego, California,"
                if place_part and is_place(place_part.group(1)):
                    pos = place_part.end() - 1
            item = _list_item(text, pos, limit)
        if item is None:
            break
        other, tickers, pos = item
        key = org_key(other)
        if (org_key(name) + " ").startswith(key + " ") or key in _aliases(text, *alias_span):
            break  # "Fjordane Subsea ASA (Fjordane, OSE:FJS), Fjordane has completed": the issuer again
        out.names.append((other, tickers))
    return out


class _Limit:
    """Where the lead's verb ("announced", "signed") starts after the issuer, else 300 characters on (or the
    end): co-issuers are named before it. Searched when first needed (most leads name one organisation)."""

    def __init__(self, text: str, pos: int) -> None:
        self.text, self.pos, self.value = text, pos, -1

    def at(self) -> int:
        if self.value < 0:
            verb = VERB_WORD.search(self.text, self.pos)
            self.value = verb.start() if verb else min(len(self.text), self.pos + 300)
        return self.value


def _list_item(text: str, pos: int, limit: _Limit) -> tuple[str, list[Ticker], int] | None:
    """The next organisation of a joint lead's subject list at `pos` (", Y (NYSE: B)", " and the Y (ABBR)"),
    when the list goes on or the joint verb follows it: (name, tickers, end) or None."""
    pos = skip_comma_suffix(text, pos)
    conj = _AND.match(text, pos)
    if not conj or conj.end() >= limit.at():
        return None
    nxt = read_org(text[conj.end() :])
    if nxt is None:
        return None
    other, other_end = nxt
    other = _THE.sub("", other)
    tickers, end = _after_name(text, conj.end() + other_end)
    if not tickers:
        person = _TITLE_APPOSITIVE.match(text, end)
        if person and is_title(person.group(1)):
            return None  # ", Marla Kovac, President & CEO, is pleased": the speaker, not an organisation
    if not_an_org(other, tickers):
        return None
    if _AND.match(text, end):
        return other, tickers, end
    if not tickers and "," in conj.group() and "and" not in conj.group() and "&" not in conj.group():
        return None  # "Acme Robotics, Inc., Boston, today announced": a seat, not the list's last item
    appositive = _APPOSITIVE.match(text, end)
    after = appositive.end() if appositive else end
    return (other, tickers, end) if _JOINT_VERB.match(text, after) else None


def skip_comma_suffix(text: str, pos: int) -> int:
    """`pos` moved past ", N.A." / ", B.V." when a legal-form suffix follows the comma at `pos` and another comma
    is followed by a comma or a lower-case word ("the holding company for Granite Bank, N.A., today"); else `pos`
    unchanged."""
    match = _COMMA_SUFFIX.match(text, pos)
    if match and match.group(1).lower() in _SUFFIXES_AFTER_COMMA:
        return match.end()
    return pos


_SUFFIXES_AFTER_COMMA = CORP_SUFFIXES | {"n.a.", "n.a", "fsb", "f.s.b."}


def org_before(text: str, end: int) -> str | None:
    """The organisation name that ends right before offset `end` in `text` ("... ImmunoGen, Inc. (" -> the
    name), reading back at most eight words; None when there is none."""
    window_start = max(0, end - 160, text.rfind("\n", 0, end) + 1)
    window = text[window_start:end].rstrip()
    for _ in range(2):  # 'Shalecrest Inc. ("Shalecrest" or the "Company") (TSXV: SHC)': skip the alias
        alias = _ALIAS_PAREN.search(window)
        if alias is None:
            break
        window = window[: alias.start()].rstrip()
    if not window:
        return None
    starts = [0] + [m.end() for m in _SPACES.finditer(window)]
    for start in starts[-9:]:
        piece = window[start:]
        first = piece.split(" ", 1)[0].lower()
        if not piece or not _may_start_name(piece) or (first in NOT_NAME_START and first != "new"):
            continue  # "New" may open a name: `read_org` decides
        found = read_org(piece)
        if found and found[1] >= len(piece.rstrip(" ,")) - 1:
            return found[0]
    return None


_SPACES = re.compile(r"\s+|--+")  # a name may start after a space or after a wire tag's dashes


def _may_start_name(piece: str) -> bool:
    """False when `read_org` cannot read a name at the start of `piece`: its first word starts with neither an
    upper-case letter, a digit, nor a lower-case letter followed by an upper-case one ("iRobot")."""
    first = piece[0]
    if first.isupper() or first.isdigit() or first.isspace():
        return True
    return first.islower() and any(c.isupper() for c in piece[1:4])


_THE_COMPANY = re.compile(r"(?:the\s+)?company(?:['’]s)?\b", re.IGNORECASE)


def ticker_owners(text: str, mentions: list[TickerMention]) -> list[tuple[str, list[Ticker]]]:
    """(organisation, tickers) for each ticker mention whose owner can be read before it."""
    owners: list[tuple[str, list[Ticker]]] = []
    for mention in mentions:
        owner = org_before(text, mention.start)
        if owner is None:  # "Cardinal Ridge's common stock trades on ... under the symbol": the sentence subject
            start = max(text.rfind(". ", 0, mention.start) + 2, text.rfind("\n", 0, mention.start) + 1)
            subject = text[start : mention.start]
            owner = "the Company" if _THE_COMPANY.match(subject) else None
            found = read_org(subject) if owner is None else None
            owner = found[0] if found else owner
        if owner:
            owners.append((owner, mention.tickers))
    return owners


_KEY_PUNCT = re.compile(r"[^\w&+\s]")


def is_non_partner(name: str) -> bool:
    """Regulators, exchanges, wires and filing systems: never partners (they are mentioned, not dealt with)."""
    key = " ".join(w for w in _KEY_PUNCT.sub(" ", name.lower()).split() if w != "the")
    return (
        key in NON_PARTNER_KEYS or "stock exchange" in key or key.endswith(" newswire") or bool(_REGULATOR.search(name))
    )


def pick_issuer(
    lead: LeadOrgs, source: str | None, hint: str | None, abouts: list[str], headline: str | None
) -> str | None:
    """The issuer's name: the lead sentence's first organisation; else the `SOURCE` line, the feed hint, the
    first "About" heading, or the organisation that starts the headline."""
    if lead.names:
        return lead.names[0][0]
    for candidate in (source, hint, *abouts[:1]):
        if candidate:
            return candidate
    return _headline_subject(headline) if headline else None


_HEADLINE_VERB = re.compile(
    r"\s(?:\([^()]{1,40}\)\s)?(?:Announces?|Reports?|Launch(?:es)?|Receives?|Signs?|Enters?|Names?|Appoints?|to|"
    r"Completes?|Closes?|Wins?|Partners?|Expands?|Acquires?|Provides?|Secures?|Introduces?|Unveils?|Files?|"
    r"Declares?|Prices?|Raises?|Joins?|Celebrates?|Opens?|Agrees?|Achieves?|Adds?|Awarded|Named|Selected|"
    r"Increases?|Updates?|Confirms?|Publishes?|Presents?|Releases?|Submits?|Initiates?|Doses?|Begins?|Starts?|"
    r"Schedules?|Issues?)\b"
)


_HEADLINE_LABEL = re.compile(r"([A-Z][\w&.'’-]*(?:\s+[\w&.'’/-]+){0,5}):\s")


def _headline_subject(headline: str) -> str | None:
    """The organisation a headline opens with, before its verb ("Gamma Bio (GMBO) to Present ..." -> "Gamma
    Bio") or as its run-in label with a corporate suffix ("Nordhavn Energi ASA: Registration of ..."); None when
    the headline has neither (then it may not start with a name at all)."""
    label = _HEADLINE_LABEL.match(headline)
    if label and label.group(1).split()[-1].lower() in CORP_SUFFIXES:
        return label.group(1)
    verb = _HEADLINE_VERB.search(headline, 0, 160)
    if verb is None:
        return None
    found = read_org(headline[: verb.start()])
    return found[0] if found and found[1] >= verb.start() - 1 else None

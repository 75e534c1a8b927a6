"""What an organisation looks like at the start of a lead: the openers to skip before its name (cashtag runs,
run-in labels, adverbial openers, company-type descriptors), the candidates the name reader accepts that are no
organisation (places, job titles, contact headings, upper-case legend phrases), and the organisation of a lead
that does not open with one (an acronym it defines, "according to X").

Rules come from real wire leads (Business Wire cashtags `---- $ABCD--`, GlobeNewswire law-firm alerts `Why:`,
descriptor-first leads `Software intelligence company X`, distribution legends `NOT FOR RELEASE ...`).
"""

from __future__ import annotations

import itertools
import re

from bot.parser.dateline import COUNTRIES
from bot.parser.models import Ticker
from bot.parser.people import TITLE_WORDS
from bot.parser.text import CORP_SUFFIXES, read_org

# A run-in label before the lead, any case: "WHY:", "Why:", "So What:", "Editor's note:" (at most five words)
_LABEL = re.compile(r"[A-Z][\w'’]*(?:\s+[\w'’]+){0,4}:\s+(?=[A-Z\"“])")
# Business Wire cashtags / hashtags between the wire mark and the lead: "---- $ABCD--", "#DLT --", "$AB, $CD --"
_TAG_RUN = re.compile(r"[\s\-–—]*(?:[$#][A-Za-z][\w.]{0,20}[\s,]*)+[\-–—]+\s*")
# A descriptor before the name: "Software intelligence company Acme", "Leading securities law firm X LLP"
_DESCRIPTOR = re.compile(
    r"(?:[\w&'’.-]+\s+){1,6}?[a-z-]*(?:company|firm|provider|maker|developer|manufacturer|leader|bank|platform|"
    r"startup|start-up|specialist|pioneer|innovator|producer|supplier|insurer|operator|retailer|group|agency|"
    r"nonprofit|non-profit|organi[sz]ation|consultancy|distributor|lender|brand|biotech|network|miner|explorer|"
    r"utility|airline|carrier|giant|unicorn|manager|designer|publisher|studio|chain|marketplace|vendor|"
    r"integrator|institution|REIT|fund|subsidiary)\s+(?=[A-Z])"
)
# An adverbial opener before the subject: "Today, Acme ...", "On March 3, 2025, Acme ...", "Earlier today, ..."
_OPENER = re.compile(
    r"(?:Today|Yesterday|Tonight|Earlier\s+today|This\s+(?:morning|week)|Effective\s+immediately|"
    r"On\s+[A-Z][a-z]+(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,\s*\d{4})?)\s*,\s+(?=[A-Z])"
)
# Words that follow an organisation written as a sentence's subject ("Acme today announced", "Acme has ..."); a
# single capitalised word followed by any other lower-case word is an adjective or noun ("Worldwide spending").
_SUBJECT_NEXT = frozenset(
    """today yesterday tonight earlier later late early now then again already just first once last next this
    also recently previously subsequently further together jointly hereby officially formally proudly and or
    has have had is are was were will would can could may might shall should must does did do on in at for of
    with through via to from said won took made sold became began grew rose fell saw set led hit held paid bought
    built met put got gave struck drew chose brought kept left lost ran sent spent told went wrote beat cut shut
    let bid broke dealt drove found fought froze knew lent meant overcame oversaw rebuilt sought shed shook shot
    slid sped split spread stood swung taught threw upheld withdrew underwent undertook broadcast bet sank
    tore""".split()
)
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")
# "(NHFC)" after "National Housing Finance Corporation": an acronym defined by the words before it
_ACRONYM = re.compile(r"\s\(([A-Z][A-Za-z&]{1,7})\)")
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:(?:a|an|the)\s+[^,.;()]{0,60}?\s(?:from|by|of)\s+)?(?:the\s+)?(?=[A-Z])"
)
# A study as the subject: "New research from Acme Insights shows ...", "A new report by the X Institute finds ..."
_STUDY_BY = re.compile(
    r"(?:[A-Z]\w*\s+){0,3}(?:[a-z-]+\s+){0,3}(?:research|report|analysis|survey|study|data|forecast|guide|"
    r"index|ranking|poll|findings)\s+(?:from|by|of)\s+(?:the\s+)?(?=[A-Z])"
)
_ORG_WORDS = re.compile(
    r"\b(?:Group|Research|Institute|Association|Council|Foundation|Insights|Partners|Agency|Corporation|Company|"
    r"Bank|Society|Federation|Alliance|Consortium|University|Authority|Network|Intelligence|Analytics|Trust|Fund|"
    r"Institution|Cent(?:er|re)|Hospital|Clinic|College|Laborator(?:y|ies)|Labs|Systems|Technologies|Therapeutics|"
    r"Pharmaceuticals|Holdings|Industries|Services|Organi[sz]ation|Union|League|Coalition)\b"
)
# Upper-case words of legends and headings ("NOT FOR RELEASE, DIRECTLY OR INDIRECTLY"): never inside a name
# written in capitals, which carries a corporate suffix or a ticker instead.
_CAPS_FUNCTION = frozenset({"NOT", "FOR", "OR", "TO", "IN", "INTO", "BY", "WITH", "FROM", "ON", "AT", "ANY", "NO"})
# Places are never organisations: countries (the dateline list), US states, Canadian provinces and the usual
# abbreviations written after a city ("based in San Diego, California,").
_PLACES = COUNTRIES | frozenset(
    " ".join(place.split())
    for place in """alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|
    hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|
    missouri|montana|nebraska|nevada|ohio|oklahoma|oregon|pennsylvania|tennessee|texas|utah|vermont|virginia|
    washington|wisconsin|wyoming|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|
    rhode island|south carolina|south dakota|west virginia|district of columbia|alberta|british columbia|
    manitoba|new brunswick|nova scotia|ontario|prince edward island|quebec|québec|saskatchewan|
    newfoundland and labrador|northwest territories|yukon|nunavut|calif|ariz|colo|conn|fla|ill|ind|kan|ky|la|
    mass|md|mich|minn|miss|mo|mont|neb|nev|okla|ore|pa|tenn|tex|va|vt|wash|wis|wyo|n j|n y|n c|n h|s c|d c|
    b c""".split("|")
)
_NOT_AUTHOR = frozenset({"phase", "stage", "part", "cohort", "study", "trial", "trials", "program", "programme"})
_HEADING_WORDS = frozenset({"contact", "contacts", "relations", "inquiries", "enquiries"})
# The verb of a lead sentence ("Acme Inc. ... today announced"): co-issuers are named before it.
VERB_WORD = re.compile(
    r"\b(?=[A-Za-z])(?:announced|announce|announces|reported|report|said|entered|enter|signed|sign|unveiled|launched|"
    r"completed|agreed|formed|form|established|pleased|plan|will)\b",
    re.IGNORECASE,
)


# A date fragment read as a name when a dateline is not taken whole ("Nov. 6", "2025-- Quantiva Systems, Inc."):
# a month (abbreviated or not) and a day, or a number and a dash run.
_DATE_FRAGMENT = re.compile(
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?!\d)|\d{1,4}\s*(?:[-–—]{2}|[-–—]\s))"
)


# The date of a dateline left before the lead ("Nov. 6, 2025-- Acme Inc. ...", "2025-- Acme Inc."): skipped.
_DATE_OPENER = re.compile(
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*)?\d{4}"
    r"\s*(?:[-–—]{1,2}|/)\s*(?=[A-Z])"
)


def is_date_fragment(name: str) -> bool:
    """True when `name` opens with a month and a day or with a number and a dash run, or holds a double dash
    ("Nov. 6", "2025-- Acme Inc.", "YORK--(BUSINESS WIRE)--Acme Inc."): a piece of a dateline, never an
    organisation."""
    return "--" in name or bool(_DATE_FRAGMENT.match(name))


def is_place(name: str) -> bool:
    """True for a country, US state or Canadian province as written ("California", "Calif.", "N.J.")."""
    lower = name.lower().strip()
    return lower.rstrip(".") in COUNTRIES or " ".join(lower.replace(".", " ").split()) in _PLACES


def not_an_org(name: str, tickers: list[Ticker]) -> bool:
    """Candidates the name reader accepts but that are no organisation: places, title runs ("President & CEO"),
    upper-case legend phrases ("DIRECTLY OR INDIRECTLY") without a corporate suffix or ticker."""
    words = name.replace(",", " ").split()
    if (
        is_place(name)
        or is_date_fragment(name)
        or is_heading(name)
        or all(w.lower() in TITLE_WORDS or w.lower() in ("&", "and", "of") for w in words)
    ):
        return True
    if tickers or not name.isupper():
        return False
    return not has_suffix(name) and any(w.strip(".") in _CAPS_FUNCTION for w in words)


def is_heading(text: str) -> bool:
    """True for a contact heading read as a name ("Media Contact", "Investor Relations", "Press Inquiries")."""
    return text.rstrip(": ").rsplit(None, 1)[-1].lower() in _HEADING_WORDS


def has_suffix(name: str) -> bool:
    """True when a word after the first is a corporate suffix ("Nordhavn Energi ASA", "ACME HOLDINGS, INC.")."""
    words = name.replace(",", " ").split()[1:]
    return any(w.lower() in CORP_SUFFIXES or w.lower().rstrip(".") in CORP_SUFFIXES for w in words)


def is_title(text: str) -> bool:
    """True when `text` is a job title ("President & CEO", "Chief Executive Officer and Director")."""
    return any(w.lower().strip(".&") in TITLE_WORDS for w in text.split()[:6]) and text[:1].isupper()


def descriptor_end(text: str) -> int:
    """The offset after a lower-case descriptor that ends in a company-type noun and precedes the name
    ("Cloud observability company Acme" -> offset of "Acme"); 0 when the text opens otherwise."""
    match = _DESCRIPTOR.match(text)
    if not match or VERB_WORD.search(match.group()):
        return 0
    words = match.group().split()
    for before, word in itertools.pairwise(words):
        if (word.lower() in _SUBJECT_NEXT or (word.endswith("ed") and "-" not in word)) and not before.endswith("ly"):
            return 0  # "Acme has acquired software company Beta": a sentence ("privately held company": a descriptor)
    return match.end()


def cut_by_descriptor(text: str, name: str, end: int) -> bool:
    """True when a one-word "name" is an adjective or noun opening the sentence: a lower-case word follows that
    is no verb or sentence link ("Worldwide spending", "Software intelligence")."""
    if " " in name:
        return False
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return word not in _SUBJECT_NEXT and not word.endswith(("ed", "s", "ly"))


def _defined_by_acronym(sentence: str) -> str | None:
    """The first organisation in `sentence` followed by its acronym, when the acronym spells the initials of
    its capitalised words ("National Housing Finance Corporation (NHFC)")."""
    for match in _ACRONYM.finditer(sentence):
        acronym = match.group(1).replace("&", "").upper()
        words = sentence[: match.start()].split()[-12:]
        initials = ""
        for index in range(len(words) - 1, -1, -1):
            word = words[index]
            if word[:1].isupper():
                initials = word[0] + initials
                if initials == acronym:
                    return " ".join(words[index:]).strip(",;:")
            elif word.lower() not in ("and", "of", "for", "the", "&", "de", "on", "in"):
                break
            if len(initials) > len(acronym):
                break
    return None


def _according_to(sentence: str) -> str | None:
    """The organisation of "..., according to ABC Research." when it is written like one (an acronym, a corporate suffix
    or an organisation word), not like a person."""
    match = _ACCORDING.search(sentence)
    found = read_org(sentence[match.end() :]) if match else None
    if found is None:
        return None
    name = found[0]
    last = name.split()[-1].lower()
    if (name.isupper() and len(name) <= 8) or last in CORP_SUFFIXES or _ORG_WORDS.search(name):
        return name
    return None


def strip_openers(lead: str) -> str:
    """The lead (first 700 characters) without a cashtag/hashtag run, a dateline's date, an adverbial opener and a
    run-in label ("$ABCD--", "Nov. 6, 2025--", "Today, ", "Why: "); the label only when a name follows and it is
    no name or heading itself."""
    text = lead[:700]
    tags = _TAG_RUN.match(text)
    if tags:
        text = text[tags.end() :]
    dated = _DATE_OPENER.match(text)
    if dated:
        text = text[dated.end() :]
    opener = _OPENER.match(text)
    if opener:
        text = text[opener.end() :]
    label = _LABEL.match(text)
    words = label.group().rstrip().rstrip(":") if label else ""
    if label and not has_suffix(words) and not is_heading(words):  # not "Nordhavn ASA: ...", "Media Contact: ..."
        rest = text[label.end() :]
        found = read_org(rest)
        if found and not cut_by_descriptor(rest, *found):  # not "Nordhavn: Interim report ..."
            text = rest
    return text


def subject_name(text: str) -> str | None:
    """The organisation of a lead that does not open with it: the one its first sentence defines with an acronym
    (and that carries an organisation word or suffix), else the author of the study that is the subject ("New
    research from Acme Insights shows"), else the one the sentence quotes ("according to ABC"); None when none."""
    stop = text.find(". ")
    sentence = text[: stop + 1 if stop > 0 else 400]
    name = _defined_by_acronym(sentence)
    if name and (_ORG_WORDS.search(name) or has_suffix(name)):  # not "Chronic Kidney Disease (CKD)"
        return name
    study = _STUDY_BY.match(sentence)
    found = read_org(sentence[study.end() :]) if study else None
    if found and not any(w.isdigit() or w.lower() in _NOT_AUTHOR for w in found[0].split()):
        return found[0]  # not "New data from the Phase 3 trial"
    return _according_to(sentence)

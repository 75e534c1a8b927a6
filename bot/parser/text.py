"""Text helpers shared by the extraction modules: sentence splitting, organisation-name reading, name folding.

All functions are linear in their input: regexes here have no nested quantifiers, and the name reader walks at
most `ORG_MAX_WORDS` words.
"""

from __future__ import annotations

import functools
import re

# Words after which a period does not end a sentence (titles, corporate suffixes, months, common abbreviations).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st inc corp co ltd no nos vs etc e.g i.e u.s u.k u.s.a ph.d m.d jan feb mar apr
    jun jul aug sep sept oct nov dec mass calif conn fla ill md mich minn wash penn pa va wis ariz colo ga ind
    ky la mo neb nev n.j n.y n.c n.h okla ore tenn tex s.a n.v b.v s.p.a p.a p.c l.p llc plc ag approx est dept
    fig gov int'l intl ave blvd mt ft s.c r.i n.m n.d s.d w.va del d.c b.c que ont alta sask man""".split()
)

# Corporate suffixes that may follow a name after a comma ("ImmunoGen, Inc.").
CORP_SUFFIXES = frozenset(
    """inc inc. incorporated corp corp. corporation co. ltd ltd. limited llc l.l.c. llp lp l.p. plc p.l.c. ag se sa
    s.a. n.v. nv b.v. bv gmbh ab asa a/s oyj oy s.p.a. spa k.k. pty p.a. p.c. ulc s.a.s. sas s.r.l. srl kgaa
    ltda. ltda s.l. pte""".split()
)

_UPPER_ONLY_SUFFIXES = frozenset({"ag", "se", "sa", "ab", "nv", "bv", "lp", "as", "spa", "sas", "srl", "co."})

# Lower-case words allowed inside an organisation name when a capitalised word follows ("Bank of America").
NAME_CONNECTORS = frozenset(
    "of for de du des la le der und et & + y di van von zu da do dos das del della og och af av".split()
)

# Capitalised words that start sentences or headings but never begin an organisation name.
NOT_NAME_START = frozenset(
    """today yesterday tomorrow please following further note notice additionally meanwhile separately shares
    investors customers patients researchers scientists officials analysts members consumers employees experts
    this these those the_ in on at as by for from with under during after before about
    while when where if its it our we his her their a an and or but according said commented added however
    also further each all both other such more most many some any several new january february march april
    may june july august september october november december monday tuesday wednesday thursday friday saturday
    sunday""".split()
)

GENERIC_ORG_WORDS = frozenset(
    """the a an company the company board management group partner partners investors shareholders customers team
    phase inc corp ltd llc plc ag contact contacts about media source why what who how""".split()
)

# Words after "and" that continue a firm's name rather than start another organisation ("Halvorsen and Company",
# "Harrowgate and Sons"): the traditional partnership tails of American and British firm names.
_AND_TAILS = frozenset({"company", "co.", "co", "sons", "partners", "associates", "affiliates", "brothers"})
_AND_TAIL = re.compile(r"\s+(?:and|&)\s+([A-Z][\w.]*)")
# Words that, after a possessive, name a part or an officer of the organisation, not the rest of its name
# ("Acme's Board of Directors", "Acme's Chief Executive Officer"): the possessive ends the name before them.
_POSSESSED = frozenset(
    """board boards chief ceo cfo coo cto cmo president chairman chair chairwoman founder co-founder cofounder
    director directors management executive executives vice senior head general annual shareholders stockholders
    common class series subsidiary subsidiaries parent fiscal first second third fourth q1 q2 q3 q4 new lead team
    acquisition proposal offer agreement stock shares phase""".split()
)
_POSSESSIVE_NEXT = re.compile(r"\s+([A-Z][\w&'’.-]*)")
# A possessive before a business unit is its owner: "Acme's Home and Personal care business", "Acme's Oilfield
# Services division" (the capitalised words name the unit, not an organisation of their own).
_UNIT_AFTER = re.compile(
    r"(?:\s+(?:[A-Z][\w&'’.-]*|and|&|of))*(?:\s+[a-z][\w-]*){0,3}\s+"
    r"(?:business(?:es)?|division|unit|segment|operations|assets|portfolio|product\s+line)\b"
)
# Trademark signs are not part of an organisation's name ("Acme®", "ACME®, Inc.", "Acme(TM)").
_MARKS = re.compile(r"[®™℠]|\((?:R|TM|SM)\)")
# Headline verbs never inside a name: a headline glued to the lead ("Acme Acquires Beta ... PR Newswire
# BOSTON, ...") ends the name before them.
_HEADLINE_VERBS = frozenset(
    """announces acquires enters launches receives signs completes closes expands introduces unveils appoints
    welcomes declares prices raises secures wins files joins""".split()
)
# Imperatives that never occur inside a name ("Contact Please direct ...": a heading glued to a sentence).
_NEVER_IN_NAME = frozenset({"please", "kindly"})

# Suffixes of several words (or with a parenthesis) that end a name: "Kasa24 Sp. z o.o.", "Norrsken AB (publ)".
MULTI_SUFFIX = re.compile(
    r",?\s*(?:Sp\.\s?z\s?o\.\s?o\.|\(publ\)|S\.\s?p\.\s?A\.|Pty\.?\s+Ltd\.?|Co\.,?\s+Ltd\.?|"
    r"GmbH\s+&\s+Co\.\s+KG(?:aA)?|"
    r"S\.A\.\s+de\s+C\.V\.|S\.A\.B\.\s+de\s+C\.V\.|Sdn\.?\s+Bhd\.?|Pte\.?\s+Ltd\.?|Public\s+Company\s+Limited)"
)
_MULTI_SUFFIX_FIRST = ",SPCG("  # the first character of a word that can open a `MULTI_SUFFIX` match
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")
_WORD = re.compile(r"\S+")
_KEY_PUNCT_RE = re.compile(r"[^\w&\s]")
_STRIP_TRAIL = ',;:)]"”’!?'


def fold(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=1024)
def split_sentences(paragraph: str, limit: int = 60) -> tuple[str, ...]:
    """Split a paragraph into sentences (at most `limit`; the rest stays in the last one).

    A period ends a sentence unless it follows a known abbreviation or a single initial ("J."), and the next
    word starts with an upper-case letter, a digit or a quote.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        if end >= len(paragraph):
            break
        nxt = paragraph[end]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“'("):
            continue
        if paragraph[match.start()] == ".":
            word_start = paragraph.rfind(" ", start, match.start()) + 1
            word = paragraph[word_start : match.start()].lstrip('("“').lower()
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or (len(word) <= 3 and "." in word):
                continue
        sentences.append(paragraph[start:end].strip())
        start = end
        if len(sentences) >= limit:
            break
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)


def _is_name_word(core: str) -> bool:
    if not core:
        return False
    first = core[0]
    if first.isupper() or first.isdigit():
        return True
    # camel-case brands: iRobot, eBay, uniQure
    return first.islower() and any(c.isupper() for c in core[1:4])


def _possessive_continues(window: str, end: int, trail: str) -> bool:
    """True when a word ending in "'s" (ending at `end`) is inside a name: another capitalised name word follows
    that is not a part or officer of the organisation, or a corporate suffix follows after a comma."""
    following = _POSSESSIVE_NEXT.match(window, end)
    if following is None:
        return False
    word = following.group(1).rstrip(_STRIP_TRAIL).lower()
    if trail.startswith(","):
        return trail == "," and (word in CORP_SUFFIXES or word.rstrip(".") in CORP_SUFFIXES)
    if trail or word in _POSSESSED or word in NOT_NAME_START:
        return False
    return _UNIT_AFTER.match(window, end) is None


def read_org(text: str, max_words: int = 9) -> tuple[str, int] | None:
    """Read an organisation name at the start of `text`: capitalised words, connectors between them ("of",
    "&"), "and Company"-style tails ("Halvorsen and Company"), a corporate suffix after a comma ("ImmunoGen, Inc."),
    and a possessive "'s" followed by more of the name ("Children's Health Network"); a possessive before a part
    or an officer ("Acme's Board", "Acme's CEO") ends the name. Trademark signs (®, ™, (R), (TM)) are dropped.

    Returns (name as written, end offset in `text`) or None when `text` does not start with a name. Memoised per
    release on the first line of `text` (the same name is read at several places).
    """
    cut = text.find("\n", 0, 240)  # a name never runs across lines
    window = text[: cut if cut >= 0 else 240]
    found = _read_org_line(window, max_words)
    if found is None and window.startswith(("New ", "NEW ")):
        found = _new_name(window, max_words)
    if found is None or not _MARKS.search(found[0]):
        return found
    name = _MARKS.sub("", found[0]).replace(" ,", ",").strip()
    return (name, found[1]) if len(name) >= 2 else None


def _new_name(window: str, max_words: int) -> tuple[str, int] | None:
    """A name opening with "New", which never starts a name on its own ("New data show ..."): kept when the rest
    is a name that ends in a corporate suffix or is followed by a ticker ("New Horizon Mining Inc.",
    "New Relic (NYSE: NEWR)")."""
    rest = _read_org_line(window[4:], max_words - 1)
    if rest is None:
        return None
    name, end = rest
    last = name.rsplit(None, 1)[-1].lower()
    after = window[4 + end :].lstrip()
    if last in CORP_SUFFIXES or last.rstrip(".") in CORP_SUFFIXES or (after[:1] == "(" and ":" in after[:24]):
        return window[:4] + name, end + 4
    return None


@functools.lru_cache(maxsize=4096)
def _read_org_line(window: str, max_words: int) -> tuple[str, int] | None:
    name_end = -1
    words = 0
    after_comma = False
    for match in _WORD.finditer(window):
        raw = match.group()
        if words and raw[0] in _MULTI_SUFFIX_FIRST:
            multi = MULTI_SUFFIX.match(window, match.start())
            if multi:
                name_end = multi.end()
                break
        if raw[0] in '("“[' or "--" in raw:  # a name word never holds a double dash ("YORK--(BUSINESS WIRE)--")
            break
        core = raw.rstrip(_STRIP_TRAIL)
        if core.endswith(("(R", "(TM", "(SM")) and raw[len(core) : len(core) + 1] == ")":
            core += ")"  # "Acme(TM) Corp.": a glued trademark sign, dropped from the name at the end
        lower = core.lower()
        if after_comma:
            if lower in CORP_SUFFIXES or lower.rstrip(".") in CORP_SUFFIXES:
                name_end = match.start() + len(core)
                if "," in raw[len(core) :]:  # "Co., Ltd.": another suffix may follow
                    continue
                break
            break
        possessive = lower.endswith(("'s", "’s"))
        if possessive:
            core = core[:-2]
            lower = lower[:-2]
        if words == 0:
            if lower in NOT_NAME_START or not _is_name_word(core):
                return None
        elif lower in NAME_CONNECTORS:
            if raw != core:  # punctuation right after a connector: not a name any more
                break
            continue
        elif lower == "and" and raw == core:
            tail = _AND_TAIL.match(window, match.start() - 1)
            if tail and tail.group(1).rstrip(_STRIP_TRAIL).lower() in _AND_TAILS:
                continue  # "Halvorsen and Company": the firm's own name goes on
            break
        elif (
            lower in _NEVER_IN_NAME
            or lower in _HEADLINE_VERBS
            or (not _is_name_word(core) and lower not in CORP_SUFFIXES)
        ):
            break
        period_end = core.endswith(".") and not (
            lower in CORP_SUFFIXES or lower.rstrip(".") in ABBREVIATIONS or len(lower) <= 2 or lower.count(".") > 1
        )
        if period_end:
            core = core[:-1]
        name_end = match.start() + len(core)
        words += 1
        trail = raw[len(core) :]
        is_suffix = words > 1 and (lower in CORP_SUFFIXES or lower.rstrip(".") in CORP_SUFFIXES)
        if is_suffix and lower in _UPPER_ONLY_SUFFIXES and not core.isupper():
            is_suffix = False  # "Pinegate Ag Sciences": "Ag" is a word here, "AG" would be a suffix
        if is_suffix and trail.startswith(","):
            after_comma = True
            continue
        if (
            possessive
            and not (core.isupper() and raw[len(core) + 1] == "s")
            and _possessive_continues(window, match.end(), trail[2:])
        ):  # "ABC's Unit" is a possessive; "HARTLEY'S Family Markets" a name
            name_end += 2  # "Children's Health Network", "Hartley's, Inc.": the "'s" belongs to the name
            possessive, trail = False, trail[2:]
        if possessive or period_end or is_suffix or words >= max_words:
            break
        if "," in trail:
            after_comma = True
            continue
        if trail:
            break
    if name_end <= 0:
        return None
    multi = MULTI_SUFFIX.match(window, name_end)
    if multi:
        name_end = multi.end()
    name = window[:name_end].strip()
    if name.lower() in GENERIC_ORG_WORDS or len(name) < 2:
        return None
    return name, name_end


@functools.lru_cache(maxsize=4096)
def org_key(name: str) -> str:
    """A comparison key for organisation names: lower case, punctuation and corporate suffixes dropped,
    a leading "the" dropped ("The ImmunoGen, Inc." and "ImmunoGen" share the key "immunogen")."""
    words = _KEY_PUNCT_RE.sub(" ", name.lower()).split()
    while words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in CORP_SUFFIXES or words[-1] + "." in CORP_SUFFIXES):
        words = words[:-1]
    return " ".join(words)


def clear_caches() -> None:
    """Forget memoised sentence splits, name reads and name keys (called once per release)."""
    split_sentences.cache_clear()
    org_key.cache_clear()
    _read_org_line.cache_clear()


def same_org(a: str, b: str) -> bool:
    """True when two names denote the same organisation (equal keys, or one key is the other's first words)."""
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    return long.startswith(short + " ") and len(short) >= 4

"""Event types: what the release is about, decided from its headline (the lead sentence only when the headline
says nothing recognisable), so boilerplate mentions of partners or phases do not make a release a partnership
or clinical one.

Types (contract `EventType`): partnership, license, award, earnings, clinical, regulatory, acquisition,
financing, appointment, product, conference; `other` when nothing matches.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_WORDS = r"(?:[\w$.,'\-]+\s+)"  # one word and its space, used with small bounded repeats
_PATTERNS: dict[str, list[str]] = {
    "award": [
        rf"awards?(?![\s-]+winning)(?!\s+{_WORDS}{{0,3}}?(?:contract|order))",
        r"awarded\s+(?:the|a|an)\s+[\w\s]{0,30}?(?:award|prize|medal)",
        rf"(?:wins?|won)(?!\s+{_WORDS}{{0,5}}?(?:contract|order|deal|tender|bid|business|approval|mandate))",
        r"honou?r(?:ed|ee)",
        r"named\s+(?:one\s+of|to\s+(?:the\s+)?[\w\s']{0,40}?(?:list|ranking|index))",
        r"named\s+(?:the\s+|a\s+)?(?:best|top|most|leading)",
        r"(?:top|best)\s+places\s+to\s+work",
        r"recogni[sz]ed\s+(?:as|by|for|among|with)",
        r"ranked|ranking|recipient\s+of",
    ],
    "earnings": [
        r"(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter",
        r"Q[1-4]\s*(?:20\d\d|FY)",
        r"(?:quarterly|financial|annual|full[\s-]+year|fiscal(?:\s+year)?|half[\s-]+year|interim|year[\s-]+end)\s+"
        r"(?:20\d\d\s+)?(?:financial\s+)?(?:results|report|earnings)",
        r"earnings|reports?\s+results|results\s+for\s+the",
    ],
    "clinical": [
        r"phase(?<!sbir\sphase)(?<!sttr\sphase)\s+(?:[1-4][ab]?|I{1,3}V?[ab]?|Il)(?![a-z])(?!\s+(?:sbir|sttr|contract|award|idiq|grant))",
        r"clinical\s+(?:trial|study|data|results|hold|program)",
        r"first\s+patients?|patients?\s+(?:dosed|enrolled)|dosing|dosed|enrol(?:l)?ment",
        r"topline|top-line|pivotal|randomi[sz]ed|primary\s+endpoint|data\s+(?:from|at)|(?:trial|study)\s+results",
    ],
    "regulatory": [
        r"FDA|EMA|CHMP|Health\s+Canada|MHRA|PMDA|NMPA|TGA|ANVISA|Swissmedic|clearance|cleared|510\(k\)",
        r"regulatory\s+approval|(?:receives?|received|granted|grants|obtains?|obtained|secures?|wins?)\s+"
        r"(?:\w+\s+){0,3}?approval",
        r"approval\s+(?:of|for)\s+(?:its\s+|the\s+)?(?:new\s+)?(?:drug|device|product|therapy)",
        r"(?:IND|NDA|BLA|MAA|sNDA|sBLA)\b|breakthrough\s+therapy|fast\s+track|orphan\s+drug",
        r"marketing\s+authori[sz]ation|CE\s+mark|designation|priority\s+review|complete\s+response\s+letter",
    ],
    "acquisition": [
        r"acquire[sd]?|acquiring|acquisition|merger|merge|takeover|tender\s+offer|asset\s+purchase",
        r"business\s+combination|purchase\s+of|divest\w*|purchase\s+and\s+sale",
        r"option\s+(?:agreement\s+)?to\s+(?:purchase|acquire|buy)|share\s+(?:sale|purchase)\s+agreement",
        r"purchase[sd]?\s+(?:all|\d+(?:\.\d+)?\s*%)\s+(?:of\s+)?(?:the\s+)?(?:outstanding\s+|issued\s+)?shares\s+(?:in|of)"
        r"|purchase[sd]?\s+(?:the\s+)?shares\s+in|purchase\s+\d+(?:\.\d+)?\s*%\s+of",
        r"sale\s+of\s+(?:[\w\-]+\s+){0,4}?(?:assets?|business|division|subsidiary|interests?|stake|operations)",
    ],
    "financing": [
        r"public\s+offering|private\s+placement|offering\s+of|pricing\s+of|prices\s|financing|placing|fundrais\w*",
        r"series\s+[a-f]\b|seed\s+round|raises?\s+\$|raised\s+\$|credit\s+facility|loan\s+(?:agreement|facility)",
        r"term\s+loan|convertible\s+(?:notes?|debentures?)|bought\s+deal|flow-through|brokered|non-brokered",
        r"equity\s+investment|strategic\s+investment|funding\s+round|capital\s+raise|at-the-market|ATM\s+program",
        r"subscription\s+agreement|subscribe\s+for|final\s+close|clos(?:es|ed|ing)\s+(?:\w+\s+){0,3}?fund\b",
        r"pipe\s+(?:financing|investment|investors?|offering|transaction)|private\s+investment\s+in\s+public\s+equity",
        rf"prices\s+{_WORDS}{{0,4}}?(?:offering|ipo|notes|placement|debentures|bonds)|"
        r"rights\s+(?:issue|offering)|share\s+capital\s+increase|capital\s+increase|share\s+(?:issue|offering)|"
        r"bond\s+(?:issue|offering)|notes?\s+(?:issue|offering)|debt\s+(?:issue|offering)",
        r"(?:issue|issuance)\s+of\s+(?:[\d,.]+\s+)?(?:new\s+)?(?:shares|bonds|notes|debentures)|new\s+shares",
    ],
    "appointment": [
        r"appoint(?:s|ed|ment)?",
        r"names?\s+[\w\s.,]{0,40}?(?:as|to)\s+(?:its\s+|the\s+)?(?:new\s+)?"
        r"(?:chief|president|ceo|cfo|coo|chair|director|head|vice|general\s+counsel|board)",
        r"named\s+(?:chief|president|ceo|cfo|coo|chair|director|head|vice)",
        r"elect(?:s|ed)\s+[\w\s.,]{0,40}?to\s+(?:its|the)\s+board|joins?\s+[\w\s]{0,30}?(?:as|board)",
        r"welcomes\s+[\w\s.,]{0,40}?(?:as(?!\s+(?:an?\s+|its\s+|the\s+)?(?:new\s+)?(?:[\w\-]+\s+){0,2}?"
        r"(?:partner|sponsor|customer|client|supplier|member|investor|distributor))|to\s+(?:its|the)\s+board)|"
        r"promot(?:es|ed)\s+[\w\s.,]{0,40}?to",
        r"(?:leadership|management|ceo|cfo|executive|board)\s+(?:change|changes|transition|succession)|succession",
        r"board\s+(?:of\s+directors\s+)?members?|(?:joins|to)\s+(?:its|the)\s+board",
        r"names?\s+(?:[\w.'\-]+\s+){1,4}?(?:as\s+)?(?:its\s+|new\s+)?(?:chief|president|ceo|cfo|coo|cto|chair|"
        r"director|head|vice|general\s+counsel)",
    ],
    "license": [
        r"licen[cs](?:e|ing)\s+(?:and\s+\w+\s+)?(?:agreement|deal|option|rights)|exclusive\s+licen[cs]e",
        r"licen[cs]es\s|in-licens|out-licens|licen[cs]ed",
        r"settle(?:s|d|ment)?\s+(?:of\s+)?(?:[\w.()\-]+\s+){0,4}?patent\s+(?:litigation|dispute|infringement|suit)",
    ],
    "partnership": [
        r"collaborat(?:e|es|ed|ion|ive|ing)|partner(?:s|ed|ing|ships?)?\s+with|partnership|alliance|consortium",
        r"joint\s+venture|co-develop(?:s|ed|ing|ments?)?|co-promot(?:e|es|ed|ing|ions?)",
        r"co-commerciali[sz](?:e|es|ed|ing|ation)|teams?\s+up|join\s+forces|supply\s+agreement",
        r"distribution\s+agreement",
        r"strategic\s+agreement|agreement\s+with|contract\s+(?:with|from)|selected\s+by|purchase\s+order",
        r"memorandum\s+of\s+understanding|purchase\s+agreement|offtake|launch\s+customer|order\s+from",
        r"term\s+sheet|letter\s+of\s+intent|(?:order|contract)\s+with",
        r"as\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:new|official|preferred|strategic|exclusive|founding|premier)\s+"
        r"(?:[\w\-]+\s+)?partner",
        rf"signs?\s+(?:an?\s+)?{_WORDS}{{0,4}}?(?:order|contract|deal)",
        rf"awarded\s+(?:an?\s+)?{_WORDS}{{0,5}}?contract",
        rf"(?:wins?|won|receives?|secures?)\s+(?:an?\s+)?{_WORDS}{{0,5}}?(?:contract|order)",
    ],
    "product": [
        r"launch(?:es|ed)?(?!\s+(?:of\s+)?(?:an?\s+|the\s+|its\s+)?(?:[$\d][\w$.,]*\s+(?:million|billion)\s+)?"
        r"(?:joint|partnership|fund|program|collaboration|study|trial|offering|strategic|review|search|process|"
        r"initiative|campaign|consortium))",
        r"introduc(?:es|ed|ing)|unveil(?:s|ed)?|now\s+available|availability\s+of|debuts?|rolls?\s+out",
        r"releases\s+(?:new|its|the)|new\s+(?:product|platform|solution|version|line)",
        r"introduction\s+of(?!\s+(?:an?\s+|the\s+|its\s+)?(?:\w+\s+)?(?:dividend|legislation|bill|tariffs?|rules?|"
        r"regulations?|polic(?:y|ies)|measures?|plan|program))|commercial\s+(?:deployment|launch|release|availability)",
        r"addition\s+of\s+(?:an?\s+)?new\s+(?:[\w\-]+\s+){0,2}?(?:module|feature|product|capability|service)",
        r"expands?\s+(?:its\s+)?(?:[\w\-]+\s+){0,2}?(?:family|line|lineup|range)\s+of",
    ],
    "conference": [
        r"conference|summit|symposium|congress|to\s+present\s+at|will\s+present|to\s+participate",
        r"will\s+participate|fireside\s+chat|annual\s+meeting\s+of|investor\s+day|webinar|trade\s+show|expo",
        r"(?:developer|user|customer|partner)s?\s+(?:event|conference|summit|days?)",
        r"invites?\s+(?:developers|customers|users|partners|investors|shareholders|attendees|the\s+community)\s+to",
    ],
}
_ALTERNATIVES = {kind: "|".join(parts).lower() for kind, parts in _PATTERNS.items()}
RULES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(r"\b(?=[a-z0-9])(?:" + alternatives + r")(?![a-z])"))
    for kind, alternatives in _ALTERNATIVES.items()
]  # matched against lower-cased text (faster than IGNORECASE); `_in_prose` looks at the original casing
# Every rule in one scan: a match of any rule starts inside a match of `_ANY_RULE` (the scan tries each position
# it has not consumed), and `_RULES_AT` tells, at one word start, which rules match there (optional look-aheads,
# one named group per kind). Far cheaper than scanning the text once per rule.
_ANY_RULE = re.compile(
    r"\b(?=[a-z0-9])(?:" + "|".join(f"(?:{alternatives})(?![a-z])" for alternatives in _ALTERNATIVES.values()) + ")"
)
_RULES_AT = re.compile(
    "".join(f"(?:(?=(?P<{kind}>{alternatives})(?![a-z])))?" for kind, alternatives in _ALTERNATIVES.items())
)
_WORD_START = re.compile(r"\b(?=[a-z0-9])")
_NAME_PRONE = frozenset({"award", "conference", "partnership", "product"})  # words often inside proper names
_EXPLICIT_PARTNERSHIP = re.compile(r"collaborat|partnership|alliance|joint\s+venture|co-develop", _I)
_CALL = re.compile(r"\b(?:conference\s+call|earnings\s+call|webcast)\b", _I)
_REAL_CONFERENCE = re.compile(r"\b(?:conference|summit|symposium|congress)\b(?!\s+call)", _I)
# Capitalised words right before a corporate suffix are a name ("Tessellate Merger Corp.", "Summit Acquisition II
# Corp."), never event words: the word before the suffix and up to three before it, stopping at a headline verb or
# a small word ("Acme Acquires Beta Holdings" keeps "Acquires").
_NOT_IN_NAME = frozenset(
    f"{verb}{end}"
    for verb in (
        "Announce Complete Close Acquire Enter Sign Agree Price File Report Launch Receive Merge Combine Join Win "
        "Unveil Introduce Name Appoint Expand Extend Buy Sell Purchase Secure Raise"
    ).split()
    for end in ("", "s", "d")
) | frozenset("Of For From In On At By With To And As".split())
_SUFFIX = re.compile(
    r" (?:Corp\b|Corporation\b|Co\.|Company\b|Inc\b|Ltd\b|Limited\b|LLC\b|L\.P\.|Holdings\b|Group\b|Trust\b|"
    r"Partners\b|plc\b|AG\b|SA\b|ASA\b|AB\b)"
)
_ROMAN = frozenset("I II III IV V VI VII VIII IX X".split())


def _name_start(text: str, end: int) -> int:
    """Where the capitalised name words that end at `end` (before a corporate suffix) start; `end` when the word
    there is no capitalised word ("Merger", "Acquisition"; a roman numeral after it is part of the name)."""
    words = text[max(0, end - 60) : end].split(" ")
    tail = len(words.pop()) + 1 if len(words) > 1 and words[-1] in _ROMAN else 0
    last = words[-1]
    if not (last[:1].isupper() and last[1:].islower() and last.isalpha()):
        return end
    count = 0
    for word in reversed(words):
        if count == 4 or not word[:1].isupper() or word in _NOT_IN_NAME:
            break
        count += 1
    return end - tail - len(" ".join(words[len(words) - count :])) if count else end


# Deal words about a deal that ends ("termination of the collaboration", "the alliance ... was terminated"):
# matched on lower-cased text and blanked, so they make no event (the headline still counts as deciding).
_ENDED_DEAL = re.compile(
    r"\b(?:terminat\w*|cancel\w*|dissol\w*|discontinu\w*|wind(?:s|ing)?\s+down|end(?:s|ed|ing)?|exit\w*)\s+"
    r"(?:of\s+)?(?:the\s+|its\s+|their\s+|an?\s+|this\s+)?(?:(?!with\b|and\b|new\b|merger|acqui|licen)[\w'’\-]+\s+){0,3}?"
    r"(?:collaborat\w*|partnership|alliance|joint\s+venture|agreement)(?:\s+with)?"
    r"|\b(?:collaborat\w*|partnership|alliance|joint\s+venture)\b[^.;]{0,60}?\b(?:terminated|ended|cancell?ed|dissolved)\b"
)
_ENDED_WORDS = ("terminat", "cancel", "dissol", "discontinu", " wind", " end", " exit")  # literal tests: cheap
# A tender offer, repurchase or redemption of the issuer's own bonds or notes manages its debt: financing.
_DEBT_TENDER = re.compile(
    r"\b(?:tender\s+offers?|offers?\s+to\s+(?:re)?purchase|repurchas\w*|buy[\s-]?backs?|redemption|redeem\w*)\b"
    r"(?:(?!shares|stock|units)[^.;]){0,120}?\b(?:bonds?|notes|debentures|debt\s+securities)\b"
)
_TAKEOVER = re.compile(r"acqui|merge|takeover|business\s+combination", _I)
_LABEL_HEADLINE_WORDS = 3  # "Private Placement", "Share Buyback": a label, the lead says what happened


def _lower(text: str) -> str:
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _in_prose(pattern: re.Pattern[str], text: str, lower: str) -> bool:
    """A match that is not part of a proper name ("Summit Mobile LLC" is no summit): lower case, or an acronym."""
    for match in pattern.finditer(lower):
        word = text[match.start() : match.end()]
        if word[:1].islower() or word[:1] == "$" or word.isupper() or match.start() == 0:
            return True
    return False


def _matching_kinds(lower: str) -> set[str]:
    """The kinds whose rule matches somewhere in `lower` (the same as searching with each of `RULES`)."""
    kinds: set[str] = set()
    for match in _ANY_RULE.finditer(lower):
        for start in _WORD_START.finditer(lower, match.start(), match.end()):
            at = _RULES_AT.match(lower, start.start())
            kinds.update(kind for kind, found in at.groupdict().items() if found is not None)  # type: ignore[union-attr]
    return kinds


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _masked(text: str) -> tuple[str, str, bool]:
    """`text` and its lower-cased form with organisation-name words and ended deals blanked (same length, so
    offsets agree), and whether an ended deal was blanked."""
    names = []
    for suffix in _SUFFIX.finditer(text):
        start = _name_start(text, suffix.start())
        if start < suffix.start():
            names.append((start, suffix.start()))
    text = _blank(text, names) if names else text
    lower = _lower(text)
    if not any(map(lower.__contains__, _ENDED_WORDS)):
        return text, lower, False
    spans = [match.span() for match in _ENDED_DEAL.finditer(lower)]
    if not spans:
        return text, lower, False
    return _blank(text, spans), _blank(lower, spans), True


def event_types(headline: str | None, lead: str, joint: bool = False) -> list[str]:
    """Event types in the order of `RULES`. The headline decides; the lead sentence is read only when the
    headline gives none, or too when the headline is a bare label of three words or fewer ("Private Placement").
    A joint announcement (`joint`: co-issuers) with no other event is a partnership (two groups opening a trial
    together announce a clinical event); a license or acquisition is not also a partnership unless the headline
    says collaboration/partnership/alliance. Words about a deal that ends are
    no event; a tender offer for the issuer's own bonds or notes is financing, not an acquisition. A results
    conference call is not a conference."""
    head, head_lower, head_ended = _masked(headline or "")
    first_sentence = lead[:400]
    in_head = _matching_kinds(head_lower)
    found = [kind for kind, _ in RULES if kind in in_head]
    if (not found and not head_ended) or len((headline or "").split()) <= _LABEL_HEADLINE_WORDS:
        lead_text, lead_lower, _ = _masked(first_sentence)
        in_lead = _matching_kinds(lead_lower)
        found += [
            kind
            for kind, pattern in RULES
            if kind in in_lead
            and kind not in found
            and (kind not in _NAME_PRONE or _in_prose(pattern, lead_text, lead_lower))
        ]
    if joint and not found:
        found.append("partnership")
    if "partnership" in found and ("license" in found or "acquisition" in found):
        if not _EXPLICIT_PARTNERSHIP.search(head):
            found.remove("partnership")
    if (
        "acquisition" in found
        and not _TAKEOVER.search(head)
        and _DEBT_TENDER.search(head_lower + " " + _lower(first_sentence))
    ):
        found.remove("acquisition")
        if "financing" not in found:
            found.append("financing")
    if "conference" in found and "earnings" in found:
        found.remove("conference")
    if "conference" in found and _CALL.search(head + " " + first_sentence) and not _REAL_CONFERENCE.search(head):
        found.remove("conference")
    return found or ["other"]

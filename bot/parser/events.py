"""Event types: what the release is about, decided from its headline and lead paragraph only (boilerplate
mentions of partners or phases do not make a release a partnership or clinical one).

Types (contract `EventType`): partnership, license, award, earnings, clinical, regulatory, acquisition,
financing, appointment, product, conference; `other` when nothing matches.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "award",
        re.compile(
            r"\b(?:awards?|awarded\s+(?:the|a|an)\s+[\w\s]{0,30}?(?:award|prize|medal)|wins?|won|honou?red|honou?ree|"
            r"named\s+(?:one\s+of|to\s+(?:the\s+)?[\w\s']{0,40}?(?:list|ranking|index))|top\s+places\s+to\s+work|"
            r"best\s+places\s+to\s+work|recogni[sz]ed\s+(?:as|by|for|among|with)|ranked|ranking|recipient\s+of)\b",
            _I,
        ),
    ),
    (
        "earnings",
        re.compile(
            r"\b(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|Q[1-4]\s*(?:20\d\d|FY)|quarterly\s+results|"
            r"(?:full[\s-]+year|fiscal(?:\s+year)?|annual|half[\s-]+year|interim|year[\s-]+end)\s+(?:20\d\d\s+)?"
            r"(?:financial\s+)?(?:results|report|earnings)|financial\s+results|earnings|reports?\s+results|"
            r"results\s+for\s+the)\b",
            _I,
        ),
    ),
    (
        "clinical",
        re.compile(
            r"\b(?:phase\s+(?:[1-4]|I{1,3}V?|Il)|clinical\s+(?:trial|study|data|results|hold|program)|first\s+patients?|"
            r"patients?\s+(?:dosed|enrolled)|dosing|dosed|enrol(?:l)?ment|topline|top-line|pivotal|randomi[sz]ed|"
            r"primary\s+endpoint|data\s+(?:from|at)|trial\s+results|study\s+results)\b",
            _I,
        ),
    ),
    (
        "regulatory",
        re.compile(
            r"\b(?:FDA|EMA|CHMP|Health\s+Canada|MHRA|PMDA|NMPA|approv(?:al|es|ed)|clearance|cleared|510\(k\)|"
            r"(?:IND|NDA|BLA|MAA|sNDA|sBLA)\b|breakthrough\s+therapy|fast\s+track|orphan\s+drug|"
            r"marketing\s+authori[sz]ation|CE\s+mark|designation|priority\s+review|complete\s+response\s+letter)",
            _I,
        ),
    ),
    (
        "acquisition",
        re.compile(
            r"\b(?:acquire[sd]?|acquiring|acquisition|merger|merge|to\s+be\s+acquired|takeover|tender\s+offer|"
            r"asset\s+purchase|business\s+combination|purchase\s+of)\b",
            _I,
        ),
    ),
    (
        "financing",
        re.compile(
            r"\b(?:public\s+offering|private\s+placement|offering\s+of|pricing\s+of|prices\s+|financing|"
            r"series\s+[a-f]\b|seed\s+round|raises?\s+\$|raised\s+\$|credit\s+facility|loan\s+(?:agreement|facility)|"
            r"term\s+loan|convertible\s+(?:notes?|debentures?)|bought\s+deal|flow-through|brokered|non-brokered|"
            r"equity\s+investment|strategic\s+investment|funding\s+round|capital\s+raise|at-the-market|ATM\s+program)\b",
            _I,
        ),
    ),
    (
        "appointment",
        re.compile(
            r"\b(?:appoint(?:s|ed|ment)?|names?\s+[\w\s.,]{0,40}?(?:as|to)\s+(?:its\s+|the\s+)?(?:new\s+)?"
            r"(?:chief|president|ceo|cfo|coo|chair|director|head|vice|general\s+counsel|board)|"
            r"named\s+(?:chief|president|ceo|cfo|coo|chair|director|head|vice)|elect(?:s|ed)\s+[\w\s.,]{0,40}?to\s+"
            r"(?:its|the)\s+board|joins?\s+[\w\s]{0,30}?(?:as|board)|welcomes\s+[\w\s.,]{0,40}?(?:as|to\s+(?:its|the)\s+board)|"
            r"promot(?:es|ed)\s+[\w\s.,]{0,40}?to|board\s+of\s+directors\s+appointment|leadership\s+(?:change|transition)|"
            r"succession)\b",
            _I,
        ),
    ),
    (
        "license",
        re.compile(
            r"\b(?:licen[cs](?:e|ing)\s+(?:agreement|deal|option|rights)|exclusive\s+licen[cs]e|licen[cs]es\s+|"
            r"in-licens|out-licens|licen[cs]ed)",
            _I,
        ),
    ),
    (
        "partnership",
        re.compile(
            r"\b(?:collaborat(?:e|es|ed|ion|ive|ing)|partner(?:s|ed|ing|ship|ships)?\s+with|partnership|alliance|"
            r"joint\s+venture|co-develop|teams?\s+up|join\s+forces|supply\s+agreement|distribution\s+agreement|"
            r"strategic\s+agreement|agreement\s+with|contract\s+(?:with|from)|selected\s+by|purchase\s+order|"
            r"memorandum\s+of\s+understanding)",
            _I,
        ),
    ),
    (
        "product",
        re.compile(
            r"\b(?:launch(?:es|ed)?|introduc(?:es|ed|ing)|unveil(?:s|ed)?|now\s+available|availability\s+of|"
            r"debuts?|rolls?\s+out|releases\s+(?:new|its|the)|new\s+(?:product|platform|solution|version|line))\b",
            _I,
        ),
    ),
    (
        "conference",
        re.compile(
            r"\b(?:conference|summit|symposium|congress|to\s+present\s+at|will\s+present|to\s+participate|"
            r"will\s+participate|fireside\s+chat|annual\s+meeting\s+of|investor\s+day|webinar|trade\s+show|expo)\b",
            _I,
        ),
    ),
]
_CALL = re.compile(r"\b(?:conference\s+call|earnings\s+call|webcast)\b", _I)


def event_types(headline: str | None, lead: str) -> list[str]:
    """Event types in contract order of `RULES`: the headline decides; the lead sentence adds types only when
    the headline gives none or names the same kind of thing. A results conference call is not a conference."""
    head = headline or ""
    first_sentence = lead[:400]
    found: list[str] = []
    for kind, pattern in RULES:
        if pattern.search(head):
            found.append(kind)
    if not found:
        for kind, pattern in RULES:
            if pattern.search(first_sentence):
                found.append(kind)
    if "conference" in found and "earnings" in found:
        found.remove("conference")
    if (
        "conference" in found
        and _CALL.search(head + " " + first_sentence)
        and not re.search(r"\b(?:conference|summit|symposium|congress)\b(?!\s+call)", head, _I)
    ):
        found.remove("conference")
    return found or ["other"]

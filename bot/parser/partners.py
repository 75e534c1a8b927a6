"""Partners of the issuer, each with its relation and the sentence that says so (the evidence).

A partner is an organisation named right after a deal phrase: "collaborative partners include A, B and C",
"in collaboration with", "license agreement with", "entered into an agreement with", "to acquire",
"acquisition of", "investment from", "financing led by", "supply agreement with", "contract from", or a
co-issuer of a joint announcement. Award givers, survey firms, regulators, exchanges and wires never follow
such phrases (and regulators/exchanges/wires are filtered by name anyway), so they are not partners. Only the
body and the issuer's own About section are read: never forward-looking statements or other companies' About.
"""

from __future__ import annotations

import re

from bot.parser.models import Partner, Ticker
from bot.parser.orgs import is_non_partner
from bot.parser.text import fold, read_org, same_org, split_sentences
from bot.parser.tickers import parse_listings

_I = re.IGNORECASE
_TRIGGER = re.compile(
    r"(?P<collaboration>\bpartners?\s+(?:include|includes|including|are|such\s+as)\s+"
    r"|\b(?:collaborations?|partnerships?|alliances?|co-development|co-promotion|co-commercialization|"
    r"joint\s+venture|research\s+agreement|development\s+agreement|collaboration\s+agreement|"
    r"partnership\s+agreement|alliance\s+agreement)\s+(?:agreement\s+)?with\s+"
    r"|\b(?:collaborat(?:e|es|ed|ing)|partner(?:s|ed|ing)?|team(?:s|ed)?\s+up|join(?:s|ed)?\s+forces|"
    r"co-develop(?:s|ed|ing)?)\s+with\s+)"
    r"|(?P<license>\blicen[cs](?:e|ing)\s+(?:and\s+[a-z]+\s+|option\s+)?agreements?\s+with\s+"
    r"|\b(?:exclusive|non-exclusive)\s+(?:worldwide\s+|global\s+)?licen[cs]e\s+(?:agreement\s+)?(?:from|to|with)\s+"
    r"|\blicen[cs]ed\s+(?:[a-z\-]+\s+){0,3}?from\s+|\blicen[cs]e\s+from\s+)"
    r"|(?P<acquisition>\b(?:to\s+acquire|will\s+acquire|has\s+acquired|have\s+acquired|completed\s+the\s+acquisition\s+of"
    r"|acquisition\s+of|acquires|acquiring|merger\s+with|merge\s+with|combination\s+with|to\s+be\s+acquired\s+by"
    r"|been\s+acquired\s+by|acquired\s+by|acquired)\s+(?:all\s+(?:of\s+)?(?:the\s+)?(?:outstanding\s+)?"
    r"(?:shares|assets|equity)\s+of\s+)?)"
    r"|(?P<investment>\b(?:investment|investments|funding|financing|round|placement|capital)\s+(?:[a-z]+\s+)?"
    r"(?:from|by|led\s+by)\s+|\b(?:co-)?led\s+by\s+(?:new\s+|existing\s+)?(?:investors?\s+)?"
    r"|\bparticipation\s+(?:from|of|by)\s+(?:new\s+and\s+existing\s+|existing\s+|new\s+)?(?:investors?\s+)?"
    r"(?:including\s+)?|\binvestors?\s+(?:include|including|such\s+as)\s+)"
    r"|(?P<supply>\b(?:supply|manufacturing|supply\s+and\s+[a-z]+)\s+agreements?\s+with\s+)"
    r"|(?P<customer>\b(?:purchase\s+)?orders?\s+from\s+|\bcontracts?\s+(?:from|by)\s+|\bselected\s+by\s+"
    r"|\bawarded\s+(?:a|an)\s+(?:[\w$.,\-]+\s+){0,4}?contract\s+(?:by|from)\s+)"
    r"|(?P<other>\b(?:entered|enter|enters|entering|signed|signs|signing|executed|concluded)\s+(?:into\s+)?"
    r"(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,4}?(?:agreements?|contracts?)\s+with\s+"
    r"|\b(?:agreements?|memorandum\s+of\s+understanding|mou|letter\s+of\s+intent|term\s+sheet)\s+with\s+)",
)  # matched against the lower-cased sentence (much faster than IGNORECASE)
_KIND_WORDS = [
    ("license", re.compile(r"licen[cs]", _I)),
    ("supply", re.compile(r"\bsupply|manufactur", _I)),
    ("acquisition", re.compile(r"merger|acqui", _I)),
    ("investment", re.compile(r"invest", _I)),
    ("collaboration", re.compile(r"collaborat|partnership|co-develop|research|alliance|co-promot", _I)),
]
_FINANCING = re.compile(r"\b(?:round|financing|investment|series\s+[a-z]\b|funding|placement|offering)", _I)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)")
_SKIP_PAREN = re.compile(r"\s*\(([^()]{0,120})\)")
_SKIP_DET = re.compile(r"(?:the\s+|its\s+|their\s+)?", _I)
_MAX_SENTENCE = 2000
# Cheap substring test before the trigger regex (most sentences name no deal at all).
_KEYWORDS = (
    "partner", "collab", "alliance", "joint venture", "co-develop", "co-promot", "co-commerc", "team", "forces",
    "licen", "acqui", "merge", "combination", "invest", "funding", "financ", "round", "placement", "capital",
    "led by", "participation", "supply", "manufactur", "order", "contract", "selected by", "agreement",
    "memorandum", "mou", "letter of intent", "term sheet", "facility", "loan",
)  # fmt: skip


def _relation(kind: str, trigger: str) -> str:
    if kind != "other":
        return kind
    for relation, pattern in _KIND_WORDS:
        if pattern.search(trigger):
            return relation
    return "other"


def read_list(text: str, limit: int = 12) -> list[tuple[str, list[Ticker]]]:
    """Organisations listed at the start of `text` ("Amgen, Bayer HealthCare Pharmaceuticals, and Sanofi"),
    each with the tickers written after it."""
    items: list[tuple[str, list[Ticker]]] = []
    pos = _SKIP_DET.match(text).end()  # type: ignore[union-attr]
    while len(items) < limit:
        found = read_org(text[pos:])
        if found is None:
            break
        name, end = found
        pos += end
        tickers: list[Ticker] = []
        while True:
            paren = _SKIP_PAREN.match(text, pos)
            if not paren:
                break
            tickers.extend(parse_listings(paren.group(1)))
            pos = paren.end()
        items.append((name, tickers))
        sep = _LIST_SEP.match(text, pos)
        if not sep:
            break
        pos = sep.end()
    return items


def find_partners(
    sentences_source: list[str], issuer: str | None, exclude: list[str]
) -> tuple[list[Partner], dict[str, list[Ticker]]]:
    """Partners named in `sentences_source` paragraphs; also returns tickers written after partner names."""
    partners: list[Partner] = []
    tickers: dict[str, list[Ticker]] = {}
    for para in sentences_source:
        for sentence in split_sentences(para[:20000]):
            if len(partners) >= 40:
                break
            sentence = sentence[:_MAX_SENTENCE]
            lower = sentence.lower()
            if not any(k in lower for k in _KEYWORDS):
                continue
            if len(lower) != len(sentence):  # a few non-ASCII letters change length when lower-cased
                lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in sentence)
            for match in _TRIGGER.finditer(lower):
                kind = match.lastgroup or "other"
                if kind == "investment" and "led" in match.group().lower() and not _FINANCING.search(sentence):
                    continue
                relation = _relation(kind, match.group())
                if kind == "other" and relation == "other":
                    relation = _relation("other", sentence[max(0, match.start() - 40) : match.start()])
                for name, found_tickers in read_list(sentence[match.end() :]):
                    if is_non_partner(name) or (issuer and same_org(name, issuer)):
                        continue
                    if any(same_org(name, other) for other in exclude):
                        continue
                    if any(same_org(name, p.name) for p in partners):
                        continue
                    partners.append(Partner(name=name, relation=relation, evidence=fold(sentence)[:600]))  # type: ignore[arg-type]
                    if found_tickers:
                        tickers[name] = found_tickers
    return partners, tickers

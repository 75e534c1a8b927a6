"""Quoted people: who said each quotation, with title and organisation.

Attributions handled (quotes straight or curly): `"...," said NAME, TITLE.` / `"...," NAME, TITLE, said.` /
`"..." commented/added/noted NAME` / `according to NAME, TITLE` / `NAME, TITLE, said: "..."` / a quote block in
the paragraph after `NAME, TITLE, said:` / `"..." — NAME, TITLE`. Honorifics ("Dr.") and degrees ("Ph.D.") are
dropped from the name; the organisation after "of"/"at" in a title goes to `org` when it names a known
organisation or looks like one. `"...," he said` adds nothing new.
"""

from __future__ import annotations

import re

from bot.parser.models import Person
from bot.parser.text import CORP_SUFFIXES, fold, same_org, split_sentences

VERB = (
    r"(?:said|says|commented|comments|added|adds|noted|notes|stated|states|explained|explains|continued|remarked|"
    r"concluded|observed|emphasi[sz]ed|shared|highlighted|declared|affirmed|stressed|underlined|pointed\s+out|"
    r"according\s+to)"
)
_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame)\.?\s+)?"
NAME = (
    rf"(?P<name>{_HONORIFIC}[A-Z][A-Za-zà-ÿ'’\-]*[a-zà-ÿ](?:\s+[A-Z]\.)?"
    r"(?:\s+(?:(?:van|von|de|der|da|di|le|la|del|du|dos|bin|ten)\s+)?[A-Z][A-Za-zà-ÿ'’\-]*[a-zà-ÿ]){1,2}"
    r"(?:,?\s+(?:Jr|Sr)\.|\s+I{2,3}\b)?"
    r"(?:,?\s*(?:Ph\.?\s?D\.?|M\.D\.|MD|MBA|M\.B\.A\.|Pharm\.?\s?D\.?|DVM|D\.V\.M\.|J\.D\.|CPA|CFA|MPH|M\.P\.H\.|"
    r"MSc|M\.Sc\.|FRCP[A-Z]?|DPhil|D\.Phil\.|Esq\.|RN)(?![A-Za-z])){0,3})"
)
_TITLE = r"(?P<title>[^\"]{2,220}?)"
_AFTER = [
    re.compile(rf"\s*[,.!?]?\s*{VERB}\s+{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?"),
    re.compile(rf"\s*[,.!?]?\s*{NAME}\s*,\s*{_TITLE}\s*,\s*{VERB}\b"),
    re.compile(rf"\s*[,.!?]?\s*{NAME}\s+{VERB}\b"),
    re.compile(rf"\s*[-–—]{{1,2}}\s*{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?"),
]
_BEFORE = [
    re.compile(rf"{NAME}\s*,\s*{_TITLE}\s*,\s*{VERB}\s*(?:that\s*)?[,:]?\s*$"),
    re.compile(rf"{NAME}\s+{VERB}\s*(?:that\s*)?[,:]?\s*$"),
    re.compile(rf"{VERB}\s+{NAME}(?:\s*,\s*{_TITLE})?\s*[,:]\s*$"),
]
_PRONOUN = re.compile(rf"\s*[,.!?]?\s*(?:he|she|they|{VERB}\s+(?:he|she))\b", re.IGNORECASE)
_LAST_NAME = re.compile(rf"\s*[,.!?]?\s*(?:{VERB}\s+(?P<a>[A-Z][a-zà-ÿ'’\-]+)|(?P<b>[A-Z][a-zà-ÿ'’\-]+)\s+{VERB})\b")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_STRIP_NAME = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame)\.?\s+)|,?\s*(?:Ph\.?\s?D\.?|M\.D\.|MD|MBA|M\.B\.A\.|Pharm\.?\s?D\.?|"
    r"DVM|D\.V\.M\.|J\.D\.|CPA|CFA|MPH|M\.P\.H\.|MSc|M\.Sc\.|FRCP[A-Z]?|DPhil|D\.Phil\.|Esq\.|RN)$"
)
TITLE_WORDS = frozenset(
    """president chairman chairwoman chair chief ceo cfo coo cto cmo cso cbo director founder co-founder executive
    officer vice senior general manager head partner principal secretary treasurer governor minister mayor svp evp
    vp managing""".split()
)
_NOT_PERSON = frozenset(
    """the company inc corp ltd group global international university today new our this we it and""".split()
)
_ORG_WORDS = ("University", "Hospital", "Institute", "Center", "Centre", "Foundation", "College", "School", "Clinic")
_MAX_QUOTES = 80


def _clean_name(raw: str) -> str | None:
    name = fold(raw)
    for _ in range(4):
        stripped = _STRIP_NAME.sub("", name).strip(" ,")
        if stripped == name:
            break
        name = stripped
    words = name.split()
    while words and words[0].lower() in TITLE_WORDS:
        words = words[1:]
    if len(words) < 2 or any(w.lower().strip(".,") in _NOT_PERSON for w in words):
        return None
    if any(w.lower().rstrip(".") in CORP_SUFFIXES for w in words):
        return None
    return " ".join(words)


def _clean_title(raw: str | None, known_orgs: list[str]) -> tuple[str | None, str | None]:
    """(title, org) from the text after "NAME, ": cut at the sentence end and at ", <lower-case word>"."""
    if not raw:
        return None, None
    title = fold(raw)
    title = split_sentences(title, limit=1)[0] if title else title
    cut = re.search(r",\s+(?!and\b)[a-z]|\s+(?:in|on|at)\s+(?:a|an|the)\s+(?:statement|press|news|release)\b", title)
    if cut:
        title = title[: cut.start()]
    title = title.strip(" ,.;:—–-")
    if len(title) > 150:
        title = title[:150].rsplit(" ", 1)[0]
    org = None
    for sep in (" of ", " at ", ", "):
        pos = title.rfind(sep)
        if pos <= 0:
            continue
        tail = title[pos + len(sep) :].strip()
        if not tail or not tail[0].isupper():
            continue
        looks_org = (
            any(same_org(tail, known) for known in known_orgs)
            or tail.split()[-1].lower() in CORP_SUFFIXES
            or any(word in tail for word in _ORG_WORDS)
        )
        if looks_org:
            org = tail.rstrip(".") if tail.rstrip(".").lower() + "." not in CORP_SUFFIXES else tail
            title = title[:pos].strip(" ,")
            break
    if title.lower().endswith((" of the company", " of the company's")):
        title = title[: title.lower().rfind(" of the company")]
    return (title or None), org


def _quote_spans(text: str) -> list[tuple[int, int]]:
    marks = [i for i, c in enumerate(text) if c == '"'][: _MAX_QUOTES * 2]
    spans = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    if len(marks) % 2:
        spans.append((marks[-1], len(text)))
    return spans


def _attribute(before: str, after: str) -> tuple[str, str | None] | None:
    for pattern in _AFTER:
        match = pattern.match(after[:400])
        if match:
            return match.group("name"), match.groupdict().get("title")
    for pattern in _BEFORE:
        match = pattern.search(before[-400:])
        if match:
            return match.group("name"), match.groupdict().get("title")
    return None


def find_people(paragraphs: list[str], known_orgs: list[str], issuer: str | None) -> list[Person]:
    """Every quoted person in `paragraphs` (body text, not boilerplate), in order of first quote."""
    people: list[Person] = []
    pending: tuple[str, str | None] | None = None
    for raw_para in paragraphs:
        para = raw_para[:20000].translate(_QUOTES)
        spans = _quote_spans(para)
        if not spans:
            pending = _attribute(para, "") if para.rstrip().endswith((":", ",")) else None
            continue
        for n, (start, end) in enumerate(spans):
            quote = para[start + 1 : end].strip().rstrip('"').strip()
            if len(quote) < 25 or quote.count(" ") < 4:
                continue
            before = para[spans[n - 1][1] if n else 0 : start]
            after = para[end : spans[n + 1][0] if n + 1 < len(spans) else len(para)]
            found = _attribute(before, after)
            if found is None and n == 0 and start == 0 and pending:
                found = pending
            if found is None:
                last = _LAST_NAME.match(after[:80])
                if last and not _PRONOUN.match(after[:40]):
                    surname = last.group("a") or last.group("b")
                    if any(p.name.split()[-1] == surname for p in people):
                        continue
                continue
            name = _clean_name(found[0])
            if name is None:
                continue
            existing = next((p for p in people if p.name == name), None)
            if existing is None and any(p.name.split()[-1] == name for p in people):
                continue
            title, org = _clean_title(found[1], known_orgs)
            if existing:
                existing.title = existing.title or title
                existing.org = existing.org or org
                continue
            people.append(Person(name=name, title=title, org=org or (issuer if title else None), quote=quote[:600]))
        pending = None
    return people[:30]

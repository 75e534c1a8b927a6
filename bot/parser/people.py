"""Quoted people: who said each quotation, with title and organisation.

Attributions handled (quotes straight or curly): `"...," said NAME, TITLE.` / `"...," NAME, TITLE, said.` /
`"..." commented/added/noted NAME` / `according to NAME, TITLE` / `NAME, TITLE, said: "..."` / a quote block in
the paragraph after `NAME, TITLE, said:` / `"..." — NAME, TITLE`. Honorifics ("Dr.") and degrees ("Ph.D.") are
dropped from the name; the organisation after "of"/"at" in a title goes to `org` when it names a known
organisation or looks like one. `"...," he said` adds nothing new.
"""

from __future__ import annotations

import functools
import re

from bot.parser.models import Person
from bot.parser.text import CORP_SUFFIXES, fold, org_key, same_org, split_sentences


def _by_first_letter(forms: list[str]) -> str:
    """The regex `form|form|...` as one alternative per first letter behind a look-ahead for those letters, so
    that the regex engine tests one character at most positions instead of every form. No form may be a prefix of
    another: then at most one form matches at any position and their order does not matter."""
    firsts = dict.fromkeys(form[0] for form in forms)
    groups = "|".join(f"{first}(?:{'|'.join(f[1:] for f in forms if f[0] == first)})" for first in firsts)
    return f"(?=[{''.join(firsts)}])(?:{groups})"


_VERB_FORMS = r"""said says commented comments added adds noted notes stated states explained explains continued
    continues expressed expresses remarked remarks concluded concludes observed observes emphasi[sz]ed emphasi[sz]es
    shared highlighted declared declares affirmed affirms stressed stresses underlined underlines pointed\s+out
    points\s+out according\s+to a\s+déclaré a\s+dit a\s+ajouté a\s+souligné a\s+affirmé a\s+indiqué""".split()
VERB = f"(?i:{_by_first_letter(_VERB_FORMS)})"  # a speech verb, any case
_HONORIFIC = (
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame|Colonel|Col|General|Gen|Admiral|Adm|Major|Maj|Captain|Capt|Lt|"
    r"Lieutenant|Sgt|Hon|Rev|Sen|Rep|Gov|Amb)\.?\s+(?:\((?:Ret|ret)\.?\)\s+)?)?"
)
_TOKEN = r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’\-]*[a-zà-ÿ]"
_DEGREE = (
    r"(?:Ph\.?\s?D\.?|M\.D\.|MD|MBA|M\.B\.A\.|Pharm\.?\s?D\.?|DVM|D\.V\.M\.|J\.D\.|CPA|CFA|MPH|M\.P\.H\.|MSc|"
    r"M\.Sc\.|FRCP[A-Z]?|DPhil|D\.Phil\.|Esq\.|RN|P\.Eng\.?|P\.Geo\.?|CFP|FCA)"
)
NAME = (
    # the look-ahead (every name opens with an upper-case letter) lets a search skip other positions at once
    rf"(?P<name>(?=[A-ZÀ-Ý]){_HONORIFIC}{_TOKEN}(?:\s+[A-Z]\.)?"
    rf"(?:\s+(?:(?:van|von|de|der|den|da|di|le|la|del|della|du|dos|das|af|zu|bin|ten|ter)\s+){{0,2}}(?!(?:Jr|Sr)\.){_TOKEN}){{1,2}}"
    r"(?:,?\s+(?:Jr|Sr)\.|\s+I{2,3}\b)?"
    rf"(?:,?\s*{_DEGREE}(?![A-Za-z])){{0,3}})"
)
_TITLE = r"(?P<title>[^\"]{2,220}?)"
_AFTER = [
    re.compile(rf"\s*[,.!?]?\s*{VERB}\s+{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?"),
    re.compile(rf"\s*[,.!?]?\s*{NAME}\s*,\s*{_TITLE}\s*,\s*{VERB}\b"),
    re.compile(rf"\s*[,.!?]?\s*{NAME}\s+{VERB}\b"),
    re.compile(rf"\s*[-–—]{{1,2}}\s*{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?"),
    re.compile(rf"\s*[,.!?]?\s*{VERB}\s+(?:(?:[A-Z][\w&'’\-]*|and|of|&)\s+){{1,8}}?{NAME}\s*[.,;]"),
]
# Patterns ending with the speech verb: a ":" after them, or nothing but the next quote, opens the next quote
_INTRODUCES = (_AFTER[1], _AFTER[2])
_COLON_NEXT = re.compile(r"\s*:")
_NEXT_QUOTE = re.compile(r"\s*[:,]?\s*$")
# Attributions before a quote, in order of preference: (pattern, how the text before the quote must end for it to
# match: a speech verb then an optional "," or ":" / "," or ":" / ":", commas it needs before that end).
_BEFORE = (
    (re.compile(rf"(?:^|,\s|\n)\s*{NAME}\s*,\s*{VERB}\s*(?:that\s*)?[,:]?\s*$"), "verb", 1),
    (re.compile(rf"{NAME}\s*,\s*{_TITLE}\s*,\s*{VERB}\s*(?:that\s*)?[,:]?\s*$"), "verb", 2),
    (re.compile(rf"{NAME}\s+{VERB}\s*(?:that\s*)?[,:]?\s*$"), "verb", 0),
    (re.compile(rf"{VERB}\s+{NAME}(?:\s*,\s*{_TITLE})?\s*[,:]\s*$"), ",:", 0),
    (re.compile(rf"(?:^|\n)\s*{NAME}\s*,\s*(?P<title>[^\"\n]{{2,220}}?)\s*:\s*$"), ":", 1),
    # Nordic quote blocks: "President and CEO Jane Doe:" with the quote in the next paragraph
    (re.compile(rf"(?:^|\n)\s*(?P<pre>(?:(?:[A-Z][\w&'’\-]*|and|of|&)\s+){{1,8}}?){NAME}\s*:\s*$"), ":", 0),
)
# A sentence that is the attribution, the title run into the verb ("Jo Lee, Acme's Chief Geologist commented:"),
# after an optional opening clause ("Commenting on the news, Jo Lee, CEO of Acme, Inc stated,"): tried first, at
# the last sentence starts of the text before a quote, plain first.
_SENTENCE_TAIL = rf"{NAME}\s*,\s*{_TITLE}\s*,?\s+{VERB}\s*(?:that\s*)?[,:]?\s*$"
_BEFORE_SENTENCE = (
    re.compile(rf"\s*{_SENTENCE_TAIL}"),
    re.compile(rf"\s*[A-Z][\w'’\-]*(?:\s+[\w'’\-]+){{0,8}},\s+{_SENTENCE_TAIL}"),
)
_SENTENCE_END = re.compile(r"[.!?]\s+|\n")
# "According to Jo Lee, the market was valued at ..., "quoted words"": a sentence runs on after the name, so the
# quoted words are not that person's statement
_CLAUSE = re.compile(r"\s(?:is|are|was|were|will|would|has|have|had)\s")
_SURNAME_BEFORE = re.compile(rf"(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+(?P<a>{_TOKEN})\s*,?\s+{VERB}\s*(?:that\s*)?[,:]?\s*$")
_DASH_LINE = re.compile(rf"\s*[-–—]{{1,2}}\s*{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?")
# Nordic dash quotes: "- We are very pleased ..., says Jo Lee, CEO of Acme." (a paragraph opening with a dash)
_DASH_QUOTE = re.compile(
    rf"[,.!?]\s*(?:says|said|adds|added|comments|commented|continues|continued|notes|noted|concludes|concluded)"
    rf"\s+{NAME}(?:\s*,\s*(?P<title>[^\"]{{2,220}}))?"
)
_SAID_AFTER = re.compile(rf"\s*[,.!?]?\s*{VERB}\s")
_ENDS_WITH_VERB = re.compile(rf"{VERB}\s*(?:that)?$")
_VERB_LAST = re.compile(r"[dstoé]", re.IGNORECASE)  # the last letter of every speech verb (and of "that")
_PRONOUN = re.compile(rf"\s*[,.!?]?\s*(?:he|she|they|{VERB}\s+(?:he|she))\b", re.IGNORECASE)
_SURNAME = rf"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?(?P<{{g}}>{_TOKEN})"
_LAST_NAME = re.compile(
    rf"\s*[,.!?]?\s*(?:{VERB}\s+{_SURNAME.format(g='a')}|{_SURNAME.format(g='b')}\s+{VERB})\s*[,.:]"
)
_AFTER_FULL = re.compile(
    rf"(?:,?\s*{_DEGREE}(?![A-Za-z])){{0,3}}\s*,?\s+"
    r"(?:as\s+(?:its\s+|the\s+|our\s+)?(?:new\s+)?(?P<as>[^,.;]{2,120})|,\s*(?P<title>[^\"]{2,200}))"
)
_CURLY_MARK = re.compile("[“”„‟″«»]")  # read as '"'
_STRIP_NAME = re.compile(rf"^{_HONORIFIC[:-1]}|^\((?:Ret|ret)\.?\)\s+|,?\s*{_DEGREE}$")
_TITLE_END = re.compile(r",\s+(?!and\b)[a-z]|\s+(?:in|on|at)\s+(?:a|an|the)\s+(?:statement|press|news|release)\b")
_THE_COMPANYS = re.compile(r"^the\s+(?:company|corporation|bank|trust|fund)['’]s\s+", re.IGNORECASE)
_ORG_POSSESSIVE = re.compile(r"([^,]{2,80}?)(?:['’]s|(?<=s)['’])\s+")  # "Acme's CEO", "Acme Metals' CEO"
_ARTICLE = re.compile(r"(?:a|an|the|A|An)\s+(?=\S)")
_TRAILING_VERB = re.compile(rf"\s+{_by_first_letter(_VERB_FORMS)}$")  # lower case only: not "... United States"
_LEADING_THE = re.compile(r"^the\s+")
TITLE_WORDS = frozenset(
    """president chairman chairwoman chair chief ceo cfo coo cto cmo cso cbo director founder co-founder executive
    officer vice senior general manager head partner principal secretary treasurer governor minister mayor svp evp
    vp managing""".split()
)
_NOT_PERSON = frozenset(
    """the company inc corp ltd group global international university today new our this we it and""".split()
)
_ORG_WORDS = ("University", "Hospital", "Institute", "Center", "Centre", "Foundation", "College", "School", "Clinic")
_DEPARTMENTS = frozenset(
    """operations research development marketing sales finance engineering technology products product strategy
    communications medicine medical affairs clinical regulatory business board directors management investor
    relations human resources people science manufacturing commercial legal global north america europe americas
    asia pacific emea innovation quality supply chain corporate administration digital data services solutions
    design policy public government trustees advisory scientific discovery the and of""".split()
)
# Head nouns of organisation names ("Halloway Market Insights", "Lindqvist Medical"): a quote attributed to an
# organisation ("according to X Research") names no person.
_ORG_NAME_WORDS = frozenset(
    """insights research analytics consulting consultants associates advisors partners capital holdings markets
    market data intelligence reports report survey study institute foundation society association council agency
    bank group medical imaging pharma pharmaceuticals therapeutics biosciences technologies systems solutions
    laboratories labs ventures securities resources minerals mining energy software networks media""".split()
)
_NOT_NAME_WORDS = _NOT_PERSON | TITLE_WORDS | _ORG_NAME_WORDS
_MAX_QUOTES = 80  # per paragraph
MAX_QUOTES_PER_RELEASE = 300


@functools.lru_cache(maxsize=1024)
def _clean_name(raw: str) -> tuple[str | None, tuple[str, ...]]:
    """(name without honorifics/degrees, leading title words moved out of it); name None when not a person.
    Memoised within one release (`find_people` clears it)."""
    name = fold(raw)
    for _ in range(4):
        stripped = _STRIP_NAME.sub("", name).strip(" ,")
        if stripped == name:
            break
        name = stripped
    words = name.split()
    moved: list[str] = []
    while words and words[0].lower() in TITLE_WORDS:
        moved.append(words.pop(0))
    if words and words[-1] in ("Jr", "Sr"):
        words[-1] += "."
    if len(words) < 2 or any(w.lower().strip(".,") in _NOT_NAME_WORDS for w in words):
        return None, tuple(moved)
    if any(w.lower().rstrip(".") in CORP_SUFFIXES for w in words):
        return None, tuple(moved)
    return " ".join(words), tuple(moved)


def _is_org_tail(tail: str, known_orgs: tuple[str, ...]) -> bool:
    if not tail or not tail[0].isupper():
        return False
    if any(w.lower().strip(".,") in TITLE_WORDS for w in tail.split()):
        return False
    if any(same_org(tail, known) for known in known_orgs) or tail.split()[-1].lower() in CORP_SUFFIXES:
        return True
    if any(word in tail for word in _ORG_WORDS):
        return True
    return not all(w.lower().strip(".,'’") in _DEPARTMENTS for w in tail.split())


@functools.lru_cache(maxsize=1024)
def _clean_title(raw: str | None, known_orgs: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(title, org) from the text after "NAME, ": cut at the sentence end and at ", <lower-case word>"; an
    organisation after "of"/"at"/"," or before a possessive ("Acme's CEO") goes to org. Memoised within one
    release (`find_people` clears it)."""
    if not raw:
        return None, None
    title = fold(raw)
    title = split_sentences(title, limit=1)[0] if title else title
    cut = _TITLE_END.search(title)
    if cut:
        title = title[: cut.start()]
    title = title.strip(" ,.;:—–-")
    if len(title) > 150:
        title = title[:150].rsplit(" ", 1)[0]
    org = None
    title = _THE_COMPANYS.sub("", title)
    verb = _TRAILING_VERB.search(title) if _ends_with_verb_letter(title) else None
    if verb:  # "Exploration Manager commented"
        title = title[: verb.start()]
    possessive = _ORG_POSSESSIVE.match(title)
    if (
        possessive
        and possessive.group(1)[0].isupper()
        and not _has_title_word(possessive.group(1))
        and (title[possessive.end() : possessive.end() + 1].isupper() or _has_title_word(title[possessive.end() :]))
    ):
        org, title = possessive.group(1), title[possessive.end() :]
    article = _ARTICLE.match(title)
    if article:  # "a partner at X"
        title = title[article.end() :]
    for sep in (" at ", ", ", " of ", " de ", " chez "):
        pos = title.rfind(sep)
        if pos <= 0:
            continue
        tail = _LEADING_THE.sub("", title[pos + len(sep) :].strip())
        if tail.lower().rstrip(".") in CORP_SUFFIXES or tail.lower() in CORP_SUFFIXES:
            continue  # "CEO of Acme, Inc": the suffix belongs to the organisation
        if _is_org_tail(tail, known_orgs):
            org = tail
            title = title[:pos].strip(" ,")
            break
    if title.lower().endswith((" of the company", " of the company's")):
        title = title[: title.lower().rfind(" of the company")]
    return (title or None), org


def _title_before(text: str) -> tuple[str | None, str | None]:
    """A title written before the name ("Quillon Chief Executive Officer Hana Kobayashi"): (title, org)."""
    words = text.rstrip(" ,").split()[-10:]
    picked: list[str] = []
    for word in reversed(words):
        titled = word[:1].isupper() or word in ("and", "of", "&") or word.lower().strip(",") in TITLE_WORDS
        if not titled or word[-1:] in '.,;:"':
            break
        picked.insert(0, word)
    while picked and picked[0] in ("and", "of", "&"):
        picked.pop(0)
    first_title = next((i for i, w in enumerate(picked) if w.lower() in TITLE_WORDS), None)
    if first_title is None:
        return None, None
    org = " ".join(picked[:first_title]).removesuffix("'s").removesuffix("’s").rstrip("'’") or None
    return " ".join(picked[first_title:]), org


def _has_title_word(text: str) -> bool:
    return any(w.lower() in TITLE_WORDS for w in text.split())


def _quote_spans(text: str) -> list[tuple[int, int]]:
    marks: list[int] = []
    at = text.find('"')
    while at >= 0 and len(marks) < _MAX_QUOTES * 2:
        marks.append(at)
        at = text.find('"', at + 1)
    spans = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    if len(marks) % 2:
        spans.append((marks[-1], len(text)))
    return spans


def _ends_with_verb_letter(text: str) -> bool:
    return bool(text) and _VERB_LAST.match(text, len(text) - 1) is not None


def _ends_with_verb(text: str) -> bool:
    """True when `text` ends with a speech verb, optionally followed by "that"."""
    if not _ends_with_verb_letter(text):
        return False
    words = text.rsplit(None, 3)  # a verb and "that" span at most the last three words
    return _ENDS_WITH_VERB.search(text, len(words[0]) if len(words) == 4 else 0) is not None


def _attribute(before: str, after: str, quote_follows: bool = False) -> tuple[str, str | None, str] | None:
    """(raw name, raw title, text right before the name) for a quote with `before`/`after` context; `after` runs
    to the next quote when `quote_follows`."""
    window = after[:400]
    for pattern in _AFTER:
        match = pattern.match(window)
        if (
            match
            and pattern in _INTRODUCES
            and (
                _COLON_NEXT.match(window, match.end())
                or (quote_follows and len(after) <= 400 and _NEXT_QUOTE.match(window, match.end()))
            )
        ):
            continue  # '"..." Jane Roe, CTO, says: "..."' introduces the next quote
        if match and _clean_name(match.group("name"))[0]:
            return match.group("name"), match.groupdict().get("title"), after[: match.start("name")]
    tail = before[-300:]
    end = tail.rstrip()
    if not end:
        return None
    last = end[-1]
    if last not in ",:" and not (_ends_with_verb_letter(end) and _ENDS_WITH_VERB.search(end, max(0, len(end) - 25))):
        return None
    # only the patterns that can match how `end` ends are tried (each one searches the whole tail)
    body = end[:-1].rstrip() if last in ",:" else end
    ends = {"verb": _ends_with_verb(body), ",:": last in ",:", ":": last == ":"}
    commas = body.count(",")
    if ends["verb"] and commas:
        found = _sentence_attribution(tail)
        if found:
            return found
    for pattern, ending, needs_commas in _BEFORE:
        if not ends[ending] or commas < needs_commas:
            continue
        match = pattern.search(tail)
        if match and "pre" in pattern.groupindex and not _has_title_word(match.group("pre") + match.group("name")):
            continue
        if match and ending == ",:" and _CLAUSE.search(match.group("title") or ""):
            continue
        if match and _clean_name(match.group("name"))[0]:
            return match.group("name"), match.groupdict().get("title"), tail[: match.start("name")]
    return None


def _sentence_attribution(tail: str) -> tuple[str, str | None, str] | None:
    """The attribution sentence at one of the last three sentence starts of `tail` (`_BEFORE_SENTENCE`)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(tail)]
    for start in reversed(starts[-3:]):
        for pattern in _BEFORE_SENTENCE:
            match = pattern.match(tail, start)
            if match and _clean_name(match.group("name"))[0]:
                return match.group("name"), match.group("title"), ""
    return None


def _resolve_surname(surname: str, text: str, known_orgs: tuple[str, ...]) -> tuple[str, str | None, str | None] | None:
    """A person quoted by surname only ("said Dr. Raman"): their full name and title where first named."""
    match = re.search(rf"({_TOKEN}(?:\s+[A-Z]\.)?\s+{re.escape(surname)})\b", text)
    if not match:
        return None
    name, _ = _clean_name(match.group(1))
    if name is None:
        return None
    after = _AFTER_FULL.match(text, match.end())
    title = org = None
    if after and after.group("as"):
        title = fold(after.group("as")).removesuffix(" effective").strip()
        title = re.split(r"\s+(?:effective|with|to|and\s+will|who)\b", title)[0]
    elif after and after.group("title"):
        title, org = _clean_title(after.group("title"), known_orgs)
    return name, title, org


def find_people(paragraphs: list[str], known_orgs: list[str], issuer: str | None) -> list[Person]:
    """Every quoted person in `paragraphs` (body text, not boilerplate), in order of first quote."""
    _clean_name.cache_clear()  # the memos serve one release
    _clean_title.cache_clear()
    known = tuple(known_orgs)
    people: list[Person] = []
    pending: tuple[str, str | None, str] | None = None
    full_text = "\n\n".join(paragraphs)[:200000]
    budget = MAX_QUOTES_PER_RELEASE
    tried_surnames: set[str] = set()
    for index, raw_para in enumerate(paragraphs):
        para = raw_para[:20000]
        if not para.isascii():
            para = _CURLY_MARK.sub('"', para)
        spans = _quote_spans(para) if '"' in para else []
        if not spans:
            if para[:1] in "-–—":
                _dash_quote(people, para, known, issuer)
            pending = _attribute(para, "") if para.rstrip().endswith((":", ",")) else None
            continue
        for n, (start, end) in enumerate(spans):
            quote = para[start + 1 : end].strip().rstrip('"').strip().rstrip(",").strip()
            after_quote = para[end : end + 40]
            if (len(quote) < 25 or quote.count(" ") < 4) and not (" " in quote and _SAID_AFTER.match(after_quote)):
                continue  # a scare-quoted term, unless a speech verb follows: '"We grew," said CEO Jane Doe.'

            budget -= 1
            if budget < 0:
                return people[:30]
            before = para[spans[n - 1][1] if n else 0 : start]
            after = para[end : spans[n + 1][0] if n + 1 < len(spans) else len(para)]
            found = _attribute(before, after, n + 1 < len(spans))
            if found is None and n == 0 and start == 0 and pending:
                found = pending
            if found is None and n + 1 == len(spans) and not after.strip() and index + 1 < len(paragraphs):
                dash = _DASH_LINE.match(paragraphs[index + 1][:300])  # the "— Name, Title" line below a quote
                if dash and _clean_name(dash.group("name"))[0]:
                    found = dash.group("name"), dash.group("title"), ""
            if found is None:
                _surname_quote(people, after, before, full_text, known, issuer, quote, tried_surnames)
                continue
            _add_person(people, found, known, issuer, quote)
        pending = None
    return people[:30]


def _dash_quote(people: list[Person], para: str, known: tuple[str, ...], issuer: str | None) -> None:
    """A paragraph "- <quote>, says NAME, TITLE." (Nordic releases mark quotes with a dash, not quote marks)."""
    for match in _DASH_QUOTE.finditer(para, 1):
        quote = para[1 : match.start()].strip()
        if len(quote) >= 25 and _clean_name(match.group("name"))[0]:
            _add_person(people, (match.group("name"), match.group("title"), ""), known, issuer, quote)
            return


def _surname_quote(
    people: list[Person],
    after: str,
    before: str,
    text: str,
    known: tuple[str, ...],
    issuer: str | None,
    quote: str,
    tried: set[str],
) -> None:
    """A quote attributed by surname only ("said Dr. Raman", "Ms. Ruiz commented,"): the person is found where
    the release first names them in full."""
    last = _LAST_NAME.match(after[:80])
    if last and _PRONOUN.match(after[:40]):
        return
    if last is None:
        last = _SURNAME_BEFORE.search(before[-60:])
        if last is None:
            return
    surname = last.group("a") or last.groupdict().get("b")
    if surname in tried:  # each surname is looked up in the whole text once per release
        return
    tried.add(surname)
    if any(p.name.split()[-1] == surname for p in people):
        return
    resolved = _resolve_surname(surname, text, known)
    if resolved:
        name, title, org = resolved
        people.append(Person(name=name, title=title, org=org or (issuer if title else None), quote=quote[:600]))


def _add_person(
    people: list[Person],
    found: tuple[str, str | None, str],
    known_orgs: tuple[str, ...],
    issuer: str | None,
    quote: str,
) -> None:
    raw_name, raw_title, lead_in = found
    name, moved = _clean_name(raw_name)
    if name is None:
        return
    if raw_title:
        title, org = _clean_title(raw_title, known_orgs)
    else:
        title, org = _title_before(lead_in + " " + " ".join(moved))
    existing = next((p for p in people if p.name == name), None)
    if existing:
        if not existing.title:
            existing.title = title
        if not existing.org:
            existing.org = org
        return
    surname = name.split()[-1]
    if any(p.name.split()[-1] == surname for p in people):
        return
    key = org_key(name)
    if any(org_key(org) == key for org in known_orgs):
        return  # an organisation's name ("X, Y, says:" read across an organisation)
    people.append(Person(name=name, title=title, org=org or (issuer if title else None), quote=quote[:600]))

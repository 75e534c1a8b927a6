"""The release's regions after the lead: body, "About ..." boilerplate (several), forward-looking statements,
contact blocks, `SOURCE X` / `Source: X` lines, and what follows an end mark (`###`, `-30-`).

A heading switches the region until the next heading. Entity extraction reads only the body and the issuer's
About section; forward-looking statements are recognised here so that nothing is taken from them. The contact
blocks found here are read into contacts by `contacts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.models import About
from bot.parser.text import CORP_SUFFIXES

_ABOUT_SHORT = re.compile(r"about\s+(?P<name>[^\n:]{2,100}?)\s*:?\s*$", re.IGNORECASE)
_ABOUT_MERGED = re.compile(
    r"about\s+(?P<name>(?P<first>[^\s:]+)[^\n:]{0,80}?)(?:\s*:\s+|\s+(?=(?:The\s+)?(?P=first)\b))", re.IGNORECASE
)
# Nordic boilerplate headings: "Kuusamo Forest in brief" (alone, or run into the text that repeats the name).
_IN_BRIEF = re.compile(
    r"(?P<name>(?P<first>[A-Z][^\s:]*)[^\n:]{0,80}?)\s+[-–—]?\s*in\s+(?:brief|short)\s*:?(?:\s*$|\s+(?=(?P=first)\b))"
)
_PERIOD_WORDS = re.compile(
    r"\d|\b(?:quarter|year|month|period|week|half|highlights?|results|summary|review|figures|events|outlook|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)
# Heading regexes open with a look-ahead for the first letters of their words: most paragraphs fail at once.
_FLS = re.compile(
    r"(?=[cnfs])(?:cautionary\s+(?:note|statement|language)s?\s+(?:regarding|concerning|about|on|with\s+respect\s+to)\s+)?"
    r"(?:(?:note\s+(?:regarding|on)\s+)?forward[-\s]looking\s+(?:statements?|information)|safe\s+harbou?r\b"
    r"|special\s+note\s+regarding\s+forward)",
    re.IGNORECASE,
)
_FLS_OPENING = re.compile(
    r"(?:this|the|certain|any|all|except|statements|information)\b[^.]{0,200}?forward[-\s]looking\s+"
    r"(?:statements?|information)",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?=[abcefgimopr])(?:(?:(?:media|press|investors?|ir|company|corporate|analyst|business|general|public)\s+"
    r"(?:(?:and|&|/)\s*)?(?:(?:media|investors?|press|public)\s+)?(?:relations\s+)?)?"
    r"(?:contacts?|inquiries|enquiries|relations)\b\s*:?"
    r"|(?:media|investors?|press)\s*:"
    r"|on\s+behalf\s+of\s+the\s+board\b|further\s+information\s*:|additional\s+information\s*:"
    r"|renseignements\s*:|relations\s+avec\s+les\s+(?:investisseurs|m[ée]dias)|personnes?-ressources?"
    r"|for\s+(?:further|more|additional)\s+information\s*(?:[,:]|\bplease\b|\bcontact\b|\babout\b[^.]{0,60}contact))",
    re.IGNORECASE,
)
# A page flattened to one line (no line breaks in thousands of characters): its "About X X is ..." headings (the
# name repeated, perhaps after "The"), "SOURCE X" and "Forward-Looking Statements" start after a sentence end.
MIN_FLAT_PAGE = 1500
_FLAT_HEADING = re.compile(
    r"(?<=[.!?\"”)])\s+(?=About\s+(?P<first>[A-Z][^\s:]*)[^:.]{0,80}?\s+(?:The\s+)?(?P=first)\b"
    r"|Forward[-\s]Looking\s+(?:Statements?|Information)\b)"
)
_SOURCE = re.compile(r"(?:SOURCE|Source)\s*:?\s+(?P<name>[^\n]{2,120})$")
_END = re.compile(r"(?:#\s*){3}$|-\s*30\s*-$|-?\s*ends?\s*-?$|end\s+of\s+(?:media\s+release|announcement|news)",
                  re.IGNORECASE)  # fmt: skip
_TRAILER = re.compile(  # also as EQS pipe-table cells ("|Language: |English"); look-ahead: the first letters
    r"\|?\s*(?=[\ddlevt])(?:(?:\d{1,2}\.\d{1,2}\.\d{4}\s+(?:[A-Z/]+\s+)?)?Dissemination\s+of\b|Language\s*:|"
    r"End\s+of\s+(?:News|Media\s+Release|Announcement)|EQS\s+News\s+ID|"
    r"View\s+original\s+content|To\s+view\s+the\s+source\s+version\s+of\s+this\s+press\s+release)",
    re.IGNORECASE,
)
# Digit groups of 1-6 ("+46 10559 54 63", "0049 69 905505-52": European numbers group 5-6 digits); the look-ahead
# (a phone number opens with "+", "(" or a digit) fails other positions at once.
PHONE = re.compile(
    r"(?=[+(\d])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,6}(?:[\s.\-]\d{1,6}){1,6}"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
)
# "... Please find more information at www.x.com or contact: Jo Lee, CFO, +46 10 480 22 17 jo.lee@x.com": a
# contact run at the end of a paragraph of running text (flattened Cision summaries).
_INLINE_CONTACT = re.compile(r"\bcontacts?\s*:\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)
MAX_INLINE_RUN = 800

_NAME_LOWER_OK = frozenset(
    {"of", "and", "the", "for", "de", "du", "la", "le", "der", "und", "&", "inc.", "plc", "ltd."}
)


@dataclass
class Sections:
    """Paragraph indices per region; `about` keeps (company, heading index, paragraph indices). `contacts` also
    lists a body paragraph that ends in an inline contact run (`inline_contact_run`)."""

    body: list[int] = field(default_factory=list)
    about: list[tuple[str, list[int]]] = field(default_factory=list)
    fls: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    trailer: list[int] = field(default_factory=list)
    source: str | None = None


def _looks_like_name(name: str) -> bool:
    """An About heading names something ("Acme Corp.", "the Company"), it is not a sentence ("About 40% of
    revenue came from Europe.", "About half of our staff ...")."""
    words = name.split()
    if (
        not words
        or not (words[0][0].isupper() or words[0].lower() == "the")
        or (name.rstrip().endswith((".", "!", "?")) and len(words) > 6)
    ):
        return False
    lower = [w for w in words if w[0].islower() and w not in _NAME_LOWER_OK]
    return len(lower) <= 1


def _about_name(name: str) -> str:
    """The company of an About heading as written, without a leading "the" ("About the Company" -> "Company")."""
    name = name.strip()
    return name[4:] if name[:4].lower() == "the " and len(name) > 8 else name


def _heading(para: str) -> tuple[str, str | None] | None:
    """(kind, about-company) when `para` opens a region, else None."""
    head = para[:200]
    if len(para) <= 110:
        about = _ABOUT_SHORT.match(para)
        if about and para[:5].lower() == "about" and _looks_like_name(about.group("name")):
            return "about", _about_name(about.group("name"))
    if head[:5].lower() == "about":
        merged = _ABOUT_MERGED.match(head)
        if merged and _looks_like_name(merged.group("name")):
            return "about", _about_name(merged.group("name"))
    brief = _IN_BRIEF.match(head) if " in " in head[:100] and ("brief" in head or "short" in head) else None
    if brief and _looks_like_name(brief.group("name")) and not _PERIOD_WORDS.search(brief.group("name")):
        return "about", _about_name(brief.group("name"))
    if _FLS.match(head) or ("forward" in head.lower() and _FLS_OPENING.match(head)):
        return "fls", None
    contact = _CONTACT.match(head)
    if contact and (len(para) <= 400 or "@" in para or PHONE.search(head)):
        label_only = (
            contact.group().rstrip().endswith((":", ","))
            or head.rstrip().endswith(":")
            or not head[contact.end() :].strip()
            or (len(head) <= 60 and not head.rstrip().endswith((".", "!", "?")))  # a short label line
        )
        if label_only or "@" in para[:400] or PHONE.search(head):  # not "Relations with regulators remain ..."
            return "contacts", None
    if (len(para) <= 40 and _END.match(para)) or _TRAILER.match(head):
        return "end", None
    return None


def is_contact_heading(para: str) -> bool:
    """True when `para` opens a contact block ("Media Contact:", "For further information: ...")."""
    return (_heading(para) or ("", ""))[0] == "contacts"


def split_heading_lines(paragraphs: list[str]) -> list[str]:
    """Paragraphs whose later lines open a region ("...www.x.com.\nForward-Looking Statements") split there, so
    that every heading starts a paragraph."""
    out: list[str] = []
    for para in paragraphs:
        if "\n" not in para:
            out.extend(_split_flat(para) if len(para) > MIN_FLAT_PAGE and "About " in para else [para])
            continue
        lines = para.split("\n")
        start = 0
        above = lines[0].strip()
        above_heading = _heading(above) if len(above) <= 110 else None  # each line's heading is read once
        for i in range(1, len(lines)):
            line = lines[i].strip()
            heading = _heading(line) if len(line) <= 110 else None
            if (above_heading and above_heading[0] == "about") or heading or (len(line) <= 110 and _SOURCE.match(line)):
                out.append("\n".join(lines[start:i]))
                start = i
            above_heading = heading
        out.append("\n".join(lines[start:]))
    return out


def _split_flat(para: str) -> list[str]:
    """A whole page flattened to one line, cut before its inline headings (`_FLAT_HEADING`)."""
    cuts = [m.end() for m in _FLAT_HEADING.finditer(para)]
    return [para[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(para)], strict=True) if para[a:b].strip()]


def _has_contact_item(text: str) -> bool:
    """True when `text` holds an e-mail address or a phone number (7+ digits)."""
    return "@" in text or any(sum(c.isdigit() for c in m.group()) >= 7 for m in PHONE.finditer(text))


def _is_prose(para: str) -> bool:
    """A paragraph of running text (several sentences' worth of words, no e-mail address): not a contact line."""
    return len(para) >= 150 and "@" not in para and para.count(" ") >= 20


def split_sections(paragraphs: list[str], start: int) -> Sections:
    """Assign paragraphs from `start` on to regions (the lead paragraph itself is `start`, always body). A contact
    block in the first third of the release (law-firm alerts: "Contact the Firm Now: ..." under the lead) ends at
    the next paragraph of running text, which is body again; later contact blocks run to the next heading."""
    sections = Sections()
    region = "body"
    about_name: str | None = None
    early_contacts = False
    for index in range(start, len(paragraphs)):
        para = paragraphs[index]
        if early_contacts and region == "contacts" and _is_prose(para):
            region = "body"
        if region == "body" and "@" in para and ("ontact" in para or "ONTACT" in para) and inline_contact_run(para):
            sections.contacts.append(index)  # also body: only the run at its end is read as contacts
        source = _SOURCE.match(para) if len(para) <= 130 else None
        if source:
            name = source.group("name").strip()
            if name.endswith(".") and name.rsplit(" ", 1)[-1].lower() not in CORP_SUFFIXES:
                name = name[:-1]
            sections.source = sections.source or name or None
            continue
        heading = _heading(para)
        if index == start and heading and (heading[0] != "contacts" or not _has_contact_item(para)):
            heading = None  # the lead is body, unless it is a contact block (a release with no lead paragraph)
        if heading:
            region, about_name = heading
            early_contacts = region == "contacts" and (index - start) * 3 < len(paragraphs) - start
            if region == "about" and about_name:
                sections.about.append((about_name, []))
                merged_text = para[len("about ") + len(about_name) :].lstrip(" :")
                if len(para) > 110 and merged_text:
                    sections.about[-1][1].append(index)
                continue
            if region == "end":
                region = "trailer"
                continue
        if region == "body":
            sections.body.append(index)
        elif region == "about":
            sections.about[-1][1].append(index)
        elif region == "fls":
            sections.fls.append(index)
        elif region == "contacts":
            sections.contacts.append(index)
        else:
            sections.trailer.append(index)
    return sections


def about_sections(paragraphs: list[str], sections: Sections) -> list[About]:
    """`About` entries: company as written in the heading, text of its paragraphs (heading words removed)."""
    out: list[About] = []
    for company, indices in sections.about:
        parts = []
        for i in indices:
            para = paragraphs[i]
            if para[:5].lower() == "about" and para[6 : 6 + len(company)] == company:
                para = para[6 + len(company) :].lstrip(" :")
            elif para.startswith(company):
                brief = _IN_BRIEF.match(para[:200])
                para = para[brief.end() :].lstrip(" :") if brief else para
            parts.append(para)
        text = "\n\n".join(parts)
        if not _is_product_about(company, text):
            out.append(About(company=company, text=text))
    return out


# "About VELMIRA" / "VELMIRA (tosalivir) is a first-in-class ... inhibitor": a product's About, not a company's.
_GENERIC_AFTER = re.compile(r"\s*\((?:[a-z][a-z\-]{3,40}(?:\s+[a-z][a-z\-]{1,30}){0,2})\)\s+(?:is|was)\s")
_IS_A = re.compile(r"\s+(?:\([^()]{1,60}\)\s+)?(?:is|are)\s+(?:a|an|the)\s+([^.]{0,200})")
_MARK = re.compile(r"[®™]|\((?:R|TM)\)")
_PRODUCT_NOUN = re.compile(
    r"\b(?:inhibitor|antibody|therapy|therapeutic|drug|candidate|vaccine|agonist|antagonist|degrader|modulator|"
    r"formulation|treatment|compound|molecule|medicine|biologic|conjugate|device|implant|assay|test|sensor|chip|"
    r"processor|beverage|drink|line\s+of|product|instrument|catheter)s?\b",
    re.IGNORECASE,
)
_COMPANY_NOUN = re.compile(
    r"\b(?:company|companies|corporation|firm|bank|group|provider|developer|manufacturer|maker|leader|operator|"
    r"producer|organi[sz]ation|reit|trust|fund|partnership|institution|investor|owner|explorer|miner|insurer|"
    r"lender|agency|university|hospital|network|consultancy|subsidiary|business|enterprise|pioneer|innovator|"
    r"specialist|supplier|distributor|retailer|brand|holding)s?\b",
    re.IGNORECASE,
)


def _is_product_about(name: str, text: str) -> bool:
    """True when an About section describes a product: its heading name carries a registered/trade mark
    ("About VELMIRA(R)") and its first sentence says nothing company-like; or its text opens with the name and a
    generic name in parentheses ("VELMIRA (tosalivir) is"), or says the name "is a/an ..." product-like thing
    (inhibitor, device, platform) and nothing company-like (company, developer, bank)."""
    if name and _MARK.search(name) and name.split()[-1].lower() not in CORP_SUFFIXES:
        first = text[: text.find(". ") + 1 or 300]
        if not _COMPANY_NOUN.search(first):
            return True
    if not name or not text.startswith(name):
        return False
    if _GENERIC_AFTER.match(text, len(name)):
        return True
    described = _IS_A.match(text, len(name))
    if described is None:
        return False
    phrase = described.group(1)
    return bool(_PRODUCT_NOUN.search(phrase)) and not _COMPANY_NOUN.search(phrase)


def inline_contact_run(text: str) -> str | None:
    """The contact run after the last "contact: " of a line of running text ("... or contact: Jo Lee, CFO,
    +46 10 480 22 17 jo.lee@x.com Al Roe, ..."), or None. The line must hold text before the cue (a contact
    block opens with its label) and an e-mail address after it."""
    for line in text.split("\n"):
        if len(line) < 200 or ("ontact" not in line and "ONTACT" not in line):
            continue
        cue = None
        for cue in _INLINE_CONTACT.finditer(line):  # noqa: B007 - the last one
            pass
        if cue and cue.start() >= 100 and len(line) - cue.end() <= MAX_INLINE_RUN and "@" in line[cue.end() :]:
            return line[cue.end() :]
    return None

"""The release's regions after the lead: body, "About ..." boilerplate (several), forward-looking statements,
contact blocks, `SOURCE X` / `Source: X` lines, and what follows an end mark (`###`, `-30-`).

A heading switches the region until the next heading. Entity extraction reads only the body and the issuer's
About section; forward-looking statements are recognised here so that nothing is taken from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.models import About, Contact
from bot.parser.text import CORP_SUFFIXES, same_org

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
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Digit groups of 1-6 ("+46 10559 54 63", "0049 69 905505-52": European numbers group 5-6 digits); the look-ahead
# (a phone number opens with "+", "(" or a digit) fails other positions at once.
_PHONE = re.compile(
    r"(?=[+(\d])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,6}(?:[\s.\-]\d{1,6}){1,6}"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
)
_CONTACT_ITEM = re.compile(f"({_EMAIL.pattern}|{_PHONE.pattern})")
_PHONE_ITEM = re.compile(f"({_PHONE.pattern})")  # `_CONTACT_ITEM` for text without "@"
_DIGIT = re.compile(r"\d")
# A leading label: "Media Contact: " (it ends at the first ":", so it is tried only where there is one) or a
# contact word ("Tel.: ", "E-mail ").
_NAMED_LABEL = re.compile(r"[A-Z][\w&.' ]{0,40}?\s*(?:contacts?|relations|inquiries|enquiries)?\s*:\s+", re.IGNORECASE)
_WORD_LABEL = re.compile(  # the look-ahead holds the words' first letters: other segments fail at once
    r"(?=[tpmcdofew])(?:tel|phone|telephone|mobile|cell|direct|office|fax|t|p|m|e|e-mail|email|mail|web)\.?\s*:?\s+",
    re.IGNORECASE,
)
# Separators in a contact line: `\s*(?:,|;|\||\s[-–—]\s|\t)\s*` or a space before "Mr. " etc., written to open with
# its first character ([\s,;|]) so that the regex engine skips ahead to candidates; the lookbehinds re-read it.
_SEGMENT_SPLIT = re.compile(
    r"[\s,;|](?:(?<=[,;|])\s*|\s*(?:,|;|\||\s[-–—]\s|\t)\s*|(?:[-–—]\s|(?<=\t))\s*|(?=(?:Mr|Ms|Mrs|Dr)\.\s))"
)
_HONORIFIC = re.compile(r"(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+")
_NAME_PARTS = re.compile(r"[\s\-]")
_FAX = re.compile(r"\s*fax\b", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
_PERSON = re.compile(r"(?:(?:Dr|Mr|Mrs|Ms)\.\s)?[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[\s\-](?:[A-Z]\.\s)?[A-ZÀ-Ý][a-zA-Zà-ÿ'’]+){1,2}")
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’\-]+")
# "... Please find more information at www.x.com or contact: Jo Lee, CFO, +46 10 480 22 17 jo.lee@x.com": a
# contact run at the end of a paragraph of running text (flattened Cision summaries).
_INLINE_CONTACT = re.compile(r"\bcontacts?\s*:\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)
MAX_INLINE_RUN = 800
_ROLE = re.compile(r"\b(?=[mpia])(media|press|investors?|ir|analysts?)\b", re.IGNORECASE)  # look-ahead: first letters
_NOT_PERSON = frozenset(
    """media investor investors relations contact contacts press inc corp ltd llc plc group partners communications
    phone tel telephone email mail chief officer director manager vice president senior head public affairs global
    advisors advisory strategic company biotech bio energy mining resources minerals gold lithium power rail
    software semiconductor medical genetics oncology logistics solar bank ventures labs systems technologies agence
    agency office desk team department corporate office street suite avenue road investor_relations north south
    east west new york london toronto boston san francisco mobile direct main general inquiries enquiries agency
    consulting capital markets financial pharma pharmaceuticals therapeutics biosciences health the of for and
    ag gmbh sa nv ab international holdings limited corporation incorporated""".split()
)


_NAME_LOWER_OK = frozenset(
    {"of", "and", "the", "for", "de", "du", "la", "le", "der", "und", "&", "inc.", "plc", "ltd."}
)
MAX_CONTACT_LINES = 80  # a contact block is a few lines; more is a page's footer, not contacts


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
    if contact and (len(para) <= 400 or "@" in para or _PHONE.search(head)):
        label_only = (
            contact.group().rstrip().endswith((":", ","))
            or head.rstrip().endswith(":")
            or not head[contact.end() :].strip()
            or (len(head) <= 60 and not head.rstrip().endswith((".", "!", "?")))  # a short label line
        )
        if label_only or "@" in para[:400] or _PHONE.search(head):  # not "Relations with regulators remain ..."
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
    return "@" in text or any(sum(c.isdigit() for c in m.group()) >= 7 for m in _PHONE.finditer(text))


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


def _unlabel(segment: str) -> str:
    """`segment` without a leading label ("Media Contact: ", "Tel.: ")."""
    label = (_NAMED_LABEL.match(segment) if ":" in segment else None) or _WORD_LABEL.match(segment)
    return segment[label.end() :] if label else segment


def _segments(line: str) -> list[tuple[str, bool]]:
    """A contact line cut into segments: "Solenne: Kevin Marsh, kmarsh@x.com, +1 212 555 0193" -> the name,
    the e-mail and the phone (leading "Label:" parts dropped), each with True for an e-mail or phone item (the
    text between items holds none)."""
    out = []
    for part in _SEGMENT_SPLIT.split(line.strip()):
        if "@" in part:
            pieces = _CONTACT_ITEM.split(part)
        else:
            pieces = _PHONE_ITEM.split(part) if _DIGIT.search(part) else [part]
        for n, seg in enumerate(pieces):
            is_item = n % 2 == 1  # split() puts the matched items at odd positions; they carry no label
            if not is_item:
                seg = seg.strip()
                unlabelled = _unlabel(seg)
                if unlabelled != seg:  # a second label may follow the first ("Media Contact: Tel: ...")
                    unlabelled = _unlabel(unlabelled)
                seg = unlabelled
            seg = seg.strip(" .")
            if seg:
                out.append((seg, is_item))
    return out


def _person(segment: str, known_orgs: list[str]) -> str | None:
    honorific = _HONORIFIC.match(segment) if segment[:1] in "DMP" else None
    if honorific:
        segment = segment[honorific.end() :]
    if not _PERSON.fullmatch(segment):
        return None
    words = _NAME_PARTS.split(segment)
    if any(w.lower().rstrip(".") in _NOT_PERSON or w.lower() in CORP_SUFFIXES for w in words):
        return None
    if any(same_org(segment, org) or org.split()[0] == words[0] for org in known_orgs if org):
        return None
    return segment


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


def _split_names(line: str, count: int, known_orgs: list[str]) -> list[str] | None:
    """`count` person names written side by side on one line ("Sofie Dahl Anders Holm Nielsen"), or None. Names
    are cut evenly, the last one taking the odd words (first names rarely have a middle name written)."""
    words = line.split()
    if not 2 * count <= len(words) <= 3 * count or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    size = len(words) // count
    names = [" ".join(words[i * size : (i + 1) * size]) for i in range(count - 1)] + [
        " ".join(words[(count - 1) * size :])
    ]
    return names if all(_person(name, known_orgs) for name in names) else None


def _line_items(line: str, known_orgs: list[str]) -> list[tuple[str, str]]:
    """(kind, text) for each segment of a contact line; kind is name, email, phone or other."""
    items = []
    for segment, is_item in _segments(line):
        email = _EMAIL.search(segment) if is_item and "@" in segment else None
        phone = None if email or not is_item or not any(map(str.isdigit, segment)) else _PHONE.search(segment)
        if phone and (sum(c.isdigit() for c in phone.group()) < 7 or _DATE_LIKE.search(segment)):
            phone = None
        if email or phone:
            items.append(("email" if email else "phone", (email or phone).group().strip()))  # type: ignore[union-attr]
            continue
        name = _person(segment, known_orgs)
        items.append(("name", name) if name else ("other", segment))
    return items


def _table_contacts(lines: list[str], rows: list[list[tuple[str, str]]], known_orgs: list[str]) -> list[Contact] | None:
    """Contacts of a block laid out as a table read row by row, paired by column order, or None:
    names side by side on one line above a line of as many phones or e-mails ("Sofie Dahl Anders Holm Nielsen" /
    "Mobile +45 3012 4455 Mobile +45 6120 7788"), or one cell per line (EQS pipe tables: the names, then the
    titles, then the phones, then the e-mails, as many of each)."""
    if len(rows) < 2:
        return None
    for i, row in enumerate(rows):
        kinds = [kind for kind, _ in row]
        count = max(kinds.count("phone"), kinds.count("email"))
        if count < 2 or "name" in kinds:
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            names = _split_names(lines[j], count, known_orgs)
            if names:
                contacts = [Contact(name=name) for name in names]
                for below in rows[j + 1 :]:
                    for kind in ("phone", "email"):
                        found = [text for k, text in below if k == kind]
                        if len(found) == count:
                            for contact, text in zip(contacts, found, strict=True):
                                setattr(contact, kind, text)
                return contacts
    items = [(kind, text) for row in rows for kind, text in row if kind != "other"]
    names = [text for kind, text in items[: next((n for n, (k, _) in enumerate(items) if k != "name"), len(items))]]
    if len(names) < 2:
        return None
    found = {kind: [text for k, text in items if k == kind] for kind in ("phone", "email")}
    if len(found["phone"]) != len(names) and len(found["email"]) != len(names):
        return None
    contacts = [Contact(name=name) for name in names]
    for kind, texts in found.items():
        if len(texts) == len(names):
            for contact, text in zip(contacts, texts, strict=True):
                setattr(contact, kind, text)
    return contacts


def parse_contacts(blocks: list[str], known_orgs: list[str]) -> list[Contact]:
    """Contacts from contact blocks (paragraphs with their lines): a person name starts an entry; e-mails and
    phones after it belong to it (a second one starts a new, nameless entry); a name-like segment right after
    a name with no e-mail or phone yet is taken as an organisation or title, not a second person. The role is
    the last label seen ("Media", "Investors"). A block laid out as a table is paired by column
    (`_table_contacts`); a paragraph of running text gives only its closing contact run (`inline_contact_run`).
    The same e-mail and phone twice make one contact."""
    contacts: list[Contact] = []
    listed: list[Contact] = []  # entries of a ";" list ("A, Title; B, Title, Phone: ..."): kept with a name only
    role: str | None = None
    current: Contact | None = None
    budget = MAX_CONTACT_LINES
    for block in blocks:
        run = inline_contact_run(block) if "@" in block and ("ontact" in block or "ONTACT" in block) else None
        text = (run if run and not is_contact_heading(block) else block)[:4000]  # running text ending in a run
        parts = [part for line in _by_column(text) for part in _list_parts(line)][: max(0, budget)]
        budget -= len(parts)
        rows = [(line, new_entry, _line_items(line, known_orgs)) for line, new_entry in parts]
        table = _table_contacts([line for line, _, _ in rows], [items for _, _, items in rows], known_orgs)
        if table:
            for line, _, _ in rows:
                role = _role(line, role)
            for contact in table:
                contact.role = role
            contacts += table
            current = None
            continue
        for number, (line, new_entry, items) in enumerate(rows):
            fresh = number == 0  # a name opening a new block starts a new entry ("ON BEHALF OF ... Name, CEO" above)
            if new_entry and current is not None and current.name:
                listed.append(current)
                current = None
            role = _role(line, role)
            if _FAX.match(line):
                continue
            named_here = None  # the entry whose name this line gives
            joined = False  # the segment before is an e-mail of it, or "and"/"or" after one
            for kind, value in items:
                if kind == "name":
                    if current is None or current.email or current.phone or current.name is None or fresh:
                        current = Contact(name=value, role=role)
                        contacts.append(current)
                        named_here = current
                    fresh = joined = False
                    continue
                if kind == "other":
                    joined = joined and value.lower() in ("and", "or", "&")
                    continue
                fresh = False
                if current is not None and kind == "phone" and current.phone is not None and current.email is None:
                    continue  # a second number (toll-free, mobile) for the same person
                if kind == "email" and joined and current is named_here:
                    continue  # "Jo Lee, at media@x.com and investors@x.com": a second address of the same person
                joined = kind == "email"
                if current is None or getattr(current, kind) is not None:
                    current = Contact(role=role)
                    contacts.append(current)
                setattr(current, kind, value)
    if listed and current is not None and current.name:
        listed.append(current)
    out: list[Contact] = []
    for contact in contacts:
        if not (contact.email or contact.phone or any(contact is item for item in listed)):
            continue
        same = next(
            (
                c
                for c in out
                if (c.email, c.phone) == (contact.email, contact.phone)
                and (not c.name or not contact.name or c.name == contact.name)
            ),
            None,
        )
        if same is None:
            out.append(contact)  # the same address and number twice (top and bottom of a release) is one contact
        elif same.name is None:
            same.name = contact.name
    return out[:20]


def _role(line: str, role: str | None) -> str | None:
    """The role a label at the start of `line` sets ("Media Contact:", "Investor Relations"), else `role`."""
    label = _ROLE.search(line[:40])
    if label and not _EMAIL.search(line[: label.start()]):
        return "investor" if label.group(1).lower().startswith(("inv", "ir", "anal")) else "media"
    return role


def _list_parts(line: str) -> list[tuple[str, bool]]:
    """A contact line cut at ";" (CNW "For further information: A, Title; B, Title, Phone: ..."): each part, True
    for parts after the first (they start a new entry)."""
    if ";" not in line:
        return [(line, False)]
    return [(part, i > 0) for i, part in enumerate(line.split(";")) if part.strip()]


def _by_column(block: str) -> list[str]:
    """The lines of a contact block, side-by-side columns read one after the other: input preparation writes
    wide gaps between columns as " | " ("Investor Contact: | Media Contact:" / "Aoife Brennan | Declan Murray");
    when two or more lines have the same number of columns, the left column's lines come first."""
    lines = block.split("\n")
    rows = [line.split(" | ") for line in lines]
    wide = [row for row in rows if len(row) > 1]
    if len(wide) < 2 or len({len(row) for row in wide}) != 1:
        return lines
    count = len(wide[0])
    return [row[col].strip() for col in range(count) for row in rows if len(row) == count and row[col].strip()] + [
        line for line, row in zip(lines, rows, strict=True) if len(row) != count
    ]

"""Contact blocks -> `Contact` entries (name, role, e-mail, phone): contact lines cut into segments and labels,
person names told from organisations and titles, side-by-side columns and tables paired by column, and the
contact run that ends a paragraph of running text. Which paragraphs are contact blocks (and where such a run
starts) is decided by `sections`.
"""

from __future__ import annotations

import re

from bot.parser.models import Contact
from bot.parser.sections import PHONE, inline_contact_run, is_contact_heading
from bot.parser.text import CORP_SUFFIXES, same_org

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_CONTACT_ITEM = re.compile(f"({_EMAIL.pattern}|{PHONE.pattern})")
_PHONE_ITEM = re.compile(f"({PHONE.pattern})")  # `_CONTACT_ITEM` for text without "@"
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


MAX_CONTACT_LINES = 80  # a contact block is a few lines; more is a page's footer, not contacts


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
        phone = None if email or not is_item or not any(map(str.isdigit, segment)) else PHONE.search(segment)
        if phone and (sum(c.isdigit() for c in phone.group()) < 7 or _DATE_LIKE.search(segment)):
            phone = None
        if email or phone:
            items.append(("email" if email else "phone", (email or phone).group().strip()))  # type: ignore[union-attr]
            continue
        name = _person(segment, known_orgs)
        items.append(("name", name) if name else ("other", segment))
    return items


def _name_runs(items: list[tuple[str, str]]) -> list[list[str]]:
    """The runs of consecutive names among (kind, text) items, in order."""
    runs: list[list[str]] = []
    previous = ""
    for kind, text in items:
        if kind == "name":
            if previous != "name":
                runs.append([])
            runs[-1].append(text)
        previous = kind
    return runs


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
    names = next((run for run in _name_runs(items) if len(run) >= 2 and len(set(run)) == len(run)), [])
    if not names:  # a run of one name repeated is a company written over each column, not people
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

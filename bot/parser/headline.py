"""The headline (title line) and correction notices.

The headline is the first paragraph before the dateline that is not page furniture ("FOR IMMEDIATE RELEASE",
an `EQS-News: ... / Key word(s): ...` header, an EQS time stamp or responsibility line); for HTML it is the
page's title from input preparation; `hints.title` only fills a gap. A release is a correction when its headline
starts `CORRECTING and REPLACING`, `CORRECTION`, `CORRECTED`, `UPDATE(D)` followed by a separator, or its text
says it replaces an earlier version.
"""

from __future__ import annotations

import re

from bot.parser.dateline import DATE
from bot.parser.text import fold

_FURNITURE = re.compile(
    r"(?:for\s+immediate\s+release|news\s+release|press\s+release|media\s+release|embargoed\b|exhibit\s+99|ex-99|"
    r"(?:media|press|investors?|company)?\s*contacts?\s*:|photos?\s*/\s*multimedia|multimedia\s+gallery|"
    r"not\s+for\s+(?:distribution|dissemination|release)|"
    r"(?:EQS|DGAP)-[A-Za-z\-]+\s*:|EQS\s+(?:Group|Newswire)|\d{1,2}\.\d{1,2}\.\d{4}\s*(?:/|\d{1,2}:\d{2})|"
    r"exhibit\b|[|\s]+$|\d{1,3}(?:\.\d{1,2})?\s*$|"  # EDGAR exhibit labels ("Exhibit", "99.1") and table rules
    r"the\s+issuer\s+is\s+solely\s+responsible|share\s+this\s+article|download\s+(?:pdf|as)|"
    r"(?:announcement|company)\s+announcement\b|regulatory\s+(?:news|announcement)|"
    r"(?:english|deutsch)\s*$|\d{1,2}:\d{2}\s*(?:am|pm)?\s*(?:et|est|edt|cet|cest|gmt|utc)\b)",
    re.IGNORECASE,
)
# A line that only numbers the announcement: "Nordlys Pharma A/S – Company announcement no. 12/2024".
_ANNOUNCEMENT_LABEL = re.compile(
    r"[^\n]{0,100}?(?:company|stock\s+exchange|regulatory)\s+(?:announcement|release)\s+(?:no\.?|nr\.?|number)?\s*"
    r"\d{1,4}\s*[/-]\s*\d{2,4}\s*",
    re.IGNORECASE,
)
# IR pages: "Published: January 24, 2024", "Posted: 2024-01-24", or a date alone on its line.
_DATE_LABEL = re.compile(rf"(?:(?:published|posted|date|updated|released)\s*:?\s*)?(?:on\s+)?{DATE}\s*", re.IGNORECASE)
# Syndicated EQS/DGAP titles keep the service's prefix: "DGAP-Adhoc Acme AG: ...", "EQS-News Acme ...".
_SYNDICATION_PREFIX = re.compile(r"(?:EQS|DGAP)-[A-Za-z\-]{2,12}\s+(?=[^\s:])")
# Prose, not a title: a quotation, a speech verb, the issuer's opening sentence.
_NOT_TITLE = re.compile(
    r"[\"“‘'].{20}|.*\b(?:said|says|commented|stated|added|noted|is\s+pleased\s+to|are\s+pleased\s+to|"
    r"today\s+announced|announced\s+today)\b",
    re.IGNORECASE,
)
_CORRECTION_HEAD = re.compile(
    r"\s*(?:correcting\s+and\s+replacing|correcting|replacing|correct(?:ion|ed)|update[ds]?)\b"
    r"\s*(?:[:\-–—|]|--|\b(?="
    r"\s*[A-Z]))",
    re.IGNORECASE,
)
_STRONG_HEAD = re.compile(r"\s*(?:correcting\s+and\s+replacing|correction\b|corrected\b)", re.IGNORECASE)
_CORRECTION_BODY = re.compile(
    r"\b(?:this\s+(?:press\s+|news\s+)?release\s+(?:corrects|replaces|supersedes)|corrects\s+(?:and\s+replaces\s+)?"
    r"the\s+(?:press\s+|news\s+)?release|replaces\s+the\s+(?:press\s+|news\s+)?release\s+(?:issued|published|"
    r"distributed|sent))",
    re.IGNORECASE,
)


def is_furniture(para: str) -> bool:
    """Page furniture above a headline: release labels, EQS headers and time stamps, share/download links."""
    para = para.strip()
    return len(para) <= 200 and bool(
        _FURNITURE.match(para)
        or _ANNOUNCEMENT_LABEL.fullmatch(para)
        or (len(para) <= 60 and _DATE_LABEL.fullmatch(para))
    )


def _title_like(line: str) -> bool:
    """A line that can be a title when no dateline marks the start of the body: not a quotation, no speech verb,
    not the issuer's opening sentence, not a long sentence ending in a period."""
    return len(line) <= 400 and not _NOT_TITLE.match(line) and not (line.endswith(".") and line.count(" ") >= 25)


def pick_headline(
    paragraphs: list[str],
    dateline_index: int | None,
    title: str | None,
    hint: str | None,
    dateline_prefix: str | None = None,
) -> tuple[str | None, int]:
    """(headline, index of the paragraph it came from or -1). `paragraphs` keep their lines: furniture lines
    above the title (an EQS header, "FOR IMMEDIATE RELEASE") are skipped and the first remaining line is taken."""
    if title and title.strip():
        return fold(title), -1
    end = dateline_index if dateline_index is not None else min(len(paragraphs), 6)
    use_hint = dateline_index is None and bool(hint and hint.strip())
    for index in range(end):
        for line in paragraphs[index].split("\n"):
            if not line.strip() or is_furniture(line):
                continue
            if use_hint and not _title_like(line):
                return fold(hint), -1  # type: ignore[arg-type]  # no dateline: the body starts here
            if len(line) > 400:
                continue
            return _SYNDICATION_PREFIX.sub("", fold(line), count=1), index
    if dateline_prefix:
        return fold(dateline_prefix), -1
    if hint and hint.strip():
        return fold(hint), -1
    return None, -1


def is_correction(headline: str | None, body_start: str) -> bool:
    """Correction or update of an earlier release: headline prefix, or a "this release corrects" sentence."""
    if headline:
        if _STRONG_HEAD.match(headline):
            return True
        head = _CORRECTION_HEAD.match(headline)
        if head and not re.match(r"\s*update[ds]?\s+(?:on|to|of|from|regarding)\b", headline, re.IGNORECASE):
            return True
    start = body_start[:3000]
    lower = start.lower()
    if "corrects" not in lower and "replaces" not in lower and "supersedes" not in lower:
        return False
    return bool(_CORRECTION_BODY.search(start))

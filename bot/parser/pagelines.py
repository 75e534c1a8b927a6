"""Physical lines of plain text (PDF, OCR, e-mail, feed text): each line stripped and single-spaced with its marks
(laid out in columns, indented), page breaks and page furniture replaced by `BOUNDARY` marks, and runs of blank lines
around a page break collapsed into one.

Page furniture: form feeds, EDGAR `<PAGE>` marks, "Page 3 of 5", "- 2 -", "-more-", bare page numbers between
blank lines, and lines repeated next to two or more page breaks (running headers/footers) are removed; `pdftext`
joins a page break inside a paragraph like any other wrap.
All regular expressions here are linear (no nested quantifiers over overlapping classes).
"""

from __future__ import annotations

import re

BOUNDARY = "\f"  # marks a removed page break in the line list
TABLE, INDENTED = 1, 2  # line marks: laid out in columns; indented more than the line above

# Columns: a tab or a wide gap; a 3-space gap counts only on lines of few words (justified prose has 3-space gaps).
_WIDE_GAP_RE = re.compile(r"\S(?:\t| {4,})\S")
_GAP_RE = re.compile(r"\S(?:\t| {3,})\S")
_CELL_SPLIT_RE = re.compile(r"(?:\t| {3,})[ \t]*")
_PAGE_NO_RE = re.compile(
    r"(?:page|p\.|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|[-–—(]+\s*more\s*[-–—)]*|more\s*[-–—)]+|\d{1,4}\s*\|\s*p ?a ?g ?e|p ?a ?g ?e\s*\|\s*\d{1,4}",
    re.I,
)
_PAGE_IN_LINE_RE = re.compile(r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)  # "Acme Corp.      Page 2 of 3"
_HEADER_WORDS_RE = re.compile(r"\b(?:press|news) release\b|\bconfidential\b|©|\(c\) ?\d{4}|\bcopyright\b", re.I)
_BARE_NUMBER_RE = re.compile(r"\[?\d{1,3}\]?")
_DIGITS_RE = re.compile(r"\d+")
SENTENCE_END_RE = re.compile(r"[.!?][\"”’')]?$")


def _is_page_number(lines: list[str | None] | list[str], i: int) -> bool:
    line = lines[i]
    assert line is not None
    if len(line) <= 24 and _PAGE_NO_RE.fullmatch(line):
        return True
    if len(line) <= 150 and ("age" in line or "AGE" in line) and _PAGE_IN_LINE_RE.search(line):
        return True
    return bool(
        len(line) <= 5
        and _BARE_NUMBER_RE.fullmatch(line)
        and (i == 0 or not lines[i - 1] or lines[i - 1] == BOUNDARY)
        and (i == len(lines) - 1 or not lines[i + 1] or lines[i + 1] == BOUNDARY)
    )


def page_number_lines(lines: list[str | None] | list[str]) -> list[int]:
    """The indexes of the page-number lines ("Page 3 of 5", "- 2 -", "-more-", a bare number between blank lines);
    a blank line is None or ""."""
    return [
        i
        for i, line in enumerate(lines)  # page lines are short: up to 24 characters, or 150 with "page" in them
        if line
        and (len(line) <= 24 or (len(line) <= 150 and ("age" in line or "AGE" in line)))
        and line != BOUNDARY
        and _is_page_number(lines, i)
    ]


def remove_furniture(lines: list[str | None], marks: list[int], warnings: list[str]) -> list[str | None]:
    """Replace page numbers and running headers/footers by `BOUNDARY` marks (form feeds already are). A running
    header is a line (digits ignored) seen next to two or more page edges (the document's start and end count),
    or a single laid-out line (columns, "Press Release", ©) right next to a page break."""
    out: list[str | None] = list(lines)
    n = len(out)
    page_numbers = page_number_lines(lines)
    for i in page_numbers:
        out[i] = BOUNDARY
    removed = len(page_numbers)
    edges = [i for i, line in enumerate(out) if line == BOUNDARY] if removed or BOUNDARY in out else []
    if edges:
        near: dict[str, set[int]] = {}
        spots: list[tuple[int, str]] = []
        for edge in (-1, *edges, n):
            real_edge = 0 <= edge < n
            for step in (-1, 1):
                j, seen = edge + step, 0
                while 0 <= j < n and seen < 2 and out[j] != BOUNDARY:
                    line = out[j]
                    if line is not None:
                        key = _DIGITS_RE.sub("#", line.lower())
                        near.setdefault(key, set()).add(j)
                        spots.append((j, key))
                        if real_edge and seen == 0 and _looks_like_header(line, bool(marks[j] & TABLE)):
                            spots.append((j, ""))
                        seen += 1
                    j += step
        repeated = {k for k, where in near.items() if len(where) >= 2 and 3 <= len(k) <= 120}
        repeated.add("")
        for j, key in spots:
            if key in repeated and out[j] not in (None, BOUNDARY):
                out[j] = BOUNDARY
                removed += 1
    if removed:
        warnings.append(f"removed page furniture: page numbers, running headers/footers ({removed}x)")
    return out


def _looks_like_header(line: str, table: bool) -> bool:
    if table:
        return len(line) <= 150
    return len(line) <= 80 and not SENTENCE_END_RE.search(line[-3:]) and bool(_HEADER_WORDS_RE.search(line))


def _is_table_row(line: str) -> bool:
    if _WIDE_GAP_RE.search(line):
        return True
    return bool(_GAP_RE.search(line)) and line.count(" ") - 2 * line.count("   ") <= 8


def collapse_breaks(lines: list[str | None], marks: list[int]) -> tuple[list[str | None], list[int]]:
    """Blank lines around a page break belong to it: each run of blank lines and breaks that holds a break becomes
    one `BOUNDARY` (found from the breaks; the lines between runs are copied as slices)."""
    out: list[str | None] = []
    out_marks: list[int] = []
    n = len(lines)
    done = 0  # lines[:done] are handled
    for at in [i for i, line in enumerate(lines) if line == BOUNDARY]:
        if at < done:
            continue  # inside the run of an earlier break
        start = at
        while start > done and lines[start - 1] is None:
            start -= 1
        end = at + 1
        while end < n and (lines[end] is None or lines[end] == BOUNDARY):
            end += 1
        out += lines[done:start]
        out_marks += marks[done:start]
        out.append(BOUNDARY)
        out_marks.append(0)
        done = end
    out += lines[done:]
    out_marks += marks[done:]
    return out, out_marks


_ASCII_CONTROLS = bytes(range(0x20)).replace(b"\n", b"") + b"\x7f"
_SPACE_AT_LINE_END_RE = re.compile(r"\n(?:(?<= \n)| )")  # a space before or after a newline ("\n" first: fast)


def is_tidy(text: str) -> bool:
    """Whether every line of `text` is already stripped and single-spaced: no tab, form feed or space other than
    " ", no doubled space, no space at a line's start or end (most feed text: one paragraph per line)."""
    if "  " in text or _SPACE_AT_LINE_END_RE.search(text) or text[:1] == " " or text[-1:] == " ":
        return False
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROLS)) == len(data)
    return text.replace("\n", "").isprintable()  # every space but " " is unprintable (as are control characters)


def physical_lines(text: str) -> tuple[list[str | None], list[int]]:
    """The lines of `text`, stripped and single-spaced (None for a blank line, `BOUNDARY` for a page break), and
    their marks (see `TABLE` and `INDENTED`). Only untidy lines are looked at one by one: a tidy line (no space
    at its ends, no doubled or odd space) is its own clean form, no table row, not indented."""
    raw_lines = text.replace("\f", "\n\f\n").split("\n")
    lines: list[str | None] = [line or None for line in raw_lines]
    marks = [0] * len(raw_lines)
    may_have_columns = "\t" in text or "   " in text
    last_indent = 0  # the indentation of the last non-blank line
    last = -1  # the index of the last untidy non-blank line
    untidy = [
        i
        for i, raw in enumerate(raw_lines)
        if raw and (raw[0] == " " or raw[-1] == " " or "  " in raw or not raw.isprintable())
    ]
    for i in untidy:
        raw = raw_lines[i]
        if raw == "\f":  # str.strip() would remove it
            lines[i] = BOUNDARY
            continue
        stripped = raw.strip()
        if not stripped:
            lines[i] = None
            continue
        mark = TABLE if may_have_columns and ("\t" in stripped or "   " in stripped) and _is_table_row(stripped) else 0
        if mark:  # cells separated by " | ", as for HTML tables
            lines[i] = " | ".join(" ".join(cell.split()) for cell in _CELL_SPLIT_RE.split(stripped))
        else:
            lines[i] = " ".join(stripped.split())
        if i > last + 1 and any(line is not None and line != BOUNDARY for line in lines[last + 1 : i]):
            last_indent = 0  # a tidy line came in between
        indent = len(raw) - len(raw.lstrip())
        marks[i] = mark | (INDENTED if indent >= last_indent + 2 else 0)
        last_indent = indent
        last = i
    return lines, marks

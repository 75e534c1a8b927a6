"""Plain text from PDFs, OCR, e-mail and feeds -> paragraphs: page furniture removed, hard wraps joined,
words hyphenated across lines rejoined, OCR confusions repaired in known contexts only.

Layout rules (the choice parser-extract relies on):
- Paragraphs are separated by one blank line. Lines of a blank-line-separated block are joined when the line
  runs near the document's wrap width (`line + next word` would pass ~85% of it), when it ends with a dateline
  connector (`--`, ` -`, `/`) or when a long line is followed by a lowercase continuation.
- Short lines (contact details, addresses, list items, table rows, headlines) are never joined: they stay
  separate lines, one newline apart, inside their paragraph. A block that mixes such short lines with joined
  prose is split: each prose paragraph and each run of short lines becomes its own paragraph, so a heading such
  as "About ImmunoGen, Inc." directly above its text is a paragraph of its own.
- The wrap width is the 90th percentile of line lengths; text whose lines do not cluster near one width (feed
  text with one paragraph per line) is treated as unwrapped and no line is joined by width.
- Page furniture: form feeds, EDGAR `<PAGE>` marks, "Page 3 of 5", "- 2 -", "-more-", bare page numbers between
  blank lines, and lines repeated next to two or more page breaks (running headers/footers) are removed; a page
  break inside a paragraph is joined like any other wrap.
All regular expressions here are linear (no nested quantifiers over overlapping classes).
"""

from __future__ import annotations

import re

from bot.parser.ocr import repair_ocr

_BOUNDARY = "\f"  # marks a removed page break in the line list
_TABLE, _INDENTED = 1, 2  # line marks: laid out in columns; indented more than the line above

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
_BULLET = r"(?:[•·▪◦●■►*]|[-–—]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)"  # bullets and numbered items
_BULLET_RE = re.compile(_BULLET)
_STRUCTURAL_RE = re.compile(  # a line that starts something: never joined to the line above
    _BULLET
    + r"|(?:Tel|Phone|Fax|E-?mail|Web(?:site)?|Contacts?|Media|Investors?|Source|SOURCE|CONTACTS?|MEDIA)\b[^:\n]{0,40}:"
    r"|SOURCE\s|###"
    # a dateline: "CITY, ST, date (GLOBE NEWSWIRE) --", "CITY--(BUSINESS WIRE)--", "CITY, date /PRNewswire/ --"
    r"|[A-Z][A-Z.'’ ]{2,40}[^\n]{0,60}?(?:GLOBE NEWSWIRE|/PRNewswire|BUSINESS WIRE|ACCESSWIRE|Newsfile Corp|/CNW/)"
)
_ABOUT_RE = re.compile(r"About\s+\S")
_CONTINUES_RE = re.compile(r"(?:--|\s[-–—/]|[–—]|\(|&|,\s*and)$")
_CONTINUES_LAST = frozenset("-/–—(&d")  # the last characters `_CONTINUES_RE` can match
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’')]?$")
_HYPHEN_BREAK_RE = re.compile(r"(?<=[A-Za-z])-$")
_ATTACHED_DASH_RE = re.compile(r"(?:\d-|[^\s–—-][–—])$")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*")

# Compound parts that keep their hyphen when a line break falls after them ("well-\nknown", "antibody-\nbased").
_COMPOUND_FIRST = frozenset(
    "self well non anti co multi cross long short high low first second third fourth next state world best "
    "year full half part one two three four five six seven ten all top end late early mid pre post e x "
    "small large mid-size open double single real near".split()
)
_COMPOUND_SECOND = frozenset(
    "based term time owned looking label class leading party stage specific related free wide driven level "
    "scale line year end date quarter generation sponsored funded listed held wise like sized focused "
    "centric enabled backed approved designated friendly facing dose arm blind controlled".split()
)


# Release markers that carry no content: the preamble and the end marks used by every wire.
_MARKER_LINE_RE = re.compile(
    r"(?:for immediate (?:release|distribution)|immediate release|(?:press|news) release)[:.]?|#(?: ?#){2,}|-30-",
    re.I,
)


def is_marker_line(line: str) -> bool:
    """A release marker line that carries no content: "FOR IMMEDIATE RELEASE", "###", "-30-"."""
    return len(line) < 32 and bool(_MARKER_LINE_RE.fullmatch(line))


def _estimate_width(lines: list[str | None], marks: list[int]) -> float | None:
    """Wrap width in characters, or None when the text does not look hard-wrapped."""
    return _width_of(
        [
            len(line)
            for line, nxt, mark in zip(lines, lines[1:], marks, strict=False)  # each line with the next one
            if line
            and len(line) >= 30
            and nxt is not None
            and nxt != _BOUNDARY
            and line != _BOUNDARY
            and not mark & _TABLE
        ]
    )


def _width_of(lens: list[int]) -> float | None:
    """The wrap width from the lengths of the lines (of 30 characters or more) that a line follows, or None."""
    if not lens:
        return None
    lens.sort()
    if len(lens) < 3:
        return float(lens[-1]) if 55 <= lens[-1] <= 100 else None  # a short text wrapped like an e-mail
    width = lens[int(0.9 * (len(lens) - 1))]
    near = sum(1 for n in lens if 0.7 * width <= n <= 1.15 * width)
    return float(width) if width <= 250 and near >= 0.5 * len(lens) else None


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
        and (i == 0 or not lines[i - 1] or lines[i - 1] == _BOUNDARY)
        and (i == len(lines) - 1 or not lines[i + 1] or lines[i + 1] == _BOUNDARY)
    )


def _page_numbers(lines: list[str | None] | list[str]) -> list[int]:
    """The indexes of the page-number lines ("Page 3 of 5", "- 2 -", "-more-", a bare number between blank lines);
    a blank line is None or ""."""
    return [
        i
        for i, line in enumerate(lines)  # page lines are short: up to 24 characters, or 150 with "page" in them
        if line
        and (len(line) <= 24 or (len(line) <= 150 and ("age" in line or "AGE" in line)))
        and line != _BOUNDARY
        and _is_page_number(lines, i)
    ]


def _remove_furniture(lines: list[str | None], marks: list[int], warnings: list[str]) -> list[str | None]:
    """Replace page numbers and running headers/footers by `_BOUNDARY` marks (form feeds already are). A running
    header is a line (digits ignored) seen next to two or more page edges (the document's start and end count),
    or a single laid-out line (columns, "Press Release", ©) right next to a page break."""
    out: list[str | None] = list(lines)
    n = len(out)
    page_numbers = _page_numbers(lines)
    for i in page_numbers:
        out[i] = _BOUNDARY
    removed = len(page_numbers)
    edges = [i for i, line in enumerate(out) if line == _BOUNDARY] if removed or _BOUNDARY in out else []
    if edges:
        near: dict[str, set[int]] = {}
        spots: list[tuple[int, str]] = []
        for edge in (-1, *edges, n):
            real_edge = 0 <= edge < n
            for step in (-1, 1):
                j, seen = edge + step, 0
                while 0 <= j < n and seen < 2 and out[j] != _BOUNDARY:
                    line = out[j]
                    if line is not None:
                        key = _DIGITS_RE.sub("#", line.lower())
                        near.setdefault(key, set()).add(j)
                        spots.append((j, key))
                        if real_edge and seen == 0 and _looks_like_header(line, bool(marks[j] & _TABLE)):
                            spots.append((j, ""))
                        seen += 1
                    j += step
        repeated = {k for k, where in near.items() if len(where) >= 2 and 3 <= len(k) <= 120}
        repeated.add("")
        for j, key in spots:
            if key in repeated and out[j] not in (None, _BOUNDARY):
                out[j] = _BOUNDARY
                removed += 1
    if removed:
        warnings.append(f"removed page furniture: page numbers, running headers/footers ({removed}x)")
    return out


def _looks_like_header(line: str, table: bool) -> bool:
    if table:
        return len(line) <= 150
    return len(line) <= 80 and not _SENTENCE_END_RE.search(line[-3:]) and bool(_HEADER_WORDS_RE.search(line))


def title_like(line: str) -> bool:
    """Most words of four letters or more capitalised, as in a headline."""
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


class _Joiner:
    """Decides and performs line joins for one document (shares the wrap width and the word list)."""

    def __init__(self, text: str, width: float | None, first_line: str | None) -> None:
        self.text = text
        self.first_line = first_line  # the document's first line: often a headline, never joined to a subheadline
        self.width = width
        self._words: set[str] | None = None
        self.joined = 0
        self.dehyphenated = 0

    def words(self) -> set[str]:
        if self._words is None:
            if self.text.isascii():  # lower-casing ASCII keeps every letter a letter: one C-level pass
                self._words = set(_WORD_RE.findall(self.text.lower()))
            else:
                self._words = {w.lower() for w in _WORD_RE.findall(self.text)}
        return self._words

    def should_join(self, prev: str, nxt: str, first_mark: int, mark: int) -> bool:
        """Whether physical line `nxt` (marks `mark`) continues physical line `prev`, whose logical line began with
        a line marked `first_mark` (only the lines' ends are looked at)."""
        if (first_mark | mark) & _TABLE:
            return False
        tail = prev[-6:]
        width = self.width
        if prev[-1] in _CONTINUES_LAST and _CONTINUES_RE.search(tail):
            wrapped = True
        elif width is None:
            wrapped = prev[-1] == "-" and bool(_HYPHEN_BREAK_RE.search(tail)) and nxt[0].islower()
        elif len(prev) < 0.6 * width:
            return False
        elif len(nxt) < 0.5 * width and (
            (_SENTENCE_END_RE.search(tail) and not _SENTENCE_END_RE.search(nxt[-3:])) or _ABOUT_RE.match(nxt)
        ):
            return False  # a heading or label under a paragraph that ended at the margin
        else:
            first = nxt.find(" ")  # the length of the next line's first word
            first = len(nxt) if first < 0 else first
            wrapped = len(prev) + 1 + first >= 0.85 * width or (nxt[0].islower() and prev[-1] not in ".!?:;")
        if not wrapped or _STRUCTURAL_RE.match(nxt):
            return False
        if mark & _INDENTED and _SENTENCE_END_RE.search(tail):
            return False  # an indented first line starts a new paragraph
        return not (prev is self.first_line and nxt[0].isupper() and title_like(prev) and not title_like(nxt))

    def join(self, pieces: list[str], nxt: str) -> None:
        """Append physical line `nxt` to a logical line kept as `pieces` (rejoining a hyphenated word)."""
        self.joined += 1
        prev = pieces[-1]
        if prev[-1] not in "-–—":  # most wraps: no dash to keep or drop
            pieces.append(" " + nxt)
            return
        if _ATTACHED_DASH_RE.search(prev[-2:]):  # "2020-\n2021", "growth—\nand" keep the dash, no space
            pieces.append(nxt)
            return
        if not _HYPHEN_BREAK_RE.search(prev[-2:]) or prev.endswith("--"):
            pieces.append(" " + nxt)
            return
        before = prev[:-1].rsplit(" ", 1)[-1]
        after = nxt.split(" ", 1)[0]
        if not nxt[0].islower() or self._keeps_hyphen(before, after):
            pieces.append(nxt)
            return
        self.dehyphenated += 1
        pieces[-1] = prev[:-1]
        pieces.append(nxt)

    def _keeps_hyphen(self, before: str, after: str) -> bool:
        original = before.lstrip("\"“‘'(")
        head = original.lower()
        tail = _WORD_RE.match(after)
        tail_word = tail.group().lower() if tail else after.lower()
        if "-" in head or "-" in tail_word or not head.isalpha() or (not original[1:].islower() and len(head) > 1):
            return True  # compounds ("first-in-"), codes and acronyms ("COVID-") keep their hyphen
        words = self.words()
        if f"{head}{tail_word}" in words and f"{head}-{tail_word}" not in words:
            return False
        if f"{head}-{tail_word}" in words:
            return True
        return head in _COMPOUND_FIRST or tail_word.rstrip(".,;:") in _COMPOUND_SECOND


def is_prose(line: str, physical: int = 1, width: float | None = None) -> bool:
    """Whether a logical line is running prose (its own paragraph) rather than a short line of a block: joined
    from several lines, near the wrap width, or (unwrapped text) long or a long sentence."""
    if _BULLET_RE.match(line):
        return False  # list items stay together
    if physical >= 2:
        return True
    if width is not None:
        return len(line) >= 0.8 * width
    return len(line) >= 120 or (len(line) >= 60 and bool(_SENTENCE_END_RE.search(line[-3:])))


def _block_paragraphs(lines: list[str], marks: list[int] | None, joiner: _Joiner) -> list[str]:
    """One blank-line-separated block (its physical lines and their marks; None: all 0) -> its paragraphs (lines
    joined, mixed blocks split)."""
    if len(lines) == 1:
        return [lines[0]]  # most blocks of unwrapped text: one line, nothing to join or split
    if (
        joiner.width is None
        and all(len(line) < 60 for line in lines)
        and not any(line[-1] in _CONTINUES_LAST for line in lines[:-1])
    ):
        # unwrapped text joins a line only after a dash, slash, "(", "&" or "and" (`should_join`), and a line under
        # 60 characters is never prose (`is_prose`): a block of short lines (contacts, addresses) stays as it is
        return ["\n".join(lines)]
    should_join = joiner.should_join
    logical: list[list[str]] = [[lines[0]]]  # the pieces of each logical line
    counts = [1]  # physical lines in each logical line
    first_marks = [marks[0] if marks else 0]  # the marks of each logical line's first physical line
    last = lines[0]  # the previous physical line
    for i in range(1, len(lines)):
        line = lines[i]
        mark = marks[i] if marks else 0
        if should_join(last, line, first_marks[-1], mark):
            joiner.join(logical[-1], line)
            counts[-1] += 1
        else:
            logical.append([line])
            counts.append(1)
            first_marks.append(mark)
        last = line
    if len(logical) == 1:
        return ["".join(logical[0])]
    texts = ["".join(pieces) for pieces in logical]
    width = joiner.width
    prose = [not m & _TABLE and is_prose(s, n, width) for s, n, m in zip(texts, counts, first_marks, strict=True)]
    if not any(prose):
        return ["\n".join(texts)]
    return split_prose_runs(texts, prose)


def split_prose_runs(lines: list[str], prose: list[bool]) -> list[str]:
    """Paragraphs of a mixed block: each prose line (`prose[i]` True) stands alone; runs of the other lines
    (contacts, addresses, table rows) stay together, one per line."""
    paragraphs: list[str] = []
    run: list[str] = []
    for line, line_is_prose in zip(lines, prose, strict=True):
        if line_is_prose:
            if run:
                paragraphs.append("\n".join(run))
                run = []
            paragraphs.append(line)
        else:
            run.append(line)
    if run:
        paragraphs.append("\n".join(run))
    return paragraphs


def _is_table_row(line: str) -> bool:
    if _WIDE_GAP_RE.search(line):
        return True
    return bool(_GAP_RE.search(line)) and line.count(" ") - 2 * line.count("   ") <= 8


def _collapse_breaks(lines: list[str | None], marks: list[int]) -> tuple[list[str | None], list[int]]:
    """Blank lines around a page break belong to it: each run of blank lines and breaks that holds a break becomes
    one `_BOUNDARY` (found from the breaks; the lines between runs are copied as slices)."""
    out: list[str | None] = []
    out_marks: list[int] = []
    n = len(lines)
    done = 0  # lines[:done] are handled
    for at in [i for i, line in enumerate(lines) if line == _BOUNDARY]:
        if at < done:
            continue  # inside the run of an earlier break
        start = at
        while start > done and lines[start - 1] is None:
            start -= 1
        end = at + 1
        while end < n and (lines[end] is None or lines[end] == _BOUNDARY):
            end += 1
        out += lines[done:start]
        out_marks += marks[done:start]
        out.append(_BOUNDARY)
        out_marks.append(0)
        done = end
    out += lines[done:]
    out_marks += marks[done:]
    return out, out_marks


_ASCII_CONTROLS = bytes(range(0x20)).replace(b"\n", b"") + b"\x7f"
_BLANK_LINES_RE = re.compile(r"\n\n+")
_SPACE_AT_LINE_END_RE = re.compile(r"\n(?:(?<= \n)| )")  # a space before or after a newline ("\n" first: fast)


def _is_tidy(text: str) -> bool:
    """Whether every line of `text` is already stripped and single-spaced: no tab, form feed or space other than
    " ", no doubled space, no space at a line's start or end (most feed text: one paragraph per line)."""
    if "  " in text or _SPACE_AT_LINE_END_RE.search(text) or text[:1] == " " or text[-1:] == " ":
        return False
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROLS)) == len(data)
    return text.replace("\n", "").isprintable()  # every space but " " is unprintable (as are control characters)


def _physical_lines(text: str) -> tuple[list[str | None], list[int]]:
    """The lines of `text`, stripped and single-spaced (None for a blank line, `_BOUNDARY` for a page break), and
    their marks (see `_TABLE` and `_INDENTED`). Only untidy lines are looked at one by one: a tidy line (no space
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
            lines[i] = _BOUNDARY
            continue
        stripped = raw.strip()
        if not stripped:
            lines[i] = None
            continue
        mark = _TABLE if may_have_columns and ("\t" in stripped or "   " in stripped) and _is_table_row(stripped) else 0
        if mark:  # cells separated by " | ", as for HTML tables
            lines[i] = " | ".join(" ".join(cell.split()) for cell in _CELL_SPLIT_RE.split(stripped))
        else:
            lines[i] = " ".join(stripped.split())
        if i > last + 1 and any(line is not None and line != _BOUNDARY for line in lines[last + 1 : i]):
            last_indent = 0  # a tidy line came in between
        indent = len(raw) - len(raw.lstrip())
        marks[i] = mark | (_INDENTED if indent >= last_indent + 2 else 0)
        last_indent = indent
        last = i
    return lines, marks


def layout_text(text: str, warnings: list[str]) -> str:
    """Plain text (already character-cleaned, `\\f` for page breaks) -> paragraphs separated by one blank line,
    every line stripped and single-spaced, with OCR repairs applied. Appends plain-words notes of each repair kind
    to `warnings`."""
    if _is_tidy(text) and not _page_numbers(text.split("\n")):
        # most feed text: no line to clean, no page furniture, no marks; its text is its lines'
        paragraphs, joiner = _plain_paragraphs(text, text)
    else:
        lines, marks = _physical_lines(text)
        lines = _remove_furniture(lines, marks, warnings)
        if _BOUNDARY in lines or any(marks):
            paragraphs, joiner = _marked_paragraphs(text, lines, marks)
        else:
            paragraphs, joiner = _plain_paragraphs(text, "\n".join([line or "" for line in lines]))
    if joiner.joined:
        warnings.append(f"joined hard-wrapped lines ({joiner.joined}x)")
    if joiner.dehyphenated:
        warnings.append(f"rejoined words hyphenated across line breaks ({joiner.dehyphenated}x)")
    return repair_ocr("\n\n".join(paragraphs), warnings)


def _plain_paragraphs(text: str, joined: str) -> tuple[list[str], _Joiner]:
    """Paragraphs of lines without page breaks or marks (`joined`: the clean lines, a blank line as ""): the
    blocks between blank lines, taken in one split; only blocks of several lines are looked at line by line."""
    blocks: list[str | list[str]] = [
        block.split("\n") if "\n" in block else block for block in _BLANK_LINES_RE.split(joined.strip("\n")) if block
    ]
    several = [block for block in blocks if type(block) is list]
    width = _width_of([len(line) for block in several for line in block[:-1] if len(line) >= 30]) if several else None
    headline = next(
        (line for block in blocks for line in (block if type(block) is list else (block,)) if not is_marker_line(line)),
        None,
    )
    joiner = _Joiner(text, width, headline)
    if not several:
        return blocks, joiner  # type: ignore[return-value]  # all one-line blocks
    paragraphs: list[str] = []
    for block in blocks:
        if type(block) is list:
            paragraphs.extend(_block_paragraphs(block, None, joiner))
        else:
            paragraphs.append(block)  # type: ignore[arg-type]
    return paragraphs, joiner


def _marked_paragraphs(text: str, lines: list[str | None], marks: list[int]) -> tuple[list[str], _Joiner]:
    """Paragraphs of lines with page breaks (a paragraph may run on over a break) or marks (columns,
    indentation), walked line by line."""
    if _BOUNDARY in lines:
        lines, marks = _collapse_breaks(lines, marks)
    width = _estimate_width(lines, marks)
    headline = next((line for line in lines if line and line != _BOUNDARY and not is_marker_line(line)), None)
    joiner = _Joiner(text, width, headline)
    paragraphs: list[str] = []
    block: list[str] = []
    block_marks: list[int] = []
    pending_break = False  # a page break was seen since the last line
    for line, mark in zip(lines, marks, strict=True):
        if line == _BOUNDARY:
            pending_break = True
            continue
        if line is None:
            if len(block) == 1:
                paragraphs.append(block[0])  # a one-line block is its own paragraph (as `_block_paragraphs`)
                block, block_marks = [], []
            elif block:
                paragraphs.extend(_block_paragraphs(block, block_marks, joiner))
                block, block_marks = [], []
            pending_break = False
            continue
        if pending_break and block:
            last = block[-1]
            continues = not _SENTENCE_END_RE.search(last[-3:]) and (
                line[0].islower() or (width is not None and len(last) >= 0.75 * width)
            )
            if not continues:
                paragraphs.extend(_block_paragraphs(block, block_marks, joiner))
                block, block_marks = [], []
        pending_break = False
        block.append(line)
        block_marks.append(mark)
    if block:
        paragraphs.extend(_block_paragraphs(block, block_marks, joiner))
    return paragraphs, joiner

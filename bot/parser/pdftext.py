"""Plain text from PDFs, OCR, e-mail and feeds -> paragraphs: page furniture removed, hard wraps joined,
words hyphenated across lines rejoined, OCR confusions repaired in known contexts only. This module lays out the
paragraphs; `pagelines` gives the physical lines without page furniture, `linejoin` decides and performs line joins.

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
- Page furniture (page numbers, running headers/footers: see `pagelines`) is removed first; a page break inside a
  paragraph is joined like any other wrap.
All regular expressions here are linear (no nested quantifiers over overlapping classes).
"""

from __future__ import annotations

import re

from bot.parser.linejoin import BULLET, CONTINUES_LAST, Joiner
from bot.parser.ocr import repair_ocr
from bot.parser.pagelines import (
    BOUNDARY,
    SENTENCE_END_RE,
    TABLE,
    collapse_breaks,
    is_tidy,
    page_number_lines,
    physical_lines,
    remove_furniture,
)

_BULLET_RE = re.compile(BULLET)


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
            and nxt != BOUNDARY
            and line != BOUNDARY
            and not mark & TABLE
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


def is_prose(line: str, physical: int = 1, width: float | None = None) -> bool:
    """Whether a logical line is running prose (its own paragraph) rather than a short line of a block: joined
    from several lines, near the wrap width, or (unwrapped text) long or a long sentence."""
    if _BULLET_RE.match(line):
        return False  # list items stay together
    if physical >= 2:
        return True
    if width is not None:
        return len(line) >= 0.8 * width
    return len(line) >= 120 or (len(line) >= 60 and bool(SENTENCE_END_RE.search(line[-3:])))


def _block_paragraphs(lines: list[str], marks: list[int] | None, joiner: Joiner) -> list[str]:
    """One blank-line-separated block (its physical lines and their marks; None: all 0) -> its paragraphs (lines
    joined, mixed blocks split)."""
    if len(lines) == 1:
        return [lines[0]]  # most blocks of unwrapped text: one line, nothing to join or split
    if (
        joiner.width is None
        and all(len(line) < 60 for line in lines)
        and not any(line[-1] in CONTINUES_LAST for line in lines[:-1])
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
    prose = [not m & TABLE and is_prose(s, n, width) for s, n, m in zip(texts, counts, first_marks, strict=True)]
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


_BLANK_LINES_RE = re.compile(r"\n\n+")


def layout_text(text: str, warnings: list[str]) -> str:
    """Plain text (already character-cleaned, `\\f` for page breaks) -> paragraphs separated by one blank line,
    every line stripped and single-spaced, with OCR repairs applied. Appends plain-words notes of each repair kind
    to `warnings`."""
    if is_tidy(text) and not page_number_lines(text.split("\n")):
        # most feed text: no line to clean, no page furniture, no marks; its text is its lines'
        paragraphs, joiner = _plain_paragraphs(text, text)
    else:
        lines, marks = physical_lines(text)
        lines = remove_furniture(lines, marks, warnings)
        if BOUNDARY in lines or any(marks):
            paragraphs, joiner = _marked_paragraphs(text, lines, marks)
        else:
            paragraphs, joiner = _plain_paragraphs(text, "\n".join([line or "" for line in lines]))
    if joiner.joined:
        warnings.append(f"joined hard-wrapped lines ({joiner.joined}x)")
    if joiner.dehyphenated:
        warnings.append(f"rejoined words hyphenated across line breaks ({joiner.dehyphenated}x)")
    return repair_ocr("\n\n".join(paragraphs), warnings)


def _plain_paragraphs(text: str, joined: str) -> tuple[list[str], Joiner]:
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
    joiner = Joiner(text, width, headline)
    if not several:
        return blocks, joiner  # type: ignore[return-value]  # all one-line blocks
    paragraphs: list[str] = []
    for block in blocks:
        if type(block) is list:
            paragraphs.extend(_block_paragraphs(block, None, joiner))
        else:
            paragraphs.append(block)  # type: ignore[arg-type]
    return paragraphs, joiner


def _marked_paragraphs(text: str, lines: list[str | None], marks: list[int]) -> tuple[list[str], Joiner]:
    """Paragraphs of lines with page breaks (a paragraph may run on over a break) or marks (columns,
    indentation), walked line by line."""
    if BOUNDARY in lines:
        lines, marks = collapse_breaks(lines, marks)
    width = _estimate_width(lines, marks)
    headline = next((line for line in lines if line and line != BOUNDARY and not is_marker_line(line)), None)
    joiner = Joiner(text, width, headline)
    paragraphs: list[str] = []
    block: list[str] = []
    block_marks: list[int] = []
    pending_break = False  # a page break was seen since the last line
    for line, mark in zip(lines, marks, strict=True):
        if line == BOUNDARY:
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
            continues = not SENTENCE_END_RE.search(last[-3:]) and (
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

"""Joining the hard-wrapped lines of one document: whether a physical line continues the line above (near the
wrap width, after a dateline connector, a lowercase continuation; never a structural line such as a bullet, a
contact label or a dateline) and how (a word hyphenated across the break is rejoined unless it is a compound).
All regular expressions here are linear (no nested quantifiers over overlapping classes).
"""

from __future__ import annotations

import re

from bot.parser.dateline import starts_dateline
from bot.parser.pagelines import INDENTED, SENTENCE_END_RE, TABLE

BULLET = r"(?:[•·▪◦●■►*]|[-–—]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)"  # bullets and numbered items
_STRUCTURAL_RE = re.compile(  # a line that starts something: never joined to the line above
    BULLET
    + r"|(?:Tel|Phone|Fax|E-?mail|Web(?:site)?|Contacts?|Media|Investors?|Source|SOURCE|CONTACTS?|MEDIA)\b[^:\n]{0,40}:"
    r"|SOURCE\s|###"
    # a dateline: "CITY, ST, date (GLOBE NEWSWIRE) --", "CITY--(BUSINESS WIRE)--", "CITY, date /PRNewswire/ --"
    r"|[A-Z][A-Z.'’ ]{2,40}[^\n]{0,60}?(?:GLOBE NEWSWIRE|/PRNewswire|BUSINESS WIRE|ACCESSWIRE|Newsfile Corp|/CNW/)"
)
_ABOUT_RE = re.compile(r"About\s+\S")
_CONTINUES_RE = re.compile(r"(?:--|\s[-–—/]|[–—]|\(|&|,\s*and)$")
CONTINUES_LAST = frozenset("-/–—(&d")  # the last characters `_CONTINUES_RE` can match
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


def title_like(line: str) -> bool:
    """Most words of four letters or more capitalised, as in a headline."""
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_CAPS_PLACE_RE = re.compile(r"[A-Z][A-Z.'’ -]{2,30},")  # an upper-case city and its comma: "BOCA RATON,"


class Joiner:
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
        if (first_mark | mark) & TABLE:
            return False
        tail = prev[-6:]
        width = self.width
        if prev[-1] in CONTINUES_LAST and _CONTINUES_RE.search(tail):
            wrapped = True
        elif width is None:
            wrapped = prev[-1] == "-" and bool(_HYPHEN_BREAK_RE.search(tail)) and nxt[0].islower()
        elif len(prev) < 0.6 * width:
            return False
        elif len(nxt) < 0.5 * width and (
            (SENTENCE_END_RE.search(tail) and not SENTENCE_END_RE.search(nxt[-3:])) or _ABOUT_RE.match(nxt)
        ):
            return False  # a heading or label under a paragraph that ended at the margin
        else:
            first = nxt.find(" ")  # the length of the next line's first word
            first = len(nxt) if first < 0 else first
            wrapped = len(prev) + 1 + first >= 0.85 * width or (nxt[0].islower() and prev[-1] not in ".!?:;")
        if not wrapped or _STRUCTURAL_RE.match(nxt):
            return False
        if _CAPS_PLACE_RE.match(nxt) and starts_dateline(nxt):
            return False  # "– Subtitle –" then "BOCA RATON, FL – May 13, 2003 – Acme ...": the dateline starts the lead
        if mark & INDENTED and SENTENCE_END_RE.search(tail):
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

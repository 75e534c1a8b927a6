"""OCR confusions in text from scanned releases, repaired only in contexts where the reading is certain.

Repairs: "| " for "I " at a sentence or quote start ("| believe" -> "I believe") or before a first-person verb
mid-sentence ("and | think"), and "l" at those starts before a first-person verb ("l believe"); "l"/"|" for "I"
in a roman numeral after Phase/Stage ("Phase Il" -> "Phase II", "Phase lb" -> "Phase Ib"); "0" for "o" between
lowercase letters or at the start of a lowercase word ("c0mpany", "0ctober"); "O" for "0" inside a number ("2O11").
Tickers, codes and units are left alone ("X0", "H2O2", "0.5mg"). Each repair kind is reported once, with its
count. Every pattern starts with a literal so the scan stays fast and linear.
"""

from __future__ import annotations

import re

_PIPE_I_RE = re.compile(r"\|(?=\s[a-z]|['’](?:m|ve|ll|d)\b)")
_PIPE_AFTER_RE = re.compile(r"(?:^|\n|[.!?:;]\s|[.!?][\"”’')]\s|[\"“‘(])$")  # sentence or quote start
_FIRST_PERSON_VERBS = (
    r"(?:am|was|have|had|believe|think|feel|know|want|would|will|can|could|expect|look|hope|also|do|did|"
    r"personally|remain|continue|join|thank|said)\b"
)
# "l" for "I" only before a first-person verb ("l believe"), at a sentence or quote start like "| ".
_ELL_I_RE = re.compile(r"l (?=" + _FIRST_PERSON_VERBS + ")")  # "l " as its prefix: few places to try
# "| " mid-sentence only before a first-person verb ("and | believe"), after a space.
_PIPE_VERB_RE = re.compile(r" " + _FIRST_PERSON_VERBS)
_ROMAN_RE = re.compile(r"(Phase|PHASE|Stage|STAGE)(\s+)([IlV|1]{1,4}[abAB]?(?:/[IlV|1]{1,4}[abAB]?)?)(?![\w|])")
_ROMAN_OK = frozenset({"I", "II", "III", "IV"})
_ROMAN_WORDS = ("Phase", "PHASE", "Stage", "STAGE")  # the words `_ROMAN_RE` starts with
_ZERO_IN_WORD_RE = re.compile(r"0(?=[a-z])")
_NUMBER_CHARS = frozenset("0123456789O.,")
# An "O" next to a character that may be a digit (an ASCII digit or any non-ASCII character: str.isdigit decides).
_O_BY_DIGIT_RE = re.compile(r"O(?:(?<=[^\x00-/:-\x7f]O)|(?=[^\x00-/:-\x7f]))")
_UNITS = frozenset("mg ml kg km cm mm nm am pm th st nd rd mb gb kb tb hz ms".split())


def _fix_roman(token: str) -> str | None:
    parts = []
    for part in token.split("/"):
        letters = part.rstrip("abAB")
        fixed = letters.replace("l", "I").replace("|", "I")
        if letters.isdigit():
            parts.append(part)
            continue
        if fixed not in _ROMAN_OK:
            return None
        parts.append(fixed + part[len(letters) :])
    return "/".join(parts)


def _fix_roman_numerals(text: str, counts: dict[str, int]) -> str:
    """ "Phase Il" -> "Phase II": `_ROMAN_RE` is tried only where one of its words starts (found with str.find).
    Its matches cannot overlap (a match holds no other word's first letter), so this is `_ROMAN_RE.sub`."""
    starts = []
    for word in _ROMAN_WORDS:
        at = text.find(word)
        while at >= 0:
            starts.append(at)
            at = text.find(word, at + len(word))
    pieces: list[str] = []
    done = 0  # text[:done] is already in pieces
    for at in sorted(starts):
        match = _ROMAN_RE.match(text, at)
        if match is None or (at and text[at - 1].isalnum()):
            continue
        token = match.group(3)
        fixed = _fix_roman(token) if ("l" in token or "|" in token) else None
        if fixed is not None:
            pieces.append(text[done : match.start(3)])
            pieces.append(fixed)
            counts["roman"] += 1
            done = match.end()
    return "".join(pieces) + text[done:] if pieces else text


def _fix_o_in_numbers(text: str, counts: dict[str, int]) -> str:
    """ "2O11" -> "2011": a token of digits, "O", "." and "," that starts with a digit and stands alone."""
    pieces: list[str] = []
    done = 0  # text[:done] is already in pieces
    for near_digit in _O_BY_DIGIT_RE.finditer(text):
        start = near_digit.start()
        end = start + 1
        if start < done or not (text[start - 1 : start].isdigit() or text[end : end + 1].isdigit()):
            continue
        while start > done and text[start - 1] in _NUMBER_CHARS:
            start -= 1
        while end < len(text) and text[end] in _NUMBER_CHARS:
            end += 1
        token = text[start:end].rstrip(".,")
        end = start + len(token)
        alone = (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
        if alone and token[:1].isdigit():
            pieces.append(text[done:start])
            pieces.append(token.replace("O", "0"))
            counts["oh"] += 1
            done = end
    return "".join(pieces) + text[done:] if pieces else text


def repair_ocr(text: str, warnings: list[str]) -> str:
    """Repair OCR confusions in known contexts only: "| " for "I " at a sentence or quote start ("| believe"),
    "l" for "I" there before a first-person verb ("l believe"),
    "l"/"|" for "I" in a roman numeral after Phase/Stage ("Phase Il" -> "Phase II"), "0" for "o" between
    lowercase letters ("c0mpany"), "O" for "0" inside a number ("2O11"). Tickers and codes are left alone."""
    counts = {"pipe": 0, "ell": 0, "roman": 0, "zero": 0, "oh": 0}

    def sentence_start(m: re.Match[str]) -> bool:
        return bool(_PIPE_AFTER_RE.search(m.string[max(0, m.start() - 3) : m.start()]))

    def pipe(m: re.Match[str]) -> str:
        mid_sentence = m.start() and m.string[m.start() - 1] == " " and _PIPE_VERB_RE.match(m.string, m.end())
        if not (sentence_start(m) or mid_sentence):
            return m.group()
        counts["pipe"] += 1
        return "I"

    def ell(m: re.Match[str]) -> str:
        if not sentence_start(m):
            return m.group()
        counts["ell"] += 1
        return "I "

    def zero(m: re.Match[str]) -> str:
        before = m.string[m.start() - 1] if m.start() else " "
        if "a" <= before <= "z":
            counts["zero"] += 1
            return "o"
        word = re.match(r"[a-z]+(?![\w])", m.string[m.end() : m.end() + 40])
        if before.isalnum() or before in "._-" or not word or len(word.group()) < 2 or word.group() in _UNITS:
            return m.group()
        counts["zero"] += 1
        return "O"

    if "|" in text:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if "|" in line and line.count("|") <= 2:  # more bars: a table drawn with bars ("| a | b |")
                lines[i] = _PIPE_I_RE.sub(pipe, line)
        text = "\n".join(lines)
    text = _ELL_I_RE.sub(ell, text)
    text = _fix_roman_numerals(text, counts)
    if "0" in text:
        text = _ZERO_IN_WORD_RE.sub(zero, text)
    if "O" in text:
        text = _fix_o_in_numbers(text, counts)
    notes = {
        "pipe": "'| ' -> 'I '",
        "ell": "'l ' -> 'I '",
        "roman": "'Phase Il' -> 'Phase II' (roman numerals)",
        "zero": "'0' -> 'o' inside words",
        "oh": "'O' -> '0' inside numbers",
    }
    for kind, n in counts.items():
        if n:
            warnings.append(f"repaired OCR confusion: {notes[kind]} ({n}x)")
    return text

"""A one-to-three sentence plain-text summary: the lead paragraph's opening sentences (dateline removed), with
ticker and alias parentheticals dropped ("(NASDAQ: ACME)", `("Acme" or the "Company")`), at most about 400
characters; the headline when there is no lead."""

from __future__ import annotations

import re

from bot.parser.text import fold, split_sentences

MAX_CHARS = 400
# Found from the parenthesis (a literal first character keeps the scan fast); `_drop_noise` also drops the
# white space before it.
_NOISE = re.compile(r"\((?:[^()]{0,80}:[^()]{0,80}|\s*[\"“][^()]{0,80})\)")


def _drop_noise(text: str) -> str:
    """`text` without ticker and alias parentheticals and the white space right before each."""
    kept: list[str] = []
    end = 0
    for match in _NOISE.finditer(text):
        start = match.start()
        while start > end and text[start - 1].isspace():
            start -= 1
        kept.append(text[end:start])
        end = match.end()
    kept.append(text[end:])
    return "".join(kept)


def summarize(lead: str, headline: str | None) -> str:
    """The first sentences of `lead` that fit in `MAX_CHARS` (at least one, cut at a word if too long)."""
    text = _drop_noise(fold(lead[:4000]))
    out: list[str] = []
    size = 0
    for sentence in split_sentences(text, limit=4)[:3]:
        if out and size + len(sentence) > MAX_CHARS:
            break
        out.append(sentence)
        size += len(sentence) + 1
    summary = " ".join(out)
    if len(summary) > MAX_CHARS + 100:
        summary = summary[:MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return summary or (headline or "")

"""A one-to-three sentence plain-text summary: the lead paragraph's opening sentences (dateline removed),
at most about 400 characters; the headline when there is no lead."""

from __future__ import annotations

from bot.parser.text import fold, split_sentences

MAX_CHARS = 400


def summarize(lead: str, headline: str | None) -> str:
    """The first sentences of `lead` that fit in `MAX_CHARS` (at least one, cut at a word if too long)."""
    sentences = split_sentences(fold(lead[:4000]), limit=4)
    out: list[str] = []
    size = 0
    for sentence in sentences[:3]:
        if out and size + len(sentence) > MAX_CHARS:
            break
        out.append(sentence)
        size += len(sentence) + 1
    text = " ".join(out)
    if len(text) > MAX_CHARS + 100:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return text or (headline or "")

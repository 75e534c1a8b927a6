"""Input preparation for the parser: bytes/HTML/OCR text -> clean paragraphs. (Minimal first version.)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Prepared:
    """Normalised release text: paragraphs separated by one blank line, hard wraps joined, OCR repaired.
    `title` is the page title for HTML input (None for text); `warnings` says what was repaired or lost."""

    text: str
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


def prepare(source: str | bytes, *, is_html: bool | None = None) -> Prepared:
    """Turn raw input into `Prepared`; never raises."""
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    paragraphs = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return Prepared("\n\n".join(p for p in paragraphs if p))

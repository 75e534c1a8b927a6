"""A Block Kit message builder that keeps every message inside Slack's limits.

Limits (Slack Block Kit reference, "Blocks" and "Composition objects"): at most 50 blocks per message; section
`text` at most 3,000 characters; at most 10 section `fields`, each at most 2,000; header `plain_text` at most 150;
context at most 10 elements; actions at most 25 elements; button text at most 75 characters, `value` at most
2,000, `action_id` at most 255. The fallback `text` is kept short (notifications show its start).
"""

from __future__ import annotations

from typing import Any

from bot.render.text import fit

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_ACTION_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000

Block = dict[str, Any]


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object (verbatim: Slack does not auto-link channel names or URLs in it)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain_text(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object clipped to `limit` characters (never empty: Slack rejects empty text)."""
    return {"type": "plain_text", "text": fit(text, limit) or " ", "emoji": True}


class Blocks:
    """Collects blocks, clipping each to Slack's limits; `build()` caps the message at 50 blocks.

    Renderers pass text that is already safe (`bot.render.text.inert`/`plain`): this class only measures.
    """

    def __init__(self, *, reserve: int = 1) -> None:
        self._blocks: list[Block] = []
        self._reserve = reserve

    @property
    def room(self) -> int:
        """How many more blocks fit, keeping `reserve` blocks for a closing "N more" note."""
        return MAX_BLOCKS - self._reserve - len(self._blocks)

    def header(self, text: str) -> Blocks:
        self._blocks.append({"type": "header", "text": plain_text(text, MAX_HEADER_TEXT)})
        return self

    def section(self, text: str) -> Blocks:
        self._blocks.append({"type": "section", "text": mrkdwn(fit(text, MAX_SECTION_TEXT) or " ")})
        return self

    def fields(self, fields: list[str]) -> Blocks:
        """A section of up to 10 two-column fields (label/value pairs, mrkdwn)."""
        if fields:
            items = [mrkdwn(fit(f, MAX_FIELD_TEXT) or " ") for f in fields[:MAX_FIELDS]]
            self._blocks.append({"type": "section", "fields": items})
        return self

    def context(self, *texts: str) -> Blocks:
        elements = [mrkdwn(fit(t, MAX_CONTEXT_TEXT)) for t in texts if t][:MAX_CONTEXT_ELEMENTS]
        if elements:
            self._blocks.append({"type": "context", "elements": elements})
        return self

    def divider(self) -> Blocks:
        self._blocks.append({"type": "divider"})
        return self

    def actions(self, buttons: list[Block]) -> Blocks:
        if buttons:
            self._blocks.append({"type": "actions", "elements": buttons[:MAX_ACTION_ELEMENTS]})
        return self

    def build(self, more_note: str | None = None) -> list[Block]:
        """The blocks, at most 50: when over, the tail is dropped and `more_note` (or a generic one) closes it."""
        blocks = list(self._blocks)
        if len(blocks) > MAX_BLOCKS or (more_note and len(blocks) >= MAX_BLOCKS):
            blocks = blocks[: MAX_BLOCKS - 1]
            more_note = more_note or "More results were left out to fit one Slack message."
        if more_note:
            blocks.append({"type": "context", "elements": [mrkdwn(fit(more_note, MAX_CONTEXT_TEXT))]})
        return blocks


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    """A button element: `text` clipped to 75 characters, `value` to 2,000 (Slack's limits)."""
    element: Block = {
        "type": "button",
        "text": plain_text(text, MAX_BUTTON_TEXT),
        "action_id": action_id[:255],
        "value": value[:MAX_BUTTON_VALUE],
    }
    if style is not None:
        element["style"] = style
    return element


def fallback(text: str) -> str:
    """The message's plain-text fallback (notifications, screen readers), kept under 3,000 characters."""
    return fit(text, MAX_FALLBACK_TEXT)

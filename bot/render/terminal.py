"""Readable terminal text of a reply (`prbot ask`): Block Kit walked back into lines, mrkdwn made plain.

Links `<url|label>` become `label (url)`, bold/italic/code markers are dropped, look-alike characters that kept
release text inert in Slack become ASCII again, and entities (`&amp;`, `&lt;`, `&gt;`) are unescaped last, so the
terminal shows release text exactly as written.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from bot.render.text import UNLOOKALIKE_TABLE

_LINK = re.compile(r"<([^<>|\s]+)\|([^<>]*)>")
_BARE = re.compile(r"<([^<>|\s]+)>")
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]+)`")


class HasBlocks(Protocol):
    """A reply: fallback `text` and optional Block Kit `blocks` (e.g. `handlers.registry.Reply`)."""

    text: str
    blocks: list[dict[str, Any]] | None


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mrkdwn_to_plain(text: str) -> str:
    """Slack mrkdwn as plain terminal text (see module docstring)."""

    def _link(match: re.Match[str]) -> str:
        url, label = _unescape(match.group(1)), match.group(2)
        return label if label == url else f"{label} ({url})"

    text = _LINK.sub(_link, text)
    text = _BARE.sub(lambda m: _unescape(m.group(1)), text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    return _unescape(text.translate(UNLOOKALIKE_TABLE))


def _text_of(obj: dict[str, Any] | None) -> str:
    if not obj:
        return ""
    raw = str(obj.get("text", ""))
    return mrkdwn_to_plain(raw) if obj.get("type") == "mrkdwn" else _unescape(raw).strip()


def reply_to_terminal(reply: HasBlocks) -> str:
    """The reply as terminal lines: headers underlined, sections as paragraphs, fields as `label: value`,
    context lines indented, buttons as `[Label]`. Text-only replies: the text made plain."""
    if not reply.blocks:
        return mrkdwn_to_plain(reply.text).strip()
    out: list[str] = []
    for block in reply.blocks:
        kind = block.get("type")
        if kind == "header":
            title = _text_of(block.get("text"))
            out += [title, "=" * min(len(title), 80)]
        elif kind == "section":
            if block.get("text"):
                out.append(_text_of(block["text"]))
            for item in block.get("fields", []):
                label, _, value = _text_of(item).partition("\n")
                out.append(f"  {label}: {value}" if value else f"  {label}")
        elif kind == "context":
            out.append("  " + "  ·  ".join(_text_of(e) for e in block.get("elements", []) if "text" in e))
        elif kind == "divider":
            out += ["-" * 40, ""]
        elif kind == "actions":
            out.append(" ".join(f"[{_text_of(e.get('text'))}]" for e in block.get("elements", [])))
        if kind == "section":
            out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()

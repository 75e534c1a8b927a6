"""A Block Kit checker for tests: the shapes and limits Slack enforces (Block Kit reference), and inertness of
release text (no mention, broadcast or link that we did not build)."""

from __future__ import annotations

import re
from typing import Any

BLOCK_TYPES = {"header", "section", "context", "divider", "actions"}
_TOKEN = re.compile(r"<([^<>]*)>")
_SAFE_LINK = re.compile(r"^https?://[^\s|<>]+\|[^<>]+$")


def _text_object(obj: Any, *, limit: int, kinds: tuple[str, ...] = ("mrkdwn", "plain_text")) -> str:
    assert isinstance(obj, dict), obj
    assert obj.get("type") in kinds, obj
    text = obj.get("text")
    assert isinstance(text, str) and text.strip(), f"empty text object {obj}"
    assert len(text) <= limit, f"text of {len(text)} chars over {limit}"
    if obj["type"] == "mrkdwn":
        assert obj.get("verbatim") is True, "mrkdwn without verbatim would auto-parse @here and #channel text"
    return text


def check_inert(text: str) -> None:
    """Every `<...>` token in `text` is a link we built (`<https://...|label>`): no `<!channel>`, `<!here>`,
    `<@U...>`, `<#C...>` or bare links from release text."""
    for token in _TOKEN.findall(text):
        assert _SAFE_LINK.match(token), f"live Slack token <{token}> in {text[:200]!r}"
        assert not token.startswith(("!", "@", "#")), token


def check_message(text: str, blocks: list[dict[str, Any]] | None) -> list[str]:
    """Assert `text` + `blocks` is a valid, inert Slack message; return every text found (for content checks)."""
    assert isinstance(text, str) and 0 < len(text) <= 3000, len(text)
    check_inert(text)
    texts = [text]
    if blocks is None:
        return texts
    assert 0 < len(blocks) <= 50, f"{len(blocks)} blocks"
    for block in blocks:
        kind = block["type"]
        assert kind in BLOCK_TYPES, kind
        if kind == "header":
            texts.append(_text_object(block["text"], limit=150, kinds=("plain_text",)))
        elif kind == "section":
            assert "text" in block or "fields" in block, block
            if "text" in block:
                texts.append(_text_object(block["text"], limit=3000))
            fields = block.get("fields", [])
            assert len(fields) <= 10
            texts += [_text_object(f, limit=2000) for f in fields]
        elif kind == "context":
            assert 1 <= len(block["elements"]) <= 10
            texts += [_text_object(e, limit=3000) for e in block["elements"]]
        elif kind == "actions":
            assert 1 <= len(block["elements"]) <= 25
            for element in block["elements"]:
                assert element["type"] == "button"
                texts.append(_text_object(element["text"], limit=75, kinds=("plain_text",)))
                assert len(element["value"]) <= 2000 and len(element["action_id"]) <= 255
        else:
            assert set(block) == {"type"}, block
    for item in texts:
        check_inert(item)
    return texts

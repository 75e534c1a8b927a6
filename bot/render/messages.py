"""Block Kit for the bot's own words: help, usage hints and short notices."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.blocks import Block, Blocks, fallback
from bot.render.common import add_packed_lines


def help_blocks(entries: Sequence[tuple[str, str, str]], *, lead: str | None = None) -> tuple[str, list[Block]]:
    """`/pr help`: one line per `(name, usage, help)` entry (help text from the handler's docstring, trusted
    mrkdwn written by us), after an optional `lead` line (mrkdwn, already escaped)."""
    blocks = Blocks()
    blocks.header("prbot commands")
    if lead:
        blocks.section(lead)
    lines = [f"`/pr {name}{' ' + usage if usage else ''}`\n{text}" for name, usage, text in entries]
    add_packed_lines(blocks, lines)
    blocks.context("Answers are shown only to you; add `public` at the end to share one in the channel.")
    plain_lines = [f"/pr {name}{' ' + usage if usage else ''}: {text}" for name, usage, text in entries]
    return fallback("prbot commands: " + "; ".join(plain_lines)), blocks.build()


def notice_blocks(text: str, *, hint: str | None = None) -> tuple[str, list[Block]]:
    """A short answer (mrkdwn `text`, already escaped) with an optional hint as context."""
    blocks = Blocks()
    blocks.section(text)
    if hint:
        blocks.context(hint)
    return fallback(text + (f" {hint}" if hint else "")), blocks.build()

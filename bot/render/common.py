"""Pieces shared by the renderers: one-line labels for companies and releases, paging and line packing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from bot.parser.models import Ticker
from bot.render.blocks import MAX_SECTION_TEXT, Blocks
from bot.render.text import clean, inert, link, plain
from bot.store.views import CompanyRef, ReleaseRef

T = TypeVar("T")

NAME_CHARS = 120
"""Longest company/person name shown, in characters (a 10,000-character "name" is clipped, not rendered)."""
HEADLINE_CHARS = 300
EVIDENCE_CHARS = 400
QUOTE_CHARS = 300


def ticker_text(tickers: Sequence[Ticker]) -> str:
    """`NASDAQ:IMGN, TSX:IMG` (plain, unescaped)."""
    return ", ".join(f"{t.exchange}:{t.symbol}" if t.exchange else t.symbol for t in tickers)


def company_label(company: CompanyRef) -> str:
    """mrkdwn `*ImmunoGen, Inc.* (NASDAQ:IMGN)`, escaped."""
    tickers = f" ({inert(ticker_text(company.tickers), 80)})" if company.tickers else ""
    return f"*{inert(company.name, NAME_CHARS)}*{tickers}"


def company_plain(company: CompanyRef) -> str:
    """Plain `ImmunoGen, Inc. (NASDAQ:IMGN)` for headers and fallback text, escaped."""
    tickers = f" ({plain(ticker_text(company.tickers), 80)})" if company.tickers else ""
    return plain(company.name, NAME_CHARS) + tickers


def company_query(company: CompanyRef) -> str:
    """What to type to reach `company` again: its first ticker (`NASDAQ:IMGN`) or its quoted name."""
    if company.tickers:
        first = company.tickers[0]
        return f"{first.exchange}:{first.symbol}" if first.exchange else first.symbol
    name = " ".join(company.name.split())[:NAME_CHARS].replace('"', "")
    return f'"{name}"'


def quote(text: str | None) -> str:
    """A quote excerpt for mrkdwn: inert, clipped to `QUOTE_CHARS`, without the quote marks and trailing comma
    the parser may keep ("…at ImmunoGen,”")."""
    return inert(clean(text).strip(' ,;"“”'), QUOTE_CHARS)


def release_line(ref: ReleaseRef, *, issuer: bool = False) -> str:
    """mrkdwn `<url|Headline> · 2011-11-07 · GlobeNewswire · #12`: headline linked when the URL is safe."""
    headline = inert(ref.headline or "(no headline)", HEADLINE_CHARS)
    parts = [link(ref.url, headline)]
    if issuer and ref.issuer:
        parts.append(inert(ref.issuer, NAME_CHARS))
    if ref.date is not None:
        parts.append(ref.date.isoformat())
    if ref.wire:
        parts.append(inert(ref.wire, 40))
    parts.append(f"`#{ref.id}`")
    return " · ".join(parts)


def release_plain(ref: ReleaseRef) -> str:
    """Plain `Headline (2011-11-07, #12)` for fallback text."""
    when = f"{ref.date.isoformat()}, " if ref.date else ""
    return f"{plain(ref.headline or '(no headline)', HEADLINE_CHARS)} ({when}#{ref.id})"


def page_of(items: Sequence[T], page: int, size: int) -> tuple[list[T], int]:
    """Items of 1-based `page` (`size` per page) and how many come after it."""
    start = (max(page, 1) - 1) * size
    shown = list(items[start : start + size])
    return shown, max(len(items) - start - len(shown), 0)


def no_such_page(page: int, count: int, size: int, usage: str, *, complete: bool = True) -> str:
    """The answer (mrkdwn) to a page past the end of a list of `count` items, `size` a page: which page is the
    last (when the list was read `complete`ly) and the command's `usage` (`/pr partners TICKER|NAME [PAGE]`)."""
    last = f"; the last is page {max(1, -(-count // size))}" if complete else ""
    return f"There is no page {page}{last}. Usage: `{usage}`"


def more_note(more: int, noun: str, hint: str | None, *, at_least: bool = False) -> str | None:
    """`12 more partners — try /pr partners IMGN 2` (mrkdwn), or None when nothing was left out. `at_least`:
    the list was read only partly, so `more` is a lower bound ("More partners" when it is 0)."""
    if more <= 0 and not at_least:
        return None
    count = (f"At least {more} more" if more > 0 else "More") if at_least else f"{more} more"
    return f"{count} {noun}" + (f" — try `{hint}`" if hint else "")


def add_packed_lines(blocks: Blocks, lines: list[str], *, limit: int = MAX_SECTION_TEXT) -> int:
    """Pack `lines` into as few sections as fit (each under `limit` characters) while blocks have room; return
    how many lines did not fit."""
    chunk: list[str] = []
    size = 0
    for index, line in enumerate(lines):
        if chunk and size + len(line) + 1 > limit:
            if blocks.room <= 0:
                return len(lines) - index + len(chunk)
            blocks.section("\n".join(chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        if blocks.room <= 0:
            return len(chunk)
        blocks.section("\n".join(chunk))
    return 0

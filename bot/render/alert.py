"""Block Kit for a new-release alert posted to a channel (used by `bot.alerts`' Slack poster).

Buttons (handled by the alerts engineer's `register(app, services)`): "Partners" (`action_id` `pr_partners`,
`value` the issuer's query: first ticker like `NASDAQ:IMGN`, else its name), "Full release" (`pr_show`, `value`
the release id), "Mute company" (`pr_mute`, `value` the issuer's query as for Partners).
"""

from __future__ import annotations

from bot.parser.models import ParsedRelease
from bot.render.blocks import Block, Blocks, button, fallback
from bot.render.common import HEADLINE_CHARS, NAME_CHARS, quote, ticker_text
from bot.render.text import clean, inert, link, plain

ACTION_PARTNERS = "pr_partners"
ACTION_SHOW = "pr_show"
ACTION_MUTE = "pr_mute"


def issuer_query(parsed: ParsedRelease) -> str | None:
    """What `/pr` would resolve to the issuer: `NASDAQ:IMGN`, `IMGN`, or the issuer's name; None if unknown."""
    issuer = parsed.issuer
    if issuer is None:
        return None
    if issuer.tickers:
        first = issuer.tickers[0]
        return f"{first.exchange}:{first.symbol}" if first.exchange else first.symbol
    return clean(issuer.name)[:NAME_CHARS] or None


def alert_blocks(
    parsed: ParsedRelease, release_id: int, url: str | None, role_note: str | None = None
) -> tuple[str, list[Block]]:
    """`(text, blocks)` announcing a release: headline linked to `url` (when safe), issuer with ticker, dateline
    and wire, event types, summary, partners, one quote excerpt, then the Partners / Full release / Mute company
    buttons. `role_note` (e.g. "matched your subscription to IMGN") is shown as context; it is escaped too."""
    headline = inert(parsed.headline or "(no headline)", HEADLINE_CHARS)
    blocks = Blocks(reserve=0)
    blocks.section(f"*{link(url, headline)}*")
    facts = []
    if parsed.issuer is not None:
        tickers = f" ({inert(ticker_text(parsed.issuer.tickers), 80)})" if parsed.issuer.tickers else ""
        facts.append(f"*{inert(parsed.issuer.name, NAME_CHARS)}*{tickers}")
    if parsed.dateline is not None:
        d = parsed.dateline
        place = ", ".join(clean(p) for p in (d.city, d.region, d.country) if p)
        when = d.date.isoformat() if d.date else ""
        dateline = " ".join(x for x in (inert(place, 120), when) if x)
        if dateline:
            facts.append(dateline)
        if d.wire:
            facts.append(inert(d.wire, 40))
    if parsed.event_types:
        facts.append(", ".join(parsed.event_types))
    blocks.context(" · ".join(facts) if facts else f"`#{release_id}`")
    if parsed.summary:
        blocks.section(inert(parsed.summary, 700))
    if parsed.partners:
        names = ", ".join(f"{inert(p.name, 80)} ({inert(p.relation, 20)})" for p in parsed.partners[:12])
        more = f" and {len(parsed.partners) - 12} more" if len(parsed.partners) > 12 else ""
        blocks.section(f"*Partners:* {names}{more}")
    quoted = next((p for p in parsed.people if p.quote), None)
    if quoted is not None:
        who = ", ".join(inert(x, 80) for x in (quoted.name, quoted.title) if x)
        blocks.section(f"> “{quote(quoted.quote)}” — {who}")
    if role_note:
        blocks.context(inert(role_note, 300))
    query = issuer_query(parsed)
    buttons = [button("Full release", ACTION_SHOW, str(release_id))]
    if query:
        buttons.insert(0, button("Partners", ACTION_PARTNERS, query))
        buttons.append(button("Mute company", ACTION_MUTE, query, style="danger"))
    blocks.actions(buttons)
    issuer = f" — {plain(parsed.issuer.name, NAME_CHARS)}" if parsed.issuer else ""
    return fallback(f"New release: {plain(parsed.headline or '(no headline)', HEADLINE_CHARS)}{issuer}"), blocks.build()

"""Block Kit for release questions: latest releases, one release in full, search hits, a company's timeline.

Each renderer returns `(text, blocks)`: the plain-text fallback and at most 50 blocks (`bot.render.blocks`).
"""

from __future__ import annotations

import re

from bot.render.blocks import Block, Blocks, fallback
from bot.render.common import (
    EVIDENCE_CHARS,
    NAME_CHARS,
    add_packed_lines,
    company_label,
    company_plain,
    company_query,
    more_note,
    no_such_page,
    page_of,
    quote,
    release_line,
    release_plain,
    ticker_text,
)
from bot.render.text import clean, inert, link, plain, safe_url
from bot.store.views import CompanyRef, ReleaseRef, SearchHit, StoredRelease, TimelineEvent

TIMELINE_PER_PAGE = 50
_MARKED = re.compile(r"\[([^\[\]\n]{1,200})\]")


def latest_blocks(refs: list[ReleaseRef], company: CompanyRef | None = None) -> tuple[str, list[Block]]:
    """`/pr latest`: the newest releases (of `company`, or of every issuer), one line each."""
    blocks = Blocks()
    title = f"Latest releases of {company_plain(company)}" if company else "Latest releases"
    blocks.header(title)
    if not refs:
        whose = f" of {company_label(company)}" if company else ""
        blocks.section(f"I have no releases{whose} yet.")
    left = add_packed_lines(blocks, [f"• {release_line(ref, issuer=company is None)}" for ref in refs])
    blocks.context("Details of one release: `/pr show ID`")
    text = title + ": " + "; ".join(release_plain(ref) for ref in refs[:10])
    return fallback(text), blocks.build(more_note(left, "releases", None))


def release_blocks(stored: StoredRelease) -> tuple[str, list[Block]]:
    """`/pr show ID`: the parsed release: headline (linked), dateline, issuer, event types, summary, partners,
    people, products and links."""
    parsed, ref = stored.parsed, stored.ref
    blocks = Blocks()
    blocks.header(plain(parsed.headline) or f"Release #{ref.id}")
    if safe_url(ref.url):
        blocks.section(link(ref.url, "Full release ↗"))
    fields = []
    if parsed.issuer is not None:
        tickers = f" ({inert(ticker_text(parsed.issuer.tickers), 80)})" if parsed.issuer.tickers else ""
        fields.append(f"*Issuer*\n{inert(parsed.issuer.name, NAME_CHARS)}{tickers}")
    dateline = parsed.dateline
    if dateline is not None:
        place = ", ".join(clean(p) for p in (dateline.city, dateline.region, dateline.country) if p)
        if place:
            fields.append(f"*Dateline*\n{inert(place, 120)}")
        if dateline.date is not None:
            fields.append(f"*Date*\n{dateline.date.isoformat()}")
        if dateline.wire:
            fields.append(f"*Wire*\n{inert(dateline.wire, 40)}")
    if parsed.event_types:
        fields.append(f"*Events*\n{', '.join(parsed.event_types)}")
    if parsed.products:
        products = ["/".join(clean(x) for x in (p.name, p.code, p.phase) if x) for p in parsed.products[:8]]
        fields.append(f"*Products*\n{inert('; '.join(products), 600)}")
    blocks.fields(fields)
    if parsed.summary:
        blocks.section(inert(parsed.summary, 1500))
    if parsed.partners:
        lines = [
            f"• *{inert(p.name, NAME_CHARS)}* — {inert(p.relation, 40)}: _{inert(p.evidence, 200)}_"
            for p in parsed.partners[:15]
        ]
        extra = f"\n…and {len(parsed.partners) - 15} more" if len(parsed.partners) > 15 else ""
        blocks.section("*Partners*\n" + "\n".join(lines) + extra)
    if parsed.people:
        lines = []
        for person in parsed.people[:8]:
            who = ", ".join(inert(x, 100) for x in (person.title, person.org) if x)
            line = f"• *{inert(person.name, NAME_CHARS)}*" + (f", {who}" if who else "")
            if person.quote:
                line += f": “{quote(person.quote)}”"
            lines.append(line)
        blocks.section("*People quoted*\n" + "\n".join(lines))
    links = [u for u in parsed.urls[:5] if link(u, "x") != "x"]
    if links:
        blocks.section("*Links*\n" + "\n".join(f"• {link(u, inert(u, 200))}" for u in links))
    notes = [f"`#{ref.id}`"]
    if stored.version_of is not None:
        notes.append(f"updates `#{stored.version_of}`")
    if parsed.is_correction:
        notes.append("correction")
    notes.append(f"parser {inert(parsed.parser_version, 20)}")
    if parsed.warnings:
        notes.append(f"{len(parsed.warnings)} parser warning{'s' if len(parsed.warnings) != 1 else ''}")
    blocks.context(" · ".join(notes))
    issuer = f" — {plain(parsed.issuer.name, NAME_CHARS)}" if parsed.issuer else ""
    return fallback(f"{release_plain(ref)}{issuer}: {plain(parsed.summary, 500)}"), blocks.build()


def search_blocks(query: str, hits: list[SearchHit]) -> tuple[str, list[Block]]:
    """`/pr search`: ranked hits, each with its release line and a snippet whose matched words are bold."""
    blocks = Blocks()
    blocks.header(f"Search: {plain(query)}")
    if not hits:
        blocks.section(f"No release matches “{inert(query, 200)}”. Try fewer or other words.")
    for hit in hits:
        if blocks.room <= 0:
            break
        snippet = _MARKED.sub(r"*\1*", inert(hit.snippet, EVIDENCE_CHARS))
        blocks.section(f"{release_line(hit.release, issuer=True)}\n{snippet}")
    blocks.context("Details of one release: `/pr show ID`")
    text = f"Search “{plain(query, 200)}”: " + ("; ".join(release_plain(h.release) for h in hits[:10]) or "no match")
    return fallback(text), blocks.build()


def timeline_blocks(
    company: CompanyRef, events: list[TimelineEvent], *, page: int = 1, complete: bool = True
) -> tuple[str, list[Block]]:
    """`/pr timeline`: the company's releases by date (newest first) with their event types. `complete` False:
    `events` are only the newest ones read, so more may follow."""
    shown, more = page_of(events, page, TIMELINE_PER_PAGE)
    blocks = Blocks()
    blocks.header(f"Timeline of {company_plain(company)}")
    if not events:
        blocks.section(f"I have no releases of {company_label(company)} yet.")
    elif not shown:
        usage = "/pr timeline TICKER|NAME [PAGE]"
        blocks.section(no_such_page(page, len(events), TIMELINE_PER_PAGE, usage, complete=complete))
    lines = []
    for event in shown:
        when = event.date.isoformat() if event.date else "undated"
        kinds = ", ".join(event.event_types) or "other"
        headline = link(event.release.url, inert(event.release.headline or "(no headline)", 160))
        lines.append(f"`{when}` *{kinds}* — {headline} `#{event.release.id}`")
    left = add_packed_lines(blocks, lines)
    hint = f"/pr timeline {company_query(company)} {page + 1}"
    text = f"Timeline of {company_plain(company)}: " + "; ".join(
        f"{e.date.isoformat() if e.date else 'undated'} {','.join(e.event_types)} #{e.release.id}" for e in shown[:15]
    )
    return fallback(text), blocks.build(more_note(more + left, "releases", hint, at_least=not complete))

"""Block Kit for company questions: partners, people, company profile, and how a typed name resolved.

Each renderer returns `(text, blocks)`: the plain-text fallback and at most 50 blocks (`bot.render.blocks`).
Lists are paged: `page` is 1-based and the closing note names the command that shows the next page.
"""

from __future__ import annotations

from bot.render.blocks import Block, Blocks, fallback
from bot.render.common import (
    EVIDENCE_CHARS,
    NAME_CHARS,
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
from bot.render.text import clean, clip, inert, plain
from bot.store.views import CompanyProfile, CompanyRef, PartnerLink, PersonMention, Resolution

PARTNERS_PER_PAGE = 20
NAMED_BY_SHOWN = 8
PEOPLE_PER_PAGE = 20


def _group_partners(links: list[PartnerLink]) -> list[tuple[PartnerLink, int]]:
    """One entry per partner (by id, else case-insensitive name), newest link first, with its link count."""
    groups: dict[object, list[PartnerLink]] = {}
    for partner_link in links:
        key = partner_link.partner_id or " ".join(partner_link.partner.lower().split())
        groups.setdefault(key, []).append(partner_link)
    return [(group[0], len(group)) for group in groups.values()]


def _partner_section(partner_link: PartnerLink, count: int) -> str:
    evidence = inert(partner_link.evidence, EVIDENCE_CHARS)
    lines = [f"*{inert(partner_link.partner, NAME_CHARS)}* — {inert(partner_link.relation, 40)}"]
    if evidence:
        lines.append(f"> {evidence}")
    also = f" · also in {count - 1} earlier release{'s' if count > 2 else ''}" if count > 1 else ""
    lines.append(release_line(partner_link.release) + also)
    return "\n".join(lines)


def partners_blocks(
    company: CompanyRef,
    partners: list[PartnerLink],
    named_by: list[PartnerLink],
    *,
    page: int = 1,
    complete: bool = True,
) -> tuple[str, list[Block]]:
    """`/pr partners`: each partner with relation, evidence sentence and the newest release naming it (newest
    first, one entry per partner), then (on page 1) the issuers that name `company` as their partner.
    `complete` False: `partners` are only the newest links read, so counts become "at least"."""
    grouped = _group_partners(partners)
    shown, more = page_of(grouped, page, PARTNERS_PER_PAGE)
    by = _group_partners(named_by)
    blocks = Blocks()
    blocks.header(f"Partners of {company_plain(company)}")
    releases = len({p.release.id for p in partners})
    summary = f"{len(grouped)} partner{'s' if len(grouped) != 1 else ''} named in {releases} release"
    summary += "s" if releases != 1 else ""
    blocks.context(f"{company_label(company)} · {summary if complete else 'newest partners'} · newest first")
    if not grouped:
        blocks.section(f"No release I have names a partner of {company_label(company)}.")
    past_end = bool(grouped) and not shown
    if past_end:
        usage = "/pr partners TICKER|NAME [PAGE]"
        blocks.section(no_such_page(page, len(grouped), PARTNERS_PER_PAGE, usage, complete=complete))
    for partner_link, count in shown:
        blocks.section(_partner_section(partner_link, count))
    if by and page == 1:
        blocks.divider().section(f"*Companies naming {inert(company.name, NAME_CHARS)} as their partner*")
        for partner_link, count in by[: min(NAMED_BY_SHOWN, blocks.room)]:
            blocks.section(_partner_section(partner_link, count))
    hint = f"/pr partners {company_query(company)} {page + 1}"
    names = ", ".join(clean(p.partner)[:NAME_CHARS] for p, _ in shown) or "none known"
    text = f"Partners of {company_plain(company)}: {plain(names)}"
    if past_end:
        text = f"Partners of {company_plain(company)}: there is no page {page}"
    if shown:
        text += f" (from {release_plain(shown[0][0].release)})"
    return fallback(text), blocks.build(more_note(more, "partners", hint, at_least=not complete))


def people_blocks(
    company: CompanyRef, mentions: list[PersonMention], *, page: int = 1, complete: bool = True
) -> tuple[str, list[Block]]:
    """`/pr people`: each person quoted in the company's releases, with their titles over time (oldest to newest),
    the newest quote excerpt and release. `complete` False: `mentions` are only the newest ones read."""
    people: dict[str, list[PersonMention]] = {}
    for mention in mentions:
        people.setdefault(" ".join(mention.name.lower().split()), []).append(mention)
    shown, more = page_of(list(people.values()), page, PEOPLE_PER_PAGE)
    blocks = Blocks()
    blocks.header(f"People quoted by {company_plain(company)}")
    count = f"{len(people)} {'person' if len(people) == 1 else 'people'} quoted" if complete else "people quoted"
    blocks.context(f"{company_label(company)} · {count} · newest first")
    if not people:
        blocks.section(f"No release I have quotes anyone from {company_label(company)}.")
    elif not shown:
        usage = "/pr people TICKER|NAME [PAGE]"
        blocks.section(no_such_page(page, len(people), PEOPLE_PER_PAGE, usage, complete=complete))
    for group in shown:
        newest = group[0]
        titles: list[str] = []
        for mention in reversed(group):
            title = clean(mention.title)
            if title and title not in titles:
                titles.append(title)
        head = f"*{inert(newest.name, NAME_CHARS)}*"
        if titles:
            head += " — " + " → ".join(inert(t, 80) for t in titles[-4:])
        if newest.org:
            head += f" ({inert(newest.org, NAME_CHARS)})"
        lines = [head]
        if newest.quote:
            lines.append(f"> “{quote(newest.quote)}”")
        quoted = f" · quoted in {len(group)} releases" if len(group) > 1 else ""
        lines.append(release_line(newest.release) + quoted)
        blocks.section("\n".join(lines))
    names = ", ".join(clip(clean(g[0].name), NAME_CHARS) for g in shown) or "nobody"
    hint = f"/pr people {company_query(company)} {page + 1}"
    return fallback(f"People quoted by {company_plain(company)}: {plain(names)}"), blocks.build(
        more_note(more, "people", hint, at_least=not complete)
    )


def company_blocks(profile: CompanyProfile) -> tuple[str, list[Block]]:
    """`/pr company`: name, tickers, HQ city, About text, counts and the latest releases."""
    company = profile.company
    query = company_query(company)
    blocks = Blocks()
    blocks.header(company_plain(company))
    fields = [
        f"*Tickers*\n{inert(ticker_text(company.tickers) or '—', 200)}",
        f"*Headquarters*\n{inert(profile.hq_city or '—', 100)}",
        f"*Releases*\n{profile.release_count}",
        f"*Partners*\n{profile.partner_count}",
        f"*People quoted*\n{profile.people_count}",
    ]
    blocks.fields(fields)
    if profile.about:
        blocks.section(f"*About*\n{inert(profile.about, 1500)}")
    if profile.latest:
        lines = [f"• {release_line(ref)}" for ref in profile.latest[:10]]
        blocks.section("*Latest releases*\n" + "\n".join(lines))
    blocks.context(f"More: `/pr partners {query}` · `/pr people {query}` · `/pr timeline {query}`")
    text = f"{company_plain(company)}: {profile.release_count} releases, {profile.partner_count} partners"
    if profile.hq_city:
        text += f", based in {plain(profile.hq_city, 100)}"
    return fallback(text), blocks.build()


def resolution_blocks(resolution: Resolution, command: str, *, as_written: bool = False) -> tuple[str, list[Block]]:
    """No single company matched `resolution.query`: a choice among candidates, or "I don't know X" with close
    matches. `command` is the subcommand to suggest (`partners`). `as_written` True (`subscribe`, `mute`, which
    accept a company not seen yet) adds how to use the words as typed: `/pr subscribe company:WORDS`."""
    asked = inert(resolution.query, NAME_CHARS)
    blocks = Blocks()
    if resolution.candidates:
        lead = f"“{asked}” matches several companies. Which one did you mean?"
        options = resolution.candidates
    else:
        lead = f"I don't know “{asked}”."
        if resolution.suggestions:
            lead += " Did you mean one of these?"
        options = resolution.suggestions
    blocks.section(lead)
    lines = [f"• {company_label(c)} — `/pr {command} {inert(company_query(c), NAME_CHARS)}`" for c in options[:15]]
    if lines:
        blocks.section("\n".join(lines))
    else:
        blocks.context(
            f"Try a ticker (`IMGN`, `NASDAQ:IMGN`) or part of a name, or search the text: `/pr search {asked}`"
        )
    said = plain(resolution.query, NAME_CHARS)
    text = f"“{said}” matches several companies:" if resolution.candidates else f"I don't know “{said}”."
    if options:
        text += " " + "; ".join(f"{company_plain(c)}: /pr {command} {plain(company_query(c))}" for c in options[:15])
    if as_written:
        blocks.context(f"None of these? `/pr {command} company:{asked}` takes “{asked}” as written.")
        text += f" None of these? /pr {command} company:{said} takes it as written."
    return fallback(text), blocks.build()

"""`/pr` questions answered from the store: partners, latest, show, search, company, people, timeline.

Each handler parses its arguments, calls one or two store reads and renders with `bot.render`. A company is
typed as a ticker (`IMGN`, `NASDAQ:IMGN`) or a loose name (`immunogen`); several matches give a choice list, none
gives "I don't know X" with close matches. Bad arguments raise `CommandError` with the usage.
"""

from __future__ import annotations

import re

from bot import render
from bot.errors import CommandError
from bot.store import companies, releases
from bot.store.views import CompanyRef
from handlers.registry import CommandContext, Reply, command

MAX_LATEST = 40
"""Most releases `/pr latest` lists (one Slack message)."""
SEARCH_HITS = 10
READ_AHEAD = 3
"""Rows read per list entry shown (partners and people repeat across releases and are grouped): page P of
`/pr partners` reads the newest `P * PARTNERS_PER_PAGE * READ_AHEAD` links, so a busy company stays fast."""
NAMED_BY_READ = 30


def _reply(rendered: tuple[str, list[dict]]) -> Reply:
    text, blocks = rendered
    return Reply(text, blocks)


def _usage(name: str, usage: str, example: str) -> CommandError:
    return CommandError(f"Usage: `/pr {name} {usage}`, for example `/pr {name} {example}`.")


def _page(args: list[str]) -> tuple[list[str], int]:
    """Split a trailing page number off `args` (only after at least one other word: `0700` alone is a ticker)."""
    if len(args) >= 2 and args[-1].isdigit():
        page = int(args[-1])
        if not 1 <= page <= 1000:
            raise CommandError("The page number must be between 1 and 1000.")
        return args[:-1], page
    return args, 1


def _company(ctx: CommandContext, name: str, usage: str) -> tuple[CompanyRef | Reply, int]:
    """Resolve the company named in `ctx.args`: its `CompanyRef` and the page asked for, or a ready reply (choice
    list or "I don't know X") when no single company matches. Raises `CommandError` when no company is given."""
    words, page = _page(ctx.args)
    query = " ".join(words).strip()
    if not query:
        raise _usage(name, usage, "IMGN")
    resolution = companies.resolve_company(ctx.services.db, query)
    if resolution.match is None:
        return _reply(render.resolution_blocks(resolution, name)), page
    return resolution.match, page


@command("partners", usage="TICKER|NAME [PAGE]")
async def partners(ctx: CommandContext) -> Reply:
    """Partners a company's releases name (relation, evidence sentence, release and date, newest first), and the
    companies that name it as their partner."""
    company, page = _company(ctx, "partners", "TICKER|NAME [PAGE]")
    if isinstance(company, Reply):
        return company
    db = ctx.services.db
    wanted = page * render.PARTNERS_PER_PAGE * READ_AHEAD
    links = companies.partners_of(db, company.id, limit=wanted)
    named_by = companies.partnered_by(db, company.id, limit=NAMED_BY_READ) if page == 1 else []
    complete = len(links) < wanted
    return _reply(render.partners_blocks(company, links, named_by, page=page, complete=complete))


def _is_count(ctx: CommandContext, word: str) -> bool:
    """True when `word` is a bare integer meant as a count. A number with a leading zero that is a known ticker
    symbol (HKEX `0700`) names that company instead."""
    if not re.fullmatch(r"[+-]?\d+", word):
        return False
    if len(word) > 1 and word.startswith("0"):
        match = companies.resolve_company(ctx.services.db, word).match
        return match is None or all(t.symbol != word for t in match.tickers)
    return True


def _latest_count(ctx: CommandContext) -> tuple[list[str], int]:
    """Split the count off `/pr latest` arguments: a bare integer as the first or the last word (either order:
    `IMGN 5`, `5 IMGN`, `5`) is N, the other words name the company. Returns (company words, N), N 10 when not
    given. Raises `CommandError` for two counts or N outside 1..`MAX_LATEST`."""
    args = list(ctx.args)
    positions = sorted({0, len(args) - 1}) if args else []
    found = [i for i in positions if _is_count(ctx, args[i])]
    if len(found) > 1:
        raise _usage("latest", "[TICKER|NAME] [N]", "IMGN 20")
    if not found:
        return args, 10
    word = args.pop(found[0])
    count = int(word) if len(word) <= 6 else 0
    if not 1 <= count <= MAX_LATEST:
        raise CommandError(f"I can list 1 to {MAX_LATEST} releases at a time: `/pr latest IMGN 20`.")
    return args, count


@command("latest", usage="[TICKER|NAME] [N]")
async def latest(ctx: CommandContext) -> Reply:
    """The newest releases, of every issuer or of one company; N of them (default 10, at most 40), the number
    before or after the company."""
    args, count = _latest_count(ctx)
    company: CompanyRef | None = None
    if args:
        resolution = companies.resolve_company(ctx.services.db, " ".join(args))
        if resolution.match is None:
            return _reply(render.resolution_blocks(resolution, "latest"))
        company = resolution.match
    refs = releases.latest(ctx.services.db, company.id if company else None, limit=count)
    return _reply(render.latest_blocks(refs, company))


@command("show", usage="ID")
async def show(ctx: CommandContext) -> Reply:
    """One release in full: headline and link, dateline, issuer, event types, summary, partners, people,
    products."""
    if len(ctx.args) != 1 or not re.fullmatch(r"#?\d{1,12}", ctx.args[0]):
        raise _usage("show", "ID", "12")
    release_id = int(ctx.args[0].lstrip("#"))
    stored = releases.get_release(ctx.services.db, release_id)
    if stored is None:
        text = f"I have no release `#{release_id}`. `/pr latest` lists the newest ones with their ids."
        return _reply(render.notice_blocks(text))
    return _reply(render.release_blocks(stored))


@command("search", usage="QUERY")
async def search(ctx: CommandContext) -> Reply:
    """Full-text search over headlines and release text, best matches first (`"exact phrase"`, `OR`, `word*`
    work)."""
    query = " ".join(ctx.args).strip()
    if not query:
        raise _usage("search", "QUERY", "antibody collaboration")
    hits = releases.search(ctx.services.db, query, limit=SEARCH_HITS)
    return _reply(render.search_blocks(query, hits))


@command("company", usage="TICKER|NAME")
async def company(ctx: CommandContext) -> Reply:
    """What prbot knows about a company: name, tickers, headquarters, About text, counts and latest releases."""
    found, _page_number = _company(ctx, "company", "TICKER|NAME")
    if isinstance(found, Reply):
        return found
    return _reply(render.company_blocks(companies.company_profile(ctx.services.db, found.id)))


@command("people", usage="TICKER|NAME [PAGE]")
async def people(ctx: CommandContext) -> Reply:
    """People quoted in a company's releases, with their titles over time and their latest quote."""
    found, page = _company(ctx, "people", "TICKER|NAME [PAGE]")
    if isinstance(found, Reply):
        return found
    wanted = page * render.PEOPLE_PER_PAGE * READ_AHEAD
    mentions = companies.people_of(ctx.services.db, found.id, limit=wanted)
    return _reply(render.people_blocks(found, mentions, page=page, complete=len(mentions) < wanted))


@command("timeline", usage="TICKER|NAME [PAGE]")
async def timeline(ctx: CommandContext) -> Reply:
    """A company's releases by date, newest first, with their event types (award, partnership, earnings, ...)."""
    found, page = _company(ctx, "timeline", "TICKER|NAME [PAGE]")
    if isinstance(found, Reply):
        return found
    wanted = page * render.TIMELINE_PER_PAGE + 1
    events = companies.timeline(ctx.services.db, found.id, limit=wanted)
    return _reply(render.timeline_blocks(found, events[: wanted - 1], page=page, complete=len(events) < wanted))

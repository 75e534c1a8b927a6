"""Typed results of the store's read queries (what handlers and the renderer consume)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from bot.parser.models import ParsedRelease, Ticker


class CompanyRef(BaseModel):
    """A company known to the store."""

    id: int
    name: str
    tickers: list[Ticker] = Field(default_factory=list)


class Resolution(BaseModel):
    """How a typed ticker or name resolved: one `match`, or several equally good `candidates` to choose from,
    or neither and close-match `suggestions`."""

    query: str
    match: CompanyRef | None = None
    candidates: list[CompanyRef] = Field(default_factory=list)
    suggestions: list[CompanyRef] = Field(default_factory=list)


class ReleaseRef(BaseModel):
    """A stored release in one line: id, headline, dateline date, link, wire and issuer name."""

    id: int
    headline: str | None = None
    date: dt.date | None = None
    url: str | None = None
    wire: str | None = None
    issuer: str | None = None


class PartnerLink(BaseModel):
    """One partnership as a release states it. `partner` is the other side from the queried company's view."""

    partner: str
    partner_id: int | None = None
    relation: str
    evidence: str
    release: ReleaseRef


class PersonMention(BaseModel):
    """A person quoted in a release."""

    name: str
    title: str | None = None
    org: str | None = None
    quote: str | None = None
    release: ReleaseRef


class TimelineEvent(BaseModel):
    """A release of the company on the timeline, with its event types."""

    date: dt.date | None = None
    event_types: list[str] = Field(default_factory=list)
    release: ReleaseRef


class SearchHit(BaseModel):
    """A full-text search result; `snippet` is plain text with the matched words marked by `[` `]`."""

    release: ReleaseRef
    snippet: str
    rank: float = 0.0


class CompanyProfile(BaseModel):
    """What the store knows about one company."""

    company: CompanyRef
    hq_city: str | None = None
    about: str | None = None
    release_count: int = 0
    partner_count: int = 0
    people_count: int = 0
    latest: list[ReleaseRef] = Field(default_factory=list)


class StoredRelease(BaseModel):
    """One stored release with its parsed form; `version_of` links a correction to the release it updates."""

    ref: ReleaseRef
    parsed: ParsedRelease
    raw_format: str = "text"
    version_of: int | None = None
    published_at: dt.datetime | None = None

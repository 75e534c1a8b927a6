"""The parsed release: the JSON contract of the shared parser (`shared/spec/parsed-release.md`).

`ParsedRelease.model_dump(mode="json")` is what `prbot parse --json` prints, what the store keeps and what
Slack messages are rendered from. Field names are a contract: add fields freely, never rename or drop one.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["issuer", "co-issuer", "partner", "mentioned"]
Relation = Literal["collaboration", "license", "acquisition", "investment", "supply", "customer", "other"]
EventType = Literal[
    "partnership",
    "license",
    "award",
    "earnings",
    "clinical",
    "regulatory",
    "acquisition",
    "financing",
    "appointment",
    "product",
    "conference",
    "other",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
RELATIONS: tuple[str, ...] = Relation.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ticker(_Model):
    """A listing: `exchange` normalised upper case ("NASDAQ", "NYSE AMERICAN", "TSX-V"), `symbol` upper case."""

    exchange: str | None = None
    symbol: str


class Dateline(_Model):
    """Where and when the release was issued; `city`/`region` as written, `date` from the text or a hint."""

    city: str | None = None
    region: str | None = None
    country: str | None = None
    date: dt.date | None = None
    wire: str | None = None


class Organization(_Model):
    """An organisation with its listings, e.g. the issuer."""

    name: str
    tickers: list[Ticker] = Field(default_factory=list)


class Company(Organization):
    """An organisation found in the release and the role it plays there."""

    role: Role


class Partner(_Model):
    """An organisation presented as the issuer's partner; `evidence` is the sentence that says so."""

    name: str
    relation: Relation
    evidence: str


class Person(_Model):
    """A person quoted in the release."""

    name: str
    title: str | None = None
    org: str | None = None
    quote: str | None = None


class Product(_Model):
    """A product or drug candidate: generic/brand `name`, development `code` ("T-DM1"), `phase` ("Phase II")."""

    name: str | None = None
    code: str | None = None
    phase: str | None = None


class About(_Model):
    """One "About <company>" boilerplate section."""

    company: str
    text: str


class Contact(_Model):
    """A media or investor contact block entry."""

    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class FeedHints(_Model):
    """What a feed entry says about a release; refines, never overrides, what the text says.

    `published` is the feed's publish time (UTC-aware); `tickers` come from the wire's category
    (`Nasdaq:IMGN` -> exchange NASDAQ, symbol IMGN); `issuer` from e.g. GlobeNewswire's `dc:contributor`.
    """

    published: dt.datetime | None = None
    tickers: list[Ticker] = Field(default_factory=list)
    issuer: str | None = None
    wire: str | None = None
    url: str | None = None
    title: str | None = None


class ParsedRelease(_Model):
    """Everything the shared parser extracts from one release (contract: `spec/parsed-release.md`)."""

    parser_version: str
    headline: str | None = None
    dateline: Dateline | None = None
    issuer: Organization | None = None
    companies: list[Company] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    event_types: list[EventType] = Field(default_factory=list)
    about: list[About] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    summary: str = ""
    body: str = ""
    warnings: list[str] = Field(default_factory=list)
    is_correction: bool = False

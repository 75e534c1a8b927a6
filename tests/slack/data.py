"""Parsed releases written by hand (the reference release's values from `shared/seed/README.md`, and a few
invented ones) stored through the real ingest path, so the slash-command tests answer from a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlite_utils

from bot.ingest import store_parsed
from bot.parser.models import (
    About,
    Company,
    Dateline,
    Organization,
    ParsedRelease,
    Partner,
    Person,
    Product,
    Ticker,
)
from bot.store.releases import ReleaseMeta

IMGN_PARTNERS = (
    "Amgen",
    "Bayer HealthCare Pharmaceuticals",
    "Biotest",
    "Genentech",
    "Novartis",
    "Roche",
    "Sanofi",
)
IMGN_HEADLINE = "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work"
IMGN_URL = "https://www.globenewswire.com/news-release/2011/11/07/imgn-top-places.html"
PARTNER_SENTENCE = (
    "ImmunoGen's collaborative partners include Amgen, Bayer HealthCare Pharmaceuticals, Biotest, Novartis, "
    "Roche and Sanofi."
)


def imgn_release() -> ParsedRelease:
    """The reference release as the shared parser must give it."""
    partners = [Partner(name=n, relation="collaboration", evidence=PARTNER_SENTENCE) for n in IMGN_PARTNERS]
    partners[3] = Partner(
        name="Genentech",
        relation="collaboration",
        evidence="T-DM1 is in development through a collaboration with Genentech, a member of the Roche Group.",
    )
    return ParsedRelease(
        parser_version="test",
        headline=IMGN_HEADLINE,
        dateline=Dateline(city="WALTHAM", region="Mass.", date=dt.date(2011, 11, 7), wire="GlobeNewswire"),
        issuer=Organization(name="ImmunoGen, Inc.", tickers=[Ticker(exchange="NASDAQ", symbol="IMGN")]),
        companies=[
            Company(name="ImmunoGen, Inc.", tickers=[Ticker(exchange="NASDAQ", symbol="IMGN")], role="issuer"),
            *[Company(name=p.name, role="partner") for p in partners],
            Company(name="The Boston Globe", role="mentioned"),
        ],
        partners=partners,
        people=[
            Person(
                name="Daniel Junius",
                title="President and CEO",
                org="ImmunoGen, Inc.",
                quote="I believe this recognition reflects the commitment of our employees.",
            )
        ],
        products=[Product(name="trastuzumab emtansine", code="T-DM1", phase="Phase II")],
        event_types=["award"],
        about=[About(company="ImmunoGen, Inc.", text="ImmunoGen develops targeted anticancer therapeutics.")],
        urls=["http://www.immunogen.com"],
        summary="ImmunoGen, Inc. was named one of The Boston Globe's 2011 Top Places to Work.",
        body="WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- ImmunoGen, Inc. (Nasdaq:IMGN) today announced "
        "that it was named one of The Boston Globe's 2011 Top Places to Work. " + PARTNER_SENTENCE,
    )


def release(
    headline: str,
    *,
    issuer: str,
    symbol: str | None = None,
    exchange: str = "NYSE",
    date: dt.date = dt.date(2024, 3, 1),
    partners: Sequence[tuple[str, str]] = (),
    people: Sequence[Person] = (),
    events: Sequence[str] = ("partnership",),
    body: str = "",
) -> ParsedRelease:
    """An invented release: `partners` as (name, relation) pairs, evidence generated."""
    tickers = [Ticker(exchange=exchange, symbol=symbol)] if symbol else []
    return ParsedRelease(
        parser_version="test",
        headline=headline,
        dateline=Dateline(city="BOSTON", region="Mass.", date=date, wire="Business Wire"),
        issuer=Organization(name=issuer, tickers=tickers),
        partners=[Partner(name=n, relation=r, evidence=f"{issuer} and {n} signed an agreement.") for n, r in partners],
        people=list(people),
        event_types=list(events),  # type: ignore[arg-type]
        summary=f"{issuer} announced: {headline}.",
        body=body or f"BOSTON, Mass. -- {issuer} today announced {headline}.",
    )


def store(db: sqlite_utils.Database, parsed: ParsedRelease, url: str | None = None) -> int:
    """Store `parsed` through the real ingest path; return its release id."""
    result = store_parsed(db, raw=parsed.body, raw_format="text", parsed=parsed, meta=ReleaseMeta(url=url), alert=False)
    return result.release_id


def fill(db: sqlite_utils.Database) -> dict[str, int]:
    """The reference release plus three invented ones (Acme Corp naming ImmunoGen as partner, two companies
    called "Apex ...", an earlier ImmunoGen release); return their ids by short name."""
    ids = {"imgn": store(db, imgn_release(), IMGN_URL)}
    ids["acme"] = store(
        db,
        release(
            "Acme Corp and ImmunoGen sign license deal",
            issuer="Acme Corp",
            symbol="ACME",
            partners=[("ImmunoGen, Inc.", "license")],
            people=[Person(name="Jane Roe", title="CFO", org="Acme Corp", quote="A great deal for Acme.")],
            events=["license"],
        ),
        "https://www.businesswire.com/acme-imgn",
    )
    ids["apex1"] = store(db, release("Apex Therapeutics opens lab", issuer="Apex Therapeutics", symbol="APXT"))
    ids["apex2"] = store(db, release("Apex Mining expands", issuer="Apex Mining", symbol="APXM", exchange="TSX"))
    ids["imgn_old"] = store(
        db,
        release(
            "ImmunoGen reports third quarter results",
            issuer="ImmunoGen, Inc.",
            symbol="IMGN",
            exchange="NASDAQ",
            date=dt.date(2011, 10, 28),
            events=["earnings"],
            people=[Person(name="Daniel Junius", title="CFO", quote="Our results were strong.")],
        ),
    )
    return ids

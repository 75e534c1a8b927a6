"""Parsed releases built directly (independent of the parser's quality) for the store's tests."""

from __future__ import annotations

import datetime as dt

from bot.parser.models import Company, Dateline, Organization, ParsedRelease, Partner, Person, Product, Ticker

IMGN = Ticker(exchange="NASDAQ", symbol="IMGN")
IMMUNOGEN_PARTNERS = [
    "Amgen",
    "Bayer HealthCare Pharmaceuticals",
    "Biotest",
    "Novartis",
    "Roche",
    "Sanofi",
    "Genentech, a member of the Roche Group",
]


def release(
    headline: str = "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work",
    *,
    issuer: str | None = "ImmunoGen, Inc.",
    tickers: list[Ticker] | None = None,
    date: dt.date | None = dt.date(2011, 11, 7),
    partners: list[str] | None = None,
    relation: str = "collaboration",
    people: list[Person] | None = None,
    body: str | None = None,
    version: str = "1.0.0",
    is_correction: bool = False,
    event_types: list[str] | None = None,
    companies: list[Company] | None = None,
) -> ParsedRelease:
    """A parsed release shaped like the reference one; every part can be replaced."""
    tickers = [IMGN] if tickers is None else tickers
    partners = IMMUNOGEN_PARTNERS if partners is None else partners
    return ParsedRelease(
        parser_version=version,
        headline=headline,
        dateline=Dateline(city="WALTHAM", region="Mass.", date=date, wire="GlobeNewswire"),
        issuer=Organization(name=issuer, tickers=tickers) if issuer else None,
        companies=companies or [],
        partners=[Partner(name=name, relation=relation, evidence=f"{issuer} works with {name}.") for name in partners],
        people=people if people is not None else [Person(name="Daniel Junius", title="President and CEO")],
        products=[Product(name="trastuzumab emtansine", code="T-DM1", phase="Phase II")],
        event_types=event_types if event_types is not None else ["award"],
        body=body
        if body is not None
        else f"WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- {headline}. The company announced news today.",
        is_correction=is_correction,
    )

"""Parsed releases built directly (independent of the parser) and ways to store them with alerts queued."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import sqlite_utils

from bot.ingest import IngestResult, store_parsed
from bot.parser.models import Dateline, Organization, ParsedRelease, Partner, Person, Ticker
from bot.store.releases import ReleaseMeta
from tests.fakes.slack_api import Call

_serial = itertools.count(1)


def parsed_release(
    headline: str | None = None,
    *,
    issuer: str | None = "ImmunoGen, Inc.",
    symbol: str | None = "IMGN",
    partners: tuple[str, ...] = ("Genentech, a member of the Roche Group", "Amgen"),
    events: tuple[str, ...] = ("license",),
    body: str | None = None,
    is_correction: bool = False,
) -> ParsedRelease:
    """A release shaped like the reference one; each call differs in headline and body unless given."""
    n = next(_serial)
    headline = headline or f"ImmunoGen announces license number {n}"
    tickers = [Ticker(exchange="NASDAQ", symbol=symbol)] if symbol else []
    return ParsedRelease(
        parser_version="test-1",
        headline=headline,
        dateline=Dateline(city="WALTHAM", region="Mass.", date=dt.date(2011, 11, 7), wire="GlobeNewswire"),
        issuer=Organization(name=issuer, tickers=tickers) if issuer else None,
        partners=[Partner(name=p, relation="license", evidence=f"{issuer} licensed to {p}.") for p in partners],
        people=[Person(name="Daniel Junius", title="President and CEO", quote="We are proud.")],
        event_types=list(events),
        summary=f"{headline}. Summary {n}.",
        body=body if body is not None else f"WALTHAM, Mass. -- {headline}. Body text number {n}.",
        is_correction=is_correction,
    )


def store(
    db: sqlite_utils.Database, parsed: ParsedRelease, *, guid: str | None = None, alert: bool = True
) -> IngestResult:
    """Store `parsed` through the ingest service (alerts queued in its transaction when `alert`)."""
    n = next(_serial)
    meta = ReleaseMeta(guid=guid or f"guid-{n}", url=f"https://www.globenewswire.com/news/{n}.html")
    return store_parsed(db, raw=parsed.body, raw_format="text", parsed=parsed, meta=meta, alert=alert)


def release_of(call: Call) -> int | None:
    """The release id a `chat.postMessage` call carries in its message metadata (None: not an alert)."""
    metadata: Any = call.payload.get("metadata")
    if isinstance(metadata, dict):
        return metadata.get("event_payload", {}).get("release_id")
    return None


def deliveries(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every delivery row, by id."""
    cursor = db.execute("SELECT * FROM deliveries ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

"""The ingest service: one parsed release in, stored once, with its place among known releases decided.

Used by `prbot ingest`, the feed watcher and tests. A release already stored (same feed GUID, wire id, canonical
URL or content fingerprint) changes nothing and comes back as `duplicate`; a correction or an update of a stored
release is stored as a new `version` linked to the original (`version_of`); anything else is `new`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from bot.alerts import enqueue_for_release
from bot.parser import parse_release
from bot.parser.models import FeedHints, ParsedRelease
from bot.store import releases
from bot.store.companies import find_company
from bot.store.graph import issued_release_rows
from bot.store.releases import ReleaseMeta

FINGERPRINT_BODY_WORDS = 120
"""Body words (after the dateline lead) that go into the fingerprint: the part every wire carries unchanged."""

CORRECTION_MATCH = 0.75
"""Least difflib ratio between a correction's headline (prefix removed) and the original's."""

_DATELINE_LEAD = re.compile(r"^.{0,250}?[)/]\s*(?:--|—|–)\s*", re.DOTALL)
"""`WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) --`, `NEW YORK, Nov. 7, 2011 /PRNewswire/ --`,
`BOSTON--(BUSINESS WIRE)--`: the lead that differs between wires carrying the same release."""

_CORRECTION_PREFIX = re.compile(
    r"^\s*(?:(?:correcting\s+and\s+replacing|correction|corrected|update[ds]?|revised|replacing)\b[\s:\-—–]*)+",
    re.IGNORECASE,
)


@dataclass
class IngestResult:
    """What happened to one release: `release_id` is the stored id (for a duplicate, the release already
    stored, also given as `duplicate_of`); `version_of` is the original a new version is linked to."""

    release_id: int
    status: Literal["new", "duplicate", "version"]
    duplicate_of: int | None
    parsed: ParsedRelease
    version_of: int | None = None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def fingerprint(parsed: ParsedRelease) -> str:
    """Content fingerprint (32 hex chars): the headline's words and the first `FINGERPRINT_BODY_WORDS` words of
    the body after the dateline lead, case and punctuation ignored, so the same release on two wires gives the
    same value. Corrections never share an original's value. "" when the release has no words at all."""
    lead = _DATELINE_LEAD.match(parsed.body)
    body = parsed.body[lead.end() :] if lead else parsed.body
    words = [*_words(parsed.headline or ""), "|", *_words(body)[:FINGERPRINT_BODY_WORDS]]
    if words == ["|"]:
        return ""
    text = ("correction " if parsed.is_correction else "") + " ".join(words)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def headline_key(headline: str | None) -> str:
    """A headline without a correction/update prefix ("CORRECTION -- ", "Correcting and Replacing: "), as
    lower-case words."""
    return " ".join(_words(_CORRECTION_PREFIX.sub("", headline or "")))


def find_corrected(db: sqlite_utils.Database, parsed: ParsedRelease) -> int | None:
    """The original release a correction corrects: among the issuer's 50 newest releases, the one whose
    headline is most similar (at least `CORRECTION_MATCH`) to the correction's, prefix removed. None when the
    issuer is unknown or nothing is similar enough."""
    if parsed.issuer is None:
        return None
    issuer_id = find_company(db, parsed.issuer.name, parsed.issuer.tickers)
    if issuer_id is None:
        return None
    wanted = headline_key(parsed.headline)
    best, best_ratio = None, CORRECTION_MATCH
    for row in issued_release_rows(db, issuer_id, 50):
        ratio = difflib.SequenceMatcher(None, wanted, headline_key(row[1])).ratio()
        if ratio >= best_ratio:
            best, best_ratio = row[0], ratio
    return releases.version_info(db, best)[0] if best is not None else None


def store_parsed(
    db: sqlite_utils.Database, *, raw: str, raw_format: str, parsed: ParsedRelease, meta: ReleaseMeta, alert: bool
) -> IngestResult:
    """Store one parsed release unless it is known, in one transaction (`db.atomic()`, a savepoint when the
    caller already has one open).

    Order: same content fingerprint -> duplicate; same GUID / wire id / canonical URL -> duplicate, unless the
    content changed under the same parser version (an update -> new version of the original); a correction
    (`parsed.is_correction`) -> new version of the issuer's release with the most similar headline; else new.
    With `alert` True, new releases and versions are queued for Slack in the same transaction.
    Raises `StoreError` if SQLite refuses the write (nothing is written)."""
    content = fingerprint(parsed)
    hints = meta.hints
    with db.atomic():
        known = releases.find_duplicate(db, fingerprint=content) if content else None
        if known is not None:
            return IngestResult(known, "duplicate", known, parsed)
        source = releases.find_duplicate(
            db, guid=meta.guid, wire_id=meta.wire_id, url=meta.url or (hints.url if hints else None)
        )
        version_of = None
        if source is not None:
            original, parser_version, _ = releases.version_info(db, source)
            if parser_version != parsed.parser_version:
                return IngestResult(source, "duplicate", source, parsed)
            version_of = original
        elif parsed.is_correction:
            version_of = find_corrected(db, parsed)
        release_id = releases.save_release(
            db, raw=raw, raw_format=raw_format, parsed=parsed, meta=meta, fingerprint=content, version_of=version_of
        )
        if alert:  # queue the Slack alerts in this same transaction (bot.alerts, owned by the alerts engineer)
            enqueue_for_release(db, release_id, parsed, version_of=version_of)
    status = "version" if version_of is not None else "new"
    return IngestResult(release_id, status, None, parsed, version_of)


def ingest_text(
    db: sqlite_utils.Database,
    raw: str,
    *,
    raw_format: str = "text",
    hints: FeedHints | None = None,
    meta: ReleaseMeta | None = None,
    alert: bool = False,
) -> IngestResult:
    """Parse `raw` ("text" or "html", with optional feed `hints`) and store it with `store_parsed`. `meta.hints`
    defaults to `hints`."""
    meta = meta or ReleaseMeta()
    meta.hints = meta.hints or hints
    parsed = parse_release(raw, meta.hints, is_html=raw_format == "html")
    return store_parsed(db, raw=raw, raw_format=raw_format, parsed=parsed, meta=meta, alert=alert)

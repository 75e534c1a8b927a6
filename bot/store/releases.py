"""Table `releases` (raw text kept, parsed JSON, where it came from) with its FTS5 index `releases_fts`, the
store's write path for one release and its graph, and the release-level reads.

The parsed JSON is stored without `body`, which lives in its own column (indexed by FTS5 with `headline`);
`get_release` puts them back together. A release's `date` is its dateline date, else the feed's publish date
(UTC), and orders every "newest first" list. Every read is an indexed lookup bounded by LIMIT.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlite_utils

from bot.errors import StoreError
from bot.parser.models import FeedHints, ParsedRelease
from bot.store import graph
from bot.store.companies import identify_companies
from bot.store.counts import counts
from bot.store.refs import REF_COLUMNS, release_ref
from bot.store.release_diff import ReleaseChange, diff_parsed
from bot.store.search import search
from bot.store.views import ReleaseRef, StoredRelease

__all__ = [
    "ReleaseChange",
    "ReleaseMeta",
    "canonical_url",
    "counts",
    "find_duplicate",
    "get_raw",
    "get_release",
    "latest",
    "release_ids",
    "replace_parsed",
    "save_release",
    "search",
]

TRACKING_PARAMS = frozenset(
    "fbclid gclid dclid msclkid yclid igshid mc_cid mc_eid _ga _gl _hsenc _hsmi mkt_tok cmpid ncid sr_share "
    "ref_src spm".split()
)
"""Query parameters dropped from canonical URLs, besides every `utm_*`."""


@dataclass
class ReleaseMeta:
    """Where a release came from; all optional. `published_at`/`fetched_at` UTC-aware (naive taken as UTC)."""

    guid: str | None = None
    url: str | None = None
    feed_url: str | None = None
    wire_id: str | None = None
    published_at: dt.datetime | None = None
    fetched_at: dt.datetime | None = None
    hints: FeedHints | None = None


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create `releases`, its indexes, `releases_fts` (porter stemming) and the triggers keeping it in step."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS releases (
            id INTEGER PRIMARY KEY,
            headline TEXT,
            body TEXT NOT NULL DEFAULT '',
            date TEXT,
            wire TEXT,
            issuer TEXT,
            issuer_id INTEGER REFERENCES companies(id),
            url TEXT,
            canonical_url TEXT,
            guid TEXT,
            wire_id TEXT,
            fingerprint TEXT,
            feed_url TEXT,
            published_at TEXT,
            fetched_at TEXT,
            stored_at TEXT NOT NULL,
            raw TEXT NOT NULL,
            raw_format TEXT NOT NULL,
            parsed TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            hints TEXT,
            is_correction INTEGER NOT NULL DEFAULT 0,
            version_of INTEGER REFERENCES releases(id)
        );
        CREATE INDEX IF NOT EXISTS releases_guid ON releases(guid) WHERE guid IS NOT NULL;
        CREATE INDEX IF NOT EXISTS releases_wire_id ON releases(wire_id) WHERE wire_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS releases_canonical_url ON releases(canonical_url) WHERE canonical_url IS NOT NULL;
        CREATE INDEX IF NOT EXISTS releases_fingerprint ON releases(fingerprint) WHERE fingerprint != '';
        CREATE INDEX IF NOT EXISTS releases_date ON releases(date, id);
        CREATE INDEX IF NOT EXISTS releases_parser_version ON releases(parser_version);
        CREATE INDEX IF NOT EXISTS releases_version_of ON releases(version_of) WHERE version_of IS NOT NULL;
        CREATE VIRTUAL TABLE IF NOT EXISTS releases_fts USING fts5(
            headline, body, content='releases', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER IF NOT EXISTS releases_fts_ai AFTER INSERT ON releases BEGIN
            INSERT INTO releases_fts (rowid, headline, body) VALUES (new.id, new.headline, new.body);
        END;
        CREATE TRIGGER IF NOT EXISTS releases_fts_ad AFTER DELETE ON releases BEGIN
            INSERT INTO releases_fts (releases_fts, rowid, headline, body)
            VALUES ('delete', old.id, old.headline, old.body);
        END;
        CREATE TRIGGER IF NOT EXISTS releases_fts_au AFTER UPDATE OF headline, body ON releases BEGIN
            INSERT INTO releases_fts (releases_fts, rowid, headline, body)
            VALUES ('delete', old.id, old.headline, old.body);
            INSERT INTO releases_fts (rowid, headline, body) VALUES (new.id, new.headline, new.body);
        END;
        """
    )


def canonical_url(url: str | None) -> str | None:
    """The form two links to the same release share: https, lower-case host without default port or user info,
    no fragment, no tracking parameters (`utm_*`, `fbclid`, ... see `TRACKING_PARAMS`), remaining parameters
    sorted, no trailing slash (except the root). Non-http(s) URLs (e.g. `file://`) come back stripped only."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.strip()
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    )
    path = re.sub(r"/+$", "", parts.path) or "/"
    return urlunsplit(("https", host, path, urlencode(query), ""))


def find_duplicate(
    db: sqlite_utils.Database,
    *,
    guid: str | None = None,
    url: str | None = None,
    fingerprint: str | None = None,
    wire_id: str | None = None,
) -> int | None:
    """The id of a stored release with the same feed GUID, wire id, canonical URL or content fingerprint (tried
    in that order; the oldest such release), or None. Empty values are ignored."""
    for column, value in (
        ("guid", guid),
        ("wire_id", wire_id),
        ("canonical_url", canonical_url(url)),
        ("fingerprint", fingerprint),
    ):
        if value:
            # "<> ''" lets SQLite use the partial fingerprint index (and is true of every other non-empty value)
            row = db.execute(f"SELECT MIN(id) FROM releases WHERE {column} = ? AND {column} <> ''", [value]).fetchone()
            if row[0] is not None:
                return row[0]
    return None


def version_info(db: sqlite_utils.Database, release_id: int) -> tuple[int, str, str | None]:
    """(id of the original this release is a version of, or its own id; parser_version; headline) of a stored
    release. Raises `StoreError` for an unknown id."""
    row = db.execute(
        "SELECT COALESCE(version_of, id), parser_version, headline FROM releases WHERE id = ?", [release_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"release {release_id} is not in the store")
    return row[0], row[1], row[2]


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _release_date(parsed: ParsedRelease, published_at: dt.datetime | None) -> dt.date | None:
    if parsed.dateline and parsed.dateline.date:
        return parsed.dateline.date
    return published_at.date() if published_at else None


def _parsed_columns(parsed: ParsedRelease, published_at: dt.datetime | None, issuer_id: int | None) -> dict:
    date = _release_date(parsed, published_at)
    return {
        "headline": parsed.headline,
        "body": parsed.body,
        "date": date.isoformat() if date else None,
        "wire": parsed.dateline.wire if parsed.dateline else None,
        "issuer": parsed.issuer.name if parsed.issuer else None,
        "issuer_id": issuer_id,
        "parsed": json.dumps(parsed.model_dump(mode="json", exclude={"body"}), ensure_ascii=False),
        "parser_version": parsed.parser_version,
        "is_correction": int(parsed.is_correction),
    }


def save_release(
    db: sqlite_utils.Database,
    *,
    raw: str,
    raw_format: str,
    parsed: ParsedRelease,
    meta: ReleaseMeta,
    fingerprint: str,
    version_of: int | None = None,
) -> int:
    """Store one release (raw text, parsed form, origin) and its graph rows (companies merged by ticker or name
    key, partners, people, products, event types) in one transaction; return its id. The wire falls back to the
    feed hint's, the URL and publish time to the hints'. Raises `StoreError` if SQLite refuses the write
    (nothing is then written)."""
    hints = meta.hints
    published_at = _utc(meta.published_at or (hints.published if hints else None))
    url = meta.url or (hints.url if hints else None)
    try:
        with db.atomic():
            found = identify_companies(db, parsed)
            columns = _parsed_columns(parsed, published_at, found.issuer_id)
            columns["wire"] = columns["wire"] or (hints.wire if hints else None)
            columns |= {
                "url": url,
                "canonical_url": canonical_url(url),
                "guid": meta.guid or None,
                "wire_id": meta.wire_id or None,
                "fingerprint": fingerprint,
                "feed_url": meta.feed_url,
                "published_at": published_at.isoformat() if published_at else None,
                "fetched_at": f.isoformat() if (f := _utc(meta.fetched_at)) else None,
                "stored_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "raw": raw,
                "raw_format": raw_format,
                "hints": hints.model_dump_json() if hints else None,
                "version_of": version_of,
            }
            names = ", ".join(columns)
            marks = ", ".join(f":{name}" for name in columns)
            release_id = db.execute(f"INSERT INTO releases ({names}) VALUES ({marks})", columns).lastrowid
            graph.write_graph(db, release_id, parsed, _release_date(parsed, published_at), found)
    except sqlite3.Error as exc:
        raise StoreError(f"could not store the release: {exc}") from exc
    return release_id


def _stored_parsed(db: sqlite_utils.Database, release_id: int) -> tuple[ParsedRelease, str | None]:
    row = db.execute("SELECT parsed, body, published_at FROM releases WHERE id = ?", [release_id]).fetchone()
    if row is None:
        raise StoreError(f"release {release_id} is not in the store")
    data = json.loads(row[0]) | {"body": row[1]}
    return ParsedRelease.model_validate(data), row[2]


def replace_parsed(db: sqlite_utils.Database, release_id: int, parsed: ParsedRelease) -> ReleaseChange:
    """Replace one release's parsed form (admin reparse): in one transaction the release row and all its graph
    rows are rewritten, so the release is either wholly old or wholly new. Unchanged content only bumps
    `parser_version`. Returns what changed. Raises `StoreError` for an unknown id or a refused write."""
    try:
        with db.atomic():
            old, published = _stored_parsed(db, release_id)
            change = diff_parsed(release_id, old, parsed)
            if not change.changed:
                db.execute(
                    "UPDATE releases SET parser_version = ?, parsed = json_set(parsed, '$.parser_version', ?) "
                    "WHERE id = ?",
                    [parsed.parser_version, parsed.parser_version, release_id],
                )
                return change
            graph.delete_graph(db, release_id)
            found = identify_companies(db, parsed)
            published_at = dt.datetime.fromisoformat(published) if published else None
            columns = _parsed_columns(parsed, published_at, found.issuer_id)
            if columns["wire"] is None:
                del columns["wire"]  # keep the feed hint's wire
            assignments = ", ".join(f"{name} = :{name}" for name in columns)
            db.execute(
                f"UPDATE releases SET {assignments} WHERE id = :release_id", columns | {"release_id": release_id}
            )
            graph.write_graph(db, release_id, parsed, _release_date(parsed, published_at), found)
    except sqlite3.Error as exc:
        raise StoreError(f"could not rewrite release {release_id}: {exc}") from exc
    return change


def get_raw(db: sqlite_utils.Database, release_id: int) -> tuple[str, str, FeedHints | None]:
    """(raw text as fetched, raw_format "text"|"html", feed hints or None) of a release, for reparsing.
    Raises `StoreError` for an unknown id."""
    row = db.execute("SELECT raw, raw_format, hints FROM releases WHERE id = ?", [release_id]).fetchone()
    if row is None:
        raise StoreError(f"release {release_id} is not in the store")
    return row[0], row[1], FeedHints.model_validate_json(row[2]) if row[2] else None


def release_ids(
    db: sqlite_utils.Database, *, ticker: str | None = None, stale_before_version: str | None = None
) -> list[int]:
    """Ids of stored releases, ascending: all of them, or those naming the company listed as `ticker`
    (`IMGN` or `NASDAQ:IMGN`; unknown -> []), and/or those parsed by a parser version older than
    `stale_before_version` (versions compared numerically, "0.10.0" > "0.9.1")."""
    clauses, params = [], []
    if ticker:
        exchange, _, symbol = ticker.upper().rpartition(":")
        sql = "SELECT DISTINCT company_id FROM company_tickers WHERE symbol = ?" + (
            " AND exchange = ?" if exchange else ""
        )
        company_ids = [row[0] for row in db.execute(sql, [symbol.strip()] + ([exchange.strip()] if exchange else []))]
        marks = ",".join("?" * len(company_ids))
        clauses.append(f"id IN (SELECT release_id FROM release_companies WHERE company_id IN ({marks}))")
        params += company_ids
    if stale_before_version is not None:
        versions = [row[0] for row in db.execute("SELECT DISTINCT parser_version FROM releases")]
        stale = [v for v in versions if _version_key(v) < _version_key(stale_before_version)]
        clauses.append(f"parser_version IN ({','.join('?' * len(stale))})")
        params += stale
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [row[0] for row in db.execute(f"SELECT id FROM releases{where} ORDER BY id", params)]


def _version_key(version: str) -> tuple:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-+]", version))


def latest(db: sqlite_utils.Database, company_id: int | None = None, limit: int = 10) -> list[ReleaseRef]:
    """The newest releases (by date, then id), at most `limit`; with `company_id`, those naming that company in
    any role."""
    if company_id is None:
        rows = db.execute(f"SELECT {REF_COLUMNS} FROM releases r ORDER BY r.date DESC, r.id DESC LIMIT ?", [limit])
    else:
        rows = db.execute(
            f"SELECT {REF_COLUMNS} FROM releases r WHERE r.id IN (SELECT release_id FROM release_companies "
            "WHERE company_id = ? ORDER BY date DESC, release_id DESC LIMIT ?) ORDER BY r.date DESC, r.id DESC",
            [company_id, limit * 4],
        )
    return [release_ref(row) for row in rows.fetchall()[:limit]]


def get_release(db: sqlite_utils.Database, release_id: int) -> StoredRelease | None:
    """One stored release with its parsed form (body restored), or None when there is no such id."""
    row = db.execute(
        f"SELECT {REF_COLUMNS}, r.parsed, r.body, r.raw_format, r.version_of, r.published_at FROM releases r "
        "WHERE r.id = ?",
        [release_id],
    ).fetchone()
    if row is None:
        return None
    return StoredRelease(
        ref=release_ref(row),
        parsed=ParsedRelease.model_validate(json.loads(row[6]) | {"body": row[7]}),
        raw_format=row[8],
        version_of=row[9],
        published_at=dt.datetime.fromisoformat(row[10]) if row[10] else None,
    )

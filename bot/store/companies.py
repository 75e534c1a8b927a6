"""Company identity: tables `companies`, `company_tickers` and `company_aliases`, how names and listings found in
releases merge into one company, and how a typed ticker or name resolves to one.

Identity rules: the same company across releases is one row when a listing (exchange + symbol) matches, or when
the normalised name key matches (`name_key`: case, punctuation, accents, a leading "The" and legal-form suffixes
such as "Inc.", "Corp.", "Ltd.", "plc", "AG", "N.V." dropped). The key is only for matching; the display name
stays as first written. An appositive ("Genentech, a member of the Roche Group") is not part of the name.

The per-company graph reads (`partners_of`, `partnered_by`, `people_of`, `timeline`, `company_release_ids`) are
written in `bot.store.graph` next to their tables and re-exported here, where callers look for them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable

import sqlite_utils

from bot.parser.models import ParsedRelease, Ticker
from bot.store.graph import (
    ReleaseCompanies,
    company_release_ids,
    graph_counts,
    issued_release_rows,
    partnered_by,
    partners_of,
    people_of,
    timeline,
)
from bot.store.names import display_name, name_key
from bot.store.refs import release_ref
from bot.store.views import CompanyProfile, CompanyRef, Resolution

__all__ = [
    "company_profile",
    "company_refs",
    "company_release_ids",
    "find_company",
    "identify_companies",
    "partnered_by",
    "partners_of",
    "people_of",
    "resolve_company",
    "timeline",
    "upsert_company",
]

_SUGGESTION_POOL = 1500
"""Bound on the names difflib compares a query with (keeps suggestions fast at any store size)."""


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the company tables and their indexes (idempotent)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS companies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS company_tickers (
            exchange TEXT NOT NULL DEFAULT '',
            symbol TEXT NOT NULL,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            PRIMARY KEY (exchange, symbol)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS company_tickers_symbol ON company_tickers(symbol, company_id);
        CREATE INDEX IF NOT EXISTS company_tickers_company ON company_tickers(company_id);
        CREATE TABLE IF NOT EXISTS company_aliases (
            key TEXT NOT NULL,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            name TEXT NOT NULL,
            PRIMARY KEY (key, company_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS company_aliases_company ON company_aliases(company_id);
        """
    )


def find_company(db: sqlite_utils.Database, name: str, tickers: Iterable[Ticker] = ()) -> int | None:
    """The id of the stored company that `name` with listings `tickers` is, or None: by exchange+symbol first,
    then a symbol whose exchange is unknown on one side (when only one company has it), then the name key, then
    an alias key. Reads only."""
    company_id = _by_tickers(db, [t for t in tickers if t.symbol])
    key = name_key(name)
    if company_id is None and key:
        row = db.execute("SELECT id FROM companies WHERE key = ?", [key]).fetchone()
        if row is None:
            row = db.execute("SELECT company_id FROM company_aliases WHERE key = ? LIMIT 1", [key]).fetchone()
        company_id = row[0] if row else None
    return company_id


def upsert_company(db: sqlite_utils.Database, name: str, tickers: Iterable[Ticker] = ()) -> int | None:
    """The id of the company named `name` with listings `tickers` (see `find_company`), created when unknown.
    New listings, and the name as an alias when its key differs from the company's, are added to the company
    found. None when the name has no letters or digits and no ticker identifies it. Call inside `db.atomic()`."""
    tickers = [t for t in tickers if t.symbol]
    key = name_key(name)
    company_id = find_company(db, name, tickers)
    if company_id is None:
        if not key:
            return None
        company_id = db.execute("INSERT INTO companies (name, key) VALUES (?, ?)", [display_name(name), key]).lastrowid
    elif key:
        db.execute(
            "INSERT OR IGNORE INTO company_aliases (key, company_id, name) "
            "SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM companies WHERE id = ? AND key = ?)",
            [key, company_id, display_name(name), company_id, key],
        )
    for ticker in tickers:
        db.execute(
            "INSERT OR IGNORE INTO company_tickers (exchange, symbol, company_id) VALUES (?, ?, ?)",
            [(ticker.exchange or "").upper(), ticker.symbol.upper(), company_id],
        )
    return company_id


def identify_companies(db: sqlite_utils.Database, parsed: ParsedRelease) -> ReleaseCompanies:
    """Find or create the company of every organisation in a parsed release: the issuer, `companies` (with their
    roles) and partners (role "partner"; a partner takes the listings the release gives the same name under
    `companies`). Call inside `db.atomic()`."""
    found = ReleaseCompanies()
    listings = {name_key(c.name): c.tickers for c in parsed.companies}

    def add(name: str, tickers: Iterable[Ticker], role: str) -> int | None:
        company_id = upsert_company(db, name, tickers)
        if company_id is not None:
            found.by_key.setdefault(name_key(name), company_id)
            if (company_id, role) not in found.roles:
                found.roles.append((company_id, role))
        return company_id

    if parsed.issuer:
        found.issuer_id = add(parsed.issuer.name, parsed.issuer.tickers, "issuer")
    for company in parsed.companies:
        add(company.name, company.tickers, company.role)
    for partner in parsed.partners:
        add(partner.name, listings.get(name_key(partner.name), []), "partner")
    return found


def _by_tickers(db: sqlite_utils.Database, tickers: list[Ticker]) -> int | None:
    for ticker in tickers:
        if ticker.exchange:
            row = db.execute(
                "SELECT company_id FROM company_tickers WHERE exchange = ? AND symbol = ?",
                [ticker.exchange.upper(), ticker.symbol.upper()],
            ).fetchone()
            if row:
                return row[0]
    for ticker in tickers:
        # A bare symbol (or a listed one we have only seen bare) matches when exactly one company has it.
        sql = "SELECT DISTINCT company_id FROM company_tickers WHERE symbol = ?"
        if ticker.exchange:
            sql += " AND exchange = ''"
        rows = db.execute(sql + " LIMIT 2", [ticker.symbol.upper()]).fetchall()
        if len(rows) == 1:
            return rows[0][0]
    return None


def company_refs(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, CompanyRef]:
    """`CompanyRef`s (name and listings) of the companies with these ids, by id; unknown ids are left out."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    refs = {
        row[0]: CompanyRef(id=row[0], name=row[1])
        for row in db.execute(f"SELECT id, name FROM companies WHERE id IN ({marks})", wanted)
    }
    for exchange, symbol, company_id in db.execute(
        f"SELECT exchange, symbol, company_id FROM company_tickers WHERE company_id IN ({marks}) "
        "ORDER BY exchange = '', exchange, symbol",
        wanted,
    ):
        refs[company_id].tickers.append(Ticker(exchange=exchange or None, symbol=symbol))
    return refs


def _refs(db: sqlite_utils.Database, ids: list[int]) -> list[CompanyRef]:
    found = company_refs(db, ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def resolve_company(db: sqlite_utils.Database, query: str) -> Resolution:
    """Resolve what a user typed to a company.

    Tried in order: `EXCHANGE:SYMBOL` (`NASDAQ:IMGN`, exchange compared upper case); a bare symbol (`IMGN`, any
    exchange: several companies -> `candidates`); the name key of the query against names and aliases
    (`immunogen`, `ImmunoGen Inc`); names starting with the key (one -> `match`, several -> up to 10
    `candidates`). Nothing found -> up to 5 close-match `suggestions` (difflib over a bounded pool of names
    sharing the first letters, and symbols), never an error. Every lookup is an indexed range or equality.
    """
    text = " ".join(query.split()).strip()
    result = Resolution(query=text)
    if not text:
        return result
    ids = _ticker_ids(db, text)
    key = name_key(text)
    if not ids and key:
        ids = [row[0] for row in db.execute("SELECT id FROM companies WHERE key = ?", [key])]
        ids += [row[0] for row in db.execute("SELECT company_id FROM company_aliases WHERE key = ? LIMIT 10", [key])]
    if not ids and key:
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM companies WHERE key >= ? AND key < ? ORDER BY key LIMIT 10", [key, key + "\uffff"]
            )
        ]
    refs = _refs(db, ids)
    if len(refs) == 1:
        result.match = refs[0]
    elif refs:
        result.candidates = refs
    else:
        result.suggestions = _suggest(db, text, key)
    return result


def _ticker_ids(db: sqlite_utils.Database, text: str) -> list[int]:
    if re.fullmatch(r"[A-Za-z][A-Za-z .&-]{0,24}:\s?[A-Za-z0-9.\-]{1,12}", text):
        exchange, symbol = (part.strip().upper() for part in text.split(":", 1))
        rows = db.execute(
            "SELECT company_id FROM company_tickers WHERE exchange = ? AND symbol = ?", [exchange, symbol]
        ).fetchall()
        return [row[0] for row in rows]
    if re.fullmatch(r"[A-Za-z0-9.\-]{1,12}", text):
        rows = db.execute(
            "SELECT DISTINCT company_id FROM company_tickers WHERE symbol = ? LIMIT 10", [text.upper()]
        ).fetchall()
        return [row[0] for row in rows]
    return []


def _suggest(db: sqlite_utils.Database, text: str, key: str) -> list[CompanyRef]:
    pool: dict[str, int] = {}
    for width in (3, 2, 1):
        prefix = key[:width]
        if not prefix:
            continue
        for name_k, company_id in db.execute(
            "SELECT key, id FROM companies WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
            [prefix, prefix + "\uffff", _SUGGESTION_POOL // 3],
        ):
            pool.setdefault(name_k, company_id)
    symbol = text.split(":")[-1].strip().upper()
    if symbol:
        for sym, company_id in db.execute(
            "SELECT symbol, company_id FROM company_tickers INDEXED BY company_tickers_symbol "
            "WHERE symbol >= ? AND symbol < ? ORDER BY symbol LIMIT 200",
            [symbol[:1], symbol[:1] + "\uffff"],
        ):
            pool.setdefault(sym.lower(), company_id)
    close = difflib.get_close_matches((key or text).lower(), list(pool), n=8, cutoff=0.6)
    return _refs(db, [pool[name] for name in close])[:5]


def company_profile(db: sqlite_utils.Database, company_id: int) -> CompanyProfile:
    """What the store knows about one company: name and listings, HQ city (dateline of its newest release that
    has one), its "About" text (newest release whose About section names it), counts (bounded: see
    `bot.store.graph.graph_counts`) and its 5 latest releases.
    Raises `KeyError` for an unknown id."""
    ref = company_refs(db, [company_id])[company_id]
    rows = issued_release_rows(db, company_id, 20)
    profile = CompanyProfile(company=ref, latest=[release_ref(row) for row in rows[:5]])
    profile.release_count, profile.partner_count, profile.people_count = graph_counts(db, company_id)
    keys = {ref_key for ref_key in (name_key(ref.name),) if ref_key} | {
        row[0] for row in db.execute("SELECT key FROM company_aliases WHERE company_id = ?", [company_id])
    }
    marks = ",".join("?" * len(rows))
    for city, about in db.execute(
        f"SELECT json_extract(parsed, '$.dateline.city'), json_extract(parsed, '$.about') FROM releases "
        f"WHERE id IN ({marks}) ORDER BY date DESC, id DESC",
        [row[0] for row in rows],
    ):
        profile.hq_city = profile.hq_city or city
        for section in json.loads(about or "[]"):
            if profile.about is None and name_key(section["company"]) in keys:
                profile.about = section["text"]
        if profile.hq_city and profile.about:
            break
    return profile

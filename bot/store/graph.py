"""The release graph: tables `release_companies`, `partners`, `people`, `products` and `release_events`, written
from a `ParsedRelease` and read per company.

Every graph row carries its release's `date` (dateline date, else the feed's publish date), so "newest first"
per company is one indexed range scan: `(company_id, date, release_id)` read backwards, bounded by LIMIT (the
partner and person indexes also carry the partner id / name, so counting them reads the index only).
Company ids come from `bot.store.companies.identify_companies`; this module never creates companies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bot.parser.models import ParsedRelease
from bot.store.names import display_name, name_key
from bot.store.refs import REF_COLUMNS, release_ref
from bot.store.views import PartnerLink, PersonMention, TimelineEvent

ISSUER_ROLES = ("issuer", "co-issuer")

COUNT_CAP = 1_000
"""Most index entries read to count one company's releases, partners or people (`graph_counts`)."""


@dataclass
class ReleaseCompanies:
    """The companies of one release: `issuer_id`, ids by name key, and (company_id, role) pairs."""

    issuer_id: int | None = None
    by_key: dict[str, int] = field(default_factory=dict)
    roles: list[tuple[int, str]] = field(default_factory=list)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the graph tables and their indexes (idempotent). Requires `releases` and `companies`."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS release_companies (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            company_id INTEGER NOT NULL REFERENCES companies(id),
            role TEXT NOT NULL,
            date TEXT,
            PRIMARY KEY (release_id, company_id, role)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS release_companies_company ON release_companies(company_id, date, release_id);
        CREATE TABLE IF NOT EXISTS partners (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            issuer_id INTEGER REFERENCES companies(id),
            partner_id INTEGER NOT NULL REFERENCES companies(id),
            partner_name TEXT NOT NULL,
            relation TEXT NOT NULL,
            evidence TEXT NOT NULL,
            date TEXT
        );
        DROP INDEX IF EXISTS partners_issuer;
        CREATE INDEX IF NOT EXISTS partners_by_issuer ON partners(issuer_id, date, release_id, partner_id);
        CREATE INDEX IF NOT EXISTS partners_partner ON partners(partner_id, date, release_id);
        CREATE INDEX IF NOT EXISTS partners_release ON partners(release_id);
        CREATE TABLE IF NOT EXISTS people (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            company_id INTEGER REFERENCES companies(id),
            name TEXT NOT NULL,
            title TEXT,
            org TEXT,
            quote TEXT,
            date TEXT
        );
        DROP INDEX IF EXISTS people_company;
        CREATE INDEX IF NOT EXISTS people_by_company ON people(company_id, date, release_id, name);
        CREATE INDEX IF NOT EXISTS people_release ON people(release_id);
        CREATE TABLE IF NOT EXISTS products (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            name TEXT,
            code TEXT,
            phase TEXT
        );
        CREATE INDEX IF NOT EXISTS products_release ON products(release_id);
        CREATE TABLE IF NOT EXISTS release_events (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            event_type TEXT NOT NULL,
            PRIMARY KEY (release_id, event_type)
        ) WITHOUT ROWID;
        """
    )


def write_graph(
    db: sqlite_utils.Database, release_id: int, parsed: ParsedRelease, date: dt.date | None, found: ReleaseCompanies
) -> None:
    """Write the graph rows of one release (companies with roles, partners, people, products, event types).
    A partner that is the issuer itself, or repeats with the same relation, is written once or not at all.
    Call inside `db.atomic()`, after `delete_graph` when rewriting."""
    day = date.isoformat() if date else None
    db.conn.executemany(
        "INSERT OR IGNORE INTO release_companies (release_id, company_id, role, date) VALUES (?, ?, ?, ?)",
        [(release_id, company_id, role, day) for company_id, role in found.roles],
    )
    seen: set[tuple[int, str]] = set()
    partner_rows = []
    for partner in parsed.partners:
        partner_id = found.by_key.get(name_key(partner.name))
        if partner_id is None or partner_id == found.issuer_id or (partner_id, partner.relation) in seen:
            continue
        seen.add((partner_id, partner.relation))
        partner_rows.append(
            (
                release_id,
                found.issuer_id,
                partner_id,
                display_name(partner.name),
                partner.relation,
                partner.evidence,
                day,
            )
        )
    db.conn.executemany(
        "INSERT INTO partners (release_id, issuer_id, partner_id, partner_name, relation, evidence, date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        partner_rows,
    )
    db.conn.executemany(
        "INSERT INTO people (release_id, company_id, name, title, org, quote, date) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                release_id,
                found.by_key.get(name_key(person.org or ""), found.issuer_id),
                person.name,
                person.title,
                person.org,
                person.quote,
                day,
            )
            for person in parsed.people
        ],
    )
    db.conn.executemany(
        "INSERT INTO products (release_id, name, code, phase) VALUES (?, ?, ?, ?)",
        [(release_id, p.name, p.code, p.phase) for p in parsed.products],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO release_events (release_id, event_type) VALUES (?, ?)",
        [(release_id, event) for event in parsed.event_types],
    )


def delete_graph(db: sqlite_utils.Database, release_id: int) -> None:
    """Remove every graph row of one release (call inside `db.atomic()`)."""
    for table in ("release_companies", "partners", "people", "products", "release_events"):
        db.execute(f"DELETE FROM {table} WHERE release_id = ?", [release_id])


def partners_of(db: sqlite_utils.Database, company_id: int, limit: int = 100) -> list[PartnerLink]:
    """Partnerships stated in releases issued by the company, newest release first (date, then id), at most
    `limit`. `partner` is the partner's name as written in that release."""
    rows = db.execute(
        f"SELECT p.partner_name, p.partner_id, p.relation, p.evidence, {REF_COLUMNS} FROM partners p "
        "JOIN releases r ON r.id = p.release_id WHERE p.issuer_id = ? "
        "ORDER BY p.date DESC, p.release_id DESC, p.id LIMIT ?",
        [company_id, limit],
    ).fetchall()
    return [_link(row) for row in rows]


def partnered_by(db: sqlite_utils.Database, company_id: int, limit: int = 100) -> list[PartnerLink]:
    """Issuers whose releases name the company as a partner, newest first; `partner` is the issuer's name as the
    release gives it (releases without a known issuer are left out)."""
    rows = db.execute(
        f"SELECT COALESCE(r.issuer, c.name), p.issuer_id, p.relation, p.evidence, {REF_COLUMNS} FROM partners p "
        "JOIN releases r ON r.id = p.release_id JOIN companies c ON c.id = p.issuer_id "
        "WHERE p.partner_id = ? ORDER BY p.date DESC, p.release_id DESC, p.id LIMIT ?",
        [company_id, limit],
    ).fetchall()
    return [_link(row) for row in rows]


def _link(row: tuple) -> PartnerLink:
    return PartnerLink(
        partner=row[0], partner_id=row[1], relation=row[2], evidence=row[3], release=release_ref(row[4:])
    )


def people_of(db: sqlite_utils.Database, company_id: int, limit: int = 100) -> list[PersonMention]:
    """People quoted for the company (their stated org, else the issuer), newest release first, at most `limit`."""
    rows = db.execute(
        f"SELECT p.name, p.title, p.org, p.quote, {REF_COLUMNS} FROM people p JOIN releases r ON r.id = p.release_id "
        "WHERE p.company_id = ? ORDER BY p.date DESC, p.release_id DESC, p.id LIMIT ?",
        [company_id, limit],
    ).fetchall()
    return [
        PersonMention(name=row[0], title=row[1], org=row[2], quote=row[3], release=release_ref(row[4:])) for row in rows
    ]


def issued_release_rows(db: sqlite_utils.Database, company_id: int, limit: int) -> list[tuple]:
    """`REF_COLUMNS` rows of releases the company issued or co-issued, newest first, at most `limit` (a release
    naming it both ways is listed once, through its issuer row)."""
    return db.execute(
        f"SELECT {REF_COLUMNS} FROM release_companies rc JOIN releases r ON r.id = rc.release_id "
        f"WHERE rc.company_id = ? AND rc.role IN {ISSUER_ROLES!r} AND NOT (rc.role = 'co-issuer' AND EXISTS ("
        "SELECT 1 FROM release_companies i WHERE i.release_id = rc.release_id AND i.company_id = rc.company_id "
        "AND i.role = 'issuer')) ORDER BY rc.date DESC, rc.release_id DESC LIMIT ?",
        [company_id, limit],
    ).fetchall()


def timeline(db: sqlite_utils.Database, company_id: int, limit: int = 100) -> list[TimelineEvent]:
    """The company's own releases (issuer or co-issuer) with their event types, newest first, at most `limit`."""
    refs = [release_ref(row) for row in issued_release_rows(db, company_id, limit)]
    events: dict[int, list[str]] = {ref.id: [] for ref in refs}
    if refs:
        marks = ",".join("?" * len(refs))
        for release_id, event in db.execute(
            f"SELECT release_id, event_type FROM release_events WHERE release_id IN ({marks}) ORDER BY event_type",
            list(events),
        ):
            events[release_id].append(event)
    return [TimelineEvent(date=ref.date, event_types=events[ref.id], release=ref) for ref in refs]


def company_release_ids(db: sqlite_utils.Database, company_id: int) -> list[int]:
    """Ids of every release naming the company in any role (issuer, co-issuer, partner, mentioned), ascending."""
    rows = db.execute(
        "SELECT DISTINCT release_id FROM release_companies WHERE company_id = ? ORDER BY release_id", [company_id]
    )
    return [row[0] for row in rows]


def graph_counts(db: sqlite_utils.Database, company_id: int) -> tuple[int, int, int]:
    """(releases naming the company, distinct partners named in its releases, distinct people quoted for it), each
    read from at most `COUNT_CAP` index entries (newest first) so the busiest company costs the same as any: a
    release count equal to `COUNT_CAP` means "at least that many"."""
    return (
        db.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT release_id FROM release_companies WHERE company_id = ? LIMIT ?)",
            [company_id, COUNT_CAP],
        ).fetchone()[0],
        db.execute(
            "SELECT COUNT(DISTINCT partner_id) FROM "
            "(SELECT partner_id FROM partners WHERE issuer_id = ? ORDER BY date DESC LIMIT ?)",
            [company_id, COUNT_CAP],
        ).fetchone()[0],
        db.execute(
            "SELECT COUNT(DISTINCT name) FROM "
            "(SELECT name FROM people WHERE company_id = ? ORDER BY date DESC LIMIT ?)",
            [company_id, COUNT_CAP],
        ).fetchone()[0],
    )

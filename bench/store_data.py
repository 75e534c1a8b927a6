"""A synthetic prbot store for benchmarks: N releases over M companies, written fast with bulk inserts into the
real schema (`bot.store.open_db`), plus a timing table of the store's read queries.

    python bench/store_data.py [PATH] [--releases 1000000] [--companies 20000] [--rebuild]

`build_synthetic_store(path, releases=1_000_000, companies=20_000)` is what other benchmarks call
(`bench/commands.py`, `bench/reparse.py`). It reuses an existing store at `path` built with the same sizes (a
few ms), else builds it: 1,000,000 releases over 20,000 companies took 368 s on one core of the 2-core build
machine (680 s while other benchmarks shared it) and make a 3.6 GB file; 20,000 releases take about 5 s. Rows go
in with bulk `executemany` in 20,000-release transactions, with indexes, triggers and the FTS5 index built once
at the end (then `ANALYZE`). Issuer popularity follows a Zipf-like law, so the busiest company issues tens of
thousands of releases while most issue a few dozen; search words follow Zipf too, so the most common word is in
most releases. Everything is deterministic for a given `seed`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.store import companies as company_table
from bot.store import counts as count_table
from bot.store import graph, open_db
from bot.store import releases as release_table
from bot.store.names import name_key

BATCH = 20_000
EXCHANGES = ("NASDAQ", "NYSE", "NYSE AMERICAN", "TSX", "TSX-V", "OTCQB", "LSE")
WIRES = ("GlobeNewswire", "PR Newswire", "Business Wire", "ACCESSWIRE", "Newsfile")
CITIES = (("BOSTON", "Mass."), ("NEW YORK", None), ("SAN DIEGO", "Calif."), ("TORONTO", "Ontario"), ("AUSTIN", "Texas"))
SUFFIXES = ("Inc.", "Corp.", "Ltd.", "plc", "AG", "N.V.", "Holdings, Inc.", "Therapeutics, Inc.", "Group")
EVENTS = ("partnership", "license", "award", "earnings", "clinical", "regulatory", "acquisition", "financing")
RELATIONS = ("collaboration", "license", "acquisition", "investment", "supply", "customer")
DOMAIN_WORDS = (
    "antibody collaboration revenue quarter phase trial license acquisition financing award patients oncology "
    "semiconductor platform agreement milestone results guidance dividend shareholders approval launch"
).split()
FIRST_NAMES = ("Daniel", "Maria", "Wei", "Olu", "Sarah", "Pedro", "Anika", "James", "Yuki", "Fatima")
LAST_NAMES = ("Junius", "Okafor", "Lindqvist", "Chen", "Garcia", "Novak", "Haddad", "Smith", "Tanaka", "Rossi")
TITLES = ("President and CEO", "Chief Financial Officer", "Chief Medical Officer", "Head of Business Development")


@dataclass
class SyntheticStore:
    """A built store: its path and sizes, and what queries can ask for. `tickers` ("EXCHANGE:SYMBOL") and `names`
    are in company order, busiest issuer first; `symbols` are bare; `search_terms` run from the most common word
    (matches hundreds of thousands of releases) to rare ones; `build_seconds` is 0 when an existing store was
    reused."""

    path: Path
    releases: int
    companies: int
    tickers: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    search_terms: list[str] = field(default_factory=list)
    build_seconds: float = 0.0


def _syllable_words(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    parts = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "en", "ix", "on")]
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choice(parts) for _ in range(rng.randint(*syllables)))] = None
    return list(words)


def _companies(rng: random.Random, count: int) -> tuple[list[str], list[tuple[str, str]]]:
    """`count` company names with distinct name keys, and a distinct (exchange, symbol) listing for each."""
    names: list[str] = []
    keys: set[str] = set()
    for stem in _syllable_words(rng, count * 3, (2, 4)):
        name = f"{stem.capitalize()} {rng.choice(('Bio', 'Systems', 'Energy', 'Labs', 'Minerals', 'Networks'))}"
        name += f" {rng.choice(SUFFIXES)}"
        if name_key(name) not in keys:
            keys.add(name_key(name))
            names.append(name)
        if len(names) == count:
            break
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    symbols: dict[str, None] = {}
    while len(symbols) < len(names):
        symbols["".join(rng.choice(letters) for _ in range(rng.choice((3, 4, 4))))] = None
    return names, [(rng.choice(EXCHANGES), symbol) for symbol in symbols]


def _releases(
    rng: random.Random, count: int, names: list[str], listings: list[tuple[str, str]]
) -> Iterator[tuple[dict, list[tuple[int, str]], list[tuple[int, str, str]], list[tuple], list[str]]]:
    """One tuple per release: release columns, (company index, role), partners, people rows, event types."""
    vocab = DOMAIN_WORDS + _syllable_words(rng, 3000, (2, 3))
    word_weights = list(accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    issuer_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(names))))
    start = dt.date(2005, 1, 1).toordinal()
    span = dt.date(2026, 11, 1).toordinal() - start
    for number in range(count):
        issuer = rng.choices(range(len(names)), cum_weights=issuer_weights)[0]
        partners = [p for p in rng.sample(range(len(names)), rng.choice((0, 0, 1, 1, 2, 3))) if p != issuer]
        date = dt.date.fromordinal(start + span * number // count + rng.randint(0, 30)).isoformat()
        words = rng.choices(vocab, cum_weights=word_weights, k=45)
        headline = f"{names[issuer]} announces {' '.join(words[:6])}"
        body = " ".join(words) + "."
        city, region = rng.choice(CITIES)
        wire = rng.choice(WIRES)
        exchange, symbol = listings[issuer]
        relation = rng.choice(RELATIONS)
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        title = rng.choice(TITLES)
        events = rng.sample(EVENTS, rng.randint(1, 2))
        evidence = [f"{names[issuer]} and {names[p]} entered into a {relation} agreement." for p in partners]
        parsed = {
            "parser_version": "synthetic",
            "headline": headline,
            "dateline": {"city": city, "region": region, "country": None, "date": date, "wire": wire},
            "issuer": {"name": names[issuer], "tickers": [{"exchange": exchange, "symbol": symbol}]},
            "companies": [],
            "partners": [
                {"name": names[p], "relation": relation, "evidence": e} for p, e in zip(partners, evidence, strict=True)
            ],
            "people": [{"name": person, "title": title, "org": None, "quote": body[:80]}],
            "products": [],
            "event_types": events,
            "about": [{"company": names[issuer], "text": f"{names[issuer]} is a synthetic company."}],
            "contacts": [],
            "urls": [],
            "summary": "",
            "warnings": [],
            "is_correction": False,
        }
        url = f"https://www.example-wire.com/news/{number}"
        columns = {
            "headline": headline,
            "body": body,
            "date": date,
            "wire": wire,
            "issuer": names[issuer],
            "issuer_id": issuer + 1,
            "url": url,
            "canonical_url": url,
            "guid": f"synthetic-{number}",
            "fingerprint": f"{rng.getrandbits(128):032x}",
            "published_at": f"{date}T12:00:00+00:00",
            "stored_at": f"{date}T12:00:05+00:00",
            "raw": f"{headline}\n\n{city} -- {body}",
            "raw_format": "text",
            "parsed": json.dumps(parsed),
            "parser_version": "synthetic",
        }
        roles = [(issuer, "issuer")] + [(p, "partner") for p in partners]
        partner_rows = [(p, relation, e) for p, e in zip(partners, evidence, strict=True)]
        yield columns, roles, partner_rows, [(person, title, body[:80])], events


def _matches(db, path: Path, releases_wanted: int, companies_wanted: int) -> bool:
    if not path.exists():
        return False
    found = db.execute("SELECT (SELECT MAX(id) FROM releases), (SELECT MAX(id) FROM companies)").fetchone()
    return tuple(found) == (releases_wanted, companies_wanted)


def build_synthetic_store(
    path: str | Path, releases: int = 1_000_000, companies: int = 20_000, *, seed: int = 7, rebuild: bool = False
) -> SyntheticStore:
    """Build (or reuse, unless `rebuild`) a synthetic store at `path` and describe it. The file is the real
    schema, so `bot.store.open_db(path)` and every query work on it."""
    path = Path(path)
    rng = random.Random(seed)
    names, listings = _companies(rng, companies)
    store = SyntheticStore(
        path=path,
        releases=releases,
        companies=len(names),
        tickers=[f"{exchange}:{symbol}" for exchange, symbol in listings],
        symbols=[symbol for _, symbol in listings],
        names=names,
        search_terms=[*DOMAIN_WORDS[:3], "antibody collaboration", "milestone OR dividend", DOMAIN_WORDS[-1]],
    )
    existed = path.exists()
    if existed and not rebuild:
        db = open_db(path)
        try:
            if _matches(db, path, releases, len(names)):
                return store
        finally:
            db.close()
    if existed:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as fresh:  # 8 KB pages: two synthetic releases fit in one page
        fresh.execute("PRAGMA page_size=8192")
        fresh.execute("VACUUM")
    db = open_db(path)
    conn = db.conn
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    conn.execute("PRAGMA foreign_keys=OFF")
    my_tables = ("releases", "companies", "company_tickers", "company_aliases", *_GRAPH_TABLES)
    dropped = conn.execute(
        f"SELECT type, name FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL OR type = 'trigger') "
        f"AND tbl_name IN ({','.join('?' * len(my_tables))})",
        my_tables,
    ).fetchall()
    for kind, name in dropped:  # indexes and triggers are rebuilt once, after the load
        conn.execute(f"DROP {kind.upper()} {name}")
    with db.atomic():
        conn.executemany(
            "INSERT INTO companies (id, name, key) VALUES (?, ?, ?)",
            [(i + 1, name, name_key(name)) for i, name in enumerate(names)],
        )
        conn.executemany(
            "INSERT INTO company_tickers (exchange, symbol, company_id) VALUES (?, ?, ?)",
            [(exchange, symbol, i + 1) for i, (exchange, symbol) in enumerate(listings)],
        )
    _load_releases(db, _releases(rng, releases, names, listings))
    conn.execute("INSERT INTO releases_fts (releases_fts) VALUES ('rebuild')")
    conn.commit()
    for owner in (company_table, release_table, graph, count_table):
        owner.ensure_schema(db)  # indexes and triggers back
    count_table.recount(db)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    db.close()
    store.build_seconds = time.perf_counter() - started
    return store


_GRAPH_TABLES = ("release_companies", "partners", "people", "products", "release_events")


def _load_releases(db: sqlite_utils.Database, rows: Iterator[tuple]) -> None:
    conn = db.conn
    release_id = 0
    done = False
    while not done:
        batch: dict[str, list] = {"releases": [], "roles": [], "partners": [], "people": [], "events": []}
        for columns, roles, partners, people, events in rows:
            release_id += 1
            date = columns["date"]
            batch["releases"].append(columns | {"id": release_id})
            issuer_id = columns["issuer_id"]
            batch["roles"] += [(release_id, c + 1, role, date) for c, role in roles]
            batch["partners"] += [(release_id, issuer_id, p + 1, rel, ev, date) for p, rel, ev in partners]
            batch["people"] += [(release_id, issuer_id, n, t, q, date) for n, t, q in people]
            batch["events"] += [(release_id, event) for event in events]
            if len(batch["releases"]) == BATCH:
                break
        else:
            done = True
        if not batch["releases"]:
            break
        columns = list(batch["releases"][0])
        with db.atomic():
            conn.executemany(
                f"INSERT INTO releases ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
                batch["releases"],
            )
            conn.executemany(
                "INSERT INTO release_companies (release_id, company_id, role, date) VALUES (?, ?, ?, ?)",
                batch["roles"],
            )
            conn.executemany(
                "INSERT INTO partners (release_id, issuer_id, partner_id, partner_name, relation, evidence, date) "
                "SELECT ?1, ?2, ?3, name, ?4, ?5, ?6 FROM companies WHERE id = ?3",
                batch["partners"],
            )
            conn.executemany(
                "INSERT INTO people (release_id, company_id, name, title, quote, date) VALUES (?, ?, ?, ?, ?, ?)",
                batch["people"],
            )
            conn.executemany("INSERT INTO release_events (release_id, event_type) VALUES (?, ?)", batch["events"])


def _timings(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def main() -> None:
    """Build or reuse a store and print the build time and p50/p99 of each read query (store level, one core)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="var/bench-store.db")
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    store = build_synthetic_store(args.path, args.releases, args.companies, rebuild=args.rebuild)
    size_mb = store.path.stat().st_size / 1e6
    print(f"store {store.path}: {store.releases:,} releases, {store.companies:,} companies, {size_mb:,.0f} MB")
    print(f"build: {store.build_seconds:.1f} s" if store.build_seconds else "build: reused existing store")
    db = open_db(store.path)
    rng = random.Random(1)
    hot, any_ticker = store.tickers[:20], store.tickers

    def company(ticker: str) -> int:
        return company_table.resolve_company(db, ticker).match.id

    queries: dict[str, Callable[[], object]] = {
        "resolve ticker": lambda: company_table.resolve_company(db, rng.choice(any_ticker)),
        "resolve name (loose)": lambda: company_table.resolve_company(db, rng.choice(store.names).split()[0].lower()),
        "resolve typo -> suggestions": lambda: company_table.resolve_company(db, rng.choice(store.names)[1:9] + "q"),
        "partners_of (busiest)": lambda: company_table.partners_of(db, company(rng.choice(hot))),
        "partners_of (any)": lambda: company_table.partners_of(db, company(rng.choice(any_ticker))),
        "partnered_by (busiest)": lambda: company_table.partnered_by(db, company(rng.choice(hot))),
        "people_of (busiest)": lambda: company_table.people_of(db, company(rng.choice(hot))),
        "timeline (busiest)": lambda: company_table.timeline(db, company(rng.choice(hot))),
        "company_profile (busiest)": lambda: company_table.company_profile(db, company(rng.choice(hot))),
        "latest (all)": lambda: release_table.latest(db),
        "latest (busiest)": lambda: release_table.latest(db, company(rng.choice(hot))),
        "get_release": lambda: release_table.get_release(db, rng.randint(1, store.releases)),
        "search (common word)": lambda: release_table.search(db, store.search_terms[0]),
        "search (mixed)": lambda: release_table.search(db, rng.choice(store.search_terms)),
        "search (malformed)": lambda: release_table.search(db, 'antibody AND "'),
    }
    print(f"{'query':<30} {'p50 ms':>8} {'p99 ms':>8}")
    for name, fn in queries.items():
        p50, p99 = _timings(fn, args.runs)
        print(f"{name:<30} {p50:8.2f} {p99:8.2f}")
    db.close()


if __name__ == "__main__":
    main()

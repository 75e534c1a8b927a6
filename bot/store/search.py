"""Full-text search over releases (`releases_fts`, FTS5 over headline and body, owned by `bot.store.releases`).

FTS5's bm25 reads the whole index entry of every query term to weigh it (about 80 ms for a word in half of a
million releases), so bm25 ranks only queries whose terms are each in fewer than `COMMON_TERM_RELEASES`
releases, and then only the newest `SEARCH_WINDOW` matches. A query with a common term is answered headline
matches first, then body matches, newest first within each: FTS5 walks its index newest-first and stops at
LIMIT. Either way the work per query is bounded, whatever the store's size.
"""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

from bot.store.refs import REF_COLUMNS, release_ref
from bot.store.views import SearchHit

SEARCH_WINDOW = 2000
"""bm25 ranks at most the newest this-many matches of a query."""

COMMON_TERM_RELEASES = 10_000
"""A term in at least this many releases makes bm25 too costly: such queries are ranked headline-first, newest."""

HEADLINE_WEIGHT = 10.0
"""bm25 weight of the headline column relative to the body (1.0)."""

_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_TERM = re.compile(r"\w+\*?")


def search(db: sqlite_utils.Database, query: str, limit: int = 10) -> list[SearchHit]:
    """Releases matching `query` (FTS5 syntax: words, `"exact phrase"`, `OR`, `NOT`, `NEAR(...)`, `prefix*`;
    porter stemming, so "antibodies" finds "antibody"), best first, at most `limit`. Each hit has a snippet of
    about 16 words with matched words marked `[`...`]` and a `rank` (higher is better: -bm25, or 2.0 for a
    headline match and 1.0 for a body match when the query has a common term). A query FTS5 cannot read is
    retried with each word quoted and bare operators dropped; a query without words gives []. Never raises
    for bad syntax."""
    query = query.strip()
    if not query:
        return []
    try:
        return _search(db, query, limit)
    except sqlite3.OperationalError:
        words = [word for word in re.findall(r"\w+", query) if word not in _FTS_OPERATORS]
        return _search(db, " ".join(f'"{word}"' for word in words), limit) if words else []


def _nth_newest(db: sqlite_utils.Database, match: str, n: int) -> int | None:
    row = db.execute(
        "SELECT rowid FROM releases_fts WHERE releases_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?", [match, n - 1]
    ).fetchone()
    return row[0] if row else None


def _has_common_term(db: sqlite_utils.Database, match: str) -> bool:
    terms = {term for term in _TERM.findall(match) if term not in _FTS_OPERATORS}
    return any(_nth_newest(db, f'"{term[:-1]}" *' if term.endswith("*") else f'"{term}"', COMMON_TERM_RELEASES)
               for term in terms)  # fmt: skip


def _ranked(db: sqlite_utils.Database, match: str, limit: int) -> list[tuple[int, float]]:
    rows = db.execute(
        f"SELECT rowid, bm25(releases_fts, {HEADLINE_WEIGHT}, 1.0) AS score FROM releases_fts "
        "WHERE releases_fts MATCH ? AND rowid >= ? ORDER BY score LIMIT ?",
        [match, _nth_newest(db, match, SEARCH_WINDOW) or 0, limit],
    )
    return [(rowid, -score) for rowid, score in rows]


def _newest(db: sqlite_utils.Database, match: str, limit: int) -> list[tuple[int, float]]:
    newest = "SELECT rowid FROM releases_fts WHERE releases_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
    hits = [(row[0], 2.0) for row in db.execute(newest, [f"headline : ({match})", limit])]
    if len(hits) < limit:
        seen = {rowid for rowid, _ in hits}
        rows = db.execute(newest, [match, limit + len(hits)]).fetchall()
        hits += [(row[0], 1.0) for row in rows if row[0] not in seen][: limit - len(hits)]
    return hits


def _search(db: sqlite_utils.Database, match: str, limit: int) -> list[SearchHit]:
    hits = _newest(db, match, limit) if _has_common_term(db, match) else _ranked(db, match, limit)
    if not hits:
        return []
    ids = [rowid for rowid, _ in hits]
    marks = ",".join("?" * len(ids))
    snippets = dict(
        db.execute(
            "SELECT rowid, snippet(releases_fts, -1, '[', ']', '…', 16) FROM releases_fts "
            f"WHERE releases_fts MATCH ? AND rowid IN ({marks})",
            [match, *ids],
        ).fetchall()
    )
    refs = {
        row[0]: release_ref(row)
        for row in db.execute(f"SELECT {REF_COLUMNS} FROM releases r WHERE r.id IN ({marks})", ids)
    }
    return [
        SearchHit(release=refs[rowid], snippet=" ".join(snippets[rowid].split()), rank=rank) for rowid, rank in hits
    ]

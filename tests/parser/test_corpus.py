"""Precision/recall/F1 per field over the fixture corpus; fails when a field's F1 drops under its threshold.

Run with `pytest -s tests/parser/test_corpus.py` to see the table; `python -m tests.parser.scoring` also lists
every mismatch. Thresholds are set just under the scores reached, and raised as the parser improves.
"""

from __future__ import annotations

import pytest

from tests.parser.scoring import load_corpus, score_corpus, table

MIN_F1 = {
    "headline": 0.97,
    "dateline.city": 0.96,
    "dateline.region": 0.96,
    "dateline.country": 0.90,
    "dateline.date": 0.96,
    "dateline.wire": 0.96,
    "issuer.name": 0.96,
    "issuer.tickers": 0.96,
    "co_issuers": 0.90,
    "partners": 0.92,
    "partners.relation": 0.95,
    "not_partners": 0.97,
    "people": 0.96,
    "people.title": 0.95,
    "products": 0.90,
    "products.code": 0.93,
    "products.name": 0.93,
    "products.phase": 0.93,
    "event_types": 0.94,
    "about": 0.96,
    "contacts": 0.96,
    "contacts.email": 0.96,
    "contacts.name": 0.96,
    "contacts.phone": 0.96,
    "urls": 0.96,
    "is_correction": 0.98,
    "body_contains": 0.90,
    "body_not_contains": 0.90,
}


def test_corpus_is_big_enough() -> None:
    assert len(load_corpus()) >= 100


def test_per_field_f1_meets_thresholds() -> None:
    score = score_corpus()
    print("\n" + table(score))
    low = {
        key: round(score.fields[key].f1, 3)
        for key, minimum in MIN_F1.items()
        if key in score.fields and score.fields[key].f1 < minimum
    }
    if low:
        pytest.fail(f"fields under their F1 threshold: {low}\n" + "\n".join(score.misses[:60]))

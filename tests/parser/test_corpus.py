"""Precision/recall/F1 per field over the fixture corpus; fails when a field's F1 drops under its threshold.

Run with `pytest -s tests/parser/test_corpus.py` to see the table; `python -m tests.parser.scoring` also lists
every mismatch. Thresholds are set just under the scores reached, and raised as the parser improves.
"""

from __future__ import annotations

import pytest

from tests.parser.scoring import load_corpus, score_corpus, table

MIN_F1 = {
    "headline": 0.95,
    "dateline.city": 0.95,
    "dateline.region": 0.95,
    "dateline.date": 0.95,
    "dateline.wire": 0.95,
    "issuer.name": 0.80,
    "issuer.tickers": 0.88,
    "co_issuers": 0.80,
    "partners": 0.78,
    "partners.relation": 0.85,
    "not_partners": 0.95,
    "people": 0.90,
    "people.title": 0.78,
    "products": 0.50,
    "event_types": 0.85,
    "about": 0.95,
    "contacts": 0.65,
    "urls": 0.95,
    "is_correction": 1.0,
    "body_contains": 0.90,
    "body_not_contains": 0.90,
}


def test_corpus_is_big_enough() -> None:
    assert len(load_corpus()) >= 40


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

"""Scoring the parser against the fixture corpus (`tests/fixtures/releases/`, format in its README).

Each field gets true positives, false positives and false negatives summed over the corpus; precision, recall
and F1 follow. Scalars (headline, dateline parts, issuer name, is_correction): a right value is a TP, a wrong
value both a FP and a FN, a missing value a FN. Lists are compared as sets of folded names.

`python -m tests.parser.scoring [NAME...]` prints the table and every mismatch (for iterating on the parser).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.parser import FeedHints, ParsedRelease, parse_release

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "releases"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    fields: dict[str, Tally] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())

    def scalar(self, release: str, name: str, expected: object, got: object) -> None:
        t = self.tally(name)
        if expected == got:
            t.tp += 1 if expected is not None else 0
            return
        if got is not None:
            t.fp += 1
        if expected is not None:
            t.fn += 1
        self.misses.append(f"{release}: {name}: expected {expected!r}, got {got!r}")

    def sets(self, release: str, name: str, expected: Iterable[str], got: Iterable[str]) -> set[str]:
        e, g = set(expected), set(got)
        t = self.tally(name)
        t.tp += len(e & g)
        t.fp += len(g - e)
        t.fn += len(e - g)
        if e != g:
            self.misses.append(f"{release}: {name}: missing {sorted(e - g)}, extra {sorted(g - e)}")
        return e & g


def fold(text: str | None) -> str | None:
    return " ".join(text.split()) if isinstance(text, str) else text


def url_key(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/").lower()


def load_corpus() -> list[tuple[str, Path, dict]]:
    """(name, release path, expected values) for every fixture pair, sorted by name."""
    out = []
    for expected_path in sorted(CORPUS.glob("*.expected.json")):
        name = expected_path.name[: -len(".expected.json")]
        release = next((p for p in (CORPUS / f"{name}.txt", CORPUS / f"{name}.html") if p.exists()), None)
        if release is not None:
            out.append((name, release, json.loads(expected_path.read_text(encoding="utf-8"))))
    return out


def parse_fixture(path: Path, expected: dict) -> ParsedRelease:
    hints = FeedHints.model_validate(expected["hints"]) if expected.get("hints") else None
    return parse_release(path.read_bytes(), hints, is_html=path.suffix == ".html")


def score_release(score: Score, name: str, exp: dict, got: ParsedRelease) -> None:
    if "headline" in exp:
        score.scalar(name, "headline", fold(exp["headline"]), fold(got.headline))
    if "dateline" in exp:
        dl = got.dateline
        for key, value in exp["dateline"].items():
            have = getattr(dl, key, None) if dl else None
            score.scalar(name, f"dateline.{key}", value, have.isoformat() if key == "date" and have else have)
    if "issuer" in exp:
        ei = exp["issuer"]
        score.scalar(name, "issuer.name", fold(ei.get("name")), fold(got.issuer.name) if got.issuer else None)
        if "tickers" in ei:
            want = {f"{t.get('exchange')}:{t['symbol']}" for t in ei["tickers"]}
            have = {f"{t.exchange}:{t.symbol}" for t in got.issuer.tickers} if got.issuer else set()
            score.sets(name, "issuer.tickers", want, have)
    if "co_issuers" in exp:
        have = [fold(c.name) for c in got.companies if c.role == "co-issuer"]
        score.sets(name, "co_issuers", [fold(n) for n in exp["co_issuers"]], have)
    if "partners" in exp:
        have_rel = {fold(p.name): p.relation for p in got.partners}
        want_rel = {fold(p["name"]): p.get("relation") for p in exp["partners"]}
        matched = score.sets(name, "partners", want_rel, have_rel)
        for key in matched:
            if want_rel[key]:
                score.scalar(name, "partners.relation", want_rel[key], have_rel[key])
    if "not_partners" in exp:
        have = {fold(p.name) for p in got.partners}
        t = score.tally("not_partners")
        for bad in exp["not_partners"]:
            if fold(bad) in have:
                t.fp += 1
                score.misses.append(f"{name}: not_partners: {bad!r} taken as a partner")
            else:
                t.tp += 1
    if "people" in exp:
        have_title = {fold(p.name): fold(p.title) for p in got.people}
        want_title = {fold(p["name"]): fold(p.get("title")) for p in exp["people"]}
        for key in score.sets(name, "people", want_title, have_title):
            if want_title[key]:
                score.scalar(name, "people.title", want_title[key], have_title[key])
    if "products" in exp:
        _score_products(score, name, exp["products"], got)
    if "event_types" in exp:
        score.sets(name, "event_types", exp["event_types"], got.event_types)
    if "about" in exp:
        score.sets(name, "about", [fold(a) for a in exp["about"]], [fold(a.company) for a in got.about])
    if "contacts" in exp:
        _score_contacts(score, name, exp["contacts"], got)
    if "urls" in exp:
        score.sets(name, "urls", [url_key(u) for u in exp["urls"]], [url_key(u) for u in got.urls])
    if "is_correction" in exp:
        score.scalar(name, "is_correction", exp["is_correction"], got.is_correction)
    for text in exp.get("body_contains", []):
        ok = text in got.body
        t = score.tally("body_contains")
        t.tp, t.fn = t.tp + ok, t.fn + (not ok)
        if not ok:
            score.misses.append(f"{name}: body lacks {text!r}")
    for text in exp.get("body_not_contains", []):
        bad = text in got.body
        t = score.tally("body_not_contains")
        t.tp, t.fp = t.tp + (not bad), t.fp + bad
        if bad:
            score.misses.append(f"{name}: body still has {text!r}")


def _score_products(score: Score, name: str, expected: list[dict], got: ParsedRelease) -> None:
    t = score.tally("products")
    used: set[int] = set()
    for want in expected:
        hit = next(
            (
                i
                for i, p in enumerate(got.products)
                if i not in used
                and (
                    (want.get("code") and p.code and p.code.lower() == want["code"].lower())
                    or (want.get("name") and p.name and p.name.lower() == want["name"].lower())
                )
            ),
            None,
        )
        if hit is None:
            t.fn += 1
            score.misses.append(f"{name}: products: missing {want}")
            continue
        used.add(hit)
        t.tp += 1
        for key, value in want.items():
            score.scalar(name, f"products.{key}", value, getattr(got.products[hit], key))
    for i, p in enumerate(got.products):
        if i not in used:
            t.fp += 1
            score.misses.append(f"{name}: products: extra {p.model_dump()}")


def _score_contacts(score: Score, name: str, expected: list[dict], got: ParsedRelease) -> None:
    t = score.tally("contacts")
    used: set[int] = set()
    for want in expected:
        hit = next(
            (
                i
                for i, c in enumerate(got.contacts)
                if i not in used
                and (
                    (want.get("email") and c.email and c.email.lower() == want["email"].lower())
                    or (want.get("name") and c.name and fold(c.name) == fold(want["name"]))
                )
            ),
            None,
        )
        if hit is None:
            t.fn += 1
            score.misses.append(f"{name}: contacts: missing {want}")
            continue
        used.add(hit)
        t.tp += 1
        for key, value in want.items():
            have = getattr(got.contacts[hit], key)
            score.scalar(name, f"contacts.{key}", fold(value), fold(have))
    for i, c in enumerate(got.contacts):
        if i not in used:
            t.fp += 1
            score.misses.append(f"{name}: contacts: extra {c.model_dump()}")


def score_corpus(names: Iterable[str] | None = None) -> Score:
    """Parse and score every fixture (or only `names`)."""
    wanted = set(names or [])
    score = Score()
    for name, path, expected in load_corpus():
        if wanted and name not in wanted:
            continue
        score_release(score, name, expected, parse_fixture(path, expected))
    return score


def table(score: Score) -> str:
    """The per-field table: field, TP, FP, FN, precision, recall, F1."""
    lines = [f"{'field':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'prec':>7}{'recall':>7}{'F1':>7}"]
    for key in sorted(score.fields):
        t = score.fields[key]
        lines.append(f"{key:<22}{t.tp:>5}{t.fp:>5}{t.fn:>5}{t.precision:>7.2f}{t.recall:>7.2f}{t.f1:>7.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    result = score_corpus(sys.argv[1:])
    print(table(result))
    print("\n".join(result.misses))

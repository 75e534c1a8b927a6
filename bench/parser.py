"""Parser throughput and memory over the fixture corpus: releases/s on one core and peak memory (tracemalloc).

Usage: `.venv/bin/python bench/parser.py [--repeat N]`. Prints one table: text releases, HTML releases, all
releases, and "typical" 4-8 KB text releases (the size of most wire releases). Goal: >= 1,000 releases/s for
typical text releases. Rates are CPU time of this process (`time.process_time`); the median and the best of
`--repeat` rounds are shown (on a loaded machine the best round is closest to one free core). "prepare ms" is input
preparation alone (decoding, HTML extraction, text layout: `bot.parser.normalize.prepare`), "extract ms" the rest
of the median time per release. Timing runs without tracemalloc (it slows Python down); peak memory is a separate
pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.parser import parse_release
from bot.parser.normalize import prepare

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "releases"


def _load() -> dict[str, list[tuple[bytes, bool]]]:
    files = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".html") and p.name != "README.md"]
    releases = [(p.read_bytes(), p.suffix == ".html") for p in files]
    text = [r for r in releases if not r[1]]
    groups = {
        "text": text,
        "html": [r for r in releases if r[1]],
        "all": releases,
        # typical wire release: pad short fixtures by repeating their body to 4-8 KB
        "typical 4-8 KB text": [_typical(data) for data, _ in text],
    }
    return {k: v for k, v in groups.items() if v}


def _typical(data: bytes) -> tuple[bytes, bool]:
    """A 4-8 KB release made from a short fixture: its news paragraphs (after the dateline, before the first
    About/contact/forward-looking heading) repeated, boilerplate kept once at the end."""
    if len(data) >= 4096:
        return data[:8192], False
    paragraphs = data.split(b"\n\n")
    end = next(
        (i for i, p in enumerate(paragraphs) if i > 1 and p.lstrip()[:6].lower() in (b"about ", b"contac", b"forwar")),
        len(paragraphs),
    )
    news = paragraphs[2:end] or paragraphs[1:2]
    out = paragraphs[:2]
    while len(b"\n\n".join(out + paragraphs[end:])) < 4096 and news:
        out += news
    return b"\n\n".join(out + paragraphs[end:])[:8192], False


def _rates(releases: list[tuple[bytes, bool]], repeat: int, prepare_only: bool = False) -> list[float]:
    """Releases/s of each of `repeat` rounds (CPU time of this process: one core)."""
    rates = []
    for _ in range(repeat):
        start = time.process_time()
        for data, is_html in releases:
            if prepare_only:
                prepare(data, is_html=is_html)
            else:
                parse_release(data, is_html=is_html)
        rates.append(len(releases) / max(time.process_time() - start, 1e-9))
    return rates


def _peak(releases: list[tuple[bytes, bool]]) -> float:
    tracemalloc.start()
    for data, is_html in releases:
        parse_release(data, is_html=is_html)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="timing rounds per group (median is reported)")
    args = parser.parse_args()
    groups = _load()
    for releases in groups.values():  # warm up regex caches and imports
        _rates(releases, 1)
    print(
        f"{'group':<22}{'releases':>9}{'avg KB':>8}{'releases/s':>12}{'best r/s':>10}{'prepare ms':>12}"
        f"{'extract ms':>12}{'peak MB':>9}"
    )
    for name, releases in groups.items():
        rates = _rates(releases, args.repeat)
        rate = statistics.median(rates)
        prepare_ms = 1000 / statistics.median(_rates(releases, args.repeat, prepare_only=True))
        size = sum(len(d) for d, _ in releases) / len(releases) / 1024
        print(
            f"{name:<22}{len(releases):>9}{size:>8.1f}{rate:>12.0f}{max(rates):>10.0f}{prepare_ms:>12.2f}"
            f"{1000 / rate - prepare_ms:>12.2f}{_peak(releases):>9.1f}"
        )


if __name__ == "__main__":
    main()

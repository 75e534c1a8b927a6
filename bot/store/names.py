"""Company name rules shared by the store's identity tables and the ingest service (pure functions, no SQL).

The key is only for matching the same company across releases; the display name stays as written.
"""

from __future__ import annotations

import re
import unicodedata

from bot.parser.models import Ticker

LEGAL_SUFFIXES = frozenset(
    "inc incorporated corp corporation co company cos ltd limited llc lllp llp lp plc ag nv bv sa se spa sas gmbh "
    "kgaa kg pty oyj ab asa as kk srl sarl ulc".split()
)
"""Legal-form words dropped from the end of a name key (repeatedly: "Foo Holdings Co., Ltd." keeps "holdings")."""

_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+.*$|\s+\((?:a|an|the)\s+[^)]*\)$", re.IGNORECASE | re.DOTALL)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def display_name(name: str) -> str:
    """The name as written, whitespace folded, without an appositive: "Genentech, a member of the Roche Group"
    -> "Genentech"."""
    folded = " ".join(name.split())
    return _APPOSITIVE.sub("", folded).strip(" ,;") or folded


def name_key(name: str) -> str:
    """The matching key of a company name: "ImmunoGen, Inc." -> "immunogen", "The Coca-Cola Company" ->
    "coca cola", "Bayer AG" -> "bayer", "Koninklijke Philips N.V." -> "koninklijke philips". Empty when the name
    has no letters or digits."""
    text = unicodedata.normalize("NFKD", display_name(name)).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # "n.v." -> "nv", "s.a." -> "sa"
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def ticker_text(ticker: Ticker) -> str:
    """ "NASDAQ:IMGN", or "IMGN" when the exchange is unknown."""
    return f"{ticker.exchange}:{ticker.symbol}" if ticker.exchange else ticker.symbol

"""Exchange-qualified tickers: `(Nasdaq:IMGN)`, `( NYSE: ABC )`, `(NYSE: A; TSX: A)`, stacked
`(TSXV:AB)(Frankfurt:X0)(OTCQB:ABCDF)`, share classes (`BRK.B`, `SAAB B`), and headline-only `Company (TICK)`.

Exchanges are normalised to one upper-case name each (table below, following the fixture corpus conventions in
`tests/fixtures/releases/README.md`). Only listings on a known exchange are taken, so "(Note: X)" is not a ticker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.models import Ticker

# written form (lower case, single spaces) -> normalised exchange
EXCHANGES: dict[str, str] = {}
for _canon, _forms in {
    "NASDAQ": "nasdaq|nasdaqgs|nasdaqgm|nasdaqcm|nasdaq gs|nasdaq gm|nasdaq cm|nasdaq global select market|"
    "nasdaq global select|nasdaq global market|nasdaq capital market|nasdaq stock market|nasdaq-gs|nasdaq-cm",
    "NYSE": "nyse|new york stock exchange|nyse main",
    "NYSE AMERICAN": "nyse american|nyse mkt|nyse amex|amex|nyse-american|nysemkt|nyse american llc",
    "NYSE ARCA": "nyse arca|nysearca",
    "TSX": "tsx|toronto stock exchange|tse toronto",
    "TSX-V": "tsxv|tsx-v|tsx venture|tsx venture exchange|tsx.v|tsx-venture|tsxv exchange|venture",
    "CSE": "cse|canadian securities exchange|cnsx",
    "NEO": "neo|neo exchange|cboe canada",
    "OTCQB": "otcqb|otc qb|otcqb venture market",
    "OTCQX": "otcqx|otc qx|otcqx best market",
    "OTC PINK": "otc pink|otcpink|pink|pink sheets|otc pink sheets",
    "OTC": "otc|otc markets|otcbb|otc bb|otc-bb|otc bulletin board|otcmkts|otc us",
    "LSE": "lse|london stock exchange|lse main market|lon",
    "AIM": "aim|lse aim|lse: aim",
    "ASX": "asx|australian securities exchange",
    "FRANKFURT": "frankfurt|fse|fra|frankfurt stock exchange|boerse frankfurt|börse frankfurt|fwb",
    "XETRA": "xetra",
    "EURONEXT PARIS": "euronext paris|euronext growth paris|epa",
    "EURONEXT AMSTERDAM": "euronext amsterdam|ams",
    "EURONEXT BRUSSELS": "euronext brussels|ebr",
    "EURONEXT": "euronext|euronext growth",
    "NASDAQ STOCKHOLM": "nasdaq stockholm|stockholm|nasdaq omx stockholm",
    "NASDAQ HELSINKI": "nasdaq helsinki|helsinki|nasdaq omx helsinki",
    "NASDAQ COPENHAGEN": "nasdaq copenhagen|copenhagen|nasdaq omx copenhagen",
    "NASDAQ FIRST NORTH": "nasdaq first north|first north|nasdaq first north growth market|first north growth market",
    "OSLO": "oslo børs|oslo bors|oslo stock exchange|ose|oslo",
    "SIX": "six|six swiss exchange|swx",
    "HKEX": "hkex|sehk|hong kong stock exchange|hkse|hk",
    "TSE": "tse|tokyo stock exchange|tyo",
    "KOSDAQ": "kosdaq",
    "KRX": "krx|korea exchange",
    "NZX": "nzx",
    "JSE": "jse",
    "TASE": "tase|tel aviv stock exchange",
    "SGX": "sgx",
    "BME": "bme|madrid",
    "BORSA ITALIANA": "borsa italiana|milan",
    "CBOE": "cboe|bats",
}.items():
    for _form in _forms.split("|"):
        EXCHANGES[_form] = _canon

# An exchange name: letters, spaces, dots and hyphens, then ":" and a symbol. One parenthetical per match.
_PAREN = re.compile(r"\(([^()\n]{2,160})\)")
_LISTING = re.compile(
    r"([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .\-]{0,40}?)\s*:\s*"
    r"([A-Za-z0-9][A-Za-z0-9]{0,9}(?:[.\-][A-Za-z0-9]{1,3}){0,2}(?: [A-C]\b)?)"
)
_SYMBOL_ONLY = re.compile(r"[A-Z0-9]{1,6}(?:\.[A-Z0-9]{1,3}){0,2}")
_BARE_SYMBOL = re.compile(r"\(\s*([A-Z][A-Z0-9]{0,5}(?:\.[A-Z])?)\s*\)")
_LISTED_ON = re.compile(
    # each verb opens with its first letter then `\b` as a lookbehind: a literal first character lets the
    # regex engine skip ahead (a leading `\b` is tried at every position)
    r"(?:l(?<!\wl)isted|t(?<!\wt)rad(?:es?|ing)|q(?<!\wq)uoted)\s+on\s+(?:the\s+)?"
    r"([A-Z][A-Za-z .\-]{1,40}?)(?:\s+under\s+the\s+"
    r"(?:ticker\s+)?(?:symbol|ticker)\s+[\"“']?([A-Z0-9]{1,6}(?:\.[A-Z])?)|\s*\(\s*([A-Z][A-Z0-9]{0,5}(?:\.[A-Z])?)\s*\))"
)  # "... under the ticker symbol ACME" / "listed on Nasdaq Stockholm (NRVK)"
_LISTED_ON_STEMS = ("listed", "trad", "quoted")  # how each verb of `_LISTED_ON` starts
_SPLIT = re.compile(r"\s*(?:;|,|\||\band\b|&)\s*")


def normalise_exchange(written: str) -> str | None:
    """The normalised exchange for a written name ("Nasdaq Global Select Market" -> "NASDAQ"), or None."""
    key = " ".join(written.replace("\u00a0", " ").split()).lower().strip(" .-")
    if key.startswith("the "):
        key = key[4:]
    return EXCHANGES.get(key)


def _exchange_in(written: str) -> str | None:
    """The exchange named at the end of `written` ("listed on the NYSE" -> "NYSE"), or None."""
    exchange = normalise_exchange(written)
    if exchange is None and " " in written.strip():
        words = written.split()
        for k in range(1, min(len(words), 5)):
            exchange = normalise_exchange(" ".join(words[k:]))
            if exchange:
                break
    return exchange


def parse_listings(inner: str) -> list[Ticker]:
    """Tickers inside one parenthetical's text ("NYSE: A; TSX: A" -> two tickers); [] when none is on a known
    exchange."""
    tickers: list[Ticker] = []
    if ":" not in inner:  # every listing is "EXCHANGE: SYMBOL" (a bare symbol only follows one)
        return tickers
    last: str | None = None
    for part in _SPLIT.split(inner):
        if last and _SYMBOL_ONLY.fullmatch(part.strip()):  # "(NYSE: HHC.A, HHC.B)": same exchange
            tickers.append(Ticker(exchange=last, symbol=part.strip()))
            continue
        for match in _LISTING.finditer(part):
            exchange = _exchange_in(match.group(1))
            if exchange is None:
                continue
            last = exchange
            tickers.append(Ticker(exchange=exchange, symbol=match.group(2).upper()))
    return tickers


@dataclass
class TickerMention:
    """Tickers written right after a name: `name_end` is where the text before the parenthetical ends."""

    start: int
    end: int
    tickers: list[Ticker]


def _listed_on(text: str) -> list[re.Match[str]]:
    """`_LISTED_ON.finditer(text)`, tried only where one of its verbs occurs (found by plain substring search:
    the regex alone stops at every "l", "t" and "q")."""
    starts = sorted(at for stem in _LISTED_ON_STEMS for at in _occurrences(text, stem))
    matches: list[re.Match[str]] = []
    end = 0
    for at in starts:
        match = _LISTED_ON.match(text, at) if at >= end else None
        if match:
            matches.append(match)
            end = match.end()
    return matches


def _occurrences(text: str, word: str) -> list[int]:
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def find_ticker_groups(text: str, limit: int = 200) -> list[TickerMention]:
    """Every run of adjacent ticker parentheticals in `text`, with its span. Stacked groups
    `(TSXV:AB)(Frankfurt:X0)` merge into one mention."""
    mentions: list[TickerMention] = []
    for match in _PAREN.finditer(text):
        tickers = parse_listings(match.group(1))
        if not tickers:
            continue
        if mentions and text[mentions[-1].end : match.start()].strip(" ,;|") == "":
            mentions[-1].end = match.end()
            mentions[-1].tickers.extend(t for t in tickers if t not in mentions[-1].tickers)
        else:
            mentions.append(TickerMention(match.start(), match.end(), tickers))
        if len(mentions) >= limit:
            break
    for match in _listed_on(text):
        exchange = normalise_exchange(match.group(1))
        if exchange:
            mentions.append(
                TickerMention(
                    match.start(), match.end(), [Ticker(exchange=exchange, symbol=match.group(2) or match.group(3))]
                )
            )
    return mentions


# CNW's ticker line above the dateline: "TSX: TML        OTCQX: TSRMF" (pairs separated by spaces, tabs or |,;/).
_TICKER_LINE = re.compile(r"(?:[A-Za-z][A-Za-z .\-]{1,30}?\s*:\s*[A-Z0-9][A-Z0-9.\-]{0,9}(?:\s*[|,;/]\s*|\s+|$))+")


def ticker_line(line: str) -> list[Ticker]:
    """The listings of a line made only of `EXCHANGE: SYMBOL` pairs on known exchanges (`TSX: TML   OTCQX:
    TSRMF`, written above the dateline by CNW; they belong to the issuer); [] for any other line."""
    line = line.strip()
    if not 4 <= len(line) <= 120 or ":" not in line or not _TICKER_LINE.fullmatch(line):
        return []
    tickers: list[Ticker] = []
    for match in _LISTING.finditer(line):
        exchange = _exchange_in(match.group(1))
        if exchange is None:
            return []
        tickers.append(Ticker(exchange=exchange, symbol=match.group(2).upper()))
    return tickers


_NAME_PARTICLES = frozenset({"of", "and", "&", "de", "du", "la", "von", "van", "der"})


def expands(symbol: str, words: list[str]) -> bool:
    """True when `symbol` is the initials of the words written before it (`Investigational New Drug (IND)`,
    `Bellmoor Dividend Leaders ETF (BDLE)`): an abbreviation, not a ticker. Name particles may be skipped."""
    letters = symbol.replace(".", "")
    at = len(letters)
    for word in reversed(words):
        if at == 0:
            break
        if word.lower() in _NAME_PARTICLES and word[:1].lower() != letters[at - 1].lower():
            continue
        if word[:1].upper() != letters[at - 1]:
            return False
        at -= 1
    return at == 0


def headline_ticker(headline: str) -> tuple[str, Ticker] | None:
    """`Company (TICK) Reports ...` -> (the name before the parenthetical, Ticker with exchange None), else None.
    A bare symbol is a ticker only right after a name: not after lower-case words (`to File ... (IND)`), and not
    when it abbreviates the words before it unless those words are the whole name (`Bellmoor Dividend Leaders ETF
    (BDLE)` after `... Acquisition of the`)."""
    match = _BARE_SYMBOL.search(headline)
    if not match or match.start() == 0:
        return None
    name = headline[: match.start()].strip()
    words = name.split()
    if any(w[:1].islower() and w not in _NAME_PARTICLES for w in words):
        return None
    symbol = match.group(1)
    if len(symbol) >= 2 and len(words) > len(symbol.replace(".", "")) and expands(symbol, words):
        return None
    return name, Ticker(exchange=None, symbol=symbol)


def merge_tickers(primary: list[Ticker], extra: list[Ticker]) -> list[Ticker]:
    """`primary` plus tickers from `extra`: a symbol without exchange takes the exchange of the same symbol in
    `extra`; new symbols from `extra` are appended."""
    out: list[Ticker] = []
    for ticker in primary:
        if ticker.exchange is None:
            same = next((t for t in extra if t.symbol == ticker.symbol and t.exchange), None)
            ticker = same or ticker
        if ticker not in out:
            out.append(ticker)
    for ticker in extra:
        if ticker not in out and not any(t.symbol == ticker.symbol and t.exchange is None for t in out):
            out.append(ticker)
    return out

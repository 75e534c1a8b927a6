"""Datelines of the major wires, matched by shape at the start of a paragraph (never a wire's name elsewhere):

- GlobeNewswire `WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) --`
- PR Newswire `NEW YORK, Jan. 5, 2024 /PRNewswire/ --` (also `-FirstCall`, `-AsiaNet`, no city, no year)
- Business Wire `SAN DIEGO--(BUSINESS WIRE)--` (no date: `hints.published`)
- ACCESSWIRE `AUSTIN, TX / ACCESSWIRE / May 14, 2024 /`
- Newsfile `Vancouver, British Columbia--(Newsfile Corp. - May 14, 2024) -`; Marketwired `(Marketwired - May 14, 2024)`
- CNW `TORONTO, May 14, 2024 /CNW/ -`
- no wire mark (EQS, Cision): `Munich, 15 November 2023 -` / `Stockholm, Sweden, May 14, 2024 –`; the wire then
  comes from an `EQS-News:` / `DGAP-Ad-hoc:` header or `hints.wire`; an EQS header alone marks the wire EQS.
- IR pages: `VICTORIA, BRITISH COLUMBIA, CANADA (March 14, 2013) Company`, `CALGARY, ALBERTA – Company` (no date),
  and in PDF text an all-caps headline running into `CITY, REGION, date –`.
A headline or subtitle may run into the dateline on one line (`Subtitle, With Commas NEWARK, Calif., Aug. 19, 2015
/PRNewswire/`); in a flattened page (a paragraph over 1,000 characters) the wire mark is looked for up to 2,000
characters in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.parser.models import Dateline, FeedHints

_FRENCH = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|"
    r"octobre|novembre|d[ée]cembre)"
)
DATE = (
    rf"(?:(?P<mon>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?:le\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?P<mon2>{MONTH})\.?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4}))"
)
_DATE_AT_END = re.compile(rf"[\s,]*{DATE}[\s,]*$", re.IGNORECASE)
_DATE_ONLY = re.compile(rf"\s*{DATE}\s*", re.IGNORECASE)
# A page's title and <time> run into the dateline ("Acme Merges April 8, 2025 AUSTIN, Texas--(BUSINESS WIRE)--").
_DATE_BEFORE_CITY = re.compile(rf"(?<![\w,])\s*{DATE}[\s,]+(?=[A-Z]{{2,}}\b)")
_TAG = re.compile(
    r"(?P<gnw>\(\s*GLOBE\s*NEWSWIRE\s*\))"
    r"|(?P<prn>/\s*PR\s*Newswire(?:-[A-Za-z]+)?\s*/)"
    r"|(?P<bw>-{1,2}\s*\(\s*BUSINESS\s*WIRE\s*\)\s*-{0,2})"
    r"|(?P<acw>/\s*ACCESS\s*(?:WIRE|Newswire)\s*/)"
    r"|(?P<nf>-{0,2}\s*\(\s*Newsfile\s+Corp\.?\s*[-–—]\s*(?P<nfdate>[^()]{4,30})\))"
    r"|(?P<mw>-{0,2}\s*\(\s*Marketwired?\s*[-–—]\s*(?P<mwdate>[^()]{4,30})\)|/\s*Marketwired?\s*/)"
    r"|(?P<cnw>/\s*CNW(?:\s+Telbec)?\s*/)"
    r"|(?P<prweb>\(\s*PRWEB\s*\))",
    re.IGNORECASE,
)
_TAG_WORDS = ("newswire", "business", "accesswire", "access newswire", "newsfile", "marketwire", "cnw", "prweb")
_WIRES: dict[str, str | None] = {"gnw": "GlobeNewswire", "prn": "PR Newswire", "bw": "Business Wire",
          "acw": "ACCESSWIRE", "nf": "Newsfile", "mw": "Marketwired", "cnw": "CNW", "prweb": None}  # fmt: skip
_WIRE_NAMES = {w.lower().replace(" ", ""): w for w in [*_WIRES.values(), "EQS", "Cision"] if w}
# A place with no wire mark: up to three comma-separated parts, then a date and a dash.
_PLAIN = re.compile(
    rf"(?P<loc>[A-ZÀ-Ý][^\n,;:()\"“]{{1,40}}(?:,\s*[A-ZÀ-Ý][^\n,;:()\"“]{{1,40}}){{0,2}})"
    r"(?:,\s*|\s+[-–—|/]\s+)"
    rf"{DATE}\s*(?:[-–—:/|]|$)"
)
# Nasdaq Nordic / Cision header: "Kaleva Paper Oyj  Stock exchange release  27 June 2024 at 9:00 EEST".
_NORDIC = re.compile(
    rf"[^\n]{{2,80}}?\s(?:stock\s+exchange\s+release|company\s+announcement|inside\s+information|press\s+release|"
    rf"investor\s+news|managers['’]\s+transactions)\s+{DATE}",
    re.IGNORECASE,
)
# Self-distributed releases: "CHICAGO, Ill. (May 14, 2024) – Acme ...".
_PAREN_DATE = re.compile(
    rf"(?P<loc>[A-ZÀ-Ý][^\n,;:()\"“]{{1,40}}(?:,\s*[A-ZÀ-Ý][^\n,;:()\"“]{{1,40}}){{0,2}})"
    rf"\s*\(\s*{DATE}\s*\)\s*(?P<dash>[-–—:])?"
)
# IR pages: "CALGARY, ALBERTA – Maple Leaf Green World (TSXV:MGW) ..." (an upper-case place and a dash, no date).
_PLACE_DASH = re.compile(r"(?P<loc>[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}){1,2})\s+[-–—]\s+(?=[A-Z])")
# "ACME, INC. – ..." / "JANE DOE, CEO – ...": a name, not a place.
_NOT_REGION = re.compile(r",\s*(?:inc|ltd|llc|corp|plc|ag|sa|ceo|cfo|coo|cto|president|chair\w*|director)\b", re.I)
# PDF text: legend, all-caps headline and dateline on one line: "... TRANSACTION CALGARY, ALBERTA, April 8, 2021 –".
_DATE_DASH = re.compile(rf",\s*{DATE}\s*[-–—]\s*(?=[A-Z])")
# First words of two-word city names, so that a city glued to an all-caps headline keeps them ("NEW YORK").
_CITY_FIRST_WORDS = frozenset(
    "NEW SAN SANTA LOS LAS ST. SAINT STE. FORT FT. PORT EL LA LE SALT LAKE GRAND NORTH SOUTH EAST WEST PALM HONG TEL "
    "RIO BUENOS BATON CAPE MEXICO RED THUNDER QUEBEC PRINCE MOUNT MT. NIAGARA KUALA ABU HALF COEUR BOCA".split()
)
_DATE_FIRST = re.compile(rf"{DATE}\s*[-–—/]\s*(?=[A-Z])")
_LEAD_SEP = re.compile(r"[\s\-–—/:|]*")
_DIGIT = re.compile(r"\d")
FAR_TAG_LIMIT = 2000
_SECOND_CITY = re.compile(r"\s+(?:&|and)\s+[A-Z]{2}")
_EQS_HEADER = re.compile(r"(?:EQS|DGAP)-[A-Za-z\-]+\s*:|EQS\s+(?:Group|Newswire)")  # DGAP: EQS's brand until 2022
_LOC_WORDS_OK = frozenset(
    {"and", "de", "del", "la", "le", "am", "an", "der", "sur", "upon", "on", "of", "du", "&", "im", "en", "di", "bei"}
)
COUNTRIES = frozenset(
    "usa|u.s.a|u.s|us|united states|canada|uk|u.k|united kingdom|england|scotland|ireland|germany|france|spain|"
    "italy|switzerland|austria|sweden|norway|denmark|finland|iceland|netherlands|the netherlands|belgium|"
    "luxembourg|israel|china|japan|india|australia|new zealand|singapore|south korea|korea|taiwan|brazil|mexico|"
    "argentina|chile|poland|portugal|greece|south africa|uae|united arab emirates|saudi arabia|estonia|latvia|"
    "lithuania|czech republic|hungary|p.r. china|prc".split("|")
)


@dataclass
class DatelineMatch:
    """A dateline found at the start of paragraph `index`; `lead` is the rest of that paragraph."""

    dateline: Dateline
    index: int
    lead: str
    headline_prefix: str | None = None


def _date_from(match: re.Match[str], published: dt.datetime | None) -> dt.date | None:
    g = match.groupdict()
    try:
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        if g.get("y4"):
            return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
        mon = g.get("mon") or g.get("mon2")
        day = g.get("day") or g.get("day2")
        year = g.get("year") or g.get("year2")
        if not mon or not day:
            return None
        month = _FRENCH.get(mon.lower()) or _MONTHS[mon[:3].lower()]
        if year:
            return dt.date(int(year), month, int(day))
        if published is None:
            return None
        guess = dt.date(published.year, month, int(day))
        if guess > published.date() + dt.timedelta(days=31):
            guess = dt.date(published.year - 1, month, int(day))
        return guess
    except (ValueError, KeyError):
        return None


def _place_ok(loc: str) -> bool:
    if not loc or len(loc) > 90:
        return False
    for word in loc.replace(",", " ").split():
        if word[0].islower() and word not in _LOC_WORDS_OK:
            return False
    return True


def _split_place(loc: str) -> tuple[str | None, str | None, str | None]:
    if " - " in loc:  # "Vancouver, BC - TheNewswire": a wire's name after a spaced hyphen is no part of the place
        loc = loc[: loc.index(" - ")]
    parts = [p.strip(" -–—") for p in loc.split(",") if p.strip(" -–—")]  # "WAKEFIELD, MA – date": no dash kept
    if not parts:
        return None, None, None
    city, region, country = parts[0], None, None
    rest = parts[1:3]
    second_city = _SECOND_CITY.search(" ".join(rest[:1]))
    if second_city:  # "AUSTIN, Texas & RALEIGH, N.C.": several cities; the first one's region only
        rest = [rest[0][: second_city.start()]]
    if rest and rest[-1].lower().rstrip(".") in COUNTRIES:
        country = rest.pop()
    if rest:
        region = rest[0]
    return city, region, country


def canonical_wire(name: str | None) -> str | None:
    """A hint's wire name in the contract's spelling ("globenewswire" -> "GlobeNewswire"), or None."""
    if not name:
        return None
    return _WIRE_NAMES.get(name.lower().replace(" ", "").replace("-", ""))


def _caps_city_split(prefix: str) -> tuple[str, str] | None:
    """`Headline words CITY, ST` (headline and dateline on one line) -> (headline, "CITY, ST"); None when the
    place is not an upper-case city after mixed-case words. The city ends at the first comma or at one of the
    last three (the place has at most three parts), so a subtitle with its own commas may come before it
    ("Rival's Offer Is Below $30, Which Is Less Than Prior Proposal NEWARK, Calif.")."""
    commas = [at for at, ch in enumerate(prefix) if ch == ","] if "," in prefix else [len(prefix)]
    for comma in sorted({commas[0], *commas[-3:]}):
        head = prefix[:comma]
        words = head.split()
        n = 0
        while n < len(words) and n < 4 and words[-1 - n].isupper() and words[-1 - n].isalpha():
            n += 1
        if n == len(words) or all(w.isupper() or w in _LOC_WORDS_OK for w in words):
            return None  # the prefix opens with the place itself ("AUSTIN, Texas & RALEIGH, N.C.")
        if n == 0:
            continue
        cut = head.rfind(words[-n])
        if _place_ok(prefix[cut:]):
            return prefix[:cut].strip(), prefix[cut:]
    return None


def _may_end_with_date(text: str) -> bool:
    """Whether `_DATE_AT_END` can match `text`: a date ends with a digit or a day's suffix ("7th", "1st", "2nd"),
    and only spaces and commas may follow it."""
    end = len(text)
    while end and (text[end - 1] == "," or text[end - 1].isspace()):
        end -= 1
    return end > 0 and (text[end - 1].isdecimal() or text[end - 1] in "tTdDhH")


def _from_tag(para: str, tag: re.Match[str], hints: FeedHints | None) -> tuple[Dateline, str, str | None] | None:
    kind = tag.lastgroup if tag.lastgroup in _WIRES else next(k for k in _WIRES if tag.group(k))
    wire = _WIRES[kind]
    published = hints.published if hints else None
    prefix = para[: tag.start()].strip(" -–—,")
    date: dt.date | None = None
    headline_prefix = None
    date_match = _DATE_AT_END.search(prefix) if _may_end_with_date(prefix) else None
    if date_match:
        date = _date_from(date_match, published)
        prefix = prefix[: date_match.start()].strip(" ,")
    mid = _DATE_BEFORE_CITY.search(prefix) if date is None and _DIGIT.search(prefix) else None  # (dates hold digits)
    if mid is not None:
        date = _date_from(mid, published)
        headline_prefix, prefix = prefix[: mid.start()].strip() or None, prefix[mid.end() :]
    split = _caps_city_split(prefix)
    if split is not None:
        headline_prefix, prefix = split
    elif prefix and not _place_ok(prefix):
        return None
    if tag.start() > 320 and (date is None or split is None):
        return None  # far into a flattened page only "Headline words CITY, St., date /WIRE/" is a dateline
    rest = para[tag.end() :]
    inner = tag.group("nfdate") or tag.group("mwdate")
    if inner:
        inner_match = _DATE_ONLY.match(inner)
        date = _date_from(inner_match, published) if inner_match else date
    if kind in ("acw", "prweb") or (kind == "bw" and date is None and _DIGIT.search(rest, 0, 24)):
        after = _DATE_ONLY.match(rest)  # Business Wire archive copies: "--(BUSINESS WIRE)--March 29, 2019--"
        if after and (kind != "bw" or rest.startswith("-", after.end()) or after.end() == len(rest)):
            date = _date_from(after, published)
            rest = rest[after.end() :]
    if date is None and kind == "bw" and published is not None:
        date = published.astimezone(dt.UTC).date() if published.tzinfo else published.date()
    city, region, country = _split_place(prefix)
    lead = rest[_LEAD_SEP.match(rest).end() :]  # type: ignore[union-attr]
    return Dateline(city=city, region=region, country=country, date=date, wire=wire), lead, headline_prefix


def _plain(para: str, hints: FeedHints | None) -> tuple[Dateline, int, str | None] | None:
    """A dateline without a wire mark at the start of `para`: (dateline, where the lead starts, headline text
    glued before the place or None)."""
    published = hints.published if hints else None
    match = _PLAIN.match(para)
    if not (match and _place_ok(match.group("loc"))):
        match = _PAREN_DATE.match(para)
        if match and not match.group("dash") and not match.group("loc").split(",")[0].isupper():
            match = None  # "(date)" without a dash only after an upper-case city: "NANAIMO, B.C. (May 6, 2024) Acme"
    if match and _place_ok(match.group("loc")):
        city, region, country = _split_place(match.group("loc"))
        if city and city.count(" ") >= 3:  # "ACME CLOSES FINANCING CALGARY, ALBERTA, date –": a headline runs in
            return _glued_to_caps_headline(para, published)
        date = _date_from(match, published)
    else:
        match = _DATE_FIRST.match(para) or _NORDIC.match(para, 0, 200)
        if not match:
            return _glued_to_caps_headline(para, published)
        city = region = country = None
        date = _date_from(match, published)
    if date is None:
        return None
    lead_start = _LEAD_SEP.match(para, match.end()).end()  # type: ignore[union-attr]
    return Dateline(city=city, region=region, country=country, date=date), lead_start, None


def _glued_to_caps_headline(para: str, published: dt.datetime | None) -> tuple[Dateline, int, str] | None:
    """`ALL-CAPS HEADLINE CITY, REGION, date – Lead` (PDF text on one line) -> (dateline, lead start, headline);
    None unless `para` opens with upper-case words."""
    if not para[:24].isupper() or "," not in para[:700]:
        return None
    match = _DATE_DASH.search(para, 0, 700)
    date = _date_from(match, published) if match else None
    if date is None:
        return None
    parts = para[: match.start()].split(",")  # type: ignore[union-attr]
    k = 2 if len(parts) >= 3 and parts[-1].strip().lower().rstrip(".") in COUNTRIES else 1
    if len(parts) <= k or any(len(p.strip()) > 30 or not p.strip()[:1].isupper() for p in parts[-k:]):
        return None
    words = parts[-k - 1].split()
    n = 1
    while n < len(words) and n < 4 and words[-1 - n] in _CITY_FIRST_WORDS:
        n += 1
    if n >= len(words) or not all(w.isupper() for w in words[-n:]):
        return None
    place = " ".join(words[-n:])
    headline = para[: para.rfind(place, 0, match.start())].strip()  # type: ignore[union-attr]
    city, region, country = _split_place(",".join([place, *parts[-k:]]))
    lead_start = _LEAD_SEP.match(para, match.end()).end()  # type: ignore[union-attr]
    return Dateline(city=city, region=region, country=country, date=date), lead_start, headline


def _find_tag(para: str, limit: int = 320) -> re.Match[str] | None:
    """`_TAG.search(para, 0, limit)`, started where a match can first start: every wire mark holds a "(" or "/",
    and only hyphens and spaces can come before the first one in a mark."""
    first = min((at for at in (para.find("(", 0, limit), para.find("/", 0, limit)) if at >= 0), default=-1)
    if first < 0:
        return None
    while first and (para[first - 1] == "-" or para[first - 1].isspace()):
        first -= 1
    return _TAG.search(para, first, limit)


def _tag_limit(para: str) -> int:
    """How far into `para` a wire mark is looked for: 320 characters, 2,000 in a flattened page (a paragraph over
    1,000 characters) where a subtitle and bullet points come before the dateline."""
    return FAR_TAG_LIMIT if len(para) > 1000 else 320


def starts_dateline(line: str) -> bool:
    """True when `line` opens with a dateline shape (a wire mark near its start, or place-and-date-dash)."""
    head = line[:320].lower()
    if any(k in head for k in _TAG_WORDS) and _find_tag(line):
        return True
    return bool(_PLAIN.match(line) and _place_ok(_PLAIN.match(line).group("loc")))  # type: ignore[union-attr]


def find_dateline(paragraphs: list[str], hints: FeedHints | None = None, scan: int = 12) -> DatelineMatch | None:
    """The first paragraph (of the first `scan`) that starts with a dateline. The wire mark wins; with none, a
    place-and-date shape is taken and the wire comes from an `EQS-...:` header or `hints.wire`."""
    hint_wire = canonical_wire(hints.wire) if hints else None
    header = next((i for i, p in enumerate(paragraphs[:4]) if _EQS_HEADER.match(p.lstrip("| "))), None)
    eqs = header is not None
    for index, para in enumerate(paragraphs[:scan]):
        limit = _tag_limit(para)
        head = para[:limit].lower()
        tag = _find_tag(para, limit) if any(k in head for k in _TAG_WORDS) else None
        if tag:
            found = _from_tag(para, tag, hints)
            if found:
                dateline, lead, head = found
                dateline.wire = dateline.wire or hint_wire
                return DatelineMatch(dateline, index, lead, head)
    for index, para in enumerate(paragraphs[:scan]):
        plain = _plain(para, hints)
        if plain:
            dateline, lead_start, head = plain
            dateline.wire = "EQS" if eqs else hint_wire
            lead = para[lead_start:]
            if len(lead) < 40 and index + 1 < len(paragraphs):  # the dateline stands on its own line
                return DatelineMatch(dateline, index + 1, paragraphs[index + 1])
            return DatelineMatch(dateline, index, lead, head)
    for index, para in enumerate(paragraphs[:4]):
        match = _PLACE_DASH.match(para)
        if match and _place_ok(match.group("loc")) and not _NOT_REGION.search(match.group("loc")):
            city, region, country = _split_place(match.group("loc"))
            published = hints.published if hints else None
            date = (published.astimezone(dt.UTC) if published.tzinfo else published).date() if published else None
            dateline = Dateline(city=city, region=region, country=country, date=date, wire="EQS" if eqs else hint_wire)
            return DatelineMatch(dateline, index, para[match.end() :])
    if header is not None:  # an EQS ad hoc without place and date: the lead is the first prose paragraph below
        lead = next((i for i in range(header + 1, min(len(paragraphs), header + 6)) if len(paragraphs[i]) >= 120), None)
        if lead is not None and not paragraphs[lead][:1].isdigit():
            published = hints.published if hints else None
            date = (published.astimezone(dt.UTC) if published.tzinfo else published).date() if published else None
            return DatelineMatch(Dateline(date=date, wire="EQS"), lead, paragraphs[lead])
    return None

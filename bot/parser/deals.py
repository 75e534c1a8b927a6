"""The names of deal counterparties: organisations listed after a deal phrase (with the seat and tickers written
after each), assets that are no partner ("the Copper Hill property"), defined short forms ('("MNML")'), the
fuller form of a name the body gives, and organisations announcing together with the issuer in a body sentence.
Used by `bot.parser.partners`.
"""

from __future__ import annotations

import re

from bot.parser.models import Ticker
from bot.parser.orgs import org_before, skip_comma_suffix
from bot.parser.orgshape import is_place
from bot.parser.people import TITLE_WORDS
from bot.parser.text import CORP_SUFFIXES, MULTI_SUFFIX, read_org, same_org
from bot.parser.tickers import parse_listings

_I = re.IGNORECASE
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)")
_SKIP_PAREN = re.compile(r"\s*\(([^()]{0,120})\)")
_SKIP_DET = re.compile(r"(?:the\s+|its\s+|their\s+)?", _I)


# An asset named after its place or deposit ("the Copper Hill property", "Block 103 iron ore property"): never a
# partner; the seller after "from" is.
_ASSET_NOUNS = (
    "property", "properties", "mine", "mines", "project", "projects", "deposit", "deposits", "claims", "prospect",
    "concession", "concessions", "lease", "leases",
)  # fmt: skip
# a name may end in a singular asset noun only ("Eagle Mines", "Simon Properties" are companies)
_ASSET_NAME_ENDS = ("property", "mine", "project", "deposit", "prospect", "concession")
_ASSET_AFTER = re.compile(  # "Block 103 iron ore property": modifiers, not "for the project"
    r"\s+(?:(?!(?:for|the|a|an|of|to|in|on|at|and|or|with|from|by|its|their|under|into|over)\s)[a-z][\w\-]*\s+){0,3}?"
    r"(?:" + "|".join(_ASSET_NOUNS) + r")\b"
)


_PLURAL_ASSETS = "properties|mines|projects|deposits|claims|concessions|leases"
_ASSETS_AFTER = re.compile(_ASSET_AFTER.pattern.replace("|".join(_ASSET_NOUNS), _PLURAL_ASSETS))


def assets_of_list(listed: list[tuple[str, list[Ticker], int]], rest: str) -> bool:
    """True when a list read by `read_list` ends in a plural asset noun ("the Saint-Leon and Cedar Brook
    projects"): every item names an asset, none a partner."""
    return len(listed) > 1 and bool(_ASSETS_AFTER.match(rest, listed[-1][2]))


def is_asset(name: str, rest: str, end: int, from_headline: bool) -> bool:
    """True when `name` (ending at `end` in `rest`) names an asset: followed by an asset noun in lower case, or
    (headline) ending in one ("Copper Hill Property")."""
    if from_headline:
        return headline_name(name).split()[-1].lower() in _ASSET_NAME_ENDS
    return name.split()[-1].lower() in _ASSET_NAME_ENDS or bool(_ASSET_AFTER.match(rest, end))


def read_list(text: str, limit: int = 12) -> list[tuple[str, list[Ticker], int]]:
    """Organisations listed at the start of `text` ("Amgen, Bayer HealthCare Pharmaceuticals, and Sanofi"),
    each with the tickers written after it and the offset where its name ends."""
    items: list[tuple[str, list[Ticker], int]] = []
    pos = _SKIP_DET.match(text).end()  # type: ignore[union-attr]
    while len(items) < limit:
        found = read_org(text[pos:])
        if found is None:
            break
        name, end = found
        pos += end
        name_end = pos
        tickers: list[Ticker] = []
        while True:
            paren = _SKIP_PAREN.match(text, pos)
            if not paren:
                break
            tickers.extend(parse_listings(paren.group(1)))
            pos = paren.end()
        if items and _is_seat(name, items[-1][0], text, pos):
            break  # "Vlietstra Systems B.V., Utrecht, from its founders": the seat, not another organisation
        seat_end = _seat_end(text, pos)
        if seat_end:  # "Merck KGaA, Darmstadt, Germany, to ...": the seat; a ticker after it is the organisation's
            pos = seat_end
            while paren := _SKIP_PAREN.match(text, pos):
                tickers.extend(parse_listings(paren.group(1)))
                pos = paren.end()
        items.append((name, tickers, name_end))
        sep = _LIST_SEP.match(text, pos)
        if not sep:
            break
        pos = sep.end()
    return items


_THEN_LOWER = re.compile(r",\s+(?!and\b|or\b)[a-z]")
# One comma-set segment of a seat ("Darmstadt", "N.J.", "San Diego"): capitalised words up to a comma, a
# parenthesis, a full stop or a lower-case word.
_SEAT_PART = re.compile(r",\s*([A-Z][\w.'\-]*(?:\s[A-Z][\w.'\-]*){0,2})(?=\s*[,(;]|\.?\s+[a-z]|\.?$|\.\s)")


def _seat_end(text: str, pos: int) -> int:
    """The offset after the seat written right after an organisation (`, City[, Region][, Country]`: a known
    region or country, or one capitalised word before one, "Darmstadt, Germany", "Rahway, N.J., USA"); 0 when no
    seat follows `pos`. Places come from `orgshape.is_place` (countries, US states, Canadian provinces)."""
    if text[pos : pos + 1] != ",":
        return 0
    end = 0
    first = True
    while part := _SEAT_PART.match(text, pos):
        words = part.group(1)
        if is_place(words):
            end = pos = part.end()
        elif first and " " not in words:  # a city: only when a known region or country follows it
            after = _SEAT_PART.match(text, part.end())
            if after is None or not is_place(after.group(1)):
                return 0
            pos = part.end()
        else:
            break
        first = False
    return end


def _is_seat(name: str, previous: str, text: str, pos: int) -> bool:
    """True when a one-word `name` after an organisation ending in a legal suffix is its seat (a city) set off by
    commas before the sentence goes on in lower case."""
    last = previous.split()[-1].lower()
    return (
        " " not in name
        and (last in CORP_SUFFIXES or last.rstrip(".") in CORP_SUFFIXES)
        and bool(_THEN_LOWER.match(text, pos))
    )


_JOINT_ANNOUNCED = re.compile(r"\s+(?:(?:also|jointly|together|today|have|has|recently)\s+)*(?:announced|announce)\b")
_AND_THE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def joint_announcers(sentence: str, issuer: str | None) -> list[str]:
    """The organisations a body sentence has announcing together with the issuer ("Orbis Media and the Cable
    Standards Consortium (CSC) announced that ..."), else []."""
    names: list[str] = []
    pos = 0
    sep: re.Match[str] | None = None
    while len(names) < 4:
        found = read_org(sentence[pos:])
        if found is None:
            return []
        names.append(found[0])
        pos = skip_comma_suffix(sentence, pos + found[1])  # "Acme Bank, N.A. today announced": one name
        paren = _SKIP_PAREN.match(sentence, pos)
        while paren:
            pos = paren.end()
            paren = _SKIP_PAREN.match(sentence, pos)
        if _JOINT_ANNOUNCED.match(sentence, pos):
            break
        sep = _AND_THE.match(sentence, pos)
        if sep is None:
            return []
        pos = sep.end()
    else:
        return []
    if len(names) < 2 or sep is None or "and" not in sep.group() or not issuer or not same_org(names[0], issuer):
        return []
    return names[1:]


_PARENS_BEFORE = re.compile(r"(?:\s*\([^()]{0,80}\))+\s*$")


def defined_as(name: str, body: str) -> str | None:
    """What the text defines `name` as: the organisation it is the short form of ('Miramar Northern Mining Ltd.
    ("MNML")', 'Cable Standards Consortium (CSC)'); "" when it is the defined term of something that is not an
    organisation (an asset: 'the Copper Hill property ("Copper Hill" or the "Property")', a role: 'the
    "Company"'); None when the text does not define it."""
    if len(name) > 60 or not any(f"{mark}{name}" in body for mark in ("(", '"', "“")):
        return None
    short = re.escape(name)
    defined = re.search(
        r"\((?:the\s+)?(?P<quote>[\"“])?" + short + r"[\"”]?(?=\s*\)|\s+or\s|,\s*[A-Z][\w\-]*\s*:)", body
    )
    if defined:
        before = _PARENS_BEFORE.sub("", body[max(0, defined.start() - 300) : defined.start()])  # ticker groups
        full = org_before(before, len(before))
        if full is None:  # a quoted defined term after an asset or a role; an unquoted name in parentheses stays
            return "" if defined.group("quote") else None
        return None if same_org(full, name) or full == name else full
    if re.search(r"\bthe\s+[\"“]" + short + r"[\"”]", body):
        return ""
    return None


_HEADLINE_CUT = re.compile(r"\s+(?:for|to|in|on|with|at|as|and|after|amid|following|under|over)\s+", _I)


def headline_name(name: str) -> str:
    """A title-case headline runs names into the next words: cut at the first preposition."""
    return _HEADLINE_CUT.split(name, 1)[0]


def _extends(extra: str, loose: bool) -> bool:
    """True when `extra` may extend a partner's name: up to three name words ending in a corporate suffix
    ("Pharmaceuticals, Inc.", " Sp. z o.o."); for a headline name (`loose`) up to three name words."""
    words = extra.replace(",", " ").split()
    if not words:
        return True
    if len(words) > 3 or any(w.lower() in TITLE_WORDS for w in words):
        return False
    last = words[-1].lower()
    return loose or last in CORP_SUFFIXES or last.rstrip(".") in CORP_SUFFIXES or bool(MULTI_SUFFIX.fullmatch(extra))


def _word_positions(text: str, word: str, limit: int = 6) -> list[int]:
    """Offsets where `word` occurs in `text` as whole words (not inside a longer word), at most `limit`."""
    out: list[int] = []
    start = text.find(word)
    while start >= 0 and len(out) < limit:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            out.append(start)
        start = text.find(word, start + 1)
    return out


def fuller_name(name: str, body: str, loose: bool) -> str:
    """The body's fullest form of a partner's name, extended only by a corporate suffix ("Ostrander" ->
    "Ostrander Pharmaceuticals, Inc."). For a headline name (`loose`) the longest tail of its words that the
    body names is used ("Cloud Security Firm Veilpoint" -> "Veilpoint, Inc."), and "" when the body never
    names it."""
    words = name.split()
    for i in range(len(words) if loose else 1):
        tail = " ".join(words[i:])
        if len(tail) < 3:
            break
        longest = ""
        for count, start in enumerate(_word_positions(body, tail)):
            line_end = body.find("\n", start)
            found = read_org(body[start : line_end if line_end >= 0 else len(body)])  # a name is read on one line
            extra = found[0][len(tail) :] if found and found[0].startswith(tail) else ""
            name_here = found[0] if found and extra and _extends(extra, loose) else tail
            longest = max(longest, name_here, key=len)
            if count >= 5:
                break
        if longest:
            return longest
    return "" if loose else name

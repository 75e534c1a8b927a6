"""Web addresses named in the release text, normalised with a scheme (`www.immunogen.com` ->
`https://www.immunogen.com`). E-mail addresses are not web addresses.

Found from three fast anchors: `http(s)://`, `www.`, and a known top-level domain (`.com`, `.ca`, ...) whose
host is then read backwards; a path after the host is kept. A bare host (no scheme, no `www.`) needs its
top-level domain in lower case ("Truth.Fi" is a brand) and no number after a following period ("app.no. 123" is an
abbreviation).

Not the release's own links (README rule): addresses the wire appends after a label on the same line (PR Newswire
"View original content:", Business Wire "Photos/Multimedia Gallery Available:" and "View source version on
businesswire.com:", ACCESSWIRE "View the original press release on", Cision "This information was brought to you
by", Newsfile "To view the source version of this press release, please visit", EQS "Archive at"), and tickers
that look like hosts (`2619.HK`).
"""

from __future__ import annotations

import re

_SCHEME = r"https?://[^\s<>\"'“”()\[\]]{3,300}"
_WWW = r"www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>\"'“”()\[\]]{0,300})?"
_TLD = (
    r"\.(?:com|org|net|io|ai|bio|co|ca|de|uk|au|fr|ch|se|fi|dk|no|nl|eu|us|health|tech|info|biz|jp|cn|hk|sg)"
    r"(?![\w\-@])(?:/[^\s<>\"'“”()\[\]]{0,300})?"
)
_HOST = r"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,62}){0,3}"
_WIRE_LABEL = (
    r"(?:view\s+original\s+content|multimedia\s+gallery\s+available|view\s+(?:the\s+)?source\s+version|"
    r"source\s+version\s+of\s+this|archive\s+at|view\s+the\s+original\s+(?:press\s+)?release\s+on|"
    r"information\s+was\s+brought\s+to\s+you\s+by|"
    r"view\s+(?:the\s+)?(?:full\s+)?(?:release|multimedia|photos?|video)\s+(?:here|at|on))[^\n]{0,60}$"
)
# (scheme, www, TLD, host, wire label) as written (all lower case): matched case-sensitively against the
# lower-cased text (much faster than IGNORECASE), or with IGNORECASE against the text itself when lower-casing
# would not map it letter for letter ("İ" becomes two characters; "ı" and "ſ" match "i"/"s" only ignoring case).
_CASED = tuple(re.compile(p) for p in (_SCHEME, _WWW, _TLD, _HOST, _WIRE_LABEL))
_UNCASED = tuple(re.compile(p, re.IGNORECASE) for p in (_SCHEME, _WWW, _TLD, _HOST, _WIRE_LABEL))
# The characters `_HOST` can match, as written and (IGNORECASE) in any case: "[a-z]" ignoring case also matches
# "İ", "ı", "ſ" and the Kelvin sign.
_HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-"
_HOST_CHARS_ANY_CASE = _HOST_CHARS + "ABCDEFGHIJKLMNOPQRSTUVWXYZİıſ\u212a"
_NOT_BEFORE_HOST = re.compile(r"[@\w.\-/]")  # a host does not continue a word, an e-mail address or a path
_TRAIL = ".,;:!?'\"”’)]}"
_NUMBER_AFTER = re.compile(r"\.[ \t]*\d")  # "app.no. 19055968": an abbreviation ("application number"), not a host
_DIGIT_HOST = re.compile(r"\d{1,6}\.[a-z]{2}$", re.IGNORECASE)  # "2619.HK", "0700.HK": a listing, not a host


def _host_start(scan: str, end: int, host_chars: str, host: re.Pattern[str]) -> int | None:
    """Where the host written right before a top-level domain at `end` starts (at most 200 characters back), or
    None. The host is the whole run of host characters before `end`, so it is found by stripping them (C-level)
    instead of trying a regex at each of the 200 positions; a line break right before `end` is skipped (as `$`
    does)."""
    lo = max(0, end - 200)
    if end > lo and scan[end - 1] == "\n":
        end -= 1
    start = lo + len(scan[lo:end].rstrip(host_chars))
    if start > 0 and _NOT_BEFORE_HOST.match(scan, start - 1):
        return None  # the run goes on past the window, or follows "@", "/" or a letter the host may not hold
    return start if host.fullmatch(scan, start, end) else None


def find_urls(text: str, limit: int = 50) -> list[str]:
    """URLs in first-seen order, deduplicated, trailing punctuation dropped, `https://` added when missing."""
    lower = text.lower()
    if len(lower) == len(text) and "ı" not in lower and "ſ" not in lower:
        scan, (scheme, www, tld, host, wire_label), host_chars = lower, _CASED, _HOST_CHARS
    else:
        scan, (scheme, www, tld, host, wire_label), host_chars = text, _UNCASED, _HOST_CHARS_ANY_CASE
    spans: list[tuple[int, int]] = []
    for pattern, anchor in ((scheme, "://"), (www, "www.")):  # every match holds its anchor (in any case)
        if anchor not in lower:
            continue
        for match in pattern.finditer(scan):
            if not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    for match in tld.finditer(scan):
        if any(s <= match.start() < e for s, e in spans):
            continue
        written = text[match.start() + 1 : match.end()]
        if not written.split("/", 1)[0].islower():
            continue  # "Truth.Fi": a brand written with a dot
        if "/" not in written and _NUMBER_AFTER.match(text, match.end()):
            continue
        host_start = _host_start(scan, match.start(), host_chars, host)
        if host_start is not None:
            spans.append((host_start, match.end()))
    out: list[str] = []
    seen: set[str] = set()
    for start, end in sorted(spans):
        url = text[start:end].rstrip(_TRAIL)
        if "@" in url or len(url) < 5 or "." not in url or _DIGIT_HOST.fullmatch(url):
            continue
        line_start = text.rfind("\n", max(0, start - 200), start) + 1
        if wire_label.search(scan, max(line_start, start - 160), start):
            continue
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        key = url.split("://", 1)[1].rstrip("/").lower()
        if key not in seen:
            seen.add(key)
            out.append(url)
        if len(out) >= limit:
            break
    return out

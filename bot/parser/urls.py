"""Web addresses named in the release text, normalised with a scheme (`www.immunogen.com` ->
`https://www.immunogen.com`). E-mail addresses are not web addresses.

Found from three fast anchors: `http(s)://`, `www.`, and a known top-level domain (`.com`, `.ca`, ...) whose
host is then read backwards; a path after the host is kept.

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
_HOST_BEFORE = r"(?<![@\w.\-/])[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,62}){0,3}$"
_WIRE_LABEL = (
    r"(?:view\s+original\s+content|multimedia\s+gallery\s+available|view\s+(?:the\s+)?source\s+version|"
    r"source\s+version\s+of\s+this|archive\s+at|view\s+the\s+original\s+(?:press\s+)?release\s+on|"
    r"information\s+was\s+brought\s+to\s+you\s+by|"
    r"view\s+(?:the\s+)?(?:full\s+)?(?:release|multimedia|photos?|video)\s+(?:here|at|on))[^\n]{0,60}$"
)
# (scheme, www, TLD, host before a TLD, wire label) as written (all lower case): matched case-sensitively against
# the lower-cased text (much faster than IGNORECASE), or with IGNORECASE against the text itself when lower-casing
# would not map it letter for letter ("İ" becomes two characters; "ı" and "ſ" match "i"/"s" only ignoring case).
_CASED = tuple(re.compile(p) for p in (_SCHEME, _WWW, _TLD, _HOST_BEFORE, _WIRE_LABEL))
_UNCASED = tuple(re.compile(p, re.IGNORECASE) for p in (_SCHEME, _WWW, _TLD, _HOST_BEFORE, _WIRE_LABEL))
_TRAIL = ".,;:!?'\"”’)]}"
_DIGIT_HOST = re.compile(r"\d{1,6}\.[a-z]{2}$", re.IGNORECASE)  # "2619.HK", "0700.HK": a listing, not a host


def find_urls(text: str, limit: int = 50) -> list[str]:
    """URLs in first-seen order, deduplicated, trailing punctuation dropped, `https://` added when missing."""
    lower = text.lower()
    if len(lower) == len(text) and "ı" not in lower and "ſ" not in lower:
        scan, (scheme, www, tld, host_before, wire_label) = lower, _CASED
    else:
        scan, (scheme, www, tld, host_before, wire_label) = text, _UNCASED
    spans: list[tuple[int, int]] = []
    for pattern in (scheme, www):
        for match in pattern.finditer(scan):
            if not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    for match in tld.finditer(scan):
        if any(s <= match.start() < e for s, e in spans):
            continue
        host = host_before.search(scan, max(0, match.start() - 200), match.start())
        if host is None:
            continue
        spans.append((host.start(), match.end()))
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

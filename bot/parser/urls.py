"""Web addresses named in the release text, normalised with a scheme (`www.immunogen.com` ->
`https://www.immunogen.com`). E-mail addresses are not web addresses."""

from __future__ import annotations

import re

_URL = re.compile(
    r"(?<![@\w.\-/])(?:(?:https?://)[^\s<>\"'“”()\[\]]{3,300}"
    r"|www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>\"'“”()\[\]]{0,300})?"
    r"|[a-z0-9][a-z0-9\-]{1,62}\.(?:com|org|net|io|ai|bio|co|ca|de|uk|co\.uk|com\.au|fr|ch|se|fi|dk|no|nl|eu|us|"
    r"health|tech|info|biz)(?:/[^\s<>\"'“”()\[\]]{0,300})?)(?![\w@\-])",
    re.IGNORECASE,
)
_TRAIL = ".,;:!?'\"”’)]}"


def find_urls(text: str, limit: int = 50) -> list[str]:
    """URLs in first-seen order, deduplicated, trailing punctuation dropped, `https://` added when missing."""
    seen: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAIL)
        if "@" in url or len(url) < 5:
            continue
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        key = url.split("://", 1)[1].rstrip("/").lower()
        if key not in {k.split("://", 1)[1].rstrip("/").lower() for k in seen}:
            seen[url] = None
        if len(seen) >= limit:
            break
    return list(seen)

"""Making untrusted release text safe for Slack mrkdwn, and clipping it to Slack's limits.

Slack's mrkdwn control characters are `&`, `<` and `>` ("Formatting text for app surfaces: escaping text"):
escaping them is what keeps `<!channel>`, `<@U123>` and `<http://x|y>` in a release from pinging anyone or
becoming a link. Formatting characters (`*`, `_`, `~`, backtick) have no escape in mrkdwn, so `inert()` swaps
them for look-alikes; `bot.render.terminal` maps them back for the terminal.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

_LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
"""mrkdwn formatting characters -> look-alikes Slack does not interpret (asterisk operator, modifier low macron,
tilde operator, modifier grave accent)."""
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
UNLOOKALIKE_TABLE = str.maketrans({v: k for k, v in _LOOKALIKES.items()})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_URL_FORBIDDEN = re.compile(r"[\s<>|\"\x00-\x1f\x7f]")
_URL_START = re.compile(r"(?i)^https?://([a-z0-9.\-]+|\[[0-9a-f:]+\])(:\d{1,5})?([/?#]|$)")
"""An http(s) URL's start: a host name or bracketed IPv6 address (no `user@` part: it hides the real host)."""
_PARTIAL_TAIL = re.compile(r"(&[#a-zA-Z0-9]{0,8}|<[^>\n]*)$")


def escape(text: str) -> str:
    """Escape Slack mrkdwn's control characters: `&` -> `&amp;`, `<` -> `&lt;`, `>` -> `&gt;`.

    The result can be put in any Slack text field without pinging or linking; `&lt;!channel&gt;` typed in a
    release becomes `&amp;lt;!channel&amp;gt;` and shows literally as written.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean(text: str | None) -> str:
    """Untrusted text made single-spaced: control and bidi-override characters dropped, whitespace collapsed."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub("", text).split())


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters (at a word boundary when one is near), ending in `…` when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def inert(text: str | None, limit: int | None = None) -> str:
    """Untrusted text for a mrkdwn field: cleaned, clipped to `limit` characters (before escaping), escaped, and
    with formatting characters replaced by look-alikes so it can neither ping, link nor restyle the message."""
    cleaned = clean(text)
    if limit is not None:
        cleaned = clip(cleaned, limit)
    return escape(cleaned).translate(_LOOKALIKE_TABLE)


def plain(text: str | None, limit: int | None = None) -> str:
    """Untrusted text for a `plain_text` object or the fallback `text`: cleaned, clipped, escaped (`& < >`)."""
    cleaned = clean(text)
    if limit is not None:
        cleaned = clip(cleaned, limit)
    return escape(cleaned)


def fit(mrkdwn: str, limit: int) -> str:
    """Already-rendered mrkdwn cut to `limit` characters without splitting an entity (`&amp;`) or a `<...>` link:
    a cut line is dropped whole when possible, else cut and a dangling entity/link removed."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    budget = limit - 1
    head = mrkdwn[:budget]
    newline = head.rfind("\n")
    if newline > budget // 2:
        head = head[:newline]
    else:
        head = _PARTIAL_TAIL.sub("", head)
    return head.rstrip() + ELLIPSIS


def safe_url(url: str | None) -> str | None:
    """`url` when it is safe to put in a Slack link `<url|label>`: an http(s) URL with a host, no `user@` part, no
    whitespace, control characters, quotes, `|`, `<` or `>`, and at most 3,000 characters (Slack's URL limit);
    else None. `&` is escaped as Slack requires inside links."""
    if not url:
        return None
    candidate = unicodedata.normalize("NFC", url.strip())
    if len(candidate) > 3000 or _URL_FORBIDDEN.search(candidate):
        return None
    match = _URL_START.match(candidate)
    if match is None or ("." not in match.group(1) and not match.group(1).startswith("[")):
        return None
    return candidate.replace("&", "&amp;")


def link(url: str | None, label_mrkdwn: str) -> str:
    """A mrkdwn link `<url|label>` when `url` is safe, else the label alone. `label_mrkdwn` must be escaped."""
    safe = safe_url(url)
    return f"<{safe}|{label_mrkdwn}>" if safe else label_mrkdwn

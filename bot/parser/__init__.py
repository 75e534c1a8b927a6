"""The shared press-release parser: a pure function from text or HTML (+ optional feed hints) to a
`ParsedRelease`. No I/O, no Slack, no store: see `shared/spec/parsed-release.md` for the output contract.
"""

from bot.parser.models import FeedHints, ParsedRelease

PARSER_VERSION = "0.1.0"

__all__ = ["PARSER_VERSION", "FeedHints", "ParsedRelease", "parse_release"]


def parse_release(source: str | bytes, hints: FeedHints | None = None, *, is_html: bool | None = None) -> ParsedRelease:
    """Parse one release. Placeholder until the parser lands: returns the body only, with a warning."""
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    return ParsedRelease(parser_version=PARSER_VERSION, body=text, warnings=["parser not implemented yet"])

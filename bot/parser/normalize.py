"""Input preparation for the parser: bytes, HTML pages and PDF/OCR text -> clean paragraphs.

`prepare()` is the one entry point. Its output `text` has paragraphs separated by exactly one blank line; inside a
paragraph, lines that are separate in the release (contact blocks, addresses, list items, table rows, a headline
wrapped over two lines) stay separate lines joined by a single newline. Every line is stripped and has single
spaces. Hard line wraps of PDF/OCR text are joined.

Character conventions (what parser-extract can rely on):
- Smart quotes “ ” ‘ ’ are kept as written (they carry open/close information quote attribution uses); straight
  quotes are kept too. Dashes (– —) and ellipses are kept.
- Non-breaking and other odd spaces become a plain space; zero-width characters, soft hyphens, NUL and other
  control characters are removed; ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) are expanded; text is in Unicode NFC.
- For HTML, `text` starts with the page title as its own paragraph (added when the article container lacks it).

Page layout lives in `bot.parser.pdftext`, OCR repairs in `bot.parser.ocr`, HTML extraction in `bot.parser.html`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from bot.parser.dateline import MONTH
from bot.parser.html import html_to_text
from bot.parser.pdftext import is_marker_line, layout_text

__all__ = ["Prepared", "clean_chars", "decode_bytes", "looks_like_html", "prepare"]


@dataclass
class Prepared:
    """Normalised release text.

    `text`: paragraphs separated by one blank line, hard wraps joined, OCR repaired (see the module docstring).
    `title`: the page title for HTML input (the article's h1, else og:title, else <title> without its " | site"
    suffix); None for text. `warnings`: what was repaired or lost, in plain words, each kind once.
    `source`: how the text was obtained: "text", "edgar-text", or "html:<container>" such as "html:globenewswire",
    "html:edgar", "html:trafilatura", "html:body".
    """

    text: str
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: str = "text"


# --- decoding ---------------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_RE = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
# Declarations that mean "western 8-bit": bytes that are not UTF-8 are then read as Windows-1252 anyway.
_WESTERN = {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"}


# Bytes that are not UTF-8 arrive as lone surrogates (surrogateescape) and are read as Windows-1252 (Latin-1 for
# its five unassigned bytes): one C-speed translate instead of a Python error handler per byte.
_SURROGATE_RE = re.compile("[\udc80-\udcff]")
_SURROGATE_TO_CP1252 = {0xDC00 + b: bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0x100)}


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> (str, warnings). Order: a BOM; UTF-16 without BOM (many NULs); UTF-8; a declared non-western
    charset (`<meta charset>`, `<?xml encoding>`); else UTF-8 with undecodable bytes read as Windows-1252, which
    also covers Latin-1 and pages whose declared charset is wrong. Never raises."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8":
                text = data[len(bom) :].decode(codec, "surrogateescape")
                bad = len(_SURROGATE_RE.findall(text))
                return _SURROGATE_RE.sub("\ufffd", text) if bad else text, _replaced(bad, "UTF-8")
            text = data[len(bom) :].decode(codec, "replace")
            return text, _replaced(text.count("\ufffd"), codec.upper())
    head = data[:4096]
    if 0 in head and head.count(0) > len(head) // 4:
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        text = data.decode(codec, "replace")
        return text, [f"decoded as {codec.upper()} (no byte order mark)", *_replaced(text.count("\ufffd"), "UTF-16")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_RE.search(head)
    name = ""
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            name = ""
        if name and name not in _WESTERN:
            try:
                return data.decode(name), []
            except (UnicodeDecodeError, LookupError):
                pass
    note = f" (declared charset {name!r} did not match)" if name == "utf-8" else ""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_SURROGATE_RE.findall(text))
    return text.translate(_SURROGATE_TO_CP1252), [f"{_bytes(bad)} not valid UTF-8 and decoded as Windows-1252{note}"]


def _bytes(count: int) -> str:
    return "1 byte was" if count == 1 else f"{count} bytes were"


def _replaced(count: int, codec: str) -> list[str]:
    """The warning for `count` undecodable bytes replaced by U+FFFD (none when `count` is 0)."""
    return [f"{_bytes(count)} not valid {codec} and replaced by the replacement character \ufffd"] if count else []


# --- character clean-up -----------------------------------------------------------------------------------------

_CHAR_MAP: dict[str, str] = {
    "\u00a0": " ", "\u1680": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": "\t",
    "\u00ad": "", "\u180e": "", "\ufeff": "", "\u2060": "", "\u2061": "", "\u2062": "", "\u2063": "", "\u2064": "",
    "\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\f", "\x85": "\n",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}  # fmt: skip
_CHAR_MAP.update({chr(c): " " for c in range(0x2000, 0x200B)})  # en quad .. hair space
_CHAR_MAP.update({chr(c): "" for c in range(0x200B, 0x2010)})  # zero-width space/joiners, LRM, RLM
_CHAR_MAP.update({chr(c): "" for c in range(0x202A, 0x202F)})  # bidi embeddings
_CHAR_MAP.update({chr(c): "" for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)})  # C0 controls except \t\n\r
# C1 controls in a str usually mean Windows-1252 bytes read as Latin-1 (\x93 is a left double quote).
for _c in range(0x80, 0xA0):
    if chr(_c) not in _CHAR_MAP:
        _CHAR_MAP[chr(_c)] = bytes([_c]).decode("cp1252", "ignore")
# Lone surrogates (from JSON or a bad decoder) cannot be stored or encoded: they become U+FFFD.
_ANY_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ODD_CHARS_RE = re.compile("[" + re.escape("".join(k for k in _CHAR_MAP if k != "\t")) + "\ud800-\udfff]")
# The ASCII ones as bytes: in ASCII text a C-level byte count finds them faster than a character-class search.
_ASCII_ODD_CHARS = "".join(k for k in _CHAR_MAP if k != "\t" and k.isascii()).encode("ascii")

# UTF-8 read as Windows-1252 ("Ã©" for "é", "â€™" for "’"): a lead byte char followed by continuation byte chars.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONT = "[\x80-\xbf" + re.escape(_CP1252_HIGH) + "]"
_MOJIBAKE_RE = re.compile(f"(?=[\xc2-\xf4])(?:[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}})+")
_TO_CP1252 = {ch: bytes([b]) for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", "ignore"))}
# Each run starts with a lead character (Â..ô) right before a continuation character: in the text's UTF-8 that
# pair starts with the byte \xc3, which a C-level scan finds fast (most non-ASCII text has no such pair at all).
_LEAD_CONT_UTF8_RE = re.compile(
    b"\xc3[\x82-\xb4](?:"
    + b"|".join(re.escape(ch.encode()) for ch in [*map(chr, range(0x80, 0xC0)), *_CP1252_HIGH])
    + b")"
)


def _fix_mojibake(text: str, warnings: list[str]) -> str:
    if text.isascii() or not _LEAD_CONT_UTF8_RE.search(text.encode("utf-8", "surrogatepass")):
        return text
    fixed = 0

    def repair(m: re.Match[str]) -> str:
        nonlocal fixed
        raw = b"".join(_TO_CP1252.get(ch) or bytes([ord(ch)]) for ch in m.group())
        try:
            out = raw.decode("utf-8")
        except UnicodeDecodeError:
            return m.group()
        fixed += 1
        return out

    text = _MOJIBAKE_RE.sub(repair, text)
    if fixed:
        warnings.append(f"repaired mis-decoded UTF-8 characters ({fixed}x)")
    return text


def _has_odd_chars(text: str) -> bool:
    """Whether `text` holds a character `_ODD_CHARS_RE` matches."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_ODD_CHARS)) != len(data)
    return _ODD_CHARS_RE.search(text) is not None


def clean_chars(text: str, warnings: list[str] | None = None) -> str:
    """Character-level clean-up (see the module docstring): line ends to `\\n`, odd spaces to " ", zero-width and
    control characters removed, ligatures expanded, soft hyphens removed (one at a line end joins the word),
    mojibake repaired, NFC. Form feeds are kept as `\\f` (page breaks, used by the text layout)."""
    warnings = [] if warnings is None else warnings
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _fix_mojibake(text, warnings)
    if "\u00ad" in text:
        text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text)
    if _has_odd_chars(text):
        text = _ODD_CHARS_RE.sub(lambda m: _CHAR_MAP.get(m.group(), "\ufffd"), text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _has_surrogates(text: str) -> bool:
    """Whether `text` holds a lone surrogate (only those make strict UTF-8 encoding fail: a C-level test)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lost_before_parsing(text: str) -> list[str]:
    """Warnings for a str that arrived already damaged: replacement characters (decoded upstream with
    errors="replace") and lone surrogates (they become U+FFFD here)."""
    if text.isascii():
        return []
    out = []
    if count := text.count("\ufffd"):
        out.append(
            f"the text already had {count} replacement character{'s' * (count != 1)} (\ufffd): some bytes were "
            "not valid in their encoding and were lost before parsing"
        )
    if _has_surrogates(text) and (count := len(_ANY_SURROGATE_RE.findall(text))):
        plural = "s" * (count != 1)
        out.append(
            f"{count} invalid character{plural} (lone surrogates) not valid Unicode; dropped or replaced by \ufffd"
        )
    return out


# --- entry point ------------------------------------------------------------------------------------------------

_HTML_START_RE = re.compile(r"[\s\ufeff]*<(?:[!?]|[a-zA-Z])")
_EDGAR_DOC_RE = re.compile(r"<DOCUMENT>\s*<TYPE>([^\n<]*)(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_EDGAR_TEXT_RE = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.S | re.I)
_ANY_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,200}>|<!--")
_HTML_TAG_RE = re.compile(r"<(?:html|body|p|div|table|font|br)\b", re.I)
_EDGAR_PAGE_RE = re.compile(r"^[ \t]*</?PAGE>[ \t]*$", re.M | re.I)


def looks_like_html(text: str) -> bool:
    """True when the content starts (after whitespace) with a tag, a comment or a doctype."""
    return bool(_HTML_START_RE.match(text[:256]))


def _edgar_document(text: str) -> str | None:
    """The exhibit text of an EDGAR submission file (`<DOCUMENT><TYPE>EX-99.1 ... <TEXT>...`): the first EX-99
    document, else the first document; None when `text` is not one."""
    head = text[:200_000]
    if "<DOCUMENT>" not in head and "<document>" not in head:
        return None
    first: str | None = None
    for m in _EDGAR_DOC_RE.finditer(text):
        body = _EDGAR_TEXT_RE.search(m.group(2))
        content = body.group(1) if body else m.group(2)
        if m.group(1).strip().upper().startswith("EX-99"):
            return content
        first = content if first is None else first
    return first


def _finish(text: str) -> str:
    """Strip and single-space every line; drop marker lines ("FOR IMMEDIATE RELEASE", "###"); at most one blank
    line between paragraphs; no leading/trailing blanks."""
    paragraphs = []
    for block in _BLANK_LINE_RE.split(text):
        if "\n" in block:
            lines = [" ".join(line.split()) for line in block.split("\n")]
            para = "\n".join(line for line in lines if line and not is_marker_line(line))
        else:  # one line (most paragraphs of prepared text): no list to build
            para = " ".join(block.split())
            para = "" if is_marker_line(para) else para
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


# --- flattened pages ----------------------------------------------------------------------------------------------
# A web page copied as one line (PR Newswire pages in feeds, Dow Jones copies): page furniture is removed and the
# paragraph is split where the page had headings, so datelines, About sections and the trailer can be found.
FLAT_MIN_CHARS = 1000
# "NEWS PROVIDED BY Agency 14 Mar, 2024, 04:00 ET SHARE THIS ARTICLE" (PR Newswire page header)
_PROVIDED_BY_RE = re.compile(r"\s*\bNEWS PROVIDED BY\b.{1,160}?\bSHARE THIS ARTICLE\b\s*", re.IGNORECASE)
# "Headline PR Newswire ARLINGTON, Va., April 29, 2024 Subtitle" (Dow Jones copies: a wire byline with the place)
_WIRE_BYLINE_RE = re.compile(
    r"\s+(?:PR Newswire|Business Wire|GlobeNewswire)\s+(?=[A-Z]{2})[^,\n]{2,40}(?:,[^,\n]{2,30}){0,2},\s*"
    rf"{MONTH}\.?\s+\d{{1,2}},\s*\d{{4}}\s+"
)
# Run-in headings: "... on Twitter. SOURCE Agency", "SOURCE X /CONTACT: ...", "... (END) Dow Jones Newswires".
_RUN_IN_RE = re.compile(
    r"\s+(?=SOURCE\s+[A-Z]|\(END\)\s)|\s+/(?=CONTACT:)"
    r"|(?<=[.!?\"”’)])\s+(?=(?:Cautionary\s+(?:Note|Statement)\s+Regarding\s+)?Forward-Looking\s+Statements\b"
    r"|FORWARD-LOOKING\s+STATEMENTS\b)"
)
# "... million. About Novo Holdings Novo Holdings is ...": the heading's name is written again (or after "The").
_ABOUT_RUN_IN_RE = re.compile(r"(?<=[.!?\"”’)]) About ((\S+)(?: [A-Z0-9&][\w.&'’-]*){0,7}?)(?= (?:The |A |An )?\2\b)")


def _unflatten(para: str) -> str:
    """A one-line page (see above) -> paragraphs separated by blank lines; other paragraphs are returned as
    they are."""
    if "ROVIDED BY" in para or "rovided by" in para:
        para = _PROVIDED_BY_RE.sub("\n\n", para, count=1)
    para = _WIRE_BYLINE_RE.sub("\n\n", para, count=1)
    para = _RUN_IN_RE.sub("\n\n", para)
    if " About " in para:
        para = _ABOUT_RUN_IN_RE.sub(lambda m: f"\n\nAbout {m.group(1)}\n\n", para)
    return "\n\n".join(part.strip() for part in para.split("\n\n") if part.strip())


# Distribution legends above financing releases: "NOT FOR RELEASE, PUBLICATION OR DISTRIBUTION, DIRECTLY OR
# INDIRECTLY, IN OR INTO THE UNITED STATES, CANADA ... OR ANY OTHER JURISDICTION IN WHICH ... WOULD BE UNLAWFUL",
# "/NOT FOR DISTRIBUTION TO U.S. NEWSWIRE SERVICES OR FOR DISSEMINATION IN THE UNITED STATES/". The legend ends
# after "UNITED STATES" and its list of further countries and jurisdictions (in PDF text an all-caps headline may
# follow on the same line).
_LEGEND_RE = re.compile(
    r"/?[ \t]*NOT\s+FOR\s+(?:RELEASE|DISTRIBUTION|DISSEMINATION|PUBLICATION)\b(?:U\.S\.|[^.\n/]){0,300}?"
    r"\bUNITED\s+STATES\b(?!\s+NEWS)(?:\s+OF\s+AMERICA)?"
    r"(?:\s*(?:,|\bOR\b|\bAND\b)\s*(?:THE\s+)?(?:CANADA|AUSTRALIA|JAPAN|SOUTH\s+AFRICA|HONG\s+KONG|NEW\s+ZEALAND|"
    r"SINGAPORE|SWITZERLAND|(?:THE\s+)?UNITED\s+KINGDOM)\b)*"
    r"(?:\s*,?\s*OR\s+(?:IN\s+|INTO\s+|TO\s+)?ANY\s+OTHER\s+(?:JURISDICTION|COUNTRY)\b[^.\n]{0,200}?"
    r"\b(?:UNLAWFUL|PROHIBITED|RESTRICTED|ILLEGAL|REQUIRED)\b|\s*,?\s*OR\s+TO\s+U\.S\.\s+PERSONS)?"
    r"[ \t]*\.?[ \t]*/?[ \t]*",
    re.IGNORECASE,
)
# A legend line that names no country: the whole (short) line is the legend.
_LEGEND_LINE_RE = re.compile(
    r"(?:^|(?<=\n))/?[ \t]*NOT\s+FOR\s+(?:RELEASE|DISTRIBUTION|DISSEMINATION|PUBLICATION)\b[^\n]{0,250}(?:\n|$)",
    re.IGNORECASE,
)
_LEGEND_SCAN = 1500  # legends stand above the headline or the lead


_LEGEND_WORDS = ("release", "distribution", "dissemination", "publication")


def _legend_at(text: str, form: str) -> bool:
    """Whether `form` ("OT FOR ", the end of "NOT FOR ") opens a legend word in the first `_LEGEND_SCAN`
    characters of `text`."""
    at = text.find(form, 0, _LEGEND_SCAN)
    while at >= 0:
        if text[at + 7 : at + 20].lower().startswith(_LEGEND_WORDS):
            return True
        at = text.find(form, at + 7, _LEGEND_SCAN)
    return False


def _drop_legends(text: str) -> str:
    """`text` without a distribution legend near its start (its own paragraph, or glued to the paragraph it
    opens); text without one is returned as is (a substring test first)."""
    if not (_legend_at(text, "OT FOR ") or _legend_at(text, "ot for ")):
        return text  # (a substring test per case form: "not forward-looking" is no legend)
    match = _LEGEND_RE.search(text, 0, _LEGEND_SCAN + 600)
    if match is None or match.start() > _LEGEND_SCAN:
        match = _LEGEND_LINE_RE.search(text, 0, _LEGEND_SCAN + 260)
        if match is None or match.start() > _LEGEND_SCAN:
            return text
    before, after = text[: match.start()].rstrip(" "), text[match.end() :].lstrip(" ")
    if not before or before.endswith("\n") or not after or after.startswith("\n"):
        joined = before.rstrip("\n") + "\n\n" + after.lstrip("\n")
    else:
        joined = before + "\n\n" + after
    return joined.strip("\n")


# "HEADLINE: Acme Announces ... for" (a document export's field label on the first line)
_EXPORT_LABEL_RE = re.compile(r"(?:HEADLINE|Headline|TITLE|Title)\s*:\s+(?=\S)")
# A title line cut after a word that cannot end a title ("... Consent Solicitation for\n\nIts Notes Due 2029").
_OPEN_END_WORDS = frozenset("a an and as at by for from in into its of on onto or our over the their to with".split())


def _title_start(text: str) -> str:
    """The first paragraph without an export label, joined with the next one when it was wrapped after a word
    that cannot end a title (both short, the next one opening with a capital or a digit)."""
    if _EXPORT_LABEL_RE.match(text):
        text = _EXPORT_LABEL_RE.sub("", text, count=1)
    end = text.find("\n\n", 0, 250)
    if end < 0 or "\n" in text[:end]:
        return text
    last = text[text.rfind(" ", 0, end) + 1 : end]
    after = text.find("\n\n", end + 2)
    following = text[end + 2 : after if after >= 0 else len(text)]
    if last in _OPEN_END_WORDS and len(following) < 250 and "\n" not in following and following[:1].isalnum():
        if not following[:1].islower():
            return f"{text[:end]} {text[end + 2 :]}"
    return text


# Syndication text where every HTML span became its own paragraph ("VANCOUVER, BC\n\n,\n\nApril 8, 2021\n\n/CNW/ -").
# Such text has paragraphs that open with a comma, a period or a closing parenthesis, which real paragraphs never do.
_SPAN_START_RE = re.compile(r"\n\n[,.;:)\]]")
_SPAN_MIN = 3  # that many such paragraphs in the first 4,000 characters mark span-broken text
_JOIN_WORDS = frozenset({*_OPEN_END_WORDS, "Mr.", "Ms.", "Mrs.", "Dr.", "per", "than", "about", "between"})


def _opens_quote(text: str) -> bool:
    """Whether `text` ends with an opening quote mark (`("`, ` "`, `“`)."""
    return text.endswith("“") or (text.endswith('"') and (len(text) == 1 or text[-2] in " (["))


def _joins(before: str, after: str) -> str | None:
    """The separator that joins two span paragraphs ("" or " "), or None when `after` starts a new paragraph."""
    first = after[0]
    if first in ",.;:)]" or (first in '"”' and (len(after) == 1 or after[1] in " ),.;:")):
        return ""
    if _opens_quote(before) or before[-1] in "([":
        return ""
    last_word = before[before.rfind(" ") + 1 :]
    if first.islower() or first in "(/$€£" or before[-1] in ",-–—/" or last_word in _JOIN_WORDS:
        return " "
    return None


def _join_spans(text: str) -> str:
    """Span-broken text (see above) with its fragments joined back into paragraphs; other text as it is."""
    if len(_SPAN_START_RE.findall(text, 0, 4000)) < _SPAN_MIN:
        return text
    out: list[str] = []
    for block in text.split("\n\n"):
        sep = _joins(out[-1], block) if out and "\n" not in block and "\n" not in out[-1] else None
        if sep is None:
            out.append(block)
        else:
            out[-1] += sep + block
    return "\n\n".join(out)


# Feed text with one paragraph per line, where a sentence still breaks once: "... that enables sports\nteams, brands".
_LOWER_START_RE = re.compile(r"\n\n(?=[a-z])")
_CONTINUED_MIN = 60  # the line before is prose (longer than a label or a heading)


def _join_broken_sentences(text: str) -> str:
    """A paragraph that opens in lower case joined to the paragraph before it when that one is a long line of
    prose that does not end a sentence (not an e-mail address or web address opening the next one)."""
    if _LOWER_START_RE.search(text) is None:
        return text
    out: list[str] = []
    start = 0
    for match in _LOWER_START_RE.finditer(text):
        before_start = text.rfind("\n", 0, match.start()) + 1
        before = text[before_start : match.start()]
        word_end = text.find(" ", match.end(), match.end() + 80)
        word = text[match.end() : word_end if word_end >= 0 else match.end() + 80]
        if (
            len(before) >= _CONTINUED_MIN
            and (before_start == 0 or text[before_start - 2 : before_start] == "\n\n")
            and before[-1] not in '.!?:;"”’)'
            and "@" not in word
            and word[1:] == word[1:].lower()  # not a brand written in camel case ("eBay", "iPhone")
            and not word.startswith(("www.", "http"))
        ):
            out.append(text[start : match.start()])
            out.append(" ")
            start = match.end()
    out.append(text[start:])
    return "".join(out)


# TheNewswire separates ticker parentheticals with pipes: "Acme Corp. ( TSXV:AC) | ( OTCQB:ACMF) | ( FSE:A1)".
_PIPED_TICKERS_RE = re.compile(r"\)\s*\|\s*(?=\(\s*[A-Za-z][A-Za-z .\-]{1,30}:\s*[A-Z0-9])")


_TICKER_SCAN = 3000  # the lead's ticker group is near the start


def _unpipe_tickers(text: str) -> str:
    """Pipes between ticker parentheticals near the start removed, so that the group reads as stacked tickers
    `(TSXV:AC) (OTCQB:ACMF)`; text without a pipe there is returned as is."""
    head = text[:_TICKER_SCAN]
    if "|" not in head:
        return text
    return _PIPED_TICKERS_RE.sub(") ", head) + text[_TICKER_SCAN:]


def _finish_laid_out(text: str) -> str:
    """`_finish` for `layout_text` output of character-cleaned text, whose lines are already stripped and
    single-spaced and whose paragraphs are already one blank line apart: only marker lines are dropped, and a
    flattened page (one line over `FLAT_MIN_CHARS`) is split into its paragraphs."""
    paragraphs = []
    for para in text.split("\n\n"):
        if "\n" in para:
            para = "\n".join([line for line in para.split("\n") if len(line) >= 32 or not is_marker_line(line)])
        elif len(para) < 32 and is_marker_line(para):  # (marker lines are short)
            continue
        elif len(para) > FLAT_MIN_CHARS:
            para = _unflatten(para)
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


_BLANK_LINE_RE = re.compile(r"\n[ \t\f]*\n")
_COUNTED_RE = re.compile(r"(.*) \((\d+)x\)")


def _merge_warnings(warnings: list[str]) -> list[str]:
    """Each kind once: "joined hard-wrapped lines (3x)" twice (two <pre> blocks) -> "(6x)"; exact repeats dropped."""
    merged: dict[str, int | None] = {}
    for warning in warnings:
        counted = _COUNTED_RE.fullmatch(warning)
        if counted:
            kind = counted.group(1)
            merged[kind] = (merged.get(kind) or 0) + int(counted.group(2))
        else:
            merged.setdefault(warning, None)
    return [kind if n is None else f"{kind} ({n}x)" for kind, n in merged.items()]


def prepare(source: str | bytes, *, is_html: bool | None = None) -> Prepared:
    """Turn raw input (text or HTML, str or bytes) into `Prepared`. `is_html=None` means: HTML when the content
    starts with `<`; `is_html=True` on content without any tag is read as text. Linear in the input size; never
    raises (an unexpected failure degrades to a whitespace-only clean-up with a warning)."""
    warnings: list[str] = []
    try:
        if isinstance(source, bytes | bytearray):
            text, warnings = decode_bytes(bytes(source))
        else:
            text = source
            warnings += _lost_before_parsing(text)
        if is_html is None:
            is_html = looks_like_html(text)
        elif is_html and not _ANY_TAG_RE.search(text, 0, 65_536):
            is_html = False  # said to be HTML but has no markup: its line structure is all there is
        if not is_html:
            text = layout_text(clean_chars(text, warnings), warnings)
            text = _unpipe_tickers(_drop_legends(_join_broken_sentences(_join_spans(_finish_laid_out(text)))))
            return Prepared(_title_start(text), None, warnings, "text")
        # HTML: the parser reads the markup as is; the characters of the extracted text are cleaned afterwards.
        exhibit = _edgar_document(text)
        if exhibit is not None and not _HTML_TAG_RE.search(exhibit[:20_000]):
            exhibit = _EDGAR_PAGE_RE.sub("\f", clean_chars(exhibit, warnings))
            return Prepared(_finish_laid_out(layout_text(exhibit, warnings)), None, warnings, "edgar-text")
        body, title, container = html_to_text(exhibit if exhibit is not None else text, warnings)
        body = _unpipe_tickers(_drop_legends(_finish(clean_chars(body, warnings))))
        title = " ".join(clean_chars(title).split()) if title else None
        return Prepared(body, title or None, _merge_warnings(warnings), f"html:{container}")
    except Exception as exc:  # the parser must never raise on input; say what happened and keep the text
        fallback = source.decode("utf-8", "replace") if isinstance(source, bytes | bytearray) else str(source)
        warnings.append(f"input preparation failed ({type(exc).__name__}); used the raw text")
        return Prepared(_finish(fallback.replace("\r\n", "\n")), None, warnings, "text")

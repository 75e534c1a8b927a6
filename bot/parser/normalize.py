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

Page layout lives in `bot.parser.pdftext`, OCR repairs in `bot.parser.ocr`, HTML extraction in `bot.parser.html`,
clean-up of feed and syndication shapes (flattened pages, legends, span-broken text) in `bot.parser.cleanup`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from bot.parser.cleanup import FLAT_MIN_CHARS, tidy_page_text, tidy_text, unflatten
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
            para = unflatten(para)
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
            return Prepared(tidy_text(_finish_laid_out(text)), None, warnings, "text")
        # HTML: the parser reads the markup as is; the characters of the extracted text are cleaned afterwards.
        exhibit = _edgar_document(text)
        if exhibit is not None and not _HTML_TAG_RE.search(exhibit[:20_000]):
            exhibit = _EDGAR_PAGE_RE.sub("\f", clean_chars(exhibit, warnings))
            return Prepared(_finish_laid_out(layout_text(exhibit, warnings)), None, warnings, "edgar-text")
        body, title, container = html_to_text(exhibit if exhibit is not None else text, warnings)
        body = tidy_page_text(_finish(clean_chars(body, warnings)))
        title = " ".join(clean_chars(title).split()) if title else None
        return Prepared(body, title or None, _merge_warnings(warnings), f"html:{container}")
    except Exception as exc:  # the parser must never raise on input; say what happened and keep the text
        fallback = source.decode("utf-8", "replace") if isinstance(source, bytes | bytearray) else str(source)
        warnings.append(f"input preparation failed ({type(exc).__name__}); used the raw text")
        return Prepared(_finish(fallback.replace("\r\n", "\n")), None, warnings, "text")

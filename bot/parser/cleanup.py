"""Release-level clean-up of laid-out text (input preparation, after `bot.parser.pdftext` layout): shapes of
real feeds, syndication copies and PDF exports that hide a release's structure.

- Flattened pages: a web page copied as one line is split at its headings (`unflatten`).
- Distribution legends (`NOT FOR RELEASE ... UNITED STATES ...`) are page furniture and removed.
- Span-broken syndication text (every HTML span its own paragraph) is joined back.
- A paragraph opening in lower case joins the long unfinished line before it (a single hard wrap in feed text).
- TheNewswire's pipe-separated ticker parentheticals read as one stacked group.
- An export label (`HEADLINE:`) is removed and a title wrapped after a function word is joined.

Every pass is gated by a substring or length test, so text without the shape costs a few microseconds.
"""

from __future__ import annotations

import re

from bot.parser.dateline import MONTH

__all__ = ["FLAT_MIN_CHARS", "tidy_page_text", "tidy_text", "unflatten"]

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
_BYLINE_WIRES = ("PR Newswire ", "Business Wire ", "GlobeNewswire ")
# Run-in headings, each with the substring that gates it: "... on Twitter. SOURCE Agency", "SOURCE X /CONTACT: ...",
# "... (END) Dow Jones Newswires", "... today. Forward-Looking Statements This release ...".
_RUN_INS = (
    ("SOURCE ", re.compile(r"\s+(?=SOURCE\s+[A-Z])")),
    ("(END)", re.compile(r"\s+(?=\(END\)\s)")),
    ("/CONTACT:", re.compile(r"\s+/(?=CONTACT:)")),
    ("orward-Looking Statements", re.compile(r"(?<=[.!?\"”’)])\s+(?=(?:Cautionary\s+(?:Note|Statement)\s+"
                                             r"Regarding\s+)?Forward-Looking\s+Statements\b)")),
    ("FORWARD-LOOKING STATEMENTS", re.compile(r"(?<=[.!?\"”’)])\s+(?=FORWARD-LOOKING\s+STATEMENTS\b)")),
)  # fmt: skip
# "... million. About Novo Holdings Novo Holdings is ...": the heading's name is written again (or after "The");
# matched at each " About " found by substring search, after a sentence end.
_ABOUT_RUN_IN_RE = re.compile(r" About ((\S+)(?: [A-Z0-9&][\w.&'’-]*){0,7}?)(?= (?:The |A |An )?\2\b)")


def _split_about_headings(para: str) -> str:
    out: list[str] = []
    start = 0
    at = para.find(" About ")
    while at > 0:
        match = _ABOUT_RUN_IN_RE.match(para, at) if para[at - 1] in '.!?"”’)' else None
        if match:
            out.append(f"{para[start:at]}\n\nAbout {match.group(1)}\n\n")
            start = match.end() + 1
        at = para.find(" About ", at + 7)
    return "".join(out) + para[start:] if out else para


def unflatten(para: str) -> str:
    """A one-line page (see above) -> paragraphs separated by blank lines; other paragraphs are returned as
    they are. Each split is gated by a substring test."""
    if "ROVIDED BY" in para or "rovided by" in para:
        para = _PROVIDED_BY_RE.sub("\n\n", para, count=1)
    if any(wire in para for wire in _BYLINE_WIRES):
        para = _WIRE_BYLINE_RE.sub("\n\n", para, count=1)
    for gate, run_in in _RUN_INS:
        if gate in para:
            para = run_in.sub("\n\n", para)
    if " About " in para:
        para = _split_about_headings(para)
    if "\n\n" not in para:
        return para
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
# A legend line that names no country: the whole (short, one-sentence) line is the legend.
_LEGEND_LINE_RE = re.compile(
    r"(?:^|(?<=\n))/?[ \t]*NOT\s+FOR\s+(?:RELEASE|DISTRIBUTION|DISSEMINATION|PUBLICATION)\b"
    r"(?:U\.S\.|[^.\n]|\.(?=\S)){0,250}\.?[ \t]*(?:\n|$)",  # one sentence: a lead after it is kept
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


def tidy_text(text: str) -> str:
    """Laid-out plain text (paragraphs one blank line apart) with every clean-up above applied."""
    return _title_start(_unpipe_tickers(_drop_legends(_join_broken_sentences(_join_spans(text)))))


def tidy_page_text(text: str) -> str:
    """Text extracted from an HTML page: legends removed and piped ticker groups joined (the page's markup
    already gives paragraphs and the title)."""
    return _unpipe_tickers(_drop_legends(text))

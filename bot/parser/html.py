"""Wire pages (HTML) -> release text with paragraph and line structure, plus the page title.

The wire's own article container is used first (selectolax/lexbor, ~1 ms for a 60 KB page): GlobeNewswire
(`#main-body-container`), PR Newswire and ACCESSWIRE (`.release-body`), Business Wire (`.bw-release-story`, with
its `.bw-release-contact` block), Newsfile (`#release-body`, `.article-content`), schema.org `articleBody`, common
newsroom containers (`.article-body`, `.entry-content`), EDGAR exhibit documents (the whole body), a generic
`<article>`. Otherwise trafilatura extracts the main text (~5-9 ms; its XML output, which keeps line breaks, lists
and tables, goes through the same structure marking); failing that, the page body is used. Pages nested too deeply
for lexbor's tree building (which is quadratic in depth) are stripped of tags instead.

Structure kept: p, headings, blockquote, lists, tables and pre -> paragraphs; div, li, tr, dt/dd -> lines;
`<br>` -> a line break, two in a row -> a paragraph break; table cells -> " | " between cells of a row; lines of
running prose inside one block become paragraphs (pages built from `<div>`s); `<pre>` text is laid out like a
plain-text release (hard wraps joined).
Dropped: script, style, nav, footer, aside, forms, embedded media and share/social/related widgets.
"""

from __future__ import annotations

import html as html_lib
import re
from itertools import accumulate

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.parser.pdftext import is_prose, layout_text, split_prose_runs

__all__ = ["html_to_text"]

_PARA, _LINE, _BR, _CELL = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS_RE = re.compile("([\ue000-\ue003])")

_CONTAINERS: tuple[tuple[str, str], ...] = (
    ("globenewswire", "#main-body-container"),
    ("globenewswire", ".main-body-container"),
    ("businesswire", "#bw-release-story"),
    ("businesswire", ".bw-release-story"),
    ("businesswire", ".bwNewRelease"),
    ("release-body", "section.release-body"),
    ("release-body", ".release-body"),
    ("prnewswire", "div.col-lg-10.col-lg-offset-1"),
    ("accesswire", "#articlebody"),
    ("newsfile", "#release-body"),
    ("newsfile", ".article-content"),
    ("articleBody", "[itemprop=articleBody]"),
    ("article-body", ".article-body"),  # common newsroom CMS containers
    ("article-body", ".entry-content"),
    ("article-body", ".news-body"),
)
_EXTRA_BLOCKS = {"businesswire": ".bw-release-contact"}  # parts of the release kept outside the main container
_MIN_CONTAINER_CHARS = 80
_TRAFILATURA_MAX_CHARS = 2_000_000
_TRAFILATURA_MAX_TAGS = 20_000

_DROP_TAGS = (
    "script, style, noscript, template, svg, iframe, form, button, nav, footer, aside, select, input, object, "
    "embed, canvas, audio, video, map"
)
_WIDGET_CANDIDATES = "[class*=share], [id*=share], [class*=social], [class*=related], [class*=sidebar], " + (
    "[class*=cookie], [class*=newsletter], [class*=breadcrumb], [class*=advert], [class*=subscribe]"
)
_WIDGET_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharethis|social|related|sidebar|cookie|newsletter|breadcrumbs?|advert\w*|"
    r"subscribe)(?:$|[\s_-])",
    re.I,
)
_PARA_TAGS = "p, h1, h2, h3, h4, h5, h6, blockquote, ul, ol, dl, table, section, article, header, figure, hr"
_LINE_TAGS = "div, li, dt, dd, tr, caption, figcaption, address, center, main"

# Elements whose deep nesting makes lexbor's tree building quadratic (measured: 5,000 nested -> ~120 ms each).
_NESTING_TAGS = (
    "div|section|article|blockquote|ul|ol|dl|main|nav|header|footer|aside|center|pre|address|figure|details|"
    "fieldset|figcaption|menu|dir|hgroup|summary"
)
# Lower and upper case spelled out: a case-sensitive alternation scans ~4x faster than (?i:...).
_NESTING_RE = re.compile(rf"<(/?)(?:{_NESTING_TAGS}|{_NESTING_TAGS.upper()})[\s>/]")
_DEPTH_STEP = {"": 1, "/": -1}
_MAX_NESTING = 400  # real pages nest these a few dozen deep; 400 costs lexbor under 1 ms
_EDGAR_RE = re.compile(r"<type>\s*ex-|\bex-?99|exhibit\s*99|sec\.gov/archives", re.I)
_TITLE_BAR_RE = re.compile(r"\s+[|•·]\s+[^|•·]{1,60}$")
_TITLE_DASH_RE = re.compile(
    r"\s+[-–—]\s+[^-–—]{0,40}(?:wire|news|\.com|finance|reuters|edgar|markets|nasdaq|yahoo)[^-–—]{0,20}$", re.I
)
_SITE_NAMES = re.compile(r"(?:globe ?newswire|pr ?newswire|business ?wire|accesswire|newsfile|cision)\W*", re.I)
_FILE_NAME_RE = re.compile(r"[\w.-]{1,80}")
_EXHIBIT_LABEL_RE = re.compile(r"Exhibit\s+99(?:\.\d+)?", re.I)
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
# Elements whose content is never text: code, styles, inert templates, and the page title (kept apart).
_RAW_OPEN_RE = re.compile(r"<(script|style|noscript|template|title)(?=[\s/>])[^<>]{0,2000}>")
_CODE_OPEN_RE = re.compile(r"<(script|style|noscript|template)(?=[\s/>])[^<>]{0,2000}>")  # title kept
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_BLOCK_TAG_RE = re.compile(r"<\s*/?\s*(?:p|div|br|li|tr|h[1-6]|table|ul|ol|section|article)\b[^<>]{0,2000}>", re.I)


def _too_deep(html: str) -> bool:
    if html.count("<") <= _MAX_NESTING:
        return False  # cannot nest deeper than the number of tags
    steps = map(_DEPTH_STEP.__getitem__, _NESTING_RE.findall(html))  # "" opens, "/" closes; C-speed loop
    return max(accumulate(steps, initial=0)) > _MAX_NESTING


def _drop_raw_text(html: str, opening: re.Pattern[str] = _RAW_OPEN_RE) -> tuple[str, str | None]:
    """(page without script/style/noscript/template/title elements, the <title> text or None); `opening` may
    name fewer elements. Their content is code or page furniture, never release text; an element left open runs
    to the end of the page, as in a browser. Linear: each search starts where the previous element ended."""
    lower = html.lower()
    if len(lower) != len(html):  # a few non-ASCII letters change length when lower-cased: fold ASCII only
        lower = html.translate(_ASCII_LOWER)
    kept: list[str] = []
    title: str | None = None
    pos = 0
    while (match := opening.search(lower, pos)) is not None:
        kept.append(html[pos : match.start()])
        close = lower.find("</" + match.group(1), match.end())
        content_end = len(html) if close < 0 else close
        if match.group(1) == "title" and title is None:
            title = html_lib.unescape(html[match.end() : content_end])
        end = lower.find(">", close) if close >= 0 else -1
        pos = len(html) if end < 0 else end + 1
    kept.append(html[pos:])
    return "".join(kept), title


def _strip_tags(html: str) -> tuple[str, str | None]:
    """Crude tag removal for pages too deeply nested to parse in time: script/style/noscript/template content is
    dropped, block tags become line breaks. Returns (text, page title or None)."""
    html, title = _drop_raw_text(html)
    text = _BLOCK_TAG_RE.sub("\n", html)
    return html_lib.unescape(_TAG_RE.sub(" ", text)), _clean_title(title)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    for pattern in (_TITLE_BAR_RE, _TITLE_DASH_RE):
        shorter = pattern.sub("", title)
        if len(shorter) >= 5:
            title = shorter
    return title or None


def _page_title(tree: LexborHTMLParser, container: LexborNode | None) -> str | None:
    """The article's h1, else og:title, else <title>, each without a " | site" suffix."""
    for scope in (container, tree.body):
        if scope is None:
            continue
        for h1 in scope.css("h1"):
            text = " ".join(h1.text().split())
            if len(text) >= 10 and not _SITE_NAMES.fullmatch(text):
                return _clean_title(text)
    og = tree.css_first('meta[property="og:title"]')
    if og is not None and og.attributes.get("content"):
        return _clean_title(og.attributes.get("content"))
    node = tree.css_first("title")
    if node is None or _FILE_NAME_RE.fullmatch(node.text().strip()):
        return None  # EDGAR exhibits are titled with their file name ("ex99-1.htm")
    return _clean_title(node.text())


def _drop_junk(root: LexborNode) -> None:
    for node in root.css(_DROP_TAGS):
        node.decompose()
    for node in root.css(_WIDGET_CANDIDATES):
        attrs = node.attributes
        if _WIDGET_RE.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            node.decompose()


def _mark_structure(root: LexborNode, warnings: list[str]) -> None:
    for node in root.css("td p, th p, td div, th div, td li, th li, td h1, td h2, td h3, td h4, th h4"):
        node.unwrap()  # a table cell stays one cell, whatever blocks it wraps its text in
    for node in root.css("td br, th br"):
        node.insert_before(" ")
        node.decompose()
    for pre in root.css("pre"):
        # preformatted text (EDGAR exhibits, wire text versions) is laid out like any plain-text release
        laid_out = layout_text(pre.text(), warnings)
        pre.replace_with(_PARA + laid_out.replace("\n\n", _PARA).replace("\n", _BR + _LINE) + _PARA)
    for node in root.css(_PARA_TAGS):
        node.insert_before(_PARA)
        node.insert_after(_PARA)
    for node in root.css(_LINE_TAGS):
        node.insert_before(_LINE)
        node.insert_after(_LINE)
    for node in root.css("td, th"):
        node.insert_after(_CELL)
    for node in root.css("br"):
        node.insert_after(_BR)


def _resolve_markers(marked: str) -> str:
    """Marked text -> paragraphs ("\\n\\n") of lines ("\\n") of " | "-separated cells. Linear, one pass."""
    paragraphs: list[str] = []
    lines: list[str] = []
    cells: list[str] = []
    words: list[str] = []
    breaks = 0  # <br>s in a row with nothing between

    def end_cell() -> None:
        if words:
            cell = " ".join(" ".join(words).split())
            if cell:
                cells.append(cell)
            words.clear()

    def end_line() -> bool:
        end_cell()
        if not cells:
            return False
        lines.append(" | ".join(cells))
        cells.clear()
        return True

    def end_paragraph() -> None:
        end_line()
        if lines:
            paragraphs.append("\n".join(lines))
            lines.clear()

    for token in _MARKERS_RE.split(marked):
        if token == _CELL:
            end_cell()
        elif token == _LINE:
            if end_line():
                breaks = 1
        elif token == _BR:
            breaks = 1 if end_line() else breaks + 1
            if breaks >= 2:
                end_paragraph()
        elif token == _PARA:
            end_paragraph()
            breaks = 0
        elif token and not token.isspace():
            words.append(token)
            breaks = 0
    end_paragraph()
    return "\n\n".join(paragraphs)


def _split_prose(text: str) -> str:
    """Inside an HTML paragraph, lines of running prose become paragraphs of their own (pages that use `<div>`
    or `<br>` for paragraphs, a heading `<b>About X</b><br>` above its text); runs of short lines (contacts,
    addresses) and table rows stay together. Same rule as for unwrapped plain text."""
    out: list[str] = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if len(lines) == 1:
            out.append(para)
            continue
        out.extend(split_prose_runs(lines, [" | " not in line and is_prose(line) for line in lines]))
    return "\n\n".join(out)


def _node_text(node: LexborNode, warnings: list[str]) -> str:
    _drop_junk(node)
    _mark_structure(node, warnings)
    return _split_prose(_resolve_markers(node.text(deep=True)))


def _find_container(tree: LexborHTMLParser, html: str) -> tuple[str, list[LexborNode]]:
    """(container name, nodes to read) for the wire's article container; ("", []) when none is known."""
    for name, selector in _CONTAINERS:
        sized = [(len(node.text(deep=True)), node) for node in tree.css(selector)]
        if sized and max(size for size, _ in sized) >= _MIN_CONTAINER_CHARS:
            node = max(sized, key=lambda pair: pair[0])[1]  # the release, not a teaser using the same class
            extra = tree.css(_EXTRA_BLOCKS[name]) if name in _EXTRA_BLOCKS else []
            return name, [node, *extra]
    if tree.body is not None and _EDGAR_RE.search(html[:5000]):
        return "edgar", [tree.body]
    articles = [a for a in tree.css("article") if len(a.text(deep=True)) >= _MIN_CONTAINER_CHARS]
    if articles:
        return "article", [max(articles, key=lambda a: len(a.text(deep=True)))]
    return "", []


# trafilatura's XML elements -> HTML ones, so its output goes through the same structure marking as a container.
_TRAFILATURA_TAGS = {"head": "h2", "list": "ul", "item": "li", "row": "tr", "cell": "td", "quote": "blockquote"}
_TRAFILATURA_TAG_RE = re.compile(r"<(/?)(head|list|item|row|cell|quote)\b")


def _trafilatura_text(html: str, warnings: list[str]) -> str | None:
    if len(html) > _TRAFILATURA_MAX_CHARS or html.count("<") > _TRAFILATURA_MAX_TAGS:
        return None  # trafilatura costs ~50 us per element: huge or tag-stuffed pages use the plain body walk
    import trafilatura  # imported on first use: ~0.3 s import, only needed for pages without a known container

    try:
        xml = trafilatura.extract(
            _drop_raw_text(html, _CODE_OPEN_RE)[0],  # trafilatura keeps <template> content as text
            output_format="xml",
            include_tables=True,
            include_comments=False,
            include_links=False,
        )
    except Exception:  # trafilatura/lxml can fail on odd markup; the page body is used instead
        return None
    if not xml:
        return None
    xml = _TRAFILATURA_TAG_RE.sub(
        lambda m: f"<{m.group(1)}{_TRAFILATURA_TAGS[m.group(2)]}", xml.replace("<lb/>", "<br>")
    )
    root = LexborHTMLParser(xml).body
    return _node_text(root, warnings) if root is not None else None


def html_to_text(html: str, warnings: list[str]) -> tuple[str, str | None, str]:
    """(text, title, container name) for an HTML page. Text paragraphs are "\\n\\n"-separated, lines "\\n"; the
    title, when found and not already the first paragraph, is prepended as the first paragraph."""
    if any(marker in html for marker in (_PARA, _LINE, _BR, _CELL)):
        html = _MARKERS_RE.sub("", html)
    if _too_deep(html):
        warnings.append("HTML nested too deeply to parse; tags were stripped")
        text, title = _strip_tags(html)
        return _with_title(text, title), title, "stripped"
    tree = LexborHTMLParser(html)
    name, nodes = _find_container(tree, html)
    title = _page_title(tree, nodes[0] if nodes else None)
    if nodes:
        text = "\n\n".join(_node_text(node, warnings) for node in nodes)
        if name == "edgar":
            first, _, rest = text.lstrip().partition("\n\n")
            text = rest if _EXHIBIT_LABEL_RE.fullmatch(first) else text
    else:
        extracted = _trafilatura_text(html, warnings)
        if extracted:
            name, text = "trafilatura", extracted
        else:
            name, text = "body", (_node_text(tree.body, warnings) if tree.body is not None else "")
            if not text.strip():
                warnings.append("no text found in the HTML page")
    return _with_title(text, title), title, name


def _with_title(text: str, title: str | None) -> str:
    """`text` with the page title prepended as its first paragraph unless one of the first three starts with it."""
    if title:
        folded = title.casefold()
        head = [" ".join(p.split()).casefold() for p in text.lstrip().split("\n\n", 3)[:3]]
        if not any(p.startswith(folded) for p in head):
            text = f"{title}\n\n{text}"
    return text

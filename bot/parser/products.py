"""Products and drug candidates with their development code and clinical phase.

Shapes: `trastuzumab emtansine (T-DM1)`, `ABC-123 (examplimab)`, `BRAND® (generic)`, and a bare code
(`ABC-123`, `IMGN853`) in a sentence that names a phase or calls it a candidate/programme. The phase is the one
written in the same sentence (`Phase II`, `Phase 1b`, `Phase 1/2`), with OCR confusions repaired
(`Phase Il` -> `Phase II`).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, chain, pairwise

from bot.parser.models import Product
from bot.parser.text import split_sentences

CODE = r"[A-Z][A-Z0-9]{0,5}-?[A-Z]{0,3}[0-9]{1,6}[A-Za-z]?"
_CODE_RE = re.compile(CODE)
_OCR_TWO_RE = re.compile(r"Il|lI|ll")
_GENERIC = r"[a-z][a-z\-]{4,30}(?:\s[a-z][a-z\-]{4,30})?"
# Both shapes are found from the parenthesis (a literal first character keeps the scan fast), then the text
# right before it is checked for the generic name or the code.
_PAREN_CODE = re.compile(rf"\(\s*(?P<code>{CODE})\s*\)")
_PAREN_NAME = re.compile(rf"\(\s*(?P<name>{_GENERIC})\s*\)")
_PAREN_PAIR = re.compile(rf"\(\s*(?P<name>{_GENERIC})\s*[,;]\s*(?P<code>{CODE})\s*\)")  # "BRAND (generic, CODE)"
_NAME_BEFORE = re.compile(rf"(?<![\w\-])(?P<name>{_GENERIC})\s*$")
_CODE_BEFORE = re.compile(rf"(?<![\w\-])(?P<code>{CODE})\s*$")
# A marked name read whole: from a word start ("iPods®" is no "Pods"), with the capitalised words of a multi-word
# mark ("ENERGY STAR®"), and the generic name or code in parentheses after it.
_BRAND = re.compile(
    rf"(?<![\w\-])(?P<brand>[A-Z][A-Za-z0-9\-]{{2,30}}(?:\s+[A-Z][A-Z0-9\-]{{1,30}})*)\s*[®™]\s*"
    rf"(?:\(\s*(?:(?P<name>{_GENERIC})|(?P<code>{CODE}))\s*\))?"
)
# Capitalised words right before a parenthesised code name the product: "Digital Media Player (DMP9100)".
_TITLE_BEFORE = re.compile(r"(?<![\w\-])(?P<name>[A-Z][\w\-+&]*(?:\s+[A-Z0-9][\w\-+&]*){0,5})\s*$")
_TITLE_LEADING = frozenset("The A An Its Our Their This New".split())
_NOT_TITLE_WORDS = frozenset(
    """Phase Study Trial Program Programme Cohort Part Arm Protocol Patent Form Section Class Series Item Rule Note
    Notes Inc Corp Ltd LLC Limited Company Nasdaq NYSE TSX""".split()
)
# Starts with a character class so the scan skips to upper-case letters; the look-behind after the first letter
# checks the character before it (no letter, digit, hyphen or slash).
_CODE_REST = CODE.removeprefix("[A-Z]")  # CODE after its first letter
_BARE_CODE = re.compile(rf"(?P<code>[A-Z](?<![\w\-/].){_CODE_REST})(?![\w\-/])")
_PHASE = re.compile(
    r"\bPhase(?<!SBIR\sPhase)(?<!STTR\sPhase)\s+(?P<ph>(?:[1-4]|IV|I{1,3}|Il{1,2}|l{1,3})[ab]?(?:\s*/\s*(?:[1-4]|IV|I{1,3}|Il{1,2})[ab]?)?)(?![\w])(?!\s+(?:SBIR|STTR|contract|award|IDIQ|grant)\b)",
    re.IGNORECASE,
)
# Finding the sentences that can name a product (`_product_sentences`) with literal searches over the whole text.
_MAX_PARAGRAPH = 20_000
_MAX_SENTENCE = 2_000
_PAREN_EITHER = re.compile(rf"\(\s*(?:{CODE}|{_GENERIC})\s*\)")
_MARKS = re.compile("[®™]")
# After a marked word, words that make it a product in use rather than a brand mention: a parenthesised generic
# name of any shape ("DUEXIS® (ibuprofen and famotidine)"), an indication, a trial or an approval ("the Niyad™
# clinical study", "... which is indicated for ...").
_USE_CONTEXT = re.compile(
    r"\s*\(\s*[a-z]{4,}|.{0,80}?\b(?:indicated|clinical|trials?|approv(?:al|ed)|PMA|510\(k\)|patients)\b"
)
_PHASE_BYTES = re.compile(rb"phase")  # no letter outside ASCII lower-cases to one of "phase"'s letters


def _shape_byte(byte: int) -> int:
    char = chr(byte)
    if char in string.ascii_uppercase:
        return ord("A")
    if char in string.digits:
        return ord("0")
    return byte if char == "-" else ord(" ")


# The shape of a text, one byte per character: capitals as "A", digits as "0", "-" kept, anything else a space.
# Every code `_bare_code_ok` accepts shows "AA0" (two capitals before a digit: "IMGN853") or "-", up to three
# capitals and a digit ("AB-12", "ABC-X1"); both are literal searches, far cheaper than scanning for `_BARE_CODE`.
_SHAPE = bytes(map(_shape_byte, range(256)))
_CODE_SHAPES = (re.compile(rb"AA0"), re.compile(rb"-A{0,3}0"))

_CANDIDATE_WORDS = (
    "candidate", "product", "program", "compound", "therap", "vaccine", "antibod", "inhibitor", "drug", "device",
    "platform", "treatment", "trial", "study", "asset",
)  # fmt: skip
_INN_STEMS = (
    "mab", "nib", "tide", "cept", "stat", "vir", "cel", "gene", "sen", "lisib", "ciclib", "parib", "tinib",
    "zomib", "lukast", "prazole", "sartan", "olol", "pril", "mycin", "cillin", "platin", "taxel", "rubicin",
    "mide", "vec", "ase", "gliptin", "gliflozin", "glutide", "tansine", "vedotin", "deruxtecan", "govitecan",
    "mertansine", "soravtansine", "lukin", "kinra", "fusp", "dotin", "ravtansine", "stim", "poetin", "parin",
    "oxacin", "azole", "conazole", "triptan", "setron", "dronate", "lutamide", "relix", "gepant", "lisertib",
)  # fmt: skip
_NOT_CODE = re.compile(
    r"(?:COVID-?19|SARS-?CoV-?2|HIV-?[12]|HPV-?\d+|PD-L?1|HER[1-4]|CD\d+|IL-?\d+[A-Z]?|FY\d+|Q[1-4]|H[12]|"
    r"[0-9]+-K|S-\d|F-\d|N\d+|ISO\d+|EU\d+|US\d+|UK\d+|CE\d*|TNF\d*|GLP-?1|KRAS\w*|BRCA\d|EGFR\w*|FGFR\d*|"
    r"CDK\d+|JAK\d*|BTK|VEGF\w*|A\d|B\d|C\d|T\d|P\d+|Form\d+|[A-Z]\d{4,}|R\d+)$"
)


# Products that are the subject of the release: named after a launch verb, a regulatory "approval for", or a
# possessive ("its", "the company's"). After a possessive or "for", only brand-like names count (CamelCase,
# letters with digits, a capital-hyphen name, or an upper-case word of five letters or more). A name that an
# appositive follows ("unveiled Halcyon, the first ...", headline "Announces Halcyon: The First ...") or that
# follows a product noun and a dash ("security product – Vault") is taken as written.
# Matched against the lower-cased text (a case-sensitive scan is ~3x faster than IGNORECASE); the lookahead
# lists every alternative's first letter so most positions fail at once.
_SUBJECT_LOWER = (
    r"\b(?=[acdilmoprstu])(?:(?P<launch>(?:launch(?:es|ed)?|introduc(?:es|ed)|unveil(?:s|ed)?|debut(?:s|ed)?|"
    r"roll(?:s|ed)\s+out|(?:the\s+)?(?:launch|introduction|availability)\s+of)\s+(?:(?:the|a|an|its|our|new)\s+){0,2})"
    r"|(?P<announce>announc(?:es|ed|ing)\s+)"
    r"|(?P<dash>(?:product|platform|solution|service|app|device|system)\s*[–—-]\s+)"
    r"|(?:approval|clearance|mark|authori[sz]ation|designation|registration)\s+(?:for|of)\s+"
    r"(?:the\s+company['’]s\s+|its\s+)?"
    r"|commerciali[sz]ation\s+of\s+|product,\s+"
    r"|(?:its|our|the\s+company['’]s)\s+(?:new\s+)?|(?:deliver|supply|provide)\s+(?:its\s+|the\s+)?)"
)
_SUBJECT = re.compile(_SUBJECT_LOWER)
_SUBJECT_ANY_CASE = re.compile(_SUBJECT_LOWER, re.IGNORECASE)  # when lower-casing changes the text's length
# Where `_SUBJECT` can start after the first character: after a non-word byte, at one of its opening words (a
# letter outside ASCII and any space are one "?" or non-word byte in `str.encode("ascii", "replace")`). Found in
# the bytes, where the scan jumps from one non-word byte to the next, then tried with `_SUBJECT` itself.
_SUBJECT_START = re.compile(
    rb"[^a-z0-9_](?=launch|introduc|unveil|debut|roll|availability|approval|clearance|mark|authori|designation|"
    rb"registration|deliver|supply|provide|announc|commerciali|product, |"
    rb"(?:product|platform|solution|service|app|device|system) ?[-?] |"  # a dash outside ASCII is one "?"
    rb"(?:its|our)[^a-z0-9_]|the[^a-z0-9_]+(?:launch|introduction|availability|company))"
)
_NAME_TOKEN = re.compile(r"\S+")
_NAME_WORD = re.compile(r"[A-Z0-9][\w\-]*|&")
_MARK_TAIL = re.compile(r"(?:[®™℠]|\((?:R|TM|SM)\))+$")
_BRANDY = re.compile(r"[A-Z][a-z]+[A-Z]\w*|[A-Z][\w]*\d[\w]*|[A-Z]-[A-Z][a-z]+|[A-Z]{1,4}-\d+\w*|[A-Z]{5,}")
# What follows a product name set off by a comma or colon: an appositive that says what the thing is or that it is
# new ("Halcyon, the first storage array", "Spendguard, a module that ..."; not "Jane Doe, a veteran executive").
_NEW_THING = re.compile(
    r"\s*(?:the|a|an)\s+(?:(?:[\w'’\-]+\s+)?(?:first|new|next|only|latest)|(?:world|industry)['’]s|"
    r"(?:[\w'’\-]+\s+){0,3}?(?:platform|system|server|device|product|app|application|solution|tool|array|model|chip|"
    r"processor|software|service|suite|engine|module|feature|version|series|kit|robot|vehicle|sensor|camera|test|"
    r"assay|drug|therapy|vaccine|fund|etf|line|range|family|collection|edition|brand)s?)\b",
    re.IGNORECASE,
)
_GENERIC_TAIL = frozenset(
    "platform system systems service services solution solutions device app application software suite tool kit "
    "balloon drug-coated robot technology new".split()
)
_STOP_WORDS = frozenset("for to on in at with from and of by as the a an".split())
_NOT_PRODUCT = frozenset(
    """NASDAQ NYSE GLOBE NEWSWIRE BUSINESS WIRE ACCESSWIRE SAAS PAAS IAAS LINKEDIN YOUTUBE FACEBOOK TIKTOK GITHUB
    WECHAT POWERPOINT JAVASCRIPT PAYPAL ECOMMERCE IPO ESG EBITDA GAAP NON-GAAP""".split()
)


def _read_product_name(text: str, mode: str) -> str | None:
    """The name at the start of `text` after a subject phrase of kind `mode` ("launch", "announce", "dash" or
    "brand"), or None. Trademark marks after a word are dropped."""
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] == "&"):
        return None  # most subject phrases are followed by a lower-case word
    words: list[str] = []
    after = ""  # the text after the last word when it ends with a comma or colon
    ends = False
    for token in _NAME_TOKEN.finditer(text[:120]):
        raw = token.group()
        bare = raw.rstrip(",.;:")
        word = _MARK_TAIL.sub("", bare) if bare[-1:] in "®™℠)" else bare
        ends = bare != raw or word.endswith(")")
        word = word.rstrip(")")
        if word.lower() in _STOP_WORDS or not _NAME_WORD.fullmatch(word):
            break
        words.append(word)
        if raw[-1:] in ",:":
            after = text[token.end() : token.end() + 80]
        if ends or len(words) >= 5:
            break
    while words and words[-1].lower() in _GENERIC_TAIL:
        words.pop()
    if not words:
        return None
    appositive = bool(after) and _NEW_THING.match(after) is not None
    brandy = any(_BRANDY.fullmatch(w) for w in words)
    if mode == "announce":
        if not appositive or len(words) > 3:
            return None  # "Announces Pricing of ...", "Announces Leadership Transition": no product name
    elif mode == "dash" and not (ends or brandy):
        return None  # "device – FDA cleared": a name after the dash ends with punctuation
    elif mode == "brand":
        brand = [w for w in words if _BRANDY.fullmatch(w)]
        if not brand or not _BRANDY.fullmatch(words[0]):
            return None
        keep = 1
        while keep < len(words) and (words[keep].isdigit() or _BRANDY.fullmatch(words[keep])):
            keep += 1
        words = words[:keep]
    elif mode == "launch" and not (appositive or brandy or words[-1].isupper()):
        return None  # "Launches Order", "Unveils Electric Regional Aircraft Concept": no product name
    name = " ".join(words)
    return None if name.upper() in _NOT_PRODUCT else name


def is_code(name: str) -> bool:
    """True for a development code ("FB-210", "IMGN853"), false for a product name."""
    return bool(_CODE_RE.fullmatch(name)) and _code_ok(name)


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + bytes(range(ord("a"), ord("z") + 1))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _mostly_capitals(text: str) -> bool:
    """More than 60% of the letters (`str.isalpha`) are capitals (`str.isupper`). ASCII letters are counted by
    deleting them from the bytes (C-level), the few other characters one by one."""
    data = text.encode("ascii", "ignore")
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    if len(data) != len(text):
        others = _NON_ASCII.findall(text)
        upper += sum(map(str.isupper, others))
        letters += sum(map(str.isalpha, others))
    return upper > 0.6 * letters


def _subject_matches(lower: str) -> Iterator[re.Match[str]]:
    """`_SUBJECT.finditer(lower)`, trying `_SUBJECT` only at the start and where `_SUBJECT_START` finds one of its
    opening words (a scan per position with the word boundary costs several times more)."""
    end = 0
    starts = chain((0,), (match.end() for match in _SUBJECT_START.finditer(lower.encode("ascii", "replace"))))
    for start in starts:
        if start >= end and (match := _SUBJECT.match(lower, start)):
            yield match
            end = match.end()


def _glued_mark(name: str, text: str) -> str:
    """ "AI VaultTM" -> "AI Vault" when the text also writes the name without the glued "TM"."""
    if len(name) > 3 and name.endswith("TM") and name[-3].islower():
        plain = name[:-2]
        if re.search(re.escape(plain) + r"(?![\w])", text):
            return plain
    return name


def _add_name(found: list[str], name: str) -> None:
    """Add `name` once; of two names where one starts with the other's words ("StreamDock 4K Media Hub" in the
    headline, "StreamDock 4K" in the lead) the shorter, the product's own name, is kept."""
    for index, known in enumerate(found):
        if name == known or name.startswith(known + " "):
            return
        if known.startswith(name + " "):
            found[index] = name
            return
    found.append(name)


def subject_products(texts: list[str], orgs: list[str]) -> list[str]:
    """Names of products the release is about, from the headline and lead paragraphs."""
    found: list[str] = []
    for text in texts:
        if _mostly_capitals(text[:200]):
            continue  # an all-caps headline: every word would look like a name
        window = text[:3000]
        lower = window.lower()
        matches = _subject_matches(lower) if len(lower) == len(window) else _SUBJECT_ANY_CASE.finditer(window)
        for match in matches:
            mode = next((kind for kind in ("launch", "announce", "dash") if match.group(kind)), "brand")
            if mode == "announce" and not text[match.end() : match.end() + 1].isupper():
                continue  # "announced that ...": only "Announces <Name>: ..." can name a product
            name = _read_product_name(text[match.end() :], mode)
            if not name or any(name in org or org.startswith(name) for org in orgs):
                continue
            _add_name(found, _glued_mark(name, window))
    return found[:5]


def _phase(sentence: str, lower: str) -> str | None:
    """The phase written in `sentence` (`lower` is its lower-cased form). A match starts where "pha" is written in
    any case (no other letter folds to "p", "h" or "a"), so the scan starts at the first "pha" of `lower` when
    lower-casing kept every character's place."""
    match = _PHASE.search(sentence, lower.find("pha") if len(lower) == len(sentence) else 0)
    if not match:
        return None
    value = match.group("ph")
    value = _OCR_TWO_RE.sub("II", value).replace("l", "I")
    value = value.replace("IIII", "III").replace("IIIl", "III")
    return "Phase " + value


def _is_generic(name: str) -> bool:
    last = name.split()[-1]
    return last.endswith(_INN_STEMS)


def _generic_name(name: str) -> str:
    """ "comparing ozuretinib" -> "ozuretinib"; "trastuzumab emtansine" stays (both words are drug names)."""
    words = name.split()
    return name if len(words) == 1 or words[0].endswith(_INN_STEMS) else words[-1]


_PLAIN_CODE = re.compile(r"[A-Z]{2,6}\d{2,6}[A-Za-z]?")
_TRIAL_NAME = re.compile(r"[A-Z]{4,}-\d")


def _code_ok(code: str) -> bool:
    """A development code has digits; trial acronyms ("OPAL-3"), targets/periods ("PD-1", "Q3") and receptor
    names without a hyphen ("P2X3"; "IMGN853" is a code) are not."""
    if "-" not in code and not _PLAIN_CODE.fullmatch(code):
        return False
    return (
        any(c.isdigit() for c in code)
        and not _NOT_CODE.match(code)
        and len(code) >= 3
        and not _TRIAL_NAME.fullmatch(code)
    )


def _bare_code_ok(code: str) -> bool:
    """A code written without a name around it: a hyphen or two digits ("AB-1", "IMGN853"; not "Q3")."""
    return ("-" in code or sum(c.isdigit() for c in code) >= 2) and _code_ok(code)


_BULLET_MARK = re.compile(r"[•▪◦‣●■►➢]")  # markers that only open list items, wherever they stand
_DASH_MARK = re.compile(r"\s[-–—*·]\s")  # markers that open list items only inside a list


def _items(para: str) -> list[tuple[int, int]]:
    """(start, end) of each list item of a paragraph whose lines were joined ("• AB-101: Phase 2 ... • AB-202:
    ..."), or of the whole paragraph: a phase written in one item belongs to that item only. A dash or star is a
    marker in a list: a paragraph that opens with a marker, or where one follows a colon or a sentence end."""
    cuts = [
        match.start() - 1 for match in _BULLET_MARK.finditer(para) if para[match.start() - 1 : match.start()] == " "
    ]
    dashes = [match.start() for match in _DASH_MARK.finditer(para)]
    if dashes and (para[:1] in "-–—*·•▪◦‣●■►➢" or any(para[:dash].rstrip('"”’) ')[-1:] in ".:;!?" for dash in dashes)):
        cuts += dashes
    if not cuts:
        return [(0, len(para))]
    bounds = [0, *sorted(set(cuts)), len(para)]
    return [(start, end) for start, end in pairwise(bounds) if para[start:end].strip()]


def _product_sentences(paragraphs: list[str]) -> Iterator[tuple[int, str, bool]]:
    """The sentences where `find_products` can find something, in order: those that write "phase", ® or ™, a
    parenthesised code or generic name, or the shape of a bare development code, and every sentence of a paragraph
    over 2,000 characters (a sentence cut at 2,000 characters can end inside a longer word that then reads as a
    code). Each comes with the number of its list item (`_items`, in a paragraph that names a phase) and whether
    its paragraph is a list that names a phase or a candidate word (a pipeline list). Literal searches over the
    joined text, so most paragraphs are never split into sentences."""
    texts = [para[:_MAX_PARAGRAPH] for para in paragraphs]
    text = "\n\n".join(texts)
    data = text.encode("ascii", "replace")  # one byte per character: offsets stay those of `text`
    shape = data.translate(_SHAPE)
    hits = [match.start() for match in _PHASE_BYTES.finditer(data.lower())]
    phases = len(hits)
    hits += [match.start() for match in _PAREN_EITHER.finditer(text)]
    hits += [match.start() for pattern in _CODE_SHAPES for match in pattern.finditer(shape)]
    if "®" in text or "™" in text:
        hits += [match.start() for match in _MARKS.finditer(text)]
    starts = list(accumulate((len(t) + 2 for t in texts[:-1]), initial=0))
    para_hits: dict[int, list[int]] = {}
    for hit in hits:
        index = bisect_right(starts, hit) - 1
        para_hits.setdefault(index, []).append(hit - starts[index])
    phase_paras = {bisect_right(starts, hit) - 1 for hit in hits[:phases]}
    count = 0
    for index, para in enumerate(texts):
        if len(para) <= _MAX_SENTENCE and index not in para_hits:
            continue
        items = _items(para) if index in phase_paras else [(0, len(para))]  # items matter for phases only
        # a pipeline list (a list that names a phase or a candidate word): its codes are products
        in_list = len(items) > 1 and any(map(para.lower().__contains__, ("phase", *_CANDIDATE_WORDS)))
        for start, stop in items:
            count += 1
            item = count if len(items) > 1 else 0  # 0: a plain paragraph
            end = start
            for sentence in split_sentences(para[start:stop]):
                first = para.find(sentence, end)  # sentences are stripped, in order: the first match is the one
                end = first + len(sentence)
                if len(para) > _MAX_SENTENCE or any(first <= hit < end for hit in para_hits[index]):
                    yield item, sentence, in_list


def _title_name(words: str) -> str | None:
    """The product name in the capitalised words before a code, without a leading article, or None when the
    words name a trial, a filing or a company."""
    parts = words.split()
    while parts and parts[0] in _TITLE_LEADING:
        parts.pop(0)
    if not parts or any(part in _NOT_TITLE_WORDS for part in parts):
        return None
    name = " ".join(parts)
    return None if name.upper() in _NOT_PRODUCT else name


def find_products(paragraphs: list[str], limit: int = 20) -> list[Product]:
    """Products named in the body and the issuer's About section, first mention first. A phase written without
    a code goes to the product named last, unless it is written in a list item that does not name that product."""
    products: list[Product] = []
    last = (-1, -1)  # (list item or 0, index in `products`) of the product named last

    def add(name: str | None, code: str | None, phase: str | None) -> None:
        nonlocal last
        for index, product in enumerate(products):
            if (code and product.code == code) or (name and product.name and product.name.lower() == name.lower()):
                product.name = product.name or name
                product.code = product.code or code
                product.phase = product.phase or phase
                last = (item, index)
                return
        if len(products) < limit:
            products.append(Product(name=name, code=code, phase=phase))
            last = (item, len(products) - 1)

    for item, sentence, in_list in _product_sentences(paragraphs):
        sentence = sentence[:_MAX_SENTENCE]
        lower = sentence.lower()
        phase = _phase(sentence, lower) if "phase" in lower else None
        if "(" in sentence:
            for match in _PAREN_CODE.finditer(sentence):
                code = match.group("code")
                if not _code_ok(code):
                    continue
                before = _NAME_BEFORE.search(sentence, max(0, match.start() - 70), match.start())
                if before and _is_generic(before.group("name")):
                    add(_generic_name(before.group("name")), code, phase)
                    continue
                title = _TITLE_BEFORE.search(sentence, max(0, match.start() - 70), match.start())
                name = _title_name(title.group("name")) if title else None
                if name:
                    add(name, code, phase)
            for match in _PAREN_PAIR.finditer(sentence):
                code, generic = match.group("code"), match.group("name")
                if _code_ok(code) and _is_generic(generic):
                    title = _TITLE_BEFORE.search(sentence, max(0, match.start() - 70), match.start())
                    add((_title_name(title.group("name")) if title else None) or generic, code, phase)
            for match in _PAREN_NAME.finditer(sentence):
                name = match.group("name")
                before = _CODE_BEFORE.search(sentence, max(0, match.start() - 20), match.start())
                if before and _code_ok(before.group("code")) and _is_generic(name):
                    add(name, before.group("code"), phase)
        if "®" in sentence or "™" in sentence:
            # a marked word is a product only with its generic name or code, or in a sentence naming a phase;
            # a release's marked subject comes from `subject_products`
            for match in _BRAND.finditer(sentence):
                generic, code = match.group("name"), match.group("code")
                if generic and _is_generic(generic):
                    add(generic, None, phase)
                elif generic or phase or (code and _code_ok(code)) or _USE_CONTEXT.search(sentence, match.end()):
                    add(match.group("brand"), code if code and _code_ok(code) else None, phase)
        if phase or in_list or any(map(lower.__contains__, _CANDIDATE_WORDS)):
            named = False
            for match in _BARE_CODE.finditer(sentence):
                code = match.group("code")
                if _bare_code_ok(code):
                    add(None, code, phase)
                    named = True
            if phase and not named and item in (0, last[0]) and last[1] >= 0 and products[last[1]].phase is None:
                products[last[1]].phase = phase
    return products

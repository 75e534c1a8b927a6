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
from itertools import accumulate, chain

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
_NAME_BEFORE = re.compile(rf"(?<![\w\-])(?P<name>{_GENERIC})\s*$")
_CODE_BEFORE = re.compile(rf"(?<![\w\-])(?P<code>{CODE})\s*$")
_BRAND = re.compile(rf"(?P<brand>[A-Z][A-Za-z0-9\-]{{2,30}})\s*[®™]\s*(?:\(\s*(?P<name>{_GENERIC})\s*\))?")
# Starts with a character class so the scan skips to upper-case letters; the look-behind after the first letter
# checks the character before it (no letter, digit, hyphen or slash).
_CODE_REST = CODE.removeprefix("[A-Z]")  # CODE after its first letter
_BARE_CODE = re.compile(rf"(?P<code>[A-Z](?<![\w\-/].){_CODE_REST})(?![\w\-/])")
_PHASE = re.compile(
    r"\bPhase\s+(?P<ph>(?:[1-4]|IV|I{1,3}|Il{1,2}|l{1,3})[ab]?(?:\s*/\s*(?:[1-4]|IV|I{1,3}|Il{1,2})[ab]?)?)(?![\w])",
    re.IGNORECASE,
)
# Finding the sentences that can name a product (`_product_sentences`) with literal searches over the whole text.
_MAX_PARAGRAPH = 20_000
_MAX_SENTENCE = 2_000
_PAREN_EITHER = re.compile(rf"\(\s*(?:{CODE}|{_GENERIC})\s*\)")
_MARKS = re.compile("[®™]")
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
# letters with digits, a capital-hyphen name, or an upper-case word of five letters or more).
# Matched against the lower-cased text (a case-sensitive scan is ~3x faster than IGNORECASE); the lookahead
# lists every alternative's first letter so most positions fail at once.
_SUBJECT_LOWER = (
    r"\b(?=[acdilmoprstu])(?:(?P<launch>(?:launch(?:es|ed)?|introduc(?:es|ed)|unveil(?:s|ed)?|debut(?:s|ed)?|"
    r"roll(?:s|ed)\s+out|(?:the\s+)?(?:launch|introduction|availability)\s+of)\s+(?:(?:the|a|an|its|our|new)\s+){0,2})"
    r"|(?:approval|clearance|mark|authori[sz]ation|designation|registration)\s+(?:for|of)\s+"
    r"(?:the\s+company['’]s\s+|its\s+)?"
    r"|(?:its|our|the\s+company['’]s)\s+(?:new\s+)?|(?:deliver|supply|provide)\s+(?:its\s+|the\s+)?)"
)
_SUBJECT = re.compile(_SUBJECT_LOWER)
_SUBJECT_ANY_CASE = re.compile(_SUBJECT_LOWER, re.IGNORECASE)  # when lower-casing changes the text's length
# Where `_SUBJECT` can start after the first character: after a non-word byte, at one of its opening words (a
# letter outside ASCII and any space are one "?" or non-word byte in `str.encode("ascii", "replace")`). Found in
# the bytes, where the scan jumps from one non-word byte to the next, then tried with `_SUBJECT` itself.
_SUBJECT_START = re.compile(
    rb"[^a-z0-9_](?=launch|introduc|unveil|debut|roll|availability|approval|clearance|mark|authori|designation|"
    rb"registration|deliver|supply|provide|(?:its|our)[^a-z0-9_]|the[^a-z0-9_]+(?:launch|introduction|availability|company))"
)
_NAME_WORD = re.compile(r"[A-Z0-9][\w\-]*|&")
_BRANDY = re.compile(r"[A-Z][a-z]+[A-Z]\w*|[A-Z][\w]*\d[\w]*|[A-Z]-[A-Z][a-z]+|[A-Z]{1,4}-\d+\w*|[A-Z]{5,}")
_GENERIC_TAIL = frozenset(
    "platform system systems service services solution solutions device app application software suite tool kit "
    "balloon drug-coated robot technology new".split()
)
_STOP_WORDS = frozenset("for to on in at with from and of by as the a an".split())
_NOT_PRODUCT = frozenset(
    """NASDAQ NYSE GLOBE NEWSWIRE BUSINESS WIRE ACCESSWIRE SAAS PAAS IAAS LINKEDIN YOUTUBE FACEBOOK TIKTOK GITHUB
    WECHAT POWERPOINT JAVASCRIPT PAYPAL ECOMMERCE IPO ESG EBITDA GAAP NON-GAAP""".split()
)


def _read_product_name(text: str, launch: bool) -> str | None:
    words: list[str] = []
    for raw in text[:120].split():
        word = raw.rstrip(",.;:)")
        if word.lower() in _STOP_WORDS or not _NAME_WORD.fullmatch(word):
            break
        words.append(word)
        if word != raw or len(words) >= 5:
            break
    while words and words[-1].lower() in _GENERIC_TAIL:
        words.pop()
    if not words:
        return None
    if not launch:
        brand = [w for w in words if _BRANDY.fullmatch(w)]
        if not brand or not _BRANDY.fullmatch(words[0]):
            return None
        keep = 1
        while keep < len(words) and (words[keep].isdigit() or _BRANDY.fullmatch(words[keep])):
            keep += 1
        words = words[:keep]
    if launch and not (any(_BRANDY.fullmatch(w) for w in words) or words[-1].isupper()):
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
            name = _read_product_name(text[match.end() :], bool(match.group("launch")))
            if not name or any(name in org or org.startswith(name) for org in orgs):
                continue
            if name not in found:
                found.append(name)
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


def _product_sentences(paragraphs: list[str]) -> Iterator[str]:
    """The sentences where `find_products` can find something, in order: those that write "phase", ® or ™, a
    parenthesised code or generic name, or the shape of a bare development code, and every sentence of a paragraph
    over 2,000 characters (a sentence cut at 2,000 characters can end inside a longer word that then reads as a
    code). Literal searches over the joined text, so most paragraphs are never split into sentences."""
    texts = [para[:_MAX_PARAGRAPH] for para in paragraphs]
    text = "\n\n".join(texts)
    data = text.encode("ascii", "replace")  # one byte per character: offsets stay those of `text`
    shape = data.translate(_SHAPE)
    hits = [match.start() for match in _PHASE_BYTES.finditer(data.lower())]
    hits += [match.start() for match in _PAREN_EITHER.finditer(text)]
    hits += [match.start() for pattern in _CODE_SHAPES for match in pattern.finditer(shape)]
    if "®" in text or "™" in text:
        hits += [match.start() for match in _MARKS.finditer(text)]
    starts = list(accumulate((len(t) + 2 for t in texts[:-1]), initial=0))
    para_hits: dict[int, list[int]] = {}
    for hit in hits:
        index = bisect_right(starts, hit) - 1
        para_hits.setdefault(index, []).append(hit - starts[index])
    for index, para in enumerate(texts):
        if len(para) > _MAX_SENTENCE:
            yield from split_sentences(para)
        elif index in para_hits:
            end = 0
            for sentence in split_sentences(para):
                start = para.find(sentence, end)  # sentences are stripped, in order: the first match is the one
                end = start + len(sentence)
                if any(start <= hit < end for hit in para_hits[index]):
                    yield sentence


def find_products(paragraphs: list[str], limit: int = 20) -> list[Product]:
    """Products named in the body and the issuer's About section, first mention first."""
    products: list[Product] = []

    def add(name: str | None, code: str | None, phase: str | None) -> None:
        for product in products:
            if (code and product.code == code) or (name and product.name and product.name.lower() == name.lower()):
                product.name = product.name or name
                product.code = product.code or code
                product.phase = product.phase or phase
                return
        if len(products) < limit:
            products.append(Product(name=name, code=code, phase=phase))

    for sentence in _product_sentences(paragraphs):
        sentence = sentence[:_MAX_SENTENCE]
        lower = sentence.lower()
        phase = _phase(sentence, lower) if "phase" in lower else None
        if "(" in sentence:
            for match in _PAREN_CODE.finditer(sentence):
                code = match.group("code")
                before = _NAME_BEFORE.search(sentence, max(0, match.start() - 70), match.start())
                if before and _code_ok(code) and _is_generic(before.group("name")):
                    add(_generic_name(before.group("name")), code, phase)
            for match in _PAREN_NAME.finditer(sentence):
                name = match.group("name")
                before = _CODE_BEFORE.search(sentence, max(0, match.start() - 20), match.start())
                if before and _code_ok(before.group("code")) and _is_generic(name):
                    add(name, before.group("code"), phase)
        if "®" in sentence or "™" in sentence:
            for match in _BRAND.finditer(sentence):
                generic = match.group("name")
                if generic and _is_generic(generic):
                    add(generic, None, phase)
                else:
                    add(match.group("brand"), None, phase)
        if phase or any(map(lower.__contains__, _CANDIDATE_WORDS)):
            named = False
            for match in _BARE_CODE.finditer(sentence):
                code = match.group("code")
                if _bare_code_ok(code):
                    add(None, code, phase)
                    named = True
            if phase and not named and products and products[-1].phase is None:
                products[-1].phase = phase
    return products

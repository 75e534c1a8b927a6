"""The extraction pipeline: prepared paragraphs -> every field of `ParsedRelease`.

Order: dateline -> headline -> regions (body, About, forward-looking statements, contacts) -> issuer and
co-issuers -> tickers -> people -> partners -> products -> event types -> URLs, contacts, summary. Entities are
read only from the body and the issuer's own About section. Work is capped (`MAX_ENTITY_CHARS`) so that huge
inputs stay linear; the body is always returned whole.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.parser.contacts import parse_contacts
from bot.parser.dateline import COUNTRIES, canonical_wire, find_dateline, starts_dateline
from bot.parser.events import event_types
from bot.parser.headline import is_correction, pick_headline
from bot.parser.models import (
    About,
    Company,
    Dateline,
    FeedHints,
    Organization,
    ParsedRelease,
    Partner,
    Person,
    Product,
    Ticker,
)
from bot.parser.normalize import prepare
from bot.parser.orgs import LeadOrgs, is_non_partner, lead_orgs, pick_issuer, ticker_owners
from bot.parser.orgshape import is_date_fragment, is_place
from bot.parser.partners import find_partners, is_title
from bot.parser.people import TITLE_WORDS, find_people
from bot.parser.products import find_products, is_code, subject_products
from bot.parser.sections import (
    about_sections,
    is_contact_heading,
    split_heading_lines,
    split_sections,
)
from bot.parser.summary import summarize
from bot.parser.text import CORP_SUFFIXES, clear_caches, fold, read_org, same_org, split_sentences
from bot.parser.tickers import find_ticker_groups, headline_ticker, merge_tickers, ticker_line
from bot.parser.urls import find_urls

MAX_PARAGRAPHS = 4000
MAX_ENTITY_CHARS = 400_000
_LEAD_KIND = [
    ("license", re.compile(r"licen[cs]", re.I)),
    ("acquisition", re.compile(r"acqui|merger|merge\b|business\s+combination|to\s+combine", re.I)),
    ("supply", re.compile(r"\bsupply(?!\s+chain)", re.I)),
    ("investment", re.compile(r"\binvest(?:s|ed|ing|ments?)?\b", re.I)),  # not "investors", "Investor Day"
    ("collaboration", re.compile(r"collaborat|partner|alliance|co-develop|joint", re.I)),
]
# Deal words in a body sentence that names a co-issuer (stricter than the lead's: "investors", "partners of the
# firm" or "the acquisition of data" in a later sentence say nothing about the deal between the two).
_BODY_KIND = [
    ("license", re.compile(r"\blicen[cs](?:e|es|ed|ing)?\b", re.I)),
    ("acquisition", re.compile(r"\b(?:to\s+acquire|will\s+acquire|merger\s+(?:agreement|with)|to\s+merge)\b", re.I)),
    ("supply", re.compile(r"\bsupply\s+(?:agreement|contract)", re.I)),
    ("investment", re.compile(r"\b(?:will\s+invest|to\s+invest|equity\s+investment)\b", re.I)),
]
_COMMA_TITLE = re.compile(r"\s*,\s+((?:[A-Z][\w.\-]*|&|and|of)(?:\s+(?:[A-Z][\w.\-]*|&|and|of)){0,6})\s*,")
_PLACE_BEFORE = re.compile(r"\b(?:based|headquartered|located)\s+in\s+(?:[A-Z][\w.'\-]*\s+){0,3}?[A-Z][\w.'\-]*,\s*$")
_COLLECTIVE = re.compile(r"\((?:collectively|together)\s*,?\s+(?:the\s+)?[\"“]?([A-Z][\w\-]{2,})")


_NOT_COMPANY_ABOUT = re.compile(
    r"\b(?:trial|study|studies|program|programme|phase|disease|disorder|syndrome|cancer|tumou?rs?|infection|"
    r"\w+(?:itis|emia|osis|pathy)|the\s+offering|forward|"
    r"non-gaap|this\s+release|the\s+transaction|the\s+acquisition|the\s+agreement|the\s+conference)\b",
    re.IGNORECASE,
)


def _split_dateline_lines(paragraphs: list[str], scan: int = 8) -> list[str]:
    """The first paragraphs split before a line that opens with a dateline (headline and dateline on
    consecutive lines)."""
    out: list[str] = []
    for para in paragraphs[:scan]:
        lines = para.split("\n") if "\n" in para else []
        cut = next((i for i, line in enumerate(lines[1:], 1) if starts_dateline(line)), None)
        if cut is None:
            out.append(para)
        else:
            out.extend(["\n".join(lines[:cut]), "\n".join(lines[cut:])])
    return out + paragraphs[scan:]


def _hinted_dateline(hints: FeedHints | None) -> Dateline | None:
    """With no dateline in the text, the feed's publish date and wire (e.g. Cision releases carry no mark)."""
    if hints is None or (hints.published is None and canonical_wire(hints.wire) is None):
        return None
    date = hints.published.astimezone(dt.UTC).date() if hints.published and hints.published.tzinfo else None
    if hints.published and date is None:
        date = hints.published.date()
    return Dateline(date=date, wire=canonical_wire(hints.wire))


_PAGE_DATE = re.compile(
    rb"(?:datePublished\"?\s*:\s*\"|<time[^>]{0,80}?datetime=\"|article:published_time\"\s+content=\")"
    rb"(\d{4}-\d{2}-\d{2})"
)


def _page_date(source: str | bytes) -> dt.date | None:
    """The publish date in an HTML page's metadata (schema.org datePublished, <time datetime>,
    article:published_time), or None; text input has none."""
    head = source[:300_000]
    data = head.encode("utf-8", "replace") if isinstance(head, str) else head
    if not data.lstrip()[:1] == b"<":
        return None
    match = _PAGE_DATE.search(data)
    try:
        return dt.date.fromisoformat(match.group(1).decode()) if match else None
    except ValueError:
        return None


def _relead(lead: str, paragraphs: list[str]) -> LeadOrgs:
    """When the lead sentence names no organisation first ("In a release issued earlier today by X (Nasdaq: X)",
    "Please replace ..."), the issuer is the first organisation written with its ticker: in the lead, else at the
    start of a later paragraph (a corrected release repeated after "The updated release reads:")."""
    owners = ticker_owners(lead[:700], find_ticker_groups(lead[:700], limit=3))
    if owners:
        return LeadOrgs(names=[owners[0]])
    for para in paragraphs:
        candidate = lead_orgs(para)
        if candidate.names and candidate.names[0][1]:
            return candidate
        owners = ticker_owners(para[:700], find_ticker_groups(para[:700], limit=3))
        if owners:
            return LeadOrgs(names=[owners[0]])
    return LeadOrgs()


def _capped(paragraphs: list[str], warnings: list[str]) -> list[str]:
    out: list[str] = []
    total = 0
    for para in paragraphs:
        if total + len(para) > MAX_ENTITY_CHARS:
            warnings.append(f"only the first {MAX_ENTITY_CHARS // 1000} KB of text were searched for entities")
            if total < MAX_ENTITY_CHARS:
                out.append(para[: MAX_ENTITY_CHARS - total])
            break
        out.append(para)
        total += len(para)
    return out


def _issuer_tickers(
    issuer: str,
    lead_tickers: list[Ticker],
    owners: list[tuple[str, list[Ticker]]],
    headline: str | None,
    hints: FeedHints | None,
) -> list[Ticker]:
    tickers = list(lead_tickers)
    if not tickers:
        for owner, found in owners:
            if owner == "the Company" or same_org(owner, issuer):
                tickers = merge_tickers(tickers, found)
    if not tickers and headline:
        bare = headline_ticker(headline)
        if bare and same_org(bare[0], issuer):
            tickers = [bare[1]]
    if hints and hints.tickers:
        others = {t.symbol for owner, found in owners if not same_org(owner, issuer) for t in found}
        useful = [t for t in hints.tickers if t.symbol not in others]
        if not tickers:
            tickers = useful
        else:
            tickers = [
                next((h for h in useful if h.symbol == t.symbol and h.exchange), t) if t.exchange is None else t
                for t in tickers
            ]
    return tickers


_LAW_FIRM = re.compile(r"\b(?:LLP|L\.L\.P\.|P\.A\.|P\.C\.|Law|Legal|Attorneys?|Lawyers?|Avocats)\b")
_ALERT = re.compile(
    r"class\s+action|investigat\w+\s+(?:potential\s+)?(?:claims|securities|violations)|shareholder|stockholder|"
    r"investors?\s+(?:who|that)\s+(?:purchased|acquired|lost)|securities\s+fraud|lead\s+plaintiff",
    re.IGNORECASE,
)


def _is_law_firm_alert(issuer: str | None, lead: str) -> bool:
    """A law firm's shareholder alert: the firm issues it; the company it names is a target, not a partner."""
    return bool(issuer and _LAW_FIRM.search(issuer) and _ALERT.search(lead))


def _co_issuer_relation(text: str, issuer: str | None, headline: str | None, named_in: list[str]) -> str:
    """The co-issuer's relation from the joint announcement: the headline's deal words first ("Announce Strategic
    Collaboration"), then the lead's, then those of the first body sentences that name the co-issuer (`named_in`:
    "X has agreed to provide Y with a license" after a lead announcing a settlement); `collaboration` when none
    says more. In a supply deal where the issuer supplies, the co-issuer is a customer."""
    relation = next((r for r, pattern in _LEAD_KIND if pattern.search(headline or "")), None)
    relation = relation or next((r for r, pattern in _LEAD_KIND if pattern.search(text)), None)
    for sentence in named_in if relation is None else ():
        relation = next((r for r, pattern in _BODY_KIND if pattern.search(sentence)), None)
        if relation:
            break
    relation = relation or "collaboration"
    first = issuer.split()[0] if issuer else None
    if (
        relation == "supply"
        and first
        and re.search(
            rf"\b{re.escape(first)}\w*\s+(?:will\s+|shall\s+|to\s+)?(?:supply|supplies|deliver|provide|sell)", text
        )
    ):
        return "customer"
    return relation


_AGREEMENT_WITH = re.compile(r"\bagreements?\s+(?:\([^()]{0,80}\)\s+)?with\s+(?:the\s+)?(?=[A-Z])")


def _counterparty(lead: str, announcers: list[str]) -> str | None:
    """The organisation a joint lead's first sentence names after "agreement with" ("Orvane Inc. and Keltris SE
    today announced an amended agreement with the Western Health Agency to supply ..."), when it is none of the
    `announcers` (issuer and co-issuers): the co-issuers then announce together and it is the deal's other side.
    None when the lead has no such phrase."""
    if len(announcers) < 2 or "agreement" not in lead:
        return None
    first = split_sentences(lead)[0]
    match = _AGREEMENT_WITH.search(first)
    found = read_org(first[match.end() :]) if match else None
    if found is None or any(same_org(found[0], name) for name in announcers):
        return None
    return found[0]


def _partner_shaped(name: str, tickers: list[Ticker], lead: str, issuer: str | None) -> bool:
    """True when a co-issuer read from the lead is shaped like an organisation and so may be a partner: not the
    issuer's own short form ("Vestfjord Subsea ASA (Vestfjord, OSE:VSUB), Vestfjord has ..."), not a title
    ("President & CEO"), not a person set off with a title ("X Corp., Jane Roe, President & CEO, is pleased"),
    not a place ("based in San Diego, California,"), not words of an all-caps distribution legend ("NOT FOR
    RELEASE, PUBLICATION OR DISTRIBUTION, DIRECTLY OR INDIRECTLY, IN OR INTO ...")."""
    if issuer and same_org(name, issuer):
        return False
    if is_title(name) or name.lower().strip(".") in COUNTRIES or is_date_fragment(name):
        return False
    at = lead.find(name)
    if at < 0:
        return True
    if lead[max(0, at - 2) : at].endswith(("(", '("', "(“")):
        return False  # a short form defined in a parenthetical ("Norwegian Energy Company ASA (Noreco, OSE:NOR)")
    end = at + len(name)
    if _PLACE_BEFORE.search(lead[max(0, at - 80) : at]):
        return False
    title = _COMMA_TITLE.match(lead, end)
    if title and any(w.lower().strip(".,") in TITLE_WORDS for w in title.group(1).split()):
        return False
    if name.isupper() and not tickers and name.split()[-1].lower().rstrip(".") not in CORP_SUFFIXES:
        around = lead[end : end + 40]
        if any(c.isalpha() for c in around) and not any(c.islower() for c in around):
            return False
    return True


def _naming_sentences(names: list[str], lead: str, paragraphs: list[str]) -> list[str]:
    """Sentences of `paragraphs` that name one of the co-issuers: by its first word ("Oakhurst" for "Oakhurst
    Pharma US, LLC") or by the short form the lead gives them together ("X Ltd. and Y, LLC (collectively, Y)")."""
    words = {name.split()[0] for name in names if len(name.split()[0]) >= 3}
    words.update(_COLLECTIVE.findall(lead[:700]))
    out: list[str] = []
    for para in paragraphs:
        if any(w in para for w in words):
            out.extend(s for s in split_sentences(para) if any(w in s for w in words))
    return out[:8]


def extract(source: str | bytes, hints: FeedHints | None, is_html: bool | None, version: str) -> ParsedRelease:
    """Run every extraction step; raises only on programming errors (the caller turns those into warnings)."""
    clear_caches()  # memoised sentence splits and name keys serve one release; keep nothing between releases
    prepared = prepare(source, is_html=is_html)
    warnings = list(prepared.warnings)
    raw = split_heading_lines(_split_dateline_lines(prepared.text.split("\n\n")[:MAX_PARAGRAPHS]))
    raw = [p for p in map(str.strip, raw) if p]
    # `prepare` leaves single-spaced, stripped lines: folding a paragraph is joining its lines (as `fold`, cheaper)
    paragraphs = [p.replace("\n", " ") for p in raw]
    found = find_dateline(paragraphs, hints)
    headline, head_index = pick_headline(
        raw,
        found.index if found else None,
        prepared.title,
        hints.title if hints else None,
        found.headline_prefix if found else None,
    )
    dateline = found.dateline if found else _hinted_dateline(hints)
    if dateline is not None and dateline.date is None:
        dateline.date = _page_date(source)  # Business Wire pages: the date is only in the page's metadata
    if found is None:
        warnings.append("no dateline found")
        lead_index = head_index + 1 if head_index >= 0 else 0
        lead = paragraphs[lead_index] if lead_index < len(paragraphs) else ""
    else:
        lead_index, lead = found.index, found.lead
    sections = split_sections(paragraphs, lead_index)
    abouts = [a for a in about_sections(paragraphs, sections) if not _NOT_COMPANY_ABOUT.search(a.company)]
    lead_info = lead_orgs(lead)
    if not lead_info.names:
        undated = [paragraphs[head_index]] if found is None and head_index >= 0 else []  # a lead taken for a title
        lead_info = _relead(lead, [paragraphs[i] for i in sections.body[:8]] + undated)
    issuer_name = pick_issuer(
        lead_info, sections.source, hints.issuer if hints else None, [a.company for a in abouts], headline
    )
    co_issuers = [(n, t) for n, t in lead_info.names[1:] if _partner_shaped(n, t, lead, issuer_name)]

    issuer_about = [a.text for a in abouts if issuer_name and same_org(a.company, issuer_name)]
    body = _capped([lead] + [paragraphs[i] for i in sections.body if i != lead_index], warnings)
    entity_text = "\n\n".join(body + issuer_about)
    all_about_text = "\n\n".join(a.text for a in abouts)
    owners = ticker_owners(entity_text, find_ticker_groups(entity_text))
    owners += ticker_owners(all_about_text, find_ticker_groups(all_about_text))

    issuer = None
    if issuer_name:
        lead_tickers = lead_info.names[0][1] if lead_info.names else []
        issuer = Organization(
            name=issuer_name, tickers=_issuer_tickers(issuer_name, lead_tickers, owners, headline, hints)
        )
        # a CNW ticker line above the dateline (`TSX: TML   OTCQX: TSRMF`) lists the issuer's own listings
        line_tickers = [t for i in range(lead_index) for line in raw[i].split("\n") for t in ticker_line(line)]
        if line_tickers:
            issuer.tickers = merge_tickers(issuer.tickers, line_tickers)
    else:
        warnings.append("no issuer found")

    known_orgs = [n for n in [issuer_name, *(c[0] for c in co_issuers), *(a.company for a in abouts)] if n]
    people = find_people(body, known_orgs, issuer_name)
    partners: list[Partner] = []
    lead_sentence = (headline or "") + " " + lead[:600]
    named_in = _naming_sentences([n for n, _ in co_issuers], lead, [lead[600:], *body[1:4]]) if co_issuers else []
    counterparty = _counterparty(lead[:600], [n for n in [issuer_name, *(c[0] for c in co_issuers)] if n])
    for name, _ in co_issuers:
        if not is_non_partner(name):
            relation = _co_issuer_relation(lead_sentence, issuer_name, headline, named_in)
            if counterparty:  # "X and Y announced an agreement with Z to supply ...": Z is the deal's other side
                relation = "collaboration"
            partners.append(Partner(name=name, relation=relation, evidence=fold(lead[:600])))  # type: ignore[arg-type]
    # a joint announcement is a partnership unless the co-issuers are licensees or parties to an acquisition
    joint = any(p.relation not in ("license", "acquisition") for p in partners)
    found_partners, partner_tickers = find_partners(
        body + issuer_about, issuer_name, [p.name for p in people] + [p.name for p in partners], headline
    )
    partners += found_partners
    if _is_law_firm_alert(issuer_name, lead_sentence):
        partners = []  # a shareholder alert names the company it targets, never a partner of the firm

    companies = _companies(issuer, co_issuers, partners, partner_tickers, owners, abouts, people)
    top_contacts = [i for i in range(lead_index) if is_contact_heading(paragraphs[i])]  # contacts above the title
    contacts = parse_contacts([raw[i] for i in top_contacts + sections.contacts], known_orgs)
    url_text = "\n\n".join(body + [a.text for a in abouts] + [paragraphs[i] for i in sections.contacts])
    products = _products(headline, body, issuer_about, companies)
    product_names = {(p.name or "").lower() for p in products} | {(p.code or "").lower() for p in products}
    abouts = [a for a in abouts if a.company.lower() not in product_names and not is_code(a.company)]
    return ParsedRelease(
        parser_version=version,
        headline=headline,
        dateline=dateline,
        issuer=issuer,
        companies=companies,
        partners=partners,
        people=people,
        products=products,
        event_types=event_types(headline, lead, joint=joint),  # type: ignore[arg-type]
        about=abouts,
        contacts=contacts,
        urls=find_urls(url_text),
        summary=summarize(lead, headline),
        body=prepared.text,
        warnings=warnings,
        is_correction=is_correction(headline, "\n\n".join(paragraphs[:6])),
    )


def _products(
    headline: str | None, body: list[str], issuer_about: list[str], companies: list[Company]
) -> list[Product]:
    products = find_products(body + issuer_about)
    names = [c.name for c in companies]
    for name in subject_products([headline or "", *body[:3]], names):
        known = {(p.name or "").lower() for p in products} | {(p.code or "").lower() for p in products}
        if name.lower() in known:
            continue
        products.append(Product(code=name) if is_code(name) else Product(name=name))
    return products


def _companies(
    issuer: Organization | None,
    co_issuers: list[tuple[str, list[Ticker]]],
    partners: list[Partner],
    partner_tickers: dict[str, list[Ticker]],
    owners: list[tuple[str, list[Ticker]]],
    abouts: list[About],
    people: list[Person],
) -> list[Company]:
    """Every organisation found, once each (same organisation = same name key), with its role: issuer,
    co-issuer, partner, or mentioned (named before a ticker, in an About heading, or as a quoted person's)."""
    companies: list[tuple[str, list[Ticker], str]] = []  # (name, tickers, role): models are built once at the end

    def add(name: str, tickers: list[Ticker], role: str) -> None:
        for index, (known, known_tickers, known_role) in enumerate(companies):
            if same_org(known, name):
                if known_tickers or tickers:  # (merging no tickers into none gives none)
                    companies[index] = (known, merge_tickers(known_tickers, tickers), known_role)
                return
        companies.append((name, tickers, role))

    if issuer:
        add(issuer.name, issuer.tickers, "issuer")
    for name, tickers in co_issuers:
        add(name, tickers, "co-issuer")
    for partner in partners:
        add(partner.name, partner_tickers.get(partner.name, []), "partner")
    for owner, tickers in owners:
        if owner != "the Company" and not is_non_partner(owner) and not is_place(owner) and not is_date_fragment(owner):
            add(owner, tickers, "mentioned")  # not "USA" in "Merck & Co., Inc., Rahway, N.J., USA (NYSE: MRK)"
    for about in abouts:
        if about.company[:1].isupper():
            add(about.company, [], "mentioned")
    for person in people:
        if person.org:
            add(person.org, [], "mentioned")
    return [Company(name=name, tickers=tickers, role=role) for name, tickers, role in companies[:60]]  # type: ignore[arg-type]

"""Which channels a release goes to, and why: pure functions over a `ParsedRelease` and the subscriptions.

A followed company matches as issuer (the release's `issuer`, or a company with role `issuer`/`co-issuer`) or as
counterparty (a `partners` entry or a company with role `partner`); ticker symbols compare exactly, names by
`bot.store.names.name_key` ("ImmunoGen, Inc." = "immunogen"). Keywords match whole words, any case, in the
headline and body. A channel that muted the issuer gets nothing, whatever matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.parser.models import ParsedRelease
from bot.store.names import name_key
from bot.store.subscriptions import Mute, Subscription


@dataclass(frozen=True)
class CompanyRole:
    """A company the release names and the part it plays: `role` is "issuer", "co-issuer" or "partner"."""

    name: str
    key: str
    symbols: frozenset[str]
    role: str
    relation: str | None = None


@dataclass
class ChannelMatch:
    """Why one channel gets a release: the first matching subscription and every reason, in subscription order;
    `immediate` when a matching subscription posts at once, else the `digests` of those that matched."""

    channel: str
    subscription_id: int
    reasons: list[str] = field(default_factory=list)
    immediate: bool = False
    digests: set[str] = field(default_factory=set)

    @property
    def digest(self) -> str | None:
        """None to post at once, else the soonest digest (`hourly` before `daily`) of the matching subscriptions."""
        if self.immediate or not self.digests:
            return None
        return "hourly" if "hourly" in self.digests else "daily"

    @property
    def note(self) -> str | None:
        """The reasons as one line for the alert ("Following IMGN: issuer"), None for a plain `all` match."""
        shown = [r for r in self.reasons if r]
        return "; ".join(shown) if shown else None


def company_roles(parsed: ParsedRelease) -> list[CompanyRole]:
    """Issuer, co-issuers and partners of the release (mentioned companies are not counterparties)."""
    roles: list[CompanyRole] = []
    if parsed.issuer is not None:
        symbols = frozenset(t.symbol.upper() for t in parsed.issuer.tickers)
        roles.append(CompanyRole(parsed.issuer.name, name_key(parsed.issuer.name), symbols, "issuer"))
    for company in parsed.companies:
        if company.role in ("issuer", "co-issuer", "partner"):
            symbols = frozenset(t.symbol.upper() for t in company.tickers)
            roles.append(CompanyRole(company.name, name_key(company.name), symbols, company.role))
    for partner in parsed.partners:
        roles.append(CompanyRole(partner.name, name_key(partner.name), frozenset(), "partner", partner.relation))
    return roles


def _is_company(sub_ticker: str | None, sub_key: str | None, role: CompanyRole) -> bool:
    if sub_ticker and sub_ticker.upper() in role.symbols:
        return True
    return bool(sub_key) and sub_key == role.key


def _company_reason(sub: Subscription, roles: list[CompanyRole]) -> str | None:
    found = [r for r in roles if _is_company(sub.ticker, sub.name_key, r)]
    if not found:
        return None
    if any(r.role == "issuer" for r in found):
        return f"Following {sub.label}: issuer"
    if any(r.role == "co-issuer" for r in found):
        return f"Following {sub.label}: co-issuer"
    relation = next((r.relation for r in found if r.relation), None)
    return f"Following {sub.label}: named as partner" + (f" ({relation})" if relation else "")


def keyword_pattern(words: str) -> re.Pattern[str]:
    """A pattern that finds one keyword as a whole word, any case."""
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE)


def _keyword_reason(sub: Subscription, text: str) -> str | None:
    if all(keyword_pattern(word).search(text) for word in sub.target.split()):
        return f"Keyword: {sub.target}"
    return None


def reason(sub: Subscription, parsed: ParsedRelease, roles: list[CompanyRole], text: str) -> str | None:
    """Why `sub` matches the release ("" for `all`), or None when it does not."""
    if sub.kind == "all":
        return ""
    if sub.kind == "company":
        return _company_reason(sub, roles)
    if sub.kind == "keyword":
        return _keyword_reason(sub, text)
    if sub.kind == "event" and sub.target in parsed.event_types:
        return f"Event: {sub.target}"
    return None


def is_muted(mutes: Iterable[Mute], parsed: ParsedRelease) -> bool:
    """True when one of `mutes` names the release's issuer (by ticker symbol or name key)."""
    issuers = [r for r in company_roles(parsed) if r.role == "issuer"]
    return any(_is_company(m.ticker, m.name_key, r) for m in mutes for r in issuers)


def match_release(
    subscriptions: Iterable[Subscription], mutes: Iterable[Mute], parsed: ParsedRelease
) -> list[ChannelMatch]:
    """The channels `parsed` goes to (one `ChannelMatch` each, in order of their first matching subscription),
    leaving out channels that muted its issuer."""
    roles = company_roles(parsed)
    text = f"{parsed.headline or ''}\n{parsed.body}"
    muted_by: dict[str, list[Mute]] = {}
    for mute in mutes:
        muted_by.setdefault(mute.channel, []).append(mute)
    matches: dict[str, ChannelMatch] = {}
    for sub in subscriptions:
        why = reason(sub, parsed, roles, text)
        if why is None:
            continue
        match = matches.setdefault(sub.channel, ChannelMatch(sub.channel, sub.id))
        if why not in match.reasons:
            match.reasons.append(why)
        if sub.digest is None:
            match.immediate = True
        else:
            match.digests.add(sub.digest)
    return [m for m in matches.values() if not is_muted(muted_by.get(m.channel, ()), parsed)]

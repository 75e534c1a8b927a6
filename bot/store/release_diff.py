"""What a reparse changed in one release: the difference between two `ParsedRelease`s, field by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.parser.models import ParsedRelease
from bot.store.names import ticker_text

_IGNORED = {"parser_version"}


@dataclass
class ReleaseChange:
    """The result of `replace_parsed`: `changed` is True when any parsed field other than `parser_version`
    differs (`fields_changed` names them). The `*_added`/`*_removed` lists hold display values, in release order:
    partners and companies by name as written, tickers as "EXCHANGE:SYMBOL", people by name, products by code
    (else name), event types as given."""

    release_id: int
    changed: bool = False
    fields_changed: list[str] = field(default_factory=list)
    old_parser_version: str | None = None
    new_parser_version: str | None = None
    headline_changed: bool = False
    dateline_changed: bool = False
    issuer_changed: bool = False
    partners_added: list[str] = field(default_factory=list)
    partners_removed: list[str] = field(default_factory=list)
    tickers_added: list[str] = field(default_factory=list)
    tickers_removed: list[str] = field(default_factory=list)
    companies_added: list[str] = field(default_factory=list)
    companies_removed: list[str] = field(default_factory=list)
    people_added: list[str] = field(default_factory=list)
    people_removed: list[str] = field(default_factory=list)
    products_added: list[str] = field(default_factory=list)
    products_removed: list[str] = field(default_factory=list)
    event_types_added: list[str] = field(default_factory=list)
    event_types_removed: list[str] = field(default_factory=list)


def _tickers(parsed: ParsedRelease) -> list[str]:
    orgs = ([parsed.issuer] if parsed.issuer else []) + list(parsed.companies)
    return [ticker_text(ticker) for org in orgs for ticker in org.tickers]


def _views(parsed: ParsedRelease) -> dict[str, list[str]]:
    return {
        "partners": [p.name for p in parsed.partners],
        "tickers": _tickers(parsed),
        "companies": [c.name for c in parsed.companies],
        "people": [p.name for p in parsed.people],
        "products": [p.code or p.name or "" for p in parsed.products],
        "event_types": list(parsed.event_types),
    }


def _minus(first: Iterable[str], second: Iterable[str]) -> list[str]:
    other = set(second)
    return [value for value in dict.fromkeys(first) if value not in other]


def diff_parsed(release_id: int, old: ParsedRelease, new: ParsedRelease) -> ReleaseChange:
    """Compare the stored parsed form `old` with a new one for release `release_id`."""
    old_data, new_data = old.model_dump(mode="json"), new.model_dump(mode="json")
    change = ReleaseChange(
        release_id=release_id,
        fields_changed=[name for name in new_data if name not in _IGNORED and old_data.get(name) != new_data[name]],
        old_parser_version=old.parser_version,
        new_parser_version=new.parser_version,
    )
    change.changed = bool(change.fields_changed)
    change.headline_changed = "headline" in change.fields_changed
    change.dateline_changed = "dateline" in change.fields_changed
    change.issuer_changed = "issuer" in change.fields_changed
    old_views, new_views = _views(old), _views(new)
    for name, values in new_views.items():
        setattr(change, f"{name}_added", _minus(values, old_views[name]))
        setattr(change, f"{name}_removed", _minus(old_views[name], values))
    return change

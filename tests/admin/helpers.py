"""Helpers for the admin tests: settings with one admin, fixture-corpus texts, and releases stored with a chosen
(possibly stale) parsed form."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from bot.config import Settings
from bot.parser import ParsedRelease
from bot.parser.models import Partner
from bot.store.releases import ReleaseMeta, save_release

ADMIN = "UADMIN1"
OUTSIDER = "UNOBODY1"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"
OLD_VERSION = "0.0.1"
GHOST = Partner(name="Ghost Partner Holdings", relation="other", evidence="Ghost Partner Holdings was misread.")


def make_settings(tmp_path: Path, **extra: object) -> Settings:
    """Console-mode settings with `ADMIN` as the one admin; no `.env`, no feeds."""
    return Settings(
        _env_file=None,
        PRBOT_DB=str(tmp_path / "prbot.db"),
        PRBOT_FEEDS="",
        PRBOT_DEMO_FEED=False,
        PRBOT_ADMINS=ADMIN,
        **extra,
    )


def corpus_texts() -> list[tuple[str, str]]:
    """(name, text) of every plain-text release of the fixture corpus, sorted by name (UTF-8, else cp1252 as
    some wire exports are)."""
    return [(p.stem, _decode(p.read_bytes())) for p in sorted(FIXTURES.glob("*.txt"))]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def stale_form(current: ParsedRelease) -> ParsedRelease:
    """What an older, buggier parser made of a release: an older `parser_version`, a ghost partner that is not
    in the text, and the last quoted person missed."""
    return current.model_copy(
        update={
            "parser_version": OLD_VERSION,
            "partners": [*current.partners, GHOST],
            "people": current.people[:-1],
        }
    )


def store(db: sqlite_utils.Database, raw: str, parsed: ParsedRelease, *, url: str | None = None, key: str = "") -> int:
    """Save `raw` with `parsed` as its stored parsed form (bypassing the parser), return the release ID."""
    return save_release(
        db, raw=raw, raw_format="text", parsed=parsed, meta=ReleaseMeta(url=url), fingerprint=f"fp-{key or raw[:40]}"
    )

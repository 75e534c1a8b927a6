"""The dependency arrows of ARCHITECTURE.md, checked on the source: a broken arrow fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports_of(path: Path) -> set[str]:
    """Every module name imported by the file at `path` (absolute imports; relative ones are prefixed '.')."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
    return names


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offending(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in files(folder):
        for name in imports_of(path):
            if name.startswith(forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    return bad


def test_parser_is_pure() -> None:
    assert files("bot/parser"), "the parser package exists"
    assert (
        offending(
            "bot/parser",
            (
                "slack_sdk",
                "slack_bolt",
                "aiohttp",
                "sqlite",
                "bot.store",
                "handlers",
                "bot.render",
                "bot.watcher",
                "bot.fetch",
                "bot.alerts",
                "requests",
            ),
        )
        == []
    )


def test_store_knows_nothing_of_slack_or_http() -> None:
    assert (
        offending(
            "bot/store",
            ("slack_sdk", "slack_bolt", "aiohttp", "handlers", "bot.render", "bot.watcher", "bot.slack_app"),
        )
        == []
    )


def test_handlers_never_import_each_other() -> None:
    bad = []
    for path in files("handlers"):
        if path.name == "__init__.py":
            continue
        for name in imports_of(path):
            if name.startswith("handlers.") and name != "handlers.registry":
                bad.append(f"{path.name} imports {name}")
    assert bad == []


def test_nothing_below_runtime_imports_the_composition_root() -> None:
    assert offending("bot/parser", ("bot.runtime", "bot.cli")) == []
    assert offending("bot/store", ("bot.runtime", "bot.cli")) == []
    assert offending("handlers", ("bot.runtime", "bot.cli")) == []

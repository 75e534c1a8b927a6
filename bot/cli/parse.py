"""`prbot parse FILE --json` and `prbot parse FILE... --jsonl`: run the shared parser, no store needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from bot.errors import CommandError
from bot.parser import parse_release


def read_input(name: str) -> tuple[str, bool]:
    """Read a release from a path or `-` (stdin) as text; return (text, is_html).

    HTML when the name ends in .html/.htm or the content starts with `<`. Bytes are decoded as UTF-8,
    falling back to cp1252 (common in wire exports). Raises `CommandError` when it cannot be read.
    """
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    is_html = name.lower().endswith((".html", ".htm")) or text.lstrip().startswith("<")
    return text, is_html


def parse_command(
    files: list[str] = typer.Argument(..., help="release files (text or HTML); - for standard input"),
    as_json: bool = typer.Option(False, "--json", help="print one parsed release as an indented JSON object"),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="print one JSON object per line, in the order given"),
) -> None:
    """Parse releases and print the parsed release JSON (contract: spec/parsed-release.md)."""
    if as_json and len(files) > 1:
        raise CommandError("--json takes one FILE; use --jsonl for several")
    for name in files:
        text, is_html = read_input(name)
        data = parse_release(text, is_html=is_html).model_dump(mode="json")
        if as_jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add `parse` to the CLI."""
    app.command("parse")(parse_command)

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
    falling back to cp1252 (common in wire exports). The one reader of `prbot parse` and `prbot ingest`.
    Raises `CommandError` when it cannot be read, is empty (only whitespace) or is binary (has NUL bytes).
    """
    label = "standard input" if name == "-" else name
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {label}: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise CommandError(f"{label} is not a text or HTML file")
    if not data.strip():
        raise CommandError(f"{label} is empty")
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
    """Parse releases and print the parsed release JSON (contract: spec/parsed-release.md). A file that cannot be
    read is reported on stderr and the others go on; the exit code is then 2."""
    if as_json and len(files) > 1:
        raise CommandError("--json takes one FILE; use --jsonl for several")
    unreadable = 0
    for name in files:
        try:
            text, is_html = read_input(name)
        except CommandError as err:
            unreadable += 1
            typer.echo(f"prbot: {err}", err=True)
            continue
        data = parse_release(text, is_html=is_html).model_dump(mode="json")
        if as_jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if unreadable:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add `parse` to the CLI."""
    app.command("parse")(parse_command)

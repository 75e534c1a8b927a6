"""`prbot parse FILE --json` and `prbot parse FILE... --jsonl`: run the shared parser, no store needed."""

from __future__ import annotations

import codecs
import json
import re
import sys
from pathlib import Path

import typer

from bot.errors import CommandError
from bot.parser import parse_release
from bot.parser.normalize import decode_bytes


def read_input(name: str) -> tuple[str, bool]:
    """Read a release from a path or `-` (stdin) as text; return (text, is_html). The one reader of `prbot parse`
    and `prbot ingest`.

    The suffix decides: `.txt`/`.text` is text, `.html`/`.htm`/`.xhtml` is HTML. Only when it says nothing (another
    suffix, standard input) is the content sniffed, and only real markup counts: it opens with a doctype or an
    HTML element (`<html`, `<body`, `<p>`, `<div` ...), not with any `<...>` (`<!channel>`, `<https://...>`).
    Bytes are decoded like the parser's (`bot.parser.normalize.decode_bytes`): a byte order mark (UTF-8, UTF-16,
    UTF-32), else UTF-8, else a declared charset, else Windows-1252 (common in wire exports).
    Raises `CommandError` when it cannot be read, is empty (only whitespace) or is binary (NUL bytes outside
    UTF-16/UTF-32 text with a byte order mark).
    """
    label = "standard input" if name == "-" else name
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {label}: {exc.strerror or exc}") from exc
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # (the UTF-32 marks begin the same way)
    if b"\x00" in data and not wide:
        raise CommandError(f"{label} is not a text or HTML file")
    text, _warnings = decode_bytes(data)
    if "\x00" in text:
        raise CommandError(f"{label} is not a text or HTML file")
    if not text.strip():
        raise CommandError(f"{label} is empty")
    suffix = "" if name == "-" else Path(name).suffix.lower()
    if suffix in (".txt", ".text"):
        return text, False
    if suffix in (".html", ".htm", ".xhtml"):
        return text, True
    markup = re.match(
        r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
        r"<(?:!doctype\s+html|html|head|body|p|div|table|article|section|main|header|meta|title|h[1-6]|br)\b",
        text[:8192],
        re.IGNORECASE | re.DOTALL,
    )
    return text, markup is not None


def parse_command(
    files: list[str] = typer.Argument(..., help="release files (text or HTML); - for standard input"),
    as_json: bool = typer.Option(False, "--json", help="print one parsed release as an indented JSON object"),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="print one JSON object per line, in the order given"),
) -> None:
    """Parse releases and print the parsed release JSON (contract: spec/parsed-release.md). A file that cannot be
    read is reported on stderr and the others go on; the exit code is then 2. With --jsonl every input keeps its
    line: an unreadable one is `{"file": NAME, "error": REASON}`."""
    if as_json and as_jsonl:
        raise CommandError("--json and --jsonl cannot be used together; pick one")
    if as_json and len(files) > 1:
        raise CommandError("--json takes one FILE; use --jsonl for several")
    unreadable = 0
    for name in files:
        try:
            text, is_html = read_input(name)
        except CommandError as err:
            unreadable += 1
            typer.echo(f"prbot: {err}", err=True)
            if as_jsonl:
                sys.stdout.write(json.dumps({"file": name, "error": str(err)}, ensure_ascii=False) + "\n")
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

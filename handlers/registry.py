"""The slash-command framework shared by Slack (`/pr ...`) and the terminal (`prbot ask "/pr ..."`).

A handler is a plain async function `(ctx) -> Reply` registered with `@command("name", usage=...)`; its
docstring's first paragraph is the user-facing help, so `/pr help` cannot drift from the code. Permission is a
declaration (`admin_only=True`), checked here once by `bot.permissions.authorize`, never inside a handler.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.errors import CommandError
from bot.metrics import timed
from bot.render import escape
from bot.services import Services


@dataclass
class Reply:
    """What a command answers: `text` is the plain-text fallback (and what a terminal prints), `blocks` the
    Block Kit blocks (None: text only), `public` True to post in the channel instead of an ephemeral reply,
    `usage_error` True when the command itself was wrong (`prbot ask` then exits with code 2)."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    public: bool = False
    usage_error: bool = False


async def _print_nothing(_reply: Reply) -> None:
    return None


@dataclass
class CommandContext:
    """One invocation. `user_id` is None in the terminal (the operator, trusted as an admin); `respond` sends
    follow-up replies later (Slack's response_url, or the terminal)."""

    services: Services
    args: list[str]
    user_id: str | None = None
    channel_id: str | None = None
    team_id: str | None = None
    command_text: str = ""
    respond: Callable[[Reply], Awaitable[None]] = _print_nothing
    public: bool = False


Handler = Callable[[CommandContext], Awaitable[Reply]]


@dataclass(frozen=True)
class CommandSpec:
    """A registered subcommand: `name` may be several words ("admin reparse")."""

    name: str
    usage: str
    handler: Handler
    admin_only: bool = False
    help: str = field(default="")


COMMANDS: dict[str, CommandSpec] = {}


def command(name: str, *, usage: str = "", admin_only: bool = False) -> Callable[[Handler], Handler]:
    """Register `handler` as `/pr <name>`; `usage` is the argument synopsis shown in help ("TICKER|NAME")."""

    def decorate(handler: Handler) -> Handler:
        doc = (handler.__doc__ or "").strip().split("\n\n")[0]
        COMMANDS[name] = CommandSpec(name, usage, handler, admin_only, " ".join(doc.split()))
        return handler

    return decorate


def split_command(text: str) -> list[str]:
    """Split `/pr ...` text into words (shell-like quoting; a stray quote is taken literally).
    A leading `/pr` is dropped, so `prbot ask "/pr partners IMGN"` and Slack's `partners IMGN` are the same."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if words and words[0].lower() == "/pr":
        words = words[1:]
    return words


def find_command(words: list[str]) -> tuple[CommandSpec | None, list[str]]:
    """Longest registered name that prefixes `words` (case-insensitive), and the remaining arguments."""
    lowered = [w.lower() for w in words]
    for size in range(min(len(words), 3), 0, -1):
        spec = COMMANDS.get(" ".join(lowered[:size]))
        if spec is not None:
            return spec, words[size:]
    return None, words


def unknown_command(words: list[str]) -> Reply:
    """A short usage reply for input that names no command: the commands sharing its first word (`admin`), or
    every command's name."""
    first = words[0].lower()
    related = sorted(name for name in COMMANDS if name.split()[0] == first)
    names = related or sorted({name.split()[0] for name in COMMANDS})
    typed = escape(" ".join(words)[:60].replace("`", "'"))
    listing = ", ".join(f"`/pr {name}`" if related else f"`{name}`" for name in names)
    lead = "Did you mean" if related else "Commands:"
    return Reply(f"I don't know `/pr {typed}`. {lead} {listing}. `/pr help` explains each.", usage_error=True)


async def dispatch(ctx: CommandContext) -> Reply:
    """Run the command in `ctx.command_text` and return its reply; never raises for user error.

    A trailing `public` word makes the reply public. Unknown subcommands get a usage reply; a `CommandError`
    becomes its message as the reply. Other exceptions propagate to the transport's error handler.
    """
    from bot.permissions import authorize

    words = split_command(ctx.command_text)
    if words and words[-1].lower() == "public":
        ctx.public = True
        words = words[:-1]
    spec, args = find_command(words)
    if spec is None and words:
        return unknown_command(words)
    if spec is None:
        spec = COMMANDS["help"]
    ctx.args = args
    if spec.admin_only:
        refusal = await authorize(ctx, spec)
        if refusal is not None:
            return Reply(refusal)
    try:
        with timed(spec.name):
            reply = await spec.handler(ctx)
    except CommandError as err:
        return Reply(str(err), usage_error=True)
    if ctx.public:
        reply.public = True
    return reply

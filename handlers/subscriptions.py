"""`/pr subscribe`, `/pr unsubscribe`, `/pr subscriptions`, `/pr mute`, `/pr unmute`, and the alert buttons.

Subscriptions belong to the channel the command is typed in (the terminal's `prbot ask` uses the console).
A company is typed as a ticker (`IMGN`, `NASDAQ:IMGN`) or a name (`immunogen`); one known to the store is
followed by its ticker and name, so it matches as issuer and as a partner named without a ticker. A company not
seen yet can be followed too, unless its name is close to known ones: then the reply lists them, and
`company:WORDS` takes the words as written. Buttons on alerts (`bot.render.alert_blocks`): `pr_partners` and
`pr_show` answer like `/pr partners` and `/pr show`, `pr_mute` mutes the issuer in that channel; answers are
ephemeral.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

from bot import render
from bot.alerts import CONSOLE_CHANNEL
from bot.errors import CommandError
from bot.parser.models import EVENT_TYPES
from bot.services import Services
from bot.store import companies, subscriptions
from bot.store.names import name_key
from bot.store.subscriptions import Subscription
from handlers.registry import CommandContext, Reply, command, dispatch

USAGE = "TICKER|NAME|keyword:WORDS|event:TYPE|all"
SUBSCRIBE_USAGE = USAGE + " [digest:hourly|daily]"
DIGESTS = ("hourly", "daily")
_TICKER = re.compile(r"^(?:[A-Za-z][A-Za-z .-]{0,20}:)?[A-Z0-9][A-Z0-9.\-]{0,9}$")


@dataclass
class Target:
    """What a subscribe/unsubscribe/mute argument means: the subscription `kind`, its `target` key, a `label`
    (escaped mrkdwn) and, for a company, its ticker symbol and name key. `reply` is set instead when the words
    named several companies (a choice list) or, for subscribe and mute, an unknown one close to known ones.
    `label` is plain text (escape it to show it)."""

    kind: str
    target: str
    label: str
    ticker: str | None = None
    name_key: str | None = None
    known: bool = True
    reply: Reply | None = None


def _channel(ctx: CommandContext) -> str:
    return ctx.channel_id or CONSOLE_CHANNEL


def _digest_option(ctx: CommandContext, name: str) -> str | None:
    """Take a `digest:hourly|daily` option (any position) out of `ctx.args`; its value, None when not given.
    Raises `CommandError` with the usage for another value or several options."""
    options = [arg for arg in ctx.args if arg.lower().startswith("digest:")]
    if not options:
        return None
    value = options[0].lower().removeprefix("digest:")
    if len(options) > 1 or value not in DIGESTS:
        raise CommandError(
            f"`digest:` is `digest:hourly` or `digest:daily`. Usage: `/pr {name} {SUBSCRIBE_USAGE}`, "
            f"for example `/pr {name} IMGN digest:daily`."
        )
    ctx.args = [arg for arg in ctx.args if arg not in options]
    return value


def _company(ctx: CommandContext, query: str, name: str, *, new_only_if_unlike: bool) -> Target:
    """The company `query` names. `new_only_if_unlike` (subscribe, mute): a company not seen yet whose name is
    close to known ones is not taken; the target's `reply` lists the close matches instead."""
    resolution = companies.resolve_company(ctx.services.db, query)
    if resolution.candidates or (new_only_if_unlike and resolution.match is None and resolution.suggestions):
        text, blocks = render.resolution_blocks(resolution, name, as_written=not resolution.candidates)
        return Target("company", "", "", reply=Reply(text, blocks))
    match = resolution.match
    if match is not None:
        symbol = match.tickers[0].symbol if match.tickers else None
        key = name_key(match.name) or None
        shown = f"{symbol} ({match.name})" if symbol else match.name
        return Target("company", symbol or key or "", shown[:120], symbol, key)
    is_ticker = bool(_TICKER.match(query)) and " " not in query
    symbol = query.rsplit(":", 1)[-1].upper() if is_ticker else None
    key = None if is_ticker else (name_key(query) or None)
    if not (symbol or key):
        raise CommandError(
            f"“{render.inert(query, 80)}” has no letters or digits to follow. Usage: `/pr {name} {USAGE}`"
        )
    label = (symbol or query)[:120]
    return Target("company", symbol or key or "", label, symbol, key, known=False)


def parse_target(ctx: CommandContext, name: str, *, creates: bool = False) -> Target:
    """Read `ctx.args` as `TICKER|NAME|keyword:WORDS|event:TYPE|all` (`company:WORDS`: the words as written, even
    when close to a known company's name). `creates` (subscribe, mute): an unknown company close to known ones
    gets a reply listing them instead of a target. Raises `CommandError` with the usage."""
    text = " ".join(ctx.args).strip()
    if not text:
        raise CommandError(f"Usage: `/pr {name} {USAGE}`, for example `/pr {name} IMGN` or `/pr {name} event:license`.")
    lowered = text.lower()
    if lowered == "all":
        return Target("all", "", "every release")
    if lowered.startswith("keyword:"):
        words = " ".join(re.findall(r"\w[\w&'.-]*", lowered.removeprefix("keyword:")))
        if not words:
            raise CommandError(f"Give the words after `keyword:`, for example `/pr {name} keyword:antibody-drug`.")
        return Target("keyword", words, f"keyword “{words[:100]}”")
    if lowered.startswith("event:"):
        event = lowered.removeprefix("event:").strip()
        if event not in EVENT_TYPES:
            raise CommandError(f"Unknown event type `{render.inert(event, 40)}`. Known: {', '.join(EVENT_TYPES)}.")
        return Target("event", event, f"{event} releases")
    if lowered.startswith("company:"):
        words = text[len("company:") :].strip()
        if not words:
            raise CommandError(f"Give the company after `company:`, for example `/pr {name} company:Acme Rockets`.")
        return _company(ctx, words, name, new_only_if_unlike=False)
    return _company(ctx, text, name, new_only_if_unlike=creates)


def _describe(sub: Subscription) -> str:
    state = "" if sub.status == "active" else f" — *stopped*: Slack said `{render.escape(sub.stopped_reason or '?')}`"
    source = " (from PRBOT_ALERT_CHANNEL)" if sub.source == "env" else ""
    source += f" ({sub.digest} digest)" if sub.digest else ""
    kinds = {"company": "company", "keyword": "keyword", "event": "event", "all": "all"}
    return f"• {kinds[sub.kind]}: {render.inert(sub.label, 120)}{source}{state}"


@command("subscribe", usage=SUBSCRIBE_USAGE)
async def subscribe(ctx: CommandContext) -> Reply:
    """Post alerts in this channel for a company (as issuer or as partner), a keyword, an event type, or `all`
    releases: `/pr subscribe IMGN`, `/pr subscribe keyword:antibody`, `/pr subscribe event:license`. Add
    `digest:hourly` or `digest:daily` (13:00 UTC) to get one thread per period instead of one post each. A name
    I have not seen that is close to known ones gets those as suggestions; `company:NAME` follows it as typed."""
    digest = _digest_option(ctx, "subscribe")
    target = parse_target(ctx, "subscribe", creates=True)
    if target.reply is not None:
        return target.reply
    _sub, changed = subscriptions.subscribe(
        ctx.services.db, _channel(ctx), target.kind, target.target, label=target.label, ticker=target.ticker,
        name_key=target.name_key, created_by=ctx.user_id, digest=digest,
    )  # fmt: skip
    if not changed:
        return Reply(f"This channel already follows {render.inert(target.label, 120)}.")
    what = {
        "company": "releases it issues or names it as a partner",
        "keyword": "releases whose headline or text has every word",
        "event": "releases of that type",
        "all": "every new release",
    }[target.kind]
    text = f"Subscribed this channel to {render.inert(target.label, 120)}: {what}"
    text += (
        f", in an {digest} digest thread."
        if digest == "hourly"
        else f", in a {digest} digest thread."
        if digest
        else "."
    )
    if not target.known:
        text += " I have no release naming it yet; I'll post when one does."
    return Reply(text)


@command("unsubscribe", usage=USAGE)
async def unsubscribe(ctx: CommandContext) -> Reply:
    """Stop a subscription of this channel (as listed by `/pr subscriptions`); a `digest:...` option, as given to
    subscribe, is ignored (one subscription per target, whatever its digest)."""
    channel = _channel(ctx)
    _digest_option(ctx, "unsubscribe")
    target = parse_target(ctx, "unsubscribe")
    if target.reply is not None:
        return target.reply
    existing = subscriptions.find(ctx.services.db, channel, target.kind, target.target)
    if existing is None and target.kind == "company":
        wanted = {k for k in (target.ticker, target.name_key, " ".join(ctx.args).lower()) if k}
        existing = next(
            (s for s in subscriptions.list_for_channel(ctx.services.db, channel)
             if s.kind == "company" and wanted & {s.target.lower(), (s.ticker or "").lower(), s.name_key or ""}),
            None,
        )  # fmt: skip
    if existing is None:
        return Reply(f"This channel does not follow {render.inert(target.label, 120)}. See `/pr subscriptions`.")
    if existing.source == "env":
        return Reply("This channel gets every release because it is PRBOT_ALERT_CHANNEL; change that setting instead.")
    subscriptions.unsubscribe(ctx.services.db, channel, existing.kind, existing.target)
    return Reply(f"Unsubscribed this channel from {render.inert(existing.label, 120)}.")


@command("subscriptions")
async def list_subscriptions(ctx: CommandContext) -> Reply:
    """What this channel is subscribed to, and the companies it muted."""
    channel = _channel(ctx)
    subs = subscriptions.list_for_channel(ctx.services.db, channel)
    muted = subscriptions.mutes(ctx.services.db, channel)
    if not subs and not muted:
        return Reply(f"This channel has no subscriptions. Start with `/pr subscribe {USAGE}`.")
    lines = [_describe(s) for s in subs] or ["(no subscriptions)"]
    if muted:
        lines.append("Muted: " + ", ".join(render.inert(m.label, 80) for m in muted))
    return Reply("This channel's alerts:\n" + "\n".join(lines))


@command("mute", usage="TICKER|NAME")
async def mute(ctx: CommandContext) -> Reply:
    """Stop alerts in this channel about releases a company issues, whatever subscription matches them."""
    target = parse_target(ctx, "mute", creates=True)
    if target.reply is not None:
        return target.reply
    if target.kind != "company":
        raise CommandError(
            "Only a company can be muted: `/pr mute TICKER|NAME`. To stop other alerts use `/pr unsubscribe`."
        )
    added = subscriptions.mute(
        ctx.services.db, _channel(ctx), target.target, label=target.label, ticker=target.ticker,
        name_key=target.name_key, created_by=ctx.user_id,
    )  # fmt: skip
    if not added:
        return Reply(f"{render.inert(target.label, 120)} is already muted here.")
    undo = render.inert(" ".join(ctx.args), 80)
    return Reply(f"Muted {render.inert(target.label, 120)} in this channel. Undo with `/pr unmute {undo}`.")


@command("unmute", usage="TICKER|NAME")
async def unmute(ctx: CommandContext) -> Reply:
    """Lift a mute of this channel."""
    target = parse_target(ctx, "unmute")
    if target.reply is not None:
        return target.reply
    if subscriptions.unmute(ctx.services.db, _channel(ctx), target.target):
        return Reply(f"{render.inert(target.label, 120)} is no longer muted here.")
    return Reply(f"{render.inert(target.label, 120)} is not muted here. See `/pr subscriptions`.")


# -- alert buttons ----------------------------------------------------------------------------------------------
BUTTON_COMMANDS = {render.ACTION_PARTNERS: "partners", render.ACTION_SHOW: "show", render.ACTION_MUTE: "mute"}
"""Alert button `action_id` -> the `/pr` subcommand it runs with the button's value."""


async def run_button(services: Services, body: dict[str, Any]) -> Reply:
    """The reply to an alert button press (`block_actions` payload): the button's subcommand run with its value
    in the channel of the message, as the user who pressed it."""
    action = body["actions"][0]
    subcommand = BUTTON_COMMANDS[action["action_id"]]
    ctx = CommandContext(
        services=services,
        args=[],
        user_id=(body.get("user") or {}).get("id"),
        channel_id=(body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id"),
        team_id=(body.get("team") or {}).get("id"),
        command_text=f"{subcommand} {shlex.quote(str(action.get('value', '')))}",
    )
    return await dispatch(ctx)


def register(app: Any, services: Services) -> None:
    """Listen to the alert buttons on `app` (a slack_bolt `AsyncApp`): acknowledge, then answer ephemerally."""

    async def on_button(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        reply = await run_button(services, body)
        await respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)

    for action_id in BUTTON_COMMANDS:
        app.action(action_id)(on_button)

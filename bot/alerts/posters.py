"""Where alerts go: the `Poster` protocol, Slack's Web API (`SlackPoster`) and the terminal (`ConsolePoster`).

A poster sends one message and returns its `ts`, or raises `PostError` whose `kind` tells the dispatcher what to
do. Slack's error codes are sorted by the Web API documentation of `chat.postMessage` / `chat.update`:

| kind | codes | dispatcher |
|---|---|---|
| `rate_limited` | HTTP 429 `ratelimited` | wait `Retry-After` seconds, try again |
| `transient` | HTTP 5xx, `internal_error`, `fatal_error`, `service_unavailable`, `request_timeout`, timeouts, connection errors | back off exponentially, try again |
| `channel` | `channel_not_found`, `not_in_channel`, `is_archived` | stop the channel's subscriptions |
| `workspace` | `invalid_auth`, `not_authed`, `token_revoked`, `token_expired`, `account_inactive`, `missing_scope`, `team_access_not_granted` | stop all sending |
| `message` | `msg_too_long`, `invalid_blocks`, `invalid_blocks_format`, `invalid_metadata_format` | resend once as short text (a prbot bug) |
| `gone` | `message_not_found`, `cant_update_message`, `edit_window_closed` (chat.update) | post a new message instead |
| `permanent` | anything else | give up on this delivery |
"""  # noqa: E501

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
from rich.console import Console
from rich.panel import Panel
from rich.text import Text
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.parser.models import ParsedRelease

_KINDS = {
    "ratelimited": "rate_limited",
    "internal_error": "transient",
    "fatal_error": "transient",
    "service_unavailable": "transient",
    "request_timeout": "transient",
    "channel_not_found": "channel",
    "not_in_channel": "channel",
    "is_archived": "channel",
    "invalid_auth": "workspace",
    "not_authed": "workspace",
    "token_revoked": "workspace",
    "token_expired": "workspace",
    "account_inactive": "workspace",
    "missing_scope": "workspace",
    "team_access_not_granted": "workspace",
    "msg_too_long": "message",
    "invalid_blocks": "message",
    "invalid_blocks_format": "message",
    "invalid_metadata_format": "message",
    "message_not_found": "gone",
    "cant_update_message": "gone",
    "edit_window_closed": "gone",
}


@dataclass
class AlertMessage:
    """One message: `text` (fallback, notifications), Block Kit `blocks`; `parsed`, `release_id`, `url` and `note`
    let a terminal render it its own way and tag the Slack message with the release id (message metadata)."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    parsed: ParsedRelease | None = None
    release_id: int | None = None
    url: str | None = None
    note: str | None = None


class PostError(Exception):
    """A message was not sent. `code` is Slack's error code (or "http_503", "timeout", "connection_error"),
    `kind` what to do about it (see the module table), `retry_after` Slack's `Retry-After` in seconds."""

    def __init__(self, code: str, kind: str, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.kind = kind
        self.retry_after = retry_after


def classify(code: str) -> str:
    """The `kind` of a Slack error code (`permanent` when unknown)."""
    return _KINDS.get(code, "permanent")


class Poster(Protocol):
    """Sends alert messages; raises `PostError`. `min_interval`: seconds between two posts to one channel."""

    min_interval: float

    async def post(self, channel: str, message: AlertMessage, *, thread_ts: str | None = None) -> str:
        """Post `message` to `channel` (in the thread of `thread_ts` when given); return the message's `ts`."""
        ...

    async def update(self, channel: str, ts: str, message: AlertMessage) -> str:
        """Replace the message `ts` in `channel` with `message`; return its `ts`."""
        ...


class SlackPoster:
    """Posts with `chat.postMessage` / `chat.update`: blocks plus fallback text, no `link_names`, no unfurls, and
    message metadata `prbot_release {release_id}` so a message can be traced to its release. Paces one post per
    second per channel (Slack's `chat.postMessage` limit)."""

    min_interval = 1.0

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, message: AlertMessage, *, thread_ts: str | None = None) -> str:
        args: dict[str, Any] = {"channel": channel, "text": message.text, "unfurl_links": False, "unfurl_media": False}
        if message.blocks:
            args["blocks"] = message.blocks
        if thread_ts:
            args["thread_ts"] = thread_ts
        if message.release_id is not None:
            args["metadata"] = {"event_type": "prbot_release", "event_payload": {"release_id": message.release_id}}
        response = await self._call(self.client.chat_postMessage, link_names=False, **args)
        return str(response["ts"])

    async def update(self, channel: str, ts: str, message: AlertMessage) -> str:
        args: dict[str, Any] = {"channel": channel, "ts": ts, "text": message.text}
        args["blocks"] = message.blocks or []
        response = await self._call(self.client.chat_update, **args)
        return str(response.get("ts") or ts)

    @staticmethod
    async def _call(method: Any, **kwargs: Any) -> Any:
        try:
            return await method(**kwargs)
        except SlackApiError as err:
            raise _from_slack(err) from err
        except TimeoutError as err:
            raise PostError("timeout", "transient") from err
        except (aiohttp.ClientError, OSError) as err:
            raise PostError("connection_error", "transient") from err


def _from_slack(err: SlackApiError) -> PostError:
    response = err.response
    status = getattr(response, "status_code", 200)
    data = response.data if isinstance(getattr(response, "data", None), dict) else {}
    headers = {k.lower(): v for k, v in (getattr(response, "headers", None) or {}).items()}
    if status == 429 or data.get("error") == "ratelimited":
        value = headers.get("retry-after")
        retry_after = float(value[0] if isinstance(value, list) else value) if value else 1.0
        return PostError("ratelimited", "rate_limited", retry_after)
    if status >= 500:
        return PostError(f"http_{status}", "transient")
    code = str(data.get("error") or f"http_{status}")
    return PostError(code, classify(code))


class ConsolePoster:
    """Prints alerts readably to a terminal (console mode of `prbot run`); never fails. `ts` values are
    `console.<n>`. No pacing. `prbot` is how the user runs prbot from their shell (shown in the "Ask:" hint)."""

    min_interval = 0.0

    def __init__(self, console: Console | None = None, *, prbot: str = "prbot") -> None:
        self.console = console or Console(highlight=False)
        self.prbot = prbot
        self._ts = itertools.count(1)

    async def post(self, channel: str, message: AlertMessage, *, thread_ts: str | None = None) -> str:
        self.console.print(self._render(message, "↳ " if thread_ts else ""))
        return f"console.{next(self._ts)}"

    async def update(self, channel: str, ts: str, message: AlertMessage) -> str:
        self.console.print(self._render(message, "Corrected: "))
        return ts

    def _render(self, message: AlertMessage, prefix: str) -> Panel | Text:
        parsed = message.parsed
        if parsed is None:
            return Text(prefix + message.text)
        body = Text()
        if parsed.issuer is not None:
            tickers = ", ".join(f"{t.exchange}:{t.symbol}" if t.exchange else t.symbol for t in parsed.issuer.tickers)
            body.append(parsed.issuer.name, style="bold").append(f" ({tickers})" if tickers else "").append("\n")
        if parsed.dateline is not None:
            d = parsed.dateline
            where = ", ".join(p for p in (d.city, d.region, d.country) if p)
            parts = [p for p in (where, d.date.isoformat() if d.date else None, d.wire) if p]
            body.append(" · ".join(parts) + "\n", style="dim")
        if parsed.event_types:
            body.append("Events: " + ", ".join(parsed.event_types) + "\n")
        if parsed.partners:
            names = ", ".join(f"{p.name} ({p.relation})" for p in parsed.partners[:8])
            body.append("Partners: ", style="bold").append(names + "\n")
        if parsed.summary:
            body.append("\n" + parsed.summary + "\n")
        if message.note:
            body.append(message.note + "\n", style="italic")
        if message.url:
            body.append(message.url + "\n", style="blue")
        body.append(f'Ask: {self.prbot} ask "/pr partners {_ask_target(parsed)}"', style="dim")
        title = prefix + (parsed.headline or "(no headline)")
        return Panel(
            body, title=Text(title, style="bold"), title_align="left", subtitle=f"release {message.release_id}"
        )


def _ask_target(parsed: ParsedRelease) -> str:
    if parsed.issuer is not None and parsed.issuer.tickers:
        return parsed.issuer.tickers[0].symbol
    name = parsed.issuer.name if parsed.issuer is not None else "NAME"
    return f"'{name}'" if " " in name else name

"""The Slack app: `/pr` slash commands through `handlers.registry.dispatch`, one error handler, both transports.

Built by `create_app(services)` from settings, never at import. A slash command is acknowledged within Slack's
3-second limit: when the answer is ready within `ACK_BUDGET_SECONDS` it is the acknowledgement itself, else a
short "working on it" is acknowledged and the answer follows through `respond()` (the response_url). Replies are
ephemeral unless the user adds `public`; they never go through `chat.postMessage`, so they work in private
channels and DMs where the bot is not a member.

`serve()` runs Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP mode on `PORT`: `POST /slack/events`
(signature verified by slack_bolt: HMAC-SHA256 with `SLACK_SIGNING_SECRET`, timestamps older than 5 minutes
refused), `GET /healthz` and `GET /metrics`.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

import handlers
from bot import __version__, metrics
from bot.errors import PrbotError
from bot.services import Services
from handlers.registry import CommandContext, Reply, dispatch

log = logging.getLogger(__name__)

ACK_BUDGET_SECONDS = 2.0
"""How long a command may run before it is acknowledged with "working on it" (Slack allows 3 seconds)."""
WORKING_TEXT = "Working on it…"


def reply_payload(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for `ack()`/`respond()`: text, blocks, `response_type` (`in_channel` when public, else
    `ephemeral`), link unfurls off. Never `link_names` or `parse=full`: release text must not ping."""
    payload: dict[str, Any] = {
        "text": reply.text,
        "response_type": "in_channel" if reply.public else "ephemeral",
        "unfurl_links": False,
        "unfurl_media": False,
    }
    if reply.blocks:
        payload["blocks"] = reply.blocks
    return payload


def _context(services: Services, body: dict[str, Any], respond: AsyncRespond) -> CommandContext:
    async def follow_up(reply: Reply) -> None:
        await respond(**reply_payload(reply))

    return CommandContext(
        services=services,
        args=[],
        user_id=body.get("user_id"),
        channel_id=body.get("channel_id"),
        team_id=body.get("team_id"),
        command_text=body.get("text") or "",
        respond=follow_up,
    )


_late_answers: set[asyncio.Future[None]] = set()
"""Answers still being computed after their "working on it" acknowledgement (references keep them alive)."""


async def _answer_late(task: asyncio.Future[Reply], respond: AsyncRespond, command: str) -> None:
    """Send the answer of a command that outlived `ACK_BUDGET_SECONDS` through the response_url; an error is
    logged and answered in plain words there too (the listener has returned, so `on_error` cannot see it)."""
    try:
        payload = reply_payload(await task)
    except Exception as error:
        payload = {"text": _error_text(error, command), "response_type": "ephemeral"}
    try:
        await respond(**payload)
    except Exception as error:
        _error_text(error, command)


def _error_text(error: Exception, command: str) -> str:
    """Log `error` (with its Slack error code when Slack refused a call) and return what the user is told."""
    if isinstance(error, SlackApiError):
        code = error.response.get("error", "unknown") if error.response is not None else "unknown"
        log.error("Slack API error %s while handling /pr %s", code, command)
        return f"Slack refused my answer ({code}). Please try again in a moment."
    if isinstance(error, PrbotError):
        log.error("prbot error while handling /pr %s: %s", command, error)
        return f"Sorry, I could not answer: {error}"
    log.error("unexpected error while handling /pr %s", command, exc_info=error)
    return "Sorry, something went wrong on my side. The error is in prbot's log; please try again later."


MENTION_TEXT = "Hi! Ask me with the `/pr` command: `/pr help` lists what I can do, e.g. `/pr partners IMGN`."


def create_app(services: Services, *, process_before_response: bool = True) -> AsyncApp:
    """The AsyncApp for `services.settings`: `/pr` command, error handler, and each `handlers.MODULES` module's
    `register(app, services)`. Uses `services.slack` as the Web API client (built by `bot.slack_client` when
    missing). Socket Mode (`SLACK_APP_TOKEN`) needs no signing secret; HTTP mode verifies every request.

    `process_before_response=True` (the default) sends the HTTP response when the listener returns; `/pr` never
    holds it longer than `ACK_BUDGET_SECONDS` (slower answers continue in the background), and it saves the
    up-to-10 ms slack_bolt otherwise spends polling for `ack()`. With False, listeners run after the response."""
    settings = services.settings
    if services.slack is None:
        from bot.slack_client import make_client

        services.slack = make_client(settings)
    socket_mode = bool(settings.slack_app_token)
    app = AsyncApp(
        client=services.slack,
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not socket_mode,
        process_before_response=process_before_response,
        name="prbot",
    )

    @app.command("/pr")
    async def on_pr(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        task = asyncio.ensure_future(dispatch(_context(services, body, respond)))
        done, _pending = await asyncio.wait({task}, timeout=ACK_BUDGET_SECONDS)
        if task in done:
            await ack(**reply_payload(task.result()))  # an error propagates un-acknowledged to on_error
            return
        await ack(text=WORKING_TEXT, response_type="ephemeral")
        late = asyncio.ensure_future(_answer_late(task, respond, body.get("text") or ""))
        _late_answers.add(late)
        late.add_done_callback(_late_answers.discard)

    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], say: Any) -> None:
        """An @-mention gets a pointer to the slash command, in the thread (text only: nothing echoed back)."""
        await say(text=MENTION_TEXT, thread_ts=event.get("thread_ts") or event.get("ts"))

    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], respond: AsyncRespond, response: BoltResponse | None
    ) -> BoltResponse | None:
        text = _error_text(error, (body or {}).get("text", ""))
        if response is not None:  # not acknowledged yet: the answer is the HTTP response itself
            payload = {"response_type": "ephemeral", "text": text}
            return BoltResponse(status=200, body=json.dumps(payload), headers={"content-type": "application/json"})
        if body and body.get("response_url"):
            with contextlib.suppress(Exception):
                await respond(text=text, response_type="ephemeral")
        return None

    for module in handlers.MODULES:
        register = getattr(module, "register", None)
        if register is not None:
            register(app, services)
    return app


def build_web_app(app: AsyncApp, services: Services) -> web.Application:
    """The aiohttp application of HTTP mode: `POST /slack/events` (slack_bolt), `GET /healthz` and
    `GET /metrics` (Prometheus text)."""

    async def events(request: web.Request) -> web.Response:
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def healthz(_request: web.Request) -> web.Response:
        store_ok = True
        try:
            services.db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            store_ok = False
        uptime = time.time() - services.started_at.timestamp()
        body = {"ok": store_ok, "version": __version__, "uptime_seconds": round(uptime, 3), "store": store_ok}
        return web.json_response(body, status=200 if store_ok else 503)

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/healthz", healthz)

    async def metrics_endpoint(_request: web.Request) -> web.Response:
        data, content_type = metrics.render()
        return web.Response(body=data, headers={"Content-Type": content_type})

    web_app.router.add_get("/metrics", metrics_endpoint)
    return web_app


class SlackRefusedError(PrbotError):
    """Slack refused a token at start-up (`invalid_auth`, `not_authed`, `account_inactive`, `token_revoked`,
    `not_allowed_token_type`, ...): prbot cannot work with it, so it stops (exit code 1)."""


class ListenError(PrbotError):
    """HTTP mode cannot listen on `PORT` (taken by another program, or not allowed): exit code 1."""


STOP_SECONDS = 5.0
"""How long closing the Socket Mode connection may take when prbot stops, in seconds."""


async def check_tokens(services: Services) -> None:
    """Ask Slack whether the tokens work before serving: `auth.test` with `SLACK_BOT_TOKEN` and, in Socket Mode,
    `apps.connections.open` with `SLACK_APP_TOKEN` (the call the Socket Mode client repeats forever otherwise).

    Raises `SlackRefusedError` naming the setting and Slack's error code when Slack answers `ok: false` (other
    than `ratelimited`). When Slack cannot be reached the start goes on (logged as a warning): the Web API client
    and the Socket Mode client retry by themselves."""
    settings = services.settings
    client = services.slack
    assert client is not None, "check_tokens needs the Web API client"
    checks: list[tuple[str, Any]] = [("SLACK_BOT_TOKEN", lambda: client.auth_test())]
    if settings.slack_app_token:
        token = settings.slack_app_token
        checks.append(("SLACK_APP_TOKEN", lambda: client.apps_connections_open(app_token=token)))
    for setting, call in checks:
        try:
            await call()
        except SlackApiError as error:
            code = error.response.get("error", "unknown") if error.response is not None else "unknown"
            if code == "ratelimited":
                continue
            raise SlackRefusedError(
                f"Slack refused {setting} ({code}); check the token in your Slack app's settings"
            ) from error
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            log.warning("could not reach Slack to check %s (%s); going on, Slack calls are retried", setting, error)
            return


async def serve(
    app: AsyncApp,
    services: Services,
    stop: asyncio.Event,
    *,
    host: str = "0.0.0.0",
    ready: Callable[[], None] | None = None,
) -> None:
    """Run the app until `stop` is set: Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP mode on `host`:`PORT`.
    `ready` is called once connected (Socket Mode) or listening (HTTP). `stop` ends it at any time, also while the
    Socket Mode client is still connecting (it retries every 10 s when the WebSocket cannot be opened).
    Raises `ListenError` when HTTP mode cannot listen on the port."""
    settings = services.settings
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(app, settings.slack_app_token)
        connect = asyncio.ensure_future(handler.connect_async())
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({connect, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if connect.done():
                connect.result()
                log.info("Slack Socket Mode connected")
                if ready is not None:
                    ready()
                await stopped
        finally:
            stopped.cancel()
            connect.cancel()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(handler.close_async(), STOP_SECONDS)
        return
    runner = web.AppRunner(build_web_app(app, services), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, settings.port)
        try:
            await site.start()
        except OSError as error:
            reason = "it is already in use" if error.errno == errno.EADDRINUSE else (error.strerror or str(error))
            raise ListenError(
                f"cannot listen on port {settings.port}: {reason}; stop the other program or set PORT to a free port"
            ) from error
        log.info("Slack HTTP mode listening on %s:%s (POST /slack/events, GET /healthz)", host, settings.port)
        if ready is not None:
            ready()
        await stop.wait()
    finally:
        await runner.cleanup()

"""A fake Slack Web API on 127.0.0.1 for tests: real slack_sdk / slack_bolt code talks to it over HTTP.

Usage (also available as the `fake_slack` fixture in `tests/conftest.py`)::

    async with FakeSlack() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].payload["text"] == "hi"

Served methods (paths `/api/<method>`): `auth.test` (form/query parameters), `chat.postMessage`, `chat.update`,
`chat.postEphemeral` (JSON bodies, form accepted too), `users.info`, `conversations.info`,
`apps.connections.open` (Socket Mode: answers the fake's WebSocket URL); any other method answers
`{"ok": false, "error": "unknown_method"}`. Socket Mode: `GET /socket` is the WebSocket; it says `hello` on
connect, `send_envelope(type, payload)` pushes an envelope (e.g. `slash_commands`) to the connected app, and
every message the app sends back (acknowledgements, with their `payload`) is recorded as method `socket`.
Slack's `response_url` is faked by `POST /response/<id>` (recorded under the method name `response_url`, with
`key` = the id); build one with `response_url("abc")`.

Every request is recorded as a `Call` (method, payload merged from query, form and JSON, monotonic time, the
bearer token). Behaviours are injected per method and consumed in order, one per call (`times` calls each, or for
every call with `times=None`): `fail(method, "channel_not_found")` answers `{"ok": false, "error": ...}`,
`rate_limit(method, retry_after=1)` answers HTTP 429 with `Retry-After` (seconds), `server_error(method, 503)`
answers a 5xx, `delay(method, seconds)` sleeps before answering normally (for client timeouts).
Message timestamps (`ts`) increase with every message posted.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import WSMsgType, web

TEAM_ID = "T0FAKE"
BOT_USER_ID = "U0PRBOT"
BOT_ID = "B0PRBOT"


@dataclass
class Call:
    """One request the fake received. `payload` merges query parameters, form fields and a JSON body."""

    method: str
    payload: dict[str, Any]
    at: float
    token: str | None = None
    key: str | None = None


@dataclass
class _Behaviour:
    kind: str  # "error" | "ratelimit" | "status" | "delay"
    value: Any
    times: int | None  # None: forever


@dataclass
class FakeSlack:
    """The fake Web API server; an async context manager that listens on 127.0.0.1 on a free port."""

    calls: list[Call] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    _behaviours: dict[str, deque[_Behaviour]] = field(default_factory=lambda: defaultdict(deque))
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _envelopes: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    port: int = 0

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._changed = asyncio.Condition()
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- addresses --------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/`."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_url(self) -> str:
        """Web API base URL with the trailing slash slack_sdk needs: `http://127.0.0.1:<port>/api/`."""
        return self.base_url + "api/"

    def response_url(self, key: str = "r1") -> str:
        """A response_url for a slash command payload; replies posted to it are recorded with `key`."""
        return f"{self.base_url}response/{key}"

    # -- behaviours -------------------------------------------------------------------------------------------
    def fail(self, method: str, error: str = "channel_not_found", *, times: int | None = 1) -> None:
        """Answer the next `times` calls to `method` with `{"ok": false, "error": error}` (HTTP 200)."""
        self._behaviours[method].append(_Behaviour("error", error, times))

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int | None = 1) -> None:
        """Answer the next `times` calls with HTTP 429, `Retry-After: retry_after` seconds, error `ratelimited`."""
        self._behaviours[method].append(_Behaviour("ratelimit", retry_after, times))

    def server_error(self, method: str, status: int = 500, *, times: int | None = 1) -> None:
        """Answer the next `times` calls with HTTP `status` (500, 503, ...)."""
        self._behaviours[method].append(_Behaviour("status", status, times))

    def delay(self, method: str, seconds: float, *, times: int | None = 1) -> None:
        """Sleep `seconds` before answering the next `times` calls normally."""
        self._behaviours[method].append(_Behaviour("delay", seconds, times))

    def clear_behaviours(self) -> None:
        """Forget every injected behaviour."""
        self._behaviours.clear()

    # -- inspection -------------------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of `method` ("chat.postMessage", "response_url", ...), oldest first."""
        return [c for c in self.calls if c.method == method]

    def responses(self, key: str | None = None) -> list[dict[str, Any]]:
        """JSON payloads posted to response_urls (only those of `key` when given), oldest first."""
        return [c.payload for c in self.calls if c.method == "response_url" and (key is None or c.key == key)]

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait until `method` was called at least `count` times; raises `TimeoutError` after `within` seconds."""
        assert self._changed is not None, "use FakeSlack as `async with`"
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    # -- server -----------------------------------------------------------------------------------------------
    async def _record(self, request: web.Request, method: str, key: str | None = None) -> Call:
        payload: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    payload.update(body)
            else:
                payload.update(dict(await request.post()))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or payload.get("token")
        call = Call(method, payload, time.monotonic(), token, key)
        self.calls.append(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return call

    async def _injected(self, method: str) -> web.Response | None:
        queue = self._behaviours.get(method)
        if not queue:
            return None
        behaviour = queue[0]
        if behaviour.times is not None:
            behaviour.times -= 1
            if behaviour.times <= 0:
                queue.popleft()
        if behaviour.kind == "delay":
            await asyncio.sleep(behaviour.value)
            return None
        if behaviour.kind == "error":
            return web.json_response({"ok": False, "error": behaviour.value})
        if behaviour.kind == "ratelimit":
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(behaviour.value)}
            )
        return web.Response(status=behaviour.value, text="fake server error")

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(request, method)
        injected = await self._injected(method)
        if injected is not None:
            return injected
        if not call.token:
            return web.json_response({"ok": False, "error": "not_authed"})
        p = call.payload
        if method == "auth.test":
            body: dict[str, Any] = {
                "url": "https://fake.slack.test/",
                "team": "Fake Team",
                "user": "prbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        elif method == "chat.postMessage":
            ts = self._next_ts()
            body = {"channel": p.get("channel"), "ts": ts, "message": {"text": p.get("text"), "ts": ts}}
        elif method == "chat.update":
            body = {"channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text")}
        elif method == "chat.postEphemeral":
            body = {"message_ts": self._next_ts()}
        elif method == "apps.connections.open":
            body = {"url": f"ws://127.0.0.1:{self.port}/socket"}
        elif method == "users.info":
            uid = str(p.get("user", ""))
            if uid not in self.users:
                return web.json_response({"ok": False, "error": "user_not_found"})
            body = {"user": self.users[uid]}
        elif method == "conversations.info":
            cid = str(p.get("channel", ""))
            if cid not in self.channels:
                return web.json_response({"ok": False, "error": "channel_not_found"})
            body = {"channel": self.channels[cid]}
        else:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response({"ok": True, **body})

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(request, "response_url", request.match_info["key"])
        injected = await self._injected("response_url")
        return injected if injected is not None else web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0PRBOT"}})
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    data = json.loads(message.data)
                    self.calls.append(Call("socket", data, time.monotonic(), key=data.get("envelope_id")))
                    assert self._changed is not None
                    async with self._changed:
                        self._changed.notify_all()
        finally:
            self._sockets.remove(socket)
        return socket

    async def send_envelope(self, kind: str, payload: dict[str, Any], *, within: float = 5.0) -> str:
        """Push a Socket Mode envelope (`slash_commands`, `interactive`, `events_api`) to the connected app, waiting
        up to `within` seconds for it to connect; return the envelope id its acknowledgement will carry."""
        assert self._changed is not None
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: bool(self._sockets))
        envelope_id = f"env-{next(self._envelopes)}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True}
        await self._sockets[-1].send_json(envelope)
        return envelope_id

    # -- fixtures data ----------------------------------------------------------------------------------------
    def add_user(self, user_id: str, *, name: str = "someone", is_admin: bool = False, is_owner: bool = False) -> None:
        """Make `users.info` know `user_id` (workspace admin/owner flags as Slack reports them)."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_bot": False,
        }

    def add_channel(self, channel_id: str, *, name: str = "general", is_private: bool = False) -> None:
        """Make `conversations.info` know `channel_id`."""
        self.channels[channel_id] = {"id": channel_id, "name": name, "is_private": is_private, "is_member": True}

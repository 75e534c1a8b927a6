"""Who may run admin commands, and the audit of every attempt.

An admin is the terminal operator (`ctx.user_id` None), a Slack user ID listed in `PRBOT_ADMINS`, or, when a
Slack Web API client is available, a workspace admin or owner (`users.info` -> `user.is_admin` / `user.is_owner`,
cached per user for `WORKSPACE_ADMIN_TTL_SECONDS`). Permission is declared once per command
(`@command(..., admin_only=True)`); `handlers.registry.dispatch` calls `authorize` before the handler runs.

Audit: `authorize` writes one `audit` row per attempt, outcome `allowed` or `refused`; the admin handlers write the
outcome row (`ok` / `error`) when the action ends (`bot.store.audit`).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.store import audit

if TYPE_CHECKING:
    from handlers.registry import CommandContext, CommandSpec

log = logging.getLogger(__name__)

WORKSPACE_ADMIN_TTL_SECONDS = 300.0
"""How long (seconds) a `users.info` answer about one user's admin/owner flags is trusted."""

_workspace_admins: dict[tuple[int, str | None, str], tuple[bool, float]] = {}
"""(id of the Web API client, team ID, user ID) -> (is workspace admin or owner, monotonic expiry time)."""


async def is_workspace_admin(ctx: CommandContext) -> bool:
    """True when Slack says `ctx.user_id` is a workspace admin or owner (`users.info`), False when it says not,
    when there is no Web API client (console mode) or when the lookup fails (logged; a failure is not cached)."""
    client = ctx.services.slack
    if client is None or ctx.user_id is None:
        return False
    key = (id(client), ctx.team_id, ctx.user_id)
    cached = _workspace_admins.get(key)
    if cached is not None and cached[1] > time.monotonic():
        return cached[0]
    try:
        response = await client.users_info(user=ctx.user_id)
    except (SlackApiError, aiohttp.ClientError, TimeoutError) as err:
        log.warning("users.info for %s failed: %s", ctx.user_id, err)
        return False
    user = response.get("user") or {}
    allowed = bool(user.get("is_admin") or user.get("is_owner"))
    _workspace_admins[key] = (allowed, time.monotonic() + WORKSPACE_ADMIN_TTL_SECONDS)
    return allowed


async def is_admin(ctx: CommandContext) -> bool:
    """True for the terminal operator, a user in `PRBOT_ADMINS`, or a workspace admin/owner."""
    if ctx.user_id is None or ctx.user_id in ctx.services.settings.admins:
        return True
    return await is_workspace_admin(ctx)


async def authorize(ctx: CommandContext, spec: CommandSpec) -> str | None:
    """Return None when `ctx.user_id` may run `spec`, else a polite refusal to show the user.

    Writes an audit row either way (outcome `allowed` or `refused`, with the command text).
    """
    allowed = await is_admin(ctx)
    command = ctx.command_text.strip() or spec.name
    audit.record(ctx.services.db, user_id=ctx.user_id, command=command, outcome="allowed" if allowed else "refused")
    if allowed:
        return None
    return f"Sorry, `/pr {spec.name}` is for prbot admins only. Ask an admin to add your Slack user ID to PRBOT_ADMINS."

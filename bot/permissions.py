"""Who may run admin commands: Slack user IDs in `PRBOT_ADMINS`; the terminal operator always may."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.registry import CommandContext, CommandSpec


async def authorize(ctx: CommandContext, spec: CommandSpec) -> str | None:
    """Return None when `ctx.user_id` may run `spec`, else a polite refusal to show the user."""
    if ctx.user_id is None or ctx.user_id in ctx.services.settings.admins:
        return None
    return f"Sorry, `/pr {spec.name}` is for prbot admins only. Ask an admin to add you to PRBOT_ADMINS."

"""`/pr help`: generated from the registered handlers' docstrings (first paragraph), so help cannot drift."""

from bot.render import escape, help_blocks
from handlers.registry import COMMANDS, CommandContext, Reply, command


@command("help", usage="[COMMAND]")
async def help_command(ctx: CommandContext) -> Reply:
    """List the commands, or explain one: `/pr help partners`."""
    wanted = " ".join(ctx.args).lower()
    ordered = sorted(COMMANDS.values(), key=lambda s: (s.admin_only, s.name))  # everyone's commands first
    specs = [s for s in ordered if not wanted or s.name.startswith(wanted)]
    lead = None
    if wanted and not specs:
        lead = f"I don't know the command `{escape(wanted[:60])}`. Here is what I can do:"
        specs = ordered
    entries = [(s.name, s.usage, s.help + (" _(prbot admins only)_" if s.admin_only else "")) for s in specs]
    text, blocks = help_blocks(entries, lead=lead)
    return Reply(text, blocks, usage_error=lead is not None)

"""`/pr help`: generated from the registered handlers' docstrings."""

from handlers.registry import COMMANDS, CommandContext, Reply, command


@command("help", usage="[COMMAND]")
async def help_command(ctx: CommandContext) -> Reply:
    """List the commands, or explain one: `/pr help partners`."""
    wanted = " ".join(ctx.args).lower()
    specs = [s for name, s in sorted(COMMANDS.items()) if not wanted or name.startswith(wanted)]
    if wanted and not specs:
        lead = f"I don't know `{wanted}`. "
        specs = sorted(COMMANDS.values(), key=lambda s: s.name)
    else:
        lead = ""
    lines = [f"`/pr {s.name}{' ' + s.usage if s.usage else ''}` {s.help}" for s in specs]
    return Reply(lead + "prbot commands:\n" + "\n".join(lines))

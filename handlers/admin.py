"""`/pr admin ...`: reparse, feeds, status and why, for prbot admins only (declared with `admin_only=True`;
`bot.permissions.authorize` checks and audits the attempt). Each handler writes the outcome to the audit trail.

`admin reparse` answers at once and works in the background; progress and the final report come through
`ctx.respond` (Slack's response_url, which Slack accepts at most 5 times within 30 minutes, so there are at most
3 progress messages and 1 final report). In the terminal (`prbot ask`, no Slack user) it runs in the foreground
and answers with the final report.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from bot.admin import feeds as feed_admin
from bot.admin import reparse as reparse_service
from bot.admin.status import status_text
from bot.admin.why import explain
from bot.errors import CommandError, PrbotError
from bot.render import escape
from bot.store import audit
from handlers.registry import CommandContext, Handler, Reply, command

log = logging.getLogger(__name__)

PROGRESS_STEPS = (0.25, 0.5, 0.75)
"""Fractions of a background reparse at which a progress message is sent (response_url allows 5 uses)."""

_background: dict[int, asyncio.Task[None]] = {}
"""Running background reparses, one per store (keyed by the id of the database object)."""


def _record(ctx: CommandContext, outcome: str, detail: str) -> None:
    audit.record(ctx.services.db, user_id=ctx.user_id, command=ctx.command_text.strip(), outcome=outcome, detail=detail)


def audited(handler: Handler) -> Handler:
    """Write the handler's outcome to the audit trail: `ok` with the reply's first line, or `error` with the
    message of the `PrbotError` raised (which then propagates)."""

    @functools.wraps(handler)
    async def run(ctx: CommandContext) -> Reply:
        try:
            reply = await handler(ctx)
        except PrbotError as err:
            _record(ctx, "error", str(err))
            raise
        _record(ctx, "ok", reply.text.split("\n", 1)[0][:300])
        return reply

    return run


def _url_arg(args: list[str], usage: str) -> str:
    """The one URL argument; Slack sends a typed URL as `<url>` or `<url|label>`."""
    if len(args) != 1:
        raise CommandError(f"usage: {usage}")
    return args[0].strip().strip("<>").split("|", 1)[0]


async def _tell(ctx: CommandContext, text: str) -> None:
    """Send a follow-up; a failed follow-up is logged and does not stop the work."""
    try:
        await ctx.respond(Reply(text))
    except Exception:
        log.warning("could not send a follow-up reply to %s", ctx.user_id, exc_info=True)


def _report_text(report: reparse_service.ReparseReport) -> str:
    head = f"Reparse of {report.target.key} finished: {report.summary()}"
    if report.resumed_after:
        head += f" (resumed after release #{report.resumed_after})"
    return "\n".join([head, *(escape(line) for line in report.diff_lines())])


async def _run_reparse(ctx: CommandContext, target: reparse_service.Target, ids: list[int], dry_run: bool) -> str:
    steps = list(PROGRESS_STEPS)

    async def progress(report: reparse_service.ReparseReport) -> None:
        if steps and report.total and report.done < report.total and report.done / report.total >= steps[0]:
            while steps and report.done / report.total >= steps[0]:
                steps.pop(0)
            await _tell(
                ctx,
                f"Reparse of {target.key}: {report.done} of {report.total} done, {len(report.changed_ids)} changed",
            )

    report = await reparse_service.reparse(ctx.services.db, target, ids=ids, dry_run=dry_run, progress=progress)
    return _report_text(report)


async def _background_reparse(
    ctx: CommandContext, target: reparse_service.Target, ids: list[int], dry_run: bool
) -> None:
    try:
        text = await _run_reparse(ctx, target, ids, dry_run)
    except PrbotError as err:
        _record(ctx, "error", str(err))
        await _tell(ctx, str(err))
        return
    _record(ctx, "ok", text.split("\n", 1)[0])
    await _tell(ctx, text)


@command("admin reparse", usage="ID|TICKER|all|stale [--dry-run]", admin_only=True)
@audited
async def reparse_command(ctx: CommandContext) -> Reply:
    """Re-run the current parser over stored releases (one ID, a ticker, all, or stale ones parsed by an older
    parser) and report what changed; `--dry-run` shows the changes without writing them."""
    target, dry_run = reparse_service.parse_args(ctx.args)
    ids = reparse_service.select_ids(ctx.services.db, target)
    if ctx.user_id is None:
        return Reply(await _run_reparse(ctx, target, ids, dry_run))
    key = id(ctx.services.db)
    running = _background.get(key)
    if running is not None and not running.done():
        raise CommandError("a reparse is already running; its report will be posted when it ends")
    task = asyncio.create_task(_background_reparse(ctx, target, ids, dry_run), name=f"reparse {target.key}")
    _background[key] = task
    task.add_done_callback(lambda t: _background.pop(key, None) if _background.get(key) is t else None)
    mode = "dry run (nothing will be written)" if dry_run else "rewriting each release in its own transaction"
    return Reply(f"Reparse of {target.key} started: {len(ids)} releases, {mode}. I'll report progress here.")


async def _feeds_list(ctx: CommandContext) -> Reply:
    lines = feed_admin.describe_feeds(ctx.services)
    if not lines:
        return Reply("No feeds are watched. Add one with `/pr admin feeds add URL`.")
    return Reply(f"{len(lines)} watched feeds:\n" + "\n".join(escape(line) for line in lines))


async def _feeds_add(ctx: CommandContext) -> Reply:
    url = _url_arg(ctx.args[1:], "admin feeds add URL")
    preview = await feed_admin.add_feed(ctx.services, url)
    return Reply(
        f"Now watching {escape(url)}: {escape(preview.describe())}\n"
        "Its current items are recorded as a baseline on the first poll; only newer releases are alerted."
    )


async def _feeds_test(ctx: CommandContext) -> Reply:
    url = _url_arg(ctx.args[1:], "admin feeds test URL")
    check = feed_admin.url_check(ctx.services)
    preview = await feed_admin.preview_feed(url, user_agent=ctx.services.settings.user_agent, check=check)
    return Reply(f"{escape(url)} is a readable feed: {escape(preview.describe())}")


async def _feeds_remove(ctx: CommandContext) -> Reply:
    url = _url_arg(ctx.args[1:], "admin feeds remove URL")
    feed_admin.remove_feed(ctx.services, url)
    return Reply(f"Stopped watching {escape(url)} (its stored releases stay).")


async def _feeds_pause(ctx: CommandContext) -> Reply:
    url = _url_arg(ctx.args[1:], "admin feeds pause URL")
    feed_admin.set_paused(ctx.services, url, True)
    return Reply(f"Paused {escape(url)}; `/pr admin feeds resume URL` polls it again.")


async def _feeds_resume(ctx: CommandContext) -> Reply:
    url = _url_arg(ctx.args[1:], "admin feeds resume URL")
    feed_admin.set_paused(ctx.services, url, False)
    return Reply(f"Resumed {escape(url)}: it is polled at once.")


_FEED_ACTIONS = {
    "list": _feeds_list,
    "add": _feeds_add,
    "test": _feeds_test,
    "remove": _feeds_remove,
    "pause": _feeds_pause,
    "resume": _feeds_resume,
}
FEEDS_USAGE = "list | add URL | remove URL | pause URL | resume URL | test URL"


@command("admin feeds", usage=FEEDS_USAGE, admin_only=True)
@audited
async def feeds_command(ctx: CommandContext) -> Reply:
    """Manage the watched feeds: list them, add one (checked and test-fetched first), remove, pause, resume, or
    test a URL without adding it."""
    action = _FEED_ACTIONS.get(ctx.args[0].lower()) if ctx.args else None
    if action is None:
        raise CommandError(f"usage: /pr admin feeds {FEEDS_USAGE}")
    return await action(ctx)


@command("admin status", admin_only=True)
@audited
async def status_command(ctx: CommandContext) -> Reply:
    """Health of the bot: version, uptime, parser version, feeds, outbox, store counts and the last errors."""
    return Reply(status_text(ctx.services))


@command("admin why", usage="URL|ID", admin_only=True)
@audited
async def why_command(ctx: CommandContext) -> Reply:
    """Why a release was or wasn't posted: baseline, too old, duplicate, no matching subscription, delivery
    failed, or posted (where and when)."""
    if len(ctx.args) != 1:
        raise CommandError("usage: /pr admin why URL|ID")
    return Reply("\n".join(explain(ctx.services, ctx.args[0])))

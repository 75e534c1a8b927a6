"""`prbot run [--once]`: the main job (feed watcher + alert dispatcher + Slack app)."""

from __future__ import annotations

import asyncio

import typer

from bot.config import Settings
from bot.logs import setup_logging


def run_command(
    once: bool = typer.Option(False, "--once", help="one pass over all feeds and the outbox, then exit"),
) -> None:
    """Run prbot: watch feeds, post alerts, answer Slack. Console mode when no Slack token is set.

    Exit code 1 when `--once` polled feeds and every one of them failed (cron sees the outage), 130 when a second
    Ctrl+C/SIGTERM cut the shutdown short."""
    settings = Settings()
    setup_logging(
        settings.log_level,
        json_lines=settings.log_json,
        secrets=[s for s in (settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret) if s],
    )
    from bot.runtime import prbot_command, run

    try:
        report = asyncio.run(run(settings, once=once))
    except asyncio.CancelledError:
        raise typer.Exit(130) from None
    if report is not None and report.feeds and len(report.failed) == len(report.feeds):
        failed = len(report.failed)
        typer.echo(f"prbot: every feed polled failed ({failed}); see: {prbot_command()} feeds list", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `run` to the CLI."""
    app.command("run")(run_command)

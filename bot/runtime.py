"""Composition root of `prbot run`: builds the services, seeds the feeds, starts the feed watcher, the alert
dispatcher and the Slack app, and shuts them down cleanly on SIGTERM/SIGINT.

Modes (from settings, `shared/spec/interfaces.md`): Socket Mode with `SLACK_APP_TOKEN`; HTTP mode with
`SLACK_BOT_TOKEN` + `SLACK_SIGNING_SECRET`; console mode otherwise (alerts printed, bundled demo feed read).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import signal
import sys
from collections.abc import Awaitable
from pathlib import Path

from rich.console import Console

from bot.alerts import CONSOLE_CHANNEL, ConsolePoster, Dispatcher, SlackPoster, sync_alert_channel
from bot.config import Settings
from bot.errors import ConfigError
from bot.instance import InstanceLock
from bot.metrics import watch_store
from bot.services import Services
from bot.store import feeds as feed_store
from bot.store import open_db, outbox
from bot.watcher import PollReport, Watcher

log = logging.getLogger(__name__)

DEMO_FEED = Path(__file__).parent / "demo" / "feed.xml"
"""The bundled demo feed (reference release + invented releases), read in console mode."""


def build_services(settings: Settings) -> Services:
    """Open the store and, unless in console mode, the Slack Web API client. Raises `StoreError`."""
    services = Services(settings=settings, db=open_db(settings.db_path))
    if settings.slack_mode != "console":
        from bot.slack_client import make_client

        services.slack = make_client(settings)
    return services


def seed_feeds(services: Services) -> int:
    """Add `PRBOT_FEEDS` (or the wires' defaults) and, in console mode, the demo feed; return how many."""
    settings = services.settings
    source = "env" if settings.feeds is not None else "default"
    for url in settings.feed_urls:
        feed_store.add_feed(services.db, url, source=source)
    if settings.slack_mode == "console" and settings.demo_feed:
        feed_store.add_feed(services.db, DEMO_FEED.resolve().as_uri(), source="demo", alert_existing=True)
    console = settings.slack_mode == "console"
    sync_alert_channel(services.db, CONSOLE_CHANNEL if console else settings.alert_channel)
    return len(feed_store.list_feeds(services.db))


def _store_gauges(services: Services) -> dict[str, float]:
    stats = outbox.stats(services.db)
    feeds = feed_store.list_feeds(services.db)
    return {
        "outbox_depth": float(stats.get("depth", 0)),
        "outbox_failed": float(stats.get("failed", 0)),
        "feeds_failing": float(sum(1 for f in feeds if f["status"] == "failing")),
        "feeds_watched": float(len(feeds)),
    }


def prbot_command(argv0: str | None = None) -> str:
    """How the user can run prbot again from their shell: `prbot` when that is on PATH and is this program,
    else the path this one was started with (e.g. `.venv/bin/prbot`), else `python -m bot`."""
    argv0 = argv0 if argv0 is not None else sys.argv[0]
    on_path = shutil.which("prbot")
    name = Path(argv0).name
    if name == "prbot" and on_path and Path(on_path).resolve() == Path(argv0).resolve():
        return "prbot"
    if name == "prbot" and Path(argv0).exists():
        return shlex.quote(os.path.relpath(argv0) if not argv0.startswith("/") else argv0)
    return "python -m bot"


def _banner(console: Console, services: Services, feed_count: int, *, once: bool = False) -> None:
    settings = services.settings
    prbot = prbot_command()
    if settings.slack_mode == "console":
        db = shlex.quote(str(settings.db_path.resolve()))
        lines = [
            "[bold]prbot[/] is running in [bold]console mode[/] (no SLACK_BOT_TOKEN set): alerts are printed here.",
            f"Store: {settings.db_path}   Feeds watched: {feed_count} (see: {prbot} feeds list)",
            "Ask questions from another terminal in this folder:",
            f'  [bold]{prbot} ask "/pr partners IMGN"[/]   (also "/pr latest", "/pr help")',
            f"  (from another folder, first: export PRBOT_DB={db})",
        ]
        if not once:
            lines.append("Stop with Ctrl+C.")
        for line in lines:
            console.print(line, highlight=False, soft_wrap=True)
    else:
        line = f"prbot is running in {settings.slack_mode} mode. Store: {settings.db_path}"
        console.print(line, highlight=False, soft_wrap=True)


def check_mode(settings: Settings) -> None:
    """Refuse a half-configured Slack app before anything starts: a bot token needs `SLACK_SIGNING_SECRET` (HTTP
    mode) or `SLACK_APP_TOKEN` (Socket Mode), and an app token needs `SLACK_BOT_TOKEN`. Raises `ConfigError`
    (exit code 2) naming what is missing; no Slack setting at all is console mode."""
    if settings.slack_bot_token and not (settings.slack_signing_secret or settings.slack_app_token):
        raise ConfigError(
            "SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not: set SLACK_SIGNING_SECRET (HTTP mode) or "
            "SLACK_APP_TOKEN (Socket Mode), or unset SLACK_BOT_TOKEN for console mode"
        )
    if settings.slack_app_token and not settings.slack_bot_token:
        raise ConfigError("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both")


async def _unless_stopped(job: Awaitable[None], stop: asyncio.Event) -> bool:
    """Await `job` unless `stop` is set first (then `job` is cancelled). True when `job` finished."""
    task = asyncio.ensure_future(job)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    if task.done() and not task.cancelled():
        task.result()
        return True
    return False


async def _run_jobs(jobs: list[Awaitable[None]], stop: asyncio.Event) -> None:
    """Run `jobs` together until they all end. When one fails, `stop` is set so the others end cleanly before the
    error propagates; a cancellation (second Ctrl+C) cancels them all."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        await asyncio.gather(*tasks)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)


async def run(settings: Settings, *, once: bool = False) -> PollReport | None:
    """Run the main job until SIGTERM/SIGINT (or one pass with `once`, returning its `PollReport`).

    The first SIGTERM/SIGINT stops cleanly (deliveries under way finish or stay in the outbox); a second one
    cancels what is left (raises `asyncio.CancelledError`). Raises `ConfigError` for a half-configured Slack app,
    `StoreError` when another prbot already runs on the same database or the store cannot be opened,
    `bot.slack_app.SlackRefusedError` when Slack refuses a token and `bot.slack_app.ListenError` when HTTP mode
    cannot listen on `PORT`."""
    check_mode(settings)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    if not once:  # first thing: a Ctrl+C during start-up is a clean stop too (with --once it interrupts, exit 130)
        main = asyncio.current_task()

        def on_signal() -> None:
            if stop.is_set() and main is not None:
                log.warning("stopping now, without waiting for the work under way")
                main.cancel()
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal)
    lock = InstanceLock(settings.db_path)
    lock.acquire()
    services = build_services(settings)
    console = Console(highlight=False)
    try:
        feed_count = seed_feeds(services)
        watch_store(lambda: _store_gauges(services))
        poster = (
            SlackPoster(services.slack) if services.slack is not None else ConsolePoster(console, prbot=prbot_command())
        )
        watcher = Watcher(services)
        dispatcher = Dispatcher(services, poster)
        if once:
            _banner(console, services, feed_count, once=True)
            report = await watcher.poll_once()
            await dispatcher.drain_once()
            console.print(str(report), highlight=False, soft_wrap=True)
            return report
        serving: list[Awaitable[None]] = []
        if services.slack is not None:
            from bot.slack_app import check_tokens, create_app, serve

            if not await _unless_stopped(check_tokens(services), stop):
                return None
            app = create_app(services)
            serving.append(serve(app, services, stop, ready=lambda: _banner(console, services, feed_count)))
        else:
            _banner(console, services, feed_count)
        jobs: list[Awaitable[None]] = [watcher.run(stop), dispatcher.run(stop), *serving]
        await _run_jobs(jobs, stop)
        log.info("prbot stopped cleanly; pending deliveries stay in the outbox")
        return None
    finally:
        if services.slack is not None:
            with contextlib.suppress(Exception):
                await services.slack.session.close() if services.slack.session else None
        services.db.close()
        lock.release()

"""Dispatcher processes for the crash test: `python -m tests.alerts.crash_worker DB API_URL INTERVAL`.

A zygote: imports everything once, then for each line read on standard input forks a dispatcher process and
prints `{"pid": PID}`. Each dispatcher prints `{"in_flight": [[delivery_id, release_id, channel,
catchup_parent_unsent], ...]}` (rows left `sending` by the killed one before it), then `"ready"`, drains the
outbox through the Slack Web API at API_URL (the fake) and prints `"done"` when nothing is left. Forking keeps
each restart cheap (importing prbot takes seconds on a busy machine); children are reaped automatically.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys

from slack_sdk.web.async_client import AsyncWebClient

from bot.alerts import Dispatcher, SlackPoster
from bot.config import Settings
from bot.services import Services
from bot.store import open_db, outbox


def say(value: object) -> None:
    print(json.dumps(value), flush=True)


async def dispatch(db_path: str, api_url: str, interval: float) -> None:
    db = open_db(db_path)
    rows = db.execute(
        "SELECT d.id, d.release_id, d.channel, c.id IS NOT NULL AND c.ts IS NULL FROM deliveries d"
        " LEFT JOIN catchups c ON c.id = d.catchup_id WHERE d.status = 'sending'"
    ).fetchall()
    say({"in_flight": [list(r) for r in rows]})
    settings = Settings(_env_file=None, PRBOT_DB=db_path, PRBOT_FEEDS="")
    client = AsyncWebClient(token="xoxb-test-token", base_url=api_url, timeout=5)
    dispatcher = Dispatcher(Services(settings, db), SlackPoster(client), per_channel_interval=interval)
    say("ready")
    while outbox.stats(db)["depth"]:
        await dispatcher.drain_once()
    say("done")


def main(db_path: str, api_url: str, interval: float) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for _line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
            asyncio.run(dispatch(db_path, api_url, interval))
            os._exit(0)
        say({"pid": pid})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))

"""Alerts: subscription matching, the outbox and the dispatcher that posts each matching release once.

`enqueue_for_release` (called by `bot.ingest.store_parsed` inside its transaction) writes deliveries;
`Dispatcher` sends them through a `Poster` (`SlackPoster` for Slack, `ConsolePoster` for the terminal);
`sync_alert_channel` keeps the `PRBOT_ALERT_CHANNEL` subscription in step with the setting at start-up.
"""

from bot.alerts.dispatcher import Dispatcher, DrainReport
from bot.alerts.enqueue import CONSOLE_CHANNEL, enqueue_for_release, sync_alert_channel
from bot.alerts.posters import AlertMessage, ConsolePoster, Poster, PostError, SlackPoster

__all__ = [
    "CONSOLE_CHANNEL",
    "AlertMessage",
    "ConsolePoster",
    "Dispatcher",
    "DrainReport",
    "PostError",
    "Poster",
    "SlackPoster",
    "enqueue_for_release",
    "sync_alert_channel",
]

"""The services handed to handlers, the watcher and the dispatcher: built once by `bot.runtime`, never at import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlite_utils

from bot.config import Settings

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient


@dataclass
class Services:
    """Shared state: settings, the open store, and the Slack Web API client (None in console mode)."""

    settings: Settings
    db: sqlite_utils.Database
    slack: AsyncWebClient | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

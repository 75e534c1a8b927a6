"""Settings: the only place that reads the environment (and `.env`).

Names and defaults are a contract (`shared/spec/interfaces.md`); every field is documented in `.env.example`
and the README. Durations are in seconds unless the name says otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import __version__

DEFAULT_FEEDS: tuple[str, ...] = (
    "https://www.globenewswire.com/RssFeed/orgclass/1/feedTitle/GlobeNewswire%20-%20News%20about%20Public%20Companies",
    "https://www.prnewswire.com/rss/news-releases-list.rss",
    "https://feed.businesswire.com/rss/home/?rss=G1QFDERJXkJeGVtRWA==",
    "https://www.accessnewswire.com/newsroom/api/rss",
    "https://feeds.newsfilecorp.com/feed/all-news",
    "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&company=&dateb=&owner=include&count=40&output=atom",
)
"""The wires' public feeds watched when `PRBOT_FEEDS` is not set."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
"""Accepted `PRBOT_LOG_LEVEL` values (Python logging's level names; any letter case)."""
FEED_SCHEMES = ("http", "https", "file")
"""URL schemes accepted in `PRBOT_FEEDS` (the fetcher reads these)."""


def url_problem(url: str) -> str | None:
    """Why `url` cannot be read as a URL at all, in plain words (None when it can): an unclosed IPv6 bracket
    (`http://[::1`) or a port that is not a number from 0 to 65535 (RFC 3986 syntax, as `urllib.parse` reads it)."""
    try:
        if urlsplit(url).port is None:  # reading the port checks it
            return None
    except ValueError as error:
        reason = "an IPv6 address needs both [ and ]" if "IPv6" in str(error) else "the port is not 0-65535"
        return f"{url!r} is not a valid URL ({reason})"
    return None


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """prbot's configuration, from the environment or a `.env` file in the working directory.

    Raises `pydantic.ValidationError` on an invalid value; `bot.cli` turns that into one line
    naming the setting, exit code 2.
    """

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    port: int = Field(3000, alias="PORT", ge=1, le=65535)

    db_path: Path = Field(Path("./var/prbot.db"), alias="PRBOT_DB")
    feeds: Annotated[list[str] | None, NoDecode] = Field(None, alias="PRBOT_FEEDS")
    demo_feed: bool = Field(True, alias="PRBOT_DEMO_FEED")
    poll_seconds: float = Field(120.0, alias="PRBOT_POLL_SECONDS", gt=0)
    max_age_hours: float = Field(48.0, alias="PRBOT_MAX_AGE_HOURS", ge=0)
    user_agent: str = Field(
        f"prbot/{__version__} (+https://github.com/prbot/prbot; prbot@example.com)", alias="PRBOT_USER_AGENT"
    )
    admins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="PRBOT_ADMINS")
    allow_private_feeds: bool = Field(False, alias="PRBOT_ALLOW_PRIVATE_FEEDS")
    alert_channel: str | None = Field(None, alias="PRBOT_ALERT_CHANNEL")
    log_level: str = Field("INFO", alias="PRBOT_LOG_LEVEL")
    log_json: bool = Field(False, alias="PRBOT_LOG_JSON")

    @field_validator("feeds", "admins", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("feeds")
    @classmethod
    def _feed_urls(cls, value: list[str] | None) -> list[str] | None:
        for url in value or []:
            if problem := url_problem(url):
                raise ValueError(problem)
            scheme, _, rest = url.partition("://")
            if scheme.lower() not in FEED_SCHEMES or not rest.strip("/"):
                raise ValueError(f"{url!r} is not a feed URL; give http://, https:// or file:// URLs, comma-separated")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk drops the path of a base URL without a trailing slash (LIBRARIES.md).
        return value if value.endswith("/") else value + "/"

    @property
    def feed_urls(self) -> list[str]:
        """Feeds to seed at start-up: `PRBOT_FEEDS` when set, else `DEFAULT_FEEDS`."""
        return list(self.feeds) if self.feeds is not None else list(DEFAULT_FEEDS)

    @property
    def slack_mode(self) -> str:
        """`"socket"` (app token set), `"http"` (bot token and signing secret set) or `"console"`."""
        if self.slack_app_token and self.slack_bot_token:
            return "socket"
        if self.slack_bot_token and self.slack_signing_secret:
            return "http"
        return "console"

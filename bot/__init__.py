"""prbot: watches newswire feeds, parses press releases, stores them in SQLite and talks to Slack."""

__version__ = "0.1.0"

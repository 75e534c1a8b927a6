"""The one error family of prbot.

Every error prbot raises on purpose is a `PrbotError`; its message is written for the user, in plain words,
so the CLI can print it on one line (exit code 2 for `CommandError`/`ConfigError`, 1 otherwise) and the Slack
app can answer with it.
"""


class PrbotError(Exception):
    """Base of every deliberate prbot error. `str(err)` is a plain-words message for the user."""


class ConfigError(PrbotError):
    """A setting is missing or invalid (raised at start-up, before anything runs)."""


class FetchError(PrbotError):
    """An HTTP fetch failed: connection, timeout, status, size cap or redirect cap.

    `status` is the HTTP status when the server answered (else None); `retry_after` the server's Retry-After in
    seconds (429/503), else None.
    """

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ParseError(PrbotError):
    """Input could not be read as a release or a feed at all (the parser itself never raises on text)."""


class StoreError(PrbotError):
    """The SQLite store refused an operation (locked, corrupt, schema mismatch)."""


class CommandError(PrbotError):
    """A user's command was wrong: unknown subcommand, bad arguments, unknown ticker. Shown as the reply."""

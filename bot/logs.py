"""Logging set-up: readable lines by default, one JSON object per line with `PRBOT_LOG_JSON=true`.

Secrets never reach a log line: every record passes a filter that masks Slack tokens (`xoxb-`, `xoxp-`,
`xapp-`, ...), the verification token of request bodies (`token=...` form fields, `"token": "..."` JSON) and the
configured signing secret.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

_TOKEN = re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+")
_FORM_TOKEN = re.compile(r"(\btoken=)[^&\s\"']+")
"""A `token=` form field, as in a slash-command request body that slack_bolt logs when its signature is invalid."""
_JSON_TOKEN = re.compile(r"""(["']token["']\s*:\s*["'])[^"']*""")
"""A `"token": "..."` JSON field (or its Python repr) of a Slack payload."""


class RedactSecrets(logging.Filter):
    """Replace Slack tokens, `token=`/`"token":` field values and the given secrets in a record's message with
    `[redacted]`."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 6]

    def redact(self, text: str) -> str:
        """Return `text` with every token-shaped string and known secret masked."""
        text = _TOKEN.sub("[redacted]", text)
        text = _FORM_TOKEN.sub(r"\1[redacted]", text)
        text = _JSON_TOKEN.sub(r"\1[redacted]", text)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: `ts` (ISO 8601 UTC), `level`, `logger`, `msg`, and `exc` when present."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup_logging(level: str = "INFO", *, json_lines: bool = False, secrets: list[str] | None = None) -> None:
    """Configure the root logger once: level name ("INFO"), JSON or plain lines to stderr, secret redaction."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets(secrets or []))
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))

"""Times and durations for admin replies, in words: `2026-11-29 20:53 UTC (12m ago)`, `1d 2h 3m`."""

from __future__ import annotations

import datetime as dt


def format_duration(seconds: float) -> str:
    """`93784` -> `"1d 2h 3m"`, `3600` -> `"1h"`; under a minute -> `"42s"`."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
    ]
    return " ".join(p for p in parts if p)


def parse_time(value: str | dt.datetime | None) -> dt.datetime | None:
    """A stored time (ISO 8601 text, as the store keeps them) or a datetime -> an aware UTC datetime; None when
    absent or unreadable (a naive time is taken as UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def format_when(value: str | dt.datetime | None, *, now: dt.datetime | None = None) -> str:
    """A stored time in words: `"2026-11-29 20:53 UTC (12m ago)"` (`"(in 5m)"` for a future time, `"(just now)"`
    within a minute); `"never"` when absent; unreadable text is shown as it is."""
    when = parse_time(value)
    if when is None:
        return str(value) if value else "never"
    seconds = ((now or dt.datetime.now(dt.UTC)) - when).total_seconds()
    if abs(seconds) < 60:
        relative = "just now"
    elif seconds > 0:
        relative = f"{format_duration(seconds)} ago"
    else:
        relative = f"in {format_duration(-seconds)}"
    return f"{when:%Y-%m-%d %H:%M} UTC ({relative})"


def polls_in_a_row(failures: int) -> str:
    """`3` -> `"3 failed polls in a row"` (`"1 failed poll in a row"`)."""
    return f"{failures} failed poll{'' if failures == 1 else 's'} in a row"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`(1, "release")` -> `"1 release"`, `(3, "release")` -> `"3 releases"`; `plural` when not noun + "s"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"

"""The watcher's pure rules: what is new in a feed (`decide_entry`), the order entries are ingested in, the
backoff after failed polls, and what one poll did (`PollReport`). No I/O: everything they need is passed in,
`now` included.

`decide_entry`:
- an entry this feed has already handled (its GUID is in `entries`) is skipped;
- an entry whose GUID, wire id or link (http/https alike) already led to a release is recorded as a duplicate
  of it, without fetching anything;
- on a feed's first successful poll every entry is stored as the `baseline` and nothing is alerted;
- an entry published more than `max_age_hours` ago (feed's own, else `PRBOT_MAX_AGE_HOURS`; 0 = no limit) is
  stored as `too_old` and not alerted;
- a feed with `alert_existing` skips both rules (the bundled demo feed);
- everything else is ingested with `alert=True`; the ingest service dedupes again by canonical URL and content
  fingerprint (the same release on two wires) and links corrections to the release they correct.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.admin.words import counted
from bot.feeds import FeedEntry
from bot.ingest import IngestResult

MAX_BACKOFF_SECONDS = 3600.0
"""A failing feed is still polled at least this often (1 h)."""


@dataclass(frozen=True)
class FeedState:
    """What `decide_entry` needs to know about a feed."""

    baseline_done: bool
    alert_existing: bool
    max_age_hours: float


@dataclass(frozen=True)
class Decision:
    """What to do with one entry: `skip` (already handled), `duplicate` (of `release_id`) or `ingest`
    (with `alert`, recording `status` unless the ingest finds a duplicate or a version)."""

    action: Literal["skip", "duplicate", "ingest"]
    status: Literal["new", "baseline", "too_old", "duplicate"]
    alert: bool
    reason: str
    release_id: int | None = None


def decide_entry(
    entry: FeedEntry, feed: FeedState, *, now: dt.datetime, seen: bool, known: tuple[int, str] | None
) -> Decision:
    """The pure "what is new" rule (see the module docstring). `seen`: this feed already handled the GUID;
    `known`: (release id, what matched) when the GUID, wire id or link already led to a release."""
    if seen:
        return Decision("skip", "duplicate", False, "already seen in this feed")
    if known is not None:
        release_id, matched = known
        return Decision("duplicate", "duplicate", False, f"same release as #{release_id} (same {matched})", release_id)
    if not feed.alert_existing and not feed.baseline_done:
        return Decision("ingest", "baseline", False, "first poll of this feed: stored as baseline, not alerted")
    if not feed.alert_existing and feed.max_age_hours > 0 and entry.published is not None:
        age_hours = (now - entry.published).total_seconds() / 3600
        if age_hours > feed.max_age_hours:
            reason = f"published {age_hours:.0f} h ago (max age {feed.max_age_hours:g} h): stored, not alerted"
            return Decision("ingest", "too_old", False, reason)
    return Decision("ingest", "new", True, "new release: alerted")


def backoff_seconds(failures: int, interval: float, *, retry_after: float | None, jitter: float) -> float:
    """Delay before the next poll after `failures` failed polls in a row (seconds): the feed's interval doubled
    per failure, capped at `MAX_BACKOFF_SECONDS`, scaled by a random factor in [0.5, 1) from `jitter` in [0, 1)
    ("equal jitter", so many feeds failing together do not retry together), and never before Retry-After."""
    base = min(max(interval, 30.0) * 2 ** max(failures - 1, 0), MAX_BACKOFF_SECONDS)
    delay = base * (0.5 + jitter / 2)
    return max(delay, retry_after or 0.0)


def duration_words(seconds: float) -> str:
    """A delay in seconds as log lines say it: "45 s", "4 min", "1.5 h"."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class FeedOutcome:
    """One feed's poll: `result` ok / not_modified / failed, entry counts by status, the error in plain words."""

    url: str
    result: Literal["ok", "not_modified", "failed"]
    counts: dict[str, int] = field(default_factory=dict)
    alerted: int = 0
    error: str | None = None


@dataclass
class PollReport:
    """What one `poll_once` did."""

    feeds: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        """Entries recorded with `status` (new, baseline, too_old, duplicate, version, failed) over all feeds."""
        return sum(outcome.counts.get(status, 0) for outcome in self.feeds)

    @property
    def alerted(self) -> int:
        """Releases ingested with an alert."""
        return sum(outcome.alerted for outcome in self.feeds)

    @property
    def failed(self) -> list[FeedOutcome]:
        """Feeds whose poll failed."""
        return [outcome for outcome in self.feeds if outcome.result == "failed"]

    def __str__(self) -> str:
        unchanged = sum(1 for outcome in self.feeds if outcome.result == "not_modified")
        stored = sum(self.count(s) for s in ("new", "baseline", "too_old", "version"))
        text = (
            f"polled {counted(len(self.feeds), 'feed')} in {self.seconds:.1f} s: {unchanged} unchanged,"
            f" {len(self.failed)} failed; {counted(stored, 'release')} stored, {self.alerted} alerted,"
            f" {counted(self.count('duplicate'), 'duplicate')}"
        )
        if self.count("failed"):
            text += f", {counted(self.count('failed'), 'entry', 'entries')} failed (retried next poll)"
        return text


def ingest_order(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Oldest first (feeds list newest first), except that among entries sharing a wire id (an EDGAR filing is
    listed once per party) the one naming the issuer (the Filer) goes first, so the release gets its hints."""
    lead: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.wire_id and (
            entry.wire_id not in lead or (entry.hints.issuer and not lead[entry.wire_id].hints.issuer)
        ):
            lead[entry.wire_id] = entry
    order: list[FeedEntry] = []
    placed: set[int] = set()
    for entry in reversed(entries):
        for candidate in (lead.get(entry.wire_id or ""), entry):
            if candidate is not None and id(candidate) not in placed:
                placed.add(id(candidate))
                order.append(candidate)
    return order


def entry_status(decision: Decision, result: IngestResult) -> tuple[str, str]:
    """The `(status, reason)` recorded for an ingested entry: the ingest's duplicate/version verdict wins over the
    decision's new/baseline/too_old."""
    if result.status == "duplicate":
        return "duplicate", f"same release as #{result.duplicate_of or result.release_id} (same link or content)"
    if result.status == "version":
        verb = "alerted as an update" if decision.alert else "not alerted"
        return "version", f"new version of #{result.version_of}: {verb}"
    return decision.status, decision.reason

"""Prometheus metrics (prometheus-client), served at `GET /metrics` in HTTP mode.

Counters are incremented where the work happens; gauges that describe the store (outbox depth, failing feeds)
are read from SQLite at scrape time by `StoreCollector`, so they are never stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry()

FEEDS_POLLED = Counter(
    "prbot_feeds_polled", "Feed polls, by outcome (ok, not_modified, failed).", ["outcome"], registry=REGISTRY
)
RELEASES_PARSED = Counter(
    "prbot_releases_parsed", "Releases parsed and stored, by ingest status.", ["status"], registry=REGISTRY
)
ALERTS = Counter(
    "prbot_alerts", "Outbox deliveries finished, by outcome (sent, failed).", ["outcome"], registry=REGISTRY
)
COMMAND_LATENCY = Histogram(
    "prbot_command_latency_seconds",
    "Time to answer a /pr command, in seconds, by subcommand.",
    ["command"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)


class StoreCollector(Collector):
    """Gauges read from the store at scrape time: `read()` returns {"outbox_depth": n, "feeds_failing": n, ...}."""

    def __init__(self, read: Callable[[], dict[str, float]]) -> None:
        self._read = read

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, value in sorted(self._read().items()):
            yield GaugeMetricFamily(f"prbot_{name}", f"Current {name.replace('_', ' ')} (from the store).", value)


def watch_store(read: Callable[[], dict[str, float]]) -> None:
    """Register the store gauges (once per process; a second call replaces the first)."""
    global _collector
    if _collector is not None:
        REGISTRY.unregister(_collector)
    _collector = StoreCollector(read)
    REGISTRY.register(_collector)


_collector: StoreCollector | None = None


def render() -> tuple[bytes, str]:
    """The exposition text and its content type, for the `/metrics` endpoint."""
    return generate_latest(REGISTRY), "text/plain; version=0.0.4; charset=utf-8"


@contextmanager
def timed(command: str) -> Iterator[None]:
    """`with timed("partners"): ...` observes the block's duration in `COMMAND_LATENCY` (seconds)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        COMMAND_LATENCY.labels(command).observe(time.perf_counter() - started)

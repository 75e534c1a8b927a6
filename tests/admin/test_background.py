"""A Slack user's reparse runs in the background: one at a time, and a failure is reported and audited."""

from __future__ import annotations

import asyncio

from bot.parser import parse_release
from bot.services import Services
from bot.store import audit
from handlers.registry import Reply
from tests.admin.conftest import Ask
from tests.admin.helpers import ADMIN, corpus_texts, stale_form, store


def stale_corpus(services: Services) -> int:
    texts = corpus_texts()
    for name, raw in texts:
        store(services.db, raw, stale_form(parse_release(raw, None, is_html=False)), key=name)
    return len(texts)


class FollowUps(list[Reply]):
    """Follow-up replies, with a way to wait for one."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = asyncio.Event()

    def append(self, reply: Reply) -> None:
        super().append(reply)
        self.changed.set()

    async def last(self, starts: str, within: float = 30.0) -> str:
        """Wait until the newest follow-up starts with `starts`; return its text."""
        async with asyncio.timeout(within):
            while not (self and self[-1].text.startswith(starts)):
                self.changed.clear()
                await self.changed.wait()
        return self[-1].text


async def test_one_background_reparse_at_a_time(ask: Ask, services: Services) -> None:
    total = stale_corpus(services)
    follow_ups = FollowUps()
    first = await ask("admin reparse all", follow_ups=follow_ups)
    assert first.text.startswith(f"Reparse of all started: {total} releases")
    second = await ask("admin reparse stale")
    assert second.text == "a reparse is already running; its report will be posted when it ends"
    final = await follow_ups.last("Reparse of all finished: ")
    assert final.startswith(f"Reparse of all finished: {total} releases, {total} changed: ")
    third = await ask("admin reparse stale")  # the first one is over: a new one may start
    assert third.text.startswith("Reparse of stale started: 0 releases")
    outcomes = [(r["user_id"], r["command"], r["outcome"]) for r in reversed(audit.recent(services.db, limit=100))]
    assert (ADMIN, "admin reparse stale", "error") in outcomes
    assert outcomes.count((ADMIN, "admin reparse all", "ok")) == 2  # started, then finished


async def test_a_failing_background_reparse_is_reported_and_audited(ask: Ask, services: Services) -> None:
    total = stale_corpus(services)
    services.db.execute(
        "CREATE TRIGGER crash BEFORE UPDATE OF cursor ON reparse_jobs WHEN NEW.done > 3 "
        "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
    )
    follow_ups = FollowUps()
    await ask("admin reparse all", follow_ups=follow_ups)
    text = await follow_ups.last("reparse stopped")
    assert text.startswith(f"reparse stopped after 3 of {total} releases: ")
    assert "disk on fire" in text and text.endswith("run the same reparse again to resume.")
    last = audit.recent(services.db, limit=1)[0]
    assert (last["command"], last["outcome"], last["detail"]) == ("admin reparse all", "error", text)

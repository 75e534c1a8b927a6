"""`/pr admin ...` through signed Slack requests: outsiders refused and audited; an admin's reparse is acknowledged
at once, reports progress and the final diff through the response_url."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlite_utils
from aiohttp.test_utils import TestClient, TestServer

from bot.admin.reparse import BATCH_SIZE
from bot.config import Settings
from bot.parser import PARSER_VERSION, parse_release
from bot.services import Services
from bot.slack_app import build_web_app, create_app
from bot.store import audit
from handlers.admin import PROGRESS_STEPS
from tests.admin.helpers import ADMIN, OUTSIDER, corpus_texts, stale_form, store
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, signed_headers
from tests.fakes.slack_api import TEAM_ID, FakeSlack

Post = Callable[..., Awaitable[dict]]


@pytest.fixture
async def slash(db: sqlite_utils.Database, fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[Post]:
    """`await slash(user_id, text)` posts a signed `/pr text` to the HTTP-mode app; returns the ack's JSON (and
    the HTTP status under `status`). `secret=` signs with another secret (a forged request)."""
    settings = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        PRBOT_DB=str(tmp_path / "prbot.db"),
        PRBOT_FEEDS="",
        PRBOT_DEMO_FEED=False,
        PRBOT_ADMINS=ADMIN,
    )
    services = Services(settings=settings, db=db)
    app = create_app(services, process_before_response=True)
    async with TestClient(TestServer(build_web_app(app, services))) as client:

        async def post(user_id: str, text: str, *, secret: str = SIGNING_SECRET) -> dict:
            body = urlencode(
                {
                    "command": "/pr",
                    "text": text,
                    "user_id": user_id,
                    "team_id": TEAM_ID,
                    "channel_id": "C0ADMIN",
                    "response_url": fake_slack.response_url(user_id),
                    "trigger_id": "1.2.3",
                }
            )
            response = await client.post("/slack/events", data=body, headers=signed_headers(body, secret=secret))
            text = await response.text()
            return {"status": response.status, **(json.loads(text) if text.startswith("{") else {})}

        yield post


async def test_outsider_is_refused_in_slack_and_audited(slash: Post, db: sqlite_utils.Database) -> None:
    ack = await slash(OUTSIDER, "admin reparse all")
    assert ack["response_type"] == "ephemeral"
    assert ack["text"].startswith("Sorry, `/pr admin reparse` is for prbot admins only")
    rows = audit.recent(db)
    assert [(r["user_id"], r["command"], r["outcome"]) for r in rows] == [(OUTSIDER, "admin reparse all", "refused")]
    assert audit.recent_jobs(db) == []


async def test_forged_signature_never_reaches_the_handlers(slash: Post, db: sqlite_utils.Database) -> None:
    ack = await slash(ADMIN, "admin status", secret="not-the-signing-secret")
    assert ack["status"] == 401
    assert audit.recent(db) == []


async def test_admin_reparse_acks_at_once_then_progress_and_report(
    slash: Post, db: sqlite_utils.Database, fake_slack: FakeSlack
) -> None:
    texts = corpus_texts()
    stale_ids = set()
    for n in range(200):
        name, raw = texts[n % len(texts)]
        raw = raw.replace("\n", f"\n\n(copy {n})\n", 1)
        fresh = parse_release(raw, None, is_html=False)
        stale = n % 5 == 0
        release_id = store(db, raw, stale_form(fresh) if stale else fresh, key=f"{name}-{n}")
        if stale:
            stale_ids.add(release_id)

    first_id = min(db.execute("SELECT id FROM releases").fetchall())[0]
    ack = await slash(ADMIN, "admin reparse all")
    assert ack["text"] == (
        "Reparse of all started: 200 releases, rewriting each release in its own transaction. "
        "I'll report progress here."
    )
    calls = await fake_slack.wait_for("response_url", count=4, within=30)
    texts_sent = [c.payload["text"] for c in calls]
    batch_ends = range(BATCH_SIZE, 200, BATCH_SIZE)
    crossings = sorted({next(done for done in batch_ends if done >= 200 * step) for step in PROGRESS_STEPS})
    assert len(crossings) == 3  # one progress message at the first batch end past 25%, 50%, 75%
    assert texts_sent[:3] == [
        f"Reparse of all: {done} of 200 done, {sum(1 for i in stale_ids if i <= first_id + done - 1)} changed"
        for done in crossings
    ]
    final = texts_sent[3]
    assert final.startswith(f"Reparse of all finished: 200 releases, {len(stale_ids)} changed: ")
    assert f"-{len(stale_ids)} partners" in final
    assert all(c.payload["response_type"] == "ephemeral" for c in calls)
    versions = {row[0] for row in db.execute("SELECT DISTINCT parser_version FROM releases")}
    assert versions == {PARSER_VERSION}
    outcomes = [(r["outcome"], (r["detail"] or "")[:24]) for r in reversed(audit.recent(db))]
    assert outcomes == [("allowed", ""), ("ok", "Reparse of all started: "), ("ok", "Reparse of all finished:")]

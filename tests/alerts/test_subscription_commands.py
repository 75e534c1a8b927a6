"""`/pr subscribe|unsubscribe|subscriptions|mute|unmute` through the command framework, and the alert buttons."""

from __future__ import annotations

import io
import json
import urllib.parse
from collections.abc import Callable

import sqlite_utils
from rich.console import Console
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

import handlers  # noqa: F401  (registers every /pr command)
from bot.alerts import ConsolePoster, Dispatcher
from bot.render import ACTION_MUTE, ACTION_PARTNERS, ACTION_SHOW
from bot.services import Services
from bot.store import subscriptions
from handlers.registry import CommandContext, Reply, dispatch
from handlers.subscriptions import run_button
from tests.alerts.helpers import deliveries, parsed_release, store
from tests.conftest import SIGNING_SECRET, signed_headers
from tests.fakes.slack_api import FakeSlack
from tests.slack.blockkit import check_message


async def ask(services: Services, text: str, channel: str | None = "C1") -> Reply:
    return await dispatch(CommandContext(services, [], user_id="U1", channel_id=channel, command_text=text))


async def test_subscribe_a_known_company_follows_ticker_and_name(services: Services, db: sqlite_utils.Database) -> None:
    store(db, parsed_release(), alert=False)
    reply = await ask(services, "/pr subscribe IMGN")
    assert reply.text == (
        "Subscribed this channel to IMGN (ImmunoGen, Inc.): releases it issues or names it as a partner."
    )
    (sub,) = subscriptions.list_for_channel(db, "C1")
    assert (sub.kind, sub.target, sub.ticker, sub.name_key, sub.created_by) == (
        "company",
        "IMGN",
        "IMGN",
        "immunogen",
        "U1",
    )
    assert (await ask(services, "/pr subscribe immunogen")).text.startswith("This channel already follows IMGN")
    # a release naming ImmunoGen as a partner, without ticker, reaches the channel
    store(db, parsed_release(issuer="Roche Holding AG", symbol="RHHBY", partners=("ImmunoGen, Inc.",)))
    assert [(r["channel"], r["note"]) for r in deliveries(db)] == [
        ("C1", "Following IMGN (ImmunoGen, Inc.): named as partner (license)")
    ]


async def test_subscribe_to_a_company_not_seen_yet(services: Services, db: sqlite_utils.Database) -> None:
    reply = await ask(services, "/pr subscribe Acme Rockets")
    assert "I have no release naming it yet" in reply.text
    (sub,) = subscriptions.list_for_channel(db, "C1")
    assert (sub.target, sub.ticker, sub.name_key) == ("acme rockets", None, "acme rockets")
    await ask(services, "/pr subscribe ZZZQ")
    assert subscriptions.find(db, "C1", "company", "ZZZQ") is not None


async def test_keyword_event_all_and_their_errors(services: Services, db: sqlite_utils.Database) -> None:
    assert "every word" in (await ask(services, '/pr subscribe keyword:"Antibody Drug"')).text
    assert subscriptions.find(db, "C1", "keyword", "antibody drug") is not None
    assert "releases of that type" in (await ask(services, "/pr subscribe event:license")).text
    assert "every new release" in (await ask(services, "/pr subscribe all")).text
    bad = await ask(services, "/pr subscribe event:party")
    assert bad.text.startswith("Unknown event type `party`. Known: partnership, license")
    assert (await ask(services, "/pr subscribe")).text.startswith("Usage: `/pr subscribe TICKER|NAME|keyword:WORDS")
    listing = (await ask(services, "/pr subscriptions")).text
    assert listing.splitlines() == [
        "This channel's alerts:",
        "• keyword: keyword “antibody drug”",
        "• event: license releases",
        "• all: every release",
    ]


async def test_unsubscribe_and_stopped_and_env_subscriptions(services: Services, db: sqlite_utils.Database) -> None:
    store(db, parsed_release(), alert=False)
    await ask(services, "/pr subscribe NASDAQ:IMGN")
    await ask(services, "/pr subscribe event:license")
    assert (
        await ask(services, "/pr unsubscribe ImmunoGen")
    ).text == "Unsubscribed this channel from IMGN (ImmunoGen, Inc.)."
    assert (await ask(services, "/pr unsubscribe IMGN")).text.startswith("This channel does not follow IMGN")
    subscriptions.stop_channel(db, "C1", "not_in_channel")
    assert "*stopped*: Slack said `not_in_channel`" in (await ask(services, "/pr subscriptions")).text
    subscriptions.replace_env(db, "CALL")
    assert "PRBOT_ALERT_CHANNEL" in (await ask(services, "/pr unsubscribe all", channel="CALL")).text
    assert subscriptions.find(db, "CALL", "all", "") is not None


async def test_unsubscribe_accepts_the_digest_option_it_was_subscribed_with(
    services: Services, db: sqlite_utils.Database
) -> None:
    store(db, parsed_release(), alert=False)
    await ask(services, "/pr subscribe IMGN digest:daily")
    assert subscriptions.find(db, "C1", "company", "IMGN").digest == "daily"
    reply = await ask(services, "/pr unsubscribe IMGN digest:daily")
    assert reply.text == "Unsubscribed this channel from IMGN (ImmunoGen, Inc.)."
    assert subscriptions.list_for_channel(db, "C1") == []


async def test_untrusted_words_are_escaped_in_replies(services: Services) -> None:
    reply = await ask(services, "/pr subscribe <!channel> Corp")
    assert "<!channel>" not in reply.text and "&lt;!channel&gt;" in reply.text


async def test_mute_and_unmute(services: Services, db: sqlite_utils.Database) -> None:
    store(db, parsed_release(), alert=False)
    await ask(services, "/pr subscribe all")
    assert (await ask(services, "/pr mute IMGN")).text.startswith("Muted IMGN (ImmunoGen, Inc.) in this channel.")
    store(db, parsed_release())
    assert deliveries(db) == []
    assert "Muted: IMGN (ImmunoGen, Inc.)" in (await ask(services, "/pr subscriptions")).text
    assert (await ask(services, "/pr unmute IMGN")).text == "IMGN (ImmunoGen, Inc.) is no longer muted here."
    store(db, parsed_release())
    assert len(deliveries(db)) == 1
    assert (await ask(services, "/pr mute event:license")).text.startswith("Only a company can be muted")


def _button(action_id: str, value: str) -> dict:
    return {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "team": {"id": "T1"},
        "actions": [{"action_id": action_id, "value": value}],
    }


async def test_alert_buttons_run_their_commands_in_the_channel(services: Services, db: sqlite_utils.Database) -> None:
    release_id = store(db, parsed_release(), alert=False).release_id
    muted = await run_button(services, _button(ACTION_MUTE, "NASDAQ:IMGN"))
    assert muted.text.startswith("Muted IMGN (ImmunoGen, Inc.) in this channel.")
    assert [m.key for m in subscriptions.mutes(db, "C1")] == ["IMGN"]
    shown = await run_button(services, _button(ACTION_SHOW, str(release_id)))
    assert "ImmunoGen announces license" in shown.text
    partners = await run_button(services, _button(ACTION_PARTNERS, "NASDAQ:IMGN"))
    assert "Genentech" in partners.text or "Genentech" in str(partners.blocks)


async def test_console_poster_prints_a_readable_alert(services: Services, db: sqlite_utils.Database) -> None:
    out = io.StringIO()
    poster = ConsolePoster(Console(file=out, width=100, highlight=False, color_system=None))
    subscriptions.replace_env(db, "console")
    store(db, parsed_release("ImmunoGen licenses [bold]T-DM1[/bold] to Roche"))
    assert (await Dispatcher(services, poster).drain_once()).sent == 1
    text = out.getvalue()
    for expected in (
        "ImmunoGen licenses [bold]T-DM1[/bold] to Roche",
        "ImmunoGen, Inc. (NASDAQ:IMGN)",
        "WALTHAM, Mass. · 2011-11-07 · GlobeNewswire",
        "Partners: Genentech, a member of the Roche Group (license), Amgen (license)",
        'Ask: prbot ask "/pr partners IMGN"',
    ):
        assert expected in text


async def test_buttons_through_the_slack_app_answer_ephemerally(
    services: Services, db: sqlite_utils.Database, fake_slack: FakeSlack
) -> None:
    from bot.slack_app import create_app

    services.settings.slack_signing_secret = SIGNING_SECRET
    services.slack = AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.api_url)
    store(db, parsed_release(), alert=False)
    app = create_app(services, process_before_response=True)
    payload = {**_button(ACTION_MUTE, "NASDAQ:IMGN"), "response_url": fake_slack.response_url("b1")}
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signed_headers(body)))
    assert response.status == 200
    (answer,) = fake_slack.responses("b1")
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert answer["text"].startswith("Muted IMGN (ImmunoGen, Inc.) in this channel.")
    assert [m.key for m in subscriptions.mutes(db, "C1")] == ["IMGN"]


async def test_sent_alerts_pass_block_kit_checks(
    db: sqlite_utils.Database, fake_slack: FakeSlack, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    subscriptions.replace_env(db, "C1")
    store(db, parsed_release("<!channel> ImmunoGen *licenses* <https://evil.test|T-DM1> & more " + "x" * 400))
    assert (await make_dispatcher().drain_once()).sent == 1
    (call,) = fake_slack.calls_to("chat.postMessage")
    texts = check_message(call.payload["text"], call.payload["blocks"])  # valid and inert, or it raises
    assert any("&lt;!channel&gt; ImmunoGen" in t for t in texts)
    actions = next(b for b in call.payload["blocks"] if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_PARTNERS, ACTION_SHOW, ACTION_MUTE]


async def test_unknown_digest_values_get_the_usage(services: Services, db: sqlite_utils.Database) -> None:
    store(db, parsed_release(), alert=False)
    for text in ("/pr subscribe IMGN digest:sometimes", "/pr subscribe all digest:weekly", "/pr subscribe digest:"):
        reply = await ask(services, text)
        assert reply.usage_error, text
        assert reply.text.startswith("`digest:` is `digest:hourly` or `digest:daily`. Usage: `/pr subscribe TICKER")
    assert (await ask(services, "/pr subscribe IMGN digest:daily digest:hourly")).usage_error
    assert (await ask(services, "/pr unsubscribe IMGN digest:weekly")).usage_error
    assert subscriptions.list_for_channel(db, "C1") == []
    await ask(services, "/pr subscribe digest:Hourly all")  # the option may come first, any case
    (sub,) = subscriptions.list_for_channel(db, "C1")
    assert (sub.kind, sub.digest) == ("all", "hourly")


async def test_an_unknown_name_close_to_known_ones_is_not_followed(
    services: Services, db: sqlite_utils.Database
) -> None:
    store(db, parsed_release(), alert=False)
    reply = await ask(services, "/pr subscribe IMGM")
    assert reply.text == (
        "I don't know “IMGM”. ImmunoGen, Inc. (NASDAQ:IMGN): /pr subscribe NASDAQ:IMGN "
        "None of these? /pr subscribe company:IMGM takes it as written."
    )
    assert subscriptions.list_for_channel(db, "C1") == []
    assert (await ask(services, "/pr mute Imunogen")).text.startswith("I don't know “Imunogen”.")
    assert subscriptions.mutes(db, "C1") == []
    forced = await ask(services, "/pr subscribe company:IMGM")
    assert forced.text == (
        "Subscribed this channel to IMGM: releases it issues or names it as a partner. "
        "I have no release naming it yet; I'll post when one does."
    )
    assert subscriptions.find(db, "C1", "company", "IMGM") is not None
    assert (await ask(services, "/pr unsubscribe IMGM")).text == "Unsubscribed this channel from IMGM."
    assert (await ask(services, "/pr subscribe company:")).usage_error

"""Arguments of the `/pr` questions: `latest`'s count in either order (never read as a company), numeric
tickers, out-of-range numbers, and pages past the end of a list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

import handlers  # noqa: F401  (registers every /pr command)
from bot.config import Settings
from bot.services import Services
from bot.store import open_db
from handlers.registry import CommandContext, Reply, dispatch
from tests.slack.data import fill, release, store

ACME_DEAL = "Acme Corp and ImmunoGen sign license deal"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    db = open_db(tmp_path / "prbot.db")
    fill(db)
    store(db, release("10x Genomics launches a new chip", issuer="10x Genomics, Inc.", symbol="TXG"))
    store(db, release("2 Corp names a new chief", issuer="2 Corp", symbol="TWOC"))
    store(db, release("Tencent posts results", issuer="Tencent Holdings", symbol="0700", exchange="HKEX"))
    yield Services(settings=Settings(_env_file=None, PRBOT_DB=str(tmp_path / "prbot.db"), PRBOT_FEEDS=""), db=db)
    db.close()


async def ask(services: Services, text: str) -> Reply:
    return await dispatch(CommandContext(services, [], user_id="U1", channel_id="C1", command_text=text))


def headlines(db: sqlite_utils.Database, reply: Reply) -> list[str]:
    """The headlines a `latest` reply lists, in order (read back from the store by the ids its text shows)."""
    ids = [int(n) for n in re.findall(r", #(\d+)\)", reply.text)]
    return [db.execute("SELECT headline FROM releases WHERE id = ?", [i]).fetchone()[0] for i in ids]


@pytest.mark.parametrize(
    ("text", "count"),
    [("/pr latest 2", 2), ("/pr latest 10", 8), ("/pr latest 3", 3), ("/pr latest", 8), ("/pr latest +1", 1)],
)
async def test_a_bare_number_is_the_count(services: Services, text: str, count: int) -> None:
    reply = await ask(services, text)
    assert reply.text.startswith("Latest releases: ")  # of every issuer, not of "10x Genomics" or "2 Corp"
    assert len(headlines(services.db, reply)) == count


@pytest.mark.parametrize("text", ["/pr latest IMGN 1", "/pr latest 1 IMGN", "/pr latest 1 immunogen"])
async def test_count_and_company_in_either_order(services: Services, text: str) -> None:
    reply = await ask(services, text)
    assert reply.text.startswith("Latest releases of ImmunoGen, Inc. (NASDAQ:IMGN): ")
    assert headlines(services.db, reply) == [ACME_DEAL]  # the newest release naming ImmunoGen


async def test_count_with_a_name_of_several_words(services: Services) -> None:
    reply = await ask(services, "/pr latest 5 Acme Corp")
    assert headlines(services.db, reply) == [ACME_DEAL]
    assert headlines(services.db, await ask(services, "/pr latest Acme Corp 5")) == headlines(services.db, reply)


async def test_a_numeric_ticker_with_a_leading_zero_is_the_company(services: Services) -> None:
    for text in ("/pr latest 0700", "/pr latest 0700 3", "/pr latest 3 0700"):
        assert headlines(services.db, await ask(services, text)) == ["Tencent posts results"], text


@pytest.mark.parametrize(
    "text", ["/pr latest 0", "/pr latest 41", "/pr latest -3", "/pr latest 99999999999999999999", "/pr latest IMGN 99"]
)
async def test_out_of_range_counts_get_the_range_reply(services: Services, text: str) -> None:
    reply = await ask(services, text)
    assert reply.usage_error
    assert reply.text == "I can list 1 to 40 releases at a time: `/pr latest IMGN 20`."


async def test_two_counts_get_the_usage(services: Services) -> None:
    reply = await ask(services, "/pr latest 3 5")
    assert reply.usage_error
    assert reply.text == "Usage: `/pr latest [TICKER|NAME] [N]`, for example `/pr latest IMGN 20`."


async def test_a_page_past_the_end_says_so_with_the_usage(services: Services) -> None:
    partners = await ask(services, "/pr partners IMGN 999")
    sections = [b["text"]["text"] for b in partners.blocks or [] if b["type"] == "section"]
    assert sections == ["There is no page 999; the last is page 1. Usage: `/pr partners TICKER|NAME [PAGE]`"]
    assert partners.text == "Partners of ImmunoGen, Inc. (NASDAQ:IMGN): there is no page 999"
    people = await ask(services, "/pr people IMGN 2")
    assert "There is no page 2; the last is page 1. Usage: `/pr people TICKER|NAME [PAGE]`" in str(people.blocks)
    timeline = await ask(services, "/pr timeline IMGN 5")
    assert "There is no page 5; the last is page 1. Usage: `/pr timeline TICKER|NAME [PAGE]`" in str(timeline.blocks)
    assert "There is no page" not in str((await ask(services, "/pr partners IMGN 1")).blocks)

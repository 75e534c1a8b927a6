"""The alert messages the dispatcher sends, built at send time from a stored release (never stored).

The alert itself is `bot.render.alert_blocks` (headline linked to the release, issuer with tickers, dateline and
wire, event types, summary, partners, one quote, the role note, buttons `pr_partners` / `pr_show` / `pr_mute`).
This module adds the text-only fallback, the correction note and the catch-up parent. Release text is untrusted:
it goes through `bot.render.text` (`plain`, links only via `safe_url`).
"""

from __future__ import annotations

import datetime as dt

from bot.alerts.posters import AlertMessage
from bot.parser.models import ParsedRelease
from bot.render import alert_blocks
from bot.render.text import link, plain
from bot.store.views import StoredRelease


def issuer_line(parsed: ParsedRelease) -> str:
    """Issuer with its tickers as untrusted plain words: "ImmunoGen, Inc. (NASDAQ:IMGN)", "" when unknown."""
    if parsed.issuer is None:
        return ""
    tickers = ", ".join(f"{t.exchange}:{t.symbol}" if t.exchange else t.symbol for t in parsed.issuer.tickers)
    return parsed.issuer.name + (f" ({tickers})" if tickers else "")


def alert_message(stored: StoredRelease, note: str | None = None) -> AlertMessage:
    """The Block Kit alert of a stored release; `note` says why this channel gets it."""
    text, blocks = alert_blocks(stored.parsed, stored.ref.id, stored.ref.url, note)
    return AlertMessage(text, blocks, parsed=stored.parsed, release_id=stored.ref.id, url=stored.ref.url, note=note)


def short_message(stored: StoredRelease) -> AlertMessage:
    """Text only, one line: what is sent when Slack rejected the full alert (`msg_too_long`, `invalid_blocks`)."""
    parsed = stored.parsed
    issuer = issuer_line(parsed)
    line = plain(f"{issuer}: " if issuer else "", 200) + link(
        stored.ref.url, plain(parsed.headline or "(no headline)", 250)
    )
    return AlertMessage(line, None, parsed=parsed, release_id=stored.ref.id, url=stored.ref.url)


def change_note(old: ParsedRelease | None, new: ParsedRelease) -> str:
    """What a correction changed, in plain words for the thread reply: "Corrected: headline changed; partners
    added: Genentech"."""
    if old is None:
        return "Corrected: this release was replaced by a corrected version."
    changes: list[str] = []
    if (old.headline or "") != (new.headline or ""):
        changes.append("headline changed")
    if issuer_line(old) != issuer_line(new):
        changes.append(f"issuer now {issuer_line(new) or 'unknown'}")
    old_partners, new_partners = {p.name for p in old.partners}, {p.name for p in new.partners}
    if added := sorted(new_partners - old_partners):
        changes.append("partners added: " + ", ".join(added))
    if removed := sorted(old_partners - new_partners):
        changes.append("partners removed: " + ", ".join(removed))
    if set(old.event_types) != set(new.event_types):
        changes.append("events now " + (", ".join(new.event_types) or "none"))
    if old.summary != new.summary:
        changes.append("summary changed")
    if not changes and old.body != new.body:
        changes.append("text changed")
    return "Corrected: " + ("; ".join(changes) if changes else "no visible change") + "."


def correction_reply(old: ParsedRelease | None, new: StoredRelease) -> AlertMessage:
    """The thread reply under an updated alert, saying what changed (untrusted names escaped)."""
    return AlertMessage(plain(change_note(old, new.parsed), 2500), None, release_id=new.ref.id)


def catchup_parent(total: int, oldest_at: str, kind: str = "catchup") -> AlertMessage:
    """The parent of a catch-up thread (`kind` `catchup`) or of a digest (`hourly`, `daily`): how many alerts
    follow in the thread and since when."""
    oldest = dt.datetime.fromisoformat(oldest_at).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if kind == "catchup":
        lead = f"Catch-up: {total} press releases matched this channel while alerts were delayed (oldest {oldest})."
    else:
        lead = (
            f"{kind.capitalize()} digest: {total} press releases matched this channel's subscriptions since {oldest}."
        )
    return AlertMessage(lead + " They follow in this thread.", None)

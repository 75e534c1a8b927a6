"""Results -> Slack Block Kit + plain-text fallback, escaping untrusted text and keeping Slack's limits; and
replies -> terminal text. The one rendering package: handlers and alerts render only through it.

Every `*_blocks` function returns `(text, blocks)`. Release text is escaped (`& < >`) so it never pings or
links; URLs are linked only when `safe_url` accepts them; no message uses `link_names` or `parse=full`.
"""

from bot.render.alert import ACTION_MUTE, ACTION_PARTNERS, ACTION_SHOW, alert_blocks, issuer_query
from bot.render.companies import (
    PARTNERS_PER_PAGE,
    PEOPLE_PER_PAGE,
    company_blocks,
    partners_blocks,
    people_blocks,
    resolution_blocks,
)
from bot.render.messages import help_blocks, notice_blocks
from bot.render.releases import TIMELINE_PER_PAGE, latest_blocks, release_blocks, search_blocks, timeline_blocks
from bot.render.terminal import mrkdwn_to_plain, reply_to_terminal
from bot.render.text import escape, inert, plain, safe_url

__all__ = [
    "ACTION_MUTE",
    "ACTION_PARTNERS",
    "ACTION_SHOW",
    "PARTNERS_PER_PAGE",
    "PEOPLE_PER_PAGE",
    "TIMELINE_PER_PAGE",
    "alert_blocks",
    "company_blocks",
    "escape",
    "help_blocks",
    "inert",
    "issuer_query",
    "latest_blocks",
    "mrkdwn_to_plain",
    "notice_blocks",
    "partners_blocks",
    "people_blocks",
    "plain",
    "release_blocks",
    "reply_to_terminal",
    "resolution_blocks",
    "safe_url",
    "search_blocks",
    "timeline_blocks",
]

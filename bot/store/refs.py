"""One-line release references read by every query that lists releases (columns of the `releases` table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.store.views import ReleaseRef

REF_COLUMNS = "r.id, r.headline, r.date, r.url, r.wire, r.issuer"
"""Select list (alias `r` for `releases`) that `release_ref` turns into a `ReleaseRef`."""


def release_ref(row: Sequence[Any]) -> ReleaseRef:
    """The `ReleaseRef` of a row whose first six values are `REF_COLUMNS`."""
    return ReleaseRef(
        id=row[0],
        headline=row[1],
        date=dt.date.fromisoformat(row[2]) if row[2] else None,
        url=row[3],
        wire=row[4],
        issuer=row[5],
    )

"""Search never raises, whatever a user types; canonical URLs are stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store import open_db, releases
from bot.store.releases import ReleaseMeta, canonical_url
from tests.store.factories import release

DB = open_db(":memory:")
releases.save_release(
    DB, raw="raw", raw_format="text", parsed=release(body="An antibody deal (NASDAQ: IMGN) -- \"quoted\" words."),
    meta=ReleaseMeta(), fingerprint="x",
)  # fmt: skip

FTS_SYNTAX = st.sampled_from(['"', "(", ")", "*", ":", "-", "+", "^", "AND", "OR", "NOT", "NEAR", "{", "}", " "])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FTS_SYNTAX, st.text(max_size=8)), max_size=12))
def test_search_never_raises(parts: list[str]) -> None:
    hits = releases.search(DB, "".join(parts))
    assert all(hit.release.id == 1 for hit in hits)


@given(st.sampled_from(["http", "https", "HTTP"]), st.sampled_from(["Example.COM", "www.example.com"]),
       st.sampled_from(["/a/b", "/a/b/", ""]), st.sampled_from(["", "?utm_source=x", "?b=2&a=1", "#frag"]))  # fmt: skip
def test_canonical_url_is_idempotent(scheme: str, host: str, path: str, tail: str) -> None:
    once = canonical_url(f"{scheme}://{host}{path}{tail}")
    assert canonical_url(once) == once
    assert once.startswith("https://") and "#" not in once and "utm_" not in once

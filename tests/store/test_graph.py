"""The release graph read per company: partners (newest first), partnered-by, people, timeline, profile."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.parser.models import About, Company, Person, Ticker
from bot.store import releases
from bot.store.companies import (
    company_profile,
    company_release_ids,
    partnered_by,
    partners_of,
    people_of,
    resolve_company,
    timeline,
)
from bot.store.releases import ReleaseMeta
from tests.store.factories import IMMUNOGEN_PARTNERS, release


def save(db: sqlite_utils.Database, parsed, fingerprint: str) -> int:
    return releases.save_release(
        db, raw="raw text", raw_format="text", parsed=parsed, meta=ReleaseMeta(), fingerprint=fingerprint
    )


def company_id(db: sqlite_utils.Database, query: str) -> int:
    match = resolve_company(db, query).match
    assert match is not None, query
    return match.id


def test_reference_release_gives_seven_partners_with_the_release(db: sqlite_utils.Database) -> None:
    release_id = save(db, release(), "f1")
    links = partners_of(db, company_id(db, "IMGN"))
    assert [link.partner for link in links] == [
        "Amgen",
        "Bayer HealthCare Pharmaceuticals",
        "Biotest",
        "Novartis",
        "Roche",
        "Sanofi",
        "Genentech",
    ]
    assert {(link.release.id, link.release.date, link.release.issuer) for link in links} == {
        (release_id, dt.date(2011, 11, 7), "ImmunoGen, Inc.")
    }
    assert links[0].evidence == "ImmunoGen, Inc. works with Amgen."
    assert links[0].partner_id == company_id(db, "amgen")
    # Genentech is its own company, not Roche
    assert company_id(db, "genentech") != company_id(db, "roche")


def test_partners_of_is_newest_first_across_releases_and_bounded(db: sqlite_utils.Database) -> None:
    old = save(db, release("Old deal", date=dt.date(2009, 1, 5), partners=["Amgen"]), "a")
    new = save(db, release("New deal", date=dt.date(2013, 6, 1), partners=["Biotest"]), "b")
    middle = save(db, release("Middle deal", date=dt.date(2011, 3, 2), partners=["Sanofi", "Novartis"]), "c")
    undated = save(db, release("Undated deal", date=None, partners=["Roche"]), "d")
    imgn = company_id(db, "NASDAQ:IMGN")
    links = partners_of(db, imgn)
    assert [(link.release.id, link.partner) for link in links] == [
        (new, "Biotest"),
        (middle, "Sanofi"),
        (middle, "Novartis"),
        (old, "Amgen"),
        (undated, "Roche"),
    ]
    assert [link.partner for link in partners_of(db, imgn, limit=2)] == ["Biotest", "Sanofi"]


def test_partnered_by_lists_issuers_naming_the_company(db: sqlite_utils.Database) -> None:
    save(db, release(date=dt.date(2011, 11, 7)), "imgn")
    save(
        db,
        release(
            "Xencor and Amgen expand deal",
            issuer="Xencor, Inc.",
            tickers=[Ticker(exchange="NASDAQ", symbol="XNCR")],
            date=dt.date(2012, 1, 9),
            partners=["Amgen Inc."],
            relation="license",
        ),
        "xncr",
    )
    amgen = company_id(db, "Amgen")
    links = partnered_by(db, amgen)
    assert [(link.partner, link.relation, link.release.date) for link in links] == [
        ("Xencor, Inc.", "license", dt.date(2012, 1, 9)),
        ("ImmunoGen, Inc.", "collaboration", dt.date(2011, 11, 7)),
    ]
    assert links[0].partner_id == company_id(db, "XNCR")
    assert partners_of(db, amgen) == []


def test_self_and_repeated_partners_are_written_once(db: sqlite_utils.Database) -> None:
    save(db, release(partners=["ImmunoGen", "Amgen", "Amgen, Inc."]), "x")
    assert [link.partner for link in partners_of(db, company_id(db, "IMGN"))] == ["Amgen"]


def test_people_of_uses_their_org_else_the_issuer(db: sqlite_utils.Database) -> None:
    people = [
        Person(name="Daniel Junius", title="President and CEO", quote="A great place."),
        Person(name="Jane Roe", title="Head of BD", org="Amgen Inc."),
    ]
    save(db, release(people=people, companies=[Company(name="Amgen", role="partner")]), "p1")
    save(db, release("Later news", date=dt.date(2012, 2, 2), people=[Person(name="John Doe", title="CFO")]), "p2")
    mentions = people_of(db, company_id(db, "IMGN"))
    assert [(m.name, m.title, m.release.headline) for m in mentions] == [
        ("John Doe", "CFO", "Later news"),
        (
            "Daniel Junius",
            "President and CEO",
            "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work",
        ),
    ]
    assert [m.name for m in people_of(db, company_id(db, "amgen"))] == ["Jane Roe"]


def test_timeline_and_release_ids_and_profile(db: sqlite_utils.Database) -> None:
    first = save(db, release("Award", event_types=["award"]), "t1")
    parsed = release("Deal and money", date=dt.date(2012, 5, 1), event_types=["partnership", "financing"])
    parsed.about = [About(company="ImmunoGen, Inc.", text="ImmunoGen develops anticancer therapeutics.")]
    second = save(db, parsed, "t2")
    other = save(db, release("Amgen news", issuer="Amgen", tickers=[], partners=["Biotest"]), "t3")
    imgn = company_id(db, "IMGN")
    assert [(e.release.id, e.event_types) for e in timeline(db, imgn)] == [
        (second, ["financing", "partnership"]),
        (first, ["award"]),
    ]
    assert company_release_ids(db, imgn) == [first, second]
    assert company_release_ids(db, company_id(db, "amgen")) == [first, second, other]
    profile = company_profile(db, imgn)
    assert profile.company.name == "ImmunoGen, Inc."
    assert profile.hq_city == "WALTHAM"
    assert profile.about == "ImmunoGen develops anticancer therapeutics."
    assert (profile.release_count, profile.partner_count, profile.people_count) == (2, len(IMMUNOGEN_PARTNERS), 1)
    assert [ref.id for ref in profile.latest] == [second, first]


def test_a_company_both_issuer_and_co_issuer_of_a_release_is_listed_once(db: sqlite_utils.Database) -> None:
    both = release(companies=[Company(name="ImmunoGen", role="co-issuer"), Company(name="Amgen", role="co-issuer")])
    release_id = save(db, both, "both")
    imgn, amgen = company_id(db, "IMGN"), company_id(db, "amgen")
    assert [event.release.id for event in timeline(db, imgn)] == [release_id]
    assert [event.release.id for event in timeline(db, amgen)] == [release_id]  # co-issuer only

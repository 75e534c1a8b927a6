"""Golden test: the reference release (PDF text with hard wraps and two OCR confusions) comes out with its
paragraphs exactly as a reader sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.parser.normalize import prepare

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "immunogen-2011-11-07.txt"

# Written out by hand from the release as printed: one entry per paragraph.
EXPECTED_PARAGRAPHS = [
    "ImmunoGen, Inc. Named One of The Boston Globe's 2011 Top Places to Work",
    "WALTHAM, Mass., Nov. 7, 2011 (GLOBE NEWSWIRE) -- ImmunoGen, Inc. (Nasdaq:IMGN), a biotechnology company that "
    "develops targeted antibody-based anticancer products, today announced that it has been named one of The Boston "
    "Globe's 2011 Top Places to Work.",
    "The Boston Globe engaged WorkplaceDynamics, specialists in employee engagement and retention, to conduct the "
    "survey. Completed surveys were received from over 73,800 individuals across 237 organizations in Massachusetts. "
    "Each was asked to grade their organization's performance according to 24 distinct statements, ranging from "
    '"new ideas are encouraged at this company" to "it\'s easy to tell my boss the truth." In addition, all the '
    "employers were invited to complete a 12-question survey on workplace practices. To compile the ranking, each "
    "employer was measured according to six factors: direction, execution, managers, career, conditions, and pay "
    "and benefits.",
    '"This recognition is a great opportunity to highlight the culture we have at ImmunoGen," commented Daniel '
    'Junius, President and CEO. "We hire quality people to do important work in a supportive environment, and this '
    "commitment makes a real difference as we develop novel anticancer therapies to change the lives of people with "
    'cancer. I believe ImmunoGen is a great Company because of our dedicated and innovative employees."',
    "About ImmunoGen, Inc.",
    "ImmunoGen, Inc. develops targeted anticancer therapeutics using the Company's expertise in tumor biology, "
    "monoclonal antibodies, potent cancer-cell killing agents and engineered linkers. The Company's Targeted Antibody "
    "Payload (TAP) technology uses monoclonal antibodies to deliver one of ImmunoGen's proprietary cancer-cell "
    "killing agents specifically to tumor cells. There are now numerous TAP compounds in clinical development and a "
    "wealth of clinical data reported. ImmunoGen's collaborative partners include Amgen, Bayer HealthCare "
    "Pharmaceuticals, Biotest, Novartis, Roche, and Sanofi. The most advanced compound using ImmunoGen's TAP "
    "technology, trastuzumab emtansine (T-DM1), is in Phase II testing through the Company's collaboration with "
    "Genentech, a member of the Roche Group. More information about ImmunoGen can be found at www.immunogen.com.",
]


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip(f"reference release not found at {SEED}")
    return SEED.read_bytes()


def test_seed_paragraphs_are_exactly_as_printed(seed_bytes: bytes) -> None:
    prepared = prepare(seed_bytes)
    assert prepared.text.split("\n\n") == EXPECTED_PARAGRAPHS
    assert prepared.title is None
    assert prepared.source == "text"


def test_seed_repairs_are_reported_once_each(seed_bytes: bytes) -> None:
    warnings = prepare(seed_bytes).warnings
    assert "repaired OCR confusion: '| ' -> 'I ' (1x)" in warnings
    assert any(w.startswith("repaired OCR confusion: 'Phase Il' -> 'Phase II'") for w in warnings)
    assert len(warnings) == len(set(warnings))


def test_seed_as_str_with_crlf_and_nbsp_gives_the_same_text(seed_bytes: bytes) -> None:
    text = seed_bytes.decode("utf-8").replace("\n", "\r\n").replace("Daniel Junius", "Daniel\u00a0Junius")
    assert prepare(text).text == prepare(seed_bytes).text

"""The shipped content: its sections, reading level, required topics, caution and own wording."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gutskin_desktop.model.content import (
    Content,
    Section,
    block_sentences,
    load_content,
    plain_text,
)
from gutskin_desktop.model.readability import grade

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "assets" / "content.json"
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"
SECTION_IDS = ["overview", "microbiome", "immune", "inflammation", "nutrients", "stress",
               "outlook"]
MAX_PATIENT_GRADE = 8.0
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
OVERCLAIMS = [r"\bcure[sd]?\b", r"\bcuring\b", r"\bproven\b", r"\bguarantee", r"\balways causes?\b",
              r"\bwill fix\b", r"\bdefinitely\b"]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


def text_of(section: Section, kind: str) -> str:
    """One of a section's texts as plain lower-case text."""
    return plain_text(section.blocks(kind)).lower()


def word_count(section: Section, kind: str) -> int:
    return len(WORD.findall(plain_text(section.blocks(kind))))


def test_seven_sections_in_the_articles_order(content: Content) -> None:
    assert content.ids == SECTION_IDS


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_section_has_patient_and_presenter_text(content: Content, section_id: str) -> None:
    section = content.section(section_id)
    assert section.title.strip() and section.summary.strip()
    for kind in ("patient", "presenter"):
        reading = section.reading(kind)
        assert reading.words >= 40, (section_id, kind, reading)
        assert reading.sentences >= 3, (section_id, kind, reading)


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_patient_text_reads_at_grade_eight_or_below(content: Content, section_id: str) -> None:
    reading = content.section(section_id).reading("patient")
    assert reading.words > 0
    assert reading.grade <= MAX_PATIENT_GRADE, (section_id, round(reading.grade, 2))


def test_disclaimer_reads_at_grade_eight_or_below(content: Content) -> None:
    assert len(content.disclaimer.split()) >= 10
    assert grade(content.disclaimer) <= MAX_PATIENT_GRADE


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_presenter_text_is_longer_than_patient_text(content: Content, section_id: str) -> None:
    section = content.section(section_id)
    assert word_count(section, "presenter") > word_count(section, "patient")
    assert section.reading("presenter").words > section.reading("patient").words


# (section, kind, pattern that must occur in that text, lower-cased)
REQUIRED_TOPICS = [
    ("overview", "patient", r"both ways|two-way|each other"),
    ("overview", "presenter", r"two-way"),
    ("overview", "patient", r"research"),
    ("overview", "patient", r"microbiome"),
    ("overview", "patient", r"immune"),
    ("overview", "presenter", r"signal"),
    ("microbiome", "presenter", r"dysbiosis"),
    ("microbiome", "patient", r"dysbiosis"),
    ("microbiome", "presenter", r"metabolite"),
    ("immune", "presenter", r"crosstalk"),
    ("inflammation", "presenter", r"crohn"),
    ("inflammation", "presenter", r"ulcerative colitis"),
    ("inflammation", "presenter", r"permeab"),
    ("inflammation", "presenter", r"leaky"),
    ("inflammation", "patient", r"crohn"),
    ("inflammation", "patient", r"ulcerative colitis"),
    ("inflammation", "patient", r"leaky"),
    ("nutrients", "presenter", r"vitamins"),
    ("nutrients", "presenter", r"minerals"),
    ("nutrients", "presenter", r"antioxidants"),
    ("nutrients", "presenter", r"\bdry"),
    ("nutrients", "presenter", r"\bdull"),
    ("nutrients", "presenter", r"wound"),
    ("nutrients", "patient", r"vitamins"),
    ("nutrients", "patient", r"minerals"),
    ("nutrients", "patient", r"antioxidants"),
    ("nutrients", "patient", r"\bdry"),
    ("nutrients", "patient", r"\bdull"),
    ("nutrients", "patient", r"\bheal"),
    ("outlook", "patient", r"research"),
    ("outlook", "presenter", r"research"),
    ("outlook", "presenter", r"not fully understood"),
]


@pytest.mark.parametrize(("section_id", "kind", "pattern"), REQUIRED_TOPICS,
                         ids=[f"{s}-{k}-{p}" for s, k, p in REQUIRED_TOPICS])
def test_required_topic_is_covered(content: Content, section_id: str, kind: str,
                                   pattern: str) -> None:
    assert re.search(pattern, text_of(content.section(section_id), kind)), (section_id, kind)


@pytest.mark.parametrize("kind", ["patient", "presenter"])
@pytest.mark.parametrize("condition", ["acne", "eczema", "psoriasis"])
def test_skin_conditions_named_in_immune_or_inflammation(content: Content, kind: str,
                                                         condition: str) -> None:
    texts = text_of(content.section("immune"), kind) + text_of(content.section("inflammation"),
                                                                kind)
    assert condition in texts


def _runs_from(sentence: str, first: str, then: str) -> bool:
    """Whether a word matching ``first`` comes before one matching ``then`` in the sentence."""
    a, b = re.search(first, sentence), re.search(then, sentence)
    return bool(a and b and a.start() < b.start())


@pytest.mark.parametrize("kind", ["patient", "presenter"])
def test_stress_runs_in_both_directions(content: Content, kind: str) -> None:
    section = content.section("stress")
    sentences = [s.lower() for s in block_sentences(section.blocks(kind))]
    headings = [b.text.lower() for b in section.blocks(kind) if b.type == "heading"]
    lines = sentences + headings
    stress, body = r"\bstress", r"\b(gut|skin|acne|eczema|psoriasis)\b"
    skin, worry = r"\bskin\b", r"\b(stress|distress|worry)\b"
    assert any(_runs_from(s, stress, body) for s in lines), "stress -> gut/skin missing"
    assert any(_runs_from(s, skin, worry) for s in lines), "skin -> stress missing"


def _all_texts(content: Content) -> list[tuple[str, str]]:
    out = [("disclaimer", content.disclaimer), ("title", content.title)]
    for section in content.sections:
        out += [(f"{section.id}.title", section.title), (f"{section.id}.summary", section.summary)]
        out += [(f"{section.id}.{kind}", plain_text(section.blocks(kind)))
                for kind in ("patient", "presenter")]
    return out


def test_no_overclaiming_words(content: Content) -> None:
    found = [(where, pattern) for where, text in _all_texts(content) for pattern in OVERCLAIMS
             if re.search(pattern, text, re.IGNORECASE)]
    assert found == []


def test_overclaim_patterns_do_catch_overclaims() -> None:
    samples = ["This diet will cure acne.", "It is PROVEN to work.", "We guarantee results.",
               "Stress always causes eczema.", "This will fix your gut.", "It definitely helps."]
    for sample in samples:
        assert any(re.search(p, sample, re.IGNORECASE) for p in OVERCLAIMS), sample


def test_content_uses_its_own_words_not_the_articles() -> None:
    if not COPYCHECK.is_file():
        pytest.skip(f"shared copy-check tool not found at {COPYCHECK}")
    result = subprocess.run([sys.executable, str(COPYCHECK), "assets", "gutskin_desktop"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^0 shared run\(s\)", result.stdout, re.MULTILINE), result.stdout

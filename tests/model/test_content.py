"""The shipped content: its sections, reading level, required topics, caution and own wording,
and the parts every handout carries (main message, uncertainty, source, questions, glossary)."""
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
from gutskin_desktop.model.readability import grade, split_sentences

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "gutskin_desktop" / "data" / "content.json"
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"
SECTION_IDS = ["overview", "microbiome", "immune", "inflammation", "gut-wall", "nutrients",
               "stress", "skin", "outlook"]
MAX_PATIENT_GRADE = 8.0
MAX_TITLE_CHARS = 40
MAX_PRESENTER_SENTENCE_WORDS = 24  # every presenter sentence is under 25 words
MAX_GLOSSARY_CHARS = 200
SOURCE_TITLE = "Can Gut Health Impact Our Skin?"
# The labels of the patient diagram's boxes and arrows: glossary terms may come from these.
PATIENT_DIAGRAM_LABELS = ["Gut", "Brain", "Skin", "Gut microbes", "Immune system", "Inflammation",
                          "Leakier gut wall", "Nutrients from food", "two-way link", "home to",
                          "shape", "substances", "defence cells", "signals", "out of balance",
                          "long-lasting", "toxins in the blood", "flare-ups", "takes in",
                          "vitamins, minerals", "stress", "stress / worry"]
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


def test_nine_sections_in_the_articles_order(content: Content) -> None:
    assert content.ids == SECTION_IDS


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_titles_are_short_and_plain(content: Content, section_id: str) -> None:
    title = content.section(section_id).title
    assert len(title) <= MAX_TITLE_CHARS, title
    if section_id != "overview":  # only the overview explains the word "axis"
        assert "axis" not in title.lower(), title


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
def test_summary_reads_at_grade_eight_or_below(content: Content, section_id: str) -> None:
    summary = content.section(section_id).summary
    assert grade(summary) <= MAX_PATIENT_GRADE, (section_id, round(grade(summary), 2))


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_patient_text_speaks_to_the_reader(content: Content, section_id: str) -> None:
    assert re.search(r"\byou(r)?\b", text_of(content.section(section_id), "patient")), section_id


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_presenter_sentences_are_under_25_words(content: Content, section_id: str) -> None:
    long = [s for s in block_sentences(content.section(section_id).presenter)
            if len(WORD.findall(s)) > MAX_PRESENTER_SENTENCE_WORDS]
    assert long == [], (section_id, long)


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
    ("overview", "patient", r"gut-skin axis"),
    ("overview", "patient", r"gut-brain-skin axis"),
    ("overview", "patient", r"not fully understand"),
    ("microbiome", "presenter", r"dysbiosis"),
    ("microbiome", "patient", r"dysbiosis"),
    ("microbiome", "patient", r"bacteria"),
    ("microbiome", "patient", r"substances"),
    ("microbiome", "presenter", r"metabolite"),
    ("immune", "presenter", r"crosstalk"),
    ("immune", "patient", r"immune cells"),
    ("immune", "patient", r"inflammatory skin"),
    ("inflammation", "presenter", r"crohn"),
    ("inflammation", "presenter", r"ulcerative colitis"),
    ("inflammation", "presenter", r"inflammatory skin"),
    ("inflammation", "patient", r"crohn"),
    ("inflammation", "patient", r"ulcerative colitis"),
    ("inflammation", "patient", r"inflammatory bowel disease"),
    ("inflammation", "patient", r"\bibd\b"),
    ("inflammation", "patient", r"inflammatory skin"),
    ("inflammation", "patient", r"higher risk"),
    ("inflammation", "patient", r"does not mean"),
    ("gut-wall", "presenter", r"permeab"),
    ("gut-wall", "presenter", r"leaky"),
    ("gut-wall", "presenter", r"toxins"),
    ("gut-wall", "presenter", r"inflammatory molecules"),
    ("gut-wall", "presenter", r"stress"),
    ("gut-wall", "patient", r"leaky gut"),
    ("gut-wall", "patient", r"toxins"),
    ("gut-wall", "patient", r"bacteria"),
    ("gut-wall", "patient", r"\bblood"),
    ("gut-wall", "patient", r"stir up inflammation|cause inflammation|inflammatory"),
    ("gut-wall", "patient", r"stress"),
    ("gut-wall", "patient", r"home test"),
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
    ("stress", "patient", r"gut-brain-skin axis"),
    ("stress", "presenter", r"gut-brain-skin axis"),
    ("skin", "patient", r"immune system"),
    ("skin", "patient", r"\bdry"),
    ("skin", "patient", r"\bdull"),
    ("skin", "patient", r"\bheal"),
    ("skin", "patient", r"worry"),
    ("skin", "patient", r"not a known cause|not shown|has not been shown"),
    ("skin", "presenter", r"wound"),
    ("outlook", "patient", r"research"),
    ("outlook", "patient", r"not fully understood"),
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
def test_skin_conditions_named_in_immune_inflammation_or_skin(content: Content, kind: str,
                                                              condition: str) -> None:
    texts = "".join(text_of(content.section(s), kind) for s in ("immune", "inflammation", "skin"))
    assert condition in texts


@pytest.mark.parametrize("condition", ["acne", "eczema", "psoriasis", "inflammatory skin"])
def test_skin_section_gathers_the_skin_problems(content: Content, condition: str) -> None:
    assert condition in text_of(content.section("skin"), "patient")


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


def _patient_sentences(content: Content, section_id: str) -> list[str]:
    return [s.lower() for s in block_sentences(content.section(section_id).patient)]


@pytest.mark.parametrize("route", [r"gut wall", r"immune"])
def test_stress_acts_through_the_gut_wall_and_the_immune_system(content: Content,
                                                                 route: str) -> None:
    sentences = _patient_sentences(content, "stress")
    assert any(_runs_from(s, r"\bstress", route) for s in sentences), route


# Patient text, titles and summaries: faults of the old text that must not come back, and
# words of the presenter diagram that a patient would not know.
PATIENT_FAULTS = [r"\bloop", r"\bcycle", r"waste from germs", r"protects? (your|the)? ?cells",
                  r"reach your skin", r"metabolite", r"dysregulat", r"crosstalk"]
# Advice is printed separately as the clinic's own; the content gives none.
ADVICE = [r"\bask your\b", r"\btalk to your\b", r"\bsee (a|your) (doctor|nurse)\b",
          r"\byou should\b", r"\btry to\b", r"\beat (more|less)\b"]


def _patient_facing(content: Content) -> list[tuple[str, str]]:
    """Every text a patient reads except the disclaimer (which may point to the care team)."""
    out = [("title", content.title), ("main_message", content.main_message or ""),
           ("uncertainty", content.uncertainty or "")]
    out += [(f"questions[{i}]", q) for i, q in enumerate(content.questions)]
    out += [(f"glossary.{t.term}", t.meaning) for t in content.glossary]
    for section in content.sections:
        out += [(f"{section.id}.title", section.title), (f"{section.id}.summary", section.summary),
                (f"{section.id}.patient", plain_text(section.patient))]
    return out


def test_old_faults_are_gone_from_patient_text(content: Content) -> None:
    found = [(where, pattern) for where, text in _patient_facing(content)
             for pattern in PATIENT_FAULTS if re.search(pattern, text, re.IGNORECASE)]
    assert found == []


def test_fault_patterns_do_catch_the_old_text() -> None:
    samples = ["It can turn into a loop:", "Waste from germs may get into the blood.",
               "These help protect your cells from damage.",
               "Things the microbes make that may reach your skin", "the metabolites they make",
               "immune dysregulation", "Immune system crosstalk", "a vicious cycle"]
    for sample in samples:
        assert any(re.search(p, sample, re.IGNORECASE) for p in PATIENT_FAULTS), sample


def test_patient_text_gives_no_advice(content: Content) -> None:
    found = [(where, pattern) for where, text in _patient_facing(content)
             if not where.startswith("questions") for pattern in ADVICE
             if re.search(pattern, text, re.IGNORECASE)]
    assert found == []


# A sentence saying the gut wall lets something through must hedge it, as the article does.
LETS_THROUGH = (r"\blet(s|ting)?\b.*\bthrough\b|\bpass(es|ing)? (through|into|across)\b"
                r"|\binto (your|the) (blood|bloodstream)\b|\b(get|gets|getting) into\b")
HEDGE = r"\b(may|might|could|possibl[ey])\b"
LEAKY_GUT_CAUTION = r"loosely|popular|not (a )?settled|not proven|not been shown|not shown"


def unhedged_claims(sentences: list[str]) -> list[str]:
    """The sentences that say the gut wall lets things through without a hedge word."""
    return [s for s in sentences if re.search(LETS_THROUGH, s, re.IGNORECASE)
            and not re.search(HEDGE, s, re.IGNORECASE)]


def test_gut_wall_text_hedges_every_claim_that_things_get_through(content: Content) -> None:
    sentences = _patient_sentences(content, "gut-wall")
    assert any(re.search(LETS_THROUGH, s) for s in sentences), "the gut-wall claim is missing"
    assert unhedged_claims(sentences) == []


def test_hedge_check_catches_the_old_leaky_gut_text() -> None:
    old = ["The gut wall lets more things pass through.", "Waste from germs gets into the blood."]
    assert unhedged_claims(old) == old
    assert unhedged_claims(["Toxins might get into your blood."]) == []


@pytest.mark.parametrize("kind", ["patient", "presenter"])
def test_leaky_gut_always_comes_with_a_caution(content: Content, kind: str) -> None:
    for section in content.sections:
        text = text_of(section, kind)
        if "leaky gut" in text:
            assert re.search(LEAKY_GUT_CAUTION, text), (section.id, kind)
    assert "leaky gut" in text_of(content.section("gut-wall"), kind)
    assert re.search(r"possible|being studied|still studying|under study",
                     text_of(content.section("gut-wall"), kind))


# -- the parts every handout carries -------------------------------------------------------

def test_every_handout_part_is_present(content: Content) -> None:
    assert content.main_message and content.main_message.strip()
    assert content.uncertainty and content.uncertainty.strip()
    assert content.source is not None
    assert content.source.title == SOURCE_TITLE
    assert content.source.description.strip() and content.source.written_by.strip()
    assert content.next_review is not None and content.next_review > content.reviewed
    assert content.questions and content.glossary


@pytest.mark.parametrize("part", ["main_message", "uncertainty"])
def test_main_message_and_uncertainty_read_at_grade_eight_or_below(content: Content,
                                                                   part: str) -> None:
    text = getattr(content, part) or ""
    assert len(text.split()) >= 8, part
    assert grade(text) <= MAX_PATIENT_GRADE, (part, round(grade(text), 2))


def test_main_message_says_both_directions_and_that_learning_goes_on(content: Content) -> None:
    message = (content.main_message or "").lower()
    assert re.search(r"each other|both (ways|directions)|two-way", message)
    assert re.search(r"still learning|not yet|not fully", message)


def test_uncertainty_says_much_is_not_yet_known(content: Content) -> None:
    assert re.search(r"still learning|not (yet )?(fully )?(understood|known|proven)",
                     (content.uncertainty or "").lower())


def test_four_to_six_questions(content: Content) -> None:
    assert 4 <= len(content.questions) <= 6


@pytest.mark.parametrize("index", range(6))
def test_each_question_is_one_plain_question(content: Content, index: int) -> None:
    if index >= len(content.questions):
        pytest.skip("fewer questions")
    question = content.questions[index]
    assert question.rstrip().endswith("?"), question
    assert len(split_sentences(question)) == 1, question
    assert grade(question) <= MAX_PATIENT_GRADE, (question, round(grade(question), 2))


REQUIRED_TERMS = ["microbes", "microbiome", "bacteria", "dysbiosis", "immune system",
                  "inflammation", "leaky gut", "toxins", "nutrients", "antioxidants", "acne",
                  "eczema", "psoriasis", "inflammatory bowel disease", "ibd", "crohn's disease",
                  "ulcerative colitis", "gut-skin axis", "gut-brain-skin axis"]


@pytest.mark.parametrize("word", REQUIRED_TERMS)
def test_glossary_explains_the_technical_words(content: Content, word: str) -> None:
    terms = [t.term.lower() for t in content.glossary]
    assert any(word == t or re.search(rf"(^|\W){re.escape(word)}(\W|$)", t) for t in terms), word


def test_glossary_is_in_alphabetical_order_without_repeats(content: Content) -> None:
    terms = [t.term.lower() for t in content.glossary]
    assert terms == sorted(terms)
    assert len(terms) == len(set(terms))


def test_glossary_meanings_are_short_and_plain(content: Content) -> None:
    bad = [(t.term, len(t.meaning), round(grade(t.meaning), 2)) for t in content.glossary
           if len(t.meaning) > MAX_GLOSSARY_CHARS or grade(t.meaning) > MAX_PATIENT_GRADE]
    assert bad == []


def test_every_glossary_term_is_used_where_a_patient_sees_it(content: Content) -> None:
    seen = [label.lower() for label in PATIENT_DIAGRAM_LABELS]
    for section in content.sections:
        seen += [section.title.lower(), section.summary.lower(), text_of(section, "patient")]
    unused = [t.term for t in content.glossary if not any(t.term.lower() in s for s in seen)]
    assert unused == []


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
    result = subprocess.run([sys.executable, str(COPYCHECK), "gutskin_desktop"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^0 shared run\(s\)", result.stdout, re.MULTILINE), result.stdout

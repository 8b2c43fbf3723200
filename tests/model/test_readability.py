"""Syllable counts, sentence splitting and the Flesch-Kincaid grade of the reading-level meter."""
from __future__ import annotations

from pathlib import Path

import pytest

from gutskin_desktop.model import readability
from gutskin_desktop.model.readability import (
    Reading,
    break_points,
    grade,
    hardest_sentences,
    measure,
    split_sentences,
    syllables,
)

SIMPLE = "The cat sat on the mat. The dog ran to the park. We had fun in the sun."
COMPLEX = ("Inflammatory bowel disease has been epidemiologically associated with considerably "
           "elevated susceptibility to dermatological manifestations. Intestinal permeability "
           "potentially facilitates translocation of bacterial metabolites into circulation.")


@pytest.mark.parametrize(("word", "count"), [
    ("cat", 1), ("dog", 1), ("skin", 1), ("the", 1),
    ("water", 2), ("happy", 2), ("yellow", 2), ("table", 2), ("simple", 2),
    ("banana", 3), ("Bananas", 3), ("family", 3),
    ("inflammation", 4), ("psoriasis", 4),
])
def test_syllables_of_known_words(word: str, count: int) -> None:
    assert syllables(word) == count


def test_every_word_has_at_least_one_syllable() -> None:
    assert all(syllables(w) >= 1 for w in ["a", "I", "rhythm", "hmm", "x"])


def test_split_sentences_at_stops_and_marks() -> None:
    assert split_sentences("Hi there. How are you? Great! ") == ["Hi there", "How are you",
                                                                   "Great"]
    assert split_sentences("A dose of 3.5 mg is fine.") == ["A dose of 3.5 mg is fine"]
    assert split_sentences("... ! ?") == []


def test_complex_text_grades_higher_than_simple_text() -> None:
    simple, hard = grade(SIMPLE), grade(COMPLEX)
    assert simple < 4.0
    assert hard > 14.0
    assert hard - simple > 10.0


def test_measure_applies_the_flesch_kincaid_formula() -> None:
    # The(1) happy(2) dog(1) ran(1) | Bananas(3) are(1) yellow(2): 7 words, 2 sentences,
    # 11 syllables, so 0.39 * 7/2 + 11.8 * 11/7 - 15.59 = 4.317857...
    reading = measure(split_sentences("The happy dog ran. Bananas are yellow."))
    assert reading == Reading(words=7, sentences=2, syllables=11)
    expected = 0.39 * 7 / 2 + 11.8 * 11 / 7 - 15.59
    assert reading.grade == pytest.approx(expected, abs=1e-9)
    assert reading.grade == pytest.approx(4.317857, abs=1e-5)
    assert grade("The happy dog ran. Bananas are yellow.") == pytest.approx(expected, abs=1e-9)


def test_measure_counts_list_items_as_sentences() -> None:
    reading = measure(["Feel dry", "Look dull", "Heal more slowly"])
    assert (reading.words, reading.sentences) == (7, 3)


def test_reading_grade_by_hand() -> None:
    assert Reading(words=10, sentences=1, syllables=10).grade == pytest.approx(
        0.39 * 10 + 11.8 - 15.59)
    assert Reading(words=20, sentences=4, syllables=30).grade == pytest.approx(
        0.39 * 5 + 11.8 * 1.5 - 15.59)


def test_hardest_sentences_come_hardest_first() -> None:
    text = ("The cat sat. Dermatological manifestations accompany inflammatory conditions. "
            "We ran home to eat. Metabolites circulate systemically.")
    hardest = hardest_sentences(text)
    assert [s for _, s in hardest] == [
        "Dermatological manifestations accompany inflammatory conditions",
        "Metabolites circulate systemically",
        "We ran home to eat",
    ]
    grades = [g for g, _ in hardest]
    assert grades == sorted(grades, reverse=True)
    assert grades[0] == pytest.approx(grade("Dermatological manifestations accompany "
                                            "inflammatory conditions."))
    assert len(hardest_sentences(text, limit=1)) == 1
    assert len(hardest_sentences(text, limit=10)) == 4


@pytest.mark.parametrize("text", ["", "   ", "...", "\n\n"])
def test_empty_text_grades_zero(text: str) -> None:
    assert grade(text) == 0.0
    assert hardest_sentences(text) == []


def test_empty_measure_is_zero() -> None:
    reading = measure([])
    assert reading.words == 0
    assert reading.grade == 0.0


WORDS = ["inflammation", "microbiome", "psoriasis", "eczema", "dysbiosis", "hyphenation",
         "bloodstream", "immune", "permeability", "researchers", "supplements", "bacteria",
         "sometimes", "understanding", "probiotic", "dermatologist", "everything",
         "communication"]


def _fresh_patterns(monkeypatch: pytest.MonkeyPatch, cache_home: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    readability._patterns.cache_clear()
    readability.syllables.cache_clear()


def test_break_points_agree_with_pyphen(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    import pyphen

    _fresh_patterns(monkeypatch, tmp_path)
    reference = pyphen.Pyphen(lang="en_US")
    for word in WORDS:
        assert break_points(word) == list(reference.positions(word)), word


def test_parsed_patterns_are_cached_and_a_damaged_cache_is_rebuilt(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fresh_patterns(monkeypatch, tmp_path)
    first = [syllables(w) for w in WORDS]
    cache = readability.cache_file()
    assert cache.is_file() and cache.is_relative_to(tmp_path)
    cache.write_bytes(b"\x00not a cache")
    _fresh_patterns(monkeypatch, tmp_path)
    assert [syllables(w) for w in WORDS] == first
    assert cache.read_bytes()[:12] != b"\x00not a cache", "the damaged cache was replaced"


def test_an_unwritable_cache_folder_only_costs_the_parse(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    _fresh_patterns(monkeypatch, blocker)
    assert syllables("inflammation") == 4
    assert blocker.read_text() == "a file where the cache folder would go"


def test_the_fonts_hold_every_letter_the_quick_glyph_check_takes_for_granted() -> None:
    import unicodedata

    from gutskin_desktop.model.handout_checks import COMMON_MAX, COMMON_PUNCTUATION, _covered

    covered = _covered()
    assumed = [chr(i) for i in range(0x20, COMMON_MAX)] + sorted(COMMON_PUNCTUATION)
    missing = [c for c in assumed if unicodedata.category(c) not in ("Cc", "Cf", "Cn")
               and ord(c) not in covered]
    assert missing == []

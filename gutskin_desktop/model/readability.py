"""Offline reading-level measures for the project's texts.

The Flesch-Kincaid grade is computed from word, sentence and syllable counts. Syllables
come from pyphen's English hyphenation patterns (no network, no word lists to download),
with a vowel-group count as a floor for words the patterns leave whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def _hyphenator():  # noqa: ANN202 - pyphen has no type hints
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Count the syllables in one word (at least one)."""
    lower = word.lower().replace("\u2019", "'")
    by_pattern = len(_hyphenator().positions(lower)) + 1
    groups = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(1, by_pattern, min(groups, by_pattern + 1))


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at full stops, question and exclamation marks."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if _WORD.search(p)]


@dataclass(frozen=True)
class Reading:
    """Counts and the Flesch-Kincaid grade of a piece of text."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """The Flesch-Kincaid grade level (0.0 for empty text)."""
        if not self.words:
            return 0.0
        return (0.39 * self.words / self.sentences
                + 11.8 * self.syllables / self.words - 15.59)


def measure(sentences: list[str]) -> Reading:
    """Measure a list of sentences (list items count as sentences)."""
    words = [w for s in sentences for w in _WORD.findall(s)]
    count = sum(1 for s in sentences if _WORD.search(s))
    return Reading(len(words), max(count, 1), sum(syllables(w) for w in words))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of free text."""
    return measure(split_sentences(text)).grade


def hardest_sentences(text: str, limit: int = 3) -> list[tuple[float, str]]:
    """The sentences with the highest grade, hardest first."""
    scored = [(measure([s]).grade, s) for s in split_sentences(text)]
    return sorted(scored, key=lambda pair: pair[0], reverse=True)[:limit]

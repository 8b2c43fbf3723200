"""Offline reading-level measures for the project's texts.

The Flesch-Kincaid grade is computed from word, sentence and syllable counts. Syllables
come from the English hyphenation patterns shipped with pyphen (no network, no word lists
to download), applied by Liang's algorithm, with a vowel-group count as a floor for words
the patterns leave whole.

Parsing the pattern file takes about 50 ms, which would be a sixth of a whole `gutskin
export`; the parsed patterns are kept in the user's cache folder and read back in a few
milliseconds. Reading them back and applying them to every word still takes about 10 ms
(benchmark row "whole `gutskin export` of a4-handout"), so the syllable count of each word
measured is kept there too (:func:`remember_words`, called once a report is done): an
export of text measured before never loads the patterns at all. Both caches carry a stamp
of the pattern file and of the counting code, so a new pyphen or a change to the counting
rebuilds them. The stamp's digest is part of each cache file's name, so two installs
(the standalone app and a source install, say, whose pattern files differ in place and
date) keep a file each instead of rebuilding one another's at every run; the oldest are
removed past :data:`KEPT_CACHES`. A missing, stale or damaged cache is simply rebuilt; one
that cannot be written only costs the work.
"""
from __future__ import annotations

import _thread
import marshal
import os
import re
import zlib
from functools import lru_cache
from pathlib import Path

import msgspec

from . import cache_files

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


Patterns = dict[str, tuple[int, tuple[int, ...]]]
CACHE_VERSION = 1
EDGE = 2  # no break closer than this to either end of a word (pyphen's default)


def pattern_file() -> Path:
    """pyphen's US English hyphenation patterns (found without importing pyphen)."""
    from importlib.util import find_spec

    spec = find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyphen is not installed")
    return Path(spec.submodule_search_locations[0]) / "dictionaries" / "hyph_en_US.dic"


KEPT_CACHES = cache_files.KEPT  # cache files of each kind kept (one per install in use)


def cache_file() -> Path:
    """Where the parsed patterns are kept (``$XDG_CACHE_HOME/gutskin-desktop``), under a
    name of their own for this install's patterns and code (see :func:`_stamp`)."""
    tag = f"{zlib.crc32(repr(_stamp()).encode()):08x}"
    return cache_files.folder() / f"hyphenation-en_US-{tag}.marshal"


def _parse(source: Path) -> Patterns:
    import pyphen

    return {key: (start, tuple(int(v) for v in values))
            for key, (start, values) in pyphen.HyphDict(source).patterns.items()}


def words_file() -> Path:
    """Where the syllable counts of the words measured so far are kept."""
    patterns = cache_file()
    return patterns.with_name(patterns.name.replace("hyphenation-", "syllables-"))


@lru_cache(maxsize=1)
def _stamp() -> tuple[int | str, ...]:
    """What the caches were made from: the pattern file and the counting code."""
    source = pattern_file()
    stat = source.stat()
    code = zlib.crc32(marshal.dumps(_count.__code__) + marshal.dumps(break_points.__code__))
    return (CACHE_VERSION, str(source), stat.st_size, stat.st_mtime_ns, code, EDGE)


def _load_patterns() -> Patterns:
    stamp = _stamp()
    source = pattern_file()
    cache = cache_file()
    try:
        saved_stamp, patterns = marshal.loads(cache.read_bytes())
        if tuple(saved_stamp) == stamp and isinstance(patterns, dict) and patterns:
            return patterns
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or a damaged one: parse again
    patterns = _parse(source)
    cache_files.save(cache, marshal.dumps((stamp, patterns)))
    return patterns


@lru_cache(maxsize=1)
def _patterns() -> tuple[Patterns, int]:
    patterns = _load_patterns()
    return patterns, max(len(key) for key in patterns)


def break_points(word: str) -> list[int]:
    """Where a lower-case word may be hyphenated (Liang's algorithm), as offsets."""
    patterns, longest = _patterns()
    dotted = f".{word}."
    scores = [0] * (len(dotted) + 1)
    for i in range(len(dotted) - 1):
        for j in range(i + 1, min(i + longest, len(dotted)) + 1):
            found = patterns.get(dotted[i:j])
            if found:
                offset, values = found
                for k, value in enumerate(values, start=i + offset):
                    if value > scores[k]:
                        scores[k] = value
    return [i - 1 for i, score in enumerate(scores)
            if score % 2 and EDGE <= i - 1 <= len(word) - EDGE]


WORDS_LIMIT = 50_000  # past this many words the kept counts start again
_words_lock = _thread.allocate_lock()
_learned: dict[str, int] = {}  # counted in this process, not yet kept


def _known() -> dict[str, int]:
    """The syllable counts kept by earlier runs (none when stale or damaged): read once
    per cache folder (the folder is looked up from the environment, which is cheap; the
    path is built only when the folder changes)."""
    return _known_in(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=4)
def _known_in(_xdg: str | None, _home: str | None) -> dict[str, int]:
    try:
        saved_stamp, words = marshal.loads(words_file().read_bytes())
        if tuple(saved_stamp) == _stamp() and isinstance(words, dict):
            return words
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no counts kept yet, or damaged ones: count again
    return {}


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Count the syllables in one word (at least one)."""
    lower = word.lower().replace("\u2019", "'")
    known = _known().get(lower)
    if known is not None:
        return known
    count = _count(lower)
    with _words_lock:
        _learned[lower] = count
    return count


def remember_words() -> None:
    """Keep the syllable counts of the words first measured since the last call in the
    cache folder, so that the next run reads them instead of loading the patterns."""
    with _words_lock:
        if not _learned:
            return
        known = _known()
        if len(known) + len(_learned) > WORDS_LIMIT:
            known.clear()
        known.update(_learned)
        _learned.clear()
        data = marshal.dumps((_stamp(), known))
    cache_files.save(words_file(), data)


def _count(lower: str) -> int:
    """The syllables of a lower-case word, by the patterns and the vowel groups."""
    by_pattern = len(break_points(lower)) + 1
    groups = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(1, by_pattern, min(groups, by_pattern + 1))


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at full stops, question and exclamation marks."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if _WORD.search(p)]


class Reading(msgspec.Struct, frozen=True):
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


MAX_SENTENCE_WORDS = 40  # a longer run without a full stop counts as a sentence per 40 words


def measure(sentences: list[str]) -> Reading:
    """Measure a list of sentences (list items count as sentences). A run of more than
    :data:`MAX_SENTENCE_WORDS` words with no full stop (a note typed without any, say)
    counts as one sentence for each 40 words of it: the formula grows with the words per
    sentence without limit (500 words in one run would read at grade 190)."""
    runs = [_WORD.findall(s) for s in sentences]
    words = [w for run in runs for w in run]
    count = sum(-(-len(run) // MAX_SENTENCE_WORDS) for run in runs)  # rounded up
    return Reading(len(words), max(count, 1), sum(syllables(w) for w in words))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of free text."""
    return measure(split_sentences(text)).grade


def hardest_sentences(text: str, limit: int = 3) -> list[tuple[float, str]]:
    """The sentences with the highest grade, hardest first."""
    scored = [(measure([s]).grade, s) for s in split_sentences(text)]
    return sorted(scored, key=lambda pair: pair[0], reverse=True)[:limit]

"""The syllable counts kept in the cache folder: the same reading level, with or without
them, and rebuilt when stale or damaged."""
from __future__ import annotations

from pathlib import Path

import pytest

from gutskin_desktop.model import readability
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.handout_checks import reading_report


def _fresh(monkeypatch: pytest.MonkeyPatch, cache_home: Path) -> None:
    """As a new process with this cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    for cached in (readability._patterns, readability.syllables, readability._known_in,
                   readability._stamp):
        cached.cache_clear()
    readability._learned.clear()


def _no_patterns() -> None:
    raise AssertionError("the hyphenation patterns were loaded")


def _report(note: str = "") -> str:
    content = load_bundle().content
    report = reading_report(content, list(content.ids), "patient", note)
    return repr(report)


def test_a_second_run_reads_the_kept_counts_and_grades_the_same(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fresh(monkeypatch, tmp_path)
    first = _report()
    words = readability.words_file()
    assert words.is_file() and words.is_relative_to(tmp_path)
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setattr(readability, "_patterns", _no_patterns)
    assert _report() == first


def test_new_words_in_a_note_are_counted_and_kept(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    _fresh(monkeypatch, tmp_path / "uncached")
    note = "Photosensitivity and dermatological appointments are rescheduled fortnightly."
    expected = _report(note)
    _fresh(monkeypatch, tmp_path / "cached")
    _report()
    _fresh(monkeypatch, tmp_path / "cached")
    assert _report(note) == expected, "the note's new words were counted by the patterns"
    _fresh(monkeypatch, tmp_path / "cached")
    monkeypatch.setattr(readability, "_patterns", _no_patterns)
    assert _report(note) == expected


def test_stale_or_damaged_counts_are_counted_again(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    import marshal

    _fresh(monkeypatch, tmp_path)
    first = _report()
    words = readability.words_file()
    stamp, counts = marshal.loads(words.read_bytes())
    wrong = dict.fromkeys(counts, 40)
    words.write_bytes(marshal.dumps((("an older pyphen", *stamp[1:]), wrong)))
    _fresh(monkeypatch, tmp_path)
    assert _report() == first, "counts from other patterns or code were not used"
    words.write_bytes(b"\x00damaged")
    _fresh(monkeypatch, tmp_path)
    assert _report() == first
    assert marshal.loads(words.read_bytes())[0] == readability._stamp(), "rebuilt"


def test_an_unwritable_cache_folder_only_costs_the_counting(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    _fresh(monkeypatch, blocker)
    first = _report()
    _fresh(monkeypatch, blocker)
    assert _report() == first
    assert blocker.read_text() == "a file where the cache folder would go"


def test_two_installs_keep_a_cache_each_and_old_ones_go(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    # two installs (the standalone app and a source install, say) have their pattern
    # files in different places: each keeps its own cache, so neither rebuilds the
    # other's at every run, and past KEPT_CACHES the oldest are removed
    import shutil

    source = readability.pattern_file()
    cache_home = tmp_path / "cache"

    def install(number: int) -> Path:
        copy = tmp_path / f"install{number}" / source.name
        if not copy.exists():
            copy.parent.mkdir()
            shutil.copy(source, copy)
        monkeypatch.setattr(readability, "pattern_file", lambda: copy)
        _fresh(monkeypatch, cache_home)
        return copy

    install(1)
    first = _report()
    words_one = readability.words_file()
    install(2)
    assert _report() == first
    words_two = readability.words_file()
    assert words_two != words_one and words_one.is_file() and words_two.is_file()
    kept = words_one.read_bytes()
    install(1)
    monkeypatch.setattr(readability, "_patterns", _no_patterns)
    assert _report() == first, "install 1 read its own counts, not rebuilt by install 2"
    assert words_one.read_bytes() == kept
    monkeypatch.undo()
    (cache_home / "gutskin-desktop" / "syllables-en_US.marshal").write_bytes(b"old name")
    for number in range(3, 3 + readability.KEPT_CACHES + 1):
        install(number)
        assert _report() == first
    folder = cache_home / "gutskin-desktop"
    for kind in ("syllables", "hyphenation"):
        left = sorted(path.name for path in folder.glob(f"{kind}-en_US*.marshal"))
        assert len(left) == readability.KEPT_CACHES, left
    assert readability.words_file().is_file()
    assert not (folder / "syllables-en_US.marshal").exists()

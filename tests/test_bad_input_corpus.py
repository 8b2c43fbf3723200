"""Every file in tests/corpus/ is refused by `gutskin check` and `gutskin export` alike:
exit 2, one `error:` line naming the file, no traceback, and no file written."""
from __future__ import annotations

from pathlib import Path

import pytest

from gutskin_desktop.cli import main

CORPUS = sorted((Path(__file__).parent / "corpus").iterdir())


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_bad_file_is_refused_by_check_and_export(path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "check", str(path))
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert path.name in err
    out = tmp_path / "out.pdf"
    kind = path.name.split("-")[0]
    option = {"layout": ["--layout", str(path)], "content": ["--content", str(path), "--layout",
              "a4-handout"], "diagram": ["--diagram", str(path), "--layout", "a4-handout"]}
    args = ["export", *option[kind], "--out", str(out)]
    if kind != "layout":
        args = [args[1], args[2], *[a for a in args if a not in (args[1], args[2])]]
    code, err = _run(capsys, *args)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert path.name in err
    assert not out.exists()

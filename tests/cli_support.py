"""What the command-line tests share: the one-line error every bad input must give."""
from __future__ import annotations

import subprocess


def assert_one_error_line(result: subprocess.CompletedProcess[str], *parts: str) -> str:
    """The command failed with exit status 2 and one ``error:`` line holding ``parts``."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]

"""What the command-line tests share: the one-line error every bad input must give, and a
clinic profile the clinic has made its own and reviewed (so exports print no warning
about the clinic's advice)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

REVIEWED_CLINIC = {
    "format_version": 1, "clinic": "Elm Street Clinic", "phone": "0123 456 789",
    "reviewer": "Dr Ada Example", "reviewed": "2026-11-20", "next_review": "2027-11-20",
    "can_do": ["Keep a diary of your skin and what you eat."],
    "get_help": ["Call us if your skin gets worse."],
}


def reviewed_clinic(folder: Path) -> Path:
    """Write a reviewed clinic profile with advice of its own into ``folder``."""
    path = folder / "clinic.json"
    path.write_text(json.dumps(REVIEWED_CLINIC), encoding="utf-8")
    return path


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

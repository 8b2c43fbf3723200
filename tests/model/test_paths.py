"""Where the shipped data is found: beside the package's modules, as importlib.resources
would find it, without importing importlib.resources at start."""
from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from gutskin_desktop.model import paths


def test_the_data_folder_is_the_one_importlib_resources_finds() -> None:
    assert Path(str(files("gutskin_desktop") / "data")) == paths.DATA
    assert (paths.DATA / "content.json").is_file()
    assert paths.LAYOUTS.is_dir()


def test_finding_it_loads_no_resource_machinery() -> None:
    code = ("import sys\nfrom gutskin_desktop.model import paths\n"
            "print(paths.DATA.is_dir(), 'importlib.resources' in sys.modules,"
            " 'tempfile' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, stdin=subprocess.DEVNULL)
    assert done.stdout.split() == ["True", "False", "False"]

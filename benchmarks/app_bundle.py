"""The standalone app (dist/gutskin/) beside the source install (.venv/bin/gutskin): size on
disk, and start-up times of whole processes, median and range over several runs, with the
ratio of the app's time to the source install's.

Run: .venv/bin/python benchmarks/app_bundle.py [--runs N] [--app DIR] [--build]

- ``--app DIR``: the app's folder (default ``dist/gutskin``). When it is missing, or was
  built before the latest change to the code or its packaging, the script says how to
  build it (``packaging/build-app.sh``), or builds it with ``--build``.
- The commands timed: ``gutskin --version``, ``gutskin layouts`` and a whole ``gutskin
  export`` of the A4 handout; each run is a fresh process started from an empty folder.
- When ``xvfb-run`` and ``xwininfo`` are installed (Debian: xvfb, x11-utils), also the
  time from starting the app to its main window being on a virtual X display (seen by
  polling the display every 10 ms or so, so a little late, the same for both).
- The source install's size is what it adds to a Python installation: the files of
  gutskin-desktop and of every package it needs to run (not the test tools), found from
  the installed packages' metadata; the interpreter and its standard library are
  reported beside it, since the app carries its own.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE_NAME = "gutskin.exe" if os.name == "nt" else "gutskin"
WINDOW_TITLE = '"Gut-brain-skin axis'


def disk_usage(paths: list[Path]) -> tuple[int, int]:
    """Bytes on disk (allocated blocks, as ``du`` counts; a file linked twice once) and the
    number of files, under every path given."""
    seen: set[tuple[int, int]] = set()
    total = count = 0
    for path in paths:
        for file in _files(path):
            status = file.lstat()
            key = (status.st_dev, status.st_ino)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            blocks = getattr(status, "st_blocks", None)
            total += blocks * 512 if blocks is not None else status.st_size
    return total, count


def _files(path: Path) -> Iterator[Path]:
    if path.is_symlink() or path.is_file():
        yield path
    elif path.is_dir():
        for folder, _dirs, names in os.walk(path):
            for name in names:
                yield Path(folder) / name


def runtime_files() -> list[Path]:
    """The installed files of gutskin-desktop and of every package it needs to run."""
    wanted, found, files = ["gutskin-desktop"], set(), []
    while wanted:
        name = wanted.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        found.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        files += [Path(str(dist.locate_file(f))) for f in dist.files or ()]
        for requirement in dist.requires or ():
            spec, _, marker = requirement.partition(";")
            if "extra ==" in marker or (marker and not _marker_holds(marker)):
                continue
            wanted.append(re.split(r"[\s<>=!~\[(]", spec.strip(), maxsplit=1)[0])
    source = ROOT / "gutskin_desktop"
    if not any(source in f.parents for f in files):  # an editable install: the checkout
        files.append(source)
    return files


def _marker_holds(marker: str) -> bool:
    """Whether an environment marker (``python_version < '3.12'``) holds here."""
    try:
        from packaging.markers import Marker
    except ImportError:
        return True  # counted, when it cannot be told
    return Marker(marker).evaluate()


def python_itself() -> list[Path]:
    """The interpreter and its standard library, which the source install runs on."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    lib = Path(sysconfig.get_config_var("LIBDIR") or stdlib.parent)
    shared = [lib / name for name in (sysconfig.get_config_var("LDLIBRARY") or "",)
              if name and (lib / name).exists()]
    # the standard library without what was installed into it, and without its own tests
    # (which Linux distributions ship apart)
    parts = [p for p in stdlib.iterdir() if p.name not in ("site-packages", "dist-packages",
                                                           "test")]
    return [Path(os.path.realpath(sys.executable)), *parts, *shared]


def timed(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Seconds each fresh run of ``command`` took, from an empty folder."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cmd = [part.replace("{tmp}", folder) for part in command]
            start = time.perf_counter()
            done = subprocess.run(cmd, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, timeout=300)
            times.append(time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(f"error: {' '.join(cmd[:3])} failed: {done.stderr.strip()}")
    return times


def window_times(program: str, runs: int, env: dict[str, str]) -> list[float]:
    """Seconds from starting the app to its main window on a virtual X display, per run
    (one Xvfb for all the runs). A start that ends before its window shows (Qt could not
    reach the virtual display for a moment: it happens about once in twenty starts under
    a polling ``xwininfo``) is tried again once; a second such end is an error."""
    script = (
        'for _ in $(seq "$RUNS"); do\n'
        "  for attempt in 1 2; do\n"
        '    start=$(date +%s%N); "$PROGRAM" >/dev/null 2>&1 & app=$!\n'
        "    shown=1\n"
        f"    until xwininfo -root -tree | grep -q '{WINDOW_TITLE}'; do\n"
        "      kill -0 $app 2>/dev/null || { shown=0; break; }; sleep 0.005; done\n"
        '    if [ "$shown" = 1 ]; then\n'
        "      echo $(( $(date +%s%N) - start )); kill $app; wait $app 2>/dev/null; break\n"
        "    fi\n"
        "    wait $app 2>/dev/null\n"
        '    [ "$attempt" = 2 ] && { echo failed; exit 1; }\n'
        "    echo again\n"
        "  done\n"
        "done\n"
        "exit 0\n")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c",
                               script], cwd=folder, capture_output=True, text=True,
                              env=dict(env, PROGRAM=program, RUNS=str(runs)), timeout=600)
    lines = [x for x in done.stdout.split() if x != "again"]
    if done.returncode or not lines or not all(x.isdigit() for x in lines):
        raise SystemExit(f"error: the window of {program} did not show: {done.stdout}"
                         f"{done.stderr}")
    return [int(x) / 1e9 for x in lines]


def built_before_source(app: Path) -> bool:
    """Whether the app was built before the latest change to the project's code or to
    its packaging (its figures would be of older code)."""
    sources = [*(ROOT / "gutskin_desktop").rglob("*.py"), *(ROOT / "packaging").iterdir()]
    newest = max(path.stat().st_mtime for path in sources if path.is_file())
    return app.stat().st_mtime < newest


def describe(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.3f} s  range "
            f"{min(values):.3f}-{max(values):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (9)")
    parser.add_argument("--app", type=Path, default=ROOT / "dist" / "gutskin")
    parser.add_argument("--build", action="store_true",
                        help="build the app with packaging/build-app.sh when it is missing "
                             "or older than the source")
    args = parser.parse_args()
    app_exe = args.app / EXE_NAME
    missing = not app_exe.is_file()
    if missing or built_before_source(app_exe):
        state = "is missing" if missing else "was built before the latest source change"
        if not args.build:
            print(f"{app_exe} {state}: build it with `packaging/build-app.sh --venv "
                  f".venv` (or run this script with --build)", file=sys.stderr)
            return 2
        subprocess.run(["bash", str(ROOT / "packaging" / "build-app.sh"), "--venv",
                        sys.prefix, "--dist", str(args.app.parent)], cwd=ROOT, check=True)
    source_exe = Path(sys.executable).parent / EXE_NAME
    if not source_exe.is_file():
        print(f"error: {source_exe} is missing: install the project (pip install -e .)",
              file=sys.stderr)
        return 2

    app_bytes, app_count = disk_usage([args.app])
    src_bytes, src_count = disk_usage(runtime_files())
    py_bytes, py_count = disk_usage(python_itself())
    mb = 1024 * 1024
    print(f"{'size on disk':<34} {'standalone app':>22} {'source install':>22}")
    print(f"{'the program and its libraries':<34} {app_bytes / mb:15.0f} MB"
          f" {src_bytes / mb:15.0f} MB   ratio {app_bytes / src_bytes:.2f}x")
    print(f"{'  files':<34} {app_count:18d} {src_count:22d}")
    print(f"{'  and Python (the source install)':<34} {'included':>22}"
          f" {py_bytes / mb:15.0f} MB   ({py_count} files)")
    print(f"{'  together':<34} {app_bytes / mb:15.0f} MB"
          f" {(src_bytes + py_bytes) / mb:15.0f} MB   ratio "
          f"{app_bytes / (src_bytes + py_bytes):.2f}x")
    print()

    # A clean environment for both, as a clinician's desktop would start them; the source
    # install's command runs with the interpreter of its virtual environment.
    env = {"PATH": os.pathsep.join(["/usr/bin", "/bin"]), "HOME": tempfile.mkdtemp(),
           "LANG": "C.UTF-8"}
    env.update({k: v for k, v in os.environ.items()
                if k in ("DISPLAY", "XAUTHORITY", "SYSTEMROOT", "PYTHONDONTWRITEBYTECODE")})
    commands = {
        "gutskin --version": ["--version"],
        "gutskin layouts": ["layouts"],
        "gutskin export (A4 handout)": ["export", "--layout", "a4-handout", "--out",
                                        "{tmp}/handout.pdf"],
    }
    print(f"start-up, {args.runs} runs each")
    print(f"{'command':<34} {'standalone app':>34} {'source install':>34}  ratio")
    for name, cmd in commands.items():
        app_times = timed([str(app_exe), *cmd], args.runs, env)
        src_times = timed([str(source_exe), *cmd], args.runs, env)
        ratio = statistics.median(app_times) / statistics.median(src_times)
        print(f"{name:<34} {describe(app_times):>34} {describe(src_times):>34}  {ratio:.2f}x")
    if shutil.which("xvfb-run") and shutil.which("xwininfo"):
        app_times = window_times(str(app_exe), args.runs, env)
        src_times = window_times(str(source_exe), args.runs, env)
        ratio = statistics.median(app_times) / statistics.median(src_times)
        print(f"{'main window on screen (Xvfb)':<34} {describe(app_times):>34} "
              f"{describe(src_times):>34}  {ratio:.2f}x")
    else:
        print("main window on screen: needs xvfb-run and xwininfo (Debian: xvfb, x11-utils)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

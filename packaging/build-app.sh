#!/usr/bin/env bash
# Build the standalone app: one folder, dist/gutskin/, with the executable dist/gutskin/gutskin
# (gutskin.exe on Windows) that opens the app with no arguments and runs the command line
# with them. Python is not needed where the folder is copied to.
#
#   packaging/build-app.sh                 make build/app-venv (with python3, or $PYTHON),
#                                          install the project and PyInstaller there, build
#   packaging/build-app.sh --venv .venv    build with an existing virtual environment that
#                                          has the project installed (PyInstaller is added
#                                          to it when missing)
#   packaging/build-app.sh --dist DIR      write the app into DIR/gutskin instead of dist/
#
# Then it prints the folder's size and checks the app: `gutskin --version`, `gutskin
# layouts` and an export of the A4 handout, run from another folder. Any failure stops the
# script with a non-zero status. Build on each system for that system (Linux, Windows in
# Git Bash, macOS); PyInstaller does not cross-build.
#
# PyInstaller warns on Linux that GTK's libraries (libgtk-3, libgdk-3) are not found: that
# is expected, the GTK theme plug-in that needs them is left out (see gutskin.spec).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV=""
DIST="$ROOT/dist"
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) VENV="$2"; shift 2 ;;
        --dist) DIST="$2"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$DIST" in /*|[A-Za-z]:*) ;; *) DIST="$PWD/$DIST" ;; esac
cd "$ROOT"

bin_dir() {  # a virtual environment's folder of programs: bin/, or Scripts/ on Windows
    if [ -d "$1/Scripts" ]; then echo "$1/Scripts"; else echo "$1/bin"; fi
}

if [ -z "$VENV" ]; then
    VENV="$ROOT/build/app-venv"
    if [ ! -d "$VENV" ]; then
        echo "making the build environment $VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    PY="$(bin_dir "$VENV")/python"
    echo "installing the project and PyInstaller into it"
    "$PY" -m pip install -q --upgrade "$ROOT" "pyinstaller>=6,<7"
else
    PY="$(bin_dir "$VENV")/python"
    [ -x "$PY" ] || [ -x "$PY.exe" ] || { echo "error: $VENV: no Python there" >&2; exit 2; }
    "$PY" -c "import gutskin_desktop" 2>/dev/null || {
        echo "error: $VENV: the project is not installed there (pip install -e .)" >&2; exit 2; }
    "$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q "pyinstaller>=6,<7"
fi

echo "building with $("$PY" -m PyInstaller --version 2>/dev/null | sed 's/^/PyInstaller /')"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/gutskin.spec"

APP="$DIST/gutskin"
EXE="$APP/gutskin"
[ -f "$EXE" ] || EXE="$APP/gutskin.exe"
echo "built $APP: $(du -sh "$APP" | cut -f1) on disk"

# The smoke test, from an empty folder so that nothing is found beside the sources.
SMOKE="$(mktemp -d)"
trap 'rm -rf "$SMOKE"' EXIT
cd "$SMOKE"
"$EXE" --version
"$EXE" layouts >/dev/null
"$EXE" export --layout a4-handout --out "$SMOKE/smoke.pdf" 2>/dev/null
head -c 5 "$SMOKE/smoke.pdf" | grep -q '%PDF-' || { echo "error: the export wrote no PDF" >&2; exit 1; }
echo "smoke test passed: --version, layouts, and a $(wc -c < "$SMOKE/smoke.pdf" | tr -d ' ')-byte A4 handout"
echo "run it: $EXE (the app), or $EXE --help (the command line)"

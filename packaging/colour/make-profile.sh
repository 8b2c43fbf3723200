#!/usr/bin/env bash
# Make the CMYK output profile that `gutskin export --pdfx` embeds again:
# gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.icc, from the FOGRA39L
# characterisation data in this folder (FOGRA39L.ti3, from Debian's icc-profiles-free,
# Zlib licence: see gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.txt).
#
#   packaging/colour/make-profile.sh            write the profile into the package data
#   packaging/colour/make-profile.sh OUT.icc    write it somewhere else
#
# It needs ArgyllCMS's `colprof` (2.3.1 made the shipped profile): `apt-get install
# argyll`, or `apt-get download argyll` and unpack it with `dpkg -x`, then set ARGYLL_BIN
# to its usr/bin folder and LD_LIBRARY_PATH to its usr/lib/<arch> folder. The profile's
# header holds the date it was made, so a new one differs from the shipped one in those
# bytes; its colours are the same for the same colprof release.
#
# The options: -qm medium quality; -nc leaves the measurement data out of the profile
# (it stays small, 120 KB); -k p 0.0 0.3 0.94 0.94 0.48 is the black generation (black
# ink starts 30% of the way from white to black and rises to 94% in the darkest colours,
# curve shape 0.48: dark and neutral colours lean on the black ink, as presses expect);
# -l300 limits the total ink to 300%, as coated offset paper wants (FOGRA39 allows 330%).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$ROOT/gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.icc}"
COLPROF="${ARGYLL_BIN:+$ARGYLL_BIN/}colprof"
if ! command -v "$COLPROF" > /dev/null; then
    echo "error: ArgyllCMS colprof not found (install argyll, or set ARGYLL_BIN)" >&2
    exit 2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/FOGRA39L.ti3" "$WORK/FOGRA39L.ti3"
(cd "$WORK" && "$COLPROF" -v -qm -nc -k p 0.0 0.3 0.94 0.94 0.48 -l300 \
    -D "gutskin CMYK coated (FOGRA39L)" \
    -C "No copyright: made by the gutskin-desktop project with ArgyllCMS colprof from the FOGRA39L characterisation data" \
    FOGRA39L)
cp "$WORK/FOGRA39L.icc" "$OUT"
echo "wrote $OUT"

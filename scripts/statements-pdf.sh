#!/bin/sh
# Prints the customer statements of an output folder to PDF with headless
# Chromium (Debian's chromium package; scripts/install-deps.sh installs it):
#   statements-pdf.sh OUTDIR PDFDIR
# writes PDFDIR/<name>.pdf for every OUTDIR/statements/<name>.html, A4, with
# the pages' print style. PDFDIR must lie outside OUTDIR (the output folder
# holds only what slacredit writes). Exit 0, or 1 when a PDF is missing.
set -eu

out=${1:?usage: statements-pdf.sh OUTDIR PDFDIR}
pdf=${2:?usage: statements-pdf.sh OUTDIR PDFDIR}
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || { echo "statements-pdf: chromium is not installed" >&2; exit 1; }
[ -d "$out/statements" ] || { echo "statements-pdf: $out/statements: no such folder" >&2; exit 1; }
mkdir -p "$pdf"
profile=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 -- "-$pid" 2>/dev/null || true
    rm -rf "$profile"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
rc=0
for page in "$out"/statements/*.html; do
    [ -f "$page" ] || continue
    name=$(basename "$page" .html)
    abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
    # The file URL spells '%' in the name as %25.
    url="file://$(printf '%s' "$abs" | sed 's/%/%25/g')"
    rm -f "$pdf/$name.pdf"
    setsid "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$profile" --no-pdf-header-footer \
        --print-to-pdf="$pdf/$name.pdf" "$url" >/dev/null 2>&1 &
    pid=$!
    wait "$pid" || true
    kill -9 -- "-$pid" 2>/dev/null || true
    pid=
    if [ ! -s "$pdf/$name.pdf" ]; then
        echo "statements-pdf: $page: no PDF written" >&2
        rc=1
    fi
done
exit $rc

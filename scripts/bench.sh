#!/bin/sh
# Benchmarks `slacredit run` on a month of 60-second samples for 1,000
# monitors (44.64 million rows, ~1.5 GB) and compares it, in the same run,
# with two floors over the same file: `wc -l` and a libcsv pass that only
# counts fields (tests/bench/csvcount.c). Prints wall time, rows/s, MB/s and
# peak RSS, and the peak RSS for a half-month input to show memory stays flat.
#
# usage: scripts/bench.sh [--baseline-only] BIN     (make bench runs it)
#
# Data goes to ./bench-data/ (git-ignored), written by the deterministic
# generator tests/bench/gen.c, and is regenerated only when missing or when
# the generator changed (stamp: bench-data/.gen-stamp).
# Environment: CC (default gcc); BENCH_RUNS=N times each command N times and
# keeps the best wall time (default 1: timings on a shared machine vary by
# ~20%); BENCH_HALF=0 skips the half-month run; BENCH_STRICT=1 exits 3 when
# a target below is missed.
set -eu

MONTH=2026-10
MONITORS=1000
DAYS=31
HALF_DAYS=15
TARGET_RATIO=1.30  # slacredit wall time / libcsv count wall time, at most
TARGET_RSS_MB=100  # peak RSS in MiB, below
RUNS=${BENCH_RUNS:-1}
case $RUNS in
'' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive integer" >&2; exit 1 ;;
esac

die() {
    echo "bench: $*" >&2
    exit 1
}

baseline_only=0
if [ "${1:-}" = "--baseline-only" ]; then
    baseline_only=1
    shift
fi
[ $# -le 1 ] || die "usage: scripts/bench.sh [--baseline-only] BIN"
BIN=${1:-}
if [ "$baseline_only" -eq 0 ]; then
    [ -n "$BIN" ] || die "usage: scripts/bench.sh [--baseline-only] BIN"
    [ -x "$BIN" ] || die "$BIN: slacredit binary not found (run make first)"
    case $BIN in
    /*) ;;
    */*) BIN=$(pwd)/$BIN ;;  # keep it valid after the cd below
    esac
fi

cd "$(dirname "$0")/.."
DATA=bench-data
TOOLS=$DATA/bin
LOG=$DATA/log  # each timed command's stdout and stderr
CC=${CC:-gcc}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra"
mkdir -p "$TOOLS" "$LOG"

# The helper programs are small; rebuild them every time with the same -O2
# as the slacredit build. $CFLAGS is split into words on purpose.
build_tool() {
    name=$1
    shift
    # shellcheck disable=SC2086
    $CC $CFLAGS -o "$TOOLS/$name" "$@"
}
build_tool gen tests/bench/gen.c
build_tool csvcount tests/bench/csvcount.c -lcsv
build_tool runstat tests/bench/runstat.c

# Writes the slacredit configuration into folder $1 (paths are relative to it).
write_config() {
    cat > "$1/bench.ini" <<'EOF'
[roster]
path = subscriptions.csv

[monitoring "probes"]
path = monitoring/*.csv
format = samples
time_column = timestamp
time_format = iso8601
resource_column = monitor_id
status_column = status
down_pattern = ^down$
interval = 60s

[policy "tiers"]
kind = tiers
evidence = monitoring
tier = 99.9 10
tier = 99.0 25
tier = 95.0 50
remedy = invoice_credit

[policy "perday"]
kind = per_day
evidence = monitoring
remedy = invoice_credit

[policy "prorated"]
kind = prorated
evidence = monitoring
remedy = invoice_credit
EOF
}

# Generates folder $1 with $2 days of samples unless its stamp says it is
# current. Files are written into a temporary folder and moved into place,
# so an interrupted run never leaves a truncated input behind.
generate() {
    dir=$1 days=$2
    stamp="$(cksum < tests/bench/gen.c) monitors=$MONITORS days=$days"
    if [ -f "$dir/monitoring/probes.csv" ] && [ -f "$dir/subscriptions.csv" ] &&
        [ "$(cat "$dir/.gen-stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    echo "bench: generating $dir ($days days x $MONITORS monitors)..." >&2
    rm -rf "$dir.tmp"
    t0=$(date +%s.%N)
    "$TOOLS/gen" "$dir.tmp" "$MONITORS" "$days" > /dev/null
    t1=$(date +%s.%N)
    rm -rf "$dir/monitoring" "$dir/subscriptions.csv"
    mkdir -p "$dir"
    mv "$dir.tmp/monitoring" "$dir.tmp/subscriptions.csv" "$dir/"
    rmdir "$dir.tmp"
    echo "$stamp" > "$dir/.gen-stamp"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "bench: generated in %.1f s\n", b - a }' >&2
}

# Runs a command $RUNS times (once by default) after warming the page cache
# with the input file $1; output goes to $2 and $2.err. Sets t_wall (best
# wall time, s), t_rss (largest peak RSS, KiB) and t_rc (last exit status).
timed() {
    input=$1 out=$2
    shift 2
    cat "$input" > /dev/null
    t_wall='' t_rss=0 i=0
    while [ "$i" -lt "$RUNS" ]; do
        rm -f "$LOG/stat"
        "$TOOLS/runstat" "$LOG/stat" "$@" > "$out" 2> "$out.err" ||
            die "runstat failed: $(cat "$out.err")"
        read -r wall rss t_rc < "$LOG/stat"
        [ "$t_rc" -eq 0 ] || return 0
        if [ -z "$t_wall" ]; then
            t_wall=$wall
        else
            t_wall=$(calc "\"%s\", $wall < $t_wall ? $wall : $t_wall")
        fi
        [ "$rss" -le "$t_rss" ] || t_rss=$rss
        i=$((i + 1))
    done
}

# Arithmetic on decimals via awk (POSIX sh has integers only).
calc() {
    awk "BEGIN { printf $1 }"
}

generate "$DATA" "$DAYS"
write_config "$DATA"
probes=$DATA/monitoring/probes.csv
bytes=$(wc -c < "$probes" | tr -d ' ')

timed "$probes" "$LOG/wc.out" wc -l "$probes"
[ "$t_rc" -eq 0 ] || die "wc -l failed: $(cat "$LOG/wc.out.err")"
lines=$(awk '{ print $1 }' "$LOG/wc.out")
rows=$((lines - 1))
wc_s=$t_wall

timed "$probes" "$LOG/csvcount.out" "$TOOLS/csvcount" "$probes"
[ "$t_rc" -eq 0 ] || die "csvcount failed: $(cat "$LOG/csvcount.out.err")"
csv_records=$(awk '{ print $1 }' "$LOG/csvcount.out")
[ "$csv_records" -eq "$lines" ] ||
    die "csvcount saw $csv_records records but wc -l $lines lines"
csv_s=$t_wall

printf '%-22s %s\n' "rows" "$rows"
printf '%-22s %s\n' "bytes" "$(calc "\"%.2f GB (%d)\", $bytes / 1e9, $bytes")"
printf '%-22s %s\n' "wc -l" "$(calc "\"%.2f s\", $wc_s")"
printf '%-22s %s\n' "libcsv count" "$(calc "\"%.2f s\", $csv_s")"

[ "$baseline_only" -eq 0 ] || exit 0

# Runs slacredit on the data in folder $1, writing its results to $1/out and
# its stdout and stderr to $LOG/slacredit-$2.out{,.err}.
run_slacredit() {
    rm -rf "$1/out"
    timed "$1/monitoring/probes.csv" "$LOG/slacredit-$2.out" \
        "$BIN" run --config "$1/bench.ini" --month "$MONTH" --out "$1/out" --quiet
    if [ "$t_rc" -ne 0 ]; then
        echo "bench: slacredit failed on $1 (exit $t_rc):" >&2
        head -n 20 "$LOG/slacredit-$2.out.err" >&2
        exit 1
    fi
}

run_slacredit "$DATA" full
sc_s=$t_wall
sc_kib=$t_rss
printf '%-22s %s\n' "slacredit" \
    "$(calc "\"%.2f s   (%.2f M rows/s, %.0f MB/s)\", $sc_s, $rows / $sc_s / 1e6, $bytes / $sc_s / 1e6")"
printf '%-22s %s\n' "ratio vs wc -l" "$(calc "\"%.1fx\", $sc_s / $wc_s")"
ratio=$(calc "\"%.2f\", $sc_s / $csv_s")
ratio_ok=$(calc "\"%d\", $ratio <= $TARGET_RATIO")
printf '%-22s %sx   (target <= %s)%s\n' "ratio vs libcsv count" "$ratio" \
    "$TARGET_RATIO" "$([ "$ratio_ok" -eq 1 ] || echo '   MISSED')"
rss_ok=$(calc "\"%d\", $sc_kib / 1024 < $TARGET_RSS_MB")
printf '%-22s %s   (target < %s MiB)%s\n' "peak RSS" \
    "$(calc "\"%.1f MiB\", $sc_kib / 1024")" "$TARGET_RSS_MB" \
    "$([ "$rss_ok" -eq 1 ] || echo '   MISSED')"
if [ -f "$DATA/out/credits.csv" ]; then
    printf '%-22s %s\n' "credits" "$(($(wc -l < "$DATA/out/credits.csv") - 1)) rows"
fi

if [ "${BENCH_HALF:-1}" != 0 ]; then
    HALF=$DATA/half
    generate "$HALF" "$HALF_DAYS"
    write_config "$HALF"
    half_lines=$(wc -l < "$HALF/monitoring/probes.csv")
    run_slacredit "$HALF" half
    printf '%-22s %s\n' "peak RSS, half input" \
        "$(calc "\"%.1f MiB   (%d rows, %.2f s)\", $t_rss / 1024, $half_lines - 1, $t_wall")"
fi

if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$ratio_ok" -ne 1 ] || [ "$rss_ok" -ne 1 ]; }; then
    echo "bench: a target was missed" >&2
    exit 3
fi

#!/bin/sh
# Benchmarks `slacredit run` against DuckDB on the same month, then how its
# run time grows when each dimension of the input doubles.
#
# 1. Anchor. A month of 60-second samples for 1,000 monitors (44.64 million
#    rows, ~1.6 GB; tests/bench/gen.c) is read by slacredit and by DuckDB
#    (node package @duckdb/node-api, installed by npm into
#    build/bench-duckdb/), which computes the same downtime in SQL
#    (tests/bench/duckdb.mjs: per subscription, the distinct minutes one of
#    its monitors was "down", times 60). The two must agree with
#    slacredit's decisions.csv, subscription by subscription, or the bench
#    fails. They run alternately, RUNS times each; the medians of wall
#    time give the ratio (the ratio of CPU times is printed too). Also
#    printed: rows/s, MB/s, peak RSS, and three floors over the same file:
#    `wc -l`, a libcsv pass counting fields, and the file's SHA-256 with
#    slacredit's own lib/sha (tests/bench/shafloor.c). manifest.json
#    carries every input's SHA-256, one sequential computation on one core,
#    so the last floor divided by DuckDB's time is the best ratio this
#    machine allows; the bench says so when it is above the target.
# 2. Scaling. For each dimension (rows, monitors, subscriptions of 1-3
#    monitors, windows of one flapping monitor under `tiers` and under
#    `prorated`, files in a glob, status-page incidents, status-page
#    snapshots) slacredit runs at sizes N, 2N and 4N (median of RUNS); the
#    growth per doubling is t(2N)/t(N), t its CPU time (user + system: a
#    machine busy with other work changes it less than wall time). A growth
#    above 2.3 fails the bench.
# 3. Memory (BENCH_PARTS=memory; not run by default: it writes a million
#    statements). A roster of 1,000,000 subscriptions of 1-3 monitors each,
#    one outage window per monitor (tests/bench/scale.py subs), run with
#    report.html and the statements, and the same at a tenth of the size;
#    printed: peak RSS, bytes per subscription (peak RSS / N) and per added
#    subscription (the growth from N/10 to N), the outputs' size. Outputs go
#    to BENCH_MEMORY_OUT (default a folder in /dev/shm when it exists: on a
#    disk the fsync of each of a million statements takes most of an hour,
#    and a tmpfs file's pages are not the process's RSS). Target: peak RSS
#    below 300 MiB at 1,000,000 subscriptions. Then the large roster twice
#    with --ledger (a new ledger beside the outputs): the first run records
#    every credit, the replay finds them all already issued; the same
#    target holds for both (the ledger holds no row in memory).
#
# usage: scripts/bench.sh BIN     (make bench runs it)
#
# Data goes to ./bench-data/ (git-ignored) and is regenerated only when
# missing or when its generator changed (stamp files).
# Environment: CC (default gcc); BENCH_SCALE=F (default 1) multiplies the
# anchor's days (at least 1) and every scaling size; BENCH_RUNS=N (default
# 3) runs per measurement, the median kept; BENCH_PARTS="anchor scaling"
# (default both; "memory" is part 3) which parts to run; BENCH_DIMS
# (default all) the scaling dimensions to run; BENCH_STRICT=1 also fails
# (exit 3) when the DuckDB ratio or an RSS target is missed;
# BENCH_SCALE_OUT=DIR where the scaling runs write their outputs
# (default: a folder in /dev/shm when it is writable; "disk": each
# input's own folder, as the anchor does).
# Exit status: 0, 1 on a failed command or a downtime mismatch, 2 when a
# dimension grows more than 2.3x per doubling, 3 (BENCH_STRICT) when a
# target is missed.
set -eu

MONTH=2026-10
FROM=2026-10-01T00:00:00Z
TO=2026-11-01T00:00:00Z
MONITORS=1000
DAYS=31
TARGET_RATIO=0.20  # slacredit / DuckDB median wall time, at most
TARGET_RSS_MB=100  # peak RSS in MiB, below
TARGET_MEMORY_MB=300 # peak RSS in MiB at 1,000,000 subscriptions, below
MEMORY_SUBS=1000000
MAX_GROWTH=2.3     # per doubling of a dimension, at most
DUCKDB_VERSION=1.5.6-r.1
SCALE=${BENCH_SCALE:-1}
RUNS=${BENCH_RUNS:-3}
PARTS=${BENCH_PARTS:-anchor scaling}
DIMS=${BENCH_DIMS:-rows monitors subs flap-tiers flap-prorated files incidents snapshots}

die() {
    echo "bench: $*" >&2
    exit 1
}

case $RUNS in
'' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive integer" ;;
esac
awk -v s="$SCALE" 'BEGIN { exit !(s + 0 > 0 && s + 0 <= 100) }' ||
    die "BENCH_SCALE must be a number above 0, at most 100"
[ $# -eq 1 ] || die "usage: scripts/bench.sh BIN"
BIN=$1
[ -x "$BIN" ] || die "$BIN: slacredit binary not found (run make first)"
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;; # keep it valid after the cd below
esac

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=bench-data
TOOLS=$DATA/bin
LOG=$DATA/log # each timed command's stdout and stderr
DUCK=build/bench-duckdb
CC=${CC:-gcc}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra"
mkdir -p "$TOOLS" "$LOG"

# Arithmetic on decimals via awk (POSIX sh has integers only).
calc() {
    awk "BEGIN { printf $1 }"
}
# The size N scaled by BENCH_SCALE, at least 1.
scaled() {
    calc "\"%d\", ($1 * $SCALE < 1) ? 1 : $1 * $SCALE + 0.5"
}

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
build_tool shafloor -Iinclude tests/bench/shafloor.c src/lib/sha.c \
    src/lib/infile.c src/lib/err.c src/lib/xalloc.c -lcrypto

# Writes the slacredit configuration of a gen.c folder $1.
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

# Generates folder $1 with gen.c ($2 monitors, $3 days) unless its stamp
# says it is current. Files are written into a temporary folder and moved
# into place, so an interrupted run never leaves a truncated input behind.
generate() {
    dir=$1 monitors=$2 days=$3
    stamp="$(cksum < tests/bench/gen.c) monitors=$monitors days=$days"
    if [ -f "$dir/monitoring/probes.csv" ] && [ -f "$dir/subscriptions.csv" ] &&
        [ "$(cat "$dir/.gen-stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    echo "bench: generating $dir ($days days x $monitors monitors)..." >&2
    rm -rf "$dir" "$dir.tmp"
    mkdir -p "$(dirname "$dir")"
    "$TOOLS/gen" "$dir.tmp" "$monitors" "$days" > /dev/null
    write_config "$dir.tmp"
    echo "$stamp" > "$dir.tmp/.gen-stamp"
    mv "$dir.tmp" "$dir"
}

# Generates folder $1 with tests/bench/scale.py (dimension $2, size $3).
generate_scale() {
    dir=$1 dim=$2 n=$3
    stamp="$(cksum < tests/bench/scale.py) $dim $n"
    [ "$(cat "$dir/.gen-stamp" 2>/dev/null)" != "$stamp" ] || return 0
    rm -rf "$dir" "$dir.tmp"
    python3 tests/bench/scale.py "$dim" "$n" "$dir.tmp"
    echo "$stamp" > "$dir.tmp/.gen-stamp"
    mv "$dir.tmp" "$dir"
}

# Runs a command once under runstat, output to $1 and $1.err. Sets t_wall
# (s), t_rss (KiB), t_rc and t_cpu (user + system s).
timed1() {
    out=$1
    shift
    rm -f "$LOG/stat"
    "$TOOLS/runstat" "$LOG/stat" "$@" > "$out" 2> "$out.err" ||
        die "runstat failed: $(cat "$out.err")"
    read -r t_wall t_rss t_rc t_cpu < "$LOG/stat"
}

# The median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { printf "%s", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs slacredit on folder $1 (its bench.ini) into $3 (default $1/out); log
# name $2. Dies when it fails.
slacredit1() {
    out_dir=${3:-$1/out}
    rm -rf "$out_dir"
    timed1 "$LOG/$2.out" "$BIN" run --config "$1/bench.ini" --month "$MONTH" \
        --out "$out_dir" --quiet
    if [ "$t_rc" -ne 0 ]; then
        echo "bench: slacredit failed on $1 (exit $t_rc):" >&2
        head -n 20 "$LOG/$2.out.err" >&2
        exit 1
    fi
}

# Subscriptions with downtime, "id,seconds", sorted, from slacredit's
# decisions in folder $1.
sc_downtime() {
    awk -F, 'NR > 1 && $7 > 0 { print $2 "," $7 }' "$1/out/decisions.csv" |
        LC_ALL=C sort
}

install_duckdb() {
    [ -f "$DUCK/node_modules/@duckdb/node-api/package.json" ] && return 0
    if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
        die "node and npm are needed for the DuckDB anchor (scripts/install-deps.sh --bench)"
    fi
    echo "bench: installing @duckdb/node-api@$DUCKDB_VERSION into $DUCK..." >&2
    mkdir -p "$DUCK"
    npm install --silent --no-audit --no-fund --prefix "$DUCK" \
        "@duckdb/node-api@$DUCKDB_VERSION" > "$LOG/npm.out" 2>&1 ||
        die "npm install failed: $(tail -n 5 "$LOG/npm.out")"
}

fail=0
strict_missed=0

anchor() {
    days=$(calc "\"%d\", ($DAYS * $SCALE < 1) ? 1 : $DAYS * $SCALE + 0.5")
    [ "$days" -le "$DAYS" ] || days=$DAYS
    dir=$DATA/month-$days
    install_duckdb
    generate "$dir" "$MONITORS" "$days"
    probes=$dir/monitoring/probes.csv
    bytes=$(wc -c < "$probes" | tr -d ' ')
    cat "$probes" > /dev/null # warm the page cache for everyone alike

    timed1 "$LOG/wc.out" wc -l "$probes"
    [ "$t_rc" -eq 0 ] || die "wc -l failed"
    rows=$(($(awk '{ print $1 }' "$LOG/wc.out") - 1))
    wc_s=$t_wall
    timed1 "$LOG/csvcount.out" "$TOOLS/csvcount" "$probes"
    [ "$t_rc" -eq 0 ] || die "csvcount failed: $(cat "$LOG/csvcount.out.err")"
    csv_s=$t_wall
    timed1 "$LOG/shafloor.out" "$TOOLS/shafloor" "$probes"
    [ "$t_rc" -eq 0 ] || die "shafloor failed: $(cat "$LOG/shafloor.out.err")"
    sha_s=$t_wall

    sc_times='' dd_times='' sc_cpus='' dd_cpus='' sc_rss=0 dd_rss=0 i=0
    while [ "$i" -lt "$RUNS" ]; do
        slacredit1 "$dir" anchor-slacredit
        sc_times="$sc_times $t_wall"
        sc_cpus="$sc_cpus $t_cpu"
        [ "$t_rss" -le "$sc_rss" ] || sc_rss=$t_rss
        sc_downtime "$dir" > "$LOG/anchor-slacredit.downtime"
        (cd "$dir" && "$ROOT/$TOOLS/runstat" "$ROOT/$LOG/stat" node \
            "$ROOT/tests/bench/duckdb.mjs" "$ROOT/$DUCK" 'monitoring/*.csv' \
            subscriptions.csv "$FROM" "$TO" > "$ROOT/$LOG/anchor-duckdb.out" \
            2> "$ROOT/$LOG/anchor-duckdb.out.err") ||
            die "runstat failed: $(cat "$LOG/anchor-duckdb.out.err")"
        read -r t_wall t_rss t_rc t_cpu < "$LOG/stat"
        [ "$t_rc" -eq 0 ] ||
            die "DuckDB failed (exit $t_rc): $(head -n 20 "$LOG/anchor-duckdb.out.err")"
        dd_times="$dd_times $t_wall"
        dd_cpus="$dd_cpus $t_cpu"
        [ "$t_rss" -le "$dd_rss" ] || dd_rss=$t_rss
        if ! cmp -s "$LOG/anchor-slacredit.downtime" "$LOG/anchor-duckdb.out"; then
            echo "bench: slacredit and DuckDB computed different downtime:" >&2
            diff "$LOG/anchor-slacredit.downtime" "$LOG/anchor-duckdb.out" |
                head -n 20 >&2
            exit 1
        fi
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    sc_s=$(median $sc_times)
    # shellcheck disable=SC2086
    dd_s=$(median $dd_times)
    # shellcheck disable=SC2086
    sc_c=$(median $sc_cpus)
    # shellcheck disable=SC2086
    dd_c=$(median $dd_cpus)
    subs=$(wc -l < "$LOG/anchor-duckdb.out" | tr -d ' ')
    total=$(awk -F, '{ s += $2 } END { printf "%d", s }' "$LOG/anchor-duckdb.out")

    echo "== anchor: the same downtime, slacredit and DuckDB $DUCKDB_VERSION (median of $RUNS, alternating)"
    printf '%-24s %s\n' "rows" "$rows   ($days days x $MONITORS monitors)"
    printf '%-24s %s\n' "bytes" "$(calc "\"%.2f GB (%d)\", $bytes / 1e9, $bytes")"
    printf '%-24s %s\n' "downtime" "$total s in $subs subscriptions, the same in both"
    printf '%-24s %s\n' "wc -l" "$(calc "\"%.2f s\", $wc_s")"
    printf '%-24s %s\n' "libcsv count" "$(calc "\"%.2f s\", $csv_s")"
    printf '%-24s %s\n' "SHA-256 of the input" "$(calc "\"%.2f s   (one core; %.0f MB/s)\", $sha_s, $bytes / $sha_s / 1e6")"
    printf '%-24s %s\n' "DuckDB" "$(calc "\"%.2f s   (runs:%s; CPU %.2f s; peak RSS %.0f MiB)\", $dd_s, \"$dd_times\", $dd_c, $dd_rss / 1024")"
    printf '%-24s %s\n' "slacredit" \
        "$(calc "\"%.2f s   (runs:%s; CPU %.2f s; %.2f M rows/s, %.0f MB/s)\", $sc_s, \"$sc_times\", $sc_c, $rows / $sc_s / 1e6, $bytes / $sc_s / 1e6")"
    ratio=$(calc "\"%.2f\", $sc_s / $dd_s")
    ok=$(calc "\"%d\", $ratio <= $TARGET_RATIO")
    printf '%-24s %sx   (target <= %sx)%s\n' "ratio vs DuckDB" "$ratio" \
        "$TARGET_RATIO" "$([ "$ok" -eq 1 ] || echo '   MISSED')"
    [ "$ok" -eq 1 ] || strict_missed=1
    printf '%-24s %s\n' "CPU time ratio" "$(calc "\"%.2fx   (ns of CPU per row: slacredit %.0f, DuckDB %.0f)\", $sc_c / $dd_c, $sc_c / $rows * 1e9, $dd_c / $rows * 1e9")"
    printf '%-24s %s\n' "ratio vs libcsv count" "$(calc "\"%.2fx\", $sc_s / $csv_s")"
    # manifest.json carries every input's SHA-256, and a file's SHA-256 is
    # one sequential computation: no run can beat this ratio here.
    printf '%-24s %s\n' "floor: SHA-256 alone" "$(calc "\"%.2fx DuckDB\", $sha_s / $dd_s")$(calc "\"%s\", ($sha_s / $dd_s > $TARGET_RATIO) ? \"   (above the target: the target cannot be met on this machine)\" : \"\"")"
    ok=$(calc "\"%d\", $sc_rss / 1024 < $TARGET_RSS_MB")
    printf '%-24s %s   (target < %s MiB)%s\n' "peak RSS" \
        "$(calc "\"%.1f MiB\", $sc_rss / 1024")" "$TARGET_RSS_MB" \
        "$([ "$ok" -eq 1 ] || echo '   MISSED')"
    [ "$ok" -eq 1 ] || strict_missed=1
}

# Base size of each scaling dimension (before BENCH_SCALE); the bench runs
# N, 2N and 4N. rows: days of 1,000 monitors; monitors: monitors for one
# day; the others: see tests/bench/scale.py.
base_size() {
    case $1 in
    rows) echo 2 ;;
    monitors) echo 1000 ;;
    subs) echo 20000 ;;
    flap-tiers) echo 40000 ;;
    flap-prorated) echo 40000 ;;
    files) echo 100 ;;
    incidents) echo 2500 ;;
    snapshots) echo 100 ;;
    *) die "unknown dimension: $1" ;;
    esac
}

# Prepares the input of dimension $1 at size $2 in folder $3.
prepare() {
    case $1 in
    rows)
        [ "$2" -le "$DAYS" ] || die "rows: at most $DAYS days"
        generate "$3" "$MONITORS" "$2"
        ;;
    monitors)
        [ "$2" -le 9999 ] || die "monitors: at most 9999"
        generate "$3" "$2" 1
        ;;
    *) generate_scale "$3" "$1" "$2" ;;
    esac
}

scaling() {
    # The outputs go to a RAM file system when there is one: creating and
    # syncing thousands of statement files on a disk shared with other
    # work takes system time that varies threefold from run to run, which
    # hides how slacredit's own work grows.
    SCALE_OUT=${BENCH_SCALE_OUT-}
    if [ -z "$SCALE_OUT" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
        SCALE_OUT=/dev/shm/slacredit-bench.$$
        trap 'rm -rf "$SCALE_OUT"' EXIT
    fi
    [ "$SCALE_OUT" != disk ] || SCALE_OUT=''
    if [ -n "$SCALE_OUT" ]; then
        mkdir -p "$SCALE_OUT"
        # The pages' temporary file (lib/spill) too: it is written and read
        # back as much as the statements.
        TMPDIR=$SCALE_OUT
        export TMPDIR
        echo "(outputs and temporary files written under $SCALE_OUT)"
    fi
    echo "== scaling: growth of slacredit's CPU time per doubling (median of $RUNS; fails above ${MAX_GROWTH}x)"
    printf '%-14s %9s %9s %9s   %-26s %-7s %s\n' dimension N 2N 4N \
        "CPU seconds (N, 2N, 4N)" growth "peak RSS MiB (4N)"
    for dim in $DIMS; do
        n=$(scaled "$(base_size "$dim")")
        line='' times='' worst=0 size=$n
        for _ in 1 2 3; do
            dir=$DATA/scale/$dim-$size
            prepare "$dim" "$size" "$dir"
            ts='' rss=0 i=0
            while [ "$i" -lt "$RUNS" ]; do
                slacredit1 "$dir" "scale-$dim-$size" \
                    "${SCALE_OUT:-$dir}/out"
                ts="$ts $t_cpu"
                [ "$t_rss" -le "$rss" ] || rss=$t_rss
                i=$((i + 1))
            done
            # shellcheck disable=SC2086
            t=$(median $ts)
            if [ -n "$times" ]; then
                g=$(calc "\"%.2f\", $t / ($prev > 0.001 ? $prev : 0.001)")
                worst=$(calc "\"%s\", ($g > $worst) ? $g : $worst")
            fi
            prev=$t
            times="$times$(calc "\"%.3f \", $t")"
            line="$line$(printf '%9s ' "$size")"
            size=$((size * 2))
        done
        bad=$(calc "\"%d\", ($worst > $MAX_GROWTH)")
        printf '%-14s %s  %-26s %-7s %.1f%s\n' "$dim" "$line" "$times" \
            "${worst}x" "$(calc "\"%.1f\", $rss / 1024")" \
            "$([ "$bad" -eq 0 ] || echo '   FAILED')"
        [ "$bad" -eq 0 ] || fail=1
    done
}

# Runs the memory roster of $1 subscriptions into $2 (with $3, --ledger
# $3 and log name suffix $4); sets m_rss (KiB), m_wall (s) and m_out (KiB
# of outputs).
memory1() {
    dir=$DATA/memory/subs-$1
    generate_scale "$dir" subs "$1"
    rm -rf "$2"
    timed1 "$LOG/memory-$1${4:-}.out" "$BIN" run --config "$dir/bench.ini" \
        --month "$MONTH" --out "$2" ${3:+--ledger "$3"} --quiet
    if [ "$t_rc" -ne 0 ]; then
        echo "bench: slacredit failed on $dir (exit $t_rc):" >&2
        head -n 20 "$LOG/memory-$1${4:-}.out.err" >&2
        exit 1
    fi
    m_rss=$t_rss m_wall=$t_wall
    m_out=$(du -sk "$2" | awk '{ print $1 }')
    rm -rf "$2"
}

memory() {
    n=$(scaled "$MEMORY_SUBS")
    small=$(calc "\"%d\", ($n / 10 < 1) ? 1 : $n / 10")
    mout=${BENCH_MEMORY_OUT:-}
    if [ -z "$mout" ]; then
        if [ -d /dev/shm ] && [ -w /dev/shm ]; then
            mout=/dev/shm/slacredit-bench-memory-$$
        else
            mout=$DATA/memory/out
        fi
    fi
    echo "== memory: peak RSS of a run with report.html and statements (1-3 monitors a subscription, one outage window a monitor)"
    printf '%-14s %12s %14s %14s %9s\n' subscriptions "peak RSS" \
        "bytes/sub" "outputs" "wall"
    for size in $small $n; do
        memory1 "$size" "$mout"
        printf '%-14s %8.1f MiB %14.0f %10.1f MiB %7.1f s\n' "$size" \
            "$(calc "\"%f\", $m_rss / 1024")" \
            "$(calc "\"%f\", $m_rss * 1024 / $size")" \
            "$(calc "\"%f\", $m_out / 1024")" "$m_wall"
        [ "$size" != "$small" ] || small_rss=$m_rss
    done
    if [ "$n" -gt "$small" ]; then
        printf '%-24s %s\n' "per added subscription" \
            "$(calc "\"%.0f bytes (peak RSS growth from %d to %d)\", ($m_rss - $small_rss) * 1024 / ($n - $small), $small, $n")"
    fi
    if [ "$n" -ge "$MEMORY_SUBS" ]; then
        ok=$(calc "\"%d\", $m_rss / 1024 < $TARGET_MEMORY_MB")
        printf '%-24s %s   (target < %s MiB at %s)%s\n' "peak RSS" \
            "$(calc "\"%.1f MiB\", $m_rss / 1024")" "$TARGET_MEMORY_MB" \
            "$MEMORY_SUBS" "$(if [ "$ok" -eq 1 ]; then echo '   met'; else echo '   MISSED'; fi)"
        [ "$ok" -eq 1 ] || strict_missed=1
    fi
    # With a ledger: a first run records every credit, a replay finds them
    # issued. The ledger goes beside the outputs (tmpfs by default).
    mled=$mout.ledger.db
    rm -f "$mled" "$mled-journal"
    for k in first replay; do
        memory1 "$n" "$mout" "$mled" "-ledger-$k"
        ok=$(calc "\"%d\", $m_rss / 1024 < $TARGET_MEMORY_MB")
        printf '%-24s %8.1f MiB %14.0f bytes/sub %7.1f s   (ledger %.0f MiB)%s\n' \
            "--ledger, $k run" "$(calc "\"%f\", $m_rss / 1024")" \
            "$(calc "\"%f\", $m_rss * 1024 / $n")" "$m_wall" \
            "$(calc "\"%f\", $(wc -c <"$mled") / 1048576")" \
            "$(if [ "$n" -lt "$MEMORY_SUBS" ]; then echo; elif [ "$ok" -eq 1 ]; then echo '   met'; else echo '   MISSED'; fi)"
        [ "$n" -lt "$MEMORY_SUBS" ] || [ "$ok" -eq 1 ] || strict_missed=1
    done
    rm -f "$mled" "$mled-journal"
}

for part in $PARTS; do
    case $part in
    anchor) anchor ;;
    scaling) scaling ;;
    memory) memory ;;
    *) die "unknown part in BENCH_PARTS: $part" ;;
    esac
done

if [ "$fail" -ne 0 ]; then
    echo "bench: a dimension grows more than ${MAX_GROWTH}x per doubling" >&2
    exit 2
fi
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$strict_missed" -ne 0 ]; then
    echo "bench: a target was missed" >&2
    exit 3
fi

#!/bin/sh
# End-to-end tests of the slacredit binary, run from the repository root so
# that file names in messages are stable:
#  - tests/e2e/<case>/: one piece of bad input each (config, roster,
#    monitoring, a missing file, the command line). A case holds its inputs,
#    expected.rc, expected.stderr and optionally args: the command line, where
#    @CASE@ stands for the case folder and @OUT@ for a fresh output folder
#    (default: run --config @CASE@/config.ini --month 2026-09 --out @OUT@
#    --quiet). The binary must exit with expected.rc, write exactly
#    expected.stderr, write nothing on stdout, and leave no file in @OUT@.
#    A line "@USAGE@" in expected.stderr stands for the synopsis, the lines
#    of --help before its first blank line.
#  - a monitoring file big enough to be read in two parts in parallel: a bad
#    row in either part is reported at its true line, and a good file gives
#    the same decisions as the same evidence in a small file.
#  - determinism: samples/spec-examples run twice, under other locales and
#    time zones, and from another folder gives byte-identical outputs.
#  - --help and --version.
# Usage: run-tests.sh BIN. Prints each failure and then
# "e2e: N passed, M failed"; exits 1 when anything failed.
set -u

bin=${1:?usage: run-tests.sh BIN}
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() {
    pass=$((pass + 1))
}

bad() {
    echo "FAIL $*"
    fail=$((fail + 1))
}

# True when folder $1 does not exist or is empty.
empty_dir() {
    [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]
}

# The synopsis that usage errors print: --help up to its first blank line.
"$bin" --help 2>/dev/null | awk 'NF == 0 { exit } { print }' >"$tmp/usage"
if [ -s "$tmp/usage" ]; then
    ok
else
    bad "--help prints no synopsis"
fi

# Runs one tests/e2e case.
run_case() {
    dir=$1
    name=$(basename "$dir")
    out=$tmp/out-$name
    if [ -f "$dir/args" ]; then
        args=$(cat "$dir/args")
    else
        args='run --config @CASE@/config.ini --month 2026-09 --out @OUT@ --quiet'
    fi
    args=$(printf '%s\n' "$args" | sed -e "s|@CASE@|$dir|g" -e "s|@OUT@|$out|g")
    set -f
    # shellcheck disable=SC2086 # the args file is split into words
    "$bin" $args >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
    rc=$?
    set +f
    want_rc=$(cat "$dir/expected.rc")
    awk -v usage="$tmp/usage" '
        $0 == "@USAGE@" {
            while ((getline l < usage) > 0)
                print l
            close(usage)
            next
        }
        { print }' "$dir/expected.stderr" >"$tmp/$name.want"
    problems=
    if [ "$rc" != "$want_rc" ]; then
        problems="$problems exit code $rc, want $want_rc;"
    fi
    if ! cmp -s "$tmp/$name.want" "$tmp/$name.stderr"; then
        problems="$problems stderr differs;"
    fi
    if [ -s "$tmp/$name.stdout" ]; then
        problems="$problems wrote to stdout;"
    fi
    if ! empty_dir "$out"; then
        problems="$problems files appeared in the output folder: $(ls -A "$out" | tr '\n' ' ');"
    fi
    if [ -n "$problems" ]; then
        bad "$name:$problems"
        diff -u "$tmp/$name.want" "$tmp/$name.stderr" | sed 's/^/    /'
        sed 's/^/    stdout: /' "$tmp/$name.stdout"
    else
        ok
    fi
}

for dir in tests/e2e/*/; do
    dir=${dir%/}
    [ -f "$dir/expected.rc" ] || continue
    run_case "$dir"
done

# --- Without --strict, run warns on stderr also under --quiet, writes its
# outputs and lists the warning in manifest.json.
w=tests/e2e/strict-misspelt-resource
want_w="$w/subscriptions.csv:3: warning: no monitoring row names this resource: web-l"
if "$bin" run --config "$w/config.ini" --month 2026-09 --out "$tmp/warn" \
    --quiet >"$tmp/warn.stdout" 2>"$tmp/warn.stderr" &&
    [ "$(cat "$tmp/warn.stderr")" = "slacredit: $want_w" ] &&
    [ ! -s "$tmp/warn.stdout" ] &&
    python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(m["warnings"] != [sys.argv[2]])' "$tmp/warn/manifest.json" "$want_w"; then
    ok
else
    bad "run without --strict: warning missing from stderr or manifest.json"
    sed 's/^/    stderr: /' "$tmp/warn.stderr"
fi

# --- measured_seconds: a samples source that covers a small part of
# September (2,592,000 s) under unknown = down. web-1 has one up sample per
# hour of 09-01 (24 h), up samples at 09-15 00:00-03:00 (4 h) and one down
# sample at 09-15 04:00 (1 h): 29 h = 104,400 s measured (4.03 %), and all
# but the 28 up hours down: 2,592,000 - 100,800 = 2,491,200 s, uptime
# 100,800 / 2,592,000 = 3.8888 %. sub-2 starts 09-15 02:00: A is 15 d 22 h
# = 1,375,200 s, of which 02:00-05:00 is measured (10,800 s) and all but
# 02:00-04:00 down (1,368,000 s, uptime 0.5235 %).
cov=$tmp/coverage
mkdir -p "$cov/monitoring"
cat >"$cov/config.ini" <<'EOF'
[roster]
path = subscriptions.csv

[monitoring "probes"]
path = monitoring/*.csv
format = samples
time_column = timestamp
resource_column = monitor
status_column = status
down_pattern = ^down$
interval = 1h
unknown = down

[policy "uptime"]
kind = tiers
tier = 99.9 10
EOF
cat >"$cov/subscriptions.csv" <<'EOF'
subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,payment_method,starts_at,ends_at,resources
sub-1,cust-1,pro,uptime,20.00,EUR,subscription,card,2026-01-01T00:00:00Z,,web-1
sub-2,cust-2,pro,uptime,20.00,EUR,subscription,card,2026-09-15T02:00:00Z,,web-1
EOF
{
    echo timestamp,monitor,status
    for h in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 \
        20 21 22 23; do
        echo "2026-09-01T$h:00:00Z,web-1,up"
    done
    for h in 00 01 02 03; do
        echo "2026-09-15T$h:00:00Z,web-1,up"
    done
    echo 2026-09-15T04:00:00Z,web-1,down
} >"$cov/monitoring/probes.csv"
if "$bin" run --config "$cov/config.ini" --month 2026-09 --out "$cov/out" \
    --quiet 2>"$tmp/cov.stderr" &&
    python3 -c 'import csv, sys
rows = {r["subscription_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
got = [(r["outcome"], r["uptime_percent"], r["downtime_seconds"],
        r["active_seconds"], r.get("measured_seconds"))
       for r in (rows["sub-1"], rows["sub-2"])]
sys.exit(got != [("credited", "3.8888", "2491200", "2592000", "104400"),
                 ("credited", "0.5235", "1368000", "1375200", "10800")])' \
        "$cov/out/decisions.csv"; then
    ok
else
    bad "unknown = down on a sparse source: decisions.csv does not show the measured time"
    sed 's/^/    /' "$tmp/cov.stderr" "$cov/out/decisions.csv" 2>/dev/null
fi
rm -rf "$cov"

# --- A monitoring file read in two parts (monitor.c splits files of 32 MiB
# and more when there are two processors). Line 1 is the header, lines 2-3
# one row with a quoted newline, then one row per line up to line $rows.
big=$tmp/big
mkdir -p "$big/monitoring"
cat >"$big/config.ini" <<'EOF'
[roster]
path = subscriptions.csv

[monitoring "probes"]
path = monitoring/*.csv
format = samples
time_column = timestamp
resource_column = monitor
status_column = status
down_pattern = ^down$
interval = 60s

[policy "uptime"]
kind = tiers
tier = 99.9 10
EOF
cat >"$big/subscriptions.csv" <<'EOF'
subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,payment_method,starts_at,ends_at,resources
sub-1,cust-1,pro,uptime,20.00,EUR,subscription,card,2026-01-01T00:00:00Z,,web-1
EOF
rows=1300000

# make_big BAD STRADDLE writes the big file: a row with a bad timestamp on
# line BAD (0: none); with STRADDLE 1, one quoted field of 20,000 lines from
# line 640,000, across the middle of the file where the reader splits it
# (about byte 19,240,000 of 38,480,000), so the first part does not end on
# a record boundary. Down samples on lines 10 and 1,250,000: 06:00 on the
# 10th and 12:00 on the 20th.
make_big() {
    awk -v n=$rows -v bad="$1" -v straddle="$2" '
    function row(text) {
        print text
        line++
    }
    BEGIN {
        row("timestamp,monitor,status")
        row("2026-09-01T00:00:00Z,web-1,\"up")
        row("still\"")
        while (line < n) {
            if (line + 1 == bad) {
                row("2026-09-10T06:0X:00Z,web-1,up")
            } else if (line + 1 == 10) {
                row("2026-09-10T06:00:00Z,web-1,down")
            } else if (line + 1 == 1250000) {
                row("2026-09-20T12:00:00Z,web-1,down")
            } else if (straddle && line + 1 == 640000) {
                row("2026-09-01T00:00:00Z,web-1,\"up")
                for (k = 0; k < 20000; k++)
                    row("x,y")
                row("\"")
            } else {
                row("2026-09-01T00:00:00Z,web-1,up")
            }
        }
    }' >"$big/monitoring/probes.csv"
}

for variant in "1200000 0" "300000 0" "1200000 1"; do
    set -- $variant
    make_big "$1" "$2"
    "$bin" run --config "$big/config.ini" --month 2026-09 --out "$big/out" \
        --quiet >/dev/null 2>"$tmp/big.stderr"
    rc=$?
    want="slacredit: $big/monitoring/probes.csv:$1: timestamp: not an ISO 8601 instant: 2026-09-10T06:0X:00Z"
    if [ $rc = 65 ] && [ "$(cat "$tmp/big.stderr")" = "$want" ] &&
        empty_dir "$big/out"; then
        ok
    else
        bad "big file, bad row on line $1 (straddle $2): exit code $rc, stderr:"
        sed 's/^/    /' "$tmp/big.stderr"
        echo "    want: $want"
    fi
done

# Good big files against the same evidence in a small file: two down
# samples of 60 s, so 120 s down (uptime 2,591,880 / 2,592,000 = 99.9953 %).
small=$tmp/small
mkdir -p "$small/monitoring"
cp "$big/config.ini" "$big/subscriptions.csv" "$small/"
printf '%s\n' timestamp,monitor,status 2026-09-10T06:00:00Z,web-1,down \
    2026-09-20T12:00:00Z,web-1,down 2026-09-01T00:00:00Z,web-1,up \
    >"$small/monitoring/probes.csv"
"$bin" run --config "$small/config.ini" --month 2026-09 --out "$small/out" \
    --quiet 2>"$tmp/small.stderr" ||
    bad "small file: slacredit failed: $(cat "$tmp/small.stderr")"
for straddle in 0 1; do
    make_big 0 $straddle
    rm -rf "$big/out"
    if "$bin" run --config "$big/config.ini" --month 2026-09 \
        --out "$big/out" --quiet 2>"$tmp/big.stderr" &&
        cmp -s "$big/out/decisions.csv" "$small/out/decisions.csv" &&
        cmp -s "$big/out/windows.csv" "$small/out/windows.csv" &&
        grep -q '^2026-09,sub-1,cust-1,uptime,above_threshold,99.9953,120,2592000,' \
            "$big/out/decisions.csv"; then
        ok
    else
        bad "big file (straddle $straddle): decisions differ from the small file's, or the run failed"
        sed 's/^/    /' "$tmp/big.stderr"
        diff -u "$small/out/decisions.csv" "$big/out/decisions.csv" 2>&1 |
            sed 's/^/    /'
    fi
done
rm -rf "$big" "$small"

# --- Determinism: the same inputs give byte-identical outputs, whatever the
# locale, the time zone or the folder slacredit runs in.
spec=samples/spec-examples
month=$(cat "$spec/month")
det=$tmp/det
run_spec() { # run_spec OUTDIR [env assignments...]
    o=$1
    shift
    env "$@" "$bin" run --config "$spec/config.ini" --month "$month" \
        --out "$o" --quiet
}
if run_spec "$det/a" 2>"$tmp/det.stderr"; then
    ok
else
    bad "determinism: slacredit failed on $spec"
    sed 's/^/    /' "$tmp/det.stderr"
fi
# Compares the output folder $2 with $det/a; $1 names the variation.
same_outputs() {
    if [ "$(ls "$det/a")" != "$(ls "$2")" ]; then
        bad "determinism ($1): other files: $(ls "$2" | tr '\n' ' ')"
        return
    fi
    for f in credits.csv decisions.csv windows.csv manifest.json; do
        if [ ! -f "$det/a/$f" ] || ! cmp -s "$det/a/$f" "$2/$f"; then
            bad "determinism ($1): $f differs"
            diff -u "$det/a/$f" "$2/$f" 2>&1 | head -20 | sed 's/^/    /'
            return
        fi
    done
    ok
}
run_spec "$det/b" 2>/dev/null
same_outputs "a second run" "$det/b"
run_spec "$det/c" LC_ALL=C.UTF-8 TZ=Pacific/Chatham 2>/dev/null
same_outputs "LC_ALL=C.UTF-8 TZ=Pacific/Chatham" "$det/c"
run_spec "$det/d" LC_ALL=de_DE.UTF-8 LANG=fr_FR.UTF-8 TZ=America/St_Johns \
    2>/dev/null
same_outputs "LC_ALL=de_DE.UTF-8 TZ=America/St_Johns" "$det/d"
run_spec "$det/e" LC_ALL=POSIX TZ=UTC 2>/dev/null
same_outputs "LC_ALL=POSIX" "$det/e"
(cd "$tmp" && "$bin" run --config "$top/$spec/config.ini" --month "$month" \
    --out "$det/f" --quiet 2>/dev/null)
same_outputs "another folder, absolute config path" "$det/f"

# --- Hostile input that needs the shell: empty, long and symlinked --out,
# a FIFO as the config, a huge line of commas, a file name that is not
# UTF-8, staging folders left by killed runs.
h=$tmp/hostile
mkdir -p "$h"
# expect_refusal NAME RC TEXT CMD...: CMD exits RC within 20 s, its stderr
# holds TEXT, its stdout is empty.
expect_refusal() {
    name=$1 want=$2 text=$3
    shift 3
    timeout 20 "$@" >"$h/stdout" 2>"$h/stderr"
    rc=$?
    if [ $rc = "$want" ] && grep -qF -- "$text" "$h/stderr" &&
        [ ! -s "$h/stdout" ]; then
        ok
    else
        bad "$name: exit $rc (want $want), stderr: $(head -c 300 "$h/stderr")"
    fi
}
expect_refusal "--out ''" 64 "slacredit: --out: empty folder name" \
    "$bin" run --config "$spec/config.ini" --month "$month" --out ""
long=$h/$(printf '%05000d' 0)
expect_refusal "--out of 5,000 bytes" 64 "--out: folder name longer than" \
    "$bin" run --config "$spec/config.ini" --month "$month" --out "$long"
# --out naming a symlink to an earlier output folder: refused, and the
# folder it points to keeps its files.
"$bin" run --config "$spec/config.ini" --month "$month" --out "$h/real" \
    --quiet 2>/dev/null
ln -s real "$h/link"
expect_refusal "--out symlink" 73 "$h/link: is a symbolic link" \
    "$bin" run --config "$spec/config.ini" --month "$month" --out "$h/link" \
    --quiet
if [ -f "$h/real/credits.csv" ] && [ -L "$h/link" ]; then
    ok
else
    bad "--out symlink: the folder it points to lost its files"
fi
# A FIFO with no writer as the config: refused at once, never a hang.
mkfifo "$h/fifo.ini"
expect_refusal "FIFO config" 66 "$h/fifo.ini: not a regular file: a FIFO" \
    "$bin" run --config "$h/fifo.ini" --month "$month" --out "$h/o1" --quiet
# A roster of one 100 MB line of commas: refused at its line 2 with memory
# bounded by the record limit (it once took 2.3 GB).
mkdir -p "$h/wide"
cp -r "$spec/config.ini" "$spec/monitoring" "$h/wide/"
{
    head -n 1 "$spec/subscriptions.csv"
    head -c 100000000 /dev/zero | tr '\0' ','
    echo
} >"$h/wide/subscriptions.csv"
python3 - "$bin" "$h/wide" "$month" >"$h/wide.out" 2>&1 <<'PY'
import resource, subprocess, sys
bin, d, month = sys.argv[1:]
p = subprocess.run([bin, "run", "--config", d + "/config.ini", "--month",
                    month, "--out", d + "/out", "--quiet"],
                   capture_output=True, text=True, timeout=120)
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(p.returncode, kb, p.stderr.strip())
PY
read -r wrc wkb wmsg <"$h/wide.out"
if [ "$wrc" = 65 ] && [ "$wkb" -lt 300000 ] &&
    [ "$wmsg" = "slacredit: $h/wide/subscriptions.csv:2: record too long: a field passes 1048576 bytes, the record 4194304 bytes or 65536 fields" ]; then
    ok
else
    bad "100 MB line of commas: $(cat "$h/wide.out") (want 65, < 300000 KiB)"
fi
rm -f "$h/wide/subscriptions.csv"
# An input whose name is not UTF-8 is listed in manifest.json, its bytes
# from 0x80 up written as \xHH, and the manifest stays valid JSON.
mkdir -p "$h/utf/monitoring"
cp "$spec/config.ini" "$spec/subscriptions.csv" "$h/utf/"
cp "$spec/monitoring/outages.csv" "$(printf '%s/utf/monitoring/out\377ages.csv' "$h")"
if "$bin" run --config "$h/utf/config.ini" --month "$month" --out "$h/utf/out" \
    --quiet 2>"$h/utf.err" &&
    python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
want = "monitoring/out" + chr(92) + "xFFages.csv"
sys.exit(0 if any(f["path"] == want for f in m["inputs"]) else 1)
' "$h/utf/out/manifest.json"; then
    ok
else
    bad "non-UTF-8 input name: not in manifest.json as monitoring/out\\xFFages.csv: $(cat "$h/utf.err")"
fi
# Staging folders: one of a dead process is removed, one of a live process
# and one not of the pattern stay.
sh -c 'exit 0' &
dead=$!
wait $dead
mkdir -p "$h/st/out.tmp-$dead" "$h/st/out.tmp-$$" "$h/st/out.tmp-x1"
touch "$h/st/out.tmp-$dead/credits.csv" "$h/st/out.tmp-$$/credits.csv"
if "$bin" run --config "$spec/config.ini" --month "$month" --out "$h/st/out" \
    --quiet 2>/dev/null && [ ! -e "$h/st/out.tmp-$dead" ] &&
    [ -f "$h/st/out.tmp-$$/credits.csv" ] && [ -d "$h/st/out.tmp-x1" ] &&
    [ -f "$h/st/out/credits.csv" ]; then
    ok
else
    bad "stale staging folders: $(ls "$h/st" | tr '\n' ' ')"
fi

# --- --help and --version: stdout, exit 0, nothing on stderr.
for opt in --help -h; do
    "$bin" $opt >"$tmp/help.out" 2>"$tmp/help.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$tmp/help.err" ] &&
        head -n 1 "$tmp/help.out" | grep -q '^usage: slacredit run ' &&
        grep -q 'exit codes' "$tmp/help.out" &&
        grep -q '78 bad config' "$tmp/help.out"; then
        ok
    else
        bad "$opt: exit code $rc, or not the help on stdout"
    fi
done
version=$(sed -n 's/^#define SLACREDIT_VERSION "\(.*\)"$/\1/p' include/lib/version.h)
for opt in --version -V; do
    "$bin" $opt >"$tmp/version.out" 2>"$tmp/version.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$tmp/version.err" ] && [ -n "$version" ] &&
        [ "$(cat "$tmp/version.out")" = "slacredit $version" ]; then
        ok
    else
        bad "$opt: exit code $rc, output $(cat "$tmp/version.out"), want slacredit $version"
    fi
done
if [ -f "$det/a/manifest.json" ] &&
    grep -q "\"version\": \"$version\"" "$det/a/manifest.json"; then
    ok
else
    bad "manifest.json does not record version $version"
fi

# --- check says what each monitoring source read. samples/hosted-monitors,
# counted in its JSON files: UptimeRobot 6 log entries (types 98 99 2 1 98
# 98: one down), Pingdom 5 states (one down), StatusCake 4 periods (two
# down), one file each, every monitor named by a subscription.
h=samples/hosted-monitors
if "$bin" check --config "$h/config.ini" >"$tmp/check.out" 2>"$tmp/check.err" &&
    [ "$(grep '^slacredit: \[monitoring' "$tmp/check.out")" = 'slacredit: [monitoring "uptimerobot"] format = uptimerobot: 6 row(s) in 1 file(s), 1 down, 0 of unknown resources skipped
slacredit: [monitoring "pingdom"] format = pingdom: 5 row(s) in 1 file(s), 1 down, 0 of unknown resources skipped
slacredit: [monitoring "statuscake"] format = statuscake: 4 row(s) in 1 file(s), 2 down, 0 of unknown resources skipped' ]; then
    ok
else
    bad "check: what each monitoring source read is missing or wrong"
    sed 's/^/    stdout: /' "$tmp/check.out"
fi

echo "e2e: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# Replays that never pay twice (SPEC §5-§7): determinism, the ledger, crash
# safety. Runs the real binary on copies of samples/ in a temp folder.
#   tests/replay/run.sh BIN FAULTS_BIN
# BIN is slacredit; FAULTS_BIN the same program built with the test-only
# fault switch (SLACREDIT_FAULT=write|fsync|rename:N fails the Nth call).
# Prints "replay: N passed, M failed" and exits non-zero on any failure.
set -eu

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fbin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
check_manifest="$top/scripts/check-manifest.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() {
    pass=$((pass + 1))
}

bad() {
    echo "FAIL replay: $*"
    fail=$((fail + 1))
}

# same_files A B FILES...: the named files are byte-identical in A and B.
same_files() {
    a=$1
    b=$2
    shift 2
    for f in "$@"; do
        cmp -s "$a/$f" "$b/$f" || return 1
    done
}

OUTS="credits.csv decisions.csv windows.csv"

# A private copy of the small-host sample, with outputs in $tmp.
cp -r "$top/samples/small-host" "$tmp/s"
cfg="$tmp/s/config.ini"
month=$(cat "$tmp/s/month")

# --- Determinism --------------------------------------------------------
"$bin" run --config "$cfg" --month "$month" --out "$tmp/d1" --quiet
"$bin" run --config "$cfg" --month "$month" --out "$tmp/d2" --quiet
if same_files "$tmp/d1" "$tmp/d2" $OUTS manifest.json; then ok; else
    bad "a replay is not byte-identical"; fi

LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 TZ=Pacific/Kiritimati \
    "$bin" run --config "$cfg" --month "$month" --out "$tmp/d3" --quiet
LC_ALL=C TZ=America/Los_Angeles \
    "$bin" run --config "$cfg" --month "$month" --out "$tmp/d4" --quiet
if same_files "$tmp/d1" "$tmp/d3" $OUTS manifest.json &&
    same_files "$tmp/d1" "$tmp/d4" $OUTS manifest.json; then ok; else
    bad "LC_ALL or TZ changes the outputs"; fi

# Shuffle the rows of every monitoring file (header kept first) and rename
# the files so the glob sees them in another order.
cp -r "$top/samples/small-host" "$tmp/shuf"
python3 - "$tmp/shuf" <<'EOF'
import os, random, sys
root = sys.argv[1]
rng = random.Random(20261121)
for dirpath, _, files in os.walk(os.path.join(root, "monitoring")):
    for name in sorted(files):
        path = os.path.join(dirpath, name)
        data = open(path, "rb").read()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data[3:] if bom else data
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith(b"\n"):
            lines[-1] += b"\r\n" if b"\r\n" in text else b"\n"
        head, body = lines[:1], lines[1:]
        rng.shuffle(body)
        os.remove(path)
        new = os.path.join(dirpath, "zz-" + name if rng.random() < 0.5 else "0-" + name)
        open(new, "wb").write((b"\xef\xbb\xbf" if bom else b"") + b"".join(head + body))
EOF
"$bin" run --config "$tmp/shuf/config.ini" --month "$month" --out "$tmp/d5" --quiet
if same_files "$tmp/d1" "$tmp/d5" $OUTS; then ok; else
    bad "shuffled rows or files change the outputs"; fi

# --- The ledger ---------------------------------------------------------
led="$tmp/ledger.csv"
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l1" --ledger "$led" --quiet
issued=$(($(wc -l <"$tmp/l1/credits.csv") - 1))
lines=$(($(wc -l <"$led") - 1))
if [ "$issued" -gt 0 ] && [ "$lines" -eq "$issued" ]; then ok; else
    bad "first run: $issued credits but $lines ledger lines"; fi

"$bin" run --config "$cfg" --month "$month" --out "$tmp/l2" --ledger "$led" --quiet
again=$(($(wc -l <"$tmp/l2/credits.csv") - 1))
already=$(grep -c ',already_issued,' "$tmp/l2/decisions.csv" || true)
lines2=$(($(wc -l <"$led") - 1))
if [ "$again" -eq 0 ] && [ "$already" -eq "$issued" ] && [ "$lines2" -eq "$lines" ]; then ok; else
    bad "second run: $again credits, $already already_issued (want 0 and $issued), ledger $lines2 lines"; fi

# An edited incident: acme-shop's web-1 gets a further 6 h outage, which
# moves it from the 10 % tier (7,500 s down, uptime 99.7199 %) to 25 %
# (29,100 s, 1 - 29,100 / 2,678,400 = 98.9135 %): 49.00 EUR × 25 % = 12.25 EUR
# against 4.90 EUR issued, a correction of +7.35 EUR.
base=$(grep '^2026-10:acme-shop:' "$tmp/l1/credits.csv" | cut -d, -f7)
printf 'checked_at,monitor,location,status,latency_ms\n' >"$tmp/s/monitoring/probes/zz-late.csv"
python3 - "$tmp/s/monitoring/probes/zz-late.csv" <<'EOF'
import sys, datetime
f = open(sys.argv[1], "a")
t = datetime.datetime(2026, 10, 28, 0, 0, tzinfo=datetime.timezone.utc)
for i in range(72):  # 72 samples of 5 min = 6 h
    f.write((t + datetime.timedelta(minutes=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ") + ",web-1,fra,down,0\n")
EOF
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l3" --ledger "$led" --quiet
cp "$tmp/s/monitoring/probes/zz-late.csv" "$tmp/late.csv"
corr=$(grep '^2026-10:acme-shop:kerabie-tiers:r1,' "$tmp/l3/credits.csv" | cut -d, -f7 || true)
if [ "$base" = 490 ] && [ "$corr" = 735 ] &&
    [ "$(($(wc -l <"$tmp/l3/credits.csv") - 1))" -eq 1 ]; then ok; else
    bad "edited incident: issued '$base' (want 490), correction '$corr' (want 735)"; fi

# A second edit takes that outage back out: the credit falls back to
# 4.90 EUR, and the correction :r2 is 4.90 - 12.25 = -7.35 EUR.
rm "$tmp/s/monitoring/probes/zz-late.csv"
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l4" --ledger "$led" --quiet
corr2=$(grep '^2026-10:acme-shop:kerabie-tiers:r2,' "$tmp/l4/credits.csv" | cut -d, -f7 || true)
if [ "$corr2" = -735 ]; then ok; else
    bad "second edit: correction :r2 is '$corr2', want -735"; fi

# A damaged ledger line stops the run with its line number, exit 65.
python3 - "$led" "$tmp/damaged.csv" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
f = lines[2].split(",")
f[4] = str(int(f[4]) + 1)  # line 3's amount, checksum left as it was
lines[2] = ",".join(f)
open(sys.argv[2], "w").write("\n".join(lines))
EOF
set +e
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l5" --ledger "$tmp/damaged.csv" --quiet 2>"$tmp/err"
rc=$?
set -e
if [ $rc -eq 65 ] && grep -q "damaged.csv:3: damaged ledger line: checksum does not match" "$tmp/err" &&
    [ ! -e "$tmp/l5" ]; then ok; else
    bad "damaged ledger: exit $rc, stderr: $(cat "$tmp/err")"; fi

# Two concurrent runs against one ledger are serialised: the second waits
# for the first and then finds everything issued.
cp -r "$top/samples/small-host" "$tmp/c"
led2="$tmp/ledger2.csv"
"$bin" run --config "$tmp/c/config.ini" --month "$month" --out "$tmp/c1" --ledger "$led2" --quiet &
p1=$!
"$bin" run --config "$tmp/c/config.ini" --month "$month" --out "$tmp/c2" --ledger "$led2" --quiet &
p2=$!
wait $p1
wait $p2
n1=$(($(wc -l <"$tmp/c1/credits.csv") - 1))
n2=$(($(wc -l <"$tmp/c2/credits.csv") - 1))
nl=$(($(wc -l <"$led2") - 1))
if [ $((n1 + n2)) -eq "$issued" ] && [ "$nl" -eq "$issued" ] &&
    { [ "$n1" -eq 0 ] || [ "$n2" -eq 0 ]; }; then ok; else
    bad "concurrent runs: $n1 + $n2 credits, ledger $nl lines (want $issued in one run)"; fi

# --- Crash safety: fail every write, fsync and rename in turn ------------
# State before: a complete output folder and ledger from the unedited month.
# The run under test sees one more outage (a correction is due). After each
# failed run the folder must hold the old or the new complete outputs, and
# the ledger may name the new adjustments only if the new outputs are there.
cp -r "$top/samples/small-host" "$tmp/f"
fled="$tmp/fledger.csv"
"$bin" run --config "$tmp/f/config.ini" --month "$month" --out "$tmp/fout" --ledger "$fled" --quiet
cp -r "$tmp/fout" "$tmp/fold"
cp "$fled" "$tmp/fled.old"
cp "$tmp/late.csv" "$tmp/f/monitoring/probes/zz-late.csv"
cp "$fled" "$tmp/fled.ref"
"$bin" run --config "$tmp/f/config.ini" --month "$month" --out "$tmp/fnew" --ledger "$tmp/fled.ref" --quiet
cp "$tmp/fled.ref" "$tmp/fled.new"
faults=0
fbad=0
for op in write fsync rename; do
    n=1
    while :; do
        rm -rf "$tmp/fout"
        cp -r "$tmp/fold" "$tmp/fout"
        cp "$tmp/fled.old" "$fled"
        set +e
        SLACREDIT_FAULT="$op:$n" "$fbin" run --config "$tmp/f/config.ini" --month "$month" \
            --out "$tmp/fout" --ledger "$fled" --quiet 2>"$tmp/ferr"
        rc=$?
        set -e
        if same_files "$tmp/fout" "$tmp/fold" $OUTS manifest.json; then
            state=old
        elif same_files "$tmp/fout" "$tmp/fnew" $OUTS manifest.json; then
            state=new
        else
            state=mixed
        fi
        if cmp -s "$fled" "$tmp/fled.old"; then
            lstate=old
        elif cmp -s "$fled" "$tmp/fled.new"; then
            lstate=new
        else
            lstate=other
        fi
        stray=$(ls "$tmp" | grep -c '^fout\.tmp-' || true)
        if [ $state = mixed ] || [ $lstate = other ] ||
            { [ $lstate = new ] && [ $state = old ]; } || [ "$stray" -ne 0 ] ||
            { [ $rc -ne 0 ] && ! grep -q '^slacredit: ' "$tmp/ferr"; }; then
            fbad=$((fbad + 1))
            echo "  $op:$n: exit $rc, outputs $state, ledger $lstate, stray $stray"
        fi
        faults=$((faults + 1))
        [ $rc -eq 0 ] && break
        n=$((n + 1))
        [ $n -gt 100 ] && { fbad=$((fbad + 1)); echo "  $op never stops failing"; break; }
    done
done
if [ $fbad -eq 0 ] && [ $faults -ge 10 ]; then ok; else
    bad "fault injection: $fbad of $faults runs left an inconsistent state"; fi
echo "replay: fault injection ran $faults runs"

# --- Crash safety: kill -9 at random moments during a large month --------
big="$tmp/big"
mkdir -p "$big/bin"
cc -O2 -o "$big/bin/gen" "$top/tests/bench/gen.c"
"$big/bin/gen" "$big" 150 31 >/dev/null
cat >"$big/big.ini" <<'EOF'
[roster]
path = subscriptions.csv

[monitoring "probes"]
path = monitoring/*.csv
format = samples
time_column = timestamp
resource_column = monitor_id
status_column = status
down_pattern = ^down$
interval = 60s

[policy "tiers"]
kind = tiers
tier = 99.9 10
tier = 99.0 25
tier = 95.0 50

[policy "perday"]
kind = per_day

[policy "prorated"]
kind = prorated
EOF
bled="$big/ledger.csv"
"$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" --ledger "$bled" --quiet
cp -r "$big/out" "$big/old"
cp "$bled" "$big/led.old"
# New evidence: every monitor down for an hour on 2026-10-30.
python3 - "$big/monitoring/zz-late.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("timestamp,monitor_id,status,response_ms\n")
    for m in range(1, 151):
        for i in range(60):
            f.write("2026-10-30T12:%02d:00Z,m%04d,down,0\n" % (i, m))
EOF
cp "$big/led.old" "$big/led.ref"
start=$(date +%s%N)
"$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/new" --ledger "$big/led.ref" --quiet
took=$((($(date +%s%N) - start) / 1000000))
kbad=0
kills=0
for seed in 1 2 3 4 5 6 7 8; do
    rm -rf "$big/out"
    cp -r "$big/old" "$big/out"
    cp "$big/led.old" "$bled"
    delay=$(python3 -c "import random; r=random.Random($seed); print('%.3f' % (r.uniform(0.05, 1.1) * $took / 1000))")
    "$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" --ledger "$bled" --quiet &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    kills=$((kills + 1))
    if same_files "$big/out" "$big/old" $OUTS manifest.json; then
        state=old
    elif same_files "$big/out" "$big/new" $OUTS manifest.json; then
        state=new
    else
        state=mixed
    fi
    if cmp -s "$bled" "$big/led.old"; then
        lstate=old
    elif cmp -s "$bled" "$big/led.ref"; then
        lstate=new
    else
        lstate=other
    fi
    if [ $state = mixed ] || [ $lstate = other ] || { [ $lstate = new ] && [ $state = old ]; } ||
        ! python3 "$check_manifest" "$big/out"; then
        kbad=$((kbad + 1))
        echo "  kill after ${delay}s: outputs $state, ledger $lstate"
    fi
    rm -rf "$big"/out.tmp-*
done
if [ $kbad -eq 0 ]; then ok; else
    bad "kill -9: $kbad of $kills runs left an inconsistent state"; fi
echo "replay: kill -9 at random moments of a ${took} ms run, $kills times"

echo "replay: $pass passed, $fail failed"
[ $fail -eq 0 ]

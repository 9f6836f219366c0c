#!/bin/sh
# Replays that never pay twice (SPEC §5-§7): determinism, the ledger, crash
# safety. Runs the real binary on copies of samples/ in a temp folder.
#   tests/replay/run.sh BIN FAULTS_BIN
# BIN is slacredit; FAULTS_BIN the same program built with the test-only
# fault switch (fault.h: SLACREDIT_FAULT=write|fsync|rename|ledger:N fails
# the Nth call; SLACREDIT_KILL_AT, SLACREDIT_PAUSE and SLACREDIT_MARK act
# at the named moments of the ledger protocol). KILLS (default 60) sets how
# many kill -9 runs the crash test makes; the ASan build runs fewer.
# Prints "replay: N passed, M failed" and exits non-zero on any failure.
set -eu

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fbin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
check_manifest="$top/scripts/check-manifest.py"
state="$top/tests/replay/ledger_state.py"
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

# --- The snapshot index is checked, not trusted, by check ---------------
# A run writes .statuspage-index beside the snapshots; an entry edited to
# leave out a record copy is what `run` would trust. `check` parses every
# snapshot, warns of the entry and replaces it (a second check is quiet);
# under --strict the same edit is exit 65.
cp -r "$top/samples/statuspage-weighted" "$tmp/spx"
spcfg="$tmp/spx/config.ini"
spmonth=$(cat "$tmp/spx/month")
"$bin" run --config "$spcfg" --month "$spmonth" --out "$tmp/spx-o" --quiet
spidx=$(find "$tmp/spx" -name .statuspage-index | head -n 1)
sp_tamper() {
    # deletes the first record line (R<TAB>id<TAB>updated_at) of the index
    python3 -c 'import sys,re; p=sys.argv[1]; t=open(p).read(); open(p,"w").write(re.sub(r"(?m)^R\t[^\n]*\n", "", t, count=1))' "$spidx"
}
if [ -z "$spidx" ] || ! grep -q "$(printf '^R\t')" "$spidx"; then
    bad "no .statuspage-index with a record line after a run"
else
    sp_tamper
    rc=0
    "$bin" check --config "$spcfg" --quiet 2>"$tmp/spx-c1" || rc=$?
    "$bin" check --config "$spcfg" --quiet 2>"$tmp/spx-c2" || rc=$((rc + $?))
    if [ $rc -eq 0 ] && grep -q 'warning: \[statuspage "[^"]*"\]: the .statuspage-index entry of this snapshot' "$tmp/spx-c1" &&
        ! grep -q 'statuspage-index' "$tmp/spx-c2"; then ok; else
        bad "check did not find and repair an edited snapshot index (exit $rc)"; cat "$tmp/spx-c1" "$tmp/spx-c2"; fi
    sp_tamper
    rc=0
    "$bin" check --config "$spcfg" --quiet --strict 2>"$tmp/spx-c3" || rc=$?
    if [ $rc -eq 65 ] && grep -q '^slacredit: --strict: 1 warning(s)' "$tmp/spx-c3"; then ok; else
        bad "check --strict on an edited snapshot index: exit $rc, want 65"; cat "$tmp/spx-c3"; fi
fi

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
# rows LEDGER: adjustments in the ledger (all runs).
rows() {
    sqlite3 "$1" 'SELECT count(*) FROM adjustments'
}
# csvrows FILE: data rows of a CSV file.
csvrows() {
    echo $(($(wc -l <"$1") - 1))
}
# runx ARGS...: runs slacredit, leaving its exit code in $rc and stderr in
# $tmp/err.
runx() {
    set +e
    "$bin" "$@" 2>"$tmp/err"
    rc=$?
    set -e
}

led="$tmp/ledger.db"
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l1" --ledger "$led" --quiet
issued=$(csvrows "$tmp/l1/credits.csv")
if [ "$issued" -gt 0 ] && [ "$(rows "$led")" -eq "$issued" ] &&
    [ "$(sqlite3 "$led" 'PRAGMA application_id; SELECT version FROM schema_version')" = "1397506898
1" ]; then ok; else
    bad "first run: $issued credits but $(rows "$led") ledger rows"; fi

"$bin" run --config "$cfg" --month "$month" --out "$tmp/l2" --ledger "$led" --quiet
again=$(csvrows "$tmp/l2/credits.csv")
already=$(grep -c ',already_issued,' "$tmp/l2/decisions.csv" || true)
if [ "$again" -eq 0 ] && [ "$already" -eq "$issued" ] && [ "$(rows "$led")" -eq "$issued" ]; then ok; else
    bad "second run: $again credits, $already already_issued (want 0 and $issued)"; fi

# The export is the auditors' view: one row per adjustment, stable.
"$bin" ledger export --ledger "$led" >"$tmp/export1.csv"
"$bin" ledger export --ledger "$led" >"$tmp/export2.csv"
if cmp -s "$tmp/export1.csv" "$tmp/export2.csv" &&
    [ "$(csvrows "$tmp/export1.csv")" -eq "$issued" ] &&
    head -1 "$tmp/export1.csv" | grep -q '^adjustment_id,period,subscription_id,policy,revision,amount_minor,currency,remedy,extension_seconds,' &&
    grep -q '^2026-10:acme-shop:kerabie-tiers,2026-10,acme-shop,kerabie-tiers,0,490,EUR,invoice_credit,0,1,' "$tmp/export1.csv" &&
    "$bin" ledger verify --ledger "$led" | grep -q 'intact'; then ok; else
    bad "export or verify of a clean ledger"; fi

# An edited incident: acme-shop's web-1 gets a further 6 h outage, which
# moves it from the 10 % tier (7,500 s down, uptime 99.7199 %) to 25 %
# (29,100 s, 1 - 29,100 / 2,678,400 = 98.9135 %): 49.00 EUR × 25 % = 12.25 EUR
# against 4.90 EUR issued, a correction of +7.35 EUR.
base=$(grep '^2026-10:acme-shop:' "$tmp/l1/credits.csv" | cut -d, -f7)
printf 'checked_at,monitor,location,status,latency_ms\n' >"$tmp/s/monitoring/probes/zz-late.csv"
python3 - "$tmp/s/monitoring/probes/zz-late.csv" <<'PY'
import sys, datetime
f = open(sys.argv[1], "a")
t = datetime.datetime(2026, 10, 28, 0, 0, tzinfo=datetime.timezone.utc)
for i in range(72):  # 72 samples of 5 min = 6 h
    f.write((t + datetime.timedelta(minutes=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ") + ",web-1,fra,down,0\n")
PY
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l3" --ledger "$led" --quiet
cp "$tmp/s/monitoring/probes/zz-late.csv" "$tmp/late.csv"
corr=$(grep '^2026-10:acme-shop:kerabie-tiers:r1,' "$tmp/l3/credits.csv" | cut -d, -f7 || true)
if [ "$base" = 490 ] && [ "$corr" = 735 ] && [ "$(csvrows "$tmp/l3/credits.csv")" -eq 1 ] &&
    [ "$(sqlite3 "$led" "SELECT revision FROM adjustments WHERE amount_minor = 735")" = 1 ]; then ok; else
    bad "edited incident: issued '$base' (want 490), correction '$corr' (want 735)"; fi

# A second edit takes that outage back out: the credit falls back to
# 4.90 EUR, and the correction :r2 is 4.90 - 12.25 = -7.35 EUR.
rm "$tmp/s/monitoring/probes/zz-late.csv"
"$bin" run --config "$cfg" --month "$month" --out "$tmp/l4" --ledger "$led" --quiet
corr2=$(grep '^2026-10:acme-shop:kerabie-tiers:r2,' "$tmp/l4/credits.csv" | cut -d, -f7 || true)
if [ "$corr2" = -735 ]; then ok; else
    bad "second edit: correction :r2 is '$corr2', want -735"; fi

# --- The bugs of the CSV ledger, one test each ----------------------------
# fresh NAME: a private copy of the sample in $tmp/NAME.
fresh() {
    rm -rf "${tmp:?}/$1"
    cp -r "$top/samples/small-host" "$tmp/$1"
}
# rename_policy DIR OLD NEW: renames a policy in the config and the roster.
rename_policy() {
    sed -i "s/\[policy \"$2\"\]/[policy \"$3\"]/" "$1/config.ini"
    python3 - "$1/subscriptions.csv" "$2" "$3" <<'PY'
import csv, io, sys
path, old, new = sys.argv[1:4]
rows = list(csv.reader(open(path, newline="")))
col = rows[0].index("policy")
for r in rows[1:]:
    if r[col] == old:
        r[col] = new
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
open(path, "w").write(out.getvalue())
PY
}

# 1. A policy named like a revision suffix ("r1") is not paid again.
fresh b1
rename_policy "$tmp/b1" kerabie-tiers r1
"$bin" run --config "$tmp/b1/config.ini" --month "$month" --out "$tmp/b1/o1" --ledger "$tmp/b1/l.db" --quiet
"$bin" run --config "$tmp/b1/config.ini" --month "$month" --out "$tmp/b1/o2" --ledger "$tmp/b1/l.db" --quiet
if [ "$(csvrows "$tmp/b1/o1/credits.csv")" -eq "$issued" ] &&
    grep -q '^2026-10:acme-shop:r1,' "$tmp/b1/o1/credits.csv" &&
    [ "$(csvrows "$tmp/b1/o2/credits.csv")" -eq 0 ]; then ok; else
    bad "a policy named r1 is paid again: $(csvrows "$tmp/b1/o2/credits.csv") credits on replay"; fi

# 2. ':' in a subscription id (roster, exit 65) and in a policy name
# (config, exit 78) is refused, so no two subscriptions share an id.
fresh b2
sed -i 's/^acme-shop,/acme:shop,/' "$tmp/b2/subscriptions.csv"
line=$(grep -n '^acme:shop,' "$tmp/b2/subscriptions.csv" | cut -d: -f1)
runx run --config "$tmp/b2/config.ini" --month "$month" --out "$tmp/b2/o" --ledger "$tmp/b2/l.db" --quiet
if [ $rc -eq 65 ] && grep -q "subscriptions.csv:$line: subscription_id: contains ':': acme:shop" "$tmp/err" &&
    [ ! -e "$tmp/b2/o" ]; then ok; else
    bad "':' in a subscription id: exit $rc, $(cat "$tmp/err")"; fi
fresh b2
rename_policy "$tmp/b2" kerabie-tiers 'kerabie:tiers'
runx run --config "$tmp/b2/config.ini" --month "$month" --out "$tmp/b2/o" --quiet
if [ $rc -eq 78 ] && grep -q "config.ini:[0-9]*: policy name: contains ':': kerabie:tiers" "$tmp/err"; then ok; else
    bad "':' in a policy name: exit $rc, $(cat "$tmp/err")"; fi

# 3. A duplicated, a deleted or an edited ledger row stops the run (exit
# 65, the row named, no output) instead of a negative correction or a
# second payment; ledger verify names it too.
for how in duplicate delete edit; do
    cp "$led" "$tmp/t.db"
    case $how in
    duplicate)
        sqlite3 "$tmp/t.db" "INSERT INTO adjustments SELECT (SELECT max(seq) + 1 FROM adjustments), adjustment_id || ':r7', period, subscription_id, policy, 7, amount_minor, currency, remedy, extension_seconds, run_id, prev_sha256, row_sha256 FROM adjustments WHERE seq = 1"
        want='row [0-9]*'
        ;;
    delete)
        sqlite3 "$tmp/t.db" "DELETE FROM adjustments WHERE seq = 3"
        want='row 4'
        ;;
    edit)
        sqlite3 "$tmp/t.db" "UPDATE adjustments SET amount_minor = amount_minor + 1 WHERE seq = 2"
        want='row 2 (2026-10:[a-z-]*:[a-z-]*): the row was changed'
        ;;
    esac
    rm -rf "$tmp/t.out"
    runx run --config "$cfg" --month "$month" --out "$tmp/t.out" --ledger "$tmp/t.db" --quiet
    set +e
    "$bin" ledger verify --ledger "$tmp/t.db" >"$tmp/verify" 2>&1
    vrc=$?
    set -e
    if [ $rc -eq 65 ] && grep -q "t.db: broken ledger: $want" "$tmp/err" && [ ! -e "$tmp/t.out" ] &&
        [ $vrc -eq 65 ] && grep -q "$want" "$tmp/verify"; then ok; else
        bad "$how ledger row: exit $rc, verify exit $vrc: $(cat "$tmp/err")"; fi
done

# 4. A changed currency is reversed in full in the old currency and issued
# in the new one: acme-shop (49.00, 10 % tier) from EUR to USD gives
# -4.90 EUR as :r1 and 4.90 USD as :r2, never netted to nothing.
fresh b4
"$bin" run --config "$tmp/b4/config.ini" --month "$month" --out "$tmp/b4/o1" --ledger "$tmp/b4/l.db" --quiet
sed -i 's/^\(acme-shop,.*\),EUR,/\1,USD,/' "$tmp/b4/subscriptions.csv"
"$bin" run --config "$tmp/b4/config.ini" --month "$month" --out "$tmp/b4/o2" --ledger "$tmp/b4/l.db" --quiet
if [ "$(cut -d, -f1,7,8 "$tmp/b4/o2/credits.csv" | tail -n +2)" = "2026-10:acme-shop:kerabie-tiers:r1,-490,EUR
2026-10:acme-shop:kerabie-tiers:r2,490,USD" ] &&
    grep -q '^2026-10,acme-shop,.*currency changed' "$tmp/b4/o2/decisions.csv"; then ok; else
    bad "currency change: $(cat "$tmp/b4/o2/credits.csv")"; fi

# 5. A renamed policy is a correction, not a second credit: each credited
# subscription of the old policy gets its reversal and the new credit; the
# sums per subscription stay what the month owes.
fresh b5
"$bin" run --config "$tmp/b5/config.ini" --month "$month" --out "$tmp/b5/o1" --ledger "$tmp/b5/l.db" --quiet
n_old=$(grep -c ',kerabie-tiers,' "$tmp/b5/o1/credits.csv")
rename_policy "$tmp/b5" kerabie-tiers kerabie-tiers-2027
"$bin" run --config "$tmp/b5/config.ini" --month "$month" --out "$tmp/b5/o2" --ledger "$tmp/b5/l.db" --quiet
"$bin" run --config "$tmp/b5/config.ini" --month "$month" --out "$tmp/b5/o3" --quiet
rev=$(grep -c ':kerabie-tiers:r1,.*,-[0-9]*,' "$tmp/b5/o2/credits.csv" || true)
new=$(grep -c '^2026-10:[^:]*:kerabie-tiers-2027,' "$tmp/b5/o2/credits.csv" || true)
python3 "$state" sums "$tmp/b5/l.db" >"$tmp/b5/sums"
python3 "$state" owed "$tmp/b5/o3/credits.csv" >"$tmp/b5/owed"
if [ "$n_old" -gt 0 ] && [ "$rev" -eq "$n_old" ] && [ "$new" -eq "$n_old" ] &&
    cmp -s "$tmp/b5/sums" "$tmp/b5/owed" &&
    grep -q '^2026-10,acme-shop,.*reversal 2026-10:acme-shop:kerabie-tiers:r1.*the policy changed' "$tmp/b5/o2/decisions.csv"; then ok; else
    bad "renamed policy: $n_old old credits, $rev reversals, $new new; sums differ: $(diff "$tmp/b5/sums" "$tmp/b5/owed" | head -3)"; fi

# 6. A ledger of blank lines, an empty file, a CSV ledger of the earlier
# format, random bytes and another SQLite database are refused at once with
# exit 65, one line, no output, the file untouched. The old CSV ledger
# converts with ledger import, after which nothing is paid again.
fresh b6
"$bin" run --config "$tmp/b6/config.ini" --month "$month" --out "$tmp/b6/o0" --quiet
python3 - "$tmp/b6/o0/credits.csv" "$tmp/b6/old.csv" <<'PY'
import csv, hashlib, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
out = open(sys.argv[2], "w")
out.write("adjustment_id,period,subscription_id,policy,amount_minor,currency,"
          "remedy,extension_seconds,checksum\n")
for r in rows:
    text = ",".join([r["adjustment_id"], r["period"], r["subscription_id"],
                     r["policy"], r["amount_minor"], r["currency"], r["remedy"],
                     r["extension_seconds"]])
    out.write(text + "," + hashlib.sha256(text.encode()).hexdigest()[:16] + "\n")
PY
printf '\n\n\n' >"$tmp/b6/blank.db"
: >"$tmp/b6/empty.db"
head -c 4096 /dev/urandom >"$tmp/b6/random.db"
sqlite3 "$tmp/b6/other.db" 'CREATE TABLE adjustments (x); INSERT INTO adjustments VALUES (1)'
for f in blank.db:"not a SQLite database" empty.db:"the file is empty" old.csv:"a CSV ledger of an earlier version" \
    random.db:"not a SQLite database" other.db:"a SQLite database of another application"; do
    name=${f%%:*}
    why=${f#*:}
    cp "$tmp/b6/$name" "$tmp/b6/before"
    runx run --config "$tmp/b6/config.ini" --month "$month" --out "$tmp/b6/o" --ledger "$tmp/b6/$name" --quiet
    if [ $rc -eq 65 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -q "$name: not a slacredit ledger: $why" "$tmp/err" && [ ! -e "$tmp/b6/o" ] &&
        cmp -s "$tmp/b6/$name" "$tmp/b6/before"; then ok; else
        bad "ledger $name: exit $rc: $(cat "$tmp/err")"; fi
done
"$bin" ledger import "$tmp/b6/old.csv" --ledger "$tmp/b6/new.db" --quiet
"$bin" run --config "$tmp/b6/config.ini" --month "$month" --out "$tmp/b6/o1" --ledger "$tmp/b6/new.db" --quiet
if [ "$(rows "$tmp/b6/new.db")" -eq "$issued" ] && [ "$(csvrows "$tmp/b6/o1/credits.csv")" -eq 0 ]; then ok; else
    bad "import of the CSV ledger: $(rows "$tmp/b6/new.db") rows, $(csvrows "$tmp/b6/o1/credits.csv") credits after"; fi

# 7. A newline inside a subscription id is refused with its line (65).
fresh b7
python3 - "$tmp/b7/subscriptions.csv" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read().replace("\nacme-shop,", '\n"acme\nshop",', 1)
open(p, "w").write(t)
PY
runx run --config "$tmp/b7/config.ini" --month "$month" --out "$tmp/b7/o" --ledger "$tmp/b7/l.db" --quiet
if [ $rc -eq 65 ] && grep -q 'subscriptions.csv:[0-9]*: subscription_id: contains a control character: acme\\x0Ashop' "$tmp/err" &&
    [ ! -e "$tmp/b7/o" ]; then ok; else
    bad "newline in a subscription id: exit $rc: $(cat "$tmp/err")"; fi

# 8. A policy made quarterly: November's replay is period_open and takes
# back what the monthly policy issued for November (gh-1 and gh-3, 10 % of
# 210.00 USD = 21.00 each, see samples/github-quarter-open/README.md), the
# monthly gh-6 stays issued; a further replay issues nothing. December's
# run then credits the quarter under its own month's ids.
rm -rf "${tmp:?}/b8"
cp -r "$top/samples/github-quarter-open" "$tmp/b8"
sed 's/^period = quarter.*$//' "$tmp/b8/config.ini" >"$tmp/b8/monthly.ini"
"$bin" run --config "$tmp/b8/monthly.ini" --month 2026-11 --out "$tmp/b8/o1" --ledger "$tmp/b8/l.db" --quiet
"$bin" run --config "$tmp/b8/config.ini" --month 2026-11 --out "$tmp/b8/o2" --ledger "$tmp/b8/l.db" --quiet
"$bin" run --config "$tmp/b8/config.ini" --month 2026-11 --out "$tmp/b8/o3" --ledger "$tmp/b8/l.db" --quiet
"$bin" run --config "$tmp/b8/config.ini" --month 2026-12 --out "$tmp/b8/o4" --ledger "$tmp/b8/l.db" --quiet
if [ "$(cut -d, -f1,7 "$tmp/b8/o1/credits.csv" | tail -n +2)" = "2026-11:gh-1:github,2100
2026-11:gh-3:github,2100
2026-11:gh-6:monthly,2100" ] &&
    [ "$(cut -d, -f1,7 "$tmp/b8/o2/credits.csv" | tail -n +2)" = "2026-11:gh-1:github:r1,-2100
2026-11:gh-3:github:r1,-2100" ] &&
    grep -q '^2026-11,gh-1,acme,github,period_open,' "$tmp/b8/o2/decisions.csv" &&
    grep -q '^2026-11,gh-6,stark,monthly,already_issued,' "$tmp/b8/o2/decisions.csv" &&
    [ "$(csvrows "$tmp/b8/o3/credits.csv")" -eq 0 ] &&
    [ "$(cut -d, -f1,7 "$tmp/b8/o4/credits.csv" | tail -n +2)" = "2026-12:gh-2:github,6300
2026-12:gh-3:github,15750
2026-12:gh-4:github-prorated,3150
2026-12:gh-5:github-prorated,1027" ] &&
    "$bin" ledger verify --ledger "$tmp/b8/l.db" | grep -q 'intact'; then ok; else
    bad "policy made quarterly: $(cat "$tmp/b8/o2/credits.csv" "$tmp/b8/o4/credits.csv")"; fi

# --- A cap over months (cap_fees) ------------------------------------------
# samples/cap-12-months: a ledger without the months before October warns
# that their credits count as 0, and --strict refuses it (exit 65, no
# output). Then its ledger-months and October into one ledger: October's
# cap-01 credit is what its twelve months leave: 30.00 EUR less the 10.00 +
# 15.00 EUR credited in August and September, 5.00 EUR (the sample's
# README), with no warning. A replay of October or September pays nothing
# again.
cp -r "$top/samples/cap-12-months" "$tmp/cap"
runx run --config "$tmp/cap/config.ini" --month 2026-10 --out "$tmp/cap-gap" \
    --ledger "$tmp/cap-gap.db" --quiet --strict
if [ "$rc" -eq 65 ] && [ ! -e "$tmp/cap-gap" ] &&
    grep -q 'cap_fees = 12: the ledger holds no run of 2025-11 (11 month(s) of the window have none)' "$tmp/err"; then ok; else
    bad "cap_fees: a ledger without the earlier months is not refused under --strict"; fi
cled="$tmp/cap.db"
# (The first months warn that the ledger holds no run of 2025-10, the
# month cap-03 began: their windows reach back before the ledger began.)
for m in $(cat "$tmp/cap/ledger-months") 2026-10; do
    "$bin" run --config "$tmp/cap/config.ini" --month "$m" --out "$tmp/cap-$m" \
        --ledger "$cled" --quiet 2>"$tmp/err"
done
if grep -q '^2026-10:cap-01:twelve,.*,invoice_credit,500,EUR,' "$tmp/cap-2026-10/credits.csv" &&
    python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["warnings"] != [])' \
        "$tmp/cap-2026-10/manifest.json"; then ok; else
    bad "cap_fees: October's cap-01 credit is not 500"; fi
"$bin" run --config "$tmp/cap/config.ini" --month 2026-10 --out "$tmp/cap-r10" --ledger "$cled" --quiet
"$bin" run --config "$tmp/cap/config.ini" --month 2026-09 --out "$tmp/cap-r09" --ledger "$cled" --quiet
if [ "$(csvrows "$tmp/cap-r10/credits.csv")" -eq 0 ] &&
    [ "$(csvrows "$tmp/cap-r09/credits.csv")" -eq 0 ] &&
    [ "$(grep -c ',already_issued,' "$tmp/cap-r10/decisions.csv")" -eq 3 ]; then ok; else
    bad "cap_fees: a replay of October or September paid again"; fi
# September's outage of cap-01 turns out to be wrong: the replay of
# September takes its 15.00 EUR back (:r1, -1500), and the replay of
# October then finds 10.00 EUR credited before: 30.00 - 10.00 = 20.00 EUR
# left, so its 15 days (15.00 EUR) are no longer lowered: a correction of
# 15.00 - 5.00 = +10.00 EUR (:r1, 1000).
grep -v '^r1,2026-09-01' "$tmp/cap/monitoring/outages.csv" >"$tmp/cap/o.csv"
mv "$tmp/cap/o.csv" "$tmp/cap/monitoring/outages.csv"
"$bin" run --config "$tmp/cap/config.ini" --month 2026-09 --out "$tmp/cap-e09" --ledger "$cled" --quiet
"$bin" run --config "$tmp/cap/config.ini" --month 2026-10 --out "$tmp/cap-e10" --ledger "$cled" --quiet
if grep -q '^2026-09:cap-01:twelve:r1,.*,invoice_credit,-1500,EUR,' "$tmp/cap-e09/credits.csv" &&
    grep -q '^2026-10:cap-01:twelve:r1,.*,invoice_credit,1000,EUR,' "$tmp/cap-e10/credits.csv" &&
    [ "$(csvrows "$tmp/cap-e10/credits.csv")" -eq 1 ]; then ok; else
    bad "cap_fees: a credit taken back in September does not free October's cap"; fi

# --- Two runs at once ------------------------------------------------------
# They are serialised: the second waits for the first and then finds
# everything issued.
cp -r "$top/samples/small-host" "$tmp/c"
led2="$tmp/ledger2.db"
"$bin" run --config "$tmp/c/config.ini" --month "$month" --out "$tmp/c1" --ledger "$led2" --quiet &
p1=$!
"$bin" run --config "$tmp/c/config.ini" --month "$month" --out "$tmp/c2" --ledger "$led2" --quiet &
p2=$!
wait $p1
wait $p2
n1=$(csvrows "$tmp/c1/credits.csv")
n2=$(csvrows "$tmp/c2/credits.csv")
if [ $((n1 + n2)) -eq "$issued" ] && [ "$(rows "$led2")" -eq "$issued" ] &&
    { [ "$n1" -eq 0 ] || [ "$n2" -eq 0 ]; } && "$bin" ledger verify --ledger "$led2" >/dev/null; then ok; else
    bad "concurrent runs: $n1 + $n2 credits, ledger $(rows "$led2") rows (want $issued in one run)"; fi

# --- A writer killed inside its transaction: the readers still read ---------
# A transaction cut off after its pages reached the file leaves a hot
# journal. `ledger verify` and `ledger list` roll it back (as the next run
# would) and read the ledger as it was before, instead of failing as if the
# ledger were read-only.
fresh hot
"$bin" run --config "$tmp/hot/config.ini" --month "$month" --out "$tmp/hot/o" --ledger "$tmp/hot/l.db" --quiet
sqlite3 "$tmp/hot/l.db" 'SELECT * FROM adjustments ORDER BY seq' >"$tmp/hot/rows.old"
python3 - "$tmp/hot/l.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA cache_size=1")  # pages spill to the file before commit
c.execute("BEGIN IMMEDIATE")
c.execute("CREATE TABLE spill(x)")
for _ in range(2000):
    c.execute("INSERT INTO spill VALUES (?)", ("x" * 200,))
c.execute("DELETE FROM adjustments")
os._exit(0)  # no commit, no rollback: a crash
PY
hot_journal=no
[ -s "$tmp/hot/l.db-journal" ] && hot_journal=yes
runx ledger verify --ledger "$tmp/hot/l.db" >"$tmp/out"
if [ $hot_journal = yes ] && [ $rc -eq 0 ] && grep -q 'intact' "$tmp/out" &&
    "$bin" ledger list --ledger "$tmp/hot/l.db" >/dev/null &&
    [ "$(sqlite3 "$tmp/hot/l.db" 'SELECT * FROM adjustments ORDER BY seq')" = "$(cat "$tmp/hot/rows.old")" ]; then ok; else
    bad "ledger verify after a crash mid-transaction (journal left: $hot_journal): exit $rc: $(cat "$tmp/err")"; fi

# --- A read-only ledger and a full disk -------------------------------------
# On a tmpfs of our own when we may mount one (root); else a read-only file
# for the read-only case, and the full-disk case is skipped.
mnt="$tmp/mnt"
mkdir -p "$mnt"
mounted=no
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=256k tmpfs "$mnt" 2>/dev/null; then
    mounted=yes
    trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
fi
fresh ro
"$bin" run --config "$tmp/ro/config.ini" --month "$month" --out "$tmp/ro/o" --ledger "$mnt/l.db" --quiet
cp -r "$tmp/ro/o" "$tmp/ro/old"
sqlite3 "$mnt/l.db" 'SELECT * FROM adjustments ORDER BY seq' >"$tmp/ro/rows.old"
cp "$tmp/late.csv" "$tmp/ro/monitoring/probes/zz-late.csv"
if [ $mounted = yes ]; then
    mount -o remount,ro "$mnt"
else
    chmod a-w "$mnt/l.db" "$mnt"
fi
runx run --config "$tmp/ro/config.ini" --month "$month" --out "$tmp/ro/o" --ledger "$mnt/l.db" --quiet
if [ $mounted = yes ]; then mount -o remount,rw "$mnt"; else chmod u+w "$mnt/l.db" "$mnt"; fi
if [ $rc -eq 73 ] && grep -q 'read-only' "$tmp/err" && same_files "$tmp/ro/o" "$tmp/ro/old" $OUTS manifest.json &&
    [ "$(sqlite3 "$mnt/l.db" 'SELECT * FROM adjustments ORDER BY seq')" = "$(cat "$tmp/ro/rows.old")" ]; then ok; else
    bad "read-only ledger: exit $rc: $(cat "$tmp/err")"; fi

if [ $mounted = yes ]; then
    # Fill the ledger's file system, then run with a correction due.
    dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
    runx run --config "$tmp/ro/config.ini" --month "$month" --out "$tmp/ro/o" --ledger "$mnt/l.db" --quiet
    if [ $rc -eq 74 ] && grep -q 'no space left' "$tmp/err" && same_files "$tmp/ro/o" "$tmp/ro/old" $OUTS manifest.json &&
        "$bin" ledger verify --ledger "$mnt/l.db" >/dev/null &&
        [ "$(sqlite3 "$mnt/l.db" 'SELECT * FROM adjustments ORDER BY seq')" = "$(cat "$tmp/ro/rows.old")" ]; then ok; else
        bad "full disk: exit $rc: $(cat "$tmp/err")"; fi
    # Space again: the correction is issued once, and only once.
    rm "$mnt/filler"
    "$bin" run --config "$tmp/ro/config.ini" --month "$month" --out "$tmp/ro/o" --ledger "$mnt/l.db" --quiet
    "$bin" run --config "$tmp/ro/config.ini" --month "$month" --out "$tmp/ro/o2" --ledger "$mnt/l.db" --quiet
    if [ "$(grep -c ':r1,' "$tmp/ro/o/credits.csv")" -eq 1 ] && [ "$(csvrows "$tmp/ro/o2/credits.csv")" -eq 0 ]; then ok; else
        bad "after the full disk: $(csvrows "$tmp/ro/o/credits.csv") then $(csvrows "$tmp/ro/o2/credits.csv") credits"; fi
    umount "$mnt"
    trap 'rm -rf "$tmp"' EXIT
else
    echo "replay: full-disk test skipped: cannot mount a tmpfs here (needs root)"
fi

# --- Crash safety: fail every write, fsync, rename and ledger commit --------
# State before: a complete output folder and ledger from the unedited month.
# The run under test sees one more outage (a correction is due). After each
# failed run the folder must hold the old or the new complete outputs, and
# the ledger (as the next run will settle it) the matching adjustments.
cp -r "$top/samples/small-host" "$tmp/f"
fled="$tmp/fledger.db"
"$bin" run --config "$tmp/f/config.ini" --month "$month" --out "$tmp/fout" --ledger "$fled" --quiet
cp -r "$tmp/fout" "$tmp/fold"
cp "$fled" "$tmp/fled.old"
python3 "$state" effective "$fled" >"$tmp/feff.old"
cp "$tmp/late.csv" "$tmp/f/monitoring/probes/zz-late.csv"
cp "$fled" "$tmp/fled.ref"
rm -rf "$tmp/fnew"
cp -r "$tmp/fold" "$tmp/fnew"
"$bin" run --config "$tmp/f/config.ini" --month "$month" --out "$tmp/fnew" --ledger "$tmp/fled.ref" --quiet
python3 "$state" effective "$tmp/fled.ref" >"$tmp/feff.new"
faults=0
fbad=0
# Twice: as runs are (small outputs are held until the commit), then with
# SLACREDIT_TINY_BUFFERS (fault.h), which makes the staging folder at the
# first row and writes every row as it comes, as a large run does.
for tiny in '' 1; do
for op in write fsync rename ledger; do
    n=1
    while :; do
        rm -rf "$tmp/fout"
        cp -r "$tmp/fold" "$tmp/fout"
        cp "$tmp/fled.old" "$fled"
        set +e
        SLACREDIT_FAULT="$op:$n" env ${tiny:+SLACREDIT_TINY_BUFFERS=1} "$fbin" run \
            --config "$tmp/f/config.ini" --month "$month" \
            --out "$tmp/fout" --ledger "$fled" --quiet 2>"$tmp/ferr"
        rc=$?
        set -e
        if same_files "$tmp/fout" "$tmp/fold" $OUTS manifest.json; then
            ostate=old
        elif same_files "$tmp/fout" "$tmp/fnew" $OUTS manifest.json; then
            ostate=new
        else
            ostate=mixed
        fi
        python3 "$state" effective "$fled" >"$tmp/feff"
        if cmp -s "$tmp/feff" "$tmp/feff.old"; then
            lstate=old
        elif cmp -s "$tmp/feff" "$tmp/feff.new"; then
            lstate=new
        else
            lstate=other
        fi
        stray=$(ls "$tmp" | grep -c '^fout\.tmp-' || true)
        if [ $ostate = mixed ] || [ $lstate != $ostate ] || [ "$stray" -ne 0 ] ||
            ! "$bin" ledger verify --ledger "$fled" >/dev/null ||
            { [ $rc -ne 0 ] && ! grep -q '^slacredit: ' "$tmp/ferr"; }; then
            fbad=$((fbad + 1))
            echo "  $op:$n${tiny:+ (tiny buffers)}: exit $rc, outputs $ostate, ledger $lstate, stray $stray"
        fi
        faults=$((faults + 1))
        [ $rc -eq 0 ] && break
        n=$((n + 1))
        [ $n -gt 400 ] && { fbad=$((fbad + 1)); echo "  $op never stops failing"; break; }
    done
done
done
if [ $fbad -eq 0 ] && [ $faults -ge 10 ]; then ok; else
    bad "fault injection: $fbad of $faults runs left an inconsistent state"; fi
echo "replay: fault injection ran $faults runs"

# --- Crash safety: kill -9 at many moments of a large month ----------------
# Three kinds of kills: at a random time of the whole run; at each named
# moment of the ledger protocol (fault.h); and at a random time inside the
# ledger transaction, widened by a pause after each row. After each: the
# ledger verifies, the outputs are the old or the new complete set and
# agree with the ledger, and a clean run then leaves the ledger holding
# exactly what the month owes.
kills_wanted=${KILLS:-60}
big="$tmp/big"
mkdir -p "$big/bin"
cc -O2 -o "$big/bin/gen" "$top/tests/bench/gen.c"
"$big/bin/gen" "$big" 60 31 >/dev/null
cat >"$big/big.ini" <<'INI'
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
INI
bled="$big/ledger.db"
"$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" --ledger "$bled" --quiet
cp -r "$big/out" "$big/old"
cp "$bled" "$big/led.old"
python3 "$state" effective "$bled" >"$big/eff.old"
# New evidence: every monitor down for an hour on 2026-10-30.
python3 - "$big/monitoring/zz-late.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("timestamp,monitor_id,status,response_ms\n")
    for m in range(1, 61):
        for i in range(60):
            f.write("2026-10-30T12:%02d:00Z,m%04d,down,0\n" % (i, m))
PY
cp "$big/led.old" "$big/led.ref"
rm -rf "$big/new"
cp -r "$big/old" "$big/new"
start=$(date +%s%N)
"$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/new" --ledger "$big/led.ref" --quiet
took=$((($(date +%s%N) - start) / 1000000))
python3 "$state" effective "$big/led.ref" >"$big/eff.new"
"$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/owed" --quiet
python3 "$state" owed "$big/owed/credits.csv" >"$big/owed.sums"
newrows=$(($(wc -l <"$big/eff.new") - $(wc -l <"$big/eff.old")))
# In an order that reaches both outcomes early (the ASan build kills less).
points="outputs-swapped ledger-commit ledger-begin ledger-confirmed ledger-insert:1 ledger-committed ledger-insert:$((newrows / 2)) ledger-insert:$newrows"
kbad=0
kills=0
inside=0
states=""
while [ $kills -lt "$kills_wanted" ]; do
    rm -rf "$big/out" "$big"/out.tmp-* "$big/mark"
    cp -r "$big/old" "$big/out"
    cp "$big/led.old" "$bled"
    kind=$((kills % 3))
    if [ $kind = 1 ]; then
        # shellcheck disable=SC2086
        set -- $points
        shift $(((kills / 3) % $#))
        how="at $1"
        SLACREDIT_KILL_AT=$1 "$fbin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" \
            --ledger "$bled" --quiet 2>/dev/null || true
    elif [ $kind = 2 ]; then
        # Inside the transaction: wait for it to begin, then kill at a
        # random moment of its (widened) length.
        delay=$(python3 -c "import random; r=random.Random($kills); print('%.3f' % r.uniform(0, $newrows * 0.004))")
        how="${delay}s into the ledger transaction"
        SLACREDIT_PAUSE=ledger-insert:4 SLACREDIT_MARK="$big/mark" "$fbin" run --config "$big/big.ini" \
            --month 2026-10 --out "$big/out" --ledger "$bled" --quiet &
        pid=$!
        while kill -0 $pid 2>/dev/null && ! grep -q ledger-begin "$big/mark" 2>/dev/null; do
            sleep 0.005
        done
        sleep "$delay"
        kill -9 $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
        grep -q ledger-committed "$big/mark" 2>/dev/null || inside=$((inside + 1))
    else
        delay=$(python3 -c "import random; r=random.Random($kills); print('%.3f' % (r.uniform(0.05, 1.1) * $took / 1000))")
        how="after ${delay}s"
        "$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" --ledger "$bled" --quiet &
        pid=$!
        sleep "$delay"
        kill -9 $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
    fi
    kills=$((kills + 1))
    if same_files "$big/out" "$big/old" $OUTS manifest.json; then
        ostate=old
    elif same_files "$big/out" "$big/new" $OUTS manifest.json; then
        ostate=new
    else
        ostate=mixed
    fi
    python3 "$state" effective "$bled" >"$big/eff"
    if cmp -s "$big/eff" "$big/eff.old"; then
        lstate=old
    elif cmp -s "$big/eff" "$big/eff.new"; then
        lstate=new
    else
        lstate=other
    fi
    states="$states $ostate"
    verified=yes
    "$bin" ledger verify --ledger "$bled" >/dev/null 2>&1 || verified=no
    # The clean run after the crash settles and completes the month.
    rm -rf "$big"/out.tmp-*
    "$bin" run --config "$big/big.ini" --month 2026-10 --out "$big/out" --ledger "$bled" --quiet
    python3 "$state" sums "$bled" >"$big/sums"
    if [ $ostate = mixed ] || [ $lstate != $ostate ] || [ $verified = no ] ||
        ! python3 "$check_manifest" "$big/out" || ! cmp -s "$big/sums" "$big/owed.sums" ||
        [ "$(python3 "$state" pending "$bled")" -ne 0 ]; then
        kbad=$((kbad + 1))
        echo "  kill $how: outputs $ostate, ledger $lstate, verified $verified, sums $(cmp -s "$big/sums" "$big/owed.sums" && echo ok || echo WRONG)"
    fi
done
old_n=$(echo $states | tr ' ' '\n' | grep -c '^old$' || true)
new_n=$(echo $states | tr ' ' '\n' | grep -c '^new$' || true)
if [ $kbad -eq 0 ] && [ $kills -ge "$kills_wanted" ] && [ "$inside" -ge $((kills / 4)) ] && [ "$old_n" -gt 0 ] && [ "$new_n" -gt 0 ]; then ok; else
    bad "kill -9: $kbad of $kills runs left an inconsistent state ($inside inside the transaction, $old_n old, $new_n new)"; fi
echo "replay: kill -9 $kills times ($inside inside the ledger transaction; outputs old $old_n, new $new_n) of a ${took} ms run"

echo "replay: $pass passed, $fail failed"
[ $fail -eq 0 ]

#!/bin/sh
# End-to-end samples. Each samples/<case>/ holds config.ini, month (YYYY-MM)
# and expected/{credits,decisions,windows}.csv worked out by hand, and where
# it has them expected/discrepancies.csv, the billing formats,
# expected/explain-<subscription>.txt and expected/stderr (the run's
# warnings, also checked against manifest.json). Which files every run
# writes is read from include/write/formats.def.
# Samples with `samples` sources also get their measured_seconds checked
# against scripts/check-measured.py. A sample with a file ledger-months
# (months, one a line) runs those months first into a fresh ledger, then
# its month with that ledger (--ledger); explain reads the ledger as it was
# before the month's run.
#   run-samples.sh BIN         run every case and diff against expected/;
#                              also check manifest.json against the files
#   run-samples.sh --run BIN   run every case into out/<case>/ and print
#                              its summary (what `make run` does)
set -eu

mode=check
if [ "${1:-}" = "--run" ]; then
    mode=run
    shift
fi
bin=${1:?usage: run-samples.sh [--run] BIN}
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
tmp=$(mktemp -d)
# The files every run writes, from the table of output files.
always=$(sed -n 's/^OUTPUT([A-Z_]*, [^,]*, "\([^"]*\)", OUTPUT_ALWAYS)$/\1/p' \
    "$top/include/write/formats.def")
[ -n "$always" ] || { echo "run-samples.sh: no files in formats.def"; exit 1; }
trap 'rm -rf "$tmp"' EXIT

for dir in "$top"/samples/*/; do
    name=$(basename "$dir")
    [ -f "$dir/config.ini" ] || continue
    month=$(cat "$dir/month")
    if [ "$mode" = run ]; then
        "$bin" run --config "$dir/config.ini" --month "$month" \
            --out "out/$name" --quiet || exit $?
        python3 "$top/scripts/summary.py" "$name" "out/$name"
        continue
    fi
    out="$tmp/$name"
    ledger=
    prior=ok
    if [ -f "$dir/ledger-months" ]; then
        ledger="$tmp/$name.ledger.db"
        for m in $(cat "$dir/ledger-months"); do
            if ! "$bin" run --config "$dir/config.ini" --month "$m" \
                --out "$tmp/$name.$m" --ledger "$ledger" --quiet \
                2>"$tmp/$name.$m.stderr"; then
                echo "FAIL $name: the run of $m exited non-zero:"
                cat "$tmp/$name.$m.stderr"
                prior=failed
            fi
        done
        cp "$ledger" "$tmp/$name.before.db"
    fi
    if [ $prior = failed ]; then
        fail=$((fail + 1))
        continue
    fi
    if ! "$bin" run --config "$dir/config.ini" --month "$month" --out "$out" \
        ${ledger:+--ledger "$ledger"} --quiet 2>"$tmp/$name.stderr"; then
        echo "FAIL $name: slacredit exited non-zero:"
        cat "$tmp/$name.stderr"
        fail=$((fail + 1))
        continue
    fi
    ok=1
    # The files every run writes need an expected copy; any other file
    # (discrepancies, billing formats) is compared where a sample has it.
    for f in $( (echo "$always" && ls "$dir/expected") | sort -u); do
        case $f in
        manifest.json | stderr | explain-*.txt) continue ;;
        esac
        if ! diff -u "$dir/expected/$f" "$out/$f" >"$tmp/$name.$f.diff"; then
            echo "FAIL $name: $f differs from expected:"
            cat "$tmp/$name.$f.diff"
            ok=0
        fi
    done
    # expected/stderr: the run's warnings, which manifest.json lists too.
    if [ -f "$dir/expected/stderr" ]; then
        if ! diff -u "$dir/expected/stderr" "$tmp/$name.stderr"; then
            echo "FAIL $name: standard error differs from expected"
            ok=0
        fi
        if ! python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
want = [l[len("slacredit: "):] for l in open(sys.argv[2]).read().splitlines()]
sys.exit(m["warnings"] != want)' "$out/manifest.json" "$dir/expected/stderr"; then
            echo "FAIL $name: manifest.json warnings differ from expected/stderr"
            ok=0
        fi
    fi
    # expected/explain-<subscription>.txt: slacredit explain's text.
    for f in "$dir"/expected/explain-*.txt; do
        [ -f "$f" ] || continue
        sub=$(basename "$f" .txt)
        sub=${sub#explain-}
        "$bin" explain --config "$dir/config.ini" --month "$month" \
            ${ledger:+--ledger "$tmp/$name.before.db"} \
            --subscription "$sub" >"$tmp/$name.explain" 2>&1 || true
        if ! diff -u "$f" "$tmp/$name.explain"; then
            echo "FAIL $name: explain $sub differs from expected"
            ok=0
        fi
    done
    # measured_seconds worked out from the monitoring files themselves.
    if grep -q '^format *= *samples' "$dir/config.ini" &&
        ! python3 "$top/scripts/check-measured.py" "$dir" "$out/decisions.csv"; then
        echo "FAIL $name: measured_seconds differs from the samples' cover"
        ok=0
    fi
    if ! python3 "$top/scripts/check-manifest.py" "$out"; then
        echo "FAIL $name: manifest.json does not match the files"
        ok=0
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
done

[ "$mode" = run ] && exit 0
echo "samples: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# End-to-end samples. Each samples/<case>/ holds config.ini, month (YYYY-MM)
# and expected/{credits,decisions,windows}.csv worked out by hand, and where
# it has them expected/discrepancies.csv, the billing formats and
# expected/explain-<subscription>.txt.
# Samples with `samples` sources also get their measured_seconds checked
# against scripts/check-measured.py.
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
    if ! "$bin" run --config "$dir/config.ini" --month "$month" --out "$out" \
        --quiet 2>"$tmp/$name.stderr"; then
        echo "FAIL $name: slacredit exited non-zero:"
        cat "$tmp/$name.stderr"
        fail=$((fail + 1))
        continue
    fi
    ok=1
    # Billing formats and discrepancies are compared where a sample has them.
    for f in credits.csv decisions.csv windows.csv discrepancies.csv \
        credits.jsonl stripe-balance-transactions.csv killbill-requests.jsonl \
        chargebee-promotional-credits-add.csv \
        chargebee-promotional-credits-deduct.csv lago-wallet-transactions.jsonl; do
        case $f in
        credits.csv | decisions.csv | windows.csv) ;;
        *) [ -f "$dir/expected/$f" ] || continue ;;
        esac
        if ! diff -u "$dir/expected/$f" "$out/$f" >"$tmp/$name.$f.diff"; then
            echo "FAIL $name: $f differs from expected:"
            cat "$tmp/$name.$f.diff"
            ok=0
        fi
    done
    # expected/explain-<subscription>.txt: slacredit explain's text.
    for f in "$dir"/expected/explain-*.txt; do
        [ -f "$f" ] || continue
        sub=$(basename "$f" .txt)
        sub=${sub#explain-}
        "$bin" explain --config "$dir/config.ini" --month "$month" \
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

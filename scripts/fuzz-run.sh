#!/bin/sh
# Runs libFuzzer targets one after another (one core), each SECONDS long on
# DIR/corpus/<target> with tests/fuzz/<name>.dict when there is one, and
# prints the executions of each. A crash, leak, UB report or timeout stops
# with the target's exit status; the input is left as DIR/artifacts/<target>-*.
# Usage: scripts/fuzz-run.sh DIR SECONDS TARGET...
set -eu
dir=${1:?usage: fuzz-run.sh DIR SECONDS TARGET...}
secs=${2:?usage: fuzz-run.sh DIR SECONDS TARGET...}
shift 2
mkdir -p "$dir/artifacts" "$dir/logs"
summary=""
for t in "$@"; do
    mkdir -p "$dir/corpus/$t"
    dict=""
    name=${t#fuzz_}
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    log="$dir/logs/$t-${secs}s.log"
    # shellcheck disable=SC2086
    if ! "$dir/$t" -max_total_time="$secs" -max_len=8192 -timeout=10 \
         -rss_limit_mb=2048 -print_final_stats=1 \
         -artifact_prefix="$dir/artifacts/$t-" $dict "$dir/corpus/$t" \
         > "$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $t FAILED (log: $log)" >&2
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    summary="$summary$(printf '%-18s %12s executions in %ss' "$t" "${execs:-?}" "$secs")
"
done
printf 'fuzz: all targets clean\n%s' "$summary"

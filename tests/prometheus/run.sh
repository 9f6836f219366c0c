#!/bin/sh
# End-to-end test of format = prometheus against the real thing: Debian's
# prometheus and prometheus-blackbox-exporter on free loopback ports (temp
# config and storage, scrape_interval 1s) probing a small python3 HTTP
# server that is stopped for a known stretch and started again. Then
# `slacredit fetch` archives query_range over the month and `slacredit run`
# reads the archive: the downtime must equal the stretch within one scrape
# interval (a probe may land just before the stop or just after the
# restart), plus one step of rounding at each end. Every process started
# here is killed on exit.
#   tests/prometheus/run.sh BIN
# Prints "prometheus: N passed, M failed"; exits 1 when anything failed.
set -u

bin=${1:?usage: run.sh BIN}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
pass=0
fail=0
tmp=$(mktemp -d)
pids=
web=

cleanup()
{
    for p in $pids $web; do
        kill "$p" 2>/dev/null
    done
    for p in $pids $web; do
        wait "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
no_proxy='*'
export no_proxy

ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL $*"
    fail=$((fail + 1))
}

for b in prometheus prometheus-blackbox-exporter python3; do
    command -v "$b" >/dev/null || {
        echo "prometheus: $b is not installed (scripts/install-deps.sh)"
        exit 1
    }
done

# Three free loopback ports.
set -- $(python3 -c '
import socket
s = [socket.socket() for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
pweb=$1 pbb=$2 pprom=$3

mkdir -p "$tmp/www" "$tmp/data"
echo ok >"$tmp/www/index.html"
cat >"$tmp/blackbox.yml" <<YML
modules:
  http_2xx:
    prober: http
    timeout: 1s
YML
cat >"$tmp/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['http://127.0.0.1:$pweb/']
        labels:
          monitor: web-1
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:$pbb
YML

start_web()
{
    (cd "$tmp/www" && exec python3 -m http.server "$pweb" --bind 127.0.0.1 \
        >/dev/null 2>&1) &
    web=$!
}

wait_url()
{
    i=0
    while [ $i -lt 100 ]; do
        python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
            "$1" 2>/dev/null && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

prometheus-blackbox-exporter --config.file="$tmp/blackbox.yml" \
    --web.listen-address="127.0.0.1:$pbb" >"$tmp/bb.log" 2>&1 &
pids="$pids $!"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
    --web.listen-address="127.0.0.1:$pprom" >"$tmp/prom.log" 2>&1 &
pids="$pids $!"
start_web
wait_url "http://127.0.0.1:$pweb/" || { bad "the probe target did not start"; }
wait_url "http://127.0.0.1:$pbb/-/healthy" || { bad "blackbox did not start"; cat "$tmp/bb.log"; }
wait_url "http://127.0.0.1:$pprom/-/ready" || { bad "prometheus did not start"; cat "$tmp/prom.log"; }

# Up for a while, down for a known stretch, up again.
sleep 6
t_stop=$(date +%s.%N)
kill "$web"
wait "$web" 2>/dev/null
web=
sleep 20
t_start=$(date +%s.%N)
start_web
wait_url "http://127.0.0.1:$pweb/" || bad "the probe target did not restart"
sleep 6
stretch=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t_stop" "$t_start")

month=$(date -u +%Y-%m)
mkdir -p "$tmp/case"
cat >"$tmp/case/subscriptions.csv" <<CSV
subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,payment_method,starts_at,ends_at,resources
sub-1,cust-1,pro,uptime,100.00,EUR,subscription,card,2020-01-01T00:00:00Z,,web-1
CSV
cat >"$tmp/case/config.ini" <<INI
[roster]
path = subscriptions.csv

[monitoring "prom"]
path = archive/prom
format = prometheus
url = http://127.0.0.1:$pprom
query = probe_success{job="blackbox"}
resource_label = monitor
step = 1s

[policy "uptime"]
kind = tiers
evidence = monitoring
tier = 99.9 10
INI

if "$bin" fetch --config "$tmp/case/config.ini" --month "$month" \
    >"$tmp/fetch.out" 2>"$tmp/fetch.err"; then
    ok
else
    bad "fetch failed:"
    cat "$tmp/fetch.err"
fi
n=$(ls "$tmp/case/archive/prom" 2>/dev/null | grep -c '\.json$')
s=$(ls "$tmp/case/archive/prom" 2>/dev/null | grep -c '\.json\.sha256$')
# The month up to now in 1 s steps, in queries of at most 11,000 points.
want=$(python3 -c '
import calendar, time
t = int(time.time()); g = time.gmtime(t)
m0 = calendar.timegm((g.tm_year, g.tm_mon, 1, 0, 0, 0))
print(-(-(t + 1 - m0) // 11000))')
if [ "$n" -ge "$want" ] && [ "$n" -le $((want + 1)) ] && [ "$n" = "$s" ]; then
    ok
else
    bad "archive: $n responses, $s .sha256 files, want $want"
fi
(cd "$tmp/case/archive/prom" && sha256sum -c --quiet ./*.sha256) >/dev/null 2>&1 \
    && ok || bad "archive: a .sha256 does not match its response"

# The second fetch never overwrites: a second snapshot beside the first.
"$bin" fetch --config "$tmp/case/config.ini" --month "$month" >/dev/null 2>&1
n2=$(ls "$tmp/case/archive/prom" | grep -c '\.json$')
[ "$n2" = $((n * 2)) ] && ok || bad "second fetch: $n2 responses, want $((n * 2))"

# A query Prometheus refuses: exit 74 with its reason, nothing saved.
sed -e 's|^path = archive/prom$|path = archive/bad|' \
    -e 's|^query = .*|query = probe_success{job=|' \
    "$tmp/case/config.ini" >"$tmp/case/bad.ini"
"$bin" fetch --config "$tmp/case/bad.ini" --month "$month" \
    >/dev/null 2>"$tmp/bad.err"
rc=$?
if [ "$rc" = 74 ] && grep -q 'HTTP status 400.*parse error' "$tmp/bad.err" &&
    [ ! -e "$tmp/case/archive/bad" ]; then
    ok
else
    bad "refused query: exit $rc, $(cat "$tmp/bad.err")"
fi

# run reads only the archive: stop Prometheus first.
for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=
if "$bin" run --config "$tmp/case/config.ini" --month "$month" \
    --out "$tmp/out" --quiet 2>"$tmp/run.err"; then
    ok
else
    bad "run failed:"
    cat "$tmp/run.err"
fi
down=$(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["subscription_id"] == "sub-1":
        print(r["downtime_seconds"])' "$tmp/out/decisions.csv" 2>/dev/null)
if python3 -c "import sys; d = int(sys.argv[1]); s = float(sys.argv[2]); sys.exit(0 if abs(d - s) <= 1 + 1 else 1)" \
    "${down:-x}" "$stretch" 2>/dev/null; then
    ok
else
    bad "downtime ${down:-none} s, the target was down $stretch s"
fi
echo "prometheus: downtime ${down:-none} s for a stretch of $stretch s"
echo "prometheus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# End-to-end tests of `slacredit fetch` against tests/fetch/server.py, which
# serves Statuspage documents (and misbehaves on request) over HTTP and HTTPS
# on 127.0.0.1. The HTTPS certificate is made here, in a temporary folder.
#   tests/fetch/run.sh BIN      BIN: build/slacredit or build-san/slacredit
# Prints "fetch: N passed, M failed" and exits 1 when anything failed.
set -u

bin=${1:?usage: run.sh BIN}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
tmp=$(mktemp -d)
spid=

cleanup()
{
    if [ -n "$spid" ]; then
        kill "$spid" 2>/dev/null
        wait "$spid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# The test server is local: no proxy may stand in between.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
no_proxy='*'
NO_PROXY='*'
export no_proxy NO_PROXY

# Short timeouts and backoff so the whole file runs in seconds.
SLACREDIT_FETCH_TIMEOUT_MS=700
SLACREDIT_FETCH_CONNECT_TIMEOUT_MS=700
SLACREDIT_FETCH_BACKOFF_MS=50
SLACREDIT_FETCH_RETRIES=2
export SLACREDIT_FETCH_TIMEOUT_MS SLACREDIT_FETCH_CONNECT_TIMEOUT_MS \
    SLACREDIT_FETCH_BACKOFF_MS SLACREDIT_FETCH_RETRIES

if ! openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" \
    -out "$tmp/cert.pem" >"$tmp/openssl.log" 2>&1; then
    cat "$tmp/openssl.log"
    echo "fetch: 0 passed, 1 failed (cannot make a test certificate)"
    exit 1
fi
python3 "$here/server.py" --ready "$tmp/ready" --cert "$tmp/cert.pem" \
    --key "$tmp/key.pem" --log "$tmp/requests.log" &
spid=$!
i=0
while [ ! -s "$tmp/ready" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -s "$tmp/ready" ]; then
    echo "fetch: 0 passed, 1 failed (test server did not start)"
    exit 1
fi
read -r hport sport <"$tmp/ready"
http=http://127.0.0.1:$hport
https=https://127.0.0.1:$sport

# A port nobody listens on: bind one, note it, let it go.
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# cfg DIR NAME URL [NAME URL]...: writes DIR/config.ini with those pages.
cfg()
{
    d=$1
    shift
    mkdir -p "$d"
    {
        printf '[roster]\npath = subscriptions.csv\n\n'
        while [ $# -ge 2 ]; do
            printf '[statuspage "%s"]\nurl = %s\n\n' "$1" "$2"
            shift 2
        done
        printf '[policy "p"]\nkind = tiers\nevidence = statuspage\n'
        printf 'tier = 99.9 10\n'
    } >"$d/config.ini"
}

# fetch DIR [ARGS]...: runs the binary on DIR/config.ini for 2026-11, with
# stdout in DIR/out, stderr in DIR/err, exit code in $rc and wall time in
# $ms. $extra may hold VAR=VALUE settings for this run only; it is
# cleared afterwards.
extra=
fetch()
{
    d=$1
    shift
    t0=$(date +%s%N)
    env $extra "$bin" fetch --config "$d/config.ini" --month 2026-11 "$@" \
        >"$d/out" 2>"$d/err"
    rc=$?
    extra=
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
}

ok()
{
    pass=$((pass + 1))
}

bad()
{
    echo "FAIL $1"
    shift
    for f in "$@"; do
        [ -f "$f" ] && sed 's/^/    /' "$f"
    done
    fail=$((fail + 1))
}

# nfiles DIR: how many entries DIR holds (0 when it does not exist).
nfiles()
{
    if [ -d "$1" ]; then
        find "$1" -mindepth 1 -maxdepth 1 | wc -l | tr -d ' '
    else
        echo 0
    fi
}

# requests MODE ENDPOINT: how often the server saw that request.
requests()
{
    grep -c "^$1 $2 " "$tmp/requests.log"
}

# valid DIR: the snapshots in DIR check out with sha256sum and are the JSON
# the server sent.
valid()
{
    (cd "$1" && sha256sum -c --quiet ./*.sha256) >/dev/null 2>&1 &&
        python3 - "$1" <<'EOF'
import glob, json, os, sys
keys = {"incidents": "incidents", "components": "components",
        "scheduled-maintenances": "scheduled_maintenances"}
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
for f in files:
    ep = [e for e in keys if f.endswith("-%s.json" % e)]
    assert len(ep) == 1, f
    assert isinstance(json.load(open(f))[keys[ep[0]]], list), f
    sha = open(f + ".sha256").read()
    assert sha.endswith("  %s\n" % os.path.basename(f)), sha
EOF
}

# expect_failure NAME DIR RC PATTERN: the run exited RC, wrote nothing under
# DIR/a, and stderr matches PATTERN.
expect_failure()
{
    if [ "$rc" -ne "$3" ]; then
        bad "$1: exit $rc, want $3" "$2/out" "$2/err"
    elif [ "$(nfiles "$2/a/pub")" -ne 0 ]; then
        bad "$1: files written for a failing page" "$2/out" "$2/err"
    elif ! grep -q -- "$4" "$2/err"; then
        bad "$1: stderr does not match '$4'" "$2/err"
    else
        ok
    fi
}

# 1. A good page: three snapshots and their .sha256 files in the config's
# default folder (archive/<page> beside the config), a summary line.
d=$tmp/ok
cfg "$d" pub "$http/ok/"
fetch "$d"
if [ "$rc" -ne 0 ]; then
    bad "ok: exit $rc" "$d/out" "$d/err"
elif [ "$(nfiles "$d/archive/pub")" -ne 6 ]; then
    bad "ok: want 6 files in archive/pub" "$d/out"
elif ! valid "$d/archive/pub"; then
    bad "ok: snapshots do not check out"
elif ! grep -Eq '^pub: 4 incidents in 2026-11; first snapshot; saved .*/archive/pub/[0-9]{8}T[0-9]{6}Z-\*\.json$' "$d/out"; then
    bad "ok: summary line" "$d/out"
elif [ "$(grep -c "^ok incidents slacredit/" "$tmp/requests.log")" -ne 1 ]; then
    bad "ok: want one request with User-Agent slacredit/..." "$tmp/requests.log"
else
    ok
fi

# 2. A second snapshot of the same page: earlier files untouched, the
# summary counts new and updated incidents against the first snapshot.
(cd "$d/archive/pub" && sha256sum ./*) >"$d/before"
cfg "$d" pub "$http/ok2"
fetch "$d"
if [ "$rc" -ne 0 ]; then
    bad "second snapshot: exit $rc" "$d/out" "$d/err"
elif [ "$(nfiles "$d/archive/pub")" -ne 12 ]; then
    bad "second snapshot: want 12 files" "$d/out"
elif ! (cd "$d/archive/pub" && sha256sum -c --quiet "$d/before"); then
    bad "second snapshot: an earlier file changed"
elif ! valid "$d/archive/pub"; then
    bad "second snapshot: snapshots do not check out"
elif ! grep -Eq '^pub: 5 incidents in 2026-11; 1 new, 1 updated since [0-9]{8}T[0-9]{6}Z; saved ' "$d/out"; then
    bad "second snapshot: summary line" "$d/out"
else
    ok
fi

# 3. A taken name is never overwritten: with <stamp>-incidents.json present
# for the next seconds, the snapshot gets a -1 suffix.
d=$tmp/suffix
cfg "$d" pub "$http/ok"
mkdir -p "$d/a/pub"
now=$(date -u +%s)
for k in -1 0 1 2 3 4 5; do
    printf 'not ours\n' >"$d/a/pub/$(date -u -d "@$((now + k))" +%Y%m%dT%H%M%SZ)-incidents.json"
done
fetch "$d" --archive "$d/a"
n1=$(cd "$d/a/pub" && find . -name '*Z-1-*' | grep -Ec '^\./[0-9]{8}T[0-9]{6}Z-1-(incidents|components|scheduled-maintenances)\.json(\.sha256)?$')
if [ "$rc" -ne 0 ]; then
    bad "suffix: exit $rc" "$d/out" "$d/err"
elif [ "$n1" -ne 6 ]; then
    bad "suffix: want 6 files named <stamp>-1-*" "$d/out"
elif [ "$(cat "$d"/a/pub/*Z-incidents.json | grep -c '^not ours$')" -ne 7 ]; then
    bad "suffix: an existing file was overwritten"
elif ! grep -q 'not compared' "$d/out"; then
    bad "suffix: an unreadable previous snapshot should be reported" "$d/out"
else
    ok
fi

# 4. 500, then 200: the retry succeeds.
d=$tmp/flaky
cfg "$d" pub "$http/flaky"
fetch "$d" --archive "$d/a"
if [ "$rc" -ne 0 ] || [ "$(nfiles "$d/a/pub")" -ne 6 ]; then
    bad "500 then 200: exit $rc" "$d/out" "$d/err"
elif [ "$(requests flaky incidents)" -ne 2 ]; then
    bad "500 then 200: want 2 incidents requests" "$tmp/requests.log"
else
    ok
fi

# 5. 429 with Retry-After: 1 (seconds) is waited out, then succeeds.
d=$tmp/r429
cfg "$d" pub "$http/r429"
fetch "$d" --archive "$d/a"
if [ "$rc" -ne 0 ] || [ "$(nfiles "$d/a/pub")" -ne 6 ]; then
    bad "429 Retry-After 1: exit $rc" "$d/out" "$d/err"
elif [ "$ms" -lt 1000 ]; then
    bad "429 Retry-After 1: took $ms ms, want >= 1000"
elif [ "$(requests r429 incidents)" -ne 2 ]; then
    bad "429 Retry-After 1: want 2 incidents requests" "$tmp/requests.log"
else
    ok
fi

# 6. 429 with Retry-After as an HTTP date 2 s ahead.
d=$tmp/r429date
cfg "$d" pub "$http/r429date"
fetch "$d" --archive "$d/a"
if [ "$rc" -ne 0 ] || [ "$(nfiles "$d/a/pub")" -ne 6 ]; then
    bad "429 Retry-After date: exit $rc" "$d/out" "$d/err"
elif [ "$ms" -lt 1000 ]; then
    bad "429 Retry-After date: took $ms ms, want >= 1000"
else
    ok
fi

# 7. A server that stalls: the transfer times out (after retries), 74.
d=$tmp/stall
cfg "$d" pub "$http/stall"
extra=SLACREDIT_FETCH_RETRIES=1
fetch "$d" --archive "$d/a"
expect_failure "stall" "$d" 74 "$http/stall/api/v2/incidents.json: .*timed out"
if [ "$ms" -gt 5000 ]; then
    bad "stall: took $ms ms; the timeout did not apply"
fi

# 8. A truncated body (Content-Length larger than what is sent), 74.
d=$tmp/trunc
cfg "$d" pub "$http/trunc"
fetch "$d" --archive "$d/a"
expect_failure "truncated body" "$d" 74 "$http/trunc/api/v2/incidents.json: "

# 9. A body that is not JSON, 65.
d=$tmp/badjson
cfg "$d" pub "$http/badjson"
fetch "$d" --archive "$d/a"
expect_failure "invalid JSON" "$d" 65 "incidents.json:1: not JSON"

# 10. JSON of the wrong shape, 65.
d=$tmp/badshape
cfg "$d" pub "$http/badshape"
fetch "$d" --archive "$d/a"
expect_failure "wrong shape" "$d" 65 'array "incidents"'

# 11. A 302 to another path is followed.
d=$tmp/redirect
cfg "$d" pub "$http/redirect"
n0=$(requests ok components)
fetch "$d" --archive "$d/a"
if [ "$rc" -ne 0 ] || [ "$(nfiles "$d/a/pub")" -ne 6 ] || ! valid "$d/a/pub"; then
    bad "redirect: exit $rc" "$d/out" "$d/err"
elif [ "$(requests ok components)" -ne $((n0 + 1)) ]; then
    bad "redirect: the target was not requested" "$tmp/requests.log"
else
    ok
fi

# 12. Endless redirects stop at 5, 74.
d=$tmp/redirloop
cfg "$d" pub "$http/redirloop"
fetch "$d" --archive "$d/a"
expect_failure "redirect loop" "$d" 74 "redirects"

# 13. Redirects to other protocols, or from https to http, are refused.
d=$tmp/redirftp
cfg "$d" pub "$http/redirftp"
fetch "$d" --archive "$d/a"
expect_failure "redirect to ftp" "$d" 74 "refused a redirect to ftp://"
d=$tmp/tohttp
cfg "$d" pub "$https/tohttp"
fetch "$d" --archive "$d/a" --cacert "$tmp/cert.pem"
expect_failure "redirect https to http" "$d" 74 "refused a redirect to http://"

# 14. Bodies over the size limit, with and without Content-Length, 65.
d=$tmp/big
cfg "$d" pub "$http/big"
extra=SLACREDIT_FETCH_MAX_BODY=100000
fetch "$d" --archive "$d/a"
expect_failure "body limit (Content-Length)" "$d" 65 "larger than 100000 bytes"
d=$tmp/bigchunk
cfg "$d" pub "$http/bigchunk"
extra=SLACREDIT_FETCH_MAX_BODY=100000
fetch "$d" --archive "$d/a"
expect_failure "body limit (streamed)" "$d" 65 "larger than 100000 bytes"

# A 10 MB response header is refused as such, with the URL (not libcurl's
# "Out of memory").
d=$tmp/bighdr
cfg "$d" pub "$http/bighdr"
fetch "$d" --archive "$d/a"
expect_failure "header limit" "$d" 65 "$http/bighdr/api/v2/[a-z-]*.json: response header larger than 262144 bytes"

# fetch --archive '' is a usage error, never the filesystem root.
d=$tmp/emptyarchive
cfg "$d" pub "$http/ok/"
fetch "$d" --archive ""
expect_failure "empty --archive" "$d" 64 "--archive: empty folder name"

# 15. One endpoint failing keeps the page's good endpoints unwritten too.
d=$tmp/partial
cfg "$d" pub "$http/partial"
fetch "$d" --archive "$d/a"
expect_failure "one endpoint fails" "$d" 74 "components.json: HTTP status 500"

# 16. A 404 is not retried, 74.
d=$tmp/notfound
cfg "$d" pub "$http/notfound"
fetch "$d" --archive "$d/a"
expect_failure "404" "$d" 74 "HTTP status 404"
if [ "$(requests notfound incidents)" -ne 1 ]; then
    bad "404: was retried" "$tmp/requests.log"
fi

# 17. An unreachable page: 74, the message names the URL and curl's error.
d=$tmp/dead
cfg "$d" pub "http://127.0.0.1:$dead"
fetch "$d" --archive "$d/a"
expect_failure "unreachable" "$d" 74 \
    "http://127.0.0.1:$dead/api/v2/incidents.json: cannot fetch: .*connect"

# 18. HTTPS with a self-signed certificate: rejected without --cacert,
# accepted with it; a --cacert that cannot be read is 66.
d=$tmp/tls
cfg "$d" pub "$https/ok"
fetch "$d" --archive "$d/a"
expect_failure "https, untrusted" "$d" 74 "$https/ok/api/v2/incidents.json: .*certificate"
fetch "$d" --archive "$d/a" --cacert "$tmp/cert.pem"
if [ "$rc" -ne 0 ] || [ "$(nfiles "$d/a/pub")" -ne 6 ] || ! valid "$d/a/pub"; then
    bad "https with --cacert: exit $rc" "$d/out" "$d/err"
else
    ok
fi
d=$tmp/tlsmissing
cfg "$d" pub "$https/ok"
fetch "$d" --archive "$d/a" --cacert "$tmp/no-such.pem"
expect_failure "missing --cacert file" "$d" 66 "no-such.pem"

# 19. Two pages, one failing: the good one is written, the bad one not,
# and the run still exits 74.
d=$tmp/two
cfg "$d" good "$http/ok" broken "$http/notfound"
fetch "$d" --archive "$d/a"
if [ "$rc" -ne 74 ]; then
    bad "two pages: exit $rc, want 74" "$d/out" "$d/err"
elif [ "$(nfiles "$d/a/good")" -ne 6 ] || [ "$(nfiles "$d/a/broken")" -ne 0 ]; then
    bad "two pages: want 6 files for good, none for broken" "$d/out"
elif ! grep -q '^good: 4 incidents' "$d/out" ||
    ! grep -q '^broken: failed, nothing saved' "$d/out"; then
    bad "two pages: summary lines" "$d/out"
else
    ok
fi

# 20. No temporary files are left behind anywhere.
if find "$tmp" -name '.slacredit-*' | grep -q .; then
    bad "temporary files left behind"
    find "$tmp" -name '.slacredit-*'
else
    ok
fi

# 21. A bad tuning variable is a usage error.
d=$tmp/badenv
cfg "$d" pub "$http/ok"
extra=SLACREDIT_FETCH_RETRIES=lots
fetch "$d" --archive "$d/a"
expect_failure "bad SLACREDIT_FETCH_RETRIES" "$d" 64 "SLACREDIT_FETCH_RETRIES"

echo "fetch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

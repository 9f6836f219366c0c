#!/bin/sh
# End-to-end tests of `slacredit push` against tests/push/standin.py: local
# HTTPS stand-ins for the Stripe and Kill Bill endpoints push uses (they are
# not the real services). The month is samples/nexnodo's July 2026 (four
# money credits: nx-01..nx-04); the certificate is made here.
#   tests/push/run.sh BIN      BIN: build/slacredit or build-san/slacredit
# Prints "push: N passed, M failed" and exits 1 when anything failed.
set -u

bin=${1:?usage: run.sh BIN}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
pass=0
fail=0
tmp=$(mktemp -d)
pids=

cleanup()
{
    for p in $pids; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
no_proxy='*'
NO_PROXY='*'
export no_proxy NO_PROXY
SLACREDIT_FETCH_TIMEOUT_MS=2000
SLACREDIT_FETCH_CONNECT_TIMEOUT_MS=1000
SLACREDIT_FETCH_BACKOFF_MS=20
SLACREDIT_FETCH_RETRIES=2
export SLACREDIT_FETCH_TIMEOUT_MS SLACREDIT_FETCH_CONNECT_TIMEOUT_MS \
    SLACREDIT_FETCH_BACKOFF_MS SLACREDIT_FETCH_RETRIES

ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL $*"
    fail=$((fail + 1))
}

if ! openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" \
    -out "$tmp/cert.pem" >"$tmp/openssl.log" 2>&1; then
    cat "$tmp/openssl.log"
    echo "push: 0 passed, 1 failed (cannot make a test certificate)"
    exit 1
fi
for sys in stripe killbill; do
    python3 "$here/standin.py" --system $sys --ready "$tmp/$sys.port" \
        --cert "$tmp/cert.pem" --key "$tmp/key.pem" &
    pids="$pids $!"
done
i=0
while { [ ! -s "$tmp/stripe.port" ] || [ ! -s "$tmp/killbill.port" ]; } &&
    [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -s "$tmp/stripe.port" ] || [ ! -s "$tmp/killbill.port" ]; then
    echo "push: 0 passed, 1 failed (stand-ins did not start)"
    exit 1
fi
sport=$(cat "$tmp/stripe.port")
kport=$(cat "$tmp/killbill.port")

# Test controls of the stand-ins (not part of either API).
ctl() { # system op [query]
    port=$sport
    [ "$1" = killbill ] && port=$kport
    python3 - "$port" "$2" "${3:-}" "$tmp/cert.pem" <<'PY'
import json, ssl, sys, urllib.request
port, op, q, ca = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca)
method = "GET" if op == "state" else "POST"
req = urllib.request.Request("https://127.0.0.1:%s/_test/%s?%s" % (port, op, q),
                             data=None if method == "GET" else b"", method=method)
print(urllib.request.urlopen(req, context=ctx).read().decode())
PY
}
# state system: "objects committed max-per-adjustment"
state() {
    ctl "$1" state | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["objects"], s["committed"], max(s["by_adjustment"].values() or [0]))'
}

# The month's outputs.
"$bin" run --config "$top/samples/nexnodo/config.ini" --month 2026-07 \
    --out "$tmp/out" --quiet || { echo "push: cannot run the sample"; exit 1; }

STRIPE_API_KEY=sk_test_standin
STRIPE_API_BASE=https://127.0.0.1:$sport
KILLBILL_URL=https://127.0.0.1:$kport
KILLBILL_USER=admin
KILLBILL_PASSWORD=password
KILLBILL_API_KEY=bob
KILLBILL_API_SECRET=lazar
export STRIPE_API_KEY STRIPE_API_BASE KILLBILL_URL KILLBILL_USER \
    KILLBILL_PASSWORD KILLBILL_API_KEY KILLBILL_API_SECRET

push() { # system [args...]; stdout, stderr and rc in $tmp/o, $tmp/e, $rc
    sys=$1
    shift
    "$bin" push --system "$sys" --month 2026-07 --out "$tmp/out" \
        --cacert "$tmp/cert.pem" "$@" >"$tmp/o" 2>"$tmp/e"
    rc=$?
}

expect() { # name want-rc want-state system
    if [ "$rc" -ne "$2" ]; then
        bad "$1: exit $rc, want $2"
        cat "$tmp/e"
        return
    fi
    got=$(state "$4")
    if [ "$got" != "$3" ]; then
        bad "$1: stand-in holds \"$got\", want \"$3\""
        cat "$tmp/o" "$tmp/e"
        return
    fi
    if grep -q -e sk_test_standin -e password -e lazar "$tmp/o" "$tmp/e"; then
        bad "$1: a credential was printed"
        return
    fi
    ok
}

grep_out() { # name pattern file
    if grep -q -- "$2" "$3"; then ok; else
        bad "$1: no \"$2\" in:"
        cat "$3"
    fi
}

for sys in stripe killbill; do
    # 1. Dry run: prints what it would create, creates nothing.
    ctl $sys reset >/dev/null
    push $sys
    expect "$sys dry run" 0 "0 0 0" $sys
    [ "$(grep -c '^create ' "$tmp/o")" = 4 ] && ok ||
        bad "$sys dry run: want 4 create lines" "$(cat "$tmp/o")"
    grep_out "$sys dry run" "push $sys: 4 to create, 0 already there" "$tmp/o"

    # 2. --apply creates the four, once each (Kill Bill: committed).
    push $sys --apply
    if [ $sys = stripe ]; then
        expect "$sys apply" 0 "4 0 1" $sys
    else
        expect "$sys apply" 0 "4 4 1" $sys
    fi
    grep_out "$sys apply" "push $sys: 4 created, 0 already there" "$tmp/o"

    # 3. Again: everything is found in the listing, nothing created.
    push $sys --apply
    [ $sys = stripe ] && want="4 0 1" || want="4 4 1"
    expect "$sys re-push" 0 "$want" $sys
    grep_out "$sys re-push" "push $sys: 0 created, 4 already there" "$tmp/o"
    grep_out "$sys re-push" "^exists  2026-07:nx-02:nexnodo-wallet " "$tmp/o"

    # 4. Interrupted after the second object was created (its answer lost,
    #    the service then unreachable): it fails; run again, it completes
    #    without a duplicate.
    ctl $sys reset >/dev/null
    ctl $sys down_after n=2 >/dev/null
    push $sys --apply
    if [ "$rc" -ne 74 ]; then
        bad "$sys interrupted: exit $rc, want 74"
        cat "$tmp/e"
    else
        ok
    fi
    grep_out "$sys interrupted" "2026-07:nx-02:nexnodo-wallet" "$tmp/e"
    ctl $sys up >/dev/null
    push $sys --apply
    [ $sys = stripe ] && want="4 0 1" || want="4 4 1"
    expect "$sys resumed" 0 "$want" $sys
    grep_out "$sys resumed" "push $sys: 2 created, 2 already there" "$tmp/o"

    # 5. A refusal (nx-02's account holds another currency) names the
    #    adjustment and the system's error; nothing after it is sent; once
    #    fixed, a re-push completes without duplicates.
    ctl $sys reset >/dev/null
    if [ $sys = stripe ]; then
        ctl $sys currency "account=cus_QnX1aB2cD3eF02&currency=usd" >/dev/null
    else
        ctl $sys currency "account=9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a02&currency=USD" >/dev/null
    fi
    push $sys --apply
    [ $sys = stripe ] && want="1 0 1" || want="1 1 1"
    expect "$sys refusal" 65 "$want" $sys
    if [ $sys = stripe ]; then
        grep_out "$sys refusal" "2026-07:nx-02:nexnodo-wallet: refused by Stripe: HTTP 400: The currency eur does not match" "$tmp/e"
    else
        grep_out "$sys refusal" "2026-07:nx-02:nexnodo-wallet: refused by Kill Bill: HTTP 400: CURRENCY_INVALID" "$tmp/e"
    fi
    ctl $sys reset >/dev/null
    push $sys --apply
    ctl $sys reset >/dev/null
done

# 6. Stripe forgets idempotency keys after 24 hours: a re-push a month later
#    still creates nothing, because push lists what the customer holds.
ctl stripe reset >/dev/null
push stripe --apply
ctl stripe clock advance=2678400 >/dev/null
push stripe --apply
expect "stripe a month later" 0 "4 0 1" stripe
# ... whereas the same request replayed without that listing would
# duplicate: the stand-in really forgets the key.
python3 - "$sport" "$tmp/cert.pem" <<'PY' && ok || bad "stand-in: an expired key must not be replayed"
import ssl, sys, urllib.request, json
port, ca = sys.argv[1:3]
ctx = ssl.create_default_context(cafile=ca)
body = b"amount=-400&currency=usd&description=x&metadata[adjustment_id]=2026-07:nx-01:nexnodo-wallet"
req = urllib.request.Request("https://127.0.0.1:%s/v1/customers/cus_QnX1aB2cD3eF01/balance_transactions" % port,
    data=body, headers={"Authorization": "Bearer sk_test_standin",
                        "Idempotency-Key": "2026-07:nx-01:nexnodo-wallet"})
r = urllib.request.urlopen(req, context=ctx)
sys.exit(0 if r.headers.get("Idempotent-Replayed") is None else 1)
PY
ctl stripe reset >/dev/null

# 7. Kill Bill books a multi-item credit on the first item's account: the
#    stand-in does, which is why push sends one item per request.
ctl killbill reset >/dev/null
python3 - "$kport" "$tmp/cert.pem" <<'PY' && ok || bad "stand-in: first-item account behaviour"
import base64, json, ssl, sys, urllib.request
port, ca = sys.argv[1:3]
ctx = ssl.create_default_context(cafile=ca)
a1, a2 = "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a01", "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a05"
body = json.dumps([{"accountId": a1, "amount": 1, "currency": "USD"},
                   {"accountId": a2, "amount": 2, "currency": "USD"}]).encode()
h = {"Authorization": "Basic " + base64.b64encode(b"admin:password").decode(),
     "X-Killbill-ApiKey": "bob", "X-Killbill-ApiSecret": "lazar",
     "X-Killbill-CreatedBy": "t", "Content-Type": "application/json"}
r = json.load(urllib.request.urlopen(urllib.request.Request(
    "https://127.0.0.1:%s/1.0/kb/credits?autoCommit=true" % port, data=body, headers=h), context=ctx))
sys.exit(0 if [i["accountId"] for i in r] == [a1, a1] else 1)
PY
ctl killbill reset >/dev/null

# 8. TLS is verified: without --cacert the stand-in's certificate is
#    refused and nothing is sent.
"$bin" push --system stripe --month 2026-07 --out "$tmp/out" --apply \
    >"$tmp/o" 2>"$tmp/e"
rc=$?
expect "stripe without --cacert" 74 "0 0 0" stripe

# 9. Credentials and URLs come from the environment only.
(unset STRIPE_API_KEY; push stripe --apply; echo $rc >"$tmp/rc")
rc=$(cat "$tmp/rc")
expect "stripe without a key" 78 "0 0 0" stripe
grep_out "no key" "environment variable STRIPE_API_KEY is not set" "$tmp/e"
(KILLBILL_URL=http://127.0.0.1:$kport; push killbill; echo $rc >"$tmp/rc")
rc=$(cat "$tmp/rc")
expect "killbill over http" 78 "0 0 0" killbill

# 10. A file changed after the run does not match manifest.json.
cp -r "$tmp/out" "$tmp/out2"
sed -i 's/-400,usd/-4000,usd/' "$tmp/out2/stripe-balance-transactions.csv"
"$bin" push --system stripe --month 2026-07 --out "$tmp/out2" \
    --cacert "$tmp/cert.pem" --apply >"$tmp/o" 2>"$tmp/e"
rc=$?
expect "changed file" 65 "0 0 0" stripe
grep_out "changed file" "SHA-256 differs from manifest.json" "$tmp/e"

# 11. The listing is read page by page: nx-01's transaction, followed by
#     150 newer ones of the same customer, is still found.
ctl stripe reset >/dev/null
push stripe --apply
ctl stripe filler "customer=cus_QnX1aB2cD3eF01&currency=usd&n=150" >/dev/null
push stripe --apply
expect "stripe paged listing" 0 "154 0 1" stripe
grep_out "stripe paged listing" "push stripe: 0 created, 4 already there" "$tmp/o"
ctl stripe reset >/dev/null

# 12. A correction that takes money back: a positive Stripe balance
#     transaction, a Kill Bill external charge. The folder is made here with
#     its manifest, as a run writes it.
mkdir -p "$tmp/back"
python3 - "$tmp/back" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
acct = "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a01"
files = {
    "stripe-balance-transactions.csv":
        "customer,amount,currency,description,metadata[adjustment_id],"
        "metadata[rounded_from],idempotency_key\n"
        "cus_QnX1aB2cD3eF01,150,usd,SLA credit correction r1 2026-07 nx-01,"
        "2026-07:nx-01:nexnodo-wallet:r1,,2026-07:nx-01:nexnodo-wallet:r1\n",
    "killbill-requests.jsonl":
        '{"adjustment_id":"2026-07:nx-01:nexnodo-wallet:r1","method":"POST",'
        '"path":"/1.0/kb/invoices/charges/%s?autoCommit=true","body":[{'
        '"accountId":"%s","amount":1.50,"currency":"USD","description":'
        '"SLA credit correction r1 2026-07 nx-01","itemDetails":'
        '"{\\"adjustment_id\\":\\"2026-07:nx-01:nexnodo-wallet:r1\\"}"}]}\n'
        % (acct, acct),
}
outs = []
for name, text in files.items():
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
    outs.append({"name": name, "sha256": hashlib.sha256(text.encode()).hexdigest()})
with open(os.path.join(d, "manifest.json"), "w") as f:
    json.dump({"outputs": outs}, f)
PY
for sys in stripe killbill; do
    ctl $sys reset >/dev/null
    "$bin" push --system $sys --month 2026-07 --out "$tmp/back" \
        --cacert "$tmp/cert.pem" --apply >"$tmp/o" 2>"$tmp/e"
    rc=$?
    [ $sys = stripe ] && want="1 0 1" || want="1 1 1"
    expect "$sys take-back" 0 "$want" $sys
done
ctl killbill state | grep -q '"types": \["EXTERNAL_CHARGE"\]' && ok ||
    bad "killbill take-back: want one EXTERNAL_CHARGE item"
python3 - "$sport" "$tmp/cert.pem" <<'PY' && ok || bad "stripe take-back: want amount +150"
import json, ssl, sys, urllib.request
port, ca = sys.argv[1:3]
ctx = ssl.create_default_context(cafile=ca)
req = urllib.request.Request("https://127.0.0.1:%s/v1/customers/cus_QnX1aB2cD3eF01/balance_transactions" % port,
                             headers={"Authorization": "Bearer sk_test_standin"})
d = json.load(urllib.request.urlopen(req, context=ctx))["data"]
sys.exit(0 if [t["amount"] for t in d] == [150] else 1)
PY
ctl stripe reset >/dev/null
ctl killbill reset >/dev/null

# 13. --ledger: each created object is recorded with its remote id, and
#     what the ledger records is skipped without asking the system (the
#     stand-in is emptied in between: nothing is created again).
"$bin" run --config "$top/samples/nexnodo/config.ini" --month 2026-07 \
    --out "$tmp/lout" --ledger "$tmp/ledger.db" --quiet ||
    bad "ledger: the run failed"
ctl stripe reset >/dev/null
"$bin" push --system stripe --month 2026-07 --out "$tmp/lout" \
    --cacert "$tmp/cert.pem" --ledger "$tmp/ledger.db" --apply \
    >"$tmp/o" 2>"$tmp/e"
rc=$?
expect "ledger push" 0 "4 0 1" stripe
"$bin" ledger list --ledger "$tmp/ledger.db" >"$tmp/list" 2>&1
[ "$(grep -c cbtxn_ "$tmp/list")" = 4 ] && ok ||
    bad "ledger push: want 4 recorded Stripe ids" "$(cat "$tmp/list")"
ctl stripe reset >/dev/null
"$bin" push --system stripe --month 2026-07 --out "$tmp/lout" \
    --cacert "$tmp/cert.pem" --ledger "$tmp/ledger.db" --apply \
    >"$tmp/o" 2>"$tmp/e"
rc=$?
expect "ledger re-push" 0 "0 0 0" stripe
grep_out "ledger re-push" "push stripe: 0 created, 4 already there" "$tmp/o"
ctl stripe reset >/dev/null

echo "push: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

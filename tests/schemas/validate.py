#!/usr/bin/env python3
"""Validates the billing files of an output folder against the billing
systems' published request schemas (the JSON files beside this script; each
names its source, commit and licence). The Stripe and Lago files hold the
published schema unchanged; limits a system documents but its schema does not
carry are checked here beside it, each with its source. Usage: validate.py
OUTDIR, or validate.py --self-test, which checks that requests in a wrong
shape are refused. Exits 1 on the first problem, printing FILE:LINE and the
reason."""
import csv
import json
import os
import re
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

HERE = os.path.dirname(os.path.abspath(__file__))
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def load(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


def retrieve(uri):
    # The Lago fragments refer to each other as "./Name.yaml", as in
    # lago-openapi's src/schemas/; each is committed as lago-Name.json.
    name = os.path.basename(uri)
    if not name.endswith(".yaml"):
        raise KeyError(uri)
    return Resource.from_contents(load("lago-%s.json" % name[:-5]),
                                  default_specification=DRAFT7)


def schema(name):
    return jsonschema.Draft7Validator(load(name),
                                      format_checker=jsonschema.FormatChecker(),
                                      registry=Registry(retrieve=retrieve))


STRIPE = schema("stripe-customer-balance-transaction-create.json")
KILLBILL = schema("killbill-invoice-item.json")
CHARGEBEE = schema("chargebee-promotional-credit-add.json")
LAGO = schema("lago-wallet-transaction-create-input.json")


# Stripe limits documented in its API reference but absent from the published
# spec3.json fragment (which says only "in lowercase" of currency, gives it
# the format "currency" that no JSON Schema validator knows, and types
# metadata as a map of strings): currency a three-letter ISO code in
# lowercase; metadata keys at most 40 characters, values at most 500
# (docs.stripe.com/api/metadata); the Idempotency-Key header at most 255
# characters (docs.stripe.com/api/idempotent_requests).
STRIPE_CURRENCY = re.compile(r"[a-z]{3}")
STRIPE_META_KEY_MAX = 40
STRIPE_META_VALUE_MAX = 500
STRIPE_IDEMPOTENCY_KEY_MAX = 255


class Bad(Exception):
    pass


def check(validator, doc, where):
    errs = sorted(validator.iter_errors(doc), key=str)
    if errs:
        raise Bad("%s: %s" % (where, errs[0].message))


def stripe_rows(lines, name):
    rows = list(csv.reader(lines))
    if rows[0] != ["customer", "amount", "currency", "description",
                   "metadata[adjustment_id]", "metadata[rounded_from]",
                   "idempotency_key"]:
        raise Bad("%s:1: header %r" % (name, rows[0]))
    for n, r in enumerate(rows[1:], 2):
        where = "%s:%d" % (name, n)
        if len(r) != 7 or not r[0]:
            raise Bad("%s: want 7 fields and a customer" % where)
        try:
            amount = int(r[1])
        except ValueError:
            raise Bad("%s: amount is not an integer: %s" % (where, r[1]))
        if amount == 0:
            raise Bad("%s: amount 0" % where)
        meta = {"adjustment_id": r[4]}
        if r[5]:
            meta["rounded_from"] = r[5]
        check(STRIPE, {"amount": amount, "currency": r[2],
                       "description": r[3], "metadata": meta}, where)
        if not STRIPE_CURRENCY.fullmatch(r[2]):
            raise Bad("%s: currency %r is not a lowercase ISO code"
                      % (where, r[2]))
        for k, v in meta.items():
            if len(k) > STRIPE_META_KEY_MAX or len(v) > STRIPE_META_VALUE_MAX:
                raise Bad("%s: metadata %s over Stripe's key/value limits"
                          % (where, k))
        if not 1 <= len(r[6]) <= STRIPE_IDEMPOTENCY_KEY_MAX:
            raise Bad("%s: idempotency key length %d" % (where, len(r[6])))


def killbill_lines(lines, name):
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (name, n)
        try:
            req = json.loads(line)
        except ValueError as e:
            raise Bad("%s: not JSON: %s" % (where, e))
        body = req.get("body")
        if req.get("method") != "POST" or not isinstance(body, list) \
                or len(body) != 1:
            raise Bad("%s: want a POST with exactly one item" % where)
        item = body[0]
        check(KILLBILL, item, where)
        path = req.get("path", "")
        credit = path == "/1.0/kb/credits?autoCommit=true"
        charge = re.fullmatch(r"/1\.0/kb/invoices/charges/(%s)\?autoCommit=true"
                              % UUID, path)
        if not credit and not (charge and charge.group(1) == item["accountId"]):
            raise Bad("%s: path %s" % (where, path))
        if not (isinstance(item.get("amount"), (int, float))
                and item["amount"] > 0 and item["amount"] < 1000000):
            raise Bad("%s: amount %r outside (0, 10^6)" % (where,
                                                          item.get("amount")))
        if len(item.get("description", "").encode()) > 255:
            raise Bad("%s: description over 255 bytes" % where)
        if json.loads(item.get("itemDetails", "{}")).get("adjustment_id") \
                != req.get("adjustment_id"):
            raise Bad("%s: itemDetails does not carry the adjustment id" % where)


def chargebee_rows(lines, name):
    rows = list(csv.DictReader(lines))
    for n, r in enumerate(rows, 2):
        doc = dict(r)
        try:
            doc["amount"] = int(doc["amount"])
        except (KeyError, ValueError):
            raise Bad("%s:%d: amount" % (name, n))
        check(CHARGEBEE, doc, "%s:%d" % (name, n))


def lago_lines(lines, name):
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (name, n)
        doc = json.loads(line)
        check(LAGO, doc, where)
        t = dict(doc.get("wallet_transaction", {}))
        meta = t.pop("metadata", None)
        if sorted(k for k in ("granted_credits", "voided_credits",
                              "paid_credits") if k in t) not in (
                ["granted_credits"], ["voided_credits"]):
            raise Bad("%s: want granted_credits or voided_credits" % where)
        if not (isinstance(meta, list) and len(meta) == 1
                and meta[0].get("key") == "adjustment_id"
                and meta[0].get("value")):
            raise Bad("%s: metadata must carry the adjustment id" % where)
        if set(t) - {"wallet_id", "granted_credits", "voided_credits"}:
            raise Bad("%s: unknown field" % where)


CHECKS = {
    "stripe-balance-transactions.csv": stripe_rows,
    "killbill-requests.jsonl": killbill_lines,
    "chargebee-promotional-credits-add.csv": chargebee_rows,
    "chargebee-promotional-credits-deduct.csv": chargebee_rows,
    "lago-wallet-transactions.jsonl": lago_lines,
}


def validate_dir(d):
    seen = 0
    for name, fn in CHECKS.items():
        p = os.path.join(d, name)
        if not os.path.exists(p):
            continue
        with open(p, newline="") as f:
            lines = f.read().splitlines()
        fn(lines, name)
        seen += 1
    return seen


KB = "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a01"
GOOD_KB = ('{"adjustment_id":"a","method":"POST","path":"/1.0/kb/credits?'
           'autoCommit=true","body":[{"accountId":"%s","amount":4.00,'
           '"currency":"USD","description":"d","itemDetails":'
           '"{\\"adjustment_id\\":\\"a\\"}"}]}' % KB)
GOOD_CHARGE = GOOD_KB.replace("/1.0/kb/credits?",
                              "/1.0/kb/invoices/charges/%s?" % KB)
# Requests in shapes the systems refuse or misbook; each must be rejected.
BAD = [
    (killbill_lines, GOOD_KB.replace('"amount":4.00', '"amount":"4.00"')),
    (killbill_lines, GOOD_KB.replace('"amount":4.00', '"amount":-4.00')),
    (killbill_lines, GOOD_KB.replace('"currency":"USD"', '"currency":"VES"')),
    (killbill_lines, GOOD_KB.replace(KB, "cust-1")),
    (killbill_lines, GOOD_KB.replace("?autoCommit=true", "")),
    (killbill_lines, GOOD_CHARGE.replace(KB + "?", KB[:-1] + "2?")),
    (killbill_lines, GOOD_KB.replace('}]}', '},{"accountId":"%s"}]}' % KB)),
    (killbill_lines, GOOD_KB.replace('"description":"d"',
                                     '"description":"%s"' % ("x" * 256))),
    (lago_lines, '{"wallet_transaction":{"wallet_id":"%s","granted_credits":'
                 '"-1.00","metadata":[{"key":"adjustment_id","value":"a"}]}}'
                 % KB),
    (lago_lines, '{"wallet_transaction":{"wallet_id":"w1","granted_credits":'
                 '"1.00","metadata":[{"key":"adjustment_id","value":"a"}]}}'),
    (chargebee_rows, "customer_id,amount,currency_code,description,"
                     "credit_type,reference\nc1,-5,USD,d,general,a"),
    (chargebee_rows, "customer_id,amount,currency_code,description,"
                     "credit_type,reference\nc1,5,USD,d,promo,a"),
    (stripe_rows, "customer,amount,currency,description,"
                  "metadata[adjustment_id],metadata[rounded_from],"
                  "idempotency_key\ncus_1,-1.5,usd,d,a,,a"),
    (stripe_rows, "customer,amount,currency,description,"
                  "metadata[adjustment_id],metadata[rounded_from],"
                  "idempotency_key\ncus_1,-150,USD,d,a,,a"),
    (stripe_rows, "customer,amount,currency,description,"
                  "metadata[adjustment_id],metadata[rounded_from],"
                  "idempotency_key\ncus_1,-150,usd,d,a,,%s" % ("k" * 256)),
    (stripe_rows, "customer,amount,currency,description,"
                  "metadata[adjustment_id],metadata[rounded_from],"
                  "idempotency_key\ncus_1,-150,usd,%s,a,,a" % ("x" * 351)),
    (stripe_rows, "customer,amount,currency,description,"
                  "metadata[adjustment_id],metadata[rounded_from],"
                  "idempotency_key\ncus_1,-150,usd,d,%s,,a" % ("a" * 501)),
    (lago_lines, '{"wallet_transaction":{"wallet_id":"%s","granted_credits":'
                 '"1.00","metadata":[{"key":"adjustment_id","value":7}]}}'
                 % KB),
    (lago_lines, '{"wallet_transaction":{"wallet_id":"%s","granted_credits":'
                 '"1.00","metadata":{"adjustment_id":"a"}}}' % KB),
]


def self_test():
    killbill_lines([GOOD_KB, GOOD_CHARGE], "good")
    for i, (fn, text) in enumerate(BAD):
        try:
            fn(text.splitlines(), "bad-%d" % i)
        except Bad:
            continue
        raise Bad("bad-%d: a wrong shape passed: %s" % (i, text[:80]))
    return len(BAD)


def main():
    try:
        if sys.argv[1:] == ["--self-test"]:
            print("schemas: %d wrong shapes refused" % self_test())
            return 0
        n = validate_dir(sys.argv[1])
        if n == 0:
            raise Bad("%s: no billing file to validate" % sys.argv[1])
        print("schemas: %d billing files valid" % n)
        return 0
    except Bad as e:
        print("schemas: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

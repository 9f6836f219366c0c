#!/usr/bin/env python3
"""Local HTTPS stand-ins for the billing-system endpoints `slacredit push`
uses. They are NOT Stripe or Kill Bill: they follow the public API
references for exactly these endpoints, closely enough to test push.

    standin.py --system stripe|killbill --ready FILE --cert CERT --key KEY

Binds a free port on 127.0.0.1, writes it to FILE once listening, serves
until killed.

Stripe (docs.stripe.com/api/customer_balance_transactions):
  GET  /v1/customers/{id}/balance_transactions?limit=&starting_after=
       a list, newest first, with has_more
  POST /v1/customers/{id}/balance_transactions  (form: amount, currency,
       description, metadata[...]); Idempotency-Key: a repeat within 24 h
       (of the simulated clock) replays the first answer, a repeat with
       other parameters is refused, and after 24 h the key is forgotten, as
       Stripe documents; a currency other than the customer's is refused.
  Authorization: Bearer sk_test_standin. Customers are ids starting "cus_".
Kill Bill (killbill.github.io/slate, swagger of 0.22+):
  POST /1.0/kb/credits?autoCommit=  a JSON array of InvoiceItems, all
       booked on the account of the FIRST item, as Kill Bill does; mixed
       currencies are refused (CURRENCY_INVALID), amounts <= 0 too
       (CREDIT_AMOUNT_INVALID); without autoCommit=true the invoice stays
       DRAFT.
  POST /1.0/kb/invoices/charges/{accountId}?autoCommit=  external charges.
  GET  /1.0/kb/accounts/{accountId}/invoices?withItems=true (or
       includeInvoiceComponents=true): without either, no items
  Basic admin:password, X-Killbill-ApiKey bob, X-Killbill-ApiSecret lazar,
  X-Killbill-CreatedBy required. An account takes the currency of its
  first item; another currency is refused.
Test controls (not part of either API), POST /_test/<op>?...:
  reset; clock?advance=SECONDS; currency?account=ID&currency=CUR (sets an
  account's currency); filler?customer=ID&currency=C&n=N (N unrelated
  Stripe transactions); down_after?n=N (after the N-th object created,
  drop every later connection); up. GET /_test/state gives
  {"objects": n, "committed": n, "by_adjustment": {id: count}}.
"""
import argparse
import base64
import http.server
import json
import re
import ssl
import sys
import threading
import urllib.parse
import uuid

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                  r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LOCK = threading.Lock()


class State:
    def __init__(self):
        self.reset()

    def reset(self):
        self.clock = 1780000000
        self.objects = []      # Stripe: transactions; Kill Bill: items
        self.invoices = []     # Kill Bill
        self.currency = {}     # account -> currency
        self.keys = {}         # Stripe idempotency key -> (time, params, status, body)
        self.down_after = None
        self.down = False
        self.seq = 0


S = State()


def adjustment_of(obj):
    if "metadata" in obj:
        return obj["metadata"].get("adjustment_id")
    try:
        return json.loads(obj.get("itemDetails") or "{}").get("adjustment_id")
    except ValueError:
        return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    system = "stripe"

    def log_message(self, *a):
        pass

    def send(self, status, body, extra=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(2)
        except OSError:
            pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def created(self):
        """Counts a created object; True when the connection must drop."""
        if S.down_after is not None and len(S.objects) >= S.down_after:
            S.down = True
        return S.down

    # --- dispatch ---
    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        with LOCK:
            if u.path.startswith("/_test/"):
                return self.control(method, u.path[7:], q)
            if S.down:
                return self.drop()
            if self.system == "stripe":
                return self.stripe(method, u.path, q)
            return self.killbill(method, u.path, q)

    def control(self, method, op, q):
        self.body()
        if op == "state":
            by = {}
            for o in S.objects:
                a = adjustment_of(o)
                if a is not None:
                    by[a] = by.get(a, 0) + 1
            committed = sum(len(i["items"]) for i in S.invoices
                            if i["status"] == "COMMITTED")
            types = sorted(o.get("itemType", "") for o in S.objects)
            return self.send(200, {"objects": len(S.objects),
                                   "committed": committed,
                                   "by_adjustment": by, "types": types})
        if op == "reset":
            S.reset()
        elif op == "clock":
            S.clock += int(q["advance"][0])
        elif op == "currency":
            S.currency[q["account"][0]] = q["currency"][0]
        elif op == "down_after":
            S.down_after = int(q["n"][0])
        elif op == "filler":
            # n unrelated balance transactions for a Stripe customer.
            for _ in range(int(q["n"][0])):
                S.seq += 1
                S.objects.append({"id": "cbtxn_%06d" % S.seq,
                                  "object": "customer_balance_transaction",
                                  "amount": -1, "currency": q["currency"][0],
                                  "customer": q["customer"][0],
                                  "description": "filler", "metadata": {},
                                  "type": "adjustment", "created": S.clock})
        elif op == "up":
            S.down_after = None
            S.down = False
        else:
            return self.send(404, {"error": "no such control"})
        return self.send(200, {"ok": True})

    # --- Stripe ---
    def stripe_error(self, status, message, typ="invalid_request_error"):
        return self.send(status, {"error": {"type": typ, "message": message}})

    def stripe(self, method, path, q):
        if self.headers.get("Authorization") != "Bearer sk_test_standin":
            self.body()
            return self.stripe_error(401, "Invalid API Key provided")
        m = re.fullmatch(r"/v1/customers/([^/]+)/balance_transactions", path)
        if not m:
            self.body()
            return self.stripe_error(404, "Unrecognized request URL")
        cus = urllib.parse.unquote(m.group(1))
        if not cus.startswith("cus_"):
            self.body()
            return self.stripe_error(404, "No such customer: '%s'" % cus)
        if method == "GET":
            limit = int(q.get("limit", ["10"])[0])
            if not 1 <= limit <= 100:
                return self.stripe_error(400, "Invalid integer: limit")
            mine = [o for o in reversed(S.objects) if o["customer"] == cus]
            after = q.get("starting_after", [None])[0]
            if after is not None:
                ids = [o["id"] for o in mine]
                if after not in ids:
                    return self.stripe_error(400, "No such object: %s" % after)
                mine = mine[ids.index(after) + 1:]
            return self.send(200, {"object": "list", "data": mine[:limit],
                                   "has_more": len(mine) > limit,
                                   "url": path})
        raw = self.body().decode()
        params = urllib.parse.parse_qs(raw, keep_blank_values=True, strict_parsing=True)
        key = self.headers.get("Idempotency-Key")
        if key is not None:
            if len(key) > 255:
                return self.stripe_error(400, "Idempotency key too long")
            k = S.keys.get(key)
            if k is not None and S.clock - k[0] >= 86400:
                del S.keys[key]      # Stripe forgets keys after 24 hours
                k = None
            if k is not None:
                if k[1] != raw:
                    return self.stripe_error(
                        400, "Keys for idempotent requests can only be used "
                        "with the same parameters they were first used with.",
                        "idempotency_error")
                return self.send(k[2], k[3], {"Idempotent-Replayed": "true"})
        for p in ("amount", "currency"):
            if p not in params:
                return self.stripe_error(400, "Missing required param: %s." % p)
        try:
            amount = int(params["amount"][0])
        except ValueError:
            return self.stripe_error(400, "Invalid integer: %s" % params["amount"][0])
        cur = params["currency"][0]
        if not re.fullmatch(r"[a-z]{3}", cur):
            return self.stripe_error(400, "Invalid currency: %s" % cur)
        desc = params.get("description", [None])[0]
        if desc is not None and len(desc) > 350:
            return self.stripe_error(400, "Invalid string: description; must be at most 350 characters")
        meta = {}
        for k2, v in params.items():
            mm = re.fullmatch(r"metadata\[(.+)\]", k2)
            if mm:
                if len(mm.group(1)) > 40 or len(v[0]) > 500:
                    return self.stripe_error(400, "Invalid metadata")
                meta[mm.group(1)] = v[0]
            elif k2 not in ("amount", "currency", "description"):
                return self.stripe_error(400, "Received unknown parameter: %s" % k2)
        have = S.currency.get(cus)
        if have is not None and have != cur:
            return self.stripe_error(
                400, "The currency %s does not match the customer's currency %s" % (cur, have))
        S.currency[cus] = cur
        S.seq += 1
        obj = {"id": "cbtxn_%06d" % S.seq, "object": "customer_balance_transaction",
               "amount": amount, "currency": cur, "customer": cus,
               "description": desc, "metadata": meta, "type": "adjustment",
               "created": S.clock}
        S.objects.append(obj)
        if key is not None:
            S.keys[key] = (S.clock, raw, 200, obj)
        if self.created():
            return self.drop()
        return self.send(200, obj)

    # --- Kill Bill ---
    def kb_error(self, status, code, message):
        return self.send(status, {"className": "org.killbill.billing."
                                  "invoice.api.InvoiceApiException",
                                  "code": code, "message": message,
                                  "causeClassName": None, "causeMessage": None,
                                  "stackTrace": []})

    def killbill(self, method, path, q):
        auth = "Basic " + base64.b64encode(b"admin:password").decode()
        if (self.headers.get("Authorization") != auth
                or self.headers.get("X-Killbill-ApiKey") != "bob"
                or self.headers.get("X-Killbill-ApiSecret") != "lazar"):
            self.body()
            return self.send(401, {"message": "Unauthorized"})
        m = re.fullmatch(r"/1\.0/kb/accounts/([^/]+)/invoices", path)
        if method == "GET" and m:
            acct = m.group(1)
            if not UUID.match(acct):
                return self.kb_error(404, 2, "Object id=%s type=ACCOUNT doesn't exist!" % acct)
            with_items = (q.get("withItems", ["false"])[0] == "true" or
                          q.get("includeInvoiceComponents", ["false"])[0] == "true")
            out = []
            for inv in S.invoices:
                if inv["accountId"] != acct:
                    continue
                i = dict(inv)
                if not with_items:
                    i["items"] = []
                out.append(i)
            return self.send(200, out)
        if method != "POST":
            return self.kb_error(404, 0, "not found")
        if not self.headers.get("X-Killbill-CreatedBy"):
            self.body()
            return self.kb_error(400, 0, "Header X-Killbill-CreatedBy is required")
        try:
            items = json.loads(self.body() or b"null")
        except ValueError:
            return self.kb_error(400, 0, "Malformed JSON")
        if not isinstance(items, list) or not items:
            return self.kb_error(400, 0, "Body should be a non-empty list of InvoiceItem")
        commit = q.get("autoCommit", ["false"])[0] == "true"
        m = re.fullmatch(r"/1\.0/kb/invoices/charges/([^/]+)", path)
        if path == "/1.0/kb/credits":
            acct = items[0].get("accountId")   # the first item's account
            kind = "CREDIT_ADJ"
        elif m:
            acct = m.group(1)
            kind = "EXTERNAL_CHARGE"
        else:
            return self.kb_error(404, 0, "not found")
        if not isinstance(acct, str) or not UUID.match(acct):
            return self.kb_error(404, 2, "Object id=%s type=ACCOUNT doesn't exist!" % acct)
        curs = {i.get("currency") for i in items}
        have = S.currency.get(acct)
        if len(curs) != 1 or (have is not None and have not in curs):
            return self.kb_error(400, 4011, "CURRENCY_INVALID: Invalid currency %s, expected %s"
                                 % (",".join(sorted(str(c) for c in curs)), have))
        for i in items:
            a = i.get("amount")
            if not isinstance(a, (int, float)) or isinstance(a, bool) or a <= 0:
                code = "CREDIT_AMOUNT_INVALID" if kind == "CREDIT_ADJ" else "EXTERNAL_CHARGE_AMOUNT_INVALID"
                return self.kb_error(400, 4015, "%s: Credit amount %s should be strictly positive" % (code, a))
            if len(i.get("description") or "") > 255:
                return self.kb_error(400, 0, "description too long")
        S.currency[acct] = curs.pop()
        inv = {"invoiceId": str(uuid.uuid4()), "accountId": acct,
               "status": "COMMITTED" if commit else "DRAFT", "items": []}
        made = []
        for i in items:
            it = {"invoiceItemId": str(uuid.uuid4()), "invoiceId": inv["invoiceId"],
                  "accountId": acct, "itemType": kind, "amount": i["amount"],
                  "currency": i["currency"], "description": i.get("description"),
                  "itemDetails": i.get("itemDetails")}
            inv["items"].append(it)
            S.objects.append(it)
            made.append(it)
        S.invoices.append(inv)
        if self.created():
            return self.drop()
        return self.send(201, made)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--system", choices=["stripe", "killbill"], required=True)
    ap.add_argument("--ready", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    a = ap.parse_args()
    Handler.system = a.system
    srv = Server(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(a.ready + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    import os
    os.rename(a.ready + ".tmp", a.ready)
    srv.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Test server for `slacredit fetch`: Statuspage API v2 documents over HTTP
and HTTPS on 127.0.0.1, with misbehaviours chosen by the first path segment.

    server.py --ready FILE [--cert CERT --key KEY] [--log FILE]

Binds two free ports (HTTP, and HTTPS when a certificate is given), writes
"HTTP_PORT HTTPS_PORT" (0 without HTTPS) to FILE once listening, and serves
until killed. Requests look like /<mode>/api/v2/<endpoint>.json; each one is
appended to the log file as "<mode> <endpoint> <user-agent>".

Modes:
  ok, ok2      the documents (ok2: one incident updated, one added)
  flaky        the first request of each path gets 500, later ones 200
  r429         the first incidents request gets 429 with Retry-After: 1
  r429date     as r429 with Retry-After as an HTTP date 2 s ahead
  stall        waits 5 s before answering
  trunc        incidents: Content-Length 5000 but 100 bytes, then closes
  badjson      incidents: 200 with a body that is not JSON
  badshape     incidents: 200 with {"incidents": {}}
  redirect     302 to /ok/... (another path)
  redirloop    302 to itself, forever
  redirftp     302 to ftp://127.0.0.1/
  tohttp       302 from HTTPS to the same document over plain HTTP
  big          incidents: a 300 kB body with Content-Length
  bigchunk     incidents: a 300 kB body without Content-Length
  partial      components: always 500 (the other endpoints are fine)
  notfound     404
  ua           403 unless the User-Agent starts with "slacredit/"
"""
import argparse
import email.utils
import http.server
import json
import os
import ssl
import sys
import threading
import time

INCIDENTS = [
    # In November 2026.
    {"id": "inc1", "name": "API errors", "status": "resolved", "impact": "major",
     "created_at": "2026-11-03T10:00:00.000Z", "started_at": "2026-11-03T10:00:00.000Z",
     "resolved_at": "2026-11-03T12:00:00.000Z", "updated_at": "2026-11-03T12:00:00.000Z",
     "components": [], "incident_updates": []},
    # Starts in October, ends in November: overlaps.
    {"id": "inc2", "name": "Slow dashboard", "status": "resolved", "impact": "minor",
     "created_at": "2026-10-31T22:00:00.000Z", "started_at": "2026-10-31T22:00:00.000Z",
     "resolved_at": "2026-11-01T01:00:00.000Z", "updated_at": "2026-11-01T01:00:00.000Z",
     "components": [], "incident_updates": []},
    # October only.
    {"id": "inc3", "name": "Old", "status": "resolved", "impact": "minor",
     "created_at": "2026-10-10T00:00:00Z", "started_at": "2026-10-10T00:00:00Z",
     "resolved_at": "2026-10-11T00:00:00Z", "updated_at": "2026-10-11T00:00:00Z",
     "components": [], "incident_updates": []},
    # Unresolved, started in November (with an offset).
    {"id": "inc4", "name": "Ongoing", "status": "investigating", "impact": "critical",
     "created_at": "2026-11-20T00:00:00+02:00", "started_at": "2026-11-20T00:00:00+02:00",
     "resolved_at": None, "updated_at": "2026-11-20T00:00:00+02:00",
     "components": [], "incident_updates": []},
    # No started_at: created_at counts.
    {"id": "inc5", "name": "Created only", "status": "resolved", "impact": "major",
     "created_at": "2026-11-15T00:00:00Z", "started_at": None,
     "resolved_at": "2026-11-15T01:00:00Z", "updated_at": "2026-11-15T01:00:00Z",
     "components": [], "incident_updates": []},
    # Starts at the month's end: not in November.
    {"id": "inc6", "name": "December", "status": "resolved", "impact": "major",
     "created_at": "2026-12-01T00:00:00Z", "started_at": "2026-12-01T00:00:00Z",
     "resolved_at": "2026-12-01T01:00:00Z", "updated_at": "2026-12-01T01:00:00Z",
     "components": [], "incident_updates": []},
]


def incidents_v2():
    inc = [dict(i) for i in INCIDENTS]
    inc[0]["updated_at"] = "2026-11-04T08:00:00.000Z"  # edited
    inc.append({"id": "inc7", "name": "New one", "status": "resolved", "impact": "major",
                "created_at": "2026-11-21T00:00:00Z", "started_at": "2026-11-21T00:00:00Z",
                "resolved_at": "2026-11-21T00:30:00Z", "updated_at": "2026-11-21T00:30:00Z",
                "components": [], "incident_updates": []})
    return inc


PAGE = {"id": "pg1", "name": "Test", "url": "https://status.test",
        "time_zone": "Etc/UTC", "updated_at": "2026-11-21T00:00:00Z"}


def document(endpoint, v2=False):
    if endpoint == "incidents":
        return {"page": PAGE, "incidents": incidents_v2() if v2 else INCIDENTS}
    if endpoint == "scheduled-maintenances":
        return {"page": PAGE, "scheduled_maintenances": [
            {"id": "mnt1", "name": "DB upgrade", "status": "completed", "impact": "maintenance",
             "scheduled_for": "2026-11-10T02:00:00Z", "scheduled_until": "2026-11-10T03:00:00Z",
             "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-10T03:00:00Z",
             "components": [], "incident_updates": []}]}
    return {"page": PAGE, "components": [
        {"id": "cmp1", "name": "API", "status": "operational", "group": False},
        {"id": "cmp2", "name": "Dashboard", "status": "operational", "group": False}]}


class State:
    lock = threading.Lock()
    hits = {}
    log = None
    http_port = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fetchtest/1"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, code, body, ctype="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        parts = self.path.split("?")[0].split("/")
        # ['', mode, 'api', 'v2', 'incidents.json']
        if len(parts) != 5 or parts[2:4] != ["api", "v2"] or not parts[4].endswith(".json"):
            return self.send_body(404, '{"error":"not found"}')
        mode, ep = parts[1], parts[4][:-5]
        ua = self.headers.get("User-Agent", "")
        with State.lock:
            n = State.hits.get(self.path, 0)
            State.hits[self.path] = n + 1
            if State.log:
                with open(State.log, "a") as f:
                    f.write("%s %s %s\n" % (mode, ep, ua))
        if ep not in ("incidents", "scheduled-maintenances", "components"):
            return self.send_body(404, '{"error":"not found"}')
        ok = json.dumps(document(ep, mode == "ok2"))

        if mode in ("ok", "ok2"):
            return self.send_body(200, ok)
        if mode == "flaky":
            if n == 0:
                return self.send_body(500, "oops", "text/plain")
            return self.send_body(200, ok)
        if mode in ("r429", "r429date"):
            if ep == "incidents" and n == 0:
                if mode == "r429":
                    ra = "1"
                else:
                    ra = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self.send_body(429, "slow down", "text/plain", [("Retry-After", ra)])
            return self.send_body(200, ok)
        if mode == "bighdr":
            # A 10 MB response header, in lines of 8,000 bytes.
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            try:
                for i in range(1250):
                    self.send_header("X-Pad-%d" % i, "p" * 8000)
                self.end_headers()
                self.wfile.write(ok.encode())
            except OSError:
                pass
            self.close_connection = True
            return
        if mode == "stall":
            time.sleep(5)
            return self.send_body(200, ok)
        if mode == "trunc" and ep == "incidents":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(ok.encode()[:100])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "badjson" and ep == "incidents":
            return self.send_body(200, '{"incidents": [ {"id": "x",  oops')
        if mode == "badshape" and ep == "incidents":
            return self.send_body(200, '{"incidents": {}}')
        if mode == "redirect":
            return self.redirect("/ok/api/v2/%s.json" % ep)
        if mode == "redirloop":
            return self.redirect(self.path)
        if mode == "redirftp":
            return self.redirect("ftp://127.0.0.1/%s.json" % ep)
        if mode == "tohttp":
            return self.redirect("http://127.0.0.1:%d/ok/api/v2/%s.json" % (State.http_port, ep))
        if mode in ("big", "bigchunk") and ep == "incidents":
            big = json.dumps({"incidents": [{"id": "i%06d" % i, "name": "x" * 20}
                                            for i in range(10000)]}).encode()
            if mode == "big":
                return self.send_body(200, big)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for i in range(0, len(big), 8192):
                self.wfile.write(big[i:i + 8192])
            return
        if mode == "partial" and ep == "components":
            return self.send_body(500, "broken", "text/plain")
        if mode == "notfound":
            return self.send_body(404, '{"error":"not found"}')
        if mode == "ua":
            if not ua.startswith("slacredit/"):
                return self.send_body(403, "who are you", "text/plain")
            return self.send_body(200, ok)
        if mode in ("trunc", "badjson", "badshape", "big", "bigchunk", "partial"):
            return self.send_body(200, ok)
        return self.send_body(404, '{"error":"unknown mode"}')


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that give up (timeouts, size limits, rejected
        # certificates) are part of the tests, not errors.
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ready", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--log")
    a = ap.parse_args()
    State.log = a.log

    plain = Server(("127.0.0.1", 0), Handler)
    State.http_port = plain.server_address[1]
    servers = [plain]
    https_port = 0
    if a.cert:
        tls = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        https_port = tls.server_address[1]
        servers.append(tls)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = a.ready + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d\n" % (State.http_port, https_port))
    os.rename(tmp, a.ready)
    try:
        plain.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

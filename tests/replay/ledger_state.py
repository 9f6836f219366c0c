#!/usr/bin/env python3
"""Reads a slacredit ledger (SQLite) for the replay tests.

  ledger_state.py effective LEDGER  the adjustments that count: those of
                                    committed runs, and of a pending run
                                    whose output folder holds the manifest
                                    it recorded (what the next run commits)
  ledger_state.py sums LEDGER       issued per period, subscription and
                                    currency (committed runs), non-zero only
  ledger_state.py owed CREDITS.csv  the same sums from a credits.csv written
                                    without a ledger: what the month owes
  ledger_state.py pending LEDGER    the number of pending runs
"""
import atexit
import csv
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile


def connect(path):
    """Opens a copy of the ledger. After a kill -9 the ledger may have a hot
    journal, which only a writer can roll back; rolling it back on a copy
    reads what the next run will see and leaves the ledger itself as the
    killed run left it."""
    if not os.path.isfile(path):
        sys.exit("ledger_state.py: no ledger: %s" % path)
    tmp = tempfile.mkdtemp(prefix="ledger-state-")
    atexit.register(shutil.rmtree, tmp, True)
    copy = os.path.join(tmp, "ledger.db")
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            shutil.copyfile(path + suffix, copy + suffix)
    return sqlite3.connect(copy)


def effective(path):
    db = connect(path)
    live = set()
    for run_id, out_dir, want, state in db.execute(
            "SELECT run_id, out_dir, manifest_sha256, state FROM runs"):
        if state == "committed":
            live.add(run_id)
        elif state == "pending":
            man = os.path.join(out_dir, "manifest.json")
            if os.path.exists(man):
                got = hashlib.sha256(open(man, "rb").read()).hexdigest()
                if got == want:
                    live.add(run_id)
    for row in db.execute(
            "SELECT adjustment_id, amount_minor, currency, extension_seconds, "
            "run_id FROM adjustments ORDER BY seq"):
        if row[4] in live:
            print("%s,%d,%s,%d" % row[:4])


def show(sums):
    for key in sorted(sums):
        amount, ext = sums[key]
        if amount != 0 or ext != 0:
            print("%s,%s,%s,%d,%d" % (key + (amount, ext)))


def sums(path):
    db = connect(path)
    total = {}
    for period, sub, cur, amount, ext in db.execute(
            "SELECT a.period, a.subscription_id, a.currency, a.amount_minor, "
            "a.extension_seconds FROM adjustments a JOIN runs r "
            "ON a.run_id = r.run_id WHERE r.state = 'committed'"):
        t = total.setdefault((period, sub, cur), [0, 0])
        t[0] += amount
        t[1] += ext
    show(total)


def owed(path):
    total = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            t = total.setdefault(
                (r["period"], r["subscription_id"], r["currency"]), [0, 0])
            t[0] += int(r["amount_minor"])
            t[1] += int(r["extension_seconds"])
    show(total)


def pending(path):
    db = connect(path)
    print(db.execute("SELECT count(*) FROM runs WHERE state = 'pending'")
          .fetchone()[0])


{"effective": effective, "sums": sums, "owed": owed,
 "pending": pending}[sys.argv[1]](sys.argv[2])

#!/usr/bin/env python3
"""Checks an output folder's manifest.json against the files beside it:
every listed output exists with that SHA-256, size and data-row count, and
the credit totals per currency add up to credits.csv. Exit 1 on mismatch."""
import csv
import hashlib
import json
import os
import sys


def main(folder):
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    bad = []
    for out in man["outputs"]:
        path = os.path.join(folder, out["name"])
        data = open(path, "rb").read()
        if hashlib.sha256(data).hexdigest() != out["sha256"]:
            bad.append(f"{out['name']}: sha256 differs")
        if len(data) != out["size"]:
            bad.append(f"{out['name']}: size differs")
        rows = max(0, len(list(csv.reader(data.decode().splitlines()))) - 1) \
            if out["name"].endswith(".csv") else None
        if rows is not None and rows != out["rows"]:
            bad.append(f"{out['name']}: {rows} rows, manifest says {out['rows']}")
    totals = {}
    with open(os.path.join(folder, "credits.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = totals.setdefault(row["currency"], [0, 0])
            t[0] += 1
            t[1] += int(row["amount_minor"])
    want = {t["currency"]: [t["credits"], t["amount_minor"]]
            for t in man["totals"]}
    if totals != want:
        bad.append(f"totals {want} but credits.csv sums to {totals}")
    for b in bad:
        print(f"check-manifest: {folder}: {b}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

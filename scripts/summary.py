#!/usr/bin/env python3
"""Prints one line about a finished run from its manifest.json:
NAME MONTH: N subscriptions, N credited[, N already issued][, N period
open], totals -> DIR"""
import json
import sys

name, folder = sys.argv[1], sys.argv[2]
with open(folder + "/manifest.json", encoding="utf-8") as f:
    man = json.load(f)
out = man["outcomes"]
subs = sum(out.values())
parts = [f"{subs} subscriptions", f"{out.get('credited', 0)} credited"]
if out.get("already_issued"):
    parts.append(f"{out['already_issued']} already issued")
if out.get("period_open"):
    parts.append(f"{out['period_open']} period open")
for t in man["totals"]:
    parts.append(f"{t['currency']} {t['amount']} in {t['credits']} "
                 f"adjustment(s)")
print(f"{name} {man['month']}: " + ", ".join(parts) + f" -> {folder}/")

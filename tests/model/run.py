#!/usr/bin/env python3
"""Randomized differential test: slacredit against tests/model/model.py.

Generates N random months (seeded: the seed is printed, and `--seed S`
replays a run), each with a roster, monitoring exports and policies of the
kinds the model covers, runs the real `slacredit run` on them, and compares
decisions.csv (every column but `detail`, which is prose) and credits.csv
field by field with the model. A month that disagrees is kept under
`--keep DIR` (default build/model/) with its files, both outputs and a
`diff.txt`; the first differences are printed. Exit status 1 when any month
disagrees or slacredit fails, else 0.

Usage: run.py BINARY [-n N] [--seed S] [--keep DIR]
"""

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

DAY = 86400
CURRENCIES = ["EUR", "USD", "GBP", "JPY", "KRW", "KWD", "BHD", "TND"]
PLANS = ["basic", "pro", "business", "PRO", "enterprise-pro"]
PAYMENTS = ["card", "paypal", "bank_transfer", "invoice"]
# ids sorted by bytes: capitals before small letters, UTF-8 last; some need
# RFC 4180 quoting in the outputs
ID_PREFIXES = ["s", "s", "s", "S", "a-", "Z_", "\u00fc", "s,", "s\"q", "s "]
CUSTOMERS = ["c-%d", "c-%d", "c-%d", "acme, inc. %d", "\"q\" %d",
             "K\u00f6ln %d"]
STATUSES_UP = ["up", "UP", "1", "true", "ok", "degraded"]
STATUSES_DOWN = ["down", "DOWN", "0", "false"]


def fmt_time(rng, secs, style):
    """A time as text: ISO 8601 with Z or an offset, or epoch seconds."""
    if style == "epoch":
        return str(secs)
    if style == "iso8601-whole":  # no fraction: a start with a duration
        return model.fmt_iso(secs)
    if rng.random() < 0.7:
        return model.fmt_iso(secs)
    if rng.random() < 0.3:  # a fraction, dropped
        return model.fmt_iso(secs)[:-1] + \
            rng.choice([".5", ".999", ".000"]) + "Z"
    off = rng.choice([60, -300, 330, 120, -60, 0])  # minutes
    local = model.fmt_iso(secs + off * 60)[:-1]
    sign = "+" if off >= 0 else "-"
    return "%s%s%02d:%02d" % (local, sign, abs(off) // 60, abs(off) % 60)


def length_text(rng, secs, unit):
    """An outage's length as a windows export's duration_column writes it:
    in the unit (a fraction of 9 digits, rounded down, when it does not
    divide: the README's rounding up gives the length back), grouped
    thousands, H:MM:SS, or a fraction that makes the length a second
    longer."""
    per = {"s": 1, "m": 60, "h": 3600}[unit]
    style = rng.random()
    if unit == "s" and style < 0.2:
        return "%d:%02d:%02d" % (secs // 3600, secs // 60 % 60, secs % 60)
    if unit == "s" and style < 0.3:
        return "%d:%02d:%02d.%s" % ((secs - 1) // 3600, (secs - 1) // 60 % 60,
                                    (secs - 1) % 60, rng.choice(["5", "001"]))
    if unit == "s" and style < 0.4 and secs >= 1000:
        return "{:,}".format(secs)
    whole, rest = divmod(secs, per)
    if rest == 0:
        return str(whole)
    return "%d.%09d" % (whole, rest * 10 ** 9 // per)


def fee_text(rng, exp):
    style = rng.random()
    if style < 0.3:
        minor = rng.choice([1, 3, 7, 33, 99, 101, 333, 599, 600, 1001, 1999])
    elif style < 0.5:
        minor = rng.randrange(1, 200) * 10 ** exp
    elif style < 0.95:
        minor = rng.randrange(1, 500000)
    else:
        minor = rng.randrange(10 ** 9, 10 ** 13)
    if exp == 0:
        return str(minor)
    whole, frac = divmod(minor, 10 ** exp)
    text = "%d.%0*d" % (whole, exp, frac)
    if rng.random() < 0.2:  # fewer decimals than the currency has
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------- policies

def gen_policy(rng, name, kind):
    keys = [("kind", kind)]
    if kind == "tiers":
        if rng.random() < 0.5:
            tiers = [("99.9", "10"), ("99.0", "25"), ("95.0", "50")]
        else:
            ths = rng.sample(["99.99", "99.95", "99.9", "99.5", "99.0",
                              "98.0", "97.5", "95.0", "90.0", "99", "99.90",
                              "100", "98.50", "0099.8"],
                             rng.randrange(1, 5))
            if len(set(float(t) for t in ths)) < len(ths):
                ths = ths[:1]
            pcts = sorted(rng.sample(["5", "10", "15", "25", "30", "50",
                                      "75", "100", "12.5", "33.3333",
                                      "10.0", "25.00", "100.0000"],
                                     len(ths)), key=float)
            ths.sort(key=float, reverse=True)
            tiers = list(zip(ths, pcts))
        remedy = rng.choice(["invoice_credit", "wallet_credit"])
        if rng.random() < 0.25:  # tiers in days
            days = sorted(rng.sample(range(1, 40), len(tiers)))
            tiers = [(t[0], "%dd" % n) for t, n in zip(tiers, days)]
            if rng.random() < 0.5:
                keys.append(("max_days", rng.choice(["2", "15", "30"])))
            if rng.random() < 0.4:
                keys.append(("day_divisor", rng.choice(["30", "31", "7"])))
            remedy = rng.choice(["invoice_credit", "wallet_credit",
                                 "plan_extension", "by_billing"])
        rng.shuffle(tiers)
        keys += [("tier", "%s %s" % t) for t in tiers]
    elif kind == "per_day":
        if rng.random() < 0.5:
            keys.append(("day_divisor", rng.choice(["30", "31", "28", "7",
                                                    "1"])))
        remedy = rng.choice(["invoice_credit", "wallet_credit",
                             "plan_extension", "by_billing", "by_billing"])
    elif kind == "ladder":
        sc = rng.choice(["5%", "10%", "2.5%", "1/30", "1/7", "1d", "2d"])
        keys += [("step", rng.choice(["45m", "1h", "900s", "1d", "30m",
                                      "2699"])),
                 ("step_credit", sc),
                 ("units", rng.choice(["started", "full"])),
                 ("per", rng.choice(["outage", "month"]))]
        if rng.random() < 0.5:
            keys.append(("after", rng.choice(["0", "150m", "1h", "2592"])))
        if sc.endswith("d"):
            if rng.random() < 0.5:
                keys.append(("max_days", rng.choice(["1", "3", "15", "30"])))
            if rng.random() < 0.4:
                keys.append(("day_divisor", rng.choice(["30", "31", "7"])))
            remedy = rng.choice(["invoice_credit", "wallet_credit",
                                 "plan_extension", "by_billing"])
        else:
            remedy = rng.choice(["invoice_credit", "wallet_credit"])
    else:
        if rng.random() < 0.6:
            keys.append(("min_outage", rng.choice(["0", "300", "5m", "1h",
                                                   "3600s", "1d", "24h"])))
        if rng.random() < 0.6:
            keys.append(("multiplier", rng.choice(["1", "2", "10", "3",
                                                          "1.5", "0.25",
                                                          "1.50", "1.0"])))
        remedy = rng.choice(["invoice_credit", "wallet_credit"])
    if kind != "prorated" and rng.random() < 0.15:
        keys.append(("min_outage", rng.choice(["300", "1h", "2h", "1d"])))
    if rng.random() < 0.8:
        keys.append(("remedy", remedy))
    elif remedy != "invoice_credit":
        keys.append(("remedy", "invoice_credit"))
        remedy = "invoice_credit"
    if rng.random() < 0.25:
        keys.append(("cap_percent", rng.choice(["100", "50", "30", "10",
                                                "12.5", "5", "100.5",
                                                "50.00"])))
    if rng.random() < 0.2:
        keys.append(("plan_pattern", rng.choice(["^(pro|business)$", "pro",
                                                 "^PRO$", "(?i)^pro$"])))
    if rng.random() < 0.2:
        keys.append(("exclude_payment_methods",
                     rng.choice(["bank_transfer", "bank_transfer, paypal",
                                 "invoice paypal"])))
    if rng.random() < 0.3:
        keys.append(("min_credit", rng.choice(["0.50", "1", "0.01", "2.5",
                                               "10", "0.005"])))
    if rng.random() < 0.15:
        keys.append(("per_incident", rng.choice(["once", "each_month"])))
    if rng.random() < 0.2:
        keys.append(("claims", "required"))
        if rng.random() < 0.5:
            keys.append(("claim_window", rng.choice(["1d", "3600", "7d",
                                                     "30d"])))
    if rng.random() < 0.4:
        keys.append(("rounding", rng.choice(["half_up", "half_even"])))
    if rng.random() < 0.3:
        keys.append(("fee_basis", rng.choice(["full", "prorated"])))
    return {"name": name, "kind": kind, "keys": keys, "remedy": remedy}


# ---------------------------------------------------------------- roster

def gen_window(rng, m0, m1, one_time):
    """starts_at, ends_at (None: open) of a roster row."""
    while True:
        s = rng.choice([
            m0 - rng.randrange(1, 400 * DAY), m0, m0,
            m0 + rng.randrange(0, m1 - m0), m0 + rng.randrange(0, 40) * DAY,
            m1, m1 + rng.randrange(1, 30 * DAY), m0 - 1, m0 + 1])
        if not one_time and rng.random() < 0.55:
            return s, None
        e = rng.choice([
            m1, m1 - 1, m1 + 1, m0, m0 + rng.randrange(1, m1 - m0),
            m1 + rng.randrange(1, 90 * DAY), s + rng.randrange(1, 5 * DAY),
            m0 - rng.randrange(1, 30 * DAY)])
        if e > s:
            return s, e


def row_for(rng, sid, pol, m0, m1, cur=None):
    cur = cur or rng.choice(CURRENCIES)
    billing = "one_time" if rng.random() < 0.3 else "subscription"
    s, e = gen_window(rng, m0, m1, billing == "one_time")
    return {"subscription_id": sid,
            "customer_id": rng.choice(CUSTOMERS) % rng.randrange(50),
            "plan": rng.choice(PLANS), "policy": pol["name"],
            "monthly_fee": fee_text(rng, model.EXPONENTS[cur]),
            "currency": cur, "billing": billing,
            "payment_method": rng.choice(PAYMENTS), "starts": s, "ends": e,
            "resources": []}


# ---------------------------------------------------------------- evidence

def gen_windows_rows(rng, res, m0, m1, anchors):
    """Outages of one resource for a windows export."""
    rows = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        length = rng.choice([1, 59, 60, 299, 300, 301, 3599, 3600, 3601,
                             rng.randrange(1, 7200),
                             rng.randrange(1, 3 * DAY), DAY - 1, DAY,
                             DAY + 1, 2 * DAY] +
                            ([rng.randrange(5 * DAY, 40 * DAY)]
                             if rng.random() < 0.1 else []))
        start = rng.choice([m0 + rng.randrange(0, m1 - m0),
                            m0 + rng.randrange(0, m1 - m0), m0,
                            m1 - length, m0 - rng.randrange(1, length + 1),
                            m1 - rng.randrange(0, length),
                            rng.choice(anchors) - rng.randrange(0, length),
                            rng.choice(anchors)])
        rows.append((res, start, start + length))
    if rows and rng.random() < 0.2:  # a repeat and an overlap
        r = rng.choice(rows)
        rows.append(r)
        rows.append((res, r[1] + (r[2] - r[1]) // 2, r[2] + 100))
    return rows


def gen_samples_rows(rng, res, m0, m1, interval, anchors):
    """Samples of one resource: runs of up and down with gaps, never more
    than about 2,000 rows."""
    rows = []
    budget = 2000
    span = m1 - m0 + 2 * interval
    if span // interval <= budget and rng.random() < 0.7:
        segs = [(m0 - interval + rng.randrange(interval), m1 + interval)]
    else:  # a few covered stretches, the rest unknown
        segs = []
        for _ in range(rng.randrange(0, 4)):
            a = rng.choice([m0 + rng.randrange(0, m1 - m0),
                            rng.choice(anchors), m0 - interval + 1])
            segs.append((a, a + interval * rng.randrange(1, budget // 4)))
    p_down = rng.choice([0.0, 0.002, 0.01, 0.05])
    for a, b in segs:
        t = a
        down = False
        while t < b and len(rows) < budget:
            if down:
                down = rng.random() < 0.8
            else:
                down = rng.random() < p_down
            if rng.random() < 0.03:  # a missing sample
                t += interval * rng.randrange(1, 4)
                continue
            rows.append((res, t, down))
            t += interval
    if rows and rng.random() < 0.2:  # repeats, and a sample off the grid
        rows += rng.sample(rows, min(3, len(rows)))
        r = rng.choice(rows)
        rows.append((res, r[1] + interval // 2, not r[2]))
    return rows


def threshold_rows(rng, tag, interval, m0, m1, samples, cur_pol):
    """Rows whose uptime is exactly 99.9 % (or 99.0 %) and one second on
    either side, for a tiers policy. Returns (roster rows, evidence)."""
    rosters, ev = [], []
    pct = rng.choice([1000, 1000, 100])  # 99.9 % or 99.0 %
    unit = interval if samples else rng.randrange(1, 2000)
    k = rng.randrange(1, 4)
    down = unit * k                   # |D|
    act = down * pct                  # |A| with U exactly at the threshold
    if act > m1 - m0:
        k, down = 1, unit
        act = down * pct
        if act > m1 - m0:
            return [], []
    for i, delta in enumerate((-1, 0, 1)):
        res = "%s-%d" % (tag, i)
        a0 = m0 + rng.randrange(0, m1 - m0 - act + 1)
        if samples:
            # the active window moves by one second; the downtime stays
            a1 = a0 + act + delta
            d0 = a0 + rng.randrange(0, (act - down) // interval + 1) * interval
            for j in range(k):
                ev.append((res, d0 + j * interval, True))
        else:
            a1 = a0 + act
            d0 = a0 + rng.randrange(0, act - down + 1)
            ev.append((res, d0, d0 + down - delta))
        rosters.append({"starts": a0, "ends": a1, "resources": [res],
                        "pol": cur_pol})
    return rosters, ev


def edge_rows(rng, tag, interval, m0, m1, samples, pol):
    """Rows of a per_day or prorated policy whose downtime in the active
    window is one second short of, exactly, or one second past a boundary:
    k whole days (per_day), or min_outage (prorated). The downtime is a
    block of length L from d0; the active window starts one second inside
    it, at it, or one second before it (the block then reaching one second
    further back)."""
    if pol["kind"] == "per_day":
        length = rng.choice([1, 1, 2]) * DAY
    else:
        mo = dict(pol["keys"]).get("min_outage", "0")
        length = model.parse_duration(mo) or interval * rng.randrange(1, 30)
        if samples and length % interval:
            return [], []
    rosters, ev = [], []
    for i, delta in enumerate((-1, 0, 1)):
        res = "%s-%d" % (tag, i)
        pad = rng.choice([0, 1, rng.randrange(0, 5 * DAY)])
        if m1 - m0 < length + pad + 2 * interval:
            return [], []
        d0 = m0 + interval + rng.randrange(0, m1 - m0 - length - pad -
                                           2 * interval)
        if samples:
            n = length // interval + (1 if delta == 1 else 0)
            first = d0 - interval if delta == 1 else d0
            ev += [(res, first + j * interval, True) for j in range(n)]
        else:
            ev.append((res, d0 - (1 if delta == 1 else 0), d0 + length))
        rosters.append({"starts": d0 - delta, "ends": d0 + length + pad,
                        "resources": [res], "pol": pol})
    return rosters, ev


def gen_claims(rng, subs, pols, ev, ev2, samples, interval, interval2,
               m0, m1):
    """Claims of the subscriptions under a policy with claims = required:
    at an outage's end, one second before it, at the end of the claim
    window and one second after it, or anywhere."""
    windows = {}
    for p in pols:
        keys = dict(p["keys"])
        if keys.get("claims") == "required":
            windows[p["name"]] = model.parse_duration(
                keys.get("claim_window", "7d"))
    if not windows:
        return None
    ends = {}
    if samples:
        rows = [(r, t, t + interval) for r, t, d in ev if d]
    else:
        rows = list(ev)
    rows += [(r, t, t + interval2) for r, t, d in ev2 if d]
    for r, s, e in rows:
        ends.setdefault(r, []).append((s, e))
    out = []
    for sub in subs:
        if sub["policy"] not in windows or rng.random() < 0.2:
            continue
        w = windows[sub["policy"]]
        cand = [e for r in sub["resources"]
                for s, e in model.iv_union(ends.get(r, []))]
        for _ in range(rng.randrange(1, 4)):
            if cand and rng.random() < 0.8:
                e = rng.choice(cand)
                out.append((sub["subscription_id"],
                            rng.choice([e, e - 1, e + w, e + w + 1,
                                        e + rng.randrange(0, w + 1)])))
            else:
                out.append((sub["subscription_id"],
                            m0 + rng.randrange(0, m1 - m0 + 10 * DAY)))
    return out


# ---------------------------------------------------------------- a month

def write_csv(path, header, rows, eol="\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator=eol)
        w.writerow(header)
        w.writerows(rows)


def gen_case(rng, folder):
    y = rng.randrange(2024, 2029)
    mo = rng.randrange(1, 13)
    month = "%04d-%02d" % (y, mo)
    m0, m1 = model.month_bounds(month)
    samples = rng.random() < 0.6
    interval = rng.choice([60, 300, 900, 3600, 1800, 7200])
    tstyle = rng.choice(["iso8601", "iso8601", "epoch"])

    kinds = ["tiers", "per_day", "prorated", "ladder"]
    pols = [gen_policy(rng, rng.choice(["p%d-%s", "p%d-%s", "P%d %s, \u00e9"])
                       % (i, k), k)
            for i, k in enumerate(rng.choice(kinds) for _ in
                                  range(rng.randrange(1, 5)))]
    if not any(p["kind"] == "tiers" for p in pols):
        pols.append(gen_policy(rng, "p-tiers", "tiers"))
    if rng.random() < 0.5:  # the better of two or three of them
        pols += [gen_policy(rng, "p%d-%s" % (len(pols) + i, k), k)
                 for i, k in enumerate(rng.choice(kinds) for _ in range(3))]
        groups = {}
        for p in pols:
            cls = "money" if p["remedy"] in ("invoice_credit",
                                             "wallet_credit") else p["remedy"]
            groups.setdefault(cls, []).append(p)
        members = [p for p in max(groups.values(), key=len)
                   if " " not in p["name"]]  # names a list can hold
        if len(members) >= 2:
            members = rng.sample(members, rng.randrange(2, min(3, len(members))
                                                         + 1))
            pols.append({"name": "best-of", "kind": "either",
                         "remedy": members[0]["remedy"],
                         "keys": [("either", ", ".join(m["name"]
                                                      for m in members))]})
    pool = ["mon-%d" % i for i in range(rng.randrange(1, 7))]

    subs = []
    for i in range(rng.randrange(3, 13)):
        pol = rng.choice(pols)
        sid = rng.choice(ID_PREFIXES) + "%03d" % rng.randrange(1000)
        r = row_for(rng, sid, pol, m0, m1)
        r["resources"] = rng.sample(pool, rng.randrange(1, min(3, len(pool))
                                                        + 1))
        if rng.random() < 0.05:
            r["resources"].append("ghost-%d" % i)  # named by no row
        subs.append(r)
    anchors = [m0, m1] + [r["starts"] for r in subs] + \
        [r["ends"] for r in subs if r["ends"]]

    ev = []
    for res in pool:
        if samples:
            ev += gen_samples_rows(rng, res, m0, m1, interval, anchors)
        else:
            ev += gen_windows_rows(rng, res, m0, m1, anchors)
    ev2 = []  # a second samples source, at another interval
    interval2 = rng.choice([60, 120, 600, 3600])
    if rng.random() < 0.3:  # with a windows export too: a mixed config
        for res in rng.sample(pool, rng.randrange(1, len(pool) + 1)):
            ev2 += gen_samples_rows(rng, res, m0, m1, interval2, anchors)
    extra = []
    if rng.random() < 0.5:
        tiers_pols = [p for p in pols if p["kind"] == "tiers"]
        x, tev = threshold_rows(rng, "thr", interval, m0, m1, samples,
                                rng.choice(tiers_pols))
        ev += tev
        extra += x
    other = [p for p in pols if p["kind"] not in ("tiers", "either")]
    if other and rng.random() < 0.6:
        x, tev = edge_rows(rng, "edge", interval, m0, m1, samples,
                           rng.choice(other))
        ev += tev
        extra += x
    if extra:
        for j, x in enumerate(extra):
            r = row_for(rng, "t%02d-%d" % (rng.randrange(100), j), x["pol"],
                        m0, m1)
            if x["pol"]["remedy"] == "plan_extension":
                r["billing"] = "one_time"
            r.update(starts=x["starts"], ends=x["ends"],
                     resources=x["resources"])
            subs.append(r)
    # unique ids
    seen = set()
    subs = [r for r in subs if not (r["subscription_id"] in seen
                                    or seen.add(r["subscription_id"]))]
    rng.shuffle(ev)

    # files
    unknown = rng.choice([[], [], ["unknown = down"], ["unknown = excluded"],
                          ["unknown = up"]])
    cfg = ["; generated by tests/model/run.py", "[roster]",
           "path = subscriptions.csv", "",
           "[output]", "formats = no-html     ; faster; not compared", ""]
    if samples:
        cfg += ['[monitoring "probes"]', "path = monitoring/*.csv",
                "format = samples", "time_column = timestamp",
                "time_format = %s" % tstyle, "resource_column = monitor_id",
                "status_column = status",
                "down_pattern = ^(down|DOWN|0|false)$",
                "interval = %s" % rng.choice(
                    ["%ds" % interval, str(interval)] +
                    (["%dm" % (interval // 60)] if interval % 60 == 0
                     else []))] + unknown + \
            (["confirm = %d" % rng.choice([1, 2, 3, 5])]
             if not ev2 and rng.random() < 0.3 else []) + [""]
        half = len(ev) // 2
        for name, part in (("a", ev[:half]), ("b", ev[half:])):
            write_csv(os.path.join(folder, "monitoring", name + ".csv"),
                      ["timestamp", "monitor_id", "status", "extra"],
                      [(fmt_time(rng, t, tstyle), res,
                        rng.choice(STATUSES_DOWN if d else STATUSES_UP), "x")
                       for res, t, d in part],
                      rng.choice(["\n", "\n", "\r\n"]))
    else:
        unit = rng.choice([None, None, "s", "m", "h"])
        cfg += ['[monitoring "outages"]', "path = monitoring/*.csv",
                "format = windows", "time_format = %s" % tstyle,
                "resource_column = monitor", "start_column = start",
                "end_column = end" if unit is None else
                "duration_column = length", ""]
        if unit not in (None, "s"):
            cfg.insert(-1, "duration_unit = %s" % unit)
        if unit is None:
            write_csv(os.path.join(folder, "monitoring", "outages.csv"),
                      ["monitor", "start", "end"],
                      [(res, fmt_time(rng, s, tstyle),
                        fmt_time(rng, e, tstyle)) for res, s, e in ev])
        else:
            write_csv(os.path.join(folder, "monitoring", "outages.csv"),
                      ["monitor", "start", "length"],
                      [(res, fmt_time(rng, s, "epoch" if tstyle == "epoch"
                                      else "iso8601-whole"),
                        length_text(rng, e - s, unit)) for res, s, e in ev])
    if ev2:
        cfg += ['[monitoring "probes-2"]', "path = monitoring-2/*.csv",
                "time_column = time", "time_format = epoch",
                "resource_column = id", "status_column = state",
                "down_pattern = ^down$", "interval = %d" % interval2] + \
            unknown + [""]
        write_csv(os.path.join(folder, "monitoring-2", "x.csv"),
                  ["id", "state", "time"],
                  [(res, "down" if d else "up", t) for res, t, d in ev2])
    claims = gen_claims(rng, subs, pols, ev, ev2, samples, interval,
                        interval2, m0, m1)
    if claims is not None:
        cfg += ["[claims]", "path = claims.csv", ""]
        write_csv(os.path.join(folder, "claims.csv"),
                  ["claim_id", "subscription_id", "submitted_at"],
                  [("cl-%d" % i, sid, fmt_time(rng, t, "iso8601"))
                   for i, (sid, t) in enumerate(claims)])
    for p in pols:
        cfg.append('[policy "%s"]' % p["name"])
        cfg += ["%s = %s" % kv for kv in p["keys"]]
        cfg.append("")
    with open(os.path.join(folder, "config.ini"), "w") as f:
        f.write("\n".join(cfg))
    write_csv(os.path.join(folder, "subscriptions.csv"),
              ["subscription_id", "customer_id", "plan", "policy",
               "monthly_fee", "currency", "billing", "payment_method",
               "starts_at", "ends_at", "resources"],
              [(r["subscription_id"], r["customer_id"], r["plan"],
                r["policy"], r["monthly_fee"], r["currency"], r["billing"],
                r["payment_method"],
                fmt_time(rng, r["starts"], "iso8601") if rng.random() < 0.9
                else model.fmt_iso(r["starts"])[:-1] + ".999Z",
                fmt_time(rng, r["ends"], "iso8601") if r["ends"] else "",
                ";".join(r["resources"])) for r in subs])
    with open(os.path.join(folder, "month"), "w") as f:
        f.write(month + "\n")
    return month


# ---------------------------------------------------------------- compare

def read(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def compare(name, got, want, skip_cols, a="slacredit", b="model"):
    """Lines describing the differences of two CSV tables."""
    out = []
    if got[:1] != want[:1]:
        out.append("%s: header %s: %s, %s: %s" %
                   (name, a, got[:1], b, want[:1]))
        return out
    header = want[0]
    g = {tuple(r[:2]): r for r in got[1:]}
    w = {tuple(r[:2]): r for r in want[1:]}
    for key in sorted(set(g) | set(w)):
        if key not in g:
            out.append("%s: %s: only in the %s: %s" % (name, key, b, w[key]))
        elif key not in w:
            out.append("%s: %s: only in the %s: %s" % (name, key, a, g[key]))
        else:
            for i, col in enumerate(header):
                if col in skip_cols:
                    continue
                x = g[key][i] if i < len(g[key]) else None
                y = w[key][i] if i < len(w[key]) else None
                if x != y:
                    out.append("%s: %s: %s: %s %r, %s %r" %
                               (name, key[1] if name != "credits.csv"
                                else key[0], col, a, x, b, y))
    if not out and [r[:2] for r in got] != [r[:2] for r in want]:
        out.append("%s: rows in another order" % name)
    return out


def run_case(binary, folder, month):
    out = os.path.join(folder, "out")
    p = subprocess.run([binary, "run", "--config",
                        os.path.join(folder, "config.ini"), "--month", month,
                        "--out", out, "--quiet"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return ["slacredit exited %d: %s" % (p.returncode,
                                             p.stderr.strip()[:500])], {}
    dec, cred = model.compute(os.path.join(folder, "config.ini"), month)
    mout = os.path.join(folder, "model")
    os.makedirs(mout, exist_ok=True)
    model.write_csv(os.path.join(mout, "decisions.csv"),
                    model.DECISIONS_HEADER, dec)
    model.write_csv(os.path.join(mout, "credits.csv"), model.CREDITS_HEADER,
                    cred)
    diffs = []
    for name, skip in (("decisions.csv", {"detail"}), ("credits.csv", set())):
        diffs += compare(name, read(os.path.join(out, name)),
                         read(os.path.join(mout, name)), skip)
    seen = {}
    for r in dec:
        seen[r[4]] = seen.get(r[4], 0) + 1
    for r in cred:
        k = "basis " + r[12].split("=")[0].split("<")[0]
        seen[k] = seen.get(k, 0) + 1
        for extra in ("cap", "fee"):
            if ";%s=" % extra in r[12]:
                seen["basis ;" + extra] = seen.get("basis ;" + extra, 0) + 1
    return diffs, seen


def check_samples(root):
    """The model on every sample it covers, against the sample's expected
    files (worked out by hand): a model that disagrees with them is wrong
    itself. Returns the lines describing differences, and the count."""
    diffs, n = [], 0
    for d in sorted(os.listdir(os.path.join(root, "samples"))):
        folder = os.path.join(root, "samples", d)
        try:
            with open(os.path.join(folder, "month")) as f:
                month = f.read().strip()
            dec, cred = model.compute(os.path.join(folder, "config.ini"),
                                      month)
        except (OSError, model.ModelError):
            continue  # a feature the model does not cover
        n += 1
        for name, rows, skip in (("decisions.csv", dec, {"detail"}),
                                 ("credits.csv", cred, set())):
            header = (model.DECISIONS_HEADER if name == "decisions.csv"
                      else model.CREDITS_HEADER)
            diffs += ["samples/%s: %s" % (d, x) for x in compare(
                name, [header] + rows,
                read(os.path.join(folder, "expected", name)), skip,
                "model", "expected")]
    return diffs, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--keep", default="build/model")
    ap.add_argument("--show", type=int, default=8,
                    help="differences printed per month")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else \
        int.from_bytes(os.urandom(4), "big")
    print("model: seed %d (replay with --seed %d -n %d)" %
          (seed, seed, args.n))
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    diffs, n = check_samples(root)
    for d in diffs:
        print("model: the model disagrees with a hand-worked sample: " + d)
    if diffs:
        return 1
    print("model: agrees with the %d samples it covers" % n)
    shutil.rmtree(args.keep, ignore_errors=True)
    # months are made and run in a scratch folder (in memory when /dev/shm
    # is there: slacredit fsyncs its outputs); a month that disagrees is
    # copied to --keep
    scratch = tempfile.mkdtemp(prefix="slacredit-model-",
                               dir="/dev/shm" if os.access("/dev/shm", os.W_OK)
                               else None)
    t0 = time.time()
    bad = rows = 0
    seen = {}
    for i in range(args.n):
        rng = random.Random("%d:%d" % (seed, i))
        folder = os.path.join(scratch, "month-%04d" % i)
        os.makedirs(folder)
        month = gen_case(rng, folder)
        diffs, counts = run_case(args.binary, folder, month)
        for k, v in counts.items():
            seen[k] = seen.get(k, 0) + v
        rows += sum(1 for _ in open(os.path.join(folder,
                                                 "subscriptions.csv"))) - 1
        if diffs:
            bad += 1
            with open(os.path.join(folder, "diff.txt"), "w") as f:
                f.write("\n".join(diffs) + "\n")
            kept = os.path.join(args.keep, os.path.basename(folder))
            shutil.copytree(folder, kept)
            print("model: %s (%s): %d difference(s):" %
                  (kept, month, len(diffs)))
            for d in diffs[:args.show]:
                print("  " + d)
        shutil.rmtree(folder)
    shutil.rmtree(scratch, ignore_errors=True)
    print("model: rows by outcome and basis: " +
          ", ".join("%s %d" % kv for kv in sorted(seen.items())))
    print("model: %d month(s), %d roster rows, %d disagreeing, %.1f s" %
          (args.n, rows, bad, time.time() - t0))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

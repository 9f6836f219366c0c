#!/usr/bin/env python3
"""An independent model of slacredit's monthly computation.

Written from SPEC.md (sections 2 to 5) and the README alone, not from the C
sources, so that a disagreement between the two points at a misreading on
one side. Standard library only; every figure is an integer or an exact
fractions.Fraction, never a float.

Covered: the active window; `monitoring` evidence from `samples` sources
(with `interval`, `unknown` and `confirm`, and the unknown time behind
`measured_seconds`) and `windows` sources (with `end_column`, or
`duration_column` and `duration_unit`); the union
over a subscription's resources; downtime; exact uptime; the fee basis
(`full`, `prorated`); the kinds `tiers` (also in days), `per_day`,
`prorated` and `ladder` with their keys (`day_divisor`, `min_outage`,
`multiplier`, `max_days`, `step`, `step_credit`, `after`, `units`, `per`);
remedies
(`invoice_credit`, `wallet_credit`, `plan_extension`, `by_billing`);
rounding `half_up` / `half_even`; `cap_percent`; `min_credit`; the outcome
order with `plan_pattern` and `exclude_payment_methods`; `claims =
required` with `claim_window` and the `[claims]` file; `per_incident`;
`either`; and the
rows of decisions.csv (all columns but `detail`, which is prose) and
credits.csv. Anything else in a config (status pages, claims, periods,
service hours, ...) is refused with ModelError.

Usage: model.py --config FILE --month YYYY-MM --out DIR
writes DIR/decisions.csv (with an empty detail column) and DIR/credits.csv.
"""

import argparse
import calendar
import csv
import glob
import io
import os
import re
import sys
from fractions import Fraction

# ISO 4217 minor-unit exponents of the currencies the model knows.
EXPONENTS = {
    "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "CNY": 2, "AUD": 2,
    "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0,
    "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3,
}

DAY = 86400


class ModelError(Exception):
    pass


# ---------------------------------------------------------------- time

ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?"
    r"(Z|[+-]\d{2}:?\d{2})?$")


def parse_iso(text, default_offset=0):
    """ISO 8601 instant to UTC seconds; a fraction is dropped (floored)."""
    m = ISO_RE.match(text.strip())
    if not m:
        raise ModelError("not an ISO 8601 time: %r" % text)
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    days = days_from_civil(y, mo, d)
    secs = days * DAY + h * 3600 + mi * 60 + s
    off = m.group(7)
    if off is None:
        secs -= default_offset
    elif off != "Z":
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        secs -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return secs


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    return (calendar.timegm((y, m, d, 0, 0, 0)) // DAY)


def fmt_iso(secs):
    days, rem = divmod(secs, DAY)
    # calendar.timegm's inverse without time.gmtime's range limits
    y, m, d = civil_from_days(days)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
        y, m, d, rem // 3600, rem // 60 % 60, rem % 60)


def civil_from_days(z):
    """Howard Hinnant's civil_from_days."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (1 if m <= 2 else 0), m, d)


def month_bounds(month):
    y, m = (int(x) for x in month.split("-"))
    start = days_from_civil(y, m, 1) * DAY
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return start, days_from_civil(ny, nm, 1) * DAY


def parse_duration(text):
    m = re.match(r"^(\d+)([smhd]?)$", text.strip())
    if not m:
        raise ModelError("not a duration: %r" % text)
    return int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600,
                              "d": DAY}[m.group(2)]


def parse_decimal(text):
    text = text.strip()
    if not re.match(r"^\d+(\.\d+)?$", text):
        raise ModelError("not a decimal: %r" % text)
    return Fraction(text)


# ---------------------------------------------------------------- intervals

def iv_union(ivs):
    """Merges [s, e) intervals; touching ones become one."""
    out = []
    for s, e in sorted(iv for iv in ivs if iv[0] < iv[1]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def iv_clip(ivs, lo, hi):
    return [(max(s, lo), min(e, hi)) for s, e in ivs
            if max(s, lo) < min(e, hi)]


def iv_minus(a, b):
    """a − b, both merged."""
    out = []
    for s, e in a:
        cur = s
        for bs, be in b:
            if be <= cur or bs >= e:
                continue
            if bs > cur:
                out.append((cur, bs))
            cur = max(cur, be)
            if cur >= e:
                break
        if cur < e:
            out.append((cur, e))
    return out


def iv_len(ivs):
    return sum(e - s for s, e in ivs)


# ---------------------------------------------------------------- config

SECTION_RE = re.compile(r'^\[\s*([a-z]+)(?:\s+"([^"]*)")?\s*\]$')


def strip_comment(line):
    s = line.strip()
    if s.startswith(";") or s.startswith("#"):
        return ""
    m = re.search(r"\s[;#]", line)
    if m:
        line = line[:m.start()]
    return line.strip()


def read_config(path):
    """Returns a list of (kind, name, {key: [values]})."""
    sections = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = strip_comment(raw.rstrip("\n"))
            if not line:
                continue
            m = SECTION_RE.match(line)
            if m:
                sections.append((m.group(1), m.group(2), {}))
                continue
            key, _, value = line.partition("=")
            sections[-1][2].setdefault(key.strip(), []).append(
                value.strip().replace("\\x3b", ";"))
    return sections


def one(keys, key, default=None):
    v = keys.get(key)
    return v[-1] if v else default


class Policy:
    def __init__(self, name, keys):
        self.name = name
        # either = A, B: the better of the members (README, `either`)
        self.either = [m for m in re.split(r"[,\s]+", one(keys, "either", ""))
                       if m]
        if self.either:
            return
        self.kind = one(keys, "kind", "tiers")
        self.evidence = one(keys, "evidence", "monitoring")
        if self.evidence != "monitoring":
            raise ModelError("the model covers evidence = monitoring only")
        self.tiers = []  # (threshold text, threshold, percent text, percent)
        for t in keys.get("tier", []):
            th, pct = t.split()
            self.tiers.append((th, parse_decimal(th), pct,
                               None if pct.endswith("d")
                               else parse_decimal(pct)))
        self.tiers.sort(key=lambda t: t[1])
        self.cap_text = one(keys, "cap_percent", "100")
        self.cap = parse_decimal(self.cap_text)
        self.remedy = one(keys, "remedy", "invoice_credit")
        pp = one(keys, "plan_pattern")
        self.plan_pattern = re.compile(pp) if pp is not None else None
        epm = one(keys, "exclude_payment_methods", "")
        self.exclude_pm = set(x for x in re.split(r"[,\s]+", epm) if x)
        mc = one(keys, "min_credit")
        self.min_credit = parse_decimal(mc) if mc is not None else None
        self.rounding = one(keys, "rounding", "half_up")
        self.day_divisor = int(one(keys, "day_divisor", "30"))
        self.min_outage = parse_duration(one(keys, "min_outage", "0"))
        self.mult_text = one(keys, "multiplier", "1")
        self.multiplier = parse_decimal(self.mult_text)
        self.fee_basis = one(keys, "fee_basis", "full")
        # ladder (README): step, step_credit (5% | 1/30 | 1d), after, units,
        # per, max_days
        self.once = one(keys, "per_incident", "each_month") == "once"
        self.claims = one(keys, "claims", "none") == "required"
        self.claim_window = parse_duration(one(keys, "claim_window", "7d"))
        md = one(keys, "max_days")
        self.max_days = int(md) if md is not None else None
        if self.kind == "ladder":
            self.step = parse_duration(one(keys, "step"))
            self.after = parse_duration(one(keys, "after", "0"))
            self.units = one(keys, "units")
            self.per = one(keys, "per")
            self.step_credit = one(keys, "step_credit")
        for k in keys:
            if k not in KNOWN_POLICY_KEYS:
                raise ModelError("policy key not modelled: %s" % k)


KNOWN_POLICY_KEYS = {
    "kind", "evidence", "tier", "cap_percent", "remedy", "plan_pattern",
    "exclude_payment_methods", "min_credit", "rounding", "day_divisor",
    "min_outage", "multiplier", "fee_basis", "step", "step_credit",
    "max_days", "after", "units", "per", "claims", "claim_window",
    "per_incident",
}


# ---------------------------------------------------------------- inputs

class Evidence:
    """Per resource: down intervals, and for samples sources the time the
    samples cover (so that the rest is unknown)."""

    def __init__(self):
        self.down = {}      # resource -> list of (s, e)
        self.covered = {}   # resource -> list of (s, e); samples only
        self.has_samples_source = False
        self.has_other_source = False
        self.unknown_mode = None  # samples sources' `unknown` (SPEC §8)
        self.claims = {}          # subscription -> [submitted_at]

    def finish(self):
        self.down = {r: iv_union(v) for r, v in self.down.items()}
        self.covered = {r: iv_union(v) for r, v in self.covered.items()}


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def parse_time(text, fmt):
    if fmt == "epoch":
        return int(text.strip())
    if fmt == "iso8601":
        return parse_iso(text)
    raise ModelError("time_format not modelled: %s" % fmt)


KNOWN_MONITORING_KEYS = {
    "path", "format", "time_column", "time_format", "resource_column",
    "status_column", "down_pattern", "interval", "start_column",
    "end_column", "unknown", "confirm", "duration_column", "duration_unit",
}


def parse_length(text, unit):
    """A windows export's duration_column (README): an integer, thousands
    maybe grouped (`13,591`), in duration_unit, or H:MM:SS; a fraction of
    1 to 9 digits rounds the length up to the next whole second."""
    text = text.strip()
    m = re.match(r"^(\d+):(\d{2}):(\d{2})(\.\d{1,9})?$", text)
    if m:
        secs = Fraction(int(m.group(1)) * 3600 + int(m.group(2)) * 60 +
                        int(m.group(3)))
        if m.group(4):
            secs += Fraction(m.group(4))
    elif re.match(r"^(\d+|\d{1,3}(,\d{3})+)(\.\d{1,9})?$", text):
        secs = Fraction(text.replace(",", "")) * unit
    else:
        raise ModelError("duration not modelled: %r" % text)
    return -((-secs.numerator) // secs.denominator)


def confirmed(rows, interval, k):
    """The down intervals of one resource's samples under confirm = k (SPEC
    §8): a run of down samples, in time order, counts once its samples'
    own intervals add up to k × interval, and then from its first sample;
    a missing sample (unknown time) does not break a run, an up sample
    does. Read on the resource's timeline, where down wins over an
    overlapping up sample (SPEC §8, unknown time): an up sample wholly
    under down samples is no up time and breaks nothing. That is how
    slacredit reads it; the text could also be read sample by sample,
    where such an up sample would break the run."""
    down = iv_union([(t, t + interval) for t, d in rows if d])
    up = iv_minus(iv_union([(t, t + interval) for t, d in rows if not d]),
                  down)
    out, run = [], []
    for s, e in down:
        if run and iv_len(iv_clip(up, run[-1][1], s)) > 0:
            if iv_len(run) >= k * interval:
                out += run
            run = []
        run.append((s, e))
    if iv_len(run) >= k * interval:
        out += run
    return out


def read_monitoring(base, keys, ev):
    for k in keys:
        if k not in KNOWN_MONITORING_KEYS:
            raise ModelError("monitoring key not modelled: %s" % k)
    fmt = one(keys, "format", "samples")
    files = sorted(glob.glob(os.path.join(base, one(keys, "path"))))
    tfmt = one(keys, "time_format", "iso8601")
    rcol = one(keys, "resource_column")
    if fmt == "samples":
        ev.has_samples_source = True
        mode = one(keys, "unknown", "up")
        if ev.unknown_mode not in (None, mode):
            raise ModelError("samples sources with different `unknown`")
        ev.unknown_mode = mode
        tcol = one(keys, "time_column")
        scol = one(keys, "status_column")
        down = re.compile(one(keys, "down_pattern"))
        interval = parse_duration(one(keys, "interval"))
        confirm = int(one(keys, "confirm", "1"))
        samples = {}
        for path in files:
            for row in read_rows(path):
                t = parse_time(row[tcol], tfmt)
                r = row[rcol]
                ev.covered.setdefault(r, []).append((t, t + interval))
                samples.setdefault(r, []).append(
                    (t, bool(down.search(row[scol]))))
        for r, rows in samples.items():
            ev.down.setdefault(r, []).extend(
                confirmed(rows, interval, confirm))
    elif fmt == "windows":
        ev.has_other_source = True
        scol = one(keys, "start_column")
        ecol = one(keys, "end_column")
        dcol = one(keys, "duration_column")
        unit = {"s": 1, "m": 60, "h": 3600}[one(keys, "duration_unit", "s")]
        for path in files:
            for row in read_rows(path):
                s = parse_time(row[scol], tfmt)
                if dcol is not None:
                    e = s + parse_length(row[dcol], unit)
                else:
                    e = parse_time(row[ecol], tfmt)
                ev.down.setdefault(row[rcol], []).append((s, e))
    else:
        raise ModelError("monitoring format not modelled: %s" % fmt)


# ---------------------------------------------------------------- money

def decimal_text(text, min_frac):
    """A config decimal as basis prints it. The README shows `tier<99.0=25%`
    for `tier = 99.0 25` but does not say how other spellings print; this
    is what slacredit does: trailing zeros dropped, at least min_frac
    decimals (1 for a tier's threshold, 0 for percents and multipliers)."""
    whole, _, frac = text.strip().partition(".")
    frac = frac.rstrip("0")
    if len(frac) < min_frac:
        frac += "0" * (min_frac - len(frac))
    whole = whole.lstrip("0") or "0"
    return whole + ("." + frac if frac else "")


def round_once(q, mode):
    """Rounds a non-negative Fraction to an integer, once."""
    n, d = q.numerator, q.denominator
    fl, rem = divmod(n, d)
    if 2 * rem > d:
        return fl + 1
    if 2 * rem < d:
        return fl
    if mode == "half_even":
        return fl if fl % 2 == 0 else fl + 1
    return fl + 1


def minor_units(text, exp):
    return Fraction(text) * 10 ** exp


def trunc_percent(up, total):
    """(up / total) as a percent truncated to 4 decimals."""
    v = up * 1000000 // total
    return "%d.%04d" % (v // 10000, v % 10000)


# ---------------------------------------------------------------- decision

class Sub:
    def __init__(self, row):
        self.id = row["subscription_id"]
        self.customer = row["customer_id"]
        self.plan = row["plan"]
        self.policy = row["policy"]
        self.fee_text = row["monthly_fee"]
        self.currency = row["currency"]
        self.billing = row["billing"]
        self.payment = row["payment_method"]
        self.starts = parse_iso(row["starts_at"])
        self.ends = parse_iso(row["ends_at"]) if row["ends_at"] else None
        self.resources = [r for r in row["resources"].split(";") if r]


def decide(sub, pol, ev, m0, m1):
    """One roster row's decision: a dict of the decisions.csv fields and,
    when credited, the credits.csv fields."""
    msecs = m1 - m0
    a0 = max(m0, sub.starts)
    a1 = m1 if sub.ends is None else min(m1, sub.ends)
    d = {"outcome": None, "uptime": "", "down": 0, "active": 0,
         "measured": 0, "credit": None}
    if a0 >= a1:
        d["outcome"] = "not_active"
        return d
    act = a1 - a0
    # Evidence: union of the resources' downtime.
    raw = iv_union([iv for r in sub.resources for iv in ev.down.get(r, [])])
    # measured_seconds (README, decisions.csv): |A| less the unknown time.
    # A resource that samples name is unknown where no sample covers it;
    # one no row names is unknown all month when every source is a samples
    # source, else up; windows exports measure everything. With several
    # resources an instant is unknown when it is unknown for one and down
    # for none. Unknown time is time of the month (README `unknown`).
    unknown = []
    for r in sub.resources:
        if r in ev.covered:
            unknown += iv_minus([(m0, m1)], ev.covered[r])
        elif ev.has_samples_source and not ev.has_other_source:
            unknown.append((m0, m1))
    unknown = iv_minus(iv_union(unknown), raw)
    measured = act - iv_len(iv_clip(unknown, a0, a1))
    if ev.unknown_mode == "down":
        raw = iv_union(raw + unknown)
    elif ev.unknown_mode == "excluded":
        # out of both D (it holds no downtime) and A
        act = measured
    evid = raw
    if pol.once:
        # README per_incident = once: an outage (a maximal stretch of the
        # downtime, before clipping) that began before the month is left
        # out of D (it was credited in the month it began)
        evid = [iv for iv in evid if iv[0] >= m0]
    if pol.min_outage and pol.kind != "prorated":
        # README min_outage: other kinds drop shorter outages from the
        # downtime, each judged by its whole length (also before the month).
        evid = [iv for iv in evid if iv[1] - iv[0] >= pol.min_outage]
    D = iv_clip(evid, a0, a1)
    dsecs = iv_len(D)
    claimed = None
    if pol.claims and dsecs > 0:
        # SPEC §8: an outage (a maximal interval of the evidence, before
        # clipping to A, that overlaps A) counts when a claim of the
        # subscription was submitted in [its end, its end + claim_window]
        subs = ev.claims.get(sub.id, [])
        claimed = [(s, e) for s, e in evid if s < a1 and e > a0 and
                   any(e <= t <= e + pol.claim_window for t in subs)]
    d.update(uptime=trunc_percent(act - dsecs, act) if act else "",
             down=dsecs, active=act, measured=measured)

    remedy = pol.remedy
    if remedy == "by_billing":
        remedy = "plan_extension" if sub.billing == "one_time" \
            else "invoice_credit"
    money = remedy != "plan_extension"
    if pol.plan_pattern is not None and not pol.plan_pattern.search(sub.plan):
        d["outcome"] = "ineligible_plan"
        return d
    if money and sub.payment in pol.exclude_pm:
        d["outcome"] = "ineligible_payment_method"
        return d
    if claimed is not None:
        if not claimed:
            # no outage claimed: no_claim, the row showing the downtime
            d["outcome"] = "no_claim"
            return d
        D = iv_clip(claimed, a0, a1)
        dsecs = iv_len(D)
        d.update(uptime=trunc_percent(act - dsecs, act), down=dsecs)
    if dsecs == 0:
        # also when unknown = excluded took every second out of A (act 0:
        # no uptime to measure, its figure printed empty)
        d["outcome"] = "no_downtime"
        return d

    exp = EXPONENTS[sub.currency]
    fee = minor_units(sub.fee_text, exp)
    F = fee * Fraction(act, msecs) if pol.fee_basis == "prorated" else fee
    ext = 0
    if pol.kind == "tiers":
        hit = None
        for t in pol.tiers:
            # U < T  <=>  (act - down) * 100 < T * act
            if (act - dsecs) * 100 < t[1] * act:
                hit = t
                break
        if hit is None:
            d["outcome"] = "above_threshold"
            return d
        if hit[2].endswith("d"):
            # tiers in days (README): the band's days, at most max_days, as
            # plan time or fee × days / day_divisor
            days = int(hit[2][:-1])
            basis = "tier<%s=%dd" % (decimal_text(hit[0], 1), days)
            if pol.max_days is not None and days > pol.max_days:
                days = pol.max_days
                basis += ";max=%dd" % days
            if money:
                basis += ";days=%d/%d" % (days, pol.day_divisor)
            exact, ext = F * days / pol.day_divisor, days * DAY
        else:
            exact = F * hit[3] / 100
            basis = "tier<%s=%s%%" % (decimal_text(hit[0], 1),
                                       decimal_text(hit[2], 0))
    elif pol.kind == "per_day":
        days = -(-dsecs // DAY)
        exact = F * days / pol.day_divisor
        ext = days * DAY
        basis = "days=%d/%d" % (days, pol.day_divisor)
    elif pol.kind == "prorated":
        counted = sum(e - s for s, e in D if e - s >= pol.min_outage)
        if counted == 0:
            # Not in SPEC §4, whose only above_threshold is the tiers';
            # samples/korpro, small-host and managed-cloud document it: no
            # outage long enough is above the threshold, not a zero credit.
            d["outcome"] = "above_threshold"
            return d
        exact = F * pol.multiplier * counted / msecs
        basis = "outage=%ds/%ds" % (counted, msecs)
        if pol.multiplier != 1:
            basis += "*%s" % decimal_text(pol.mult_text, 0)
    elif pol.kind == "ladder":
        r = ladder(pol, D, dsecs, F, money)
        if r is None:
            d["outcome"] = "above_threshold"
            return d
        exact, ext, basis = r
    else:
        raise ModelError("kind not modelled: %s" % pol.kind)

    if not money:
        if pol.kind not in ("per_day", "ladder", "tiers"):
            raise ModelError("plan_extension under %s" % pol.kind)
        if pol.fee_basis == "prorated":
            basis += ";fee=prorated"
        d["outcome"] = "credited"
        # An open-ended row (remedy = plan_extension on a subscription with
        # no ends_at): SPEC and README do not say; slacredit writes the
        # extension with an empty new_ends_at, there being no expiry to move.
        d["credit"] = {"remedy": remedy, "amount": 0, "ext": ext,
                       "new_ends": "" if sub.ends is None
                       else fmt_iso(sub.ends + ext), "basis": basis}
        return d

    amount = round_once(exact, pol.rounding)
    if pol.fee_basis == "prorated":
        basis += ";fee=prorated"
    cap = (F * pol.cap / 100).numerator // (F * pol.cap / 100).denominator
    if amount > cap:
        amount = cap
        basis += ";cap=%s%%" % decimal_text(pol.cap_text, 0)
    min_credit = 1 if pol.min_credit is None else pol.min_credit * 10 ** exp
    if amount < min_credit:
        d["outcome"] = "below_minimum"
        return d
    d["outcome"] = "credited"
    d["credit"] = {"remedy": remedy, "amount": amount, "ext": 0,
                   "new_ends": "", "basis": basis}
    return d


def ladder(pol, D, dsecs, F, money):
    """kind = ladder (README): the downtime past `after`, per outage (each
    maximal stretch of D its own `after` and steps) or for the month, in
    started or full steps; each step worth step_credit of the fee, or days
    (at most max_days) as plan time or fee × days / day_divisor. Returns
    (exact credit, extension seconds, basis), or None when no step."""
    def steps_of(x):
        x = max(0, x - pol.after)
        return -(-x // pol.step) if pol.units == "started" else x // pol.step
    if pol.per == "month":
        steps = steps_of(dsecs)
    else:
        steps = sum(steps_of(e - s) for s, e in D)
    if steps == 0:
        return None
    sc = pol.step_credit
    basis = "steps=%d*%s" % (steps, sc)
    if sc.endswith("d"):
        days = steps * int(sc[:-1])
        if pol.max_days is not None and days > pol.max_days:
            days = pol.max_days
            basis += ";max=%dd" % days
        if money:
            basis += ";days=%d/%d" % (days, pol.day_divisor)
        return F * days / pol.day_divisor, days * DAY, basis
    if sc.endswith("%"):
        return F * steps * Fraction(sc[:-1]) / 100, 0, basis
    num, den = sc.split("/")
    return F * steps * int(num) / int(den), 0, basis


def decide_either(sub, members, ev, m0, m1):
    """README, `either`: decided under each member as if the roster named
    it; the larger credit wins (amount in minor units, or the longer plan
    extension), a tie the first listed; when no member credits, the first
    member's decision. basis starts with `either=MEMBER;`."""
    best, best_key, best_name = None, None, None
    for m in members:
        d = decide(sub, m, ev, m0, m1)
        c = d["credit"]
        # a member that credits nothing counts as a credit of 0: a credit
        # of 0 (min_credit = 0) ties with it, and the first listed wins
        key = 0 if c is None else \
            c["ext"] if c["remedy"] == "plan_extension" else c["amount"]
        if best is None or key > best_key:
            best, best_key, best_name = d, key, m.name
    if best["credit"] is not None:
        best["credit"]["basis"] = "either=%s;%s" % (best_name,
                                                     best["credit"]["basis"])
    return best


# ---------------------------------------------------------------- run

def compute(config_path, month):
    base = os.path.dirname(os.path.abspath(config_path))
    sections = read_config(config_path)
    policies = {}
    ev = Evidence()
    roster_path = None
    for kind, name, keys in sections:
        if kind == "roster":
            roster_path = os.path.join(base, one(keys, "path"))
        elif kind == "policy":
            policies[name] = Policy(name, keys)
        elif kind == "monitoring":
            read_monitoring(base, keys, ev)
        elif kind == "claims":
            for row in read_rows(os.path.join(base, one(keys, "path"))):
                ev.claims.setdefault(row["subscription_id"], []).append(
                    parse_iso(row["submitted_at"]))
        elif kind == "output":
            pass  # which files are written; no figure depends on it
        else:
            raise ModelError("section not modelled: %s" % kind)
    ev.finish()
    m0, m1 = month_bounds(month)
    decisions, credits = [], []
    for row in read_rows(roster_path):
        sub = Sub(row)
        pol = policies[sub.policy]
        if pol.either:
            d = decide_either(sub, [policies[m] for m in pol.either], ev,
                              m0, m1)
        else:
            d = decide(sub, pol, ev, m0, m1)
        decisions.append([month, sub.id, sub.customer, sub.policy,
                          d["outcome"], d["uptime"], str(d["down"]),
                          str(d["active"]), "", str(d["measured"])])
        c = d["credit"]
        if c is not None:
            credits.append([
                "%s:%s:%s" % (month, sub.id, sub.policy), month, sub.customer,
                sub.id, sub.policy, c["remedy"], str(c["amount"]),
                sub.currency, str(c["ext"]), c["new_ends"], d["uptime"],
                str(d["down"]), c["basis"]])
    key = (lambda r: (r[1].encode(), r[3].encode()))
    decisions.sort(key=key)
    credits.sort(key=lambda r: (r[3].encode(), r[4].encode()))
    return decisions, credits


DECISIONS_HEADER = ["period", "subscription_id", "customer_id", "policy",
                    "outcome", "uptime_percent", "downtime_seconds",
                    "active_seconds", "detail", "measured_seconds"]
CREDITS_HEADER = ["adjustment_id", "period", "customer_id", "subscription_id",
                  "policy", "remedy", "amount_minor", "currency",
                  "extension_seconds", "new_ends_at", "uptime_percent",
                  "downtime_seconds", "basis"]


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--month", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        decisions, credits = compute(args.config, args.month)
    except ModelError as e:
        print("model: %s" % e, file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "decisions.csv"), DECISIONS_HEADER,
              decisions)
    write_csv(os.path.join(args.out, "credits.csv"), CREDITS_HEADER, credits)
    return 0


if __name__ == "__main__":
    sys.exit(main())

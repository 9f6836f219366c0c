#!/usr/bin/env python3
"""Checks decisions.csv's measured_seconds independently of slacredit, for a
sample whose monitoring has `samples` sources: reads config.ini, the roster
and the monitoring files itself and works out, per subscription, the part of
its active window the samples cover. A sample covers [t, t + interval)
whatever its status and location; a resource's unknown time is the month
less that cover (all of it for a resource with no sample, unless a windows
export is configured); an instant is unknown when it is unknown for one of
the subscription's resources and down for none (SPEC §8). Handles what the
samples use: header rows, ',' or ';', ISO 8601 or strptime times in a zone,
windows given as start + H:MM:SS or seconds duration (a fraction rounds up), header = false with columns,
resource or resource_path in place of resource_column, and interval = next
with max_gap (one location per resource), error-rate samples. Down is taken as the union of
the down samples (confirm and quorum are not applied): enough where a
subscription's resources' down time is not needed to cancel unknown time of
another, or where confirm = 1 and quorum = any.

  check-measured.py SAMPLE_DIR DECISIONS_CSV   (prints a line per row;
                                                exit 1 on a mismatch)
"""
import configparser, csv, datetime, fractions, glob, math, os, re, sys
from zoneinfo import ZoneInfo

def norm(iv):
    iv = sorted((a, b) for a, b in iv if b > a)
    out = []
    for a, b in iv:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out

def subtract(x, y):
    out = []
    for a, b in x:
        cur = a
        for c, d in y:
            if d <= cur or c >= b:
                continue
            if c > cur:
                out.append([cur, c])
            cur = max(cur, d)
        if cur < b:
            out.append([cur, b])
    return norm(out)

def total(x):
    return sum(b - a for a, b in x)

def secs(text):
    m = re.fullmatch(r'(\d+)(s|m|h|d)?', text.strip())
    return int(m.group(1)) * {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, None: 1}[m.group(2)]

def utc(text):
    return int(datetime.datetime.fromisoformat(text.replace('Z', '+00:00')).timestamp())

def local(text, fmt, zone):
    if fmt == 'iso8601':
        return utc(text)
    t = datetime.datetime.strptime(text, fmt).replace(tzinfo=ZoneInfo(zone))
    return int(t.timestamp())

def hms(text):
    # H:MM:SS or seconds; a fraction rounds up to the next whole second.
    parts = text.split(':')
    if len(parts) == 1:
        h, m, s = '0', '0', parts[0]
    else:
        h, m, s = parts
    return int(h) * 3600 + int(m) * 60 + math.ceil(fractions.Fraction(s))

def main(sample, decisions):
    cp = configparser.ConfigParser(strict=False, inline_comment_prefixes=(';',),
                                   comment_prefixes=(';', '#'), interpolation=None)
    cp.read(os.path.join(sample, 'config.ini'), encoding='utf-8')
    year, month = map(int, open(os.path.join(sample, 'month')).read().split('-'))
    m0 = int(datetime.datetime(year, month, 1, tzinfo=datetime.timezone.utc).timestamp())
    m1 = int(datetime.datetime(year + month // 12, month % 12 + 1, 1,
                               tzinfo=datetime.timezone.utc).timestamp())
    cover, down, has_windows = {}, {}, False
    for sec in cp.sections():
        if not sec.startswith('monitoring '):
            continue
        c = cp[sec]
        delim = ';' if c.get('delimiter') == 'semicolon' else ','
        fmt, zone = c.get('time_format', 'iso8601'), c.get('time_zone', 'UTC')
        rx = re.compile(c['down_pattern']) if 'down_pattern' in c else None
        names, nexts = None, {}
        if c.get('header') == 'false':
            names = [x.strip() for x in c['columns'].split(',')]
        for path in sorted(glob.glob(os.path.join(sample, c['path']))):
            fixed = c.get('resource')
            if 'resource_path' in c:
                fixed = re.search(c['resource_path'], path).group(1)
            with open(path, encoding='utf-8-sig', newline='') as f:
                for row in csv.DictReader(f, fieldnames=names, delimiter=delim):
                    res = fixed or row[c['resource_column']]
                    if 'requests_column' in c:
                        # error_rate: 0 requests is no sample at all
                        req = int(row[c['requests_column']])
                        if req == 0:
                            continue
                        rate = fractions.Fraction(c['error_rate'].rstrip('%'))
                        isdown = int(row[c['errors_column']]) * 100 > rate * req
                    else:
                        isdown = rx is None or rx.search(row[c['status_column']]) is not None
                    if c.get('interval') == 'next':
                        t = local(row[c['time_column']], fmt, zone)
                        nexts.setdefault(res, []).append((t, isdown))
                        continue
                    if c['format'] == 'samples':
                        t = local(row[c['time_column']], fmt, zone)
                        iv = [t, t + secs(c['interval'])]
                        cover.setdefault(res, []).append(iv)
                    else:
                        has_windows = True
                        t = local(row[c['start_column']], fmt, zone)
                        iv = [t, t + hms(row[c['duration_column']])]
                    if isdown:
                        down.setdefault(res, []).append(iv)
        # interval = next (one location): until the next sample, at most
        # max_gap; the last one max_gap.
        gap = secs(c['max_gap']) if 'max_gap' in c else 0
        for res, v in nexts.items():
            v.sort()
            for i, (t, isdown) in enumerate(v):
                end = t + gap
                if i + 1 < len(v):
                    end = min(end, v[i + 1][0])
                cover.setdefault(res, []).append([t, end])
                if isdown:
                    down.setdefault(res, []).append([t, end])
    month_iv = [[m0, m1]]
    want = {}
    roster = os.path.join(sample, cp['roster']['path'])
    for s in csv.DictReader(open(roster, encoding='utf-8-sig', newline='')):
        a = max(m0, utc(s['starts_at']))
        b = min(m1, utc(s['ends_at'])) if s['ends_at'] else m1
        if b <= a:
            want[s['subscription_id']] = 0
            continue
        unknown, downs = [], []
        for r in s['resources'].split(';'):
            downs += down.get(r, [])
            if r in cover:
                unknown += subtract(month_iv, norm(cover[r]))
            elif not has_windows:
                unknown += month_iv  # no sample at all: the month is unknown
        u = subtract(norm(unknown), norm(downs))
        want[s['subscription_id']] = total(subtract([[a, b]], u))
    bad = 0
    for row in csv.DictReader(open(decisions, newline='')):
        got = int(row['measured_seconds'])
        w = want.pop(row['subscription_id'])
        if got != w:
            print('%s: measured_seconds %d, want %d' % (
                row['subscription_id'], got, w))
            bad += 1
    return 1 if bad or want else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2]))

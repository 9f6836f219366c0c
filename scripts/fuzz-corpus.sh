#!/bin/sh
# Assembles the seed corpora of the fuzz targets under DIR/<target>/ from
# the project's own inputs (samples/, tests/data/), the fixtures from the
# wild (../shared/fixtures, when present), tzdata, a few hand-written
# strings, and the regression seeds kept in tests/fuzz/regressions/<target>/.
# Targets that take a selector byte first (see tests/fuzz/*.c) get each seed
# once per selector. Usage: scripts/fuzz-corpus.sh DIR
set -eu
out=${1:?usage: fuzz-corpus.sh DIR}
fixtures=../shared/fixtures
rm -rf "$out"
for t in config when duration money tzif roster claims fees statuspage samples \
         windows csvdiff hosted prometheus kuma spindex; do
    mkdir -p "$out/fuzz_$t"
done

n=0
# seed TARGET SELECTOR FILE: FILE prefixed with the selector byte (octal).
seed() {
    n=$((n + 1))
    { printf "\\$2"; cat "$3"; } > "$out/fuzz_$1/s$n"
}
# plain TARGET FILE
plain() {
    n=$((n + 1))
    cp "$2" "$out/fuzz_$1/p$n"
}
# str TARGET SELECTOR STRING
str() {
    n=$((n + 1))
    printf "\\$2%s" "$3" > "$out/fuzz_$1/t$n"
}

csvs=$(find samples tests/data $( [ -d "$fixtures" ] && echo "$fixtures" ) \
       -name '*.csv' ! -name 'subscriptions*' ! -name 'claims*' \
       ! -path '*/expected/*' -size -64k | sort)
for f in $csvs; do
    for s in 000 001 002; do
        seed samples "$s" "$f"
        seed windows "$s" "$f"
    done
done
# csvdiff: every CSV once with the plain selector (',' whole file, 64 KiB
# reads), and with small reads, a keep mask and a split; hand-written edge
# cases of the fast path (blanks, blank lines, CR, NUL, BOM, quotes later).
for f in $(find samples tests/data $( [ -d "$fixtures" ] && echo "$fixtures" ) \
           -name '*.csv' ! -path '*/expected/*' -size -64k | sort); do
    seed csvdiff 000 "$f"
    seed csvdiff 034 "$f"
done
str csvdiff 020 'time,id,status
 2026-10-01T00:00:00Z , m1 ,down
  	
,,
a,b
'
str csvdiff 021 'a;b
x;"y
z";w
1;2
'
str csvdiff 042 "$(printf 'h\tk\r\nv\t \tw\r\n\n1\t2')"
str csvdiff 010 "$(printf '\357\273\277h,k\nv,w\nSTOP,1\nq,"r""s"\n')"
str csvdiff 030 "$(printf 'h,k\nv,w\r\r\nx,y\rz,1\n"a\n"b\n')"

# spindex: indexes of the target's two snapshots ($H1/$S1, $H2/$S2 stand for
# their digests and sizes): as a run writes them, one entry edited, and
# broken lines; selector 1 adds the magic line.
str spindex 001 "$(printf 'F\tsnap-1-incidents.json\t0\t$H1\t$S1\t1790985600\nR\tA\t1790938800\nN\tc1\t2\t1790985600\nC\tc1\nF\tsnap-2-incidents.json\t0\t$H2\t$S2\t1791072000\nR\tA\t1790942400\nR\tB\t1790946000\nN\tc1\t2\t1791072000\nC\tc1\n')"
str spindex 001 "$(printf 'F\tsnap-2-incidents.json\t0\t$H2\t$S2\t-\nR\tB\t1\nG\tc1\nP\tc1\tc2\n')"
str spindex 000 "$(printf 'slacredit-statuspage-index 1 0.0.0\nF\tx\t9\n')"
str spindex 001 "$(printf 'F\tsnap-1-incidents.json\t7\t$H1\t99999999999999999999\t-\nN\tc1\tx\ty\n')"

# hosted: each JSON export with the selector of its format (0 uptimerobot,
# 1 pingdom, 2 statuscake, 3 uptime-kuma-api).
for f in $(find samples tests/data -name '*.json' -size -256k | sort); do
    case $f in
    *uptimerobot*) seed hosted 000 "$f" ;; *pingdom*) seed hosted 001 "$f" ;;
    *statuscake*) seed hosted 002 "$f" ;; *kuma*) seed hosted 003 "$f" ;;
    esac
done
# prometheus: each query_range response (the archives' and the
# documentation's) with both selectors (0 step 60 instance, 1 step 15 job).
for f in $(find samples tests/data -name '*query_range*.json' \
           -o -name 'query-range*.json' | sort); do
    seed prometheus 000 "$f"
    seed prometheus 001 "$f"
done
# kuma: small databases (512-byte pages, under the 8 KiB input limit) with
# Kuma's two tables as it writes them: beats of every status, a fraction,
# retry_interval or not, a beat of a deleted monitor, and the rows of the
# tests' real public Kuma (tests/data/kuma/kuma-sample-rows.sql, first beats).
python3 - "$out/fuzz_kuma" <<'PY'
import os, sqlite3, sys
out = sys.argv[1]
def db(name, retry, rows):
    path = os.path.join(out, name + ".tmp")
    c = sqlite3.connect(path)
    c.execute("PRAGMA page_size = 512")
    c.execute("CREATE TABLE monitor (id INTEGER PRIMARY KEY, name VARCHAR(150), "
              "active BOOLEAN, interval INTEGER default 20 not null"
              + (", retry_interval INTEGER default 0 not null" if retry else "") + ")")
    c.execute("CREATE TABLE heartbeat (id INTEGER PRIMARY KEY, important BOOLEAN, "
              "monitor_id INTEGER NOT NULL, status SMALLINT, msg TEXT, "
              "time DATETIME NOT NULL)")
    c.execute("CREATE INDEX monitor_time_index ON heartbeat (monitor_id, time)")
    c.executescript(rows)
    c.commit()
    c.execute("VACUUM")
    c.close()
    data = open(path, "rb").read()
    os.unlink(path)
    for sel in (0, 1):
        open(os.path.join(out, "%s-%d" % (name, sel)), "wb").write(bytes([sel]) + data)
db("k1", True, """
INSERT INTO monitor VALUES (1, 'shop-web', 1, 60, 0), (2, 'mail', 1, 300, 600);
INSERT INTO heartbeat (monitor_id, status, msg, time) VALUES
 (1, 1, '', '2026-10-03 10:00:00.000'), (1, 2, 't', '2026-10-03 10:01:03.250'),
 (1, 0, 't', '2026-10-03 10:02:57'), (1, 3, 'm', '2026-10-03 10:04:27'),
 (1, 1, '', '2026-10-03 10:08:00'), (2, 0, '', '2026-09-30 23:59:00'),
 (2, 1, '', '2026-10-01 00:20:00'), (9, 0, '', '2026-10-02 00:00:00');
""")
db("k2", False, """
INSERT INTO monitor VALUES (1, 'api', 1, 20), (3, '', 1, 60);
INSERT INTO heartbeat (monitor_id, status, msg, time) VALUES
 (1, 1, '', '2026-10-10 00:00:00'), (1, 0, '', '2026-10-10 00:00:00.900'),
 (1, 1, '', '2026-10-10 00:01:54'), (3, 0, '', '2026-10-31 23:59:59');
""")
db("k3", True, "INSERT INTO monitor VALUES (1, 'web', 1, 60, 60);")
PY

for f in $(find samples tests/data -name '*.json' -size -256k | sort); do
    case $f in
    *maint*) s=001 ;; *summar*) s=002 ;; *component*) s=003 ;; *) s=000 ;;
    esac
    seed statuspage "$s" "$f"
    seed statuspage "$(printf '%03o' $((0$s + 4)))" "$f"
done
for f in $(find samples tests/data -name '*.ini' | sort); do plain config "$f"; done
for f in $(find samples tests/data -name 'subscriptions*.csv' | sort); do
    plain roster "$f"
done
for f in $(find samples tests/data -name 'claims*.csv' | sort); do
    plain claims "$f"
done
printf 'claim_id,subscription_id,submitted_at\nC1,s1,2026-10-03T15:00:00Z\n' \
    > "$out/fuzz_claims/own1"
printf 'claim_id,subscription_id,submitted_at\n' > "$out/fuzz_claims/own2"
for f in $(find samples tests/e2e -name 'fees*.csv' | sort); do
    plain fees "$f"
done
printf 'subscription_id,month,fee\ns1,2026-10,6.00\ns2,2026-09,1005\n' \
    > "$out/fuzz_fees/own1"
zi=${TZDIR:-/usr/share/zoneinfo}
for z in UTC Europe/Berlin America/New_York Australia/Lord_Howe Asia/Kolkata \
         America/Sao_Paulo Pacific/Chatham; do
    [ -f "$zi/$z" ] && plain tzif "$zi/$z"
done

# when: selector 0 ISO 8601, 1 month, 2 "PATTERN\nVALUE" (x3 zones)
for v in 2026-10-03T15:00:00Z 2026-10-25T02:30:00 2026-10-25T02:30:00+02:00 \
         '2026-10-03 15:00:00.125-04:30' 20261003T150000Z 2026-12-31T23:59:60Z; do
    str when 000 "$v"; str when 003 "$v"
done
for v in 2026-10 2026-02 9999-12 0001-01; do str when 001 "$v"; done
for v in '%Y-%m-%d %H:%M:%S
2026-10-25 02:30:00' '%d/%m/%Y %H:%M
25/10/2026 02:30' '%s
1790812800' '%b %d %Y %I:%M %p
Oct 25 2026 02:30 AM' '%Y-%m-%dT%H:%M:%S%z
2026-10-25T02:30:00+0100'; do
    str when 002 "$v"; str when 005 "$v"
done
# duration: selector bit 2 config durations, else lengths (unit 1, 60, ...)
for v in 5m 90s 24h 7d 1h30m -0:10:00; do str duration 004 "$v"; done
for v in 13,591 0:10:00 '13 hrs, 2 mins' '1 hr, 0 mins' 600 '1:00:00:00'; do
    str duration 000 "$v"; str duration 001 "$v"
done
# money: 0 money (exponent = sel/4), 1 decimal, 2 i64, 3 bounded i64
for v in 6.00 1005 0.50 -12.345 99999999999999.99 1e3; do
    str money 000 "$v"; str money 010 "$v"; str money 001 "$v"
done
for v in 42 -9223372036854775808 9223372036854775807 007; do
    str money 002 "$v"; str money 003 "$v"
done

for d in tests/fuzz/regressions/*/; do
    [ -d "$d" ] || continue
    t=$(basename "$d")
    mkdir -p "$out/$t"
    cp "$d"* "$out/$t/" 2>/dev/null || true
done
for t in "$out"/*/; do
    echo "fuzz-corpus: $(basename "$t"): $(ls "$t" | wc -l) seeds"
done

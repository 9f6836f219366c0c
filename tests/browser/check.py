#!/usr/bin/env python3
"""Browser test of the HTML pages, in Debian's headless Chromium.

For each month below it runs slacredit, then loads report.html and the
statements in Chromium (a copy of each page with a measuring script added
at its end; the page itself has no script) and checks through the DOM:
  - every counted window of windows.csv has its bar, and only those bars
    are counted bars; each sits where its times say: left edge and width
    within one pixel of (start - m0) / (m1 - m0) and (end - start) /
    (m1 - m0) of the strip's rendered width;
  - the totals shown in report.html equal credits.csv's sums per currency,
    and each statement shows its customer's credits.csv amounts;
  - the hostile incident name <script>alert(1)</script> is text: no script
    element but the measuring one, and the name is read back verbatim;
then takes a screenshot of each page into build/browser/ and checks it is
not blank (PNG decoded with zlib: many colours, the counted-downtime red
among them), and prints the statements to PDF with scripts/statements-pdf.sh.

Usage: check.py BIN [--readme PNG]   (--readme: also writes the screenshot
of the sample's report.html used in README.md)
Chromium runs with --no-sandbox (root), a temporary --user-data-dir, in its
own process group that is killed on every exit path."""
import csv
import html
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent.parent
ART = TOP / "build" / "browser"
HOSTILE = "<script>alert(1)</script>"
RED = (214, 69, 69)  # svg.tl .counted

MEASURE = r"""<script>
(function () {
  var r = {scripts: document.querySelectorAll('script').length, bars: [],
           totals: [], amounts: [], text: document.body.textContent};
  document.querySelectorAll('svg.tl').forEach(function (svg) {
    var sb = svg.getBoundingClientRect();
    var owner = svg.closest('[data-sub]');
    svg.querySelectorAll('rect').forEach(function (rect) {
      var b = rect.getBoundingClientRect();
      var t = rect.querySelector('title');
      r.bars.push({sub: owner ? owner.getAttribute('data-sub') : null,
        cls: rect.getAttribute('class'), start: rect.getAttribute('data-start'),
        end: rect.getAttribute('data-end'), left: b.left, width: b.width,
        svgLeft: sb.left, svgWidth: sb.width,
        m0: svg.getAttribute('data-m0'), m1: svg.getAttribute('data-m1'),
        title: t ? t.textContent : null});
    });
  });
  document.querySelectorAll('#totals tr[data-currency]').forEach(function (tr) {
    var td = tr.querySelectorAll('td');
    r.totals.push({currency: td[0].textContent, credits: td[1].textContent,
                   minor: td[3].textContent});
  });
  document.querySelectorAll('section[data-sub] .credit .amount').forEach(
    function (a) {
      r.amounts.push({sub: a.closest('[data-sub]').getAttribute('data-sub'),
                      text: a.textContent});
    });
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>
"""

failures = []
passes = 0


def check(cond, what):
    global passes
    if cond:
        passes += 1
    else:
        failures.append(what)
        print("FAIL " + what)


class Chromium:
    """Runs chromium, one process group per call, killed when done."""

    def __init__(self, tmp):
        self.exe = shutil.which("chromium") or shutil.which("chromium-browser")
        self.tmp = tmp
        self.n = 0

    def run(self, args, timeout=90):
        self.n += 1
        profile = os.path.join(self.tmp, "profile%d" % self.n)
        cmd = [self.exe, "--headless", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--hide-scrollbars",
               "--user-data-dir=" + profile] + args
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             start_new_session=True)
        try:
            out, _ = p.communicate(timeout=timeout)
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        return p.returncode, out.decode("utf-8", "replace")


def epoch(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=timezone.utc).timestamp())


def measure(chrome, page, tmp):
    """Loads a copy of page with the measuring script; returns its JSON."""
    src = page.read_text(encoding="utf-8")
    check("<script" not in src, f"{page.name}: the page has a script")
    copy = page.parent / ("measure-" + page.name)
    copy.write_text(src.replace("</body>", MEASURE + "</body>"),
                    encoding="utf-8")
    try:
        rc, dom = chrome.run(["--window-size=1280,1000",
                              "--dump-dom",
                              copy.as_uri()])
    finally:
        copy.unlink()
    m = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    check(m is not None, f"{page.name}: chromium gave no measurement "
                         f"(rc {rc})")
    if m is None:
        return None
    return json.loads(html.unescape(m.group(1)))


def check_bars(name, got, windows, kind_attr="counted"):
    """Counted bars in got equal windows.csv's counted rows, placed within a
    pixel of where their times say."""
    bars = [b for b in got["bars"] if b["cls"] == kind_attr]
    want = sorted((w["subscription_id"], w["start"], w["end"])
                  for w in windows if w["kind"] == kind_attr)
    have = sorted((b["sub"], b["start"], b["end"]) for b in bars)
    check(have == want, f"{name}: {kind_attr} bars {have} but windows.csv "
                        f"says {want}")
    for b in bars:
        m0, m1 = int(b["m0"]), int(b["m1"])
        s, e = epoch(b["start"]), epoch(b["end"])
        px = Fraction(b["svgWidth"]).limit_denominator(1 << 20)
        left = Fraction(b["svgLeft"]).limit_denominator(1 << 20) + \
            Fraction(s - m0, m1 - m0) * px
        width = Fraction(e - s, m1 - m0) * px
        check(abs(Fraction(b["left"]).limit_denominator(1 << 20) - left) <= 1
              and abs(Fraction(b["width"]).limit_denominator(1 << 20)
                      - width) <= 1,
              f"{name}: {kind_attr} bar {b['sub']} {b['start']}.."
              f"{b['end']} at x {b['left']:.2f} width {b['width']:.2f}, "
              f"want {float(left):.2f} width {float(width):.2f}")
    return len(bars)


def png_colours(path):
    """Distinct RGB colours of an 8-bit RGB/RGBA PNG (stdlib only)."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "unexpected PNG type"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours = set()
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        for x in range(0, stride, bpp):
            colours.add(bytes(line[x:x + 3]))
        prev = line
    return colours


def screenshot(chrome, page, png, height=1400):
    chrome.run(["--window-size=1280,%d" % height, "--screenshot=" + str(png),
                page.as_uri()])
    ok = png.exists() and png.stat().st_size > 0
    check(ok, f"{png.name}: chromium wrote no screenshot")
    if not ok:
        return
    colours = png_colours(png)
    check(len(colours) >= 16 and bytes(RED) in colours,
          f"{png.name}: looks blank ({len(colours)} colours, counted red "
          f"{'present' if bytes(RED) in colours else 'absent'})")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def month_case(chrome, tmp, bin_, name, config, month, hostile=False,
               readme=None):
    out = Path(tmp) / name
    r = run(bin_, config, month, out)
    check(r.returncode == 0, f"{name}: slacredit run failed: {r.stderr}")
    if r.returncode != 0:
        return
    windows = read_csv(out / "windows.csv")
    credits = read_csv(out / "credits.csv")

    got = measure(chrome, out / "report.html", tmp)
    if got is not None:
        n = check_bars(name + " report.html", got, windows)
        check(n > 0, f"{name}: report.html shows no counted bar")
        check_bars(name + " report.html", got, windows, "excluded")
        sums = {}
        for c in credits:
            t = sums.setdefault(c["currency"], [0, 0])
            t[0] += 1
            t[1] += int(c["amount_minor"])
        shown = {t["currency"]: [int(t["credits"]), int(t["minor"])]
                 for t in got["totals"]}
        check(shown == sums, f"{name}: report.html totals {shown}, "
                             f"credits.csv sums {sums}")
        if hostile:
            check(got["scripts"] == 1, f"{name}: report.html has "
                                       f"{got['scripts'] - 1} script(s) of "
                                       f"its own")
            check(any(b["title"] and HOSTILE in b["title"]
                      for b in got["bars"] if b["cls"] == "incident"),
                  f"{name}: the incident named {HOSTILE} is not shown as "
                  f"text in report.html")
    statements = sorted((out / "statements").glob("*.html"))
    customers = sorted({c["customer_id"] for c in read_csv(
        out / "decisions.csv") if c["outcome"] != "not_active"})
    check(len(statements) == len(customers),
          f"{name}: {len(statements)} statements for {len(customers)} "
          f"customers active in the month")
    seen_hostile = False
    for page in statements:
        got = measure(chrome, page, tmp)
        if got is None:
            continue
        subs = {b["sub"] for b in got["bars"]} | \
            {a["sub"] for a in got["amounts"]}
        mine = [w for w in windows if w["subscription_id"] in subs]
        check_bars(f"{name} {page.name}", got, mine)
        check_bars(f"{name} {page.name}", got, mine, "excluded")
        want = sorted((c["subscription_id"],
                       c["amount_minor"] if c["amount_minor"] != "0" or
                       c["extension_seconds"] == "0" else "plan time")
                      for c in credits if c["subscription_id"] in subs)
        have = sorted((a["sub"], re.sub(r"[^0-9-]", "", a["text"].split()[0])
                       .lstrip("0") or "0"
                       if "plan time" not in a["text"] else "plan time")
                      for a in got["amounts"])
        check(have == want, f"{name} {page.name}: amounts {have}, "
                            f"credits.csv {want}")
        check(got["scripts"] == 1, f"{name} {page.name}: a script of its "
                                   f"own")
        if HOSTILE in got["text"]:
            seen_hostile = True
    if hostile:
        check(seen_hostile, f"{name}: no statement shows {HOSTILE} as text")
        check(any("%2F" in p.name for p in statements),
              f"{name}: the customer id with '/' has no statement")
    ART.mkdir(parents=True, exist_ok=True)
    screenshot(chrome, out / "report.html", ART / f"{name}-report.png")
    if statements:
        screenshot(chrome, statements[0], ART / f"{name}-statement.png", 1800)
    if readme is not None:
        chrome.run(["--window-size=1280,960", "--screenshot=" + str(readme),
                    (out / "report.html").as_uri()])
        check(readme.exists(), f"{readme}: not written")
    if not hostile:
        return
    # The statements in print form.
    pdfs = ART / f"{name}-pdf"
    r = subprocess.run([str(TOP / "scripts" / "statements-pdf.sh"), str(out),
                        str(pdfs)], capture_output=True, text=True)
    made = sorted(pdfs.glob("*.pdf")) if pdfs.exists() else []
    check(r.returncode == 0 and len(made) == len(statements) and
          all(p.read_bytes()[:5] == b"%PDF-" for p in made),
          f"{name}: statements-pdf.sh made {len(made)} PDF(s) for "
          f"{len(statements)} statement(s): {r.stderr.strip()}")


def run(bin_, config, month, out):
    return subprocess.run([bin_, "run", "--config", str(config), "--month",
                           month, "--out", str(out), "--quiet"],
                          capture_output=True, text=True)


def tree(folder):
    """{relative path: bytes} of every file under folder."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def without_browser(tmp, bin_):
    """What needs no browser: hand-checked fragments of the hostile month's
    pages byte for byte (tests/browser/hostile/expected/<page>.fragment), the same bytes on a rerun into the old folder,
    a foreign file in statements/ refused, formats = no-html."""
    case = TOP / "tests" / "browser" / "hostile"
    month = (case / "month").read_text().strip()
    a, b = Path(tmp) / "frag-a", Path(tmp) / "frag-b"
    r = run(bin_, case / "config.ini", month, a)
    check(r.returncode == 0, f"hostile: slacredit run failed: {r.stderr}")
    if r.returncode != 0:
        return
    for frag in sorted((case / "expected").rglob("*.fragment")):
        rel = str(frag.relative_to(case / "expected"))[:-len(".fragment")]
        page = a / rel
        got = page.read_text(encoding="utf-8") if page.exists() else ""
        # Pieces are separated by a line "@@"; each must appear verbatim.
        for i, want in enumerate(frag.read_text(encoding="utf-8")
                                 .rstrip("\n").split("\n@@\n")):
            check(want in got, f"hostile: {rel} lacks piece {i + 1} of "
                               f"the hand-checked {frag.name}")
    # gamma's only subscription starts after the month: no statement, and
    # report.html does not link one.
    check(not (a / "statements" / "gamma.html").exists() and
          "statements/gamma.html" not in (a / "report.html").read_text(),
          "hostile: a customer not active in the month has a statement")
    # A rerun into the same folder replaces it (statements/ included) with
    # the same bytes, and so does a run into a fresh folder.
    first = tree(a)
    r = run(bin_, case / "config.ini", month, a)
    check(r.returncode == 0 and tree(a) == first,
          f"hostile: a rerun into the output folder differs: {r.stderr}")
    r = run(bin_, case / "config.ini", month, b)
    check(r.returncode == 0 and tree(b) == first,
          "hostile: a run into another folder writes other bytes")
    man = json.loads((a / "manifest.json").read_text())
    names = {o["name"] for o in man["outputs"]}
    check({"report.html", "statements/beta.html",
           "statements/acme%2F%3Ci%3E%26co.html"} <= names,
          f"hostile: manifest.json lists {sorted(names)}")
    # A file slacredit did not write inside statements/: refused (73),
    # nothing replaced.
    (a / "statements" / "notes.txt").write_text("mine\n")
    before = tree(a)
    r = run(bin_, case / "config.ini", month, a)
    check(r.returncode == 73 and "notes.txt" in r.stderr and
          tree(a) == before,
          f"hostile: a foreign file in statements/ gave rc "
          f"{r.returncode}: {r.stderr.strip()}")
    # formats = no-html: neither report.html nor statements/.
    off = Path(tmp) / "nohtml"
    shutil.copytree(case, off)
    with open(off / "config.ini", "a", encoding="utf-8") as f:
        f.write("formats = csv, no-html\n")
    r = run(bin_, off / "config.ini", month, off / "out")
    check(r.returncode == 0 and not (off / "out" / "report.html").exists()
          and not (off / "out" / "statements").exists() and
          (off / "out" / "credits.csv").read_bytes() ==
          first["credits.csv"],
          f"hostile: formats = no-html still wrote pages: {r.stderr}")


def main():
    args = sys.argv[1:]
    readme = None
    if "--readme" in args:
        i = args.index("--readme")
        readme = Path(args[i + 1]).resolve()
        del args[i:i + 2]
    bin_ = str(Path(args[0]).resolve())
    tmp = tempfile.mkdtemp(prefix="slacredit-browser-")
    try:
        without_browser(tmp, bin_)
        chrome = Chromium(tmp)
        if chrome.exe is None:
            print("browser: chromium not installed "
                  "(scripts/install-deps.sh installs it)")
            return 1
        sample = TOP / "samples" / "kerabie"
        month_case(chrome, tmp, bin_, "kerabie", sample / "config.ini",
                   (sample / "month").read_text().strip(), readme=readme)
        hostile = TOP / "tests" / "browser" / "hostile"
        month_case(chrome, tmp, bin_, "hostile", hostile / "config.ini",
                   (hostile / "month").read_text().strip(), hostile=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"browser: {passes} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

/* html: escaping, timeline geometry, file names, page frame (see html.h). */
#include "write/html.h"

#include "lib/buf.h"
#include "lib/sha.h"
#include "lib/when.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        cp = s[0] & 0x07u;
    } else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    /* C1 controls (U+0080..U+009F). */
    if (len == 2 && cp <= 0x9F)
        return 0;
    return len;
}

void html_escape_n(struct buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    while (i < n) {
        const char *rep = NULL;
        size_t len = utf8_len(p + i, n - i);
        switch (len == 1 ? p[i] : 0x80) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if (len == 0 ||
                (len == 1 && ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
                              p[i] == 0x7F)))
                rep = "\xEF\xBF\xBD";
            break;
        }
        if (rep == NULL) {
            run += len;
            i += len;
            continue;
        }
        buf_append(b, p + i - run, run);
        run = 0;
        buf_puts(b, rep);
        i += len != 0 ? len : 1;
    }
    buf_append(b, p + i - run, run);
}

void html_escape(struct buf *b, const char *s)
{
    html_escape_n(b, s, strlen(s));
}

bool html_tl_span(int64_t m0, int64_t m1, int64_t start, int64_t end,
                  int64_t *x, int64_t *w)
{
    if (start < m0)
        start = m0;
    if (end > m1)
        end = m1;
    if (end <= start) {
        *x = 0;
        *w = 0;
        return false;
    }
    *x = start - m0;
    *w = end - start;
    return true;
}

void html_tl_pixel(int64_t m0, int64_t m1, int64_t x, int64_t px, int64_t *num,
                   int64_t *den)
{
    *num = x * px;
    *den = m1 - m0;
}

void html_tl_open(struct buf *b, int64_t m0, int64_t m1, const char *label)
{
    int64_t t;

    buf_printf(b,
               "<svg class=\"tl\" role=\"img\" viewBox=\"0 0 %lld %d\" "
               "preserveAspectRatio=\"none\" data-m0=\"%lld\" "
               "data-m1=\"%lld\" aria-label=\"",
               (long long)(m1 - m0), HTML_TL_HEIGHT, (long long)m0,
               (long long)m1);
    html_escape(b, label);
    buf_printf(b,
               "\"><rect class=\"month\" x=\"0\" y=\"%d\" width=\"%lld\" "
               "height=\"%d\"/>",
               HTML_TL_DOWN_Y, (long long)(m1 - m0), HTML_TL_DOWN_H);
    /* A line at every midnight (UTC) inside the month. */
    for (t = m0 - m0 % DAY + DAY; t < m1; t += DAY)
        buf_printf(b,
                   "<line class=\"day\" x1=\"%lld\" x2=\"%lld\" y1=\"0\" "
                   "y2=\"%d\"/>",
                   (long long)(t - m0), (long long)(t - m0), HTML_TL_HEIGHT);
}

void html_tl_bar(struct buf *b, int64_t m0, int64_t m1, const char *cls, int y,
                 int h, int64_t start, int64_t end, const char *title)
{
    int64_t x, w;
    char a[32], z[32];

    if (!html_tl_span(m0, m1, start, end, &x, &w))
        return;
    when_format(m0 + x, a, sizeof a);
    when_format(m0 + x + w, z, sizeof z);
    buf_printf(b,
               "<rect class=\"%s\" x=\"%lld\" y=\"%d\" width=\"%lld\" "
               "height=\"%d\" data-start=\"%s\" data-end=\"%s\"><title>",
               cls, (long long)x, y, (long long)w, h, a, z);
    html_escape(b, title);
    buf_puts(b, "</title></rect>");
}

void html_tl_close(struct buf *b)
{
    buf_puts(b, "</svg>");
}

void html_statement_name(const char *customer, char *out, size_t cap)
{
    static const char hexd[] = "0123456789ABCDEF";
    char name[256];
    size_t n = 0;
    const unsigned char *p;

    for (p = (const unsigned char *)customer; *p != '\0'; p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        if (n + (plain ? 1 : 3) > 200) {
            n = 201;
            break;
        }
        if (plain) {
            name[n++] = (char)*p;
        } else {
            name[n++] = '%';
            name[n++] = hexd[*p >> 4];
            name[n++] = hexd[*p & 15];
        }
    }
    if (n > 200) {
        char hex[65];
        struct sha *h = sha_new();
        sha_update(h, customer, strlen(customer));
        sha_final(h, hex);
        sha_free(h);
        snprintf(out, cap, "~%s.html", hex);
        return;
    }
    name[n] = '\0';
    snprintf(out, cap, "%s.html", name);
}

static const char style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',"
    "'DejaVu Sans',sans-serif;color:#1c2430;margin:24px auto;"
    "max-width:1240px;padding:0 16px}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
    "border-bottom:1px solid #d5dbe3;padding-bottom:4px}"
    "h3{font-size:15px;margin:20px 0 6px}\n"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px}"
    "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e7ee;"
    "vertical-align:top}th{background:#f3f5f8;font-weight:600}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".muted{color:#5d6878}.tlcell{width:46%;min-width:360px}"
    "#subs td:not(.tlcell),#discrepancies td,table.windows td,"
    "table.claims td{white-space:nowrap}"
    "svg.tl{display:block;width:100%;height:34px}\n"
    "svg.tl .month{fill:#dff3e4}svg.tl .day{stroke:#ffffff;"
    "stroke-width:1;vector-effect:non-scaling-stroke}\n"
    "svg.tl .inactive{fill:#d9dde3}svg.tl .unknown{fill:#b9c0ca}"
    "svg.tl .excluded{fill:#f2c14e}svg.tl .counted{fill:#d64545}\n"
    "svg.tl .incident{fill:#7a4cc2}svg.tl .maintenance{fill:#3d8fd1}\n"
    "svg.tl rect.counted,svg.tl rect.excluded,svg.tl rect.incident,"
    "svg.tl rect.maintenance{stroke-width:1px;"
    "vector-effect:non-scaling-stroke}\n"
    "svg.tl rect.counted{stroke:#d64545}svg.tl rect.excluded{stroke:#f2c14e}"
    "svg.tl rect.incident{stroke:#7a4cc2}"
    "svg.tl rect.maintenance{stroke:#3d8fd1}\n"
    ".legend span{display:inline-block;margin-right:14px}"
    ".legend i{display:inline-block;width:12px;height:12px;"
    "vertical-align:-2px;margin-right:4px}\n"
    "pre{white-space:pre-wrap;background:#f6f7f9;padding:8px 10px;"
    "border:1px solid #e3e7ee;font-size:12.5px}\n"
    ".credit{font-size:18px;font-weight:600}"
    "footer{margin-top:32px;font-size:12px;color:#5d6878}"
    "footer td{font-family:monospace;font-size:11px;word-break:break-all}\n"
    "section.sub{page-break-inside:avoid;break-inside:avoid}\n"
    "@media print{body{margin:0;max-width:none;font-size:11pt}"
    "h2{break-after:avoid}svg.tl{height:30px}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@page{size:A4;margin:14mm}}\n";

void html_page_begin(struct buf *b, const char *title)
{
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, "
                "initial-scale=1\">\n<title>");
    html_escape(b, title);
    buf_puts(b, "</title>\n<style>\n");
    buf_puts(b, style);
    buf_puts(b, "</style>\n</head>\n<body>\n");
}

void html_page_end(struct buf *b)
{
    buf_puts(b, "</body>\n</html>\n");
}

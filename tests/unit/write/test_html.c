/* Unit tests for html: escaping of text from inputs (markup, quotes,
 * bytes that are not UTF-8, controls), the timeline geometry (a window's x
 * and width from its times, exact integers, clipped to the month), a bar's
 * bytes, and the statement file names. Expected values are worked out by
 * hand in the comments. */
#include "write/html.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "testutil.h"

/* 2026-05-01T00:00:00Z and 2026-06-01T00:00:00Z: 20574 and 20605 days
 * after 1970-01-01, times 86400. May has 31 days: 2,678,400 s. */
#define MAY0 1777593600LL
#define MAY1 1780272000LL
/* 2026-02-01 and 2026-03-01: 28 days, 2,419,200 s. */
#define FEB0 1769904000LL
#define FEB1 1772323200LL

static void escaped(const char *in, size_t n, const char *want)
{
    struct buf b;

    buf_init(&b, 0);
    html_escape_n(&b, in, n);
    ASSERT_STR(buf_str(&b), want);
    buf_free(&b);
}

static void html_escapes_markup_and_quotes(void)
{
    escaped("<script>alert(1)</script>", 25,
            "&lt;script&gt;alert(1)&lt;/script&gt;");
    escaped("a&b \"q\" 'x'", 11, "a&amp;b &quot;q&quot; &#39;x&#39;");
    escaped("plain text", 10, "plain text");
    escaped("", 0, "");
    /* An entity in the input is text, not an entity. */
    escaped("&lt;", 4, "&amp;lt;");
    /* Only the first n bytes. */
    escaped("ab<cd", 3, "ab&lt;");
}

static void html_escape_keeps_utf8_and_replaces_what_is_not(void)
{
    /* € is E2 82 AC; é is C3 A9: kept as they are. */
    escaped("10 \xE2\x82\xAC caf\xC3\xA9", 12, "10 \xE2\x82\xAC caf\xC3\xA9");
    /* A lone FF, a truncated sequence at the end: U+FFFD each. */
    escaped("a\xFF"
            "b",
            3,
            "a\xEF\xBF\xBD"
            "b");
    escaped("x\xE2\x82", 3, "x\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Overlong '/' (C0 AF): C0 is never a lead byte, AF never starts. */
    escaped("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* A UTF-16 surrogate (ED A0 80) is not UTF-8: three replacements. */
    escaped("\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Controls: tab and newline stay; 01, 7F and C1's U+0085 do not. */
    escaped("a\tb\nc\x01"
            "d\x7F",
            8,
            "a\tb\nc\xEF\xBF\xBD"
            "d\xEF\xBF\xBD");
    escaped("\xC2\x85", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* A 4-byte character (U+1F600, F0 9F 98 80) is kept. */
    escaped("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80");
}

static void html_escape_whole_string(void)
{
    struct buf b;

    buf_init(&b, 0);
    html_escape(&b, "<b>\"AMS3\" & co</b>");
    ASSERT_STR(buf_str(&b), "&lt;b&gt;&quot;AMS3&quot; &amp; co&lt;/b&gt;");
    buf_free(&b);
}

static void html_tl_span_is_seconds_from_the_month_start(void)
{
    int64_t x = -1, w = -1;

    /* 2026-05-03T10:00Z to 10:30Z: 2 days and 10 h after May 1, so
     * x = 2 * 86400 + 10 * 3600 = 208800, width 1800. */
    CU_ASSERT_TRUE(
        html_tl_span(MAY0, MAY1, MAY0 + 208800, MAY0 + 210600, &x, &w));
    CU_ASSERT_EQUAL(x, 208800);
    CU_ASSERT_EQUAL(w, 1800);
    /* The month's first second and its last second. */
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY0, MAY0 + 1, &x, &w));
    CU_ASSERT_EQUAL(x, 0);
    CU_ASSERT_EQUAL(w, 1);
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY1 - 1, MAY1, &x, &w));
    CU_ASSERT_EQUAL(x, 2678399);
    CU_ASSERT_EQUAL(w, 1);
    /* The whole month is the whole viewBox: 31 * 86400 = 2678400. */
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY0, MAY1, &x, &w));
    CU_ASSERT_EQUAL(x, 0);
    CU_ASSERT_EQUAL(w, 2678400);
}

static void html_tl_span_clips_to_the_month(void)
{
    int64_t x = -1, w = -1;

    /* 2026-04-30T23:00Z to 2026-05-01T01:00Z: the hour in May. */
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY0 - 3600, MAY0 + 3600, &x, &w));
    CU_ASSERT_EQUAL(x, 0);
    CU_ASSERT_EQUAL(w, 3600);
    /* 2026-05-31T23:30Z to 2026-06-01T00:30Z: the last half hour, at
     * 2678400 - 1800 = 2676600. */
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY1 - 1800, MAY1 + 1800, &x, &w));
    CU_ASSERT_EQUAL(x, 2676600);
    CU_ASSERT_EQUAL(w, 1800);
    /* An unresolved incident (end INT64_MAX) runs to the month's end. */
    CU_ASSERT_TRUE(html_tl_span(MAY0, MAY1, MAY0 + 86400, INT64_MAX, &x, &w));
    CU_ASSERT_EQUAL(x, 86400);
    CU_ASSERT_EQUAL(w, 2678400 - 86400);
    /* Outside, touching either end, or empty: nothing. */
    CU_ASSERT_FALSE(html_tl_span(MAY0, MAY1, MAY0 - 60, MAY0, &x, &w));
    CU_ASSERT_EQUAL(x, 0);
    CU_ASSERT_EQUAL(w, 0);
    CU_ASSERT_FALSE(html_tl_span(MAY0, MAY1, MAY1, MAY1 + 60, &x, &w));
    CU_ASSERT_FALSE(html_tl_span(MAY0, MAY1, MAY0 + 100, MAY0 + 100, &x, &w));
    CU_ASSERT_FALSE(html_tl_span(MAY0, MAY1, MAY0 + 100, MAY0 + 50, &x, &w));
}

static void html_tl_pixel_is_an_exact_fraction(void)
{
    int64_t num, den;

    /* x = 208800 on a 1000 px strip of May: 208800 * 1000 / 2678400 px,
     * that is 208800000 / 2678400 = 77.956... px. */
    html_tl_pixel(MAY0, MAY1, 208800, 1000, &num, &den);
    CU_ASSERT_EQUAL(num, 208800000);
    CU_ASSERT_EQUAL(den, 2678400);
    /* Noon of February 15th (14.5 days in, 1252800 s) on a 560 px strip
     * of February (28 days): 14.5 / 28 * 560 = exactly 290 px. */
    html_tl_pixel(FEB0, FEB1, 1252800, 560, &num, &den);
    CU_ASSERT_EQUAL(den, 2419200);
    CU_ASSERT_EQUAL(num % den, 0);
    CU_ASSERT_EQUAL(num / den, 290);
}

static void html_tl_bar_writes_exact_geometry_and_escaped_title(void)
{
    struct buf b;

    buf_init(&b, 0);
    html_tl_bar(&b, MAY0, MAY1, "counted", HTML_TL_DOWN_Y, HTML_TL_DOWN_H,
                MAY0 + 208800, MAY0 + 210600, "<b>web</b> & \"api\"");
    ASSERT_STR(buf_str(&b),
               "<rect class=\"counted\" x=\"208800\" y=\"0\" width=\"1800\" "
               "height=\"22\" data-start=\"2026-05-03T10:00:00Z\" "
               "data-end=\"2026-05-03T10:30:00Z\"><title>&lt;b&gt;web&lt;/"
               "b&gt; &amp; &quot;api&quot;</title></rect>");
    /* Clipped: data-start/-end say what is drawn. */
    buf_reset(&b);
    html_tl_bar(&b, MAY0, MAY1, "incident", HTML_TL_INCIDENT_Y,
                HTML_TL_INCIDENT_H, MAY1 - 60, MAY1 + 600, "t");
    ASSERT_STR(buf_str(&b),
               "<rect class=\"incident\" x=\"2678340\" y=\"25\" width=\"60\" "
               "height=\"9\" data-start=\"2026-05-31T23:59:00Z\" "
               "data-end=\"2026-06-01T00:00:00Z\"><title>t</title></rect>");
    /* Outside the month: nothing at all. */
    buf_reset(&b);
    html_tl_bar(&b, MAY0, MAY1, "counted", 0, 22, MAY1, MAY1 + 60, "t");
    CU_ASSERT_EQUAL(b.len, 0);
    buf_free(&b);
}

static void html_tl_open_spans_the_month_with_day_lines(void)
{
    struct buf b;
    const char *s;
    size_t lines = 0;

    buf_init(&b, 0);
    html_tl_open(&b, FEB0, FEB1, "a<b");
    html_tl_close(&b);
    s = buf_str(&b);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(s, "viewBox=\"0 0 2419200 34\" preserveAspectRatio=\"none\" "
                  "data-m0=\"1769904000\" data-m1=\"1772323200\" "
                  "aria-label=\"a&lt;b\""));
    /* 27 midnights inside a 28-day month, the first at 86400. */
    for (; (s = strstr(s, "<line class=\"day\"")) != NULL; s++)
        lines++;
    CU_ASSERT_EQUAL(lines, 27);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "x1=\"86400\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "x1=\"2332800\""));
    CU_ASSERT_PTR_NULL(strstr(buf_str(&b), "x1=\"2419200\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "</svg>"));
    buf_free(&b);
}

static void name_is(const char *customer, const char *want)
{
    char out[300];

    html_statement_name(customer, out, sizeof out);
    ASSERT_STR(out, want);
}

static void html_statement_names_are_safe_and_distinct(void)
{
    char id[80];

    name_is("cust-d", "cust-d.html");
    name_is("ACME_01", "ACME_01.html");
    name_is("a/b c", "a%2Fb%20c.html");
    name_is("..", "%2E%2E.html");
    name_is(".hidden", "%2Ehidden.html");
    name_is("caf\xC3\xA9", "caf%C3%A9.html");
    name_is("<script>", "%3Cscript%3E.html");
    /* '%' itself is escaped, so "a/" and "a%2F" differ. */
    name_is("a/", "a%2F.html");
    name_is("a%2F", "a%252F.html");
    /* 66 slashes are 198 bytes: a name; 67 are 201: the hash of the id
     * (sha256 of 67 '/' bytes, computed separately). */
    memset(id, '/', 66);
    id[66] = '\0';
    {
        char want[220] = "";
        int i;
        for (i = 0; i < 66; i++)
            strcat(want, "%2F");
        strcat(want, ".html");
        name_is(id, want);
    }
    id[66] = '/';
    id[67] = '\0';
    name_is(id, "~3eb1349aab9dc074e2028d6801ffe27e5de46b30e87a4e66e5fbb0b7"
                "64f514e1.html");
}

static void html_page_frame_escapes_the_title(void)
{
    struct buf b;

    buf_init(&b, 0);
    html_page_begin(&b, "SLA statement <x>, 2026-05");
    html_page_end(&b);
    CU_ASSERT_EQUAL(strncmp(buf_str(&b), "<!DOCTYPE html>\n", 16), 0);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(buf_str(&b), "<title>SLA statement &lt;x&gt;, 2026-05</title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "@media print"));
    /* No script, no external asset. */
    CU_ASSERT_PTR_NULL(strstr(buf_str(&b), "<script"));
    CU_ASSERT_PTR_NULL(strstr(buf_str(&b), "http"));
    buf_free(&b);
}

CU_TestInfo html_tests[] = {
    {"html_escapes_markup_and_quotes", html_escapes_markup_and_quotes},
    {"html_escape_keeps_utf8_and_replaces_what_is_not",
     html_escape_keeps_utf8_and_replaces_what_is_not},
    {"html_escape_whole_string", html_escape_whole_string},
    {"html_tl_span_is_seconds_from_the_month_start",
     html_tl_span_is_seconds_from_the_month_start},
    {"html_tl_span_clips_to_the_month", html_tl_span_clips_to_the_month},
    {"html_tl_pixel_is_an_exact_fraction", html_tl_pixel_is_an_exact_fraction},
    {"html_tl_bar_writes_exact_geometry_and_escaped_title",
     html_tl_bar_writes_exact_geometry_and_escaped_title},
    {"html_tl_open_spans_the_month_with_day_lines",
     html_tl_open_spans_the_month_with_day_lines},
    {"html_statement_names_are_safe_and_distinct",
     html_statement_names_are_safe_and_distinct},
    {"html_page_frame_escapes_the_title", html_page_frame_escapes_the_title},
    CU_TEST_INFO_NULL,
};

/* Unit tests for when: the strict ISO 8601, month and duration parsers,
 * formatting, and configured timestamp formats. Expected instants were worked
 * out by hand from day counts (2026-01-01 is day 20454, 1767225600 s) and are
 * written as literals, never taken from the code. */
#include "lib/when.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/tz.h"
#include "testutil.h"

/* Parses s with when_parse_iso and checks the instant or the reason. */
struct iso_case {
    const char *in;
    int64_t want;    /* epoch s, UTC, when why is NULL */
    const char *why; /* expected reason, or NULL for success */
};

static void check_iso(const struct iso_case *c, size_t n, const struct tz *zone)
{
    size_t k;

    for (k = 0; k < n; k++) {
        int64_t t = -42;
        const char *why = when_parse_iso(c[k].in, strlen(c[k].in), zone, &t);

        if (c[k].why == NULL) {
            if (why != NULL || t != c[k].want)
                fprintf(stderr, "\n  %s: got %lld (%s), want %lld\n", c[k].in,
                        (long long)t, why ? why : "ok", (long long)c[k].want);
            CU_ASSERT_PTR_NULL(why);
            CU_ASSERT_EQUAL(t, c[k].want);
        } else {
            ASSERT_STR(why, c[k].why);
        }
    }
}

static void parse_iso_accepts_offsets_fractions_and_separators(void)
{
    static const struct iso_case cases[] = {
        {"1970-01-01T00:00:00Z", 0, NULL},
        {"2026-01-01T00:00:00Z", 1767225600, NULL},
        {"2026-01-01T00:00:00z", 1767225600, NULL},
        {"2026-01-01t00:00:00Z", 1767225600, NULL},
        {"2026-01-01 00:00:00Z", 1767225600, NULL},
        {"2026-01-01T00:00:00+00:00", 1767225600, NULL},
        {"2026-01-01T00:00:00-00:00", 1767225600, NULL},
        /* 2026-03-15 is day 20454 + 73: 1773532800; +12 h is 1773576000. */
        {"2026-03-15T12:00:00Z", 1773576000, NULL},
        {"2026-03-15T12:00:00+02:00", 1773576000 - 7200, NULL},
        {"2026-03-15T12:00:00-06:00", 1773576000 + 21600, NULL},
        {"2026-03-15T12:00:00+0530", 1773576000 - 19800, NULL},
        {"2026-03-15T12:00:00-0930", 1773576000 + 34200, NULL},
        {"2026-03-15T12:00:00+05", 1773576000 - 18000, NULL},
        {"2026-03-15T12:00:00+23:59", 1773576000 - 86340, NULL},
        /* Fractions of any length are dropped: the instant is floored. */
        {"2026-03-15T12:00:00.999Z", 1773576000, NULL},
        {"2026-03-15T12:00:00.5+02:00", 1773576000 - 7200, NULL},
        {"2026-03-15T12:00:00.000000001Z", 1773576000, NULL},
        {"2026-03-15T12:00:00.999999999999999999999Z", 1773576000, NULL},
        {"1969-12-31T23:59:59.9Z", -1, NULL},
        /* Leap days: 2024 is day 19723, February 29 is 59 days later. */
        {"2024-02-29T00:00:00Z", 1709164800, NULL},
        {"2000-02-29T23:59:59Z", (10957 + 59) * 86400LL + 86399, NULL},
        {"2026-12-31T23:59:59Z", 1798761600 - 1, NULL},
        {"0000-01-01T00:00:00Z", -62167219200, NULL},
        {"9999-12-31T23:59:59Z", 253402300799, NULL},
    };

    check_iso(cases, sizeof cases / sizeof cases[0], NULL);
}

static void parse_iso_crosses_month_boundary(void)
{
    int64_t a, b;

    CU_ASSERT_PTR_NULL(when_parse_iso("2026-10-31T23:59:59Z", 20, NULL, &a));
    CU_ASSERT_PTR_NULL(when_parse_iso("2026-11-01T00:00:00Z", 20, NULL, &b));
    /* 2026-11-01 is day 20454 + 304 = 20758. */
    CU_ASSERT_EQUAL(b, 20758 * 86400LL);
    CU_ASSERT_EQUAL(a + 1, b);
}

static void parse_iso_rejects_malformed_and_out_of_range(void)
{
    static const struct iso_case cases[] = {
        {"", 0, "not an ISO 8601 instant"},
        {"2026-1-01T00:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-1T00:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01T0:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026/01/01T00:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01X00:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01  00:00:00Z", 0, "not an ISO 8601 instant"},
        {" 2026-01-01T00:00:00Z", 0, "not an ISO 8601 instant"},
        {"+2026-01-01T00:00:00Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00Zx", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00Z ", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00 ", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00+02:00x", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00+02:", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00+2", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00+020", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00.Z", 0, "not an ISO 8601 instant"},
        {"2026-01-01T00:00:00,5Z", 0, "not an ISO 8601 instant"},
        {"2026-13-01T00:00:00Z", 0, "month out of range"},
        {"2026-00-01T00:00:00Z", 0, "month out of range"},
        {"2026-01-00T00:00:00Z", 0, "day out of range"},
        {"2026-04-31T00:00:00Z", 0, "day out of range"},
        {"2023-02-29T00:00:00Z", 0, "day out of range"},
        {"2100-02-29T00:00:00Z", 0, "day out of range"},
        {"2026-01-01T24:00:00Z", 0, "hour out of range"},
        {"2026-01-01T23:60:00Z", 0, "minute out of range"},
        /* Leap seconds are not supported. */
        {"2016-12-31T23:59:60Z", 0, "second out of range"},
        {"2026-01-01T00:00:00+24:00", 0, "UTC offset out of range"},
        {"2026-01-01T00:00:00+01:60", 0, "UTC offset out of range"},
    };

    check_iso(cases, sizeof cases / sizeof cases[0], NULL);
}

static void parse_iso_needs_offset_without_zone(void)
{
    static const struct iso_case cases[] = {
        {"2026-01-01T00:00:00", 0, "no UTC offset"},
        {"2026-01-01 00:00:00.250", 0, "no UTC offset"},
    };

    check_iso(cases, sizeof cases / sizeof cases[0], NULL);
}

static void parse_iso_reads_missing_offset_in_zone(void)
{
    static const struct iso_case cases[] = {
        {"2026-01-01T05:30:00", 1767225600, NULL},
        {"2026-01-01 00:00:00.75", 1767225600 - 19800, NULL},
        /* An explicit offset wins over the zone. */
        {"2026-01-01T00:00:00Z", 1767225600, NULL},
    };
    struct err e;
    struct tz *z = tz_open("+05:30", 0, 0, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_iso(cases, sizeof cases / sizeof cases[0], z);
    tz_free(z);
}

static void parse_iso_reads_only_len_bytes(void)
{
    const char *s = "2026-01-01T00:00:00Z,next-field";
    int64_t t = 0;

    CU_ASSERT_PTR_NULL(when_parse_iso(s, 20, NULL, &t));
    CU_ASSERT_EQUAL(t, 1767225600);
    ASSERT_STR(when_parse_iso(s, 19, NULL, &t), "no UTC offset");
    ASSERT_STR(when_parse_iso(s, 21, NULL, &t), "not an ISO 8601 instant");
}

static void parse_month_gives_half_open_month(void)
{
    static const struct {
        const char *in;
        int64_t start, end; /* epoch s, UTC */
    } cases[] = {
        {"2026-01", 1767225600, 1767225600 + 31 * 86400LL},
        {"2026-02", 1769904000, 1769904000 + 28 * 86400LL},
        {"2024-02", 1706745600, 1706745600 + 29 * 86400LL},
        {"2026-10", 1793491200 - 31 * 86400LL, 1793491200},
        /* December ends at January 1 of the next year. */
        {"2026-12", 1796083200, 1798761600},
        {"1970-01", 0, 31 * 86400LL},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int64_t start = 0, end = 0;
        struct err e;

        CU_ASSERT_EQUAL(when_parse_month(cases[k].in, &start, &end, &e), 0);
        CU_ASSERT_EQUAL(start, cases[k].start);
        CU_ASSERT_EQUAL(end, cases[k].end);
    }
}

static void parse_month_rejects_bad_input_as_usage_error(void)
{
    static const char *const bad[] = {
        "",        "2026",  "2026-1",     "2026-13",  "2026-00", "2026-010",
        "2026/01", "26-01", "2026-01-01", " 2026-01", "2026-1a", "+026-01",
    };
    size_t k;

    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct err e;
        int64_t start, end;

        memset(&e, 0, sizeof e);
        CU_ASSERT_EQUAL(when_parse_month(bad[k], &start, &end, &e), -1);
        CU_ASSERT_EQUAL(e.rc, RC_USAGE);
        CU_ASSERT_EQUAL(e.line, 0);
        ASSERT_STR(e.file, "");
    }
    {
        struct err e;
        int64_t start, end;

        CU_ASSERT_EQUAL(when_parse_month("2026-13", &start, &end, &e), -1);
        ASSERT_STR(e.msg, "invalid month \"2026-13\": expected YYYY-MM");
    }
}

static void parse_duration_reads_units(void)
{
    static const struct {
        const char *in;
        int64_t want;
        const char *why;
    } cases[] = {
        {"0", 0, NULL},
        {"60", 60, NULL},
        {"45s", 45, NULL},
        {"5m", 300, NULL},
        {"2h", 7200, NULL},
        {"7d", 604800, NULL},
        {"007d", 604800, NULL},
        {"9223372036854775807", INT64_MAX, NULL},
        {"9223372036854775807s", INT64_MAX, NULL},
        {"9223372036854775808", 0, "duration too large"},
        {"153722867280912931m", 0, "duration too large"},
        /* INT64_MAX / 86400 is 106751991167300 and a fraction. */
        {"106751991167300d", 106751991167300 * 86400LL, NULL},
        {"106751991167301d", 0, "duration too large"},
        {"", 0, "not a duration"},
        {"s", 0, "not a duration"},
        {"-5s", 0, "not a duration"},
        {"+5s", 0, "not a duration"},
        {"5 s", 0, "not a duration"},
        {" 5s", 0, "not a duration"},
        {"5sx", 0, "not a duration"},
        {"5ss", 0, "not a duration"},
        {"5w", 0, "not a duration"},
        {"5S", 0, "not a duration"},
        {"1.5h", 0, "not a duration"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int64_t secs = -1;
        const char *why = when_parse_duration(cases[k].in, &secs);

        if (cases[k].why == NULL) {
            CU_ASSERT_PTR_NULL(why);
            CU_ASSERT_EQUAL(secs, cases[k].want);
        } else {
            ASSERT_STR(why, cases[k].why);
        }
    }
}

static void format_writes_utc_iso_8601(void)
{
    static const struct {
        int64_t t;
        const char *want;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {1793491199, "2026-10-31T23:59:59Z"},
        {1793491200, "2026-11-01T00:00:00Z"},
        {1709164800 + 3723, "2024-02-29T01:02:03Z"},
        {-62167219200, "0000-01-01T00:00:00Z"},
        {253402300800, "10000-01-01T00:00:00Z"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char out[32];

        when_format(cases[k].t, out, sizeof out);
        ASSERT_STR(out, cases[k].want);
    }
}

/* Parses each input with the format spec in zone and checks the result. */
struct fmt_case {
    const char *spec;
    const char *in;
    int64_t want;    /* epoch s, UTC, when why is NULL */
    const char *why; /* expected reason, or NULL for success */
};

static void check_fmt(const struct fmt_case *c, size_t n, const struct tz *zone)
{
    size_t k;

    for (k = 0; k < n; k++) {
        struct err e;
        struct when_fmt *f = when_fmt_new(c[k].spec, zone, &e);
        int64_t t = -42;
        const char *why;

        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        why = when_fmt_parse(f, c[k].in, strlen(c[k].in), &t);
        if (c[k].why == NULL) {
            if (why != NULL || t != c[k].want)
                fprintf(stderr, "\n  %s / %s: got %lld (%s), want %lld\n",
                        c[k].spec, c[k].in, (long long)t, why ? why : "ok",
                        (long long)c[k].want);
            CU_ASSERT_PTR_NULL(why);
            CU_ASSERT_EQUAL(t, c[k].want);
        } else {
            ASSERT_STR(why, c[k].why);
        }
        when_fmt_free(f);
    }
}

static void fmt_pattern_reads_common_layouts(void)
{
    /* 2015-07-07 is day 16623: 1436227200; +03:18:35 is 11915 s. */
    static const struct fmt_case cases[] = {
        {"%m-%d-%Y %H:%M:%S", "07-07-2015 03:18:35", 1436239115, NULL},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 03:18:35", 1436239115, NULL},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07   03:18:35", 1436239115, NULL},
        {"%Y-%m-%d %H:%M:%S", "2015-7-7 3:18:35", 1436239115, NULL},
        {"%F %T", "2015-07-07 03:18:35", 1436239115, NULL},
        {"%Y%m%d%H%M%S", "20150707031835", 1436239115, NULL},
        /* The Apache access-log layout; the offset wins over the zone. */
        {"%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700", 971211336, NULL},
        {"%d/%b/%Y:%H:%M:%S %z", "10/oct/2000:20:55:36 Z", 971211336, NULL},
        {"%d/%b/%Y:%H:%M:%S %z", "10/OCT/2000:22:25:36 +0130", 971211336, NULL},
        {"%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:22:55:36 +02:00", 971211336,
         NULL},
        {"%B %e, %Y %I:%M:%S %p", "July  7, 2015 3:18:35 AM", 1436239115, NULL},
        {"%B %e, %Y %I:%M:%S %p", "july 7, 2015 03:18:35 pm",
         1436239115 + 43200, NULL},
        {"%b %d %Y %I:%M:%S%p", "Jul 07 2015 12:18:35am", 1436239115 - 10800,
         NULL},
        {"%b %d %Y %I:%M:%S%p", "Jul 07 2015 12:18:35PM", 1436239115 + 32400,
         NULL},
        {"%d.%m.%y %H:%M", "07.07.15 03:18", 1436239115 - 35, NULL},
        /* %y: 69-99 are 19xx, 00-68 are 20xx. */
        {"%y-%m-%d", "69-01-01", -365 * 86400LL, NULL},
        /* 2069-01-01 is day 36160: 99 years with 25 leap days. */
        {"%y-%m-%d", "68-12-31", 36159 * 86400LL, NULL},
        {"%y-%m-%d", "00-01-01", 946684800, NULL},
        {"%Y-%m-%d", "1970-01-02", 86400, NULL},
        {"%s", "1436239115", 1436239115, NULL},
        {"%s", "-1", -1, NULL},
        {"@%s", "@1436239115", 1436239115, NULL},
        {"%Y-%m-%d %%%H", "2015-07-07 %03", 1436227200 + 10800, NULL},
        /* %f: a fraction of 1 to 9 digits, dropped: the second is floored. */
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.170", 1436239115, NULL},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.0", 1436239115, NULL},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.999999999", 1436239115,
         NULL},
        {"%Y-%m-%d %H:%M:%S,%f", "2015-07-07 03:18:35,999", 1436239115, NULL},
        {"%s.%f", "1436239115.466", 1436239115, NULL},
    };

    check_fmt(cases, sizeof cases / sizeof cases[0], NULL);
}

static void fmt_pattern_rejects_mismatch_and_range(void)
{
    static const struct fmt_case cases[] = {
        {"%Y-%m-%d %H:%M:%S", "", 0, "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 03:18:35 ", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07T03:18:35", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-0703:18:35", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "15-07-07 03:18:35", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 03:18:35Z", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 24:00:00", 0, "hour out of range"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 23:60:00", 0, "minute out of range"},
        {"%Y-%m-%d %H:%M:%S", "2015-07-07 23:59:60", 0, "second out of range"},
        {"%Y-%m-%d %H:%M:%S", "2015-02-29 00:00:00", 0, "day out of range"},
        {"%Y-%m-%d %H:%M:%S", "2015-13-01 00:00:00", 0, "month out of range"},
        {"%b %d %Y", "Sept 07 2015", 0, "does not match the time format"},
        {"%b %d %Y", "Jux 07 2015", 0, "does not match the time format"},
        {"%Y-%m-%d %I:%M %p", "2015-07-07 1:00AM", 0,
         "does not match the time format"},
        {"%Y-%m-%d %I %p", "2015-07-07 13 PM", 0, "hour out of range"},
        {"%Y-%m-%d %I %p", "2015-07-07 0 PM", 0, "hour out of range"},
        {"%Y-%m-%d %I %p", "2015-07-07 1 XM", 0,
         "does not match the time format"},
        {"%Y-%m-%d %z", "2015-07-07 0700", 0, "does not match the time format"},
        {"%Y-%m-%d %z", "2015-07-07 +2500", 0, "UTC offset out of range"},
        {"%s", "12a", 0, "does not match the time format"},
        {"%s", "", 0, "does not match the time format"},
        {"%s", "9223372036854775808", 0, "epoch timestamp out of range"},
        {"%s", "253402300800", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.1234567890", 0,
         "does not match the time format"},
        {"%Y-%m-%d %H:%M:%S.%f", "2015-07-07 03:18:35.17x", 0,
         "does not match the time format"},
    };

    check_fmt(cases, sizeof cases / sizeof cases[0], NULL);
}

static void fmt_new_rejects_bad_patterns_as_config_error(void)
{
    static const struct {
        const char *spec;
        const char *msg;
    } cases[] = {
        {"%Y-%m-%d %Q", "time format \"%Y-%m-%d %Q\": unknown directive %Q"},
        {"%Y-%m-%d %", "time format \"%Y-%m-%d %\": ends with a lone %"},
        {"%H:%M:%S", "time format \"%H:%M:%S\": needs a year, a month and a "
                     "day, or %s"},
        {"ISO8601", "time format \"ISO8601\": needs a year, a month and a "
                    "day, or %s"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e;

        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(when_fmt_new(cases[k].spec, NULL, &e));
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        ASSERT_STR(e.msg, cases[k].msg);
    }
}

static void fmt_epoch_reads_seconds_and_drops_fraction(void)
{
    static const struct fmt_case cases[] = {
        {"epoch", "0", 0, NULL},
        {"epoch", "1436239115", 1436239115, NULL},
        {"epoch", "1436239115.999", 1436239115, NULL},
        {"epoch", "1436239115.000", 1436239115, NULL},
        {"epoch", "-1", -1, NULL},
        /* -1.5 lies within the second [-2, -1): the fraction floors. */
        {"epoch", "-1.5", -2, NULL},
        {"epoch", "-1.0", -1, NULL},
        /* The years 0000 to 9999, one second either side of each end:
         * 9999-12-31T23:59:59Z is 253402300799, 0000-01-01T00:00:00Z is
         * -62167219200 (719,528 days of 86,400 s before 1970). Epoch
         * milliseconds (1789020000000, 2026-09-10T06:00:00Z) are refused. */
        {"epoch", "253402300799", INT64_C(253402300799), NULL},
        {"epoch", "253402300799.999", INT64_C(253402300799), NULL},
        {"epoch", "253402300800", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "-62167219200", INT64_C(-62167219200), NULL},
        {"epoch", "-62167219200.5", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "-62167219201", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "1789020000000", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "9223372036854775807", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "-9223372036854775808", 0,
         "epoch seconds outside the years 0000 to 9999 (milliseconds?)"},
        {"epoch", "9223372036854775808", 0, "epoch timestamp out of range"},
        {"epoch", "-9223372036854775808.5", 0, "epoch timestamp out of range"},
        {"epoch", "", 0, "not an epoch timestamp"},
        {"epoch", "-", 0, "not an epoch timestamp"},
        {"epoch", "+5", 0, "not an epoch timestamp"},
        {"epoch", "12.", 0, "not an epoch timestamp"},
        {"epoch", ".5", 0, "not an epoch timestamp"},
        {"epoch", "1e3", 0, "not an epoch timestamp"},
        {"epoch", " 12", 0, "not an epoch timestamp"},
        {"epoch", "12 ", 0, "not an epoch timestamp"},
        {"epoch", "2026-01-01T00:00:00Z", 0, "not an epoch timestamp"},
    };

    check_fmt(cases, sizeof cases / sizeof cases[0], NULL);
}

static void fmt_iso8601_reads_missing_offset_in_zone(void)
{
    static const struct fmt_case utc[] = {
        {"iso8601", "2026-01-01T00:00:00", 1767225600, NULL},
        {"iso8601", "2026-01-01T00:00:00+01:00", 1767225600 - 3600, NULL},
        {"iso8601", "2026-01-01T00:00", 0, "not an ISO 8601 instant"},
        {"iso8601", "2023-02-29T00:00:00Z", 0, "day out of range"},
    };
    static const struct fmt_case minus3[] = {
        {"iso8601", "2026-01-01T00:00:00", 1767225600 + 10800, NULL},
        {"iso8601", "2026-01-01T00:00:00Z", 1767225600, NULL},
        {"%Y-%m-%d %H:%M:%S", "2026-01-01 00:00:00", 1767225600 + 10800, NULL},
        {"%Y-%m-%d %H:%M:%S %z", "2026-01-01 00:00:00 +0000", 1767225600, NULL},
        {"epoch", "1767225600", 1767225600, NULL},
    };
    struct err e;
    struct tz *z = tz_open("-03:00", 0, 0, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_fmt(utc, sizeof utc / sizeof utc[0], NULL);
    check_fmt(minus3, sizeof minus3 / sizeof minus3[0], z);
    tz_free(z);
}

CU_TestInfo when_tests[] = {
    {"parse_iso_accepts_offsets_fractions_and_separators",
     parse_iso_accepts_offsets_fractions_and_separators},
    {"parse_iso_crosses_month_boundary", parse_iso_crosses_month_boundary},
    {"parse_iso_rejects_malformed_and_out_of_range",
     parse_iso_rejects_malformed_and_out_of_range},
    {"parse_iso_needs_offset_without_zone",
     parse_iso_needs_offset_without_zone},
    {"parse_iso_reads_missing_offset_in_zone",
     parse_iso_reads_missing_offset_in_zone},
    {"parse_iso_reads_only_len_bytes", parse_iso_reads_only_len_bytes},
    {"parse_month_gives_half_open_month", parse_month_gives_half_open_month},
    {"parse_month_rejects_bad_input_as_usage_error",
     parse_month_rejects_bad_input_as_usage_error},
    {"parse_duration_reads_units", parse_duration_reads_units},
    {"format_writes_utc_iso_8601", format_writes_utc_iso_8601},
    {"fmt_pattern_reads_common_layouts", fmt_pattern_reads_common_layouts},
    {"fmt_pattern_rejects_mismatch_and_range",
     fmt_pattern_rejects_mismatch_and_range},
    {"fmt_new_rejects_bad_patterns_as_config_error",
     fmt_new_rejects_bad_patterns_as_config_error},
    {"fmt_epoch_reads_seconds_and_drops_fraction",
     fmt_epoch_reads_seconds_and_drops_fraction},
    {"fmt_iso8601_reads_missing_offset_in_zone",
     fmt_iso8601_reads_missing_offset_in_zone},
    CU_TEST_INFO_NULL,
};

/* Unit tests for tz: fixed offsets, IANA zones from the system's tzdata
 * (Europe/Berlin, America/New_York), and hand-built TZif files that exercise
 * the POSIX TZ footer rule in its forms. Instants are worked out by hand from
 * day counts (2026-01-01 is day 20454, 1767225600 s); "local" values are the
 * local date and time counted as if they were UTC. */
#include "lib/tz.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/when.h"
#include "testutil.h"

#define H 3600

/* The whole of 2026, a window for most zone tests (epoch s, UTC). */
#define Y2026_START 1767225600
#define Y2027_START 1798761600

/* Europe/Berlin changes in 2026: 2026-03-29T01:00Z and 2026-10-25T01:00Z. */
#define EU_SPRING_2026 1774746000
#define EU_AUTUMN_2026 1792890000

/* Mid-winter and mid-summer instants: 2026-01-15T12:00Z, 2026-07-15T12:00Z. */
#define JAN15_2026 1768478400
#define JUL15_2026 1784116800

/* Expected offset of a zone at a UTC instant. */
struct off_case {
    int64_t t;   /* epoch s, UTC */
    int32_t off; /* s east of UTC */
};

/* Expected UTC instant for a local wall-clock time. */
struct local_case {
    int64_t local; /* local date and time counted as if UTC */
    int64_t utc;   /* epoch s, UTC */
};

static void check_offsets(const struct tz *z, const struct off_case *c,
                          size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        int32_t got = tz_offset_at(z, c[k].t);

        if (got != c[k].off)
            fprintf(stderr, "\n  %s at %lld: got %d, want %d\n", tz_name(z),
                    (long long)c[k].t, (int)got, (int)c[k].off);
        CU_ASSERT_EQUAL(got, c[k].off);
    }
}

static void check_locals(const struct tz *z, const struct local_case *c,
                         size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        int64_t got = tz_local_to_utc(z, c[k].local);

        if (got != c[k].utc)
            fprintf(stderr, "\n  %s local %lld: got %lld, want %lld\n",
                    tz_name(z), (long long)c[k].local, (long long)got,
                    (long long)c[k].utc);
        CU_ASSERT_EQUAL(got, c[k].utc);
    }
}

/* A TZif version 2 file to write for a test. Type 0 holds before the first
 * transition; each transition gets a type of its own. */
struct tzif_spec {
    int32_t type0;      /* s east of UTC */
    size_t n;           /* transitions */
    const int64_t *at;  /* epoch s, UTC, ascending */
    const int32_t *off; /* offset from each transition on */
    const char *footer; /* POSIX TZ string, "" for none */
};

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_header(FILE *f, uint32_t timecnt, uint32_t typecnt)
{
    unsigned char h[44] = {'T', 'Z', 'i', 'f', '2'};

    put32(h + 32, timecnt);
    put32(h + 36, typecnt);
    put32(h + 40, 2);
    fwrite(h, 1, sizeof h, f);
}

static void put_type(FILE *f, int32_t off)
{
    unsigned char t[6] = {0};

    put32(t, (uint32_t)off);
    fwrite(t, 1, sizeof t, f);
}

/* Writes s as the file path. The version 1 block is a minimal stand-in with
 * other counts than the version 2 block, as RFC 8536 allows, so a reader
 * that does not skip it correctly fails. */
static void write_tzif(const char *path, const struct tzif_spec *s)
{
    FILE *f = fopen(path, "wb");
    unsigned char b[8];
    size_t k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    put_header(f, 0, 1);
    put_type(f, s->type0);
    fwrite("X", 1, 2, f);
    put_header(f, (uint32_t)s->n, (uint32_t)s->n + 1);
    for (k = 0; k < s->n; k++) {
        put32(b, (uint32_t)((uint64_t)s->at[k] >> 32));
        put32(b + 4, (uint32_t)s->at[k]);
        fwrite(b, 1, 8, f);
    }
    for (k = 0; k < s->n; k++)
        fputc((int)(k + 1), f);
    put_type(f, s->type0);
    for (k = 0; k < s->n; k++)
        put_type(f, s->off[k]);
    fwrite("X", 1, 2, f);
    fprintf(f, "\n%s\n", s->footer);
    CU_ASSERT_EQUAL(fclose(f), 0);
}

/* A scratch zoneinfo folder holding one file, "Test_Zone". */
struct scratch {
    char dir[64];
    char path[128];
};

static void scratch_make(struct scratch *s)
{
    snprintf(s->dir, sizeof s->dir, "%s", "/tmp/test_tz.XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(s->dir));
    snprintf(s->path, sizeof s->path, "%s/Test_Zone", s->dir);
}

static void scratch_remove(const struct scratch *s)
{
    unlink(s->path);
    rmdir(s->dir);
}

/* Opens a hand-built zone for [from, to) and checks it against the cases. */
static void check_built(const struct tzif_spec *spec, int64_t from, int64_t to,
                        const struct off_case *oc, size_t on,
                        const struct local_case *lc, size_t ln)
{
    struct scratch s;
    struct err e;
    struct tz *z;

    scratch_make(&s);
    write_tzif(s.path, spec);
    z = tz_open("Test_Zone", from, to, s.dir, &e);
    if (z == NULL)
        fprintf(stderr, "\n  footer \"%s\": %s\n", spec->footer, e.msg);
    CU_ASSERT_PTR_NOT_NULL(z);
    if (z != NULL) {
        check_offsets(z, oc, on);
        check_locals(z, lc, ln);
    }
    tz_free(z);
    scratch_remove(&s);
}

static void fixed_zones_have_constant_offset(void)
{
    static const struct {
        const char *name;
        int32_t off;
    } cases[] = {
        {"UTC", 0},        {"Z", 0},           {"+00:00", 0},
        {"-00:00", 0},     {"+05:30", 19800},  {"-03:00", -10800},
        {"+14:00", 50400}, {"-09:30", -34200}, {"+23:59", 86340},
    };
    static const int64_t instants[] = {INT64_MIN,  -1,         0,
                                       JAN15_2026, JUL15_2026, INT64_MAX};
    size_t k, i;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e;
        struct tz *z =
            tz_open(cases[k].name, Y2026_START, Y2027_START, NULL, &e);

        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        ASSERT_STR(tz_name(z), cases[k].name);
        for (i = 0; i < sizeof instants / sizeof instants[0]; i++)
            CU_ASSERT_EQUAL(tz_offset_at(z, instants[i]), cases[k].off);
        CU_ASSERT_EQUAL(tz_local_to_utc(z, JAN15_2026),
                        JAN15_2026 - cases[k].off);
        tz_free(z);
    }
}

static void fixed_zones_reject_malformed_offsets(void)
{
    static const char *const bad[] = {
        "+5:30", "+0530", "+05", "+05:60", "+24:00", "+05:30x", "-", "+ab:cd",
    };
    size_t k;

    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct err e;
        char want[128];

        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(tz_open(bad[k], 0, 0, NULL, &e));
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        snprintf(want, sizeof want,
                 "invalid time zone offset: %s: expected +HH:MM or -HH:MM",
                 bad[k]);
        ASSERT_STR(e.msg, want);
    }
}

static void berlin_is_one_hour_ahead_in_winter_two_in_summer(void)
{
    static const struct off_case offs[] = {
        {JAN15_2026, H},
        {JUL15_2026, 2 * H},
        {EU_SPRING_2026 - 1, H},
        {EU_SPRING_2026, 2 * H},
        {EU_AUTUMN_2026 - 1, 2 * H},
        {EU_AUTUMN_2026, H},
    };
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", Y2026_START, Y2027_START, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    ASSERT_STR(tz_name(z), "Europe/Berlin");
    check_offsets(z, offs, sizeof offs / sizeof offs[0]);
    tz_free(z);
}

static void berlin_spring_forward_gap_reads_offset_before_change(void)
{
    /* M is 2026-03-29 00:00 local, counted as if UTC. Clocks jump from
     * 02:00 to 03:00 local; times in between read with +01:00. */
    const int64_t M = 1774742400;
    const struct local_case cases[] = {
        {M + 1 * H + 59 * 60 + 59, M + 59 * 60 + 59}, /* 01:59:59 */
        {M + 2 * H, M + 1 * H},                       /* 02:00, the gap */
        {M + 2 * H + 30 * 60, M + 1 * H + 30 * 60},   /* 02:30 -> 01:30Z */
        {M + 3 * H, M + 1 * H},                       /* 03:00 -> 01:00Z */
        {M + 3 * H + 30 * 60, M + 1 * H + 30 * 60},   /* 03:30 -> 01:30Z */
    };
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", M - 86400, M + 86400, NULL, &e);
    int64_t t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_locals(z, cases, sizeof cases / sizeof cases[0]);
    CU_ASSERT_PTR_NULL(when_parse_iso("2026-03-29T02:30:00", 19, z, &t));
    CU_ASSERT_EQUAL(t, M + 1 * H + 30 * 60);
    tz_free(z);
}

static void berlin_fall_back_ambiguity_takes_earlier_instant(void)
{
    /* N is 2026-10-25 00:00 local, counted as if UTC. Clocks go back from
     * 03:00 to 02:00 local, so 02:00-02:59:59 happen twice. */
    const int64_t N = 1792886400;
    const struct local_case cases[] = {
        {N + 1 * H + 59 * 60 + 59, N - 1},     /* 01:59:59, +02:00 */
        {N + 2 * H, N},                        /* 02:00 first time */
        {N + 2 * H + 30 * 60, N + 30 * 60},    /* 02:30 -> 00:30Z */
        {N + 2 * H + 59 * 60 + 59, N + H - 1}, /* 02:59:59, first time */
        {N + 3 * H, N + 2 * H},                /* 03:00, +01:00 */
    };
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", N - 86400, N + 86400, NULL, &e);
    int64_t t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_locals(z, cases, sizeof cases / sizeof cases[0]);
    CU_ASSERT_PTR_NULL(when_parse_iso("2026-10-25 02:30:00", 19, z, &t));
    CU_ASSERT_EQUAL(t, N + 30 * 60);
    /* The later reading: the second pass of 02:00-02:59 at +01:00; every
     * other local time reads as before (also the spring gap). */
    CU_ASSERT_EQUAL(tz_local_to_utc_later(z, N + 2 * H), N + H);
    CU_ASSERT_EQUAL(tz_local_to_utc_later(z, N + 2 * H + 30 * 60),
                    N + H + 30 * 60);
    CU_ASSERT_EQUAL(tz_local_to_utc_later(z, N + 2 * H + 59 * 60 + 59),
                    N + 2 * H - 1);
    CU_ASSERT_EQUAL(tz_local_to_utc_later(z, N + H + 59 * 60 + 59), N - 1);
    CU_ASSERT_EQUAL(tz_local_to_utc_later(z, N + 3 * H), N + 2 * H);
    tz_free(z);
}

static void new_york_follows_us_dst(void)
{
    /* 2026: EDT from 2026-03-08T07:00Z to 2026-11-01T06:00Z. P and Q are
     * local midnight of those days, counted as if UTC. */
    const int64_t P = 1772928000, Q = 1793491200;
    static const struct off_case offs[] = {
        {JAN15_2026, -5 * H},     {JUL15_2026, -4 * H},
        {1772953200 - 1, -5 * H}, {1772953200, -4 * H},
        {1793512800 - 1, -4 * H}, {1793512800, -5 * H},
    };
    const struct local_case locals[] = {
        {P + 2 * H + 30 * 60, P + 7 * H + 30 * 60}, /* gap: read as EST */
        {P + 3 * H, P + 7 * H},                     /* 03:00 EDT */
        {Q + 1 * H + 30 * 60, Q + 5 * H + 30 * 60}, /* ambiguous: EDT */
        {Q + 2 * H + 30 * 60, Q + 7 * H + 30 * 60}, /* after: EST */
    };
    struct err e;
    struct tz *z =
        tz_open("America/New_York", Y2026_START, Y2027_START, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_offsets(z, offs, sizeof offs / sizeof offs[0]);
    check_locals(z, locals, sizeof locals / sizeof locals[0]);
    tz_free(z);
}

static void berlin_past_2037_follows_footer_rule(void)
{
    /* Last Sundays of 2040: March 25 and October 28, both at 01:00Z. */
    const int64_t spring = 2216250000, autumn = 2234998800;
    const int64_t march25 = 2216246400; /* 2040-03-25 00:00 local as UTC */
    const struct off_case offs[] = {
        {spring - 1, H},
        {spring, 2 * H},
        {autumn - 1, 2 * H},
        {autumn, H},
    };
    const struct local_case locals[] = {
        {march25 + 2 * H + 30 * 60, march25 + 1 * H + 30 * 60},
        {march25 + 12 * H, march25 + 10 * H},
    };
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", march25 - 10 * 86400,
                           autumn + 86400, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    check_offsets(z, offs, sizeof offs / sizeof offs[0]);
    check_locals(z, locals, sizeof locals / sizeof locals[0]);
    tz_free(z);
}

static void slim_file_uses_footer_after_its_last_transition(void)
{
    /* Like a "slim" Europe/Berlin: local mean time until 1970, then the
     * table stops and only the footer describes the zone. */
    static const int64_t at[] = {0};
    static const int32_t off[] = {H};
    const struct tzif_spec spec = {3208, 1, at, off,
                                   "CET-1CEST,M3.5.0,M10.5.0/3"};
    static const struct off_case offs[] = {
        {-1, 3208},
        {0, H},
        {JAN15_2026, H},
        {EU_SPRING_2026 - 1, H},
        {EU_SPRING_2026, 2 * H},
        {EU_AUTUMN_2026 - 1, 2 * H},
        {EU_AUTUMN_2026, H},
    };
    static const struct local_case locals[] = {
        /* 2026-03-29 02:30 local, in the gap, reads as 01:30Z. */
        {1774742400 + 2 * H + 30 * 60, 1774742400 + 1 * H + 30 * 60},
        /* 2026-10-25 02:30 local, ambiguous, reads as 00:30Z. */
        {1792886400 + 2 * H + 30 * 60, 1792886400 + 30 * 60},
    };

    check_built(&spec, -86400, Y2027_START, offs, sizeof offs / sizeof offs[0],
                locals, sizeof locals / sizeof locals[0]);
}

static void file_without_transitions_uses_footer_throughout(void)
{
    const struct tzif_spec spec = {H, 0, NULL, NULL,
                                   "CET-1CEST,M3.5.0,M10.5.0/3"};
    static const struct off_case offs[] = {
        {JAN15_2026, H},         {EU_SPRING_2026 - 1, H},
        {EU_SPRING_2026, 2 * H}, {EU_AUTUMN_2026 - 1, 2 * H},
        {EU_AUTUMN_2026, H},
    };

    check_built(&spec, Y2026_START, Y2027_START, offs,
                sizeof offs / sizeof offs[0], NULL, 0);
}

static void footer_reads_julian_day_forms(void)
{
    /* In leap year 2024: J60 is March 1 (February 29 is never counted) and
     * J300 is October 27; zero-based 59 is February 29 and 299 is October
     * 26. Each start is 02:00 at +01:00 and each end 03:00 at +02:00, so
     * both fall at 01:00Z. */
    const int64_t y2024 = 1704067200, y2025 = 1735689600;
    const struct tzif_spec j1 = {H, 0, NULL, NULL, "XST-1XDT,J60/2,J300/3"};
    const struct tzif_spec j0 = {H, 0, NULL, NULL, "YST-1YDT,59/2,299/3"};
    static const struct off_case j1_offs[] = {
        {1709254800 - 1, H}, /* 2024-03-01T01:00Z */
        {1709254800, 2 * H},
        {1729990800 - 1, 2 * H}, /* 2024-10-27T01:00Z */
        {1729990800, H},
    };
    static const struct off_case j0_offs[] = {
        {1709168400 - 1, H}, /* 2024-02-29T01:00Z */
        {1709168400, 2 * H},
        {1729904400 - 1, 2 * H}, /* 2024-10-26T01:00Z */
        {1729904400, H},
    };

    check_built(&j1, y2024, y2025, j1_offs, sizeof j1_offs / sizeof j1_offs[0],
                NULL, 0);
    check_built(&j0, y2024, y2025, j0_offs, sizeof j0_offs / sizeof j0_offs[0],
                NULL, 0);
}

static void footer_reads_quoted_names_and_negative_times(void)
{
    /* "<+03>-3" is a fixed UTC+3 with a quoted, numeric name. */
    const struct tzif_spec plus3 = {0, 0, NULL, NULL, "<+03>-3"};
    static const struct off_case plus3_offs[] = {
        {JAN15_2026, 3 * H},
        {JUL15_2026, 3 * H},
    };
    /* America/Nuuk since 2023: -02 with DST -01, starting at -1:00 on the
     * last Sunday of March and ending at 0:00 on the last Sunday of
     * October, which are 01:00Z as in the EU. */
    const struct tzif_spec nuuk = {-2 * H, 0, NULL, NULL,
                                   "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"};
    static const struct off_case nuuk_offs[] = {
        {JAN15_2026, -2 * H},     {EU_SPRING_2026 - 1, -2 * H},
        {EU_SPRING_2026, -1 * H}, {EU_AUTUMN_2026 - 1, -1 * H},
        {EU_AUTUMN_2026, -2 * H},
    };

    check_built(&plus3, Y2026_START, Y2027_START, plus3_offs,
                sizeof plus3_offs / sizeof plus3_offs[0], NULL, 0);
    check_built(&nuuk, Y2026_START, Y2027_START, nuuk_offs,
                sizeof nuuk_offs / sizeof nuuk_offs[0], NULL, 0);
}

static void footer_handles_southern_hemisphere_and_defaults(void)
{
    /* Australia/Sydney: AEDT ends 2026-04-05 03:00 local (04-04T16:00Z),
     * AEST ends 2026-10-04 02:00 local (10-03T16:00Z). */
    const struct tzif_spec syd = {10 * H, 0, NULL, NULL,
                                  "AEST-10AEDT,M10.1.0,M4.1.0/3"};
    static const struct off_case syd_offs[] = {
        {JAN15_2026, 11 * H}, {1775318400 - 1, 11 * H}, {1775318400, 10 * H},
        {JUL15_2026, 10 * H}, {1791043200 - 1, 10 * H}, {1791043200, 11 * H},
    };
    /* Without rule dates a DST zone follows M3.2.0,M11.1.0 at 02:00. */
    const struct tzif_spec us = {-5 * H, 0, NULL, NULL, "EST5EDT"};
    static const struct off_case us_offs[] = {
        {1772953200 - 1, -5 * H},
        {1772953200, -4 * H},
        {1793512800 - 1, -4 * H},
        {1793512800, -5 * H},
    };
    /* DST all year: each year's end meets the next year's start. */
    const struct tzif_spec always = {-4 * H, 0, NULL, NULL,
                                     "EST5EDT,0/0,J365/25"};
    static const struct off_case always_offs[] = {
        {Y2026_START - 1, -4 * H},     {Y2026_START + 4 * H, -4 * H},
        {Y2026_START + 5 * H, -4 * H}, {JUL15_2026, -4 * H},
        {Y2027_START + 5 * H, -4 * H},
    };

    check_built(&syd, Y2026_START, Y2027_START, syd_offs,
                sizeof syd_offs / sizeof syd_offs[0], NULL, 0);
    check_built(&us, Y2026_START, Y2027_START, us_offs,
                sizeof us_offs / sizeof us_offs[0], NULL, 0);
    check_built(&always, Y2026_START, Y2027_START, always_offs,
                sizeof always_offs / sizeof always_offs[0], NULL, 0);
}

static void outside_window_nearest_offset_applies(void)
{
    struct err e;
    struct tz *z =
        tz_open("Europe/Berlin", JAN15_2026, JAN15_2026 + 86400, NULL, &e);

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(tz_offset_at(z, JAN15_2026), H);
    CU_ASSERT_EQUAL(tz_offset_at(z, JUL15_2026), H);
    CU_ASSERT_EQUAL(tz_offset_at(z, INT64_MIN), H);
    CU_ASSERT_EQUAL(tz_local_to_utc(z, INT64_MIN), INT64_MIN);
    CU_ASSERT_EQUAL(tz_local_to_utc(z, INT64_MAX), INT64_MAX - H);
    tz_free(z);
}

static void unknown_zone_is_config_error(void)
{
    static const struct {
        const char *name;
        const char *msg;
    } cases[] = {
        {"Mars/Base", "unknown time zone: Mars/Base"},
        {"Europe", "unknown time zone: Europe"},
        {"Europe/Berlin/", "unknown time zone: Europe/Berlin/"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e;

        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(tz_open(cases[k].name, 0, 0, NULL, &e));
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        ASSERT_STR(e.file, "");
        ASSERT_STR(e.msg, cases[k].msg);
    }
}

static void names_that_could_leave_zoneinfo_are_rejected(void)
{
    static const char *const bad[] = {
        "../../../../etc/passwd",
        "/etc/localtime",
        "Europe/../UTC",
        "..",
        "Europe/Berlin ",
        "Europe\\Berlin",
        "",
        "Europe/Ber*",
        "Europe/Berlin;x",
        "./UTC",
    };
    size_t k;

    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct err e;
        char want[300];

        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(tz_open(bad[k], 0, 0, NULL, &e));
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        snprintf(want, sizeof want, "invalid time zone name: %s", bad[k]);
        ASSERT_STR(e.msg, want);
    }
}

static void files_that_are_not_tzif_are_rejected(void)
{
    static const struct {
        const char *content;
        size_t len;
        const char *why;
    } cases[] = {
        {"hello, world\n", 13, "not a TZif file"},
        {"TZif2", 5, "not a TZif file"},
        /* A v2 header promising 255 transitions that are not there. */
        {"TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
         "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xff\0\0\0\1\0\0\0\1",
         44, "truncated TZif file"},
    };
    const int64_t at0[] = {0};
    const int32_t off0[] = {H};
    const struct tzif_spec badrule = {0, 1, at0, off0, "CET-1CEST,M3.5.0"};
    struct scratch s;
    struct err e;
    size_t k;
    char want[400];

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        FILE *f;

        scratch_make(&s);
        f = fopen(s.path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fwrite(cases[k].content, 1, cases[k].len, f);
        fclose(f);
        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(tz_open("Test_Zone", 0, 0, s.dir, &e));
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        snprintf(want, sizeof want, "time zone Test_Zone: %s: %s", s.path,
                 cases[k].why);
        ASSERT_STR(e.msg, want);
        scratch_remove(&s);
    }
    scratch_make(&s);
    write_tzif(s.path, &badrule);
    CU_ASSERT_PTR_NULL(tz_open("Test_Zone", 0, 0, s.dir, &e));
    snprintf(want, sizeof want,
             "time zone Test_Zone: %s: bad TZ rule in TZif footer", s.path);
    ASSERT_STR(e.msg, want);
    scratch_remove(&s);
}

static void patterns_without_offset_read_in_named_zone(void)
{
    static const struct {
        const char *spec, *in;
        int64_t want;
    } cases[] = {
        /* 2026-07-15 12:00 in Berlin (+02:00) is 10:00Z. */
        {"%Y-%m-%d %H:%M:%S", "2026-07-15 12:00:00", JUL15_2026 - 2 * H},
        {"%Y-%m-%d %H:%M:%S", "2026-01-15 12:00:00", JAN15_2026 - H},
        {"iso8601", "2026-07-15T12:00:00", JUL15_2026 - 2 * H},
        {"iso8601", "2026-07-15T12:00:00Z", JUL15_2026},
        {"%Y-%m-%d %H:%M:%S %z", "2026-07-15 12:00:00 +00:00", JUL15_2026},
        {"%s", "1784116800", JUL15_2026},
    };
    struct err e;
    struct tz *z = tz_open("Europe/Berlin", Y2026_START, Y2027_START, NULL, &e);
    size_t k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct when_fmt *f = when_fmt_new(cases[k].spec, z, &e);
        int64_t t = 0;

        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_PTR_NULL(
            when_fmt_parse(f, cases[k].in, strlen(cases[k].in), &t));
        CU_ASSERT_EQUAL(t, cases[k].want);
        when_fmt_free(f);
    }
    tz_free(z);
}

CU_TestInfo tz_tests[] = {
    {"fixed_zones_have_constant_offset", fixed_zones_have_constant_offset},
    {"fixed_zones_reject_malformed_offsets",
     fixed_zones_reject_malformed_offsets},
    {"berlin_is_one_hour_ahead_in_winter_two_in_summer",
     berlin_is_one_hour_ahead_in_winter_two_in_summer},
    {"berlin_spring_forward_gap_reads_offset_before_change",
     berlin_spring_forward_gap_reads_offset_before_change},
    {"berlin_fall_back_ambiguity_takes_earlier_instant",
     berlin_fall_back_ambiguity_takes_earlier_instant},
    {"new_york_follows_us_dst", new_york_follows_us_dst},
    {"berlin_past_2037_follows_footer_rule",
     berlin_past_2037_follows_footer_rule},
    {"slim_file_uses_footer_after_its_last_transition",
     slim_file_uses_footer_after_its_last_transition},
    {"file_without_transitions_uses_footer_throughout",
     file_without_transitions_uses_footer_throughout},
    {"footer_reads_julian_day_forms", footer_reads_julian_day_forms},
    {"footer_reads_quoted_names_and_negative_times",
     footer_reads_quoted_names_and_negative_times},
    {"footer_handles_southern_hemisphere_and_defaults",
     footer_handles_southern_hemisphere_and_defaults},
    {"outside_window_nearest_offset_applies",
     outside_window_nearest_offset_applies},
    {"unknown_zone_is_config_error", unknown_zone_is_config_error},
    {"names_that_could_leave_zoneinfo_are_rejected",
     names_that_could_leave_zoneinfo_are_rejected},
    {"files_that_are_not_tzif_are_rejected",
     files_that_are_not_tzif_are_rejected},
    {"patterns_without_offset_read_in_named_zone",
     patterns_without_offset_read_in_named_zone},
    CU_TEST_INFO_NULL,
};

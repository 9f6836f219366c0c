/* Unit tests for monitor: window lengths in the forms exports write them,
 * and monitor_read() on small sources built in a scratch folder: samples
 * and windows into per-resource downtime, unknown resources skipped, files
 * listed, and bad rows or headers reported at FILE:LINE. The sources come
 * from a real config file, loaded with config_load(). */
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/res.h"
#include "lib/buf.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor_tab.h"
#include "testfiles.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY  86400
#define SEP  ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT  (SEP + 30 * DAY)

static void parse_length_reads_export_forms(void)
{
    static const struct {
        const char *in;
        int64_t unit, want;
    } cases[] = {
        {"19", 1, 19},
        {"0", 1, 0},
        {"1,026", 1, 1026},
        {"13,591", 1, 13591},
        {"1,234,567", 1, 1234567},
        {"5", 60, 300},
        {"2", 3600, 7200},
        {"1:02:03", 1, 3723},
        {"0:00:59", 1, 59},
        {"100:00:00", 1, 360000},
        /* UptimeRobot: whole hours and minutes. */
        {"13 hrs, 2 mins", 1, 46920},
        {"0 hrs, 59 mins", 1, 3540},
        /* A fraction rounds up to the next whole second. */
        {"31.466", 1, 32},
        {"31.0", 1, 31},
        {"31.000000001", 1, 32},
        {"0.001", 1, 1},
        {"1,026.5", 1, 1027},
        {"12.5", 1, 13},
        {"1.5", 60, 90},
        {"0.0001", 60, 1}, /* 0.006 s */
        {"0.25", 3600, 900},
        {"0:00:31.466", 1, 32},
        {"0:00:31.000", 1, 31},
        {"1:02:03.5", 1, 3724},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int64_t got = -1;
        const char *why =
            monitor_parse_length(cases[k].in, cases[k].unit, &got);
        if (why != NULL || got != cases[k].want)
            fprintf(stderr, "\n  \"%s\": got %lld (%s)\n", cases[k].in,
                    (long long)got, why ? why : "ok");
        CU_ASSERT_PTR_NULL(why);
        CU_ASSERT_EQUAL(got, cases[k].want);
    }
}

static void parse_length_rejects_loose_forms(void)
{
    static const char *const bad[] = {
        "",
        "-5",
        "-0:10:00", /* once read as +600 s */
        "-0:00:01",
        "-0 hrs 10 mins",
        "12.",
        "12.5.1",
        "12.1234567890", /* ten fraction digits */
        "12.-5",
        "12.5s",
        ".5",
        "1:02:03.",
        "1:02:3.5",
        "1:02.5:03",
        "1e3",
        "abc",
        ",100",
        "1,00",
        "1,0000",
        "1234,567",
        "1,2,3",
        "1:2:03",
        "1:02:3",
        "1:60:00",
        "1:00:60",
        "1:00",
        "317731:.777382", /* one colon, then a fraction (found by fuzzing) */
        "1:.5",
        "13 hrs",
        "13 hrs, 60 mins",
        "13 hours, 2 minutes",
        "x hrs, 2 mins",
    };
    size_t k;

    for (k = 0; k < N(bad); k++) {
        int64_t got = -1;
        const char *why = monitor_parse_length(bad[k], 1, &got);
        if (why == NULL)
            fprintf(stderr, "\n  \"%s\" accepted as %lld\n", bad[k],
                    (long long)got);
        CU_ASSERT_PTR_NOT_NULL(why);
    }
    CU_ASSERT_PTR_NOT_NULL(
        monitor_parse_length("9223372036854775807", 60, &(int64_t){0}));
}

/* A scratch folder holding config.ini (whose first [monitoring] section is
 * the source under test), a map of the resources web-1 and db, and what a
 * read produced. */
struct fx {
    struct tf t;
    struct config *c;
    struct resmap *map;
    struct monitor_tab *tab; /* of the last read */
    struct sha_list inputs;
    struct monitor_stats st;
    struct err e;
};

static void fx_init(struct fx *f, const char *monitoring_section)
{
    char path[512], text[2048];
    struct err e;

    memset(f, 0, sizeof *f);
    tf_init(&f->t);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n%s",
             monitoring_section);
    tf_write(&f->t, "config.ini", text, path, sizeof path);
    f->c = config_load(path, &e);
    if (f->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->c);
    CU_ASSERT_EQUAL_FATAL(f->c->nsources, 1);
    f->map = resmap_new();
    resmap_add(f->map, "web-1");
    resmap_add(f->map, "db");
}

static int fx_read(struct fx *f)
{
    int rc;

    memset(&f->e, 0, sizeof f->e);
    monitor_tab_free(f->tab);
    f->tab = monitor_tab_new(f->map);
    rc = monitor_read(&f->c->sources[0], SEP - 7 * DAY, OCT + 45 * DAY, f->tab,
                      &f->inputs, &f->st, NULL, &f->e);
    resmap_finish(f->map);
    if (rc == 0)
        monitor_tab_finish(f->tab, NULL, SEP, OCT);
    return rc;
}

static const struct ivset *fx_down(const struct fx *f, const char *key)
{
    const struct res *r = resmap_get(f->map, key, strlen(key));

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return &r->down;
}

/* Resource r's unknown time (empty when it has none). */
static const struct ivset *unknown_of(const struct resmap *m,
                                      const struct res *r)
{
    static const struct ivset none = {NULL, 0, 0, 1};
    const struct res_unknown *u = resmap_unknown(m, r);

    return u != NULL ? &u->set : &none;
}

static void fx_free(struct fx *f)
{
    sha_list_free(&f->inputs);
    monitor_tab_free(f->tab);
    resmap_free(f->map);
    config_free(f->c);
    tf_cleanup(&f->t);
}

static void check_down(const struct ivset *s, const int64_t (*want)[2],
                       size_t n)
{
    size_t i;

    CU_ASSERT_EQUAL(s->n, n);
    CU_ASSERT_TRUE(ivset_is_normal(s));
    for (i = 0; i < s->n && i < n; i++) {
        CU_ASSERT_EQUAL(s->v[i].start, want[i][0]);
        CU_ASSERT_EQUAL(s->v[i].end, want[i][1]);
    }
}

#define SAMPLES                                                                \
    "[monitoring \"probes\"]\npath = mon/*.csv\nformat = samples\n"            \
    "time_column = timestamp\nresource_column = monitor_id\n"                  \
    "status_column = status\ndown_pattern = ^(down|DOWN|0)$\n"                 \
    "interval = 60s\n"

static void read_samples_into_downtime(void)
{
    /* Down samples at 10:00, 10:01 (so [10:00, 10:02)), a repeat of 10:00,
     * one at 12:00 out of order; up samples make nothing; other monitors
     * are skipped. Two files, read in byte order. */
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const int64_t want[][2] = {{t10, t10 + 120}, {t10 + 7200, t10 + 7260}};
    const int64_t want_db[][2] = {{SEP + DAY, SEP + DAY + 60}};

    fx_init(&f, SAMPLES);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "\xEF\xBB\xBFtimestamp,monitor_id,status,extra\r\n"
             "2026-09-01T12:00:00Z,web-1,down,x\r\n"
             "2026-09-01T10:00:00Z,web-1,down,x\r\n"
             "2026-09-01T10:01:00Z,web-1,DOWN,x\r\n"
             "2026-09-01T10:02:00Z,web-1,up,x\r\n"
             "2026-09-01T10:00:00+00:00,web-1,down,x\r\n"
             "2026-09-01T10:00:00Z,other,down,x\r\n",
             NULL, 0);
    tf_write(&f.t, "mon/b.csv",
             "monitor_id,status,timestamp\n"
             "db,0,2026-09-02T00:00:00Z\n"
             "db,1,2026-09-02T00:01:00Z\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    check_down(fx_down(&f, "db"), want_db, N(want_db));
    CU_ASSERT_EQUAL(f.st.files, 2);
    CU_ASSERT_EQUAL(f.st.rows, 8);
    CU_ASSERT_EQUAL(f.st.down, 5);
    CU_ASSERT_EQUAL(f.st.skipped, 1);
    CU_ASSERT_EQUAL_FATAL(f.inputs.n, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.inputs.v[0].path, "/mon/a.csv"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f.inputs.v[1].path, "/mon/b.csv"));
    CU_ASSERT_EQUAL(strlen(f.inputs.v[0].hex), 64);
    fx_free(&f);
}

static void samples_of_one_status_are_kept_as_runs(void)
{
    /* web-1's samples (60 s each) in this order, each ending or extending
     * the run of the previous one:
     *   10:00 down     run [10:00, 10:01)
     *   10:01 down     starts at its end: [10:00, 10:02)
     *   10:00:30 down  starts inside it, ends before its end: unchanged
     *   10:03 down     starts after its end: [10:00, 10:02) kept, new run
     *   10:02 up       another status: [10:03, 10:04) kept down
     *   10:04 down     [10:02, 10:03) kept up, new run
     *   09:59:30 down  starts before the run: [10:04, 10:05) kept
     * Down: [09:59:30, 10:02) and [10:03, 10:05); 7 rows, 6 down. */
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const int64_t want[][2] = {{t10 - 30, t10 + 120}, {t10 + 180, t10 + 300}};

    fx_init(&f, SAMPLES);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "timestamp,monitor_id,status\n"
             "2026-09-01T10:00:00Z,web-1,down\n"
             "2026-09-01T10:01:00Z,web-1,down\n"
             "2026-09-01T10:00:30Z,web-1,down\n"
             "2026-09-01T10:03:00Z,web-1,down\n"
             "2026-09-01T10:02:00Z,web-1,up\n"
             "2026-09-01T10:04:00Z,web-1,down\n"
             "2026-09-01T09:59:30Z,web-1,down\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    CU_ASSERT_EQUAL(f.st.rows, 7);
    CU_ASSERT_EQUAL(f.st.down, 6);
    CU_ASSERT_EQUAL(monitor_tab_rows(f.tab, resmap_get(f.map, "web-1", 5)), 7);
    fx_free(&f);
}

/* Enough monitors to grow a reader's table many times over (samples kept
 * as runs): m000 to m299 in the map, x00 to x19 not, and one id longer
 * than 16 bytes (looked up in the map itself). Three times, 10:00, 10:01
 * and 10:02, listing the monitors in one order and then, at 10:02, in the
 * reverse order (the slot of the row that came next is then wrong). mK is
 * down at minute K % 3 only: down [10:00 + 60 (K % 3), + 60). The long id
 * is down at 10:01 only. Rows: 3 x (300 + 20 + 1) = 963, of which the 60
 * of x.. are skipped; down rows: 300 + 1. */
static void many_monitors_grow_the_readers_table(void)
{
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const char *long_id = "monitor-with-a-long-id";
    struct buf text;
    char id[32];
    int minute, i, k;

    fx_init(&f, SAMPLES);
    for (k = 0; k < 300; k++) {
        snprintf(id, sizeof id, "m%03d", k);
        resmap_add(f.map, id);
    }
    resmap_add(f.map, long_id);
    buf_init(&text, 0);
    buf_puts(&text, "timestamp,monitor_id,status\n");
    for (minute = 0; minute < 3; minute++) {
        for (i = 0; i < 321; i++) {
            k = minute < 2 ? i : 320 - i;
            if (k < 300)
                snprintf(id, sizeof id, "m%03d", k);
            else if (k < 320)
                snprintf(id, sizeof id, "x%02d", k - 300);
            else
                snprintf(id, sizeof id, "%s", long_id);
            buf_printf(&text, "2026-09-01T10:%02d:00Z,%s,%s\n", minute, id,
                       (k < 300 && k % 3 == minute) || (k == 320 && minute == 1)
                           ? "down"
                           : "up");
        }
    }
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv", buf_str(&text), NULL, 0);
    buf_free(&text);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    for (k = 0; k < 300; k++) {
        const int64_t want[][2] = {
            {t10 + 60 * (k % 3), t10 + 60 * (k % 3) + 60}};
        snprintf(id, sizeof id, "m%03d", k);
        check_down(fx_down(&f, id), want, 1);
        CU_ASSERT_EQUAL(monitor_tab_rows(f.tab, resmap_get(f.map, id, 4)), 3);
    }
    {
        const int64_t want[][2] = {{t10 + 60, t10 + 120}};
        check_down(fx_down(&f, long_id), want, 1);
    }
    CU_ASSERT_EQUAL(f.st.rows, 963);
    CU_ASSERT_EQUAL(f.st.skipped, 60);
    CU_ASSERT_EQUAL(f.st.down, 301);
    fx_free(&f);
}

static void glob_read_by_workers_as_in_file_order(void)
{
    /* Six files, read by two workers: the manifest lists them in byte
     * order; db is down in f1 [00:00, 00:01) and f4 [00:02, 00:03), web-1
     * in f0, f2, f3 and f5 at 10:00, 10:01, 10:02, 10:05. Then f2 and f4
     * get a bad row: the error is f2's, the first in file order. */
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600, d = SEP + DAY;
    const int64_t want[][2] = {{t10, t10 + 180}, {t10 + 300, t10 + 360}};
    const int64_t want_db[][2] = {{d, d + 60}, {d + 120, d + 180}};
    static const char *const rows[] = {
        "2026-09-01T10:00:00Z,web-1,down\n",
        "2026-09-02T00:00:00Z,db,down\n",
        "2026-09-01T10:01:00Z,web-1,down\n",
        "2026-09-01T10:02:00Z,web-1,down\n",
        "2026-09-02T00:02:00Z,db,down\n",
        "2026-09-01T10:05:00Z,web-1,down\n",
    };
    char name[32], text[256];
    size_t k;

    fx_init(&f, SAMPLES);
    tf_mkdir(&f.t, "mon");
    for (k = 0; k < N(rows); k++) {
        snprintf(name, sizeof name, "mon/f%zu.csv", k);
        snprintf(text, sizeof text, "timestamp,monitor_id,status\n%s", rows[k]);
        tf_write(&f.t, name, text, NULL, 0);
    }
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    check_down(fx_down(&f, "db"), want_db, N(want_db));
    CU_ASSERT_EQUAL(f.st.files, 6);
    CU_ASSERT_EQUAL(f.st.rows, 6);
    CU_ASSERT_EQUAL_FATAL(f.inputs.n, 6);
    for (k = 0; k < N(rows); k++) {
        snprintf(name, sizeof name, "/mon/f%zu.csv", k);
        CU_ASSERT_PTR_NOT_NULL(strstr(f.inputs.v[k].path, name));
    }
    fx_free(&f);

    fx_init(&f, SAMPLES);
    tf_mkdir(&f.t, "mon");
    for (k = 0; k < N(rows); k++) {
        snprintf(name, sizeof name, "mon/f%zu.csv", k);
        snprintf(text, sizeof text, "timestamp,monitor_id,status\n%s%s",
                 rows[k], k == 2 || k == 4 ? "bad,db,down\n" : "");
        tf_write(&f.t, name, text, NULL, 0);
    }
    CU_ASSERT_EQUAL(fx_read(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.e.file, "/mon/f2.csv"));
    CU_ASSERT_EQUAL(f.e.line, 3);
    fx_free(&f);
}

/* Statuses down_pattern matches only ignoring case, and empty ones, read as
 * not down (as the pattern says) and are counted for a warning, the first
 * in file order kept, whichever worker read it. */
static void odd_statuses_are_counted_in_file_order(void)
{
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const int64_t want[][2] = {{t10, t10 + 60}};
    static const char *const files[][2] = {
        {"mon/f0.csv", "2026-09-01T09:00:00Z,web-1,up\n"},
        {"mon/f1.csv", "2026-09-01T10:00:00Z,web-1,down\n"
                       "2026-09-01T10:01:00Z,web-1,Down\n"
                       "2026-09-01T10:01:30Z,db,Down\n"},
        {"mon/f2.csv", "2026-09-01T10:02:00Z,web-1,\n"},
        {"mon/f3.csv", "2026-09-01T10:03:00Z,db,DOWN\n"
                       "2026-09-01T10:04:00Z,db,downtime\n"},
    };
    char text[256];
    size_t k;

    fx_init(&f, "[monitoring \"probes\"]\npath = mon/*.csv\n"
                "format = samples\ntime_column = timestamp\n"
                "resource_column = monitor_id\nstatus_column = status\n"
                "down_pattern = ^down$\ninterval = 60s\n");
    tf_mkdir(&f.t, "mon");
    for (k = 0; k < N(files); k++) {
        snprintf(text, sizeof text, "timestamp,monitor_id,status\n%s",
                 files[k][1]);
        tf_write(&f.t, files[k][0], text, NULL, 0);
    }
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    CU_ASSERT_EQUAL(fx_down(&f, "db")->n, 0);
    CU_ASSERT_EQUAL(f.st.down, 1);
    /* Down twice (the second the same text as the row before), the empty
     * one and DOWN; "downtime" is another word. */
    CU_ASSERT_EQUAL(f.st.odd_status, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.st.odd_at, "/mon/f1.csv:3"));
    ASSERT_STR(f.st.odd_value, "Down");
    fx_free(&f);

    /* Only down and up: nothing to warn of. */
    fx_init(&f, SAMPLES);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "timestamp,monitor_id,status\n2026-09-01T10:00:00Z,web-1,down\n"
             "2026-09-01T10:01:00Z,web-1,up\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    CU_ASSERT_EQUAL(f.st.odd_status, 0);
    ASSERT_STR(f.st.odd_at, "");
    fx_free(&f);
}

/* With up_pattern, a status neither pattern matches is the odd one (the
 * case heuristic is not used: the config says what is up). */
static void statuses_up_pattern_does_not_match_are_counted(void)
{
    struct fx f;

    fx_init(&f, "[monitoring \"probes\"]\npath = mon/*.csv\n"
                "format = samples\ntime_column = timestamp\n"
                "resource_column = monitor_id\nstatus_column = status\n"
                "down_pattern = ^down$\nup_pattern = ^(up|ok)$\n"
                "interval = 60s\n");
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "timestamp,monitor_id,status\n"
             "2026-09-01T10:00:00Z,web-1,up\n"
             "2026-09-01T10:01:00Z,web-1,ok\n"
             "2026-09-01T10:02:00Z,web-1,down\n"
             "2026-09-01T10:03:00Z,web-1,timeout\n"
             "2026-09-01T10:04:00Z,web-1,timeout\n"
             "2026-09-01T10:05:00Z,web-1,\n"
             "2026-09-01T10:06:00Z,web-1,UP\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    CU_ASSERT_EQUAL(f.st.down, 1);
    CU_ASSERT_EQUAL(f.st.odd_status, 4); /* timeout twice, "", UP */
    CU_ASSERT_PTR_NOT_NULL(strstr(f.st.odd_at, "/mon/a.csv:5"));
    ASSERT_STR(f.st.odd_value, "timeout");
    fx_free(&f);
}

#define BERLIN_SAMPLES                                                         \
    "[monitoring \"probes\"]\npath = mon/*.csv\nformat = samples\n"            \
    "time_column = timestamp\nresource_column = monitor_id\n"                  \
    "status_column = status\ndown_pattern = ^down$\ninterval = 10m\n"          \
    "time_format = %Y-%m-%d %H:%M:%S\ntime_zone = Europe/Berlin\n"

static void repeated_hour_is_told_apart_by_row_order(void)
{
    /* Europe/Berlin 2026-10-25: clocks go back from 03:00 to 02:00, so
     * 02:00-02:59 local happen twice, first at +02:00 (00:00Z-00:59Z) then
     * at +01:00 (01:00Z-01:59Z). Rows in time order: 02:50 (first pass,
     * up), then 02:00 and 02:10 (second pass, down), then 03:00 (+01:00).
     * The two down samples are 01:00Z and 01:10Z, not 00:00Z and 00:10Z
     * (which would make the up first pass down). */
    struct fx f;
    const int64_t n0 = 1792886400; /* 2026-10-25T00:00:00Z */
    const int64_t want[][2] = {{n0 + 3600, n0 + 3600 + 1200}};
    const int64_t want_db[][2] = {{n0, n0 + 600}};

    fx_init(&f, BERLIN_SAMPLES);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "timestamp,monitor_id,status\n"
             "2026-10-25 01:50:00,web-1,up\n"
             "2026-10-25 02:00:00,web-1,up\n"
             "2026-10-25 02:50:00,web-1,up\n"
             "2026-10-25 02:00:00,web-1,down\n"
             "2026-10-25 02:10:00,web-1,down\n"
             "2026-10-25 02:20:00,web-1,up\n"
             "2026-10-25 03:00:00,web-1,up\n",
             NULL, 0);
    /* A file whose first row is in the repeated hour gives no order: the
     * earlier instant, counted for a warning. */
    tf_write(&f.t, "mon/b.csv",
             "timestamp,monitor_id,status\n"
             "2026-10-25 02:00:00,db,down\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    check_down(fx_down(&f, "db"), want_db, N(want_db));
    CU_ASSERT_EQUAL(f.st.ambiguous, 1);
    fx_free(&f);
}

/* An outage from 02:45 in the first pass of Berlin's repeated hour
 * (00:45Z) to 02:15 in the second (01:15Z): the end read as its earlier
 * instant (00:15Z) would be before the start; it is the later one, 30
 * minutes of downtime. An end whose both readings are before the start
 * is still refused. */
static void window_ending_in_the_repeated_hour(void)
{
    struct fx f;
    const int64_t n0 = 1792886400; /* 2026-10-25T00:00:00Z */
    const int64_t want[][2] = {{n0 + 2700, n0 + 4500}};

    fx_init(&f, "[monitoring \"m\"]\npath = w.csv\nformat = windows\n"
                "resource_column = res\nstart_column = from\n"
                "end_column = to\ntime_format = %Y-%m-%d %H:%M:%S\n"
                "time_zone = Europe/Berlin\n");
    tf_write(&f.t, "w.csv",
             "res,from,to\n"
             "web-1,2026-10-25 02:45:00,2026-10-25 02:15:00\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    fx_free(&f);

    fx_init(&f, "[monitoring \"m\"]\npath = w.csv\nformat = windows\n"
                "resource_column = res\nstart_column = from\n"
                "end_column = to\ntime_format = %Y-%m-%d %H:%M:%S\n"
                "time_zone = Europe/Berlin\n");
    tf_write(&f.t, "w.csv",
             "res,from,to\n"
             "web-1,2026-10-25 03:30:00,2026-10-25 02:15:00\n",
             NULL, 0);
    CU_ASSERT_EQUAL(fx_read(&f), -1);
    ASSERT_STR(f.e.msg, "to: before the start: 2026-10-25 02:15:00");
    fx_free(&f);
}

#define WINDOWS                                                                \
    "[monitoring \"vendor\"]\npath = outages.csv\nformat = windows\n"          \
    "delimiter = semicolon\nresource_column = device\n"                        \
    "start_column = start\nend_column = end\n"                                 \
    "time_format = %Y-%m-%d %H:%M:%S\ntime_zone = +02:00\n"

static void read_windows_into_downtime(void)
{
    /* Local times at +02:00; overlapping windows merge; a window crossing
     * midnight; no newline after the last row. */
    struct fx f;
    const int64_t want[][2] = {
        {SEP + 8 * 3600, SEP + 8 * 3600 + 64},   /* 10:00:00-10:01:04 */
        {SEP + 22 * 3600, SEP + DAY + 7 * 3600}, /* 00:00 to 09:00 */
    };

    fx_init(&f, WINDOWS);
    tf_write(&f.t, "outages.csv",
             "\"device\";\"start\";\"end\"\r\n"
             "\"web-1\";\"2026-09-01 10:00:00\";\"2026-09-01 10:01:00\"\r\n"
             "\"web-1\";\"2026-09-01 10:00:30\";\"2026-09-01 10:01:04\"\r\n"
             "\"web-1\";\"2026-09-02 00:00:00\";\"2026-09-02 09:00:00\"",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    CU_ASSERT_EQUAL(fx_down(&f, "db")->n, 0);
    CU_ASSERT_EQUAL(f.st.rows, 3);
    CU_ASSERT_EQUAL(f.st.down, 3);
    fx_free(&f);
}

/* More monitors than a reader's table holds without runs (32,768 ids in
 * 65,536 buckets): w00000 to w39999, a window each, mK's window starting
 * K seconds after 10:00 local (08:00 UTC), 60 s long; then w00000 and
 * w39999 again, a window at 12:00 local (w39999's own starts at 21:06:39,
 * 39,999 s after 10:00). The ids past the table are
 * looked up in the map: every window lands on its monitor all the same. */
static void more_monitors_than_the_table_holds(void)
{
    struct fx f;
    const int64_t t8 = SEP + 8 * 3600;
    struct buf text;
    char id[32];
    int k;
    static const int probe[] = {0, 1, 32767, 32768, 32769, 39998, 39999};
    size_t i;

    fx_init(&f, WINDOWS);
    buf_init(&text, 0);
    buf_puts(&text, "device;start;end\n");
    for (k = 0; k < 40000; k++) {
        snprintf(id, sizeof id, "w%05d", k);
        resmap_add(f.map, id);
        buf_printf(&text,
                   "%s;2026-09-01 %02d:%02d:%02d;2026-09-01 %02d:%02d:%02d\n",
                   id, 10 + k / 3600, k / 60 % 60, k % 60, 10 + (k + 60) / 3600,
                   (k + 60) / 60 % 60, (k + 60) % 60);
    }
    buf_puts(&text, "w00000;2026-09-01 12:00:00;2026-09-01 12:01:00\n"
                    "w39999;2026-09-01 12:00:00;2026-09-01 12:01:00\n");
    tf_write(&f.t, "outages.csv", buf_str(&text), NULL, 0);
    buf_free(&text);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    for (i = 0; i < N(probe); i++) {
        const int64_t start = t8 + probe[i];
        const int64_t one[][2] = {{start, start + 60}};
        /* In time order: w39999's own window is after 12:00. */
        const int64_t two[][2] = {{start < t8 + 7200 ? start : t8 + 7200,
                                   start < t8 + 7200 ? start + 60 : t8 + 7260},
                                  {start < t8 + 7200 ? t8 + 7200 : start,
                                   start < t8 + 7200 ? t8 + 7260 : start + 60}};
        bool again = probe[i] == 0 || probe[i] == 39999;
        snprintf(id, sizeof id, "w%05d", probe[i]);
        check_down(fx_down(&f, id), again ? two : one, again ? 2 : 1);
        CU_ASSERT_EQUAL(monitor_tab_rows(f.tab, resmap_get(f.map, id, 6)),
                        again ? 2 : 1);
    }
    CU_ASSERT_EQUAL(f.st.rows, 40002);
    CU_ASSERT_EQUAL(f.st.down, 40002);
    fx_free(&f);
}

static void read_windows_with_durations_and_no_header(void)
{
    /* header = false with columns; durations in minutes with thousands
     * separators; a status filter keeps only down rows. */
    struct fx f;
    const int64_t want[][2] = {
        {SEP, SEP + 5 * 60},
        {SEP + DAY, SEP + DAY + 1026 * 60},
    };

    fx_init(&f, "[monitoring \"m\"]\npath = w.csv\nformat = windows\n"
                "header = false\ncolumns = what, res, from, mins\n"
                "resource_column = res\nstart_column = from\n"
                "duration_column = mins\nduration_unit = m\n"
                "status_column = what\ndown_pattern = ^Down$\n");
    tf_write(&f.t, "w.csv",
             "Down,web-1,2026-09-01T00:00:00Z,5\n"
             "Up,web-1,2026-09-01T06:00:00Z,90\n"
             "Down,web-1,2026-09-02T00:00:00Z,\"1,026\"\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    fx_free(&f);
}

struct bad_case {
    const char *section, *file, *text;
    long line;
    const char *head, *tail; /* the message starts and ends so */
};

#define NEXT_QUORUM                                                            \
    "[monitoring \"probes\"]\npath = mon/*.csv\nformat = samples\n"            \
    "time_column = timestamp\nresource_column = monitor_id\n"                  \
    "status_column = status\ndown_pattern = ^down$\n"                          \
    "interval = next\nmax_gap = 1h\nlocation_column = loc\nquorum = all\n"

#define WINDOWS_DURATION                                                       \
    "[monitoring \"m\"]\npath = w.csv\nformat = windows\n"                     \
    "resource_column = monitor\nstart_column = start\n"                        \
    "duration_column = duration\n"

#define RATE_BAD                                                               \
    "[monitoring \"rate\"]\npath = mon/*.csv\nformat = samples\n"              \
    "time_column = t\nresource_column = m\nrequests_column = req\n"            \
    "errors_column = err\nerror_rate = 5%\ninterval = 60s\n"

static void read_reports_bad_rows_at_their_line(void)
{
    static const struct bad_case cases[] = {
        /* A bad time on line 4, after a quoted newline on line 2-3. */
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id,status\n"
         "2026-09-01T10:00:00Z,\"web\n-1\",down\n"
         "2026-09-01T1X:00:00Z,web-1,down\n",
         4, "timestamp: ", ": 2026-09-01T1X:00:00Z"},
        /* Up rows' times are checked too. */
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id,status\n"
         "2026-09-01T10:00:00Z,web-1,up\n"
         "\n"
         "yesterday,web-1,up\n",
         4, "timestamp: ", ": yesterday"},
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id\n2026-09-01T10:00:00Z,web-1\n", 1,
         "missing column status (the header has: timestamp, monitor_id)", ""},
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id,status\n2026-09-01T10:00:00Z,web-1\n", 2,
         "want 3 fields like the header, got 2", ""},
        /* An unquoted thousands separator: one field more than the header
         * (read as 43 s before). */
        {WINDOWS_DURATION, "w.csv",
         "monitor,start,duration\nweb-1,2026-09-01T00:00:00Z,43,200\n", 2,
         "want 3 fields like the header, got 4", ""},
        /* An empty time in the first row is no time (it matched the empty
         * "previous time" and read as 1970-01-01 before). */
        {WINDOWS_DURATION, "w.csv", "monitor,start,duration\nweb-1,,60\n", 2,
         "start: ", ""},
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id,status\n2026-09-01T10:00:00Z,,down\n", 2,
         "monitor_id: empty: ", ""},
        {WINDOWS, "outages.csv",
         "device;start;end\n"
         "web-1;2026-09-01 10:00:00;2026-09-01 09:59:59\n",
         2, "end: before the start: 2026-09-01 09:59:59", ""},
        {"[monitoring \"m\"]\npath = w.csv\nformat = windows\n"
         "resource_column = res\nstart_column = from\n"
         "duration_column = secs\n",
         "w.csv", "res,from,secs\r\nweb-1,2026-09-01T00:00:00Z,12.5.0\r\n", 2,
         "secs: not a length: 12.5.0", ""},
        {SAMPLES, "mon/a.csv",
         "timestamp,monitor_id,status\n2026-09-01T10:00:00Z,web-1,\"do\"wn\n",
         2, "malformed CSV: ", ""},
        /* Error-rate counts: whole, not negative, errors <= requests. */
        {RATE_BAD, "mon/a.csv",
         "t,m,req,err\n2026-09-01T10:00:00Z,web-1,10,3\n"
         "2026-09-01T10:01:00Z,web-1,10,11\n",
         3, "err: more errors than requests: 11", ""},
        {RATE_BAD, "mon/a.csv",
         "t,m,req,err\n2026-09-01T10:00:00Z,web-1,-1,0\n", 2,
         "req: too small: -1", ""},
        {RATE_BAD, "mon/a.csv",
         "t,m,req,err\n2026-09-01T10:00:00Z,web-1,10,1.5\n", 2,
         "err: not an integer: 1.5", ""},
        /* interval = next: time order per resource and location. */
        {NEXT_QUORUM, "mon/a.csv",
         "timestamp,monitor_id,loc,status\n"
         "2026-09-01T10:00:00Z,web-1,fra,up\n"
         "2026-09-01T09:00:00Z,web-1,ams,up\n"
         "2026-09-01T10:00:00Z,db,fra,up\n"
         "2026-09-01T09:59:59Z,web-1,fra,up\n",
         5,
         "timestamp: before the previous sample of its resource "
         "(interval = next needs rows in time order)",
         ": 2026-09-01T09:59:59Z"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        char path[512];
        size_t hl = strlen(cases[k].head), tl = strlen(cases[k].tail), ml;

        fx_init(&f, cases[k].section);
        if (strchr(cases[k].file, '/') != NULL)
            tf_mkdir(&f.t, "mon");
        tf_write(&f.t, cases[k].file, cases[k].text, path, sizeof path);
        CU_ASSERT_EQUAL(fx_read(&f), -1);
        ml = strlen(f.e.msg);
        if (f.e.line != cases[k].line || strncmp(f.e.msg, cases[k].head, hl))
            fprintf(stderr, "\n  case %zu: %s:%ld: %s\n", k, f.e.file, f.e.line,
                    f.e.msg);
        CU_ASSERT_EQUAL(f.e.rc, RC_DATA);
        ASSERT_STR(f.e.file, path);
        CU_ASSERT_EQUAL(f.e.line, cases[k].line);
        CU_ASSERT_EQUAL(strncmp(f.e.msg, cases[k].head, hl), 0);
        CU_ASSERT_TRUE(ml >= hl + tl &&
                       strcmp(f.e.msg + ml - tl, cases[k].tail) == 0);
        fx_free(&f);
    }
}

/* One file per monitor: the resource is fixed by the section or taken from
 * the file's path, and no column names it. */
static void read_resource_from_section_or_path(void)
{
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const int64_t want_web[][2] = {{t10, t10 + 120}};
    const int64_t want_db[][2] = {{t10 + 3600, t10 + 3660}};

    fx_init(&f, "[monitoring \"one\"]\npath = mon/*.csv\n"
                "time_column = t\nstatus_column = s\n"
                "down_pattern = failed\ninterval = 60s\nresource = web-1\n");
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/x.csv",
             "t,s\n2026-09-01T10:00:00Z,failed\n"
             "2026-09-01T10:01:00Z, failed\n"
             "2026-09-01T10:02:00Z,success\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want_web, N(want_web));
    CU_ASSERT_EQUAL(fx_down(&f, "db")->n, 0);
    CU_ASSERT_EQUAL(f.st.rows, 3);
    fx_free(&f);

    /* The capture is the resource; the group ends before "_report". A file
     * of a resource nobody names is read and its rows skipped. */
    fx_init(&f, "[monitoring \"one\"]\npath = mon/*.log\nheader = false\n"
                "columns = t, s\ntime_column = t\nstatus_column = s\n"
                "time_format = %Y-%m-%d %H:%M\n"
                "down_pattern = failed\ninterval = 60s\n"
                "resource_path = /([^/]+)_report\\.log$\n");
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/web-1_report.log",
             "2026-09-01 10:00, failed\n2026-09-01 10:01, failed\n"
             "2026-09-01 10:02, success\n",
             NULL, 0);
    tf_write(&f.t, "mon/db_report.log",
             "2026-09-01 11:00, failed\n2026-09-01 11:01, success\n", NULL, 0);
    tf_write(&f.t, "mon/other_report.log", "2026-09-01 11:00, failed\n", NULL,
             0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want_web, N(want_web));
    check_down(fx_down(&f, "db"), want_db, N(want_db));
    CU_ASSERT_EQUAL(f.st.files, 3);
    CU_ASSERT_EQUAL(f.st.rows, 6);
    CU_ASSERT_EQUAL(f.st.skipped, 1);
    fx_free(&f);
}

/* The fallback for monitors no row names: the first samples source with
 * fidelity, none at all once a windows export is among the sources. */
static void unknown_fallback_is_the_first_samples_source(void)
{
    struct monsrc src[3];

    memset(src, 0, sizeof src);
    src[0].format = MONITOR_SAMPLES;
    src[1].format = MONITOR_SAMPLES;
    src[1].fidelity = true;
    src[2].format = MONITOR_SAMPLES;
    src[2].fidelity = true;
    CU_ASSERT_PTR_EQUAL(monitor_unknown_fallback(src, 3), &src[1]);
    CU_ASSERT_PTR_NULL(monitor_unknown_fallback(src, 1));
    CU_ASSERT_PTR_NULL(monitor_unknown_fallback(src, 0));
    src[2].format = MONITOR_WINDOWS;
    CU_ASSERT_PTR_NULL(monitor_unknown_fallback(src, 3));
}

/* resource_path on a glob read by two workers: each file's resource is its
 * own, whatever the other worker matches at the same moment. 48 files, each
 * named by a key of its own length (k letters, then k: "0", "x1", "xx2",
 * ...), each down for (k + 1) minutes from 10:00; read 40 times, each
 * resource must have exactly its own file's downtime every time. (The
 * pattern's match data was once shared by the workers: a file could take
 * the other file's capture offsets, and its rows land on no resource.) */
static void resource_path_on_a_glob_read_by_workers(void)
{
    enum { FILES = 48, ROUNDS = 40 };
    struct fx f;
    char name[96], key[64], text[4096];
    const int64_t t10 = SEP + 10 * 3600;
    size_t k, round, n;

    for (round = 0; round < ROUNDS; round++) {
        fx_init(&f, "[monitoring \"one\"]\npath = mon/*.log\nheader = false\n"
                    "columns = t, s\ntime_column = t\nstatus_column = s\n"
                    "time_format = %Y-%m-%d %H:%M\n"
                    "down_pattern = failed\ninterval = 60s\n"
                    "resource_path = /(x*[0-9]+)_report\\.log$\n");
        tf_mkdir(&f.t, "mon");
        for (k = 0; k < FILES; k++) {
            size_t m;
            snprintf(key, sizeof key, "%.*s%zu", (int)k,
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", k);
            resmap_add(f.map, key);
            n = 0;
            for (m = 0; m <= k; m++)
                n += (size_t)snprintf(text + n, sizeof text - n,
                                      "2026-09-01 10:%02zu, failed\n", m);
            snprintf(text + n, sizeof text - n, "2026-09-01 11:00, success\n");
            snprintf(name, sizeof name, "mon/%s_report.log", key);
            tf_write(&f.t, name, text, NULL, 0);
        }
        CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
        CU_ASSERT_EQUAL(f.st.files, FILES);
        CU_ASSERT_EQUAL(f.st.skipped, 0);
        for (k = 0; k < FILES; k++) {
            const struct ivset *d;
            snprintf(key, sizeof key, "%.*s%zu", (int)k,
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", k);
            d = fx_down(&f, key);
            CU_ASSERT_EQUAL_FATAL(d->n, 1);
            CU_ASSERT_EQUAL(d->v[0].start, t10);
            CU_ASSERT_EQUAL(d->v[0].end, t10 + 60 * (int64_t)(k + 1));
        }
        fx_free(&f);
    }
}

/* A file whose path the pattern does not capture from is bad input: no
 * guess, no skip. */
static void resource_path_without_capture_is_bad_data(void)
{
    struct fx f;
    char path[512], want[700];

    fx_init(&f, "[monitoring \"one\"]\npath = mon/*.log\n"
                "time_column = t\nstatus_column = s\n"
                "down_pattern = failed\ninterval = 60s\n"
                "resource_path = /([^/]+)_report\\.log$\n");
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/web-1.log", "t,s\n2026-09-01T10:00:00Z,failed\n", path,
             sizeof path);
    CU_ASSERT_EQUAL(fx_read(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_DATA);
    ASSERT_STR(f.e.file, path);
    CU_ASSERT_EQUAL(f.e.line, 0);
    snprintf(want, sizeof want,
             "[monitoring \"one\"]: resource_path /([^/]+)_report\\.log$ "
             "captures no resource in the file's path");
    ASSERT_STR(f.e.msg, want);
    fx_free(&f);
}

/* Loads a config of a roster, a policy and a [monitoring "m"] section
 * (its header on line 5) holding the keys given, written in a fresh folder
 * that is removed afterwards: the config, or NULL with *e set. */
static struct config *load_section_m(const char *keys, struct err *e)
{
    struct tf t;
    char path[512], text[1024];
    struct config *c;

    tf_init(&t);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"m\"]\n%s",
             keys);
    tf_write(&t, "config.ini", text, path, sizeof path);
    memset(e, 0, sizeof *e);
    c = config_load(path, e);
    tf_cleanup(&t);
    return c;
}

/* Exactly one of resource_column, resource and resource_path; a path
 * pattern has exactly one group; interval = next needs max_gap, which is
 * only for it. Reported at the section's line. */
static void resource_keys_are_checked(void)
{
    static const struct {
        const char *keys;
        const char *msg;
    } cases[] = {
        {"interval = 60s\nresource_column = m\nresource = web-1\n",
         "[monitoring \"m\"]: resource_column, resource and resource_path "
         "exclude each other"},
        {"interval = 60s\nresource = web-1\nresource_path = ([a-z]+)\\.csv$\n",
         "[monitoring \"m\"]: resource_column, resource and resource_path "
         "exclude each other"},
        {"interval = 60s\nresource_path = [a-z]+\\.csv$\n",
         "[monitoring \"m\"]: resource_path: want exactly one capture "
         "group, got 0: [a-z]+\\.csv$"},
        {"interval = 60s\nresource_path = ([a-z]+)-([0-9]+)\\.csv$\n",
         "[monitoring \"m\"]: resource_path: want exactly one capture "
         "group, got 2: ([a-z]+)-([0-9]+)\\.csv$"},
        {"interval = 60s\n", "[monitoring \"m\"]: resource_column is required"},
        {"interval = next\nresource = web-1\n",
         "[monitoring \"m\"]: max_gap (with interval = next) is required"},
        {"interval = 60s\nmax_gap = 1h\nresource = web-1\n",
         "[monitoring \"m\"]: max_gap is for interval = next"},
        {"interval = 60s\nbucket_rule = all\nresource = web-1\n",
         "[monitoring \"m\"]: bucket_rule needs bucket"},
        {"interval = 60s\nbucket = 5m\nbucket_rule = most\n"
         "resource = web-1\n",
         "bucket_rule: want one of any, all, majority, quorum: most"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        char keys[512];
        struct err e;
        struct config *c;

        snprintf(keys, sizeof keys,
                 "path = m.csv\ntime_column = t\nstatus_column = s\n"
                 "down_pattern = x\n%s",
                 cases[k].keys);
        c = load_section_m(keys, &e);
        CU_ASSERT_PTR_NULL(c);
        config_free(c);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        /* A section's rule at its header, a bad value at its key (12). */
        CU_ASSERT_EQUAL(e.line, cases[k].msg[0] == '[' ? 5 : 12);
        ASSERT_STR(e.msg, cases[k].msg);
    }
}

/* interval = next from two locations under quorum = all: each location's
 * down sample stands until its next sample, which is in the next file. */
static void read_next_samples_across_files(void)
{
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    /* fra down [10:30, 11:00), ams down [10:40, 11:00): all from 10:40. */
    const int64_t want[][2] = {{t10 + 2400, t10 + 3600}};
    const struct res *r;

    fx_init(&f, NEXT_QUORUM);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "timestamp,monitor_id,loc,status\n"
             "2026-09-01T10:00:00Z,web-1,fra,up\n"
             "2026-09-01T10:00:00Z,web-1,ams,up\n"
             "2026-09-01T10:30:00Z,web-1,fra,down\n"
             "2026-09-01T10:40:00Z,web-1,ams,down\n",
             NULL, 0);
    tf_write(&f.t, "mon/b.csv",
             "timestamp,monitor_id,loc,status\n"
             "2026-09-01T11:00:00Z,web-1,ams,up\n"
             "2026-09-01T11:00:00Z,web-1,fra,up\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    /* Known: [10:00, 12:00) (the last samples stand max_gap). */
    r = resmap_get(f.map, "web-1", 5);
    CU_ASSERT_EQUAL_FATAL(unknown_of(f.map, r)->n, 2);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[0].start, SEP);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[0].end, t10);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[1].start, t10 + 7200);
    fx_free(&f);
}

#define RATE                                                                   \
    "[monitoring \"rate\"]\npath = mon/*.csv\nformat = samples\n"              \
    "time_column = t\nresource_column = m\nrequests_column = req\n"            \
    "errors_column = err\nerror_rate = 5%\ninterval = 60s\n"

/* Error-rate minutes: a minute is down when errors / requests exceeds 5 %,
 * compared exactly: 5 of 100 and 1 of 20 are exactly 5 %, up; 6 of 100 and
 * 50,001 of 1,000,000 are over, down; 0 requests is no sample (unknown). */
static void read_error_rate_minutes(void)
{
    struct fx f;
    const int64_t t10 = SEP + 10 * 3600;
    const int64_t want[][2] = {{t10 + 60, t10 + 120}, {t10 + 240, t10 + 300}};
    const struct res *r;

    fx_init(&f, RATE);
    tf_mkdir(&f.t, "mon");
    tf_write(&f.t, "mon/a.csv",
             "t,m,req,err\n"
             "2026-09-01T10:00:00Z,web-1,100,5\n"
             "2026-09-01T10:01:00Z,web-1,100,6\n"
             "2026-09-01T10:02:00Z,web-1,0,0\n"
             "2026-09-01T10:03:00Z,web-1,20,1\n"
             "2026-09-01T10:04:00Z,web-1,1000000,50001\n"
             "2026-09-01T10:05:00Z,web-1,1000000,50000\n",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(fx_read(&f), 0);
    check_down(fx_down(&f, "web-1"), want, N(want));
    CU_ASSERT_EQUAL(f.st.down, 2);
    /* Unknown: the month but [10:00, 10:02) and [10:03, 10:06). */
    r = resmap_get(f.map, "web-1", 5);
    CU_ASSERT_EQUAL_FATAL(unknown_of(f.map, r)->n, 3);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[0].end, t10);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[1].start, t10 + 120);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[1].end, t10 + 180);
    CU_ASSERT_EQUAL(unknown_of(f.map, r)->v[2].start, t10 + 360);
    fx_free(&f);
}

/* The error-rate keys: a percent in (0 %, 100 %), all three together, and
 * not with status_column or down_pattern. */
static void error_rate_keys_are_checked(void)
{
    static const struct {
        const char *keys;
        long line;
        const char *msg;
    } cases[] = {
        {"requests_column = q\nerrors_column = e\nerror_rate = 5\n", 10,
         "error_rate: want a percent such as 5%: 5"},
        {"requests_column = q\nerrors_column = e\nerror_rate = 0%\n", 10,
         "error_rate: want more than 0% and less than 100%: 0%"},
        {"requests_column = q\nerrors_column = e\nerror_rate = 100%\n", 10,
         "error_rate: want more than 0% and less than 100%: 100%"},
        {"requests_column = q\nerrors_column = e\nerror_rate = 0.00001%\n", 10,
         "error_rate: "},
        {"requests_column = q\nerror_rate = 5%\n", 5,
         "[monitoring \"m\"]: errors_column (with error_rate) is required"},
        {"requests_column = q\nerrors_column = e\n", 5,
         "[monitoring \"m\"]: error_rate (with requests_column) is required"},
        {"requests_column = q\nerrors_column = e\nerror_rate = 5%\n"
         "status_column = s\n",
         5,
         "[monitoring \"m\"]: requests_column, errors_column and error_rate "
         "replace status_column and down_pattern"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        char keys[512];
        struct err e;
        struct config *c;

        snprintf(keys, sizeof keys,
                 "path = m.csv\ntime_column = t\n%sinterval = 60s\n"
                 "resource = web-1\n",
                 cases[k].keys);
        c = load_section_m(keys, &e);
        CU_ASSERT_PTR_NULL(c);
        config_free(c);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        if (e.line != cases[k].line ||
            strncmp(e.msg, cases[k].msg, strlen(cases[k].msg)) != 0)
            fprintf(stderr, "\n  case %zu: %ld: %s\n", k, e.line, e.msg);
        CU_ASSERT_EQUAL(e.line, cases[k].line);
        CU_ASSERT_EQUAL(strncmp(e.msg, cases[k].msg, strlen(cases[k].msg)), 0);
    }
}

/* interval, max_gap and bucket: 1 s to 31 days, one second either side. */
static void sample_lengths_are_one_second_to_31_days(void)
{
    static const struct {
        const char *keys;
        const char *msg; /* NULL: accepted */
    } cases[] = {
        {"interval = 2678400s\n", NULL},
        {"interval = 31d\n", NULL},
        {"interval = 2678401s\n", "interval: must be at most 31d: 2678401s"},
        {"interval = 0s\n", "interval: must be at least 1s: 0s"},
        {"interval = next\nmax_gap = 2678400s\n", NULL},
        {"interval = next\nmax_gap = 2678401s\n",
         "max_gap: must be at most 31d: 2678401s"},
        {"interval = 60s\nbucket = 2678400s\n", NULL},
        {"interval = 60s\nbucket = 2678401s\n",
         "bucket: must be at most 31d: 2678401s"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        char keys[512];
        struct err e;
        struct config *c;

        snprintf(keys, sizeof keys,
                 "path = m.csv\ntime_column = t\nresource_column = r\n"
                 "status_column = s\ndown_pattern = ^down$\n%s",
                 cases[k].keys);
        c = load_section_m(keys, &e);
        if (cases[k].msg == NULL) {
            if (c == NULL)
                fprintf(stderr, "\n  case %zu: %ld: %s\n", k, e.line, e.msg);
            CU_ASSERT_PTR_NOT_NULL(c);
        } else {
            CU_ASSERT_PTR_NULL(c);
            CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
            CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, cases[k].msg));
        }
        config_free(c);
    }
}

/* The sample-only keys are refused with windows, not ignored. */
static void windows_refuse_sample_only_keys(void)
{
    static const char *const keys[] = {
        "bucket = 5m\n",     "bucket_rule = all\n",   "interval = next\n",
        "max_gap = 1h\n",    "requests_column = q\n", "errors_column = e\n",
        "error_rate = 5%\n",
    };
    size_t k;

    for (k = 0; k < N(keys); k++) {
        char section[512];
        struct err e;
        struct config *c;

        snprintf(section, sizeof section,
                 "path = m.csv\nformat = windows\nresource_column = r\n"
                 "start_column = s\nend_column = e\n%s",
                 keys[k]);
        c = load_section_m(section, &e);
        CU_ASSERT_PTR_NULL(c);
        config_free(c);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        CU_ASSERT_EQUAL(e.line, 5);
        ASSERT_STR(e.msg, "[monitoring \"m\"]: bucket, bucket_rule, interval "
                          "= next, max_gap and the error-rate keys are for "
                          "samples");
    }
}

static void read_without_files_is_no_input(void)
{
    struct fx f;
    char want[700];

    fx_init(&f, SAMPLES);
    CU_ASSERT_EQUAL(fx_read(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_NOINPUT);
    snprintf(want, sizeof want,
             "[monitoring \"probes\"]: no file matches %s/mon/*.csv", f.t.dir);
    ASSERT_STR(f.e.msg, want);
    fx_free(&f);
}

/* Two sources read into one table: a resource's source is the first whose
 * rows named it, its rows are counted over both; a resource no row names
 * gets the whole month as unknown time under the fallback's setting, and
 * one the samples source measured gets the time its samples leave
 * uncovered. web-1: a window of "win" [10:00, 10:30) and one down sample
 * of "smp" at 10:00 (covers [10:00, 10:01)); db: one up sample of "smp"
 * at 09:00 ([09:00, 09:01) known: unknown is the rest of September); the
 * third resource, idle, no row. */
static void two_sources_share_one_table(void)
{
    struct tf t;
    char path[512];
    struct config *c;
    struct resmap *map;
    struct monitor_tab *tab;
    struct sha_list inputs;
    struct monitor_stats st;
    struct err e;
    const struct res *web, *db, *idle;
    const struct res_unknown *u;
    const int64_t t9 = SEP + 9 * 3600, t10 = SEP + 10 * 3600;
    size_t i;

    memset(&inputs, 0, sizeof inputs);
    memset(&st, 0, sizeof st);
    tf_init(&t);
    tf_write(&t, "config.ini",
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"win\"]\npath = win.csv\nformat = windows\n"
             "resource_column = monitor\nstart_column = start\n"
             "end_column = end\n"
             "[monitoring \"smp\"]\npath = smp.csv\nformat = samples\n"
             "time_column = timestamp\nresource_column = monitor_id\n"
             "status_column = status\ndown_pattern = ^down$\n"
             "interval = 60s\nunknown = down\n",
             path, sizeof path);
    tf_write(&t, "win.csv",
             "monitor,start,end\n"
             "web-1,2026-09-01T10:00:00Z,2026-09-01T10:30:00Z\n",
             NULL, 0);
    tf_write(&t, "smp.csv",
             "timestamp,monitor_id,status\n"
             "2026-09-01T10:00:00Z,web-1,down\n"
             "2026-09-01T09:00:00Z,db,up\n",
             NULL, 0);
    c = config_load(path, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL_FATAL(c->nsources, 2);
    map = resmap_new();
    web = resmap_add(map, "web-1");
    db = resmap_add(map, "db");
    idle = resmap_add(map, "idle");
    tab = monitor_tab_new(map);
    for (i = 0; i < 2; i++)
        CU_ASSERT_EQUAL_FATAL(monitor_read(&c->sources[i], SEP - 7 * DAY,
                                           OCT + 45 * DAY, tab, &inputs, &st,
                                           NULL, &e),
                              0);
    resmap_finish(map);
    monitor_tab_finish(tab, &c->sources[1], SEP, OCT);
    ASSERT_STR(resmap_source(map, web), "win");
    ASSERT_STR(resmap_source(map, db), "smp");
    CU_ASSERT_PTR_NULL(resmap_source(map, idle));
    CU_ASSERT_EQUAL(monitor_tab_rows(tab, web), 2);
    CU_ASSERT_EQUAL(monitor_tab_rows(tab, db), 1);
    CU_ASSERT_EQUAL(monitor_tab_rows(tab, idle), 0);
    /* web-1: down [10:00, 10:30) from both; unknown all but [10:00, 10:01). */
    CU_ASSERT_EQUAL_FATAL(web->down.n, 1);
    CU_ASSERT_EQUAL(web->down.v[0].start, t10);
    CU_ASSERT_EQUAL(web->down.v[0].end, t10 + 1800);
    u = resmap_unknown(map, web);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    ASSERT_STR(u->source, "smp");
    CU_ASSERT_EQUAL(u->mode, RES_UNKNOWN_DOWN);
    CU_ASSERT_EQUAL(ivset_total(&u->set), (OCT - SEP) - 60);
    /* db: no down time, unknown all but [09:00, 09:01). */
    CU_ASSERT_EQUAL(db->down.n, 0);
    u = resmap_unknown(map, db);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL_FATAL(u->set.n, 2);
    CU_ASSERT_EQUAL(u->set.v[0].end, t9);
    CU_ASSERT_EQUAL(u->set.v[1].start, t9 + 60);
    /* idle: no row of any source: the whole month, under smp's setting. */
    u = resmap_unknown(map, idle);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    ASSERT_STR(u->source, "smp");
    CU_ASSERT_EQUAL_FATAL(u->set.n, 1);
    CU_ASSERT_EQUAL(u->set.v[0].start, SEP);
    CU_ASSERT_EQUAL(u->set.v[0].end, OCT);
    monitor_tab_free(tab);
    sha_list_free(&inputs);
    resmap_free(map);
    config_free(c);
    tf_cleanup(&t);
}

CU_TestInfo monitor_tests[] = {
    {"two_sources_share_one_table", two_sources_share_one_table},
    {"parse_length_reads_export_forms", parse_length_reads_export_forms},
    {"parse_length_rejects_loose_forms", parse_length_rejects_loose_forms},
    {"read_samples_into_downtime", read_samples_into_downtime},
    {"samples_of_one_status_are_kept_as_runs",
     samples_of_one_status_are_kept_as_runs},
    {"odd_statuses_are_counted_in_file_order",
     odd_statuses_are_counted_in_file_order},
    {"statuses_up_pattern_does_not_match_are_counted",
     statuses_up_pattern_does_not_match_are_counted},
    {"many_monitors_grow_the_readers_table",
     many_monitors_grow_the_readers_table},
    {"more_monitors_than_the_table_holds", more_monitors_than_the_table_holds},
    {"glob_read_by_workers_as_in_file_order",
     glob_read_by_workers_as_in_file_order},
    {"window_ending_in_the_repeated_hour", window_ending_in_the_repeated_hour},
    {"repeated_hour_is_told_apart_by_row_order",
     repeated_hour_is_told_apart_by_row_order},
    {"read_windows_into_downtime", read_windows_into_downtime},
    {"read_windows_with_durations_and_no_header",
     read_windows_with_durations_and_no_header},
    {"read_reports_bad_rows_at_their_line",
     read_reports_bad_rows_at_their_line},
    {"read_without_files_is_no_input", read_without_files_is_no_input},
    {"read_resource_from_section_or_path", read_resource_from_section_or_path},
    {"resource_path_without_capture_is_bad_data",
     resource_path_without_capture_is_bad_data},
    {"resource_path_on_a_glob_read_by_workers",
     resource_path_on_a_glob_read_by_workers},
    {"unknown_fallback_is_the_first_samples_source",
     unknown_fallback_is_the_first_samples_source},
    {"resource_keys_are_checked", resource_keys_are_checked},
    {"read_next_samples_across_files", read_next_samples_across_files},
    {"read_error_rate_minutes", read_error_rate_minutes},
    {"error_rate_keys_are_checked", error_rate_keys_are_checked},
    {"sample_lengths_are_one_second_to_31_days",
     sample_lengths_are_one_second_to_31_days},
    {"windows_refuse_sample_only_keys", windows_refuse_sample_only_keys},
    CU_TEST_INFO_NULL,
};

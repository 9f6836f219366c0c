/* Unit tests for format = uptime-kuma: a kuma.db built here with Uptime
 * Kuma's own table definitions (tests/data/kuma/kuma-schema.sql, see its
 * .source.txt), a heartbeat standing until its monitor's next one (at most
 * max_gap: 3 x the monitor's interval or retry_interval, or the key) with
 * the status mapping of the README, monitors chosen by name or id, the
 * database never written nor left locked (a writer holding a lock does not
 * stop the read), and bad rows reported by heartbeat id. */
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/res.h"
#include "lib/keys.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor_tab.h"
#include "testfiles.h"
#include "testutil.h"

#define SEP ((int64_t)1788220800) /* 2026-09-01T00:00:00Z */
#define JUN ((int64_t)1782086400) /* 2026-06-22T00:00:00Z */

struct kx {
    struct tf t;
    char db[512];
    struct config *c;
    struct resmap *map;
    struct monitor_tab *tab; /* of the last read */
    struct sha_list inputs;
    struct monitor_stats st;
    struct err e;
};

/* Runs the SQL of file (relative to the repository root) on db. */
static void run_sql_file(sqlite3 *db, const char *file)
{
    FILE *fp = fopen(file, "rb");
    char *sql, *msg = NULL;
    long n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    sql = calloc(1, (size_t)n + 1);
    CU_ASSERT_EQUAL_FATAL(fread(sql, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fprintf(stderr, "\n  %s: %s\n", file, msg);
    CU_ASSERT_PTR_NULL(msg);
    sqlite3_free(msg);
    free(sql);
}

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fprintf(stderr, "\n  %s: %s\n", sql, msg);
    CU_ASSERT_PTR_NULL(msg);
    sqlite3_free(msg);
}

/* A scratch kuma.db with Kuma's tables and the rows of sql (NULL: none),
 * a config whose [monitoring] section has the extra keys, and a map. */
static void kx_init(struct kx *k, const char *extra, const char *sql,
                    const char *const *keys)
{
    char path[512], text[2048];
    sqlite3 *db;
    struct err e;

    memset(k, 0, sizeof *k);
    tf_init(&k->t);
    tf_path(&k->t, "kuma.db", k->db, sizeof k->db);
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(k->db, &db), SQLITE_OK);
    run_sql_file(db, "tests/data/kuma/kuma-schema.sql");
    if (sql != NULL)
        exec_ok(db, sql);
    sqlite3_close(db);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"kuma\"]\npath = kuma.db\nformat = uptime-kuma\n%s",
             extra);
    tf_write(&k->t, "config.ini", text, path, sizeof path);
    k->c = config_load(path, &e);
    if (k->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k->c);
    k->map = resmap_new();
    for (; *keys != NULL; keys++)
        resmap_add(k->map, *keys);
}

static int kx_read(struct kx *k, int64_t from, int64_t to, int64_t lo,
                   int64_t hi)
{
    int rc;

    memset(&k->e, 0, sizeof k->e);
    monitor_tab_free(k->tab);
    k->tab = monitor_tab_new(k->map);
    rc = monitor_read(&k->c->sources[0], from, to, k->tab, &k->inputs, &k->st,
                      NULL, &k->e);
    resmap_finish(k->map);
    if (rc == 0)
        monitor_tab_finish(k->tab, NULL, lo, hi);
    return rc;
}

static const struct res *kx_res(const struct kx *k, const char *key)
{
    const struct res *r = resmap_get(k->map, key, strlen(key));

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return r;
}

/* Resource r's unknown time (empty when it has none). */
static const struct ivset *unknown_of(const struct resmap *m,
                                      const struct res *r)
{
    static const struct ivset none = {NULL, 0, 0, 1};
    const struct res_unknown *u = resmap_unknown(m, r);

    return u != NULL ? &u->set : &none;
}

static void kx_free(struct kx *k)
{
    sha_list_free(&k->inputs);
    monitor_tab_free(k->tab);
    resmap_free(k->map);
    config_free(k->c);
    tf_cleanup(&k->t);
}

static void check_set(const struct ivset *s, const int64_t (*want)[2], size_t n)
{
    size_t i;

    CU_ASSERT_EQUAL(s->n, n);
    for (i = 0; i < s->n && i < n; i++) {
        if (s->v[i].start != want[i][0] || s->v[i].end != want[i][1])
            fprintf(stderr, "\n  [%zu] got [%lld, %lld) want [%lld, %lld)\n", i,
                    (long long)s->v[i].start, (long long)s->v[i].end,
                    (long long)want[i][0], (long long)want[i][1]);
        CU_ASSERT_EQUAL(s->v[i].start, want[i][0]);
        CU_ASSERT_EQUAL(s->v[i].end, want[i][1]);
    }
}

#define ROWS                                                                   \
    "INSERT INTO monitor (id, name, active, interval, type) VALUES "           \
    "(1, 'web-1', 1, 60, 'http'), (2, 'Anna''s db', 1, 120, 'port'), "         \
    "(3, 'other', 1, 60, 'http');"                                             \
    "INSERT INTO heartbeat (monitor_id, status, msg, time) VALUES "            \
    "(1, 0, '', '2026-01-01 00:00:00'),"                                       \
    "(1, 1, '', '2026-09-01 00:00:00.500'),"                                   \
    "(1, 0, 'timeout', '2026-09-01 00:01:00'),"                                \
    "(1, 2, '', '2026-09-01 00:02:00.999'),"                                   \
    "(1, 3, 'Monitor under maintenance', '2026-09-01 00:03:00'),"              \
    "(1, 1, '', '2026-09-01 00:05:00'),"                                       \
    "(2, 0, '', '2026-09-01 00:00:00'),"                                       \
    "(3, 0, '', '2026-09-01 00:00:00');"

static void heartbeats_stand_until_the_next_one(void)
{
    /* web-1, interval 60 (max_gap 3 x 60 = 180): up at 0 (the .500
     * dropped), down at 60, pending at 120 (down; .999 dropped), maintenance
     * at 180 (unknown until 300), up at 300 (until 480). Over [0, 360) from
     * SEP: down [60, 180), unknown [180, 300). The beat of January is before
     * the time read. Monitor 2 ("Anna's db", interval 120) is not named by
     * its name, so by its id "2": its one beat, down, stands for its max_gap
     * 3 x 120 = 360 s: down [0, 360). Monitor 3 is skipped. */
    static const char *const keys[] = {"web-1", "2", NULL};
    const int64_t down[][2] = {{SEP + 60, SEP + 180}};
    const int64_t unknown[][2] = {{SEP + 180, SEP + 300}};
    const int64_t down2[][2] = {{SEP, SEP + 360}};
    struct kx k;

    kx_init(&k, "", ROWS, keys);
    CU_ASSERT_EQUAL_FATAL(
        kx_read(&k, SEP - 86400, SEP + 30 * 86400, SEP, SEP + 360), 0);
    check_set(&kx_res(&k, "web-1")->down, down, 1);
    check_set(unknown_of(k.map, kx_res(&k, "web-1")), unknown, 1);
    check_set(&kx_res(&k, "2")->down, down2, 1);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "web-1")), 5);
    CU_ASSERT_EQUAL(k.st.files, 1);
    CU_ASSERT_EQUAL(k.st.rows, 7);
    CU_ASSERT_EQUAL(k.st.down, 3);
    CU_ASSERT_EQUAL(k.st.skipped, 1);
    CU_ASSERT_EQUAL(k.inputs.n, 1);
    kx_free(&k);
}

static void irregular_beats_leave_no_unknown_time_until_max_gap(void)
{
    /* web-1, interval 60, max_gap 180; UP beats at 0, 63, 177, 267, 338
     * (63-114 s apart, as Kuma beats), 518 (exactly 180 after 338: no
     * unknown time), 699 (181 after 518: [698, 699) unknown), then Kuma
     * stopped until 1000: [699 + 180, 1000) = [879, 1000) unknown. Over
     * [0, 1060): no down time, unknown [698, 699) and [879, 1000). */
    static const char *const keys[] = {"web-1", NULL};
    const int64_t unknown[][2] = {{SEP + 698, SEP + 699},
                                  {SEP + 879, SEP + 1000}};
    struct kx k;

    kx_init(&k, "",
            "INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
            "INSERT INTO heartbeat (monitor_id, status, time) VALUES "
            "(1, 1, '2026-09-01 00:00:00'), (1, 1, '2026-09-01 00:01:03'),"
            "(1, 1, '2026-09-01 00:02:57'), (1, 1, '2026-09-01 00:04:27'),"
            "(1, 1, '2026-09-01 00:05:38'), (1, 1, '2026-09-01 00:08:38'),"
            "(1, 1, '2026-09-01 00:11:39'), (1, 1, '2026-09-01 00:16:40');",
            keys);
    CU_ASSERT_EQUAL_FATAL(
        kx_read(&k, SEP - 86400, SEP + 86400, SEP, SEP + 1060), 0);
    CU_ASSERT_EQUAL(kx_res(&k, "web-1")->down.n, 0);
    check_set(unknown_of(k.map, kx_res(&k, "web-1")), unknown, 2);
    kx_free(&k);
}

static void max_gap_from_retry_interval_or_the_key(void)
{
    /* interval 60, retry_interval 120: max_gap 3 x 120 = 360. DOWN at 0,
     * UP at 400: down [0, 360), unknown [360, 400) of [0, 400). With
     * max_gap = 100s instead: down [0, 100), unknown [100, 400). A beat
     * 60 s before the time read (-60, interval 60: max_gap 180) stands
     * into it, down [-60, 120): beats are read from -max_gap. */
    static const char *const keys[] = {"web-1", NULL};
    static const char *const rows =
        "INSERT INTO monitor (id, name, interval, retry_interval) VALUES "
        "(1, 'web-1', 60, 120);"
        "INSERT INTO heartbeat (monitor_id, status, time) VALUES "
        "(1, 0, '2026-09-01 00:00:00'), (1, 1, '2026-09-01 00:06:40');";
    const int64_t down[][2] = {{SEP, SEP + 360}};
    const int64_t unknown[][2] = {{SEP + 360, SEP + 400}};
    const int64_t down_key[][2] = {{SEP, SEP + 100}};
    const int64_t unknown_key[][2] = {{SEP + 100, SEP + 400}};
    const int64_t down_before[][2] = {{SEP - 60, SEP + 120}};
    struct kx k;

    kx_init(&k, "", rows, keys);
    CU_ASSERT_EQUAL_FATAL(kx_read(&k, SEP, SEP + 86400, SEP, SEP + 400), 0);
    check_set(&kx_res(&k, "web-1")->down, down, 1);
    check_set(unknown_of(k.map, kx_res(&k, "web-1")), unknown, 1);
    kx_free(&k);

    kx_init(&k, "max_gap = 100s\n", rows, keys);
    CU_ASSERT_EQUAL_FATAL(kx_read(&k, SEP, SEP + 86400, SEP, SEP + 400), 0);
    check_set(&kx_res(&k, "web-1")->down, down_key, 1);
    check_set(unknown_of(k.map, kx_res(&k, "web-1")), unknown_key, 1);
    kx_free(&k);

    kx_init(&k, "",
            "INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
            "INSERT INTO heartbeat (monitor_id, status, time) VALUES "
            "(1, 0, '2026-08-31 23:59:00');",
            keys);
    CU_ASSERT_EQUAL_FATAL(kx_read(&k, SEP, SEP + 86400, SEP, SEP + 400), 0);
    check_set(&kx_res(&k, "web-1")->down, down_before, 1);
    kx_free(&k);
}

static void beats_of_one_second_are_one_beat_down_winning(void)
{
    /* UP at 0.100 and DOWN at 0.900 are one beat at 0, down; UP at 60. */
    static const char *const keys[] = {"web-1", NULL};
    const int64_t down[][2] = {{SEP, SEP + 60}};
    struct kx k;

    kx_init(&k, "",
            "INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
            "INSERT INTO heartbeat (monitor_id, status, time) VALUES "
            "(1, 1, '2026-09-01 00:00:00.100'),"
            "(1, 0, '2026-09-01 00:00:00.900'),"
            "(1, 1, '2026-09-01 00:01:00');",
            keys);
    CU_ASSERT_EQUAL_FATAL(kx_read(&k, SEP, SEP + 86400, SEP, SEP + 120), 0);
    check_set(&kx_res(&k, "web-1")->down, down, 1);
    CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "web-1"))->n, 0);
    kx_free(&k);
}

static void interval_is_refused_for_the_database(void)
{
    static const char *const keys[] = {"web-1", NULL};
    struct kx k;
    char path[512];
    struct err e;

    memset(&k, 0, sizeof k);
    tf_init(&k.t);
    tf_write(&k.t, "config.ini",
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"kuma\"]\npath = kuma.db\nformat = uptime-kuma\n"
             "interval = next\n",
             path, sizeof path);
    (void)keys;
    CU_ASSERT_PTR_NULL(config_load(path, &e));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "a heartbeat stands until its "
                                         "monitor's next one"));
    tf_cleanup(&k.t);
}

static void two_monitors_of_one_name_keep_their_own_beats(void)
{
    /* Monitors 1 and 2 are both "web" (interval 60, max_gap 180): 1 is
     * DOWN at 100 (its last beat: until 280), 2 UP at 0 and 60. Each beat
     * stands until its own monitor's next: down [100, 280) stays, though
     * 2's beats come later in the listing and earlier in time. */
    static const char *const keys[] = {"web", NULL};
    const int64_t down[][2] = {{SEP + 100, SEP + 280}};
    struct kx k;

    kx_init(&k, "",
            "INSERT INTO monitor (id, name, interval) VALUES (1, 'web', 60),"
            " (2, 'web', 60);"
            "INSERT INTO heartbeat (monitor_id, status, time) VALUES "
            "(1, 0, '2026-09-01 00:01:40'), (2, 1, '2026-09-01 00:00:00'),"
            "(2, 1, '2026-09-01 00:01:00');",
            keys);
    CU_ASSERT_EQUAL_FATAL(kx_read(&k, SEP, SEP + 86400, SEP, SEP + 300), 0);
    check_set(&kx_res(&k, "web")->down, down, 1);
    kx_free(&k);
}

static void monitors_chooses_by_name_or_id(void)
{
    /* Only "Anna's db" (by name, with its blank and quote) and 3 (by id). */
    static const char *const keys[] = {"web-1", "2", "other", NULL};
    struct kx k;

    kx_init(&k, "monitors = Anna's db , 3\n", ROWS, keys);
    CU_ASSERT_EQUAL_FATAL(
        kx_read(&k, SEP - 86400, SEP + 30 * 86400, SEP, SEP + 360), 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "web-1")), 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "2")), 1);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "other")), 1);
    CU_ASSERT_EQUAL(k.st.rows, 2);
    kx_free(&k);

    kx_init(&k, "monitors = web-1, web-9\n", ROWS, keys);
    CU_ASSERT_EQUAL(kx_read(&k, SEP - 86400, SEP + 86400, SEP, SEP + 360), -1);
    CU_ASSERT_EQUAL(k.e.rc, RC_DATA);
    ASSERT_STR(k.e.file, k.db);
    ASSERT_STR(k.e.msg, "[monitoring \"kuma\"]: monitors: no monitor of that "
                        "name or id: web-9");
    kx_free(&k);
}

static void never_writes_nor_locks_out_kuma(void)
{
    /* A writer holds a RESERVED lock with a row not yet committed while the
     * read runs: the read succeeds without that row; afterwards the writer
     * commits at once (no lock left behind, busy timeout 0), and the file
     * read was not changed by the read. */
    static const char *const keys[] = {"web-1", NULL};
    char before[65], after[65];
    uint64_t size;
    struct err e;
    sqlite3 *w;
    struct kx k;

    kx_init(&k, "", ROWS, keys);
    CU_ASSERT_EQUAL_FATAL(sha_file(k.db, before, &size, &e), 0);
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(k.db, &w), SQLITE_OK);
    sqlite3_busy_timeout(w, 0);
    exec_ok(w, "BEGIN IMMEDIATE;"
               "INSERT INTO heartbeat (monitor_id, status, msg, time) VALUES "
               "(1, 0, '', '2026-09-01 00:10:00');");
    CU_ASSERT_EQUAL_FATAL(
        kx_read(&k, SEP - 86400, SEP + 30 * 86400, SEP, SEP + 360), 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "web-1")), 5);
    CU_ASSERT_EQUAL(sha_file(k.db, after, &size, &e), 0);
    ASSERT_STR(after, before);
    ASSERT_STR(k.inputs.v[0].hex, before);
    exec_ok(w, "COMMIT;");
    exec_ok(w, "INSERT INTO heartbeat (monitor_id, status, msg, time) VALUES "
               "(1, 1, '', '2026-09-01 00:11:00');");
    sqlite3_close(w);
    kx_free(&k);
}

static void real_heartbeats_of_a_public_kuma(void)
{
    /* 100 real beats of two monitors of a public Kuma status page
     * (tests/data/kuma/kuma-sample-rows.sql): 50 of 'Libgen+ VG', all
     * status 1, and 50 of "Anna's Archive", all status 0 (counted in the
     * file). */
    static const char *const keys[] = {"Libgen+ VG", "Anna's Archive", NULL};
    struct kx k;
    sqlite3 *db;

    kx_init(&k, "", NULL, keys);
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(k.db, &db), SQLITE_OK);
    run_sql_file(db, "tests/data/kuma/kuma-sample-rows.sql");
    sqlite3_close(db);
    CU_ASSERT_EQUAL_FATAL(
        kx_read(&k, JUN - 86400, JUN + 2 * 86400, JUN, JUN + 86400), 0);
    CU_ASSERT_EQUAL(k.st.rows, 100);
    CU_ASSERT_EQUAL(k.st.down, 50);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "Libgen+ VG")), 50);
    CU_ASSERT_EQUAL(kx_res(&k, "Libgen+ VG")->down.n, 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "Anna's Archive")), 50);
    CU_ASSERT_TRUE(kx_res(&k, "Anna's Archive")->down.n > 0);
    kx_free(&k);
}

static void bad_rows_are_named_by_heartbeat_id(void)
{
    static const char *const keys[] = {"web-1", NULL};
    static const struct {
        const char *sql, *msg;
    } cases[] = {
        {"INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
         "INSERT INTO heartbeat (id, monitor_id, status, time) VALUES "
         "(41, 1, 1, '2026-09-01 00:00:00'), (42, 1, 7, '2026-09-01 "
         "00:01:00');",
         "heartbeat id 42: status: want 0, 1, 2 or 3: 7"},
        {"INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
         "INSERT INTO heartbeat (id, monitor_id, status, time) VALUES "
         "(9, 1, 1, '2026-09-01T00:00:00Z');",
         "heartbeat id 9: time: not a time YYYY-MM-DD HH:MM:SS: "
         "2026-09-01T00:00:00Z"},
        {"INSERT INTO monitor (id, name, interval) VALUES (1, 'web-1', 60);"
         "INSERT INTO heartbeat (id, monitor_id, status, time) VALUES "
         "(9, 1, 1, '2026-09-31 00:00:00');",
         "heartbeat id 9: time: out of range: 2026-09-31 00:00:00"},
        {"INSERT INTO monitor (id, name, interval) VALUES (5, 'web-1', 0);",
         "monitor id 5: interval: not a positive whole number of seconds: 0"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct kx k;
        kx_init(&k, "", cases[i].sql, keys);
        CU_ASSERT_EQUAL(
            kx_read(&k, SEP - 86400, SEP + 30 * 86400, SEP, SEP + 360), -1);
        CU_ASSERT_EQUAL(k.e.rc, RC_DATA);
        ASSERT_STR(k.e.file, k.db);
        ASSERT_STR(k.e.msg, cases[i].msg);
        kx_free(&k);
    }
}

static void a_file_that_is_not_a_kuma_db(void)
{
    static const char *const keys[] = {"web-1", NULL};
    struct kx k;
    sqlite3 *db;

    /* Not a database at all. */
    kx_init(&k, "", NULL, keys);
    tf_write(&k.t, "kuma.db", "time,monitor,status\n", NULL, 0);
    CU_ASSERT_EQUAL(kx_read(&k, SEP, SEP + 60, SEP, SEP + 60), -1);
    CU_ASSERT_EQUAL(k.e.rc, RC_DATA);
    ASSERT_STR(k.e.msg, "not an Uptime Kuma database: table monitor: file "
                        "is not a database");
    kx_free(&k);
    /* A database without Kuma's tables. */
    kx_init(&k, "", NULL, keys);
    tf_write(&k.t, "kuma.db", "", NULL, 0);
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(k.db, &db), SQLITE_OK);
    exec_ok(db, "CREATE TABLE t (x);");
    sqlite3_close(db);
    CU_ASSERT_EQUAL(kx_read(&k, SEP, SEP + 60, SEP, SEP + 60), -1);
    ASSERT_STR(k.e.msg, "not an Uptime Kuma database: table monitor: no such "
                        "table: monitor");
    kx_free(&k);
}

/* format = uptime-kuma-api on a JSON file: the scratch config reads
 * path with interval 60s and the extra keys. */
static int api_read(struct kx *k, const char *path, const char *extra,
                    const char *const *keys, int64_t lo, int64_t hi)
{
    char cfg[512], text[2048];
    struct err e;

    memset(k, 0, sizeof *k);
    tf_init(&k->t);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"kuma\"]\npath = %s\nformat = uptime-kuma-api\n"
             "interval = 60s\n%s",
             path, extra);
    tf_write(&k->t, "config.ini", text, cfg, sizeof cfg);
    k->c = config_load(cfg, &e);
    if (k->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k->c);
    k->map = resmap_new();
    for (; *keys != NULL; keys++)
        resmap_add(k->map, *keys);
    return kx_read(k, lo - 86400, hi + 86400, lo, hi);
}

static void api_real_status_page_heartbeats(void)
{
    /* A real answer of a public Kuma (19 monitors x 50 beats; counted in
     * the file): monitor 7 all UP, monitor 12 all DOWN. */
    static const char *const keys[] = {"7", "12", NULL};
    char cwd[1024], path[1200];
    struct kx k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path,
             "%s/tests/data/kuma/status-page-heartbeat-slum.json", cwd);
    CU_ASSERT_EQUAL_FATAL(api_read(&k, path, "", keys, JUN, JUN + 86400), 0);
    CU_ASSERT_EQUAL(k.st.rows, 950);
    CU_ASSERT_EQUAL(k.st.skipped, 850);
    CU_ASSERT_EQUAL(k.st.down, 50);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "7")), 50);
    CU_ASSERT_EQUAL(kx_res(&k, "7")->down.n, 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(k.tab, kx_res(&k, "12")), 50);
    kx_free(&k);
    /* Monitor 7 beats 63-114 s apart (interval 60, max_gap 180): from its
     * first beat, 03:22:24 (JUN + 12,144), to 180 s after its last,
     * 04:16:17 (JUN + 15,377; + 180 = 15,557), no time is unknown; one
     * second more is. */
    CU_ASSERT_EQUAL_FATAL(
        api_read(&k, path, "", keys, JUN + 12144, JUN + 15557), 0);
    CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "7"))->n, 0);
    kx_free(&k);
    CU_ASSERT_EQUAL_FATAL(
        api_read(&k, path, "", keys, JUN + 12144, JUN + 15558), 0);
    CU_ASSERT_EQUAL_FATAL(unknown_of(k.map, kx_res(&k, "7"))->n, 1);
    CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "7"))->v[0].start,
                    JUN + 15557);
    CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "7"))->v[0].end, JUN + 15558);
    kx_free(&k);
}

static void api_statuses_and_errors(void)
{
    /* Interval 60: UP at 0 (.900 dropped), PENDING at 60 (down),
     * MAINTENANCE at 120 (unknown). Over [SEP, SEP + 180): down [60, 120),
     * unknown [120, 180). */
    static const char *const keys[] = {"5", NULL};
    const char *json = "{\"heartbeatList\":{\"5\":["
                       "{\"status\":1,\"time\":\"2026-09-01 00:00:00.900\"},"
                       "{\"status\":2,\"time\":\"2026-09-01 00:01:00\"},"
                       "{\"status\":3,\"time\":\"2026-09-01 00:02:00\"}]},"
                       "\"uptimeList\":{\"5_24\":1}}";
    char file[512];
    struct kx k;

    memset(&k, 0, sizeof k);
    {
        struct tf t;
        tf_init(&t);
        tf_write(&t, "hb.json", json, file, sizeof file);
        CU_ASSERT_EQUAL_FATAL(api_read(&k, file, "", keys, SEP, SEP + 180), 0);
        CU_ASSERT_EQUAL_FATAL(kx_res(&k, "5")->down.n, 1);
        CU_ASSERT_EQUAL(kx_res(&k, "5")->down.v[0].start, SEP + 60);
        CU_ASSERT_EQUAL(kx_res(&k, "5")->down.v[0].end, SEP + 120);
        CU_ASSERT_EQUAL_FATAL(unknown_of(k.map, kx_res(&k, "5"))->n, 1);
        CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "5"))->v[0].start,
                        SEP + 120);
        CU_ASSERT_EQUAL(unknown_of(k.map, kx_res(&k, "5"))->v[0].end,
                        SEP + 180);
        kx_free(&k);

        CU_ASSERT_EQUAL(
            api_read(&k, file, "monitors = 5, 9\n", keys, SEP, SEP + 180), -1);
        ASSERT_STR(k.e.msg, "[monitoring \"kuma\"]: monitors: no monitor of "
                            "that id: 9");
        kx_free(&k);

        tf_write(&t, "bad.json",
                 "{\"heartbeatList\":{\"5\":[{\"status\":\"up\","
                 "\"time\":\"2026-09-01 00:00:00\"}]}}",
                 file, sizeof file);
        CU_ASSERT_EQUAL(api_read(&k, file, "", keys, SEP, SEP + 180), -1);
        CU_ASSERT_EQUAL(k.e.rc, RC_DATA);
        ASSERT_STR(k.e.msg, "heartbeatList.5[0].status: want 0, 1, 2 or 3: "
                            "\"up\"");
        kx_free(&k);
        tf_cleanup(&t);
    }
}

static void api_file_over_16_mib_is_refused(void)
{
    /* One byte over 16 MiB: refused before it is parsed (a whole jansson
     * tree takes about 12 times the file); exactly 16 MiB of blanks around
     * an answer is read. */
    static const char *const keys[] = {"5", NULL};
    const char *json = "{\"heartbeatList\":{\"5\":[]}}";
    char file[512];
    struct tf t;
    struct kx k;
    FILE *fp;

    tf_init(&t);
    tf_write(&t, "big.json", json, file, sizeof file);
    fp = fopen(file, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(fseek(fp, (16L << 20) - 1, SEEK_SET), 0);
    CU_ASSERT_EQUAL(fputc(' ', fp), ' ');
    fclose(fp);
    /* the hole between the answer and the last blank reads as NULs: not
     * JSON, but not too large */
    CU_ASSERT_EQUAL(api_read(&k, file, "", keys, SEP, SEP + 60), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(k.e.msg, "not JSON"));
    kx_free(&k);
    fp = fopen(file, "ab");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(fputc(' ', fp), ' ');
    fclose(fp);
    CU_ASSERT_EQUAL(api_read(&k, file, "", keys, SEP, SEP + 60), -1);
    CU_ASSERT_EQUAL(k.e.rc, RC_DATA);
    ASSERT_STR(k.e.msg, "larger than 16 MiB: format = uptime-kuma-api reads "
                        "one API response per file (save each page of the "
                        "listing in a file of its own)");
    kx_free(&k);
    tf_cleanup(&t);
}

static void api_needs_an_interval(void)
{
    struct monsrc m;
    char msg[256];
    struct keys_env env = {"conf"};

    monitor_source_init(&m, "kuma", 3);
    keys_set(monitor_find_key("path"), &m, "path", "hb.json", &env, msg,
             sizeof msg);
    keys_set(monitor_find_key("format"), &m, "format", "uptime-kuma-api", &env,
             msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "format = uptime-kuma-api needs interval (the monitors' "
                    "check interval; the JSON has none) or max_gap");
    monitor_source_free(&m);
}

CU_TestInfo monitor_kuma_tests[] = {
    {"api_real_status_page_heartbeats", api_real_status_page_heartbeats},
    {"api_statuses_and_errors", api_statuses_and_errors},
    {"api_needs_an_interval", api_needs_an_interval},
    {"api_file_over_16_mib_is_refused", api_file_over_16_mib_is_refused},
    {"heartbeats_stand_until_the_next_one",
     heartbeats_stand_until_the_next_one},
    {"monitors_chooses_by_name_or_id", monitors_chooses_by_name_or_id},
    {"two_monitors_of_one_name_keep_their_own_beats",
     two_monitors_of_one_name_keep_their_own_beats},
    {"never_writes_nor_locks_out_kuma", never_writes_nor_locks_out_kuma},
    {"irregular_beats_leave_no_unknown_time_until_max_gap",
     irregular_beats_leave_no_unknown_time_until_max_gap},
    {"max_gap_from_retry_interval_or_the_key",
     max_gap_from_retry_interval_or_the_key},
    {"beats_of_one_second_are_one_beat_down_winning",
     beats_of_one_second_are_one_beat_down_winning},
    {"interval_is_refused_for_the_database",
     interval_is_refused_for_the_database},
    {"real_heartbeats_of_a_public_kuma", real_heartbeats_of_a_public_kuma},
    {"bad_rows_are_named_by_heartbeat_id", bad_rows_are_named_by_heartbeat_id},
    {"a_file_that_is_not_a_kuma_db", a_file_that_is_not_a_kuma_db},
    CU_TEST_INFO_NULL,
};

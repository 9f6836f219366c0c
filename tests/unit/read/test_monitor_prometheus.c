/* Unit tests for format = prometheus reading its archive folder: the
 * query_range example of Prometheus's documentation (tests/data/prometheus/)
 * into down time, a missing step as unknown time, every *.json of the folder
 * read (other files skipped), bad responses named by JSON path, and a
 * response read only when its snapshot's params.txt holds the config's
 * query and step. */
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/res.h"
#include "lib/keys.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor_prometheus.h"
#include "read/monitor_tab.h"
#include "testfiles.h"
#include "testutil.h"

struct px {
    struct tf t;
    struct config *c;
    struct resmap *map;
    struct monitor_tab *tab; /* of the last read */
    struct sha_list inputs;
    struct monitor_stats st;
    struct err e;
};

/* A config whose source reads folder (absolute, or relative to the scratch
 * folder) with step and resource_label instance. */
static void px_init(struct px *p, const char *folder, const char *step,
                    const char *const *keys)
{
    char path[512], text[4096];
    struct err e;

    memset(p, 0, sizeof *p);
    tf_init(&p->t);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n"
             "[monitoring \"prom\"]\npath = %s\nformat = prometheus\n"
             "url = http://127.0.0.1:9090/\nquery = up\n"
             "resource_label = instance\nstep = %s\n",
             folder, step);
    tf_write(&p->t, "config.ini", text, path, sizeof path);
    p->c = config_load(path, &e);
    if (p->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->c);
    p->map = resmap_new();
    for (; *keys != NULL; keys++)
        resmap_add(p->map, *keys);
}

static int px_read(struct px *p, int64_t lo, int64_t hi)
{
    int rc;

    memset(&p->e, 0, sizeof p->e);
    monitor_tab_free(p->tab);
    p->tab = monitor_tab_new(p->map);
    rc = monitor_read(&p->c->sources[0], lo - 86400, hi + 86400, p->tab,
                      &p->inputs, &p->st, NULL, &p->e);
    resmap_finish(p->map);
    if (rc == 0)
        monitor_tab_finish(p->tab, NULL, lo, hi);
    return rc;
}

static const struct res *px_res(const struct px *p, const char *key)
{
    const struct res *r = resmap_get(p->map, key, strlen(key));

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

static void px_free(struct px *p)
{
    sha_list_free(&p->inputs);
    monitor_tab_free(p->tab);
    resmap_free(p->map);
    config_free(p->c);
    tf_cleanup(&p->t);
}

static void documentation_example(void)
{
    /* up{instance="localhost:9091"}: "0" at 1435781430.781 and .445.781,
     * "1" at 1435781460.781, step 15 s; times floored to the second: down
     * [1435781430, 1435781460). localhost:9090 is up throughout. */
    static const char *const keys[] = {"localhost:9090", "localhost:9091",
                                       NULL};
    char cwd[1024], folder[1200];
    struct px p;
    const struct res *r;

    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    snprintf(folder, sizeof folder, "%s/tests/data/prometheus", cwd);
    px_init(&p, folder, "15s", keys);
    CU_ASSERT_EQUAL_FATAL(px_read(&p, 1435781430, 1435781475), 0);
    r = px_res(&p, "localhost:9091");
    CU_ASSERT_EQUAL_FATAL(r->down.n, 1);
    CU_ASSERT_EQUAL(r->down.v[0].start, 1435781430);
    CU_ASSERT_EQUAL(r->down.v[0].end, 1435781460);
    CU_ASSERT_EQUAL(unknown_of(p.map, r)->n, 0);
    CU_ASSERT_EQUAL(px_res(&p, "localhost:9090")->down.n, 0);
    CU_ASSERT_EQUAL(p.st.files, 1); /* the .source.txt is not read */
    CU_ASSERT_EQUAL(p.st.rows, 6);
    CU_ASSERT_EQUAL(p.st.down, 2);
    px_free(&p);
}

#define SERIES(inst, values)                                                   \
    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","             \
    "\"result\":[{\"metric\":{\"instance\":\"" inst "\"},\"values\":[" values  \
    "]}]}}"

static void missing_steps_are_unknown_and_snapshots_overlap(void)
{
    /* Step 10: points at 100 ("1"), 110 ("0"), none at 120..140, 150
     * ("1"). A second snapshot repeats 110 and adds 160 ("0"). Over
     * [100, 170): down [110, 120) and [160, 170), unknown [120, 150). */
    static const char *const keys[] = {"web", NULL};
    struct px p;
    const struct res *r;

    px_init(&p, "arch", "10s", keys);
    tf_mkdir(&p.t, "arch");
    tf_write(&p.t, "arch/a-params.txt", "query=up\nstep=10\n", NULL, 0);
    tf_write(&p.t, "arch/b-params.txt", "url=x\nstep=10\nquery=up", NULL, 0);
    tf_write(&p.t, "arch/a-query_range-1.json",
             SERIES("web", "[100,\"1\"],[110,\"0\"],[150,\"1\"]"), NULL, 0);
    tf_write(&p.t, "arch/a-query_range-1.json.sha256", "x", NULL, 0);
    tf_write(&p.t, "arch/b-query_range-1.json",
             SERIES("web", "[110,\"0\"],[160.000,\"0\"]"), NULL, 0);
    CU_ASSERT_EQUAL_FATAL(px_read(&p, 100, 170), 0);
    r = px_res(&p, "web");
    CU_ASSERT_EQUAL_FATAL(r->down.n, 2);
    CU_ASSERT_EQUAL(r->down.v[0].start, 110);
    CU_ASSERT_EQUAL(r->down.v[0].end, 120);
    CU_ASSERT_EQUAL(r->down.v[1].start, 160);
    CU_ASSERT_EQUAL(r->down.v[1].end, 170);
    CU_ASSERT_EQUAL_FATAL(unknown_of(p.map, r)->n, 1);
    CU_ASSERT_EQUAL(unknown_of(p.map, r)->v[0].start, 120);
    CU_ASSERT_EQUAL(unknown_of(p.map, r)->v[0].end, 150);
    CU_ASSERT_EQUAL(p.st.files, 2);
    CU_ASSERT_EQUAL(p.inputs.n, 4); /* two responses, two params */
    px_free(&p);
}

static void bad_responses_are_named_by_json_path(void)
{
    static const char *const keys[] = {"web", NULL};
    static const struct {
        const char *body, *msg;
    } cases[] = {
        {SERIES("web", "[100,\"1\"],[110,\"NaN\"]"),
         "data.result[0].values[1][1]: want \"0\" or \"1\": \"NaN\""},
        {SERIES("web", "[\"100\",\"1\"]"),
         "data.result[0].values[0][0]: not a number: \"100\""},
        {"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
         "\"result\":[{\"metric\":{\"job\":\"x\"},\"values\":[]}]}}",
         "data.result[0].metric.instance: missing (resource_label): missing"},
        {"{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\"}",
         "status: not \"success\": \"error\""},
        {"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
         "\"result\":[]}}",
         "data.resultType: not \"matrix\": \"vector\""},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char file[512];
        struct px p;
        px_init(&p, "arch", "10s", keys);
        tf_mkdir(&p.t, "arch");
        tf_write(&p.t, "arch/r-params.txt", "query=up\nstep=10\n", NULL, 0);
        tf_write(&p.t, "arch/r.json", cases[i].body, file, sizeof file);
        CU_ASSERT_EQUAL(px_read(&p, 100, 200), -1);
        CU_ASSERT_EQUAL(p.e.rc, RC_DATA);
        ASSERT_STR(p.e.file, file);
        ASSERT_STR(p.e.msg, cases[i].msg);
        px_free(&p);
    }
}

static void a_snapshot_of_another_step_or_query_is_refused(void)
{
    /* The config has query up, step 10 s. The snapshot's params.txt says
     * step 9, 11, query "up " or nothing at all: refused before its
     * responses are read, naming the params file. Step 10 and query up: read.
     */
    static const char *const keys[] = {"web", NULL};
    static const struct {
        const char *params, *msg;
    } cases[] = {
        {"query=up\nstep=9\n",
         "step: the archive was fetched with step 9, [monitoring \"prom\"] "
         "has 10 s (fetch again, or restore the step)"},
        {"query=up\nstep=11\n",
         "step: the archive was fetched with step 11, [monitoring \"prom\"] "
         "has 10 s (fetch again, or restore the step)"},
        {"query=up \nstep=10\n",
         "query: the archive was fetched with another query than "
         "[monitoring \"prom\"] has (fetch again, or restore the query): up "},
        {"step=10\n",
         "query: the archive was fetched with another query than "
         "[monitoring \"prom\"] has (fetch again, or restore the query): "
         "missing"},
        {NULL,
         "missing: a query_range response is read only with the query and "
         "step it was fetched with (slacredit fetch writes them): No such "
         "file or directory"},
        {"query=up\nstep=10\nurl=http://elsewhere:9090\n", NULL},
    };
    size_t i;
    char *text;
    struct px p;

    /* What fetch writes (the url without its trailing slash). */
    px_init(&p, "arch", "10s", keys);
    text = monitor_prometheus_params(&p.c->sources[0]);
    ASSERT_STR(text, "query=up\nstep=10\nurl=http://127.0.0.1:9090\n");
    free(text);
    px_free(&p);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char file[512];
        px_init(&p, "arch", "10s", keys);
        tf_mkdir(&p.t, "arch");
        tf_path(&p.t, "arch/20261001T000500Z-params.txt", file, sizeof file);
        if (cases[i].params != NULL)
            tf_write(&p.t, "arch/20261001T000500Z-params.txt", cases[i].params,
                     NULL, 0);
        tf_write(&p.t, "arch/20261001T000500Z-query_range-2026-09-001.json",
                 SERIES("web", "[100,\"0\"]"), NULL, 0);
        if (cases[i].msg == NULL) {
            CU_ASSERT_EQUAL(px_read(&p, 100, 110), 0);
            CU_ASSERT_EQUAL(px_res(&p, "web")->down.n, 1);
        } else {
            CU_ASSERT_EQUAL(px_read(&p, 100, 110), -1);
            CU_ASSERT_EQUAL(p.e.rc, RC_DATA);
            ASSERT_STR(p.e.file, file);
            ASSERT_STR(p.e.msg, cases[i].msg);
        }
        px_free(&p);
    }
}

static void responses_read_one_series_at_a_time_or_whole(void)
{
    /* The same two series (web down at 100, db down at 110; step 10) in
     * Prometheus's own key order, pretty-printed, with "warnings" after
     * data (read a series at a time), and with data before status (read
     * whole): the same down time. */
    static const char *const keys[] = {"web", "db", NULL};
    static const char *const bodies[] = {
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
        "\"result\":[{\"metric\":{\"instance\":\"web\"},\"values\":"
        "[[100,\"0\"]]},{\"metric\":{\"instance\":\"db\"},\"values\":"
        "[[110,\"0\"]]}]}}",
        " {\n \"status\" : \"success\",\r\n \"data\" : {\n  \"resultType\" :"
        " \"matrix\",\n  \"result\" : [\n   {\"metric\":{\"instance\":\"web\"},"
        "\"values\":[[100,\"0\"]]} ,\n   {\"metric\":{\"instance\":\"db\"},"
        "\"values\":[[110,\"0\"]]}\n  ]\n },\n \"warnings\" : [\"w\"]\n}\n",
        "{\"data\":{\"result\":[{\"metric\":{\"instance\":\"web\"},\"values\":"
        "[[100,\"0\"]]},{\"metric\":{\"instance\":\"db\"},\"values\":"
        "[[110,\"0\"]]}],\"resultType\":\"matrix\"},\"status\":\"success\"}",
    };
    size_t i;

    for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct px p;
        px_init(&p, "arch", "10s", keys);
        tf_mkdir(&p.t, "arch");
        tf_write(&p.t, "arch/r-params.txt", "query=up\nstep=10\n", NULL, 0);
        tf_write(&p.t, "arch/r.json", bodies[i], NULL, 0);
        CU_ASSERT_EQUAL_FATAL(px_read(&p, 100, 120), 0);
        CU_ASSERT_EQUAL_FATAL(px_res(&p, "web")->down.n, 1);
        CU_ASSERT_EQUAL(px_res(&p, "web")->down.v[0].start, 100);
        CU_ASSERT_EQUAL(px_res(&p, "web")->down.v[0].end, 110);
        CU_ASSERT_EQUAL_FATAL(px_res(&p, "db")->down.n, 1);
        CU_ASSERT_EQUAL(px_res(&p, "db")->down.v[0].start, 110);
        CU_ASSERT_EQUAL(p.st.rows, 2);
        px_free(&p);
    }
}

static void broken_json_is_worded_as_when_read_whole(void)
{
    /* A syntax error in the second series (line 3), a key twice after the
     * result array, a trailing comma in it: the errors of a whole read. A
     * file over 64 MiB is refused before it is parsed. */
    static const char *const keys[] = {"web", NULL};
    static const struct {
        const char *body, *msg;
        long line;
    } cases[] = {
        {"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
         "\"result\":[\n{\"metric\":{\"instance\":\"web\"},\"values\":[]},\n"
         "{\"metric\":{\"instance\":\"web\"},\"values\":[[1,\"0\"]}]}}",
         "not JSON: format = prometheus reads the JSON of Prometheus's "
         "/api/v1/query_range: ']' expected near '}'",
         3},
        {"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
         "\"result\":[],\"result\":[]}}",
         "not JSON: format = prometheus reads the JSON of Prometheus's "
         "/api/v1/query_range: duplicate object key near '\"result\"'",
         1},
        {"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
         "\"result\":[{\"metric\":{\"instance\":\"web\"},\"values\":[]},]}}",
         "not JSON: format = prometheus reads the JSON of Prometheus's "
         "/api/v1/query_range: unexpected token near ']'",
         1},
    };
    size_t i;
    char file[512];
    struct px p;
    FILE *fp;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        px_init(&p, "arch", "10s", keys);
        tf_mkdir(&p.t, "arch");
        tf_write(&p.t, "arch/r-params.txt", "query=up\nstep=10\n", NULL, 0);
        tf_write(&p.t, "arch/r.json", cases[i].body, file, sizeof file);
        CU_ASSERT_EQUAL(px_read(&p, 100, 200), -1);
        CU_ASSERT_EQUAL(p.e.rc, RC_DATA);
        ASSERT_STR(p.e.file, file);
        CU_ASSERT_EQUAL(p.e.line, cases[i].line);
        ASSERT_STR(p.e.msg, cases[i].msg);
        px_free(&p);
    }
    px_init(&p, "arch", "10s", keys);
    tf_mkdir(&p.t, "arch");
    tf_write(&p.t, "arch/r-params.txt", "query=up\nstep=10\n", NULL, 0);
    tf_write(&p.t, "arch/r.json", "", file, sizeof file);
    fp = fopen(file, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(fseek(fp, (64L << 20), SEEK_SET), 0);
    CU_ASSERT_EQUAL(fputc(' ', fp), ' ');
    fclose(fp);
    CU_ASSERT_EQUAL(px_read(&p, 100, 200), -1);
    CU_ASSERT_EQUAL(p.e.rc, RC_DATA);
    ASSERT_STR(p.e.msg, "larger than 64 MiB: format = prometheus reads one "
                        "API response per file (save each page of the "
                        "listing in a file of its own)");
    px_free(&p);
}

static void an_empty_archive_says_fetch_first(void)
{
    static const char *const keys[] = {"web", NULL};
    struct px p;

    px_init(&p, "arch", "10s", keys);
    tf_mkdir(&p.t, "arch");
    CU_ASSERT_EQUAL(px_read(&p, 100, 200), -1);
    CU_ASSERT_EQUAL(p.e.rc, RC_NOINPUT);
    ASSERT_STR(p.e.msg, "no query_range response in the archive folder (run "
                        "slacredit fetch first)");
    px_free(&p);
}

static void config_needs_every_key(void)
{
    struct monsrc m;
    char msg[256];
    struct keys_env env = {"conf"};

    monitor_source_init(&m, "prom", 3);
    keys_set(monitor_find_key("path"), &m, "path", "arch", &env, msg,
             sizeof msg);
    keys_set(monitor_find_key("format"), &m, "format", "prometheus", &env, msg,
             sizeof msg);
    keys_set(monitor_find_key("query"), &m, "query", "probe_success", &env, msg,
             sizeof msg);
    CU_ASSERT_EQUAL(keys_set(monitor_find_key("url"), &m, "url", "ftp://x",
                             &env, msg, sizeof msg),
                    -1);
    ASSERT_STR(msg, "url: want an http:// or https:// URL: ftp://x");
    CU_ASSERT_EQUAL(keys_set(monitor_find_key("step"), &m, "step", "0s", &env,
                             msg, sizeof msg),
                    -1);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "format = prometheus needs url, query, resource_label "
                    "and step");
    keys_set(monitor_find_key("url"), &m, "url", "http://127.0.0.1:9090/", &env,
             msg, sizeof msg);
    ASSERT_STR(m.prom_url, "http://127.0.0.1:9090");
    keys_set(monitor_find_key("resource_label"), &m, "resource_label",
             "instance", &env, msg, sizeof msg);
    keys_set(monitor_find_key("step"), &m, "step", "1m", &env, msg, sizeof msg);
    CU_ASSERT_EQUAL(m.prom_step, 60);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), 0);
    monitor_source_free(&m);
}

CU_TestInfo monitor_prometheus_tests[] = {
    {"documentation_example", documentation_example},
    {"missing_steps_are_unknown_and_snapshots_overlap",
     missing_steps_are_unknown_and_snapshots_overlap},
    {"bad_responses_are_named_by_json_path",
     bad_responses_are_named_by_json_path},
    {"an_empty_archive_says_fetch_first", an_empty_archive_says_fetch_first},
    {"responses_read_one_series_at_a_time_or_whole",
     responses_read_one_series_at_a_time_or_whole},
    {"broken_json_is_worded_as_when_read_whole",
     broken_json_is_worded_as_when_read_whole},
    {"a_snapshot_of_another_step_or_query_is_refused",
     a_snapshot_of_another_step_or_query_is_refused},
    {"config_needs_every_key", config_needs_every_key},
    CU_TEST_INFO_NULL,
};

/* Unit tests for the hosted monitors' JSON formats (format = uptimerobot |
 * pingdom | statuscake): the services' own documentation examples in
 * tests/data/hosted/ (see their .source.txt) read into down and unknown time
 * worked out by hand from the files, the edge rules (paused and unknown
 * periods, open periods, milliseconds rounded), and bad input reported as
 * FILE: JSON path: what is wrong: value. */
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/res.h"
#include "lib/keys.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor_tab.h"
#include "testfiles.h"
#include "testutil.h"

#define DATA "tests/data/hosted/"

/* A scratch folder with config.ini whose one [monitoring] section is the
 * source under test, a map of the resources named, and what a read made. */
struct hx {
    struct tf t;
    struct config *c;
    struct resmap *map;
    struct monitor_tab *tab; /* of the last read */
    struct sha_list inputs;
    struct monitor_stats st;
    struct err e;
};

/* section: the [monitoring] section; "%D" in it is replaced by the absolute
 * path of tests/data/hosted. keys: resources of the map, NULL-ended. */
static void hx_init(struct hx *h, const char *section, const char *const *keys)
{
    char path[512], text[8192], cwd[1024], sec[4096];
    const char *at = strstr(section, "%D");
    struct err e;

    memset(h, 0, sizeof *h);
    tf_init(&h->t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    if (at != NULL)
        snprintf(sec, sizeof sec, "%.*s%s/" DATA "%s", (int)(at - section),
                 section, cwd, at + 2);
    else
        snprintf(sec, sizeof sec, "%s", section);
    snprintf(text, sizeof text,
             "[roster]\npath = subs.csv\n[policy \"p\"]\nkind = per_day\n%s",
             sec);
    tf_write(&h->t, "config.ini", text, path, sizeof path);
    h->c = config_load(path, &e);
    if (h->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->c);
    h->map = resmap_new();
    for (; *keys != NULL; keys++)
        resmap_add(h->map, *keys);
}

/* Reads the source over [from, to) and finishes the samples over [lo, hi). */
static int hx_read(struct hx *h, int64_t from, int64_t to, int64_t lo,
                   int64_t hi)
{
    int rc;

    memset(&h->e, 0, sizeof h->e);
    monitor_tab_free(h->tab);
    h->tab = monitor_tab_new(h->map);
    rc = monitor_read(&h->c->sources[0], from, to, h->tab, &h->inputs, &h->st,
                      NULL, &h->e);
    resmap_finish(h->map);
    if (rc == 0)
        monitor_tab_finish(h->tab, NULL, lo, hi);
    return rc;
}

static const struct res *hx_res(const struct hx *h, const char *key)
{
    const struct res *r = resmap_get(h->map, key, strlen(key));

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

static void hx_free(struct hx *h)
{
    sha_list_free(&h->inputs);
    monitor_tab_free(h->tab);
    resmap_free(h->map);
    config_free(h->c);
    tf_cleanup(&h->t);
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

#define FAR_BACK  ((int64_t)1000000000)
#define FAR_AHEAD ((int64_t)2000000000)

static void uptimerobot_documentation_example(void)
{
    /* "My Web Page" (777712827): started 1462465202 for 32 s (up), down
     * 1462465234 for 490140 s, up 1462955374 for 85 s, paused 1462955588
     * for 12 s, started 1462955600 for 22 s. Down: [1462465234,
     * 1462955374). Over [1462465202, 1462955622) nothing covers
     * [1462955459, 1462955588) (the export's own gap) nor the pause
     * [1462955588, 1462955600): unknown [1462955459, 1462955600).
     * Both "Google" monitors share their friendly_name; the map names
     * neither by it, so each is looked up by id: 777749807 is in the map
     * (up for its one log), 777749809 is skipped. */
    static const char *const keys[] = {"My Web Page", "777749807", NULL};
    const int64_t down[][2] = {{1462465234, 1462955374}};
    const int64_t unknown[][2] = {{1462955459, 1462955600}};
    struct hx h;

    hx_init(&h,
            "[monitoring \"ur\"]\npath = %Duptimerobot-v2-getMonitors-"
            "logs.json\nformat = uptimerobot\n",
            keys);
    CU_ASSERT_EQUAL_FATAL(
        hx_read(&h, FAR_BACK, FAR_AHEAD, 1462465202, 1462955622), 0);
    check_set(&hx_res(&h, "My Web Page")->down, down, 1);
    check_set(unknown_of(h.map, hx_res(&h, "My Web Page")), unknown, 1);
    CU_ASSERT_EQUAL(monitor_tab_rows(h.tab, hx_res(&h, "My Web Page")), 5);
    CU_ASSERT_EQUAL(hx_res(&h, "777749807")->down.n, 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(h.tab, hx_res(&h, "777749807")), 1);
    CU_ASSERT_EQUAL(h.st.files, 1);
    CU_ASSERT_EQUAL(h.st.rows, 7);
    CU_ASSERT_EQUAL(h.st.down, 1);
    CU_ASSERT_EQUAL(h.st.skipped, 1);
    CU_ASSERT_EQUAL(h.inputs.n, 1);
    hx_free(&h);
}

static void uptimerobot_friendly_name_wins_over_id(void)
{
    /* A map naming "Google": both monitors of that name feed it. */
    static const char *const keys[] = {"Google", "777749807", NULL};
    struct hx h;

    hx_init(&h,
            "[monitoring \"ur\"]\npath = %Duptimerobot-v2-getMonitors-"
            "logs.json\nformat = uptimerobot\n",
            keys);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, FAR_BACK, FAR_AHEAD, 0, 0), 0);
    CU_ASSERT_EQUAL(monitor_tab_rows(h.tab, hx_res(&h, "Google")), 2);
    CU_ASSERT_EQUAL(monitor_tab_rows(h.tab, hx_res(&h, "777749807")), 0);
    CU_ASSERT_EQUAL(h.st.skipped, 5); /* My Web Page's logs */
    hx_free(&h);
}

static void pingdom_documentation_example(void)
{
    /* 15 contiguous states from 1293143523 to 1294389243, 7 down: 60 + 57
     * + 60 + 120 + 184 + 536 + 420 = 1,437 s. The body names no check: the
     * resource is the file's name. */
    static const char *const keys[] = {"pingdom-summary-outage-example", NULL};
    const int64_t down[][2] = {
        {1294180263, 1294180323}, {1294223466, 1294223523},
        {1294228503, 1294228563}, {1294228623, 1294228743},
        {1294228803, 1294228987}, {1294229047, 1294229583},
        {1294229643, 1294230063},
    };
    struct hx h;
    const struct res *r;
    int64_t total = 0;
    size_t i;

    hx_init(&h,
            "[monitoring \"pd\"]\npath = %Dpingdom-summary-outage-"
            "example.json\nformat = pingdom\n",
            keys);
    CU_ASSERT_EQUAL_FATAL(
        hx_read(&h, FAR_BACK, FAR_AHEAD, 1293143523, 1294389243), 0);
    r = hx_res(&h, "pingdom-summary-outage-example");
    check_set(&r->down, down, 7);
    for (i = 0; i < r->down.n; i++)
        total += r->down.v[i].end - r->down.v[i].start;
    CU_ASSERT_EQUAL(total, 1437);
    /* contiguous: all of it known */
    CU_ASSERT_EQUAL(unknown_of(h.map, r)->n, 0);
    CU_ASSERT_EQUAL(h.st.rows, 15);
    CU_ASSERT_EQUAL(h.st.down, 7);
    hx_free(&h);
}

static void pingdom_unknown_state_is_unknown_time(void)
{
    /* up [1000, 2000), unknown [2000, 2600), down [2600, 2700). */
    static const char *const keys[] = {"api", NULL};
    const int64_t down[][2] = {{2600, 2700}};
    const int64_t unknown[][2] = {{2000, 2600}, {2700, 3000}};
    struct hx h;

    hx_init(&h, "[monitoring \"pd\"]\npath = p/*.json\nformat = pingdom\n",
            keys);
    tf_mkdir(&h.t, "p");
    tf_write(&h.t, "p/api.json",
             "{\"summary\":{\"states\":["
             "{\"status\":\"up\",\"timefrom\":1000,\"timeto\":2000},"
             "{\"status\":\"unknown\",\"timefrom\":2000,\"timeto\":2600},"
             "{\"status\":\"down\",\"timefrom\":2600,\"timeto\":2700}]}}",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, 0, 5000, 1000, 3000), 0);
    check_set(&hx_res(&h, "api")->down, down, 1);
    check_set(unknown_of(h.map, hx_res(&h, "api")), unknown, 2);
    hx_free(&h);
}

static void pages_of_one_check_share_its_resource(void)
{
    /* api.json, api~2.json and api~10.json are "api"; api~x.json and
     * ~3.json are resources of their own (skipped here). */
    static const char *const keys[] = {"api", NULL};
    const int64_t down[][2] = {{100, 110}, {200, 220}, {300, 330}};
    struct hx h;

    hx_init(&h, "[monitoring \"pd\"]\npath = p/*.json\nformat = pingdom\n",
            keys);
    tf_mkdir(&h.t, "p");
    tf_write(&h.t, "p/api.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":100,\"timeto\":110}]}}",
             NULL, 0);
    tf_write(&h.t, "p/api~2.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":200,\"timeto\":220}]}}",
             NULL, 0);
    tf_write(&h.t, "p/api~10.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":300,\"timeto\":330}]}}",
             NULL, 0);
    tf_write(&h.t, "p/api~x.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":400,\"timeto\":440}]}}",
             NULL, 0);
    tf_write(&h.t, "p/~3.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":500,\"timeto\":550}]}}",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, 0, 1000, 0, 1000), 0);
    check_set(&hx_res(&h, "api")->down, down, 3);
    CU_ASSERT_EQUAL(h.st.files, 5);
    CU_ASSERT_EQUAL(h.st.skipped, 2);
    hx_free(&h);
}

static void statuscake_documentation_example(void)
{
    /* down from 2013-02-25T14:42:41+00:00 (1361803361) to 14:45:50
     * (1361803550): 189 s, the 189000 ms of its duration. */
    static const char *const keys[] = {"statuscake-uptime-periods-doc-example",
                                       NULL};
    const int64_t down[][2] = {{1361803361, 1361803550}};
    struct hx h;

    hx_init(&h,
            "[monitoring \"sc\"]\npath = %Dstatuscake-uptime-periods-doc-"
            "example.json\nformat = statuscake\n",
            keys);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, FAR_BACK, FAR_AHEAD, 0, 0), 0);
    check_set(&hx_res(&h, "statuscake-uptime-periods-doc-example")->down, down,
              1);
    CU_ASSERT_EQUAL(h.st.rows, 1);
    hx_free(&h);
}

static void statuscake_ends_without_ended_at(void)
{
    /* Newest first, as the API lists them. 1970-01-01T00:10:00Z = 600.
     * A: down at 600 for 1499 ms -> [600, 601) (499 ms rounds down);
     * B: down at 700 for 1500 ms -> [700, 702) (500 ms rounds up);
     * C: up at 800 with ended_at 900 (duration ignored);
     * D: down at 1000, still open -> to the end of the time read, 1200. */
    static const char *const keys[] = {"web", NULL};
    const int64_t down[][2] = {{600, 601}, {700, 702}, {1000, 1200}};
    struct hx h;

    hx_init(&h, "[monitoring \"sc\"]\npath = s/*.json\nformat = statuscake\n",
            keys);
    tf_mkdir(&h.t, "s");
    tf_write(&h.t, "s/web.json",
             "{\"data\":["
             "{\"created_at\":\"1970-01-01T00:16:40Z\",\"status\":\"down\"},"
             "{\"created_at\":\"1970-01-01T00:13:20+00:00\",\"duration\":5,"
             "\"ended_at\":\"1970-01-01T00:15:00+00:00\",\"status\":\"up\"},"
             "{\"created_at\":\"1970-01-01T00:11:40Z\",\"duration\":1500,"
             "\"status\":\"down\"},"
             "{\"created_at\":\"1970-01-01T00:10:00Z\",\"duration\":1499,"
             "\"status\":\"down\"}],\"links\":{}}",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, 0, 1200, 0, 1200), 0);
    check_set(&hx_res(&h, "web")->down, down, 3);
    hx_free(&h);
}

/* The message a read of text as format fmt gives, with the scratch folder's
 * path replaced by "DIR". */
static void bad_case(const char *fmt, const char *text, const char *want_msg,
                     long want_line)
{
    static const char *const keys[] = {"x", NULL};
    char sec[256], file[512];
    struct hx h;

    snprintf(sec, sizeof sec,
             "[monitoring \"m\"]\npath = x.json\nformat = %s\n", fmt);
    hx_init(&h, sec, keys);
    tf_write(&h.t, "x.json", text, file, sizeof file);
    CU_ASSERT_EQUAL(hx_read(&h, 0, 10, 0, 10), -1);
    CU_ASSERT_EQUAL(h.e.rc, RC_DATA);
    ASSERT_STR(h.e.file, file);
    CU_ASSERT_EQUAL(h.e.line, want_line);
    ASSERT_STR(h.e.msg, want_msg);
    hx_free(&h);
}

static void bad_input_names_its_json_path(void)
{
    bad_case("uptimerobot",
             "{\"stat\":\"ok\",\"monitors\":[{\"id\":1,\"friendly_name\":\"x\","
             "\"logs\":[{\"type\":1,\"datetime\":5,\"duration\":1},"
             "{\"type\":2,\"datetime\":\"abc\",\"duration\":1}]}]}",
             "monitors[0].logs[1].datetime: not an integer: \"abc\"", 0);
    bad_case("uptimerobot",
             "{\"monitors\":[{\"id\":1,\"friendly_name\":\"x\","
             "\"logs\":[{\"type\":3,\"datetime\":5,\"duration\":1}]}]}",
             "monitors[0].logs[0].type: want 1, 2, 98 or 99: 3", 0);
    bad_case("uptimerobot",
             "{\"monitors\":[{\"id\":1,\"friendly_name\":\"x\","
             "\"logs\":[{\"type\":1,\"datetime\":5,\"duration\":-1}]}]}",
             "monitors[0].logs[0].duration: negative: -1", 0);
    bad_case("uptimerobot",
             "{\"monitors\":[{\"id\":1,\"friendly_name\":\"x\"}]}",
             "monitors[0].logs: missing: missing", 0);
    bad_case("uptimerobot",
             "{\"stat\":\"fail\",\"error\":{\"type\":\"invalid_parameter\"}}",
             "stat: not \"ok\" (an error answer): "
             "{\"type\":\"invalid_parameter\"}",
             0);
    bad_case("pingdom",
             "{\"summary\":{\"states\":[{\"status\":\"down\",\"timefrom\":9,"
             "\"timeto\":8}]}}",
             "summary.states[0].timeto: before timefrom: 8", 0);
    bad_case("pingdom",
             "{\"summary\":{\"states\":[{\"status\":\"DOWN\",\"timefrom\":9,"
             "\"timeto\":10}]}}",
             "summary.states[0].status: want up, down or unknown: \"DOWN\"", 0);
    bad_case("pingdom", "{\"error\":{\"statuscode\":403}}",
             "summary: missing: missing", 0);
    bad_case("statuscake",
             "{\"data\":[{\"created_at\":\"2026-09-01 10:00:00\","
             "\"status\":\"up\"}]}",
             "data[0].created_at: no UTC offset: \"2026-09-01 10:00:00\"", 0);
    bad_case("statuscake",
             "{\"data\":[{\"created_at\":\"1970-01-01T00:00:09Z\","
             "\"ended_at\":\"1970-01-01T00:00:08Z\",\"status\":\"up\"}]}",
             "data[0].ended_at: before created_at: \"1970-01-01T00:00:08Z\"",
             0);
    bad_case("statuscake", "[]", "(document): not an object: []", 0);
}

/* Epoch milliseconds given where the APIs write seconds: read as seconds
 * they lie tens of thousands of years ahead and the period would vanish
 * from every month. The last second of 9999 (253402300799) is read; one
 * second later is refused, as is the first before year 0000. */
static void epoch_milliseconds_are_refused(void)
{
    static const char *const keys[] = {"x", NULL};
    static const int64_t down[][2] = {
        {INT64_C(253402300798), INT64_C(253402300799)}};
    struct hx h;

    bad_case("uptimerobot",
             "{\"monitors\":[{\"id\":1,\"friendly_name\":\"x\","
             "\"logs\":[{\"type\":1,\"datetime\":1789020000000,"
             "\"duration\":60}]}]}",
             "monitors[0].logs[0].datetime: epoch seconds outside the years "
             "0000 to 9999 (milliseconds?): 1789020000000",
             0);
    bad_case("uptimerobot",
             "{\"monitors\":[{\"id\":1,\"friendly_name\":\"x\","
             "\"logs\":[{\"type\":1,\"datetime\":\"253402300800\","
             "\"duration\":0}]}]}",
             "monitors[0].logs[0].datetime: epoch seconds outside the years "
             "0000 to 9999 (milliseconds?): \"253402300800\"",
             0);
    bad_case("pingdom",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":-62167219201,\"timeto\":0}]}}",
             "summary.states[0].timefrom: epoch seconds outside the years "
             "0000 to 9999 (milliseconds?): -62167219201",
             0);
    bad_case("pingdom",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":1789020000,\"timeto\":1789020060000}]}}",
             "summary.states[0].timeto: epoch seconds outside the years "
             "0000 to 9999 (milliseconds?): 1789020060000",
             0);

    hx_init(&h, "[monitoring \"m\"]\npath = x.json\nformat = pingdom\n", keys);
    tf_write(&h.t, "x.json",
             "{\"summary\":{\"states\":[{\"status\":\"down\","
             "\"timefrom\":253402300798,\"timeto\":253402300799}]}}",
             NULL, 0);
    CU_ASSERT_EQUAL_FATAL(hx_read(&h, INT64_C(253402300000),
                                  INT64_C(253402300800), INT64_C(253402300000),
                                  INT64_C(253402300800)),
                          0);
    check_set(&hx_res(&h, "x")->down, down, 1);
    hx_free(&h);
}

static void csv_given_to_a_json_format_says_what_is_expected(void)
{
    bad_case("pingdom", "time,monitor,status\n2026-09-01T00:00:00Z,x,down\n",
             "not JSON: format = pingdom reads the JSON of Pingdom's "
             "summary.outage: '[' or '{' expected near 'time'",
             1);
    bad_case("uptimerobot", "{\"monitors\":[\n{\"id\":1,}]}",
             "not JSON: format = uptimerobot reads the JSON of UptimeRobot's "
             "getMonitors with logs = 1: string or '}' expected near '}'",
             2);
}

static void json_given_to_a_csv_format_says_it_is_json(void)
{
    /* Before: "malformed CSV" or a missing column, which does not say that
     * JSON is not read by CSV formats. */
    static const char *const keys[] = {"x", NULL};
    static const char *const formats[] = {
        "format = samples\ntime_column = t\nresource_column = m\n"
        "status_column = s\ndown_pattern = ^down$\ninterval = 60s\n",
        "format = windows\nresource_column = m\nstart_column = a\n"
        "end_column = b\n",
    };
    static const char *const names[] = {"samples", "windows"};
    size_t k;

    for (k = 0; k < 2; k++) {
        char sec[512], file[512], want[256];
        struct hx h;

        snprintf(sec, sizeof sec, "[monitoring \"m\"]\npath = x.csv\n%s",
                 formats[k]);
        hx_init(&h, sec, keys);
        tf_write(&h.t, "x.csv",
                 "\xEF\xBB\xBF\n  {\"summary\": {\"states\": []}}\n", file,
                 sizeof file);
        CU_ASSERT_EQUAL(hx_read(&h, 0, 10, 0, 10), -1);
        CU_ASSERT_EQUAL(h.e.rc, RC_DATA);
        ASSERT_STR(h.e.file, file);
        CU_ASSERT_EQUAL(h.e.line, 0);
        snprintf(want, sizeof want,
                 "JSON, not CSV: format = %s reads CSV; a hosted monitor's "
                 "JSON export needs format = uptimerobot, pingdom or "
                 "statuscake",
                 names[k]);
        ASSERT_STR(h.e.msg, want);
        hx_free(&h);
    }
}

static void config_refuses_csv_keys(void)
{
    static const struct {
        const char *extra, *want;
    } cases[] = {
        {"resource_column = m\n",
         "format = pingdom is JSON: column, header, status and time keys "
         "are for CSV formats"},
        {"time_zone = Europe/Berlin\n",
         "format = pingdom is JSON: column, header, status and time keys "
         "are for CSV formats"},
        {"interval = 60s\n", "format = pingdom: each period has its own "
                             "length; interval, confirm and quorum are for "
                             "samples"},
        {"confirm = 2\n", "format = pingdom: each period has its own "
                          "length; interval, confirm and quorum are for "
                          "samples"},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct monsrc m;
        char msg[256];
        struct keys_env env = {"conf"};
        const char *key = cases[k].extra;
        char name[32], value[64];

        monitor_source_init(&m, "pd", 3);
        CU_ASSERT_EQUAL(sscanf(key, "%31s = %63s", name, value), 2);
        CU_ASSERT_EQUAL(keys_set(monitor_find_key("path"), &m, "path", "p.json",
                                 &env, msg, sizeof msg),
                        0);
        CU_ASSERT_EQUAL(keys_set(monitor_find_key("format"), &m, "format",
                                 "pingdom", &env, msg, sizeof msg),
                        0);
        CU_ASSERT_EQUAL(keys_set(monitor_find_key(name), &m, name, value, &env,
                                 msg, sizeof msg),
                        0);
        CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
        ASSERT_STR(msg, cases[k].want);
        monitor_source_free(&m);
    }
    {
        /* No resource_column needed; unknown is allowed. */
        struct monsrc m;
        char msg[256];
        struct keys_env env = {"conf"};

        monitor_source_init(&m, "pd", 3);
        keys_set(monitor_find_key("path"), &m, "path", "p.json", &env, msg,
                 sizeof msg);
        keys_set(monitor_find_key("format"), &m, "format", "statuscake", &env,
                 msg, sizeof msg);
        CU_ASSERT_EQUAL(keys_set(monitor_find_key("unknown"), &m, "unknown",
                                 "down", &env, msg, sizeof msg),
                        0);
        CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), 0);
        CU_ASSERT_TRUE(m.fidelity);
        monitor_source_free(&m);
    }
}

CU_TestInfo monitor_hosted_tests[] = {
    {"uptimerobot_documentation_example", uptimerobot_documentation_example},
    {"uptimerobot_friendly_name_wins_over_id",
     uptimerobot_friendly_name_wins_over_id},
    {"pingdom_documentation_example", pingdom_documentation_example},
    {"pingdom_unknown_state_is_unknown_time",
     pingdom_unknown_state_is_unknown_time},
    {"pages_of_one_check_share_its_resource",
     pages_of_one_check_share_its_resource},
    {"statuscake_documentation_example", statuscake_documentation_example},
    {"statuscake_ends_without_ended_at", statuscake_ends_without_ended_at},
    {"bad_input_names_its_json_path", bad_input_names_its_json_path},
    {"epoch_milliseconds_are_refused", epoch_milliseconds_are_refused},
    {"csv_given_to_a_json_format_says_what_is_expected",
     csv_given_to_a_json_format_says_what_is_expected},
    {"json_given_to_a_csv_format_says_it_is_json",
     json_given_to_a_csv_format_says_it_is_json},
    {"config_refuses_csv_keys", config_refuses_csv_keys},
    CU_TEST_INFO_NULL,
};

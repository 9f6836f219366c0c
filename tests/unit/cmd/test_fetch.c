/* Unit tests for fetch: the retry delays (doubling, its ceiling, Retry-After
 * and its cap), the tuning variables read from the environment, and the
 * errors fetch_all gives before any network access. The transfers
 * themselves are tested end to end by tests/fetch/run.sh. */
#include "cmd/fetch.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/config.h"
#include "testfiles.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void fetch_retry_delay_doubles_caps_and_honours_retry_after(void)
{
    static const struct {
        long backoff_ms, max_retry_after_s;
        int k;
        long retry_after_s, want;
    } cases[] = {
        {1000, 120, 0, 0, 1000}, /* first retry: the backoff */
        {1000, 120, 1, 0, 2000}, /* doubles */
        {1000, 120, 3, 0, 8000},
        {1000, 120, 6, 0, 60000},     /* 64 s is past the 60 s ceiling */
        {1000, 120, 30, 0, 60000},    /* no overflow on many retries */
        {0, 120, 3, 0, 0},            /* tests turn the backoff off */
        {1000, 120, 0, 5, 5000},      /* Retry-After longer: it wins */
        {1000, 120, 3, 1, 8000},      /* Retry-After shorter: backoff */
        {1000, 120, 0, 3600, 120000}, /* Retry-After capped */
        {50, 0, 0, 30, 50},           /* cap 0: Retry-After ignored */
        {120000, 120, 0, 0, 60000},   /* a too long backoff is capped */
    };
    struct fetch_opts o;
    size_t i;

    for (i = 0; i < N(cases); i++) {
        long got;
        fetch_opts_init(&o);
        o.backoff_ms = cases[i].backoff_ms;
        o.max_retry_after_s = cases[i].max_retry_after_s;
        got = fetch_retry_delay_ms(&o, cases[i].k, cases[i].retry_after_s);
        if (got != cases[i].want)
            fprintf(stderr, "\n  case %zu: got %ld ms, want %ld ms\n", i, got,
                    cases[i].want);
        CU_ASSERT_EQUAL(got, cases[i].want);
    }
}

static void fetch_opts_init_sets_the_defaults(void)
{
    struct fetch_opts o;

    fetch_opts_init(&o);
    CU_ASSERT_EQUAL(o.connect_timeout_ms, 10000);
    CU_ASSERT_EQUAL(o.timeout_ms, 60000);
    CU_ASSERT_EQUAL(o.retries, 4);
    CU_ASSERT_EQUAL(o.backoff_ms, 1000);
    CU_ASSERT_EQUAL(o.max_retry_after_s, 120);
    CU_ASSERT_EQUAL(o.max_body, (uint64_t)32 << 20);
    CU_ASSERT_PTR_NULL(o.archive);
    CU_ASSERT_PTR_NULL(o.cacert);
    CU_ASSERT_PTR_NULL(o.log);
}

static const char *const env_vars[] = {
    "SLACREDIT_FETCH_TIMEOUT_MS",        "SLACREDIT_FETCH_CONNECT_TIMEOUT_MS",
    "SLACREDIT_FETCH_RETRIES",           "SLACREDIT_FETCH_BACKOFF_MS",
    "SLACREDIT_FETCH_MAX_RETRY_AFTER_S", "SLACREDIT_FETCH_MAX_BODY",
};

static void clear_env(void)
{
    size_t i;

    for (i = 0; i < N(env_vars); i++)
        unsetenv(env_vars[i]);
}

static void fetch_opts_from_env_reads_every_variable(void)
{
    struct err e = {"", 0, "", 0};
    struct fetch_opts o;

    clear_env();
    fetch_opts_init(&o);
    CU_ASSERT_EQUAL(fetch_opts_from_env(&o, &e), 0);
    CU_ASSERT_EQUAL(o.timeout_ms, 60000); /* unset: unchanged */
    setenv("SLACREDIT_FETCH_TIMEOUT_MS", "250", 1);
    setenv("SLACREDIT_FETCH_CONNECT_TIMEOUT_MS", "100", 1);
    setenv("SLACREDIT_FETCH_RETRIES", "0", 1);
    setenv("SLACREDIT_FETCH_BACKOFF_MS", "5", 1);
    setenv("SLACREDIT_FETCH_MAX_RETRY_AFTER_S", "2", 1);
    setenv("SLACREDIT_FETCH_MAX_BODY", "1000", 1);
    CU_ASSERT_EQUAL(fetch_opts_from_env(&o, &e), 0);
    CU_ASSERT_EQUAL(o.timeout_ms, 250);
    CU_ASSERT_EQUAL(o.connect_timeout_ms, 100);
    CU_ASSERT_EQUAL(o.retries, 0);
    CU_ASSERT_EQUAL(o.backoff_ms, 5);
    CU_ASSERT_EQUAL(o.max_retry_after_s, 2);
    CU_ASSERT_EQUAL(o.max_body, 1000);
    setenv("SLACREDIT_FETCH_TIMEOUT_MS", "", 1); /* empty: unchanged */
    CU_ASSERT_EQUAL(fetch_opts_from_env(&o, &e), 0);
    CU_ASSERT_EQUAL(o.timeout_ms, 250);
    clear_env();
}

static void fetch_opts_from_env_rejects_bad_values(void)
{
    static const struct {
        const char *var, *value, *why;
    } cases[] = {
        {"SLACREDIT_FETCH_TIMEOUT_MS", "abc", "not an integer"},
        {"SLACREDIT_FETCH_TIMEOUT_MS", "0", "too small"},
        {"SLACREDIT_FETCH_TIMEOUT_MS", " 5", "not an integer"},
        {"SLACREDIT_FETCH_RETRIES", "21", "too large"},
        {"SLACREDIT_FETCH_RETRIES", "-1", "too small"},
        {"SLACREDIT_FETCH_BACKOFF_MS", "1.5", "not an integer"},
        {"SLACREDIT_FETCH_MAX_BODY", "0", "too small"},
    };
    size_t i;

    for (i = 0; i < N(cases); i++) {
        struct err e = {"", 0, "", 0};
        struct fetch_opts o;
        char want[256];

        clear_env();
        fetch_opts_init(&o);
        setenv(cases[i].var, cases[i].value, 1);
        CU_ASSERT_EQUAL(fetch_opts_from_env(&o, &e), -1);
        CU_ASSERT_EQUAL(e.rc, RC_USAGE);
        snprintf(want, sizeof want, "%s: %s", cases[i].var, cases[i].why);
        if (strncmp(e.msg, want, strlen(want)) != 0)
            fprintf(stderr, "\n  got  \"%s\"\n  want \"%s...\"\n", e.msg, want);
        CU_ASSERT_EQUAL(strncmp(e.msg, want, strlen(want)), 0);
    }
    clear_env();
}

static struct config *load(struct tf *t, const char *text)
{
    struct err e = {"", 0, "", 0};
    char path[512];
    struct config *c;

    tf_writen(t, "config.ini", text, strlen(text), path, sizeof path);
    c = config_load(path, &e);
    if (c == NULL)
        fprintf(stderr, "\n  config: %s:%ld: %s\n", e.file, e.line, e.msg);
    return c;
}

static void fetch_all_needs_a_page_with_a_url(void)
{
    struct err e = {"", 0, "", 0};
    struct fetch_opts o;
    struct config *c;
    struct tf t;

    tf_init(&t);
    c = load(&t, "[roster]\npath = r.csv\n"
                 "[statuspage \"pub\"]\nincidents = a/*.json\n"
                 "[policy \"p\"]\nkind = tiers\nevidence = statuspage\n"
                 "tier = 99.9 10\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    fetch_opts_init(&o);
    CU_ASSERT_EQUAL(fetch_all(c, &o, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
    ASSERT_STR(e.msg, "no [statuspage] section has a url to fetch");
    config_free(c);
    tf_cleanup(&t);
}

static void fetch_all_rejects_an_unreadable_cacert_before_fetching(void)
{
    struct err e = {"", 0, "", 0};
    struct fetch_opts o;
    struct config *c;
    char missing[512];
    struct tf t;

    tf_init(&t);
    /* Port 1 would fail differently; the CA file is checked first. */
    c = load(&t, "[roster]\npath = r.csv\n"
                 "[statuspage \"pub\"]\nurl = https://127.0.0.1:1\n"
                 "[policy \"p\"]\nkind = tiers\nevidence = statuspage\n"
                 "tier = 99.9 10\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    fetch_opts_init(&o);
    o.cacert = tf_path(&t, "no-such-ca.pem", missing, sizeof missing);
    CU_ASSERT_EQUAL(fetch_all(c, &o, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    ASSERT_STR(e.file, missing);
    ASSERT_STR(e.msg, "cannot open: No such file or directory");
    config_free(c);
    tf_cleanup(&t);
}

CU_TestInfo fetch_tests[] = {
    {"fetch_retry_delay_doubles_caps_and_honours_retry_after",
     fetch_retry_delay_doubles_caps_and_honours_retry_after},
    {"fetch_opts_init_sets_the_defaults", fetch_opts_init_sets_the_defaults},
    {"fetch_opts_from_env_reads_every_variable",
     fetch_opts_from_env_reads_every_variable},
    {"fetch_opts_from_env_rejects_bad_values",
     fetch_opts_from_env_rejects_bad_values},
    {"fetch_all_needs_a_page_with_a_url", fetch_all_needs_a_page_with_a_url},
    {"fetch_all_rejects_an_unreadable_cacert_before_fetching",
     fetch_all_rejects_an_unreadable_cacert_before_fetching},
    CU_TEST_INFO_NULL,
};

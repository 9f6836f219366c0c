/* Unit tests for the fee history (fees_load, fees_window) and the config
 * rules of cap_fees: the errors the reader refuses with FILE:LINE, the
 * window of months with a missing month standing in for the roster's fee,
 * months the subscription was not active in, and contradictory settings.
 * Every figure is worked out by hand beside it. */
#include "read/fees.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "engine/subscription.h"
#include "read/config.h"
#include "read/roster.h"
#include "testfiles.h"
#include "testutil.h"

#define DAY   86400
#define SEP   ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define M_SEP (2026 * 12 + 8)        /* month index of 2026-09 */

/* A roster of s1 (EUR) and s2 (JPY), sorted by id as roster_load leaves
 * it. */
struct rfx {
    struct sub_class ks[2]; /* their classes */
    struct sub subs[2];
    uint32_t by_id[2];
    struct roster r;
};

static void rfx_init(struct rfx *f)
{
    memset(f, 0, sizeof *f);
    f->subs[0].cls = &f->ks[0];
    f->subs[1].cls = &f->ks[1];
    f->subs[0].id = (char *)(uintptr_t) "s1";
    memcpy(f->ks[0].currency, "EUR", 4);
    f->ks[0].exponent = 2;
    f->subs[0].fee = 600;
    f->subs[0].starts_at = SEP - 400 * DAY;
    f->subs[0].ends_at = INT64_MAX;
    f->subs[1].id = (char *)(uintptr_t) "s2";
    memcpy(f->ks[1].currency, "JPY", 4);
    f->ks[1].exponent = 0;
    f->subs[1].fee = 1000;
    f->subs[1].starts_at = SEP - 400 * DAY;
    f->subs[1].ends_at = INT64_MAX;
    f->by_id[0] = 0;
    f->by_id[1] = 1;
    f->r.subs = f->subs;
    f->r.n = 2;
    f->r.by_id = f->by_id;
}

static const struct {
    const char *text; /* the fees file */
    long line;        /* expected error line, 0: loads */
    const char *what; /* expected message, exactly */
} load_cases[] = {
    {"subscription_id,month,fee\n"
     "s1,2026-08,6.00\n"
     "s2,2026-09,1200\n"
     "s1,2026-09,0\n",
     0, ""},
    {"subscription_id,month,fee\n"
     "s1,2026-08,6.00\n"
     "s1,2026-09,6.00\n"
     "s1,2026-08,5.00\n",
     4, "subscription_id and month: duplicate (first on line 2): s1 2026-08"},
    {"subscription_id,month,fee\n"
     "s9,2026-08,6.00\n",
     2, "subscription_id: not in the roster: s9"},
    {"subscription_id,month,fee\n"
     "s1,2026-13,6.00\n",
     2, "month: want YYYY-MM: 2026-13"},
    {"subscription_id,month,fee\n"
     "s1,2026-9,6.00\n",
     2, "month: want YYYY-MM: 2026-9"},
    {"subscription_id,month,fee\n"
     "s1,2026-09-01,6.00\n",
     2, "month: want YYYY-MM: 2026-09-01"},
    {"subscription_id,month,fee\n"
     "s1,2026-09,-0.01\n",
     2, "fee: negative: -0.01"},
    {"subscription_id,month,fee\n"
     "s2,2026-09,12.5\n",
     2, "fee: more decimals than the currency has (JPY): 12.5"},
    {"subscription_id,month,fee\n"
     "s1,2026-09,\n",
     2, "fee: not a decimal amount (EUR): "},
    {"subscription_id,month\n", 1, "missing column in header: fee"},
    {"subscription_id,month,fee\n"
     "s1,2026-09\n",
     2, "want 3 fields like the header, got 2"},
};

static void fees_load_refuses_bad_files(void)
{
    struct rfx f;
    struct tf t;
    char path[600];
    size_t i;

    rfx_init(&f);
    for (i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
        struct err e;
        struct fees *x;
        int64_t fee = -1;
        tf_init(&t);
        tf_write(&t, "fees.csv", load_cases[i].text, path, sizeof path);
        memset(&e, 0, sizeof e);
        x = fees_load(path, &f.r, &e);
        if (load_cases[i].line == 0) {
            CU_ASSERT_PTR_NOT_NULL(x);
            CU_ASSERT(x != NULL && fees_of(x, "s2", M_SEP, &fee) &&
                      fee == 1200);
            CU_ASSERT(x != NULL && fees_of(x, "s1", M_SEP, &fee) && fee == 0);
            CU_ASSERT(x != NULL && fees_of(x, "s1", M_SEP - 1, &fee) &&
                      fee == 600);
            CU_ASSERT(x != NULL && !fees_of(x, "s2", M_SEP - 1, &fee));
            CU_ASSERT(x != NULL && !fees_of(x, "s1", M_SEP + 1, &fee));
        } else {
            CU_ASSERT_PTR_NULL(x);
            CU_ASSERT_EQUAL(e.rc, RC_DATA);
            CU_ASSERT_EQUAL(e.line, load_cases[i].line);
            ASSERT_STR(e.file, path);
            ASSERT_STR(e.msg, load_cases[i].what);
        }
        fees_free(x);
        tf_cleanup(&t);
    }
}

/* Months: index, first instant, text; 2026-01 back to 2025-12. */
static void fees_months(void)
{
    char text[32];

    CU_ASSERT_EQUAL(fees_month_of(SEP), M_SEP);
    CU_ASSERT_EQUAL(fees_month_of(SEP - 1), M_SEP - 1);
    CU_ASSERT_EQUAL(fees_month_start(M_SEP), SEP);
    /* 2026-01-01 is 20454 days after 1970-01-01; 2025-12 began 31 days
     * earlier. */
    CU_ASSERT_EQUAL(fees_month_start(2026 * 12), (int64_t)20454 * DAY);
    CU_ASSERT_EQUAL(fees_month_start(2026 * 12 - 1), (int64_t)20423 * DAY);
    fees_month_text(2026 * 12 - 1, text, sizeof text);
    ASSERT_STR(text, "2025-12");
}

/* A history of s1 with 5.00 for 2026-09 and 2026-07 only. Over 3 months
 * (2026-07 to 2026-09): 500 + 600 (2026-08 missing: the roster's fee) +
 * 500 = 1,600, one missing, first 2026-08. */
static void fees_window_fills_missing_months(void)
{
    struct rfx f;
    struct tf t;
    struct err e;
    struct fees *x;
    struct fees_window w;
    char path[600];

    rfx_init(&f);
    tf_init(&t);
    tf_write(&t, "fees.csv",
             "subscription_id,month,fee\ns1,2026-09,5.00\ns1,2026-07,5.00\n",
             path, sizeof path);
    memset(&e, 0, sizeof e);
    x = fees_load(path, &f.r, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(fees_window(x, &f.subs[0], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 1600);
    CU_ASSERT_EQUAL(w.months, 3);
    CU_ASSERT_EQUAL(w.billed, 2);
    CU_ASSERT_EQUAL(w.missing, 1);
    CU_ASSERT_EQUAL(w.first_missing, M_SEP - 1);
    /* s2 has no row: 3 × 1000 = 3,000, all missing. */
    CU_ASSERT_EQUAL(fees_window(x, &f.subs[1], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 3000);
    CU_ASSERT_EQUAL(w.missing, 3);
    CU_ASSERT_EQUAL(w.first_missing, M_SEP - 2);
    fees_free(x);
    tf_cleanup(&t);
}

/* Months the subscription was not active in are not billed: no fee and no
 * warning. Over 3 months to 2026-09 without a history, s1 starting at
 * 2026-09-01T00:00:00Z counts 2026-09 only (600); one second earlier it
 * was active in the last second of 2026-08 too (1,200); ending at
 * 2026-08-01T00:00:00Z it was active in 2026-07 only (600), one second
 * later in 2026-08 too (1,200). */
static void fees_window_inactive_months_count_nothing(void)
{
    struct rfx f;
    struct fees_window w;
    const int64_t aug = fees_month_start(M_SEP - 1);

    rfx_init(&f);
    f.subs[0].starts_at = SEP;
    CU_ASSERT_EQUAL(fees_window(NULL, &f.subs[0], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 600);
    CU_ASSERT_EQUAL(w.missing, 1);
    f.subs[0].starts_at = SEP - 1;
    CU_ASSERT_EQUAL(fees_window(NULL, &f.subs[0], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 1200);
    f.subs[0].starts_at = SEP - 400 * DAY;
    f.subs[0].ends_at = aug;
    CU_ASSERT_EQUAL(fees_window(NULL, &f.subs[0], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 600);
    f.subs[0].ends_at = aug + 1;
    CU_ASSERT_EQUAL(fees_window(NULL, &f.subs[0], M_SEP, 3, &w), 0);
    CU_ASSERT_EQUAL(w.total, 1200);
}

/* Lines 1-5 of each case; the policy section is on line 4. */
#define BASE "[roster]\npath = subs.csv\n\n[policy \"p\"]\nkind = per_day\n"

static void config_refuses_contradictory_cap_fees(void)
{
    static const struct {
        const char *ini;
        long line;
        const char *msg;
    } cases[] = {
        {BASE "cap_fees = 12\n", 4,
         "[policy \"p\"]: cap_fees needs a [fees] section with the fee "
         "history"},
        {BASE "cap_fees_percent = 50\n[fees]\npath = fees.csv\n", 4,
         "[policy \"p\"]: cap_fees_percent needs cap_fees (the months whose "
         "fees it is a share of)"},
        {BASE "cap_fees = 12\nremedy = plan_extension\n[fees]\npath = f\n", 4,
         "[policy \"p\"]: cap_fees caps money credits, and remedy = "
         "plan_extension gives none"},
        {BASE "cap_fees = 0\n", 6, "cap_fees: too small: 0"},
        {BASE "cap_fees = 121\n", 6, "cap_fees: too large: 121"},
        {BASE "[fees]\n", 6, "[fees]: path is required"},
        {BASE "[fees]\npath = a\n[fees]\n", 8, "duplicate section: [fees]"},
        {BASE "per_incident = never\n", 6,
         "per_incident: want one of each_month, once: never"},
    };
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e;
        struct config *cfg;
        memset(&e, 0, sizeof e);
        tf_write(&t, "config.ini", cases[k].ini, path, sizeof path);
        cfg = config_load(path, &e);
        CU_ASSERT_PTR_NULL(cfg);
        config_free(cfg);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        CU_ASSERT_EQUAL(e.line, cases[k].line);
        ASSERT_STR(e.msg, cases[k].msg);
    }
    tf_cleanup(&t);
}

/* 1 and 120 months are accepted, with the default 100 %; per_incident
 * each_month and once. */
static void config_reads_cap_fees(void)
{
    static const char *const inis[] = {
        BASE "cap_fees = 1\nper_incident = each_month\n[fees]\npath = "
             "fees.csv\n",
        BASE "cap_fees = 120\ncap_fees_percent = 12.5\nper_incident = once\n"
             "[fees]\npath = f.csv\n",
    };
    static const int64_t months[] = {1, 120}, pct[] = {1000000, 125000};
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < 2; k++) {
        struct err e;
        struct config *cfg;
        memset(&e, 0, sizeof e);
        tf_write(&t, "config.ini", inis[k], path, sizeof path);
        cfg = config_load(path, &e);
        CU_ASSERT_PTR_NOT_NULL(cfg);
        if (cfg != NULL) {
            CU_ASSERT_EQUAL(cfg->policies[0].cap_fees, months[k]);
            CU_ASSERT_EQUAL(cfg->policies[0].cap_fees_percent, pct[k]);
            CU_ASSERT_PTR_NOT_NULL(cfg->fees_path);
            CU_ASSERT_EQUAL(cfg->policies[0].per_incident_once, k == 1);
        }
        config_free(cfg);
    }
    tf_cleanup(&t);
}

CU_TestInfo fees_tests[] = {
    {"fees_load_refuses_bad_files", fees_load_refuses_bad_files},
    {"fees_months", fees_months},
    {"fees_window_fills_missing_months", fees_window_fills_missing_months},
    {"fees_window_inactive_months_count_nothing",
     fees_window_inactive_months_count_nothing},
    {"config_refuses_contradictory_cap_fees",
     config_refuses_contradictory_cap_fees},
    {"config_reads_cap_fees", config_reads_cap_fees},
    CU_TEST_INFO_NULL,
};

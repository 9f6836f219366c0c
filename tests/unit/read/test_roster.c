/* Unit tests for roster: a roster read into subscriptions (columns in any
 * order, extra columns, quoting, fees in each currency's minor units,
 * instants with offsets, resource lists), and every row error reported with
 * RC_DATA at the roster's FILE:LINE: duplicate ids, unknown policies, fees
 * with too many decimals, unknown currencies, bad timestamps, one_time rows
 * without an end, ends before starts, and the rest. */
#include "read/roster.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/res.h"
#include "lib/tz.h"
#include "read/config.h"
#include "testfiles.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* The key of resource index i of roster r. */
#define KEY(r, i) (resmap_at((r)->map, (i))->key)

#define CONFIG                                                                 \
    "[roster]\npath = subs.csv\n\n[policy \"p\"]\nkind = per_day\n\n"          \
    "[policy \"q\"]\nkind = per_day\n"

#define HEADER                                                                 \
    "subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,"    \
    "payment_method,starts_at,ends_at,resources\n"

/* A valid row with id ID. */
#define ROW(id)                                                                \
    id ",c1,basic,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,web-1\n"

#define JAN1 1767225600 /* 2026-01-01T00:00:00Z: day 20454 */
#define SEP1 1788220800 /* 2026-09-01T00:00:00Z: day 20697 */
#define OCT1 1790812800 /* 2026-10-01T00:00:00Z: SEP1 + 30 days */

/* A scratch folder with config.ini loaded; rosters go to subs.csv. */
struct fx {
    struct tf t;
    struct config *c;
    char roster[512];
};

/* As fx_init(), with config text cfg. */
static void fx_init_with(struct fx *f, const char *cfg)
{
    struct err e;
    char path[512];

    tf_init(&f->t);
    tf_write(&f->t, "config.ini", cfg, path, sizeof path);
    f->c = config_load(path, &e);
    if (f->c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->c);
    tf_path(&f->t, "subs.csv", f->roster, sizeof f->roster);
}

static void fx_init(struct fx *f)
{
    fx_init_with(f, CONFIG);
}

static void fx_free(struct fx *f)
{
    config_free(f->c);
    tf_cleanup(&f->t);
}

/* Writes text as the roster and loads it. */
static struct roster *fx_load(struct fx *f, const char *text, struct err *e)
{
    tf_write(&f->t, "subs.csv", text, NULL, 0);
    memset(e, 0, sizeof *e);
    return roster_load(f->roster, f->c, e);
}

struct bad_case {
    const char *csv;
    long line;
    const char *msg; /* exactly; "%s" stands for the config path */
};

/* Each case of c, read against config text cfg, fails as it says. */
static void check_bad_with(const char *cfg, const struct bad_case *c, size_t n)
{
    struct fx f;
    size_t k;
    char want[700];

    fx_init_with(&f, cfg);
    for (k = 0; k < n; k++) {
        struct err e;
        struct roster *r = fx_load(&f, c[k].csv, &e);

        if (strstr(c[k].msg, "%s") != NULL) {
            const char *at = strstr(c[k].msg, "%s");
            snprintf(want, sizeof want, "%.*s%s%s", (int)(at - c[k].msg),
                     c[k].msg, f.c->path, at + 2);
        } else {
            snprintf(want, sizeof want, "%s", c[k].msg);
        }
        if (r != NULL || e.line != c[k].line || strcmp(e.msg, want) != 0)
            fprintf(stderr, "\n  case %zu: line %ld: %s\n", k, e.line, e.msg);
        CU_ASSERT_PTR_NULL(r);
        roster_free(r);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        ASSERT_STR(e.file, f.roster);
        CU_ASSERT_EQUAL(e.line, c[k].line);
        ASSERT_STR(e.msg, want);
    }
    fx_free(&f);
}

static void check_bad(const struct bad_case *c, size_t n)
{
    check_bad_with(CONFIG, c, n);
}

static void roster_rejects_duplicate_ids(void)
{
    static const struct bad_case cases[] = {
        {HEADER ROW("s1") ROW("s2") ROW("s1"), 4,
         "subscription_id: duplicate (first on line 2): s1"},
        /* Line numbers count blank lines and quoted newlines. */
        {HEADER
         "\n" ROW("s1") "s2,c1,\"two\nlines\",p,6.00,EUR,subscription,card,"
                        "2026-01-01T00:00:00Z,,web-1\n" ROW("s2"),
         6, "subscription_id: duplicate (first on line 4): s2"},
        /* Ids are compared exactly, case included; libcsv trims blanks
         * around unquoted fields, so " s1" is s1 again, while a quoted
         * "s1 " keeps its blank. */
        {HEADER ROW("s1") ROW("S1") ROW("\"s1 \"") ROW(" s1"), 5,
         "subscription_id: duplicate (first on line 2): s1"},
    };

    check_bad(cases, N(cases));
}

static void roster_rejects_unknown_policies(void)
{
    static const struct bad_case cases[] = {
        {HEADER ROW("s1") "s2,c1,basic,nope,6.00,EUR,subscription,card,2026-01-"
                          "01T00:00:00Z,,"
                          "web-1\n",
         3, "policy: no [policy \"nope\"] in %s: nope"},
        {HEADER
         "s1,c1,basic,P,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"
         "web-1\n",
         2, "policy: no [policy \"P\"] in %s: P"},
        {HEADER "s1,c1,basic,,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"
                "web-1\n",
         2, "policy: no [policy \"\"] in %s: "},
    };

    check_bad(cases, N(cases));
}

static void roster_rejects_fees_the_currency_cannot_hold(void)
{
    static const struct bad_case cases[] = {
        {HEADER "s1,c1,basic,p,6.001,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2,
         "monthly_fee: more decimals than the currency has (EUR has 2 "
         "decimals): 6.001"},
        {HEADER "s1,c1,basic,p,600.5,JPY,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2,
         "monthly_fee: more decimals than the currency has (JPY has 0 "
         "decimals): 600.5"},
        {HEADER "s1,c1,basic,p,1.2345,KWD,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2,
         "monthly_fee: more decimals than the currency has (KWD has 3 "
         "decimals): 1.2345"},
        {HEADER "s1,c1,basic,p,\"6,00\",EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "monthly_fee: not a decimal amount (EUR has 2 decimals): 6,00"},
        {HEADER "s1,c1,basic,p,,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "monthly_fee: not a decimal amount (EUR has 2 decimals): "},
        {HEADER "s1,c1,basic,p,-6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "monthly_fee: negative (EUR has 2 decimals): -6.00"},
    };

    check_bad(cases, N(cases));
}

static void roster_rejects_unknown_currencies(void)
{
    static const struct bad_case cases[] = {
        {HEADER "s1,c1,basic,p,6.00,EUX,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "currency: not an ISO 4217 code: EUX"},
        {HEADER "s1,c1,basic,p,6.00,eur,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "currency: not an ISO 4217 code: eur"},
        {HEADER "s1,c1,basic,p,6.00,EURO,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "currency: not an ISO 4217 code: EURO"},
        {HEADER "s1,c1,basic,p,6.00,,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "currency: not an ISO 4217 code: "},
    };

    check_bad(cases, N(cases));
}

static void roster_rejects_bad_timestamps(void)
{
    /* The reason comes from when_parse_iso(); the message names the column
     * first and the offending value last. */
    static const struct {
        const char *starts, *ends;
        const char *column, *value;
    } cases[] = {
        {"2026-13-01T00:00:00Z", "", "starts_at", "2026-13-01T00:00:00Z"},
        {"2026-02-30T00:00:00Z", "", "starts_at", "2026-02-30T00:00:00Z"},
        {"2026-01-01", "", "starts_at", "2026-01-01"},
        {"01/01/2026", "", "starts_at", "01/01/2026"},
        /* No offset and no zone to read it in. */
        {"2026-01-01T00:00:00", "", "starts_at", "2026-01-01T00:00:00"},
        {"", "", "starts_at", ""},
        {"2026-01-01T00:00:00Z", "2026-10-01T25:00:00Z", "ends_at",
         "2026-10-01T25:00:00Z"},
        {"2026-01-01T00:00:00Z", "soon", "ends_at", "soon"},
    };
    struct fx f;
    size_t k;
    char csv[512], head[64], tail[64];

    fx_init(&f);
    for (k = 0; k < N(cases); k++) {
        struct err e;
        struct roster *r;
        size_t hl, tl, ml;

        snprintf(csv, sizeof csv,
                 HEADER ROW("s0") "s1,c1,basic,p,6.00,EUR,subscription,card,"
                                  "%s,%s,web-1\n",
                 cases[k].starts, cases[k].ends);
        r = fx_load(&f, csv, &e);
        CU_ASSERT_PTR_NULL(r);
        roster_free(r);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        ASSERT_STR(e.file, f.roster);
        CU_ASSERT_EQUAL(e.line, 3);
        snprintf(head, sizeof head, "%s: ", cases[k].column);
        snprintf(tail, sizeof tail, ": %s", cases[k].value);
        hl = strlen(head);
        tl = strlen(tail);
        ml = strlen(e.msg);
        if (ml <= hl + tl || strncmp(e.msg, head, hl) != 0 ||
            strcmp(e.msg + ml - tl, tail) != 0)
            fprintf(stderr, "\n  case %zu: %s\n", k, e.msg);
        CU_ASSERT_TRUE(ml > hl + tl && strncmp(e.msg, head, hl) == 0 &&
                       strcmp(e.msg + ml - tl, tail) == 0);
    }
    fx_free(&f);
}

static void roster_rejects_bad_subscription_windows(void)
{
    static const struct bad_case cases[] = {
        {HEADER "s1,c1,basic,p,6.00,EUR,one_time,card,2026-01-01T00:00:00Z,,"
                "web-1\n",
         2, "ends_at: required for one_time billing (the plan's expiry)"},
        {HEADER "s1,c1,basic,p,6.00,EUR,one_time,card,2026-01-01T00:00:00Z,"
                "2025-12-31T23:59:59Z,web-1\n",
         2,
         "ends_at: before starts_at 2026-01-01T00:00:00Z: "
         "2025-12-31T23:59:59Z"},
        /* Offsets count: 00:30+01:00 is 23:30Z the day before. */
        {HEADER "s1,c1,basic,p,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,2026-01-01T00:30:00+01:00,web-1\n",
         2,
         "ends_at: before starts_at 2026-01-01T00:00:00Z: "
         "2026-01-01T00:30:00+01:00"},
    };

    check_bad(cases, N(cases));
}

static void roster_rejects_other_bad_rows(void)
{
    static const struct bad_case cases[] = {
        {HEADER "s1,c1,basic,p,6.00,EUR,monthly,card,2026-01-01T00:00:00Z,,"
                "web-1\n",
         2, "billing: want subscription or one_time: monthly"},
        {HEADER "s1,c1,basic,p,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,web-1\n",
         2, "want 11 fields like the header, got 10"},
        {HEADER ",c1,basic,p,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "subscription_id: empty"},
        {HEADER "s1,,basic,p,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2, "customer_id: empty"},
        {HEADER "s1,c1,basic,p,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1;;db\n",
         2, "resources: empty key in list: web-1;;db"},
        {"subscription_id,customer_id,plan,policy,monthly_fee,billing,"
         "payment_method,starts_at,ends_at,resources\n",
         1, "missing column in header: currency"},
        /* CRLF and a BOM change nothing. */
        {"\xEF\xBB\xBF"
         "subscription_id,customer_id,plan,policy,monthly_fee,"
         "currency,billing,payment_method,starts_at,ends_at,resources\r\n"
         "s1,c1,basic,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"
         "web-1\r\n"
         "s2,c1,basic,p,6.00,XTS1,subscription,card,2026-01-01T00:00:00Z,,"
         "web-1\r\n",
         3, "currency: not an ISO 4217 code: XTS1"},
        {"", 1, "empty roster: no header row"},
    };

    check_bad(cases, N(cases));
}

static void roster_reads_rows_into_subscriptions(void)
{
    /* Columns in another order, an extra column, the billing account columns,
     * quoting, three currencies, an offset, resources with blanks around them.
     */
    static const char csv[] =
        "customer_id,subscription_id,notes,plan,policy,currency,monthly_fee,"
        "billing,payment_method,starts_at,ends_at,resources,stripe_customer,"
        "lago_wallet_id,killbill_account,chargebee_customer\n"
        "c1,s1,,basic,p,EUR,6.00,subscription,card,2026-01-01T00:00:00Z,,"
        "web-1,,,,\n"
        "c2,s2,\"a note, with a comma\",\"pro, annual\",q,JPY,1200,one_time,"
        "paypal,2026-09-01T00:00:00+02:00,2026-10-01T00:00:00Z,"
        "\" web-1 ; public:API ;db\",cus_123,w-2,"
        "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a02,cb-2\n"
        "\n"
        "c3,s3,,x,p,KWD,1.250,subscription,bank_transfer,"
        "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,a,,,,\n";
    struct fx f;
    struct err e;
    struct roster *r;
    const struct sub *s;

    fx_init(&f);
    r = fx_load(&f, csv, &e);
    if (r == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    ASSERT_STR(r->path, f.roster);
    CU_ASSERT_EQUAL_FATAL(r->n, 3);

    s = &r->subs[0];
    ASSERT_STR(s->id, "s1");
    ASSERT_STR(s->customer, "c1");
    ASSERT_STR(sub_plan(s), "basic");
    CU_ASSERT_PTR_EQUAL(sub_policy(s), config_policy(f.c, "p"));
    CU_ASSERT_EQUAL(s->fee, 600);
    ASSERT_STR(sub_currency(s), "EUR");
    CU_ASSERT_EQUAL(sub_exponent(s), 2);
    CU_ASSERT_EQUAL(sub_billing(s), BILLING_SUBSCRIPTION);
    ASSERT_STR(sub_payment_method(s), "card");
    CU_ASSERT_EQUAL(s->starts_at, JAN1);
    CU_ASSERT_EQUAL(s->ends_at, INT64_MAX);
    CU_ASSERT_FALSE(s->has_end);
    CU_ASSERT_EQUAL_FATAL(s->nresources, 1);
    ASSERT_STR(KEY(r, s->resources[0]), "web-1");
    CU_ASSERT_PTR_NULL(sub_stripe_customer(s));
    CU_ASSERT_PTR_NULL(sub_killbill_account(s));
    CU_ASSERT_PTR_NULL(sub_chargebee_customer(s));
    CU_ASSERT_PTR_NULL(sub_lago_wallet(s));
    CU_ASSERT_EQUAL(s->line, 2);

    s = &r->subs[1];
    ASSERT_STR(s->id, "s2");
    ASSERT_STR(sub_plan(s), "pro, annual");
    CU_ASSERT_PTR_EQUAL(sub_policy(s), config_policy(f.c, "q"));
    CU_ASSERT_EQUAL(s->fee, 1200);
    ASSERT_STR(sub_currency(s), "JPY");
    CU_ASSERT_EQUAL(sub_exponent(s), 0);
    CU_ASSERT_EQUAL(sub_billing(s), BILLING_ONE_TIME);
    ASSERT_STR(sub_payment_method(s), "paypal");
    /* 2026-09-01T00:00:00+02:00 is 2026-08-31T22:00:00Z. */
    CU_ASSERT_EQUAL(s->starts_at, SEP1 - 7200);
    CU_ASSERT_EQUAL(s->ends_at, OCT1);
    CU_ASSERT_TRUE(s->has_end);
    CU_ASSERT_EQUAL_FATAL(s->nresources, 3);
    ASSERT_STR(KEY(r, s->resources[0]), "web-1");
    ASSERT_STR(KEY(r, s->resources[1]), "public:API");
    ASSERT_STR(KEY(r, s->resources[2]), "db");
    ASSERT_STR(sub_stripe_customer(s), "cus_123");
    ASSERT_STR(sub_killbill_account(s), "9b1e4f2a-3c5d-4e6f-8a7b-1c2d3e4f5a02");
    ASSERT_STR(sub_chargebee_customer(s), "cb-2");
    ASSERT_STR(sub_lago_wallet(s), "w-2");
    CU_ASSERT_EQUAL(s->line, 3);

    s = &r->subs[2];
    ASSERT_STR(s->id, "s3");
    CU_ASSERT_EQUAL(s->fee, 1250);
    ASSERT_STR(sub_currency(s), "KWD");
    CU_ASSERT_EQUAL(sub_exponent(s), 3);
    /* An end equal to the start is allowed (an empty subscription). */
    CU_ASSERT_EQUAL(s->starts_at, JAN1);
    CU_ASSERT_EQUAL(s->ends_at, JAN1);
    CU_ASSERT_TRUE(s->has_end);
    CU_ASSERT_EQUAL(s->line, 5);

    roster_free(r);
    fx_free(&f);
}

/* Policies for the time_zone column: "local" has service hours and no
 * zone, so its rows must give one; "london" has its own; "both" is a
 * composite with "local" as a member. */
#define ZCONFIG                                                                \
    "[roster]\npath = subs.csv\n\n"                                            \
    "[policy \"local\"]\nkind = tiers\ntier = 99.9 10\n"                       \
    "service_hours = Mon-Fri 08:00-18:00\n\n"                                  \
    "[policy \"london\"]\nkind = tiers\ntier = 99.9 10\n"                      \
    "service_hours = Mon-Fri 08:00-18:00\nservice_time_zone = Europe/London\n" \
    "\n[policy \"plain\"]\nkind = per_day\n\n"                                 \
    "[policy \"both\"]\neither = plain, local\n"

#define ZHEADER                                                                \
    "subscription_id,customer_id,plan,policy,monthly_fee,currency,billing,"    \
    "payment_method,starts_at,ends_at,resources,time_zone\n"

/* A row with id ID under policy P in zone Z. */
#define ZROW(id, p, z)                                                         \
    id ",c1,basic," p ",6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"     \
       "web-1," z "\n"

static void roster_opens_each_time_zone_once(void)
{
    struct fx f;
    struct err e;
    struct roster *r;

    fx_init_with(&f, ZCONFIG);
    r = fx_load(&f,
                ZHEADER ZROW("s1", "local", "America/New_York")
                    ZROW("s2", "london", "Europe/Berlin")
                        ZROW("s3", "local", "America/New_York")
                            ZROW("s4", "london", "") ZROW("s5", "plain", "")
                                ZROW("s6", "both", "+05:30")
                                    ZROW("s7", "plain", "UTC"),
                &e);
    if (r == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->n, 7);
    /* Four distinct zones, each opened once and shared, sorted by name. */
    CU_ASSERT_EQUAL_FATAL(r->nzones, 4);
    ASSERT_STR(tz_name(r->zones[0]), "+05:30");
    ASSERT_STR(tz_name(r->zones[1]), "America/New_York");
    ASSERT_STR(tz_name(r->zones[2]), "Europe/Berlin");
    ASSERT_STR(tz_name(r->zones[3]), "UTC");
    CU_ASSERT_PTR_EQUAL(sub_tz(&r->subs[0]), r->zones[1]);
    CU_ASSERT_PTR_EQUAL(sub_tz(&r->subs[2]), sub_tz(&r->subs[0]));
    CU_ASSERT_PTR_EQUAL(sub_tz(&r->subs[1]), r->zones[2]);
    CU_ASSERT_PTR_NULL(sub_tz(&r->subs[3]));
    CU_ASSERT_PTR_NULL(sub_tz(&r->subs[4]));
    CU_ASSERT_PTR_EQUAL(sub_tz(&r->subs[5]), r->zones[0]);
    /* New York is UTC-4 in October 2026, +05:30 always. */
    CU_ASSERT_EQUAL(tz_offset_at(sub_tz(&r->subs[0]), OCT1), -4 * 3600);
    CU_ASSERT_EQUAL(tz_offset_at(sub_tz(&r->subs[5]), OCT1), 5 * 3600 + 1800);
    roster_free(r);
    /* Without the column every zone is none. */
    r = fx_load(&f,
                HEADER "s1,c1,basic,london,6.00,EUR,subscription,card,"
                       "2026-01-01T00:00:00Z,,web-1\n",
                &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NULL(sub_tz(&r->subs[0]));
    CU_ASSERT_EQUAL(r->nzones, 0);
    roster_free(r);
    fx_free(&f);
}

static void roster_rejects_bad_or_missing_time_zones(void)
{
    static const struct bad_case c[] = {
        {ZHEADER ZROW("s1", "london", "") ZROW("s2", "local", "Mars/Base"), 3,
         "time_zone: unknown time zone: Mars/Base"},
        {ZHEADER ZROW("s1", "local", "../etc/passwd"), 2,
         "time_zone: invalid time zone name: ../etc/passwd"},
        {ZHEADER ZROW("s1", "local", "+25:00"), 2,
         "time_zone: invalid time zone offset: +25:00: expected +HH:MM or "
         "-HH:MM"},
        {ZHEADER ZROW("s1", "london", "") ZROW("s2", "local", ""), 3,
         "time_zone: required, as [policy \"local\"] has service_hours "
         "without service_time_zone"},
        {ZHEADER ZROW("s1", "both", ""), 2,
         "time_zone: required, as [policy \"local\"] has service_hours "
         "without service_time_zone"},
        {HEADER "s1,c1,basic,local,6.00,EUR,subscription,card,"
                "2026-01-01T00:00:00Z,,web-1\n",
         2,
         "time_zone: required, as [policy \"local\"] has service_hours "
         "without service_time_zone"},
    };

    check_bad_with(ZCONFIG, c, N(c));
}

static void roster_with_only_a_header_is_empty(void)
{
    struct fx f;
    struct err e;
    struct roster *r;

    fx_init(&f);
    r = fx_load(&f, HEADER, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->n, 0);
    roster_free(r);
    fx_free(&f);
}

static void roster_missing_file_is_no_input(void)
{
    struct fx f;
    struct err e;

    fx_init(&f);
    memset(&e, 0, sizeof e);
    CU_ASSERT_PTR_NULL(roster_load(f.roster, f.c, &e));
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    ASSERT_STR(e.file, f.roster);
    roster_free(NULL);
    fx_free(&f);
}

/* Loaded with a map, the rows' resources are the map's keys, added in
 * roster order, one copy per key however many rows name it. */
static void roster_adds_its_resources_to_a_map(void)
{
    struct fx f;
    struct err e;
    struct roster *r;
    struct resmap *m = resmap_new();

    fx_init(&f);
    tf_write(&f.t, "subs.csv",
             HEADER
             "s1,c1,basic,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"
             "web-2; web-1\n"
             "s2,c2,basic,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,"
             "web-1;db\n",
             NULL, 0);
    memset(&e, 0, sizeof e);
    r = roster_load_map(f.roster, f.c, m, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL_FATAL(resmap_count(m), 3);
    ASSERT_STR(resmap_at(m, 0)->key, "web-2");
    ASSERT_STR(resmap_at(m, 1)->key, "web-1");
    ASSERT_STR(resmap_at(m, 2)->key, "db");
    CU_ASSERT_EQUAL_FATAL(r->subs[0].nresources, 2);
    CU_ASSERT_EQUAL_FATAL(r->subs[1].nresources, 2);
    CU_ASSERT_EQUAL(r->subs[0].resources[0], 0);
    CU_ASSERT_EQUAL(r->subs[0].resources[1], 1);
    CU_ASSERT_EQUAL(r->subs[1].resources[0], 1);
    CU_ASSERT_EQUAL(r->subs[1].resources[1], 2);
    /* Plan and payment method: one copy for both rows. */
    CU_ASSERT_PTR_EQUAL(r->subs[0].cls, r->subs[1].cls);
    CU_ASSERT_PTR_NULL(r->subs[0].extra);
    roster_free(r);
    resmap_free(m);
    fx_free(&f);
}

/* Rows alike in plan, payment method, policy, currency and billing share
 * one class; a row that differs in any one of them has its own. */
static void roster_shares_one_class_per_combination(void)
{
    static const char csv[] = HEADER
        "s1,c1,basic,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,a\n"
        "s2,c2,basic,p,9.00,EUR,subscription,card,2026-02-01T00:00:00Z,,b\n"
        "s3,c1,basic2,p,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,a\n"
        "s4,c1,basic,p,6.00,EUR,subscription,cards,2026-01-01T00:00:00Z,,a\n"
        "s5,c1,basic,q,6.00,EUR,subscription,card,2026-01-01T00:00:00Z,,a\n"
        "s6,c1,basic,p,6.00,USD,subscription,card,2026-01-01T00:00:00Z,,a\n"
        "s7,c1,basic,p,6.00,EUR,one_time,card,2026-01-01T00:00:00Z,"
        "2027-01-01T00:00:00Z,a\n"
        "s8,c1,basic,p,6,JPY,subscription,card,2026-01-01T00:00:00Z,,a\n"
        "s9,c9,basic,p,6,JPY,subscription,card,2026-01-01T00:00:00Z,,a\n";
    struct fx f;
    struct err e;
    struct roster *r;
    size_t i, j;

    fx_init(&f);
    r = fx_load(&f, csv, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL_FATAL(r->n, 9);
    CU_ASSERT_PTR_EQUAL(r->subs[0].cls, r->subs[1].cls);
    CU_ASSERT_PTR_EQUAL(r->subs[7].cls, r->subs[8].cls);
    for (i = 1; i < 8; i++) {
        for (j = i + 1; j < 8; j++)
            CU_ASSERT_PTR_NOT_EQUAL(r->subs[i].cls, r->subs[j].cls);
    }
    /* Each class holds its row's values. */
    ASSERT_STR(sub_plan(&r->subs[2]), "basic2");
    ASSERT_STR(sub_payment_method(&r->subs[3]), "cards");
    CU_ASSERT_PTR_EQUAL(sub_policy(&r->subs[4]), config_policy(f.c, "q"));
    ASSERT_STR(sub_currency(&r->subs[5]), "USD");
    CU_ASSERT_EQUAL(sub_billing(&r->subs[6]), BILLING_ONE_TIME);
    CU_ASSERT_EQUAL(sub_exponent(&r->subs[7]), 0);
    CU_ASSERT_EQUAL(r->subs[7].fee, 6);
    CU_ASSERT_EQUAL(r->subs[1].fee, 900);
    roster_free(r);
    fx_free(&f);
}

/* A row of n resource keys "k;k;...;k". Caller frees. */
static char *row_of_resources(size_t n)
{
    static const char head[] =
        HEADER "s1,c1,basic,p,6.00,EUR,subscription,card,"
               "2026-01-01T00:00:00Z,,";
    size_t len = sizeof head - 1, i;
    char *csv = malloc(len + 2 * n + 1);

    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    memcpy(csv, head, len);
    for (i = 0; i < n; i++) {
        csv[len++] = 'k';
        csv[len++] = i + 1 < n ? ';' : '\n';
    }
    csv[len] = '\0';
    return csv;
}

/* A row names at most 65,535 resources (SUB_RESOURCES_MAX): one more is
 * refused at its line. */
static void roster_caps_the_resources_of_a_row(void)
{
    struct fx f;
    struct err e;
    struct roster *r;
    char *csv;

    CU_ASSERT_EQUAL(SUB_RESOURCES_MAX, 65535);
    fx_init(&f);
    csv = row_of_resources(65535);
    r = fx_load(&f, csv, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->subs[0].nresources, 65535);
    ASSERT_STR(KEY(r, r->subs[0].resources[65534]), "k");
    roster_free(r);
    free(csv);
    csv = row_of_resources(65536);
    r = fx_load(&f, csv, &e);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_EQUAL(e.line, 2);
    ASSERT_STR(e.msg, "resources: more than 65535 keys in one row: 65536");
    free(csv);
    fx_free(&f);
}

CU_TestInfo roster_tests[] = {
    {"roster_shares_one_class_per_combination",
     roster_shares_one_class_per_combination},
    {"roster_caps_the_resources_of_a_row", roster_caps_the_resources_of_a_row},
    {"roster_adds_its_resources_to_a_map", roster_adds_its_resources_to_a_map},
    {"roster_rejects_duplicate_ids", roster_rejects_duplicate_ids},
    {"roster_rejects_unknown_policies", roster_rejects_unknown_policies},
    {"roster_rejects_fees_the_currency_cannot_hold",
     roster_rejects_fees_the_currency_cannot_hold},
    {"roster_rejects_unknown_currencies", roster_rejects_unknown_currencies},
    {"roster_rejects_bad_timestamps", roster_rejects_bad_timestamps},
    {"roster_rejects_bad_subscription_windows",
     roster_rejects_bad_subscription_windows},
    {"roster_rejects_other_bad_rows", roster_rejects_other_bad_rows},
    {"roster_reads_rows_into_subscriptions",
     roster_reads_rows_into_subscriptions},
    {"roster_opens_each_time_zone_once", roster_opens_each_time_zone_once},
    {"roster_rejects_bad_or_missing_time_zones",
     roster_rejects_bad_or_missing_time_zones},
    {"roster_with_only_a_header_is_empty", roster_with_only_a_header_is_empty},
    {"roster_missing_file_is_no_input", roster_missing_file_is_no_input},
    CU_TEST_INFO_NULL,
};

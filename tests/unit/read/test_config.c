/* Unit tests for config: a full configuration read into its structs (paths
 * resolved against the config's folder, defaults, tiers sorted), and every
 * kind of error (unknown section or key, bad duration, decimal, pattern,
 * enum, repeated key or section, missing required key, syntax) reported with
 * RC_CONFIG and the config file and line it is on. Each case is written to a
 * scratch folder and loaded from there. */
#include "engine/policy.h"
#include "read/config.h"
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "lib/rx.h"
#include "testfiles.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Lines 1-5 of most cases; a case's own lines start at line 6. */
#define BASE "[roster]\npath = subs.csv\n\n[policy \"p\"]\nkind = per_day\n"

struct bad_case {
    const char *ini;
    long line;       /* expected err.line */
    const char *msg; /* expected err.msg, exactly */
};

/* Loads each case's text and checks that it fails with RC_CONFIG at the
 * expected place with the expected message. */
static void check_bad(const struct bad_case *c, size_t n)
{
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < n; k++) {
        struct err e;
        struct config *cfg;

        memset(&e, 0, sizeof e);
        tf_write(&t, "config.ini", c[k].ini, path, sizeof path);
        cfg = config_load(path, &e);
        if (cfg != NULL || e.line != c[k].line || strcmp(e.msg, c[k].msg))
            fprintf(stderr, "\n  case %zu: line %ld: %s\n", k, e.line, e.msg);
        CU_ASSERT_PTR_NULL(cfg);
        config_free(cfg);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        ASSERT_STR(e.file, path);
        CU_ASSERT_EQUAL(e.line, c[k].line);
        ASSERT_STR(e.msg, c[k].msg);
    }
    tf_cleanup(&t);
}

static void config_rejects_unknown_sections(void)
{
    static const struct bad_case cases[] = {
        {BASE "[bogus]\n", 6, "unknown section: [bogus]"},
        {BASE "[bogus \"x\"]\nkey = v\n", 6, "unknown section: [bogus \"x\"]"},
        /* Known kinds with or without a name where they take the other. */
        {BASE "[roster \"x\"]\n", 6, "unknown section: [roster \"x\"]"},
        {BASE "[policy]\n", 6, "unknown section: [policy]"},
        {BASE "[monitoring]\n", 6, "unknown section: [monitoring]"},
        /* Case matters. */
        {"[Roster]\npath = subs.csv\n", 1, "unknown section: [Roster]"},
        {BASE "[policy \"q\"\n", 6, "bad section header: [policy \"q\""},
        {BASE "[policy \"\"]\n", 6,
         "bad section name, want [kind \"name\"]: policy \"\""},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_unknown_keys(void)
{
    static const struct bad_case cases[] = {
        {BASE "colour = red\n", 6, "unknown key in [policy \"p\"]: colour"},
        {"[roster]\npath = subs.csv\nfile = x.csv\n", 3,
         "unknown key in [roster]: file"},
        {BASE "[monitoring \"m\"]\npath = m.csv\nformat = windows\n"
              "resource_name = id\n",
         9, "unknown key in [monitoring \"m\"]: resource_name"},
        /* Keys are case-sensitive too. */
        {BASE "Kind = tiers\n", 6, "unknown key in [policy \"p\"]: Kind"},
        {"path = subs.csv\n[roster]\n", 1, "key outside any section: path"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_bad_durations(void)
{
    static const struct bad_case cases[] = {
        {BASE "[monitoring \"m\"]\npath = m.csv\ninterval = 0\n", 8,
         "interval: must be at least 1s: 0"},
    };
    static const char *const durations[] = {"5x", "1.5h", "-5s", "m", "5 m"};
    struct tf t;
    size_t k;
    char path[512], text[256], tail[64];

    check_bad(cases, N(cases));
    /* The reason comes from when_parse_duration(); the message names the
     * key first and the value last. */
    tf_init(&t);
    for (k = 0; k < N(durations); k++) {
        struct err e;
        struct config *cfg;
        size_t tl;

        snprintf(text, sizeof text, BASE "min_outage = %s\n", durations[k]);
        tf_write(&t, "config.ini", text, path, sizeof path);
        memset(&e, 0, sizeof e);
        cfg = config_load(path, &e);
        CU_ASSERT_PTR_NULL(cfg);
        config_free(cfg);
        CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
        ASSERT_STR(e.file, path);
        CU_ASSERT_EQUAL(e.line, 6);
        CU_ASSERT_EQUAL(strncmp(e.msg, "min_outage: ", 12), 0);
        snprintf(tail, sizeof tail, ": %s", durations[k]);
        tl = strlen(tail);
        CU_ASSERT_TRUE(strlen(e.msg) > 12 + tl &&
                       strcmp(e.msg + strlen(e.msg) - tl, tail) == 0);
    }
    tf_cleanup(&t);
}

static void config_rejects_bad_decimals(void)
{
    static const struct bad_case cases[] = {
        {BASE "cap_percent = 1,5\n", 6,
         "cap_percent: not a decimal number: 1,5"},
        {BASE "cap_percent = 50%\n", 6,
         "cap_percent: not a decimal number: 50%"},
        {BASE "cap_percent = -5\n", 6, "cap_percent: out of range: -5"},
        {BASE "min_credit = 0.123456\n", 6,
         "min_credit: too many decimals: 0.123456"},
        {BASE "min_credit = 1e3\n", 6, "min_credit: not a decimal number: 1e3"},
        {BASE "multiplier = 0\n", 6, "multiplier: must be more than 0: 0"},
        {BASE "multiplier = .5\n", 6, "multiplier: not a decimal number: .5"},
        {BASE "day_divisor = 0\n", 6, "day_divisor: too small: 0"},
        {BASE "day_divisor = 30.5\n", 6, "day_divisor: not an integer: 30.5"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 99.9\n",
         5,
         "tier: want \"UPTIME_PERCENT CREDIT_PERCENT\" or \"UPTIME_PERCENT "
         "DAYSd\": 99.9"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 99,9 10\n",
         5, "tier: not a decimal number: 99,9"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 101 10\n",
         5, "tier: out of range: 101"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 99.9 10 20\n",
         5,
         "tier: want \"UPTIME_PERCENT CREDIT_PERCENT\" or \"UPTIME_PERCENT "
         "DAYSd\": 99.9 10 20"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 0 10\n",
         5, "tier: an uptime threshold of 0 can never be missed: 0 10"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_bad_patterns_with_their_offset(void)
{
    static const struct bad_case cases[] = {
        {BASE "plan_pattern = ^(pro\n", 6,
         "plan_pattern: bad pattern at offset 5: missing closing "
         "parenthesis: ^(pro"},
        {BASE "plan_pattern = a[b\n", 6,
         "plan_pattern: bad pattern at offset 3: missing terminating ] for "
         "character class: a[b"},
        {BASE "plan_pattern = *a\n", 6,
         "plan_pattern: bad pattern at offset 0: quantifier does not follow "
         "a repeatable item: *a"},
        {BASE "[monitoring \"m\"]\npath = m.csv\n"
              "down_pattern = ^(down|DOWN$\n",
         8,
         "down_pattern: bad pattern at offset 12: missing closing "
         "parenthesis: ^(down|DOWN$"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_bad_enum_values(void)
{
    static const struct bad_case cases[] = {
        {BASE "remedy = refund\n", 6,
         "remedy: want one of invoice_credit, plan_extension, wallet_credit, "
         "by_billing: refund"},
        {BASE "rounding = bankers\n", 6,
         "rounding: want one of half_up, half_even: bankers"},
        {BASE "fee_basis = half\n", 6,
         "fee_basis: want one of full, prorated: half"},
        {BASE "[monitoring \"m\"]\ndelimiter = |\n", 7,
         "delimiter: want one of comma, semicolon, tab, pipe: |"},
        {BASE "[monitoring \"m\"]\nheader = no\n", 7,
         "header: want one of true, false: no"},
        {BASE "[monitoring \"m\"]\nduration_unit = d\n", 7,
         "duration_unit: want one of s, m, h: d"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_repeated_keys_and_sections(void)
{
    static const struct bad_case cases[] = {
        {BASE "kind = tiers\n", 6, "key given twice in this section: kind"},
        {"[roster]\npath = a.csv\n; comment\npath = b.csv\n", 4,
         "key given twice in this section: path"},
        {BASE "[policy \"p\"]\nkind = tiers\n", 6,
         "duplicate section: [policy \"p\"]"},
        {BASE "[roster]\n", 6, "duplicate section: [roster]"},
        {BASE "[monitoring \"m\"]\npath = a\n[monitoring \"m\"]\n", 8,
         "duplicate section: [monitoring \"m\"]"},
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 99.9 10\ntier = 99.0 25\ntier = 99.9 20\n",
         7, "tier: threshold given twice: 99.9"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_missing_required_keys(void)
{
    static const struct bad_case cases[] = {
        /* At the line of the section that lacks the key. */
        {"[roster]\n\n[policy \"p\"]\nkind = per_day\n", 1,
         "[roster]: path is required"},
        {BASE "\n[monitoring \"m\"]\npath = m.csv\nformat = windows\n"
              "start_column = s\nend_column = e\n",
         7, "[monitoring \"m\"]: resource_column is required"},
        {BASE "[monitoring \"m\"]\npath = m.csv\nresource_column = r\n"
              "time_column = t\nstatus_column = s\ninterval = 60s\n",
         6, "[monitoring \"m\"]: down_pattern is required"},
        {BASE "[monitoring \"m\"]\npath = m.csv\nformat = windows\n"
              "resource_column = r\nstart_column = s\n",
         6, "[monitoring \"m\"]: end_column or duration_column is required"},
        {"[roster]\npath = s.csv\n\n\n[policy \"t\"]\nkind = tiers\n", 5,
         "[policy \"t\"]: kind = tiers needs at least one tier"},
        /* No section at all: no line to point at. */
        {"[policy \"p\"]\nkind = per_day\n", 0, "no [roster] section"},
        {"[roster]\npath = s.csv\n", 0, "no [policy \"...\"] section"},
    };

    check_bad(cases, N(cases));
}

static void config_rejects_inconsistent_settings(void)
{
    static const struct bad_case cases[] = {
        {"[roster]\npath = s.csv\n[policy \"t\"]\nkind = tiers\n"
         "tier = 99.9 10\nremedy = plan_extension\n",
         3,
         "[policy \"t\"]: remedy = plan_extension needs tiers in days (tier "
         "= 99.9 3d): only days can extend a plan"},
        {BASE "[monitoring \"m\"]\npath = m.csv\nformat = windows\n"
              "resource_column = r\nstart_column = s\nend_column = e\n"
              "duration_column = d\n",
         6,
         "[monitoring \"m\"]: give end_column or duration_column, not "
         "both"},
        {BASE "[monitoring \"m\"]\npath = m.csv\nformat = windows\n"
              "resource_column = r\nstart_column = s\nend_column = e\n"
              "header = false\n",
         6, "[monitoring \"m\"]: header = false needs columns"},
        {BASE "remedy = \n", 6, "empty value: remedy"},
    };

    check_bad(cases, N(cases));
}

static void config_syntax_errors_name_the_right_line(void)
{
    static const struct bad_case cases[] = {
        /* Two section headers and a blank line before it: line 6. */
        {BASE "noequals\n", 6, "syntax error: want key = value or [section]"},
        /* Comments, blank lines and CRLF line ends all count. */
        {"; top\n# more\n[roster]\r\npath = s.csv\r\n\r\n[policy \"p\"]\r\n"
         "kind = per_day\r\n; x\r\n[monitoring \"m\"]\r\nwhat\r\n",
         10, "syntax error: want key = value or [section]"},
        {"\xEF\xBB\xBF[roster]\npath = s.csv\n[policy \"p\"]\ncolour = 1\n", 4,
         "unknown key in [policy \"p\"]: colour"},
    };

    check_bad(cases, N(cases));
}

static void config_missing_file_is_no_input(void)
{
    struct err e;
    struct config *cfg;

    memset(&e, 0, sizeof e);
    cfg = config_load("tests/data/no-such-config.ini", &e);
    CU_ASSERT_PTR_NULL(cfg);
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    ASSERT_STR(e.file, "tests/data/no-such-config.ini");
    CU_ASSERT_EQUAL(e.line, 0);
    ASSERT_STR(e.msg, "cannot open: No such file or directory");
}

static const char full_config[] =
    "; slacredit configuration, every kind of section\n" /* 1 */
    "[roster]\n"                                         /* 2 */
    "path = subs.csv\n"                                  /* 3 */
    "\n"                                                 /* 4 */
    "[monitoring \"probes\"]\n"                          /* 5 */
    "path = monitoring/*.csv   ; glob\n"                 /* 6 */
    "format = samples\n"                                 /* 7 */
    "time_column = timestamp\n"                          /* 8 */
    "resource_column = monitor_id\n"                     /* 9 */
    "status_column = status\n"                           /* 10 */
    "down_pattern = ^(down|DOWN|0|false)$\n"             /* 11 */
    "interval = 2m\n"                                    /* 12 */
    "\n"                                                 /* 13 */
    "[monitoring \"vendor\"]\n"                          /* 14 */
    "path = /srv/vendor/outages.csv\n"                   /* 15 */
    "format = windows\n"                                 /* 16 */
    "delimiter = semicolon\n"                            /* 17 */
    "header = false\n"                                   /* 18 */
    "columns = res, from,mins\n"                         /* 19 */
    "resource_column = res\n"                            /* 20 */
    "start_column = from\n"                              /* 21 */
    "duration_column = mins\n"                           /* 22 */
    "duration_unit = m\n"                                /* 23 */
    "time_format = %Y-%m-%d %H:%M:%S\n"                  /* 24 */
    "time_zone = +02:00\n"                               /* 25 */
    "\n"                                                 /* 26 */
    "[policy \"uptime-tiers\"]\n"                        /* 27 */
    "kind = tiers\n"                                     /* 28 */
    "tier = 95.0 50\n"                                   /* 29 */
    "tier = 99.9 10    # the first tier\n"               /* 30 */
    "tier = 99.0 25\n"                                   /* 31 */
    "\n"                                                 /* 32 */
    "[policy \"daily\"]\n"                               /* 33 */
    "kind = per_day\n"                                   /* 34 */
    "remedy = by_billing\n"                              /* 35 */
    "day_divisor = 31\n"                                 /* 36 */
    "min_credit = 0.50\n"                                /* 37 */
    "rounding = half_even\n"                             /* 38 */
    "fee_basis = prorated\n"                             /* 39 */
    "plan_pattern = ^pro\n"                              /* 40 */
    "exclude_payment_methods = paypal, bank_transfer\n"  /* 41 */
    "cap_percent = 50.5\n"                               /* 42 */
    "\n"                                                 /* 43 */
    "[policy \"pro-rata\"]\n"                            /* 44 */
    "kind = prorated\n"                                  /* 45 */
    "min_outage = 5m\n"                                  /* 46 */
    "multiplier = 10\n";                                 /* 47 */

static void config_loads_every_setting(void)
{
    struct tf t;
    struct err e;
    struct config *c;
    const struct monsrc *m;
    const struct policy *p;
    char path[512], want[600];

    tf_init(&t);
    tf_write(&t, "slacredit.ini", full_config, path, sizeof path);
    memset(&e, 0, sizeof e);
    c = config_load(path, &e);
    if (c == NULL)
        fprintf(stderr, "\n  %s:%ld: %s\n", e.file, e.line, e.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);

    ASSERT_STR(c->path, path);
    ASSERT_STR(c->dir, t.dir);
    snprintf(want, sizeof want, "%s/subs.csv", t.dir);
    ASSERT_STR(c->roster_path, want);

    CU_ASSERT_EQUAL_FATAL(c->nsources, 2);
    m = &c->sources[0];
    ASSERT_STR(m->name, "probes");
    CU_ASSERT_EQUAL(m->line, 5);
    snprintf(want, sizeof want, "%s/monitoring/*.csv", t.dir);
    ASSERT_STR(m->path, want);
    CU_ASSERT_EQUAL(m->format, MONITOR_SAMPLES);
    CU_ASSERT_EQUAL(m->delim, ',');
    CU_ASSERT_TRUE(m->header);
    ASSERT_STR(m->time_column, "timestamp");
    ASSERT_STR(m->time_format, "iso8601");
    ASSERT_STR(m->time_zone, "UTC");
    ASSERT_STR(m->resource_column, "monitor_id");
    ASSERT_STR(m->status_column, "status");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m->down);
    CU_ASSERT_TRUE(rx_match(m->down, "DOWN", 4));
    CU_ASSERT_TRUE(rx_match(m->down, "0", 1));
    CU_ASSERT_FALSE(rx_match(m->down, "up", 2));
    CU_ASSERT_FALSE(rx_match(m->down, "down ", 5));
    CU_ASSERT_EQUAL(m->interval, 120);

    m = &c->sources[1];
    ASSERT_STR(m->name, "vendor");
    CU_ASSERT_EQUAL(m->line, 14);
    ASSERT_STR(m->path, "/srv/vendor/outages.csv");
    CU_ASSERT_EQUAL(m->format, MONITOR_WINDOWS);
    CU_ASSERT_EQUAL(m->delim, ';');
    CU_ASSERT_FALSE(m->header);
    CU_ASSERT_EQUAL_FATAL(m->ncolumns, 3);
    ASSERT_STR(m->columns[0], "res");
    ASSERT_STR(m->columns[1], "from");
    ASSERT_STR(m->columns[2], "mins");
    ASSERT_STR(m->start_column, "from");
    ASSERT_STR(m->duration_column, "mins");
    CU_ASSERT_PTR_NULL(m->end_column);
    CU_ASSERT_PTR_NULL(m->down);
    CU_ASSERT_EQUAL(m->duration_unit, 60);
    ASSERT_STR(m->time_format, "%Y-%m-%d %H:%M:%S");
    ASSERT_STR(m->time_zone, "+02:00");

    CU_ASSERT_EQUAL_FATAL(c->npolicies, 3);
    p = config_policy(c, "uptime-tiers");
    CU_ASSERT_PTR_EQUAL_FATAL(p, &c->policies[0]);
    CU_ASSERT_EQUAL(p->line, 27);
    CU_ASSERT_EQUAL(p->kind, POLICY_TIERS);
    CU_ASSERT_EQUAL(p->evidence, EVIDENCE_MONITORING);
    /* Sorted by threshold, whatever the order in the file. */
    CU_ASSERT_EQUAL_FATAL(p->ntiers, 3);
    CU_ASSERT_EQUAL(p->tiers[0].threshold, 950000);
    CU_ASSERT_EQUAL(p->tiers[0].percent, 500000);
    CU_ASSERT_EQUAL(p->tiers[1].threshold, 990000);
    CU_ASSERT_EQUAL(p->tiers[1].percent, 250000);
    CU_ASSERT_EQUAL(p->tiers[2].threshold, 999000);
    CU_ASSERT_EQUAL(p->tiers[2].percent, 100000);
    /* Defaults. */
    CU_ASSERT_EQUAL(p->cap_percent, 100 * CONFIG_SCALE);
    CU_ASSERT_EQUAL(p->remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_EQUAL(p->rounding, MONEY_HALF_UP);
    CU_ASSERT_EQUAL(p->fee_basis, FEE_FULL);
    CU_ASSERT_FALSE(p->min_credit_set);
    CU_ASSERT_PTR_NULL(p->plan_pattern);
    CU_ASSERT_EQUAL(p->nexclude_payment_methods, 0);
    CU_ASSERT_EQUAL(p->day_divisor, 30);
    CU_ASSERT_EQUAL(p->min_outage, 0);
    CU_ASSERT_EQUAL(p->multiplier, CONFIG_SCALE);

    p = config_policy(c, "daily");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->line, 33);
    CU_ASSERT_EQUAL(p->kind, POLICY_PER_DAY);
    CU_ASSERT_EQUAL(p->remedy, REMEDY_BY_BILLING);
    CU_ASSERT_EQUAL(p->day_divisor, 31);
    CU_ASSERT_TRUE(p->min_credit_set);
    CU_ASSERT_EQUAL(p->min_credit, 5000);
    CU_ASSERT_EQUAL(p->rounding, MONEY_HALF_EVEN);
    CU_ASSERT_EQUAL(p->fee_basis, FEE_PRORATED);
    CU_ASSERT_EQUAL(p->cap_percent, 505000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->plan_pattern);
    CU_ASSERT_TRUE(rx_match(p->plan_pattern, "pro-annual", 10));
    CU_ASSERT_FALSE(rx_match(p->plan_pattern, "basic-pro", 9));
    CU_ASSERT_EQUAL_FATAL(p->nexclude_payment_methods, 2);
    ASSERT_STR(p->exclude_payment_methods[0], "paypal");
    ASSERT_STR(p->exclude_payment_methods[1], "bank_transfer");

    p = config_policy(c, "pro-rata");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->kind, POLICY_PRORATED);
    CU_ASSERT_EQUAL(p->min_outage, 300);
    CU_ASSERT_EQUAL(p->multiplier, 10 * CONFIG_SCALE);

    CU_ASSERT_PTR_NULL(config_policy(c, "nope"));
    CU_ASSERT_PTR_NULL(config_policy(c, "Daily"));
    config_free(c);
    tf_cleanup(&t);
}

static void config_names_enums_as_written(void)
{
    ASSERT_STR(policy_remedy_name(REMEDY_INVOICE_CREDIT), "invoice_credit");
    ASSERT_STR(policy_remedy_name(REMEDY_PLAN_EXTENSION), "plan_extension");
    ASSERT_STR(policy_remedy_name(REMEDY_WALLET_CREDIT), "wallet_credit");
    ASSERT_STR(policy_remedy_name(REMEDY_BY_BILLING), "by_billing");
    ASSERT_STR(policy_kind_name(POLICY_TIERS), "tiers");
    ASSERT_STR(policy_kind_name(POLICY_PER_DAY), "per_day");
    ASSERT_STR(policy_kind_name(POLICY_PRORATED), "prorated");
}

static void config_free_accepts_null(void)
{
    config_free(NULL);
}

/* An unknown kind or format is refused at its line with every name of its
 * table, in table order (the names themselves are checked against the
 * tables' own tests: test_policy, test_monitor_formats). */
static void config_lists_the_tables_in_kind_and_format_errors(void)
{
    char kinds[256] = "kind: want one of ", formats[256] = "format: want one "
                                                           "of ";
    size_t i;
    struct bad_case cases[2];

    for (i = 0; i < POLICY_KIND_COUNT; i++) {
        strcat(kinds, i > 0 ? ", " : "");
        strcat(kinds, policy_kinds[i]->name);
    }
    strcat(kinds, ": weekly");
    for (i = 0; i < MONITOR_FORMAT_COUNT; i++) {
        strcat(formats, i > 0 ? ", " : "");
        strcat(formats, monitor_formats[i]->name);
    }
    strcat(formats, ": json");
    CU_ASSERT_EQUAL(strncmp(kinds, "kind: want one of tiers, per_day, ", 34),
                    0);
    cases[0] = (struct bad_case){
        "[roster]\npath = s.csv\n[policy \"p\"]\nkind = weekly\n", 4, kinds};
    cases[1] = (struct bad_case){BASE "[monitoring \"m\"]\nformat = json\n", 7,
                                 formats};
    check_bad(cases, 2);
}

CU_TestInfo config_tests[] = {
    {"config_lists_the_tables_in_kind_and_format_errors",
     config_lists_the_tables_in_kind_and_format_errors},
    {"config_rejects_unknown_sections", config_rejects_unknown_sections},
    {"config_rejects_unknown_keys", config_rejects_unknown_keys},
    {"config_rejects_bad_durations", config_rejects_bad_durations},
    {"config_rejects_bad_decimals", config_rejects_bad_decimals},
    {"config_rejects_bad_patterns_with_their_offset",
     config_rejects_bad_patterns_with_their_offset},
    {"config_rejects_bad_enum_values", config_rejects_bad_enum_values},
    {"config_rejects_repeated_keys_and_sections",
     config_rejects_repeated_keys_and_sections},
    {"config_rejects_missing_required_keys",
     config_rejects_missing_required_keys},
    {"config_rejects_inconsistent_settings",
     config_rejects_inconsistent_settings},
    {"config_syntax_errors_name_the_right_line",
     config_syntax_errors_name_the_right_line},
    {"config_missing_file_is_no_input", config_missing_file_is_no_input},
    {"config_loads_every_setting", config_loads_every_setting},
    {"config_names_enums_as_written", config_names_enums_as_written},
    {"config_free_accepts_null", config_free_accepts_null},
    CU_TEST_INFO_NULL,
};

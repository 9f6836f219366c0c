/* Unit tests for policy: the table of kinds is complete (every kind a row,
 * every row every function), its names are what the config and the
 * outputs use, the keys of each kind are found, and each kind's own
 * validation says what is wrong. */
#include "engine/policy.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "testutil.h"

static void every_kind_has_a_complete_row(void)
{
    size_t k, j;

    for (k = 0; k < POLICY_KIND_COUNT; k++) {
        const struct policy_ops *ops = policy_kinds[k];
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_PTR_NOT_NULL(ops->name);
        CU_ASSERT_PTR_NOT_NULL(ops->keys);
        CU_ASSERT_PTR_NOT_NULL(ops->validate);
        CU_ASSERT_PTR_NOT_NULL(ops->decide);
        CU_ASSERT_PTR_NOT_NULL(ops->reason);
        CU_ASSERT_PTR_NOT_NULL(ops->explain);
        for (j = 0; j < k; j++)
            CU_ASSERT_NOT_EQUAL(strcmp(policy_kinds[j]->name, ops->name), 0);
    }
}

static void kind_and_remedy_names(void)
{
    ASSERT_STR(policy_kind_name(POLICY_TIERS), "tiers");
    ASSERT_STR(policy_kind_name(POLICY_PER_DAY), "per_day");
    ASSERT_STR(policy_kind_name(POLICY_PRORATED), "prorated");
    ASSERT_STR(policy_kind_name(POLICY_KIND_COUNT), "?");
    ASSERT_STR(policy_remedy_name(REMEDY_INVOICE_CREDIT), "invoice_credit");
    ASSERT_STR(policy_remedy_name(REMEDY_PLAN_EXTENSION), "plan_extension");
    ASSERT_STR(policy_remedy_name(REMEDY_WALLET_CREDIT), "wallet_credit");
    ASSERT_STR(policy_remedy_name(REMEDY_BY_BILLING), "by_billing");
    /* The kinds that count days turn downtime into plan time. */
    CU_ASSERT_TRUE(policy_tiers.plan_time); /* in days */
    CU_ASSERT_TRUE(policy_per_day.plan_time);
    CU_ASSERT_FALSE(policy_prorated.plan_time);
    CU_ASSERT_TRUE(policy_ladder.plan_time); /* in days */
}

static void keys_of_every_kind_are_found(void)
{
    const struct keys_spec *k;

    /* Common keys, and keys of each kind, from one lookup. */
    CU_ASSERT_PTR_NOT_NULL(policy_find_key("kind"));
    CU_ASSERT_PTR_NOT_NULL(policy_find_key("cap_percent"));
    k = policy_find_key("tier");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_TRUE(k->repeat); /* tier is the one key given many times */
    k = policy_find_key("day_divisor");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_EQUAL(k->type, KEYS_INT);
    CU_ASSERT_EQUAL(k->min, 1);
    CU_ASSERT_EQUAL(k->max, 366);
    CU_ASSERT_FALSE(k->repeat);
    CU_ASSERT_PTR_NOT_NULL(policy_find_key("min_outage"));
    CU_ASSERT_PTR_NOT_NULL(policy_find_key("multiplier"));
    CU_ASSERT_PTR_NULL(policy_find_key("colour"));
    CU_ASSERT_PTR_NULL(policy_find_key("tiers"));
    CU_ASSERT_PTR_NULL(policy_find_key(""));
}

/* keys_set() on a [policy] key, with the message on failure. */
static int set(struct policy *p, const char *key, const char *value, char *msg,
               size_t cap)
{
    const struct keys_spec *k = policy_find_key(key);
    struct keys_env env = {""};

    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    msg[0] = '\0';
    return keys_set(k, p, key, value, &env, msg, cap);
}

static void kind_names_come_from_the_table(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(p.kind, POLICY_TIERS);
    CU_ASSERT_EQUAL(set(&p, "kind", "prorated", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.kind, POLICY_PRORATED);
    CU_ASSERT_EQUAL(set(&p, "kind", "per_day", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.kind, POLICY_PER_DAY);
    CU_ASSERT_EQUAL(set(&p, "kind", "Tiers", msg, sizeof msg), -1);
    /* The kinds in table order, then the value (a kind added later joins
     * the list, so only its start and end are fixed here). */
    CU_ASSERT_EQUAL(strncmp(msg, "kind: want one of tiers, per_day, prorated",
                            strlen("kind: want one of tiers, per_day, "
                                   "prorated")),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, ", ladder"));
    CU_ASSERT_EQUAL(strcmp(msg + strlen(msg) - strlen(": Tiers"), ": Tiers"),
                    0);
    CU_ASSERT_EQUAL(p.kind, POLICY_PER_DAY);
    policy_free(&p);
}

static void defaults_of_a_new_policy(void)
{
    struct policy p;

    policy_init(&p, "gold", 12);
    ASSERT_STR(p.name, "gold");
    CU_ASSERT_EQUAL(p.line, 12);
    CU_ASSERT_EQUAL(p.cap_percent, 100 * POLICY_SCALE);
    CU_ASSERT_EQUAL(p.day_divisor, 30);
    CU_ASSERT_EQUAL(p.multiplier, POLICY_SCALE);
    CU_ASSERT_EQUAL(p.claim_window, 7 * 86400);
    CU_ASSERT_EQUAL(p.remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_PTR_NULL(p.tiers);
    policy_free(&p);
}

static void each_kind_validates_its_own_rules(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind = tiers needs at least one tier");
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 10", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "tier", "99 25", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.ntiers, 2);
    CU_ASSERT_EQUAL(p.tiers[0].threshold, 990000); /* sorted ascending */
    CU_ASSERT_EQUAL(p.tiers[1].percent, 100000);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    /* Plan time only with days: tiers of percents cannot carry it. */
    p.remedy = REMEDY_BY_BILLING;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "remedy = by_billing needs tiers in days (tier = 99.9 "
                    "3d): only days can extend a plan");
    /* Tiers belong to kind = tiers. */
    p.kind = POLICY_PER_DAY;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier is for kind = tiers");
    p.kind = POLICY_PRORATED;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier is for kind = tiers");
    policy_free(&p);

    policy_init(&p, "p", 4);
    p.kind = POLICY_PER_DAY;
    p.remedy = REMEDY_PLAN_EXTENSION;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "multiplier", "0", msg, sizeof msg), -1);
    ASSERT_STR(msg, "multiplier: must be more than 0: 0");
    CU_ASSERT_EQUAL(set(&p, "multiplier", "1000.5", msg, sizeof msg), -1);
    ASSERT_STR(msg, "multiplier: out of range: 1000.5");
    CU_ASSERT_EQUAL(set(&p, "multiplier", "2.5", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.multiplier, 25000);
    CU_ASSERT_EQUAL(set(&p, "tier", "0 10", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: an uptime threshold of 0 can never be missed: 0 10");
    policy_free(&p);
}

static void each_kind_explains_its_rule(void)
{
    struct policy p;
    struct decision d;
    struct buf b;

    policy_init(&p, "p", 4);
    calc_decision_init(&d);
    buf_init(&b, 0);
    p.kind = POLICY_PER_DAY;
    p.day_divisor = 31;
    d.days = 2;
    d.down_secs = 90000;
    policy_kinds[p.kind]->explain(&b, &p, &d, 2592000);
    ASSERT_STR(buf_str(&b), "Rule: per_day — every started day of downtime is "
                            "worth 1/31 of the fee\n"
                            "  90000 s of downtime are 2 started day(s) of "
                            "86400 s\n");
    buf_free(&b);
    buf_init(&b, 0);
    p.kind = POLICY_PRORATED;
    p.multiplier = 15000;
    p.min_outage = 60;
    policy_kinds[p.kind]->explain(&b, &p, &d, 2592000);
    ASSERT_STR(buf_str(&b), "Rule: prorated — 1.5 × the fee for the time of "
                            "outages of at least 60 s, over the month's "
                            "2592000 s\n");
    buf_free(&b);
    calc_decision_free(&d);
    policy_free(&p);
}

CU_TestInfo policy_tests[] = {
    {"every_kind_has_a_complete_row", every_kind_has_a_complete_row},
    {"kind_and_remedy_names", kind_and_remedy_names},
    {"keys_of_every_kind_are_found", keys_of_every_kind_are_found},
    {"kind_names_come_from_the_table", kind_names_come_from_the_table},
    {"defaults_of_a_new_policy", defaults_of_a_new_policy},
    {"each_kind_validates_its_own_rules", each_kind_validates_its_own_rules},
    {"each_kind_explains_its_rule", each_kind_explains_its_rule},
    CU_TEST_INFO_NULL,
};

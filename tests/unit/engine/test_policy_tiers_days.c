/* Unit tests for kind = tiers in days ("tier = 99.9 3d": uptime bands that
 * add days of service): the tier syntax, a list that mixes percents and
 * days, the remedies that can carry days, and calc_decide() one second
 * either side of each band's threshold, max_days, the days' value in money
 * rounded once (one minor unit either side of a half), and the reason and
 * rule in words. Every expected figure is worked out by hand next to it.
 *
 * The month is September 2026 = [SEP, SEP + 30 d), 2,592,000 s. Uptime is
 * below 99.9 % exactly when D > 2,592 s, below 99.7 % when D > 7,776 s,
 * below 99.0 % when D > 25,920 s. */
#include "engine/calc.h"
#include "engine/policy.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "testutil.h"
#include "write/explain.h"

#define DAY 86400
#define SEP ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT (SEP + 30 * DAY)

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

/* One subscription under "below 99.9 % 3 days, below 99.7 % 8 days, below
 * 99.0 % 30 days", remedy by_billing. */
struct tx {
    char id[8], customer[8], plan[8], payment[8];
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
};

static void tx_init(struct tx *f, enum billing billing, int64_t fee)
{
    char msg[256];

    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    snprintf(f->id, sizeof f->id, "s1");
    snprintf(f->customer, sizeof f->customer, "c1");
    snprintf(f->plan, sizeof f->plan, "vps");
    snprintf(f->payment, sizeof f->payment, "card");
    policy_init(&f->p, "bands", 10);
    CU_ASSERT_EQUAL(set(&f->p, "tier", "99.9 3d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&f->p, "tier", "99.0 30d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&f->p, "tier", "99.7 8d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&f->p, "remedy", "by_billing", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&f->p, msg, sizeof msg), 0);
    f->s.id = f->id;
    f->s.customer = f->customer;
    f->k.plan = f->plan;
    f->k.policy = &f->p;
    f->s.fee = fee;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->k.billing = billing;
    f->k.payment_method = f->payment;
    f->s.starts_at = SEP - 100 * DAY;
    f->s.ends_at = INT64_MAX;
    if (billing == BILLING_ONE_TIME) {
        f->s.has_end = true;
        f->s.ends_at = OCT + 10 * DAY; /* 2026-10-11 */
    }
    f->s.line = 2;
    ivset_init(&f->ev);
    calc_decision_init(&f->d);
}

/* One outage of len seconds on September 2nd; returns 0 or calc's -1. */
static int tx_outage(struct tx *f, int64_t len)
{
    struct calc_input in;
    int rc;

    ivset_clear(&f->ev);
    ivset_add(&f->ev, SEP + DAY, SEP + DAY + len);
    ivset_normalize(&f->ev);
    memset(&in, 0, sizeof in);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = SEP;
    in.month_end = OCT;
    in.evidence = &f->ev;
    rc = calc_decide(&in, &f->d, &f->e);
    if (rc == 0)
        explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
    return rc;
}

static void tx_free(struct tx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
    policy_free(&f->p);
}

static void tier_in_days_syntax(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 3d", msg, sizeof msg), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p.tier_days);
    CU_ASSERT_EQUAL(p.tier_days[0], 3);
    CU_ASSERT_EQUAL(p.tiers[0].percent, 0);
    /* 1 to 366 days. */
    CU_ASSERT_EQUAL(set(&p, "tier", "99.5 0d", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: too small: 0");
    CU_ASSERT_EQUAL(set(&p, "tier", "99.5 367d", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: too large: 367");
    CU_ASSERT_EQUAL(set(&p, "tier", "99.5 1.5d", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: not an integer: 1.5");
    CU_ASSERT_EQUAL(set(&p, "tier", "99.5 d", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: not a decimal number: d");
    CU_ASSERT_EQUAL(set(&p, "tier", "99.5 366d", msg, sizeof msg), 0);
    /* Kept sorted by threshold, days alongside their tier. */
    CU_ASSERT_EQUAL(p.ntiers, 2);
    CU_ASSERT_EQUAL(p.tiers[0].threshold, 995000);
    CU_ASSERT_EQUAL(p.tier_days[0], 366);
    CU_ASSERT_EQUAL(p.tier_days[1], 3);
    /* A list is all days or all percents, whichever comes first. */
    CU_ASSERT_EQUAL(set(&p, "tier", "99.0 25", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: a policy's tiers give all percents of the fee or "
                    "all days of service, not both: 99.0 25");
    policy_free(&p);

    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 10", msg, sizeof msg), 0);
    CU_ASSERT_PTR_NULL(p.tier_days);
    CU_ASSERT_EQUAL(set(&p, "tier", "99.0 7d", msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier: a policy's tiers give all percents of the fee or "
                    "all days of service, not both: 99.0 7d");
    policy_free(&p);
}

static void remedies_that_carry_days(void)
{
    struct policy p;
    char msg[256];

    /* Percents cannot become plan time, nor take max_days. */
    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 10", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "remedy", "plan_extension", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "remedy = plan_extension needs tiers in days (tier = 99.9 "
                    "3d): only days can extend a plan");
    CU_ASSERT_EQUAL(set(&p, "remedy", "invoice_credit", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "max_days", "15", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "max_days is for tiers in days (tier = 99.9 3d); cap a "
                    "percent of the fee with cap_percent");
    policy_free(&p);

    /* Days carry every remedy: plan time, or their value in money. */
    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 3d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "max_days", "15", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "remedy", "plan_extension", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "remedy", "by_billing", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "remedy", "wallet_credit", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    /* Ladder keys stay the ladder's: an uptime band is the month's. */
    CU_ASSERT_EQUAL(set(&p, "per", "outage", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "step, step_credit, after, units and per are for kind = "
                    "ladder");
    policy_free(&p);

    /* max_days on a kind that counts no days is refused. */
    policy_init(&p, "p", 4);
    CU_ASSERT_EQUAL(set(&p, "kind", "prorated", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "max_days", "15", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "max_days is for days: a ladder in days (step_credit = "
                    "1d) or tiers in days (tier = 99.9 3d)");
    policy_free(&p);
}

static void bands_extend_the_plan_at_each_threshold(void)
{
    struct tx f;

    tx_init(&f, BILLING_ONE_TIME, 3000);
    /* D = 2,592 s: exactly 99.9 %, not below it. */
    CU_ASSERT_EQUAL(tx_outage(&f, 2592), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    ASSERT_STR(f.d.detail, "uptime 99.9000% is not below 99.9%");
    /* One second more: below 99.9 %, 3 days; the end moves 259,200 s. */
    CU_ASSERT_EQUAL(tx_outage(&f, 2593), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_PLAN_EXTENSION);
    CU_ASSERT_EQUAL(f.d.days, 3);
    CU_ASSERT_EQUAL(f.d.extension, 3 * DAY);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.new_ends_at, OCT + 13 * DAY);
    ASSERT_STR(f.d.basis, "tier<99.9=3d");
    ASSERT_STR(f.d.detail, "uptime 99.8999% below 99.9%: 3 day(s) of "
                           "service: plan extended by 3 day(s)");
    /* D = 7,776 s: exactly 99.7 %, still the 3-day band; 7,777 s: 8. */
    CU_ASSERT_EQUAL(tx_outage(&f, 7776), 0);
    CU_ASSERT_EQUAL(f.d.days, 3);
    CU_ASSERT_EQUAL(tx_outage(&f, 7777), 0);
    CU_ASSERT_EQUAL(f.d.days, 8);
    ASSERT_STR(f.d.basis, "tier<99.7=8d");
    /* D = 25,920 s: exactly 99.0 %, 8 days; 25,921 s: 30. */
    CU_ASSERT_EQUAL(tx_outage(&f, 25920), 0);
    CU_ASSERT_EQUAL(f.d.days, 8);
    CU_ASSERT_EQUAL(tx_outage(&f, 25921), 0);
    CU_ASSERT_EQUAL(f.d.days, 30);
    CU_ASSERT_EQUAL(f.d.extension, 30 * DAY);
    tx_free(&f);
}

static void max_days_bounds_a_band(void)
{
    struct tx f;
    char msg[256];

    /* "At most 15": the 30-day band gives 15, the 8-day band its 8. */
    tx_init(&f, BILLING_ONE_TIME, 3000);
    CU_ASSERT_EQUAL(set(&f.p, "max_days", "15", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(tx_outage(&f, 25921), 0);
    CU_ASSERT_EQUAL(f.d.days, 15);
    CU_ASSERT_EQUAL(f.d.extension, 15 * DAY);
    ASSERT_STR(f.d.basis, "tier<99.0=30d;max=15d");
    ASSERT_STR(f.d.detail, "uptime 98.9999% below 99.0%: 30 day(s) of "
                           "service, at most the maximum: plan extended by "
                           "15 day(s)");
    CU_ASSERT_EQUAL(tx_outage(&f, 7777), 0);
    CU_ASSERT_EQUAL(f.d.days, 8);
    ASSERT_STR(f.d.basis, "tier<99.7=8d");
    /* A maximum equal to the band leaves it whole, no ";max". */
    CU_ASSERT_EQUAL(set(&f.p, "max_days", "30", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(tx_outage(&f, 25921), 0);
    CU_ASSERT_EQUAL(f.d.days, 30);
    ASSERT_STR(f.d.basis, "tier<99.0=30d");
    tx_free(&f);
}

static void days_are_paid_as_money_rounded_once(void)
{
    struct tx f;
    char msg[256];

    /* A subscription row under by_billing: money, fee × days / 30. 10.05
     * EUR × 3 / 30 = 100.5 cents: half up 101. */
    tx_init(&f, BILLING_SUBSCRIPTION, 1005);
    CU_ASSERT_EQUAL(tx_outage(&f, 2593), 0);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_EQUAL(f.d.extension, 0);
    CU_ASSERT_EQUAL(f.d.amount, 101);
    CU_ASSERT_EQUAL(f.d.raw_floor, 100);
    CU_ASSERT_FALSE(f.d.raw_exact);
    ASSERT_STR(f.d.basis, "tier<99.9=3d;days=3/30");
    ASSERT_STR(f.d.detail, "uptime 99.8999% below 99.9%: 3 day(s) of "
                           "service: paid as 3 day(s)");
    /* One minor unit either side of the half: 10.04 EUR ⇒ 100.4 ⇒ 100;
     * 10.06 EUR ⇒ 100.6 ⇒ 101. */
    f.s.fee = 1004;
    CU_ASSERT_EQUAL(tx_outage(&f, 2593), 0);
    CU_ASSERT_EQUAL(f.d.amount, 100);
    f.s.fee = 1006;
    CU_ASSERT_EQUAL(tx_outage(&f, 2593), 0);
    CU_ASSERT_EQUAL(f.d.amount, 101);
    /* half_even takes the half to the even 100. */
    f.s.fee = 1005;
    CU_ASSERT_EQUAL(set(&f.p, "rounding", "half_even", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(tx_outage(&f, 2593), 0);
    CU_ASSERT_EQUAL(f.d.amount, 100);
    /* day_divisor = 31: 31.00 EUR × 8 / 31 = 800 cents exactly. */
    f.s.fee = 3100;
    f.p.day_divisor = 31;
    CU_ASSERT_EQUAL(tx_outage(&f, 7777), 0);
    CU_ASSERT_EQUAL(f.d.amount, 800);
    CU_ASSERT_TRUE(f.d.raw_exact);
    ASSERT_STR(f.d.basis, "tier<99.7=8d;days=8/31");
    /* cap_percent bounds the money: 30 days of 30 are the whole fee, a 50 %
     * cap halves it: 31.00 × 30 / 31 = 3,000 > cap 1,550. */
    CU_ASSERT_EQUAL(set(&f.p, "cap_percent", "50", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(tx_outage(&f, 25921), 0);
    CU_ASSERT_EQUAL(f.d.amount, 1550);
    CU_ASSERT_TRUE(f.d.capped);
    ASSERT_STR(f.d.basis, "tier<99.0=30d;days=30/31;cap=50%");
    tx_free(&f);
}

static void explain_names_the_bands_in_days(void)
{
    struct tx f;
    struct buf b;

    tx_init(&f, BILLING_SUBSCRIPTION, 3000);
    CU_ASSERT_EQUAL(tx_outage(&f, 7777), 0);
    buf_init(&b, 0);
    policy_tiers.explain(&b, &f.p, &f.d, OCT - SEP);
    ASSERT_STR(buf_str(&b),
               "Rule: tiers — below 99.0% ⇒ 30 day(s); below 99.7% ⇒ 8 "
               "day(s); below 99.9% ⇒ 3 day(s); each day paid as 1/30 of the "
               "fee\n"
               "  uptime 99.6999% is below 99.7%, the smallest threshold it "
               "is below: 8 day(s) of service\n");
    buf_free(&b);
    tx_free(&f);

    tx_init(&f, BILLING_ONE_TIME, 3000);
    f.p.max_days = 15;
    CU_ASSERT_EQUAL(tx_outage(&f, 25921), 0);
    buf_init(&b, 0);
    policy_tiers.explain(&b, &f.p, &f.d, OCT - SEP);
    ASSERT_STR(buf_str(&b),
               "Rule: tiers — below 99.0% ⇒ 30 day(s); below 99.7% ⇒ 8 "
               "day(s); below 99.9% ⇒ 3 day(s), at most 15 day(s)\n"
               "  uptime 98.9999% is below 99.0%, the smallest threshold it "
               "is below: 30 day(s) of service, at most 15\n");
    buf_free(&b);
    tx_free(&f);
}

CU_TestInfo policy_tiers_days_tests[] = {
    {"tier_in_days_syntax", tier_in_days_syntax},
    {"remedies_that_carry_days", remedies_that_carry_days},
    {"bands_extend_the_plan_at_each_threshold",
     bands_extend_the_plan_at_each_threshold},
    {"max_days_bounds_a_band", max_days_bounds_a_band},
    {"days_are_paid_as_money_rounded_once",
     days_are_paid_as_money_rounded_once},
    {"explain_names_the_bands_in_days", explain_names_the_bands_in_days},
    CU_TEST_INFO_NULL,
};

/* Unit tests for kind = ladder: its keys and their validation, and
 * calc_decide() at the exact boundaries of a step (one second either side),
 * per outage against per month, started against full steps, `after`, exact
 * fractions rounded once (one minor unit either side of a half), the cap,
 * weighted downtime, and the reason and explanation in words. Every expected
 * figure is worked out by hand in the comment next to it.
 *
 * The month is September 2026 = [SEP, SEP + 30 d), 2,592,000 s (2026-09-01
 * is day 20697 of the epoch). */
#include "engine/calc.h"
#include "engine/policy.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "lib/money.h"
#include "testutil.h"
#include "write/explain.h"

#define DAY   86400
#define HOUR  3600
#define SEP   ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT   (SEP + 30 * DAY)
#define SCALE POLICY_SCALE

/* One ladder decision: the policy, a subscription, its evidence. */
struct lx {
    char name[16], id[16], customer[16], plan[16], payment[16];
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct wset w;
    bool weighted;
    struct decision d;
    struct err e;
};

/* "5 % of the fee for each started hour of each outage" on a 100.00 EUR
 * card subscription active all September, no downtime yet. */
static void lx_init(struct lx *f)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    snprintf(f->name, sizeof f->name, "ladder");
    snprintf(f->id, sizeof f->id, "s1");
    snprintf(f->customer, sizeof f->customer, "c1");
    snprintf(f->plan, sizeof f->plan, "basic");
    snprintf(f->payment, sizeof f->payment, "card");
    f->p.name = f->name;
    f->p.line = 10;
    f->p.kind = POLICY_LADDER;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.cap_percent = 100 * SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.multiplier = SCALE;
    f->p.fee_basis = FEE_FULL;
    f->p.step = HOUR;
    f->p.step_num = 5 * SCALE;
    f->p.step_den = 100 * SCALE;
    f->p.step_percent = true;
    f->p.units = LADDER_STARTED;
    f->p.per = LADDER_PER_OUTAGE;

    f->s.id = f->id;
    f->s.customer = f->customer;
    f->k.plan = f->plan;
    f->k.policy = &f->p;
    f->s.fee = 10000;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->k.billing = BILLING_SUBSCRIPTION;
    f->k.payment_method = f->payment;
    f->s.starts_at = SEP - 243 * DAY;
    f->s.ends_at = INT64_MAX;
    f->s.line = 2;
    ivset_init(&f->ev);
    wset_init(&f->w);
    calc_decision_init(&f->d);
}

static int lx_decide(struct lx *f)
{
    struct calc_input in;
    int rc;

    memset(&in, 0, sizeof in);
    ivset_normalize(&f->ev);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = SEP;
    in.month_end = OCT;
    in.evidence = &f->ev;
    if (f->weighted) {
        wset_normalize(&f->w);
        in.weighted = &f->w;
    }
    rc = calc_decide(&in, &f->d, &f->e);
    if (rc == 0)
        explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
    return rc;
}

static void lx_free(struct lx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
    wset_free(&f->w);
}

/* One outage of len seconds on September 2nd; returns the amount (-1 when
 * not credited), the steps in *steps. */
static int64_t one_outage(struct lx *f, int64_t len, int64_t *steps)
{
    ivset_clear(&f->ev);
    ivset_add(&f->ev, SEP + DAY, SEP + DAY + len);
    CU_ASSERT_EQUAL(lx_decide(f), 0);
    *steps = f->d.steps;
    return f->d.outcome == OUTCOME_CREDITED ? f->d.amount : -1;
}

static void started_hours_at_the_step_boundary(void)
{
    struct lx f;
    int64_t steps;

    /* 5 % of 100.00 EUR per started hour: 500 cents a step. */
    lx_init(&f);
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 500);
    CU_ASSERT_EQUAL(steps, 1);
    CU_ASSERT_EQUAL(one_outage(&f, HOUR - 1, &steps), 500);
    CU_ASSERT_EQUAL(one_outage(&f, HOUR, &steps), 500);
    CU_ASSERT_EQUAL(steps, 1);
    ASSERT_STR(f.d.basis, "steps=1*5%");
    CU_ASSERT_EQUAL(one_outage(&f, HOUR + 1, &steps), 1000);
    CU_ASSERT_EQUAL(steps, 2);
    ASSERT_STR(f.d.basis, "steps=2*5%");
    lx_free(&f);
}

static void full_hours_beyond_the_first_hour_and_a_half(void)
{
    struct lx f;
    int64_t steps;

    /* "10 % for each full hour beyond the first 1.5 hours": 1,000 cents a
     * step; a step needs 5,400 + 3,600 = 9,000 s. */
    lx_init(&f);
    f.p.units = LADDER_FULL;
    f.p.after = 5400;
    f.p.step_num = 10 * SCALE;
    CU_ASSERT_EQUAL(one_outage(&f, 5400, &steps), -1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    CU_ASSERT_EQUAL(one_outage(&f, 8999, &steps), -1);
    CU_ASSERT_EQUAL(steps, 0);
    CU_ASSERT_EQUAL(one_outage(&f, 9000, &steps), 1000);
    CU_ASSERT_EQUAL(steps, 1);
    CU_ASSERT_EQUAL(one_outage(&f, 9001, &steps), 1000);
    CU_ASSERT_EQUAL(one_outage(&f, 12599, &steps), 1000);
    CU_ASSERT_EQUAL(one_outage(&f, 12600, &steps), 2000);
    CU_ASSERT_EQUAL(steps, 2);
    lx_free(&f);
}

static void started_hours_after_the_first_hour_and_a_half(void)
{
    struct lx f;
    int64_t steps;

    /* Started steps past `after`: 5,400 s earn nothing, 5,401 s one step. */
    lx_init(&f);
    f.p.after = 5400;
    CU_ASSERT_EQUAL(one_outage(&f, 5400, &steps), -1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    ASSERT_STR(f.d.detail, "0 started step(s) of 3600s of downtime beyond "
                           "the first 5400s of each outage, each worth 5% "
                           "of the fee");
    CU_ASSERT_EQUAL(one_outage(&f, 5401, &steps), 500);
    CU_ASSERT_EQUAL(steps, 1);
    lx_free(&f);
}

static void per_outage_against_per_month(void)
{
    struct lx f;

    /* Two outages of 1,800 s: per outage each is a started hour (2 steps,
     * 1,000 cents); per month they are 3,600 s, one started hour (500). */
    lx_init(&f);
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 1800);
    ivset_add(&f.ev, SEP + 2 * DAY, SEP + 2 * DAY + 1800);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.steps, 2);
    CU_ASSERT_EQUAL(f.d.amount, 1000);
    f.p.per = LADDER_PER_MONTH;
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.steps, 1);
    CU_ASSERT_EQUAL(f.d.amount, 500);
    ASSERT_STR(f.d.detail, "1 started step(s) of 3600s of downtime in the "
                           "month, each worth 5% of the fee");
    /* One more second in the month: 3,601 s, two started hours. */
    ivset_add(&f.ev, SEP + 3 * DAY, SEP + 3 * DAY + 1);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.steps, 2);
    CU_ASSERT_EQUAL(f.d.amount, 1000);
    lx_free(&f);
}

static void touching_outages_are_one_outage(void)
{
    struct lx f;

    /* [t, t+1800) and [t+1800, t+3600) touch: one outage of exactly an
     * hour, one step, not two. */
    lx_init(&f);
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 1800);
    ivset_add(&f.ev, SEP + DAY + 1800, SEP + DAY + 3600);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.steps, 1);
    CU_ASSERT_EQUAL(f.d.amount, 500);
    lx_free(&f);
}

static void an_outage_counts_only_inside_the_active_window(void)
{
    struct lx f;

    /* A 3,600-s outage across the subscription's start at 2026-09-02
     * 00:00: only its 1,800 s inside A count. With after = 1,800 s nothing
     * is left past the free time (the whole outage would have given a
     * step); with after = 1,799 s one second is, one started step. */
    lx_init(&f);
    f.s.starts_at = SEP + DAY;
    f.p.after = 1800;
    ivset_add(&f.ev, SEP + DAY - 1800, SEP + DAY + 1800);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.down_secs, 1800);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    f.p.after = 1799;
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.steps, 1);
    CU_ASSERT_EQUAL(f.d.amount, 500);
    lx_free(&f);
}

static void a_fraction_is_rounded_once(void)
{
    struct lx f;
    int64_t steps;

    /* "1/30 of the fee for each 2 hours" (started) on 10.00 EUR:
     * one step 1,000 / 30 = 33.33 ⇒ 33; two steps 2,000 / 30 = 66.67 ⇒ 67
     * (rounding each step first would give 66). */
    lx_init(&f);
    f.s.fee = 1000;
    f.p.step = 2 * HOUR;
    f.p.step_num = 1;
    f.p.step_den = 30;
    f.p.step_percent = false;
    CU_ASSERT_EQUAL(one_outage(&f, 2 * HOUR, &steps), 33);
    ASSERT_STR(f.d.basis, "steps=1*1/30");
    CU_ASSERT_EQUAL(one_outage(&f, 2 * HOUR + 1, &steps), 67);
    CU_ASSERT_EQUAL(steps, 2);
    CU_ASSERT_FALSE(f.d.raw_exact);
    CU_ASSERT_EQUAL(f.d.raw_floor, 66);
    /* One minor unit either side of a half: 0.44, 0.45 and 0.46 EUR / 30
     * × 1 step are 1.4667, 1.5 and 1.5333 cents: 1, 2 (half up) and 2;
     * half_even takes 1.5 to 2 and 2.5 (0.75 EUR) to 2. */
    f.s.fee = 44;
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 1);
    f.s.fee = 45;
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 2);
    CU_ASSERT_TRUE(f.d.raw_exact == false);
    f.s.fee = 46;
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 2);
    f.p.rounding = MONEY_HALF_EVEN;
    f.s.fee = 75;
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 2);
    f.s.fee = 45;
    CU_ASSERT_EQUAL(one_outage(&f, 1, &steps), 2);
    lx_free(&f);
}

static void the_cap_bounds_the_ladder(void)
{
    struct lx f;
    int64_t steps;

    /* 25 started hours × 5 % = 125 %: the default cap of 100 % gives the
     * whole fee; cap_percent = 50 gives 5,000 cents; 10 hours (50 %) are
     * exactly at that cap and are not marked capped, 10 h 1 s are. */
    lx_init(&f);
    CU_ASSERT_EQUAL(one_outage(&f, 25 * HOUR, &steps), 10000);
    CU_ASSERT_EQUAL(steps, 25);
    CU_ASSERT_TRUE(f.d.capped);
    f.p.cap_percent = 50 * SCALE;
    CU_ASSERT_EQUAL(one_outage(&f, 25 * HOUR, &steps), 5000);
    ASSERT_STR(f.d.basis, "steps=25*5%;cap=50%");
    CU_ASSERT_EQUAL(one_outage(&f, 10 * HOUR, &steps), 5000);
    CU_ASSERT_FALSE(f.d.capped);
    CU_ASSERT_EQUAL(one_outage(&f, 10 * HOUR + 1, &steps), 5000);
    CU_ASSERT_EQUAL(steps, 11);
    CU_ASSERT_TRUE(f.d.capped);
    lx_free(&f);
}

static void weighted_downtime_counts_its_weight(void)
{
    struct lx f;

    /* A partial outage of 4 h at weight 0.3 is 4,320 s of downtime: two
     * started hours (1,000 cents), not four. */
    lx_init(&f);
    f.weighted = true;
    wset_add(&f.w, SEP + DAY, SEP + DAY + 4 * HOUR, 300);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.down_ms, 4320000);
    CU_ASSERT_EQUAL(f.d.steps, 2);
    CU_ASSERT_EQUAL(f.d.amount, 1000);
    lx_free(&f);
}

static void explain_lists_each_outage_and_its_steps(void)
{
    struct lx f;
    struct buf b;

    lx_init(&f);
    f.p.units = LADDER_FULL;
    f.p.after = 5400;
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 9000);
    ivset_add(&f.ev, SEP + 2 * DAY, SEP + 2 * DAY + 600);
    CU_ASSERT_EQUAL(lx_decide(&f), 0);
    buf_init(&b, 0);
    policy_ladder.explain(&b, &f.p, &f.d, OCT - SEP);
    ASSERT_STR(buf_str(&b),
               "Rule: ladder — every full step of 3600 s of downtime beyond "
               "the first 5400 s of each outage is worth 5% of the fee\n"
               "  outage 2026-09-02T00:00:00Z – 2026-09-02T02:30:00Z: "
               "9000.000 s: 1 step(s)\n"
               "  outage 2026-09-03T00:00:00Z – 2026-09-03T00:10:00Z: "
               "600.000 s: 0 step(s)\n");
    buf_free(&b);
    lx_free(&f);
}

/* "One day of service for every 15 minutes of downtime beyond the 0.1 %
 * threshold, not more than 30 days": 0.1 % of September is 2,592 s. A
 * one-time plan ending 2026-10-11 is extended. */
static void lx_days(struct lx *f)
{
    f->p.step = 900;
    f->p.step_num = f->p.step_den = 0;
    f->p.step_percent = false;
    f->p.step_days = 1;
    f->p.max_days = 30;
    f->p.after = 2592;
    f->p.units = LADDER_FULL;
    f->p.per = LADDER_PER_MONTH;
    f->p.remedy = REMEDY_PLAN_EXTENSION;
    f->k.billing = BILLING_ONE_TIME;
    f->s.has_end = true;
    f->s.ends_at = OCT + 10 * DAY;
}

static void days_ladder_extends_the_plan_at_the_boundary(void)
{
    struct lx f;
    int64_t steps;

    lx_init(&f);
    lx_days(&f);
    /* 2,592 + 899 s: no full 15 minutes past the threshold. */
    CU_ASSERT_EQUAL(one_outage(&f, 3491, &steps), -1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_ABOVE_THRESHOLD);
    ASSERT_STR(f.d.detail, "no full step of 900s of downtime beyond the first "
                           "2592s of the month: no day of service");
    /* 2,592 + 900 s: one step, one day: the end moves 86,400 s. */
    CU_ASSERT_EQUAL(one_outage(&f, 3492, &steps), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.days, 1);
    CU_ASSERT_EQUAL(f.d.extension, DAY);
    CU_ASSERT_TRUE(f.d.has_new_end);
    CU_ASSERT_EQUAL(f.d.new_ends_at, OCT + 11 * DAY);
    ASSERT_STR(f.d.basis, "steps=1*1d");
    ASSERT_STR(f.d.detail, "1 full step(s) of 900s of downtime beyond the "
                           "first 2592s of the month, each worth 1 day(s): "
                           "plan extended by 1 day(s)");
    /* 30 steps are 30 days, exactly the maximum; 31 steps are capped. */
    CU_ASSERT_EQUAL(one_outage(&f, 2592 + 30 * 900, &steps), 0);
    CU_ASSERT_EQUAL(f.d.days, 30);
    ASSERT_STR(f.d.basis, "steps=30*1d");
    CU_ASSERT_EQUAL(one_outage(&f, 2592 + 31 * 900, &steps), 0);
    CU_ASSERT_EQUAL(steps, 31);
    CU_ASSERT_EQUAL(f.d.days, 30);
    CU_ASSERT_EQUAL(f.d.extension, 30 * DAY);
    ASSERT_STR(f.d.basis, "steps=31*1d;max=30d");
    ASSERT_STR(f.d.detail, "31 full step(s) of 900s of downtime beyond the "
                           "first 2592s of the month, each worth 1 day(s), at "
                           "most the maximum: plan extended by 30 day(s)");
    lx_free(&f);
}

static void days_ladder_pays_days_as_money_for_subscriptions(void)
{
    struct lx f;
    int64_t steps;

    /* by_billing on a subscription row: the days are money, 1/30 of the fee
     * each: 6.00 EUR × 2 / 30 = 40 cents; 3 steps × 2 days = 6 days, at most
     * 5: 6.00 × 5 / 30 = 100 cents. */
    lx_init(&f);
    lx_days(&f);
    f.p.remedy = REMEDY_BY_BILLING;
    f.k.billing = BILLING_SUBSCRIPTION;
    f.s.fee = 600;
    f.p.step_days = 2;
    f.p.max_days = 5;
    CU_ASSERT_EQUAL(one_outage(&f, 3492, &steps), 40);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_EQUAL(f.d.extension, 0);
    ASSERT_STR(f.d.basis, "steps=1*2d;days=2/30");
    CU_ASSERT_EQUAL(one_outage(&f, 2592 + 3 * 900, &steps), 100);
    ASSERT_STR(f.d.basis, "steps=3*2d;max=5d;days=5/30");
    ASSERT_STR(f.d.detail, "3 full step(s) of 900s of downtime beyond the "
                           "first 2592s of the month, each worth 2 day(s), at "
                           "most the maximum: paid as 5 day(s)");
    lx_free(&f);
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

static void step_credit_is_a_percentage_or_a_fraction(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "l", 1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "5%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_num, 5 * SCALE);
    CU_ASSERT_EQUAL(p.step_den, 100 * SCALE);
    CU_ASSERT_TRUE(p.step_percent);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "12.5%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_num, 125000);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "1/30", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_num, 1);
    CU_ASSERT_EQUAL(p.step_den, 30);
    CU_ASSERT_FALSE(p.step_percent);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "30/30", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "100%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "31/30", msg, sizeof msg), -1);
    ASSERT_STR(msg, "step_credit: a step is worth at most the whole fee: "
                    "31/30");
    CU_ASSERT_EQUAL(set(&p, "step_credit", "100.0001%", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "0%", msg, sizeof msg), -1);
    ASSERT_STR(msg, "step_credit: must be more than 0: 0%");
    CU_ASSERT_EQUAL(set(&p, "step_credit", "0/30", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "1/0", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "5", msg, sizeof msg), -1);
    ASSERT_STR(msg, "step_credit: want a percentage (5%) or a fraction "
                    "(1/30): 5");
    CU_ASSERT_EQUAL(set(&p, "step_credit", "0.05", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "%", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "1/-30", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "1d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_days, 1);
    CU_ASSERT_EQUAL(p.step_den, 0);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "366d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_days, 366);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "0d", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "367d", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "d", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "max_days", "0", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "max_days", "30", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.max_days, 30);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "100%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step_days, 0); /* a share replaces the days */
    /* A failed value leaves the last good one. */
    CU_ASSERT_EQUAL(p.step_num, 100 * SCALE);
    CU_ASSERT_EQUAL(p.step_den, 100 * SCALE);
    CU_ASSERT_EQUAL(set(&p, "units", "started", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.units, LADDER_STARTED);
    CU_ASSERT_EQUAL(set(&p, "units", "full", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.units, LADDER_FULL);
    CU_ASSERT_EQUAL(set(&p, "units", "partial", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "per", "outage", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.per, LADDER_PER_OUTAGE);
    CU_ASSERT_EQUAL(set(&p, "per", "month", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.per, LADDER_PER_MONTH);
    CU_ASSERT_EQUAL(set(&p, "per", "incident", msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "after", "90m", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.after, 5400);
    CU_ASSERT_EQUAL(set(&p, "step", "2h", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(p.step, 7200);
    policy_free(&p);
}

static void validation_rejects_incomplete_and_contradictory_ladders(void)
{
    struct policy p;
    char msg[256];

    policy_init(&p, "l", 1);
    CU_ASSERT_EQUAL(set(&p, "kind", "ladder", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind = ladder needs step, a duration of more than 0 s");
    CU_ASSERT_EQUAL(set(&p, "step", "0", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    /* Durations past a year would overflow milliseconds: refused. */
    CU_ASSERT_EQUAL(set(&p, "step", "367d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "step and after: at most 366d (a ladder counts one "
                    "period's downtime)");
    CU_ASSERT_EQUAL(set(&p, "step", "1h", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "after", "9223372036854775807", msg, sizeof msg),
                    0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "after", "366d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind = ladder needs step_credit (5%, 1/30 or 1d)");
    CU_ASSERT_EQUAL(set(&p, "step_credit", "5%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind = ladder needs units = started or units = full");
    CU_ASSERT_EQUAL(set(&p, "units", "started", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "kind = ladder needs per = outage or per = month");
    CU_ASSERT_EQUAL(set(&p, "per", "outage", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    /* Days cannot come out of a money ladder. */
    CU_ASSERT_EQUAL(set(&p, "remedy", "plan_extension", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "remedy = plan_extension needs step_credit in days (1d): "
                    "only days can extend a plan");
    CU_ASSERT_EQUAL(set(&p, "remedy", "by_billing", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    /* ... but a ladder in days can, and only it takes max_days. */
    CU_ASSERT_EQUAL(set(&p, "step_credit", "1d", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "remedy", "plan_extension", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "max_days", "15", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "step_credit", "5%", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    CU_ASSERT_EQUAL(set(&p, "remedy", "invoice_credit", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "max_days is for a ladder in days (step_credit = 1d); "
                    "cap a share of the fee with cap_percent");
    p.max_days = 0;
    CU_ASSERT_EQUAL(set(&p, "remedy", "invoice_credit", msg, sizeof msg), 0);
    /* A tier on a ladder, and ladder keys on another kind, contradict. */
    CU_ASSERT_EQUAL(set(&p, "tier", "99.9 10", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "tier is for kind = tiers");
    CU_ASSERT_EQUAL(set(&p, "kind", "tiers", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "step, step_credit, after, units and per are for kind = "
                    "ladder");
    policy_free(&p);

    policy_init(&p, "m", 1);
    CU_ASSERT_EQUAL(set(&p, "kind", "per_day", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(set(&p, "per", "month", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    policy_free(&p);
}

CU_TestInfo policy_ladder_tests[] = {
    {"started_hours_at_the_step_boundary", started_hours_at_the_step_boundary},
    {"full_hours_beyond_the_first_hour_and_a_half",
     full_hours_beyond_the_first_hour_and_a_half},
    {"started_hours_after_the_first_hour_and_a_half",
     started_hours_after_the_first_hour_and_a_half},
    {"per_outage_against_per_month", per_outage_against_per_month},
    {"touching_outages_are_one_outage", touching_outages_are_one_outage},
    {"an_outage_counts_only_inside_the_active_window",
     an_outage_counts_only_inside_the_active_window},
    {"a_fraction_is_rounded_once", a_fraction_is_rounded_once},
    {"the_cap_bounds_the_ladder", the_cap_bounds_the_ladder},
    {"weighted_downtime_counts_its_weight",
     weighted_downtime_counts_its_weight},
    {"explain_lists_each_outage_and_its_steps",
     explain_lists_each_outage_and_its_steps},
    {"days_ladder_extends_the_plan_at_the_boundary",
     days_ladder_extends_the_plan_at_the_boundary},
    {"days_ladder_pays_days_as_money_for_subscriptions",
     days_ladder_pays_days_as_money_for_subscriptions},
    {"step_credit_is_a_percentage_or_a_fraction",
     step_credit_is_a_percentage_or_a_fraction},
    {"validation_rejects_incomplete_and_contradictory_ladders",
     validation_rejects_incomplete_and_contradictory_ladders},
    CU_TEST_INFO_NULL,
};

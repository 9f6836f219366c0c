/* Unit tests for calc: the exact uptime comparison and its printed form, and
 * calc_decide() end to end on hand-built policies, subscriptions and
 * evidence: each policy kind, remedies, fee basis, cap, minimum, rounding,
 * and the outcome order of SPEC §4.8. Every expected figure is worked out
 * by hand in the comment next to it.
 *
 * Months used: September 2026 = [SEP, OCT), 30 days = 2,592,000 s, and
 * October 2026 = [OCT, NOV), 31 days = 2,678,400 s. 2026-01-01 is day 20454;
 * September 1 is 243 days later (31+28+31+30+31+30+31+31), day 20697. */
#include "engine/calc.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/money.h"
#include "lib/rx.h"
#include "read/config.h"
#include "read/roster.h"
#include "testutil.h"
#include "write/explain.h"

#define N(a)  (sizeof(a) / sizeof((a)[0]))
#define DAY   86400
#define SEP   ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z = 1788220800 */
#define OCT   (SEP + 30 * DAY)       /* 2026-10-01T00:00:00Z */
#define NOV   (OCT + 31 * DAY)       /* 2026-11-01T00:00:00Z */
#define SCALE CONFIG_SCALE           /* "99.9" -> 999000 */

/* One decision to make: a policy, a subscription, its evidence, the month. */
struct fx {
    char name[16], id[16], customer[16], plan[16], payment[16], pm[16];
    char *pms[1];
    struct tier tiers[3];
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev, excl;
    struct wset w; /* weighted evidence, used instead of ev when weighted */
    bool weighted;
    int64_t m0, m1;
    struct decision d;
    struct err e;
};

/* The SPEC §2 tiers: below 99.9 % 10 %, below 99.0 % 25 %, below 95.0 %
 * 50 %, sorted by threshold as config_load() leaves them. */
static const struct tier spec_tiers[3] = {
    {950000, 500000},
    {990000, 250000},
    {999000, 100000},
};

/* A policy of kind with the config defaults (cap 100 %, day_divisor 30,
 * multiplier 1, min_outage 0, half-up, full fee, invoice_credit), and a
 * 6.00 EUR card subscription s1 active since January with no end, in
 * September 2026, with no downtime yet. */
static void fx_init(struct fx *f, enum policy_kind kind)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    snprintf(f->name, sizeof f->name, "p");
    snprintf(f->id, sizeof f->id, "s1");
    snprintf(f->customer, sizeof f->customer, "c1");
    snprintf(f->plan, sizeof f->plan, "basic");
    snprintf(f->payment, sizeof f->payment, "card");
    memcpy(f->tiers, spec_tiers, sizeof f->tiers);

    f->p.name = f->name;
    f->p.line = 10;
    f->p.kind = kind;
    f->p.evidence = EVIDENCE_MONITORING;
    if (kind == POLICY_TIERS) {
        f->p.tiers = f->tiers;
        f->p.ntiers = 3;
    }
    f->p.cap_percent = 100 * SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.min_outage = 0;
    f->p.multiplier = 1 * SCALE;
    f->p.fee_basis = FEE_FULL;

    f->s.id = f->id;
    f->s.customer = f->customer;
    f->k.plan = f->plan;
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->k.billing = BILLING_SUBSCRIPTION;
    f->k.payment_method = f->payment;
    f->s.starts_at = SEP - 243 * DAY; /* 2026-01-01 */
    f->s.ends_at = INT64_MAX;
    f->s.has_end = false;
    f->s.line = 2;

    ivset_init(&f->ev);
    ivset_init(&f->excl);
    wset_init(&f->w);
    f->m0 = SEP;
    f->m1 = OCT;
    calc_decision_init(&f->d);
}

/* Excludes payment method m from money credits. */
static void fx_exclude_payment(struct fx *f, const char *m)
{
    snprintf(f->pm, sizeof f->pm, "%s", m);
    f->pms[0] = f->pm;
    f->p.exclude_payment_methods = f->pms;
    f->p.nexclude_payment_methods = 1;
}

/* Runs calc_decide; returns its status. */
static int fx_decide(struct fx *f)
{
    struct calc_input in;
    int rc;

    memset(&in, 0, sizeof in);
    ivset_normalize(&f->ev);
    ivset_normalize(&f->excl);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = f->m0;
    in.month_end = f->m1;
    in.evidence = &f->ev;
    in.weighted = NULL;
    if (f->weighted) {
        wset_normalize(&f->w);
        in.weighted = &f->w;
    }
    in.excluded = f->excl.n > 0 ? &f->excl : NULL;
    rc = calc_decide(&in, &f->d, &f->e);
    /* The reason in words, as run writes it into decisions.csv. */
    if (rc == 0)
        explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
    return rc;
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
    ivset_free(&f->excl);
    wset_free(&f->w);
    rx_free(f->p.plan_pattern);
    f->p.plan_pattern = NULL;
}

static void check_outcome(const struct fx *f, enum outcome want)
{
    if (f->d.outcome != want)
        fprintf(stderr, "\n  outcome %s, want %s (%s)\n",
                calc_outcome_name(f->d.outcome), calc_outcome_name(want),
                f->d.detail);
    CU_ASSERT_EQUAL(f->d.outcome, want);
}

static void uptime_below_is_exact_at_the_threshold(void)
{
    static const struct {
        int64_t active, down, threshold;
        bool want;
    } cases[] = {
        /* 30 days: 99.9 % allows exactly 2,592 s. */
        {2592000, 2592, 999000, false},
        {2592000, 2593, 999000, true},
        {2592000, 2591, 999000, false},
        /* 44 minutes: breaches 99.9 % in 30 days... */
        {2592000, 2640, 999000, true},
        /* ...but not in 31 days, which allow 2,678.4 s. */
        {2678400, 2640, 999000, false},
        {2678400, 2678, 999000, false},
        {2678400, 2679, 999000, true},
        /* 99.0 % of 30 days allows 25,920 s; 95.0 % allows 129,600 s. */
        {2592000, 25920, 990000, false},
        {2592000, 25921, 990000, true},
        {2592000, 129600, 950000, false},
        {2592000, 129601, 950000, true},
        /* Nothing down is never below; all down is below any threshold. */
        {2592000, 0, 1000000, false},
        {2592000, 2592000, 1, true},
        /* One second of a one-second window. */
        {1, 1, 999000, true},
        {1, 0, 999000, false},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        bool got = calc_uptime_below(cases[k].active, cases[k].down,
                                     cases[k].threshold);
        if (got != cases[k].want)
            fprintf(stderr, "\n  %lld of %lld down vs %lld: got %d\n",
                    (long long)cases[k].down, (long long)cases[k].active,
                    (long long)cases[k].threshold, got);
        CU_ASSERT_EQUAL(got, cases[k].want);
    }
}

static void uptime_text_truncates_to_four_decimals(void)
{
    static const struct {
        int64_t active, down;
        const char *want;
    } cases[] = {
        /* 2,502,000 / 2,592,000 = 96.527777...% */
        {2592000, 90000, "96.5277"},
        {2592000, 0, "100.0000"},
        {2592000, 2592, "99.9000"},
        /* 2,589,407 / 2,592,000 = 99.899961...%: not rounded up to 99.9. */
        {2592000, 2593, "99.8999"},
        /* 2,558,304 / 2,592,000 = 98.7 % exactly. */
        {2592000, 33696, "98.7000"},
        {2592000, 2592000, "0.0000"},
        {3, 1, "66.6666"},
        {3, 2, "33.3333"},
        /* 2,675,760 / 2,678,400 = 99.901433...% */
        {2678400, 2640, "99.9014"},
        /* One second down in 30 days: 99.999961...% */
        {2592000, 1, "99.9999"},
    };
    size_t k;
    char out[32];

    for (k = 0; k < N(cases); k++) {
        calc_uptime_text(cases[k].active, cases[k].down, out, sizeof out);
        ASSERT_STR(out, cases[k].want);
    }
}

static void scaled_text_drops_trailing_zeros(void)
{
    static const struct {
        int64_t v;
        int min_frac;
        const char *want;
    } cases[] = {
        {999000, 1, "99.9"},  {990000, 1, "99.0"},  {950000, 1, "95.0"},
        {250000, 0, "25"},    {125000, 0, "12.5"},  {1000000, 0, "100"},
        {333300, 0, "33.33"}, {5, 0, "0.0005"},     {0, 0, "0"},
        {0, 1, "0.0"},        {999900, 1, "99.99"},
    };
    size_t k;
    char out[32];

    for (k = 0; k < N(cases); k++) {
        calc_scaled_text(cases[k].v, cases[k].min_frac, out, sizeof out);
        ASSERT_STR(out, cases[k].want);
    }
}

static void outcome_names_match_decisions_csv(void)
{
    ASSERT_STR(calc_outcome_name(OUTCOME_NOT_ACTIVE), "not_active");
    ASSERT_STR(calc_outcome_name(OUTCOME_INELIGIBLE_PLAN), "ineligible_plan");
    ASSERT_STR(calc_outcome_name(OUTCOME_INELIGIBLE_PAYMENT_METHOD),
               "ineligible_payment_method");
    ASSERT_STR(calc_outcome_name(OUTCOME_NO_DOWNTIME), "no_downtime");
    ASSERT_STR(calc_outcome_name(OUTCOME_NO_CLAIM), "no_claim");
    ASSERT_STR(calc_outcome_name(OUTCOME_ABOVE_THRESHOLD), "above_threshold");
    ASSERT_STR(calc_outcome_name(OUTCOME_BELOW_MINIMUM), "below_minimum");
    ASSERT_STR(calc_outcome_name(OUTCOME_CREDITED), "credited");
    ASSERT_STR(calc_outcome_name(OUTCOME_ALREADY_ISSUED), "already_issued");
}

static void per_day_six_euros_two_days_is_forty_cents(void)
{
    struct fx f;

    /* 24 h on the 10th and 1 h on the 20th: 90,000 s, two started days;
     * 6.00 EUR × 2 / 30 = 0.40 EUR. */
    fx_init(&f, POLICY_PER_DAY);
    ivset_add(&f.ev, SEP + 9 * DAY + 6 * 3600, SEP + 10 * DAY + 6 * 3600);
    ivset_add(&f.ev, SEP + 19 * DAY + 12 * 3600, SEP + 19 * DAY + 13 * 3600);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.active_start, SEP);
    CU_ASSERT_EQUAL(f.d.active_end, OCT);
    CU_ASSERT_EQUAL(f.d.active_secs, 2592000);
    CU_ASSERT_EQUAL(f.d.down_secs, 90000);
    ASSERT_STR(f.d.uptime, "96.5277");
    CU_ASSERT_EQUAL(f.d.days, 2);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    CU_ASSERT_EQUAL(f.d.extension, 0);
    CU_ASSERT_FALSE(f.d.has_new_end);
    CU_ASSERT_EQUAL(f.d.cap, 600);
    CU_ASSERT_FALSE(f.d.capped);
    ASSERT_STR(f.d.basis, "days=2/30");
    CU_ASSERT_EQUAL(f.d.down.n, 2);
    fx_free(&f);
}

static void per_day_counts_started_days(void)
{
    static const struct {
        int64_t down;
        int64_t days, amount; /* 6.00 EUR × days / 30 */
    } cases[] = {
        {1, 1, 20},         {86400, 1, 20},        {86401, 2, 40},
        {3 * 86400, 3, 60}, {30 * 86400, 30, 600},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, POLICY_PER_DAY);
        ivset_add(&f.ev, SEP, SEP + cases[k].down);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_CREDITED);
        CU_ASSERT_EQUAL(f.d.days, cases[k].days);
        CU_ASSERT_EQUAL(f.d.amount, cases[k].amount);
        fx_free(&f);
    }
}

static void one_time_by_billing_extends_the_plan(void)
{
    struct fx f;

    /* The same plan paid once, expiring 2026-10-01: two started days move
     * the expiry to 2026-10-03; no money. The excluded payment method does
     * not matter: an extension is not a payment. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.remedy = REMEDY_BY_BILLING;
    fx_exclude_payment(&f, "card");
    f.k.billing = BILLING_ONE_TIME;
    f.s.starts_at = SEP;
    f.s.ends_at = OCT;
    f.s.has_end = true;
    ivset_add(&f.ev, SEP + 9 * DAY + 6 * 3600, SEP + 10 * DAY + 6 * 3600);
    ivset_add(&f.ev, SEP + 19 * DAY + 12 * 3600, SEP + 19 * DAY + 13 * 3600);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_PLAN_EXTENSION);
    CU_ASSERT_EQUAL(f.d.days, 2);
    CU_ASSERT_EQUAL(f.d.extension, 172800);
    CU_ASSERT_TRUE(f.d.has_new_end);
    CU_ASSERT_EQUAL(f.d.new_ends_at, OCT + 2 * DAY);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.down_secs, 90000);
    ASSERT_STR(f.d.uptime, "96.5277");
    ASSERT_STR(f.d.basis, "days=2/30");
    fx_free(&f);
}

static void plan_extension_without_an_end_moves_nothing(void)
{
    struct fx f;

    /* remedy = plan_extension on an open-ended subscription: the extension
     * is computed, but there is no expiry to move. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.remedy = REMEDY_PLAN_EXTENSION;
    ivset_add(&f.ev, SEP, SEP + 3 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_PLAN_EXTENSION);
    CU_ASSERT_EQUAL(f.d.extension, 3 * DAY);
    CU_ASSERT_FALSE(f.d.has_new_end);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    fx_free(&f);
}

static void subscription_by_billing_is_an_invoice_credit(void)
{
    struct fx f;

    fx_init(&f, POLICY_PER_DAY);
    f.p.remedy = REMEDY_BY_BILLING;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.remedy, REMEDY_INVOICE_CREDIT);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    CU_ASSERT_EQUAL(f.d.extension, 0);
    CU_ASSERT_FALSE(f.d.has_new_end);
    fx_free(&f);
}

static void tiers_98_7_percent_gives_25_percent(void)
{
    struct fx f;

    /* 33,696 s down of 2,592,000: uptime 98.7 %, below 99.0 but not below
     * 95.0, so 25 % of 20.00 EUR = 5.00 EUR. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP + 4 * DAY, SEP + 4 * DAY + 33696);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    ASSERT_STR(f.d.uptime, "98.7000");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.d.tier);
    CU_ASSERT_EQUAL(f.d.tier->threshold, 990000);
    CU_ASSERT_EQUAL(f.d.tier->percent, 250000);
    CU_ASSERT_EQUAL(f.d.amount, 500);
    ASSERT_STR(f.d.basis, "tier<99.0=25%");
    fx_free(&f);
}

static void tiers_at_exactly_99_9_percent_earn_nothing(void)
{
    struct fx f;

    /* 2,592 s of 2,592,000 is exactly 99.9 %: not below 99.9. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP + 14 * DAY + 36000, SEP + 14 * DAY + 36000 + 2592);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_ABOVE_THRESHOLD);
    ASSERT_STR(f.d.uptime, "99.9000");
    CU_ASSERT_EQUAL(f.d.down_secs, 2592);
    CU_ASSERT_PTR_NULL(f.d.tier);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    fx_free(&f);
}

static void tiers_one_second_past_99_9_earns_the_first_tier(void)
{
    struct fx f;

    /* 2,593 s: 99.8999...%, 10 % of 20.00 EUR = 2.00 EUR. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP + 14 * DAY, SEP + 14 * DAY + 2593);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    ASSERT_STR(f.d.uptime, "99.8999");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.d.tier);
    CU_ASSERT_EQUAL(f.d.tier->threshold, 999000);
    CU_ASSERT_EQUAL(f.d.amount, 200);
    ASSERT_STR(f.d.basis, "tier<99.9=10%");
    fx_free(&f);
}

static void tiers_44_minutes_breach_a_30_day_month_only(void)
{
    struct fx f;

    /* 2,640 s in September (allowance 2,592 s): 10 %. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 2640);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 200);
    fx_free(&f);

    /* The same 2,640 s in October (allowance 2,678.4 s): nothing. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    f.m0 = OCT;
    f.m1 = NOV;
    ivset_add(&f.ev, OCT + DAY, OCT + DAY + 2640);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_ABOVE_THRESHOLD);
    CU_ASSERT_EQUAL(f.d.active_secs, 2678400);
    ASSERT_STR(f.d.uptime, "99.9014");
    fx_free(&f);
}

static void tiers_pick_the_smallest_threshold_missed(void)
{
    static const struct {
        int64_t down;
        int64_t amount; /* of 20.00 EUR */
        const char *basis;
    } cases[] = {
        {2593, 200, "tier<99.9=10%"},
        {25920, 200, "tier<99.9=10%"}, /* exactly 99.0 % */
        {25921, 500, "tier<99.0=25%"},
        {129600, 500, "tier<99.0=25%"}, /* exactly 95.0 % */
        {129601, 1000, "tier<95.0=50%"},
        {2592000, 1000, "tier<95.0=50%"}, /* down all month */
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, POLICY_TIERS);
        f.s.fee = 2000;
        ivset_add(&f.ev, SEP, SEP + cases[k].down);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_CREDITED);
        CU_ASSERT_EQUAL(f.d.amount, cases[k].amount);
        ASSERT_STR(f.d.basis, cases[k].basis);
        fx_free(&f);
    }
}

static void prorated_counts_long_outages_times_multiplier(void)
{
    struct fx f;

    /* Outages of 600 s, 3,600 s and 300 s; min_outage 600 keeps the first
     * two (4,200 s). 30.00 EUR × 10 × 4,200 / 2,592,000 = 48.61 cents: 49.
     * D still holds all 4,500 s. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 3000;
    f.p.min_outage = 600;
    f.p.multiplier = 10 * SCALE;
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 600);
    ivset_add(&f.ev, SEP + 2 * DAY, SEP + 2 * DAY + 3600);
    ivset_add(&f.ev, SEP + 3 * DAY, SEP + 3 * DAY + 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 4500);
    CU_ASSERT_EQUAL(f.d.counted_ms, 4200000);
    CU_ASSERT_EQUAL(f.d.amount, 49);
    ASSERT_STR(f.d.uptime, "99.8263");
    ASSERT_STR(f.d.basis, "outage=4200s/2592000s*10");
    fx_free(&f);
}

static void prorated_without_multiplier_counts_every_second(void)
{
    struct fx f;

    /* Default multiplier 1 and min_outage 0: 25.92 EUR × 2,592 / 2,592,000
     * = 2.592 cents: 3. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 2592;
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 2000);
    ivset_add(&f.ev, SEP + 2 * DAY, SEP + 2 * DAY + 592);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.counted_ms, 2592000);
    CU_ASSERT_EQUAL(f.d.amount, 3);
    ASSERT_STR(f.d.basis, "outage=2592s/2592000s");
    fx_free(&f);
}

static void prorated_touching_outages_are_one_outage(void)
{
    struct fx f;

    /* [t, t+300) and [t+300, t+600) touch: one 600-s outage, which reaches
     * min_outage = 600. 30.00 EUR × 600 / 2,592,000 = 0.69 cents: 1. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 3000;
    f.p.min_outage = 600;
    ivset_add(&f.ev, SEP + 5 * DAY + 300, SEP + 5 * DAY + 600);
    ivset_add(&f.ev, SEP + 5 * DAY, SEP + 5 * DAY + 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.counted_ms, 600000);
    CU_ASSERT_EQUAL(f.d.amount, 1);
    fx_free(&f);

    /* One second more of min_outage and nothing qualifies. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 3000;
    f.p.min_outage = 601;
    ivset_add(&f.ev, SEP + 5 * DAY + 300, SEP + 5 * DAY + 600);
    ivset_add(&f.ev, SEP + 5 * DAY, SEP + 5 * DAY + 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_ABOVE_THRESHOLD);
    CU_ASSERT_EQUAL(f.d.down_secs, 600);
    CU_ASSERT_EQUAL(f.d.counted_ms, 0);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    fx_free(&f);
}

static void prorated_fee_basis_for_half_a_month(void)
{
    struct fx f;

    /* Active from September 16: |A| = 15 days = 1,296,000 s, so F = 6.00 ×
     * 1,296,000 / 2,592,000 = 3.00 EUR. 86,401 s down is two started days:
     * 3.00 × 2 / 30 = 0.20 EUR. The cap is F itself, 300. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.fee_basis = FEE_PRORATED;
    f.s.starts_at = SEP + 15 * DAY;
    ivset_add(&f.ev, SEP + 20 * DAY, SEP + 21 * DAY + 1);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.active_start, SEP + 15 * DAY);
    CU_ASSERT_EQUAL(f.d.active_secs, 1296000);
    CU_ASSERT_EQUAL(f.d.fee_basis_num, 600);
    CU_ASSERT_EQUAL(f.d.fee_basis_mul, 1296000);
    CU_ASSERT_EQUAL(f.d.fee_basis_den, 2592000);
    CU_ASSERT_EQUAL(f.d.days, 2);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.cap, 300);
    ASSERT_STR(f.d.basis, "days=2/30;fee=prorated");
    fx_free(&f);
}

static void prorated_fee_basis_is_rounded_only_once(void)
{
    struct fx f;

    /* Active from September 11: |A| = 20 days = 1,728,000 s; F = 10.00 ×
     * 2/3 = 666.67 cents, kept exact. 86,401 s down: uptime 1,641,599 /
     * 1,728,000 = 94.99994 %, below 95.0, so 50 %: 333.33 cents = 333.
     * Rounding F first (667) would give 333.5 = 334. */
    fx_init(&f, POLICY_TIERS);
    f.p.fee_basis = FEE_PRORATED;
    f.s.fee = 1000;
    f.s.starts_at = SEP + 10 * DAY;
    ivset_add(&f.ev, SEP + 12 * DAY, SEP + 13 * DAY + 1);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    ASSERT_STR(f.d.uptime, "94.9999");
    CU_ASSERT_EQUAL(f.d.amount, 333);
    CU_ASSERT_EQUAL(f.d.cap, 666);
    ASSERT_STR(f.d.basis, "tier<95.0=50%;fee=prorated");
    fx_free(&f);

    /* Exactly 86,400 s is exactly 95 %: the 25 % tier, 166.67 = 167. */
    fx_init(&f, POLICY_TIERS);
    f.p.fee_basis = FEE_PRORATED;
    f.s.fee = 1000;
    f.s.starts_at = SEP + 10 * DAY;
    ivset_add(&f.ev, SEP + 12 * DAY, SEP + 13 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    ASSERT_STR(f.d.uptime, "95.0000");
    CU_ASSERT_EQUAL(f.d.amount, 167);
    fx_free(&f);
}

static void active_window_clips_the_evidence(void)
{
    struct fx f;

    /* Active [Sep 11, Sep 21): evidence from Sep 10 to Sep 12 counts from
     * Sep 11 only (86,400 s); evidence after Sep 21 not at all. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.starts_at = SEP + 10 * DAY;
    f.s.ends_at = SEP + 20 * DAY;
    f.s.has_end = true;
    ivset_add(&f.ev, SEP + 9 * DAY, SEP + 11 * DAY);
    ivset_add(&f.ev, SEP + 25 * DAY, SEP + 26 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.active_secs, 10 * DAY);
    CU_ASSERT_EQUAL(f.d.down_secs, DAY);
    CU_ASSERT_EQUAL(f.d.down.n, 1);
    CU_ASSERT_EQUAL(f.d.down.v[0].start, SEP + 10 * DAY);
    CU_ASSERT_EQUAL(f.d.down.v[0].end, SEP + 11 * DAY);
    ASSERT_STR(f.d.uptime, "90.0000");
    fx_free(&f);
}

static void excluded_windows_leave_downtime_not_the_month(void)
{
    struct fx f;

    /* 2 h of evidence with a 30-minute maintenance window in it: D is
     * 5,400 s, the excluded part 1,800 s, and |A| stays the whole month:
     * 2,586,600 / 2,592,000 = 99.79166...%, below 99.9: 10 % of 20.00. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP + DAY, SEP + DAY + 7200);
    ivset_add(&f.excl, SEP + DAY + 3600, SEP + DAY + 5400);
    ivset_add(&f.excl, SEP + 5 * DAY, SEP + 6 * DAY); /* no evidence there */
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.active_secs, 2592000);
    CU_ASSERT_EQUAL(f.d.down_secs, 5400);
    CU_ASSERT_EQUAL(f.d.down.n, 2);
    CU_ASSERT_EQUAL(ivset_total(&f.d.excluded), 1800);
    CU_ASSERT_EQUAL(f.d.excluded.n, 1);
    ASSERT_STR(f.d.uptime, "99.7916");
    CU_ASSERT_EQUAL(f.d.amount, 200);
    fx_free(&f);

    /* Evidence entirely inside an excluded window: no downtime. */
    fx_init(&f, POLICY_TIERS);
    ivset_add(&f.ev, SEP + DAY + 100, SEP + DAY + 200);
    ivset_add(&f.excl, SEP + DAY, SEP + DAY + 3600);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(ivset_total(&f.d.excluded), 100);
    fx_free(&f);
}

static void cap_percent_limits_the_credit(void)
{
    struct fx f;

    /* Two days down: uptime 93.33 %, 50 % of 20.00 = 10.00 EUR; the cap of
     * 30 % is 6.00 EUR. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    f.p.cap_percent = 30 * SCALE;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.cap, 600);
    CU_ASSERT_EQUAL(f.d.amount, 600);
    CU_ASSERT_TRUE(f.d.capped);
    ASSERT_STR(f.d.basis, "tier<95.0=50%;cap=30%");
    fx_free(&f);

    /* The cap rounds down: 9.99 × 33.33 % = 332.97 cents: 332; the credit,
     * 50 % = 499.5 = 500 (half-up), is lowered to it. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 999;
    f.p.cap_percent = 333300;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.cap, 332);
    CU_ASSERT_EQUAL(f.d.amount, 332);
    CU_ASSERT_TRUE(f.d.capped);
    ASSERT_STR(f.d.basis, "tier<95.0=50%;cap=33.33%");
    fx_free(&f);

    /* A cap above the credit leaves it alone; the prorated multiplier can
     * pass 100 % only up to the cap: 10 × all month = 10 × F, capped at F. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 3000;
    f.p.multiplier = 10 * SCALE;
    ivset_add(&f.ev, SEP, OCT);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 3000);
    CU_ASSERT_TRUE(f.d.capped);
    fx_free(&f);
}

static void min_credit_gives_below_minimum(void)
{
    struct fx f;

    /* Default minimum, one minor unit: 0.10 EUR × 1 / 30 = 0.33 cents
     * rounds to 0. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = 10;
    ivset_add(&f.ev, SEP, SEP + 60);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_BELOW_MINIMUM);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    ASSERT_STR(f.d.detail, "credit 0.00 EUR is below the minimum of 0.01 EUR");
    fx_free(&f);

    /* min_credit = 1.00: 0.40 EUR is below it. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.min_credit_set = true;
    f.p.min_credit = 1 * SCALE;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_BELOW_MINIMUM);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    ASSERT_STR(f.d.detail, "credit 0.40 EUR is below the minimum of 1.00 EUR");
    fx_free(&f);

    /* min_credit = 0.40: exactly the minimum is credited. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.min_credit_set = true;
    f.p.min_credit = 4000;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    fx_free(&f);

    /* JPY, no minor unit: 1000 JPY × 2 / 30 = 66.67 = 67 JPY, below a
     * minimum of 100 JPY. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = 1000;
    memcpy(f.k.currency, "JPY", 4);
    f.k.exponent = 0;
    f.p.min_credit_set = true;
    f.p.min_credit = 100 * SCALE;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_BELOW_MINIMUM);
    CU_ASSERT_EQUAL(f.d.amount, 67);
    ASSERT_STR(f.d.detail, "credit 67 JPY is below the minimum of 100 JPY");
    fx_free(&f);
}

static void rounding_half_even_is_a_policy_choice(void)
{
    struct fx f;

    /* 0.75 EUR × 1 day / 30 = 2.5 cents: half-up 3, half-even 2. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = 75;
    ivset_add(&f.ev, SEP, SEP + 1);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.amount, 3);
    fx_free(&f);

    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = 75;
    f.p.rounding = MONEY_HALF_EVEN;
    ivset_add(&f.ev, SEP, SEP + 1);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.amount, 2);
    fx_free(&f);

    /* 1.05 EUR × 1 / 30 = 3.5 cents: 4 either way. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = 105;
    f.p.rounding = MONEY_HALF_EVEN;
    ivset_add(&f.ev, SEP, SEP + 1);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.amount, 4);
    fx_free(&f);
}

static void ineligible_plan_when_the_pattern_does_not_match(void)
{
    struct fx f;
    struct err e;

    fx_init(&f, POLICY_PER_DAY);
    f.p.plan_pattern = rx_compile("^pro", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.p.plan_pattern);
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_INELIGIBLE_PLAN);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    /* The figures are still there. */
    CU_ASSERT_EQUAL(f.d.down_secs, 2 * DAY);
    ASSERT_STR(f.d.uptime, "93.3333");
    ASSERT_STR(f.d.detail, "plan basic does not match plan_pattern ^pro");

    snprintf(f.plan, sizeof f.plan, "pro-annual");
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    fx_free(&f);
}

/* Eligibility is decided once, by calc_decide, and carried in the decision
 * for explain to report: both checks are recorded whenever the subscription
 * was active, even when the first one already settled the outcome. */
static void eligibility_is_recorded_in_the_decision(void)
{
    struct fx f;
    struct err e;

    /* Plan "basic" against ^pro and method paypal excluded: the outcome is
     * ineligible_plan (first in SPEC §4.8), and the payment check is
     * recorded too. */
    fx_init(&f, POLICY_PER_DAY);
    f.p.plan_pattern = rx_compile("^pro", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.p.plan_pattern);
    fx_exclude_payment(&f, "paypal");
    snprintf(f.payment, sizeof f.payment, "paypal");
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_INELIGIBLE_PLAN);
    CU_ASSERT_FALSE(f.d.plan_matched);
    CU_ASSERT_TRUE(f.d.payment_excluded);

    /* Plan pro-annual matches; paypal is still excluded. */
    snprintf(f.plan, sizeof f.plan, "pro-annual");
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_INELIGIBLE_PAYMENT_METHOD);
    CU_ASSERT_TRUE(f.d.plan_matched);
    CU_ASSERT_TRUE(f.d.payment_excluded);

    /* Plan time is not a payment: excluded, recorded, and credited. */
    f.p.remedy = REMEDY_PLAN_EXTENSION;
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_TRUE(f.d.payment_excluded);

    /* Card is not excluded; no plan_pattern matches every plan. */
    snprintf(f.payment, sizeof f.payment, "card");
    rx_free(f.p.plan_pattern);
    f.p.plan_pattern = NULL;
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    CU_ASSERT_TRUE(f.d.plan_matched);
    CU_ASSERT_FALSE(f.d.payment_excluded);
    fx_free(&f);
}

static void ineligible_payment_method_for_money_only(void)
{
    struct fx f;

    fx_init(&f, POLICY_PER_DAY);
    fx_exclude_payment(&f, "paypal");
    snprintf(f.payment, sizeof f.payment, "paypal");
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_INELIGIBLE_PAYMENT_METHOD);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.down_secs, 2 * DAY);

    /* Other methods are not affected. */
    snprintf(f.payment, sizeof f.payment, "card");
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);

    /* A plan extension is not a payment: granted to paypal too. */
    snprintf(f.payment, sizeof f.payment, "paypal");
    f.p.remedy = REMEDY_PLAN_EXTENSION;
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.extension, 2 * DAY);
    fx_free(&f);
}

static void not_active_outside_the_subscription(void)
{
    static const struct {
        int64_t starts, ends; /* ends INT64_MAX: open */
    } cases[] = {
        {OCT, INT64_MAX}, /* starts after the month */
        {OCT + DAY, INT64_MAX},
        {SEP - 100 * DAY, SEP}, /* ended as the month began */
        {SEP - 100 * DAY, SEP - DAY},
        {SEP + DAY, SEP + DAY}, /* empty subscription */
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, POLICY_PER_DAY);
        f.s.starts_at = cases[k].starts;
        f.s.ends_at = cases[k].ends;
        f.s.has_end = cases[k].ends != INT64_MAX;
        ivset_add(&f.ev, SEP - 200 * DAY, NOV);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_NOT_ACTIVE);
        CU_ASSERT_EQUAL(f.d.active_secs, 0);
        CU_ASSERT_EQUAL(f.d.down_secs, 0);
        CU_ASSERT_EQUAL(f.d.active_start, f.d.active_end);
        ASSERT_STR(f.d.uptime, "");
        CU_ASSERT_EQUAL(f.d.amount, 0);
        fx_free(&f);
    }
}

static void no_downtime_when_nothing_falls_in_the_window(void)
{
    struct fx f;

    fx_init(&f, POLICY_TIERS);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NO_DOWNTIME);
    ASSERT_STR(f.d.uptime, "100.0000");
    CU_ASSERT_EQUAL(f.d.active_secs, 2592000);
    fx_free(&f);

    /* Downtime before the subscription started and after the month. */
    fx_init(&f, POLICY_TIERS);
    f.s.starts_at = SEP + 10 * DAY;
    ivset_add(&f.ev, SEP, SEP + 10 * DAY);
    ivset_add(&f.ev, OCT, OCT + DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 20 * DAY);
    fx_free(&f);
}

static void outcomes_apply_in_spec_order(void)
{
    /* Each row makes several outcomes apply at once; the first in the order
     * of SPEC §4.8 must win. Tiers; plan_pattern ^basic$; payment method
     * "invoice" excluded. */
    static const struct {
        bool active, plan_ok, pay_ok;
        int64_t down; /* seconds from SEP */
        int64_t fee;
        enum outcome want;
    } cases[] = {
        {false, false, false, 2 * DAY, 2000, OUTCOME_NOT_ACTIVE},
        {true, false, false, 0, 2000, OUTCOME_INELIGIBLE_PLAN},
        {true, false, true, 2 * DAY, 2000, OUTCOME_INELIGIBLE_PLAN},
        {true, true, false, 0, 2000, OUTCOME_INELIGIBLE_PAYMENT_METHOD},
        {true, true, false, 2 * DAY, 2000, OUTCOME_INELIGIBLE_PAYMENT_METHOD},
        {true, true, true, 0, 2000, OUTCOME_NO_DOWNTIME},
        /* 1 s down, above every threshold, with a fee too small to credit:
         * above_threshold comes before below_minimum. */
        {true, true, true, 1, 1, OUTCOME_ABOVE_THRESHOLD},
        /* 10 % of 0.01 EUR rounds to 0. */
        {true, true, true, 2593, 1, OUTCOME_BELOW_MINIMUM},
        {true, true, true, 2593, 2000, OUTCOME_CREDITED},
    };
    size_t k;
    struct err e;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, POLICY_TIERS);
        f.s.fee = cases[k].fee;
        if (!cases[k].active)
            f.s.starts_at = OCT;
        f.p.plan_pattern = rx_compile("^basic$", &e);
        if (!cases[k].plan_ok)
            snprintf(f.plan, sizeof f.plan, "legacy");
        fx_exclude_payment(&f, "invoice");
        if (!cases[k].pay_ok)
            snprintf(f.payment, sizeof f.payment, "invoice");
        ivset_add(&f.ev, SEP, SEP + cases[k].down);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        if (f.d.outcome != cases[k].want)
            fprintf(stderr, "\n  row %zu", k);
        check_outcome(&f, cases[k].want);
        if (cases[k].want != OUTCOME_CREDITED &&
            cases[k].want != OUTCOME_BELOW_MINIMUM)
            CU_ASSERT_EQUAL(f.d.amount, 0);
        fx_free(&f);
    }
}

static void decide_replaces_an_earlier_decision(void)
{
    struct fx f;

    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    ivset_add(&f.ev, SEP, SEP + 2 * DAY);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.amount, 1000);
    CU_ASSERT_PTR_NOT_NULL(f.d.tier);

    ivset_clear(&f.ev);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    CU_ASSERT_EQUAL(f.d.down.n, 0);
    CU_ASSERT_PTR_NULL(f.d.tier);
    ASSERT_STR(f.d.basis, "");
    fx_free(&f);
}

static void weighted_downtime_is_compared_in_milliseconds(void)
{
    struct fx f;

    /* 5,184 s at weight 0.5 is 2,592,000 ms: exactly 99.9 %, no credit. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    f.weighted = true;
    wset_add(&f.w, SEP + DAY, SEP + DAY + 5184, 500);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_ABOVE_THRESHOLD);
    CU_ASSERT_EQUAL(f.d.down_ms, 2592000);
    CU_ASSERT_EQUAL(f.d.down_secs, 2592);
    ASSERT_STR(f.d.uptime, "99.9000");
    fx_free(&f);

    /* 5,185 s at 0.5 is 2,592,500 ms, half a second past the allowance:
     * 10 %. The seconds print rounded down (2,592); the uptime is
     * (2,592,000,000 - 2,592,500) / 2,592,000,000 = 99.899980...%. */
    fx_init(&f, POLICY_TIERS);
    f.s.fee = 2000;
    f.weighted = true;
    wset_add(&f.w, SEP + DAY, SEP + DAY + 5185, 500);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_ms, 2592500);
    CU_ASSERT_EQUAL(f.d.down_secs, 2592);
    ASSERT_STR(f.d.uptime, "99.8999");
    CU_ASSERT_EQUAL(f.d.amount, 200);
    /* D's time is the full 5,185 s, weights dropped. */
    CU_ASSERT_EQUAL(ivset_total(&f.d.down), 5185);
    fx_free(&f);
}

static void weighted_overlaps_take_the_heaviest_weight(void)
{
    struct fx f;

    /* [0,100) at 0.3 and [50,150) at 1: 50 × 300 + 100 × 1000 = 115,000 ms.
     * 600 s at 0.3 on top of a full-weight window changes nothing. */
    fx_init(&f, POLICY_TIERS);
    f.weighted = true;
    wset_add(&f.w, SEP, SEP + 100, 300);
    wset_add(&f.w, SEP + 50, SEP + 150, 1000);
    wset_add(&f.w, SEP + 2 * DAY, SEP + 2 * DAY + 3600, 1000);
    wset_add(&f.w, SEP + 2 * DAY + 100, SEP + 2 * DAY + 700, 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.down_ms, 115000 + 3600000);
    CU_ASSERT_EQUAL(f.d.down_secs, 3715);
    fx_free(&f);
}

static void weighted_per_day_counts_weighted_days(void)
{
    struct fx f;

    /* Two whole days at 0.3 are 0.6 of a day of downtime: one started day,
     * 6.00 EUR / 30 = 0.20 EUR. */
    fx_init(&f, POLICY_PER_DAY);
    f.weighted = true;
    wset_add(&f.w, SEP, SEP + 2 * DAY, 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_ms, 51840000);
    CU_ASSERT_EQUAL(f.d.days, 1);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    fx_free(&f);
}

static void weighted_prorated_counts_milliseconds(void)
{
    struct fx f;

    /* 1,001 s at 0.3 = 300.3 s. 25,920.00 EUR × 300.3 / 2,592,000 =
     * 300.3 cents: 300. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 2592000;
    f.weighted = true;
    wset_add(&f.w, SEP + DAY, SEP + DAY + 1001, 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.counted_ms, 300300);
    CU_ASSERT_EQUAL(f.d.amount, 300);
    ASSERT_STR(f.d.basis, "outage=300.300s/2592000s");
    fx_free(&f);

    /* [t, t+300) at 0.3 touching [t+300, t+600) at 1 is one 600-s outage
     * (outages are D's time, weights dropped), so min_outage = 600 keeps
     * it: 90,000 + 300,000 ms. */
    fx_init(&f, POLICY_PRORATED);
    f.s.fee = 2592000;
    f.p.min_outage = 600;
    f.weighted = true;
    wset_add(&f.w, SEP + DAY, SEP + DAY + 300, 300);
    wset_add(&f.w, SEP + DAY + 300, SEP + DAY + 600, 1000);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down.n, 1);
    CU_ASSERT_EQUAL(f.d.counted_ms, 390000);
    CU_ASSERT_EQUAL(f.d.amount, 390);
    fx_free(&f);
}

/* measured_secs is |A| less the unknown time inside A, whatever the unknown
 * setting did with it. s1 starts 2026-09-10: A = [SEP + 9 d, OCT), 21 d =
 * 1,814,400 s. Unknown time U = [SEP, SEP + 12 d) ∪ [SEP + 20 d, + 1 h):
 * inside A 3 d + 1 h = 262,800 s, so 1,551,600 s measured. */
static int decide_with_unknown(struct fx *f, const struct ivset *unknown,
                               const struct ivset *unmeasured)
{
    struct calc_input in;

    memset(&in, 0, sizeof in);
    ivset_normalize(&f->ev);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = f->m0;
    in.month_end = f->m1;
    in.evidence = &f->ev;
    in.unknown = unknown;
    in.unmeasured = unmeasured;
    return calc_decide(&in, &f->d, &f->e);
}

static void measured_time_is_the_active_window_less_unknown_time(void)
{
    struct fx f;
    struct ivset u;

    ivset_init(&u);
    ivset_add(&u, SEP, SEP + 12 * DAY);
    ivset_add(&u, SEP + 20 * DAY, SEP + 20 * DAY + 3600);
    ivset_normalize(&u);
    fx_init(&f, POLICY_TIERS);
    f.s.starts_at = SEP + 9 * DAY;

    /* No unknown time: everything active was measured. */
    CU_ASSERT_EQUAL_FATAL(decide_with_unknown(&f, NULL, NULL), 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 1814400);
    CU_ASSERT_EQUAL(f.d.measured_secs, 1814400);

    /* unknown = up or down: A keeps its length, the row shows the gap. */
    CU_ASSERT_EQUAL_FATAL(decide_with_unknown(&f, &u, NULL), 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 1814400);
    CU_ASSERT_EQUAL(f.d.measured_secs, 1551600);

    /* unknown = excluded: A itself loses exactly the unknown time. */
    CU_ASSERT_EQUAL_FATAL(decide_with_unknown(&f, &u, &u), 0);
    CU_ASSERT_EQUAL(f.d.active_secs, 1551600);
    CU_ASSERT_EQUAL(f.d.measured_secs, 1551600);

    /* Not active in September: 0, whatever the unknown time. */
    f.s.starts_at = OCT;
    CU_ASSERT_EQUAL_FATAL(decide_with_unknown(&f, &u, NULL), 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NOT_ACTIVE);
    CU_ASSERT_EQUAL(f.d.measured_secs, 0);

    ivset_free(&u);
    fx_free(&f);
}

static void amounts_past_64_bits_are_a_data_error(void)
{
    struct fx f;

    /* A credit of the largest fee plus one minor unit does not fit: the
     * whole fee of 31 started days over 30, capped only afterwards. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = INT64_MAX - 30;
    f.s.line = 17;
    f.m0 = OCT;
    f.m1 = NOV;
    ivset_add(&f.ev, OCT, NOV);
    CU_ASSERT_EQUAL(fx_decide(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_DATA);
    CU_ASSERT_EQUAL(f.e.line, 17);
    ASSERT_STR(
        f.e.msg,
        "subscription s1: the credit does not fit in 64-bit minor units");
    fx_free(&f);

    /* A credit of 31/30 of the largest fee does not fit either. */
    fx_init(&f, POLICY_PER_DAY);
    f.s.fee = INT64_MAX;
    f.m0 = OCT;
    f.m1 = NOV;
    ivset_add(&f.ev, OCT, NOV);
    CU_ASSERT_EQUAL(fx_decide(&f), -1);
    CU_ASSERT_EQUAL(f.e.rc, RC_DATA);
    CU_ASSERT_EQUAL(f.e.line, 2);
    fx_free(&f);
}

/* fee_basis = prorated: F = fee × |A| / |M| is kept as three factors, so a
 * fee whose product with |A| passes 64 bits still credits when the credit
 * fits. The fee 3,558,399,705,577 (minor units) × |A| 2,592,000 s =
 * 9,223,372,036,855,584,000 is 808,193 past INT64_MAX (9,223,372,036,854,775,
 * 807); one minor unit less, 9,223,372,036,852,992,000, fits. Either way
 * |A| = |M| (all September), so F = the fee; 1 started day of 30: fee / 30
 * = 118,613,323,519.23… ⇒ 118,613,323,519 (and for the smaller fee
 * 3,558,399,705,576 / 30 = 118,613,323,519.2 ⇒ the same). The fee alone,
 * no downtime, is no error either. */
static void prorated_fee_past_64_bits_with_the_window_still_credits(void)
{
    static const int64_t fees[2] = {3558399705577, 3558399705576};
    struct fx f;
    size_t i;

    CU_ASSERT_TRUE(fees[0] > INT64_MAX / 2592000);
    CU_ASSERT_TRUE(fees[1] <= INT64_MAX / 2592000);
    for (i = 0; i < N(fees); i++) {
        fx_init(&f, POLICY_PER_DAY);
        f.p.fee_basis = FEE_PRORATED;
        f.s.fee = fees[i];
        ivset_add(&f.ev, SEP + DAY, SEP + DAY + 600);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_CREDITED);
        CU_ASSERT_EQUAL(f.d.amount, 118613323519);
        CU_ASSERT_EQUAL(f.d.cap, fees[i]);
        ASSERT_STR(f.d.basis, "days=1/30;fee=prorated");
        fx_free(&f);

        fx_init(&f, POLICY_TIERS);
        f.p.fee_basis = FEE_PRORATED;
        f.s.fee = fees[i];
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_NO_DOWNTIME);
        fx_free(&f);
    }
}

/* min_outage applies to every kind: with tiers, an outage shorter than it
 * is not downtime. 2,000 s + 599 s: only 2,000 s count, 99.9228 %, nothing;
 * 2,000 s + 600 s (exactly min_outage): 2,600 s, 99.8996 %, 10 %. */
static void min_outage_drops_short_outages_for_tiers(void)
{
    static const struct {
        int64_t second, down;
        enum outcome outcome;
        const char *uptime;
        int64_t amount;
    } cases[] = {
        {599, 2000, OUTCOME_ABOVE_THRESHOLD, "99.9228", 0},
        {600, 2600, OUTCOME_CREDITED, "99.8996", 200},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, POLICY_TIERS);
        f.s.fee = 2000;
        f.p.min_outage = 600;
        ivset_add(&f.ev, SEP + DAY, SEP + DAY + 2000);
        ivset_add(&f.ev, SEP + 2 * DAY, SEP + 2 * DAY + cases[k].second);
        CU_ASSERT_EQUAL(fx_decide(&f), 0);
        check_outcome(&f, cases[k].outcome);
        CU_ASSERT_EQUAL(f.d.down_secs, cases[k].down);
        ASSERT_STR(f.d.uptime, cases[k].uptime);
        CU_ASSERT_EQUAL(f.d.amount, cases[k].amount);
        /* The dropped outage is listed as left out (windows.csv). */
        if (cases[k].second < 600) {
            CU_ASSERT_EQUAL(f.d.short_outages.n, 1);
            CU_ASSERT_EQUAL(ivset_total(&f.d.short_outages), 599);
            CU_ASSERT(ivset_overlaps(&f.d.excluded, SEP + 2 * DAY,
                                     SEP + 2 * DAY + 599));
            CU_ASSERT_EQUAL(ivset_total(&f.d.excluded), 599);
        } else {
            CU_ASSERT_EQUAL(f.d.short_outages.n, 0);
            CU_ASSERT_EQUAL(f.d.excluded.n, 0);
        }
        fx_free(&f);
    }
}

/* With per_day, an outage is judged by its whole length, also the part
 * before the month: 300 s in August + 300 s in September reach 600 s, and
 * September's 300 s are one started day (6.00 EUR / 30 = 0.20 EUR); one
 * second less and there is no downtime. */
static void min_outage_judges_the_whole_outage_for_per_day(void)
{
    struct fx f;

    fx_init(&f, POLICY_PER_DAY);
    f.p.min_outage = 600;
    ivset_add(&f.ev, SEP - 300, SEP + 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 300);
    CU_ASSERT_EQUAL(f.d.days, 1);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    fx_free(&f);

    fx_init(&f, POLICY_PER_DAY);
    f.p.min_outage = 600;
    ivset_add(&f.ev, SEP - 299, SEP + 300);
    CU_ASSERT_EQUAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    /* Its part in the month is what is left out: 300 s, from SEP. */
    CU_ASSERT_EQUAL(f.d.short_outages.n, 1);
    if (f.d.short_outages.n == 1) {
        CU_ASSERT_EQUAL(f.d.short_outages.v[0].start, SEP);
        CU_ASSERT_EQUAL(f.d.short_outages.v[0].end, SEP + 300);
    }
    fx_free(&f);
}

CU_TestInfo calc_tests[] = {
    {"min_outage_drops_short_outages_for_tiers",
     min_outage_drops_short_outages_for_tiers},
    {"min_outage_judges_the_whole_outage_for_per_day",
     min_outage_judges_the_whole_outage_for_per_day},
    {"eligibility_is_recorded_in_the_decision",
     eligibility_is_recorded_in_the_decision},
    {"uptime_below_is_exact_at_the_threshold",
     uptime_below_is_exact_at_the_threshold},
    {"uptime_text_truncates_to_four_decimals",
     uptime_text_truncates_to_four_decimals},
    {"scaled_text_drops_trailing_zeros", scaled_text_drops_trailing_zeros},
    {"outcome_names_match_decisions_csv", outcome_names_match_decisions_csv},
    {"per_day_six_euros_two_days_is_forty_cents",
     per_day_six_euros_two_days_is_forty_cents},
    {"per_day_counts_started_days", per_day_counts_started_days},
    {"one_time_by_billing_extends_the_plan",
     one_time_by_billing_extends_the_plan},
    {"plan_extension_without_an_end_moves_nothing",
     plan_extension_without_an_end_moves_nothing},
    {"subscription_by_billing_is_an_invoice_credit",
     subscription_by_billing_is_an_invoice_credit},
    {"tiers_98_7_percent_gives_25_percent",
     tiers_98_7_percent_gives_25_percent},
    {"tiers_at_exactly_99_9_percent_earn_nothing",
     tiers_at_exactly_99_9_percent_earn_nothing},
    {"tiers_one_second_past_99_9_earns_the_first_tier",
     tiers_one_second_past_99_9_earns_the_first_tier},
    {"tiers_44_minutes_breach_a_30_day_month_only",
     tiers_44_minutes_breach_a_30_day_month_only},
    {"tiers_pick_the_smallest_threshold_missed",
     tiers_pick_the_smallest_threshold_missed},
    {"prorated_counts_long_outages_times_multiplier",
     prorated_counts_long_outages_times_multiplier},
    {"prorated_without_multiplier_counts_every_second",
     prorated_without_multiplier_counts_every_second},
    {"prorated_touching_outages_are_one_outage",
     prorated_touching_outages_are_one_outage},
    {"prorated_fee_past_64_bits_with_the_window_still_credits",
     prorated_fee_past_64_bits_with_the_window_still_credits},
    {"prorated_fee_basis_for_half_a_month",
     prorated_fee_basis_for_half_a_month},
    {"prorated_fee_basis_is_rounded_only_once",
     prorated_fee_basis_is_rounded_only_once},
    {"active_window_clips_the_evidence", active_window_clips_the_evidence},
    {"excluded_windows_leave_downtime_not_the_month",
     excluded_windows_leave_downtime_not_the_month},
    {"cap_percent_limits_the_credit", cap_percent_limits_the_credit},
    {"min_credit_gives_below_minimum", min_credit_gives_below_minimum},
    {"rounding_half_even_is_a_policy_choice",
     rounding_half_even_is_a_policy_choice},
    {"ineligible_plan_when_the_pattern_does_not_match",
     ineligible_plan_when_the_pattern_does_not_match},
    {"ineligible_payment_method_for_money_only",
     ineligible_payment_method_for_money_only},
    {"not_active_outside_the_subscription",
     not_active_outside_the_subscription},
    {"no_downtime_when_nothing_falls_in_the_window",
     no_downtime_when_nothing_falls_in_the_window},
    {"outcomes_apply_in_spec_order", outcomes_apply_in_spec_order},
    {"decide_replaces_an_earlier_decision",
     decide_replaces_an_earlier_decision},
    {"weighted_downtime_is_compared_in_milliseconds",
     weighted_downtime_is_compared_in_milliseconds},
    {"weighted_overlaps_take_the_heaviest_weight",
     weighted_overlaps_take_the_heaviest_weight},
    {"weighted_per_day_counts_weighted_days",
     weighted_per_day_counts_weighted_days},
    {"weighted_prorated_counts_milliseconds",
     weighted_prorated_counts_milliseconds},
    {"amounts_past_64_bits_are_a_data_error",
     amounts_past_64_bits_are_a_data_error},
    {"measured_time_is_the_active_window_less_unknown_time",
     measured_time_is_the_active_window_less_unknown_time},
    CU_TEST_INFO_NULL,
};

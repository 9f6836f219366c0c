/* Unit tests for per_incident = once in calc_decide(): an outage (a maximal
 * contiguous interval of the evidence, before clipping to the month) is
 * credited once, in the month it began; the part of one that began before
 * the month is left out of D and listed as excluded. Every figure is
 * worked out by hand beside it.
 *
 * Months: September 2026 = [SEP, OCT), 30 days; October = [OCT, NOV), 31
 * days. The subscription pays 6.00 EUR under per_day (a started day is
 * worth 600 / 30 = 20 minor units). */
#include "engine/calc.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "engine/subscription.h"
#include "testutil.h"
#include "write/explain.h"

#define DAY 86400
#define SEP ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT (SEP + 30 * DAY)
#define NOV (OCT + 31 * DAY)

struct fx {
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
};

static void fx_init(struct fx *f)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    f->p.name = (char *)(uintptr_t) "days";
    f->p.kind = POLICY_PER_DAY;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.cap_percent = 100 * POLICY_SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.multiplier = POLICY_SCALE;
    f->p.per_incident_once = true;
    f->s.id = (char *)(uintptr_t) "s1";
    f->s.customer = (char *)(uintptr_t) "c1";
    f->k.plan = (char *)(uintptr_t) "pro";
    f->k.payment_method = (char *)(uintptr_t) "card";
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->s.starts_at = SEP - 100 * DAY;
    f->s.ends_at = INT64_MAX;
    ivset_init(&f->ev);
    calc_decision_init(&f->d);
}

static void fx_decide(struct fx *f, int64_t m0, int64_t m1)
{
    struct calc_input in;

    ivset_normalize(&f->ev);
    memset(&in, 0, sizeof in);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = m0;
    in.month_end = m1;
    in.evidence = &f->ev;
    CU_ASSERT_EQUAL_FATAL(calc_decide(&in, &f->d, &f->e), 0);
    explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
}

/* An outage from one second before September to an hour into it began in
 * August: its 3,600 s in September are left out (no_downtime) and listed
 * as excluded. Begun at SEP itself, or one second later, it counts: 3,600
 * s (3,599 s), one started day, 20 minor units. */
static void outage_begun_before_the_month_is_left_out(void)
{
    static const struct {
        int64_t start;
        enum outcome outcome;
        int64_t down, carried, amount;
    } cases[] = {
        {SEP - 1, OUTCOME_NO_DOWNTIME, 0, 3600, 0},
        {SEP, OUTCOME_CREDITED, 3600, 0, 20},
        {SEP + 1, OUTCOME_CREDITED, 3599, 0, 20},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fx f;
        fx_init(&f);
        ivset_add(&f.ev, cases[i].start, SEP + 3600);
        fx_decide(&f, SEP, OCT);
        CU_ASSERT_EQUAL(f.d.outcome, cases[i].outcome);
        CU_ASSERT_EQUAL(f.d.down_secs, cases[i].down);
        CU_ASSERT_EQUAL(f.d.carried_secs, cases[i].carried);
        CU_ASSERT_EQUAL(f.d.amount, cases[i].amount);
        CU_ASSERT_EQUAL(ivset_total(&f.d.excluded), cases[i].carried);
        if (cases[i].carried > 0)
            ASSERT_STR(f.d.detail,
                       "no downtime but 3600 s of an outage that began "
                       "before the month (per_incident = once: credited "
                       "with that month)");
        fx_free(&f);
    }
}

/* Without per_incident = once the same outage counts in each month it
 * touches: 3,600 s in September, 20 minor units. */
static void each_month_counts_the_part_in_the_month(void)
{
    struct fx f;

    fx_init(&f);
    f.p.per_incident_once = false;
    ivset_add(&f.ev, SEP - 3600, SEP + 3600);
    fx_decide(&f, SEP, OCT);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.carried_secs, 0);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    fx_free(&f);
}

/* An outage across the end of September, [OCT − 1h, OCT + 2h), is credited
 * once: September counts its 3,600 s (20), October none of its 7,200 s. */
static void outage_across_months_is_credited_once(void)
{
    struct fx f;

    fx_init(&f);
    ivset_add(&f.ev, OCT - 3600, OCT + 7200);
    fx_decide(&f, SEP, OCT);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    fx_decide(&f, OCT, NOV);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    CU_ASSERT_EQUAL(f.d.carried_secs, 7200);
    fx_free(&f);
}

/* Downtime that touches a carried outage is the same outage: [SEP − 100,
 * SEP + 100) and [SEP + 100, SEP + 200) are one outage begun in August, all
 * 200 s left out. One second of gap, [SEP + 101, SEP + 200), makes a new
 * outage begun in September: 99 s counted, 100 s left out; the detail says
 * both. */
static void touching_downtime_is_one_outage(void)
{
    struct fx f;

    fx_init(&f);
    ivset_add(&f.ev, SEP - 100, SEP + 100);
    ivset_add(&f.ev, SEP + 100, SEP + 200);
    fx_decide(&f, SEP, OCT);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    CU_ASSERT_EQUAL(f.d.carried_secs, 200);
    fx_free(&f);

    fx_init(&f);
    ivset_add(&f.ev, SEP - 100, SEP + 100);
    ivset_add(&f.ev, SEP + 101, SEP + 200);
    fx_decide(&f, SEP, OCT);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 99);
    CU_ASSERT_EQUAL(f.d.carried_secs, 100);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(f.d.detail, "100 s of an outage that began before the month "
                           "left out (per_incident = once)"));
    fx_free(&f);
}

/* Two monitors down together, [SEP − 1h, SEP + 1h) and [SEP, SEP + 2h), are
 * one outage of the subscription (its evidence is their union) begun in
 * August: none of the 7,200 s in September counts. */
static void one_incident_on_two_resources_is_one_outage(void)
{
    struct fx f;

    fx_init(&f);
    ivset_add(&f.ev, SEP - 3600, SEP + 3600);
    ivset_add(&f.ev, SEP, SEP + 7200);
    fx_decide(&f, SEP, OCT);
    CU_ASSERT_EQUAL(f.d.down_secs, 0);
    CU_ASSERT_EQUAL(f.d.carried_secs, 7200);
    fx_free(&f);
}

CU_TestInfo per_incident_tests[] = {
    {"outage_begun_before_the_month_is_left_out",
     outage_begun_before_the_month_is_left_out},
    {"each_month_counts_the_part_in_the_month",
     each_month_counts_the_part_in_the_month},
    {"outage_across_months_is_credited_once",
     outage_across_months_is_credited_once},
    {"touching_downtime_is_one_outage", touching_downtime_is_one_outage},
    {"one_incident_on_two_resources_is_one_outage",
     one_incident_on_two_resources_is_one_outage},
    CU_TEST_INFO_NULL,
};

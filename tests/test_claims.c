/* Unit tests for claims = required (SPEC §8) in calc_decide(): which
 * outages a claim covers, the boundaries of the claim window, outages that
 * end in the next month, and the no_claim outcome. Every figure is worked
 * out by hand in the comment beside it.
 *
 * Month: September 2026 = [SEP, OCT), 30 days. The subscription pays 6.00
 * EUR under per_day (a started day is worth 600 / 30 = 20 minor units),
 * with claim_window = 7 days. Outages (monitoring evidence):
 *   O1 = [SEP + 1d, SEP + 1d + 1h)      ends E1 = SEP + 1d + 3600
 *   O2 = [SEP + 10d, SEP + 10d + 2h)    ends E2 = SEP + 10d + 7200
 *   O3 = [OCT - 1h, OCT + 1h)           ends in October, E3 = OCT + 3600 */
#include "calc.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "config.h"
#include "roster.h"
#include "testutil.h"

#define DAY  86400
#define SEP  ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT  (SEP + 30 * DAY)
#define WEEK (7 * DAY)
#define E1   (SEP + DAY + 3600)
#define E2   (SEP + 10 * DAY + 7200)
#define E3   (OCT + 3600)

struct fx {
    struct policy p;
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
};

static void fx_init(struct fx *f, bool with_o3)
{
    memset(f, 0, sizeof *f);
    f->p.name = (char *)(uintptr_t) "days";
    f->p.kind = POLICY_PER_DAY;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.cap_percent = 100 * CONFIG_SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.multiplier = CONFIG_SCALE;
    f->p.claims_required = true;
    f->p.claim_window = WEEK;
    f->s.id = (char *)(uintptr_t) "s1";
    f->s.customer = (char *)(uintptr_t) "c1";
    f->s.plan = (char *)(uintptr_t) "pro";
    f->s.payment_method = (char *)(uintptr_t) "card";
    f->s.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->s.currency, "EUR", 4);
    f->s.exponent = 2;
    f->s.starts_at = SEP - 100 * DAY;
    f->s.ends_at = INT64_MAX;
    ivset_init(&f->ev);
    ivset_add(&f->ev, SEP + DAY, E1);
    ivset_add(&f->ev, SEP + 10 * DAY, E2);
    if (with_o3)
        ivset_add(&f->ev, OCT - 3600, E3);
    ivset_normalize(&f->ev);
    calc_decision_init(&f->d);
}

static void fx_decide(struct fx *f, const int64_t *claims, size_t n)
{
    struct calc_input in;

    memset(&in, 0, sizeof in);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = SEP;
    in.month_end = OCT;
    in.evidence = &f->ev;
    in.claims = claims;
    in.nclaims = n;
    CU_ASSERT_EQUAL_FATAL(calc_decide(&in, &f->d, &f->e), 0);
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
}

/* A claim exactly 7 days after O1 ended covers O1: D = 3,600 s, one started
 * day, 20 minor units. */
static void claim_at_window_end_counts(void)
{
    struct fx f;
    const int64_t c[] = {E1 + WEEK};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.outages, 2);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);
}

/* One second late covers nothing: no_claim, reporting the unclaimed
 * downtime 3,600 + 7,200 = 10,800 s. */
static void claim_one_second_late_is_no_claim(void)
{
    struct fx f;
    const int64_t c[] = {E1 + WEEK + 1};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.down_secs, 10800);
    CU_ASSERT_EQUAL(f.d.amount, 0);
    CU_ASSERT_EQUAL(f.d.unmatched_claims, 1);
    fx_free(&f);
}

/* A claim one second before O1 ended is too early for O1 (and O2 has not
 * ended either): no_claim. */
static void claim_before_outage_ended_is_no_claim(void)
{
    struct fx f;
    const int64_t c[] = {E1 - 1};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_CLAIM);
    CU_ASSERT_EQUAL(f.d.claimed, 0);
    fx_free(&f);
}

/* O3 runs into October and ends at E3; a claim on October 3 (two days after
 * E3) covers it. D is O3 clipped to September, 3,600 s: one day, 20. */
static void claim_in_next_month_counts(void)
{
    struct fx f;
    const int64_t c[] = {E3 + 2 * DAY};

    fx_init(&f, true);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.outages, 3);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    fx_free(&f);
}

/* Two outages, one claim an hour after O1 ended (before O2 began): only O1
 * counts, 3,600 s, 20 minor units. A second claim made on September 1,
 * before any outage, matches nothing and is counted. */
static void one_claim_covers_one_of_two_outages(void)
{
    struct fx f;
    const int64_t c[] = {SEP, E1 + 3600};

    fx_init(&f, false);
    fx_decide(&f, c, 2);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    CU_ASSERT_EQUAL(f.d.unmatched_claims, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.d.detail, "1 of 2 outage(s) claimed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f.d.detail, "1 claim(s) matched no outage"));
    fx_free(&f);
}

/* A claim 60 s after O2 ended is 9 days after E1: in time for O2 only, so
 * D = 7,200 s. */
static void late_for_one_outage_in_time_for_the_next(void)
{
    struct fx f;
    const int64_t c[] = {E2 + 60};

    fx_init(&f, false);
    fx_decide(&f, c, 1);
    CU_ASSERT_EQUAL(f.d.claimed, 1);
    CU_ASSERT_EQUAL(f.d.down_secs, 7200);
    fx_free(&f);
}

/* No downtime at all stays no_downtime, not no_claim (SPEC §4.8 order). */
static void no_downtime_comes_before_no_claim(void)
{
    struct fx f;

    fx_init(&f, false);
    ivset_clear(&f.ev);
    fx_decide(&f, NULL, 0);
    CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_NO_DOWNTIME);
    fx_free(&f);
}

CU_TestInfo claims_tests[] = {
    {"claim_at_window_end_counts", claim_at_window_end_counts},
    {"claim_one_second_late_is_no_claim", claim_one_second_late_is_no_claim},
    {"claim_before_outage_ended_is_no_claim",
     claim_before_outage_ended_is_no_claim},
    {"claim_in_next_month_counts", claim_in_next_month_counts},
    {"one_claim_covers_one_of_two_outages",
     one_claim_covers_one_of_two_outages},
    {"late_for_one_outage_in_time_for_the_next",
     late_for_one_outage_in_time_for_the_next},
    {"no_downtime_comes_before_no_claim", no_downtime_comes_before_no_claim},
    CU_TEST_INFO_NULL,
};

/* Unit tests for quarterly and yearly periods (period = quarter | year):
 * the calendar period holding a month, its name, which month of it a run
 * is, the decision over the whole period in its last month and the
 * running figure (outcome period_open) before it, the period's fee, the
 * period's boundaries one second either side, leap years, and the
 * settings check refuses. Every expected figure is worked out by hand in
 * the comment next to it.
 *
 * Days since 1970-01-01: 2024-01-01 is day 19723, 2025-01-01 day 20089
 * (2024 has 366 days), 2026-01-01 day 20454, 2026-10-01 day 20727
 * (273 days later: 31+28+31+30+31+30+31+31+30), 2027-01-01 day 20819.
 * The fourth quarter of 2026 has 31 + 30 + 31 = 92 days = 7,948,800 s:
 * 99.9 % of it allows 7,948.8 s of downtime, so 7,948 s is above the
 * threshold and 7,949 s below; 99.0 % allows 79,488 s exactly. */
#include "engine/calc.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/subscription.h"
#include "lib/money.h"
#include "testutil.h"
#include "write/explain.h"

#define N(a)  (sizeof(a) / sizeof((a)[0]))
#define DAY   INT64_C(86400)
#define Y2024 (INT64_C(19723) * DAY) /* 2024-01-01T00:00:00Z */
#define Y2025 (INT64_C(20089) * DAY)
#define Y2026 (INT64_C(20454) * DAY)
#define OCT   (INT64_C(20727) * DAY) /* 2026-10-01T00:00:00Z = 1790812800 */
#define NOV   (OCT + 31 * DAY)
#define DEC   (NOV + 30 * DAY)
#define Y2027 (DEC + 31 * DAY) /* 2027-01-01, = day 20819 */
#define Q4    (92 * DAY)       /* 7,948,800 s */

/* The SPEC §2 tiers, ascending as config_load() leaves them. */
static const struct tier spec_tiers[3] = {
    {950000, 500000},
    {990000, 250000},
    {999000, 100000},
};

/* One decision: a quarterly tiers policy and a 6.00 EUR card subscription
 * active since January 2026 with no end, for the run of month [m0, m1). */
struct fx {
    struct tier tiers[3];
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    int64_t m0, m1;
    struct decision d;
    struct err e;
};

static void fx_init(struct fx *f, enum period_kind period, int64_t m0,
                    int64_t m1)
{
    memset(f, 0, sizeof *f);
    f->s.cls = &f->k;
    memcpy(f->tiers, spec_tiers, sizeof f->tiers);
    f->p.name = (char *)"q";
    f->p.line = 10;
    f->p.kind = POLICY_TIERS;
    f->p.evidence = EVIDENCE_MONITORING;
    f->p.tiers = f->tiers;
    f->p.ntiers = 3;
    f->p.cap_percent = 100 * POLICY_SCALE;
    f->p.remedy = REMEDY_INVOICE_CREDIT;
    f->p.rounding = MONEY_HALF_UP;
    f->p.day_divisor = 30;
    f->p.multiplier = POLICY_SCALE;
    f->p.period = period;
    f->s.id = (char *)"s1";
    f->s.customer = (char *)"c1";
    f->k.plan = (char *)"basic";
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->k.billing = BILLING_SUBSCRIPTION;
    f->k.payment_method = (char *)"card";
    f->s.starts_at = Y2024;
    f->s.ends_at = INT64_MAX;
    f->s.line = 2;
    ivset_init(&f->ev);
    f->m0 = m0;
    f->m1 = m1;
    calc_decision_init(&f->d);
}

static int fx_decide(struct fx *f)
{
    struct calc_input in;
    int rc;

    memset(&in, 0, sizeof in);
    ivset_normalize(&f->ev);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = f->m0;
    in.month_end = f->m1;
    in.evidence = &f->ev;
    rc = calc_decide(&in, &f->d, &f->e);
    if (rc == 0)
        explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
    return rc;
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
}

static void check_outcome(const struct fx *f, enum outcome want)
{
    if (f->d.outcome != want)
        fprintf(stderr, "\n  outcome %s, want %s (%s)\n",
                calc_outcome_name(f->d.outcome), calc_outcome_name(want),
                f->d.detail);
    CU_ASSERT_EQUAL(f->d.outcome, want);
}

/* The period holding a month: its bounds and months. */
static void period_holds_the_month(void)
{
    static const struct {
        enum period_kind k;
        int64_t m0; /* the month's first instant */
        int64_t want0, want1, months;
    } cases[] = {
        /* Every month of the fourth quarter gives the same quarter. */
        {PERIOD_QUARTER, OCT, OCT, Y2027, 3},
        {PERIOD_QUARTER, NOV, OCT, Y2027, 3},
        {PERIOD_QUARTER, DEC, OCT, Y2027, 3},
        /* January and March 2026 are in the first quarter, 90 days;
         * April starts the second (31 + 28 + 31 = 90 days later). */
        {PERIOD_QUARTER, Y2026, Y2026, Y2026 + 90 * DAY, 3},
        {PERIOD_QUARTER, Y2026 + 59 * DAY, Y2026, Y2026 + 90 * DAY, 3},
        {PERIOD_QUARTER, Y2026 + 90 * DAY, Y2026 + 90 * DAY, Y2026 + 181 * DAY,
         3},
        /* The first quarter of leap 2024: 31 + 29 + 31 = 91 days. */
        {PERIOD_QUARTER, Y2024 + 31 * DAY, Y2024, Y2024 + 91 * DAY, 3},
        /* Years: 2026 has 365 days, 2024 366. */
        {PERIOD_YEAR, NOV, Y2026, Y2027, 12},
        {PERIOD_YEAR, Y2026, Y2026, Y2027, 12},
        {PERIOD_YEAR, Y2024 + 31 * DAY, Y2024, Y2025, 12},
        /* A month is its own period. */
        {PERIOD_MONTH, NOV, NOV, DEC, 1},
        {PERIOD_MONTH, DEC, DEC, Y2027, 1},
    };
    size_t k;

    CU_ASSERT_EQUAL(Y2027 - Y2026, 365 * DAY);
    CU_ASSERT_EQUAL(Y2025 - Y2024, 366 * DAY);
    for (k = 0; k < N(cases); k++) {
        int64_t p0 = -1, p1 = -1;
        int64_t months = calc_period(cases[k].k, cases[k].m0, &p0, &p1);
        CU_ASSERT_EQUAL(p0, cases[k].want0);
        CU_ASSERT_EQUAL(p1, cases[k].want1);
        CU_ASSERT_EQUAL(months, cases[k].months);
    }
}

static void period_names(void)
{
    char t[32];

    calc_period_text(PERIOD_QUARTER, OCT, t, sizeof t);
    ASSERT_STR(t, "2026-Q4");
    calc_period_text(PERIOD_QUARTER, Y2026, t, sizeof t);
    ASSERT_STR(t, "2026-Q1");
    calc_period_text(PERIOD_YEAR, Y2024, t, sizeof t);
    ASSERT_STR(t, "2024");
    calc_period_text(PERIOD_MONTH, NOV, t, sizeof t);
    ASSERT_STR(t, "2026-11");
    ASSERT_STR(policy_period_name(PERIOD_MONTH), "month");
    ASSERT_STR(policy_period_name(PERIOD_QUARTER), "quarter");
    ASSERT_STR(policy_period_name(PERIOD_YEAR), "year");
    ASSERT_STR(calc_outcome_name(OUTCOME_PERIOD_OPEN), "period_open");
}

/* October and November runs are months 1 and 2 of 3: period_open; the
 * December run is month 3 and decides. 7,949 s down in October: the
 * quarter's uptime is below 99.9 %. */
static void month_in_quarter_decides_only_in_the_last(void)
{
    static const struct {
        int64_t m0, m1, month;
        enum outcome want;
    } cases[] = {
        {OCT, NOV, 1, OUTCOME_PERIOD_OPEN},
        {NOV, DEC, 2, OUTCOME_PERIOD_OPEN},
        {DEC, Y2027, 3, OUTCOME_CREDITED},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, PERIOD_QUARTER, cases[k].m0, cases[k].m1);
        ivset_add(&f.ev, OCT + 5 * DAY, OCT + 5 * DAY + 7949);
        CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
        check_outcome(&f, cases[k].want);
        CU_ASSERT_EQUAL(f.d.period_start, OCT);
        CU_ASSERT_EQUAL(f.d.period_end, Y2027);
        CU_ASSERT_EQUAL(f.d.period_months, 3);
        CU_ASSERT_EQUAL(f.d.period_month, cases[k].month);
        /* The decision covers the quarter up to the run's month end. */
        CU_ASSERT_EQUAL(f.d.active_start, OCT);
        CU_ASSERT_EQUAL(f.d.active_end, cases[k].m1);
        CU_ASSERT_EQUAL(f.d.down_secs, 7949);
        CU_ASSERT_EQUAL(f.d.amount,
                        cases[k].want == OUTCOME_CREDITED ? 180 : 0);
        fx_free(&f);
    }
}

/* The running figure of November: [Oct 1, Dec 1) = 61 days = 5,270,400 s,
 * 7,949 s down: (5,270,400 − 7,949) / 5,270,400 = 0.998491765… ⇒
 * 99.8491; no credit, no basis, and the reason names the deciding run. */
static void period_open_shows_the_running_figure(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, NOV, DEC);
    ivset_add(&f.ev, OCT + 5 * DAY, OCT + 5 * DAY + 7949);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_PERIOD_OPEN);
    CU_ASSERT_EQUAL(f.d.active_secs, 61 * DAY);
    CU_ASSERT_EQUAL(f.d.measured_secs, 61 * DAY);
    ASSERT_STR(f.d.uptime, "99.8491");
    CU_ASSERT_EQUAL(f.d.amount, 0);
    ASSERT_STR(f.d.basis, "");
    ASSERT_STR(f.d.detail,
               "quarter 2026-Q4 is open (month 2 of 3): uptime and downtime "
               "so far; the credit is decided in the run of 2026-12");
    fx_free(&f);
}

/* The boundaries of the quarter, one second either side: 7,948 s down in
 * November plus one second at p0 − 1 (not in Q4), at p0, at p1 − 1 (in
 * Q4), at p1 (not in Q4). 7,948 s is above 99.9 % (7,948.8 s allowed),
 * 7,949 s below: 10 % of 3 × 6.00 EUR = 1.80 EUR. */
static void quarter_boundaries_one_second_either_side(void)
{
    static const struct {
        int64_t second;
        int64_t down;
        enum outcome want;
    } cases[] = {
        {OCT - 1, 7948, OUTCOME_ABOVE_THRESHOLD},
        {OCT, 7949, OUTCOME_CREDITED},
        {Y2027 - 1, 7949, OUTCOME_CREDITED},
        {Y2027, 7948, OUTCOME_ABOVE_THRESHOLD},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, PERIOD_QUARTER, DEC, Y2027);
        ivset_add(&f.ev, NOV + 3 * DAY, NOV + 3 * DAY + 7948);
        ivset_add(&f.ev, cases[k].second, cases[k].second + 1);
        CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
        check_outcome(&f, cases[k].want);
        CU_ASSERT_EQUAL(f.d.active_secs, Q4);
        CU_ASSERT_EQUAL(f.d.down_secs, cases[k].down);
        CU_ASSERT_EQUAL(f.d.amount,
                        cases[k].want == OUTCOME_CREDITED ? 180 : 0);
        fx_free(&f);
    }
}

/* The last second of the quarter falls after November's run: the
 * November figure stops at Dec 1. */
static void open_figure_stops_at_the_run_month_end(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, NOV, DEC);
    ivset_add(&f.ev, DEC - 1, DEC + 1);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_PERIOD_OPEN);
    CU_ASSERT_EQUAL(f.d.down_secs, 1);
    fx_free(&f);
}

/* 99.0 % of the quarter allows exactly 79,488 s: at it, 10 %; one second
 * more, 25 % of 18.00 EUR = 4.50 EUR. */
static void quarter_second_tier_at_its_boundary(void)
{
    static const struct {
        int64_t down, amount;
    } cases[] = {
        {79487, 180},
        {79488, 180},
        {79489, 450},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, PERIOD_QUARTER, DEC, Y2027);
        ivset_add(&f.ev, OCT, OCT + cases[k].down);
        CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_CREDITED);
        CU_ASSERT_EQUAL(f.d.amount, cases[k].amount);
        fx_free(&f);
    }
}

/* The fee of a period: 6.00 EUR × 3 = 18.00 EUR a quarter, × 12 = 72.00
 * EUR a year; min_credit one minor unit either side of the 10 % credit
 * (1.80 EUR a quarter): 1.80 credits, 1.81 is below the minimum. */
static void period_fee_is_the_monthly_fee_times_its_months(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, DEC, Y2027);
    ivset_add(&f.ev, OCT, OCT + 7949);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.fee_basis_num, 1800);
    CU_ASSERT_EQUAL(f.d.fee_basis_den, 1);
    CU_ASSERT_EQUAL(f.d.amount, 180);
    CU_ASSERT_EQUAL(f.d.cap, 1800);
    f.p.min_credit_set = true;
    f.p.min_credit = 180 * POLICY_SCALE / 100; /* 1.80 */
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    f.p.min_credit = 181 * POLICY_SCALE / 100; /* 1.81 */
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_BELOW_MINIMUM);
    fx_free(&f);

    /* A year: 31,537 s of 31,536,000 is below 99.9 %: 10 % of 72.00. */
    fx_init(&f, PERIOD_YEAR, DEC, Y2027);
    ivset_add(&f.ev, Y2026 + 40 * DAY, Y2026 + 40 * DAY + 31537);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.fee_basis_num, 7200);
    CU_ASSERT_EQUAL(f.d.amount, 720);
    fx_free(&f);
}

/* fee_basis = prorated: a subscription from Nov 16 is active 46 of the
 * quarter's 92 days, so F = 18.00 × 46 / 92 = 9.00 EUR and 10 % is 0.90;
 * with a fee of 6.05 EUR, F = 18.15 × 46 / 92 = 9.075 and 10 % is
 * 0.9075, rounded once half-up to 0.91 (half-even: also 0.91). */
static void prorated_fee_is_a_share_of_the_period(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, DEC, Y2027);
    f.p.fee_basis = FEE_PRORATED;
    f.s.starts_at = NOV + 15 * DAY;
    ivset_add(&f.ev, DEC, DEC + 4000); /* 4,000 of 3,974,400 s: below */
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.active_secs, 46 * DAY);
    CU_ASSERT_EQUAL(f.d.fee_basis_num, 1800);
    CU_ASSERT_EQUAL(f.d.fee_basis_mul, 46 * DAY);
    CU_ASSERT_EQUAL(f.d.fee_basis_den, Q4);
    CU_ASSERT_EQUAL(f.d.amount, 90);
    ASSERT_STR(f.d.basis, "tier<99.9=10%;fee=prorated;period=2026-Q4");
    f.s.fee = 605;
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    CU_ASSERT_EQUAL(f.d.raw_floor, 90);
    CU_ASSERT_FALSE(f.d.raw_exact);
    CU_ASSERT_EQUAL(f.d.amount, 91);
    fx_free(&f);
}

/* prorated kind: F × seconds / |P| with F the quarter's fee and |P| its
 * seconds: a 2-hour outage in October is 1,800 × 7,200 / 7,948,800 =
 * 1.630… cents ⇒ 2 cents half-up (floor 1). */
static void prorated_kind_divides_by_the_period(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, DEC, Y2027);
    f.p.kind = POLICY_PRORATED;
    f.p.tiers = NULL;
    f.p.ntiers = 0;
    ivset_add(&f.ev, OCT + DAY, OCT + DAY + 7200);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_CREDITED);
    CU_ASSERT_EQUAL(f.d.raw_floor, 1);
    CU_ASSERT_EQUAL(f.d.amount, 2);
    ASSERT_STR(f.d.basis, "outage=7200s/7948800s;period=2026-Q4");
    fx_free(&f);
}

/* A leap year is longer: 2024 has 31,622,400 s, 99.9 % allows 31,622.4 s
 * down; 2026 has 31,536,000 s and allows 31,536 s exactly. 31,537 s is
 * below in 2026, above in 2024; 31,623 s is below in 2024. */
static void leap_year_has_a_longer_year(void)
{
    static const struct {
        int64_t y0, m0, m1, down;
        enum outcome want;
    } cases[] = {
        {Y2026, DEC, Y2027, 31536, OUTCOME_ABOVE_THRESHOLD},
        {Y2026, DEC, Y2027, 31537, OUTCOME_CREDITED},
        {Y2024, Y2025 - 31 * DAY, Y2025, 31537, OUTCOME_ABOVE_THRESHOLD},
        {Y2024, Y2025 - 31 * DAY, Y2025, 31622, OUTCOME_ABOVE_THRESHOLD},
        {Y2024, Y2025 - 31 * DAY, Y2025, 31623, OUTCOME_CREDITED},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct fx f;
        fx_init(&f, PERIOD_YEAR, cases[k].m0, cases[k].m1);
        ivset_add(&f.ev, cases[k].y0 + 100 * DAY,
                  cases[k].y0 + 100 * DAY + cases[k].down);
        CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
        check_outcome(&f, cases[k].want);
        CU_ASSERT_EQUAL(f.d.active_secs, cases[k].m1 - cases[k].y0);
        CU_ASSERT_EQUAL(f.d.period_month, 12);
        fx_free(&f);
    }
}

/* period_open comes after the eligibility outcomes and before
 * no_downtime; not_active when the subscription has no time in the
 * period so far (it starts in December), period_open when it has some
 * (it ended in October: its quarter is decided in December's run). */
static void period_open_in_the_outcome_order(void)
{
    struct fx f;

    fx_init(&f, PERIOD_QUARTER, NOV, DEC);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_PERIOD_OPEN); /* before no_downtime */
    ASSERT_STR(f.d.uptime, "100.0000");
    f.k.payment_method = (char *)"bank";
    {
        char *pm[1] = {(char *)"bank"};
        f.p.exclude_payment_methods = pm;
        f.p.nexclude_payment_methods = 1;
        CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
        check_outcome(&f, OUTCOME_INELIGIBLE_PAYMENT_METHOD);
        f.p.exclude_payment_methods = NULL;
        f.p.nexclude_payment_methods = 0;
    }
    f.s.starts_at = DEC;
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_NOT_ACTIVE);
    ASSERT_STR(f.d.detail, "not active during the quarter 2026-Q4 so far");
    CU_ASSERT_EQUAL(f.d.active_secs, 0);
    ASSERT_STR(f.d.uptime, "");
    f.s.starts_at = Y2024;
    f.s.ends_at = OCT + 15 * DAY;
    f.s.has_end = true;
    ivset_add(&f.ev, OCT + 2 * DAY, OCT + 2 * DAY + 3600);
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    check_outcome(&f, OUTCOME_PERIOD_OPEN);
    CU_ASSERT_EQUAL(f.d.active_secs, 15 * DAY);
    CU_ASSERT_EQUAL(f.d.down_secs, 3600);
    f.m0 = DEC;
    f.m1 = Y2027;
    CU_ASSERT_EQUAL_FATAL(fx_decide(&f), 0);
    /* 3,600 of 1,296,000 s: 99.7222 %, below 99.9: 10 % of 18.00. */
    check_outcome(&f, OUTCOME_CREDITED);
    ASSERT_STR(f.d.uptime, "99.7222");
    CU_ASSERT_EQUAL(f.d.amount, 180);
    fx_free(&f);
}

/* A credit in days paid as money divides a month's fee: refused under a
 * quarter or a year, allowed as plan time. */
static void days_as_money_contradict_a_longer_period(void)
{
    struct policy p;
    char msg[400];

    memset(&p, 0, sizeof p);
    p.name = (char *)"d";
    p.kind = POLICY_PER_DAY;
    p.day_divisor = 30;
    p.cap_percent = 100 * POLICY_SCALE;
    p.remedy = REMEDY_INVOICE_CREDIT;
    p.period = PERIOD_MONTH;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.period = PERIOD_QUARTER;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    ASSERT_STR(msg, "period = quarter and a credit in days paid as money "
                    "(kind = per_day, remedy = invoice_credit) contradict: "
                    "day_divisor divides a month's fee; use remedy = "
                    "plan_extension, or kind = ladder with step = 1d and "
                    "step_credit = 1/90");
    p.remedy = REMEDY_BY_BILLING;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), -1);
    p.remedy = REMEDY_PLAN_EXTENSION;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
    p.period = PERIOD_YEAR;
    CU_ASSERT_EQUAL(policy_validate(&p, msg, sizeof msg), 0);
}

CU_TestInfo period_tests[] = {
    {"period_holds_the_month", period_holds_the_month},
    {"period_names", period_names},
    {"month_in_quarter_decides_only_in_the_last",
     month_in_quarter_decides_only_in_the_last},
    {"period_open_shows_the_running_figure",
     period_open_shows_the_running_figure},
    {"quarter_boundaries_one_second_either_side",
     quarter_boundaries_one_second_either_side},
    {"open_figure_stops_at_the_run_month_end",
     open_figure_stops_at_the_run_month_end},
    {"quarter_second_tier_at_its_boundary",
     quarter_second_tier_at_its_boundary},
    {"period_fee_is_the_monthly_fee_times_its_months",
     period_fee_is_the_monthly_fee_times_its_months},
    {"prorated_fee_is_a_share_of_the_period",
     prorated_fee_is_a_share_of_the_period},
    {"prorated_kind_divides_by_the_period",
     prorated_kind_divides_by_the_period},
    {"leap_year_has_a_longer_year", leap_year_has_a_longer_year},
    {"period_open_in_the_outcome_order", period_open_in_the_outcome_order},
    {"days_as_money_contradict_a_longer_period",
     days_as_money_contradict_a_longer_period},
    CU_TEST_INFO_NULL,
};

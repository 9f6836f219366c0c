/* Unit tests for cap_fees in calc_decide(): the credits of the cap_fees
 * months stay within cap_fees_percent of their fees, so this month may
 * credit at most floor(fees × percent / 100) − the earlier credits, never
 * less than 0. Every figure is worked out by hand beside it.
 *
 * Month: September 2026 = [SEP, OCT), 30 days. The subscription pays 6.00
 * EUR under per_day (a started day is worth 600 / 30 = 20 minor units);
 * two days of downtime earn 2 × 20 = 40 minor units before any cap. The
 * cap over months is cap_fees = 12 with cap_fees_percent = 10: twelve
 * months of 6.00 EUR are 7,200 minor units, whose 10 % is 720. */
#include "engine/calc.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "engine/subscription.h"
#include "testutil.h"
#include "write/explain.h"

#define DAY 86400
#define SEP ((int64_t)20697 * DAY) /* 2026-09-01T00:00:00Z */
#define OCT (SEP + 30 * DAY)

struct fx {
    struct policy p;
    struct sub_class k; /* s's class */
    struct sub s;
    struct ivset ev;
    struct decision d;
    struct err e;
    struct calc_history h;
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
    f->p.cap_fees = 12;
    f->p.cap_fees_percent = 10 * POLICY_SCALE;
    f->s.id = (char *)(uintptr_t) "s1";
    f->s.customer = (char *)(uintptr_t) "c1";
    f->k.plan = (char *)(uintptr_t) "pro";
    f->k.payment_method = (char *)(uintptr_t) "card";
    f->k.policy = &f->p;
    f->s.fee = 600;
    memcpy(f->k.currency, "EUR", 4);
    f->k.exponent = 2;
    f->s.starts_at = SEP - 400 * DAY;
    f->s.ends_at = INT64_MAX;
    ivset_init(&f->ev);
    /* Two days down: [SEP + 1d, SEP + 2d) and [SEP + 10d, SEP + 11d). */
    ivset_add(&f->ev, SEP + DAY, SEP + 2 * DAY);
    ivset_add(&f->ev, SEP + 10 * DAY, SEP + 11 * DAY);
    ivset_normalize(&f->ev);
    f->h.months = 12;
    f->h.fees = 7200;
    calc_decision_init(&f->d);
}

/* Decides with the history (or none when with is false). */
static void fx_decide(struct fx *f, bool with)
{
    struct calc_input in;

    memset(&in, 0, sizeof in);
    in.policy = &f->p;
    in.sub = &f->s;
    in.month_start = SEP;
    in.month_end = OCT;
    in.evidence = &f->ev;
    in.history = with ? &f->h : NULL;
    CU_ASSERT_EQUAL_FATAL(calc_decide(&in, &f->d, &f->e), 0);
    explain_reason(&f->d, &f->s, f->d.detail, sizeof f->d.detail);
}

static void fx_free(struct fx *f)
{
    calc_decision_free(&f->d);
    ivset_free(&f->ev);
}

/* Earlier credits 680: 720 − 680 = 40 left, exactly the credit: not
 * lowered. One minor unit more earlier (681) leaves 39: the credit is
 * lowered to 39. One less (679) leaves 41: 40 stands. */
static void cap_fees_boundary_of_earlier_credits(void)
{
    static const struct {
        int64_t earlier, amount;
        bool capped;
    } cases[] = {{680, 40, false}, {681, 39, true}, {679, 40, false}};
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fx f;
        fx_init(&f);
        f.h.earlier = cases[i].earlier;
        fx_decide(&f, true);
        CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_CREDITED);
        CU_ASSERT_EQUAL(f.d.fees_limit, 720);
        CU_ASSERT_EQUAL(f.d.fees_left, 720 - cases[i].earlier);
        CU_ASSERT_EQUAL(f.d.amount, cases[i].amount);
        CU_ASSERT_EQUAL(f.d.fees_capped, cases[i].capped);
        CU_ASSERT_EQUAL(strstr(f.d.basis, "cap_fees=12m:10%") != NULL,
                        cases[i].capped);
        CU_ASSERT_EQUAL(strstr(f.d.detail, "lowered to 0.39 EUR by cap_fees") !=
                            NULL,
                        cases[i].capped);
        fx_free(&f);
    }
}

/* The limit is rounded down: fees 7,199 give 719.9 → 719, so 680 earlier
 * leave 39 (lowered); 7,200 give 720 and 7,201 give 720.1 → 720, leaving
 * 40 (not lowered). One minor unit of fees either side of the boundary. */
static void cap_fees_boundary_of_fees(void)
{
    static const struct {
        int64_t fees, limit, amount;
    } cases[] = {{7199, 719, 39}, {7200, 720, 40}, {7201, 720, 40}};
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fx f;
        fx_init(&f);
        f.h.fees = cases[i].fees;
        f.h.earlier = 680;
        fx_decide(&f, true);
        CU_ASSERT_EQUAL(f.d.fees_limit, cases[i].limit);
        CU_ASSERT_EQUAL(f.d.amount, cases[i].amount);
        fx_free(&f);
    }
}

/* A cap used up (earlier 720, or more: 800) leaves 0, never a negative
 * credit: the credit 0 is below the one-minor-unit minimum. */
static void cap_fees_used_up_is_below_minimum(void)
{
    static const int64_t earlier[] = {720, 800};
    size_t i;

    for (i = 0; i < 2; i++) {
        struct fx f;
        fx_init(&f);
        f.h.earlier = earlier[i];
        fx_decide(&f, true);
        CU_ASSERT_EQUAL(f.d.outcome, OUTCOME_BELOW_MINIMUM);
        CU_ASSERT_EQUAL(f.d.amount, 0);
        CU_ASSERT_EQUAL(f.d.fees_left, 0);
        CU_ASSERT(f.d.fees_capped);
        CU_ASSERT_PTR_NOT_NULL(strstr(f.d.detail, "lowered by cap_fees"));
        fx_free(&f);
    }
}

/* A correction that took back more than was credited leaves earlier
 * negative: −100 leaves 820, and the credit 40 stands. */
static void cap_fees_negative_earlier_widens_the_room(void)
{
    struct fx f;

    fx_init(&f);
    f.h.earlier = -100;
    fx_decide(&f, true);
    CU_ASSERT_EQUAL(f.d.fees_left, 820);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    CU_ASSERT(!f.d.fees_capped);
    fx_free(&f);
}

/* A decimal percentage: 12.5 % of 7,200 is exactly 900; earlier 861
 * leaves 39. */
static void cap_fees_decimal_percent(void)
{
    struct fx f;

    fx_init(&f);
    f.p.cap_fees_percent = 125000; /* 12.5 % */
    f.h.earlier = 861;
    fx_decide(&f, true);
    CU_ASSERT_EQUAL(f.d.fees_limit, 900);
    CU_ASSERT_EQUAL(f.d.amount, 39);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.d.basis, "cap_fees=12m:12.5%"));
    fx_free(&f);
}

/* Both caps: cap_percent = 5 caps the month at 600 × 5 % = 30; the months
 * leave 720 − 700 = 20, lower still: 20, and both are recorded. */
static void cap_fees_after_the_monthly_cap(void)
{
    struct fx f;

    fx_init(&f);
    f.p.cap_percent = 5 * POLICY_SCALE;
    f.h.earlier = 700;
    fx_decide(&f, true);
    CU_ASSERT_EQUAL(f.d.cap, 30);
    CU_ASSERT(f.d.capped);
    CU_ASSERT(f.d.fees_capped);
    CU_ASSERT_EQUAL(f.d.amount, 20);
    ASSERT_STR(f.d.basis, "days=2/30;cap=5%;cap_fees=12m:10%");
    fx_free(&f);
}

/* Without a history (no cap_fees in the input) nothing is capped over
 * months: 40. */
static void cap_fees_without_history_caps_nothing(void)
{
    struct fx f;

    fx_init(&f);
    f.h.earlier = 720;
    fx_decide(&f, false);
    CU_ASSERT_EQUAL(f.d.amount, 40);
    CU_ASSERT(!f.d.fees_capped);
    CU_ASSERT_EQUAL(f.d.history.months, 0);
    fx_free(&f);
}

CU_TestInfo cap_fees_tests[] = {
    {"cap_fees_boundary_of_earlier_credits",
     cap_fees_boundary_of_earlier_credits},
    {"cap_fees_boundary_of_fees", cap_fees_boundary_of_fees},
    {"cap_fees_used_up_is_below_minimum", cap_fees_used_up_is_below_minimum},
    {"cap_fees_negative_earlier_widens_the_room",
     cap_fees_negative_earlier_widens_the_room},
    {"cap_fees_decimal_percent", cap_fees_decimal_percent},
    {"cap_fees_after_the_monthly_cap", cap_fees_after_the_monthly_cap},
    {"cap_fees_without_history_caps_nothing",
     cap_fees_without_history_caps_nothing},
    CU_TEST_INFO_NULL,
};

/* Unit tests for reconcile, over an in-memory ledger: without a ledger a
 * credit is simply due; a credit issued already gives no row and the
 * outcome already_issued; a different amount gives a correction carrying
 * the difference; a changed policy or currency reverses what was issued
 * (revisions of one policy go on across currencies). Amounts worked out by
 * hand from the rows recorded. */
#include "ledger/reconcile.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "engine/calc.h"
#include "ledger/ledger.h"
#include "read/config.h"
#include "read/roster.h"
#include "testutil.h"

/* Subscription s1 of customer c1 under policy p, in EUR (class k). */
static void sub_of(struct sub *s, struct sub_class *k, struct policy *p,
                   const char *policy)
{
    memset(p, 0, sizeof *p);
    p->name = (char *)policy;
    memset(k, 0, sizeof *k);
    k->policy = p;
    memcpy(k->currency, "EUR", 4);
    k->exponent = 2;
    memset(s, 0, sizeof *s);
    s->id = (char *)"s1";
    s->customer = (char *)"c1";
    s->cls = k;
}

/* A credited decision of amount cents. */
static void credited(struct decision *d, int64_t amount)
{
    calc_decision_init(d);
    d->outcome = OUTCOME_CREDITED;
    d->remedy = REMEDY_INVOICE_CREDIT;
    d->amount = amount;
}

/* A ledger holding one committed row of s1 (policy, currency, amount). */
static struct ledger *ledger_with(const char *policy, const char *currency,
                                  int64_t amount)
{
    struct credit_row r;
    struct ledger *l;
    struct err e;

    memset(&r, 0, sizeof r);
    snprintf(r.period, sizeof r.period, "2026-10");
    r.subscription = "s1";
    r.policy = policy;
    r.remedy = "invoice_credit";
    r.amount = amount;
    memcpy(r.currency, currency, 4);
    ledger_format_id("2026-10", "s1", policy, 0, r.adjustment_id,
                     sizeof r.adjustment_id);
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(
        ledger_record(l, "2026-10", "/nowhere", "x", &r, 1, &e), 0);
    CU_ASSERT_EQUAL_FATAL(ledger_confirm(l, &e), 0);
    return l;
}

static void without_a_ledger_a_credit_is_due(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    credited(&d, 490);
    CU_ASSERT_EQUAL(reconcile_decision(NULL, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    ASSERT_STR(out.v[0].adjustment_id, "2026-10:s1:tiers");
    CU_ASSERT_EQUAL(out.v[0].amount, 490);
    d.outcome = OUTCOME_ABOVE_THRESHOLD;
    CU_ASSERT_EQUAL(reconcile_decision(NULL, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL(out.n, 1); /* nothing more */
    reconcile_rows_free(&out);
    calc_decision_free(&d);
}

static void issued_already_gives_no_row(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct ledger *l = ledger_with("tiers", "EUR", 490);
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    credited(&d, 490);
    CU_ASSERT_EQUAL(reconcile_decision(l, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL(out.n, 0);
    CU_ASSERT_EQUAL(d.outcome, OUTCOME_ALREADY_ISSUED);
    ASSERT_STR(d.detail,
               "issued before as 2026-10:s1:tiers (4.90 EUR, 0s of plan time)");
    reconcile_rows_free(&out);
    calc_decision_free(&d);
    ledger_close(l);
}

/* 7.35 due, 4.90 issued: a correction :r1 of 2.45. */
static void a_different_amount_gives_a_correction(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct ledger *l = ledger_with("tiers", "EUR", 490);
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    credited(&d, 735);
    snprintf(d.detail, sizeof d.detail, "uptime");
    CU_ASSERT_EQUAL(reconcile_decision(l, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    ASSERT_STR(out.v[0].adjustment_id, "2026-10:s1:tiers:r1");
    CU_ASSERT_EQUAL(out.v[0].revision, 1);
    CU_ASSERT_EQUAL(out.v[0].amount, 245);
    CU_ASSERT_EQUAL(d.outcome, OUTCOME_CREDITED);
    ASSERT_STR(d.detail, "uptime; correction 2026-10:s1:tiers:r1: 2.45 EUR, "
                         "0s of plan time");
    reconcile_rows_free(&out);
    calc_decision_free(&d);
    ledger_close(l);
}

/* Issued under "old", now due under "tiers": "old" is reversed, the new
 * credit is its policy's first revision. */
static void a_changed_policy_reverses_the_old_credit(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct ledger *l = ledger_with("old", "EUR", 490);
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    credited(&d, 300);
    CU_ASSERT_EQUAL(reconcile_decision(l, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL_FATAL(out.n, 2);
    ASSERT_STR(out.v[0].adjustment_id, "2026-10:s1:old:r1");
    CU_ASSERT_EQUAL(out.v[0].amount, -490);
    ASSERT_STR(out.v[0].basis, "reversal");
    ASSERT_STR(out.v[1].adjustment_id, "2026-10:s1:tiers");
    CU_ASSERT_EQUAL(out.v[1].amount, 300);
    ASSERT_STR(d.detail, "reversal 2026-10:s1:old:r1: -4.90 EUR, 0s of plan "
                         "time (the policy changed)");
    reconcile_rows_free(&out);
    calc_decision_free(&d);
    ledger_close(l);
}

/* Issued in USD, now due in EUR under the same policy: the USD credit is
 * reversed as :r1, the EUR credit follows as :r2. */
static void a_changed_currency_continues_the_revisions(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct ledger *l = ledger_with("tiers", "USD", 490);
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    credited(&d, 300);
    CU_ASSERT_EQUAL(reconcile_decision(l, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL_FATAL(out.n, 2);
    ASSERT_STR(out.v[0].adjustment_id, "2026-10:s1:tiers:r1");
    ASSERT_STR(out.v[0].currency, "USD");
    CU_ASSERT_EQUAL(out.v[0].amount, -490);
    ASSERT_STR(out.v[1].adjustment_id, "2026-10:s1:tiers:r2");
    ASSERT_STR(out.v[1].currency, "EUR");
    CU_ASSERT_EQUAL(out.v[1].amount, 300);
    CU_ASSERT_EQUAL(d.outcome, OUTCOME_CREDITED);
    reconcile_rows_free(&out);
    calc_decision_free(&d);
    ledger_close(l);
}

/* 4.90 issued for the month under a monthly policy; the policy became
 * quarterly and the month is not the quarter's last, so its replay is
 * period_open: no credit is due, and the 4.90 is taken back as :r1 like
 * any other outcome without a credit. */
static void period_open_reverses_a_credit_issued_before(void)
{
    struct reconcile_rows out = {NULL, 0, 0};
    struct ledger *l = ledger_with("tiers", "EUR", 490);
    struct policy p;
    struct sub_class k;
    struct sub s;
    struct decision d;
    struct err e;

    sub_of(&s, &k, &p, "tiers");
    calc_decision_init(&d);
    d.outcome = OUTCOME_PERIOD_OPEN;
    d.remedy = REMEDY_INVOICE_CREDIT;
    CU_ASSERT_EQUAL(reconcile_decision(l, "2026-10", &s, &d, &out, &e), 0);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    ASSERT_STR(out.v[0].adjustment_id, "2026-10:s1:tiers:r1");
    CU_ASSERT_EQUAL(out.v[0].revision, 1);
    CU_ASSERT_EQUAL(out.v[0].amount, -490);
    ASSERT_STR(out.v[0].remedy, "invoice_credit");
    CU_ASSERT_EQUAL(d.outcome, OUTCOME_PERIOD_OPEN);
    ASSERT_STR(d.detail, "correction 2026-10:s1:tiers:r1: -4.90 EUR, 0s of "
                         "plan time");
    reconcile_rows_free(&out);
    calc_decision_free(&d);
    ledger_close(l);
}

CU_TestInfo reconcile_tests[] = {
    {"period_open_reverses_a_credit_issued_before",
     period_open_reverses_a_credit_issued_before},
    {"without_a_ledger_a_credit_is_due", without_a_ledger_a_credit_is_due},
    {"issued_already_gives_no_row", issued_already_gives_no_row},
    {"a_different_amount_gives_a_correction",
     a_different_amount_gives_a_correction},
    {"a_changed_policy_reverses_the_old_credit",
     a_changed_policy_reverses_the_old_credit},
    {"a_changed_currency_continues_the_revisions",
     a_changed_currency_continues_the_revisions},
    CU_TEST_INFO_NULL,
};

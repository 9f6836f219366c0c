/* Unit tests for the ledger's look-ups by query and its recording row by
 * row: a row added by the run being recorded is not seen by that run's
 * look-ups (nor counted) until the run ends; rows of a rolled-back run are
 * never returned; the chain verifies after rows recorded one at a time; a
 * failure in the middle, or a run never ended, leaves nothing recorded;
 * the listing steps through the rows in identity order; sums that do not
 * fit in 64 bits are an error, not a wrapped figure. */
#include "ledger/ledger.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

#include "testfiles.h"
#include "testutil.h"
#include "write/report.h"

static void row(struct credit_row *r, const char *sub, const char *policy,
                int64_t revision, int64_t amount)
{
    memset(r, 0, sizeof *r);
    snprintf(r->period, sizeof r->period, "2026-10");
    r->subscription = sub;
    r->policy = policy;
    r->revision = revision;
    r->remedy = "invoice_credit";
    r->amount = amount;
    memcpy(r->currency, "EUR", 4);
    ledger_format_id(r->period, sub, policy, revision, r->adjustment_id,
                     sizeof r->adjustment_id);
}

/* A file ledger at t's "ledger.db" (path into path) holding one committed
 * run: s1 490 EUR under "tiers". */
static struct ledger *one_run(struct tf *t, char *path, size_t cap)
{
    struct credit_row r;
    struct ledger *l;
    struct err e;

    tf_init(t);
    tf_path(t, "ledger.db", path, cap);
    row(&r, "s1", "tiers", 0, 490);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(ledger_record(l, "2026-10", t->dir, "x", &r, 1, &e),
                          0);
    CU_ASSERT_EQUAL_FATAL(ledger_confirm(l, &e), 0);
    return l;
}

/* While a run is recorded, its own rows are not looked up: s1's
 * correction :r1 (+245) added by this run leaves s1's look-up at the one
 * row of the earlier run (490), and s2's new row is not found at all; the
 * count stays 1. Once the run has ended, both are there: s1 490 + 245 =
 * 735 EUR in 2 rows, s2 100 EUR, 3 rows in all. */
static void rows_of_the_open_run_are_not_looked_up(void)
{
    struct tf t;
    char path[600];
    struct credit_row r[2];
    struct ledger *l = one_run(&t, path, sizeof path);
    struct ledger_issued iss;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    row(&r[0], "s1", "tiers", 1, 245);
    row(&r[1], "s2", "tiers", 0, 100);
    CU_ASSERT_EQUAL_FATAL(ledger_begin_run(l, "2026-10", t.dir, &e), 0);
    CU_ASSERT_EQUAL_FATAL(ledger_add(l, &r[0], &e), 0);
    CU_ASSERT_EQUAL_FATAL(ledger_add(l, &r[1], &e), 0);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(v[0].revision, 0);
    CU_ASSERT_EQUAL(v[0].amount, 490);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), 0);
    CU_ASSERT_EQUAL(iss.amount, 490);
    CU_ASSERT_EQUAL(iss.adjustments, 1);
    v = ledger_rows_of(l, "2026-10", "s2", &n, &e);
    CU_ASSERT_PTR_NOT_NULL(v);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s2", "EUR", &iss, &e), 0);
    CU_ASSERT(!iss.found);
    CU_ASSERT_EQUAL(ledger_row_by_id(l, "2026-10:s2:tiers", &v, &e), 0);
    CU_ASSERT_EQUAL(ledger_count(l), 1);

    CU_ASSERT_EQUAL_FATAL(ledger_record_end(l, "y", &e), 0);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), 0);
    CU_ASSERT_EQUAL(iss.amount, 735);
    CU_ASSERT_EQUAL(iss.adjustments, 2);
    CU_ASSERT_EQUAL(ledger_row_by_id(l, "2026-10:s2:tiers", &v, &e), 1);
    CU_ASSERT_EQUAL(v->amount, 100);
    CU_ASSERT_EQUAL(ledger_count(l), 3);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* Rows recorded one at a time, over two runs, form one chain that
 * verifies, and the runs table counts each run's rows (1, then 3). */
static void chain_verifies_after_rows_recorded_one_by_one(void)
{
    struct tf t;
    char path[600];
    struct credit_row r;
    struct ledger *l = one_run(&t, path, sizeof path);
    const struct ledger_run *runs;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    CU_ASSERT_EQUAL_FATAL(ledger_begin_run(l, "2026-10", t.dir, &e), 0);
    row(&r, "s2", "tiers", 0, 1);
    CU_ASSERT_EQUAL(ledger_add(l, &r, &e), 0);
    row(&r, "s3", "tiers", 0, 2);
    CU_ASSERT_EQUAL(ledger_add(l, &r, &e), 0);
    row(&r, "s1", "tiers", 1, -490);
    CU_ASSERT_EQUAL(ledger_add(l, &r, &e), 0);
    CU_ASSERT_EQUAL_FATAL(ledger_record_end(l, "z", &e), 0);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    runs = ledger_runs(l, &n);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(runs[0].adjustments, 1);
    CU_ASSERT_EQUAL(runs[1].adjustments, 3);
    ASSERT_STR(runs[1].state, "committed");
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 4);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(v[1].seq, 4); /* the chain's 4th row */
    CU_ASSERT_EQUAL(v[1].amount, -490);
    ledger_close(l);
    tf_cleanup(&t);
}

/* A duplicate identity in the middle of a run undoes the whole run: the
 * row added before it is gone too, no run is left, the chain is intact,
 * and the next run records from row 2. */
static void failure_in_the_middle_records_nothing(void)
{
    struct tf t;
    char path[600];
    struct credit_row r[2];
    struct ledger *l = one_run(&t, path, sizeof path);
    const struct ledger_row *v;
    struct err e;
    size_t n;

    row(&r[0], "s2", "tiers", 0, 100);
    row(&r[1], "s1", "tiers", 0, 490); /* recorded by the earlier run */
    CU_ASSERT_EQUAL_FATAL(ledger_begin_run(l, "2026-10", t.dir, &e), 0);
    CU_ASSERT_EQUAL(ledger_add(l, &r[0], &e), 0);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(ledger_add(l, &r[1], &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "2026-10:s1:tiers"));
    CU_ASSERT_EQUAL(ledger_record_end(l, "y", &e), -1); /* nothing open */
    CU_ASSERT_EQUAL(ledger_count(l), 1);
    ledger_runs(l, &n);
    CU_ASSERT_EQUAL(n, 1);
    v = ledger_rows_of(l, "2026-10", "s2", &n, &e);
    CU_ASSERT_PTR_NOT_NULL(v);
    CU_ASSERT_EQUAL(n, 0);
    /* The chain goes on from row 1. */
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", t.dir, "y", &r[0], 1, &e), 0);
    v = ledger_rows_of(l, "2026-10", "s2", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(v[0].seq, 2);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* A run begun and never ended (the program stopped on bad input, or
 * closed the ledger) leaves nothing: the next open finds one run, one
 * row, and no pending run to settle. */
static void run_never_ended_leaves_nothing(void)
{
    struct tf t;
    char path[600];
    struct credit_row r;
    struct ledger *l = one_run(&t, path, sizeof path);
    const struct ledger_run *runs;
    struct err e;
    size_t n;

    row(&r, "s2", "tiers", 0, 100);
    CU_ASSERT_EQUAL_FATAL(ledger_begin_run(l, "2026-10", t.dir, &e), 0);
    CU_ASSERT_EQUAL(ledger_add(l, &r, &e), 0);
    ledger_close(l);
    l = ledger_open(path, LEDGER_READ, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 1);
    runs = ledger_runs(l, &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    ASSERT_STR(runs[0].state, "committed");
    ledger_close(l);
    /* ledger_record_cancel() undoes it in place. */
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(ledger_begin_run(l, "2026-10", t.dir, &e), 0);
    CU_ASSERT_EQUAL(ledger_add(l, &r, &e), 0);
    ledger_record_cancel(l);
    CU_ASSERT_EQUAL(ledger_count(l), 1);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", t.dir, "y", &r, 1, &e), 0);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    CU_ASSERT_EQUAL(ledger_count(l), 2);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* A run rolled back (its outputs never swapped in) is never looked up:
 * after ledger_abandon() s2's row is not found, by subscription, by id or
 * in the listing; s1's row of the earlier run still is. */
static void rolled_back_rows_are_never_returned(void)
{
    struct tf t;
    char path[600];
    struct credit_row r;
    struct ledger *l = one_run(&t, path, sizeof path);
    const struct ledger_row *v;
    struct ledger_issued iss;
    struct err e;
    size_t n;

    row(&r, "s2", "tiers", 0, 100);
    CU_ASSERT_EQUAL(
        ledger_record(l, "2026-10", t.dir, "no-such-manifest", &r, 1, &e), 0);
    v = ledger_rows_of(l, "2026-10", "s2", &n, &e);
    CU_ASSERT_EQUAL(n, 1); /* pending: recorded, not yet settled */
    CU_ASSERT_EQUAL(ledger_abandon(l, &e), 0);
    v = ledger_rows_of(l, "2026-10", "s2", &n, &e);
    CU_ASSERT_PTR_NOT_NULL(v);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(ledger_row_by_id(l, "2026-10:s2:tiers", &v, &e), 0);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s2", "EUR", &iss, &e), 0);
    CU_ASSERT(!iss.found);
    CU_ASSERT_EQUAL(ledger_count(l), 1);
    CU_ASSERT_EQUAL(ledger_row_by_id(l, "2026-10:s1:tiers", &v, &e), 1);
    CU_ASSERT_EQUAL(v->amount, 490);
    ledger_close(l);
    tf_cleanup(&t);
}

/* What list_rows() saw: the ids in order. */
struct seen {
    char ids[8][64];
    size_t n;
    size_t stop_at; /* returns 7 at this row (1-based), 0: never */
};

static int list_rows(void *ctx, const struct ledger_row *r, struct err *e)
{
    struct seen *s = ctx;

    (void)e;
    if (s->n < 8)
        snprintf(s->ids[s->n], sizeof s->ids[s->n], "%s", r->adjustment_id);
    s->n++;
    return s->n == s->stop_at ? 7 : 0;
}

static int count_pushes(void *ctx, const struct ledger_push *p, struct err *e)
{
    struct seen *s = ctx;

    (void)e;
    if (s->n < 8)
        snprintf(s->ids[s->n], sizeof s->ids[s->n], "%s", p->remote_id);
    s->n++;
    return 0;
}

/* The listing steps through the rows in identity order (period,
 * subscription, policy, revision), not in the order recorded; a non-zero
 * return stops it; pushes come in chain order. */
static void each_row_steps_in_identity_order(void)
{
    struct credit_row r[4];
    struct ledger *l;
    struct seen s;
    struct err e;

    row(&r[0], "s2", "tiers", 0, 1);
    row(&r[1], "s1", "tiers", 1, 2);
    row(&r[2], "s1", "b", 0, 3);
    row(&r[3], "s1", "tiers", 0, 4);
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(
        ledger_record(l, "2026-10", "/nowhere", "x", r, 4, &e), 0);
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(ledger_each_row(l, list_rows, &s, &e), 0);
    CU_ASSERT_EQUAL_FATAL(s.n, 4);
    ASSERT_STR(s.ids[0], "2026-10:s1:b");
    ASSERT_STR(s.ids[1], "2026-10:s1:tiers");
    ASSERT_STR(s.ids[2], "2026-10:s1:tiers:r1");
    ASSERT_STR(s.ids[3], "2026-10:s2:tiers");
    memset(&s, 0, sizeof s);
    s.stop_at = 2;
    CU_ASSERT_EQUAL(ledger_each_row(l, list_rows, &s, &e), 7);
    CU_ASSERT_EQUAL(s.n, 2);
    CU_ASSERT_EQUAL(
        ledger_push_record(l, "2026-10:s2:tiers", "stripe", "p1", &e), 0);
    CU_ASSERT_EQUAL(ledger_push_record(l, "2026-10:s1:b", "stripe", "p2", &e),
                    0);
    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(ledger_each_push(l, count_pushes, &s, &e), 0);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    ASSERT_STR(s.ids[0], "p1");
    ASSERT_STR(s.ids[1], "p2");
    CU_ASSERT_EQUAL(ledger_push_count(l), 2);
    ledger_close(l);
}

/* Sums at the edge of 64 bits: INT64_MAX - 1 and 1 sum to INT64_MAX; one
 * minor unit more (INT64_MAX and 1) is an error, never a wrapped negative
 * amount. */
static void issued_sum_at_the_edge_of_64_bits(void)
{
    struct credit_row r[2];
    struct ledger *l;
    struct ledger_issued iss;
    struct err e;

    row(&r[0], "s1", "tiers", 0, INT64_MAX - 1);
    row(&r[1], "s1", "tiers", 1, 1);
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(
        ledger_record(l, "2026-10", "/nowhere", "x", r, 2, &e), 0);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), 0);
    CU_ASSERT_EQUAL(iss.amount, INT64_MAX);
    ledger_close(l);

    row(&r[0], "s1", "tiers", 0, INT64_MAX);
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL_FATAL(
        ledger_record(l, "2026-10", "/nowhere", "x", r, 2, &e), 0);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), -1);
    CU_ASSERT_NOT_EQUAL(e.rc, 0);
    CU_ASSERT(!iss.found);
    ledger_close(l);
}

CU_TestInfo ledger_stream_tests[] = {
    {"rows_of_the_open_run_are_not_looked_up",
     rows_of_the_open_run_are_not_looked_up},
    {"chain_verifies_after_rows_recorded_one_by_one",
     chain_verifies_after_rows_recorded_one_by_one},
    {"failure_in_the_middle_records_nothing",
     failure_in_the_middle_records_nothing},
    {"run_never_ended_leaves_nothing", run_never_ended_leaves_nothing},
    {"rolled_back_rows_are_never_returned",
     rolled_back_rows_are_never_returned},
    {"each_row_steps_in_identity_order", each_row_steps_in_identity_order},
    {"issued_sum_at_the_edge_of_64_bits", issued_sum_at_the_edge_of_64_bits},
    CU_TEST_INFO_NULL,
};

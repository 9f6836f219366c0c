/* ledger_query: the look-ups (see ledger.h). Each is an indexed SQLite
 * query: UNIQUE (period, subscription_id, policy, revision) serves a
 * subscription's rows and sums and the listing in identity order, UNIQUE
 * (adjustment_id) the row of one id. No row is held beyond the last
 * look-up's, so memory does not grow with the ledger.
 *
 * Every query leaves out the rows of rolled-back runs (a rollback deletes
 * them; the filter keeps them out should one remain) and the rows of the
 * run being recorded (l->open_run): the connection that inserts them would
 * see its own uncommitted rows, and a subscription's own new row must not
 * change its own or any later look-up of the run. */
#include "ledger/ledger.h"
#include "ledger_db.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* The columns of a struct ledger_row (fill_row()'s order), and the join
 * and filter every query of rows shares; ?1 is the run being recorded.
 * CROSS JOIN keeps adjustments the outer loop, on its indexes. */
#define ROW_QUERY                                                              \
    "SELECT a.seq, a.adjustment_id, a.period, a.subscription_id, a.policy, "   \
    "a.revision, a.amount_minor, a.currency, a.remedy, "                       \
    "a.extension_seconds, a.run_id, a.row_sha256, r.state = 'pending' "        \
    "FROM adjustments AS a CROSS JOIN runs AS r ON r.run_id = a.run_id "       \
    "WHERE r.state <> 'rolled_back' AND a.run_id <> ?1"

static const char rows_of_sql[] =
    ROW_QUERY " AND a.period = ?2 AND a.subscription_id = ?3 "
              "ORDER BY a.policy, a.revision";
static const char by_id_sql[] = ROW_QUERY " AND a.adjustment_id = ?2";
static const char each_sql[] =
    ROW_QUERY " ORDER BY a.period, a.subscription_id, a.policy, a.revision";
static const char issued_sql[] =
    "SELECT count(*), sum(a.amount_minor), sum(a.extension_seconds) "
    "FROM adjustments AS a CROSS JOIN runs AS r ON r.run_id = a.run_id "
    "WHERE r.state <> 'rolled_back' AND a.run_id <> ?1 AND a.period = ?2 "
    "AND a.subscription_id = ?3 AND a.currency = ?4";

/* Text column i of st ("" for NULL), borrowed until the next step. */
static char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return (char *)(t != NULL ? (const char *)t : "");
}

/* Fills x from the current row of a ROW_QUERY statement; its strings are
 * the statement's (borrowed until the next step). */
static void fill_row(sqlite3_stmt *st, struct ledger_row *x)
{
    memset(x, 0, sizeof *x);
    x->seq = sqlite3_column_int64(st, 0);
    x->adjustment_id = col(st, 1);
    x->period = col(st, 2);
    x->subscription = col(st, 3);
    x->policy = col(st, 4);
    x->revision = sqlite3_column_int64(st, 5);
    x->amount = sqlite3_column_int64(st, 6);
    ledger_db_text_copy(st, 7, x->currency, sizeof x->currency);
    ledger_db_text_copy(st, 8, x->remedy, sizeof x->remedy);
    x->extension = sqlite3_column_int64(st, 9);
    x->run_id = sqlite3_column_int64(st, 10);
    ledger_db_text_copy(st, 11, x->row_sha256, sizeof x->row_sha256);
    x->pending = sqlite3_column_int(st, 12) != 0;
}

/* *slot, prepared from sql at its first use, reset and with ?1 bound to
 * the run being recorded. NULL with e set on a database error. */
static sqlite3_stmt *query(const struct ledger *l, sqlite3_stmt **slot,
                           const char *sql, struct err *e)
{
    if (*slot == NULL) {
        *slot = ledger_db_prepare(l, sql, e);
        if (*slot == NULL)
            return NULL;
    }
    sqlite3_reset(*slot);
    sqlite3_clear_bindings(*slot);
    sqlite3_bind_int64(*slot, 1, l->open_run);
    return *slot;
}

/* Frees the rows of the last look-up. */
static void drop_rows(struct ledger_q *q)
{
    size_t i;

    for (i = 0; i < q->n; i++) {
        free(q->v[i].adjustment_id);
        free(q->v[i].period);
        free(q->v[i].subscription);
        free(q->v[i].policy);
    }
    q->n = 0;
}

/* Steps st to its end, keeping a copy of each row in q->v. Returns q->v,
 * or NULL with e set on a database error. st is reset either way, so no
 * read transaction stays open. */
static const struct ledger_row *
keep_rows(const struct ledger *l, sqlite3_stmt *st, size_t *n, struct err *e)
{
    struct ledger_q *q = l->q;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_row *x;
        if (q->n == q->cap) {
            q->cap = q->cap == 0 ? 4 : 2 * q->cap;
            q->v = xreallocarray(q->v, q->cap, sizeof *q->v);
        }
        x = &q->v[q->n];
        fill_row(st, x);
        x->adjustment_id = xstrdup(x->adjustment_id);
        x->period = xstrdup(x->period);
        x->subscription = xstrdup(x->subscription);
        x->policy = xstrdup(x->policy);
        q->n++;
    }
    if (rc != SQLITE_DONE) {
        ledger_db_error(l, e, "cannot read ledger");
        sqlite3_reset(st);
        drop_rows(q);
        return NULL;
    }
    sqlite3_reset(st);
    *n = q->n;
    if (q->v == NULL) /* a non-NULL answer for no rows */
        q->v = xreallocarray(NULL, q->cap = 4, sizeof *q->v);
    return q->v;
}

const struct ledger_row *ledger_rows_of(const struct ledger *l,
                                        const char *period, const char *sub,
                                        size_t *n, struct err *e)
{
    struct ledger_q *q = l->q;
    sqlite3_stmt *st = query(l, &q->rows_of, rows_of_sql, e);

    *n = 0;
    drop_rows(q);
    if (st == NULL)
        return NULL;
    ledger_db_bind_text(st, 2, period);
    ledger_db_bind_text(st, 3, sub);
    return keep_rows(l, st, n, e);
}

int ledger_row_by_id(const struct ledger *l, const char *adjustment_id,
                     const struct ledger_row **row, struct err *e)
{
    struct ledger_q *q = l->q;
    sqlite3_stmt *st = query(l, &q->by_id, by_id_sql, e);
    const struct ledger_row *v;
    size_t n = 0;

    *row = NULL;
    drop_rows(q);
    if (st == NULL)
        return -1;
    ledger_db_bind_text(st, 2, adjustment_id);
    v = keep_rows(l, st, &n, e);
    if (v == NULL)
        return -1;
    *row = n > 0 ? v : NULL;
    return n > 0;
}

int ledger_issued(const struct ledger *l, const char *period, const char *sub,
                  const char *currency, struct ledger_issued *out,
                  struct err *e)
{
    struct ledger_q *q = l->q;
    sqlite3_stmt *st = query(l, &q->issued, issued_sql, e);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL)
        return -1;
    ledger_db_bind_text(st, 2, period);
    ledger_db_bind_text(st, 3, sub);
    ledger_db_bind_text(st, 4, currency);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->adjustments = sqlite3_column_int64(st, 0);
        out->amount = sqlite3_column_int64(st, 1);
        out->extension = sqlite3_column_int64(st, 2);
        out->found = out->adjustments > 0;
    } else {
        /* An error, such as a sum that overflows 64 bits. */
        ledger_db_error(l, e, "cannot read ledger");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int ledger_each_row(const struct ledger *l, ledger_row_fn fn, void *ctx,
                    struct err *e)
{
    sqlite3_stmt *st = ledger_db_prepare(l, each_sql, e);
    int rc, got = 0;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, l->open_run);
    while (got == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_row x;
        fill_row(st, &x);
        got = fn(ctx, &x, e);
    }
    if (got == 0 && rc != SQLITE_DONE)
        got = ledger_db_error(l, e, "cannot read adjustments");
    sqlite3_finalize(st);
    return got;
}

int ledger_each_push(const struct ledger *l, ledger_push_fn fn, void *ctx,
                     struct err *e)
{
    sqlite3_stmt *st = ledger_db_prepare(
        l,
        "SELECT seq, adjustment_id, system, remote_id FROM pushes "
        "ORDER BY seq",
        e);
    int rc, got = 0;

    if (st == NULL)
        return -1;
    while (got == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_push p;
        p.seq = sqlite3_column_int64(st, 0);
        p.adjustment_id = col(st, 1);
        p.system = col(st, 2);
        p.remote_id = col(st, 3);
        got = fn(ctx, &p, e);
    }
    if (got == 0 && rc != SQLITE_DONE)
        got = ledger_db_error(l, e, "cannot read pushes");
    sqlite3_finalize(st);
    return got;
}

const struct ledger_run *ledger_runs(const struct ledger *l, size_t *n)
{
    *n = l->nr;
    return l->r;
}

size_t ledger_count(const struct ledger *l)
{
    return (size_t)(l->nrows - l->open_rows);
}

size_t ledger_push_count(const struct ledger *l)
{
    return (size_t)l->npushes;
}

void ledger_query_free(struct ledger *l)
{
    struct ledger_q *q = l->q;

    if (q == NULL)
        return;
    drop_rows(q);
    free(q->v);
    sqlite3_finalize(q->rows_of);
    sqlite3_finalize(q->by_id);
    sqlite3_finalize(q->issued);
    free(q);
    l->q = NULL;
}

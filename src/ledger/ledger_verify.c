/* ledger_verify: reading the ledger and verifying its hash chains (see
 * ledger_db.h). */
#include "ledger/ledger.h"
#include "ledger_db.h"

#include "lib/csvin.h"
#include "lib/fault.h"
#include "lib/ident.h"
#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "write/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* ---- reading and verifying -------------------------------------------- */

void ledger_free_runs(struct ledger *l)
{
    size_t i;

    for (i = 0; i < l->nr; i++)
        free(l->r[i].out_dir);
    free(l->r);
    l->r = NULL;
    l->nr = 0;
}

/* One problem found by ledger_check_chains(): printed to report when given; the
 * first one also goes into e. */
struct checker {
    struct ledger *l;
    FILE *report;
    long problems;
    struct err *e;
};

static void problem(struct checker *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *fmt, ...)
{
    char msg[480];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->report != NULL)
        fprintf(c->report, "%s: %s\n", c->l->path, msg);
    if (c->problems == 0)
        err_set(c->e, RC_DATA, c->l->path, 0, "broken ledger: %s", msg);
    c->problems++;
}

/* The run of id, by binary search (l->r is in run_id order), or NULL. */
static const struct ledger_run *find_run(const struct ledger *l, int64_t id)
{
    size_t lo = 0, hi = l->nr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->r[mid].run_id == id)
            return &l->r[mid];
        if (l->r[mid].run_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int load_runs(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st =
        ledger_db_prepare(l,
                          "SELECT run_id, period, out_dir, state, "
                          "adjustments FROM runs ORDER BY run_id",
                          e);
    int rc;

    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_run *r;
        l->r = xreallocarray(l->r, l->nr + 1, sizeof *l->r);
        r = &l->r[l->nr++];
        r->run_id = sqlite3_column_int64(st, 0);
        ledger_db_text_copy(st, 1, r->period, sizeof r->period);
        r->out_dir = ledger_db_text_dup(st, 2);
        ledger_db_text_copy(st, 3, r->state, sizeof r->state);
        r->adjustments = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : ledger_db_error(l, e, "cannot read runs");
}

int ledger_read_chain_head(struct ledger *l, const char *name, int64_t *rows,
                           char head[65], struct err *e)
{
    sqlite3_stmt *st = ledger_db_statement(
        l, e, "SELECT rows, head_sha256 FROM chain WHERE name = ?", "t", name);
    int rc;

    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *rows = sqlite3_column_int64(st, 0);
        ledger_db_text_copy(st, 1, head, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE) {
            err_set(e, RC_DATA, l->path, 0,
                    "broken ledger: the chain table has no row %s", name);
            return -1;
        }
        return ledger_db_error(l, e, "cannot read the chain table");
    }
    return 0;
}

/* Checks one adjustment row x (read from the database with its prev and
 * row hashes) against the chain so far: seq the row it must be, head the
 * hash of the row before it. Problems go to c. */
static void check_row(struct checker *c, const struct ledger_row *x,
                      int64_t seq, const char *head, const char *prev)
{
    const struct ledger *l = c->l;
    const struct ledger_run *run;
    char want[65], id[400];

    if (x->seq != seq)
        problem(c, "row %lld (%s): out of sequence: expected row %lld",
                (long long)x->seq, x->adjustment_id, (long long)seq);
    if (strcmp(prev, head) != 0)
        problem(c,
                "row %lld (%s): does not follow the row before it: "
                "expected previous hash %s, found %s",
                (long long)x->seq, x->adjustment_id, head, prev);
    ledger_row_hash(prev, x->seq, x->adjustment_id, x->period, x->subscription,
                    x->policy, x->revision, x->amount, x->currency, x->remedy,
                    x->extension, x->run_id, want);
    if (strcmp(want, x->row_sha256) != 0)
        problem(c,
                "row %lld (%s): the row was changed: expected hash %s, "
                "found %s",
                (long long)x->seq, x->adjustment_id, want, x->row_sha256);
    if (ledger_format_id(x->period, x->subscription, x->policy, x->revision, id,
                         sizeof id) != 0 ||
        strcmp(id, x->adjustment_id) != 0)
        problem(c,
                "row %lld (%s): the id does not match its period, "
                "subscription, policy and revision: expected %s",
                (long long)x->seq, x->adjustment_id, id);
    run = find_run(l, x->run_id);
    if (run == NULL || strcmp(run->state, "rolled_back") == 0)
        problem(c, "row %lld (%s): belongs to no live run: run %lld",
                (long long)x->seq, x->adjustment_id, (long long)x->run_id);
}

/* Text column i of st ("" for NULL), borrowed until the next step. */
static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return t != NULL ? (const char *)t : "";
}

/* Steps through the adjustments in chain order, checking each row against
 * the hash of the one before; only that hash is kept. Problems go to c.
 * Returns 0, or -1 on a database error. */
static int check_adjustments(struct ledger *l, struct checker *c, struct err *e)
{
    sqlite3_stmt *st;
    char head[65], chain_head[65];
    int64_t seq = 0, chain_rows;
    int rc;

    if (ledger_read_chain_head(l, "adjustments", &chain_rows, chain_head, e) !=
        0)
        return -1;
    st = ledger_db_prepare(
        l,
        "SELECT seq, adjustment_id, period, subscription_id, policy, "
        "revision, amount_minor, currency, remedy, extension_seconds, "
        "run_id, prev_sha256, row_sha256 FROM adjustments "
        "ORDER BY seq",
        e);
    if (st == NULL)
        return -1;
    memcpy(head, ZERO_HASH, 65);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_row x;
        char prev[65];
        memset(&x, 0, sizeof x);
        x.seq = sqlite3_column_int64(st, 0);
        /* The text stays valid until the next step: nothing is copied. */
        x.adjustment_id = (char *)col(st, 1);
        x.period = (char *)col(st, 2);
        x.subscription = (char *)col(st, 3);
        x.policy = (char *)col(st, 4);
        x.revision = sqlite3_column_int64(st, 5);
        x.amount = sqlite3_column_int64(st, 6);
        ledger_db_text_copy(st, 7, x.currency, sizeof x.currency);
        ledger_db_text_copy(st, 8, x.remedy, sizeof x.remedy);
        x.extension = sqlite3_column_int64(st, 9);
        x.run_id = sqlite3_column_int64(st, 10);
        ledger_db_text_copy(st, 11, prev, sizeof prev);
        ledger_db_text_copy(st, 12, x.row_sha256, sizeof x.row_sha256);
        check_row(c, &x, ++seq, head, prev);
        memcpy(head, x.row_sha256, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return ledger_db_error(l, e, "cannot read adjustments");
    if (seq != chain_rows || strcmp(head, chain_head) != 0)
        problem(c,
                "the adjustments end at row %lld (hash %s), but the chain "
                "table expects %lld rows (hash %s): rows were deleted or "
                "added",
                (long long)seq, head, (long long)chain_rows, chain_head);
    l->nrows = seq;
    memcpy(l->head, head, 65);
    return 0;
}

/* Steps through the pushes in chain order, checking their chain as
 * check_adjustments() does. Returns 0, or -1 on a database error. */
static int check_pushes(struct ledger *l, struct checker *c, struct err *e)
{
    sqlite3_stmt *st;
    char head[65], want[65], chain_head[65];
    int64_t seq = 0, chain_rows;
    int rc;

    if (ledger_read_chain_head(l, "pushes", &chain_rows, chain_head, e) != 0)
        return -1;
    st = ledger_db_prepare(
        l,
        "SELECT seq, adjustment_id, system, remote_id, prev_sha256, "
        "row_sha256 FROM pushes ORDER BY seq",
        e);
    if (st == NULL)
        return -1;
    memcpy(head, ZERO_HASH, 65);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t at = sqlite3_column_int64(st, 0);
        const char *id = col(st, 1);
        char prev[65], found[65];
        ledger_db_text_copy(st, 4, prev, sizeof prev);
        ledger_db_text_copy(st, 5, found, sizeof found);
        seq++;
        if (at != seq || strcmp(prev, head) != 0)
            problem(c,
                    "push %lld (%s): does not follow the push before it: "
                    "expected previous hash %s, found %s",
                    (long long)at, id, head, prev);
        ledger_push_hash(prev, at, id, col(st, 2), col(st, 3), want);
        if (strcmp(want, found) != 0)
            problem(c,
                    "push %lld (%s): the row was changed: expected hash %s, "
                    "found %s",
                    (long long)at, id, want, found);
        memcpy(head, found, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return ledger_db_error(l, e, "cannot read pushes");
    if (seq != chain_rows || strcmp(head, chain_head) != 0)
        problem(c,
                "the pushes end at row %lld (hash %s), but the chain table "
                "expects %lld rows (hash %s): rows were deleted or added",
                (long long)seq, head, (long long)chain_rows, chain_head);
    l->npushes = seq;
    memcpy(l->phead, head, 65);
    return 0;
}

long ledger_check_chains(struct ledger *l, FILE *report, struct err *e)
{
    struct checker c = {l, report, 0, e};

    ledger_free_runs(l);
    if (load_runs(l, e) != 0 || check_adjustments(l, &c, e) != 0 ||
        check_pushes(l, &c, e) != 0)
        return -1;
    return c.problems;
}

int ledger_reload(struct ledger *l, struct err *e)
{
    ledger_free_runs(l);
    return load_runs(l, e);
}

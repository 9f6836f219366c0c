/* ledger_issue: recording a run's adjustments in two phases and settling
 * a pending run (see ledger.h). */
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

/* The adjustments of run id: the first and last seq, and how many. */
static int run_rows(struct ledger *l, int64_t id, int64_t *first, int64_t *last,
                    int64_t *count, struct err *e)
{
    sqlite3_stmt *st = ledger_db_statement(
        l, e,
        "SELECT min(seq), max(seq), count(*) FROM adjustments "
        "WHERE run_id = ?",
        "i", id);
    int rc = -1;

    if (st == NULL)
        return -1;
    if (sqlite3_step(st) != SQLITE_ROW)
        ledger_db_error(l, e, "cannot roll back run");
    else {
        *first = sqlite3_column_int64(st, 0);
        *last = sqlite3_column_int64(st, 1);
        *count = sqlite3_column_int64(st, 2);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Deletes the adjustments of run id, rows first..last (count of them),
 * which must be the tail of the chain, and moves the chain's head back to
 * the row before them. */
static int cut_chain_tail(struct ledger *l, int64_t id, int64_t first,
                          int64_t last, int64_t count, struct err *e)
{
    sqlite3_stmt *st;
    int64_t rows;
    char head[65], prev[65];
    int rc;

    if (ledger_read_chain_head(l, "adjustments", &rows, head, e) != 0)
        return -1;
    if (last != rows || last - first + 1 != count) {
        err_set(e, RC_DATA, l->path, 0,
                "broken ledger: the rows of pending run %lld are not the "
                "last ones",
                (long long)id);
        return -1;
    }
    st = ledger_db_statement(
        l, e, "SELECT prev_sha256 FROM adjustments WHERE seq = ?", "i", first);
    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        ledger_db_text_copy(st, 0, prev, sizeof prev);
    else
        ledger_db_error(l, e, "cannot roll back run");
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return -1;
    if (ledger_db_change(l, "cannot roll back run", e,
                         "UPDATE chain SET rows = ?, head_sha256 = ? "
                         "WHERE name = 'adjustments'",
                         "it", first - 1, prev) != 0)
        return -1;
    return ledger_db_change(l, "cannot roll back run", e,
                            "DELETE FROM adjustments WHERE run_id = ?", "i",
                            id);
}

/* Deletes the adjustments of run id (the tail of the chain) and marks it
 * rolled back, in one transaction. */
static int rollback_run(struct ledger *l, int64_t id, struct err *e)
{
    int64_t first = 0, last = 0, count = 0;

    if (ledger_db_exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    if (run_rows(l, id, &first, &last, &count, e) != 0 ||
        (count > 0 && cut_chain_tail(l, id, first, last, count, e) != 0) ||
        ledger_db_change(l, "cannot roll back run", e,
                         "UPDATE runs SET state = 'rolled_back' WHERE "
                         "run_id = ? AND state = 'pending'",
                         "i", id) != 0 ||
        ledger_db_exec(l, "COMMIT", e) != 0) {
        ledger_db_rollback(l);
        return -1;
    }
    return 0;
}

static int set_committed(struct ledger *l, int64_t id, struct err *e)
{
    sqlite3_stmt *st =
        ledger_db_prepare(l,
                          "UPDATE runs SET state = 'committed' WHERE "
                          "run_id = ? AND state = 'pending'",
                          e);
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = fault_hit("ledger") ? SQLITE_IOERR : sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_IOERR) {
            err_set(e, RC_IOERR, l->path, 0,
                    "cannot commit run: injected failure");
            return -1;
        }
        return ledger_db_error(l, e, "cannot commit run");
    }
    return 0;
}

/* True when dir/manifest.json has the SHA-256 hex. */
static bool outputs_in_place(const char *dir, const char *hex)
{
    char *path = xmalloc(strlen(dir) + 16), got[65];
    uint64_t size;
    struct err ignored;
    bool yes;

    snprintf(path, strlen(dir) + 16, "%s/manifest.json", dir);
    yes = sha_file(path, got, &size, &ignored) == 0 && strcmp(got, hex) == 0;
    free(path);
    return yes;
}

/* Settles every pending run (a crash between the phases): committed when
 * its output folder holds the manifest it recorded, else rolled back. */
int ledger_settle_pending(struct ledger *l, struct err *e)
{
    sqlite3_stmt *st;
    int64_t ids[16];
    char dirs[16][600], hashes[16][65];
    size_t n = 0, i;
    int rc;

    st = ledger_db_prepare(
        l,
        "SELECT run_id, out_dir, manifest_sha256 FROM runs WHERE "
        "state = 'pending' ORDER BY run_id DESC LIMIT 16",
        e);
    if (st == NULL)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        ledger_db_text_copy(st, 1, dirs[n], sizeof dirs[n]);
        ledger_db_text_copy(st, 2, hashes[n], sizeof hashes[n]);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return ledger_db_error(l, e, "cannot read runs");
    for (i = 0; i < n; i++) {
        if (outputs_in_place(dirs[i], hashes[i]))
            rc = set_committed(l, ids[i], e);
        else
            rc = rollback_run(l, ids[i], e);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* Inserts one adjustment at the end of the chain (inside a transaction). */
int ledger_insert_row(struct ledger *l, sqlite3_stmt *st, const char *id,
                      const char *period, const char *sub, const char *policy,
                      int64_t revision, int64_t amount, const char *currency,
                      const char *remedy, int64_t ext, int64_t run,
                      struct err *e)
{
    char hash[65];
    int64_t seq = l->nrows + 1;

    ledger_row_hash(l->head, seq, id, period, sub, policy, revision, amount,
                    currency, remedy, ext, run, hash);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, seq);
    ledger_db_bind_text(st, 2, id);
    ledger_db_bind_text(st, 3, period);
    ledger_db_bind_text(st, 4, sub);
    ledger_db_bind_text(st, 5, policy);
    sqlite3_bind_int64(st, 6, revision);
    sqlite3_bind_int64(st, 7, amount);
    ledger_db_bind_text(st, 8, currency);
    ledger_db_bind_text(st, 9, remedy);
    sqlite3_bind_int64(st, 10, ext);
    sqlite3_bind_int64(st, 11, run);
    ledger_db_bind_text(st, 12, l->head);
    ledger_db_bind_text(st, 13, hash);
    if (sqlite3_step(st) != SQLITE_DONE) {
        if ((sqlite3_errcode(l->db) & 0xff) == SQLITE_CONSTRAINT) {
            err_set(e, RC_DATA, l->path, 0,
                    "adjustment already in the ledger: %s", id);
            return -1;
        }
        return ledger_db_error(l, e, "cannot record adjustment");
    }
    l->nrows = seq;
    memcpy(l->head, hash, 65);
    return 0;
}

const char ledger_insert_sql[] =
    "INSERT INTO adjustments (seq, adjustment_id, period, subscription_id, "
    "policy, revision, amount_minor, currency, remedy, extension_seconds, "
    "run_id, prev_sha256, row_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?)";

int ledger_update_chain(struct ledger *l, const char *name, int64_t rows,
                        const char *head, struct err *e)
{
    return ledger_db_change(
        l, "cannot record adjustments", e,
        "UPDATE chain SET rows = ?, head_sha256 = ? WHERE name = ?", "itt",
        rows, head, name);
}

/* Inserts a run row; its id goes to *id. */
int ledger_insert_run(struct ledger *l, const char *period, const char *out_dir,
                      const char *manifest_hex, const char *state, size_t n,
                      int64_t *id, struct err *e)
{
    if (ledger_db_change(l, "cannot record run", e,
                         "INSERT INTO runs (period, out_dir, manifest_sha256, "
                         "state, adjustments) VALUES (?, ?, ?, ?, ?)",
                         "tttti", period, out_dir, manifest_hex, state,
                         (int64_t)n) != 0)
        return -1;
    *id = sqlite3_last_insert_rowid(l->db);
    return 0;
}

/* Undoes the run being recorded: its transaction rolled back, the chain
 * as it was before it began. */
static void cancel_run(struct ledger *l)
{
    sqlite3_finalize(l->ins);
    l->ins = NULL;
    ledger_db_rollback(l);
    l->nrows = l->saved_rows;
    memcpy(l->head, l->saved_head, 65);
    l->open_run = 0;
    l->open_rows = 0;
}

int ledger_begin_run(struct ledger *l, const char *period, const char *out_dir,
                     struct err *e)
{
    int64_t run = 0;

    if (l->open_run != 0 || l->pending != 0) {
        err_set(e, RC_SOFTWARE, l->path, 0, "a run is being recorded already");
        return -1;
    }
    l->saved_rows = l->nrows;
    memcpy(l->saved_head, l->head, 65);
    if (ledger_db_exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    fault_point("ledger-begin");
    /* The manifest's hash is known at the end (ledger_record_end()); no
     * one sees the run before then. */
    if (ledger_insert_run(l, period, out_dir, "", "pending", 0, &run, e) != 0)
        goto fail;
    l->ins = ledger_db_prepare(l, ledger_insert_sql, e);
    if (l->ins == NULL)
        goto fail;
    l->open_run = run;
    l->open_rows = 0;
    free(l->pending_dir); /* the run's folder, for ledger_abandon() */
    l->pending_dir = xstrdup(out_dir);
    return 0;
fail:
    cancel_run(l);
    return -1;
}

int ledger_add(struct ledger *l, const struct credit_row *r, struct err *e)
{
    if (l->open_run == 0) {
        err_set(e, RC_SOFTWARE, l->path, 0, "no run is being recorded");
        return -1;
    }
    if (ledger_insert_row(l, l->ins, r->adjustment_id, r->period,
                          r->subscription, r->policy, r->revision, r->amount,
                          r->currency, r->remedy, r->extension, l->open_run,
                          e) != 0) {
        cancel_run(l);
        return -1;
    }
    l->open_rows++;
    fault_point("ledger-insert");
    return 0;
}

int ledger_record_end(struct ledger *l, const char *manifest_hex, struct err *e)
{
    int64_t run = l->open_run;

    if (run == 0) {
        err_set(e, RC_SOFTWARE, l->path, 0, "no run is being recorded");
        return -1;
    }
    sqlite3_finalize(l->ins);
    l->ins = NULL;
    if (ledger_db_change(l, "cannot record run", e,
                         "UPDATE runs SET manifest_sha256 = ?, adjustments = ? "
                         "WHERE run_id = ?",
                         "tii", manifest_hex, l->open_rows, run) != 0 ||
        ledger_update_chain(l, "adjustments", l->nrows, l->head, e) != 0)
        goto fail;
    fault_point("ledger-commit");
    if (fault_hit("ledger")) {
        err_set(e, RC_IOERR, l->path, 0,
                "cannot record adjustments: injected failure");
        goto fail;
    }
    if (ledger_db_exec(l, "COMMIT", e) != 0)
        goto fail;
    fault_point("ledger-committed");
    l->open_run = 0;
    l->open_rows = 0;
    l->pending = run;
    snprintf(l->pending_hash, sizeof l->pending_hash, "%s", manifest_hex);
    return ledger_reload(l, e);
fail:
    cancel_run(l);
    return -1;
}

void ledger_record_cancel(struct ledger *l)
{
    if (l != NULL && l->open_run != 0)
        cancel_run(l);
}

int ledger_record(struct ledger *l, const char *period, const char *out_dir,
                  const char *manifest_hex, const struct credit_row *rows,
                  size_t n, struct err *e)
{
    size_t i;

    if (ledger_begin_run(l, period, out_dir, e) != 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (ledger_add(l, &rows[i], e) != 0)
            return -1;
    }
    return ledger_record_end(l, manifest_hex, e);
}

int ledger_confirm(struct ledger *l, struct err *e)
{
    int64_t run = l->pending;

    if (run == 0)
        return 0;
    if (set_committed(l, run, e) != 0)
        return -1;
    l->pending = 0;
    fault_point("ledger-confirmed");
    return ledger_reload(l, e);
}

int ledger_abandon(struct ledger *l, struct err *e)
{
    int64_t run = l->pending;
    int64_t k;

    if (run == 0)
        return 0;
    /* A swap can fail after the exchange itself (the folder's fsync): then
     * the outputs are in place, and the run is committed, not undone. */
    if (outputs_in_place(l->pending_dir, l->pending_hash))
        return ledger_confirm(l, e);
    if (rollback_run(l, run, e) != 0)
        return -1;
    l->pending = 0;
    if (ledger_read_chain_head(l, "adjustments", &k, l->head, e) != 0)
        return -1;
    l->nrows = k;
    return ledger_reload(l, e);
}

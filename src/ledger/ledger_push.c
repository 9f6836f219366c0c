/* ledger_push: what was pushed to which billing system (see ledger.h). */
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

/* ---- pushes ------------------------------------------------------------- */

int ledger_push_lookup(struct ledger *l, const char *adjustment_id,
                       const char *system, char *remote_id, size_t cap,
                       struct err *e)
{
    sqlite3_stmt *st = ledger_db_statement(l, e,
                                           "SELECT remote_id FROM pushes WHERE "
                                           "adjustment_id = ? AND system = ?",
                                           "tt", adjustment_id, system);
    int rc;

    if (st == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (cap > 0)
            ledger_db_text_copy(st, 0, remote_id, cap);
        sqlite3_finalize(st);
        return 1;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    return ledger_db_error(l, e, "cannot read pushes");
}

int ledger_push_record(struct ledger *l, const char *adjustment_id,
                       const char *system, const char *remote_id, struct err *e)
{
    char found[512], hash[65];
    int64_t seq, rows;
    int rc = -1, got;

    if (ledger_db_exec(l, "BEGIN IMMEDIATE", e) != 0)
        return -1;
    got = ledger_push_lookup(l, adjustment_id, system, found, sizeof found, e);
    if (got < 0)
        goto out;
    if (got == 1) {
        if (strcmp(found, remote_id) != 0) {
            err_set(e, RC_DATA, l->path, 0,
                    "%s was pushed to %s before as %s, not as %s",
                    adjustment_id, system, found, remote_id);
            goto out;
        }
        rc = 0;
        goto out;
    }
    /* The head is read inside the transaction: another process may have
     * pushed since this one opened the ledger. */
    if (ledger_read_chain_head(l, "pushes", &rows, l->phead, e) != 0)
        goto out;
    seq = rows + 1;
    ledger_push_hash(l->phead, seq, adjustment_id, system, remote_id, hash);
    if (ledger_db_change(l, "cannot record push", e,
                         "INSERT INTO pushes (seq, adjustment_id, system, "
                         "remote_id, prev_sha256, row_sha256) VALUES (?, ?, "
                         "?, ?, ?, ?)",
                         "ittttt", seq, adjustment_id, system, remote_id,
                         l->phead, hash) != 0)
        goto out;
    if (ledger_update_chain(l, "pushes", seq, hash, e) != 0 ||
        ledger_db_exec(l, "COMMIT", e) != 0)
        goto out;
    l->npushes = seq;
    memcpy(l->phead, hash, 65);
    rc = 0;
out:
    if (!sqlite3_get_autocommit(l->db)) {
        if (rc == 0 && got == 1)
            sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
        else
            ledger_db_rollback(l);
    }
    return rc;
}

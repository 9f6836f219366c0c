/* ledger_db: what every part of the ledger uses (see ledger_db.h): SQLite
 * statements, errors, and the hash chains. */
#include "ledger_db.h"
#include "ledger/ledger.h"

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

/* ---- small helpers ---------------------------------------------------- */

int ledger_db_error(const struct ledger *l, struct err *e, const char *what)
{
    int code = sqlite3_errcode(l->db) & 0xff;
    const char *msg = sqlite3_errmsg(l->db);

    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        err_set(e, RC_IOERR, l->path, 0,
                "%s: the ledger is locked by another program (waited %d s)",
                what, BUSY_MS / 1000);
        break;
    case SQLITE_FULL:
        err_set(e, RC_IOERR, l->path, 0, "%s: no space left on the device",
                what);
        break;
    case SQLITE_READONLY:
        err_set(e, RC_CANTOUT, l->path, 0, "%s: the ledger is read-only", what);
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        err_set(e, RC_DATA, l->path, 0,
                "%s: not a slacredit ledger (damaged database): %s", what, msg);
        break;
    default:
        err_set(e, RC_IOERR, l->path, 0, "%s: %s", what, msg);
        break;
    }
    return -1;
}

int ledger_db_exec(struct ledger *l, const char *sql, struct err *e)
{
    if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return ledger_db_error(l, e, "ledger");
    return 0;
}

void ledger_db_rollback(struct ledger *l)
{
    if (!sqlite3_get_autocommit(l->db))
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *ledger_db_prepare(const struct ledger *l, const char *sql,
                                struct err *e)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ledger_db_error(l, e, "ledger");
        return NULL;
    }
    return st;
}

/* Binds the arguments of ap to st, one per letter of types. */
static void bind_args(sqlite3_stmt *st, const char *types, va_list ap)
{
    int i;

    for (i = 0; types[i] != '\0'; i++) {
        if (types[i] == 'i')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        else
            ledger_db_bind_text(st, i + 1, va_arg(ap, const char *));
    }
}

sqlite3_stmt *ledger_db_statement(struct ledger *l, struct err *e,
                                  const char *sql, const char *types, ...)
{
    sqlite3_stmt *st = ledger_db_prepare(l, sql, e);
    va_list ap;

    if (st == NULL)
        return NULL;
    va_start(ap, types);
    bind_args(st, types, ap);
    va_end(ap);
    return st;
}

int ledger_db_change(struct ledger *l, const char *what, struct err *e,
                     const char *sql, const char *types, ...)
{
    sqlite3_stmt *st = ledger_db_prepare(l, sql, e);
    va_list ap;
    int rc;

    if (st == NULL)
        return -1;
    va_start(ap, types);
    bind_args(st, types, ap);
    va_end(ap);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        ledger_db_error(l, e, what);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

char *ledger_db_text_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return xstrdup(t != NULL ? (const char *)t : "");
}

void ledger_db_text_copy(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

void ledger_db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* SHA-256 over prev, then each field as "<len>:<bytes>;". */
static void chain_hash(const char *prev, const char *const *f, size_t n,
                       char out[65])
{
    struct sha *h = sha_new();
    char len[24];
    size_t i;

    sha_update(h, prev, strlen(prev));
    sha_update(h, "\n", 1);
    for (i = 0; i < n; i++) {
        snprintf(len, sizeof len, "%zu:", strlen(f[i]));
        sha_update(h, len, strlen(len));
        sha_update(h, f[i], strlen(f[i]));
        sha_update(h, ";", 1);
    }
    sha_final(h, out);
    sha_free(h);
}

void ledger_row_hash(const char *prev, int64_t seq, const char *id,
                     const char *period, const char *sub, const char *policy,
                     int64_t revision, int64_t amount, const char *currency,
                     const char *remedy, int64_t ext, int64_t run, char out[65])
{
    char n[5][24];
    const char *f[11];

    snprintf(n[0], sizeof n[0], "%lld", (long long)seq);
    snprintf(n[1], sizeof n[1], "%lld", (long long)revision);
    snprintf(n[2], sizeof n[2], "%lld", (long long)amount);
    snprintf(n[3], sizeof n[3], "%lld", (long long)ext);
    snprintf(n[4], sizeof n[4], "%lld", (long long)run);
    f[0] = n[0];
    f[1] = id;
    f[2] = period;
    f[3] = sub;
    f[4] = policy;
    f[5] = n[1];
    f[6] = n[2];
    f[7] = currency;
    f[8] = remedy;
    f[9] = n[3];
    f[10] = n[4];
    chain_hash(prev, f, 11, out);
}

void ledger_push_hash(const char *prev, int64_t seq, const char *id,
                      const char *system, const char *remote, char out[65])
{
    char s[24];
    const char *f[4];

    snprintf(s, sizeof s, "%lld", (long long)seq);
    f[0] = s;
    f[1] = id;
    f[2] = system;
    f[3] = remote;
    chain_hash(prev, f, 4, out);
}

int ledger_format_id(const char *period, const char *sub, const char *policy,
                     int64_t revision, char *out, size_t cap)
{
    int w = revision > 0 ? snprintf(out, cap, "%s:%s:%s:r%lld", period, sub,
                                    policy, (long long)revision)
                         : snprintf(out, cap, "%s:%s:%s", period, sub, policy);

    return w < 0 || (size_t)w >= cap ? -1 : 0;
}

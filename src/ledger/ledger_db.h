/* ledger_db: inside src/ledger only, what the parts of the ledger share:
 * the handle, SQLite statements and their errors, the hash chains, and the
 * steps of opening, recording and verifying that more than one part uses.
 * The ledger's contract is ledger.h. */
#ifndef SLACREDIT_LEDGER_DB_H
#define SLACREDIT_LEDGER_DB_H

#include "ledger/ledger.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#define APP_ID         0x534C4352 /* "SLCR" */
#define SCHEMA_VERSION 1
#define BUSY_MS        60000
#define ZERO_HASH                                                              \
    "0000000000000000000000000000000000000000000000000000000000000000"

/* The look-ups' prepared statements and the rows they return (borrowed by
 * the caller until the next look-up): what a look-up changes, reached
 * through a pointer so that look-ups take a const struct ledger. */
struct ledger_q {
    sqlite3_stmt *rows_of; /* rows of (period, subscription) */
    sqlite3_stmt *by_id;   /* the row of one adjustment_id */
    sqlite3_stmt *issued;  /* sums of (period, subscription, currency) */
    struct ledger_row *v;  /* the last look-up's rows */
    size_t n, cap;
};

struct ledger {
    char *path;
    sqlite3 *db;
    int lock_fd; /* flock held in the writing modes, or -1 */
    enum ledger_mode mode;
    struct ledger_q *q;   /* look-ups */
    struct ledger_run *r; /* run_id order */
    size_t nr;
    int64_t nrows;   /* adjustments chain: rows */
    char head[65];   /* adjustments chain: last hash */
    int64_t npushes; /* pushes chain: rows */
    char phead[65];  /* pushes chain: last hash */
    /* The run being recorded (ledger_begin_run() to ledger_record_end()),
     * inside its open transaction; 0 if none. */
    int64_t open_run;
    int64_t open_rows;  /* rows added to it */
    sqlite3_stmt *ins;  /* its INSERT of ledger_insert_sql */
    int64_t saved_rows; /* the chain before it began */
    char saved_head[65];
    int64_t pending;   /* run recorded and committed as pending, 0 if none */
    char *pending_dir; /* its output folder */
    char pending_hash[65]; /* its manifest's SHA-256 */
};

/* ---- statements and errors (ledger_db.c) ---- */

/* Sets e from the database's last error, prefixed with what (locked, full,
 * read-only, damaged, other). Returns -1. */
int ledger_db_error(const struct ledger *l, struct err *e, const char *what);
/* Runs sql (no parameters, no rows). Returns 0, or -1 with e set. */
int ledger_db_exec(struct ledger *l, const char *sql, struct err *e);
/* Rolls back the open transaction, if any. */
void ledger_db_rollback(struct ledger *l);
/* Prepares sql. Returns the statement (caller finalizes), or NULL with e
 * set. */
sqlite3_stmt *ledger_db_prepare(const struct ledger *l, const char *sql,
                                struct err *e);
/* Prepares sql and binds its parameters from the arguments, one per
 * letter of types: 'i' an int64_t, 't' a const char * (copied). Returns
 * the statement (caller steps and finalizes), or NULL with e set. */
sqlite3_stmt *ledger_db_statement(struct ledger *l, struct err *e,
                                  const char *sql, const char *types, ...);
/* As ledger_db_statement(), then steps the statement to its end and
 * finalizes it: one INSERT, UPDATE or DELETE. Returns 0, or -1 with e set
 * (a failed step prefixed with what). */
int ledger_db_change(struct ledger *l, const char *what, struct err *e,
                     const char *sql, const char *types, ...);
/* A copy of text column i ("" for NULL); caller frees. */
char *ledger_db_text_dup(sqlite3_stmt *st, int i);
/* Text column i ("" for NULL) into out, cut to cap. */
void ledger_db_text_copy(sqlite3_stmt *st, int i, char *out, size_t cap);
/* Binds s (copied) to parameter i. */
void ledger_db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* ---- the hash chains (ledger_db.c) ---- */

/* row_sha256 of an adjustment row following prev. */
void ledger_row_hash(const char *prev, int64_t seq, const char *id,
                     const char *period, const char *sub, const char *policy,
                     int64_t revision, int64_t amount, const char *currency,
                     const char *remedy, int64_t ext, int64_t run,
                     char out[65]);
/* row_sha256 of a push row following prev. */
void ledger_push_hash(const char *prev, int64_t seq, const char *id,
                      const char *system, const char *remote, char out[65]);

/* ---- reading and verifying (ledger_verify.c) ---- */

/* Frees the runs l holds in memory. */
void ledger_free_runs(struct ledger *l);
/* Reads the count and last hash of chain name ("adjustments", "pushes").
 * Returns 0, or -1 with e set. */
int ledger_read_chain_head(struct ledger *l, const char *name, int64_t *rows,
                           char head[65], struct err *e);
/* Reads the runs into l, then steps through the adjustments and the pushes
 * checking both chains, keeping only the running hash (no row is held);
 * each problem is printed to report when given, the first goes into e.
 * Returns the number of problems, or -1 on a database error. */
long ledger_check_chains(struct ledger *l, FILE *report, struct err *e);
/* Reads the runs again after a change, so ledger_runs() sees it. Returns
 * 0, or -1 with e set. */
int ledger_reload(struct ledger *l, struct err *e);

/* ---- look-ups (ledger_query.c) ---- */

/* Finalizes the look-ups' statements and frees their rows. */
void ledger_query_free(struct ledger *l);

/* ---- opening (ledger.c) ---- */

/* The folder of path; caller frees. */
char *ledger_parent_dir(const char *path);
/* fsyncs the folder of path, as far as it can. */
void ledger_sync_parent(const char *path);
/* Creates a new, empty ledger at path (never half-made). Returns 0, or -1
 * with e set. */
int ledger_create_file(const char *path, struct err *e);

/* ---- recording (ledger_issue.c) ---- */

/* INSERT of one adjustments row, for ledger_insert_row(). */
extern const char ledger_insert_sql[];
/* Inserts one adjustment at the end of the chain (inside a transaction)
 * with st, a statement of ledger_insert_sql. Returns 0, or -1 with e set. */
int ledger_insert_row(struct ledger *l, sqlite3_stmt *st, const char *id,
                      const char *period, const char *sub, const char *policy,
                      int64_t revision, int64_t amount, const char *currency,
                      const char *remedy, int64_t ext, int64_t run,
                      struct err *e);
/* Sets chain name to rows and head. Returns 0, or -1 with e set. */
int ledger_update_chain(struct ledger *l, const char *name, int64_t rows,
                        const char *head, struct err *e);
/* Inserts a run row; its id goes to *id. Returns 0, or -1 with e set. */
int ledger_insert_run(struct ledger *l, const char *period, const char *out_dir,
                      const char *manifest_hex, const char *state, size_t n,
                      int64_t *id, struct err *e);
/* Settles every pending run (a crash between the phases): committed when
 * its output folder holds the manifest it recorded, else rolled back.
 * Returns 0, or -1 with e set. */
int ledger_settle_pending(struct ledger *l, struct err *e);

#endif

/* ledger: the SQLite database of adjustments already issued (SPEC §7), so
 * that a replay never pays twice, and of what was pushed to billing systems.
 *
 * Schema (version 1; PRAGMA application_id 0x534C4352, "SLCR"):
 *   schema_version(version)            one row: 1
 *   runs(run_id, period, out_dir, manifest_sha256, state, adjustments)
 *       state: pending | committed | rolled_back
 *   adjustments(seq, adjustment_id, period, subscription_id, policy,
 *       revision, amount_minor, currency, remedy, extension_seconds, run_id,
 *       prev_sha256, row_sha256)        UNIQUE(period, subscription_id,
 *                                       policy, revision),
 * UNIQUE(adjustment_id) pushes(seq, adjustment_id, system, remote_id,
 * prev_sha256, row_sha256) UNIQUE(adjustment_id, system) chain(name, rows,
 * head_sha256)     'adjustments' and 'pushes' Identity is structured: (period,
 * subscription_id, policy, revision); the adjustment_id text is derived from it
 * and never parsed. Every row of adjustments and of pushes carries row_sha256 =
 * SHA-256 over prev_sha256 (the previous row's row_sha256, 64 zeros for the
 * first) and the row's fields, each written as "<byte length>:<bytes>;"; the
 * chain table holds the count and last hash of each chain, so an edited,
 * deleted (also the last), duplicated or re-ordered row is found.
 *
 * Outputs and ledger move together (two phases, one pending run at most):
 *  1. One transaction (BEGIN IMMEDIATE) records the run: ledger_begin_run()
 *     inserts a run row in state "pending" naming the output folder;
 *     ledger_add() inserts each adjustment as the run makes it, advancing
 *     the hash chain row by row; ledger_record_end() sets the SHA-256 of the
 *     manifest.json the run staged, and the chain table, and commits. A
 *     failure or a crash before that COMMIT leaves nothing recorded.
 *  2. The output folder is swapped in (outdir_commit()).
 *  3. ledger_confirm() sets the run "committed" in one transaction.
 * If 2 fails, ledger_abandon() settles the run at once (as below). After a
 * crash at any point, the next open in a writing mode finds at most one pending
 * run and settles it before anything else: when the folder's manifest.json has
 * the recorded hash the outputs are in place and the run is committed;
 * otherwise it is rolled back (the previous outputs are still there and nothing
 * of the run reached billing). A crash inside a transaction is undone by
 * SQLite's journal (synchronous = FULL). So no state ever needs a person to
 * edit a file.
 *
 * Memory: no row is held. The hash chains are verified by stepping through
 * the rows keeping only the running hash; look-ups are indexed queries that
 * return one subscription's rows; the rows being recorded go to SQLite,
 * whose page cache is bounded (dirty pages beyond it are written to the
 * database file, the journal keeping the originals). Only the runs table
 * (one row a run) is kept in memory.
 *
 * Concurrency: a writing open takes an exclusive flock(2) on the database
 * file for the life of the handle (the whole run), printing wait_note while
 * it waits; SQLite's own locks get a busy timeout of 60 s, after which the
 * open fails with a clear message. A run's transaction spans its
 * decisions, so a reader (explain, ledger list) opened while a run records
 * many rows may wait for its commit, at most those 60 s.
 *
 * Life cycle: ledger_open() (verifies the schema and the hash chains, and
 * settles a pending run in the writing modes); ledger_begin_run();
 * per subscription ledger_rows_of() (and ledger_issued()) then ledger_add()
 * of its rows; outputs staged; ledger_record_end(); outputs swapped in;
 * ledger_confirm(); ledger_close(). */
#ifndef SLACREDIT_LEDGER_H
#define SLACREDIT_LEDGER_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct credit_row;
struct ledger;

enum ledger_mode {
    LEDGER_RUN,    /* create when missing, lock, settle, must be writable */
    LEDGER_UPDATE, /* existing ledger, lock, settle (push, import target) */
    LEDGER_READ,   /* existing ledger, no lock, nothing written */
};

/* One adjustment row. Strings are the ledger's (see each function for how
 * long they stay valid). */
struct ledger_row {
    int64_t seq;         /* position in the hash chain, from 1 */
    char *adjustment_id; /* as written in credits.csv */
    char *period;        /* YYYY-MM */
    char *subscription;  /* subscription_id */
    char *policy;        /* policy name */
    int64_t revision;    /* 0 for the original, N for ":rN" */
    int64_t amount;      /* minor units of currency, may be negative */
    char currency[4];    /* ISO 4217 */
    char remedy[32];     /* remedy of the row */
    int64_t extension;   /* seconds of plan time, may be negative */
    int64_t run_id;      /* runs.run_id */
    bool pending;        /* its run is pending (LEDGER_READ only) */
    char row_sha256[65]; /* hex */
};

/* One row of pushes. Strings are the ledger's, valid during the call of
 * ledger_each_push()'s function. */
struct ledger_push {
    int64_t seq;
    char *adjustment_id;
    char *system;
    char *remote_id;
};

/* One row of runs. */
struct ledger_run {
    int64_t run_id;
    char period[8];
    char *out_dir;
    char state[16]; /* pending | committed | rolled_back */
    int64_t adjustments;
};

/* Opens path in mode (see enum ledger_mode); ":memory:" opens a fresh
 * in-memory ledger (tests). Refuses anything that is not a slacredit ledger
 * (an empty file, a CSV ledger of the earlier format, another file or
 * SQLite database) and a broken hash chain with RC_DATA before anything is
 * written. Returns NULL with e set: RC_NOINPUT (missing, not LEDGER_RUN),
 * RC_DATA, RC_IOERR (cannot read, lock, write, or busy), RC_CANTOUT
 * (LEDGER_RUN on a read-only ledger). Caller frees with ledger_close(). */
struct ledger *ledger_open(const char *path, enum ledger_mode mode,
                           const char *wait_note, struct err *e);
/* ledger_open(path, LEDGER_UPDATE, NULL, e): an existing ledger, verified
 * and settled, for commands other than run (push, list). */
struct ledger *ledger_open_existing(const char *path, struct err *e);

/* The look-ups below leave out the rows of rolled-back runs and the rows
 * of the run being recorded (between ledger_begin_run() and
 * ledger_record_end()), so what a run adds never changes what it looks
 * up: each sees the ledger as the run found it. Each is one indexed query;
 * none holds the ledger's rows in memory. */

/* The rows of one subscription and period, sorted by policy (byte order)
 * then revision; *n gets their count. Borrowed until the next
 * ledger_rows_of() or ledger_row_by_id() on l, or ledger_close(). Returns
 * the rows (not NULL when there are none), or NULL with e set when the
 * database cannot be read. */
const struct ledger_row *ledger_rows_of(const struct ledger *l,
                                        const char *period, const char *sub,
                                        size_t *n, struct err *e);
/* The row of adjustment_id into *row (borrowed as ledger_rows_of()'s).
 * Returns 1, 0 (no such row; *row NULL), or -1 with e set. */
int ledger_row_by_id(const struct ledger *l, const char *adjustment_id,
                     const struct ledger_row **row, struct err *e);
/* What was issued for one subscription and period in one currency, over
 * every policy: sums of the live rows. */
struct ledger_issued {
    bool found;          /* some live row in this currency */
    int64_t amount;      /* minor units, summed */
    int64_t extension;   /* seconds, summed */
    int64_t adjustments; /* rows summed */
};

/* Fills *out for (period, sub, currency). Does not touch what
 * ledger_rows_of() returned. Returns 0, or -1 with e set (the database
 * cannot be read, or a sum does not fit in 64 bits). */
int ledger_issued(const struct ledger *l, const char *period, const char *sub,
                  const char *currency, struct ledger_issued *out,
                  struct err *e);

/* Called with each row or push; the row and its strings are valid during
 * the call. Returns 0 to go on, else ledger_each_row() stops and returns
 * that value (-1 with e set for an error). */
typedef int (*ledger_row_fn)(void *ctx, const struct ledger_row *r,
                             struct err *e);
typedef int (*ledger_push_fn)(void *ctx, const struct ledger_push *p,
                              struct err *e);
/* Calls fn with every live row, sorted by period, subscription, policy,
 * revision, stepping through the database (a read lock held until it
 * returns: a writer's commit waits for it). Returns 0, fn's non-zero
 * value, or -1 with e set on a database error. */
int ledger_each_row(const struct ledger *l, ledger_row_fn fn, void *ctx,
                    struct err *e);
/* Calls fn with every push row, in chain order, as ledger_each_row(). */
int ledger_each_push(const struct ledger *l, ledger_push_fn fn, void *ctx,
                     struct err *e);
/* Every run, in order; borrowed until l changes (a record, confirm or
 * abandon) or is closed. */
const struct ledger_run *ledger_runs(const struct ledger *l, size_t *n);
/* Live adjustment rows (all periods), without the run being recorded. */
size_t ledger_count(const struct ledger *l);
/* Push rows. */
size_t ledger_push_count(const struct ledger *l);

/* Phase 1, opened: begins the one transaction (BEGIN IMMEDIATE) that
 * records a pending run of period writing out_dir. Returns 0, or -1 with e
 * set (RC_IOERR: the database could not be written; nothing recorded). */
int ledger_begin_run(struct ledger *l, const char *period, const char *out_dir,
                     struct err *e);
/* Phase 1, one row: inserts r (with its revision) at the end of the hash
 * chain, inside the transaction; r's strings are read during the call
 * only. Returns 0, or -1 with e set (RC_DATA "adjustment already in the
 * ledger" for an identity recorded before, RC_IOERR); after a failure the
 * whole run is undone, nothing recorded. */
int ledger_add(struct ledger *l, const struct credit_row *r, struct err *e);
/* Phase 1, closed: sets the run's manifest hash (manifest_hex, the
 * SHA-256 of the staged manifest.json) and row count and the chain table,
 * and commits. Returns 0, or -1 with e set (nothing recorded). */
int ledger_record_end(struct ledger *l, const char *manifest_hex,
                      struct err *e);
/* Undoes the run being recorded, if any (ledger_close() does too). */
void ledger_record_cancel(struct ledger *l);
/* Phase 1 at once: ledger_begin_run(), ledger_add() of rows[0..n),
 * ledger_record_end(). */
int ledger_record(struct ledger *l, const char *period, const char *out_dir,
                  const char *manifest_hex, const struct credit_row *rows,
                  size_t n, struct err *e);
/* Phase 3: the outputs are in place; the pending run becomes committed.
 * Returns 0, or -1 with e set (the run stays pending and the next open
 * commits it, since the outputs are there). */
int ledger_confirm(struct ledger *l, struct err *e);
/* The output swap reported a failure: the pending run is settled as the
 * next open would, committed when the folder holds its manifest (the
 * failure came after the exchange), else rolled back. Returns 0, or -1 with
 * e set (the next open settles it). */
int ledger_abandon(struct ledger *l, struct err *e);

/* Checks the schema and both hash chains of the ledger at path without
 * changing it, printing one line per problem to report (row, adjustment
 * id, expected and found). Returns the number of problems (0: intact), or
 * -1 with e set when path is no ledger at all. */
long ledger_verify(const char *path, FILE *report, struct err *e);

/* Converts a ledger of the earlier CSV format (header adjustment_id,...,
 * checksum; one checksummed line per adjustment) into a new ledger at
 * db_path, which must not exist, after verifying every checksum. Fills
 * *count with the rows imported. Returns 0, or -1 with e set (RC_DATA with
 * FILE:LINE for a bad line, RC_CANTOUT when db_path exists). */
int ledger_import_csv(const char *csv_path, const char *db_path, size_t *count,
                      struct err *e);

/* Records that the adjustment row `adjustment_id` (the id exactly as written
 * in credits.csv, ":rN" included) was created in billing system `system`
 * ("stripe", "killbill", ...) as the object `remote_id`. Idempotent for the
 * same triple; a different remote_id for the same (adjustment_id, system)
 * is an error. Returns 0, or -1 with e set. */
int ledger_push_record(struct ledger *l, const char *adjustment_id,
                       const char *system, const char *remote_id,
                       struct err *e);
/* 1 and remote_id copied (NUL-terminated, truncated to cap) when recorded,
 * 0 when not, -1 with e set on a database error. */
int ledger_push_lookup(struct ledger *l, const char *adjustment_id,
                       const char *system, char *remote_id, size_t cap,
                       struct err *e);

/* Undoes a run still being recorded, releases the lock and frees l; NULL
 * is a no-op. */
void ledger_close(struct ledger *l);

/* Writes the adjustment id of (period, sub, policy, revision) into out:
 * "<period>:<sub>:<policy>", plus ":r<revision>" when revision > 0.
 * Returns 0, or -1 when cap is too small. */
int ledger_format_id(const char *period, const char *sub, const char *policy,
                     int64_t revision, char *out, size_t cap);

#endif

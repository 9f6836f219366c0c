/* ledger: the append-only CSV of adjustments already issued (SPEC §7), and
 * the reconciliation that keeps a replay from paying twice.
 *
 * File format (header, then one line per adjustment, LF ends):
 *   adjustment_id,period,subscription_id,policy,amount_minor,currency,
 *   remedy,extension_seconds,checksum
 * checksum is the first 16 hex digits of the SHA-256 of the line's bytes
 * before ",checksum". A line that does not parse or whose checksum fails
 * stops the run (FILE:LINE, exit 65): a damaged ledger is never skipped.
 *
 * Life cycle: ledger_open() takes an exclusive flock on the file (waiting
 * for another run to finish) and reads it; ledger_issued() per adjustment;
 * ledger_append() once the outputs are in place (fsynced); ledger_close()
 * releases the lock. */
#ifndef SLACREDIT_LEDGER_H
#define SLACREDIT_LEDGER_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct credit_row;
struct ledger;

/* What the ledger says was issued for one base adjustment id (the id
 * without ":r<N>"): the sums over the original and its corrections. */
struct ledger_issued {
    bool found;        /* some line has this base id */
    int64_t amount;    /* minor units, summed */
    int64_t extension; /* seconds, summed */
    int last_revision; /* 0 for the original only, N for ":rN" */
    char remedy[32];   /* remedy of the latest line */
};

/* Opens (creating when missing) and locks path, then reads every line.
 * wait_note, if not NULL, is printed to stderr when another process holds
 * the lock and this one waits. Returns NULL with e set: RC_NOINPUT/RC_IOERR
 * (cannot open or lock), RC_DATA (a bad line, FILE:LINE). */
struct ledger *ledger_open(const char *path, const char *wait_note,
                           struct err *e);
/* Fills *out for base id (e.g. "2026-10:sub-1:tiers"). */
void ledger_issued(const struct ledger *l, const char *base,
                   struct ledger_issued *out);
/* Appends rows[0..n) and fsyncs the file. Returns 0, or -1 with e set. */
int ledger_append(struct ledger *l, const struct credit_row *rows, size_t n,
                  struct err *e);
/* Lines read (adjustments already issued, all periods). */
size_t ledger_count(const struct ledger *l);
/* Releases the lock and frees l; NULL is a no-op. */
void ledger_close(struct ledger *l);

/* Formats one ledger line (without the trailing LF) into out; exposed for
 * tests. Returns the length, or 0 when cap is too small. */
size_t ledger_format_line(const struct credit_row *r, char *out, size_t cap);

#endif

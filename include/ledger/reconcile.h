/* reconcile: settles a run's decisions against the ledger (SPEC §7): what
 * credits.csv must carry for a subscription and period given what the
 * ledger already issued for it — the credit itself, a correction carrying a
 * difference, the reversal of a credit under another policy or currency,
 * or nothing when it was issued already. Pure: reads the ledger's rows,
 * writes none.
 * Life cycle: a zeroed struct reconcile_rows, reconcile_decision() per
 * subscription, reconcile_rows_free(). */
#ifndef SLACREDIT_RECONCILE_H
#define SLACREDIT_RECONCILE_H

#include "lib/err.h"
#include "write/report.h"

#include <stddef.h>

struct decision;
struct ledger;
struct sub;

/* The growing list of credits.csv rows of one run, in the order due. */
struct reconcile_rows {
    struct credit_row *v; /* owned */
    size_t n, cap;
};

/* Appends a zeroed-out slot to r and returns it. */
struct credit_row *reconcile_rows_add(struct reconcile_rows *r);
/* Frees r's rows; r is empty (and reusable) afterwards. */
void reconcile_rows_free(struct reconcile_rows *r);

/* Settles decision d of subscription s for period against the ledger l
 * (NULL: no ledger, a credited decision is simply due) and appends the
 * credits.csv rows due to out: the credit itself when nothing was issued
 * for it; for every other (policy, currency) of this subscription and
 * period that still holds money or plan time, its reversal (a changed
 * policy or currency: at most one live credit per subscription and
 * period, never netted across currencies); a correction carrying the
 * difference when the issued amount differs; nothing when it was issued
 * already. Corrections and reversals are noted in d->detail; a credit
 * issued already turns d into OUTCOME_ALREADY_ISSUED. The rows' policy
 * may be borrowed from the ledger's look-up: valid until its next
 * ledger_rows_of(). Returns 0, or -1 with e set when the ledger cannot be
 * read (nothing appended). */
int reconcile_decision(const struct ledger *l, const char *period,
                       const struct sub *s, struct decision *d,
                       struct reconcile_rows *out, struct err *e);

#endif

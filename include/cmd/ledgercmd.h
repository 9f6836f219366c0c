/* ledgercmd: the operators' commands over a ledger (slacredit ledger verify,
 * list, export, import). Wiring only: the ledger module does the work, this
 * one prints it. */
#ifndef SLACREDIT_LEDGERCMD_H
#define SLACREDIT_LEDGERCMD_H

#include "lib/err.h"

struct opts;

/* Runs o->ledger_action on o->ledger. verify prints one line per problem
 * and fails with RC_DATA when there is any; list prints adjustments (with
 * revisions, amounts and their runs), pushes and runs, filtered by
 * o->month and o->subscription; export writes the RFC 4180 CSV of the
 * committed adjustments to stdout; import converts o->import_path (a CSV
 * ledger of the earlier format) into the new ledger o->ledger. Returns 0,
 * or -1 with e set. */
int ledgercmd_run(const struct opts *o, struct err *e);

#endif

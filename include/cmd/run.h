/* run: the run, check and explain commands. Wires the readers (config,
 * roster, claims, monitoring, status pages) through evidence to the engine
 * (calc) and the writers (report, billing, explain, outdir, ledger); holds
 * no rule of its own. */
#ifndef SLACREDIT_RUN_H
#define SLACREDIT_RUN_H

#include "lib/err.h"

struct opts;

/* slacredit run: computes o->month and writes the outputs. Prints a summary
 * on stdout and progress on a terminal's stderr unless o->quiet. Returns 0,
 * or -1 with e set; on failure no output file has appeared. */
int run_month(const struct opts *o, struct err *e);

/* slacredit check: loads and validates the config, the roster and every
 * monitoring input, and prints what it found. Returns 0, or -1 with e set. */
int run_check(const struct opts *o, struct err *e);

/* slacredit explain: prints in plain words why one subscription got what it
 * got for the month (explain.h), consulting the ledger when given. Writes
 * no file and changes no ledger. Returns 0, or -1 with e set. */
int run_explain(const struct opts *o, struct err *e);

#endif

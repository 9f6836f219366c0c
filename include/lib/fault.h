/* fault: a test-only switch that makes the Nth write, fsync or rename of
 * the output and ledger code fail, to prove that a failure at any point
 * leaves either the previous complete outputs or the new complete ones.
 * Compiled in only with -DSLACREDIT_FAULTS (the test binary
 * build/slacredit-faults); in the product fault_hit() is a constant 0.
 * With SLACREDIT_FAULT=OP:N in the environment (OP = write, fsync, rename
 * or ledger), the Nth call of fault_hit(OP) returns true. fault_point(NAME)
 * marks a named moment of the ledger protocol: with SLACREDIT_KILL_AT=NAME
 * (or NAME:N for its Nth passage) the process kills itself there with
 * SIGKILL, and with SLACREDIT_PAUSE=NAME:MS it sleeps MS milliseconds there
 * (to widen a window a test kills in at random); with SLACREDIT_MARK=FILE
 * each point appends its name to FILE as it is reached. With
 * SLACREDIT_TINY_BUFFERS set, fault_tiny() is true: the output folder is
 * staged at the first row and every buffer is written out (or spilled) at
 * each flush, the paths that only runs of many megabytes reach otherwise. */
#ifndef SLACREDIT_FAULT_H
#define SLACREDIT_FAULT_H

#include <stdbool.h>

#ifdef SLACREDIT_FAULTS
/* True when this call of operation op must fail. */
bool fault_hit(const char *op);
/* A named moment: may kill the process or pause (see above). */
void fault_point(const char *name);
/* True when SLACREDIT_TINY_BUFFERS is set. */
bool fault_tiny(void);
#else
#define fault_hit(op)     false
#define fault_point(name) ((void)0)
#define fault_tiny()      false
#endif

#endif

/* fault: a test-only switch that makes the Nth write, fsync or rename of
 * the output and ledger code fail, to prove that a failure at any point
 * leaves either the previous complete outputs or the new complete ones.
 * Compiled in only with -DSLACREDIT_FAULTS (the test binary
 * build/slacredit-faults); in the product fault_hit() is a constant 0.
 * With SLACREDIT_FAULT=OP:N in the environment (OP = write, fsync or
 * rename), the Nth call of fault_hit(OP) returns true. */
#ifndef SLACREDIT_FAULT_H
#define SLACREDIT_FAULT_H

#include <stdbool.h>

#ifdef SLACREDIT_FAULTS
/* True when this call of operation op must fail. */
bool fault_hit(const char *op);
#else
#define fault_hit(op) false
#endif

#endif

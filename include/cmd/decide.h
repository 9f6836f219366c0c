/* decide: one subscription's decision from what a run read: its evidence
 * (engine/evidence), the figures the engine needs from the inputs (claims,
 * the fee history and the ledger's earlier credits of cap_fees), the
 * engine's decision (engine/calc) and its reason in plain words. A
 * composite policy (either = A, B) is decided under each member and the
 * larger credit kept (engine/either). Used by run and explain alike, so
 * both show the same decision. */
#ifndef SLACREDIT_CMD_DECIDE_H
#define SLACREDIT_CMD_DECIDE_H

#include "engine/calc.h"
#include "engine/evidence.h"
#include "engine/policy.h"
#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct inputs;
struct ledger;
struct sub;

/* The decisions of a composite policy's members (either = ...), kept for
 * explain. decide_sub() moves the winner's decision and evidence into the
 * caller's, so view[] points at each member's decision wherever it is. */
struct decide_members {
    struct decision d[POLICY_EITHER_MAX];
    struct evidence x[POLICY_EITHER_MAX];
    const struct decision *view[POLICY_EITHER_MAX];
    size_t n;      /* 0: the policy is no composite */
    size_t winner; /* index of the member credited */
};

void decide_members_init(struct decide_members *m);
void decide_members_free(struct decide_members *m);

/* Decides subscription s for the month [m0, m1) from in, with the ledger l
 * (NULL: none) for cap_fees: the decision in d, its evidence in x, and
 * under a composite policy every member's in m (m->n = 0 otherwise).
 * Returns 0, or -1 with e set. */
int decide_sub(const struct inputs *in, const struct ledger *l, int64_t m0,
               int64_t m1, const struct sub *s, struct evidence *x,
               struct decision *d, struct decide_members *m, struct err *e);

#endif

/* decide: one subscription's decision, as run and explain make it (see
 * decide.h). */
#include "cmd/decide.h"

#include "cmd/inputs.h"
#include "engine/either.h"
#include "ledger/ledger.h"
#include "lib/money.h"
#include "read/claims.h"
#include "read/fees.h"
#include "read/roster.h"
#include "write/explain.h"

#include <stdio.h>
#include <string.h>

/* cap_fees: the fees of the policy's months (the fee history, the roster's
 * fee standing in for a missing month) and what the ledger (NULL: none)
 * issued for the months before this one, in the subscription's currency
 * over every policy. Returns 0, or -1 with e set when a sum overflows or
 * the ledger cannot be read. */
static int history_of(const struct inputs *in, const struct ledger *l,
                      int64_t m0, const struct sub *s, const struct policy *p,
                      struct calc_history *h, struct err *e)
{
    struct fees_window w;
    struct ledger_issued iss;
    int64_t last = fees_month_of(m0), m;
    char period[32];

    h->months = p->cap_fees;
    h->earlier = 0;
    if (fees_window(in->fees, s, last, h->months, &w) != 0)
        goto overflow;
    h->fees = w.total;
    for (m = last - h->months + 1; l != NULL && m < last; m++) {
        fees_month_text(m, period, sizeof period);
        if (ledger_issued(l, period, s->id, sub_currency(s), &iss, e) != 0)
            return -1;
        if (iss.found && money_add(h->earlier, iss.amount, &h->earlier) != 0)
            goto overflow;
    }
    return 0;
overflow:
    err_set(e, RC_DATA, in->roster->path, s->line,
            "subscription %s: the fees or credits of cap_fees do not fit in "
            "64-bit minor units",
            s->id);
    return -1;
}

void decide_members_init(struct decide_members *m)
{
    size_t i;

    for (i = 0; i < POLICY_EITHER_MAX; i++) {
        calc_decision_init(&m->d[i]);
        evidence_init(&m->x[i]);
    }
    m->n = 0;
    m->winner = 0;
}

void decide_members_free(struct decide_members *m)
{
    size_t i;

    for (i = 0; i < POLICY_EITHER_MAX; i++) {
        calc_decision_free(&m->d[i]);
        evidence_free(&m->x[i]);
    }
}

/* Decides one subscription under policy p: its evidence, then the engine,
 * then the note that an unresolved incident is part of its downtime. l is
 * the ledger, or NULL. */
static int decide_one(const struct inputs *in, const struct ledger *l,
                      int64_t m0, int64_t m1, const struct sub *s,
                      const struct policy *p, struct evidence *x,
                      struct decision *d, struct err *e)
{
    struct ev_sources src = inputs_sources(in);
    struct calc_input ci;
    struct calc_history h;

    evidence_build(&src, s, p, x);
    ci.policy = p;
    ci.sub = s;
    ci.month_start = m0;
    ci.month_end = m1;
    ci.evidence = NULL;
    ci.weighted = &x->ev;
    ci.excluded = &x->excluded;
    ci.unmeasured = &x->unmeasured;
    ci.unknown = &x->unknown;
    ci.claims = NULL;
    ci.nclaims = 0;
    if (in->claims != NULL)
        ci.claims = claims_of(in->claims, s->id, &ci.nclaims);
    ci.history = NULL;
    if (p->cap_fees > 0) {
        if (history_of(in, l, m0, s, p, &h, e) != 0)
            return -1;
        ci.history = &h;
    }
    if (calc_decide(&ci, d, e) != 0) {
        err_locate(e, in->roster->path, s->line);
        return -1;
    }
    explain_reason(d, s, d->detail, sizeof d->detail);
    if (evidence_ongoing_in(x, &d->down)) {
        size_t n = strlen(d->detail);
        snprintf(d->detail + n, sizeof d->detail - n,
                 "%songoing: an incident was still unresolved at the month's "
                 "end",
                 n > 0 ? "; " : "");
    }
    return 0;
}

/* Decides one subscription under its policy. A composite (either = A, B)
 * decides it under each member, each with its own evidence, and keeps the
 * larger credit (engine/either.h): the winner's decision and evidence end
 * up in d and x, every member's in m. */
int decide_sub(const struct inputs *in, const struct ledger *l, int64_t m0,
               int64_t m1, const struct sub *s, struct evidence *x,
               struct decision *d, struct decide_members *m, struct err *e)
{
    const struct policy *p = sub_policy(s);
    char summary[sizeof d->detail];
    struct decision td;
    struct evidence tx;
    size_t i;

    m->n = 0;
    if (!policy_is_either(p))
        return decide_one(in, l, m0, m1, s, p, x, d, e);
    for (i = 0; i < p->neither; i++) {
        if (decide_one(in, l, m0, m1, s, p->members[i], &m->x[i], &m->d[i],
                       e) != 0)
            return -1;
        m->view[i] = &m->d[i];
    }
    m->n = p->neither;
    m->winner = either_pick(m->view, m->n);
    either_summary(m->view, m->n, m->winner, s, summary, sizeof summary);
    td = *d;
    *d = m->d[m->winner];
    m->d[m->winner] = td;
    tx = *x;
    *x = m->x[m->winner];
    m->x[m->winner] = tx;
    m->view[m->winner] = d;
    either_mark(d, summary);
    return 0;
}

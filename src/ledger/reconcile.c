/* reconcile: a decision against what the ledger issued (see reconcile.h). */
#include "ledger/reconcile.h"

#include "engine/calc.h"
#include "ledger/ledger.h"
#include "lib/money.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/config.h"
#include "read/roster.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct credit_row *reconcile_rows_add(struct reconcile_rows *r)
{
    if (r->n == r->cap) {
        r->cap = r->cap != 0 ? r->cap * 2 : 64;
        r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
    }
    return &r->v[r->n++];
}

void reconcile_rows_free(struct reconcile_rows *r)
{
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

/* Appends "; "-separated text to a decision's detail, cut when too long. */
static void add_detail(struct decision *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_detail(struct decision *d, const char *fmt, ...)
{
    size_t n = strlen(d->detail);
    va_list ap;

    if (n + 3 >= sizeof d->detail)
        return;
    if (n > 0) {
        memcpy(d->detail + n, "; ", 3);
        n += 2;
    }
    va_start(ap, fmt);
    if (vsnprintf(d->detail + n, sizeof d->detail - n, fmt, ap) >=
        (int)(sizeof d->detail - n))
        d->detail[sizeof d->detail - 1] = '\0'; /* cut, still valid */
    va_end(ap);
}

/* What the ledger holds for one (policy, currency) of a subscription and
 * period: the sums of its live rows. */
struct issued_group {
    const char *policy;   /* borrowed from the ledger */
    const char *currency; /* borrowed from the ledger */
    const char *remedy;   /* of the group's latest row */
    int64_t amount;       /* minor units */
    int64_t extension;    /* seconds */
};

/* Sums the ledger's rows h[0..nh) per (policy, currency), in order of first
 * appearance; *ng gets the number of groups. Caller frees. */
static struct issued_group *group_issued(const struct ledger_row *h, size_t nh,
                                         size_t *ng)
{
    struct issued_group *g = xcalloc(nh + 1, sizeof *g);
    size_t i, j;

    *ng = 0;
    for (i = 0; i < nh; i++) {
        for (j = 0; j < *ng; j++) {
            if (strcmp(g[j].policy, h[i].policy) == 0 &&
                strcmp(g[j].currency, h[i].currency) == 0)
                break;
        }
        if (j == *ng) {
            g[j].policy = h[i].policy;
            g[j].currency = h[i].currency;
            (*ng)++;
        }
        g[j].amount += h[i].amount;
        g[j].extension += h[i].extension;
        g[j].remedy = h[i].remedy; /* rows come in revision order */
    }
    return g;
}

/* The highest revision the ledger holds for (period, sub, policy), or -1. */
static int64_t max_revision(const struct ledger_row *h, size_t nh,
                            const char *policy)
{
    int64_t m = -1;
    size_t i;

    for (i = 0; i < nh; i++) {
        if (strcmp(h[i].policy, policy) == 0 && h[i].revision > m)
            m = h[i].revision;
    }
    return m;
}

/* The revision the next row of (s, policy) gets: one past the ledger's
 * highest and past the rows out holds from first on. Roster ids are unique,
 * so this subscription's rows in out are only the ones the current
 * reconcile_decision() call adds: never look over the whole month. */
static int64_t next_revision(const struct ledger_row *h, size_t nh,
                             const struct reconcile_rows *out, size_t first,
                             const struct sub *s, const char *policy)
{
    int64_t rev = max_revision(h, nh, policy) + 1;
    size_t i;

    for (i = first; i < out->n; i++) {
        if (strcmp(out->v[i].subscription, s->id) == 0 &&
            strcmp(out->v[i].policy, policy) == 0 && out->v[i].revision >= rev)
            rev = out->v[i].revision + 1;
    }
    return rev;
}

/* Fills a row of (policy, revision) carrying amount and extension. */
static void adjust_row(struct credit_row *row, const char *period,
                       const struct sub *s, const struct decision *d,
                       const char *policy, const char *currency,
                       const char *remedy, int64_t revision, int64_t amount,
                       int64_t ext)
{
    report_credit_row(row, period, s, d);
    row->policy = policy;
    memcpy(row->currency, currency, sizeof row->currency);
    row->exponent = money_exponent(currency);
    if (row->exponent < 0)
        row->exponent = sub_exponent(s);
    if (remedy != NULL) {
        snprintf(row->remedy_buf, sizeof row->remedy_buf, "%s", remedy);
        row->remedy = row->remedy_buf;
    }
    row->new_ends_at[0] = '\0';
    if (strcmp(row->remedy, "plan_extension") == 0 && s->has_end) {
        if (d->outcome == OUTCOME_CREDITED && d->has_new_end &&
            strcmp(policy, sub_policy(s)->name) == 0)
            when_format(d->new_ends_at, row->new_ends_at,
                        sizeof row->new_ends_at);
        else
            when_format(s->ends_at, row->new_ends_at, sizeof row->new_ends_at);
    }
    row->revision = revision;
    row->amount = amount;
    row->extension = ext;
    if (ledger_format_id(period, s->id, policy, revision, row->adjustment_id,
                         sizeof row->adjustment_id) != 0)
        row->adjustment_id[0] = '\0'; /* ids that long are refused earlier */
}

/* Appends the reversal of group g (another policy or currency than s's). */
static void reverse_group(const struct ledger_row *h, size_t nh,
                          const struct issued_group *g, const char *period,
                          const struct sub *s, struct decision *d,
                          struct reconcile_rows *out, size_t first)
{
    /* Revisions of one policy go on across its currencies. */
    int64_t rev = next_revision(h, nh, out, first, s, g->policy);
    struct credit_row *row = reconcile_rows_add(out);
    char amt[32];

    adjust_row(row, period, s, d, g->policy, g->currency, g->remedy, rev,
               -g->amount, -g->extension);
    snprintf(row->basis, sizeof row->basis, "reversal");
    money_format(row->amount, row->exponent, amt, sizeof amt);
    add_detail(
        d, "reversal %s: %s %s, %llds of plan time (%s)", row->adjustment_id,
        amt, row->currency, (long long)row->extension,
        strcmp(g->policy, sub_policy(s)->name) != 0 ? "the policy changed"
                                                    : "the currency changed");
}

/* Settles s's own (policy, currency), of which own is what the ledger
 * issued (NULL: nothing): no row when it matches the decision, else a row
 * carrying the difference. */
static void settle_own(const struct ledger_row *h, size_t nh,
                       const struct issued_group *own, size_t reversals,
                       const char *period, const struct sub *s,
                       struct decision *d, struct reconcile_rows *out,
                       size_t first)
{
    bool credited = d->outcome == OUTCOME_CREDITED;
    int64_t want_amount = credited ? d->amount : 0;
    int64_t want_ext = credited ? d->extension : 0;
    int64_t net = own != NULL ? own->amount : 0;
    int64_t net_ext = own != NULL ? own->extension : 0;
    int64_t rev = next_revision(h, nh, out, first, s, sub_policy(s)->name);
    struct credit_row *row;
    char amt[32];

    if (net == want_amount && net_ext == want_ext) {
        if (credited && own != NULL && reversals == 0) {
            char base[400];
            d->outcome = OUTCOME_ALREADY_ISSUED;
            money_format(net, sub_exponent(s), amt, sizeof amt);
            ledger_format_id(period, s->id, sub_policy(s)->name, 0, base,
                             sizeof base);
            if (snprintf(d->detail, sizeof d->detail,
                         "issued before as %s (%s %s, %llds of plan time)",
                         base, amt, sub_currency(s),
                         (long long)net_ext) >= (int)sizeof d->detail)
                d->detail[sizeof d->detail - 1] = '\0';
        }
        return;
    }
    row = reconcile_rows_add(out);
    adjust_row(row, period, s, d, sub_policy(s)->name, sub_currency(s),
               credited ? NULL : (own != NULL ? own->remedy : NULL), rev,
               want_amount - net, want_ext - net_ext);
    if (rev > 0) {
        money_format(row->amount, sub_exponent(s), amt, sizeof amt);
        add_detail(d, "correction %s: %s %s, %llds of plan time",
                   row->adjustment_id, amt, sub_currency(s),
                   (long long)row->extension);
    }
}

int reconcile_decision(const struct ledger *l, const char *period,
                       const struct sub *s, struct decision *d,
                       struct reconcile_rows *out, struct err *e)
{
    const struct ledger_row *h;
    const struct issued_group *own = NULL;
    struct issued_group *g;
    const size_t first = out->n;
    size_t nh, ng, j, reversals = 0;

    if (l == NULL) {
        if (d->outcome == OUTCOME_CREDITED)
            report_credit_row(reconcile_rows_add(out), period, s, d);
        return 0;
    }
    h = ledger_rows_of(l, period, s->id, &nh, e);
    if (h == NULL)
        return -1;
    g = group_issued(h, nh, &ng);
    for (j = 0; j < ng; j++) {
        if (strcmp(g[j].policy, sub_policy(s)->name) == 0 &&
            strcmp(g[j].currency, sub_currency(s)) == 0) {
            own = &g[j];
            continue;
        }
        if (g[j].amount == 0 && g[j].extension == 0)
            continue;
        reverse_group(h, nh, &g[j], period, s, d, out, first);
        reversals++;
    }
    settle_own(h, nh, own, reversals, period, s, d, out, first);
    free(g);
    return 0;
}

/* explain: a decision in plain words (see explain.h). */
#include "write/explain.h"

#include "engine/calc.h"
#include "engine/evidence.h"
#include "ledger/ledger.h"
#include "lib/buf.h"
#include "lib/money.h"
#include "lib/rx.h"
#include "lib/when.h"
#include "read/config.h"
#include "read/roster.h"
#include "write/report.h"

#include <stdio.h>
#include <string.h>

static void span(struct buf *b, int64_t start, int64_t end)
{
    char a[32], z[32];

    when_format(start, a, sizeof a);
    when_format(end, z, sizeof z);
    buf_printf(b, "%s to %s (%lld s)", a, z, (long long)(end - start));
}

static const char *mode_name(enum evidence_mode m)
{
    switch (m) {
    case EVIDENCE_MONITORING:
        return "monitoring: what the monitors saw";
    case EVIDENCE_STATUSPAGE:
        return "statuspage: what the status page reported";
    case EVIDENCE_UNION:
        return "union: what either the monitors or the status page saw";
    case EVIDENCE_ACKNOWLEDGED:
        return "acknowledged: what the monitors saw and the status page "
               "acknowledged";
    }
    return "?";
}

static void windows(struct buf *b, const struct explain_input *in)
{
    const struct decision *d = in->d;
    const struct evidence *x = in->x;
    struct ivset one, part;
    size_t i, k, shown = 0;

    ivset_init(&one);
    ivset_init(&part);
    buf_printf(b, "\nDowntime windows (evidence = %s):\n",
               mode_name(in->sub->policy->evidence));
    for (i = 0; i < x->nwindows; i++) {
        const struct ev_window *w = &x->windows[i];
        ivset_clear(&one);
        ivset_add(&one, w->start, w->end);
        ivset_intersect(&part, &one, &d->down);
        for (k = 0; k < part.n; k++, shown++) {
            buf_printf(b, "  counted   %s  %s", w->resource, w->source);
            if (w->detail[0] != '\0')
                buf_printf(b, " %s", w->detail);
            buf_puts(b, "\n            ");
            span(b, part.v[k].start, part.v[k].end);
            buf_puts(b, w->ongoing ? ", still unresolved at the month's end\n"
                                   : "\n");
        }
        ivset_intersect(&part, &one, &d->excluded);
        for (k = 0; k < part.n; k++, shown++) {
            size_t j;
            buf_printf(b, "  excluded  %s  %s", w->resource, w->source);
            if (w->detail[0] != '\0')
                buf_printf(b, " %s", w->detail);
            buf_puts(b, "\n            ");
            span(b, part.v[k].start, part.v[k].end);
            for (j = 0; j < x->nexclusions; j++) {
                const struct ev_window *ex = &x->exclusions[j];
                if (ex->start < part.v[k].end && part.v[k].start < ex->end) {
                    buf_printf(b, ", left out: %s (%s)", ex->detail,
                               strncmp(ex->detail, "maintenance", 11) == 0
                                   ? "scheduled maintenance"
                                   : "incident_pattern matched");
                    break;
                }
            }
            buf_puts(b, "\n");
        }
    }
    if (shown == 0)
        buf_puts(b, "  none inside the active window\n");
    if (x->unmeasured.n > 0) {
        ivset_clip(&part, &x->unmeasured, d->active_start, d->active_end);
        if (part.n > 0)
            buf_printf(b,
                       "  %lld s had no monitoring sample and leave both "
                       "the downtime and the active window "
                       "(unknown = excluded)\n",
                       (long long)ivset_total(&part));
    }
    ivset_free(&one);
    ivset_free(&part);
}

static void rule(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct policy *p = s->policy;
    const struct decision *d = in->d;
    char fee[32], amt[32], cap[32], t[32], pct[32];

    money_format(s->fee, s->exponent, fee, sizeof fee);
    buf_printf(b, "\nFee: %s %s a month", fee, s->currency);
    if (p->fee_basis == FEE_PRORATED)
        buf_printf(b, ", prorated to the active window: × %lld / %lld s",
                   (long long)d->active_secs, (long long)d->fee_basis_den);
    buf_puts(b, "\n");
    switch (p->kind) {
    case POLICY_TIERS:
        buf_puts(b, "Rule: tiers —");
        for (size_t i = 0; i < p->ntiers; i++) {
            calc_scaled_text(p->tiers[i].threshold, 1, t, sizeof t);
            calc_scaled_text(p->tiers[i].percent, 0, pct, sizeof pct);
            buf_printf(b, " below %s%% ⇒ %s%%%s", t, pct,
                       i + 1 < p->ntiers ? ";" : "");
        }
        buf_puts(b, "\n");
        if (d->tier != NULL) {
            calc_scaled_text(d->tier->threshold, 1, t, sizeof t);
            calc_scaled_text(d->tier->percent, 0, pct, sizeof pct);
            buf_printf(b,
                       "  uptime %s%% is below %s%%, the smallest "
                       "threshold it is below: %s%% of the fee\n",
                       d->uptime, t, pct);
        }
        break;
    case POLICY_PER_DAY:
        buf_printf(b,
                   "Rule: per_day — every started day of downtime is "
                   "worth 1/%lld of the fee\n",
                   (long long)p->day_divisor);
        if (d->days > 0)
            buf_printf(b,
                       "  %lld s of downtime are %lld started day(s) of "
                       "86400 s\n",
                       (long long)d->down_secs, (long long)d->days);
        break;
    case POLICY_PRORATED:
        calc_scaled_text(p->multiplier, 0, t, sizeof t);
        buf_printf(b,
                   "Rule: prorated — %s × the fee for the time of outages "
                   "of at least %lld s, over the month's %lld s\n",
                   t, (long long)p->min_outage,
                   (long long)(in->month_end - in->month_start));
        break;
    }
    if (d->outcome == OUTCOME_CREDITED || d->outcome == OUTCOME_BELOW_MINIMUM ||
        d->outcome == OUTCOME_ALREADY_ISSUED) {
        if (d->remedy == REMEDY_PLAN_EXTENSION) {
            buf_printf(b,
                       "  the remedy is plan time: %lld s (%lld day(s)) "
                       "added to the plan, no money\n",
                       (long long)d->extension,
                       (long long)d->extension / 86400);
            return;
        }
        money_format(d->amount, s->exponent, amt, sizeof amt);
        if (d->raw_exact)
            buf_printf(b,
                       "  credit: exactly %lld minor units, no rounding "
                       "needed\n",
                       (long long)d->raw_floor);
        else
            buf_printf(b,
                       "  credit: between %lld and %lld minor units, "
                       "rounded %s to %lld\n",
                       (long long)d->raw_floor, (long long)d->raw_floor + 1,
                       p->rounding == MONEY_HALF_EVEN ? "half-even" : "half-up",
                       d->capped ? (long long)d->raw_floor
                                 : (long long)d->amount);
        money_format(d->cap, s->exponent, cap, sizeof cap);
        calc_scaled_text(p->cap_percent, 0, pct, sizeof pct);
        buf_printf(
            b, "  cap: %s%% of the fee = %s %s: %s\n", pct, cap, s->currency,
            d->capped ? "the credit was lowered to the cap" : "not reached");
        buf_printf(b, "  amount: %s %s\n", amt, s->currency);
    }
}

static void eligibility(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct policy *p = s->policy;
    size_t i;
    bool excluded = false;

    buf_puts(b, "\nEligibility:\n");
    if (p->plan_pattern == NULL)
        buf_printf(b, "  plan %s: every plan is eligible\n", s->plan);
    else
        buf_printf(b, "  plan %s: %s plan_pattern %s\n", s->plan,
                   rx_match(p->plan_pattern, s->plan, strlen(s->plan))
                       ? "matches"
                       : "does NOT match",
                   rx_source(p->plan_pattern));
    for (i = 0; i < p->nexclude_payment_methods; i++)
        excluded = excluded || strcmp(p->exclude_payment_methods[i],
                                      s->payment_method) == 0;
    buf_printf(b, "  payment method %s: %s\n", s->payment_method,
               !excluded ? "eligible"
               : in->d->remedy == REMEDY_PLAN_EXTENSION
                   ? "gets no money credit, but plan time is not a payment"
                   : "gets no money credit (exclude_payment_methods)");
    if (p->claims_required)
        buf_printf(b,
                   "  claims: required within %lld s after an outage "
                   "ended; %zu of %zu outage(s) claimed in time\n",
                   (long long)p->claim_window, in->d->claimed, in->d->outages);
}

static void ledger_state(struct buf *b, const struct explain_input *in)
{
    char amt[32];

    buf_puts(b, "\nLedger: ");
    if (!in->has_ledger) {
        buf_puts(b, "not consulted (no --ledger given)\n");
    } else if (!in->issued->found) {
        buf_puts(b, "nothing issued for this subscription and month yet\n");
    } else {
        money_format(in->issued->amount, in->sub->exponent, amt, sizeof amt);
        buf_printf(b,
                   "issued so far %s %s and %lld s of plan time, in %lld "
                   "adjustment(s)\n",
                   amt, in->sub->currency, (long long)in->issued->extension,
                   (long long)in->issued->adjustments);
    }
    if (in->row != NULL) {
        money_format(in->row->amount, in->sub->exponent, amt, sizeof amt);
        buf_printf(b,
                   "This run's adjustment: %s, %s %s, %lld s of plan "
                   "time\n",
                   in->row->adjustment_id, amt, in->sub->currency,
                   (long long)in->row->extension);
    } else {
        buf_puts(b, "This run issues nothing for this subscription.\n");
    }
}

void explain_rule(struct buf *b, const struct explain_input *in)
{
    rule(b, in);
    eligibility(b, in);
}

void explain_write(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct decision *d = in->d;

    buf_printf(b,
               "Subscription %s (customer %s, plan %s, %s billing, paid "
               "by %s)\n",
               s->id, s->customer, s->plan,
               s->billing == BILLING_ONE_TIME ? "one-time" : "subscription",
               s->payment_method);
    buf_printf(b, "Policy %s (%s), month %s\n", s->policy->name,
               config_kind_name(s->policy->kind), in->period);
    buf_puts(b, "\nActive window: ");
    if (d->outcome == OUTCOME_NOT_ACTIVE) {
        buf_puts(b, "none — the subscription was not active in the month\n");
    } else {
        span(b, d->active_start, d->active_end);
        buf_puts(b, "\n");
        windows(b, in);
        buf_printf(b, "\nDowntime D = %lld s", (long long)d->down_secs);
        if (d->down_ms % 1000 != 0 || d->down_ms != d->down_secs * 1000)
            buf_printf(b, " (%lld ms with status weights)",
                       (long long)d->down_ms);
        buf_printf(b,
                   " of %lld s active: uptime %s%% (truncated to 4 "
                   "decimals; compared exactly)\n",
                   (long long)d->active_secs, d->uptime);
        rule(b, in);
        eligibility(b, in);
    }
    buf_printf(b, "\nOutcome: %s", calc_outcome_name(d->outcome));
    if (d->detail[0] != '\0')
        buf_printf(b, " — %s", d->detail);
    buf_puts(b, "\n");
    ledger_state(b, in);
}

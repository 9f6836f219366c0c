/* explain: a decision in plain words (see explain.h). */
#include "write/explain.h"

#include "engine/calc.h"
#include "engine/either.h"
#include "engine/evidence.h"
#include "engine/hours.h"
#include "engine/policy.h"
#include "engine/subscription.h"
#include "ledger/ledger.h"
#include "lib/buf.h"
#include "lib/civil.h"
#include "lib/money.h"
#include "lib/rx.h"
#include "lib/tz.h"
#include "lib/when.h"
#include "write/report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The policy whose rule decided d: for a composite policy, the member
 * whose decision d is. */
static const struct policy *policy_of(const struct decision *d,
                                      const struct sub *s)
{
    return d->policy != NULL ? d->policy : sub_policy(s);
}

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

/* Where window_piece() writes, and the decision it explains. */
struct piece_ctx {
    struct buf *b;
    const struct decision *d;
};

/* One piece of a source window, as explain lists it. */
static void window_piece(void *ctx, const struct ev_piece *p)
{
    const struct piece_ctx *pc = ctx;
    struct buf *b = pc->b;
    const struct ev_window *w = p->window;

    buf_printf(b, "  %s  %s  %s", p->excluded ? "excluded" : "counted ",
               w->resource, w->source);
    if (w->detail[0] != '\0')
        buf_printf(b, " %s", w->detail);
    buf_puts(b, "\n            ");
    span(b, p->start, p->end);
    if (!p->excluded && strstr(w->detail, ";short_notice=") != NULL)
        buf_puts(b, ", scheduled maintenance announced less than "
                    "maintenance_notice before it started: downtime, not "
                    "maintenance\n");
    else if (!p->excluded && strstr(w->detail, ";over_cap") != NULL)
        buf_puts(b, ", scheduled maintenance beyond maintenance_cap for "
                    "its calendar year: downtime, not maintenance\n");
    else if (!p->excluded)
        buf_puts(b,
                 w->ongoing ? ", still unresolved at the month's end\n" : "\n");
    else {
        if (p->exclusion != NULL)
            buf_printf(b, ", left out: %s (%s)", p->exclusion->detail,
                       strncmp(p->exclusion->detail, "maintenance", 11) == 0
                           ? "scheduled maintenance"
                           : "incident_pattern matched");
        else {
            switch (calc_left_out(pc->d, p->start, p->end)) {
            case CALC_LEFT_OUT_CARRIED:
                buf_puts(b, ", left out: the outage began before the month "
                            "and was credited with it (per_incident = once)");
                break;
            case CALC_LEFT_OUT_SHORT:
                buf_puts(b,
                         ", left out: the outage is shorter than min_outage");
                break;
            case CALC_LEFT_OUT_NONE:
                break;
            }
        }
        buf_puts(b, "\n");
    }
}

static void windows(struct buf *b, const struct explain_input *in)
{
    const struct decision *d = in->d;
    const struct evidence *x = in->x;
    struct ivset part;
    struct piece_ctx pc = {b, d};
    uint64_t shown;

    ivset_init(&part);
    buf_printf(b, "\nDowntime windows (evidence = %s):\n",
               mode_name(policy_of(in->d, in->sub)->evidence));
    shown = evidence_cut_windows(x, &d->down, &d->excluded, window_piece, &pc);
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
    ivset_free(&part);
}

/* Service hours: A is their part of the active window; the zone they are
 * read in, and where it comes from. */
static void service_hours(struct buf *b, const struct explain_input *in)
{
    const struct service_hours *h = &policy_of(in->d, in->sub)->hours;
    const struct decision *d = in->d;
    const struct tz *z;

    if (!h->set)
        return;
    z = hours_zone(h, in->sub);
    buf_printf(b, "Service hours: %s in %s (%s)", h->text,
               z != NULL ? tz_name(z) : "?",
               sub_tz(in->sub) != NULL
                   ? "the subscription's time zone, from the "
                     "roster"
                   : "the policy's service_time_zone");
    if (h->holidays_path != NULL)
        buf_printf(b, ", except the %zu holiday(s) of the holidays file",
                   h->nholidays);
    buf_printf(b,
               ": only downtime inside them counts, and the active window "
               "A is their part of it: %lld s of the %lld s above\n",
               (long long)d->active_secs, (long long)d->calendar_secs);
    if (d->off_hours_ms > 0)
        buf_printf(b,
                   "  %lld s of downtime fell outside service hours and "
                   "is not counted\n",
                   (long long)(d->off_hours_ms / 1000));
}

/* "YYYY-MM-DD" of the day instant t falls on. */
static void day_text(int64_t t, char *out, size_t cap)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(t), &y, &m, &d);
    snprintf(out, cap, "%04lld-%02d-%02d", (long long)y, m, d);
}

/* The period of a quarterly or yearly policy, and what this run does in
 * it. Nothing under period = month. */
static void period(struct buf *b, const struct explain_input *in)
{
    const struct policy *p = policy_of(in->d, in->sub);
    const struct decision *d = in->d;
    char name[32], first[16], last[16], run[16];

    if (p->period == PERIOD_MONTH)
        return;
    calc_period_text(p->period, d->period_start, name, sizeof name);
    day_text(d->period_start, first, sizeof first);
    day_text(d->period_end - 1, last, sizeof last);
    buf_printf(b, "Period: %s %s (%s – %s); ", policy_period_name(p->period),
               name, first, last);
    if (d->period_month == d->period_months) {
        buf_puts(b, "this run is its last month: the credit is issued now\n");
        return;
    }
    calc_period_text(PERIOD_MONTH, d->period_end - 1, run, sizeof run);
    buf_printf(b,
               "this run is month %lld of %lld: the figure so far; the "
               "credit is decided in the run of %s\n",
               (long long)d->period_month, (long long)d->period_months, run);
}

/* "YYYY-MM" of the month `back` months before the one t falls in. */
static void month_before(int64_t t, int64_t back, char *out, size_t cap)
{
    int64_t y, k;
    int m, day;

    civil_date_from_days(civil_day_of(t), &y, &m, &day);
    k = y * 12 + m - 1 - back;
    y = civil_floor_div(k, 12);
    snprintf(out, cap, "%04lld-%02d", (long long)y, (int)(k - y * 12) + 1);
}

/* cap_fees: the cap over months, its figures and whether it applied. */
static void cap_over_months(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct policy *p = policy_of(in->d, s);
    const struct decision *d = in->d;
    char first[32], fees[32], limit[32], earlier[32], left[32], pct[32];

    if (p->cap_fees == 0 || d->history.months == 0)
        return;
    month_before(in->month_start, d->history.months - 1, first, sizeof first);
    money_format(d->history.fees, sub_exponent(s), fees, sizeof fees);
    money_format(d->fees_limit, sub_exponent(s), limit, sizeof limit);
    money_format(d->history.earlier, sub_exponent(s), earlier, sizeof earlier);
    money_format(d->fees_left, sub_exponent(s), left, sizeof left);
    calc_scaled_text(p->cap_fees_percent, 0, pct, sizeof pct);
    buf_printf(b,
               "  cap over %lld month(s) (cap_fees): the credits of %s to "
               "%s together at most %s%% of their fees %s %s = %s %s\n",
               (long long)d->history.months, first, in->period, pct, fees,
               sub_currency(s), limit, sub_currency(s));
    if (d->history.months > 1)
        buf_printf(b, "    credited for the %lld month(s) before: %s %s%s\n",
                   (long long)(d->history.months - 1), earlier, sub_currency(s),
                   in->has_ledger ? " (from the ledger)"
                                  : " (no --ledger given: counted as 0)");
    buf_printf(b, "    left for this month: %s %s: %s\n", left, sub_currency(s),
               d->fees_capped ? "the credit was lowered to it" : "not reached");
}

static void rule(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct policy *p = policy_of(in->d, s);
    const struct decision *d = in->d;
    char fee[32], amt[32], cap[32], pct[32];
    int64_t period_fee;

    money_format(s->fee, sub_exponent(s), fee, sizeof fee);
    buf_printf(b, "\nFee: %s %s a month", fee, sub_currency(s));
    if (p->period != PERIOD_MONTH &&
        !__builtin_mul_overflow(s->fee, d->period_months, &period_fee)) {
        money_format(period_fee, sub_exponent(s), amt, sizeof amt);
        buf_printf(b, " × %lld months of the %s = %s %s",
                   (long long)d->period_months, policy_period_name(p->period),
                   amt, sub_currency(s));
    }
    if (p->fee_basis == FEE_PRORATED)
        buf_printf(b, ", prorated to the active window: × %lld / %lld s",
                   (long long)d->active_secs, (long long)d->fee_basis_den);
    buf_puts(b, "\n");
    policy_kinds[p->kind]->explain(b, p, d, d->period_end - d->period_start);
    if (p->per_incident_once)
        buf_puts(b, "  one credit per incident (per_incident = once): an "
                    "outage is credited in the month it began; one that "
                    "began before this month is left out of it\n");
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
        money_format(d->amount, sub_exponent(s), amt, sizeof amt);
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
                       d->capped || d->fees_capped ? (long long)d->raw_floor
                                                   : (long long)d->amount);
        money_format(d->cap, sub_exponent(s), cap, sizeof cap);
        calc_scaled_text(p->cap_percent, 0, pct, sizeof pct);
        buf_printf(b, "  cap: %s%% of the fee = %s %s: %s\n", pct, cap,
                   sub_currency(s),
                   d->capped ? "the credit was lowered to the cap"
                             : "not reached");
        cap_over_months(b, in);
        buf_printf(b, "  amount: %s %s\n", amt, sub_currency(s));
    }
}

/* Reports the eligibility the engine decided (d->plan_matched,
 * d->payment_excluded); decides nothing. */
static void eligibility(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct policy *p = policy_of(in->d, s);
    const struct decision *d = in->d;

    buf_puts(b, "\nEligibility:\n");
    if (p->plan_pattern == NULL)
        buf_printf(b, "  plan %s: every plan is eligible\n", sub_plan(s));
    else
        buf_printf(b, "  plan %s: %s plan_pattern %s\n", sub_plan(s),
                   d->plan_matched ? "matches" : "does NOT match",
                   rx_source(p->plan_pattern));
    buf_printf(b, "  payment method %s: %s\n", sub_payment_method(s),
               !d->payment_excluded ? "eligible"
               : d->remedy == REMEDY_PLAN_EXTENSION
                   ? "gets no money credit, but plan time is not a payment"
                   : "gets no money credit (exclude_payment_methods)");
    if (p->claims_required)
        buf_printf(b,
                   "  claims: required within %lld s after an outage "
                   "ended; %zu of %zu outage(s) claimed in time\n",
                   (long long)p->claim_window, d->claimed, d->outages);
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
        money_format(in->issued->amount, sub_exponent(in->sub), amt,
                     sizeof amt);
        buf_printf(b,
                   "issued so far %s %s and %lld s of plan time, in %lld "
                   "adjustment(s)\n",
                   amt, sub_currency(in->sub), (long long)in->issued->extension,
                   (long long)in->issued->adjustments);
    }
    if (in->row != NULL) {
        money_format(in->row->amount, sub_exponent(in->sub), amt, sizeof amt);
        buf_printf(b,
                   "This run's adjustment: %s, %s %s, %lld s of plan "
                   "time\n",
                   in->row->adjustment_id, amt, sub_currency(in->sub),
                   (long long)in->row->extension);
    } else {
        buf_puts(b, "This run issues nothing for this subscription.\n");
    }
}

/* Appends "; "-separated text to out (cut when too long). */
static void add_reason(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_reason(char *out, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(out);
    va_list ap;

    if (n > 0)
        snprintf(out + n, cap - n, "; ");
    n = strlen(out);
    va_start(ap, fmt);
    vsnprintf(out + n, cap - n, fmt, ap);
    va_end(ap);
}

/* credit A is below the minimum M (min_credit, or one minor unit). */
static void below_minimum(const struct decision *d, const struct sub *s,
                          char *out, size_t cap)
{
    const struct policy *p = policy_of(d, s);
    char amt[32], min[32];

    money_format(d->amount, sub_exponent(s), amt, sizeof amt);
    if (p->min_credit_set)
        calc_scaled_text(p->min_credit, sub_exponent(s), min, sizeof min);
    else
        money_format(1, sub_exponent(s), min, sizeof min);
    snprintf(out, cap, "credit %s %s is below the minimum of %s %s", amt,
             sub_currency(s), min, sub_currency(s));
    if (d->fees_capped)
        add_reason(out, cap,
                   "lowered by cap_fees: the %lld month(s) had "
                   "used up their cap",
                   (long long)d->history.months);
}

void explain_reason(const struct decision *d, const struct sub *s, char *out,
                    size_t cap)
{
    const struct policy *p = policy_of(d, s);

    out[0] = '\0';
    switch (d->outcome) {
    case OUTCOME_NOT_ACTIVE:
        if (p->period != PERIOD_MONTH) {
            char name[32];
            calc_period_text(p->period, d->period_start, name, sizeof name);
            snprintf(out, cap, "not active during the %s %s%s",
                     policy_period_name(p->period), name,
                     d->period_month < d->period_months ? " so far" : "");
            return;
        }
        snprintf(out, cap, "not active during the month");
        return;
    case OUTCOME_INELIGIBLE_PLAN:
        snprintf(out, cap, "plan %s does not match plan_pattern %s",
                 sub_plan(s), rx_source(p->plan_pattern));
        return;
    case OUTCOME_INELIGIBLE_PAYMENT_METHOD:
        snprintf(out, cap, "payment method %s gets no money credit",
                 sub_payment_method(s));
        return;
    case OUTCOME_PERIOD_OPEN: {
        char name[32], run[16];
        calc_period_text(p->period, d->period_start, name, sizeof name);
        calc_period_text(PERIOD_MONTH, d->period_end - 1, run, sizeof run);
        snprintf(out, cap,
                 "%s %s is open (month %lld of %lld): uptime and downtime "
                 "so far; the credit is decided in the run of %s",
                 policy_period_name(p->period), name,
                 (long long)d->period_month, (long long)d->period_months, run);
        return;
    }
    case OUTCOME_NO_DOWNTIME:
        if (d->carried_secs > 0) {
            snprintf(out, cap,
                     "no downtime but %lld s of an outage that began before "
                     "the month (per_incident = once: credited with that "
                     "month)",
                     (long long)d->carried_secs);
            return;
        }
        if (p->hours.set && d->active_secs > 0) {
            snprintf(out, cap, "no downtime in service hours");
            if (d->off_hours_ms > 0)
                add_reason(out, cap, "%lld s outside them not counted",
                           (long long)(d->off_hours_ms / 1000));
            return;
        }
        /* No active time left: every second was unknown (unknown =
         * excluded). */
        snprintf(out, cap, "%s",
                 d->active_secs == 0 && p->hours.set && d->calendar_secs > 0
                     ? "no service hours in the active window"
                 : d->active_secs == 0
                     ? "no monitoring sample covers the active window "
                       "(unknown = excluded)"
                     : "no downtime in the active window");
        return;
    case OUTCOME_NO_CLAIM:
        snprintf(out, cap,
                 "%zu outage(s), none claimed within %llds after it ended",
                 d->outages, (long long)p->claim_window);
        break;
    case OUTCOME_ABOVE_THRESHOLD:
    case OUTCOME_CREDITED:
        policy_kinds[p->kind]->reason(p, d, out, cap);
        if (d->fees_capped) {
            char left[32];
            money_format(d->amount, sub_exponent(s), left, sizeof left);
            add_reason(out, cap,
                       "lowered to %s %s by cap_fees (what the %lld "
                       "month(s) left of their cap)",
                       left, sub_currency(s), (long long)d->history.months);
        }
        if (d->carried_secs > 0)
            add_reason(out, cap,
                       "%lld s of an outage that began before the month "
                       "left out (per_incident = once)",
                       (long long)d->carried_secs);
        if (p->claims_required)
            add_reason(out, cap, "%zu of %zu outage(s) claimed in time",
                       d->claimed, d->outages);
        break;
    case OUTCOME_BELOW_MINIMUM:
        below_minimum(d, s, out, cap);
        return;
    case OUTCOME_ALREADY_ISSUED:
        return;
    }
    if (d->unmatched_claims > 0)
        add_reason(out, cap, "%zu claim(s) matched no outage",
                   d->unmatched_claims);
}

void explain_rule(struct buf *b, const struct explain_input *in)
{
    rule(b, in);
    eligibility(b, in);
}

/* The policy line: "Policy p (tiers)", or for a composite "Policy p
 * (either: the better of a and b)". */
static void policy_line(struct buf *b, const struct explain_input *in)
{
    const struct policy *p = sub_policy(in->sub);
    size_t i;

    if (!policy_is_either(p)) {
        buf_printf(b, "Policy %s (%s), month %s\n", p->name,
                   policy_kind_name(p->kind), in->period);
        return;
    }
    buf_printf(b, "Policy %s (either: the better of ", p->name);
    for (i = 0; i < p->neither; i++)
        buf_printf(b, "%s%s",
                   i == 0                ? ""
                   : i + 1 == p->neither ? " and "
                                         : ", ",
                   p->either[i]);
    buf_printf(b, ", not both), month %s\n", in->period);
}

/* A composite's members, one line each, and which is paid. */
static void either_list(struct buf *b, const struct explain_input *in)
{
    const struct decision *w = in->members[in->winner];
    char reason[sizeof w->detail], amt[32];
    size_t i;

    buf_printf(b, "\nThe better of %zu calculations (either, not both):\n",
               in->nmembers);
    for (i = 0; i < in->nmembers; i++) {
        const struct decision *m = in->members[i];
        buf_printf(b, "  %s (%s): %s", m->policy->name,
                   policy_kind_name(m->policy->kind),
                   calc_outcome_name(m->outcome));
        if (either_value(m) > 0 && m->remedy == REMEDY_PLAN_EXTENSION) {
            buf_printf(b, ", %lld day(s) of plan time",
                       (long long)(m->extension / 86400));
        } else if (either_value(m) > 0) {
            money_format(m->amount, sub_exponent(in->sub), amt, sizeof amt);
            buf_printf(b, ", %s %s", amt, sub_currency(in->sub));
        }
        explain_reason(m, in->sub, reason, sizeof reason);
        buf_printf(b, "%s%s\n", reason[0] != '\0' ? " — " : "", reason);
    }
    if (either_value(w) == 0)
        buf_printf(b,
                   "  none credits: the first listed, %s, is shown and "
                   "nothing is paid\n",
                   w->policy->name);
    else
        buf_printf(b,
                   "  paid: %s, the larger credit (a tie goes to the first "
                   "listed); the other%s nothing\n",
                   w->policy->name, in->nmembers > 2 ? "s get" : " gets");
}

/* The calculations that were not paid, each in the rule's words. */
static void either_others(struct buf *b, const struct explain_input *in)
{
    struct explain_input one = *in;
    size_t i;

    for (i = 0; i < in->nmembers; i++) {
        const struct decision *m = in->members[i];
        if (i == in->winner || m->outcome == OUTCOME_NOT_ACTIVE)
            continue;
        buf_printf(b,
                   "\nCalculation under %s (not paid): downtime D = %lld s "
                   "of %lld s active, uptime %s%%",
                   m->policy->name, (long long)m->down_secs,
                   (long long)m->active_secs, m->uptime);
        one.d = m;
        rule(b, &one);
    }
}

void explain_write(struct buf *b, const struct explain_input *in)
{
    const struct sub *s = in->sub;
    const struct decision *d = in->d;
    bool either = in->nmembers > 0;

    buf_printf(b,
               "Subscription %s (customer %s, plan %s, %s billing, paid "
               "by %s)\n",
               s->id, s->customer, sub_plan(s),
               sub_billing(s) == BILLING_ONE_TIME ? "one-time" : "subscription",
               sub_payment_method(s));
    policy_line(b, in);
    period(b, in);
    if (either)
        buf_printf(b, "Shown: the calculation under %s, %s\n", d->policy->name,
                   either_value(d) > 0 ? "the larger credit"
                                       : "the first listed (none credits)");
    buf_puts(b, "\nActive window: ");
    if (d->outcome == OUTCOME_NOT_ACTIVE) {
        buf_printf(b, "none — the subscription was not active in the %s\n",
                   sub_policy(in->sub)->period == PERIOD_MONTH ? "month"
                   : d->period_month < d->period_months        ? "period so far"
                                                               : "period");
    } else {
        span(b, d->active_start, d->active_end);
        buf_puts(b, "\n");
        service_hours(b, in);
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
    if (either) {
        either_list(b, in);
        either_others(b, in);
    }
    buf_printf(b, "\nOutcome: %s", calc_outcome_name(d->outcome));
    if (d->detail[0] != '\0')
        buf_printf(b, " — %s", d->detail);
    buf_puts(b, "\n");
    ledger_state(b, in);
}

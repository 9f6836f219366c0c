/* policy_ladder: kind = ladder. Every step of downtime (started or full,
 * after the first `after` seconds, counted per outage or over the month) is
 * worth step_credit of the fee: "5 % of the monthly fee for each hour of
 * downtime", "1/30 of the fee for each 2 hours", "10 % for each full hour
 * beyond the first 1.5 hours". The credit is fee × steps × num / den,
 * rounded once. A ladder in days (step_credit = 1d: "one day of service for
 * every 15 minutes of downtime") adds steps × days of plan time, at most
 * max_days, or pays those days as per_day does (fee × days / day_divisor)
 * where the remedy is money. */
#include "engine/policy.h"

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "lib/when.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DAY 86400

/* step_credit = PERCENT% or NUM/DEN (at most the whole fee per step), or
 * DAYSd (days of plan time per step). */
static int set_step_credit(void *obj, const char *key, const char *v,
                           const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;
    size_t len = strlen(v);
    const char *slash = strchr(v, '/');
    char part[64];
    int64_t num, den;

    (void)env;
    if (len > 0 && v[len - 1] == 'd' && len < sizeof part) {
        memcpy(part, v, len - 1);
        part[len - 1] = '\0';
        if (keys_int(key, part, 1, 366, &num, msg, cap) != 0)
            return -1;
        p->step_days = num;
        p->step_num = p->step_den = 0;
        p->step_percent = false;
        return 0;
    }
    if (len > 0 && v[len - 1] == '%' && len < sizeof part) {
        memcpy(part, v, len - 1);
        part[len - 1] = '\0';
        if (keys_decimal(key, part, POLICY_FRAC, 100 * POLICY_SCALE, &num, msg,
                         cap) != 0)
            return -1;
        den = 100 * POLICY_SCALE;
        p->step_percent = true;
    } else if (slash != NULL && (size_t)(slash - v) < sizeof part) {
        memcpy(part, v, (size_t)(slash - v));
        part[slash - v] = '\0';
        if (keys_int(key, part, 0, INT32_MAX, &num, msg, cap) != 0 ||
            keys_int(key, slash + 1, 1, INT32_MAX, &den, msg, cap) != 0)
            return -1;
        if (num > den)
            return snprintf(msg, cap,
                            "%s: a step is worth at most the whole fee: %s",
                            key, v),
                   -1;
        p->step_percent = false;
    } else {
        return snprintf(msg, cap,
                        "%s: want a percentage (5%%) or a fraction (1/30): %s",
                        key, v),
               -1;
    }
    if (num == 0)
        return snprintf(msg, cap, "%s: must be more than 0: %s", key, v), -1;
    p->step_num = num;
    p->step_den = den;
    p->step_days = 0;
    return 0;
}

static void store_units(void *obj, int i)
{
    ((struct policy *)obj)->units = i == 0 ? LADDER_STARTED : LADDER_FULL;
}

static void store_per(void *obj, int i)
{
    ((struct policy *)obj)->per = i == 0 ? LADDER_PER_OUTAGE : LADDER_PER_MONTH;
}

static const char *const units_names[] = {"started", "full", NULL};
static const char *const per_names[] = {"outage", "month", NULL};

static const struct keys_spec ladder_keys[] = {
    {.name = "step",
     .type = KEYS_DURATION,
     .offset = offsetof(struct policy, step)},
    {.name = "step_credit", .type = KEYS_CUSTOM, .set = set_step_credit},
    {.name = "max_days",
     .type = KEYS_INT,
     .offset = offsetof(struct policy, max_days),
     .min = 1,
     .max = 3660},
    {.name = "after",
     .type = KEYS_DURATION,
     .offset = offsetof(struct policy, after)},
    {.name = "units",
     .type = KEYS_CHOICE,
     .choices = units_names,
     .choice_list = "started, full",
     .store = store_units},
    {.name = "per",
     .type = KEYS_CHOICE,
     .choices = per_names,
     .choice_list = "outage, month",
     .store = store_per},
    {.name = NULL},
};

static int ladder_validate(const struct policy *p, char *msg, size_t cap)
{
    if (p->ntiers != 0)
        return snprintf(msg, cap, "tier is for kind = tiers"), -1;
    if (p->step <= 0)
        return snprintf(msg, cap,
                        "kind = ladder needs step, a duration of more than "
                        "0 s"),
               -1;
    if (p->step > 366 * DAY || p->after > 366 * DAY)
        return snprintf(msg, cap,
                        "step and after: at most 366d (a ladder counts one "
                        "period's downtime)"),
               -1;
    if (p->step_den == 0 && p->step_days == 0)
        return snprintf(msg, cap,
                        "kind = ladder needs step_credit (5%%, 1/30 or 1d)"),
               -1;
    if (p->step_days == 0 && p->max_days != 0)
        return snprintf(msg, cap,
                        "max_days is for a ladder in days (step_credit = "
                        "1d); cap a share of the fee with cap_percent"),
               -1;
    if (p->step_days == 0 &&
        (p->remedy == REMEDY_PLAN_EXTENSION || p->remedy == REMEDY_BY_BILLING))
        return snprintf(msg, cap,
                        "remedy = %s needs step_credit in days (1d): only "
                        "days can extend a plan",
                        policy_remedy_name(p->remedy)),
               -1;
    if (p->units == LADDER_UNITS_UNSET)
        return snprintf(msg, cap,
                        "kind = ladder needs units = started or units = full"),
               -1;
    if (p->per == LADDER_PER_UNSET)
        return snprintf(msg, cap,
                        "kind = ladder needs per = outage or per = month"),
               -1;
    return 0;
}

/* The steps of ms milliseconds of downtime: the time past `after`, in
 * started or full steps. */
static int64_t steps_of(const struct policy *p, int64_t ms)
{
    int64_t beyond = ms - p->after * 1000, step = p->step * 1000;

    if (beyond <= 0)
        return 0;
    if (p->units == LADDER_FULL)
        return beyond / step;
    return beyond / step + (beyond % step != 0);
}

/* The weighted milliseconds of D's i-th outage (a maximal contiguous
 * interval). */
static int64_t outage_ms(const struct decision *d, size_t i)
{
    return wset_total_ms_in(&d->downw, d->down.v[i].start, d->down.v[i].end);
}

/* The step credit as written: "5%" or "1/30". */
static void credit_text(const struct policy *p, char *out, size_t cap)
{
    char pct[32];

    if (p->step_days != 0) {
        snprintf(out, cap, "%lldd", (long long)p->step_days);
    } else if (p->step_percent) {
        calc_scaled_text(p->step_num, 0, pct, sizeof pct);
        snprintf(out, cap, "%s%%", pct);
    } else {
        snprintf(out, cap, "%lld/%lld", (long long)p->step_num,
                 (long long)p->step_den);
    }
}

/* A ladder in days: steps × step_days, at most max_days; plan time, or
 * fee × days / day_divisor. basis already holds the steps. */
static int days_decide(const struct policy *p, struct decision *d)
{
    d->days = d->steps * p->step_days;
    return calc_days_credit(p, d);
}

static int ladder_decide(const struct policy *p, struct decision *d,
                         int64_t month_secs)
{
    int64_t num[2], den[1];
    char ct[48];
    size_t i;

    (void)month_secs;
    d->steps = 0;
    if (p->per == LADDER_PER_MONTH)
        d->steps = steps_of(p, d->down_ms);
    else
        for (i = 0; i < d->down.n; i++)
            d->steps += steps_of(p, outage_ms(d, i));
    if (d->steps == 0) {
        d->outcome = OUTCOME_ABOVE_THRESHOLD;
        return 0;
    }
    credit_text(p, ct, sizeof ct);
    snprintf(d->basis, sizeof d->basis, "steps=%lld*%s", (long long)d->steps,
             ct);
    if (p->step_days != 0)
        return days_decide(p, d);
    num[0] = d->steps;
    num[1] = p->step_num;
    den[0] = p->step_den;
    return calc_credit_amount(d, num, 2, den, 1, p->rounding);
}

static const char *units_word(const struct policy *p)
{
    return p->units == LADDER_FULL ? "full" : "started";
}

/* Which downtime the steps count, in words: "beyond the first 9000s of
 * each outage", "in the month". */
static void scope_text(const struct policy *p, const char *unit, char *out,
                       size_t cap)
{
    const char *of = p->per == LADDER_PER_OUTAGE ? "each outage" : "the month";

    if (p->after > 0)
        snprintf(out, cap, "beyond the first %lld%s of %s", (long long)p->after,
                 unit, of);
    else
        snprintf(out, cap, "%s %s", p->per == LADDER_PER_OUTAGE ? "of" : "in",
                 of);
}

static void ladder_reason(const struct policy *p, const struct decision *d,
                          char *out, size_t cap)
{
    char ct[48], scope[96];

    credit_text(p, ct, sizeof ct);
    scope_text(p, "s", scope, sizeof scope);
    if (p->step_days == 0) {
        snprintf(out, cap,
                 "%lld %s step(s) of %llds of downtime %s, each worth %s of "
                 "the fee",
                 (long long)d->steps, units_word(p), (long long)p->step, scope,
                 ct);
        return;
    }
    if (d->steps == 0) {
        snprintf(out, cap,
                 "no %s step of %llds of downtime %s: no day of service",
                 units_word(p), (long long)p->step, scope);
        return;
    }
    snprintf(out, cap,
             "%lld %s step(s) of %llds of downtime %s, each worth %lld "
             "day(s)%s: %s%lld day(s)",
             (long long)d->steps, units_word(p), (long long)p->step, scope,
             (long long)p->step_days,
             p->max_days != 0 && d->steps * p->step_days > p->max_days
                 ? ", at most the maximum"
                 : "",
             d->remedy == REMEDY_PLAN_EXTENSION ? "plan extended by "
                                                : "paid as ",
             (long long)d->days);
}

static void ladder_explain(struct buf *b, const struct policy *p,
                           const struct decision *d, int64_t month_secs)
{
    char ct[48], scope[96], t0[32], t1[32];
    size_t i;
    int64_t ms;

    (void)month_secs;
    credit_text(p, ct, sizeof ct);
    scope_text(p, " s", scope, sizeof scope);
    if (p->step_days == 0)
        buf_printf(b,
                   "Rule: ladder — every %s step of %lld s of downtime %s is "
                   "worth %s of the fee\n",
                   units_word(p), (long long)p->step, scope, ct);
    else {
        buf_printf(b,
                   "Rule: ladder — every %s step of %lld s of downtime %s is "
                   "worth %lld day(s) of service",
                   units_word(p), (long long)p->step, scope,
                   (long long)p->step_days);
        if (p->max_days != 0)
            buf_printf(b, ", at most %lld day(s)", (long long)p->max_days);
        if (d->remedy != REMEDY_PLAN_EXTENSION)
            buf_printf(b, "; each day paid as 1/%lld of the fee",
                       (long long)p->day_divisor);
        buf_puts(b, "\n");
    }
    if (p->per == LADDER_PER_MONTH) {
        buf_printf(
            b, "  %lld.%03lld s of downtime in the month: %lld step(s)\n",
            (long long)(d->down_ms / 1000), (long long)(d->down_ms % 1000),
            (long long)steps_of(p, d->down_ms));
        return;
    }
    for (i = 0; i < d->down.n; i++) {
        ms = outage_ms(d, i);
        when_format(d->down.v[i].start, t0, sizeof t0);
        when_format(d->down.v[i].end, t1, sizeof t1);
        buf_printf(b, "  outage %s – %s: %lld.%03lld s: %lld step(s)\n", t0, t1,
                   (long long)(ms / 1000), (long long)(ms % 1000),
                   (long long)steps_of(p, ms));
    }
}

/* Without its row in policy_kinds.def, POLICY_LADDER does not exist. */
_Static_assert(POLICY_LADDER < POLICY_KIND_COUNT,
               "policy_ladder needs its row");

const struct policy_ops policy_ladder = {
    .name = "ladder",
    .keys = ladder_keys,
    .validate = ladder_validate,
    .decide = ladder_decide,
    .reason = ladder_reason,
    .explain = ladder_explain,
    .plan_time = true, /* with step_credit in days (validate) */
};

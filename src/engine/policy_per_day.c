/* policy_per_day: kind = per_day (SPEC §4.5). Every started day of downtime
 * is worth 1/day_divisor of the fee, or a day of plan time with remedy =
 * plan_extension. */
#include "engine/policy.h"

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"

#include <stddef.h>
#include <stdio.h>

#define DAY 86400

static const struct keys_spec per_day_keys[] = {
    {.name = "day_divisor",
     .type = KEYS_INT,
     .offset = offsetof(struct policy, day_divisor),
     .min = 1,
     .max = 366},
    {.name = NULL},
};

static int per_day_validate(const struct policy *p, char *msg, size_t cap)
{
    if (p->ntiers != 0)
        return snprintf(msg, cap, "tier is for kind = tiers"), -1;
    return 0;
}

static int per_day_decide(const struct policy *p, struct decision *d,
                          int64_t month_secs)
{
    int64_t num[1], den[1];

    (void)month_secs;
    d->days = (d->down_ms + DAY * 1000 - 1) / (DAY * 1000);
    snprintf(d->basis, sizeof d->basis, "days=%lld/%lld", (long long)d->days,
             (long long)p->day_divisor);
    if (d->remedy == REMEDY_PLAN_EXTENSION) {
        d->extension = d->days * DAY;
        return 0;
    }
    num[0] = d->days;
    den[0] = p->day_divisor;
    return calc_credit_amount(d, num, 1, den, 1, p->rounding);
}

static void per_day_reason(const struct policy *p, const struct decision *d,
                           char *out, size_t cap)
{
    if (d->remedy == REMEDY_PLAN_EXTENSION)
        snprintf(
            out, cap,
            "%lld started day(s) of downtime: plan extended by %lld day(s)",
            (long long)d->days, (long long)d->days);
    else
        snprintf(out, cap,
                 "%lld started day(s) of downtime, each worth 1/%lld of the "
                 "fee",
                 (long long)d->days, (long long)p->day_divisor);
}

static void per_day_explain(struct buf *b, const struct policy *p,
                            const struct decision *d, int64_t month_secs)
{
    (void)month_secs;
    buf_printf(b,
               "Rule: per_day — every started day of downtime is "
               "worth 1/%lld of the fee\n",
               (long long)p->day_divisor);
    if (p->min_outage > 0)
        buf_printf(b,
                   "  only outages of at least %lld s are downtime "
                   "(min_outage)\n",
                   (long long)p->min_outage);
    if (d->days > 0)
        buf_printf(b,
                   "  %lld s of downtime are %lld started day(s) of "
                   "86400 s\n",
                   (long long)d->down_secs, (long long)d->days);
}

/* Without its row in policy_kinds.def, POLICY_PER_DAY does not exist. */
_Static_assert(POLICY_PER_DAY < POLICY_KIND_COUNT,
               "policy_per_day needs its row");

const struct policy_ops policy_per_day = {
    .name = "per_day",
    .keys = per_day_keys,
    .validate = per_day_validate,
    .decide = per_day_decide,
    .reason = per_day_reason,
    .explain = per_day_explain,
    .plan_time = true,
};

/* policy_prorated: kind = prorated (SPEC §4.5). The credit is multiplier ×
 * the fee for the time of the outages of at least min_outage, over the
 * month's seconds. */
#include "engine/policy.h"

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static int set_multiplier(void *obj, const char *key, const char *v,
                          const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;

    (void)env;
    if (keys_decimal(key, v, POLICY_FRAC, 1000 * POLICY_SCALE, &p->multiplier,
                     msg, cap) != 0)
        return -1;
    if (p->multiplier == 0)
        return snprintf(msg, cap, "multiplier: must be more than 0: %s", v), -1;
    return 0;
}

static const struct keys_spec prorated_keys[] = {
    {.name = "min_outage",
     .type = KEYS_DURATION,
     .offset = offsetof(struct policy, min_outage)},
    {.name = "multiplier", .type = KEYS_CUSTOM, .set = set_multiplier},
    {.name = NULL},
};

static int prorated_validate(const struct policy *p, char *msg, size_t cap)
{
    if (p->ntiers != 0)
        return snprintf(msg, cap, "tier is for kind = tiers"), -1;
    return 0;
}

/* The weighted milliseconds of D's outages (its maximal contiguous
 * intervals) of at least min_outage. */
static int64_t qualifying_ms(const struct policy *p, const struct decision *d)
{
    int64_t ms = 0;
    size_t i;

    for (i = 0; i < d->down.n; i++) {
        int64_t len = d->down.v[i].end - d->down.v[i].start;
        if (len >= p->min_outage)
            ms += wset_total_ms_in(&d->downw, d->down.v[i].start,
                                   d->down.v[i].end);
    }
    return ms;
}

static int prorated_decide(const struct policy *p, struct decision *d,
                           int64_t month_secs)
{
    char mult[32];
    int64_t num[2], den[3] = {POLICY_SCALE, 0, 1000};

    d->counted_ms += qualifying_ms(p, d);
    if (d->counted_ms == 0) {
        d->outcome = OUTCOME_ABOVE_THRESHOLD;
        return 0;
    }
    calc_scaled_text(p->multiplier, 0, mult, sizeof mult);
    if (d->counted_ms % 1000 == 0)
        snprintf(d->basis, sizeof d->basis, "outage=%llds/%llds",
                 (long long)(d->counted_ms / 1000), (long long)month_secs);
    else
        snprintf(d->basis, sizeof d->basis, "outage=%lld.%03llds/%llds",
                 (long long)(d->counted_ms / 1000),
                 (long long)(d->counted_ms % 1000), (long long)month_secs);
    if (p->multiplier != POLICY_SCALE) {
        size_t n = strlen(d->basis);
        snprintf(d->basis + n, sizeof d->basis - n, "*%s", mult);
    }
    num[0] = p->multiplier;
    num[1] = d->counted_ms;
    den[1] = month_secs;
    return calc_credit_amount(d, num, 2, den, 3, p->rounding);
}

static void prorated_reason(const struct policy *p, const struct decision *d,
                            char *out, size_t cap)
{
    char mult[32];

    if (d->counted_ms == 0) {
        snprintf(out, cap, "no outage of at least %llds",
                 (long long)p->min_outage);
        return;
    }
    calc_scaled_text(p->multiplier, 0, mult, sizeof mult);
    snprintf(out, cap,
             "%llds of outages of at least %llds, %s x the fee for that time",
             (long long)(d->counted_ms / 1000), (long long)p->min_outage, mult);
}

static void prorated_explain(struct buf *b, const struct policy *p,
                             const struct decision *d, int64_t month_secs)
{
    char mult[32];

    (void)d;
    calc_scaled_text(p->multiplier, 0, mult, sizeof mult);
    buf_printf(b,
               "Rule: prorated — %s × the fee for the time of outages "
               "of at least %lld s, over the month's %lld s\n",
               mult, (long long)p->min_outage, (long long)month_secs);
}

/* Without its row in policy_kinds.def, POLICY_PRORATED does not exist. */
_Static_assert(POLICY_PRORATED < POLICY_KIND_COUNT,
               "policy_prorated needs its row");

const struct policy_ops policy_prorated = {
    .name = "prorated",
    .keys = prorated_keys,
    .validate = prorated_validate,
    .decide = prorated_decide,
    .reason = prorated_reason,
    .explain = prorated_explain,
    .plan_time = false,
};

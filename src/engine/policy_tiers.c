/* policy_tiers: kind = tiers (SPEC §4.5). The credit is the percent of the
 * fee of the smallest uptime threshold the month's uptime is below. */
#include "engine/policy.h"

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <string.h>

/* tier = UPTIME_PERCENT CREDIT_PERCENT, kept sorted by threshold. */
static int set_tier(void *obj, const char *key, const char *v,
                    const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;
    char uptime[64];
    size_t uptime_len = strcspn(v, " \t");
    const char *rest = v + uptime_len;
    struct tier t;
    size_t i;

    (void)key;
    (void)env;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (uptime_len == 0 || uptime_len >= sizeof uptime || *rest == '\0' ||
        strpbrk(rest, " \t") != NULL)
        return snprintf(msg, cap,
                        "tier: want \"UPTIME_PERCENT CREDIT_PERCENT\": %s", v),
               -1;
    memcpy(uptime, v, uptime_len);
    uptime[uptime_len] = '\0';
    if (keys_decimal("tier", uptime, POLICY_FRAC, 100 * POLICY_SCALE,
                     &t.threshold, msg, cap) != 0 ||
        keys_decimal("tier", rest, POLICY_FRAC, 100 * POLICY_SCALE, &t.percent,
                     msg, cap) != 0)
        return -1;
    if (t.threshold == 0)
        return snprintf(msg, cap,
                        "tier: an uptime threshold of 0 can never be "
                        "missed: %s",
                        v),
               -1;
    for (i = 0; i < p->ntiers; i++) {
        if (p->tiers[i].threshold == t.threshold)
            return snprintf(msg, cap, "tier: threshold given twice: %s",
                            uptime),
                   -1;
    }
    p->tiers = xreallocarray(p->tiers, p->ntiers + 1, sizeof *p->tiers);
    i = p->ntiers++;
    while (i > 0 && p->tiers[i - 1].threshold > t.threshold) {
        p->tiers[i] = p->tiers[i - 1];
        i--;
    }
    p->tiers[i] = t;
    return 0;
}

static const struct keys_spec tiers_keys[] = {
    {.name = "tier", .type = KEYS_CUSTOM, .set = set_tier, .repeat = true},
    {.name = NULL},
};

static int tiers_validate(const struct policy *p, char *msg, size_t cap)
{
    if (p->ntiers == 0)
        return snprintf(msg, cap, "kind = tiers needs at least one tier"), -1;
    return 0;
}

static int tiers_decide(const struct policy *p, struct decision *d,
                        int64_t month_secs)
{
    size_t i;
    char thr[32], pct[32];
    int64_t num[1], den[1] = {100 * POLICY_SCALE};

    (void)month_secs;
    for (i = 0; i < p->ntiers; i++) {
        if (calc_uptime_below_ms(d->active_secs, d->down_ms,
                                 p->tiers[i].threshold)) {
            d->tier = &p->tiers[i];
            break;
        }
    }
    if (d->tier == NULL) {
        d->outcome = OUTCOME_ABOVE_THRESHOLD;
        return 0;
    }
    calc_scaled_text(d->tier->threshold, 1, thr, sizeof thr);
    calc_scaled_text(d->tier->percent, 0, pct, sizeof pct);
    snprintf(d->basis, sizeof d->basis, "tier<%s=%s%%", thr, pct);
    num[0] = d->tier->percent;
    return calc_credit_amount(d, num, 1, den, 1, p->rounding);
}

static void tiers_reason(const struct policy *p, const struct decision *d,
                         char *out, size_t cap)
{
    char threshold[32], pct[32];

    if (d->tier == NULL) {
        calc_scaled_text(p->tiers[p->ntiers - 1].threshold, 1, threshold,
                         sizeof threshold);
        snprintf(out, cap, "uptime %s%% is not below %s%%", d->uptime,
                 threshold);
        return;
    }
    calc_scaled_text(d->tier->threshold, 1, threshold, sizeof threshold);
    calc_scaled_text(d->tier->percent, 0, pct, sizeof pct);
    snprintf(out, cap, "uptime %s%% below %s%%: %s%% of the fee", d->uptime,
             threshold, pct);
}

static void tiers_explain(struct buf *b, const struct policy *p,
                          const struct decision *d, int64_t month_secs)
{
    char threshold[32], pct[32];
    size_t i;

    (void)month_secs;
    buf_puts(b, "Rule: tiers —");
    for (i = 0; i < p->ntiers; i++) {
        calc_scaled_text(p->tiers[i].threshold, 1, threshold, sizeof threshold);
        calc_scaled_text(p->tiers[i].percent, 0, pct, sizeof pct);
        buf_printf(b, " below %s%% ⇒ %s%%%s", threshold, pct,
                   i + 1 < p->ntiers ? ";" : "");
    }
    buf_puts(b, "\n");
    if (p->min_outage > 0)
        buf_printf(b,
                   "  only outages of at least %lld s are downtime "
                   "(min_outage)\n",
                   (long long)p->min_outage);
    if (d->tier != NULL) {
        calc_scaled_text(d->tier->threshold, 1, threshold, sizeof threshold);
        calc_scaled_text(d->tier->percent, 0, pct, sizeof pct);
        buf_printf(b,
                   "  uptime %s%% is below %s%%, the smallest "
                   "threshold it is below: %s%% of the fee\n",
                   d->uptime, threshold, pct);
    }
}

/* Without its row in policy_kinds.def, POLICY_TIERS does not exist. */
_Static_assert(POLICY_TIERS < POLICY_KIND_COUNT, "policy_tiers needs its row");

const struct policy_ops policy_tiers = {
    .name = "tiers",
    .keys = tiers_keys,
    .validate = tiers_validate,
    .decide = tiers_decide,
    .reason = tiers_reason,
    .explain = tiers_explain,
    .plan_time = false,
};

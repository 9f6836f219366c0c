/* policy_tiers: kind = tiers (SPEC §4.5). The credit is the percent of the
 * fee of the smallest uptime threshold the month's uptime is below. Tiers in
 * days ("tier = 99.9 3d": uptime bands that add days of service) give that
 * many days instead, at most max_days: plan time with remedy =
 * plan_extension, else their value as per_day pays it (fee × days /
 * day_divisor). A policy's tiers are all percents or all days. */
#include "engine/policy.h"

#include "engine/calc.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "lib/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The days of service of tier t of p (tiers in days), else 0. */
static int64_t days_of(const struct policy *p, const struct tier *t)
{
    return p->tier_days != NULL ? p->tier_days[t - p->tiers] : 0;
}

/* True when p's tiers give days of service ("tier = 99.9 3d"). */
static bool in_days(const struct policy *p)
{
    return p->tier_days != NULL;
}

/* The credit of a tier: CREDIT_PERCENT into t->percent, or DAYSd (1 to
 * 366 days) into *days (else 0). */
static int tier_credit(const char *v, struct tier *t, int64_t *days, char *msg,
                       size_t cap)
{
    size_t len = strlen(v);
    char part[64];

    t->percent = 0;
    *days = 0;
    if (len > 1 && v[len - 1] == 'd' && len < sizeof part) {
        memcpy(part, v, len - 1);
        part[len - 1] = '\0';
        return keys_int("tier", part, 1, 366, days, msg, cap);
    }
    return keys_decimal("tier", v, POLICY_FRAC, 100 * POLICY_SCALE, &t->percent,
                        msg, cap);
}

/* Adds tier t (of days days, 0 for a percent) in threshold order. */
static void insert_tier(struct policy *p, struct tier t, int64_t days)
{
    size_t i;

    p->tiers = xreallocarray(p->tiers, p->ntiers + 1, sizeof *p->tiers);
    if (days != 0)
        p->tier_days =
            xreallocarray(p->tier_days, p->ntiers + 1, sizeof *p->tier_days);
    i = p->ntiers++;
    while (i > 0 && p->tiers[i - 1].threshold > t.threshold) {
        p->tiers[i] = p->tiers[i - 1];
        if (days != 0)
            p->tier_days[i] = p->tier_days[i - 1];
        i--;
    }
    p->tiers[i] = t;
    if (days != 0)
        p->tier_days[i] = days;
}

/* tier = UPTIME_PERCENT CREDIT_PERCENT or UPTIME_PERCENT DAYSd, kept
 * sorted by threshold. */
static int set_tier(void *obj, const char *key, const char *v,
                    const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;
    char uptime[64];
    size_t uptime_len = strcspn(v, " \t");
    const char *rest = v + uptime_len;
    struct tier t;
    int64_t days;
    size_t i;

    (void)key;
    (void)env;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (uptime_len == 0 || uptime_len >= sizeof uptime || *rest == '\0' ||
        strpbrk(rest, " \t") != NULL)
        return snprintf(msg, cap,
                        "tier: want \"UPTIME_PERCENT CREDIT_PERCENT\" or "
                        "\"UPTIME_PERCENT DAYSd\": %s",
                        v),
               -1;
    memcpy(uptime, v, uptime_len);
    uptime[uptime_len] = '\0';
    if (keys_decimal("tier", uptime, POLICY_FRAC, 100 * POLICY_SCALE,
                     &t.threshold, msg, cap) != 0 ||
        tier_credit(rest, &t, &days, msg, cap) != 0)
        return -1;
    if (p->ntiers > 0 && in_days(p) != (days != 0))
        return snprintf(msg, cap,
                        "tier: a policy's tiers give all percents of the fee "
                        "or all days of service, not both: %s",
                        v),
               -1;
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
    insert_tier(p, t, days);
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
    if (!in_days(p) && p->max_days != 0)
        return snprintf(msg, cap,
                        "max_days is for tiers in days (tier = 99.9 3d); cap "
                        "a percent of the fee with cap_percent"),
               -1;
    if (!in_days(p) &&
        (p->remedy == REMEDY_PLAN_EXTENSION || p->remedy == REMEDY_BY_BILLING))
        return snprintf(msg, cap,
                        "remedy = %s needs tiers in days (tier = 99.9 3d): "
                        "only days can extend a plan",
                        policy_remedy_name(p->remedy)),
               -1;
    return 0;
}

/* Tiers in days: the tier's days, at most max_days; plan time, or fee ×
 * days / day_divisor. basis already holds the tier. */
static int days_decide(const struct policy *p, struct decision *d)
{
    d->days = days_of(p, d->tier);
    return calc_days_credit(p, d);
}

/* A tier's credit as written: "10%" or "3d". */
static void tier_text(const struct policy *p, const struct tier *t, char *out,
                      size_t cap)
{
    char pct[32];

    if (days_of(p, t) != 0) {
        snprintf(out, cap, "%lldd", (long long)days_of(p, t));
        return;
    }
    calc_scaled_text(t->percent, 0, pct, sizeof pct);
    snprintf(out, cap, "%s%%", pct);
}

static int tiers_decide(const struct policy *p, struct decision *d,
                        int64_t month_secs)
{
    size_t i;
    char thr[32], pct[48];
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
    tier_text(p, d->tier, pct, sizeof pct);
    snprintf(d->basis, sizeof d->basis, "tier<%s=%s", thr, pct);
    if (in_days(p))
        return days_decide(p, d);
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
    if (in_days(p)) {
        snprintf(
            out, cap,
            "uptime %s%% below %s%%: %lld day(s) of service%s: %s %lld day(s)",
            d->uptime, threshold, (long long)days_of(p, d->tier),
            d->days < days_of(p, d->tier) ? ", at most the maximum" : "",
            d->remedy == REMEDY_PLAN_EXTENSION ? "plan extended by" : "paid as",
            (long long)d->days);
        return;
    }
    calc_scaled_text(d->tier->percent, 0, pct, sizeof pct);
    snprintf(out, cap, "uptime %s%% below %s%%: %s%% of the fee", d->uptime,
             threshold, pct);
}

static void tiers_explain(struct buf *b, const struct policy *p,
                          const struct decision *d, int64_t month_secs)
{
    char threshold[32], pct[48];
    size_t i;

    (void)month_secs;
    buf_puts(b, "Rule: tiers —");
    for (i = 0; i < p->ntiers; i++) {
        calc_scaled_text(p->tiers[i].threshold, 1, threshold, sizeof threshold);
        if (in_days(p))
            snprintf(pct, sizeof pct, "%lld day(s)",
                     (long long)days_of(p, &p->tiers[i]));
        else
            tier_text(p, &p->tiers[i], pct, sizeof pct);
        buf_printf(b, " below %s%% ⇒ %s%s", threshold, pct,
                   i + 1 < p->ntiers ? ";" : "");
    }
    if (in_days(p) && p->max_days != 0)
        buf_printf(b, ", at most %lld day(s)", (long long)p->max_days);
    if (in_days(p) && d->remedy != REMEDY_PLAN_EXTENSION)
        buf_printf(b, "; each day paid as 1/%lld of the fee",
                   (long long)p->day_divisor);
    buf_puts(b, "\n");
    if (p->min_outage > 0)
        buf_printf(b,
                   "  only outages of at least %lld s are downtime "
                   "(min_outage)\n",
                   (long long)p->min_outage);
    if (d->tier != NULL && in_days(p)) {
        calc_scaled_text(d->tier->threshold, 1, threshold, sizeof threshold);
        buf_printf(b,
                   "  uptime %s%% is below %s%%, the smallest "
                   "threshold it is below: %lld day(s) of service",
                   d->uptime, threshold, (long long)days_of(p, d->tier));
        if (d->days < days_of(p, d->tier))
            buf_printf(b, ", at most %lld", (long long)d->days);
        buf_puts(b, "\n");
    } else if (d->tier != NULL) {
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
    .plan_time = true, /* with tiers in days (validate) */
};

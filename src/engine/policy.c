/* policy: the policy kinds and the [policy] keys common to every kind (see
 * policy.h). */
#include "engine/policy.h"

#include "lib/keys.h"
#include "lib/rx.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct policy_ops *const policy_kinds[] = {
#define KIND(e, ops) [POLICY_##e] = &ops,
#include "engine/policy_kinds.def"
#undef KIND
};

/* A kind added to enum policy_kind without its row fails here. */
_Static_assert(sizeof policy_kinds / sizeof policy_kinds[0] ==
                   POLICY_KIND_COUNT,
               "policy_kinds needs a row for every enum policy_kind");

static const char *const remedy_names[] = {"invoice_credit", "plan_extension",
                                           "wallet_credit", "by_billing", NULL};

/* kind = one of the names of policy_kinds. */
static int set_kind(void *obj, const char *key, const char *v,
                    const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;
    char list[256] = "";
    size_t k, n;

    (void)env;
    for (k = 0; k < POLICY_KIND_COUNT; k++) {
        if (strcmp(policy_kinds[k]->name, v) == 0) {
            p->kind = (enum policy_kind)k;
            return 0;
        }
        n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", k > 0 ? ", " : "",
                 policy_kinds[k]->name);
    }
    return snprintf(msg, cap, "%s: want one of %s: %s", key, list, v), -1;
}

static void store_evidence(void *obj, int i)
{
    ((struct policy *)obj)->evidence = (enum evidence_mode)i;
}

static void store_remedy(void *obj, int i)
{
    ((struct policy *)obj)->remedy = (enum remedy)i;
}

static void store_rounding(void *obj, int i)
{
    ((struct policy *)obj)->rounding = i == 0 ? MONEY_HALF_UP : MONEY_HALF_EVEN;
}

static void store_fee_basis(void *obj, int i)
{
    ((struct policy *)obj)->fee_basis = i == 0 ? FEE_FULL : FEE_PRORATED;
}

static void store_period(void *obj, int i)
{
    ((struct policy *)obj)->period = (enum period_kind)i;
}

static void store_claims(void *obj, int i)
{
    ((struct policy *)obj)->claims_required = i == 1;
}

static int set_exclude(void *obj, const char *key, const char *v,
                       const struct keys_env *env, char *msg, size_t cap)
{
    (void)key;
    (void)env;
    if (strcmp(v, "maintenance") != 0)
        return snprintf(msg, cap, "exclude: want maintenance: %s", v), -1;
    ((struct policy *)obj)->exclude_maintenance = true;
    return 0;
}

static int set_min_credit(void *obj, const char *key, const char *v,
                          const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;

    (void)env;
    p->min_credit_set = true;
    if (keys_decimal(key, v, POLICY_FRAC, INT64_MAX, &p->min_credit, msg,
                     cap) != 0)
        return -1;
    if (p->min_credit == 0) {
        /* Every amount would pass, and a credit of 0.00 be issued. */
        snprintf(msg, cap, "%s: must be above 0 (a credit of 0 is none): %s",
                 key, v);
        return -1;
    }
    return 0;
}

static int set_service_hours(void *obj, const char *key, const char *v,
                             const struct keys_env *env, char *msg, size_t cap)
{
    (void)key;
    (void)env;
    return hours_parse(&((struct policy *)obj)->hours, v, msg, cap);
}

/* The zone is opened, and so checked, by the config reader. */
static int set_service_zone(void *obj, const char *key, const char *v,
                            const struct keys_env *env, char *msg, size_t cap)
{
    struct service_hours *h = &((struct policy *)obj)->hours;

    (void)key;
    (void)env;
    if (v[0] == '\0')
        return snprintf(msg, cap, "service_time_zone: empty"), -1;
    free(h->zone);
    h->zone = xstrdup(v);
    return 0;
}

/* The file is read by the config reader (read/holidays.h). */
static int set_holidays(void *obj, const char *key, const char *v,
                        const struct keys_env *env, char *msg, size_t cap)
{
    struct service_hours *h = &((struct policy *)obj)->hours;

    (void)key;
    if (v[0] == '\0')
        return snprintf(msg, cap, "holidays: empty"), -1;
    free(h->holidays_path);
    h->holidays_path = keys_resolve(env->dir, v);
    return 0;
}

/* maintenance_cap = DURATION per year. */
static int set_maintenance_cap(void *obj, const char *key, const char *v,
                               const struct keys_env *env, char *msg,
                               size_t cap)
{
    struct policy *p = obj;
    char d[64];
    size_t n = strcspn(v, " \t");
    const char *rest = v + n;
    int64_t secs;

    (void)env;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (n == 0 || n >= sizeof d || strcmp(rest, "per year") != 0)
        return snprintf(msg, cap,
                        "%s: want \"DURATION per year\" (e.g. 10h per "
                        "year): %s",
                        key, v),
               -1;
    memcpy(d, v, n);
    d[n] = '\0';
    if (keys_duration(key, d, &secs, msg, cap) != 0)
        return -1;
    if (secs <= 0)
        return snprintf(msg, cap, "%s: must be more than 0: %s", key, v), -1;
    p->maintenance_cap = secs;
    return 0;
}

/* either = A, B[, ...]: two to POLICY_EITHER_MAX other policies, each
 * once; they are found (and checked) by policy_link() once every section
 * is read. */
static int set_either(void *obj, const char *key, const char *v,
                      const struct keys_env *env, char *msg, size_t cap)
{
    struct policy *p = obj;
    size_t i, j, n;
    char **names = keys_split_list(v, &n);
    const char *why = NULL;
    char most[48];

    (void)env;
    snprintf(most, sizeof most, "at most %d policies", POLICY_EITHER_MAX);
    if (n < 2)
        why = "name at least two policies";
    else if (n > POLICY_EITHER_MAX)
        why = most;
    for (i = 0; why == NULL && i < n; i++) {
        if (strcmp(names[i], p->name) == 0)
            why = "a policy cannot name itself";
        for (j = 0; why == NULL && j < i; j++) {
            if (strcmp(names[i], names[j]) == 0)
                why = "a policy is named twice";
        }
    }
    if (why != NULL) {
        keys_free_list(names, n);
        return snprintf(msg, cap, "%s: %s: %s", key, why, v), -1;
    }
    p->either = names;
    p->neither = n;
    return 0;
}

static int set_cap_fees_percent(void *obj, const char *key, const char *v,
                                const struct keys_env *env, char *msg,
                                size_t cap)
{
    struct policy *p = obj;

    (void)env;
    p->cap_fees_percent_set = true;
    return keys_decimal(key, v, POLICY_FRAC, 100000 * (int64_t)POLICY_SCALE,
                        &p->cap_fees_percent, msg, cap);
}

static const char *const evidence_names[] = {"monitoring", "statuspage",
                                             "union", "acknowledged", NULL};
static const char *const rounding_names[] = {"half_up", "half_even", NULL};
static const char *const fee_basis_names[] = {"full", "prorated", NULL};
static const char *const claims_names[] = {"none", "required", NULL};
static const char *const period_names[] = {"month", "quarter", "year", NULL};
static const char *const per_incident_names[] = {"each_month", "once", NULL};

static void store_per_incident(void *obj, int i)
{
    ((struct policy *)obj)->per_incident_once = i == 1;
}

/* The keys of every kind. */
static const struct keys_spec common_keys[] = {
    {.name = "kind", .type = KEYS_CUSTOM, .set = set_kind},
    {.name = "evidence",
     .type = KEYS_CHOICE,
     .choices = evidence_names,
     .choice_list = "monitoring, statuspage, union, acknowledged",
     .store = store_evidence},
    {.name = "remedy",
     .type = KEYS_CHOICE,
     .choices = remedy_names,
     .choice_list = "invoice_credit, plan_extension, wallet_credit, "
                    "by_billing",
     .store = store_remedy},
    {.name = "rounding",
     .type = KEYS_CHOICE,
     .choices = rounding_names,
     .choice_list = "half_up, half_even",
     .store = store_rounding},
    {.name = "fee_basis",
     .type = KEYS_CHOICE,
     .choices = fee_basis_names,
     .choice_list = "full, prorated",
     .store = store_fee_basis},
    {.name = "period",
     .type = KEYS_CHOICE,
     .choices = period_names,
     .choice_list = "month, quarter, year",
     .store = store_period},
    {.name = "claims",
     .type = KEYS_CHOICE,
     .choices = claims_names,
     .choice_list = "none, required",
     .store = store_claims},
    {.name = "per_incident",
     .type = KEYS_CHOICE,
     .choices = per_incident_names,
     .choice_list = "each_month, once",
     .store = store_per_incident},
    {.name = "claim_window",
     .type = KEYS_DURATION,
     .offset = offsetof(struct policy, claim_window)},
    {.name = "exclude", .type = KEYS_CUSTOM, .set = set_exclude},
    {.name = "incident_pattern",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct policy, incident_pattern)},
    {.name = "cap_percent",
     .type = KEYS_DECIMAL,
     .offset = offsetof(struct policy, cap_percent),
     .frac = POLICY_FRAC,
     .max = 100000 * (int64_t)POLICY_SCALE},
    {.name = "cap_fees",
     .type = KEYS_INT,
     .offset = offsetof(struct policy, cap_fees),
     .min = 1,
     .max = 120},
    {.name = "cap_fees_percent",
     .type = KEYS_CUSTOM,
     .set = set_cap_fees_percent},
    {.name = "plan_pattern",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct policy, plan_pattern)},
    {.name = "exclude_payment_methods",
     .type = KEYS_LIST,
     .offset = offsetof(struct policy, exclude_payment_methods),
     .count_offset = offsetof(struct policy, nexclude_payment_methods)},
    {.name = "min_credit", .type = KEYS_CUSTOM, .set = set_min_credit},
    {.name = "maintenance_notice",
     .type = KEYS_DURATION,
     .offset = offsetof(struct policy, maintenance_notice)},
    {.name = "maintenance_cap",
     .type = KEYS_CUSTOM,
     .set = set_maintenance_cap},
    {.name = "service_hours", .type = KEYS_CUSTOM, .set = set_service_hours},
    {.name = "service_time_zone", .type = KEYS_CUSTOM, .set = set_service_zone},
    {.name = "holidays", .type = KEYS_CUSTOM, .set = set_holidays},
    {.name = "either", .type = KEYS_CUSTOM, .set = set_either},
    {.name = NULL},
};

void policy_init(struct policy *p, const char *name, long line)
{
    memset(p, 0, sizeof *p);
    p->name = xstrdup(name);
    p->line = line;
    p->kind = POLICY_TIERS;
    p->cap_percent = 100 * POLICY_SCALE;
    p->day_divisor = 30;
    p->multiplier = POLICY_SCALE;
    p->claim_window = 7 * 86400;
    p->cap_fees_percent = 100 * POLICY_SCALE;
}

void policy_free(struct policy *p)
{
    free(p->name);
    free(p->tiers);
    free(p->tier_days);
    rx_free(p->plan_pattern);
    rx_free(p->incident_pattern);
    keys_free_list(p->exclude_payment_methods, p->nexclude_payment_methods);
    keys_free_list(p->either, p->neither);
    hours_free(&p->hours);
}

bool policy_is_either(const struct policy *p)
{
    return p->neither > 0;
}

int policy_key_given(struct policy *p, const char *key, const char *value,
                     long line, char *msg, size_t cap)
{
    if (strcmp(key, "either") == 0) {
        p->either_line = line;
        if (p->other_key[0] != '\0')
            return snprintf(msg, cap,
                            "either: not with %s (the policies either names "
                            "compute the credit, each with its own keys): %s",
                            p->other_key, value),
                   -1;
        return 0;
    }
    if (p->neither > 0)
        return snprintf(msg, cap,
                        "%s: not with either (the policies either names "
                        "compute the credit, each with its own keys): %s",
                        key, value),
               -1;
    if (p->other_key[0] == '\0')
        snprintf(p->other_key, sizeof p->other_key, "%s", key);
    return 0;
}

/* What a policy pays in, for comparing the members of a composite. */
static const char *remedy_class(enum remedy r)
{
    switch (r) {
    case REMEDY_PLAN_EXTENSION:
        return "plan time";
    case REMEDY_BY_BILLING:
        return "plan time or money by billing (by_billing)";
    case REMEDY_INVOICE_CREDIT:
    case REMEDY_WALLET_CREDIT:
        break;
    }
    return "money";
}

int policy_link(struct policy *all, size_t n, size_t i, char *msg, size_t cap)
{
    struct policy *p = &all[i];
    size_t k, j;

    for (k = 0; k < p->neither; k++) {
        const struct policy *m = NULL;
        for (j = 0; j < n && m == NULL; j++) {
            if (strcmp(all[j].name, p->either[k]) == 0)
                m = &all[j];
        }
        if (m == NULL)
            return snprintf(msg, cap, "either: no [policy \"%s\"]: %s",
                            p->either[k], p->either[k]),
                   -1;
        if (policy_is_either(m))
            return snprintf(msg, cap,
                            "either: [policy \"%s\"] names policies "
                            "itself (either does not nest): %s",
                            m->name, m->name),
                   -1;
        if (k > 0 && strcmp(remedy_class(m->remedy),
                            remedy_class(p->members[0]->remedy)) != 0)
            return snprintf(msg, cap,
                            "either: %s pays in %s, %s in %s: their credits "
                            "cannot be compared: %s",
                            p->members[0]->name,
                            remedy_class(p->members[0]->remedy), m->name,
                            remedy_class(m->remedy), m->name),
                   -1;
        if (k > 0 && m->period != p->members[0]->period)
            return snprintf(msg, cap,
                            "either: %s counts a %s, %s a %s: their credits "
                            "cover different periods: %s",
                            p->members[0]->name,
                            policy_period_name(p->members[0]->period), m->name,
                            policy_period_name(m->period), m->name),
                   -1;
        p->members[k] = m;
    }
    /* The members' period is the composite's: run reads evidence from its
     * start and explain names it. */
    if (p->neither > 0)
        p->period = p->members[0]->period;
    return 0;
}

const struct keys_spec *policy_find_key(const char *key)
{
    const struct keys_spec *k = keys_find(common_keys, key);
    size_t i;

    for (i = 0; k == NULL && i < POLICY_KIND_COUNT; i++)
        k = keys_find(policy_kinds[i]->keys, key);
    return k;
}

/* The zone and the holidays need the hours; the fee cannot be prorated by
 * a window that service hours cut. Hours without service_time_zone are read
 * in each subscription's time_zone, which the roster reader requires. */
static int validate_hours(const struct policy *p, char *msg, size_t cap)
{
    const struct service_hours *h = &p->hours;

    if (!h->set) {
        if (h->zone != NULL)
            return snprintf(msg, cap, "service_time_zone needs service_hours"),
                   -1;
        if (h->holidays_path != NULL)
            return snprintf(msg, cap, "holidays needs service_hours"), -1;
        return 0;
    }
    if (p->fee_basis == FEE_PRORATED)
        return snprintf(msg, cap,
                        "service_hours and fee_basis = prorated contradict: "
                        "the fee is prorated by calendar time, uptime by "
                        "service hours"),
               -1;
    return 0;
}

/* cap_fees_percent needs cap_fees; cap_fees caps money, which a policy
 * that only extends plans never gives. */
static int validate_cap_fees(const struct policy *p, char *msg, size_t cap)
{
    if (p->cap_fees_percent_set && p->cap_fees == 0)
        return snprintf(msg, cap,
                        "cap_fees_percent needs cap_fees (the months whose "
                        "fees it is a share of)"),
               -1;
    if (p->cap_fees > 0 && p->remedy == REMEDY_PLAN_EXTENSION)
        return snprintf(msg, cap,
                        "cap_fees caps money credits, and remedy = "
                        "plan_extension gives none"),
               -1;
    return 0;
}

/* "remedy = R needs kind = per_day or ladder (...)": the kinds of the table
 * that can extend a plan, in table order. */
static void plan_time_kinds(enum remedy r, char *msg, size_t cap)
{
    size_t k, n = 0, len;

    len = (size_t)snprintf(msg, cap,
                           "remedy = %s needs kind =", policy_remedy_name(r));
    for (k = 0; k < POLICY_KIND_COUNT && len < cap; k++) {
        if (!policy_kinds[k]->plan_time)
            continue;
        len += (size_t)snprintf(msg + len, cap - len, "%s %s",
                                n++ > 0 ? " or" : "", policy_kinds[k]->name);
    }
    if (len < cap)
        snprintf(msg + len, cap - len, " (only days can extend a plan)");
}

/* A day's credit in money is the fee / day_divisor, and day_divisor
 * counts the days of a month: under a longer period the fee is the
 * period's, and a day would pay a month's share of it. */
static int validate_period(const struct policy *p, char *msg, size_t cap)
{
    bool days = p->kind == POLICY_PER_DAY ||
                (p->kind == POLICY_LADDER && p->step_days > 0);

    if (p->period == PERIOD_MONTH || !days ||
        p->remedy == REMEDY_PLAN_EXTENSION)
        return 0;
    return snprintf(msg, cap,
                    "period = %s and a credit in days paid as money "
                    "(%s, remedy = %s) contradict: day_divisor divides a "
                    "month's fee; use remedy = plan_extension, or kind = "
                    "ladder with step = 1d and step_credit = 1/%d",
                    policy_period_name(p->period),
                    p->kind == POLICY_PER_DAY ? "kind = per_day"
                                              : "a ladder in days",
                    policy_remedy_name(p->remedy),
                    p->period == PERIOD_QUARTER ? 90 : 365),
           -1;
}

int policy_validate(const struct policy *p, char *msg, size_t cap)
{
    /* A composite has no other key (policy_key_given()); its members are
     * checked by policy_link(). */
    if (policy_is_either(p))
        return 0;
    if (validate_hours(p, msg, cap) != 0)
        return -1;
    if (validate_period(p, msg, cap) != 0)
        return -1;
    if (p->maintenance_cap > 0 && !p->exclude_maintenance)
        return snprintf(msg, cap,
                        "maintenance_cap needs exclude = maintenance "
                        "(without it no maintenance is left out to cap)"),
               -1;
    if (p->maintenance_notice > 0 && !p->exclude_maintenance)
        return snprintf(msg, cap,
                        "maintenance_notice needs exclude = maintenance "
                        "(without it no maintenance is left out, announced "
                        "in time or not)"),
               -1;
    if (p->kind != POLICY_LADDER &&
        (p->step != 0 || p->step_den != 0 || p->step_days != 0 ||
         p->after != 0 || p->units != LADDER_UNITS_UNSET ||
         p->per != LADDER_PER_UNSET))
        return snprintf(msg, cap,
                        "step, step_credit, after, units and per are for "
                        "kind = ladder"),
               -1;
    if (p->max_days != 0 && p->kind != POLICY_LADDER && p->kind != POLICY_TIERS)
        return snprintf(msg, cap,
                        "max_days is for days: a ladder in days "
                        "(step_credit = 1d) or tiers in days (tier = 99.9 "
                        "3d)"),
               -1;
    if (validate_cap_fees(p, msg, cap) != 0)
        return -1;
    if (policy_kinds[p->kind]->validate(p, msg, cap) != 0)
        return -1;
    if (!policy_kinds[p->kind]->plan_time &&
        (p->remedy == REMEDY_PLAN_EXTENSION || p->remedy == REMEDY_BY_BILLING))
        return plan_time_kinds(p->remedy, msg, cap), -1;
    return 0;
}

const char *policy_kind_name(enum policy_kind k)
{
    return (size_t)k < POLICY_KIND_COUNT ? policy_kinds[k]->name : "?";
}

const char *policy_remedy_name(enum remedy r)
{
    return (size_t)r < sizeof remedy_names / sizeof remedy_names[0] - 1
               ? remedy_names[r]
               : "?";
}

const char *policy_period_name(enum period_kind k)
{
    return (size_t)k < sizeof period_names / sizeof period_names[0] - 1
               ? period_names[k]
               : "?";
}

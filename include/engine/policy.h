/* policy: a [policy "name"] section (SPEC §2, §4) as the engine applies it,
 * and the table of policy kinds. Each kind (tiers, per_day, prorated,
 * ladder) lives
 * in its own file (src/engine/policy_<kind>.c) and is one row of
 * policy_kinds[], indexed by enum policy_kind: its name, its config keys,
 * its validation, its decision rule and the plain-words rule explain
 * prints. Adding a kind is: its file and one row of policy_kinds.def (the
 * enum, the declarations and the table all come from that row; a row
 * without its file does not link; a row missing a function fails the unit
 * test that checks every row). */
#ifndef SLACREDIT_POLICY_H
#define SLACREDIT_POLICY_H

#include "engine/hours.h"
#include "lib/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct decision;
struct keys_spec;
struct rx;

/* The kinds, from the table policy_kinds.def. */
enum policy_kind {
#define KIND(e, ops) POLICY_##e,
#include "engine/policy_kinds.def"
#undef KIND
    POLICY_KIND_COUNT /* not a kind: the number of kinds */
};
enum evidence_mode {
    EVIDENCE_MONITORING,
    EVIDENCE_STATUSPAGE,
    EVIDENCE_UNION,
    EVIDENCE_ACKNOWLEDGED,
};
enum remedy {
    REMEDY_INVOICE_CREDIT,
    REMEDY_PLAN_EXTENSION,
    REMEDY_WALLET_CREDIT,
    REMEDY_BY_BILLING,
};
enum fee_basis { FEE_FULL, FEE_PRORATED };
/* period: the calendar span (UTC) whose uptime decides a credit. */
enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
/* ladder: which steps count, and over what; UNSET until the config says. */
enum ladder_units { LADDER_UNITS_UNSET, LADDER_STARTED, LADDER_FULL };
enum ladder_per { LADDER_PER_UNSET, LADDER_PER_OUTAGE, LADDER_PER_MONTH };

/* Decimal settings are integers scaled by POLICY_SCALE: "99.9" -> 999000. */
#define POLICY_SCALE 10000
#define POLICY_FRAC  4

struct tier {
    int64_t threshold; /* uptime percent × POLICY_SCALE */
    int64_t percent;   /* credit percent of the fee × POLICY_SCALE; 0 for
                          tiers in days (policy.tier_days) */
};

/* either = A, B: at most this many member policies. */
#define POLICY_EITHER_MAX 8

struct policy {
    char *name;
    long line; /* config line of the section header */
    enum policy_kind kind;
    enum evidence_mode evidence;
    bool exclude_maintenance;    /* exclude = maintenance */
    struct rx *incident_pattern; /* incidents whose name matches are excluded */
    struct tier *tiers;          /* tiers: sorted by threshold, ascending */
    size_t ntiers;
    int64_t *tier_days;  /* tiers in days ("tier = 99.9 3d"): the days of
                            service of each tier, parallel to tiers; NULL:
                            the tiers give percents of the fee */
    int64_t cap_percent; /* × POLICY_SCALE; default 100 % */
    enum remedy remedy;
    struct rx *plan_pattern; /* NULL: every plan is eligible */
    char **exclude_payment_methods;
    size_t nexclude_payment_methods;
    bool min_credit_set;
    int64_t min_credit; /* major units × POLICY_SCALE */
    enum money_rounding rounding;
    int64_t day_divisor; /* per_day; default 30 */
    int64_t min_outage;  /* seconds; default 0. prorated: the outages whose
                            time is credited; other kinds: shorter outages
                            are not downtime */
    int64_t multiplier;  /* prorated: × POLICY_SCALE; default 1 */
    enum fee_basis fee_basis;
    int64_t step;      /* ladder: seconds of downtime per step; 0 unset */
    int64_t step_num;  /* ladder: a step is worth the fee × num / den; */
    int64_t step_den;  /* ... 0 / 0 while step_credit is unset */
    bool step_percent; /* ... given as a percentage (num / den is
                          percent × POLICY_SCALE / 100 × POLICY_SCALE) */
    int64_t step_days; /* ladder: a step is worth this many days instead
                          (step_credit = 1d); 0: a share of the fee */
    int64_t max_days;  /* ladder or tiers in days: at most this many; 0:
                          none */
    int64_t after;     /* ladder: seconds not counted first; default 0 */
    enum ladder_units units;
    enum ladder_per per;
    bool claims_required;       /* claims = required (SPEC §8) */
    int64_t claim_window;       /* seconds after an outage ends; default 7d */
    int64_t maintenance_notice; /* seconds; 0: any notice will do */
    int64_t maintenance_cap;    /* seconds of maintenance a calendar year
                                   (UTC) may leave out; 0: no cap */
    struct service_hours hours; /* service_hours, service_time_zone,
                                   holidays (engine/hours.h) */
    /* either = A, B (a composite policy): the subscription gets the larger
     * credit of its members' calculations, not both. Such a section has no
     * other key; its members compute. */
    char **either; /* the members' names, as listed; NULL: not composite */
    size_t neither;
    long either_line;   /* config line of either */
    char other_key[32]; /* the first key other than either, for the check */
    const struct policy *members[POLICY_EITHER_MAX]; /* resolved by
                                                        policy_link() */
    enum period_kind period;   /* period = month (default), quarter or
                                  year: calendar periods in UTC */
    int64_t cap_fees;          /* cap_fees: the months (this one and the
                                  earlier ones) whose credits together stay
                                  within cap_fees_percent of their fees;
                                  0: no such cap */
    int64_t cap_fees_percent;  /* × POLICY_SCALE; default 100 % */
    bool cap_fees_percent_set; /* cap_fees_percent was given */
    bool per_incident_once;    /* per_incident = once: an outage is
                                  credited in the month it began only */
};

/* One policy kind. */
struct policy_ops {
    const char *name; /* kind = name */
    /* Keys only this kind reads (ended by a NULL name); every kind accepts
     * them, as the kind may be given after them. */
    const struct keys_spec *keys;
    /* What single keys cannot check. Returns 0, or -1 with the message
     * (after "[policy "name"]: ") in msg. */
    int (*validate)(const struct policy *p, char *msg, size_t cap);
    /* The credit of a decision that has downtime and passed eligibility:
     * sets the outcome (credited or above_threshold), the amount or the
     * plan extension, the figures of the rule (tier, days, counted time)
     * and basis. Returns 0, or -1 when an amount does not fit in 64 bits. */
    int (*decide)(const struct policy *p, struct decision *d,
                  int64_t month_secs);
    /* Writes, in plain words, why decide() credited or did not (for a
     * credited or above_threshold decision of this kind) into out. */
    void (*reason)(const struct policy *p, const struct decision *d, char *out,
                   size_t cap);
    /* Appends the rule in plain words ("Rule: ..." and how it applied). */
    void (*explain)(struct buf *b, const struct policy *p,
                    const struct decision *d, int64_t month_secs);
    bool plan_time; /* can extend a plan (remedy = plan_extension) */
};

/* Each kind's row, defined in its file (policy_<kind>.c). */
#define KIND(e, ops) extern const struct policy_ops ops;
#include "engine/policy_kinds.def"
#undef KIND

/* The kinds, indexed by enum policy_kind: POLICY_KIND_COUNT rows, every
 * one filled (a compile-time assertion checks the count). */
extern const struct policy_ops *const policy_kinds[];

/* A policy named name with the defaults of SPEC §2; fields are fresh. */
void policy_init(struct policy *p, const char *name, long line);
/* Frees what p owns. */
void policy_free(struct policy *p);
/* The row of a [policy] key (common or of any kind), or NULL. */
const struct keys_spec *policy_find_key(const char *key);
/* Checks what single keys cannot (the kind's rules, the remedy). Returns 0,
 * or -1 with the message (after "[policy "name"]: ") in msg. */
int policy_validate(const struct policy *p, char *msg, size_t cap);

/* Records that key = value was given at line in p's section, once it was
 * stored: a composite policy (either) takes no other key. Returns 0, or -1
 * with the message in msg. */
int policy_key_given(struct policy *p, const char *key, const char *value,
                     long line, char *msg, size_t cap);
/* Resolves the members of all[i] when it is a composite (either = ...)
 * among the n policies of the config: each must exist, be no composite
 * itself, pay in the same kind of remedy as the others (money, plan
 * time, or by_billing), so that their credits can be compared, and count
 * the same period, which becomes the composite's. Returns 0
 * (also for a policy that is no composite), or -1 with the message (after
 * "[policy "name"]: ") in msg; the error is at all[i].either_line. */
int policy_link(struct policy *all, size_t n, size_t i, char *msg, size_t cap);
/* True when p is a composite policy (either = ...). */
bool policy_is_either(const struct policy *p);

/* Names of the enums, as written in the config and in outputs. */
const char *policy_kind_name(enum policy_kind k);
const char *policy_remedy_name(enum remedy r);
const char *policy_period_name(enum period_kind k);

#endif

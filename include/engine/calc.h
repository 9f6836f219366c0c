/* calc: the engine. Turns one subscription, its policy, the month and its
 * evidence (interval sets) into one decision, by the rules of SPEC §4: pure
 * integer arithmetic on seconds and minor units, no I/O, no floating point.
 * Life cycle: calc_decision_init(), calc_decide(), read, calc_decision_free().
 */
#ifndef SLACREDIT_CALC_H
#define SLACREDIT_CALC_H

#include "engine/iv.h"
#include "engine/policy.h"
#include "lib/err.h"
#include "lib/money.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sub;

/* Outcomes in the order of SPEC §4.8 (the first that applies wins);
 * period_open (a month of a quarter or year before its last) comes right
 * after the eligibility outcomes. */
enum outcome {
    OUTCOME_NOT_ACTIVE,
    OUTCOME_INELIGIBLE_PLAN,
    OUTCOME_INELIGIBLE_PAYMENT_METHOD,
    OUTCOME_PERIOD_OPEN,
    OUTCOME_NO_DOWNTIME,
    OUTCOME_NO_CLAIM,
    OUTCOME_ABOVE_THRESHOLD,
    OUTCOME_BELOW_MINIMUM,
    OUTCOME_CREDITED,
    OUTCOME_ALREADY_ISSUED,
};
/* The number of outcomes (arrays of counts per outcome). */
#define OUTCOME_COUNT (OUTCOME_ALREADY_ISSUED + 1)

/* cap_fees (the aggregate cap over months): what the engine needs from
 * outside, gathered by the caller from the fee history and the ledger. */
struct calc_history {
    int64_t months;  /* cap_fees: the months counted, this one included */
    int64_t fees;    /* minor units: the fees of those months */
    int64_t earlier; /* minor units: the credits issued for the months
                        before this one (may be negative after a
                        correction took back more) */
};

struct calc_input {
    const struct policy *policy;
    const struct sub *sub;
    int64_t month_start;            /* epoch s, UTC: first instant of M, the
                                       run's month */
    int64_t month_end;              /* epoch s, UTC: first instant after M */
    const struct ivset *evidence;   /* normal; the subscription's downtime,
                                       every second counting fully */
    const struct wset *weighted;    /* normal; when not NULL, used instead of
                                       evidence: downtime with weights */
    const struct ivset *excluded;   /* normal; windows to leave out; or NULL */
    const struct ivset *unmeasured; /* normal; time that leaves both D and
                                       A (unknown = excluded); or NULL */
    const struct ivset *unknown;    /* normal; all time the evidence did not
                                       measure (SPEC §8 unknown time, under
                                       any setting); or NULL: none */
    const int64_t *claims;          /* with claims = required: submission
                                       times of the subscription's claims,
                                       ascending, epoch s */
    size_t nclaims;
    const struct calc_history *history; /* with cap_fees; NULL: no cap
                                           over months */
};

struct decision {
    enum outcome outcome;
    const struct policy *policy;      /* the policy whose rule decided: the
                                         input's (for a composite policy, the
                                         member calc_decide() was given) */
    int64_t period_start, period_end; /* P, epoch s: the policy's period
                                         holding M (M under period =
                                         month); the decision covers
                                         [period_start, month_end) */
    int64_t period_months;            /* months of P: 1, 3 or 12 */
    int64_t period_month;             /* M is this month of P, from 1 */
    int64_t active_start, active_end; /* A, epoch s; equal when empty */
    int64_t active_secs;              /* |A|, less unmeasured time; with
                                         service hours, A is only their
                                         part of the window */
    int64_t calendar_secs;            /* the whole window, before service
                                         hours cut it */
    int64_t off_hours_ms;             /* downtime left out because it fell
                                         outside service hours, weighted */
    int64_t measured_secs;            /* |A - unknown|: the part of the
                                         whole active window the evidence
                                         measured; 0 when not active */
    int64_t down_ms;                  /* |D| in ms, weights applied */
    int64_t down_secs;                /* |D| in s, rounded down */
    char uptime[32];                  /* "99.8523"; "" when not active */
    enum remedy remedy;               /* resolved: never REMEDY_BY_BILLING */
    int64_t fee_basis_num;            /* F = num × mul / den, minor units: */
    int64_t fee_basis_mul;            /* the fee × the period's months, |A|
                                         (1 unless fee_basis = prorated), */
    int64_t fee_basis_den;            /* the period's seconds (else 1); the
                                         factors stay apart, so F needs no
                                         more than the credit to fit */
    int64_t amount;          /* credit, minor units; 0 for extensions */
    int64_t raw_floor;       /* the credit before rounding, rounded
                                down (minor units) */
    bool raw_exact;          /* ... and it needed no rounding */
    int64_t cap;             /* cap, minor units */
    bool capped;             /* the cap lowered the credit */
    int64_t fees_limit;      /* cap_fees: fees × cap_fees_percent / 100,
                                rounded down (minor units) */
    int64_t fees_left;       /* cap_fees: what this month may still credit:
                                fees_limit − earlier, at least 0 */
    bool fees_capped;        /* cap_fees lowered the credit */
    int64_t days;            /* per_day: started days */
    int64_t steps;           /* ladder: the steps that earn a credit */
    size_t outages;          /* claims: outages overlapping A */
    size_t claimed;          /* claims: outages with a claim in time */
    size_t unmatched_claims; /* claims that matched no outage */
    int64_t counted_ms;      /* prorated: weighted ms of qualifying
                                outages */
    int64_t extension;       /* plan_extension: seconds */
    int64_t new_ends_at;     /* epoch s when has_new_end */
    bool has_new_end;
    const struct tier *tier; /* tiers: the tier that applied, or NULL */
    /* Eligibility, decided once here and only reported by explain (both
     * set whenever the subscription was active): */
    bool plan_matched;          /* no plan_pattern, or the plan matches it */
    bool payment_excluded;      /* the payment method is in
                                   exclude_payment_methods */
    char basis[96];             /* machine-readable reason (credits.csv) */
    char detail[192];           /* the reason in plain words (decisions.csv):
                                   calc_decide() leaves it empty; the caller
                                   writes it with explain_reason() and may
                                   append notes of its own */
    struct wset downw;          /* D with weights; owned */
    struct ivset down;          /* D's time, weights dropped; owned */
    struct ivset excluded;      /* evidence left out by exclusions, in A
                                   (carried and short_outages included) */
    struct ivset carried;       /* per_incident = once: the part in A of the
                                   outages that began before the decision's
                                   period (the month, or the quarter or year),
                                   left out of D (credited with that one) */
    int64_t carried_secs;       /* |carried| */
    struct ivset short_outages; /* min_outage (every kind but prorated): the
                                   part in A of the outages shorter than
                                   it, left out of D */
    /* cap_fees: the history as given (months 0: none). */
    struct calc_history history;
};

/* Why the decision itself left out a piece of evidence (besides the
 * evidence's own exclusions: maintenance, incident_pattern). */
enum calc_left_out {
    CALC_LEFT_OUT_NONE,    /* not by the decision */
    CALC_LEFT_OUT_CARRIED, /* per_incident = once (d->carried) */
    CALC_LEFT_OUT_SHORT,   /* shorter than min_outage (d->short_outages) */
};
/* Which rule of d left out [start, end), if any. */
enum calc_left_out calc_left_out(const struct decision *d, int64_t start,
                                 int64_t end);

/* Prepares d for calc_decide(). */
void calc_decision_init(struct decision *d);
/* Frees what d owns; it can be reused after calc_decision_init(). */
void calc_decision_free(struct decision *d);

/* Decides in into d (d initialised; earlier contents are replaced). Returns
 * 0, or -1 with e set (RC_DATA) when an amount does not fit in 64 bits. */
int calc_decide(const struct calc_input *in, struct decision *d, struct err *e);

/* The credit F × num / den (F the fee basis of d) into d->amount, rounded
 * once with mode, keeping the unrounded floor in d->raw_floor and whether
 * it was exact; at most 5 factors each side. For the policy kinds. Returns
 * 0, or -1 when it does not fit in 64 bits. */
int calc_credit_amount(struct decision *d, const int64_t *num, size_t nn,
                       const int64_t *den, size_t nd, enum money_rounding mode);
/* A credit in days, d->days already set by the kind (tiers in days, a
 * ladder in days): caps it at max_days (basis ";max=Nd"), then extends the
 * plan by that many days, or credits F × days / day_divisor (basis
 * ";days=N/D"). Returns 0, or -1 when the amount does not fit. */
int calc_days_credit(const struct policy *p, struct decision *d);

/* True when uptime (active - down) / active is below threshold percent
 * (scaled by POLICY_SCALE), compared exactly. active > 0; seconds. */
bool calc_uptime_below(int64_t active, int64_t down, int64_t threshold);
/* The same with down in milliseconds (weighted downtime). */
bool calc_uptime_below_ms(int64_t active, int64_t down_ms, int64_t threshold);
/* Writes the uptime percentage truncated to 4 decimals ("99.8523") into out;
 * seconds, and the same with down in milliseconds. */
void calc_uptime_text(int64_t active, int64_t down, char *out, size_t cap);
void calc_uptime_text_ms(int64_t active, int64_t down_ms, char *out,
                         size_t cap);
/* Writes a POLICY_SCALE-scaled decimal with trailing zeros dropped, keeping
 * at least min_frac decimals ("99.0", "25", "12.5"). */
void calc_scaled_text(int64_t v, int min_frac, char *out, size_t cap);

/* The outcome's name as written in decisions.csv. */
const char *calc_outcome_name(enum outcome o);

/* The period of kind k holding the month that starts at m0 (epoch s, UTC,
 * the first instant of a month): [*p0, *p1), calendar months, quarters
 * (January, April, July, October) or years in UTC. Returns its number of
 * months (1, 3 or 12). */
int64_t calc_period(enum period_kind k, int64_t m0, int64_t *p0, int64_t *p1);
/* Writes the period's name: "2026-10", "2026-Q4" or "2026". */
void calc_period_text(enum period_kind k, int64_t p0, char *out, size_t cap);

#endif

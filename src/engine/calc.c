/* calc: the credit computation of SPEC §4 (see calc.h). */
#include "engine/calc.h"

/* 9999-12-31T23:59:59Z, the last second a written time can name. */
#define CALC_TIME_MAX INT64_C(253402300799)

#include "engine/hours.h"
#include "engine/subscription.h"
#include "lib/civil.h"
#include "lib/money.h"
#include "lib/rx.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

void calc_decision_init(struct decision *d)
{
    memset(d, 0, sizeof *d);
    wset_init(&d->downw);
    ivset_init(&d->down);
    ivset_init(&d->excluded);
    ivset_init(&d->carried);
    ivset_init(&d->short_outages);
}

enum calc_left_out calc_left_out(const struct decision *d, int64_t start,
                                 int64_t end)
{
    if (ivset_overlaps(&d->carried, start, end))
        return CALC_LEFT_OUT_CARRIED;
    if (ivset_overlaps(&d->short_outages, start, end))
        return CALC_LEFT_OUT_SHORT;
    return CALC_LEFT_OUT_NONE;
}

void calc_decision_free(struct decision *d)
{
    wset_free(&d->downw);
    ivset_free(&d->down);
    ivset_free(&d->excluded);
    ivset_free(&d->carried);
    ivset_free(&d->short_outages);
}

bool calc_uptime_below_ms(int64_t active, int64_t down_ms, int64_t threshold)
{
    /* (1000 active - down_ms) / (1000 active) < threshold / (100 * SCALE) */
    return (i128)((i128)active * 1000 - down_ms) * (100 * POLICY_SCALE) <
           (i128)threshold * active * 1000;
}

bool calc_uptime_below(int64_t active, int64_t down, int64_t threshold)
{
    return calc_uptime_below_ms(active, down * 1000, threshold);
}

void calc_uptime_text(int64_t active, int64_t down, char *out, size_t cap)
{
    calc_uptime_text_ms(active, down * 1000, out, cap);
}

void calc_uptime_text_ms(int64_t active, int64_t down_ms, char *out, size_t cap)
{
    int64_t v = (int64_t)(((i128)active * 1000 - down_ms) * 1000000 /
                          ((i128)active * 1000));

    snprintf(out, cap, "%lld.%04lld", (long long)(v / 10000),
             (long long)(v % 10000));
}

void calc_scaled_text(int64_t v, int min_frac, char *out, size_t cap)
{
    int64_t whole = v / POLICY_SCALE, frac = v % POLICY_SCALE;
    char f[8];
    int n = POLICY_FRAC;

    snprintf(f, sizeof f, "%0*lld", POLICY_FRAC, (long long)frac);
    while (n > min_frac && f[n - 1] == '0')
        n--;
    f[n] = '\0';
    if (n == 0)
        snprintf(out, cap, "%lld", (long long)whole);
    else
        snprintf(out, cap, "%lld.%s", (long long)whole, f);
}

const char *calc_outcome_name(enum outcome o)
{
    static const char *const names[] = {
        "not_active",      "ineligible_plan", "ineligible_payment_method",
        "period_open",     "no_downtime",     "no_claim",
        "above_threshold", "below_minimum",   "credited",
        "already_issued",
    };
    _Static_assert(sizeof names / sizeof names[0] == OUTCOME_COUNT,
                   "calc_outcome_name needs a name for every outcome");
    return (size_t)o < OUTCOME_COUNT ? names[o] : "?";
}

int64_t calc_period(enum period_kind k, int64_t m0, int64_t *p0, int64_t *p1)
{
    int64_t y, months = k == PERIOD_YEAR ? 12 : k == PERIOD_QUARTER ? 3 : 1;
    int m, d, first, last;

    civil_date_from_days(civil_day_of(m0), &y, &m, &d);
    first = (int)((m - 1) / months * months + 1); /* 1, 4, 7, 10; 1 */
    last = first + (int)months;                   /* the month after P */
    *p0 = civil_days_from_date(y, first, 1) * CIVIL_SECS_PER_DAY;
    *p1 = (last > 12 ? civil_days_from_date(y + 1, last - 12, 1)
                     : civil_days_from_date(y, last, 1)) *
          CIVIL_SECS_PER_DAY;
    return months;
}

void calc_period_text(enum period_kind k, int64_t p0, char *out, size_t cap)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(p0), &y, &m, &d);
    if (k == PERIOD_YEAR)
        snprintf(out, cap, "%04lld", (long long)y);
    else if (k == PERIOD_QUARTER)
        snprintf(out, cap, "%04lld-Q%d", (long long)y, (m - 1) / 3 + 1);
    else
        snprintf(out, cap, "%04lld-%02d", (long long)y, m);
}

static bool payment_excluded(const struct policy *p, const char *method)
{
    size_t i;

    for (i = 0; i < p->nexclude_payment_methods; i++) {
        if (strcmp(p->exclude_payment_methods[i], method) == 0)
            return true;
    }
    return false;
}

/* Appends ";text" (or "text" when empty) to a fixed string. */
static void add_basis(char *basis, size_t cap, const char *text)
{
    size_t n = strlen(basis);

    snprintf(basis + n, cap - n, "%s%s", n > 0 ? ";" : "", text);
}

/* The factors of a credit: the fee basis F = num × mul / den first, then
 * those of the policy. n and m must hold nn + 2 and nd + 1 entries. */
static void factors(const struct decision *d, const int64_t *num, size_t nn,
                    const int64_t *den, size_t nd, int64_t *n, int64_t *m)
{
    size_t i;

    n[0] = d->fee_basis_num;
    n[1] = d->fee_basis_mul;
    m[0] = d->fee_basis_den;
    for (i = 0; i < nn; i++)
        n[i + 2] = num[i];
    for (i = 0; i < nd; i++)
        m[i + 1] = den[i];
}

/* credit = F × factors, rounded once with mode. */
static int credit(const struct decision *d, const int64_t *num, size_t nn,
                  const int64_t *den, size_t nd, enum money_rounding mode,
                  int64_t *out)
{
    int64_t n[7], m[6];

    factors(d, num, nn, den, nd, n, m);
    return money_muldiv(n, nn + 2, m, nd + 1, mode, out);
}

int calc_credit_amount(struct decision *d, const int64_t *num, size_t nn,
                       const int64_t *den, size_t nd, enum money_rounding mode)
{
    int64_t n[7], m[6];
    int exact = 0;

    factors(d, num, nn, den, nd, n, m);
    if (money_muldiv_exact(n, nn + 2, m, nd + 1, &d->raw_floor, &exact) != 0)
        return -1;
    d->raw_exact = exact != 0;
    return money_muldiv(n, nn + 2, m, nd + 1, mode, &d->amount);
}

int calc_days_credit(const struct policy *p, struct decision *d)
{
    int64_t num[1], den[1];
    size_t n;

    if (p->max_days != 0 && d->days > p->max_days) {
        d->days = p->max_days;
        n = strlen(d->basis);
        snprintf(d->basis + n, sizeof d->basis - n, ";max=%lldd",
                 (long long)p->max_days);
    }
    if (d->remedy == REMEDY_PLAN_EXTENSION) {
        d->extension = d->days * 86400;
        return 0;
    }
    n = strlen(d->basis);
    snprintf(d->basis + n, sizeof d->basis - n, ";days=%lld/%lld",
             (long long)d->days, (long long)p->day_divisor);
    num[0] = d->days;
    den[0] = p->day_divisor;
    return calc_credit_amount(d, num, 1, den, 1, p->rounding);
}

/* cap_fees: the credits of the cap_fees months (this one and those before
 * it) stay within cap_fees_percent of their fees: this month may credit at
 * most floor(fees × percent / 100) − what the earlier months were credited,
 * and never less than 0. Returns 0, or -1 when a figure does not fit. */
static int cap_over_months(const struct policy *p, const struct calc_history *h,
                           struct decision *d)
{
    int64_t num[2] = {h->fees, p->cap_fees_percent};
    int64_t den[1] = {100 * POLICY_SCALE};
    char t[64], pct[32];

    d->history = *h;
    if (h->fees < 0 ||
        money_muldiv(num, 2, den, 1, MONEY_DOWN, &d->fees_limit) != 0 ||
        money_sub(d->fees_limit, h->earlier, &d->fees_left) != 0)
        return -1;
    if (d->fees_left < 0)
        d->fees_left = 0;
    if (d->amount <= d->fees_left)
        return 0;
    d->amount = d->fees_left;
    d->fees_capped = true;
    calc_scaled_text(p->cap_fees_percent, 0, pct, sizeof pct);
    snprintf(t, sizeof t, "cap_fees=%lldm:%s%%", (long long)h->months, pct);
    add_basis(d->basis, sizeof d->basis, t);
    return 0;
}

/* Money credits: the cap, the cap over months and the minimum. */
static int finish_money(const struct policy *p, const struct sub *s,
                        const struct calc_history *h, struct decision *d)
{
    int64_t num[1] = {p->cap_percent}, den[1] = {100 * POLICY_SCALE};
    char pct[32];
    i128 lhs, rhs, scale = 1;
    int i;

    if (credit(d, num, 1, den, 1, MONEY_DOWN, &d->cap) != 0)
        return -1;
    if (d->amount > d->cap) {
        d->amount = d->cap;
        d->capped = true;
        calc_scaled_text(p->cap_percent, 0, pct, sizeof pct);
        {
            char t[48];
            snprintf(t, sizeof t, "cap=%s%%", pct);
            add_basis(d->basis, sizeof d->basis, t);
        }
    }
    if (p->cap_fees > 0 && h != NULL && cap_over_months(p, h, d) != 0)
        return -1;
    for (i = 0; i < sub_exponent(s); i++)
        scale *= 10;
    /* amount < min_credit (major units × SCALE), compared in minor units. */
    lhs = (i128)d->amount * POLICY_SCALE;
    rhs = p->min_credit_set ? (i128)p->min_credit * scale : POLICY_SCALE;
    if (lhs < rhs)
        d->outcome = OUTCOME_BELOW_MINIMUM;
    return 0;
}

/* The input's evidence as a weighted set (unweighted evidence counts
 * every second fully). */
static void evidence_of(const struct calc_input *in, struct wset *out)
{
    if (in->weighted != NULL)
        wset_copy(out, in->weighted);
    else
        wset_from_ivset(out, in->evidence, 1000);
}

/* The evidence less the excluded windows and the unmeasured time, not yet
 * clipped to the active window. */
static void counted_evidence(const struct calc_input *in, struct wset *out)
{
    struct wset tmp;

    wset_init(&tmp);
    evidence_of(in, out);
    if (in->excluded != NULL && in->excluded->n > 0) {
        wset_minus(&tmp, out, in->excluded);
        wset_copy(out, &tmp);
    }
    if (in->unmeasured != NULL && in->unmeasured->n > 0) {
        wset_minus(&tmp, out, in->unmeasured);
        wset_copy(out, &tmp);
    }
    wset_free(&tmp);
}

/* claims = required (SPEC §8): an outage is a maximal contiguous interval
 * of the evidence after exclusions, before clipping to A, that overlaps A;
 * its end is where the downtime really ended. It is claimed when a claim
 * was submitted in [end, end + claim_window]. D keeps only the claimed
 * outages. Returns the number of claimed outages; with none, D is left as
 * it was, so the no_claim row reports the unclaimed downtime. */
static int cmp_time(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return (a > b) - (a < b);
}

/* The index of the first of sorted times t[0..n) at or after v. */
static size_t first_at_or_after(const int64_t *t, size_t n, int64_t v)
{
    size_t lo = 0;

    while (lo < n) {
        size_t mid = lo + (n - lo) / 2;
        if (t[mid] < v)
            lo = mid + 1;
        else
            n = mid;
    }
    return lo;
}

static size_t apply_claims(const struct calc_input *in, struct decision *d)
{
    const struct policy *p = in->policy;
    struct wset ev, kept;
    struct ivset full, claimed;
    int64_t *times = NULL; /* the claims' times, sorted */
    int64_t *cover = NULL; /* +1/-1 where outages' claim ranges begin/end */
    size_t i, j, n = in->nclaims;
    int64_t depth = 0;

    wset_init(&ev);
    wset_init(&kept);
    ivset_init(&full);
    ivset_init(&claimed);
    counted_evidence(in, &ev);
    wset_support(&full, &ev);
    times = xcalloc(n + 1, sizeof *times);
    cover = xcalloc(n + 1, sizeof *cover);
    if (n > 0)
        memcpy(times, in->claims, n * sizeof *times);
    qsort(times, n, sizeof *times, cmp_time);
    /* Each outage claims the sorted times in [end, end + claim_window]: one
     * binary search for each end of that range, so outages x claims is
     * never walked. */
    for (i = 0; i < full.n; i++) {
        const struct iv *o = &full.v[i];
        size_t lo, hi;
        if (o->end <= d->active_start || o->start >= d->active_end)
            continue;
        /* An outage min_outage took out of D (drop_short_outages, kinds
         * but prorated) is no downtime: a claim of it claims nothing. */
        if (p->kind != POLICY_PRORATED && o->end - o->start < p->min_outage)
            continue;
        /* Nor is one per_incident = once credits in the month it began
         * (drop_carried_outages). */
        if (p->per_incident_once && o->start < d->period_start)
            continue;
        d->outages++;
        lo = first_at_or_after(times, n, o->end);
        hi = p->claim_window >= INT64_MAX - o->end
                 ? n
                 : first_at_or_after(times, n, o->end + p->claim_window + 1);
        if (hi > lo) {
            cover[lo]++;
            cover[hi]--;
            d->claimed++;
            ivset_add(&claimed, o->start, o->end);
        }
    }
    for (j = 0; j < n; j++) {
        depth += cover[j];
        d->unmatched_claims += depth == 0;
    }
    if (d->claimed > 0) {
        wset_mask(&kept, &d->downw, &claimed);
        wset_copy(&d->downw, &kept);
        wset_support(&d->down, &d->downw);
        d->down_ms = wset_total_ms(&d->downw);
        d->down_secs = d->down_ms / 1000;
        calc_uptime_text_ms(d->active_secs, d->down_ms, d->uptime,
                            sizeof d->uptime);
    }
    free(times);
    free(cover);
    wset_free(&ev);
    wset_free(&kept);
    ivset_free(&full);
    ivset_free(&claimed);
    return d->claimed;
}

/* Empties d for a new decision, keeping the sets' memory. */
static void decision_reset(struct decision *d)
{
    struct wset keep_w = d->downw;
    struct ivset keep_down = d->down, keep_excl = d->excluded;
    struct ivset keep_carried = d->carried, keep_short = d->short_outages;

    memset(d, 0, sizeof *d);
    d->downw = keep_w;
    d->down = keep_down;
    d->excluded = keep_excl;
    d->carried = keep_carried;
    d->short_outages = keep_short;
    wset_clear(&d->downw);
    ivset_clear(&d->down);
    ivset_clear(&d->excluded);
    ivset_clear(&d->carried);
    ivset_clear(&d->short_outages);
}

/* A = the subscription's time within [period start, month end): the month
 * itself under period = month. Returns false (outcome not_active) when it
 * is empty. */
static bool active_window(const struct calc_input *in, struct decision *d)
{
    const struct sub *s = in->sub;

    d->active_start =
        s->starts_at > d->period_start ? s->starts_at : d->period_start;
    d->active_end = s->ends_at < in->month_end ? s->ends_at : in->month_end;
    if (d->active_end <= d->active_start) {
        d->active_end = d->active_start;
        d->outcome = OUTCOME_NOT_ACTIVE;
        return false;
    }
    d->active_secs = d->active_end - d->active_start;
    d->measured_secs = d->active_secs;
    return true;
}

/* The weighted downtime of ev inside the window but outside active (the
 * service hours, less unmeasured time), less what unmeasured time took. */
static int64_t off_hours(const struct calc_input *in, const struct wset *ev,
                         const struct ivset *active, const struct decision *d)
{
    struct ivset window, outside, tmp;
    struct wset w;
    int64_t ms;

    ivset_init(&window);
    ivset_init(&outside);
    ivset_init(&tmp);
    wset_init(&w);
    ivset_add(&window, d->active_start, d->active_end);
    if (in->unmeasured != NULL && in->unmeasured->n > 0) {
        ivset_subtract(&tmp, &window, in->unmeasured);
        ivset_copy(&window, &tmp);
    }
    ivset_subtract(&outside, &window, active);
    wset_mask(&w, ev, &outside);
    ms = wset_total_ms(&w);
    ivset_free(&window);
    ivset_free(&outside);
    ivset_free(&tmp);
    wset_free(&w);
    return ms;
}

/* D = (evidence - excluded) ∩ A, where A loses unmeasured time; the
 * excluded part of the evidence is kept for windows.csv. Sets the
 * downtime and the uptime text. */
static void measure_downtime(const struct calc_input *in, struct decision *d)
{
    struct wset ev;
    struct ivset active, support, tmp;

    wset_init(&ev);
    ivset_init(&active);
    ivset_init(&support);
    ivset_init(&tmp);
    ivset_add(&active, d->active_start, d->active_end);
    d->calendar_secs = d->active_secs;
    if (in->policy->hours.set) {
        /* A becomes the service-hours part of the window. */
        hours_service(&in->policy->hours,
                      hours_zone(&in->policy->hours, in->sub), d->active_start,
                      d->active_end, &active);
        d->active_secs = ivset_total(&active);
        d->measured_secs = d->active_secs;
    }
    if (in->unknown != NULL && in->unknown->n > 0) {
        ivset_subtract(&tmp, &active, in->unknown);
        d->measured_secs = ivset_total(&tmp);
    }
    if (in->unmeasured != NULL && in->unmeasured->n > 0) {
        ivset_subtract(&tmp, &active, in->unmeasured);
        ivset_copy(&active, &tmp);
        d->active_secs = ivset_total(&active);
    }
    counted_evidence(in, &ev);
    wset_mask(&d->downw, &ev, &active);
    wset_support(&d->down, &d->downw);
    if (in->policy->hours.set)
        d->off_hours_ms = off_hours(in, &ev, &active, d);
    if (in->excluded != NULL && in->excluded->n > 0) {
        evidence_of(in, &ev);
        wset_support(&support, &ev);
        ivset_intersect(&tmp, &support, in->excluded);
        ivset_clip(&d->excluded, &tmp, d->active_start, d->active_end);
        if (in->policy->hours.set) {
            ivset_intersect(&tmp, &d->excluded, &active);
            ivset_copy(&d->excluded, &tmp);
        }
    }
    wset_free(&ev);
    ivset_free(&active);
    ivset_free(&support);
    ivset_free(&tmp);
    d->down_ms = wset_total_ms(&d->downw);
    d->down_secs = d->down_ms / 1000;
    if (d->active_secs > 0)
        calc_uptime_text_ms(d->active_secs, d->down_ms, d->uptime,
                            sizeof d->uptime);
}

/* min_outage for every kind but prorated (which credits only the time of
 * the outages that reach it, its own rule): an outage is a maximal
 * contiguous interval of the evidence after exclusions, before clipping to
 * A (as for claims), so one that began before the month counts by its whole
 * length; D keeps only those of at least min_outage. The part of D it
 * drops goes to d->short_outages and the excluded time, so windows.csv and
 * explain list it as left out. */
static void drop_short_outages(const struct calc_input *in, struct decision *d)
{
    struct wset ev, kept;
    struct ivset full, keep;
    size_t i;

    wset_init(&ev);
    wset_init(&kept);
    ivset_init(&full);
    ivset_init(&keep);
    counted_evidence(in, &ev);
    wset_support(&full, &ev);
    for (i = 0; i < full.n; i++) {
        if (full.v[i].end - full.v[i].start >= in->policy->min_outage)
            ivset_add(&keep, full.v[i].start, full.v[i].end);
    }
    wset_mask(&kept, &d->downw, &keep);
    wset_copy(&d->downw, &kept);
    ivset_copy(&full, &d->down);
    wset_support(&d->down, &d->downw);
    /* What D lost is listed as left out (windows.csv, explain). */
    ivset_subtract(&d->short_outages, &full, &d->down);
    if (d->short_outages.n > 0) {
        ivset_union(&keep, &d->excluded, &d->short_outages);
        ivset_copy(&d->excluded, &keep);
    }
    d->down_ms = wset_total_ms(&d->downw);
    d->down_secs = d->down_ms / 1000;
    if (d->active_secs > 0)
        calc_uptime_text_ms(d->active_secs, d->down_ms, d->uptime,
                            sizeof d->uptime);
    wset_free(&ev);
    wset_free(&kept);
    ivset_free(&full);
    ivset_free(&keep);
}

/* per_incident = once: an outage (a maximal contiguous interval of the
 * evidence after exclusions, before clipping to A, as for claims) is
 * credited once, in the month (the period, under period = quarter or year)
 * it began. One that began before the decision's period (d->period_start)
 * was credited with an earlier one: its part in D is left out, kept in
 * d->carried and added to the excluded time, so windows.csv and explain
 * list it as left out. */
static void drop_carried_outages(const struct calc_input *in,
                                 struct decision *d)
{
    struct wset ev, kept;
    struct ivset full, before, tmp;
    size_t i;

    wset_init(&ev);
    wset_init(&kept);
    ivset_init(&full);
    ivset_init(&before);
    ivset_init(&tmp);
    counted_evidence(in, &ev);
    wset_support(&full, &ev);
    for (i = 0; i < full.n && full.v[i].start < d->period_start; i++)
        ivset_add(&before, full.v[i].start, full.v[i].end);
    ivset_intersect(&d->carried, &before, &d->down);
    d->carried_secs = ivset_total(&d->carried);
    if (d->carried_secs > 0) {
        wset_minus(&kept, &d->downw, &d->carried);
        wset_copy(&d->downw, &kept);
        wset_support(&d->down, &d->downw);
        d->down_ms = wset_total_ms(&d->downw);
        d->down_secs = d->down_ms / 1000;
        if (d->active_secs > 0)
            calc_uptime_text_ms(d->active_secs, d->down_ms, d->uptime,
                                sizeof d->uptime);
        ivset_union(&tmp, &d->excluded, &d->carried);
        ivset_copy(&d->excluded, &tmp);
    }
    wset_free(&ev);
    wset_free(&kept);
    ivset_free(&full);
    ivset_free(&before);
    ivset_free(&tmp);
}

/* The remedy (by_billing resolved) and the fee basis F. Returns 0, or -1
 * when the fee of the period (fee × months) does not fit in 64 bits. */
static int remedy_and_fee(const struct calc_input *in, struct decision *d)
{
    const struct policy *p = in->policy;
    const struct sub *s = in->sub;

    d->remedy = p->remedy;
    if (d->remedy == REMEDY_BY_BILLING)
        d->remedy = sub_billing(s) == BILLING_ONE_TIME ? REMEDY_PLAN_EXTENSION
                                                       : REMEDY_INVOICE_CREDIT;
    /* The fee of the period: the monthly fee times its months; prorated,
     * times the active seconds over the period's seconds. */
    if (__builtin_mul_overflow(s->fee, d->period_months, &d->fee_basis_num))
        return -1;
    d->fee_basis_mul = 1;
    d->fee_basis_den = 1;
    if (p->fee_basis == FEE_PRORATED) {
        /* × |A| / |P| as factors of their own: fee × |A| may pass 64 bits
         * when the credit does not (money_muldiv multiplies in 128). */
        d->fee_basis_mul = d->active_secs;
        d->fee_basis_den = d->period_end - d->period_start;
    }
    return 0;
}

/* The outcomes of SPEC §4.8 that come before the rule: an ineligible plan
 * or payment method, no uptime to measure, no claim, no downtime. Returns
 * true when one of them applies (outcome set). */
static bool settled_before_rule(const struct calc_input *in, struct decision *d)
{
    const struct policy *p = in->policy;
    const struct sub *s = in->sub;

    d->plan_matched =
        p->plan_pattern == NULL ||
        rx_match(p->plan_pattern, sub_plan(s), strlen(sub_plan(s)));
    d->payment_excluded = payment_excluded(p, sub_payment_method(s));
    if (!d->plan_matched) {
        d->outcome = OUTCOME_INELIGIBLE_PLAN;
        return true;
    }
    if (d->remedy != REMEDY_PLAN_EXTENSION && d->payment_excluded) {
        d->outcome = OUTCOME_INELIGIBLE_PAYMENT_METHOD;
        return true;
    }
    if (in->month_end < d->period_end) {
        /* A month of the period before its last: the figure so far; the
         * credit is decided in the run of the period's last month. */
        d->outcome = OUTCOME_PERIOD_OPEN;
        return true;
    }
    if (d->active_secs == 0) {
        /* Every second was unknown and left A (unknown = excluded): there is
         * no uptime to measure. */
        d->outcome = OUTCOME_NO_DOWNTIME;
        return true;
    }
    if (p->claims_required && d->down_ms > 0 && apply_claims(in, d) == 0) {
        d->outcome = OUTCOME_NO_CLAIM;
        return true;
    }
    if (d->down_ms == 0) {
        d->outcome = OUTCOME_NO_DOWNTIME;
        return true;
    }
    return false;
}

/* remedy = plan_extension: the new end of a plan that has one. Returns 0,
 * or -1 with e set when it passes the last time outputs can write. */
static int extend_plan(const struct sub *s, struct decision *d, struct err *e)
{
    d->amount = 0;
    if (!s->has_end)
        return 0;
    d->has_new_end = true;
    /* Outputs write times as YYYY-MM-DDTHH:MM:SSZ: year 9999 is the last
     * one they can hold. */
    if (__builtin_add_overflow(s->ends_at, d->extension, &d->new_ends_at) ||
        d->new_ends_at > CALC_TIME_MAX) {
        err_set(e, RC_DATA, NULL, s->line,
                "subscription %s: the plan extension moves the end past "
                "year 9999: %lld s",
                s->id, (long long)d->extension);
        return -1;
    }
    return 0;
}

static int overflow(const struct sub *s, struct err *e)
{
    err_set(e, RC_DATA, NULL, s->line,
            "subscription %s: the credit does not fit in 64-bit minor units",
            s->id);
    return -1;
}

int calc_decide(const struct calc_input *in, struct decision *d, struct err *e)
{
    const struct policy *p = in->policy;
    const struct sub *s = in->sub;

    decision_reset(d);
    d->policy = p;
    d->period_start = in->month_start;
    d->period_end = in->month_end;
    d->period_months = 1;
    d->period_month = 1;
    if (p->period != PERIOD_MONTH) {
        int64_t y0, y1;
        int m0, m1, day;
        d->period_months = calc_period(p->period, in->month_start,
                                       &d->period_start, &d->period_end);
        civil_date_from_days(civil_day_of(d->period_start), &y0, &m0, &day);
        civil_date_from_days(civil_day_of(in->month_start), &y1, &m1, &day);
        d->period_month = (y1 - y0) * 12 + (m1 - m0) + 1;
    }
    if (!active_window(in, d))
        return 0;
    if (p->hours.set && hours_zone(&p->hours, s) == NULL) {
        /* The roster reader refuses such a row: a caller's bug. */
        err_set(e, RC_SOFTWARE, NULL, s->line,
                "subscription %s: service hours without a time zone", s->id);
        return -1;
    }
    measure_downtime(in, d);
    if (p->per_incident_once)
        drop_carried_outages(in, d);
    if (p->min_outage > 0 && p->kind != POLICY_PRORATED)
        drop_short_outages(in, d);
    if (remedy_and_fee(in, d) != 0)
        return overflow(s, e);
    if (settled_before_rule(in, d))
        return 0;
    d->outcome = OUTCOME_CREDITED;
    if (policy_kinds[p->kind]->decide(p, d, d->period_end - d->period_start) !=
        0)
        return overflow(s, e);
    if (d->outcome != OUTCOME_CREDITED)
        return 0;
    if (p->fee_basis == FEE_PRORATED)
        add_basis(d->basis, sizeof d->basis, "fee=prorated");
    if (p->period != PERIOD_MONTH) {
        char name[32], t[48];
        calc_period_text(p->period, d->period_start, name, sizeof name);
        snprintf(t, sizeof t, "period=%s", name);
        add_basis(d->basis, sizeof d->basis, t);
    }
    if (d->remedy == REMEDY_PLAN_EXTENSION)
        return extend_plan(s, d, e);
    if (finish_money(p, s, in->history, d) != 0)
        return overflow(s, e);
    return 0;
}

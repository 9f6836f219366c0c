/* run: the run, check and explain commands (see run.h). */
#include "cmd/run.h"
#include "lib/version.h"

#include "cmd/opts.h"
#include "engine/calc.h"
#include "engine/either.h"
#include "engine/evidence.h"
#include "engine/res.h"
#include "ledger/ledger.h"
#include "ledger/reconcile.h"
#include "lib/buf.h"
#include "lib/civil.h"
#include "lib/csvout.h"
#include "lib/fault.h"
#include "lib/money.h"
#include "lib/sha.h"
#include "lib/spill.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/claims.h"
#include "read/config.h"
#include "read/fees.h"
#include "read/monitor.h"
#include "read/roster.h"
#include "read/statuspage.h"
#include "write/billing.h"
#include "write/explain.h"
#include "write/htmlpages.h"
#include "write/outdir.h"
#include "write/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY 86400

/* Monitoring times are converted with the time zones' offsets resolved for
 * the month widened a week back and 45 days on, so that rows just outside
 * the month (an outage begun before it, one still open after it, an export
 * taken weeks later) still convert with their own offset; beyond that
 * window the nearest resolved offset applies (tz.h). */
#define ZONES_BEFORE_MONTH (7 * DAY)
#define ZONES_AFTER_MONTH  (45 * DAY)

/* Everything one run reads. */
struct inputs {
    struct config *cfg;
    struct roster *roster;
    struct resmap *map;
    struct sha_list files;        /* every input file, in read order */
    struct monitor_stats st;      /* all monitoring sources */
    struct monitor_stats *src_st; /* per [monitoring] source, config order */
    struct sp_data *pages;        /* one per [statuspage], config order */
    size_t npages;
    struct claims *claims; /* [claims], or NULL */
    struct fees *fees;     /* [fees], or NULL */
    char **warnings;       /* "FILE:LINE: warning: ...", in order found */
    size_t nwarnings;
    size_t unnamed; /* resource references no source has data for */
};

/* Progress on a terminal: "reading FILE: 40% (512 MiB of 1.2 GiB)". */
struct progress {
    bool on;
    const char *path;
    uint64_t size;
};

static void progress_file(void *ctx, const char *path, uint64_t size)
{
    struct progress *p = ctx;

    p->path = path;
    p->size = size;
}

static void progress_bytes(void *ctx, uint64_t bytes)
{
    const struct progress *p = ctx;

    if (!p->on || p->size == 0)
        return;
    fprintf(stderr, "\rslacredit: reading %s: %3u%% (%llu of %llu MiB)",
            p->path, (unsigned)(bytes * 100 / p->size),
            (unsigned long long)(bytes >> 20),
            (unsigned long long)(p->size >> 20));
    if (bytes >= p->size)
        fputs("\n", stderr);
}

static void inputs_free(struct inputs *in)
{
    size_t i;

    claims_free(in->claims);
    fees_free(in->fees);
    for (i = 0; i < in->npages; i++)
        statuspage_free(&in->pages[i]);
    free(in->pages);
    resmap_free(in->map);
    free(in->src_st);
    roster_free(in->roster);
    config_free(in->cfg);
    sha_list_free(&in->files);
    for (i = 0; i < in->nwarnings; i++)
        free(in->warnings[i]);
    free(in->warnings);
}

/* Records one warning about the inputs. */
static void warn(struct inputs *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(struct inputs *in, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    in->warnings =
        xreallocarray(in->warnings, in->nwarnings + 1, sizeof *in->warnings);
    in->warnings[in->nwarnings++] = xstrdup(text);
}

/* The earliest start of the periods (period = quarter or year) that the
 * roster's policies decide in the run of the month starting at m0: m0
 * when every policy counts by the month. */
static int64_t periods_start(const struct roster *r, int64_t m0)
{
    int64_t lo = m0, p0, p1;
    size_t i;

    for (i = 0; i < r->n; i++) {
        const struct policy *p = r->subs[i].policy;
        if (p->period != PERIOD_MONTH) {
            calc_period(p->period, m0, &p0, &p1);
            if (p0 < lo)
                lo = p0;
        }
    }
    return lo;
}

/* A month of a quarter or year before the run's month that no monitoring
 * sample of a subscription's resource covers at all (an export missing
 * from the glob): its time is unknown, never quietly up. Resources no row
 * names already have their warning; windows exports list outages only, so
 * a month without rows cannot be told from a month without outages. */
static void warn_missing_months(struct inputs *in, int64_t m0)
{
    struct ivset part;
    size_t i, j;

    ivset_init(&part);
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        int64_t p0, p1, a, b;
        char name[32], month[16];
        if (s->policy->period == PERIOD_MONTH)
            continue;
        calc_period(s->policy->period, m0, &p0, &p1);
        calc_period_text(s->policy->period, p0, name, sizeof name);
        for (a = p0; a < m0; a = b) {
            int64_t lo, hi, q0;
            calc_period(PERIOD_MONTH, a, &q0, &b);
            lo = s->starts_at > a ? s->starts_at : a;
            hi = s->ends_at < b ? s->ends_at : b;
            if (hi <= lo)
                continue;
            calc_period_text(PERIOD_MONTH, a, month, sizeof month);
            for (j = 0; j < s->nresources; j++) {
                const char *key = s->resources[j];
                const struct res *r = resmap_get(in->map, key, strlen(key));
                if (r == NULL || r->rows == 0)
                    continue;
                ivset_clip(&part, &r->unknown, lo, hi);
                if (ivset_total(&part) < hi - lo)
                    continue;
                warn(in,
                     "%s:%ld: warning: no monitoring sample in %s, a month "
                     "of the %s %s that this run decides (its time is "
                     "unknown): %s",
                     in->roster->path, (long)s->line, month,
                     policy_period_name(s->policy->period), name, key);
            }
        }
    }
    ivset_free(&part);
}

/* The one place that finds what the inputs leave in doubt: run, check and
 * explain all print these (also under --quiet), run lists them in
 * manifest.json, and --strict refuses them. lo is the earliest period
 * start (periods_start()). */
static void find_warnings(struct inputs *in, bool month, int64_t m0, int64_t lo)
{
    struct ev_sources src;
    size_t i, j;

    src.map = in->map;
    src.pages = in->pages;
    src.npages = in->npages;
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        for (j = 0; j < s->nresources; j++) {
            const char *key = s->resources[j];
            const struct sp_data *page = evidence_page(&src, key);
            const struct res *r = resmap_get(in->map, key, strlen(key));
            if (page != NULL ? statuspage_component(page, key) != NULL
                             : r != NULL && r->rows > 0)
                continue;
            warn(in, "%s:%ld: warning: %s: %s", in->roster->path,
                 (long)s->line,
                 page != NULL ? "no status-page snapshot names this component"
                              : "no monitoring row names this resource",
                 key);
            in->unnamed++;
        }
    }
    for (i = 0; month && i < in->npages; i++) {
        const struct sp_data *p = &in->pages[i];
        char when[32];
        if (p->newest_snapshot == INT64_MIN)
            continue;
        if (p->newest_snapshot < m0) {
            when_format(p->newest_snapshot, when, sizeof when);
            warn(in,
                 "warning: [statuspage \"%s\"]: the newest incidents "
                 "snapshot (page updated %s) is older than the month: its "
                 "incidents may be missing",
                 p->cfg->name, when);
        } else if (p->newest_incidents >= SP_LIST_MAX &&
                   p->newest_oldest > lo) {
            const char *span = lo < m0 ? "period" : "month";
            when_format(p->newest_oldest, when, sizeof when);
            warn(in,
                 "warning: [statuspage \"%s\"]: the newest incidents "
                 "snapshot lists %zu incidents, the oldest created %s, after "
                 "the %s began: earlier incidents of the %s may be "
                 "missing",
                 p->cfg->name, p->newest_incidents, when, span, span);
        }
    }
    if (month && lo < m0)
        warn_missing_months(in, m0);
    if (in->st.ambiguous > 0)
        warn(in,
             "warning: %llu monitoring time(s) in a repeated local hour "
             "(clocks going back) read as the earlier instant: no rows in "
             "time order before them to tell the two hours apart",
             (unsigned long long)in->st.ambiguous);
}

/* True when subscription s is decided under p: its policy, or a member of
 * its composite (either = ...). */
static bool uses_policy(const struct sub *s, const struct policy *p)
{
    size_t k;

    if (s->policy == p)
        return true;
    for (k = 0; k < s->policy->neither; k++) {
        if (s->policy->members[k] == p)
            return true;
    }
    return false;
}

/* The longest cap_fees window among the policies s is decided under. */
static int64_t cap_fees_of(const struct sub *s)
{
    int64_t n = s->policy->cap_fees;
    size_t k;

    for (k = 0; k < s->policy->neither; k++) {
        if (s->policy->members[k]->cap_fees > n)
            n = s->policy->members[k]->cap_fees;
    }
    return n;
}

/* cap_fees: a month of the fee history missing for a subscription (its
 * roster fee stands in), and earlier months' credits unknown without a
 * ledger (they count as 0). */
static void fees_warnings(struct inputs *in, const struct opts *o, int64_t m0)
{
    struct fees_window w;
    char month[32], fee[32];
    size_t i;

    for (i = 0; o->ledger == NULL && i < in->cfg->npolicies; i++) {
        const struct policy *p = &in->cfg->policies[i];
        if (p->cap_fees > 1)
            warn(in,
                 "warning: [policy \"%s\"]: cap_fees = %lld counts the "
                 "credits of the %lld month(s) before this one from the "
                 "ledger, and no --ledger was given: they count as 0, so "
                 "the cap may be too high",
                 p->name, (long long)p->cap_fees, (long long)(p->cap_fees - 1));
    }
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        int64_t months = cap_fees_of(s);
        if (months == 0 ||
            fees_window(in->fees, s, fees_month_of(m0), months, &w) != 0 ||
            w.missing == 0)
            continue;
        fees_month_text(w.first_missing, month, sizeof month);
        money_format(s->fee, s->exponent, fee, sizeof fee);
        warn(in,
             "%s: warning: subscription %s: no fee for %s (%lld active "
             "month(s) of the %lld of cap_fees have none): the roster's "
             "monthly_fee %s %s stands in",
             in->cfg->fees_path, s->id, month, (long long)w.missing,
             (long long)w.months, fee, s->currency);
    }
}

/* cap_fees with a ledger that does not record the earlier months: a month
 * of a policy's window (from the month its earliest subscription began) of
 * which the ledger holds no committed run counts its credits as 0. Warns
 * once per policy, printing the warning; under --strict returns -1 with e
 * set. */
static int ledger_gaps(struct inputs *in, const struct opts *o,
                       const struct ledger *l, int64_t m0, struct err *e)
{
    const struct ledger_run *runs;
    size_t nruns, i, j, before = in->nwarnings;
    int64_t last = fees_month_of(m0);
    char period[32], first_text[32];

    if (l == NULL)
        return 0;
    runs = ledger_runs(l, &nruns);
    for (i = 0; i < in->cfg->npolicies; i++) {
        const struct policy *p = &in->cfg->policies[i];
        int64_t start = INT64_MAX, m, missing = 0, first = 0;
        for (j = 0; j < in->roster->n; j++) {
            if (uses_policy(&in->roster->subs[j], p) &&
                in->roster->subs[j].starts_at < start)
                start = in->roster->subs[j].starts_at;
        }
        if (p->cap_fees < 2 || start == INT64_MAX)
            continue;
        /* The window's first month, or the month the earliest
         * subscription began when later. */
        m = last - p->cap_fees + 1;
        if (fees_month_of(start) > m)
            m = fees_month_of(start);
        for (; m < last; m++) {
            bool found = false;
            fees_month_text(m, period, sizeof period);
            for (j = 0; j < nruns && !found; j++)
                found = strcmp(runs[j].period, period) == 0 &&
                        strcmp(runs[j].state, "committed") == 0;
            if (!found && missing++ == 0)
                first = m;
        }
        if (missing == 0)
            continue;
        fees_month_text(first, first_text, sizeof first_text);
        warn(in,
             "warning: [policy \"%s\"]: cap_fees = %lld: the ledger holds "
             "no run of %s (%lld month(s) of the window have none): their "
             "credits count as 0, so the cap may be too high",
             p->name, (long long)p->cap_fees, first_text, (long long)missing);
        fprintf(stderr, "slacredit: %s\n", in->warnings[in->nwarnings - 1]);
    }
    if (o->strict && in->nwarnings > before) {
        err_set(e, RC_DATA, NULL, 0,
                "--strict: %zu warning(s), nothing written", in->nwarnings);
        return -1;
    }
    return 0;
}

/* Refuses a subscription's status-page resource key that names more than
 * one component, for run, check and explain alike. */
static int check_page_keys(const struct inputs *in, struct err *e)
{
    struct ev_sources src;
    size_t i, j;

    src.map = in->map;
    src.pages = in->pages;
    src.npages = in->npages;
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        for (j = 0; j < s->nresources; j++) {
            const struct sp_data *page = evidence_page(&src, s->resources[j]);
            if (page != NULL &&
                statuspage_check_key(page, s->resources[j], in->roster->path,
                                     s->line, e) != 0)
                return -1;
        }
    }
    return 0;
}

/* Unknown time before the run's month m0 matters only to the quarters and
 * years that count it: a resource that only monthly policies name keeps
 * its unknown time from m0 on, as a run of monthly policies computes it
 * (monitor_finish() computed it from the earliest period start). */
static void clip_monthly_unknown(struct inputs *in, int64_t m0)
{
    size_t n = resmap_count(in->map), i, j;
    bool *period = xcalloc(n + 1, sizeof *period);
    struct ivset tmp;

    ivset_init(&tmp);
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        if (s->policy->period == PERIOD_MONTH)
            continue;
        for (j = 0; j < s->nresources; j++) {
            const struct res *r =
                resmap_get(in->map, s->resources[j], strlen(s->resources[j]));
            if (r != NULL)
                period[r->index] = true;
        }
    }
    for (i = 0; i < n; i++) {
        struct res *r = resmap_at(in->map, i);
        if (period[i] || r->unknown.n == 0)
            continue;
        ivset_clip(&tmp, &r->unknown, m0, INT64_MAX);
        ivset_copy(&r->unknown, &tmp);
    }
    ivset_free(&tmp);
    free(period);
}

/* Loads config, roster, monitoring and status-page evidence for the month
 * [m0, m1) (time zones resolved for [from, to)), from the start of the
 * earliest quarter or year a policy decides in it (from moves back as far). */
static int load(const struct opts *o, int64_t m0, int64_t m1, int64_t from,
                int64_t to, struct inputs *in, struct err *e)
{
    int64_t lo;
    struct progress pg = {false, NULL, 0};
    struct monitor_progress mp = {progress_bytes, &pg, progress_file};
    char hex[65];
    uint64_t size;
    size_t i, j;

    memset(in, 0, sizeof *in);
    pg.on = !o->quiet && isatty(STDERR_FILENO);
    in->cfg = config_load(o->config, e);
    if (in->cfg == NULL)
        return -1;
    /* The roster adds its resources to the map, which keeps their keys. */
    in->map = resmap_new();
    in->roster = roster_load_map(in->cfg->roster_path, in->cfg, in->map, e);
    if (in->roster == NULL)
        return -1;
    /* Every enabled billing format needs each row's account in its system,
     * in roster order so the first bad line is reported. */
    for (i = 0; i < in->roster->n; i++) {
        for (j = 0; j < BILLING_NFORMATS; j++) {
            if (formats_enabled(in->cfg->formats, (enum billing_format)j) &&
                billing_check_account((enum billing_format)j,
                                      &in->roster->subs[i],
                                      in->cfg->roster_path, e) != 0)
                return -1;
        }
    }
    if (sha_file(in->cfg->roster_path, hex, &size, e) != 0)
        return -1;
    sha_list_add(&in->files, in->cfg->roster_path, hex, size);
    lo = periods_start(in->roster, m0);
    from -= m0 - lo;
    if (in->cfg->claims_path != NULL) {
        in->claims = claims_load(in->cfg->claims_path, in->roster, e);
        if (in->claims == NULL ||
            sha_file(in->cfg->claims_path, hex, &size, e) != 0)
            return -1;
        sha_list_add(&in->files, in->cfg->claims_path, hex, size);
    }
    if (in->cfg->fees_path != NULL) {
        in->fees = fees_load(in->cfg->fees_path, in->roster, e);
        if (in->fees == NULL ||
            sha_file(in->cfg->fees_path, hex, &size, e) != 0)
            return -1;
        sha_list_add(&in->files, in->cfg->fees_path, hex, size);
    }
    in->src_st = xcalloc(in->cfg->nsources + 1, sizeof *in->src_st);
    for (i = 0; i < in->cfg->nsources; i++) {
        struct monitor_stats *one = &in->src_st[i];
        if (monitor_read(&in->cfg->sources[i], from, to, in->map, &in->files,
                         one, &mp, e) != 0)
            return -1;
        in->st.files += one->files;
        in->st.rows += one->rows;
        in->st.down += one->down;
        in->st.skipped += one->skipped;
        in->st.ambiguous += one->ambiguous;
        in->st.bytes += one->bytes;
    }
    resmap_finish(in->map);
    monitor_finish(
        in->map, evidence_unknown_fallback(in->cfg->sources, in->cfg->nsources),
        lo, m1);
    resmap_pack(in->map);
    if (lo < m0)
        clip_monthly_unknown(in, m0);
    in->pages = xcalloc(in->cfg->npages + 1, sizeof *in->pages);
    for (i = 0; i < in->cfg->npages; i++) {
        if (statuspage_load(&in->cfg->pages[i], m0, m1, &in->pages[i],
                            &in->files, e) != 0)
            return -1;
        in->npages++;
    }
    if (check_page_keys(in, e) != 0)
        return -1;
    find_warnings(in, o->cmd != CMD_CHECK, m0, lo);
    if (o->cmd != CMD_CHECK)
        fees_warnings(in, o, m0);
    for (i = 0; i < in->nwarnings; i++)
        fprintf(stderr, "slacredit: %s\n", in->warnings[i]);
    if (o->strict && in->nwarnings > 0) {
        err_set(e, RC_DATA, NULL, 0,
                "--strict: %zu warning(s), nothing written", in->nwarnings);
        return -1;
    }
    return 0;
}

/* Where windows_of() writes: one subscription's windows.csv rows. */
struct window_rows {
    struct buf *b;
    const char *period;
    const struct sub *s;
    struct err *e; /* the first write failure, then rc = -1 */
    int rc;
    const struct ivset *carried; /* the decision's carried outages */
};

/* One windows.csv row per piece; an excluded piece's detail ends in
 * ";excluded_by_<reason>". */
static void window_row(void *ctx, const struct ev_piece *p)
{
    struct window_rows *wr = ctx;
    const struct ev_window *w = p->window;
    struct iv span = {p->start, p->end};
    char detail[400];

    if (wr->rc != 0)
        return;
    if (!p->excluded) {
        wr->rc = report_window(wr->b, wr->period, wr->s, "counted", &span,
                               w->resource, w->source, w->detail, wr->e);
        return;
    }
    snprintf(detail, sizeof detail, "%s", w->detail);
    if (p->exclusion != NULL) {
        size_t n = strlen(detail);
        snprintf(detail + n, sizeof detail - n, "%sexcluded_by_%s",
                 n > 0 ? ";" : "", p->exclusion->detail);
    } else if (ivset_overlaps(wr->carried, p->start, p->end)) {
        size_t n = strlen(detail);
        snprintf(detail + n, sizeof detail - n,
                 "%sexcluded_by_per_incident_once", n > 0 ? ";" : "");
    }
    wr->rc = report_window(wr->b, wr->period, wr->s, "excluded", &span,
                           w->resource, w->source, detail, wr->e);
}

/* windows.csv rows of one decision: every source window of the evidence,
 * cut into what was counted (inside D) and what an exclusion removed. */
static int windows_of(struct buf *b, const char *period, const struct sub *s,
                      const struct decision *d, const struct evidence *x,
                      uint64_t *rows, struct err *e)
{
    struct window_rows wr = {b, period, s, e, 0, &d->carried};

    if (d->outcome == OUTCOME_NOT_ACTIVE)
        return 0;
    *rows += evidence_cut_windows(x, &d->down, &d->excluded, window_row, &wr);
    return wr.rc;
}

/* discrepancies.csv rows of one kind ("unacknowledged" or "unobserved"). */
static uint64_t discrepancy_rows(struct buf *b, const char *period,
                                 const struct sub *s, const struct ivset *set,
                                 const char *kind, const char *detail)
{
    size_t i;

    for (i = 0; i < set->n; i++) {
        char start[32], end[32], secs[24];
        const char *f[8];
        when_format(set->v[i].start, start, sizeof start);
        when_format(set->v[i].end, end, sizeof end);
        snprintf(secs, sizeof secs, "%lld",
                 (long long)(set->v[i].end - set->v[i].start));
        f[0] = period;
        f[1] = s->id;
        f[2] = s->customer;
        f[3] = kind;
        f[4] = start;
        f[5] = end;
        f[6] = secs;
        f[7] = detail;
        csvout_row(b, f, 8);
    }
    return set->n;
}

/* discrepancies.csv rows of one subscription (evidence_discrepancies()). */
static uint64_t discrepancies_of(struct buf *b, const char *period,
                                 const struct sub *s, const struct decision *d,
                                 const struct evidence *x, int64_t min)
{
    struct ivset unacknowledged, unobserved;
    uint64_t rows;

    if (d->outcome == OUTCOME_NOT_ACTIVE)
        return 0;
    ivset_init(&unacknowledged);
    ivset_init(&unobserved);
    evidence_discrepancies(x, d->active_start, d->active_end, min,
                           &unacknowledged, &unobserved);
    rows = discrepancy_rows(b, period, s, &unacknowledged, "unacknowledged",
                            "monitoring saw downtime no incident covers");
    rows += discrepancy_rows(b, period, s, &unobserved, "unobserved",
                             "an incident reports downtime monitoring did "
                             "not see");
    ivset_free(&unacknowledged);
    ivset_free(&unobserved);
    return rows;
}

/* Adds amount to the total of currency. Returns 0, or -1 with e set
 * when the total would not fit in 64-bit minor units (never printed wrapped
 * into a negative figure); s locates the row that overflowed. */
static int add_total(struct report_total **t, size_t *n, const char *currency,
                     int exponent, int64_t amount, const struct sub *s,
                     struct err *e)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcmp((*t)[i].currency, currency) == 0)
            break;
    }
    if (i == *n) {
        *t = xreallocarray(*t, *n + 1, sizeof **t);
        while (i > 0 && strcmp((*t)[i - 1].currency, currency) > 0) {
            (*t)[i] = (*t)[i - 1];
            i--;
        }
        memset(&(*t)[i], 0, sizeof **t);
        memcpy((*t)[i].currency, currency, 4);
        (*t)[i].exponent = exponent;
        (*n)++;
    }
    if (__builtin_add_overflow((*t)[i].amount, amount, &(*t)[i].amount)) {
        err_set(e, RC_DATA, NULL, s->line,
                "subscription %s: the %s credit total does not fit in "
                "64-bit minor units",
                s->id, currency);
        return -1;
    }
    (*t)[i].credits++;
    return 0;
}

static void print_summary(const char *dir, const struct roster *r,
                          const uint64_t *outcomes,
                          const struct report_total *t, size_t nt)
{
    size_t i;
    char amount[32];

    printf("slacredit: wrote %s/ (credits.csv, decisions.csv, windows.csv, "
           "manifest.json)\n",
           dir);
    printf("  subscriptions %zu, credited %llu, already issued %llu", r->n,
           (unsigned long long)outcomes[OUTCOME_CREDITED],
           (unsigned long long)outcomes[OUTCOME_ALREADY_ISSUED]);
    if (outcomes[OUTCOME_PERIOD_OPEN] > 0)
        printf(", period open %llu (quarter or year decided later)",
               (unsigned long long)outcomes[OUTCOME_PERIOD_OPEN]);
    printf("\n");
    for (i = 0; i < nt; i++) {
        money_format(t[i].amount, t[i].exponent, amount, sizeof amount);
        printf("  %s %s in %llu adjustment(s)\n", t[i].currency, amount,
               (unsigned long long)t[i].credits);
    }
}

/* One line per status page: what was read, and what was tolerated. */
static void print_pages(const struct inputs *in)
{
    size_t i;

    for (i = 0; i < in->npages; i++) {
        const struct sp_data *p = &in->pages[i];
        printf("  statuspage %s: %llu snapshot(s), %zu incident(s) and "
               "maintenance(s), %zu component(s)",
               p->cfg->name, (unsigned long long)p->snapshots, p->nincidents,
               p->ncomponent_ids);
        if (p->unknown_fields + p->unknown_statuses > 0)
            printf("; tolerated %llu unknown field(s) and %llu unknown "
                   "status value(s), first %s",
                   (unsigned long long)p->unknown_fields,
                   (unsigned long long)p->unknown_statuses, p->first_unknown);
        printf("\n");
    }
}

/* cap_fees: the fees of the policy's months (the fee history, the roster's
 * fee standing in for a missing month) and what the ledger (NULL: none)
 * issued for the months before this one, in the subscription's currency
 * over every policy. Returns 0, or -1 with e set when a sum overflows. */
static int history_of(const struct inputs *in, const struct ledger *l,
                      int64_t m0, const struct sub *s, const struct policy *p,
                      struct calc_history *h, struct err *e)
{
    struct fees_window w;
    struct ledger_issued iss;
    int64_t last = fees_month_of(m0), m;
    char period[32];

    h->months = p->cap_fees;
    h->earlier = 0;
    if (fees_window(in->fees, s, last, h->months, &w) != 0)
        goto overflow;
    h->fees = w.total;
    for (m = last - h->months + 1; l != NULL && m < last; m++) {
        fees_month_text(m, period, sizeof period);
        ledger_issued(l, period, s->id, s->currency, &iss);
        if (iss.found && money_add(h->earlier, iss.amount, &h->earlier) != 0)
            goto overflow;
    }
    return 0;
overflow:
    err_set(e, RC_DATA, in->roster->path, s->line,
            "subscription %s: the fees or credits of cap_fees do not fit in "
            "64-bit minor units",
            s->id);
    return -1;
}

/* The decisions of a composite policy's members (either = ...), kept for
 * explain. decide() moves the winner's decision and evidence into the
 * caller's, so view[] points at each member's decision wherever it is. */
struct members {
    struct decision d[POLICY_EITHER_MAX];
    struct evidence x[POLICY_EITHER_MAX];
    const struct decision *view[POLICY_EITHER_MAX];
    size_t n;      /* 0: the policy is no composite */
    size_t winner; /* index of the member credited */
};

static void members_init(struct members *m)
{
    size_t i;

    for (i = 0; i < POLICY_EITHER_MAX; i++) {
        calc_decision_init(&m->d[i]);
        evidence_init(&m->x[i]);
    }
    m->n = 0;
    m->winner = 0;
}

static void members_free(struct members *m)
{
    size_t i;

    for (i = 0; i < POLICY_EITHER_MAX; i++) {
        calc_decision_free(&m->d[i]);
        evidence_free(&m->x[i]);
    }
}

/* Decides one subscription under policy p: its evidence, then the engine,
 * then the note that an unresolved incident is part of its downtime. l is
 * the ledger, or NULL. */
static int decide_one(const struct inputs *in, const struct ledger *l,
                      int64_t m0, int64_t m1, const struct sub *s,
                      const struct policy *p, struct evidence *x,
                      struct decision *d, struct err *e)
{
    struct ev_sources src = {in->map, in->pages, in->npages};
    struct calc_input ci;
    struct calc_history h;

    evidence_build(&src, s, p, x);
    ci.policy = p;
    ci.sub = s;
    ci.month_start = m0;
    ci.month_end = m1;
    ci.evidence = NULL;
    ci.weighted = &x->ev;
    ci.excluded = &x->excluded;
    ci.unmeasured = &x->unmeasured;
    ci.unknown = &x->unknown;
    ci.claims = NULL;
    ci.nclaims = 0;
    if (in->claims != NULL)
        ci.claims = claims_of(in->claims, s->id, &ci.nclaims);
    ci.history = NULL;
    if (p->cap_fees > 0) {
        if (history_of(in, l, m0, s, p, &h, e) != 0)
            return -1;
        ci.history = &h;
    }
    if (calc_decide(&ci, d, e) != 0) {
        err_locate(e, in->roster->path, s->line);
        return -1;
    }
    explain_reason(d, s, d->detail, sizeof d->detail);
    if (evidence_ongoing_in(x, &d->down)) {
        size_t n = strlen(d->detail);
        snprintf(d->detail + n, sizeof d->detail - n,
                 "%songoing: an incident was still unresolved at the month's "
                 "end",
                 n > 0 ? "; " : "");
    }
    return 0;
}

/* Decides one subscription under its policy. A composite (either = A, B)
 * decides it under each member, each with its own evidence, and keeps the
 * larger credit (engine/either.h): the winner's decision and evidence end
 * up in d and x, every member's in m. */
static int decide(const struct inputs *in, const struct ledger *l, int64_t m0,
                  int64_t m1, const struct sub *s, struct evidence *x,
                  struct decision *d, struct members *m, struct err *e)
{
    const struct policy *p = s->policy;
    char summary[sizeof d->detail];
    struct decision td;
    struct evidence tx;
    size_t i;

    m->n = 0;
    if (!policy_is_either(p))
        return decide_one(in, l, m0, m1, s, p, x, d, e);
    for (i = 0; i < p->neither; i++) {
        if (decide_one(in, l, m0, m1, s, p->members[i], &m->x[i], &m->d[i],
                       e) != 0)
            return -1;
        m->view[i] = &m->d[i];
    }
    m->n = p->neither;
    m->winner = either_pick(m->view, m->n);
    either_summary(m->view, m->n, m->winner, s, summary, sizeof summary);
    td = *d;
    *d = m->d[m->winner];
    m->d[m->winner] = td;
    tx = *x;
    *x = m->x[m->winner];
    m->x[m->winner] = tx;
    m->view[m->winner] = d;
    either_mark(d, summary);
    return 0;
}

/* One output file of the run, as manifest.json lists it. */
struct output {
    char *name;        /* owned */
    struct outfile *f; /* while it is being written, else NULL */
    uint64_t rows;     /* data rows, header excluded */
    uint64_t size;     /* bytes */
    char hex[65];      /* SHA-256 */
};

/* The output files of one run, in the order they are written. */
struct outputs {
    struct output *v; /* owned */
    size_t n;
};

/* dir as an absolute path (for the ledger's record of the run), in out. */
static const char *absolute(const char *dir, char *out, size_t cap)
{
    char cwd[1024];

    if (dir[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
        snprintf(out, cap, "%s", dir);
    else if (snprintf(out, cap, "%s/%s", cwd, dir) >= (int)cap)
        snprintf(out, cap, "%s", dir);
    return out;
}

/* One run of a month: what it read, what it decided, what it writes. */
struct month_run {
    const struct opts *o;
    int64_t m0, m1; /* the month, [m0, m1) */
    struct inputs in;
    struct ledger *ledger; /* NULL without --ledger */
    struct decision d;     /* the current subscription's */
    struct evidence x;     /* the current subscription's */
    struct members mem;    /* its members', under a composite policy */
    struct outdir *od;     /* the output folder, written as rows are made */
    struct outputs out;
    /* Indices in out of the files written as the run goes; SIZE_MAX for
     * one not written (discrepancies.csv without status pages, a billing
     * format the config does not name). */
    size_t credits, decisions, windows, discrepancies;
    size_t billing[BILLING_NFORMATS];
    struct billing_file bf[BILLING_NFORMATS];
    /* credits.csv rows: the current subscription's, or with a ledger every
     * row of the run (ledger_record() takes them all) */
    struct reconcile_rows rl;
    struct report_total *totals;
    size_t ntotals;
    uint64_t outcomes[OUTCOME_COUNT];
    char cfg_hex[65];
    uint64_t cfg_size;
    struct output page; /* the HTML page being written */
    /* manifest.json's entries of the outputs ended, in order, set aside
     * (a statement's entry is all that is left of it) */
    struct spill listed;
    size_t nlisted;
    char mhex[65];
    struct html_pages *pages; /* NULL under [output] formats = no-html */
    struct ev_sources src;
};

/* Begins output file name; its index in r->out, or SIZE_MAX with e set. */
static size_t output_begin(struct month_run *r, const char *name, struct err *e)
{
    struct output *w;
    struct outfile *f = outdir_begin(r->od, name, e);

    if (f == NULL)
        return SIZE_MAX;
    r->out.v = xreallocarray(r->out.v, r->out.n + 1, sizeof *r->out.v);
    w = &r->out.v[r->out.n];
    memset(w, 0, sizeof *w);
    w->name = xstrdup(name);
    w->f = f;
    return r->out.n++;
}

static struct buf *obuf(const struct month_run *r, size_t k)
{
    return outdir_buf(r->out.v[k].f);
}

static int output_flush(struct month_run *r, size_t k, struct err *e)
{
    return outdir_flush(r->od, r->out.v[k].f, e);
}

static int output_end(struct month_run *r, size_t k, struct err *e)
{
    struct output *w = &r->out.v[k];
    struct outfile *f = w->f;

    w->f = NULL;
    return outdir_end(r->od, f, w->hex, &w->size, e);
}

/* Settles one decided subscription against the ledger: its credits.csv
 * rows and the billing files' rows, added to the currency totals. */
static int settle(struct month_run *r, const struct sub *s, struct err *e)
{
    size_t first, k, f;

    if (r->ledger == NULL)
        r->rl.n = 0; /* nothing needs the rows of earlier subscriptions */
    first = r->rl.n;
    reconcile_decision(r->ledger, r->o->month, s, &r->d, &r->rl);
    for (k = first; k < r->rl.n; k++) {
        if (report_credit(obuf(r, r->credits), &r->rl.v[k], e) != 0)
            return -1;
        r->out.v[r->credits].rows++;
        if (add_total(&r->totals, &r->ntotals, r->rl.v[k].currency,
                      r->rl.v[k].exponent, r->rl.v[k].amount, s, e) != 0) {
            err_locate(e, r->in.roster->path, s->line);
            return -1;
        }
        for (f = 0; f < BILLING_NFORMATS; f++) {
            if (r->billing[f] != SIZE_MAX &&
                (billing_write((enum billing_format)f, &r->bf[f], &r->rl.v[k],
                               1, e) != 0 ||
                 output_flush(r, r->billing[f], e) != 0))
                return -1;
        }
    }
    if (r->pages != NULL &&
        html_pages_add(r->pages,
                       &(struct html_sub){s, &r->d, &r->x, &r->src,
                                          r->rl.v + first, r->rl.n - first},
                       e) != 0)
        return -1;
    return output_flush(r, r->credits, e);
}

/* Begins every file written as the subscriptions are decided, headers
 * written: credits.csv, decisions.csv, windows.csv, discrepancies.csv
 * (with status pages) and the billing files the config enables. */
static int begin_outputs(struct month_run *r, struct err *e)
{
    size_t i;

    r->discrepancies = SIZE_MAX;
    if ((r->credits = output_begin(r, formats_file(OUTPUT_CREDITS), e)) ==
            SIZE_MAX ||
        (r->decisions = output_begin(r, formats_file(OUTPUT_DECISIONS), e)) ==
            SIZE_MAX ||
        (r->windows = output_begin(r, formats_file(OUTPUT_WINDOWS), e)) ==
            SIZE_MAX)
        return -1;
    if (report_credits_header(obuf(r, r->credits), e) != 0 ||
        report_decisions_header(obuf(r, r->decisions), e) != 0 ||
        report_windows_header(obuf(r, r->windows), e) != 0)
        return -1;
    if (r->in.npages > 0) {
        r->discrepancies =
            output_begin(r, formats_file(OUTPUT_DISCREPANCIES), e);
        if (r->discrepancies == SIZE_MAX)
            return -1;
        buf_puts(obuf(r, r->discrepancies),
                 "period,subscription_id,customer_id,kind,"
                 "start,end,seconds,detail\n");
    }
    for (i = 0; i < BILLING_NFORMATS; i++) {
        enum billing_format f = (enum billing_format)i;
        r->billing[i] = SIZE_MAX;
        if (!formats_enabled(r->in.cfg->formats, f))
            continue;
        if ((r->billing[i] = output_begin(r, billing_file_name(f), e)) ==
            SIZE_MAX)
            return -1;
        billing_file_init(&r->bf[i], obuf(r, r->billing[i]));
        if (billing_write(f, &r->bf[i], NULL, 0, e) != 0)
            return -1;
    }
    return 0;
}

/* One decided subscription's rows of windows.csv, discrepancies.csv,
 * credits.csv (and the billing files) and decisions.csv. */
static int write_decision(struct month_run *r, const struct sub *s,
                          struct err *e)
{
    const char *period = r->o->month;

    if (windows_of(obuf(r, r->windows), period, s, &r->d, &r->x,
                   &r->out.v[r->windows].rows, e) != 0 ||
        output_flush(r, r->windows, e) != 0)
        return -1;
    if (r->discrepancies != SIZE_MAX) {
        r->out.v[r->discrepancies].rows +=
            discrepancies_of(obuf(r, r->discrepancies), period, s, &r->d, &r->x,
                             r->in.cfg->discrepancy_min);
        if (output_flush(r, r->discrepancies, e) != 0)
            return -1;
    }
    if (settle(r, s, e) != 0)
        return -1;
    r->outcomes[r->d.outcome]++;
    if (report_decision(obuf(r, r->decisions), period, s, &r->d, e) != 0)
        return -1;
    r->out.v[r->decisions].rows++;
    return output_flush(r, r->decisions, e);
}

/* Decides every subscription, in id then policy order, into credits.csv,
 * decisions.csv, windows.csv, (with status pages) discrepancies.csv and
 * the billing files, each row written as it is made. */
static int decide_all(struct month_run *r, struct err *e)
{
    /* The roster's index by id is that order: ids are unique, so the
     * policy never breaks a tie. */
    const uint32_t *order = r->in.roster->by_id;
    size_t i;
    int rc = -1;

    if (begin_outputs(r, e) != 0)
        goto out;
    r->src = (struct ev_sources){r->in.map, r->in.pages, r->in.npages};
    if (!r->in.cfg->no_html)
        r->pages = html_pages_new(r->o->month, r->m0, r->m1,
                                  r->in.cfg->discrepancy_min);
    for (i = 0; i < r->in.roster->n; i++) {
        const struct sub *s = &r->in.roster->subs[order[i]];
        if (decide(&r->in, r->ledger, r->m0, r->m1, s, &r->x, &r->d, &r->mem,
                   e) != 0 ||
            write_decision(r, s, e) != 0)
            goto out;
    }
    rc = 0;
out:
    return rc;
}

/* Ends the billing files, then lists the rows they left out. */
static int write_billing(struct month_run *r, struct err *e)
{
    size_t i, k;

    for (i = 0; i < BILLING_NFORMATS; i++) {
        struct billing_file *bf = &r->bf[i];
        if (r->billing[i] == SIZE_MAX)
            continue;
        r->out.v[r->billing[i]].rows = bf->rows;
        if (output_end(r, r->billing[i], e) != 0)
            return -1;
        /* Rows a billing system cannot take are left out, with a warning. */
        for (k = 0; k < bf->nwarnings; k++) {
            warn(&r->in, "%s", bf->warnings[k]);
            fprintf(stderr, "slacredit: %s\n", bf->warnings[k]);
        }
    }
    if (r->o->strict && r->in.nwarnings > 0) {
        err_set(e, RC_DATA, NULL, 0,
                "--strict: %zu warning(s), nothing written", r->in.nwarnings);
        return -1;
    }
    return 0;
}

/* Adds output w's entry to manifest.json's list. */
static int list_output(struct month_run *r, const struct output *w,
                       struct err *e)
{
    struct report_output ro = {w->name, w->hex, w->size, w->rows};

    if (report_manifest_output(spill_buf(&r->listed), &ro, r->nlisted == 0,
                               e) != 0)
        return -1;
    r->nlisted++;
    return spill_flush(&r->listed, e);
}

/* html_sink over the output folder: a page begun, flushed, ended and
 * listed. */
static struct buf *page_begin(void *ctx, const char *name, struct err *e)
{
    struct month_run *r = ctx;

    free(r->page.name);
    memset(&r->page, 0, sizeof r->page);
    r->page.name = xstrdup(name);
    r->page.f = outdir_begin(r->od, name, e);
    return r->page.f != NULL ? outdir_buf(r->page.f) : NULL;
}

static int page_flush(void *ctx, struct err *e)
{
    struct month_run *r = ctx;

    return outdir_flush(r->od, r->page.f, e);
}

static int page_end(void *ctx, uint64_t rows, struct err *e)
{
    struct month_run *r = ctx;
    struct outfile *f = r->page.f;

    r->page.f = NULL;
    r->page.rows = rows;
    if (outdir_end(r->od, f, r->page.hex, &r->page.size, e) != 0)
        return -1;
    return list_output(r, &r->page, e);
}

/* Writes manifest.json: its head, the entries set aside, its tail. */
static int write_manifest(struct month_run *r, const struct report_manifest *m,
                          struct err *e)
{
    struct outfile *f = outdir_begin(r->od, formats_file(OUTPUT_MANIFEST), e);
    struct buf tail;
    uint64_t at, n = spill_size(&r->listed), size;
    int rc = -1;

    buf_init(&tail, 0);
    if (f == NULL || report_manifest_split(outdir_buf(f), &tail, m, e) != 0)
        goto out;
    for (at = 0; at < n; at += SPILL_CHUNK) {
        size_t step = n - at < SPILL_CHUNK ? (size_t)(n - at) : SPILL_CHUNK;
        if (spill_read(&r->listed, at, step, outdir_buf(f), e) != 0 ||
            outdir_flush(r->od, f, e) != 0)
            goto out;
    }
    if (buf_append(outdir_buf(f), tail.p, tail.len) != 0) {
        err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows",
                formats_file(OUTPUT_MANIFEST));
        goto out;
    }
    rc = outdir_end(r->od, f, r->mhex, &size, e);
out:
    buf_free(&tail);
    return rc;
}

/* Ends the files written as the run went, writes the HTML pages, and
 * manifest.json (which lists them all), nothing swapped in yet. */
static int stage_outputs(struct month_run *r, struct err *e)
{
    const struct opts *o = r->o;
    const char *slash = strrchr(o->config, '/');
    size_t i;

    if (output_end(r, r->credits, e) != 0 ||
        output_end(r, r->decisions, e) != 0 ||
        output_end(r, r->windows, e) != 0 ||
        (r->discrepancies != SIZE_MAX &&
         output_end(r, r->discrepancies, e) != 0))
        return -1;
    for (i = 0; i < r->out.n; i++) {
        if (list_output(r, &r->out.v[i], e) != 0)
            return -1;
    }
    if (r->pages != NULL &&
        html_pages_finish(
            r->pages,
            &(struct html_run){
                SLACREDIT_VERSION, slash != NULL ? slash + 1 : o->config,
                r->cfg_hex, r->cfg_size, &r->in.files, r->in.cfg->dir,
                r->totals, r->ntotals, r->outcomes, OUTCOME_ALREADY_ISSUED + 1,
                r->in.nwarnings},
            &(struct html_sink){page_begin, page_flush, page_end, r}, e) != 0)
        return -1;
    return write_manifest(
        r,
        &(struct report_manifest){
            SLACREDIT_VERSION, o->month, slash != NULL ? slash + 1 : o->config,
            r->cfg_hex, r->cfg_size, &r->in.files, r->in.cfg->dir, NULL, 0,
            r->totals, r->ntotals, r->outcomes, OUTCOME_ALREADY_ISSUED + 1,
            (const char *const *)r->in.warnings, r->in.nwarnings},
        e);
}

/* Swaps the staged outputs in. Two phases (ledger.h): the run is recorded
 * as pending with the hash of its manifest, the outputs are swapped in,
 * the run is committed. */
static int commit_outputs(struct month_run *r, struct err *e)
{
    char absdir[1200];

    if (r->ledger != NULL &&
        ledger_record(r->ledger, r->o->month,
                      absolute(outdir_path(r->od), absdir, sizeof absdir),
                      r->mhex, r->rl.v, r->rl.n, e) != 0)
        return -1;
    if (outdir_commit(r->od, e) != 0) {
        struct err ignored;
        if (r->ledger != NULL)
            ledger_abandon(r->ledger, &ignored);
        return -1;
    }
    fault_point("outputs-swapped");
    if (r->ledger != NULL && ledger_confirm(r->ledger, e) != 0)
        return -1;
    return 0;
}

static void month_run_free(struct month_run *r)
{
    size_t i;

    ledger_close(r->ledger);
    outdir_free(r->od);
    html_pages_free(r->pages);
    free(r->totals);
    reconcile_rows_free(&r->rl);
    for (i = 0; i < BILLING_NFORMATS; i++)
        billing_file_free(&r->bf[i]);
    for (i = 0; i < r->out.n; i++)
        free(r->out.v[i].name);
    free(r->out.v);
    free(r->page.name);
    spill_free(&r->listed);
    evidence_free(&r->x);
    calc_decision_free(&r->d);
    members_free(&r->mem);
    inputs_free(&r->in);
}

int run_month(const struct opts *o, struct err *e)
{
    struct month_run r;
    char dirbuf[600];
    int rc = -1;

    memset(&r, 0, sizeof r);
    r.o = o;
    calc_decision_init(&r.d);
    evidence_init(&r.x);
    members_init(&r.mem);
    spill_init(&r.listed);
    if (when_parse_month(o->month, &r.m0, &r.m1, e) != 0)
        return -1;
    /* The ledger first: a file that is no ledger, or a broken one, stops the
     * run before anything is read, computed or written. */
    if (o->ledger != NULL) {
        r.ledger = ledger_open(o->ledger, LEDGER_RUN,
                               o->quiet ? NULL
                                        : "slacredit: waiting for another run "
                                          "to release the ledger",
                               e);
        if (r.ledger == NULL)
            goto out;
    }
    if (load(o, r.m0, r.m1, r.m0 - ZONES_BEFORE_MONTH, r.m1 + ZONES_AFTER_MONTH,
             &r.in, e) != 0 ||
        sha_file(o->config, r.cfg_hex, &r.cfg_size, e) != 0 ||
        ledger_gaps(&r.in, o, r.ledger, r.m0, e) != 0)
        goto out;
    snprintf(dirbuf, sizeof dirbuf, "out/%s", o->month);
    r.od = outdir_new(o->out != NULL ? o->out : dirbuf);
    if (decide_all(&r, e) != 0 || write_billing(&r, e) != 0)
        goto out;
    if (stage_outputs(&r, e) != 0 || commit_outputs(&r, e) != 0)
        goto out;
    if (!o->quiet) {
        print_summary(outdir_path(r.od), r.in.roster, r.outcomes, r.totals,
                      r.ntotals);
        print_pages(&r.in);
    }
    rc = 0;
out:
    month_run_free(&r);
    return rc;
}

/* check: what each monitoring source read. */
static void print_sources(const struct inputs *in)
{
    size_t i;

    for (i = 0; i < in->cfg->nsources; i++) {
        const struct monsrc *m = &in->cfg->sources[i];
        const struct monitor_stats *st = &in->src_st[i];
        printf("slacredit: [monitoring \"%s\"] format = %s: %llu row(s) in "
               "%llu file(s), %llu down, %llu of unknown resources skipped\n",
               m->name, monitor_formats[m->format]->name,
               (unsigned long long)st->rows, (unsigned long long)st->files,
               (unsigned long long)st->down, (unsigned long long)st->skipped);
    }
}

int run_check(const struct opts *o, struct err *e)
{
    struct inputs in;
    int rc = -1;

    /* Zones are resolved for 1970..2100: check is not tied to a month. */
    if (load(o, 0, civil_days_from_date(2100, 1, 1) * DAY, 0,
             civil_days_from_date(2100, 1, 1) * DAY, &in, e) != 0)
        goto out;
    if (!o->quiet) {
        print_sources(&in);
        print_pages(&in);
    }
    if (!o->quiet)
        printf("slacredit: %s is valid: %zu monitoring source(s), %zu "
               "policy(ies), %zu subscription(s), %llu monitoring row(s) in "
               "%llu file(s), %llu row(s) of unknown resources skipped, %zu "
               "resource reference(s) without data\n",
               o->config, in.cfg->nsources, in.cfg->npolicies, in.roster->n,
               (unsigned long long)in.st.rows, (unsigned long long)in.st.files,
               (unsigned long long)in.st.skipped, in.unnamed);
    rc = 0;
out:
    inputs_free(&in);
    return rc;
}

int run_explain(const struct opts *o, struct err *e)
{
    struct inputs in;
    struct decision d;
    struct evidence x;
    struct members mem;
    struct ledger *ledger = NULL;
    struct ledger_issued iss;
    struct reconcile_rows rl = {NULL, 0, 0};
    struct explain_input ei;
    struct buf b;
    const struct sub *s = NULL;
    int64_t m0, m1;
    int rc = -1;

    memset(&in, 0, sizeof in);
    memset(&iss, 0, sizeof iss);
    calc_decision_init(&d);
    evidence_init(&x);
    members_init(&mem);
    buf_init(&b, 0);
    if (when_parse_month(o->month, &m0, &m1, e) != 0)
        return -1;
    if (load(o, m0, m1, m0 - ZONES_BEFORE_MONTH, m1 + ZONES_AFTER_MONTH, &in,
             e) != 0)
        goto out;
    s = roster_find(in.roster, o->subscription);
    if (s == NULL) {
        err_set(e, RC_DATA, in.roster->path, 0,
                "no subscription with this id in the roster: %s",
                o->subscription);
        goto out;
    }
    if (o->ledger != NULL) {
        ledger = ledger_open(o->ledger, LEDGER_READ, NULL, e);
        if (ledger == NULL || ledger_gaps(&in, o, ledger, m0, e) != 0)
            goto out;
    }
    if (decide(&in, ledger, m0, m1, s, &x, &d, &mem, e) != 0)
        goto out;
    ei.period = o->month;
    ei.month_start = m0;
    ei.month_end = m1;
    ei.sub = s;
    ei.d = &d;
    ei.x = &x;
    ei.members = mem.view;
    ei.nmembers = mem.n;
    ei.winner = mem.winner;
    ei.has_ledger = ledger != NULL;
    ei.issued = &iss;
    if (ledger != NULL)
        ledger_issued(ledger, o->month, s->id, s->currency, &iss);
    reconcile_decision(ledger, o->month, s, &d, &rl);
    ei.row = rl.n > 0 ? &rl.v[rl.n - 1] : NULL;
    explain_write(&b, &ei);
    fwrite(buf_str(&b), 1, b.len, stdout);
    rc = 0;
out:
    buf_free(&b);
    reconcile_rows_free(&rl);
    ledger_close(ledger);
    evidence_free(&x);
    calc_decision_free(&d);
    members_free(&mem);
    inputs_free(&in);
    return rc;
}

/* inputs: what one run reads (see inputs.h). */
#include "cmd/inputs.h"

#include "cmd/opts.h"
#include "engine/calc.h"
#include "engine/evidence.h"
#include "engine/res.h"
#include "ledger/ledger.h"
#include "lib/civil.h"
#include "lib/money.h"
#include "lib/rx.h"
#include "lib/sha.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/claims.h"
#include "read/config.h"
#include "read/fees.h"
#include "read/monitor.h"
#include "read/monitor_tab.h"
#include "read/roster.h"
#include "read/statuspage.h"
#include "write/billing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY 86400

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

void inputs_free(struct inputs *in)
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

struct ev_sources inputs_sources(const struct inputs *in)
{
    return (struct ev_sources){in->map, in->pages, in->npages};
}

void inputs_warn(struct inputs *in, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    err_one_line(text, sizeof text);
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
        const struct policy *p = sub_policy(&r->subs[i]);
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
        if (sub_policy(s)->period == PERIOD_MONTH)
            continue;
        calc_period(sub_policy(s)->period, m0, &p0, &p1);
        calc_period_text(sub_policy(s)->period, p0, name, sizeof name);
        for (a = p0; a < m0; a = b) {
            int64_t lo, hi, q0;
            calc_period(PERIOD_MONTH, a, &q0, &b);
            lo = s->starts_at > a ? s->starts_at : a;
            hi = s->ends_at < b ? s->ends_at : b;
            if (hi <= lo)
                continue;
            calc_period_text(PERIOD_MONTH, a, month, sizeof month);
            for (j = 0; j < s->nresources; j++) {
                const struct res *r = resmap_at(in->map, s->resources[j]);
                const char *key = r->key;
                const struct res_unknown *u;
                if (resmap_source(in->map, r) == NULL)
                    continue;
                u = resmap_unknown(in->map, r);
                if (u == NULL)
                    continue;
                ivset_clip(&part, &u->set, lo, hi);
                if (ivset_total(&part) < hi - lo)
                    continue;
                inputs_warn(
                    in,
                    "%s:%ld: warning: no monitoring sample in %s, a month "
                    "of the %s %s that this run decides (its time is "
                    "unknown): %s",
                    in->roster->path, (long)s->line, month,
                    policy_period_name(sub_policy(s)->period), name, key);
            }
        }
    }
    ivset_free(&part);
}

/* The one place that finds what the inputs leave in doubt: run, check and
 * explain all print these (also under --quiet), run lists them in
 * manifest.json, and --strict refuses them. lo is the earliest period
 * start (periods_start()). */
/* True when the page's config gives status a meaning: a down status or a
 * weight. */
static bool status_configured(const struct statuspage *cfg, const char *status)
{
    size_t k;

    for (k = 0; k < cfg->ndown_statuses; k++)
        if (strcmp(cfg->down_statuses[k], status) == 0)
            return true;
    for (k = 0; k < cfg->nweights; k++)
        if (strcmp(cfg->weights[k].status, status) == 0)
            return true;
    return false;
}

/* Status values the Statuspage API does not give change what a page's
 * evidence says unless the config names them: each is a warning. */
static void unknown_value_warnings(struct inputs *in, const struct sp_data *p)
{
    size_t k, j;

    for (k = 0; k < p->nunknown_values; k++) {
        const struct sp_unknown_value *u = &p->unknown_values[k];
        const char *reading;
        bool named = false;
        if (u->kind == SP_UNKNOWN_COMPONENT) {
            named = status_configured(p->cfg, u->value);
            reading = "read as not down; name it in down_statuses if it is "
                      "an outage";
        } else if (u->kind == SP_UNKNOWN_IMPACT) {
            for (j = 0; j < p->cfg->ndown_impacts; j++)
                named = named || strcmp(p->cfg->down_impacts[j], u->value) == 0;
            reading = "not in down_impacts, so an incident of it without "
                      "component transitions makes no downtime";
        } else {
            reading = "not a status that ends an incident: one without "
                      "resolved_at is read as unresolved";
        }
        if (named)
            continue;
        inputs_warn(in,
                    "%s: warning: [statuspage \"%s\"]: %s \"%s\" (%llu "
                    "time(s)) is not a value of the Statuspage API: %s",
                    u->path, p->cfg->name, u->field, u->value,
                    (unsigned long long)u->n, reading);
    }
    if (p->unknown_values_lost > 0)
        inputs_warn(in,
                    "warning: [statuspage \"%s\"]: %llu more time(s) a status "
                    "value the Statuspage API does not give, past the first "
                    "%d distinct ones",
                    p->cfg->name, (unsigned long long)p->unknown_values_lost,
                    SP_UNKNOWN_VALUES);
}

/* True when the normal set s covers all of [a, b). */
static bool covers(const struct ivset *s, int64_t a, int64_t b)
{
    size_t i;

    for (i = 0; i < s->n && s->v[i].start <= a; i++)
        if (s->v[i].end >= b)
            return true;
    return false;
}

/* Resources of subscriptions active in the month [m0, m1) that a samples
 * source names in its rows but has no sample of in the month: their month is
 * all unknown time, which the default unknown = up reads as up. An export of
 * another month, or a monitor removed from the export, must not read as a quiet
 * no_downtime: one warning per source, with how many and the first. */
static void no_sample_warnings(struct inputs *in, int64_t m0, int64_t m1)
{
    static const char *const reading[] = {
        [RES_UNKNOWN_UP] = "reads as up (no downtime)",
        [RES_UNKNOWN_DOWN] = "counts as downtime",
        [RES_UNKNOWN_EXCLUDED] = "leaves the active window",
    };
    size_t i, k, n = resmap_count(in->map);
    size_t nsrc = in->cfg->nsources;
    uint64_t *count = xcalloc(nsrc + 1, sizeof *count);
    const struct res **first = xcalloc(nsrc + 1, sizeof *first);
    enum res_unknown_mode *mode = xcalloc(nsrc + 1, sizeof *mode);
    unsigned char *active = xcalloc(n + 1, 1);
    char when[32];

    /* Only the resources of subscriptions active in the month matter: a
     * monitor of an ended subscription may well be gone from the export. */
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        if (s->starts_at >= m1 || s->ends_at <= m0)
            continue;
        for (k = 0; k < s->nresources; k++)
            active[s->resources[k]] = 1;
    }
    for (i = 0; i < n; i++) {
        const struct res *r = resmap_at(in->map, i);
        const struct res_unknown *u = resmap_unknown(in->map, r);
        const char *src = resmap_source(in->map, r);
        if (!active[i] || u == NULL || src == NULL || !covers(&u->set, m0, m1))
            continue;
        for (k = 0; k < nsrc && strcmp(in->cfg->sources[k].name, src); k++)
            ;
        if (count[k]++ == 0) {
            first[k] = r;
            mode[k] = u->mode;
        }
    }
    fees_month_text(fees_month_of(m0), when, sizeof when);
    for (k = 0; k <= nsrc; k++) {
        if (count[k] == 0)
            continue;
        inputs_warn(in,
                    "warning: [monitoring \"%s\"]: %llu resource(s) named in "
                    "its rows have no sample in %s, the first %s: their month "
                    "is unknown time, which unknown = %s %s; is an export "
                    "missing?",
                    k < nsrc ? in->cfg->sources[k].name : "?",
                    (unsigned long long)count[k], when, first[k]->key,
                    mode[k] == RES_UNKNOWN_UP     ? "up"
                    : mode[k] == RES_UNKNOWN_DOWN ? "down"
                                                  : "excluded",
                    reading[mode[k]]);
    }
    free(count);
    free(first);
    free(mode);
    free(active);
}

static void find_warnings(struct inputs *in, bool month, int64_t m0, int64_t m1,
                          int64_t lo)
{
    struct ev_sources src = inputs_sources(in);
    size_t i, j;

    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        if (s->nresources == 0)
            inputs_warn(in,
                        "%s:%ld: warning: subscription %s names no resource: "
                        "no evidence can show its downtime",
                        in->roster->path, (long)s->line, s->id);
        for (j = 0; j < s->nresources; j++) {
            const struct res *r = resmap_at(in->map, s->resources[j]);
            const char *key = r->key;
            const struct sp_data *page = evidence_page(&src, key);
            if (page != NULL ? sp_component_find(page, key) != NULL
                             : resmap_source(in->map, r) != NULL)
                continue;
            inputs_warn(
                in, "%s:%ld: warning: %s: %s", in->roster->path, (long)s->line,
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
            inputs_warn(
                in,
                "warning: [statuspage \"%s\"]: the newest incidents "
                "snapshot (page updated %s) is older than the month: its "
                "incidents may be missing",
                p->cfg->name, when);
        } else if (p->newest_incidents >= SP_LIST_MAX &&
                   p->newest_oldest > lo) {
            const char *span = lo < m0 ? "period" : "month";
            when_format(p->newest_oldest, when, sizeof when);
            inputs_warn(
                in,
                "warning: [statuspage \"%s\"]: the newest incidents "
                "snapshot lists %zu incidents, the oldest created %s, after "
                "the %s began: earlier incidents of the %s may be "
                "missing",
                p->cfg->name, p->newest_incidents, when, span, span);
        }
    }
    if (month && lo < m0)
        warn_missing_months(in, m0);
    if (month)
        no_sample_warnings(in, m0, m1);
    for (i = 0; i < in->npages; i++)
        unknown_value_warnings(in, &in->pages[i]);
    for (i = 0; i < in->npages; i++) {
        const struct sp_data *p = &in->pages[i];
        if (p->index_mismatches == 0)
            continue;
        inputs_warn(in,
                    "%s: warning: [statuspage \"%s\"]: the .statuspage-index "
                    "entry of this snapshot (and of %llu other(s)) did not say "
                    "what the snapshot holds: replaced; a run that trusted it "
                    "may have left the snapshot out: run that month again",
                    p->first_mismatch, p->cfg->name,
                    (unsigned long long)(p->index_mismatches - 1));
    }
    for (i = 0; in->src_st != NULL && i < in->cfg->nsources; i++) {
        const struct monitor_stats *st = &in->src_st[i];
        const struct monsrc *m = &in->cfg->sources[i];
        if (st->odd_status == 0)
            continue;
        if (m->up != NULL)
            inputs_warn(in,
                        "%s: warning: [monitoring \"%s\"]: %llu row(s) with a "
                        "status that is empty or that neither down_pattern %s "
                        "nor up_pattern %s matches, the first \"%s\": read "
                        "as not down; widen down_pattern if they are outages",
                        st->odd_at, m->name, (unsigned long long)st->odd_status,
                        rx_source(m->down), rx_source(m->up), st->odd_value);
        else
            inputs_warn(in,
                        "%s: warning: [monitoring \"%s\"]: %llu row(s) with a "
                        "status that is empty or that down_pattern %s matches "
                        "only when case is ignored, the first \"%s\": read "
                        "as not down; widen down_pattern if they are outages",
                        st->odd_at, m->name, (unsigned long long)st->odd_status,
                        rx_source(m->down), st->odd_value);
    }
    if (in->st.ambiguous > 0)
        inputs_warn(
            in,
            "warning: %llu monitoring time(s) in a repeated local hour "
            "(clocks going back) read as the earlier instant: no rows in "
            "time order before them to tell the two hours apart",
            (unsigned long long)in->st.ambiguous);
}

/* True when subscription s is decided under p: its policy, or a member of
 * its composite (either = ...). */
bool inputs_uses_policy(const struct sub *s, const struct policy *p)
{
    size_t k;

    if (sub_policy(s) == p)
        return true;
    for (k = 0; k < sub_policy(s)->neither; k++) {
        if (sub_policy(s)->members[k] == p)
            return true;
    }
    return false;
}

/* The longest cap_fees window among the policies s is decided under. */
static int64_t cap_fees_of(const struct sub *s)
{
    int64_t n = sub_policy(s)->cap_fees;
    size_t k;

    for (k = 0; k < sub_policy(s)->neither; k++) {
        if (sub_policy(s)->members[k]->cap_fees > n)
            n = sub_policy(s)->members[k]->cap_fees;
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
            inputs_warn(
                in,
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
        money_format(s->fee, sub_exponent(s), fee, sizeof fee);
        inputs_warn(in,
                    "%s: warning: subscription %s: no fee for %s (%lld active "
                    "month(s) of the %lld of cap_fees have none): the roster's "
                    "monthly_fee %s %s stands in",
                    in->cfg->fees_path, s->id, month, (long long)w.missing,
                    (long long)w.months, fee, sub_currency(s));
    }
}

/* cap_fees with a ledger that does not record the earlier months: a month
 * of a policy's window (from the month its earliest subscription began) of
 * which the ledger holds no committed run counts its credits as 0. Warns
 * once per policy, printing the warning; under --strict returns -1 with e
 * set. */
int inputs_ledger_gaps(struct inputs *in, const struct opts *o,
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
            if (inputs_uses_policy(&in->roster->subs[j], p) &&
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
        inputs_warn(
            in,
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
    struct ev_sources src = inputs_sources(in);
    size_t i, j;

    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        for (j = 0; j < s->nresources; j++) {
            const char *key = resmap_at(in->map, s->resources[j])->key;
            const struct sp_data *page = evidence_page(&src, key);
            if (page != NULL &&
                statuspage_check_key(page, key, in->roster->path, s->line, e) !=
                    0)
                return -1;
        }
    }
    return 0;
}

/* Unknown time before the run's month m0 matters only to the quarters and
 * years that count it: a resource that only monthly policies name keeps
 * its unknown time from m0 on, as a run of monthly policies computes it
 * (monitor_tab_finish() computed it from the earliest period start). */
static void clip_monthly_unknown(struct inputs *in, int64_t m0)
{
    size_t n = resmap_count(in->map), i, j;
    bool *period = xcalloc(n + 1, sizeof *period);
    struct ivset tmp;

    ivset_init(&tmp);
    for (i = 0; i < in->roster->n; i++) {
        const struct sub *s = &in->roster->subs[i];
        if (sub_policy(s)->period == PERIOD_MONTH)
            continue;
        for (j = 0; j < s->nresources; j++)
            period[s->resources[j]] = true;
    }
    for (i = 0; i < n; i++) {
        struct res_unknown *u =
            resmap_unknown_edit(in->map, resmap_at(in->map, i));
        if (period[i] || u == NULL || u->set.n == 0)
            continue;
        ivset_clip(&tmp, &u->set, m0, INT64_MAX);
        ivset_copy(&u->set, &tmp);
    }
    ivset_free(&tmp);
    free(period);
}

/* Reads every monitoring source into in->map: downtime, the source that
 * named each resource, unknown time within [lo, m1); the readers' tables
 * are freed before the downtime is packed. Returns 0, or -1 with e set. */
static int read_monitoring(struct inputs *in, int64_t from, int64_t to,
                           int64_t lo, int64_t m1,
                           const struct monitor_progress *mp, struct err *e)
{
    struct monitor_tab *tab = monitor_tab_new(in->map);
    size_t i;

    in->src_st = xcalloc(in->cfg->nsources + 1, sizeof *in->src_st);
    for (i = 0; i < in->cfg->nsources; i++) {
        struct monitor_stats *one = &in->src_st[i];
        if (monitor_read(&in->cfg->sources[i], from, to, tab, &in->files, one,
                         mp, e) != 0) {
            monitor_tab_free(tab);
            return -1;
        }
        in->st.files += one->files;
        in->st.rows += one->rows;
        in->st.down += one->down;
        in->st.skipped += one->skipped;
        in->st.ambiguous += one->ambiguous;
        in->st.bytes += one->bytes;
    }
    resmap_finish(in->map);
    monitor_tab_finish(
        tab, monitor_unknown_fallback(in->cfg->sources, in->cfg->nsources), lo,
        m1);
    monitor_tab_free(tab);
    resmap_pack(in->map);
    return 0;
}

/* Loads config, roster, monitoring and status-page evidence for the month
 * [m0, m1) (time zones resolved for [from, to)), from the start of the
 * earliest quarter or year a policy decides in it (from moves back as far). */
int inputs_load(const struct opts *o, int64_t m0, int64_t m1, int64_t from,
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
    if (read_monitoring(in, from, to, lo, m1, &mp, e) != 0)
        return -1;
    if (lo < m0)
        clip_monthly_unknown(in, m0);
    in->pages = xcalloc(in->cfg->npages + 1, sizeof *in->pages);
    for (i = 0; i < in->cfg->npages; i++) {
        /* check parses every snapshot and checks the index against them */
        if (statuspage_load_opts(
                &in->cfg->pages[i], m0, m1, &in->pages[i], &in->files,
                o->cmd == CMD_CHECK ? SP_LOAD_VERIFY_INDEX : 0, e) != 0)
            return -1;
        in->npages++;
    }
    if (check_page_keys(in, e) != 0)
        return -1;
    find_warnings(in, o->cmd != CMD_CHECK, m0, m1, lo);
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

/* run: the run, check and explain commands (see run.h). */
#include "cmd/run.h"
#include "lib/version.h"

#include "cmd/opts.h"
#include "engine/calc.h"
#include "engine/evidence.h"
#include "engine/res.h"
#include "ledger/ledger.h"
#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/fault.h"
#include "lib/money.h"
#include "lib/sha.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/claims.h"
#include "read/config.h"
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

/* Everything one run reads. */
struct inputs {
    struct config *cfg;
    struct roster *roster;
    struct resmap *map;
    struct sha_list files; /* every input file, in read order */
    struct monitor_stats st;
    struct sp_data *pages; /* one per [statuspage], config order */
    size_t npages;
    struct claims *claims; /* [claims], or NULL */
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
    for (i = 0; i < in->npages; i++)
        statuspage_free(&in->pages[i]);
    free(in->pages);
    resmap_free(in->map);
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

/* The one place that finds what the inputs leave in doubt: run, check and
 * explain all print these (also under --quiet), run lists them in
 * manifest.json, and --strict refuses them. */
static void find_warnings(struct inputs *in, bool month, int64_t m0)
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
            warn(in, "%s:%ld: warning: %s: %s", in->roster->path, s->line,
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
                   p->newest_oldest > m0) {
            when_format(p->newest_oldest, when, sizeof when);
            warn(in,
                 "warning: [statuspage \"%s\"]: the newest incidents "
                 "snapshot lists %zu incidents, the oldest created %s, after "
                 "the month began: earlier incidents of the month may be "
                 "missing",
                 p->cfg->name, p->newest_incidents, when);
        }
    }
    if (in->st.ambiguous > 0)
        warn(in,
             "warning: %llu monitoring time(s) in a repeated local hour "
             "(clocks going back) read as the earlier instant: no rows in "
             "time order before them to tell the two hours apart",
             (unsigned long long)in->st.ambiguous);
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

static bool format_wanted(const struct config *c, enum billing_format f);

/* Loads config, roster, monitoring and status-page evidence for the month
 * [m0, m1) (time zones resolved for [from, to)). */
static int load(const struct opts *o, int64_t m0, int64_t m1, int64_t from,
                int64_t to, struct inputs *in, struct err *e)
{
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
    in->roster = roster_load(in->cfg->roster_path, in->cfg, e);
    if (in->roster == NULL)
        return -1;
    /* Every enabled billing format needs each row's account in its system,
     * in roster order so the first bad line is reported. */
    for (i = 0; i < in->roster->n; i++) {
        for (j = 0; j < BILLING_NFORMATS; j++) {
            if (format_wanted(in->cfg, (enum billing_format)j) &&
                billing_check_account((enum billing_format)j,
                                      &in->roster->subs[i],
                                      in->cfg->roster_path, e) != 0)
                return -1;
        }
    }
    if (sha_file(in->cfg->roster_path, hex, &size, e) != 0)
        return -1;
    sha_list_add(&in->files, in->cfg->roster_path, hex, size);
    if (in->cfg->claims_path != NULL) {
        in->claims = claims_load(in->cfg->claims_path, in->roster, e);
        if (in->claims == NULL ||
            sha_file(in->cfg->claims_path, hex, &size, e) != 0)
            return -1;
        sha_list_add(&in->files, in->cfg->claims_path, hex, size);
    }
    in->map = resmap_new();
    for (i = 0; i < in->roster->n; i++) {
        for (j = 0; j < in->roster->subs[i].nresources; j++)
            resmap_add(in->map, in->roster->subs[i].resources[j]);
    }
    for (i = 0; i < in->cfg->nsources; i++) {
        if (monitor_read(&in->cfg->sources[i], from, to, in->map, &in->files,
                         &in->st, &mp, e) != 0)
            return -1;
    }
    resmap_finish(in->map);
    {
        /* A monitor no row names has no sample at all. That means unknown
         * time only when every source is a samples source: a windows export
         * lists outages, so a monitor it does not name was simply up. */
        const struct monsrc *fallback = NULL;
        bool windows = false;
        for (i = 0; i < in->cfg->nsources; i++) {
            const struct monsrc *m = &in->cfg->sources[i];
            windows = windows || m->format == SRC_WINDOWS;
            if (m->fidelity && fallback == NULL)
                fallback = m;
        }
        monitor_finish(in->map, windows ? NULL : fallback, m0, m1);
    }
    in->pages = xcalloc(in->cfg->npages + 1, sizeof *in->pages);
    for (i = 0; i < in->cfg->npages; i++) {
        if (statuspage_load(&in->cfg->pages[i], m0, m1, &in->pages[i],
                            &in->files, e) != 0)
            return -1;
        in->npages++;
    }
    if (check_page_keys(in, e) != 0)
        return -1;
    find_warnings(in, o->cmd != CMD_CHECK, m0);
    for (i = 0; i < in->nwarnings; i++)
        fprintf(stderr, "slacredit: %s\n", in->warnings[i]);
    if (o->strict && in->nwarnings > 0) {
        err_set(e, RC_DATA, NULL, 0,
                "--strict: %zu warning(s), nothing written", in->nwarnings);
        return -1;
    }
    return 0;
}

static int cmp_sub(const void *a, const void *b)
{
    const struct sub *const *x = a, *const *y = b;
    int c = strcmp((*x)->id, (*y)->id);

    return c != 0 ? c : strcmp((*x)->policy->name, (*y)->policy->name);
}

/* Appends to out (after a ';' when out is not empty) the reason of the
 * first exclusion window overlapping [start, end). */
static void exclusion_label(const struct evidence *x, int64_t start,
                            int64_t end, char *out, size_t cap)
{
    size_t i, n = strlen(out);

    for (i = 0; i < x->nexclusions; i++) {
        const struct ev_window *w = &x->exclusions[i];
        if (w->start < end && start < w->end) {
            snprintf(out + n, cap - n, "%sexcluded_by_%s", n > 0 ? ";" : "",
                     w->detail);
            return;
        }
    }
}

/* windows.csv rows of one decision: every source window of the evidence,
 * cut into what was counted (inside D) and what an exclusion removed. */
static uint64_t windows_of(struct buf *b, const char *period,
                           const struct sub *s, const struct decision *d,
                           const struct evidence *x)
{
    struct ivset one, part;
    size_t i, k;
    uint64_t rows = 0;
    char detail[400];

    if (d->outcome == OUTCOME_NOT_ACTIVE)
        return 0;
    ivset_init(&one);
    ivset_init(&part);
    for (i = 0; i < x->nwindows; i++) {
        const struct ev_window *w = &x->windows[i];
        ivset_clear(&one);
        ivset_add(&one, w->start, w->end);
        ivset_intersect(&part, &one, &d->down);
        for (k = 0; k < part.n; k++, rows++)
            report_window(b, period, s, "counted", &part.v[k], w->resource,
                          w->source, w->detail);
        ivset_intersect(&part, &one, &d->excluded);
        for (k = 0; k < part.n; k++, rows++) {
            snprintf(detail, sizeof detail, "%s", w->detail);
            exclusion_label(x, part.v[k].start, part.v[k].end, detail,
                            sizeof detail);
            report_window(b, period, s, "excluded", &part.v[k], w->resource,
                          w->source, detail);
        }
    }
    ivset_free(&one);
    ivset_free(&part);
    return rows;
}

/* discrepancies.csv rows of one subscription (outages nobody posted):
 * monitoring downtime that no status-page incident or maintenance
 * acknowledges, and status-page downtime monitoring never saw, each piece at
 * least min seconds long, inside the active window. */
static uint64_t discrepancies_of(struct buf *b, const char *period,
                                 const struct sub *s, const struct decision *d,
                                 const struct evidence *x, int64_t min)
{
    struct ivset sp, a, tmp, part;
    uint64_t rows = 0;
    size_t i;
    int pass;

    if (d->outcome == OUTCOME_NOT_ACTIVE || !x->has_mon || !x->has_sp)
        return 0;
    ivset_init(&sp);
    ivset_init(&a);
    ivset_init(&tmp);
    ivset_init(&part);
    wset_support(&sp, &x->sp);
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            /* Announced maintenance is acknowledged too. */
            ivset_subtract(&a, &x->mon, &x->maintenance);
            ivset_subtract(&tmp, &a, &sp);
        } else
            ivset_subtract(&tmp, &sp, &x->mon);
        ivset_clip(&part, &tmp, d->active_start, d->active_end);
        for (i = 0; i < part.n; i++) {
            char start[32], end[32], secs[24];
            const char *f[8];
            if (part.v[i].end - part.v[i].start < min)
                continue;
            when_format(part.v[i].start, start, sizeof start);
            when_format(part.v[i].end, end, sizeof end);
            snprintf(secs, sizeof secs, "%lld",
                     (long long)(part.v[i].end - part.v[i].start));
            f[0] = period;
            f[1] = s->id;
            f[2] = s->customer;
            f[3] = pass == 0 ? "unacknowledged" : "unobserved";
            f[4] = start;
            f[5] = end;
            f[6] = secs;
            f[7] = pass == 0 ? "monitoring saw downtime no incident covers"
                             : "an incident reports downtime monitoring did "
                               "not see";
            csvout_row(b, f, 8);
            rows++;
        }
    }
    ivset_free(&sp);
    ivset_free(&a);
    ivset_free(&tmp);
    ivset_free(&part);
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
    printf("  subscriptions %zu, credited %llu, already issued %llu\n", r->n,
           (unsigned long long)outcomes[OUTCOME_CREDITED],
           (unsigned long long)outcomes[OUTCOME_ALREADY_ISSUED]);
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

/* Decides one subscription: its evidence, then the engine, then the note
 * that an unresolved incident is part of its downtime. */
static int decide(const struct inputs *in, int64_t m0, int64_t m1,
                  const struct sub *s, struct evidence *x, struct decision *d,
                  struct err *e)
{
    struct ev_sources src = {in->map, in->pages, in->npages};
    struct calc_input ci;
    struct ivset one, part;
    size_t i;
    bool ongoing = false;

    evidence_build(&src, s, s->policy, x);
    ci.policy = s->policy;
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
    if (calc_decide(&ci, d, e) != 0) {
        err_locate(e, in->roster->path, s->line);
        return -1;
    }
    ivset_init(&one);
    ivset_init(&part);
    for (i = 0; i < x->nwindows && !ongoing; i++) {
        if (!x->windows[i].ongoing)
            continue;
        ivset_clear(&one);
        ivset_add(&one, x->windows[i].start, x->windows[i].end);
        ivset_intersect(&part, &one, &d->down);
        ongoing = part.n > 0;
    }
    ivset_free(&one);
    ivset_free(&part);
    if (ongoing) {
        size_t n = strlen(d->detail);
        snprintf(d->detail + n, sizeof d->detail - n,
                 "%songoing: an incident was still unresolved at the month's "
                 "end",
                 n > 0 ? "; " : "");
    }
    return 0;
}

static bool format_wanted(const struct config *c, enum billing_format f)
{
    switch (f) {
    case BILLING_JSONL:
        return c->format_jsonl;
    case BILLING_STRIPE:
        return c->format_stripe;
    case BILLING_KILLBILL:
        return c->format_killbill;
    case BILLING_CHARGEBEE_ADD:
    case BILLING_CHARGEBEE_DEDUCT:
        return c->format_chargebee;
    case BILLING_LAGO:
        return c->format_lago;
    case BILLING_NFORMATS:
        break;
    }
    return false;
}

/* The output files of one run, in the order they are written. */
struct outputs {
    struct buf b[12];
    const char *name[12];
    uint64_t rows[12];
    size_t n;
};

static struct buf *output(struct outputs *out, const char *name)
{
    struct buf *b = &out->b[out->n];

    buf_init(b, 0);
    out->name[out->n] = name;
    out->rows[out->n] = 0;
    out->n++;
    return b;
}

/* The growing list of credits.csv rows of one run. */
struct rowlist {
    struct credit_row *v;
    size_t n, cap;
};

static struct credit_row *rowlist_add(struct rowlist *r)
{
    if (r->n == r->cap) {
        r->cap = r->cap != 0 ? r->cap * 2 : 64;
        r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
    }
    return &r->v[r->n++];
}

/* Appends "; "-separated text to a decision's detail, cut when too long. */
static void add_detail(struct decision *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_detail(struct decision *d, const char *fmt, ...)
{
    size_t n = strlen(d->detail);
    va_list ap;

    if (n + 3 >= sizeof d->detail)
        return;
    if (n > 0) {
        memcpy(d->detail + n, "; ", 3);
        n += 2;
    }
    va_start(ap, fmt);
    if (vsnprintf(d->detail + n, sizeof d->detail - n, fmt, ap) >=
        (int)(sizeof d->detail - n))
        d->detail[sizeof d->detail - 1] = '\0'; /* cut, still valid */
    va_end(ap);
}

/* What the ledger holds for one (policy, currency) of a subscription and
 * period: the sums of its live rows. */
struct issued_group {
    const char *policy;   /* borrowed from the ledger */
    const char *currency; /* borrowed from the ledger */
    const char *remedy;   /* of the group's latest row */
    int64_t amount;       /* minor units */
    int64_t extension;    /* seconds */
};

/* The highest revision the ledger holds for (period, sub, policy), or -1. */
static int64_t max_revision(const struct ledger_row *h, size_t nh,
                            const char *policy)
{
    int64_t m = -1;
    size_t i;

    for (i = 0; i < nh; i++) {
        if (strcmp(h[i].policy, policy) == 0 && h[i].revision > m)
            m = h[i].revision;
    }
    return m;
}

/* Fills a row of (policy, revision) carrying amount and extension. */
static void adjust_row(struct credit_row *row, const char *period,
                       const struct sub *s, const struct decision *d,
                       const char *policy, const char *currency,
                       const char *remedy, int64_t revision, int64_t amount,
                       int64_t ext)
{
    report_credit_row(row, period, s, d);
    row->policy = policy;
    memcpy(row->currency, currency, sizeof row->currency);
    row->exponent = money_exponent(currency);
    if (row->exponent < 0)
        row->exponent = s->exponent;
    if (remedy != NULL) {
        snprintf(row->remedy_buf, sizeof row->remedy_buf, "%s", remedy);
        row->remedy = row->remedy_buf;
    }
    row->new_ends_at[0] = '\0';
    if (strcmp(row->remedy, "plan_extension") == 0 && s->has_end) {
        if (d->outcome == OUTCOME_CREDITED && d->has_new_end &&
            strcmp(policy, s->policy->name) == 0)
            when_format(d->new_ends_at, row->new_ends_at,
                        sizeof row->new_ends_at);
        else
            when_format(s->ends_at, row->new_ends_at, sizeof row->new_ends_at);
    }
    row->revision = revision;
    row->amount = amount;
    row->extension = ext;
    if (ledger_format_id(period, s->id, policy, revision, row->adjustment_id,
                         sizeof row->adjustment_id) != 0)
        row->adjustment_id[0] = '\0'; /* ids that long are refused earlier */
}

/* Settles one decision against the ledger (SPEC §7) and appends the
 * credits.csv rows due to out: the credit itself when nothing was issued
 * for it; for every other (policy, currency) of this subscription and
 * period that still holds money or plan time, its reversal (a changed
 * policy or currency: at most one live credit per subscription and
 * period, never netted across currencies); a correction carrying the
 * difference when the issued amount differs; nothing when it was issued
 * already. */
static void reconcile(const struct ledger *l, const char *period,
                      const struct sub *s, struct decision *d,
                      struct rowlist *out)
{
    bool credited = d->outcome == OUTCOME_CREDITED;
    int64_t want_amount = credited ? d->amount : 0;
    int64_t want_ext = credited ? d->extension : 0;
    const struct ledger_row *h;
    struct issued_group *g;
    size_t nh, ng = 0, i, j, reversals = 0;
    /* Roster ids are unique, so this subscription's rows in out are only
     * the ones this call adds: look from here on, never over the month. */
    const size_t first = out->n;
    const struct issued_group *own = NULL;
    char amt[32];

    if (l == NULL) {
        if (credited) {
            struct credit_row *row = rowlist_add(out);
            report_credit_row(row, period, s, d);
        }
        return;
    }
    h = ledger_rows_of(l, period, s->id, &nh);
    g = xcalloc(nh + 1, sizeof *g);
    for (i = 0; i < nh; i++) {
        for (j = 0; j < ng; j++) {
            if (strcmp(g[j].policy, h[i].policy) == 0 &&
                strcmp(g[j].currency, h[i].currency) == 0)
                break;
        }
        if (j == ng) {
            g[ng].policy = h[i].policy;
            g[ng].currency = h[i].currency;
            ng++;
        }
        g[j].amount += h[i].amount;
        g[j].extension += h[i].extension;
        g[j].remedy = h[i].remedy; /* rows come in revision order */
    }
    for (j = 0; j < ng; j++) {
        struct credit_row *row;
        int64_t rev;
        if (strcmp(g[j].policy, s->policy->name) == 0 &&
            strcmp(g[j].currency, s->currency) == 0) {
            own = &g[j];
            continue;
        }
        if (g[j].amount == 0 && g[j].extension == 0)
            continue;
        /* Revisions of one policy go on across its currencies. */
        rev = max_revision(h, nh, g[j].policy) + 1;
        for (i = first; i < out->n; i++) {
            if (strcmp(out->v[i].subscription, s->id) == 0 &&
                strcmp(out->v[i].policy, g[j].policy) == 0 &&
                out->v[i].revision >= rev)
                rev = out->v[i].revision + 1;
        }
        row = rowlist_add(out);
        adjust_row(row, period, s, d, g[j].policy, g[j].currency, g[j].remedy,
                   rev, -g[j].amount, -g[j].extension);
        snprintf(row->basis, sizeof row->basis, "reversal");
        money_format(row->amount, row->exponent, amt, sizeof amt);
        add_detail(
            d, "reversal %s: %s %s, %llds of plan time (%s)",
            row->adjustment_id, amt, row->currency, (long long)row->extension,
            strcmp(g[j].policy, s->policy->name) != 0 ? "the policy changed"
                                                      : "the currency changed");
        reversals++;
    }
    {
        int64_t net = own != NULL ? own->amount : 0;
        int64_t net_ext = own != NULL ? own->extension : 0;
        int64_t rev = max_revision(h, nh, s->policy->name) + 1;
        struct credit_row *row;
        for (i = first; i < out->n; i++) {
            if (strcmp(out->v[i].subscription, s->id) == 0 &&
                strcmp(out->v[i].policy, s->policy->name) == 0 &&
                out->v[i].revision >= rev)
                rev = out->v[i].revision + 1;
        }
        if (net == want_amount && net_ext == want_ext) {
            if (credited && own != NULL && reversals == 0) {
                char base[400];
                d->outcome = OUTCOME_ALREADY_ISSUED;
                money_format(net, s->exponent, amt, sizeof amt);
                ledger_format_id(period, s->id, s->policy->name, 0, base,
                                 sizeof base);
                if (snprintf(d->detail, sizeof d->detail,
                             "issued before as %s (%s %s, %llds of plan "
                             "time)",
                             base, amt, s->currency,
                             (long long)net_ext) >= (int)sizeof d->detail)
                    d->detail[sizeof d->detail - 1] = '\0';
            }
            free(g);
            return;
        }
        row = rowlist_add(out);
        adjust_row(row, period, s, d, s->policy->name, s->currency,
                   credited ? NULL : (own != NULL ? own->remedy : NULL), rev,
                   want_amount - net, want_ext - net_ext);
        if (rev > 0) {
            money_format(row->amount, s->exponent, amt, sizeof amt);
            add_detail(d, "correction %s: %s %s, %llds of plan time",
                       row->adjustment_id, amt, s->currency,
                       (long long)row->extension);
        }
    }
    free(g);
}

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

int run_month(const struct opts *o, struct err *e)
{
    struct inputs in;
    int64_t m0, m1;
    struct sub **order = NULL;
    struct decision d;
    struct evidence x;
    struct outputs out;
    struct buf *credits, *decisions, *windows, *discrepancies = NULL;
    struct buf manifest;
    struct outdir *od = NULL;
    struct ledger *ledger = NULL;
    struct rowlist rl = {NULL, 0, 0};
    struct report_total *totals = NULL;
    size_t ntotals = 0, i;
    uint64_t outcomes[OUTCOME_ALREADY_ISSUED + 1] = {0};
    struct report_output *outs = NULL;
    char(*hex)[65] = NULL;
    char cfg_hex[65], dirbuf[600], absdir[1200], mhex[65];
    struct html_pages *pages = NULL;
    struct ev_sources src;
    uint64_t cfg_size;
    const char *period = o->month;
    int rc = -1;

    memset(&in, 0, sizeof in);
    memset(&out, 0, sizeof out);
    calc_decision_init(&d);
    evidence_init(&x);
    buf_init(&manifest, 0);
    if (when_parse_month(o->month, &m0, &m1, e) != 0)
        return -1;
    /* The ledger first: a file that is no ledger, or a broken one, stops the
     * run before anything is read, computed or written. */
    if (o->ledger != NULL) {
        ledger = ledger_open(o->ledger, LEDGER_RUN,
                             o->quiet ? NULL
                                      : "slacredit: waiting for another run "
                                        "to release the ledger",
                             e);
        if (ledger == NULL)
            goto out;
    }
    if (load(o, m0, m1, m0 - 7 * DAY, m1 + 45 * DAY, &in, e) != 0)
        goto out;
    if (sha_file(o->config, cfg_hex, &cfg_size, e) != 0)
        goto out;

    order = xcalloc(in.roster->n, sizeof *order);
    for (i = 0; i < in.roster->n; i++)
        order[i] = &in.roster->subs[i];
    qsort(order, in.roster->n, sizeof *order, cmp_sub);

    credits = output(&out, "credits.csv");
    decisions = output(&out, "decisions.csv");
    windows = output(&out, "windows.csv");
    report_credits_header(credits);
    report_decisions_header(decisions);
    report_windows_header(windows);
    if (in.npages > 0) {
        discrepancies = output(&out, "discrepancies.csv");
        buf_puts(discrepancies, "period,subscription_id,customer_id,kind,"
                                "start,end,seconds,detail\n");
    }
    src = (struct ev_sources){in.map, in.pages, in.npages};
    if (!in.cfg->no_html)
        pages = html_pages_new(period, m0, m1, in.cfg->discrepancy_min);
    for (i = 0; i < in.roster->n; i++) {
        const struct sub *s = order[i];
        if (decide(&in, m0, m1, s, &x, &d, e) != 0)
            goto out;
        out.rows[2] += windows_of(windows, period, s, &d, &x);
        if (discrepancies != NULL)
            out.rows[3] += discrepancies_of(discrepancies, period, s, &d, &x,
                                            in.cfg->discrepancy_min);
        {
            size_t first = rl.n, k;
            reconcile(ledger, period, s, &d, &rl);
            for (k = first; k < rl.n; k++) {
                report_credit(credits, &rl.v[k]);
                if (add_total(&totals, &ntotals, rl.v[k].currency,
                              rl.v[k].exponent, rl.v[k].amount, s, e) != 0) {
                    err_locate(e, in.roster->path, s->line);
                    goto out;
                }
            }
            if (pages != NULL)
                html_pages_add(pages,
                               &(struct html_sub){s, &d, &x, &src, rl.v + first,
                                                  rl.n - first});
        }
        outcomes[d.outcome]++;
        report_decision(decisions, period, s, &d);
    }
    out.rows[0] = rl.n;
    out.rows[1] = in.roster->n;
    for (i = 0; i < BILLING_NFORMATS; i++) {
        enum billing_format f = (enum billing_format)i;
        struct buf *b;
        if (!format_wanted(in.cfg, f))
            continue;
        b = output(&out, billing_file_name(f));
        if (billing_write(f, b, rl.v, rl.n, e) != 0)
            goto out;
        out.rows[out.n - 1] = billing_count(f, rl.v, rl.n);
    }

    snprintf(dirbuf, sizeof dirbuf, "out/%s", o->month);
    od = outdir_new(o->out != NULL ? o->out : dirbuf);
    if (pages != NULL)
        html_pages_finish(pages, &(struct html_run){
                                     SLACREDIT_VERSION,
                                     strrchr(o->config, '/') != NULL
                                         ? strrchr(o->config, '/') + 1
                                         : o->config,
                                     cfg_hex, cfg_size, &in.files, in.cfg->dir,
                                     totals, ntotals, outcomes,
                                     OUTCOME_ALREADY_ISSUED + 1, in.nwarnings});
    outs = xcalloc(out.n + html_pages_nfiles(pages) + 1, sizeof *outs);
    hex = xcalloc(out.n + html_pages_nfiles(pages) + 1, sizeof *hex);
    for (i = 0; i < out.n; i++) {
        outs[i] = (struct report_output){out.name[i], hex[i], out.b[i].len,
                                         out.rows[i]};
        outdir_add(od, out.name[i], &out.b[i], hex[i]);
    }
    for (; i < out.n + html_pages_nfiles(pages); i++) {
        struct buf *hb;
        html_pages_file(pages, i - out.n, &outs[i].name, &hb, &outs[i].rows);
        outs[i].sha256 = hex[i];
        outs[i].size = hb->len;
        outdir_add(od, outs[i].name, hb, hex[i]);
    }
    {
        const char *slash = strrchr(o->config, '/');
        struct report_manifest man = {
            SLACREDIT_VERSION,
            o->month,
            slash != NULL ? slash + 1 : o->config,
            cfg_hex,
            cfg_size,
            &in.files,
            in.cfg->dir,
            outs,
            out.n + html_pages_nfiles(pages),
            totals,
            ntotals,
            outcomes,
            OUTCOME_ALREADY_ISSUED + 1,
            (const char *const *)in.warnings,
            in.nwarnings,
        };
        report_manifest(&manifest, &man);
        outdir_add(od, "manifest.json", &manifest, mhex);
    }
    /* Two phases (ledger.h): the run is recorded as pending with the hash
     * of its manifest, the outputs are swapped in, the run is committed. */
    if (ledger != NULL &&
        ledger_record(ledger, period,
                      absolute(outdir_path(od), absdir, sizeof absdir), mhex,
                      rl.v, rl.n, e) != 0)
        goto out;
    if (outdir_commit(od, e) != 0) {
        struct err ignored;
        if (ledger != NULL)
            ledger_abandon(ledger, &ignored);
        goto out;
    }
    fault_point("outputs-swapped");
    if (ledger != NULL && ledger_confirm(ledger, e) != 0)
        goto out;
    if (!o->quiet) {
        print_summary(outdir_path(od), in.roster, outcomes, totals, ntotals);
        print_pages(&in);
    }
    rc = 0;
out:
    ledger_close(ledger);
    outdir_free(od);
    html_pages_free(pages);
    free(outs);
    free(hex);
    free(totals);
    free(order);
    free(rl.v);
    for (i = 0; i < out.n; i++)
        buf_free(&out.b[i]);
    buf_free(&manifest);
    evidence_free(&x);
    calc_decision_free(&d);
    inputs_free(&in);
    return rc;
}

int run_check(const struct opts *o, struct err *e)
{
    struct inputs in;
    int rc = -1;

    /* Zones are resolved for 1970..2100: check is not tied to a month. */
    if (load(o, 0, when_days_from_civil(2100, 1, 1) * DAY, 0,
             when_days_from_civil(2100, 1, 1) * DAY, &in, e) != 0)
        goto out;
    if (!o->quiet)
        print_pages(&in);
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
    struct ledger *ledger = NULL;
    struct ledger_issued iss;
    struct rowlist rl = {NULL, 0, 0};
    struct explain_input ei;
    struct buf b;
    const struct sub *s = NULL;
    int64_t m0, m1;
    int rc = -1;

    memset(&in, 0, sizeof in);
    memset(&iss, 0, sizeof iss);
    calc_decision_init(&d);
    evidence_init(&x);
    buf_init(&b, 0);
    if (when_parse_month(o->month, &m0, &m1, e) != 0)
        return -1;
    if (load(o, m0, m1, m0 - 7 * DAY, m1 + 45 * DAY, &in, e) != 0)
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
        if (ledger == NULL)
            goto out;
    }
    if (decide(&in, m0, m1, s, &x, &d, e) != 0)
        goto out;
    ei.period = o->month;
    ei.month_start = m0;
    ei.month_end = m1;
    ei.sub = s;
    ei.d = &d;
    ei.x = &x;
    ei.has_ledger = ledger != NULL;
    ei.issued = &iss;
    if (ledger != NULL)
        ledger_issued(ledger, o->month, s->id, s->currency, &iss);
    reconcile(ledger, o->month, s, &d, &rl);
    ei.row = rl.n > 0 ? &rl.v[rl.n - 1] : NULL;
    explain_write(&b, &ei);
    fwrite(buf_str(&b), 1, b.len, stdout);
    rc = 0;
out:
    buf_free(&b);
    free(rl.v);
    ledger_close(ledger);
    evidence_free(&x);
    calc_decision_free(&d);
    inputs_free(&in);
    return rc;
}

/* run: the run, check and explain commands (see run.h). */
#include "run.h"

#include "billing.h"
#include "buf.h"
#include "calc.h"
#include "claims.h"
#include "config.h"
#include "csvout.h"
#include "evidence.h"
#include "explain.h"
#include "ledger.h"
#include "money.h"
#include "monitor.h"
#include "opts.h"
#include "outdir.h"
#include "report.h"
#include "res.h"
#include "roster.h"
#include "sha.h"
#include "statuspage.h"
#include "when.h"
#include "xalloc.h"

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

static void add_total(struct report_total **t, size_t *n, const struct sub *s,
                      int64_t amount)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcmp((*t)[i].currency, s->currency) == 0)
            break;
    }
    if (i == *n) {
        *t = xreallocarray(*t, *n + 1, sizeof **t);
        while (i > 0 && strcmp((*t)[i - 1].currency, s->currency) > 0) {
            (*t)[i] = (*t)[i - 1];
            i--;
        }
        memset(&(*t)[i], 0, sizeof **t);
        memcpy((*t)[i].currency, s->currency, 4);
        (*t)[i].exponent = s->exponent;
        (*n)++;
    }
    (*t)[i].credits++;
    (*t)[i].amount += amount;
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
               p->ncomponents);
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

/* Settles one decision against the ledger (SPEC §7). Fills *row and
 * returns true when a credits.csv row is due: the credit itself when
 * nothing was issued for it, a correction carrying the difference when the
 * issued amount differs, nothing when it was issued already. */
static bool reconcile(const struct ledger *l, const char *period,
                      const struct sub *s, struct decision *d,
                      struct credit_row *row, struct ledger_issued *issued)
{
    struct ledger_issued iss;
    bool credited = d->outcome == OUTCOME_CREDITED;
    int64_t want_amount = credited ? d->amount : 0;
    int64_t want_ext = credited ? d->extension : 0;
    char base[320], amt[32];
    size_t n;

    if (credited)
        report_credit_row(row, period, s, d);
    if (l == NULL)
        return credited;
    snprintf(base, sizeof base, "%s:%s:%s", period, s->id, s->policy->name);
    ledger_issued(l, base, &iss);
    if (issued != NULL)
        *issued = iss;
    if (!iss.found)
        return credited;
    if (iss.amount == want_amount && iss.extension == want_ext) {
        if (credited) {
            d->outcome = OUTCOME_ALREADY_ISSUED;
            money_format(iss.amount, s->exponent, amt, sizeof amt);
            if (snprintf(d->detail, sizeof d->detail,
                         "issued before as %s (%s %s, %llds of plan time)",
                         base, amt, s->currency,
                         (long long)iss.extension) >= (int)sizeof d->detail)
                d->detail[sizeof d->detail - 1] = '\0'; /* cut, still valid */
        }
        return false;
    }
    /* A correction: the difference, under the next revision number. */
    if (!credited) {
        report_credit_row(row, period, s, d);
        snprintf(row->remedy_buf, sizeof row->remedy_buf, "%s", iss.remedy);
        row->remedy = row->remedy_buf;
        if (strcmp(iss.remedy, "plan_extension") == 0 && s->has_end)
            when_format(s->ends_at, row->new_ends_at, sizeof row->new_ends_at);
    }
    if (snprintf(row->adjustment_id, sizeof row->adjustment_id, "%s:r%d", base,
                 iss.last_revision + 1) >= (int)sizeof row->adjustment_id)
        row->adjustment_id[0] = '\0'; /* ids that long are refused earlier */
    row->amount = want_amount - iss.amount;
    row->extension = want_ext - iss.extension;
    money_format(row->amount, s->exponent, amt, sizeof amt);
    n = strlen(d->detail);
    if (snprintf(d->detail + n, sizeof d->detail - n,
                 "%scorrection %s: %s %s, %llds of plan time",
                 n > 0 ? "; " : "", row->adjustment_id, amt, s->currency,
                 (long long)row->extension) >= (int)(sizeof d->detail - n))
        d->detail[sizeof d->detail - 1] = '\0';
    return true;
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
    struct credit_row *rows = NULL;
    size_t nrows = 0;
    struct report_total *totals = NULL;
    size_t ntotals = 0, i;
    uint64_t outcomes[OUTCOME_ALREADY_ISSUED + 1] = {0};
    struct report_output outs[12];
    char hex[12][65], cfg_hex[65], dirbuf[600];
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
    if (load(o, m0, m1, m0 - 7 * DAY, m1 + 45 * DAY, &in, e) != 0)
        goto out;
    if (sha_file(o->config, cfg_hex, &cfg_size, e) != 0)
        goto out;
    if (o->ledger != NULL) {
        ledger = ledger_open(o->ledger,
                             o->quiet ? NULL
                                      : "slacredit: waiting for another run "
                                        "to release the ledger",
                             e);
        if (ledger == NULL)
            goto out;
    }

    order = xcalloc(in.roster->n, sizeof *order);
    for (i = 0; i < in.roster->n; i++)
        order[i] = &in.roster->subs[i];
    qsort(order, in.roster->n, sizeof *order, cmp_sub);
    rows = xcalloc(in.roster->n, sizeof *rows);

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
    for (i = 0; i < in.roster->n; i++) {
        const struct sub *s = order[i];
        if (decide(&in, m0, m1, s, &x, &d, e) != 0)
            goto out;
        out.rows[2] += windows_of(windows, period, s, &d, &x);
        if (discrepancies != NULL)
            out.rows[3] += discrepancies_of(discrepancies, period, s, &d, &x,
                                            in.cfg->discrepancy_min);
        if (reconcile(ledger, period, s, &d, &rows[nrows], NULL)) {
            report_credit(credits, &rows[nrows]);
            add_total(&totals, &ntotals, s, rows[nrows].amount);
            nrows++;
        }
        outcomes[d.outcome]++;
        report_decision(decisions, period, s, &d);
    }
    out.rows[0] = nrows;
    out.rows[1] = in.roster->n;
    for (i = 0; i < BILLING_NFORMATS; i++) {
        enum billing_format f = (enum billing_format)i;
        struct buf *b;
        if (!format_wanted(in.cfg, f))
            continue;
        b = output(&out, billing_file_name(f));
        if (billing_write(f, b, rows, nrows, e) != 0)
            goto out;
        out.rows[out.n - 1] = billing_count(f, rows, nrows);
    }

    if (o->out != NULL)
        snprintf(dirbuf, sizeof dirbuf, "%s", o->out);
    else
        snprintf(dirbuf, sizeof dirbuf, "out/%s", o->month);
    od = outdir_new(dirbuf);
    for (i = 0; i < out.n; i++) {
        outs[i] = (struct report_output){out.name[i], hex[i], out.b[i].len,
                                         out.rows[i]};
        outdir_add(od, out.name[i], &out.b[i], hex[i]);
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
            out.n,
            totals,
            ntotals,
            outcomes,
            OUTCOME_ALREADY_ISSUED + 1,
        };
        char mhex[65];
        report_manifest(&manifest, &man);
        outdir_add(od, "manifest.json", &manifest, mhex);
    }
    if (outdir_commit(od, e) != 0)
        goto out;
    /* Only now, with every output in place, does the ledger learn of them. */
    if (ledger != NULL && nrows > 0 &&
        ledger_append(ledger, rows, nrows, e) != 0)
        goto out;
    if (!o->quiet) {
        print_summary(dirbuf, in.roster, outcomes, totals, ntotals);
        print_pages(&in);
    }
    rc = 0;
out:
    ledger_close(ledger);
    outdir_free(od);
    free(totals);
    free(order);
    free(rows);
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
    struct ev_sources src;
    size_t i, silent = 0;
    int rc = -1;

    /* Zones are resolved for 1970..2100: check is not tied to a month. */
    if (load(o, 0, when_days_from_civil(2100, 1, 1) * DAY, 0,
             when_days_from_civil(2100, 1, 1) * DAY, &in, e) != 0)
        goto out;
    src.map = in.map;
    src.pages = in.pages;
    src.npages = in.npages;
    for (i = 0; i < in.roster->n; i++) {
        size_t j;
        const struct sub *s = &in.roster->subs[i];
        for (j = 0; j < s->nresources; j++) {
            const char *key = s->resources[j];
            const struct sp_data *page = evidence_page(&src, key);
            const struct res *r = resmap_get(in.map, key, strlen(key));
            if (page != NULL ? statuspage_component(page, key) != NULL
                             : r->rows > 0)
                continue;
            if (!o->quiet)
                fprintf(stderr, "slacredit: %s:%ld: warning: %s: %s\n",
                        in.roster->path, s->line,
                        page != NULL ? "no status-page snapshot names this "
                                       "component"
                                     : "no monitoring row names this resource",
                        key);
            silent++;
        }
    }
    if (!o->quiet)
        print_pages(&in);
    if (!o->quiet)
        printf("slacredit: %s is valid: %zu monitoring source(s), %zu "
               "policy(ies), %zu subscription(s), %llu monitoring row(s) in "
               "%llu file(s), %llu row(s) of unknown resources skipped, %zu "
               "resource reference(s) without data\n",
               o->config, in.cfg->nsources, in.cfg->npolicies, in.roster->n,
               (unsigned long long)in.st.rows, (unsigned long long)in.st.files,
               (unsigned long long)in.st.skipped, silent);
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
    struct credit_row row;
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
        ledger = ledger_open(o->ledger, NULL, e);
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
    ei.row = reconcile(ledger, o->month, s, &d, &row, &iss) ? &row : NULL;
    explain_write(&b, &ei);
    fwrite(buf_str(&b), 1, b.len, stdout);
    rc = 0;
out:
    buf_free(&b);
    ledger_close(ledger);
    evidence_free(&x);
    calc_decision_free(&d);
    inputs_free(&in);
    return rc;
}

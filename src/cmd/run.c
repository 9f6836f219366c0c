/* run: the run, check and explain commands (see run.h). */
#include "cmd/run.h"
#include "lib/version.h"

#include "cmd/decide.h"
#include "cmd/inputs.h"
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

/* Where windows_of() writes: one subscription's windows.csv rows. */
struct window_rows {
    struct buf *b;
    const char *period;
    const struct sub *s;
    struct err *e; /* the first write failure, then rc = -1 */
    int rc;
    const struct decision *d;
};

/* The windows.csv token of a rule of the decision that left a piece out,
 * or NULL. */
static const char *left_out_token(enum calc_left_out why)
{
    switch (why) {
    case CALC_LEFT_OUT_CARRIED:
        return "per_incident_once";
    case CALC_LEFT_OUT_SHORT:
        return "min_outage";
    case CALC_LEFT_OUT_NONE:
        break;
    }
    return NULL;
}

/* One windows.csv row per piece; an excluded piece's detail ends in
 * ";excluded_by_<reason>". */
static void window_row(void *ctx, const struct ev_piece *p)
{
    struct window_rows *wr = ctx;
    const struct ev_window *w = p->window;
    struct iv span = {p->start, p->end};
    char detail[400];
    const char *why;
    size_t n;

    if (wr->rc != 0)
        return;
    if (!p->excluded) {
        wr->rc = report_window(wr->b, wr->period, wr->s, "counted", &span,
                               w->resource, w->source, w->detail, wr->e);
        return;
    }
    why = p->exclusion != NULL
              ? p->exclusion->detail
              : left_out_token(calc_left_out(wr->d, p->start, p->end));
    n = (size_t)snprintf(detail, sizeof detail, "%s", w->detail);
    if (why != NULL && n < sizeof detail)
        snprintf(detail + n, sizeof detail - n, "%sexcluded_by_%s",
                 n > 0 ? ";" : "", why);
    wr->rc = report_window(wr->b, wr->period, wr->s, "excluded", &span,
                           w->resource, w->source, detail, wr->e);
}

/* windows.csv rows of one decision: every source window of the evidence,
 * cut into what was counted (inside D) and what an exclusion removed. */
static int windows_of(struct buf *b, const char *period, const struct sub *s,
                      const struct decision *d, const struct evidence *x,
                      uint64_t *rows, struct err *e)
{
    struct window_rows wr = {.b = b, .period = period, .s = s, .e = e, .d = d};

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
    struct ledger *ledger;     /* NULL without --ledger */
    struct decision d;         /* the current subscription's */
    struct evidence x;         /* the current subscription's */
    struct decide_members mem; /* its members', under a composite policy */
    struct outdir *od;         /* the output folder, written as rows are made */
    struct outputs out;
    /* Indices in out of the files written as the run goes; SIZE_MAX for
     * one not written (discrepancies.csv without status pages, a billing
     * format the config does not name). */
    size_t credits, decisions, windows, discrepancies;
    size_t billing[BILLING_NFORMATS];
    struct billing_file bf[BILLING_NFORMATS];
    /* credits.csv rows of the current subscription (with a ledger, each
     * is recorded by ledger_add() as it is written) */
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
    size_t k, f;

    r->rl.n = 0; /* nothing needs the rows of earlier subscriptions */
    if (reconcile_decision(r->ledger, r->o->month, s, &r->d, &r->rl, e) != 0)
        return -1;
    for (k = 0; k < r->rl.n; k++) {
        if (report_credit(obuf(r, r->credits), &r->rl.v[k], e) != 0 ||
            (r->ledger != NULL && ledger_add(r->ledger, &r->rl.v[k], e) != 0))
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
        html_pages_add(
            r->pages,
            &(struct html_sub){s, &r->d, &r->x, &r->src, r->rl.v, r->rl.n},
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
    char absdir[1200];
    size_t i;
    int rc = -1;

    if (begin_outputs(r, e) != 0)
        goto out;
    /* The ledger's transaction opens here and takes each credit row as it
     * is written; a failure before ledger_record_end() records nothing. */
    if (r->ledger != NULL &&
        ledger_begin_run(r->ledger, r->o->month,
                         absolute(outdir_path(r->od), absdir, sizeof absdir),
                         e) != 0)
        goto out;
    r->src = inputs_sources(&r->in);
    if (!r->in.cfg->no_html)
        r->pages = html_pages_new(r->o->month, r->m0, r->m1,
                                  r->in.cfg->discrepancy_min,
                                  r->in.roster->subs, r->in.roster->n);
    for (i = 0; i < r->in.roster->n; i++) {
        const struct sub *s = &r->in.roster->subs[order[i]];
        if (decide_sub(&r->in, r->ledger, r->m0, r->m1, s, &r->x, &r->d,
                       &r->mem, e) != 0 ||
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
            inputs_warn(&r->in, "%s", bf->warnings[k]);
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

/* Swaps the staged outputs in. Two phases (ledger.h): the run, recorded
 * row by row as pending since decide_all() began, gets the hash of its
 * manifest and is committed in one transaction; the outputs are swapped
 * in; the run is confirmed. */
static int commit_outputs(struct month_run *r, struct err *e)
{
    if (r->ledger != NULL && ledger_record_end(r->ledger, r->mhex, e) != 0)
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
    decide_members_free(&r->mem);
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
    decide_members_init(&r.mem);
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
    if (inputs_load(o, r.m0, r.m1, r.m0 - INPUTS_ZONES_BEFORE_MONTH,
                    r.m1 + INPUTS_ZONES_AFTER_MONTH, &r.in, e) != 0 ||
        sha_file(o->config, r.cfg_hex, &r.cfg_size, e) != 0 ||
        inputs_ledger_gaps(&r.in, o, r.ledger, r.m0, e) != 0)
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
    if (inputs_load(o, 0, civil_days_from_date(2100, 1, 1) * DAY, 0,
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
    struct decide_members mem;
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
    decide_members_init(&mem);
    buf_init(&b, 0);
    if (when_parse_month(o->month, &m0, &m1, e) != 0)
        return -1;
    if (inputs_load(o, m0, m1, m0 - INPUTS_ZONES_BEFORE_MONTH,
                    m1 + INPUTS_ZONES_AFTER_MONTH, &in, e) != 0)
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
        if (ledger == NULL || inputs_ledger_gaps(&in, o, ledger, m0, e) != 0)
            goto out;
    }
    if (decide_sub(&in, ledger, m0, m1, s, &x, &d, &mem, e) != 0)
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
    if ((ledger != NULL && ledger_issued(ledger, o->month, s->id,
                                         sub_currency(s), &iss, e) != 0) ||
        reconcile_decision(ledger, o->month, s, &d, &rl, e) != 0)
        goto out;
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
    decide_members_free(&mem);
    inputs_free(&in);
    return rc;
}

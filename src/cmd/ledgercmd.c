/* ledgercmd: slacredit ledger verify|list|export|import (see ledgercmd.h). */
#include "cmd/ledgercmd.h"

#include "cmd/opts.h"
#include "ledger/ledger.h"
#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int verify(const struct opts *o, struct err *e)
{
    long problems = ledger_verify(o->ledger, stdout, e);
    struct ledger *l;
    size_t nruns;

    if (problems < 0)
        return -1;
    if (problems > 0) {
        printf("%s: %ld problem(s)\n", o->ledger, problems);
        return -1;
    }
    l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    if (l == NULL)
        return -1;
    ledger_runs(l, &nruns);
    printf("%s: intact: %zu adjustment(s), %zu push(es), %zu run(s)\n",
           o->ledger, ledger_count(l), ledger_push_count(l), nruns);
    ledger_close(l);
    return 0;
}

static bool wanted(const struct opts *o, const struct ledger_row *r)
{
    return (o->month == NULL || strcmp(o->month, r->period) == 0) &&
           (o->subscription == NULL ||
            strcmp(o->subscription, r->subscription) == 0);
}

/* The state of run id (runs are in run_id order). */
static const char *run_state(const struct ledger *l, int64_t id)
{
    size_t n, lo = 0, hi;
    const struct ledger_run *r = ledger_runs(l, &n);

    hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].run_id == id)
            return r[mid].state;
        if (r[mid].run_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return "?";
}

/* What list and export step through. */
struct lister {
    const struct opts *o;
    struct ledger *l;
    struct buf b; /* export: the CSV, written out as it grows */
};

static int list_row(void *ctx, const struct ledger_row *v, struct err *e)
{
    struct lister *t = ctx;
    int exp = money_exponent(v->currency);
    char amt[32];

    (void)e;
    if (!wanted(t->o, v))
        return 0;
    money_format(v->amount, exp < 0 ? 0 : exp, amt, sizeof amt);
    printf("  %s  revision %lld  %s %s  %llds  %s  run %lld (%s)\n",
           v->adjustment_id, (long long)v->revision, amt, v->currency,
           (long long)v->extension, v->remedy, (long long)v->run_id,
           run_state(t->l, v->run_id));
    return 0;
}

/* A push is listed when no filter is given, or when its adjustment is a
 * live row the filter wants. */
static int list_push(void *ctx, const struct ledger_push *p, struct err *e)
{
    struct lister *t = ctx;
    const struct ledger_row *row;

    if (t->o->month != NULL || t->o->subscription != NULL) {
        int got = ledger_row_by_id(t->l, p->adjustment_id, &row, e);
        if (got < 0)
            return -1;
        if (got == 0 || !wanted(t->o, row))
            return 0;
    }
    printf("  %s  %s  %s\n", p->adjustment_id, p->system, p->remote_id);
    return 0;
}

static int list(const struct opts *o, struct err *e)
{
    struct lister t = {o, NULL, {0}};
    const struct ledger_run *r;
    size_t nr, i;
    int rc = -1;

    t.l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    if (t.l == NULL)
        return -1;
    printf("adjustments:\n");
    if (ledger_each_row(t.l, list_row, &t, e) != 0)
        goto out;
    printf("pushes:\n");
    if (ledger_each_push(t.l, list_push, &t, e) != 0)
        goto out;
    r = ledger_runs(t.l, &nr);
    printf("runs:\n");
    for (i = 0; i < nr; i++) {
        if (o->month != NULL && strcmp(o->month, r[i].period) != 0)
            continue;
        printf("  run %lld  %s  %s  %lld adjustment(s)  %s\n",
               (long long)r[i].run_id,
               r[i].period[0] != '\0' ? r[i].period : "import", r[i].state,
               (long long)r[i].adjustments, r[i].out_dir);
    }
    rc = 0;
out:
    ledger_close(t.l);
    return rc;
}

/* Writes out what b holds. */
static void drain(struct buf *b)
{
    fwrite(buf_str(b), 1, b->len, stdout);
    buf_reset(b);
}

static int export_row(void *ctx, const struct ledger_row *v, struct err *e)
{
    struct lister *t = ctx;
    char rev[24], amount[24], ext[24], run[24];
    const char *f[11];

    (void)e;
    if (v->pending || !wanted(t->o, v))
        return 0;
    snprintf(rev, sizeof rev, "%lld", (long long)v->revision);
    snprintf(amount, sizeof amount, "%lld", (long long)v->amount);
    snprintf(ext, sizeof ext, "%lld", (long long)v->extension);
    snprintf(run, sizeof run, "%lld", (long long)v->run_id);
    f[0] = v->adjustment_id;
    f[1] = v->period;
    f[2] = v->subscription;
    f[3] = v->policy;
    f[4] = rev;
    f[5] = amount;
    f[6] = v->currency;
    f[7] = v->remedy;
    f[8] = ext;
    f[9] = run;
    f[10] = v->row_sha256;
    csvout_row(&t->b, f, 11);
    if (t->b.len >= 65536)
        drain(&t->b);
    return 0;
}

static int export(const struct opts *o, struct err *e)
{
    struct lister t = {o, NULL, {0}};
    int rc;

    t.l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    if (t.l == NULL)
        return -1;
    buf_init(&t.b, 0);
    buf_puts(&t.b, "adjustment_id,period,subscription_id,policy,revision,"
                   "amount_minor,currency,remedy,extension_seconds,run_id,"
                   "row_sha256\n");
    rc = ledger_each_row(t.l, export_row, &t, e);
    if (rc == 0)
        drain(&t.b);
    buf_free(&t.b);
    ledger_close(t.l);
    return rc;
}

int ledgercmd_run(const struct opts *o, struct err *e)
{
    size_t count;

    switch (o->ledger_action) {
    case LEDGER_VERIFY:
        return verify(o, e);
    case LEDGER_LIST:
        return list(o, e);
    case LEDGER_EXPORT:
        return export(o, e);
    case LEDGER_IMPORT:
        if (ledger_import_csv(o->import_path, o->ledger, &count, e) != 0)
            return -1;
        if (!o->quiet)
            printf("slacredit: imported %zu adjustment(s) from %s into %s\n",
                   count, o->import_path, o->ledger);
        return 0;
    }
    err_set(e, RC_SOFTWARE, NULL, 0, "unknown ledger action");
    return -1;
}

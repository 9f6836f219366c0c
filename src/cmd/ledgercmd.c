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
    size_t nrows, npush, nruns;

    if (problems < 0)
        return -1;
    if (problems > 0) {
        printf("%s: %ld problem(s)\n", o->ledger, problems);
        return -1;
    }
    l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    if (l == NULL)
        return -1;
    ledger_rows(l, &nrows);
    ledger_pushes(l, &npush);
    ledger_runs(l, &nruns);
    printf("%s: intact: %zu adjustment(s), %zu push(es), %zu run(s)\n",
           o->ledger, nrows, npush, nruns);
    ledger_close(l);
    return 0;
}

static bool wanted(const struct opts *o, const struct ledger_row *r)
{
    return (o->month == NULL || strcmp(o->month, r->period) == 0) &&
           (o->subscription == NULL ||
            strcmp(o->subscription, r->subscription) == 0);
}

static const char *run_state(const struct ledger *l, int64_t id)
{
    size_t n, i;
    const struct ledger_run *r = ledger_runs(l, &n);

    for (i = 0; i < n; i++) {
        if (r[i].run_id == id)
            return r[i].state;
    }
    return "?";
}

static int list(const struct opts *o, struct err *e)
{
    struct ledger *l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    const struct ledger_row *v;
    const struct ledger_push *p;
    const struct ledger_run *r;
    size_t n, np, nr, i, j;
    char amt[32];

    if (l == NULL)
        return -1;
    v = ledger_rows(l, &n);
    printf("adjustments:\n");
    for (i = 0; i < n; i++) {
        int exp = money_exponent(v[i].currency);
        if (!wanted(o, &v[i]))
            continue;
        money_format(v[i].amount, exp < 0 ? 0 : exp, amt, sizeof amt);
        printf("  %s  revision %lld  %s %s  %llds  %s  run %lld (%s)\n",
               v[i].adjustment_id, (long long)v[i].revision, amt, v[i].currency,
               (long long)v[i].extension, v[i].remedy, (long long)v[i].run_id,
               run_state(l, v[i].run_id));
    }
    p = ledger_pushes(l, &np);
    printf("pushes:\n");
    for (i = 0; i < np; i++) {
        bool show = o->month == NULL && o->subscription == NULL;
        for (j = 0; j < n && !show; j++)
            show = wanted(o, &v[j]) &&
                   strcmp(v[j].adjustment_id, p[i].adjustment_id) == 0;
        if (show)
            printf("  %s  %s  %s\n", p[i].adjustment_id, p[i].system,
                   p[i].remote_id);
    }
    r = ledger_runs(l, &nr);
    printf("runs:\n");
    for (i = 0; i < nr; i++) {
        if (o->month != NULL && strcmp(o->month, r[i].period) != 0)
            continue;
        printf("  run %lld  %s  %s  %lld adjustment(s)  %s\n",
               (long long)r[i].run_id,
               r[i].period[0] != '\0' ? r[i].period : "import", r[i].state,
               (long long)r[i].adjustments, r[i].out_dir);
    }
    ledger_close(l);
    return 0;
}

static int export(const struct opts *o, struct err *e)
{
    struct ledger *l = ledger_open(o->ledger, LEDGER_READ, NULL, e);
    const struct ledger_row *v;
    struct buf b;
    size_t n, i;

    if (l == NULL)
        return -1;
    buf_init(&b, 0);
    buf_puts(&b, "adjustment_id,period,subscription_id,policy,revision,"
                 "amount_minor,currency,remedy,extension_seconds,run_id,"
                 "row_sha256\n");
    v = ledger_rows(l, &n);
    for (i = 0; i < n; i++) {
        char rev[24], amount[24], ext[24], run[24];
        const char *f[11];
        if (v[i].pending || !wanted(o, &v[i]))
            continue;
        snprintf(rev, sizeof rev, "%lld", (long long)v[i].revision);
        snprintf(amount, sizeof amount, "%lld", (long long)v[i].amount);
        snprintf(ext, sizeof ext, "%lld", (long long)v[i].extension);
        snprintf(run, sizeof run, "%lld", (long long)v[i].run_id);
        f[0] = v[i].adjustment_id;
        f[1] = v[i].period;
        f[2] = v[i].subscription;
        f[3] = v[i].policy;
        f[4] = rev;
        f[5] = amount;
        f[6] = v[i].currency;
        f[7] = v[i].remedy;
        f[8] = ext;
        f[9] = run;
        f[10] = v[i].row_sha256;
        csvout_row(&b, f, 11);
    }
    fwrite(buf_str(&b), 1, b.len, stdout);
    buf_free(&b);
    ledger_close(l);
    return 0;
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

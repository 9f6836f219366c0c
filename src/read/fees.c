/* fees: the fee history CSV (see fees.h). */
#include "read/fees.h"

#include "engine/subscription.h"
#include "lib/civil.h"
#include "lib/csvin.h"
#include "lib/money.h"
#include "lib/xalloc.h"
#include "read/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fee {
    char *sub;     /* subscription_id */
    int64_t month; /* month index */
    int64_t fee;   /* minor units */
    long line;
};

struct fees {
    struct fee *v; /* sorted by (sub, month) after loading */
    size_t n;
};

struct loader {
    struct fees *f;
    const struct roster *r;
    long col[3];
    size_t ncols;
};

int64_t fees_month_of(int64_t t)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(t), &y, &m, &d);
    return y * 12 + m - 1;
}

int64_t fees_month_start(int64_t m)
{
    return civil_days_from_date(civil_floor_div(m, 12),
                                (int)(m - civil_floor_div(m, 12) * 12) + 1, 1) *
           CIVIL_SECS_PER_DAY;
}

void fees_month_text(int64_t m, char *out, size_t cap)
{
    int64_t y = civil_floor_div(m, 12);

    snprintf(out, cap, "%04lld-%02d", (long long)y, (int)(m - y * 12) + 1);
}

/* "YYYY-MM", month 01 to 12, year 0001 to 9999, into a month index. */
static bool parse_month(const char *s, int64_t *out)
{
    int64_t y = 0;
    int m, i;

    if (strlen(s) != 7 || s[4] != '-')
        return false;
    for (i = 0; i < 7; i++) {
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    }
    for (i = 0; i < 4; i++)
        y = y * 10 + (s[i] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1 || m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}

static int read_header(struct loader *l, const struct csvrec *rec,
                       struct err *e)
{
    static const char *const names[3] = {"subscription_id", "month", "fee"};
    size_t i;

    for (i = 0; i < 3; i++) {
        l->col[i] = csvin_column(rec->f, rec->n, names[i], e);
        if (l->col[i] == -2)
            return -1;
        if (l->col[i] < 0) {
            err_set(e, RC_DATA, NULL, 0, "missing column in header: %s",
                    names[i]);
            return -1;
        }
    }
    l->ncols = rec->n;
    return 0;
}

static int read_fee_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct loader *l = ctx;
    const struct sub *s;
    const char *why, *sub, *month, *fee;
    int64_t m, minor;

    if (rec->index == 0)
        return read_header(l, rec, e);
    if (rec->n != l->ncols) {
        err_set(e, RC_DATA, NULL, 0, "want %zu fields like the header, got %zu",
                l->ncols, rec->n);
        return -1;
    }
    sub = rec->f[l->col[0]];
    month = rec->f[l->col[1]];
    fee = rec->f[l->col[2]];
    s = roster_find(l->r, sub);
    if (s == NULL) {
        err_set(e, RC_DATA, NULL, 0, "subscription_id: not in the roster: %s",
                sub);
        return -1;
    }
    if (!parse_month(month, &m)) {
        err_set(e, RC_DATA, NULL, 0, "month: want YYYY-MM: %s", month);
        return -1;
    }
    why = money_parse(fee, sub_exponent(s), &minor);
    if (why != NULL) {
        err_set(e, RC_DATA, NULL, 0, "fee: %s (%s): %s", why, sub_currency(s),
                fee);
        return -1;
    }
    if (minor < 0) {
        err_set(e, RC_DATA, NULL, 0, "fee: negative: %s", fee);
        return -1;
    }
    l->f->v = xreallocarray(l->f->v, l->f->n + 1, sizeof *l->f->v);
    l->f->v[l->f->n] = (struct fee){xstrdup(sub), m, minor, rec->line};
    l->f->n++;
    return 0;
}

/* By subscription, month, then line (so a duplicate follows its first). */
static int cmp_fee(const void *a, const void *b)
{
    const struct fee *x = a, *y = b;
    int c = strcmp(x->sub, y->sub);

    if (c != 0)
        return c;
    if (x->month != y->month)
        return (x->month > y->month) - (x->month < y->month);
    return (x->line > y->line) - (x->line < y->line);
}

/* A repeated (subscription, month): the error names the second line of
 * the key and its first; of several, the one earliest in the file. */
static int find_duplicate(const struct fees *f, const char *path, struct err *e)
{
    const struct fee *dup = NULL, *first = NULL;
    size_t i, run = 0; /* run: the index where the current key begins */
    char m[32];

    for (i = 1; i < f->n; i++) {
        if (strcmp(f->v[i].sub, f->v[run].sub) != 0 ||
            f->v[i].month != f->v[run].month) {
            run = i;
            continue;
        }
        if (i == run + 1 && (dup == NULL || f->v[i].line < dup->line)) {
            dup = &f->v[i];
            first = &f->v[run];
        }
    }
    if (dup == NULL)
        return 0;
    fees_month_text(dup->month, m, sizeof m);
    err_set(e, RC_DATA, path, dup->line,
            "subscription_id and month: duplicate (first on line %ld): %s %s",
            first->line, dup->sub, m);
    return -1;
}

struct fees *fees_load(const char *path, const struct roster *r, struct err *e)
{
    struct loader l;
    struct csvin *in;
    int rc;

    memset(&l, 0, sizeof l);
    l.f = xcalloc(1, sizeof *l.f);
    l.r = r;
    in = csvin_open(path, NULL, e);
    if (in == NULL) {
        fees_free(l.f);
        return NULL;
    }
    rc = csvin_each(in, read_fee_row, &l, e);
    csvin_close(in);
    if (rc == 0 && l.f->n > 1) {
        qsort(l.f->v, l.f->n, sizeof *l.f->v, cmp_fee);
        rc = find_duplicate(l.f, path, e);
    }
    if (rc != 0) {
        fees_free(l.f);
        return NULL;
    }
    return l.f;
}

bool fees_of(const struct fees *f, const char *id, int64_t m, int64_t *fee)
{
    size_t lo = 0, hi = f->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(f->v[mid].sub, id);
        if (c < 0 || (c == 0 && f->v[mid].month < m))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < f->n && strcmp(f->v[lo].sub, id) == 0 && f->v[lo].month == m) {
        *fee = f->v[lo].fee;
        return true;
    }
    return false;
}

int fees_window(const struct fees *f, const struct sub *s, int64_t last,
                int64_t months, struct fees_window *out)
{
    int64_t m;

    memset(out, 0, sizeof *out);
    out->months = months;
    for (m = last - months + 1; m <= last; m++) {
        int64_t fee = 0;
        if (f != NULL && fees_of(f, s->id, m, &fee)) {
            out->billed++;
        } else if (s->starts_at < fees_month_start(m + 1) &&
                   s->ends_at > fees_month_start(m)) {
            fee = s->fee;
            if (out->missing++ == 0)
                out->first_missing = m;
        }
        if (money_add(out->total, fee, &out->total) != 0)
            return -1;
    }
    return 0;
}

void fees_free(struct fees *f)
{
    size_t i;

    if (f == NULL)
        return;
    for (i = 0; i < f->n; i++)
        free(f->v[i].sub);
    free(f->v);
    free(f);
}

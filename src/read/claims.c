/* claims: the claims CSV (see claims.h). */
#include "read/claims.h"

#include "lib/csvin.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/roster.h"

#include <stdlib.h>
#include <string.h>

struct claim {
    char *id;          /* claim_id */
    char *sub;         /* subscription_id */
    int64_t submitted; /* epoch s */
    long line;
};

struct claims {
    struct claim *v; /* sorted by (sub, submitted) after loading */
    size_t n;
    int64_t *times; /* submitted, in the same order */
};

struct loader {
    struct claims *c;
    const struct roster *r;
    long col[3];
    size_t ncols;
};

static int read_claim_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    static const char *const names[3] = {"claim_id", "subscription_id",
                                         "submitted_at"};
    struct loader *l = ctx;
    struct claim *x;
    const char *why, *id, *sub, *at;
    size_t i;

    if (rec->index == 0) {
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
    if (rec->n != l->ncols) {
        err_set(e, RC_DATA, NULL, 0, "want %zu fields like the header, got %zu",
                l->ncols, rec->n);
        return -1;
    }
    id = rec->f[l->col[0]];
    sub = rec->f[l->col[1]];
    at = rec->f[l->col[2]];
    if (id[0] == '\0') {
        err_set(e, RC_DATA, NULL, 0, "claim_id: empty");
        return -1;
    }
    if (roster_find(l->r, sub) == NULL) {
        err_set(e, RC_DATA, NULL, 0, "subscription_id: not in the roster: %s",
                sub);
        return -1;
    }
    l->c->v = xreallocarray(l->c->v, l->c->n + 1, sizeof *l->c->v);
    x = &l->c->v[l->c->n];
    why = when_parse_iso(at, strlen(at), NULL, &x->submitted);
    if (why != NULL) {
        err_set(e, RC_DATA, NULL, 0, "submitted_at: %s: %s", why, at);
        return -1;
    }
    x->id = xstrdup(id);
    x->sub = xstrdup(sub);
    x->line = rec->line;
    l->c->n++;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    const struct claim *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int cmp_sub(const void *a, const void *b)
{
    const struct claim *x = a, *y = b;
    int c = strcmp(x->sub, y->sub);

    if (c != 0)
        return c;
    return (x->submitted > y->submitted) - (x->submitted < y->submitted);
}

struct claims *claims_load(const char *path, const struct roster *r,
                           struct err *e)
{
    struct loader l;
    struct csvin *in;
    size_t i;
    int rc;

    memset(&l, 0, sizeof l);
    l.c = xcalloc(1, sizeof *l.c);
    l.r = r;
    in = csvin_open(path, NULL, e);
    if (in == NULL) {
        claims_free(l.c);
        return NULL;
    }
    rc = csvin_each(in, read_claim_row, &l, e);
    csvin_close(in);
    if (rc == 0 && l.c->n > 1) {
        qsort(l.c->v, l.c->n, sizeof *l.c->v, cmp_id);
        for (i = 1; i < l.c->n; i++) {
            if (strcmp(l.c->v[i].id, l.c->v[i - 1].id) == 0) {
                err_set(e, RC_DATA, path, l.c->v[i].line,
                        "claim_id: duplicate (first on line %ld): %s",
                        l.c->v[i - 1].line, l.c->v[i].id);
                rc = -1;
                break;
            }
        }
    }
    if (rc != 0) {
        claims_free(l.c);
        return NULL;
    }
    if (l.c->n > 1)
        qsort(l.c->v, l.c->n, sizeof *l.c->v, cmp_sub);
    l.c->times = xcalloc(l.c->n, sizeof *l.c->times);
    for (i = 0; i < l.c->n; i++)
        l.c->times[i] = l.c->v[i].submitted;
    return l.c;
}

const int64_t *claims_of(const struct claims *c, const char *id, size_t *n)
{
    size_t lo = 0, hi = c->n, end;

    *n = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->v[mid].sub, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (end = lo; end < c->n && strcmp(c->v[end].sub, id) == 0; end++)
        ;
    *n = end - lo;
    return *n > 0 ? &c->times[lo] : NULL;
}

void claims_free(struct claims *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < c->n; i++) {
        free(c->v[i].id);
        free(c->v[i].sub);
    }
    free(c->v);
    free(c->times);
    free(c);
}

/* fidelity: down wins, quorum, confirmation and unknown time for monitoring
 * samples (SPEC §8). One sweep over the sorted interval ends of all the
 * locations of a resource tracks, per location, whether it says down and
 * whether it knows the instant; the quorum is judged on each elementary
 * segment between two consecutive ends. */
#include "read/fidelity.h"

#include <stdlib.h>

#include "lib/xalloc.h"

/* One end of a location's interval: the start (+1) or end (-1) of a down or
 * an up sample's cover. */
struct edge {
    int64_t t;     /* epoch s */
    size_t loc;    /* index into the locations */
    bool down;     /* an interval of the down set, else of the up set */
    signed char d; /* +1 at a start, -1 at an end */
};

/* Per location: how many of its intervals cover the current instant. The
 * sets need not be normal, so intervals may overlap and counts exceed 1. */
struct cover {
    size_t down, up;
};

void fidelity_loc_init(struct fidelity_loc *l)
{
    ivset_init(&l->down);
    ivset_init(&l->up);
    ivset_init(&l->held);
    l->has_last = false;
    l->last_down = false;
    l->last_t = 0;
    l->run = 0;
}

void fidelity_loc_free(struct fidelity_loc *l)
{
    ivset_free(&l->down);
    ivset_free(&l->up);
    ivset_free(&l->held);
    fidelity_loc_init(l);
}

/* Moves the held run's time into to. */
static void release_held(struct fidelity_loc *l, struct ivset *to)
{
    size_t i;

    for (i = 0; i < l->held.n; i++)
        ivset_add(to, l->held.v[i].start, l->held.v[i].end);
    ivset_clear(&l->held);
}

/* The last sample stands for [last_t, end). */
static void close_last(struct fidelity_loc *l, int64_t end, int64_t confirm)
{
    if (end <= l->last_t)
        return;
    if (!l->last_down) {
        release_held(l, &l->up); /* a run short of confirm is up */
        l->run = 0;
        ivset_add(&l->up, l->last_t, end);
        return;
    }
    if (l->run >= confirm) {
        ivset_add(&l->down, l->last_t, end);
        return;
    }
    ivset_add(&l->held, l->last_t, end);
    l->run++;
    if (l->run >= confirm)
        release_held(l, &l->down);
}

/* t + gap, saturating at INT64_MAX. */
static int64_t add_sat(int64_t t, int64_t gap)
{
    int64_t end;

    if (__builtin_add_overflow(t, gap, &end))
        end = INT64_MAX;
    return end;
}

bool fidelity_loc_add_next(struct fidelity_loc *l, int64_t t, bool down,
                           int64_t max_gap, int64_t confirm)
{
    int64_t end;

    if (l->has_last) {
        if (t < l->last_t)
            return false;
        if (t == l->last_t) {
            l->last_down = l->last_down || down;
            return true;
        }
        end = add_sat(l->last_t, max_gap);
        close_last(l, t < end ? t : end, confirm);
    }
    l->has_last = true;
    l->last_t = t;
    l->last_down = down;
    return true;
}

void fidelity_loc_end_next(struct fidelity_loc *l, int64_t max_gap,
                           int64_t confirm)
{
    if (l->has_last)
        close_last(l, add_sat(l->last_t, max_gap), confirm);
    l->has_last = false;
    release_held(l, &l->up);
    l->run = 0;
}

void fidelity_loc_add(struct fidelity_loc *l, int64_t t, int64_t interval,
                      bool down)
{
    int64_t end;

    if (interval <= 0)
        return;
    if (__builtin_add_overflow(t, interval, &end))
        end = INT64_MAX;
    ivset_add(down ? &l->down : &l->up, t, end);
}

static int cmp_edge(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return 0;
}

/* Pushes both ends of every interval of s (location loc) onto ev. */
static size_t push_edges(struct edge *ev, size_t n, const struct ivset *s,
                         size_t loc, bool down)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->v[i].end <= s->v[i].start)
            continue;
        ev[n++] = (struct edge){s->v[i].start, loc, down, 1};
        ev[n++] = (struct edge){s->v[i].end, loc, down, -1};
    }
    return n;
}

/* True when ndown of the nknow knowing locations saying down meet r's
 * quorum. */
static bool quorum_met(const struct fidelity_rules *r, size_t ndown,
                       size_t nknow)
{
    if (ndown == 0)
        return false;
    switch (r->quorum) {
    case QUORUM_ANY:
        return true;
    case QUORUM_ALL:
        return ndown == nknow;
    case QUORUM_MAJORITY:
        return ndown > nknow - ndown;
    case QUORUM_N:
        return r->quorum_n <= 1 || (uint64_t)ndown >= (uint64_t)r->quorum_n;
    }
    return false;
}

/* Applies to the segment [a, b) the state of the sweep: down time to down,
 * time known and not down to up, unknown time inside [lo, hi) to unknown. */
static void emit(const struct fidelity_rules *r, size_t ndown, size_t nknow,
                 int64_t a, int64_t b, int64_t lo, int64_t hi,
                 struct ivset *down, struct ivset *up, struct ivset *unknown)
{
    if (quorum_met(r, ndown, nknow))
        ivset_add(down, a, b);
    else if (nknow > 0)
        ivset_add(up, a, b);
    if (nknow == 0)
        ivset_add(unknown, a > lo ? a : lo, b < hi ? b : hi);
}

/* Keeps down->v[a..b) (one run) at down->v[*w..) when its down time reaches
 * min seconds. */
static void keep_run(struct ivset *down, size_t a, size_t b, int64_t min,
                     size_t *w)
{
    int64_t total = 0;
    size_t i;

    for (i = a; i < b; i++)
        if (__builtin_add_overflow(total, down->v[i].end - down->v[i].start,
                                   &total))
            total = INT64_MAX;
    if (total < min)
        return;
    for (i = a; i < b; i++)
        down->v[(*w)++] = down->v[i];
}

void fidelity_confirm(struct ivset *down, const struct ivset *up,
                      int64_t interval, int64_t confirm)
{
    int64_t min;
    size_t i, j = 0, a = 0, w = 0;

    if (confirm <= 1 || down->n == 0)
        return;
    if (interval <= 0)
        interval = 1;
    if (__builtin_mul_overflow(confirm, interval, &min))
        min = INT64_MAX;
    /* A run ends where up time lies between two down intervals; unknown
     * time between them does not end it. Keeping a subset of a normal
     * set's intervals keeps it normal. */
    for (i = 1; i < down->n; i++) {
        while (j < up->n && up->v[j].end <= down->v[i - 1].end)
            j++;
        if (j < up->n && up->v[j].start < down->v[i].start) {
            keep_run(down, a, i, min, &w);
            a = i;
        }
    }
    keep_run(down, a, down->n, min, &w);
    down->n = (uint32_t)w;
}

void fidelity_resource(const struct fidelity_loc *locs, size_t nlocs,
                       const struct fidelity_rules *r, int64_t lo, int64_t hi,
                       struct ivset *out_down, struct ivset *out_unknown)
{
    struct edge *ev = NULL;
    struct cover *cov = NULL;
    struct ivset up;
    size_t nev = 0, m = 0, i, ndown = 0, nknow = 0;
    int64_t prev = INT64_MIN;

    ivset_clear(out_down);
    ivset_clear(out_unknown);
    ivset_init(&up);
    for (i = 0; i < nlocs; i++)
        m += locs[i].down.n + locs[i].up.n;
    if (m > 0) {
        ev = xreallocarray(NULL, m, 2 * sizeof ev[0]);
        cov = xcalloc(nlocs, sizeof cov[0]);
        for (i = 0; i < nlocs; i++) {
            nev = push_edges(ev, nev, &locs[i].down, i, true);
            nev = push_edges(ev, nev, &locs[i].up, i, false);
        }
        qsort(ev, nev, sizeof ev[0], cmp_edge);
    }
    i = 0;
    while (i < nev) {
        int64_t t = ev[i].t;

        emit(r, ndown, nknow, prev, t, lo, hi, out_down, &up, out_unknown);
        /* Every end at t is applied before the next segment is judged, so
         * the order of ends at one instant does not matter. */
        for (; i < nev && ev[i].t == t; i++) {
            struct cover *c = &cov[ev[i].loc];
            bool said = c->down > 0, knew = c->down > 0 || c->up > 0;

            if (ev[i].down)
                c->down = ev[i].d > 0 ? c->down + 1 : c->down - 1;
            else
                c->up = ev[i].d > 0 ? c->up + 1 : c->up - 1;
            if (said != (c->down > 0))
                ndown = said ? ndown - 1 : ndown + 1;
            if (knew != (c->down > 0 || c->up > 0))
                nknow = knew ? nknow - 1 : nknow + 1;
        }
        prev = t;
    }
    emit(r, ndown, nknow, prev, INT64_MAX, lo, hi, out_down, &up, out_unknown);
    ivset_normalize(out_down);
    ivset_normalize(&up);
    fidelity_confirm(out_down, &up, r->interval, r->confirm);
    ivset_free(&up);
    free(cov);
    free(ev);
}

/* The time of the normal set s within [a, b); *i, the first interval that
 * may overlap, only moves forward (calls with increasing a). */
static int64_t overlap(const struct ivset *s, size_t *i, int64_t a, int64_t b)
{
    int64_t total = 0;
    size_t j;

    while (*i < s->n && s->v[*i].end <= a)
        (*i)++;
    for (j = *i; j < s->n && s->v[j].start < b; j++) {
        int64_t x = s->v[j].start > a ? s->v[j].start : a;
        int64_t y = s->v[j].end < b ? s->v[j].end : b;
        if (y > x)
            total += y - x;
    }
    return total;
}

void fidelity_bucket(struct ivset *down, const struct ivset *unknown,
                     int64_t lo, int64_t hi, int64_t bucket,
                     enum fidelity_bucket_rule rule)
{
    struct ivset out;
    size_t i, di = 0, ui = 0;
    int64_t a;

    if (bucket <= 0 || hi <= lo)
        return;
    ivset_init(&out);
    for (i = 0; i < down->n; i++) {
        if (down->v[i].start < lo)
            ivset_add(&out, down->v[i].start,
                      down->v[i].end < lo ? down->v[i].end : lo);
        if (down->v[i].end > hi)
            ivset_add(&out, down->v[i].start > hi ? down->v[i].start : hi,
                      down->v[i].end);
    }
    for (a = lo; a<hi; a = hi - a> bucket ? a + bucket : hi) {
        int64_t b = hi - a > bucket ? a + bucket : hi;
        int64_t dn = overlap(down, &di, a, b);
        int64_t known = (b - a) - overlap(unknown, &ui, a, b);
        bool is_down = false;

        if (known > 0 && dn > 0) {
            switch (rule) {
            case BUCKET_ANY:
                is_down = true;
                break;
            case BUCKET_ALL:
                is_down = dn >= known;
                break;
            case BUCKET_MAJORITY:
                is_down = dn > known - dn;
                break;
            }
        }
        if (is_down)
            ivset_add(&out, a, b);
    }
    ivset_normalize(&out);
    ivset_free(down);
    *down = out;
}

/* Adds every interval of the n sets at s to out, then normalizes it. */
static void union_all(struct ivset *out, const struct ivset *s, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < s[i].n; j++)
            ivset_add(out, s[i].v[j].start, s[i].v[j].end);
    ivset_normalize(out);
}

void fidelity_subscription_unknown(const struct ivset *unknowns,
                                   const struct ivset *downs, size_t n,
                                   struct ivset *out)
{
    struct ivset u, d;

    ivset_init(&u);
    ivset_init(&d);
    union_all(&u, unknowns, n);
    union_all(&d, downs, n);
    ivset_subtract(out, &u, &d);
    ivset_free(&d);
    ivset_free(&u);
}

/* s = s op u, through a temporary; op is ivset_union or ivset_subtract. */
static void apply_op(struct ivset *s, const struct ivset *u,
                     void (*op)(struct ivset *, const struct ivset *,
                                const struct ivset *))
{
    struct ivset t;

    ivset_init(&t);
    op(&t, s, u);
    ivset_free(s);
    *s = t;
}

void fidelity_apply_unknown(enum fidelity_unknown mode,
                            const struct ivset *unknown, struct ivset *down,
                            struct ivset *active)
{
    switch (mode) {
    case UNKNOWN_UP:
        break;
    case UNKNOWN_DOWN:
        apply_op(down, unknown, ivset_union);
        break;
    case UNKNOWN_EXCLUDED:
        apply_op(down, unknown, ivset_subtract);
        if (active != NULL)
            apply_op(active, unknown, ivset_subtract);
        break;
    }
}

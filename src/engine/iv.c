/* iv: interval-set algebra on normal (sorted, disjoint, non-touching) sets. */
#include "engine/iv.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

void ivset_init(struct ivset *s)
{
    s->v = NULL;
    s->n = 0;
    s->cap = 0;
    s->normal = 1;
}

void ivset_free(struct ivset *s)
{
    if (s->cap != 0)
        free(s->v); /* else NULL, or borrowed (see ivset_lend()) */
    ivset_init(s);
}

void ivset_lend(struct ivset *s, struct iv *to)
{
    if (s->n > 0)
        memcpy(to, s->v, s->n * sizeof *to);
    if (s->cap != 0)
        free(s->v);
    s->v = s->n > 0 ? to : NULL;
    s->cap = 0;
}

void ivset_clear(struct ivset *s)
{
    s->n = 0;
    s->normal = 1;
}

/* n <= cap < 2^31, so n and cap fit in 32 bits (a set is 16 bytes).
 * A set starts with room for one interval: most resources of a large
 * roster hold one or two, and a million sets of 8 slots would cost 128 MB
 * where they need 16. */
static void push(struct ivset *s, int64_t start, int64_t end)
{
    if (s->n == s->cap || s->cap == 0) {
        size_t cap = s->cap != 0 ? (size_t)s->cap * 2
                                 : (s->n != 0 ? 2 * (size_t)s->n : 1);
        /* 2^31 intervals (32 GiB) fit in no memory: reported as out of
         * memory like any allocation that fails. */
        size_t want = cap < (size_t)1 << 31 ? cap : SIZE_MAX;
        if (s->cap != 0 || s->v == NULL)
            s->v = xreallocarray(s->v, want, sizeof s->v[0]);
        else { /* borrowed: copied to an array of its own */
            struct iv *v = xreallocarray(NULL, want, sizeof s->v[0]);
            memcpy(v, s->v, s->n * sizeof *v);
            s->v = v;
        }
        s->cap = (unsigned)cap & 0x7fffffffu;
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->n++;
}

void ivset_add(struct ivset *s, int64_t start, int64_t end)
{
    struct iv *last;

    if (end <= start)
        return;
    if (s->n > 0) {
        last = &s->v[s->n - 1];
        if (start >= last->start && start <= last->end) {
            if (end > last->end)
                last->end = end;
            return;
        }
    }
    if (s->normal && (s->n == 0 || start > s->v[s->n - 1].end)) {
        push(s, start, end);
        return;
    }
    /* Out of order. A set that is full of unsorted intervals is
     * normalized before it grows, so it grows only when still full: it
     * never holds more than about twice its normal size. */
    if (!s->normal && s->n == s->cap && s->n >= 1024) {
        ivset_normalize(s);
        ivset_add(s, start, end);
        return;
    }
    push(s, start, end);
    s->normal = 0;
}

static int cmp_iv(const void *a, const void *b)
{
    const struct iv *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

void ivset_normalize(struct ivset *s)
{
    size_t i, w = 0;

    if (s->normal || s->n <= 1) { /* none or one interval: normal */
        s->normal = 1;
        return;
    }
    qsort(s->v, s->n, sizeof s->v[0], cmp_iv);
    for (i = 0; i < s->n; i++) {
        if (w > 0 && s->v[i].start <= s->v[w - 1].end) {
            if (s->v[i].end > s->v[w - 1].end)
                s->v[w - 1].end = s->v[i].end;
        } else {
            s->v[w++] = s->v[i];
        }
    }
    s->n = (uint32_t)w;
    s->normal = 1;
}

bool ivset_is_normal(const struct ivset *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->v[i].end <= s->v[i].start)
            return false;
        if (i > 0 && s->v[i].start <= s->v[i - 1].end)
            return false;
    }
    return true;
}

int64_t ivset_total(const struct ivset *s)
{
    int64_t t = 0;
    size_t i;

    for (i = 0; i < s->n; i++)
        t += s->v[i].end - s->v[i].start;
    return t;
}

/* Appends to a set being built in order, merging touching neighbours. */
static void append(struct ivset *out, int64_t start, int64_t end)
{
    if (end <= start)
        return;
    if (out->n > 0 && start <= out->v[out->n - 1].end) {
        if (end > out->v[out->n - 1].end)
            out->v[out->n - 1].end = end;
        return;
    }
    push(out, start, end);
}

void ivset_copy(struct ivset *out, const struct ivset *a)
{
    size_t i;

    ivset_clear(out);
    for (i = 0; i < a->n; i++)
        push(out, a->v[i].start, a->v[i].end);
    out->normal = a->normal;
}

void ivset_union(struct ivset *out, const struct ivset *a,
                 const struct ivset *b)
{
    size_t i = 0, j = 0;

    ivset_clear(out);
    while (i < a->n || j < b->n) {
        const struct iv *x;
        if (j == b->n || (i < a->n && a->v[i].start <= b->v[j].start))
            x = &a->v[i++];
        else
            x = &b->v[j++];
        append(out, x->start, x->end);
    }
}

void ivset_intersect(struct ivset *out, const struct ivset *a,
                     const struct ivset *b)
{
    size_t i = 0, j = 0;

    ivset_clear(out);
    while (i < a->n && j < b->n) {
        int64_t lo =
            a->v[i].start > b->v[j].start ? a->v[i].start : b->v[j].start;
        int64_t hi = a->v[i].end < b->v[j].end ? a->v[i].end : b->v[j].end;
        append(out, lo, hi);
        if (a->v[i].end < b->v[j].end)
            i++;
        else
            j++;
    }
}

void ivset_subtract(struct ivset *out, const struct ivset *a,
                    const struct ivset *b)
{
    size_t i, j = 0;

    ivset_clear(out);
    for (i = 0; i < a->n; i++) {
        int64_t cur = a->v[i].start, end = a->v[i].end;
        while (j < b->n && b->v[j].end <= cur)
            j++;
        size_t k = j;
        while (k < b->n && b->v[k].start < end) {
            append(out, cur, b->v[k].start);
            if (b->v[k].end > cur)
                cur = b->v[k].end;
            if (cur >= end)
                break;
            k++;
        }
        append(out, cur, end);
    }
}

void ivset_clip(struct ivset *out, const struct ivset *a, int64_t lo,
                int64_t hi)
{
    size_t i;

    ivset_clear(out);
    for (i = 0; i < a->n; i++) {
        int64_t s = a->v[i].start > lo ? a->v[i].start : lo;
        int64_t e = a->v[i].end < hi ? a->v[i].end : hi;
        append(out, s, e);
    }
}

void ivset_merge(struct ivset *s, const struct ivset *b)
{
    size_t i;

    for (i = 0; i < b->n; i++)
        push(s, b->v[i].start, b->v[i].end);
    s->normal = 0;
    ivset_normalize(s);
}

size_t ivset_seek(const struct ivset *s, int64_t t)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].end <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool ivset_overlaps(const struct ivset *s, int64_t start, int64_t end)
{
    size_t i = ivset_seek(s, start);

    return start < end && i < s->n && s->v[i].start < end;
}

void wset_init(struct wset *s)
{
    s->v = NULL;
    s->n = 0;
    s->cap = 0;
}

void wset_free(struct wset *s)
{
    free(s->v);
    wset_init(s);
}

void wset_clear(struct wset *s)
{
    s->n = 0;
}

static void wpush(struct wset *s, int64_t start, int64_t end, int32_t w)
{
    if (end <= start || w <= 0)
        return;
    if (s->n > 0 && s->v[s->n - 1].end == start && s->v[s->n - 1].weight == w) {
        s->v[s->n - 1].end = end;
        return;
    }
    if (s->n == s->cap) {
        s->cap = s->cap != 0 ? s->cap * 2 : 8;
        s->v = xreallocarray(s->v, s->cap, sizeof s->v[0]);
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].weight = w;
    s->n++;
}

void wset_copy(struct wset *out, const struct wset *a)
{
    size_t i;

    wset_clear(out);
    for (i = 0; i < a->n; i++)
        wpush(out, a->v[i].start, a->v[i].end, a->v[i].weight);
}

void wset_from_ivset(struct wset *out, const struct ivset *a, int32_t w)
{
    size_t i;

    wset_clear(out);
    for (i = 0; i < a->n; i++)
        wpush(out, a->v[i].start, a->v[i].end, w);
}

void wset_add(struct wset *s, int64_t start, int64_t end, int32_t weight)
{
    if (end <= start || weight <= 0)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap != 0 ? s->cap * 2 : 8;
        s->v = xreallocarray(s->v, s->cap, sizeof s->v[0]);
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].weight = weight;
    s->n++;
}

/* A sweep event: at time t an interval of weight w begins or ends. */
struct wev {
    int64_t t;
    int32_t w;
    int32_t delta; /* +1 begins, -1 ends */
};

static int cmp_wev(const void *a, const void *b)
{
    const struct wev *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return 0;
}

void wset_normalize(struct wset *s)
{
    struct wev *ev;
    int32_t count[1001];
    size_t i, n = s->n;
    int32_t top = 0;
    int64_t at = 0;
    struct wset out;

    if (n == 0)
        return;
    ev = xreallocarray(NULL, 2 * n, sizeof *ev);
    for (i = 0; i < n; i++) {
        ev[2 * i] = (struct wev){s->v[i].start, s->v[i].weight, 1};
        ev[2 * i + 1] = (struct wev){s->v[i].end, s->v[i].weight, -1};
    }
    qsort(ev, 2 * n, sizeof *ev, cmp_wev);
    memset(count, 0, sizeof count);
    wset_init(&out);
    for (i = 0; i < 2 * n;) {
        int64_t t = ev[i].t;
        if (top > 0)
            wpush(&out, at, t, top);
        for (; i < 2 * n && ev[i].t == t; i++)
            count[ev[i].w] += ev[i].delta;
        top = 1000;
        while (top > 0 && count[top] == 0)
            top--;
        at = t;
    }
    free(ev);
    free(s->v);
    *s = out;
}

void wset_union(struct wset *out, const struct wset *a, const struct wset *b)
{
    size_t i;

    wset_clear(out);
    for (i = 0; i < a->n; i++)
        wset_add(out, a->v[i].start, a->v[i].end, a->v[i].weight);
    for (i = 0; i < b->n; i++)
        wset_add(out, b->v[i].start, b->v[i].end, b->v[i].weight);
    wset_normalize(out);
}

void wset_mask(struct wset *out, const struct wset *a, const struct ivset *m)
{
    size_t i = 0, j = 0;

    wset_clear(out);
    while (i < a->n && j < m->n) {
        int64_t lo =
            a->v[i].start > m->v[j].start ? a->v[i].start : m->v[j].start;
        int64_t hi = a->v[i].end < m->v[j].end ? a->v[i].end : m->v[j].end;
        wpush(out, lo, hi, a->v[i].weight);
        if (a->v[i].end < m->v[j].end)
            i++;
        else
            j++;
    }
}

void wset_minus(struct wset *out, const struct wset *a, const struct ivset *m)
{
    size_t i, j = 0;

    wset_clear(out);
    for (i = 0; i < a->n; i++) {
        int64_t cur = a->v[i].start, end = a->v[i].end;
        size_t k;
        while (j < m->n && m->v[j].end <= cur)
            j++;
        for (k = j; k < m->n && m->v[k].start < end; k++) {
            wpush(out, cur, m->v[k].start, a->v[i].weight);
            if (m->v[k].end > cur)
                cur = m->v[k].end;
            if (cur >= end)
                break;
        }
        wpush(out, cur, end, a->v[i].weight);
    }
}

void wset_support(struct ivset *out, const struct wset *a)
{
    size_t i;

    ivset_clear(out);
    for (i = 0; i < a->n; i++)
        append(out, a->v[i].start, a->v[i].end);
}

int64_t wset_total_ms(const struct wset *a)
{
    int64_t t = 0;
    size_t i;

    for (i = 0; i < a->n; i++)
        t += (a->v[i].end - a->v[i].start) * a->v[i].weight;
    return t;
}

int64_t wset_total_ms_in(const struct wset *a, int64_t lo, int64_t hi)
{
    int64_t t = 0;
    size_t i = 0, n = a->n;

    /* a is normal (sorted, disjoint): the first interval ending after lo
     * by binary search, then only the intervals that reach into [lo, hi),
     * so a caller walking a set's outages stays O(n log n), not O(n²). */
    while (i < n) {
        size_t mid = i + (n - i) / 2;
        if (a->v[mid].end <= lo)
            i = mid + 1;
        else
            n = mid;
    }
    for (; i < a->n && a->v[i].start < hi; i++) {
        int64_t s = a->v[i].start > lo ? a->v[i].start : lo;
        int64_t e = a->v[i].end < hi ? a->v[i].end : hi;
        if (e > s)
            t += (e - s) * a->v[i].weight;
    }
    return t;
}

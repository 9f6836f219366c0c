/* evidence: a subscription's evidence and exclusions (see evidence.h). */
#include "engine/evidence.h"

#include "engine/policy.h"
#include "engine/res.h"
#include "engine/sp.h"
#include "engine/subscription.h"
#include "lib/civil.h"
#include "lib/rx.h"
#include "lib/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evidence_init(struct evidence *x)
{
    memset(x, 0, sizeof *x);
    x->strings.block = 4096;
    ivset_init(&x->mon);
    wset_init(&x->sp);
    wset_init(&x->ev);
    wset_init(&x->late);
    ivset_init(&x->excluded);
    ivset_init(&x->maintenance);
    ivset_init(&x->unmeasured);
    ivset_init(&x->unknown);
}

void evidence_free(struct evidence *x)
{
    ivset_free(&x->mon);
    wset_free(&x->sp);
    wset_free(&x->ev);
    wset_free(&x->late);
    ivset_free(&x->excluded);
    ivset_free(&x->maintenance);
    ivset_free(&x->unmeasured);
    ivset_free(&x->unknown);
    free(x->windows);
    free(x->exclusions);
    free(x->excl_maxend);
    free(x->excl_groups);
    arena_free(&x->strings);
    evidence_init(x);
}

const struct sp_data *evidence_page(const struct ev_sources *src,
                                    const char *key)
{
    const char *colon = strchr(key, ':');
    size_t i, n;

    if (colon == NULL)
        return NULL;
    n = (size_t)(colon - key);
    for (i = 0; i < src->npages; i++) {
        const char *name = src->pages[i].name;
        if (strlen(name) == n && memcmp(name, key, n) == 0)
            return &src->pages[i];
    }
    return NULL;
}

static struct ev_window *push(struct ev_window **v, size_t *n, size_t *cap)
{
    struct ev_window *w;

    if (*n == *cap) {
        *cap = *cap != 0 ? *cap * 2 : 8;
        *v = xreallocarray(*v, *cap, sizeof **v);
    }
    w = &(*v)[(*n)++];
    memset(w, 0, sizeof *w);
    w->source = "";
    w->detail = "";
    return w;
}

static struct ev_window *push_window(struct evidence *x)
{
    return push(&x->windows, &x->nwindows, &x->capwindows);
}

static struct ev_window *push_exclusion(struct evidence *x)
{
    return push(&x->exclusions, &x->nexclusions, &x->capexclusions);
}

/* The text fmt makes, cut to cap bytes with its NUL as a fixed buffer of
 * cap bytes would hold it, kept in x's strings. */
static const char *ev_text(struct evidence *x, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const char *ev_text(struct evidence *x, size_t cap, const char *fmt, ...)
{
    char text[EV_DETAIL_MAX > EV_SOURCE_MAX ? EV_DETAIL_MAX : EV_SOURCE_MAX];
    va_list ap;
    int n;

    if (cap > sizeof text)
        cap = sizeof text;
    va_start(ap, fmt);
    n = vsnprintf(text, cap, fmt, ap);
    va_end(ap);
    if (n < 0)
        text[0] = '\0';
    return arena_strndup(&x->strings, text, strlen(text));
}

/* The source text "<kind>:<name>", shared with the previous window's when
 * they are the same (a resource's windows all are). */
static const char *ev_source(struct evidence *x, const char *kind,
                             const char *name)
{
    char text[EV_SOURCE_MAX];

    snprintf(text, sizeof text, "%s:%s", kind, name);
    if (x->last_source == NULL || strcmp(x->last_source, text) != 0)
        x->last_source = arena_strndup(&x->strings, text, strlen(text));
    return x->last_source;
}

static bool uses_monitoring(enum evidence_mode m)
{
    return m != EVIDENCE_STATUSPAGE;
}

static bool uses_statuspage(enum evidence_mode m)
{
    return m != EVIDENCE_MONITORING;
}

static void weight_text(char *out, size_t cap, int32_t w)
{
    char digits[8];
    int n;

    snprintf(digits, sizeof digits, "%03d", (int)w % 1000);
    n = 3;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    snprintf(out, cap, ";weight=%d.%s", (int)w / 1000, digits);
}

/* Records window sw of component key as excluded, labelled
 * "<label>=<incident id>". */
static void add_exclusion(const struct sp_data *page,
                          const struct sp_window *sw, const char *key,
                          size_t res_pos, const char *label, struct evidence *x)
{
    struct ev_window *w = push_exclusion(x);

    w->start = sw->start;
    w->end = sw->end;
    w->weight = 1000;
    w->resource = key;
    w->res_pos = (uint32_t)res_pos;
    w->source = ev_source(x, "statuspage", page->name);
    w->detail = ev_text(x, EV_DETAIL_MAX, "%s=%s", label,
                        page->incidents[sw->incident].id);
    ivset_add(&x->excluded, sw->start, sw->end);
}

/* maintenance_notice: a maintenance announced (created_at) less than the
 * notice before it was scheduled to start is no maintenance but downtime.
 * One the feed gives no created_at for was not shown to be announced. */
static bool short_notice(const struct sp_data *page, const struct sp_window *sw,
                         const struct policy *p)
{
    const struct sp_incident *inc = &page->incidents[sw->incident];

    if (p->maintenance_notice <= 0)
        return false;
    if (inc->created_at == INT64_MIN)
        return true;
    return inc->started_at - inc->created_at < p->maintenance_notice;
}

/* A maintenance announced too late: its window is downtime of the
 * component (weight 1000) under every evidence mode, listed with the
 * notice it had. */
static void add_short_notice(const struct sp_data *page,
                             const struct sp_window *sw, const char *key,
                             size_t res_pos, const struct policy *p,
                             struct evidence *x)
{
    const struct sp_incident *inc = &page->incidents[sw->incident];
    struct ev_window *w = push_window(x);

    (void)p;
    w->start = sw->start;
    w->end = sw->end;
    w->weight = 1000;
    w->resource = key;
    w->res_pos = (uint32_t)res_pos;
    w->source = ev_source(x, "statuspage", page->name);
    if (inc->created_at == INT64_MIN)
        w->detail = ev_text(x, EV_DETAIL_MAX,
                            "maintenance=%s;short_notice=unknown", inc->id);
    else
        w->detail =
            ev_text(x, EV_DETAIL_MAX, "maintenance=%s;short_notice=%llds",
                    inc->id, (long long)(inc->started_at - inc->created_at));
    wset_add(&x->late, sw->start, sw->end, 1000);
}

/* The first instant of the UTC calendar year after the one t is in. */
static int64_t next_year(int64_t t)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(t), &y, &m, &d);
    return civil_days_from_date(y + 1, 1, 1) * CIVIL_SECS_PER_DAY;
}

/* maintenance_cap: the maintenance left out (x->exclusions labelled
 * "maintenance=") counts, in time order, against the cap of its calendar
 * year; what lies beyond the cap is downtime, listed per window with
 * ";over_cap", and no longer excluded. The windows of earlier months are
 * whatever the status-page snapshots read hold (the archive). */
static void apply_cap(const struct policy *p, struct evidence *x)
{
    struct ivset maint, over, tmp;
    int64_t used = 0, year_end = INT64_MIN;
    size_t i, k, n = x->nexclusions;

    ivset_init(&maint);
    ivset_init(&over);
    ivset_init(&tmp);
    for (i = 0; i < n; i++) {
        if (strncmp(x->exclusions[i].detail, "maintenance=", 12) == 0)
            ivset_add(&maint, x->exclusions[i].start, x->exclusions[i].end);
    }
    ivset_normalize(&maint);
    for (k = 0; k < maint.n; k++) {
        int64_t a = maint.v[k].start, b = maint.v[k].end;
        while (a < b) {
            int64_t piece_end;
            if (a >= year_end) {
                year_end = next_year(a);
                used = 0;
            }
            piece_end = b < year_end ? b : year_end;
            if (used >= p->maintenance_cap)
                ivset_add(&over, a, piece_end);
            else if (used + (piece_end - a) > p->maintenance_cap)
                ivset_add(&over, a + (p->maintenance_cap - used), piece_end);
            used += piece_end - a;
            a = piece_end;
        }
    }
    ivset_normalize(&over);
    for (i = 0; over.n > 0 && i < n; i++) {
        const struct ev_window ex = x->exclusions[i];
        if (strncmp(ex.detail, "maintenance=", 12) != 0)
            continue;
        for (k = 0; k < over.n; k++) {
            int64_t a = over.v[k].start > ex.start ? over.v[k].start : ex.start;
            int64_t b = over.v[k].end < ex.end ? over.v[k].end : ex.end;
            struct ev_window *w;
            if (a >= b)
                continue;
            w = push_window(x);
            *w = ex;
            w->start = a;
            w->end = b;
            w->detail = ev_text(x, EV_DETAIL_MAX, "%.140s;over_cap", ex.detail);
            wset_add(&x->late, a, b, 1000);
        }
    }
    if (over.n > 0) {
        ivset_subtract(&tmp, &x->excluded, &over);
        ivset_copy(&x->excluded, &tmp);
    }
    ivset_free(&maint);
    ivset_free(&over);
    ivset_free(&tmp);
}

static void add_component(const struct sp_data *page,
                          const struct sp_component *c, const char *key,
                          size_t res_pos, const struct policy *p,
                          struct evidence *x)
{
    size_t i;

    for (i = 0; i < c->ndown; i++) {
        const struct sp_window *sw = &c->down[i];
        const struct sp_incident *inc = &page->incidents[sw->incident];
        wset_add(&x->sp, sw->start, sw->end, sw->weight);
        if (uses_statuspage(p->evidence) && sw->weight > 0) {
            struct ev_window *w = push_window(x);
            char detail[EV_DETAIL_MAX];
            w->start = sw->start;
            w->end = sw->end;
            w->weight = sw->weight;
            w->resource = key;
            w->res_pos = (uint32_t)res_pos;
            w->ongoing = sw->ongoing;
            w->source = ev_source(x, "statuspage", page->name);
            snprintf(detail, sizeof detail, "incident=%s", inc->id);
            if (sw->weight < 1000) {
                size_t n = strlen(detail);
                weight_text(detail + n, sizeof detail - n, sw->weight);
            }
            w->detail = ev_text(x, EV_DETAIL_MAX, "%s", detail);
        }
    }
    for (i = 0; i < c->nmaint; i++)
        ivset_add(&x->maintenance, c->maint[i].start, c->maint[i].end);
    if (p->exclude_maintenance) {
        for (i = 0; i < c->nmaint; i++) {
            if (short_notice(page, &c->maint[i], p))
                add_short_notice(page, &c->maint[i], key, res_pos, p, x);
            else
                add_exclusion(page, &c->maint[i], key, res_pos, "maintenance",
                              x);
        }
    }
    if (p->incident_pattern != NULL) {
        for (i = 0; i < c->nincident_windows; i++) {
            const struct sp_window *sw = &c->incident_windows[i];
            const char *name = page->incidents[sw->incident].name;
            if (rx_match(p->incident_pattern, name, strlen(name)))
                add_exclusion(page, sw, key, res_pos, "excluded_incident", x);
        }
    }
}

/* Unknown time of the subscription's monitoring resources (SPEC §8): an
 * instant is unknown when it is unknown for one resource and down for none.
 * Under unknown = down it joins the evidence; under unknown = excluded it
 * is set aside in x->unmeasured. All of it, under any setting, goes to
 * x->unknown: the time the evidence did not measure. */
/* The unknown time of the monitoring resource r, or NULL: a status-page
 * component, a resource no source knows, or one no samples source
 * measured. */
static const struct res_unknown *res_unknown_of(const struct ev_sources *src,
                                                const struct res *r)
{
    if (evidence_page(src, r->key) != NULL)
        return NULL;
    return resmap_unknown(src->map, r);
}

static void add_unknown(const struct ev_sources *src, const struct sub *s,
                        const struct policy *p, struct evidence *x)
{
    struct ivset u, tmp, base;
    size_t i, k;
    int mode;

    ivset_init(&u);
    ivset_init(&tmp);
    ivset_init(&base);
    ivset_copy(&base, &x->mon); /* monitoring downtime, before unknown time */
    for (i = 0; i < s->nresources; i++) {
        const struct res_unknown *ru =
            res_unknown_of(src, resmap_at(src->map, s->resources[i]));
        if (ru == NULL)
            continue;
        ivset_union(&tmp, &u, &ru->set);
        ivset_copy(&u, &tmp);
    }
    ivset_subtract(&x->unknown, &u, &base);
    for (mode = RES_UNKNOWN_DOWN; mode <= RES_UNKNOWN_EXCLUDED; mode++) {
        ivset_clear(&u);
        for (i = 0; i < s->nresources; i++) {
            const struct res *r = resmap_at(src->map, s->resources[i]);
            const char *key = r->key;
            const struct res_unknown *ru = res_unknown_of(src, r);
            if (ru == NULL || (int)ru->mode != mode)
                continue;
            if (mode == RES_UNKNOWN_DOWN) {
                /* Unknown for this resource and down for none: listed
                 * under this resource, in its place. */
                ivset_subtract(&tmp, &ru->set, &base);
                for (k = 0; k < tmp.n; k++) {
                    ivset_add(&x->mon, tmp.v[k].start, tmp.v[k].end);
                    if (uses_monitoring(p->evidence)) {
                        struct ev_window *w = push_window(x);
                        w->start = tmp.v[k].start;
                        w->end = tmp.v[k].end;
                        w->weight = 1000;
                        w->resource = key;
                        w->res_pos = (uint32_t)i;
                        w->source = ev_source(x, "monitoring", ru->source);
                        w->detail = "no sample: unknown = down";
                    }
                }
                continue;
            }
            ivset_union(&tmp, &u, &ru->set);
            ivset_copy(&u, &tmp);
        }
        if (mode == RES_UNKNOWN_DOWN) {
            ivset_normalize(&x->mon);
            continue;
        }
        if (u.n == 0)
            continue;
        ivset_subtract(&tmp, &u, &x->mon);
        ivset_copy(&x->unmeasured, &tmp);
    }
    ivset_free(&u);
    ivset_free(&tmp);
    ivset_free(&base);
}

static int cmp_window(const void *a, const void *b)
{
    const struct ev_window *x = a, *y = b;
    int c;

    if (x->res_pos != y->res_pos)
        return x->res_pos < y->res_pos ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    c = strcmp(x->source, y->source);
    return c != 0 ? c : strcmp(x->detail, y->detail);
}

void evidence_build(const struct ev_sources *src, const struct sub *s,
                    const struct policy *p, struct evidence *x)
{
    struct wset mon_w;
    size_t i, k;

    evidence_free(x);
    for (i = 0; i < s->nresources; i++) {
        const struct res *r = resmap_at(src->map, s->resources[i]);
        const char *key = r->key;
        const struct sp_data *page = evidence_page(src, key);
        if (page != NULL) {
            const struct sp_component *c = sp_component_find(page, key);
            x->has_sp = true;
            if (c != NULL)
                add_component(page, c, key, i, p, x);
            continue;
        }
        {
            const char *source = resmap_source(src->map, r);
            x->has_mon = true;
            for (k = 0; k < r->down.n; k++) {
                ivset_add(&x->mon, r->down.v[k].start, r->down.v[k].end);
                if (uses_monitoring(p->evidence)) {
                    struct ev_window *w = push_window(x);
                    w->start = r->down.v[k].start;
                    w->end = r->down.v[k].end;
                    w->weight = 1000;
                    w->resource = key;
                    w->res_pos = (uint32_t)i;
                    w->source = ev_source(x, "monitoring",
                                          source != NULL ? source : "");
                }
            }
        }
    }
    ivset_normalize(&x->mon);
    add_unknown(src, s, p, x);
    wset_normalize(&x->sp);
    ivset_normalize(&x->excluded);
    ivset_normalize(&x->maintenance);
    if (p->maintenance_cap > 0)
        apply_cap(p, x);
    wset_init(&mon_w);
    wset_from_ivset(&mon_w, &x->mon, 1000);
    switch (p->evidence) {
    case EVIDENCE_MONITORING:
        wset_copy(&x->ev, &mon_w);
        break;
    case EVIDENCE_STATUSPAGE:
        wset_copy(&x->ev, &x->sp);
        break;
    case EVIDENCE_UNION:
        wset_union(&x->ev, &mon_w, &x->sp);
        break;
    case EVIDENCE_ACKNOWLEDGED:
        wset_mask(&x->ev, &x->sp, &x->mon);
        break;
    }
    wset_free(&mon_w);
    if (x->late.n > 0) {
        struct wset tmp;
        wset_init(&tmp);
        wset_normalize(&x->late);
        wset_union(&tmp, &x->ev, &x->late);
        wset_copy(&x->ev, &tmp);
        wset_free(&tmp);
    }
    /* qsort must not get a NULL array, even with nothing to sort. */
    if (x->nwindows > 1)
        qsort(x->windows, x->nwindows, sizeof *x->windows, cmp_window);
    if (x->nexclusions > 1)
        qsort(x->exclusions, x->nexclusions, sizeof *x->exclusions, cmp_window);
    evidence_index(x);
}

void evidence_index(struct evidence *x)
{
    size_t i;

    free(x->excl_maxend);
    free(x->excl_groups);
    x->excl_maxend = NULL;
    x->excl_groups = NULL;
    x->nexcl_groups = 0;
    for (i = 1; i < x->nexclusions; i++) {
        const struct ev_window *a = &x->exclusions[i - 1], *b = a + 1;
        if (a->res_pos > b->res_pos ||
            (a->res_pos == b->res_pos && a->start > b->start))
            return; /* not in that order: no index, a plain scan */
    }
    if (x->nexclusions == 0)
        return;
    x->excl_maxend = xcalloc(x->nexclusions, sizeof *x->excl_maxend);
    x->excl_groups = xcalloc(x->nexclusions + 1, sizeof *x->excl_groups);
    for (i = 0; i < x->nexclusions; i++) {
        int64_t e = x->exclusions[i].end;
        bool same =
            i > 0 && x->exclusions[i - 1].res_pos == x->exclusions[i].res_pos;
        if (!same)
            x->excl_groups[x->nexcl_groups++] = i;
        else if (x->excl_maxend[i - 1] > e)
            e = x->excl_maxend[i - 1];
        x->excl_maxend[i] = e;
    }
    x->excl_groups[x->nexcl_groups] = x->nexclusions;
}

/* In the group of exclusions [lo, hi) (one resource, by start), the first
 * overlapping [start, end), or NULL: the first whose end passes start is
 * where the group's running greatest end first does, and no later one
 * starts earlier. */
static const struct ev_window *group_first(const struct evidence *x, size_t lo,
                                           size_t hi, int64_t start,
                                           int64_t end)
{
    size_t a = lo, b = hi;

    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (x->excl_maxend[m] > start)
            b = m;
        else
            a = m + 1;
    }
    if (a < hi && x->exclusions[a].start < end)
        return &x->exclusions[a];
    return NULL;
}

const struct ev_window *evidence_exclusion_at(const struct evidence *x,
                                              int64_t start, int64_t end)
{
    size_t i, j;

    if (x->excl_groups == NULL) {
        for (i = 0; i < x->nexclusions; i++) {
            const struct ev_window *w = &x->exclusions[i];
            if (w->start < end && start < w->end)
                return w;
        }
        return NULL;
    }
    /* Group by group (resource by resource), in x->exclusions order. */
    for (j = 0; j < x->nexcl_groups; j++) {
        const struct ev_window *w = group_first(
            x, x->excl_groups[j], x->excl_groups[j + 1], start, end);
        if (w != NULL)
            return w;
    }
    return NULL;
}

bool evidence_ongoing_in(const struct evidence *x, const struct ivset *down)
{
    size_t i;

    for (i = 0; i < x->nwindows; i++) {
        if (x->windows[i].ongoing &&
            ivset_overlaps(down, x->windows[i].start, x->windows[i].end))
            return true;
    }
    return false;
}

/* A walk over a normal set by windows that mostly come in start order:
 * the position only moves forward while the starts do, and is found again
 * by binary search when a start goes back (the next resource's windows). */
struct set_walk {
    const struct ivset *set;
    size_t pos;
    int64_t last_start;
};

/* Emits the pieces of w inside the walk's set; returns how many. */
static uint64_t cut_one(struct set_walk *walk, const struct ev_window *w,
                        bool excluded, const struct evidence *x, ev_piece_fn fn,
                        void *ctx)
{
    const struct ivset *s = walk->set;
    uint64_t n = 0;
    size_t k;

    if (w->end <= w->start)
        return 0;
    if (w->start < walk->last_start)
        walk->pos = ivset_seek(s, w->start);
    else {
        while (walk->pos < s->n && s->v[walk->pos].end <= w->start)
            walk->pos++;
    }
    walk->last_start = w->start;
    for (k = walk->pos; k < s->n && s->v[k].start < w->end; k++, n++) {
        struct ev_piece p;
        p.window = w;
        p.excluded = excluded;
        p.start = s->v[k].start > w->start ? s->v[k].start : w->start;
        p.end = s->v[k].end < w->end ? s->v[k].end : w->end;
        p.exclusion =
            excluded ? evidence_exclusion_at(x, p.start, p.end) : NULL;
        fn(ctx, &p);
    }
    return n;
}

uint64_t evidence_cut_windows(const struct evidence *x,
                              const struct ivset *down,
                              const struct ivset *excluded, ev_piece_fn fn,
                              void *ctx)
{
    struct set_walk counted = {down, 0, INT64_MIN};
    struct set_walk left_out = {excluded, 0, INT64_MIN};
    uint64_t n = 0;
    size_t i;

    for (i = 0; i < x->nwindows; i++) {
        n += cut_one(&counted, &x->windows[i], false, x, fn, ctx);
        n += cut_one(&left_out, &x->windows[i], true, x, fn, ctx);
    }
    return n;
}

/* Keeps the pieces of set at least min seconds long. */
static void drop_shorter(struct ivset *set, int64_t min)
{
    size_t i, n = 0;

    for (i = 0; i < set->n; i++) {
        if (set->v[i].end - set->v[i].start >= min)
            set->v[n++] = set->v[i];
    }
    set->n = (uint32_t)n;
}

void evidence_discrepancies(const struct evidence *x, int64_t lo, int64_t hi,
                            int64_t min, struct ivset *unacknowledged,
                            struct ivset *unobserved)
{
    struct ivset sp, unannounced, tmp;

    ivset_clear(unacknowledged);
    ivset_clear(unobserved);
    if (!x->has_mon || !x->has_sp)
        return;
    ivset_init(&sp);
    ivset_init(&unannounced);
    ivset_init(&tmp);
    wset_support(&sp, &x->sp);
    /* Announced maintenance is acknowledged too. */
    ivset_subtract(&unannounced, &x->mon, &x->maintenance);
    ivset_subtract(&tmp, &unannounced, &sp);
    ivset_clip(unacknowledged, &tmp, lo, hi);
    drop_shorter(unacknowledged, min);
    ivset_subtract(&tmp, &sp, &x->mon);
    ivset_clip(unobserved, &tmp, lo, hi);
    drop_shorter(unobserved, min);
    ivset_free(&sp);
    ivset_free(&unannounced);
    ivset_free(&tmp);
}

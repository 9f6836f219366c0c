/* statuspage: the Statuspage API v2 snapshot reader (see statuspage.h).
 * statuspage_json.c walks every file into plain records; this half turns
 * them into windows per component once every file has been read, because
 * the latest name and the group of a component may come from any
 * snapshot. */
#include "read/statuspage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xalloc.h"
#include "read/config.h"
#include "statuspage_records.h"

static void wl_push(struct sp_wlist *w, const struct sp_window *x)
{
    if (w->n == w->cap) {
        w->cap = w->cap != 0 ? 2 * w->cap : 8;
        w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
    }
    w->v[w->n++] = *x;
}

static void wl_append(struct sp_wlist *w, const struct sp_wlist *src)
{
    size_t i;

    for (i = 0; i < src->n; i++)
        wl_push(w, &src->v[i]);
}

/* Appends [start, end) to w. Windows of an unresolved incident stop at the
 * month's end and are then marked ongoing; empty windows are dropped. */
static void emit(const struct sp_loader *l, struct sp_wlist *w, int64_t start,
                 int64_t end, int32_t weight, size_t inc, bool unresolved)
{
    struct sp_window x;

    memset(&x, 0, sizeof x);
    if (unresolved && end >= l->month_end) {
        end = l->month_end;
        x.ongoing = true;
    }
    if (end <= start || weight <= 0)
        return;
    x.start = start;
    x.end = end;
    x.weight = weight;
    x.incident = inc;
    wl_push(w, &x);
}

struct sp_order {
    int64_t display, created;
    size_t pos, idx;
};

/* Oldest first: display_at, then created_at, then the feed's order
 * reversed (the feed lists newest first). */
static int cmp_order(const void *a, const void *b)
{
    const struct sp_order *x = a, *y = b;

    if (x->display != y->display)
        return x->display < y->display ? -1 : 1;
    if (x->created != y->created)
        return x->created < y->created ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos > y->pos ? -1 : 1;
    return 0;
}

static bool has_transition(const struct sp_rec *r, const char *code)
{
    size_t i, j;

    for (i = 0; i < r->nu; i++) {
        for (j = 0; j < r->u[i].nac; j++) {
            if (r->u[i].ac[j].new_status != NULL &&
                strcmp(r->u[i].ac[j].code, code) == 0)
                return true;
        }
    }
    return false;
}

/* Down windows of component code in incident r from its transitions taken
 * in order ord; the status in force before the first transition is its
 * old_status, from the incident's start. */
static void transitions(struct sp_loader *l, const struct sp_rec *r,
                        const struct sp_order *ord, size_t inc,
                        const char *code, size_t ci, int64_t end,
                        bool unresolved)
{
    bool first = true;
    int32_t cur = 0, w;
    int64_t since = 0, t;
    size_t k, j;

    for (k = 0; k < r->nu; k++) {
        const struct sp_upd *u = &r->u[ord[k].idx];

        for (j = 0; j < u->nac; j++) {
            const struct sp_ac *a = &u->ac[j];

            if (a->new_status == NULL || strcmp(a->code, code) != 0)
                continue;
            t = u->display;
            if (first) {
                first = false;
                cur = a->old_status != NULL
                          ? config_status_weight(l->cfg, a->old_status)
                          : 0;
                since = r->start < t ? r->start : t;
            }
            w = config_status_weight(l->cfg, a->new_status);
            if (w == cur)
                continue;
            if (cur > 0)
                emit(l, &l->comps[ci].down, since, t, cur, inc, unresolved);
            since = t;
            cur = w;
        }
    }
    if (!first && cur > 0)
        emit(l, &l->comps[ci].down, since, end, cur, inc, unresolved);
}

/* When a record without resolved_at is nevertheless over: its first
 * resolved/postmortem/completed update, else its updated_at. */
static bool implied_end(const struct sp_rec *r, int64_t *end)
{
    static const char *const over[] = {"resolved", "postmortem", "completed",
                                       NULL};
    bool found = false;
    size_t i;

    if (!sp_in_list(over, r->status))
        return false;
    for (i = 0; i < r->nu; i++) {
        if (sp_in_list(over, r->u[i].status) &&
            (!found || r->u[i].display < *end)) {
            *end = r->u[i].display;
            found = true;
        }
    }
    if (!found && r->updated != INT64_MIN) {
        *end = r->updated;
        found = true;
    }
    return found;
}

static int cmp_rec(const void *a, const void *b)
{
    return strcmp(((const struct sp_rec *)a)->id,
                  ((const struct sp_rec *)b)->id);
}

/* Turns merged record i into d->incidents[i] and its windows. */
static void build_record(struct sp_loader *l, size_t i)
{
    const struct sp_rec *r = &l->recs[i];
    struct sp_incident *inc = &l->d->incidents[i];
    struct sp_order *ord;
    char **ids = NULL;
    size_t nids = 0, k, j;
    int64_t end = 0;
    bool unresolved, fallback;

    if (r->has_resolved)
        end = r->resolved;
    unresolved = !r->has_resolved && !implied_end(r, &end);
    if (unresolved)
        end = l->month_end;
    inc->id = xstrdup(r->id);
    inc->name = xstrdup(r->name);
    inc->impact = xstrdup(r->impact);
    inc->status = xstrdup(r->status);
    inc->maintenance = r->maint || r->has_sched;
    inc->started_at = r->has_sched ? r->sched_for : r->start;
    inc->resolved_at = r->has_sched ? r->sched_until
                       : unresolved ? INT64_MAX
                                    : end;
    inc->updated_at = r->updated;
    inc->created_at = r->created;

    ord = xcalloc(r->nu != 0 ? r->nu : 1, sizeof *ord);
    for (k = 0; k < r->nu; k++) {
        ord[k].display = r->u[k].display;
        ord[k].created = r->u[k].created;
        ord[k].pos = r->u[k].pos;
        ord[k].idx = k;
    }
    qsort(ord, r->nu, sizeof *ord, cmp_order);

    /* Every component the record names: components[], then transitions. */
    for (k = 0; k < r->ncomps; k++) {
        ids = xreallocarray(ids, nids + 1, sizeof *ids);
        ids[nids++] = r->comps[k];
    }
    for (k = 0; k < r->nu; k++) {
        for (j = 0; j < r->u[ord[k].idx].nac; j++) {
            char *code = r->u[ord[k].idx].ac[j].code;

            if (sp_in_strv(ids, nids, code))
                continue;
            ids = xreallocarray(ids, nids + 1, sizeof *ids);
            ids[nids++] = code;
        }
    }
    fallback =
        sp_in_strv(l->cfg->down_impacts, l->cfg->ndown_impacts, r->impact);
    for (k = 0; k < nids; k++) {
        size_t ci = sp_comp_get(l, ids[k]);

        if (r->has_sched) {
            emit(l, &l->comps[ci].inc, r->sched_for, r->sched_until, 1000, i,
                 false);
            emit(l, &l->comps[ci].maint, r->sched_for, r->sched_until, 1000, i,
                 false);
        } else {
            emit(l, &l->comps[ci].inc, r->start, end, 1000, i, unresolved);
        }
        if (has_transition(r, ids[k]))
            transitions(l, r, ord, i, ids[k], ci, end, unresolved);
        else if (fallback && k < r->ncomps)
            emit(l, &l->comps[ci].down, r->start, end, 1000, i, unresolved);
    }
    free(ids);
    free(ord);
}

static int cmp_window(const void *a, const void *b)
{
    const struct sp_window *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->incident != y->incident)
        return x->incident < y->incident ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight < y->weight ? -1 : 1;
    return (int)x->ongoing - (int)y->ongoing;
}

/* Sorts w by start and drops exact repeats (a group listed beside its
 * member in one incident); hands the array over to *out. */
static void finish_list(struct sp_wlist *w, struct sp_window **out, size_t *n)
{
    size_t i, k = 0;

    if (w->n != 0)
        qsort(w->v, w->n, sizeof *w->v, cmp_window);
    for (i = 0; i < w->n; i++) {
        if (k > 0 && cmp_window(&w->v[k - 1], &w->v[i]) == 0)
            continue;
        w->v[k++] = w->v[i];
    }
    *out = w->v;
    *n = k;
    memset(w, 0, sizeof *w);
}

struct sp_keyed {
    char *key;   /* owned until handed to a component */
    size_t comp; /* index into the loader's components */
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct sp_keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c != 0)
        return c;
    if (x->comp != y->comp)
        return x->comp < y->comp ? -1 : 1;
    return 0;
}

static char *make_key(const char *page, const char *part)
{
    size_t n = strlen(page) + 1 + strlen(part) + 1;
    char *k = xmalloc(n);

    snprintf(k, n, "%s:%s", page, part);
    return k;
}

/* The index of the first group listing component ci as a member, or
 * SIZE_MAX. */
static size_t parent_of(const struct sp_loader *l, size_t ci)
{
    size_t g;

    for (g = 0; g < l->ncomps; g++)
        if (g != ci && sp_in_strv(l->comps[g].children, l->comps[g].nchildren,
                                  l->comps[ci].id))
            return g;
    return SIZE_MAX;
}

/* The n components of one key (sorted by component index), as text for an
 * error: each one's name, group and id. */
static char *candidates(const struct sp_loader *l, const struct sp_keyed *k,
                        size_t n)
{
    struct buf b;
    size_t i;
    char *out;

    buf_init(&b, 0);
    for (i = 0; i < n; i++) {
        const struct sp_comp *x = &l->comps[k[i].comp];
        size_t g = parent_of(l, k[i].comp);

        buf_printf(&b, "%s\"%s\" ", i > 0 ? ", " : "",
                   x->name != NULL ? x->name : "");
        if (g == SIZE_MAX)
            buf_printf(&b, "(no group, id %s)", x->id);
        else if (l->comps[g].name == NULL)
            buf_printf(&b, "(group id %s, id %s)", l->comps[g].id, x->id);
        else
            buf_printf(&b, "(group \"%s\", id %s)", l->comps[g].name, x->id);
    }
    out = xstrdup(buf_str(&b));
    buf_free(&b);
    return out;
}

/* Builds d->components from the per-id windows: a group's lists take its
 * members' windows too, and components sharing a key are joined. */
static void build_components(struct sp_loader *l)
{
    struct sp_wlist *down, *maint, *inc;
    struct sp_keyed *keyed;
    size_t nkeyed = 0, i, j, c;

    down = xcalloc(l->ncomps + 1, sizeof *down);
    maint = xcalloc(l->ncomps + 1, sizeof *maint);
    inc = xcalloc(l->ncomps + 1, sizeof *inc);
    for (i = 0; i < l->ncomps; i++) {
        const struct sp_comp *g = &l->comps[i];

        wl_append(&down[i], &g->down);
        wl_append(&maint[i], &g->maint);
        wl_append(&inc[i], &g->inc);
        for (j = 0; j < g->nchildren; j++) {
            c = strindex_find(&l->comp_ids, g->children[j]);
            if (c == SIZE_MAX)
                continue;
            wl_append(&down[i], &l->comps[c].down);
            wl_append(&maint[i], &l->comps[c].maint);
            wl_append(&inc[i], &l->comps[c].inc);
        }
    }

    /* Every named component has its name key and, when its group has a
     * name, its group-qualified key "page:Group/Name" too. */
    keyed = xcalloc(2 * l->ncomps + 1, sizeof *keyed);
    for (i = 0; i < l->ncomps; i++) {
        const struct sp_comp *x = &l->comps[i];
        size_t g = parent_of(l, i);

        if (!l->cfg->key_by_id && x->name == NULL)
            continue;
        keyed[nkeyed].key =
            make_key(l->cfg->name, l->cfg->key_by_id ? x->id : x->name);
        keyed[nkeyed].comp = i;
        nkeyed++;
        if (!l->cfg->key_by_id && g != SIZE_MAX && l->comps[g].name != NULL) {
            size_t n = strlen(l->comps[g].name) + 1 + strlen(x->name) + 1;
            char *part = xmalloc(n);

            snprintf(part, n, "%s/%s", l->comps[g].name, x->name);
            keyed[nkeyed].key = make_key(l->cfg->name, part);
            keyed[nkeyed].comp = i;
            nkeyed++;
            free(part);
        }
    }
    qsort(keyed, nkeyed, sizeof *keyed, cmp_keyed);
    l->d->ncomponent_ids = l->ncomps;

    l->d->components = xcalloc(nkeyed + 1, sizeof *l->d->components);
    for (i = 0; i < nkeyed; i = j) {
        struct sp_component *out = &l->d->components[l->d->ncomponents++];
        struct sp_wlist dw = {0}, mw = {0}, iw = {0};
        const char *id = l->comps[keyed[i].comp].id;
        const char *name = l->comps[keyed[i].comp].name;

        out->key = keyed[i].key;
        for (j = i; j < nkeyed && strcmp(keyed[j].key, out->key) == 0; j++) {
            const struct sp_comp *x = &l->comps[keyed[j].comp];

            if (strcmp(x->id, id) < 0)
                id = x->id;
            out->group = out->group || x->group;
            wl_append(&dw, &down[keyed[j].comp]);
            wl_append(&mw, &maint[keyed[j].comp]);
            wl_append(&iw, &inc[keyed[j].comp]);
            if (j > i)
                free(keyed[j].key);
        }
        out->id = xstrdup(id);
        out->name = sp_dup_or_empty(name);
        if (j - i > 1)
            out->candidates = candidates(l, keyed + i, j - i);
        finish_list(&dw, &out->down, &out->ndown);
        finish_list(&mw, &out->maint, &out->nmaint);
        finish_list(&iw, &out->incident_windows, &out->nincident_windows);
    }
    for (i = 0; i < l->ncomps; i++) {
        free(down[i].v);
        free(maint[i].v);
        free(inc[i].v);
    }
    free(keyed);
    free(inc);
    free(maint);
    free(down);
}

static void loader_free(struct sp_loader *l)
{
    size_t i, j;

    for (i = 0; i < l->nrecs; i++)
        sp_rec_free(&l->recs[i]);
    free(l->recs);
    strindex_free(&l->rec_ids);
    strindex_free(&l->comp_ids);
    for (i = 0; i < l->ncomps; i++) {
        struct sp_comp *c = &l->comps[i];

        free(c->id);
        free(c->name);
        for (j = 0; j < c->nchildren; j++)
            free(c->children[j]);
        free(c->children);
        free(c->down.v);
        free(c->maint.v);
        free(c->inc.v);
    }
    free(l->comps);
}

int statuspage_load(const struct statuspage *cfg, int64_t month_start,
                    int64_t month_end, struct sp_data *d,
                    struct sha_list *inputs, struct err *e)
{
    return statuspage_load_opts(cfg, month_start, month_end, d, inputs, 0, e);
}

int statuspage_load_opts(const struct statuspage *cfg, int64_t month_start,
                         int64_t month_end, struct sp_data *d,
                         struct sha_list *inputs, unsigned flags, struct err *e)
{
    struct sp_loader l;
    const char *patterns[4];
    size_t i;
    int rc = -1;

    (void)month_start;
    memset(d, 0, sizeof *d);
    d->cfg = cfg;
    d->name = cfg->name;
    d->newest_snapshot = INT64_MIN;
    d->newest_oldest = INT64_MAX;
    memset(&l, 0, sizeof l);
    l.cfg = cfg;
    l.month_end = month_end;
    l.d = d;
    l.e = e;
    l.verify_index = (flags & SP_LOAD_VERIFY_INDEX) != 0;
    patterns[SEC_INCIDENTS] = cfg->incidents;
    patterns[SEC_MAINTENANCES] = cfg->maintenances;
    patterns[SEC_SUMMARIES] = cfg->summaries;
    patterns[SEC_COMPONENTS] = cfg->components;
    if (sp_read_indexed(&l, patterns, inputs) != 0)
        goto out;
    if (l.nrecs != 0)
        qsort(l.recs, l.nrecs, sizeof *l.recs, cmp_rec);
    d->incidents = xcalloc(l.nrecs + 1, sizeof *d->incidents);
    d->nincidents = l.nrecs;
    for (i = 0; i < l.nrecs; i++)
        build_record(&l, i);
    build_components(&l);
    rc = 0;
out:
    loader_free(&l);
    if (rc != 0)
        statuspage_free(d);
    return rc;
}

int statuspage_check_key(const struct sp_data *d, const char *key,
                         const char *file, long line, struct err *e)
{
    const struct sp_component *c = sp_component_find(d, key);

    if (c == NULL || c->candidates == NULL)
        return 0;
    err_set(e, RC_CONFIG, file, line,
            "resource names more than one component (use page:Group/Name or "
            "key = id): %s: %s",
            key, c->candidates);
    return -1;
}

void statuspage_free(struct sp_data *d)
{
    size_t i;

    if (d == NULL)
        return;
    for (i = 0; i < d->nincidents; i++) {
        free(d->incidents[i].id);
        free(d->incidents[i].name);
        free(d->incidents[i].impact);
        free(d->incidents[i].status);
    }
    free(d->incidents);
    for (i = 0; i < d->ncomponents; i++) {
        free(d->components[i].key);
        free(d->components[i].id);
        free(d->components[i].name);
        free(d->components[i].candidates);
        free(d->components[i].down);
        free(d->components[i].maint);
        free(d->components[i].incident_windows);
    }
    free(d->components);
    memset(d, 0, sizeof *d);
}

/* monitor_tab: the readers' per-resource table and its hand-over to the
 * engine (see monitor_tab.h). */
#include "read/monitor_tab.h"

#include "engine/res.h"
#include "lib/xalloc.h"
#include "read/monitor.h"

#include <stdlib.h>
#include <string.h>

/* The samples of one resource, per location. */
struct kept {
    const struct monsrc *src;  /* the samples source that fed them */
    struct fidelity_loc *locs; /* owned */
    char **locnames;           /* owned; parallel to locs */
    size_t nlocs;
};

struct monitor_tab {
    struct resmap *map;
    size_t n;           /* resources of the map */
    uint64_t *rows;     /* per resource index */
    struct kept **kept; /* per resource index, NULL when it has none; the
                           array made by the first sample kept */
};

struct monitor_tab *monitor_tab_new(struct resmap *map)
{
    struct monitor_tab *t = xcalloc(1, sizeof *t);

    t->map = map;
    t->n = resmap_count(map);
    t->rows = xcalloc(t->n + 1, sizeof *t->rows);
    return t;
}

struct resmap *monitor_tab_map(const struct monitor_tab *t)
{
    return t->map;
}

uint64_t monitor_tab_rows(const struct monitor_tab *t, const struct res *r)
{
    return r->index < t->n ? t->rows[r->index] : 0;
}

void monitor_tab_count(struct monitor_tab *t, size_t ri, uint64_t n)
{
    t->rows[ri] += n;
}

struct fidelity_loc *monitor_tab_loc(struct monitor_tab *t, size_t ri,
                                     const struct monsrc *src, const char *name,
                                     size_t len)
{
    struct kept *k;
    size_t j;

    if (t->kept == NULL)
        t->kept = xcalloc(t->n + 1, sizeof *t->kept);
    if (t->kept[ri] == NULL)
        t->kept[ri] = xcalloc(1, sizeof *t->kept[ri]);
    k = t->kept[ri];
    k->src = src;
    for (j = 0; j < k->nlocs; j++) {
        if (strlen(k->locnames[j]) == len &&
            memcmp(k->locnames[j], name, len) == 0)
            return &k->locs[j];
    }
    k->locs = xreallocarray(k->locs, j + 1, sizeof *k->locs);
    k->locnames = xreallocarray(k->locnames, j + 1, sizeof *k->locnames);
    fidelity_loc_init(&k->locs[j]);
    k->locnames[j] = xstrndup(name, len);
    k->nlocs++;
    return &k->locs[j];
}

void monitor_tab_name(struct monitor_tab *t, const struct monsrc *src)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        if (t->rows[i] > 0)
            resmap_set_source(t->map, resmap_at(t->map, i), src->name);
    }
}

static void kept_free(struct kept *k)
{
    size_t j;

    if (k == NULL)
        return;
    for (j = 0; j < k->nlocs; j++) {
        fidelity_loc_free(&k->locs[j]);
        free(k->locnames[j]);
    }
    free(k->locs);
    free(k->locnames);
    free(k);
}

static enum res_unknown_mode unknown_mode(enum fidelity_unknown u)
{
    switch (u) {
    case UNKNOWN_DOWN:
        return RES_UNKNOWN_DOWN;
    case UNKNOWN_EXCLUDED:
        return RES_UNKNOWN_EXCLUDED;
    case UNKNOWN_UP:
        break;
    }
    return RES_UNKNOWN_UP;
}

/* Resource r's downtime and unknown time from its samples k (NULL: none)
 * under the rules of src, handed to the map. down is scratch. */
static void finish_one(struct monitor_tab *t, struct res *r, struct kept *k,
                       const struct monsrc *src, int64_t lo, int64_t hi,
                       struct ivset *down)
{
    struct fidelity_rules rules;
    struct fidelity_loc *locs = k != NULL ? k->locs : NULL;
    size_t nlocs = k != NULL ? k->nlocs : 0, j;
    struct res_unknown *u;

    rules.interval = src->interval;
    rules.confirm = src->confirm;
    if (src->interval_next) {
        /* confirmed per location as the samples came */
        for (j = 0; j < nlocs; j++)
            fidelity_loc_end_next(&locs[j], src->max_gap, src->confirm);
        rules.interval = src->max_gap;
        rules.confirm = 1;
    }
    rules.quorum = src->quorum;
    rules.quorum_n = src->quorum_n;
    u = resmap_set_unknown(t->map, r, src->name, unknown_mode(src->unknown));
    fidelity_resource(locs, nlocs, &rules, lo, hi, down, &u->set);
    fidelity_bucket(down, &u->set, lo, hi, src->bucket, src->bucket_rule);
    ivset_merge(&r->down, down);
}

void monitor_tab_finish(struct monitor_tab *t, const struct monsrc *fallback,
                        int64_t lo, int64_t hi)
{
    size_t i;
    struct ivset down;

    ivset_init(&down);
    for (i = 0; i < t->n; i++) {
        struct kept *k = t->kept != NULL ? t->kept[i] : NULL;
        const struct monsrc *src = k != NULL ? k->src : NULL;
        if (src == NULL && t->rows[i] == 0)
            src = fallback; /* no sample at all: the month is unknown */
        if (src == NULL)
            continue;
        finish_one(t, resmap_at(t->map, i), k, src, lo, hi, &down);
        kept_free(k);
        if (k != NULL)
            t->kept[i] = NULL;
    }
    ivset_free(&down);
    free(t->kept);
    t->kept = NULL;
}

void monitor_tab_free(struct monitor_tab *t)
{
    size_t i;

    if (t == NULL)
        return;
    for (i = 0; t->kept != NULL && i < t->n; i++)
        kept_free(t->kept[i]);
    free(t->kept);
    free(t->rows);
    free(t);
}

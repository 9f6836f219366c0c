/* res: the resources of a run (monitors, status-page components), each with
 * the interval sets its evidence produced. A hash map from resource key to
 * struct res; readers fill it, the engine reads it. Only keys added up front
 * (those the roster names) are kept, so memory grows with the resources that
 * matter and their outage windows, never with input rows. */
#ifndef SLACREDIT_RES_H
#define SLACREDIT_RES_H

#include "engine/iv.h"
#include "read/fidelity.h"

#include <stddef.h>
#include <stdint.h>

struct res {
    char *key;          /* resource key, as the roster writes it */
    uint32_t keylen;    /* strlen(key) */
    uint32_t index;     /* 0-based, in order of creation */
    struct ivset down;  /* monitoring downtime; normal after res_finish() */
    const char *source; /* first monitoring source that named it; borrowed */
    uint64_t rows;      /* monitoring rows seen for this resource */
    const struct monsrc *fsrc; /* the samples source that fed smp */
    struct res_locs *smp;      /* owned; NULL when none (see res_locs()) */
    struct ivset unknown;      /* time of the month no sample covers */
};

/* Samples kept for the sample semantics of SPEC §8, per location, until
 * monitor_finish() turns them into down and unknown. Apart from struct res,
 * which the resources of other sources (a million of them) carry for
 * nothing. */
struct res_locs {
    struct fidelity_loc *locs; /* owned */
    char **locnames;           /* owned; parallel to locs */
    size_t nlocs;
};

/* r's samples, made empty the first time. */
struct res_locs *res_locs(struct res *r);
/* Frees r's samples; r->smp is NULL afterwards. */
void res_locs_free(struct res *r);

struct monsrc;
struct resmap;

/* An empty map; caller frees with resmap_free(). */
struct resmap *resmap_new(void);
/* The resource with this key (len bytes), or NULL. */
struct res *resmap_get(const struct resmap *m, const char *key, size_t len);
/* The resource with this key, created empty if absent. */
struct res *resmap_add(struct resmap *m, const char *key);
/* The same for the len bytes at key (no NUL needed). */
struct res *resmap_addn(struct resmap *m, const char *key, size_t len);
/* The resource with index i (0 <= i < resmap_count()). */
struct res *resmap_at(const struct resmap *m, size_t i);
/* Normalizes every interval set; call once readers are done. */
void resmap_finish(struct resmap *m);
/* Moves every resource's downtime into blocks of the map (ivset_lend()):
 * a set of one interval takes 16 bytes there, 32 from malloc. Call once
 * nothing adds to them any more (after monitor_finish()). */
void resmap_pack(struct resmap *m);
/* Number of resources. */
size_t resmap_count(const struct resmap *m);
/* Frees m and its resources; NULL is a no-op. */
void resmap_free(struct resmap *m);

#endif

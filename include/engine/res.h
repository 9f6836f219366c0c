/* res: the resources of a run (monitors, status-page components), each with
 * the interval sets its evidence produced. A hash map from resource key to
 * struct res; readers fill it, the engine reads it. Only keys added up front
 * (those the roster names) are kept, so memory grows with the resources that
 * matter and their outage windows, never with input rows. */
#ifndef SLACREDIT_RES_H
#define SLACREDIT_RES_H

#include "engine/iv.h"

#include <stddef.h>
#include <stdint.h>

/* 32 bytes on LP64: what the engine reads of every resource. What only a
 * reader needs while reading (row counts, samples) the readers keep in
 * tables of their own, handed over as downtime, a source name and unknown
 * time when reading ends; the last two are in side tables of the map
 * (resmap_source(), resmap_unknown()), the second only for the resources
 * that have one. */
struct res {
    char *key;         /* resource key, as the roster writes it */
    struct ivset down; /* monitoring downtime; normal after resmap_finish() */
    uint32_t keylen;   /* strlen(key) */
    uint32_t index;    /* 0-based, in order of creation */
};

/* The `unknown` setting of the source that sampled a resource (SPEC §8):
 * what the time no sample covers counts as. */
enum res_unknown_mode {
    RES_UNKNOWN_UP,       /* ignored (the default) */
    RES_UNKNOWN_DOWN,     /* downtime */
    RES_UNKNOWN_EXCLUDED, /* out of both the downtime and the active time */
};

/* The unknown time of a resource that a samples source measured (or that
 * no row named while such a source was read): the time of the period no
 * sample covers, and the setting that says what it counts as. Only such
 * resources have one. */
struct res_unknown {
    struct ivset set;           /* normal */
    const char *source;         /* the source's name; borrowed */
    enum res_unknown_mode mode; /* the source's unknown setting */
    uint32_t index;             /* the resource's */
};

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
 * nothing adds to them any more (the readers are done). */
void resmap_pack(struct resmap *m);
/* Records that rows of the monitoring source name named r; the first name
 * recorded for r stays. name must outlive the map (a config's section
 * name). At most 65,535 distinct names. */
void resmap_set_source(struct resmap *m, const struct res *r, const char *name);
/* The first monitoring source whose rows named r, or NULL when no row did.
 * 2 bytes a resource. */
const char *resmap_source(const struct resmap *m, const struct res *r);
/* r's unknown time, made empty with source and mode the first time (later
 * calls return it as it is). Valid until the next resmap_set_unknown(). */
struct res_unknown *resmap_set_unknown(struct resmap *m, const struct res *r,
                                       const char *source,
                                       enum res_unknown_mode mode);
/* r's unknown time, or NULL when it has none (binary search). */
const struct res_unknown *resmap_unknown(const struct resmap *m,
                                         const struct res *r);
/* The same, to edit in place. */
struct res_unknown *resmap_unknown_edit(struct resmap *m, const struct res *r);
/* Number of resources. */
size_t resmap_count(const struct resmap *m);
/* Frees m and its resources; NULL is a no-op. */
void resmap_free(struct resmap *m);

#endif

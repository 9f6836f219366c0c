/* iv: sets of half-open time intervals [start, end) in epoch seconds, the
 * currency of the whole engine. A set is "normal" when sorted by start with
 * no two intervals overlapping or touching; every operation that takes sets
 * wants them normal and returns a normal set. ivset_add() accepts intervals
 * in any order and keeps memory proportional to the number of distinct
 * windows, so readers can feed it row by row. */
#ifndef SLACREDIT_IV_H
#define SLACREDIT_IV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iv {
    int64_t start; /* epoch s, UTC, inclusive */
    int64_t end;   /* epoch s, UTC, exclusive; end > start */
};

/* 16 bytes on LP64: every resource has one. */
struct ivset {
    struct iv *v;        /* owned array */
    uint32_t n;          /* intervals in v, at most cap */
    unsigned cap : 31;   /* allocated slots; 0: none, or v borrowed */
    unsigned normal : 1; /* v[0..n) is known to be normal */
};

_Static_assert(sizeof(void *) != 8 || sizeof(struct ivset) == 16,
               "struct ivset stays small");

/* An empty set. */
void ivset_init(struct ivset *s);
/* Frees the set's memory; it is empty (and reusable) afterwards. */
void ivset_free(struct ivset *s);
/* Moves the set's intervals to `to` (room for s->n) and frees its own
 * array: the set borrows `to` from then on (cap 0, v not NULL), which the
 * caller frees after it. Reading and editing in place work as before; the
 * first add that needs room copies the intervals to an array of the set's
 * own. For sets of one or two intervals packed many to a block. */
void ivset_lend(struct ivset *s, struct iv *to);
/* Empties the set, keeping its memory. */
void ivset_clear(struct ivset *s);

/* Adds [start, end); empty or inverted intervals are ignored. Merges with
 * the last interval when they overlap or touch and otherwise appends; when
 * many unsorted intervals pile up it normalizes in place, so the set never
 * holds more than about twice its normal size. */
void ivset_add(struct ivset *s, int64_t start, int64_t end);
/* Sorts and merges the set in place, making it normal. */
void ivset_normalize(struct ivset *s);
/* True when the set is normal (for assertions and tests). */
bool ivset_is_normal(const struct ivset *s);

/* Total length of a normal set, in seconds. */
int64_t ivset_total(const struct ivset *s);
/* Copies a into out (out is cleared first). */
void ivset_copy(struct ivset *out, const struct ivset *a);
/* out = a ∪ b, a ∩ b, a − b; a and b normal; out must differ from a and b. */
void ivset_union(struct ivset *out, const struct ivset *a,
                 const struct ivset *b);
void ivset_intersect(struct ivset *out, const struct ivset *a,
                     const struct ivset *b);
void ivset_subtract(struct ivset *out, const struct ivset *a,
                    const struct ivset *b);
/* out = a ∩ [lo, hi); a normal; out must differ from a. */
void ivset_clip(struct ivset *out, const struct ivset *a, int64_t lo,
                int64_t hi);
/* Adds every interval of the normal set b to s and normalizes s. */
void ivset_merge(struct ivset *s, const struct ivset *b);
/* The index of the first interval of the normal set s that ends after t
 * (s->n when none does): where a walk over s for times from t on starts.
 * Binary search. */
size_t ivset_seek(const struct ivset *s, int64_t t);
/* True when the normal set s overlaps [start, end). */
bool ivset_overlaps(const struct ivset *s, int64_t start, int64_t end);

/* Weighted sets: downtime where a second may count less than a second (a
 * status page's partial outage at 30 %). Weights are in thousandths
 * (1..1000); a normal weighted set is sorted, its intervals disjoint (they
 * may touch when their weights differ) and free of weight-0 intervals.
 * Totals are in milliseconds: weight × seconds. */
struct wiv {
    int64_t start;  /* epoch s, UTC, inclusive */
    int64_t end;    /* epoch s, UTC, exclusive */
    int32_t weight; /* thousandths of a second per second, 1..1000 */
};

struct wset {
    struct wiv *v; /* owned */
    size_t n;
    size_t cap;
};

void wset_init(struct wset *s);
void wset_free(struct wset *s);
void wset_clear(struct wset *s);
/* out = a (out cleared first). */
void wset_copy(struct wset *out, const struct wset *a);
/* out = a with every interval at weight w (1..1000). */
void wset_from_ivset(struct wset *out, const struct ivset *a, int32_t w);
/* Adds one interval (any order, may overlap; weight 0 or empty: ignored);
 * call wset_normalize() before using the set. */
void wset_add(struct wset *s, int64_t start, int64_t end, int32_t weight);
/* Makes s normal: where intervals overlap the heaviest weight applies. */
void wset_normalize(struct wset *s);
/* out = a ∪ b, heaviest weight where they overlap; a, b normal. */
void wset_union(struct wset *out, const struct wset *a, const struct wset *b);
/* out = a ∩ m (weights of a kept); a normal, m normal. */
void wset_mask(struct wset *out, const struct wset *a, const struct ivset *m);
/* out = a − m; a normal, m normal. */
void wset_minus(struct wset *out, const struct wset *a, const struct ivset *m);
/* out = the time covered by a, weights dropped; a normal. */
void wset_support(struct ivset *out, const struct wset *a);
/* Σ weight × length over a normal set, in milliseconds. */
int64_t wset_total_ms(const struct wset *a);
/* Σ weight × length of the parts of a inside [lo, hi), in milliseconds. */
int64_t wset_total_ms_in(const struct wset *a, int64_t lo, int64_t hi);
#endif

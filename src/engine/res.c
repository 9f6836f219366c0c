/* res: open-addressing hash map of resources (see res.h). */
#include "engine/res.h"

#include "lib/arena.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* A slot is 4 bytes: the resource's index plus one (0 when free); a probe
 * compares the resource's key length, then its key. At most half the
 * slots are used: a million resources cost 8 MiB of slots. */
struct slot {
    uint32_t at; /* 1 + index of the resource; 0 when free */
};

/* Resources are made RES_SLAB at a time and their keys copied into blocks
 * of KEY_BLOCK bytes: one allocation for many, where a million resources
 * each with its own struct and key cost the allocator's overhead twice.
 * The resource of index i is slabs[i / RES_SLAB][i % RES_SLAB]. */
_Static_assert(sizeof(void *) != 8 || sizeof(struct res) == 96,
               "struct res stays small: a million of them");

#define RES_SLAB  1024
#define KEY_BLOCK 65536

struct resmap {
    struct slot *slot; /* cap slots */
    size_t cap;        /* power of two */
    size_t n;
    struct res **slabs; /* RES_SLAB resources each; the last one in use */
    size_t nslabs;
    struct arena keys; /* the keys */
    struct arena ivs;  /* the packed downtime (resmap_pack()) */
};

/* Intervals of one block of packed downtime. */
#define IV_BLOCK 4096

#define K1 UINT64_C(0x9E3779B97F4A7C15)
#define K2 UINT64_C(0xBF58476D1CE4E5B9)

static uint32_t load32(const char *s)
{
    uint32_t v;

    memcpy(&v, s, 4);
    return v;
}

/* Multiply-xorshift steps, each a bijection of the 64-bit state. */
static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * K1;
    return h ^ (h >> 29);
}

/* The hash of a key. A key of at most 8 bytes is read as one word, the key
 * zero-padded (from two overlapping loads, or three single bytes), and
 * every step after that is a bijection: two such keys of one length have
 * equal hashes only when they are equal. Longer keys: 8-byte words, the
 * last one overlapping. */
static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = len * K1, w;
    const unsigned char *u = (const unsigned char *)s;

    if (len <= 8) {
        if (len >= 4)
            w = load32(s) | (uint64_t)load32(s + len - 4) << (8 * (len - 4));
        else if (len > 0)
            w = u[0] | (uint64_t)u[len / 2] << (8 * (len / 2)) |
                (uint64_t)u[len - 1] << (8 * (len - 1));
        else
            w = 0;
        h = mix(h, w);
    } else {
        size_t i;
        for (i = 0; i + 8 < len; i += 8) {
            memcpy(&w, s + i, 8);
            h = mix(h, w);
        }
        memcpy(&w, s + len - 8, 8);
        h = mix(h, w);
    }
    h *= K2;
    return h ^ (h >> 32);
}

struct resmap *resmap_new(void)
{
    struct resmap *m = xcalloc(1, sizeof *m);

    m->cap = 64;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
    m->keys.block = KEY_BLOCK;
    m->ivs.block = IV_BLOCK * sizeof(struct iv);
    return m;
}

static struct res *at(const struct resmap *m, size_t i)
{
    return &m->slabs[i / RES_SLAB][i % RES_SLAB];
}

/* The slot of key (hash h): its resource's, or the free one it would
 * take. */
static size_t find(const struct resmap *m, const char *key, size_t len,
                   uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);

    while (m->slot[i].at != 0) {
        const struct res *r = at(m, m->slot[i].at - 1);
        if (r->keylen == len && memcmp(r->key, key, len) == 0)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

struct res *resmap_get(const struct resmap *m, const char *key, size_t len)
{
    size_t i = find(m, key, len, hash(key, len));

    return m->slot[i].at != 0 ? at(m, m->slot[i].at - 1) : NULL;
}

static void grow(struct resmap *m)
{
    struct slot *old = m->slot;
    size_t oldcap = m->cap, i, j;

    m->cap *= 2;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
    for (i = 0; i < oldcap; i++) {
        const struct res *r;
        if (old[i].at == 0)
            continue;
        r = at(m, old[i].at - 1);
        j = (size_t)hash(r->key, r->keylen) & (m->cap - 1);
        while (m->slot[j].at != 0)
            j = (j + 1) & (m->cap - 1);
        m->slot[j] = old[i];
    }
    free(old);
}

struct res *resmap_add(struct resmap *m, const char *key)
{
    return resmap_addn(m, key, strlen(key));
}

struct res *resmap_addn(struct resmap *m, const char *key, size_t len)
{
    uint64_t h = hash(key, len);
    size_t i = find(m, key, len, h);
    struct res *r;

    if (m->slot[i].at != 0)
        return at(m, m->slot[i].at - 1);
    if (len > UINT32_MAX || m->n >= UINT32_MAX)
        abort(); /* keys come from lines of a few MiB at most */
    if (m->n % RES_SLAB == 0) {
        m->slabs = xreallocarray(m->slabs, m->nslabs + 1, sizeof *m->slabs);
        m->slabs[m->nslabs++] = xcalloc(RES_SLAB, sizeof **m->slabs);
    }
    r = &m->slabs[m->nslabs - 1][m->n % RES_SLAB];
    r->key = arena_strndup(&m->keys, key, len);
    r->keylen = (uint32_t)len;
    r->index = (uint32_t)m->n;
    ivset_init(&r->down);
    ivset_init(&r->unknown);
    m->slot[i].at = (uint32_t)(m->n + 1);
    m->n++;
    if (m->n * 2 > m->cap)
        grow(m);
    return r;
}

void resmap_finish(struct resmap *m)
{
    size_t i;

    for (i = 0; i < m->n; i++)
        ivset_normalize(&at(m, i)->down);
}

void resmap_pack(struct resmap *m)
{
    size_t i;

    for (i = 0; i < m->n; i++) {
        struct ivset *d = &at(m, i)->down;
        if (d->n == 0 || d->cap == 0)
            continue;
        ivset_lend(
            d, arena_alloc(&m->ivs, d->n * sizeof *d->v, _Alignof(struct iv)));
    }
#if defined(__GLIBC__)
    /* The arrays just freed lie together in the middle of the heap, where
     * free() keeps their pages: give them back. */
    malloc_trim(0);
#endif
}

struct res *resmap_at(const struct resmap *m, size_t i)
{
    return at(m, i);
}

size_t resmap_count(const struct resmap *m)
{
    return m->n;
}

struct res_locs *res_locs(struct res *r)
{
    if (r->smp == NULL)
        r->smp = xcalloc(1, sizeof *r->smp);
    return r->smp;
}

void res_locs_free(struct res *r)
{
    size_t j;

    if (r->smp == NULL)
        return;
    for (j = 0; j < r->smp->nlocs; j++) {
        fidelity_loc_free(&r->smp->locs[j]);
        free(r->smp->locnames[j]);
    }
    free(r->smp->locs);
    free(r->smp->locnames);
    free(r->smp);
    r->smp = NULL;
}

void resmap_free(struct resmap *m)
{
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < m->n; i++) {
        struct res *r = at(m, i);
        res_locs_free(r);
        ivset_free(&r->unknown);
        ivset_free(&r->down);
    }
    for (i = 0; i < m->nslabs; i++)
        free(m->slabs[i]);
    free(m->slabs);
    arena_free(&m->keys);
    arena_free(&m->ivs);
    free(m->slot);
    free(m);
}

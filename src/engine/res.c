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
_Static_assert(sizeof(void *) != 8 || sizeof(struct res) == 32,
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
    /* resmap_source(): per resource index, 1 + the index of its source in
     * names, or 0 (nsrc entries; resources past them have none). */
    uint16_t *src;
    size_t nsrc;
    const char **names; /* borrowed */
    size_t nnames;
    /* resmap_unknown(): sorted by resource index. */
    struct res_unknown *unk;
    size_t nunk, capunk;
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

void resmap_set_source(struct resmap *m, const struct res *r, const char *name)
{
    size_t i;

    if (r->index < m->nsrc && m->src[r->index] != 0)
        return;
    for (i = 0; i < m->nnames; i++) {
        if (m->names[i] == name || strcmp(m->names[i], name) == 0)
            break;
    }
    if (i == m->nnames) {
        if (m->nnames >= UINT16_MAX)
            abort(); /* a config of 65,535 [monitoring] sections */
        m->names = xreallocarray(m->names, m->nnames + 1, sizeof *m->names);
        m->names[m->nnames++] = name;
    }
    if (r->index >= m->nsrc) {
        size_t n = m->n > r->index ? m->n : (size_t)r->index + 1;
        m->src = xreallocarray(m->src, n, sizeof *m->src);
        memset(m->src + m->nsrc, 0, (n - m->nsrc) * sizeof *m->src);
        m->nsrc = n;
    }
    m->src[r->index] = (uint16_t)(i + 1);
}

const char *resmap_source(const struct resmap *m, const struct res *r)
{
    if (r->index >= m->nsrc || m->src[r->index] == 0)
        return NULL;
    return m->names[m->src[r->index] - 1];
}

/* The position of resource index i in m->unk: its entry's, or where it
 * would go. */
static size_t unk_find(const struct resmap *m, uint32_t i)
{
    size_t lo = 0, hi = m->nunk;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->unk[mid].index < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct res_unknown *resmap_set_unknown(struct resmap *m, const struct res *r,
                                       const char *source,
                                       enum res_unknown_mode mode)
{
    size_t at = unk_find(m, r->index);
    struct res_unknown *u;

    if (at < m->nunk && m->unk[at].index == r->index)
        return &m->unk[at];
    if (m->nunk == m->capunk) {
        m->capunk = m->capunk != 0 ? m->capunk * 2 : 16;
        m->unk = xreallocarray(m->unk, m->capunk, sizeof *m->unk);
    }
    memmove(&m->unk[at + 1], &m->unk[at], (m->nunk - at) * sizeof *m->unk);
    m->nunk++;
    u = &m->unk[at];
    ivset_init(&u->set);
    u->source = source;
    u->mode = mode;
    u->index = r->index;
    return u;
}

/* The position of r's entry in m->unk, or m->nunk when it has none. */
static size_t unk_of(const struct resmap *m, const struct res *r)
{
    size_t at = unk_find(m, r->index);

    return at < m->nunk && m->unk[at].index == r->index ? at : m->nunk;
}

struct res_unknown *resmap_unknown_edit(struct resmap *m, const struct res *r)
{
    size_t at = unk_of(m, r);

    return at < m->nunk ? &m->unk[at] : NULL;
}

const struct res_unknown *resmap_unknown(const struct resmap *m,
                                         const struct res *r)
{
    size_t at = unk_of(m, r);

    return at < m->nunk ? &m->unk[at] : NULL;
}

void resmap_free(struct resmap *m)
{
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < m->n; i++)
        ivset_free(&at(m, i)->down);
    for (i = 0; i < m->nunk; i++)
        ivset_free(&m->unk[i].set);
    free(m->unk);
    free(m->src);
    free(m->names);
    for (i = 0; i < m->nslabs; i++)
        free(m->slabs[i]);
    free(m->slabs);
    arena_free(&m->keys);
    arena_free(&m->ivs);
    free(m->slot);
    free(m);
}

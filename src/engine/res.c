/* res: open-addressing hash map of resources (see res.h). */
#include "engine/res.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct resmap {
    struct res **slot; /* cap slots, NULL when free */
    size_t cap;        /* power of two */
    size_t n;
    struct res **all; /* by index */
};

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

struct resmap *resmap_new(void)
{
    struct resmap *m = xcalloc(1, sizeof *m);

    m->cap = 64;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
    return m;
}

static size_t find(const struct resmap *m, const char *key, size_t len,
                   uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);

    while (m->slot[i] != NULL) {
        const struct res *r = m->slot[i];
        if (r->hash == h && r->keylen == len && memcmp(r->key, key, len) == 0)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

struct res *resmap_get(const struct resmap *m, const char *key, size_t len)
{
    return m->slot[find(m, key, len, hash(key, len))];
}

static void grow(struct resmap *m)
{
    struct res **old = m->slot;
    size_t oldcap = m->cap, i;

    m->cap *= 2;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
    for (i = 0; i < oldcap; i++) {
        if (old[i] != NULL)
            m->slot[find(m, old[i]->key, old[i]->keylen, old[i]->hash)] =
                old[i];
    }
    free(old);
}

struct res *resmap_add(struct resmap *m, const char *key)
{
    size_t len = strlen(key);
    uint64_t h = hash(key, len);
    size_t i = find(m, key, len, h);
    struct res *r;

    if (m->slot[i] != NULL)
        return m->slot[i];
    r = xcalloc(1, sizeof *r);
    r->key = xstrdup(key);
    r->keylen = len;
    r->hash = h;
    r->index = m->n;
    m->all = xreallocarray(m->all, m->n + 1, sizeof *m->all);
    m->all[m->n] = r;
    ivset_init(&r->down);
    ivset_init(&r->unknown);
    m->slot[i] = r;
    m->n++;
    if (m->n * 2 > m->cap)
        grow(m);
    return r;
}

void resmap_finish(struct resmap *m)
{
    size_t i;

    for (i = 0; i < m->cap; i++) {
        if (m->slot[i] != NULL)
            ivset_normalize(&m->slot[i]->down);
    }
}

struct res *resmap_at(const struct resmap *m, size_t i)
{
    return m->all[i];
}

size_t resmap_count(const struct resmap *m)
{
    return m->n;
}

void resmap_free(struct resmap *m)
{
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < m->cap; i++) {
        if (m->slot[i] != NULL) {
            size_t j;
            for (j = 0; j < m->slot[i]->nlocs; j++) {
                fidelity_loc_free(&m->slot[i]->locs[j]);
                free(m->slot[i]->locnames[j]);
            }
            free(m->slot[i]->locs);
            free(m->slot[i]->locnames);
            ivset_free(&m->slot[i]->unknown);
            ivset_free(&m->slot[i]->down);
            free(m->slot[i]->key);
            free(m->slot[i]);
        }
    }
    free(m->slot);
    free(m->all);
    free(m);
}

#include "lib/strindex.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct strindex_slot {
    const char *key; /* NULL: empty */
    uint64_t hash;
    size_t pos;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603u;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

void strindex_init(struct strindex *x)
{
    x->slots = NULL;
    x->cap = 0;
    x->n = 0;
}

void strindex_free(struct strindex *x)
{
    free(x->slots);
    strindex_init(x);
}

/* The slot of key, or the empty slot where it would go. */
static struct strindex_slot *slot_of(const struct strindex *x, const char *key,
                                     uint64_t h)
{
    size_t i = (size_t)h & (x->cap - 1);

    while (x->slots[i].key != NULL &&
           (x->slots[i].hash != h || strcmp(x->slots[i].key, key) != 0))
        i = (i + 1) & (x->cap - 1);
    return &x->slots[i];
}

size_t strindex_find(const struct strindex *x, const char *key)
{
    const struct strindex_slot *s;

    if (x->cap == 0)
        return SIZE_MAX;
    s = slot_of(x, key, fnv1a(key));
    return s->key != NULL ? s->pos : SIZE_MAX;
}

/* Doubles the table (at least 16 slots), keeping it under half full. */
static void grow(struct strindex *x)
{
    struct strindex old = *x;
    size_t i;

    x->cap = old.cap != 0 ? 2 * old.cap : 16;
    x->slots = xcalloc(x->cap, sizeof *x->slots);
    for (i = 0; i < old.cap; i++) {
        if (old.slots[i].key != NULL)
            *slot_of(x, old.slots[i].key, old.slots[i].hash) = old.slots[i];
    }
    free(old.slots);
}

void strindex_put(struct strindex *x, const char *key, size_t pos)
{
    uint64_t h = fnv1a(key);
    struct strindex_slot *s;

    if (2 * (x->n + 1) > x->cap)
        grow(x);
    s = slot_of(x, key, h);
    if (s->key == NULL)
        x->n++;
    s->key = key; /* an equal string may replace the one indexed */
    s->hash = h;
    s->pos = pos;
}

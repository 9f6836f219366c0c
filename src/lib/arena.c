/* arena: allocations carved out of large blocks (see arena.h). */
#include "lib/arena.h"

#include "lib/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *arena_alloc(struct arena *a, size_t n, size_t align)
{
    size_t pad = a->next != NULL ? (size_t)(uintptr_t)a->next & (align - 1) : 0;
    char *p;

    pad = pad != 0 ? align - pad : 0;
    if (a->next == NULL || n + pad > a->left) {
        size_t size = n > a->block ? n : a->block;
        a->blocks = xreallocarray(a->blocks, a->nblocks + 1, sizeof *a->blocks);
        a->blocks[a->nblocks++] = a->next = xmalloc(size);
        a->left = size;
        pad = 0;
    }
    p = a->next + pad;
    a->next = p + n;
    a->left -= n + pad;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1, 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_free(struct arena *a)
{
    size_t i;

    for (i = 0; i < a->nblocks; i++)
        free(a->blocks[i]);
    free(a->blocks);
    a->blocks = NULL;
    a->nblocks = 0;
    a->next = NULL;
    a->left = 0;
}

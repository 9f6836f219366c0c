/* arena: many small allocations carved out of large blocks, freed all at
 * once. For what a run keeps per row or per resource (a million of them):
 * one malloc per block instead of one per string, without the allocator's
 * overhead on each. Nothing is freed alone.
 * Life cycle: a zeroed struct arena with its block size set (or
 * ARENA_INIT(size)), arena_alloc() / arena_strndup(), arena_free(). */
#ifndef SLACREDIT_ARENA_H
#define SLACREDIT_ARENA_H

#include <stddef.h>

struct arena {
    size_t block;  /* bytes of a new block (a larger request gets its own) */
    char **blocks; /* owned */
    size_t nblocks;
    char *next;  /* free space in the last block */
    size_t left; /* its bytes */
};

#define ARENA_INIT(size)                                                       \
    {                                                                          \
        (size), NULL, 0, NULL, 0                                               \
    }

/* Room for n bytes aligned to align (a power of two, at most that of
 * malloc), uninitialised. */
void *arena_alloc(struct arena *a, size_t n, size_t align);
/* A copy of the n bytes at s and a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Frees every block; a is empty (its block size kept) and can be reused. */
void arena_free(struct arena *a);

#endif

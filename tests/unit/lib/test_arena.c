#include "lib/arena.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

/* A block of 64 bytes: strings fill it, a pointer-aligned request after an
 * odd-length string is padded to 8, a request that does not fit opens a new
 * block, one larger than a block gets a block of its own; every copy keeps
 * its bytes. */
static void arena_packs_and_aligns(void)
{
    struct arena a = ARENA_INIT(64);
    char *s1, *s2, *big;
    void **p;

    s1 = arena_strndup(&a, "abc", 3); /* 4 bytes */
    CU_ASSERT_EQUAL(a.nblocks, 1);
    CU_ASSERT_STRING_EQUAL(s1, "abc");
    p = arena_alloc(&a, 2 * sizeof *p, sizeof(void *));
    CU_ASSERT_EQUAL((uintptr_t)p % sizeof(void *), 0);
    CU_ASSERT_PTR_EQUAL((char *)p, s1 + 8); /* 4 bytes of padding */
    CU_ASSERT_EQUAL(a.left, 64 - 8 - 2 * sizeof *p);
    s2 = arena_strndup(&a, "0123456789abcdefghijklmnopqrstuvwxyz0123", 40);
    CU_ASSERT_EQUAL(a.nblocks, 2); /* 41 bytes do not fit in the 40 left */
    CU_ASSERT_STRING_EQUAL(s2, "0123456789abcdefghijklmnopqrstuvwxyz0123");
    big = arena_alloc(&a, 100, 1);
    CU_ASSERT_EQUAL(a.nblocks, 3);
    CU_ASSERT_EQUAL(a.left, 0);
    memset(big, 'x', 100);
    CU_ASSERT_STRING_EQUAL(s1, "abc");
    arena_free(&a);
    CU_ASSERT_EQUAL(a.nblocks, 0);
    CU_ASSERT_EQUAL(a.block, 64);
    CU_ASSERT_STRING_EQUAL(arena_strndup(&a, "z", 1), "z");
    arena_free(&a);
}

CU_TestInfo arena_tests[] = {
    {"arena_packs_and_aligns", arena_packs_and_aligns},
    CU_TEST_INFO_NULL,
};

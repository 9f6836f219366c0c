#include "lib/strindex.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 5,000 ids put and found again (each once, then replaced), near misses
 * (a prefix, one more byte, the empty string) not found. */
static void strindex_finds_what_was_put(void)
{
    static char keys[5000][16];
    struct strindex x;
    size_t i;

    strindex_init(&x);
    CU_ASSERT_EQUAL(strindex_find(&x, "a"), SIZE_MAX);
    for (i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "inc-%zu", i * 7919);
        strindex_put(&x, keys[i], i);
    }
    CU_ASSERT_EQUAL(x.n, 5000);
    for (i = 0; i < 5000; i++)
        CU_ASSERT_EQUAL(strindex_find(&x, keys[i]), i);
    strindex_put(&x, keys[17], 99999);
    CU_ASSERT_EQUAL(x.n, 5000);
    CU_ASSERT_EQUAL(strindex_find(&x, "inc-134623"), 99999); /* 17*7919 */
    CU_ASSERT_EQUAL(strindex_find(&x, "inc-"), SIZE_MAX);
    CU_ASSERT_EQUAL(strindex_find(&x, "inc-00"), SIZE_MAX);
    CU_ASSERT_EQUAL(strindex_find(&x, "inc-1"), SIZE_MAX);
    CU_ASSERT_EQUAL(strindex_find(&x, "inc-79190"), 10); /* 10 x 7919 */
    CU_ASSERT_EQUAL(strindex_find(&x, ""), SIZE_MAX);
    strindex_free(&x);
    CU_ASSERT_EQUAL(strindex_find(&x, keys[0]), SIZE_MAX);
}

CU_TestInfo strindex_tests[] = {
    {"strindex_finds_what_was_put", strindex_finds_what_was_put},
    CU_TEST_INFO_NULL,
};

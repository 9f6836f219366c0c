/* Unit tests for the resource map: keys of every length around 8 bytes
 * (a word of the hash), near-misses
 * (one byte off, a prefix, a longer key) never found, indexes in order of
 * creation, and adding a key twice gives the same resource. */
#include "engine/res.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define NKEYS 20000

/* Key number i: lengths 1 to 12 in turn, bytes spread over the alphabet. */
static size_t key_of(size_t i, char *k)
{
    size_t len = 1 + i % 12, j;
    size_t v = i;

    for (j = 0; j < len; j++) {
        k[j] = (char)('!' + v % 90);
        v = v / 90 + j * 7;
    }
    k[len] = '\0';
    return len;
}

static void resmap_finds_every_key_and_no_other(void)
{
    struct resmap *m = resmap_new();
    char k[16], miss[16];
    size_t i, len;
    unsigned distinct = 0;

    for (i = 0; i < NKEYS; i++) {
        key_of(i, k);
        if (resmap_get(m, k, strlen(k)) == NULL)
            distinct++;
        resmap_add(m, k);
    }
    CU_ASSERT_EQUAL(resmap_count(m), distinct);
    for (i = 0; i < NKEYS; i++) {
        struct res *r;
        len = key_of(i, k);
        r = resmap_get(m, k, len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->keylen, len);
        CU_ASSERT_EQUAL(memcmp(r->key, k, len), 0);
        CU_ASSERT_PTR_EQUAL(resmap_at(m, r->index), r);
        CU_ASSERT_PTR_EQUAL(resmap_add(m, k), r);
        /* One byte off (outside the alphabet), a prefix, one byte more. */
        memcpy(miss, k, len + 1);
        miss[len - 1] = '~' + 1;
        CU_ASSERT_PTR_NULL(resmap_get(m, miss, len));
        if (len > 1) {
            /* The prefix may be a key of its own, never this one. */
            struct res *p = resmap_get(m, k, len - 1);
            CU_ASSERT(p == NULL || (p->keylen == len - 1 && p != r &&
                                    memcmp(p->key, k, len - 1) == 0));
        }
        miss[len - 1] = k[len - 1];
        miss[len] = '~' + 1;
        CU_ASSERT_PTR_NULL(resmap_get(m, miss, len + 1));
    }
    resmap_free(m);
}

static void resmap_tells_apart_short_keys_with_zero_bytes(void)
{
    /* The key text is taken by length: "a\0" and "a" are different keys,
     * and so are keys equal but for a zero byte inside. */
    struct resmap *m = resmap_new();
    struct res *a = resmap_add(m, "ab");

    CU_ASSERT_PTR_EQUAL(resmap_get(m, "ab", 2), a);
    CU_ASSERT_PTR_NULL(resmap_get(m, "ab\0", 3));
    CU_ASSERT_PTR_NULL(resmap_get(m, "a\0", 2));
    CU_ASSERT_PTR_NULL(resmap_get(m, "a", 1));
    CU_ASSERT_PTR_NULL(resmap_get(m, "", 0));
    CU_ASSERT_EQUAL(a->index, 0);
    CU_ASSERT_EQUAL(resmap_add(m, "")->index, 1);
    CU_ASSERT_PTR_NOT_NULL(resmap_get(m, "", 0));
    CU_ASSERT_PTR_NULL(resmap_get(m, "\0", 1));
    resmap_free(m);
}

/* Packed, each resource's downtime reads the same, and an add after that
 * works (the set takes an array of its own); freeing frees both kinds. */
static void resmap_pack_keeps_every_set(void)
{
    struct resmap *m = resmap_new();
    char k[32];
    size_t i, j;

    for (i = 0; i < 5000; i++) {
        struct res *r;
        snprintf(k, sizeof k, "m%zu", i);
        r = resmap_add(m, k);
        for (j = 0; j < i % 4; j++) /* 0 to 3 intervals, 10 s apart */
            ivset_add(&r->down, (int64_t)(i * 100 + j * 20),
                      (int64_t)(i * 100 + j * 20 + 10));
    }
    resmap_finish(m);
    resmap_pack(m);
    for (i = 0; i < 5000; i++) {
        struct res *r = resmap_at(m, i);
        CU_ASSERT_EQUAL_FATAL(r->down.n, i % 4);
        for (j = 0; j < i % 4; j++) {
            CU_ASSERT_EQUAL(r->down.v[j].start, (int64_t)(i * 100 + j * 20));
            CU_ASSERT_EQUAL(r->down.v[j].end, (int64_t)(i * 100 + j * 20 + 10));
        }
    }
    /* One set grows past its packed intervals; its neighbour is intact. */
    ivset_add(&resmap_at(m, 3)->down, 1000, 1001);
    CU_ASSERT_EQUAL_FATAL(resmap_at(m, 3)->down.n, 4);
    CU_ASSERT_EQUAL(resmap_at(m, 3)->down.v[0].start, 300);
    CU_ASSERT_EQUAL(resmap_at(m, 3)->down.v[3].start, 1000);
    CU_ASSERT_EQUAL(resmap_at(m, 5)->down.v[0].start, 500);
    CU_ASSERT_EQUAL(resmap_at(m, 5)->down.v[0].end, 510);
    resmap_free(m);
}

/* The source of a resource is the first name recorded for it (names are
 * compared as text, so a copy of a name is the same source); resources
 * no source named, and those made after the last name, have none. */
static void resmap_keeps_the_first_source_of_each_resource(void)
{
    struct resmap *m = resmap_new();
    struct res *a = resmap_add(m, "a"), *b = resmap_add(m, "b");
    char copy[] = "first";
    struct res *c;

    resmap_set_source(m, b, "first");
    resmap_set_source(m, b, "second");
    resmap_set_source(m, a, "second");
    resmap_set_source(m, a, copy);
    c = resmap_add(m, "c");
    ASSERT_STR(resmap_source(m, b), "first");
    ASSERT_STR(resmap_source(m, a), "second");
    CU_ASSERT_PTR_NULL(resmap_source(m, c));
    resmap_set_source(m, c, copy);
    CU_ASSERT_PTR_EQUAL(resmap_source(m, c), resmap_source(m, b));
    resmap_free(m);
}

/* Unknown time exists only for the resources given one, is found whatever
 * the order they were given in, and keeps its first source and mode. */
static void resmap_unknown_only_where_set(void)
{
    struct resmap *m = resmap_new();
    char k[16];
    size_t i;
    struct res_unknown *u;

    for (i = 0; i < 100; i++) {
        snprintf(k, sizeof k, "r%zu", i);
        resmap_add(m, k);
    }
    for (i = 99; i < 100; i -= 3) { /* 99, 96, ..., 0: backwards */
        u = resmap_set_unknown(m, resmap_at(m, i), "s",
                               i % 2 ? RES_UNKNOWN_DOWN : RES_UNKNOWN_EXCLUDED);
        ivset_add(&u->set, (int64_t)i, (int64_t)i + 1);
    }
    u = resmap_set_unknown(m, resmap_at(m, 3), "other", RES_UNKNOWN_UP);
    ASSERT_STR(u->source, "s");
    CU_ASSERT_EQUAL(u->mode, RES_UNKNOWN_DOWN);
    for (i = 0; i < 100; i++) {
        const struct res_unknown *g = resmap_unknown(m, resmap_at(m, i));
        if (i % 3 != 0) {
            CU_ASSERT_PTR_NULL(g);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CU_ASSERT_EQUAL(g->index, i);
        CU_ASSERT_EQUAL(g->mode,
                        i % 2 ? RES_UNKNOWN_DOWN : RES_UNKNOWN_EXCLUDED);
        CU_ASSERT_EQUAL_FATAL(g->set.n, 1);
        CU_ASSERT_EQUAL(g->set.v[0].start, (int64_t)i);
        CU_ASSERT_PTR_EQUAL(resmap_unknown_edit(m, resmap_at(m, i)), g);
    }
    resmap_free(m);
}

CU_TestInfo res_tests[] = {
    {"resmap_keeps_the_first_source_of_each_resource",
     resmap_keeps_the_first_source_of_each_resource},
    {"resmap_unknown_only_where_set", resmap_unknown_only_where_set},
    {"resmap_pack_keeps_every_set", resmap_pack_keeps_every_set},
    {"resmap_finds_every_key_and_no_other",
     resmap_finds_every_key_and_no_other},
    {"resmap_tells_apart_short_keys_with_zero_bytes",
     resmap_tells_apart_short_keys_with_zero_bytes},
    CU_TEST_INFO_NULL,
};

/* Unit tests for iv: building interval sets with ivset_add() (any order,
 * duplicates, overlaps, touching neighbours, the in-place compaction of
 * many unsorted adds), the set algebra (union, intersection, difference,
 * clipping, merge) and weighted sets. Hand-made cases first, then every
 * operation against a model on [0, 64): a 64-bit mask for plain sets, an
 * array of per-second weights for weighted ones. */
#include "engine/iv.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Fills s with the n intervals at v, in the order given. */
static void set_of(struct ivset *s, const int64_t (*v)[2], size_t n)
{
    size_t i;

    ivset_init(s);
    for (i = 0; i < n; i++)
        ivset_add(s, v[i][0], v[i][1]);
}

/* Asserts s holds exactly the n intervals at want, in order. */
static void check_set(const struct ivset *s, const int64_t (*want)[2], size_t n)
{
    size_t i;

    CU_ASSERT_EQUAL(s->n, n);
    CU_ASSERT_TRUE(ivset_is_normal(s));
    for (i = 0; i < s->n && i < n; i++) {
        if (s->v[i].start != want[i][0] || s->v[i].end != want[i][1])
            fprintf(stderr,
                    "\n  interval %zu: got [%lld, %lld), want "
                    "[%lld, %lld)\n",
                    i, (long long)s->v[i].start, (long long)s->v[i].end,
                    (long long)want[i][0], (long long)want[i][1]);
        CU_ASSERT_EQUAL(s->v[i].start, want[i][0]);
        CU_ASSERT_EQUAL(s->v[i].end, want[i][1]);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void add_ignores_empty_and_inverted_intervals(void)
{
    struct ivset s;

    ivset_init(&s);
    ivset_add(&s, 5, 5);
    ivset_add(&s, 7, 3);
    ivset_add(&s, 0, -1);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_EQUAL(ivset_total(&s), 0);
    CU_ASSERT_TRUE(ivset_is_normal(&s));
    ivset_free(&s);
}

static void add_merges_touching_intervals_in_order(void)
{
    /* [0,10) and [10,20) touch: half-open, so they make one [0,20). */
    static const int64_t in[][2] = {{0, 10}, {10, 20}, {20, 25}};
    static const int64_t want[][2] = {{0, 25}};
    struct ivset s;

    set_of(&s, in, N(in));
    /* Merged as they come, before any normalization. */
    check_set(&s, want, N(want));
    CU_ASSERT_EQUAL(ivset_total(&s), 25);
    ivset_free(&s);
}

static void add_keeps_a_gap_of_one_second(void)
{
    static const int64_t in[][2] = {{0, 10}, {11, 20}};
    static const int64_t want[][2] = {{0, 10}, {11, 20}};
    struct ivset s;

    set_of(&s, in, N(in));
    check_set(&s, want, N(want));
    CU_ASSERT_EQUAL(ivset_total(&s), 19);
    ivset_free(&s);
}

static void add_absorbs_duplicates_and_contained_intervals(void)
{
    static const int64_t in[][2] = {
        {100, 200}, {100, 200}, {100, 200}, {120, 130}, {150, 200}, {100, 150},
    };
    static const int64_t want[][2] = {{100, 200}};
    struct ivset s;

    set_of(&s, in, N(in));
    check_set(&s, want, N(want));
    ivset_free(&s);
}

static void add_extends_the_last_interval_on_overlap(void)
{
    static const int64_t in[][2] = {{0, 10}, {5, 30}, {30, 31}};
    static const int64_t want[][2] = {{0, 31}};
    struct ivset s;

    set_of(&s, in, N(in));
    check_set(&s, want, N(want));
    ivset_free(&s);
}

static void normalize_sorts_and_merges_out_of_order_input(void)
{
    /* Out of order, duplicated, overlapping and touching: the union is
     * [0,10) ∪ [10,20) ∪ [15,35) ∪ [30,40) = [0,40), then [50,60) alone and
     * [70,80) ∪ [75,78) = [70,80). */
    static const int64_t in[][2] = {
        {50, 60}, {30, 40}, {0, 10},  {70, 80}, {15, 35},
        {10, 20}, {50, 60}, {75, 78}, {0, 10},
    };
    static const int64_t want[][2] = {{0, 40}, {50, 60}, {70, 80}};
    struct ivset s;

    set_of(&s, in, N(in));
    CU_ASSERT_FALSE(ivset_is_normal(&s));
    ivset_normalize(&s);
    check_set(&s, want, N(want));
    CU_ASSERT_EQUAL(ivset_total(&s), 40 + 10 + 10);
    /* Normalizing a normal set changes nothing. */
    ivset_normalize(&s);
    check_set(&s, want, N(want));
    ivset_free(&s);
}

static void add_before_the_last_interval_then_normalize(void)
{
    /* [5,15) starts before [10,20) and overlaps it. */
    static const int64_t in[][2] = {{10, 20}, {5, 15}};
    static const int64_t want[][2] = {{5, 20}};
    struct ivset s;

    set_of(&s, in, N(in));
    ivset_normalize(&s);
    check_set(&s, want, N(want));
    ivset_free(&s);
}

static void is_normal_rejects_touching_overlapping_and_empty(void)
{
    struct iv touching[] = {{0, 10}, {10, 20}};
    struct iv overlapping[] = {{0, 10}, {5, 20}};
    struct iv unsorted[] = {{20, 30}, {0, 10}};
    struct iv empty[] = {{5, 5}};
    struct iv fine[] = {{0, 10}, {11, 20}};
    struct ivset s;

    ivset_init(&s);
    CU_ASSERT_TRUE(ivset_is_normal(&s));
    s.v = touching;
    s.n = 2;
    CU_ASSERT_FALSE(ivset_is_normal(&s));
    s.v = overlapping;
    CU_ASSERT_FALSE(ivset_is_normal(&s));
    s.v = unsorted;
    CU_ASSERT_FALSE(ivset_is_normal(&s));
    s.v = fine;
    CU_ASSERT_TRUE(ivset_is_normal(&s));
    s.v = empty;
    s.n = 1;
    CU_ASSERT_FALSE(ivset_is_normal(&s));
}

static void add_compacts_many_unsorted_intervals(void)
{
    /* 3001 disjoint intervals [10k, 10k+5), added from the highest k down:
     * every add after the first is out of order, and the result is
     * right. Then two intervals added in turn 5000 times, [0, 5) after
     * [100, 105) out of order each time: a full set normalizes itself
     * before it grows, so it stays at its first 1024 slots, not 5000. */
    struct ivset s, none;
    int64_t k;

    ivset_init(&s);
    for (k = 3000; k >= 0; k--)
        ivset_add(&s, 10 * k, 10 * k + 5);
    ivset_normalize(&s);
    CU_ASSERT_EQUAL(s.n, 3001);
    CU_ASSERT_TRUE(ivset_is_normal(&s));
    CU_ASSERT_EQUAL(ivset_total(&s), 3001 * 5);
    CU_ASSERT_EQUAL(s.v[0].start, 0);
    CU_ASSERT_EQUAL(s.v[0].end, 5);
    CU_ASSERT_EQUAL(s.v[3000].start, 30000);
    CU_ASSERT_EQUAL(s.v[3000].end, 30005);
    ivset_free(&s);
    /* Merging nothing into nothing leaves an empty, normal set (and sorts
     * no null array). */
    ivset_init(&none);
    ivset_merge(&s, &none);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_TRUE(s.normal);
    for (k = 0; k < 10000; k++) {
        int64_t at = k % 2 == 0 ? 100 : 0;
        ivset_add(&s, at, at + 5);
        CU_ASSERT_FATAL(s.n <= 1024);
    }
    CU_ASSERT_EQUAL(s.cap, 1024);
    ivset_normalize(&s);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT_EQUAL(s.v[0].start, 0);
    CU_ASSERT_EQUAL(s.v[1].start, 100);
    ivset_free(&s);
}

static void add_keeps_memory_bounded_for_repeated_windows(void)
{
    /* 20 distinct windows [100w, 100w+50), added 10000 times in a scrambled
     * order (w = 7i mod 20 jumps around): without compaction the set would
     * hold thousands of entries. */
    struct ivset s;
    size_t i, most = 0;

    ivset_init(&s);
    for (i = 0; i < 10000; i++) {
        int64_t w = (int64_t)((i * 7) % 20);
        ivset_add(&s, 100 * w, 100 * w + 50);
        if (s.n > most)
            most = s.n;
    }
    CU_ASSERT_TRUE(most <= 1024 + 2 * 20 + 1);
    ivset_normalize(&s);
    CU_ASSERT_EQUAL(s.n, 20);
    CU_ASSERT_TRUE(ivset_is_normal(&s));
    CU_ASSERT_EQUAL(ivset_total(&s), 20 * 50);
    CU_ASSERT_EQUAL(s.v[19].start, 1900);
    CU_ASSERT_EQUAL(s.v[19].end, 1950);
    ivset_free(&s);
}

static void add_compaction_merges_overlaps(void)
{
    /* 2000 overlapping intervals [k, k+10) for k = 1999 down to 0: their
     * union is the single interval [0, 2009). */
    static const int64_t want[][2] = {{0, 2009}};
    struct ivset s;
    int64_t k;

    ivset_init(&s);
    for (k = 1999; k >= 0; k--)
        ivset_add(&s, k, k + 10);
    ivset_normalize(&s);
    check_set(&s, want, N(want));
    ivset_free(&s);
}

static void union_merges_touching_and_overlapping(void)
{
    static const int64_t a_in[][2] = {{0, 10}, {20, 30}, {60, 70}};
    static const int64_t b_in[][2] = {{10, 20}, {40, 50}, {65, 80}};
    static const int64_t want[][2] = {{0, 30}, {40, 50}, {60, 80}};
    struct ivset a, b, out;

    set_of(&a, a_in, N(a_in));
    set_of(&b, b_in, N(b_in));
    ivset_init(&out);
    ivset_union(&out, &a, &b);
    check_set(&out, want, N(want));
    /* Symmetric. */
    ivset_union(&out, &b, &a);
    check_set(&out, want, N(want));
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void union_with_an_empty_set_is_a_copy(void)
{
    static const int64_t a_in[][2] = {{0, 10}, {20, 30}};
    struct ivset a, empty, out;

    set_of(&a, a_in, N(a_in));
    ivset_init(&empty);
    ivset_init(&out);
    ivset_union(&out, &a, &empty);
    check_set(&out, a_in, N(a_in));
    ivset_union(&out, &empty, &a);
    check_set(&out, a_in, N(a_in));
    ivset_union(&out, &empty, &empty);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_free(&a);
    ivset_free(&out);
}

static void intersect_keeps_common_parts_only(void)
{
    static const int64_t a_in[][2] = {{0, 10}, {20, 30}, {40, 50}};
    static const int64_t b_in[][2] = {{5, 25}, {28, 45}};
    /* [5,10), [20,25), [28,30), [40,45). */
    static const int64_t want[][2] = {{5, 10}, {20, 25}, {28, 30}, {40, 45}};
    struct ivset a, b, out;

    set_of(&a, a_in, N(a_in));
    set_of(&b, b_in, N(b_in));
    ivset_init(&out);
    ivset_intersect(&out, &a, &b);
    check_set(&out, want, N(want));
    ivset_intersect(&out, &b, &a);
    check_set(&out, want, N(want));
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void intersect_of_touching_intervals_is_empty(void)
{
    /* [0,10) and [10,20) share no second. */
    static const int64_t a_in[][2] = {{0, 10}};
    static const int64_t b_in[][2] = {{10, 20}};
    struct ivset a, b, empty, out;

    set_of(&a, a_in, N(a_in));
    set_of(&b, b_in, N(b_in));
    ivset_init(&empty);
    ivset_init(&out);
    ivset_intersect(&out, &a, &b);
    CU_ASSERT_EQUAL(out.n, 0);
    CU_ASSERT_EQUAL(ivset_total(&out), 0);
    ivset_intersect(&out, &a, &empty);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void subtract_cuts_holes_and_edges(void)
{
    static const int64_t a_in[][2] = {{0, 100}, {200, 300}};
    static const int64_t b_in[][2] = {
        {10, 20}, {30, 40}, {90, 110}, {150, 160}, {190, 210}, {290, 300},
    };
    static const int64_t want[][2] = {
        {0, 10},
        {20, 30},
        {40, 90},
        {210, 290},
    };
    struct ivset a, b, out;

    set_of(&a, a_in, N(a_in));
    set_of(&b, b_in, N(b_in));
    ivset_init(&out);
    ivset_subtract(&out, &a, &b);
    check_set(&out, want, N(want));
    CU_ASSERT_EQUAL(ivset_total(&out), 10 + 10 + 50 + 80);
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void subtract_one_interval_spanning_two(void)
{
    static const int64_t a_in[][2] = {{0, 10}, {12, 30}};
    static const int64_t b_in[][2] = {{5, 25}};
    static const int64_t want[][2] = {{0, 5}, {25, 30}};
    struct ivset a, b, out;

    set_of(&a, a_in, N(a_in));
    set_of(&b, b_in, N(b_in));
    ivset_init(&out);
    ivset_subtract(&out, &a, &b);
    check_set(&out, want, N(want));
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void subtract_touching_or_covering(void)
{
    static const int64_t a_in[][2] = {{10, 20}};
    static const int64_t touch[][2] = {{0, 10}, {20, 30}};
    static const int64_t cover[][2] = {{0, 30}};
    struct ivset a, b, empty, out;

    set_of(&a, a_in, N(a_in));
    ivset_init(&empty);
    ivset_init(&out);
    /* Touching neighbours take nothing away. */
    set_of(&b, touch, N(touch));
    ivset_subtract(&out, &a, &b);
    check_set(&out, a_in, N(a_in));
    ivset_free(&b);
    /* A covering interval takes everything. */
    set_of(&b, cover, N(cover));
    ivset_subtract(&out, &a, &b);
    CU_ASSERT_EQUAL(out.n, 0);
    /* Nothing from nothing, and a − ∅ = a. */
    ivset_subtract(&out, &empty, &b);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_subtract(&out, &a, &empty);
    check_set(&out, a_in, N(a_in));
    ivset_free(&a);
    ivset_free(&b);
    ivset_free(&out);
}

static void clip_cuts_to_the_window(void)
{
    static const int64_t a_in[][2] = {{0, 10}, {20, 30}, {40, 50}};
    static const int64_t want[][2] = {{5, 10}, {20, 30}, {40, 45}};
    static const int64_t inner[][2] = {{22, 28}};
    struct ivset a, out;

    set_of(&a, a_in, N(a_in));
    ivset_init(&out);
    ivset_clip(&out, &a, 5, 45);
    check_set(&out, want, N(want));
    ivset_clip(&out, &a, 22, 28);
    check_set(&out, inner, N(inner));
    /* A window that only touches an interval, an empty window, a window in
     * a gap: nothing. */
    ivset_clip(&out, &a, 10, 20);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_clip(&out, &a, 25, 25);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_clip(&out, &a, 30, 40);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_clip(&out, &a, 60, 50);
    CU_ASSERT_EQUAL(out.n, 0);
    /* A window around everything: a copy. */
    ivset_clip(&out, &a, INT64_MIN, INT64_MAX);
    check_set(&out, a_in, N(a_in));
    ivset_free(&a);
    ivset_free(&out);
}

static void merge_adds_a_set_and_normalizes(void)
{
    static const int64_t s_in[][2] = {{0, 10}, {50, 60}};
    static const int64_t b_in[][2] = {{10, 20}, {30, 40}, {55, 70}};
    static const int64_t want[][2] = {{0, 20}, {30, 40}, {50, 70}};
    struct ivset s, b;

    set_of(&s, s_in, N(s_in));
    set_of(&b, b_in, N(b_in));
    ivset_merge(&s, &b);
    check_set(&s, want, N(want));
    ivset_free(&s);
    ivset_free(&b);
}

static void copy_clear_and_free_leave_usable_sets(void)
{
    static const int64_t a_in[][2] = {{1, 2}, {3, 4}};
    struct ivset a, out;

    set_of(&a, a_in, N(a_in));
    ivset_init(&out);
    ivset_add(&out, 100, 200);
    ivset_copy(&out, &a);
    check_set(&out, a_in, N(a_in));
    ivset_clear(&out);
    CU_ASSERT_EQUAL(out.n, 0);
    ivset_add(&out, 7, 8);
    CU_ASSERT_EQUAL(out.n, 1);
    ivset_free(&out);
    CU_ASSERT_EQUAL(out.n, 0);
    CU_ASSERT_PTR_NULL(out.v);
    ivset_add(&out, 7, 8);
    CU_ASSERT_EQUAL(ivset_total(&out), 1);
    ivset_free(&out);
    ivset_free(&a);
}

/* The bitmap model: bit t of a mask is second t of [0, 64). Random input
 * comes from a fixed-seed LCG, so every run tests the same sets. */
static uint64_t lcg(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 11;
}

static uint64_t range_mask(int64_t lo, int64_t hi)
{
    uint64_t m = 0;
    int64_t t;

    for (t = lo < 0 ? 0 : lo; t < hi && t < 64; t++)
        m |= (uint64_t)1 << t;
    return m;
}

static uint64_t mask_of(const struct ivset *s)
{
    uint64_t m = 0;
    size_t i;

    for (i = 0; i < s->n; i++)
        m |= range_mask(s->v[i].start, s->v[i].end);
    return m;
}

/* A normal set from a mask: its maximal runs of set bits. */
static void set_from_mask(struct ivset *s, uint64_t m)
{
    int64_t t = 0, start;

    ivset_init(s);
    while (t < 64) {
        if ((m >> t & 1) == 0) {
            t++;
            continue;
        }
        start = t;
        while (t < 64 && (m >> t & 1) != 0)
            t++;
        ivset_add(s, start, t);
    }
}

/* A random mask made of a few runs, so sets have gaps and touching runs. */
static uint64_t random_mask(uint64_t *rng)
{
    uint64_t m = 0;
    int k, runs = (int)(lcg(rng) % 6);

    for (k = 0; k < runs; k++) {
        int64_t lo = (int64_t)(lcg(rng) % 64);
        int64_t len = (int64_t)(lcg(rng) % 12) + 1;
        m |= range_mask(lo, lo + len);
    }
    return m;
}

static int popcount64(uint64_t m)
{
    int n = 0;

    for (; m != 0; m &= m - 1)
        n++;
    return n;
}

static void algebra_matches_a_bitmap_model(void)
{
    int round;
    struct ivset a, b, out;
    uint64_t seed = 42, *rng = &seed;

    ivset_init(&out);
    for (round = 0; round < 2000; round++) {
        uint64_t ma = random_mask(rng), mb = random_mask(rng);
        int64_t lo = (int64_t)(lcg(rng) % 70) - 3,
                hi = (int64_t)(lcg(rng) % 70) - 3;

        set_from_mask(&a, ma);
        set_from_mask(&b, mb);
        CU_ASSERT_TRUE(ivset_is_normal(&a));
        CU_ASSERT_EQUAL(mask_of(&a), ma);
        CU_ASSERT_EQUAL(ivset_total(&a), popcount64(ma));

        ivset_union(&out, &a, &b);
        CU_ASSERT_TRUE(ivset_is_normal(&out));
        CU_ASSERT_EQUAL(mask_of(&out), ma | mb);
        ivset_intersect(&out, &a, &b);
        CU_ASSERT_TRUE(ivset_is_normal(&out));
        CU_ASSERT_EQUAL(mask_of(&out), ma & mb);
        ivset_subtract(&out, &a, &b);
        CU_ASSERT_TRUE(ivset_is_normal(&out));
        CU_ASSERT_EQUAL(mask_of(&out), ma & ~mb);
        ivset_clip(&out, &a, lo, hi);
        CU_ASSERT_TRUE(ivset_is_normal(&out));
        CU_ASSERT_EQUAL(mask_of(&out), ma & range_mask(lo, hi));
        ivset_copy(&out, &a);
        ivset_merge(&out, &b);
        CU_ASSERT_TRUE(ivset_is_normal(&out));
        CU_ASSERT_EQUAL(mask_of(&out), ma | mb);
        ivset_free(&a);
        ivset_free(&b);
    }
    ivset_free(&out);
}

static void add_in_random_order_matches_a_bitmap_model(void)
{
    int round, k;
    struct ivset s;
    uint64_t seed = 7, *rng = &seed;

    for (round = 0; round < 500; round++) {
        uint64_t m = 0;
        int n = (int)(lcg(rng) % 40);

        ivset_init(&s);
        for (k = 0; k < n; k++) {
            int64_t lo = (int64_t)(lcg(rng) % 55);
            int64_t hi = lo + (int64_t)(lcg(rng) % 10) - 2; /* may be empty */
            m |= range_mask(lo, hi);
            ivset_add(&s, lo, hi);
        }
        ivset_normalize(&s);
        CU_ASSERT_TRUE(ivset_is_normal(&s));
        CU_ASSERT_EQUAL(mask_of(&s), m);
        CU_ASSERT_EQUAL(ivset_total(&s), popcount64(m));
        ivset_free(&s);
    }
}

/* Weighted sets against a model where second t of [0, 64) has weight m[t]
 * (0 when not down). */
static void wmodel_of(const struct wset *s, int32_t m[64])
{
    size_t i;
    int64_t t;

    memset(m, 0, 64 * sizeof m[0]);
    for (i = 0; i < s->n; i++) {
        for (t = s->v[i].start; t < s->v[i].end && t < 64; t++) {
            if (t >= 0)
                m[t] = s->v[i].weight;
        }
    }
}

/* Normal: sorted, disjoint, weights 1..1000, touching only when the
 * weights differ. */
static bool wset_is_normal(const struct wset *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->v[i].end <= s->v[i].start || s->v[i].weight < 1 ||
            s->v[i].weight > 1000)
            return false;
        if (i > 0 && (s->v[i].start < s->v[i - 1].end ||
                      (s->v[i].start == s->v[i - 1].end &&
                       s->v[i].weight == s->v[i - 1].weight)))
            return false;
    }
    return true;
}

/* A random normal weighted set and its model. */
static void random_wset(uint64_t *rng, struct wset *s, int32_t m[64])
{
    static const int32_t weights[] = {0, 300, 500, 1000, 1, 999};
    int k, n = (int)(lcg(rng) % 8);
    int64_t t;

    wset_init(s);
    memset(m, 0, 64 * sizeof m[0]);
    for (k = 0; k < n; k++) {
        int64_t lo = (int64_t)(lcg(rng) % 60);
        int64_t hi = lo + (int64_t)(lcg(rng) % 12) - 1;
        int32_t w = weights[lcg(rng) % N(weights)];
        if (hi > 64)
            hi = 64;
        wset_add(s, lo, hi, w);
        for (t = lo; t < hi; t++) {
            if (w > m[t])
                m[t] = w;
        }
    }
    wset_normalize(s);
}

static void check_wmodel(const struct wset *s, const int32_t want[64])
{
    int32_t got[64];
    int t;

    CU_ASSERT_TRUE(wset_is_normal(s));
    wmodel_of(s, got);
    for (t = 0; t < 64; t++) {
        if (got[t] != want[t]) {
            fprintf(stderr, "\n  second %d: weight %d, want %d\n", t,
                    (int)got[t], (int)want[t]);
            CU_FAIL("weighted set differs from the model");
            return;
        }
    }
}

static void wset_normalize_keeps_the_heaviest_weight(void)
{
    /* [0,100) at 0.3, [50,150) at 1, [120,200) at 0.5, and a duplicate:
     * [0,50)@300, [50,150)@1000, [150,200)@500. Weight 0 is ignored. */
    struct wset s;

    wset_init(&s);
    wset_add(&s, 120, 200, 500);
    wset_add(&s, 0, 100, 300);
    wset_add(&s, 50, 150, 1000);
    wset_add(&s, 0, 100, 300);
    wset_add(&s, 300, 400, 0);
    wset_add(&s, 500, 500, 1000);
    wset_normalize(&s);
    CU_ASSERT_TRUE(wset_is_normal(&s));
    CU_ASSERT_EQUAL_FATAL(s.n, 3);
    CU_ASSERT_EQUAL(s.v[0].start, 0);
    CU_ASSERT_EQUAL(s.v[0].end, 50);
    CU_ASSERT_EQUAL(s.v[0].weight, 300);
    CU_ASSERT_EQUAL(s.v[1].start, 50);
    CU_ASSERT_EQUAL(s.v[1].end, 150);
    CU_ASSERT_EQUAL(s.v[1].weight, 1000);
    CU_ASSERT_EQUAL(s.v[2].start, 150);
    CU_ASSERT_EQUAL(s.v[2].end, 200);
    CU_ASSERT_EQUAL(s.v[2].weight, 500);
    /* 50 × 300 + 100 × 1000 + 50 × 500 ms. */
    CU_ASSERT_EQUAL(wset_total_ms(&s), 140000);
    CU_ASSERT_EQUAL(wset_total_ms_in(&s, 40, 160),
                    10 * 300 + 100000 + 10 * 500);
    wset_free(&s);
}

static void wset_normalize_merges_touching_equal_weights(void)
{
    struct wset s;

    wset_init(&s);
    wset_add(&s, 10, 20, 300);
    wset_add(&s, 0, 10, 300);
    wset_add(&s, 20, 30, 300);
    wset_normalize(&s);
    CU_ASSERT_EQUAL_FATAL(s.n, 1);
    CU_ASSERT_EQUAL(s.v[0].start, 0);
    CU_ASSERT_EQUAL(s.v[0].end, 30);
    CU_ASSERT_EQUAL(wset_total_ms(&s), 9000);
    wset_free(&s);
}

static void wset_operations_match_a_model(void)
{
    uint64_t seed = 99, *rng = &seed;
    int round, t;

    for (round = 0; round < 2000; round++) {
        struct wset a, b, out;
        struct ivset m, sup;
        int32_t ma[64], mb[64], want[64];
        uint64_t mm = random_mask(rng);
        int64_t total = 0, lo = (int64_t)(lcg(rng) % 70) - 3,
                hi = (int64_t)(lcg(rng) % 70) - 3, in = 0;

        random_wset(rng, &a, ma);
        random_wset(rng, &b, mb);
        check_wmodel(&a, ma);
        set_from_mask(&m, mm);
        wset_init(&out);
        ivset_init(&sup);

        for (t = 0; t < 64; t++)
            want[t] = ma[t] > mb[t] ? ma[t] : mb[t];
        wset_union(&out, &a, &b);
        check_wmodel(&out, want);

        for (t = 0; t < 64; t++)
            want[t] = (mm >> t & 1) != 0 ? ma[t] : 0;
        wset_mask(&out, &a, &m);
        check_wmodel(&out, want);

        for (t = 0; t < 64; t++)
            want[t] = (mm >> t & 1) == 0 ? ma[t] : 0;
        wset_minus(&out, &a, &m);
        check_wmodel(&out, want);

        wset_support(&sup, &a);
        CU_ASSERT_TRUE(ivset_is_normal(&sup));
        for (t = 0; t < 64; t++) {
            total += ma[t];
            if (t >= lo && t < hi)
                in += ma[t];
            CU_ASSERT_EQUAL((mask_of(&sup) >> t & 1) != 0, ma[t] > 0);
        }
        CU_ASSERT_EQUAL(wset_total_ms(&a), total);
        CU_ASSERT_EQUAL(wset_total_ms_in(&a, lo, hi), in);

        wset_from_ivset(&out, &m, 300);
        for (t = 0; t < 64; t++)
            want[t] = (mm >> t & 1) != 0 ? 300 : 0;
        check_wmodel(&out, want);

        wset_free(&a);
        wset_free(&b);
        wset_free(&out);
        ivset_free(&m);
        ivset_free(&sup);
    }
}

/* A lent set reads and edits in place, is copied out on the add that
 * needs room, and frees nothing of what it borrowed. */
static void lent_set_borrows_until_it_grows(void)
{
    struct ivset s;
    struct iv block[4];

    ivset_init(&s);
    ivset_add(&s, 10, 20);
    ivset_add(&s, 30, 40);
    ivset_lend(&s, block);
    CU_ASSERT_PTR_EQUAL(s.v, block);
    CU_ASSERT_EQUAL(s.cap, 0);
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT_EQUAL(block[1].start, 30);
    ivset_add(&s, 35, 45); /* extends the last one in place */
    CU_ASSERT_EQUAL(s.n, 2);
    CU_ASSERT_EQUAL(block[1].end, 45);
    CU_ASSERT_EQUAL(ivset_total(&s), 25);
    ivset_add(&s, 50, 60); /* needs room: copied */
    CU_ASSERT_PTR_NOT_EQUAL(s.v, block);
    CU_ASSERT_EQUAL(s.cap, 4);
    CU_ASSERT_EQUAL_FATAL(s.n, 3);
    CU_ASSERT_EQUAL(s.v[0].start, 10);
    CU_ASSERT_EQUAL(s.v[1].end, 45);
    CU_ASSERT_EQUAL(s.v[2].start, 50);
    ivset_free(&s);
    /* Lent again, then freed while borrowing: nothing freed. */
    ivset_add(&s, 1, 2);
    ivset_lend(&s, block);
    ivset_free(&s);
    CU_ASSERT_PTR_NULL(s.v);
    /* An empty set lends nothing. */
    ivset_lend(&s, block);
    CU_ASSERT_PTR_NULL(s.v);
    ivset_add(&s, 5, 6);
    CU_ASSERT_EQUAL(s.n, 1);
    ivset_free(&s);
}

CU_TestInfo iv_tests[] = {
    {"lent_set_borrows_until_it_grows", lent_set_borrows_until_it_grows},
    {"add_ignores_empty_and_inverted_intervals",
     add_ignores_empty_and_inverted_intervals},
    {"add_merges_touching_intervals_in_order",
     add_merges_touching_intervals_in_order},
    {"add_keeps_a_gap_of_one_second", add_keeps_a_gap_of_one_second},
    {"add_absorbs_duplicates_and_contained_intervals",
     add_absorbs_duplicates_and_contained_intervals},
    {"add_extends_the_last_interval_on_overlap",
     add_extends_the_last_interval_on_overlap},
    {"normalize_sorts_and_merges_out_of_order_input",
     normalize_sorts_and_merges_out_of_order_input},
    {"add_before_the_last_interval_then_normalize",
     add_before_the_last_interval_then_normalize},
    {"is_normal_rejects_touching_overlapping_and_empty",
     is_normal_rejects_touching_overlapping_and_empty},
    {"add_compacts_many_unsorted_intervals",
     add_compacts_many_unsorted_intervals},
    {"add_keeps_memory_bounded_for_repeated_windows",
     add_keeps_memory_bounded_for_repeated_windows},
    {"add_compaction_merges_overlaps", add_compaction_merges_overlaps},
    {"union_merges_touching_and_overlapping",
     union_merges_touching_and_overlapping},
    {"union_with_an_empty_set_is_a_copy", union_with_an_empty_set_is_a_copy},
    {"intersect_keeps_common_parts_only", intersect_keeps_common_parts_only},
    {"intersect_of_touching_intervals_is_empty",
     intersect_of_touching_intervals_is_empty},
    {"subtract_cuts_holes_and_edges", subtract_cuts_holes_and_edges},
    {"subtract_one_interval_spanning_two", subtract_one_interval_spanning_two},
    {"subtract_touching_or_covering", subtract_touching_or_covering},
    {"clip_cuts_to_the_window", clip_cuts_to_the_window},
    {"merge_adds_a_set_and_normalizes", merge_adds_a_set_and_normalizes},
    {"copy_clear_and_free_leave_usable_sets",
     copy_clear_and_free_leave_usable_sets},
    {"algebra_matches_a_bitmap_model", algebra_matches_a_bitmap_model},
    {"add_in_random_order_matches_a_bitmap_model",
     add_in_random_order_matches_a_bitmap_model},
    {"wset_normalize_keeps_the_heaviest_weight",
     wset_normalize_keeps_the_heaviest_weight},
    {"wset_normalize_merges_touching_equal_weights",
     wset_normalize_merges_touching_equal_weights},
    {"wset_operations_match_a_model", wset_operations_match_a_model},
    CU_TEST_INFO_NULL,
};

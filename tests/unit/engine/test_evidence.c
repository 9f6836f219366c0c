/* Unit tests for evidence's shared rules: the cutting of source windows
 * into counted and excluded pieces (exact boundaries, touching and
 * overlapping windows, windows of a second resource going back in time,
 * empty sets, and a random model against a window-by-window intersection),
 * the exclusion that labels a piece, the ongoing note, the discrepancies
 * and the unknown-time fallback source. */
#include "engine/evidence.h"

#include "lib/xalloc.h"
#include "read/config.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* One window for the tests: [start, end) of resource position res. */
struct win {
    int64_t start, end;
    size_t res;
    const char *detail;
};

/* Fills x's windows (and exclusions) from the arrays given, in that order. */
static void evidence_of(struct evidence *x, const struct win *w, size_t n,
                        const struct win *ex, size_t nex)
{
    size_t i;

    evidence_init(x);
    x->windows = xcalloc(n + 1, sizeof *x->windows);
    x->nwindows = n;
    for (i = 0; i < n; i++) {
        x->windows[i].start = w[i].start;
        x->windows[i].end = w[i].end;
        x->windows[i].weight = 1000;
        x->windows[i].res_pos = (uint32_t)w[i].res;
        x->windows[i].resource = w[i].res == 0 ? "web" : "db";
        x->windows[i].source = "";
        x->windows[i].detail = w[i].detail != NULL ? w[i].detail : "";
    }
    x->exclusions = xcalloc(nex + 1, sizeof *x->exclusions);
    x->nexclusions = nex;
    for (i = 0; i < nex; i++) {
        x->exclusions[i].start = ex[i].start;
        x->exclusions[i].end = ex[i].end;
        x->exclusions[i].weight = 1000;
        x->exclusions[i].source = "";
        x->exclusions[i].detail = ex[i].detail;
    }
}

static void set_of(struct ivset *s, const int64_t (*v)[2], size_t n)
{
    size_t i;

    ivset_init(s);
    for (i = 0; i < n; i++)
        ivset_add(s, v[i][0], v[i][1]);
    ivset_normalize(s);
}

/* The pieces a cut produced, in order. */
struct piece {
    size_t window; /* index in x->windows */
    bool excluded;
    int64_t start, end;
    const char *exclusion; /* detail of the labelling exclusion, or NULL */
};

struct pieces {
    const struct evidence *x;
    struct piece v[64];
    size_t n;
};

static void collect(void *ctx, const struct ev_piece *p)
{
    struct pieces *ps = ctx;

    CU_ASSERT_FATAL(ps->n < 64);
    ps->v[ps->n].window = (size_t)(p->window - ps->x->windows);
    ps->v[ps->n].excluded = p->excluded;
    ps->v[ps->n].start = p->start;
    ps->v[ps->n].end = p->end;
    ps->v[ps->n].exclusion = p->exclusion != NULL ? p->exclusion->detail : NULL;
    ps->n++;
}

/* Asserts the pieces are exactly want[0..n). */
static void check_pieces(const struct pieces *got, const struct piece *want,
                         size_t n)
{
    size_t i;

    CU_ASSERT_EQUAL(got->n, n);
    for (i = 0; i < got->n && i < n; i++) {
        const struct piece *g = &got->v[i], *w = &want[i];
        if (g->window != w->window || g->excluded != w->excluded ||
            g->start != w->start || g->end != w->end)
            fprintf(stderr,
                    "\n  piece %zu: got window %zu %s [%lld, %lld), want "
                    "window %zu %s [%lld, %lld)\n",
                    i, g->window, g->excluded ? "excluded" : "counted",
                    (long long)g->start, (long long)g->end, w->window,
                    w->excluded ? "excluded" : "counted", (long long)w->start,
                    (long long)w->end);
        CU_ASSERT_EQUAL(g->window, w->window);
        CU_ASSERT_EQUAL(g->excluded, w->excluded);
        CU_ASSERT_EQUAL(g->start, w->start);
        CU_ASSERT_EQUAL(g->end, w->end);
        if (w->exclusion == NULL) {
            CU_ASSERT_PTR_NULL(g->exclusion);
        } else {
            ASSERT_STR(g->exclusion, w->exclusion);
        }
    }
}

static void cut(const struct evidence *x, const struct ivset *down,
                const struct ivset *excluded, struct pieces *out)
{
    uint64_t n;

    memset(out, 0, sizeof *out);
    out->x = x;
    n = evidence_cut_windows(x, down, excluded, collect, out);
    CU_ASSERT_EQUAL(n, out->n);
}

/* Half-open bounds: down time that only touches a window is no piece of
 * it; one second inside at either end is. */
static void cut_window_boundaries_are_exact(void)
{
    static const struct win w[] = {{100, 200, 0, NULL}};
    static const int64_t touching[][2] = {{50, 100}, {200, 300}};
    static const int64_t inside[][2] = {{50, 101}, {199, 300}};
    static const struct piece want[] = {{0, false, 100, 101, NULL},
                                        {0, false, 199, 200, NULL}};
    struct evidence x;
    struct ivset down, none;
    struct pieces got;

    evidence_of(&x, w, 1, NULL, 0);
    ivset_init(&none);
    set_of(&down, touching, 2);
    cut(&x, &down, &none, &got);
    CU_ASSERT_EQUAL(got.n, 0);
    ivset_free(&down);
    set_of(&down, inside, 2);
    cut(&x, &down, &none, &got);
    check_pieces(&got, want, 2);
    ivset_free(&down);
    evidence_free(&x);
}

/* A window inside one down interval is one piece, the window itself; a
 * window over several is cut at each, the last clipped to the window. */
static void cut_window_inside_and_across_intervals(void)
{
    static const struct win w[] = {{0, 100, 0, NULL}, {120, 130, 0, NULL}};
    static const int64_t d[][2] = {{10, 20}, {30, 40}, {90, 150}};
    static const struct piece want[] = {
        {0, false, 10, 20, NULL},
        {0, false, 30, 40, NULL},
        {0, false, 90, 100, NULL},
        {1, false, 120, 130, NULL},
    };
    struct evidence x;
    struct ivset down, none;
    struct pieces got;

    evidence_of(&x, w, 2, NULL, 0);
    ivset_init(&none);
    set_of(&down, d, 3);
    cut(&x, &down, &none, &got);
    check_pieces(&got, want, 4);
    ivset_free(&down);
    evidence_free(&x);
}

/* Overlapping windows of one resource (a long one, then shorter ones that
 * start inside it): each gets every piece it overlaps, even those the walk
 * already passed for the long one; touching windows share no piece. */
static void cut_overlapping_and_touching_windows(void)
{
    static const struct win w[] = {
        {0, 100, 0, NULL},
        {10, 20, 0, NULL},
        {50, 60, 0, NULL},
        {60, 70, 0, NULL},
    };
    static const int64_t d[][2] = {{5, 15}, {55, 200}};
    static const struct piece want[] = {
        {0, false, 5, 15, NULL},  {0, false, 55, 100, NULL},
        {1, false, 10, 15, NULL}, {2, false, 55, 60, NULL},
        {3, false, 60, 70, NULL},
    };
    struct evidence x;
    struct ivset down, none;
    struct pieces got;

    evidence_of(&x, w, 4, NULL, 0);
    ivset_init(&none);
    set_of(&down, d, 2);
    cut(&x, &down, &none, &got);
    check_pieces(&got, want, 5);
    ivset_free(&down);
    evidence_free(&x);
}

/* The next resource's windows start earlier than the last one's: the walk
 * finds its place again instead of missing the earlier down time. */
static void cut_second_resource_going_back_in_time(void)
{
    static const struct win w[] = {{100, 200, 0, NULL}, {0, 50, 1, NULL}};
    static const int64_t d[][2] = {{0, 10}, {150, 160}};
    static const struct piece want[] = {{0, false, 150, 160, NULL},
                                        {1, false, 0, 10, NULL}};
    struct evidence x;
    struct ivset down, none;
    struct pieces got;

    evidence_of(&x, w, 2, NULL, 0);
    ivset_init(&none);
    set_of(&down, d, 2);
    cut(&x, &down, &none, &got);
    check_pieces(&got, want, 2);
    ivset_free(&down);
    evidence_free(&x);
}

/* Per window: counted pieces first, then excluded ones, each labelled by
 * the first exclusion (in the evidence's order) overlapping it, or none. */
static void cut_excluded_pieces_follow_with_their_reason(void)
{
    static const struct win w[] = {{0, 100, 0, "incident=a"},
                                   {200, 300, 0, NULL}};
    static const struct win ex[] = {{0, 10, 0, "maintenance=m0"},
                                    {45, 70, 0, "maintenance=m1"},
                                    {40, 50, 0, "excluded_incident=i2"}};
    static const int64_t d[][2] = {{0, 40}, {210, 220}};
    static const int64_t e[][2] = {{40, 60}, {250, 260}};
    static const struct piece want[] = {
        {0, false, 0, 40, NULL},
        {0, true, 40, 60, "maintenance=m1"},
        {1, false, 210, 220, NULL},
        {1, true, 250, 260, NULL},
    };
    struct evidence x;
    struct ivset down, excluded;
    struct pieces got;

    evidence_of(&x, w, 2, ex, 3);
    set_of(&down, d, 2);
    set_of(&excluded, e, 2);
    cut(&x, &down, &excluded, &got);
    check_pieces(&got, want, 4);
    CU_ASSERT_PTR_NULL(evidence_exclusion_at(&x, 10, 40));
    CU_ASSERT_PTR_EQUAL(evidence_exclusion_at(&x, 9, 10), &x.exclusions[0]);
    ivset_free(&down);
    ivset_free(&excluded);
    evidence_free(&x);
}

/* No windows, or empty sets: no piece, the callback never called. */
static void cut_empty_sets_give_nothing(void)
{
    static const struct win w[] = {{0, 100, 0, NULL}};
    static const int64_t d[][2] = {{0, 100}};
    struct evidence x;
    struct ivset down, none;
    struct pieces got;

    evidence_init(&x);
    ivset_init(&none);
    set_of(&down, d, 1);
    cut(&x, &down, &down, &got);
    CU_ASSERT_EQUAL(got.n, 0);
    evidence_free(&x);
    evidence_of(&x, w, 1, NULL, 0);
    cut(&x, &none, &none, &got);
    CU_ASSERT_EQUAL(got.n, 0);
    ivset_free(&down);
    evidence_free(&x);
}

/* Random windows (sorted as evidence_build() sorts them: by resource, then
 * start) against random sets: the pieces are those of intersecting each
 * window alone with each set, in the same order. */
static void cut_matches_window_by_window_intersection(void)
{
    unsigned seed = 12345;
    int round;

    for (round = 0; round < 300; round++) {
        struct win w[12];
        struct evidence x;
        struct ivset down, excluded, one, part;
        struct pieces got;
        struct piece want[64];
        size_t nw, nwant = 0, i, k;

        seed = seed * 1103515245u + 12345u;
        nw = (seed >> 16) % 8;
        for (i = 0; i < nw; i++) {
            int64_t a, b;
            seed = seed * 1103515245u + 12345u;
            a = (int64_t)((seed >> 16) % 60);
            seed = seed * 1103515245u + 12345u;
            b = a + 1 + (int64_t)((seed >> 16) % 20);
            w[i] = (struct win){a, b, i < nw / 2 ? 0 : 1, NULL};
        }
        /* sort by resource, then start (insertion sort) */
        for (i = 1; i < nw; i++) {
            for (k = i; k > 0 && (w[k - 1].res > w[k].res ||
                                  (w[k - 1].res == w[k].res &&
                                   w[k - 1].start > w[k].start));
                 k--) {
                struct win t = w[k];
                w[k] = w[k - 1];
                w[k - 1] = t;
            }
        }
        ivset_init(&down);
        ivset_init(&excluded);
        for (i = 0; i < 64; i++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 3 == 0)
                ivset_add(&down, (int64_t)i, (int64_t)i + 1);
            else if ((seed >> 16) % 3 == 1)
                ivset_add(&excluded, (int64_t)i, (int64_t)i + 1);
        }
        ivset_normalize(&down);
        ivset_normalize(&excluded);
        evidence_of(&x, w, nw, NULL, 0);
        ivset_init(&one);
        ivset_init(&part);
        for (i = 0; i < nw; i++) {
            int pass;
            for (pass = 0; pass < 2; pass++) {
                ivset_clear(&one);
                ivset_add(&one, w[i].start, w[i].end);
                ivset_intersect(&part, &one, pass == 0 ? &down : &excluded);
                for (k = 0; k < part.n && nwant < 64; k++)
                    want[nwant++] = (struct piece){
                        i, pass == 1, part.v[k].start, part.v[k].end, NULL};
            }
        }
        cut(&x, &down, &excluded, &got);
        check_pieces(&got, want, nwant);
        ivset_free(&one);
        ivset_free(&part);
        ivset_free(&down);
        ivset_free(&excluded);
        evidence_free(&x);
    }
}

/* The ongoing note: only a window from an unresolved incident that
 * overlaps the downtime (touching is not overlapping). */
static void ongoing_needs_an_unresolved_window_inside_the_downtime(void)
{
    static const struct win w[] = {{0, 100, 0, NULL}, {200, 300, 0, NULL}};
    static const int64_t touching[][2] = {{100, 200}};
    static const int64_t inside[][2] = {{299, 400}};
    struct evidence x;
    struct ivset down;

    evidence_of(&x, w, 2, NULL, 0);
    set_of(&down, inside, 1);
    CU_ASSERT_FALSE(evidence_ongoing_in(&x, &down));
    x.windows[1].ongoing = true;
    CU_ASSERT_TRUE(evidence_ongoing_in(&x, &down));
    ivset_free(&down);
    x.windows[0].ongoing = true;
    set_of(&down, touching, 1);
    CU_ASSERT_FALSE(evidence_ongoing_in(&x, &down));
    ivset_free(&down);
    evidence_free(&x);
}

/* Discrepancies: monitoring down time neither the status page nor a
 * maintenance covers, and status-page down time monitoring did not see,
 * inside [lo, hi), pieces shorter than min dropped; nothing when the
 * subscription lacks either kind of evidence. */
static void discrepancies_cut_clip_and_drop_short_pieces(void)
{
    static const int64_t mon[][2] = {{0, 100}, {500, 505}, {900, 1100}};
    static const int64_t maint[][2] = {{0, 20}};
    struct evidence x;
    struct ivset un_ack, un_obs;

    evidence_init(&x);
    ivset_init(&un_ack);
    ivset_init(&un_obs);
    set_of(&x.mon, mon, 3);
    set_of(&x.maintenance, maint, 1);
    wset_add(&x.sp, 50, 60, 1000);
    wset_add(&x.sp, 300, 400, 300);
    wset_normalize(&x.sp);
    evidence_discrepancies(&x, 0, 1000, 10, &un_ack, &un_obs);
    CU_ASSERT_EQUAL(un_ack.n, 0); /* has_mon, has_sp unset */
    CU_ASSERT_EQUAL(un_obs.n, 0);
    x.has_mon = x.has_sp = true;
    evidence_discrepancies(&x, 0, 1000, 10, &un_ack, &un_obs);
    /* [20, 50), [60, 100), [500, 505) dropped (5 s < 10), [900, 1000). */
    CU_ASSERT_EQUAL(un_ack.n, 3);
    if (un_ack.n == 3) {
        CU_ASSERT_EQUAL(un_ack.v[0].start, 20);
        CU_ASSERT_EQUAL(un_ack.v[0].end, 50);
        CU_ASSERT_EQUAL(un_ack.v[1].start, 60);
        CU_ASSERT_EQUAL(un_ack.v[1].end, 100);
        CU_ASSERT_EQUAL(un_ack.v[2].start, 900);
        CU_ASSERT_EQUAL(un_ack.v[2].end, 1000);
    }
    CU_ASSERT_EQUAL(un_obs.n, 1); /* a 30 % outage still counts as seen */
    if (un_obs.n == 1) {
        CU_ASSERT_EQUAL(un_obs.v[0].start, 300);
        CU_ASSERT_EQUAL(un_obs.v[0].end, 400);
    }
    evidence_discrepancies(&x, 0, 1000, 41, &un_ack, &un_obs);
    CU_ASSERT_EQUAL(un_ack.n, 1); /* only [900, 1000) is >= 41 s */
    CU_ASSERT_EQUAL(un_obs.n, 1);
    ivset_free(&un_ack);
    ivset_free(&un_obs);
    evidence_free(&x);
}

/* The first exclusion (in order) overlapping [a, b), by scanning all. */
static const struct ev_window *first_by_scan(const struct evidence *x,
                                             int64_t a, int64_t b)
{
    size_t i;

    for (i = 0; i < x->nexclusions; i++)
        if (x->exclusions[i].start < b && a < x->exclusions[i].end)
            return &x->exclusions[i];
    return NULL;
}

/* evidence_exclusion_at() through the index finds what a scan of every
 * exclusion finds: random exclusions of 1-4 resources, in order of resource
 * and start, overlapping, nested and touching, against random ranges. */
static void exclusion_look_up_matches_a_scan(void)
{
    struct evidence x;
    unsigned seed = 12345;
    int round, q;

    for (round = 0; round < 200; round++) {
        size_t n, i, groups;
        evidence_init(&x);
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 40;
        groups = 1 + (seed >> 8) % 4;
        x.exclusions = xcalloc(n, sizeof *x.exclusions);
        x.nexclusions = n;
        for (i = 0; i < n; i++) {
            struct ev_window *w = &x.exclusions[i];
            seed = seed * 1103515245u + 12345u;
            w->res_pos = (uint32_t)(i * groups / n);
            w->start = (int64_t)((seed >> 16) % 1000);
            seed = seed * 1103515245u + 12345u;
            w->end = w->start + 1 + (int64_t)((seed >> 16) % 200);
            w->source = "";
            w->detail = "";
        }
        /* in order of resource, then start (ends in any order) */
        for (i = 1; i < n; i++) {
            size_t k = i;
            while (k > 0 &&
                   (x.exclusions[k - 1].res_pos > x.exclusions[k].res_pos ||
                    (x.exclusions[k - 1].res_pos == x.exclusions[k].res_pos &&
                     x.exclusions[k - 1].start > x.exclusions[k].start))) {
                struct ev_window t = x.exclusions[k];
                x.exclusions[k] = x.exclusions[k - 1];
                x.exclusions[k - 1] = t;
                k--;
            }
        }
        evidence_index(&x);
        CU_ASSERT_PTR_NOT_NULL(x.excl_groups);
        for (q = 0; q < 200; q++) {
            int64_t a, b;
            seed = seed * 1103515245u + 12345u;
            a = (int64_t)((seed >> 16) % 1300) - 100;
            seed = seed * 1103515245u + 12345u;
            b = a + 1 + (int64_t)((seed >> 16) % 100);
            CU_ASSERT_PTR_EQUAL(evidence_exclusion_at(&x, a, b),
                                first_by_scan(&x, a, b));
        }
        evidence_free(&x);
    }
    /* Not in order of start: no index, and the scan answers. */
    evidence_init(&x);
    x.exclusions = xcalloc(2, sizeof *x.exclusions);
    x.nexclusions = 2;
    x.exclusions[0].start = 50;
    x.exclusions[0].end = 60;
    x.exclusions[1].start = 10;
    x.exclusions[1].end = 55;
    evidence_index(&x);
    CU_ASSERT_PTR_NULL(x.excl_groups);
    CU_ASSERT_PTR_EQUAL(evidence_exclusion_at(&x, 52, 53), &x.exclusions[0]);
    CU_ASSERT_PTR_EQUAL(evidence_exclusion_at(&x, 20, 21), &x.exclusions[1]);
    evidence_free(&x);
}

CU_TestInfo evidence_tests[] = {
    {"exclusion_look_up_matches_a_scan", exclusion_look_up_matches_a_scan},
    {"cut_window_boundaries_are_exact", cut_window_boundaries_are_exact},
    {"cut_window_inside_and_across_intervals",
     cut_window_inside_and_across_intervals},
    {"cut_overlapping_and_touching_windows",
     cut_overlapping_and_touching_windows},
    {"cut_second_resource_going_back_in_time",
     cut_second_resource_going_back_in_time},
    {"cut_excluded_pieces_follow_with_their_reason",
     cut_excluded_pieces_follow_with_their_reason},
    {"cut_empty_sets_give_nothing", cut_empty_sets_give_nothing},
    {"cut_matches_window_by_window_intersection",
     cut_matches_window_by_window_intersection},
    {"ongoing_needs_an_unresolved_window_inside_the_downtime",
     ongoing_needs_an_unresolved_window_inside_the_downtime},
    {"discrepancies_cut_clip_and_drop_short_pieces",
     discrepancies_cut_clip_and_drop_short_pieces},
    CU_TEST_INFO_NULL,
};

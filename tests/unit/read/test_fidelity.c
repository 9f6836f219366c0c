/* Unit tests for fidelity (SPEC §8 sample semantics): confirmation of K
 * consecutive down samples, the quorum across probe locations, down wins
 * over an overlapping up sample, unknown time and the three `unknown`
 * settings, and the unknown rule for a subscription with several
 * resources. Hand-worked tables first (locations drawn as strings of
 * 60-second samples), then fidelity_resource() against a per-second model
 * on random samples. */
#include "read/fidelity.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define N(a)   (sizeof(a) / sizeof((a)[0]))
#define MAXLOC 4
#define MAXIV  8
#define DAY    86400

/* Asserts s is normal and holds exactly the intervals of want, which ends
 * at its first empty pair (or after MAXIV pairs). */
static void check_set(const char *name, const struct ivset *s,
                      const int64_t (*want)[2])
{
    size_t i, n = 0;

    while (n < MAXIV && want[n][1] > want[n][0])
        n++;
    CU_ASSERT_TRUE(ivset_is_normal(s));
    if (s->n != n)
        fprintf(stderr, "\n  %s: got %zu intervals, want %zu\n", name,
                (size_t)s->n, n);
    CU_ASSERT_EQUAL(s->n, n);
    for (i = 0; i < s->n && i < n; i++) {
        if (s->v[i].start != want[i][0] || s->v[i].end != want[i][1])
            fprintf(stderr,
                    "\n  %s: interval %zu: got [%lld, %lld), want "
                    "[%lld, %lld)\n",
                    name, i, (long long)s->v[i].start, (long long)s->v[i].end,
                    (long long)want[i][0], (long long)want[i][1]);
        CU_ASSERT_EQUAL(s->v[i].start, want[i][0]);
        CU_ASSERT_EQUAL(s->v[i].end, want[i][1]);
    }
}

/* Fills l from a drawing of 60-second samples: character i stands for a
 * sample at 60 i: 'D' down, 'U' up, 'B' both a down and an up sample, '.'
 * none. Samples are added last first when reverse, which leaves the sets
 * unnormalized. */
static void draw(struct fidelity_loc *l, const char *s, bool reverse)
{
    size_t len = strlen(s), k;

    fidelity_loc_init(l);
    for (k = 0; k < len; k++) {
        size_t i = reverse ? len - 1 - k : k;
        int64_t t = (int64_t)i * 60;
        if (s[i] == 'D' || s[i] == 'B')
            fidelity_loc_add(l, t, 60, true);
        if (s[i] == 'U' || s[i] == 'B')
            fidelity_loc_add(l, t, 60, false);
    }
}

/* A resource drawn as up to MAXLOC locations; the window is [0, 60 × the
 * longest drawing). */
struct rcase {
    const char *name;
    const char *loc[MAXLOC]; /* NULL after the last location */
    enum fidelity_quorum q;
    int64_t n;                 /* QUORUM_N */
    int64_t k;                 /* confirm */
    int64_t down[MAXIV][2];    /* expected down time */
    int64_t unknown[MAXIV][2]; /* expected unknown time */
};

static void run_cases(const struct rcase *c, size_t n)
{
    size_t i, j, nl, pass;

    for (i = 0; i < n; i++) {
        for (pass = 0; pass < 2; pass++) {
            struct fidelity_loc locs[MAXLOC];
            struct fidelity_rules r = {60, c[i].k, c[i].q, c[i].n};
            struct ivset down, unknown;
            int64_t hi = 0;

            for (nl = 0; nl < MAXLOC && c[i].loc[nl] != NULL; nl++) {
                int64_t len = (int64_t)strlen(c[i].loc[nl]) * 60;
                draw(&locs[nl], c[i].loc[nl], pass == 1);
                if (len > hi)
                    hi = len;
            }
            ivset_init(&down);
            ivset_init(&unknown);
            fidelity_resource(locs, nl, &r, 0, hi, &down, &unknown);
            check_set(c[i].name, &down, c[i].down);
            check_set(c[i].name, &unknown, c[i].unknown);
            ivset_free(&unknown);
            ivset_free(&down);
            for (j = 0; j < nl; j++)
                fidelity_loc_free(&locs[j]);
        }
    }
}

static void confirm_counts_k_consecutive_failures_from_the_first(void)
{
    /* clang-format off */
    static const struct rcase c[] = {
        {"k3_two_failures", {"UDDUUU"}, QUORUM_ANY, 0, 3, {{0}}, {{0}}},
        {"k3_three_failures_backdated",
         {"UDDDUU"}, QUORUM_ANY, 0, 3, {{60, 240}}, {{0}}},
        {"k3_four_failures_count_whole",
         {"UDDDDU"}, QUORUM_ANY, 0, 3, {{60, 300}}, {{0}}},
        {"k3_short_run_dropped_long_run_kept",
         {"DDUDDDU"}, QUORUM_ANY, 0, 3, {{180, 360}}, {{0}}},
        {"k1_every_failure", {"UDU"}, QUORUM_ANY, 0, 1, {{60, 120}}, {{0}}},
        {"k2_flapping", {"DUDUDUDU"}, QUORUM_ANY, 0, 2, {{0}}, {{0}}},
        {"k1_flapping", {"DUDUDUDU"}, QUORUM_ANY, 0, 1,
         {{0, 60}, {120, 180}, {240, 300}, {360, 420}}, {{0}}},
        /* A missing sample is not an up sample: the two failures around
         * it are consecutive, and only their own minutes are down. */
        {"k2_gap_does_not_break_run", {"D.D"}, QUORUM_ANY, 0, 2,
         {{0, 60}, {120, 180}}, {{60, 120}}},
        {"k3_one_missing_sample", {"UDD.DU"}, QUORUM_ANY, 0, 3,
         {{60, 180}, {240, 300}}, {{180, 240}}},
        /* K - 1 failures around a gap stay unconfirmed, K are enough. */
        {"k3_two_failures_around_gap", {"UD.DU"}, QUORUM_ANY, 0, 3, {{0}},
         {{120, 180}}},
        {"k3_three_failures_around_gaps", {"UD..D.DU"}, QUORUM_ANY, 0, 3,
         {{60, 120}, {240, 300}, {360, 420}}, {{120, 240}, {300, 360}}},
        /* An up sample does end the run. */
        {"k3_up_sample_breaks_run", {"DD.UD"}, QUORUM_ANY, 0, 3, {{0}},
         {{120, 180}}},
        {"k2_run_at_window_end", {"UUDD"}, QUORUM_ANY, 0, 2, {{120, 240}},
         {{0}}},
    };
    /* clang-format on */

    run_cases(c, N(c));
}

static void quorum_counts_the_locations_that_know(void)
{
    /* clang-format off */
    static const struct rcase c[] = {
        {"majority_1_of_3", {"D", "U", "U"}, QUORUM_MAJORITY, 0, 1, {{0}},
         {{0}}},
        {"majority_2_of_3", {"D", "D", "U"}, QUORUM_MAJORITY, 0, 1,
         {{0, 60}}, {{0}}},
        {"majority_2_of_2_knowing", {"D", "D", "."}, QUORUM_MAJORITY, 0, 1,
         {{0, 60}}, {{0}}},
        {"all_2_of_2_knowing", {"D", "D", "."}, QUORUM_ALL, 0, 1, {{0, 60}},
         {{0}}},
        {"majority_1_of_2_knowing", {"D", "U", "."}, QUORUM_MAJORITY, 0, 1,
         {{0}}, {{0}}},
        {"all_1_of_2_knowing", {"D", "U", "."}, QUORUM_ALL, 0, 1, {{0}},
         {{0}}},
        {"any_1_of_3", {"D", "U", "U"}, QUORUM_ANY, 0, 1, {{0, 60}}, {{0}}},
        {"any_none_down", {"U", "U", "."}, QUORUM_ANY, 0, 1, {{0}}, {{0}}},
        {"all_2_of_3", {"D", "D", "U"}, QUORUM_ALL, 0, 1, {{0}}, {{0}}},
        {"all_3_of_3", {"D", "D", "D"}, QUORUM_ALL, 0, 1, {{0, 60}}, {{0}}},
        {"all_1_of_1_knowing", {"D", ".", "."}, QUORUM_ALL, 0, 1, {{0, 60}},
         {{0}}},
        {"majority_1_of_1_knowing", {"D", ".", "."}, QUORUM_MAJORITY, 0, 1,
         {{0, 60}}, {{0}}},
        {"n1_1_of_3", {"D", "U", "U"}, QUORUM_N, 1, 1, {{0, 60}}, {{0}}},
        {"n2_1_of_3", {"D", "U", "U"}, QUORUM_N, 2, 1, {{0}}, {{0}}},
        {"n2_2_of_3", {"D", "U", "D"}, QUORUM_N, 2, 1, {{0, 60}}, {{0}}},
        {"n3_2_of_3", {"D", "D", "U"}, QUORUM_N, 3, 1, {{0}}, {{0}}},
        {"n3_3_of_3", {"D", "D", "D"}, QUORUM_N, 3, 1, {{0, 60}}, {{0}}},
        /* N counts down locations, not knowing ones: 1 knows, N = 2. */
        {"n2_1_of_1_knowing", {"D", ".", "."}, QUORUM_N, 2, 1, {{0}}, {{0}}},
        {"n2_2_of_2_knowing", {"D", ".", "D"}, QUORUM_N, 2, 1, {{0, 60}},
         {{0}}},
        {"n0_acts_as_1", {"D", "U"}, QUORUM_N, 0, 1, {{0, 60}}, {{0}}},
        /* Slot by slot: 2/3, 2/3, 3/3, 2/3 down. */
        {"majority_rolling",
         {"DDDU", "UDDD", "DUDD"}, QUORUM_MAJORITY, 0, 1, {{0, 240}}, {{0}}},
        {"all_rolling",
         {"DDDU", "UDDD", "DUDD"}, QUORUM_ALL, 0, 1, {{120, 180}}, {{0}}},
        {"no_location_knows", {".", ".", "."}, QUORUM_MAJORITY, 0, 1, {{0}},
         {{0, 60}}},
    };
    /* clang-format on */

    run_cases(c, N(c));
}

static void confirm_applies_after_the_quorum(void)
{
    /* clang-format off */
    static const struct rcase c[] = {
        /* Neither location has 3 consecutive failures, but the combined
         * down time under `any` is 3 samples long. */
        {"any_k3_combined_run", {"DDU", "UDD"}, QUORUM_ANY, 0, 3,
         {{0, 180}}, {{0}}},
        {"all_k1", {"DDU", "UDD"}, QUORUM_ALL, 0, 1, {{60, 120}}, {{0}}},
        {"all_k2_too_short", {"DDU", "UDD"}, QUORUM_ALL, 0, 2, {{0}}, {{0}}},
        {"majority_k2_rolling",
         {"DDDU", "UDDD", "DUDD"}, QUORUM_MAJORITY, 0, 2, {{0, 240}}, {{0}}},
        {"all_k2_rolling",
         {"DDDU", "UDDD", "DUDD"}, QUORUM_ALL, 0, 2, {{0}}, {{0}}},
        /* A dropped run is up, not unknown. */
        {"dropped_run_is_up", {"UDU.."}, QUORUM_ANY, 0, 2, {{0}},
         {{180, 300}}},
    };
    /* clang-format on */

    run_cases(c, N(c));
}

static void unknown_is_time_no_location_covers(void)
{
    /* clang-format off */
    static const struct rcase c[] = {
        {"one_location_gap", {"DD..UU"}, QUORUM_ANY, 0, 1, {{0, 120}},
         {{120, 240}}},
        {"locations_fill_each_other", {"..D", "U.."}, QUORUM_ANY, 0, 1,
         {{120, 180}}, {{60, 120}}},
        {"leading_and_trailing", {".U.", "..."}, QUORUM_ALL, 0, 1, {{0}},
         {{0, 60}, {120, 180}}},
        {"no_samples_at_all", {"......"}, QUORUM_ANY, 0, 1, {{0}},
         {{0, 360}}},
        /* Where the only knowing location is down, `all` is down. */
        {"all_with_one_missing", {"DDUU", "..UD"}, QUORUM_ALL, 0, 1,
         {{0, 120}}, {{0}}},
    };
    /* clang-format on */

    run_cases(c, N(c));
}

static void down_wins_over_an_overlapping_up_sample(void)
{
    /* clang-format off */
    static const struct rcase c[] = {
        {"same_slot", {"UBU"}, QUORUM_ANY, 0, 1, {{60, 120}}, {{0}}},
        {"same_slot_k2", {"UBBU"}, QUORUM_ANY, 0, 2, {{60, 180}}, {{0}}},
        /* Location 1 says down (down wins), location 2 up: 1 of 2. */
        {"quorum_sees_down", {"B", "U"}, QUORUM_MAJORITY, 0, 1, {{0}},
         {{0}}},
        {"quorum_sees_down_any", {"B", "U"}, QUORUM_ANY, 0, 1, {{0, 60}},
         {{0}}},
        {"quorum_sees_down_all", {"B", "B"}, QUORUM_ALL, 0, 1, {{0, 60}},
         {{0}}},
    };
    /* clang-format on */
    struct fidelity_loc l;
    struct fidelity_rules r = {60, 1, QUORUM_ANY, 0};
    struct ivset down, unknown;
    static const int64_t want_down[MAXIV][2] = {{30, 90}};
    static const int64_t want_unknown[MAXIV][2] = {{0}};

    run_cases(c, N(c));

    /* Up samples at 0 and 60 overlap a down sample at 30 that is not
     * aligned with them: [30, 90) is down, the rest up. */
    fidelity_loc_init(&l);
    fidelity_loc_add(&l, 0, 60, false);
    fidelity_loc_add(&l, 30, 60, true);
    fidelity_loc_add(&l, 60, 60, false);
    ivset_init(&down);
    ivset_init(&unknown);
    fidelity_resource(&l, 1, &r, 0, 120, &down, &unknown);
    check_set("unaligned", &down, want_down);
    check_set("unaligned", &unknown, want_unknown);
    ivset_free(&unknown);
    ivset_free(&down);
    fidelity_loc_free(&l);
}

static void staggered_locations_make_short_runs(void)
{
    /* Location A is down over [0, 60), B over [30, 90); each is up for the
     * rest of [0, 120). Under `all`, [30, 60) is down: with K = 1 it
     * counts, with K = 2 (120 s) it does not. Under `any`, [0, 90). */
    struct fidelity_loc l[2];
    struct ivset down, unknown;
    static const int64_t all_k1[MAXIV][2] = {{30, 60}};
    static const int64_t any_k1[MAXIV][2] = {{0, 90}};
    static const int64_t none[MAXIV][2] = {{0}};
    struct fidelity_rules r = {60, 1, QUORUM_ALL, 0};

    fidelity_loc_init(&l[0]);
    fidelity_loc_init(&l[1]);
    fidelity_loc_add(&l[0], 0, 60, true);
    fidelity_loc_add(&l[0], 60, 60, false);
    fidelity_loc_add(&l[1], -30, 60, false);
    fidelity_loc_add(&l[1], 30, 60, true);
    fidelity_loc_add(&l[1], 90, 60, false);
    ivset_init(&down);
    ivset_init(&unknown);

    fidelity_resource(l, 2, &r, 0, 120, &down, &unknown);
    check_set("all_k1", &down, all_k1);
    check_set("all_k1", &unknown, none);
    r.confirm = 2;
    fidelity_resource(l, 2, &r, 0, 120, &down, &unknown);
    check_set("all_k2", &down, none);
    r.quorum = QUORUM_ANY;
    r.confirm = 1;
    fidelity_resource(l, 2, &r, 0, 120, &down, &unknown);
    check_set("any_k1", &down, any_k1);
    r.confirm = 2;
    fidelity_resource(l, 2, &r, 0, 120, &down, &unknown);
    check_set("any_k2_90s", &down, none);

    ivset_free(&unknown);
    ivset_free(&down);
    fidelity_loc_free(&l[1]);
    fidelity_loc_free(&l[0]);
}

static void confirm_ignores_samples_that_drift_apart(void)
{
    /* interval = 60 s but samples 61 s apart: three failures at 61, 122,
     * 183 leave 1-second gaps of unknown time between them; with K = 3
     * they are one run of three, whose 180 seconds of down time count.
     * Two failures (K - 1) stay unconfirmed. */
    struct fidelity_loc l;
    struct fidelity_rules r = {60, 3, QUORUM_ANY, 0};
    struct ivset down, unknown;
    static const int64_t want_down[MAXIV][2] = {
        {61, 121}, {122, 182}, {183, 243}};
    static const int64_t none[MAXIV][2] = {{0}};
    int64_t t;

    fidelity_loc_init(&l);
    fidelity_loc_add(&l, 0, 60, false);
    for (t = 61; t <= 183; t += 61)
        fidelity_loc_add(&l, t, 60, true);
    fidelity_loc_add(&l, 244, 60, false);
    ivset_init(&down);
    ivset_init(&unknown);
    fidelity_resource(&l, 1, &r, 0, 304, &down, &unknown);
    check_set("drift_k3", &down, want_down);
    CU_ASSERT_EQUAL(ivset_total(&down), 180);
    CU_ASSERT_EQUAL(ivset_total(&unknown), 4);
    r.confirm = 4;
    fidelity_resource(&l, 1, &r, 0, 304, &down, &unknown);
    check_set("drift_k4", &down, none);
    fidelity_loc_free(&l);
    ivset_free(&unknown);
    ivset_free(&down);
}

static void down_time_is_not_clipped_to_the_window(void)
{
    /* An outage of 3 samples from 23:58 to 00:01 crosses the window start
     * at 0: confirmed with K = 3 by samples on both sides, and returned
     * whole; unknown time is clipped to [0, 300). */
    struct fidelity_loc l;
    struct fidelity_rules r = {60, 3, QUORUM_ANY, 0};
    struct ivset down, unknown;
    static const int64_t want_down[MAXIV][2] = {{-120, 60}};
    static const int64_t want_unknown[MAXIV][2] = {{120, 300}};

    fidelity_loc_init(&l);
    fidelity_loc_add(&l, -120, 60, true);
    fidelity_loc_add(&l, -60, 60, true);
    fidelity_loc_add(&l, 0, 60, true);
    fidelity_loc_add(&l, 60, 60, false);
    ivset_init(&down);
    ivset_init(&unknown);
    fidelity_resource(&l, 1, &r, 0, 300, &down, &unknown);
    check_set("crossing", &down, want_down);
    check_set("crossing", &unknown, want_unknown);

    /* No locations: all of the window is unknown; an empty window has no
     * unknown time. */
    fidelity_resource(NULL, 0, &r, 0, 300, &down, &unknown);
    CU_ASSERT_EQUAL(down.n, 0);
    CU_ASSERT_EQUAL(ivset_total(&unknown), 300);
    fidelity_resource(&l, 1, &r, 300, 300, &down, &unknown);
    CU_ASSERT_EQUAL(unknown.n, 0);
    ivset_free(&unknown);
    ivset_free(&down);
    fidelity_loc_free(&l);
}

static void loc_add_ignores_bad_intervals_and_saturates(void)
{
    struct fidelity_loc l;

    fidelity_loc_init(&l);
    fidelity_loc_add(&l, 100, 0, true);
    fidelity_loc_add(&l, 100, -5, false);
    CU_ASSERT_EQUAL(l.down.n, 0);
    CU_ASSERT_EQUAL(l.up.n, 0);
    fidelity_loc_add(&l, INT64_MAX - 10, 60, true);
    CU_ASSERT_EQUAL(l.down.n, 1);
    CU_ASSERT_EQUAL(l.down.v[0].end, INT64_MAX);
    fidelity_loc_free(&l);
    CU_ASSERT_EQUAL(l.down.n, 0);
}

/* One resource watched for three days, samples every minute on days 1 and
 * 3, none on day 2; 10 minutes down at the start of day 3. */
static void whole_day_without_samples_under_each_setting(void)
{
    /* clang-format off */
    static const struct {
        enum fidelity_unknown mode;
        int64_t down[MAXIV][2];
        int64_t active[MAXIV][2];
    } c[] = {
        {UNKNOWN_UP, {{2 * DAY, 2 * DAY + 600}}, {{0, 3 * DAY}}},
        /* The unknown day touches the outage: one outage. */
        {UNKNOWN_DOWN, {{DAY, 2 * DAY + 600}}, {{0, 3 * DAY}}},
        {UNKNOWN_EXCLUDED,
         {{2 * DAY, 2 * DAY + 600}},
         {{0, DAY}, {2 * DAY, 3 * DAY}}},
    };
    /* clang-format on */
    static const int64_t want_unknown[MAXIV][2] = {{DAY, 2 * DAY}};
    struct fidelity_loc l;
    struct fidelity_rules r = {60, 1, QUORUM_ANY, 0};
    struct ivset down, unknown, active;
    int64_t t;
    size_t i;

    fidelity_loc_init(&l);
    for (t = 0; t < 3 * DAY; t += 60) {
        if (t >= DAY && t < 2 * DAY)
            continue;
        fidelity_loc_add(&l, t, 60, t >= 2 * DAY && t < 2 * DAY + 600);
    }
    ivset_init(&down);
    ivset_init(&unknown);
    ivset_init(&active);
    fidelity_resource(&l, 1, &r, 0, 3 * DAY, &down, &unknown);
    check_set("day_unknown", &unknown, want_unknown);
    for (i = 0; i < N(c); i++) {
        struct ivset d;

        ivset_init(&d);
        ivset_copy(&d, &down);
        ivset_clear(&active);
        ivset_add(&active, 0, 3 * DAY);
        fidelity_apply_unknown(c[i].mode, &unknown, &d, &active);
        check_set("day_down", &d, c[i].down);
        check_set("day_active", &active, c[i].active);
        ivset_free(&d);
    }
    /* active may be NULL. */
    fidelity_apply_unknown(UNKNOWN_EXCLUDED, &unknown, &down, NULL);
    CU_ASSERT_EQUAL(ivset_total(&down), 600);
    ivset_free(&active);
    ivset_free(&unknown);
    ivset_free(&down);
    fidelity_loc_free(&l);
}

static void subscription_unknown_is_unknown_somewhere_down_nowhere(void)
{
    static const int64_t u[][2][2] = {{{0, 100}}, {{250, 400}}};
    static const int64_t d[][2][2] = {{{200, 300}}, {{50, 80}}};
    static const int64_t want[MAXIV][2] = {{0, 50}, {80, 100}, {300, 400}};
    static const int64_t none[MAXIV][2] = {{0}};
    struct ivset unknowns[2], downs[2], out;
    size_t i;

    ivset_init(&out);
    for (i = 0; i < 2; i++) {
        ivset_init(&unknowns[i]);
        ivset_init(&downs[i]);
        ivset_add(&unknowns[i], u[i][0][0], u[i][0][1]);
        ivset_add(&downs[i], d[i][0][0], d[i][0][1]);
    }
    fidelity_subscription_unknown(unknowns, downs, 2, &out);
    check_set("two_resources", &out, want);
    /* One resource: its own unknown time (disjoint from its down time). */
    fidelity_subscription_unknown(unknowns, downs, 1, &out);
    CU_ASSERT_EQUAL(out.n, 1);
    CU_ASSERT_EQUAL(ivset_total(&out), 100);
    fidelity_subscription_unknown(NULL, NULL, 0, &out);
    check_set("no_resources", &out, none);
    for (i = 0; i < 2; i++) {
        ivset_free(&downs[i]);
        ivset_free(&unknowns[i]);
    }
    ivset_free(&out);
}

/* A per-second model of fidelity_resource() on [-8, 72): the quorum judged
 * second by second, then (K >= 2) runs of down seconds, which only an up
 * second ends, dropped when they hold fewer than K × interval down
 * seconds. */
static void model(const struct fidelity_loc *locs, size_t nl,
                  const struct fidelity_rules *r, int64_t lo, int64_t hi,
                  bool *down, bool *unknown)
{
    int64_t s, a, n;
    size_t i, j;
    bool known[80];

    for (s = -8; s < 72; s++) {
        size_t nd = 0, nk = 0;
        bool met;

        for (i = 0; i < nl; i++) {
            bool said = false, knew = false;
            for (j = 0; j < locs[i].down.n; j++)
                if (s >= locs[i].down.v[j].start && s < locs[i].down.v[j].end)
                    said = knew = true;
            for (j = 0; j < locs[i].up.n; j++)
                if (s >= locs[i].up.v[j].start && s < locs[i].up.v[j].end)
                    knew = true;
            nd += said;
            nk += knew;
        }
        switch (r->quorum) {
        case QUORUM_ANY:
            met = nd >= 1;
            break;
        case QUORUM_ALL:
            met = nk >= 1 && nd == nk;
            break;
        case QUORUM_MAJORITY:
            met = 2 * nd > nk;
            break;
        default:
            met = nd >= 1 && (int64_t)nd >= r->quorum_n;
            break;
        }
        down[s + 8] = met;
        known[s + 8] = nk > 0;
        unknown[s + 8] = nk == 0 && s >= lo && s < hi;
    }
    if (r->confirm < 2)
        return;
    for (s = -8; s < 72; s = a) {
        if (known[s + 8] && !down[s + 8]) {
            a = s + 1;
            continue;
        }
        for (a = s, n = 0; a < 72 && !(known[a + 8] && !down[a + 8]); a++)
            n += down[a + 8];
        if (n < r->confirm * r->interval)
            for (; s < a; s++)
                down[s + 8] = false;
    }
}

/* Asserts the normal set got covers exactly the seconds of [-8, 72) that
 * want marks. */
static bool same_seconds(const struct ivset *got, const bool *want)
{
    int64_t s;
    size_t j;

    if (!ivset_is_normal(got))
        return false;
    for (s = -8; s < 72; s++) {
        bool in = false;
        for (j = 0; j < got->n; j++)
            if (s >= got->v[j].start && s < got->v[j].end)
                in = true;
        if (in != want[s + 8])
            return false;
    }
    return true;
}

/* A number in [0, n) from the linear congruential generator at *x. */
static int64_t rnd(uint64_t *x, int64_t n)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (int64_t)((*x >> 33) % (uint64_t)n);
}

static void resource_matches_a_per_second_model(void)
{
    uint64_t x = 0x9e3779b97f4a7c15u;
    int iter, bad = 0;

    for (iter = 0; iter < 3000; iter++) {
        struct fidelity_loc locs[MAXLOC];
        struct fidelity_rules r;
        struct ivset down, unknown;
        bool mdown[80], munknown[80];
        size_t nl, i, k;
        int64_t lo, hi;

        nl = (size_t)rnd(&x, MAXLOC) + 1;
        r.interval = rnd(&x, 5) + 1;
        r.confirm = rnd(&x, 4) + 1;
        r.quorum = (enum fidelity_quorum)rnd(&x, 4);
        r.quorum_n = rnd(&x, 4);
        lo = rnd(&x, 20);
        hi = lo + rnd(&x, 50);
        for (i = 0; i < nl; i++) {
            size_t ns = (size_t)rnd(&x, 12);
            fidelity_loc_init(&locs[i]);
            for (k = 0; k < ns; k++)
                fidelity_loc_add(&locs[i], rnd(&x, 60), r.interval,
                                 rnd(&x, 2) == 0);
        }
        ivset_init(&down);
        ivset_init(&unknown);
        fidelity_resource(locs, nl, &r, lo, hi, &down, &unknown);
        model(locs, nl, &r, lo, hi, mdown, munknown);
        if (!same_seconds(&down, mdown) || !same_seconds(&unknown, munknown))
            bad++;
        ivset_free(&unknown);
        ivset_free(&down);
        for (i = 0; i < nl; i++)
            fidelity_loc_free(&locs[i]);
    }
    if (bad != 0)
        fprintf(stderr, "\n  %d of 3000 random cases differ\n", bad);
    CU_ASSERT_EQUAL(bad, 0);
}

/* A location fed with interval = next from (t, 'D'/'U') pairs, normalized
 * after its end. */
struct nsample {
    int64_t t;
    char s;
};

static void feed_next(struct fidelity_loc *l, const struct nsample *v, size_t n,
                      int64_t gap, int64_t confirm)
{
    size_t i;

    fidelity_loc_init(l);
    for (i = 0; i < n; i++)
        CU_ASSERT_TRUE(
            fidelity_loc_add_next(l, v[i].t, v[i].s == 'D', gap, confirm));
    fidelity_loc_end_next(l, gap, confirm);
    ivset_normalize(&l->down);
    ivset_normalize(&l->up);
}

/* interval = next, max_gap = 3600: a sample stands until the next one, at
 * most 3600 s; the last stands 3600 s. A next sample at exactly t + 3600
 * leaves no gap; at t + 3601 one unknown second. */
static void next_sample_stands_until_the_next_up_to_max_gap(void)
{
    static const struct nsample v[] = {
        {0, 'U'}, {60, 'D'}, {120, 'D'}, {4000, 'U'}, {7600, 'D'}, {11201, 'U'},
    };
    /* 120 + 3600 = 3720 < 4000: [3720, 4000) unknown; 4000 + 3600 = 7600:
     * no gap; 7600 + 3600 = 11200: [11200, 11201) unknown; the last up
     * sample stands until 14801. */
    const int64_t down[][2] = {{60, 3720}, {7600, 11200}, {0, 0}};
    const int64_t up[][2] = {{0, 60}, {4000, 7600}, {11201, 14801}, {0, 0}};
    const int64_t unknown[][2] = {{3720, 4000}, {11200, 11201}, {0, 0}};
    struct fidelity_loc l;
    struct fidelity_rules r = {3600, 1, QUORUM_ANY, 0};
    struct ivset d, u;

    feed_next(&l, v, N(v), 3600, 1);
    check_set("down", &l.down, down);
    check_set("up", &l.up, up);
    ivset_init(&d);
    ivset_init(&u);
    fidelity_resource(&l, 1, &r, 0, 14801, &d, &u);
    check_set("resource down", &d, down);
    check_set("resource unknown", &u, unknown);
    ivset_free(&d);
    ivset_free(&u);
    fidelity_loc_free(&l);
}

/* Rows in time order per location: an earlier time is refused and records
 * nothing; a repeat of the last time is the same sample, down winning. */
static void next_needs_time_order_and_down_wins_on_repeats(void)
{
    const int64_t down[][2] = {{100, 160}, {0, 0}};
    const int64_t up[][2] = {{160, 220}, {0, 0}};
    struct fidelity_loc l;

    fidelity_loc_init(&l);
    CU_ASSERT_TRUE(fidelity_loc_add_next(&l, 100, false, 600, 1));
    CU_ASSERT_TRUE(fidelity_loc_add_next(&l, 100, true, 600, 1));
    CU_ASSERT_TRUE(fidelity_loc_add_next(&l, 100, false, 600, 1));
    CU_ASSERT_FALSE(fidelity_loc_add_next(&l, 99, true, 600, 1));
    CU_ASSERT_TRUE(fidelity_loc_add_next(&l, 160, false, 600, 1));
    CU_ASSERT_TRUE(fidelity_loc_add_next(&l, 220, false, 0 + 60, 1));
    fidelity_loc_end_next(&l, 0, 1); /* the last sample stands 0 s */
    ivset_normalize(&l.down);
    ivset_normalize(&l.up);
    check_set("down", &l.down, down);
    check_set("up", &l.up, up);
    fidelity_loc_free(&l);
}

/* confirm = 3 with interval = next: two down samples then an up one are
 * up; three are down from the first; a gap over max_gap does not end a
 * run; a run still short at the end is up. */
static void next_confirm_counts_samples_not_seconds(void)
{
    static const struct nsample v[] = {
        {0, 'D'},    {10, 'D'},   {1000, 'U'}, /* 2 of 3: up */
        {1100, 'D'}, {1101, 'D'}, {5000, 'D'}, /* 3, across a gap */
        {5060, 'U'}, {5100, 'D'}, {5160, 'D'}, /* 2 at the end: up */
    };
    /* 10 + 600 = 610 < 1000: [610, 1000) unknown; 1101 + 600 = 1701 <
     * 5000: [1701, 5000) unknown inside the run. */
    const int64_t down[][2] = {{1100, 1701}, {5000, 5060}, {0, 0}};
    const int64_t up[][2] = {{0, 610}, {1000, 1100}, {5060, 5760}, {0, 0}};
    struct fidelity_loc l;

    feed_next(&l, v, N(v), 600, 3);
    check_set("down", &l.down, down);
    check_set("up", &l.up, up);
    fidelity_loc_free(&l);
}

/* Buckets of 300 s from lo = 0 to hi = 1500 (five buckets). Bucket 0: 60 s
 * down of 300 known; bucket 1: 150 down of 300 (exactly half); bucket 2:
 * 151 down of 300; bucket 3: 120 known (180 unknown), all 120 down;
 * bucket 4: nothing known. Down before lo is kept as it is. */
static void bucket_rules_decide_each_bucket(void)
{
    static const struct {
        enum fidelity_bucket_rule rule;
        int64_t want[4][2];
    } cases[] = {
        {BUCKET_ANY, {{-50, 1200}, {0, 0}}},
        {BUCKET_ALL, {{-50, 0}, {900, 1200}, {0, 0}}},
        {BUCKET_MAJORITY, {{-50, 0}, {600, 1200}, {0, 0}}},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        struct ivset down, unknown;
        ivset_init(&down);
        ivset_init(&unknown);
        ivset_add(&down, -50, 60);
        ivset_add(&down, 300, 450);
        ivset_add(&down, 749, 900);
        ivset_add(&down, 1080, 1200);
        ivset_add(&unknown, 900, 1080);
        ivset_add(&unknown, 1200, 1500);
        ivset_normalize(&down);
        fidelity_bucket(&down, &unknown, 0, 1500, 300, cases[k].rule);
        check_set("bucket", &down, cases[k].want);
        ivset_free(&down);
        ivset_free(&unknown);
    }
}

/* The last bucket ends at hi; bucket 0 changes nothing. */
static void bucket_ends_at_hi_and_zero_is_off(void)
{
    const int64_t want[][2] = {{600, 700}, {0, 0}};
    const int64_t same[][2] = {{650, 651}, {0, 0}};
    struct ivset down, unknown;

    ivset_init(&down);
    ivset_init(&unknown);
    ivset_add(&down, 650, 651);
    fidelity_bucket(&down, &unknown, 0, 700, 0, BUCKET_ANY);
    check_set("off", &down, same);
    fidelity_bucket(&down, &unknown, 0, 700, 300, BUCKET_ANY);
    check_set("short last bucket", &down, want);
    ivset_free(&down);
    ivset_free(&unknown);
}

CU_TestInfo fidelity_tests[] = {
    {"bucket_rules_decide_each_bucket", bucket_rules_decide_each_bucket},
    {"bucket_ends_at_hi_and_zero_is_off", bucket_ends_at_hi_and_zero_is_off},
    {"next_sample_stands_until_the_next_up_to_max_gap",
     next_sample_stands_until_the_next_up_to_max_gap},
    {"next_needs_time_order_and_down_wins_on_repeats",
     next_needs_time_order_and_down_wins_on_repeats},
    {"next_confirm_counts_samples_not_seconds",
     next_confirm_counts_samples_not_seconds},
    {"confirm_counts_k_consecutive_failures_from_the_first",
     confirm_counts_k_consecutive_failures_from_the_first},
    {"quorum_counts_the_locations_that_know",
     quorum_counts_the_locations_that_know},
    {"confirm_applies_after_the_quorum", confirm_applies_after_the_quorum},
    {"unknown_is_time_no_location_covers", unknown_is_time_no_location_covers},
    {"down_wins_over_an_overlapping_up_sample",
     down_wins_over_an_overlapping_up_sample},
    {"staggered_locations_make_short_runs",
     staggered_locations_make_short_runs},
    {"confirm_ignores_samples_that_drift_apart",
     confirm_ignores_samples_that_drift_apart},
    {"down_time_is_not_clipped_to_the_window",
     down_time_is_not_clipped_to_the_window},
    {"loc_add_ignores_bad_intervals_and_saturates",
     loc_add_ignores_bad_intervals_and_saturates},
    {"whole_day_without_samples_under_each_setting",
     whole_day_without_samples_under_each_setting},
    {"subscription_unknown_is_unknown_somewhere_down_nowhere",
     subscription_unknown_is_unknown_somewhere_down_nowhere},
    {"resource_matches_a_per_second_model",
     resource_matches_a_per_second_model},
    CU_TEST_INFO_NULL,
};

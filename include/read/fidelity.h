/* fidelity: the sample semantics of SPEC §8 for monitoring `samples`
 * sources: down wins over up, the quorum across probe locations, the
 * confirmation of K consecutive down samples, and unknown time. The reader
 * keeps one struct fidelity_loc per resource and location (one location when
 * there is no location_column) and feeds it every sample with
 * fidelity_loc_add() (or fidelity_loc_add_next() for interval = next);
 * fidelity_resource() then turns a resource's locations into its down time
 * and unknown time (fidelity_bucket() then counts it in buckets when the
 * source has bucket), and fidelity_subscription_unknown()
 * combines several resources of one subscription. Everything but the
 * fidelity_loc builder is a pure function of its arguments.
 *
 * Choices made where SPEC §8 leaves one open (binding for this module):
 * - Down wins per location: where a down and an up sample of one location
 *   overlap, that location says down.
 * - A location "knows" an instant when one of its samples, down or up,
 *   covers it. The quorum counts only the locations that know the instant:
 *   any: at least one says down; all: every knowing location says down;
 *   majority: more than half of the knowing locations say down (1 of 2 is
 *   not a majority); N: at least N locations say down, however many know.
 *   An instant no location says down is never down, whatever the quorum.
 * - Confirmation is applied after the quorum, to the resource's combined
 *   down time. A run is a maximal sequence of its intervals with no up time
 *   (known and not down) between them: a missing sample (unknown time) does
 *   not end a run, an up sample does. Each sample stands for interval
 *   seconds, so a run holds K consecutive down samples when its down time
 *   (the samples' own intervals, not the unknown gaps between them) is at
 *   least K × interval. With K >= 2 a run counts only then, and then its
 *   down intervals count whole, from its first second (backdated to the
 *   first failure); the gaps stay unknown time. A shorter run counts as up,
 *   not as unknown. With K = 1 every
 *   run counts, also one shorter than an interval, which only the quorum of
 *   staggered locations can produce (two locations down over [0, 60) and
 *   [30, 90) make [30, 60) down under `all`).
 * - Runs are judged on all the samples given, not clipped to the caller's
 *   window, so an outage that starts before the window (or ends after it)
 *   is confirmed by its samples on both sides: feed samples from a margin
 *   around the window and clip the down time afterwards.
 * - Unknown time is time of the window no location of the resource knows.
 *   Confirmation does not make time unknown.
 *
 * `unknown = up | down | excluded` is applied per subscription, with U its
 * unknown time from fidelity_subscription_unknown(): `up` ignores U, `down`
 * adds U to the evidence, `excluded` removes U from both D and the active
 * window A (fidelity_apply_unknown()). */
#ifndef SLACREDIT_FIDELITY_H
#define SLACREDIT_FIDELITY_H

#include "engine/iv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The samples of one resource at one probe location. */
struct fidelity_loc {
    struct ivset down; /* ∪ [t, t + interval) of its down samples */
    struct ivset up;   /* ∪ [t, t + interval) of its up samples */
    /* With interval = next (fidelity_loc_add_next()): the last sample,
     * whose end the next sample decides, ... */
    bool has_last;
    bool last_down;
    int64_t last_t;
    /* ... and the down samples of a run not yet confirmed: how many, and
     * their time, held back until the run holds confirm samples. */
    int64_t run;
    struct ivset held;
};

enum fidelity_quorum {
    QUORUM_ANY,      /* at least one knowing location says down */
    QUORUM_ALL,      /* every knowing location says down */
    QUORUM_MAJORITY, /* more than half of the knowing locations */
    QUORUM_N,        /* at least quorum_n locations say down */
};

struct fidelity_rules {
    int64_t interval;            /* seconds one sample stands for, >= 1 */
    int64_t confirm;             /* K >= 1; values below 1 act as 1 */
    enum fidelity_quorum quorum; /* how locations are combined */
    int64_t quorum_n;            /* QUORUM_N: N >= 1; values below 1 act as 1 */
};

/* An empty location. */
void fidelity_loc_init(struct fidelity_loc *l);
/* Frees the location's memory; it is empty (and reusable) afterwards. */
void fidelity_loc_free(struct fidelity_loc *l);
/* Records a sample at t (epoch s) standing for [t, t + interval): into the
 * down set when down, else into the up set. Samples may come in any order,
 * repeat or overlap. interval <= 0 records nothing; t + interval saturates
 * at INT64_MAX. */
void fidelity_loc_add(struct fidelity_loc *l, int64_t t, int64_t interval,
                      bool down);

/* interval = next, max_gap = G: a sample at t stands until the location's
 * next sample t2, never longer than G: [t, min(t2, t + G)); the time after
 * t + G up to t2 is unknown. Samples must come in time order per location
 * (memory is one sample and the unconfirmed run per location, not one per
 * row): returns false, recording nothing, for a t before the last sample's.
 * A sample at the last one's t is a repeat: down wins. With confirm = K >= 2
 * the location's own consecutive down samples are counted (a gap over G
 * does not end a run, an up sample does): a run's time is down once it
 * holds K samples, from its first; a shorter run counts as up. Confirmation
 * is thus applied per location, before the quorum; call fidelity_resource()
 * with confirm 1 for such locations. */
bool fidelity_loc_add_next(struct fidelity_loc *l, int64_t t, bool down,
                           int64_t max_gap, int64_t confirm);
/* Ends a location fed with fidelity_loc_add_next(): its last sample stands
 * for max_gap (no next sample came), and a run still short of confirm
 * counts as up. */
void fidelity_loc_end_next(struct fidelity_loc *l, int64_t max_gap,
                           int64_t confirm);

/* Combines the nlocs locations of one resource under the rules r.
 * out_down receives the resource's confirmed down time, over all the
 * samples given (not clipped to [lo, hi)). out_unknown receives the time of
 * [lo, hi) that no location knows (empty when hi <= lo; all of [lo, hi)
 * when nlocs is 0 or no location has samples). The locations' sets need
 * not be normal and are not modified. out_down and out_unknown must be
 * initialized, distinct, and not part of locs; they are cleared first and
 * come back normal. One sort of the 2m interval ends of all locations:
 * O(m log m) time, O(m) temporary memory. */
void fidelity_resource(const struct fidelity_loc *locs, size_t nlocs,
                       const struct fidelity_rules *r, int64_t lo, int64_t hi,
                       struct ivset *out_down, struct ivset *out_unknown);

/* Drops from the normal set down (in place) every run whose down time is
 * shorter than confirm × interval when confirm >= 2; keeps everything when
 * confirm <= 1. A run is a maximal sequence of down's intervals with no
 * time of the normal set up (the known, not down time, disjoint from down)
 * between two of them. The confirmation step of fidelity_resource(), for
 * callers that build the combined down time themselves. */
void fidelity_confirm(struct ivset *down, const struct ivset *up,
                      int64_t interval, int64_t confirm);

/* bucket = B with bucket_rule (DigitalOcean counts 5-minute intervals):
 * how a bucket's measured time (the time of it not unknown) decides it. */
enum fidelity_bucket_rule {
    BUCKET_ANY,      /* some of its measured time is down */
    BUCKET_ALL,      /* all of its measured time is down */
    BUCKET_MAJORITY, /* more than half of its measured time is down
                        (bucket_rule = majority or quorum) */
};

/* Counts a resource's time in buckets of bucket seconds from lo (the
 * month's start, UTC) to hi, the last one ending at hi: a bucket is down
 * whole when rule says so, else up whole; a bucket with no measured time
 * stays unknown. down (normal, in place) is the resource's down time and
 * unknown (normal) its unknown time within [lo, hi). Down time outside
 * [lo, hi) is kept as it is. With samples of one interval aligned to the
 * buckets, measured time is the samples' count times the interval, so
 * the rules count samples. bucket <= 0 changes nothing. Integers only. */
void fidelity_bucket(struct ivset *down, const struct ivset *unknown,
                     int64_t lo, int64_t hi, int64_t bucket,
                     enum fidelity_bucket_rule rule);

/* The `unknown` setting of a policy (SPEC §8). */
enum fidelity_unknown {
    UNKNOWN_UP,       /* default: unknown time is ignored */
    UNKNOWN_DOWN,     /* unknown time counts as downtime */
    UNKNOWN_EXCLUDED, /* unknown time leaves both D and A */
};

/* Applies the setting mode to a subscription's normal sets, in place, with
 * unknown its unknown time (normal): UNKNOWN_UP changes nothing,
 * UNKNOWN_DOWN adds unknown to down, UNKNOWN_EXCLUDED removes it from down
 * and from active. Apply it to the evidence before exclusions and the
 * clipping to A, so that maintenance windows also cover unknown time and
 * an outage touching unknown time becomes one outage under UNKNOWN_DOWN.
 * active may be NULL when only down matters. */
void fidelity_apply_unknown(enum fidelity_unknown mode,
                            const struct ivset *unknown, struct ivset *down,
                            struct ivset *active);

/* The unknown time of a subscription with n resources (SPEC §8): an instant
 * is unknown when it is unknown for one resource and down for none, so
 * out = (∪ unknowns[i]) − (∪ downs[i]). The inputs need not be normal;
 * out must be initialized and distinct from them; it is cleared first and
 * comes back normal. n = 0 gives an empty set. */
void fidelity_subscription_unknown(const struct ivset *unknowns,
                                   const struct ivset *downs, size_t n,
                                   struct ivset *out);

#endif

/* evidence: assembles what one subscription's decision rests on from what
 * the readers produced (monitoring downtime per resource, status-page
 * windows per component): its evidence under the policy's mode (SPEC §4.2),
 * the windows to exclude (§4.3), and every source window, labelled, for
 * windows.csv. Pure: no I/O. A resource key "<page>:<component>" whose
 * prefix names a [statuspage] section is a status-page component; any other
 * key is a monitoring resource.
 * Life cycle: evidence_init(), evidence_build() per subscription,
 * evidence_free(). */
#ifndef SLACREDIT_EVIDENCE_H
#define SLACREDIT_EVIDENCE_H

#include "engine/iv.h"
#include "lib/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct monsrc;
struct policy;
struct resmap;
struct sp_data;
struct sub;

/* The longest source and detail texts of a window, NUL included: longer
 * ones are cut there. */
#define EV_SOURCE_MAX 96
#define EV_DETAIL_MAX 160

/* One window of one source, as windows.csv lists it. 56 bytes on LP64: a
 * flapping monitor makes hundreds of thousands. */
struct ev_window {
    int64_t start;        /* epoch s, UTC */
    int64_t end;          /* epoch s, UTC */
    const char *resource; /* the roster's resource key; borrowed */
    const char *source;   /* "monitoring:<section>" or "statuspage:<page>";
                             in the evidence's strings */
    const char *detail;   /* "incident=<id>", "maintenance=<id>", ..., or
                             ""; in the evidence's strings */
    uint32_t res_pos;     /* position of resource in the roster's list */
    int32_t weight;       /* 1..1000 thousandths */
    bool ongoing;         /* from an incident unresolved at the month's end */
};

struct ev_sources {
    const struct resmap *map;    /* monitoring downtime per resource; the
                                    map the subscriptions' resource
                                    indexes point into */
    const struct sp_data *pages; /* one per [statuspage], config order */
    size_t npages;
};

struct evidence {
    struct ivset mon;          /* monitoring downtime (union over resources) */
    struct wset sp;            /* status-page downtime, heaviest weight wins */
    struct wset ev;            /* the evidence of the policy's mode, and
                                  maintenance announced too late */
    struct wset late;          /* maintenance announced less than
                                  maintenance_notice before it started:
                                  downtime under every mode */
    struct ivset excluded;     /* exclusion windows (union) */
    struct ivset maintenance;  /* every maintenance window of the
                                  subscription's components, excluded or not */
    struct ivset unmeasured;   /* unknown time under unknown = excluded: it
                                  leaves both D and the active window */
    struct ivset unknown;      /* all unknown time of the monitoring
                                  resources, whatever their unknown
                                  setting: what no sample measured */
    struct ev_window *windows; /* source windows of ev, resource order */
    size_t nwindows, capwindows;
    struct ev_window *exclusions; /* exclusion windows with their reason */
    size_t nexclusions, capexclusions;
    int64_t *excl_maxend; /* per exclusion, the greatest end of those of
                             its resource up to it (evidence_index()), or
                             NULL */
    size_t *excl_groups;  /* where each resource's exclusions begin, then
                             nexclusions; or NULL */
    size_t nexcl_groups;
    struct arena strings;    /* the windows' source and detail texts */
    const char *last_source; /* the last source text made, to share */
    bool has_mon;            /* the subscription names a monitoring resource */
    bool has_sp;             /* ... and/or a status-page component */
};

void evidence_init(struct evidence *x);
/* Builds x (its previous contents replaced) for subscription s under
 * policy p. Resources the readers know nothing about count as never down. */
void evidence_build(const struct ev_sources *src, const struct sub *s,
                    const struct policy *p, struct evidence *x);
void evidence_free(struct evidence *x);
/* Indexes x->exclusions for evidence_exclusion_at() (evidence_build() does;
 * for an x filled by hand). Exclusions not in order of resource and start
 * get no index: each look-up then scans them all. */
void evidence_index(struct evidence *x);

/* One piece of a source window cut by evidence_cut_windows(). */
struct ev_piece {
    const struct ev_window *window; /* the source window it comes from */
    bool excluded; /* false: inside the downtime (counted); true: inside
                      the excluded time */
    int64_t start; /* epoch s, UTC: the piece, inside window */
    int64_t end;   /* epoch s, UTC */
    const struct ev_window *exclusion; /* excluded pieces: the first of
                                          x->exclusions overlapping the
                                          piece (its reason), or NULL */
};

/* Called once per piece, in order: by source window (x->windows order),
 * for each window its counted pieces then its excluded ones, each in time
 * order. */
typedef void (*ev_piece_fn)(void *ctx, const struct ev_piece *piece);

/* Cuts every source window of x into what the normal set down counts and
 * what the normal set excluded removed (windows.csv, discrepancies and
 * explain all list the same pieces). One merge pass per set: each window
 * looks only at the intervals it overlaps, so the cost grows with the
 * windows, the intervals and the pieces, never with their product.
 * Returns the number of pieces. */
uint64_t evidence_cut_windows(const struct evidence *x,
                              const struct ivset *down,
                              const struct ivset *excluded, ev_piece_fn fn,
                              void *ctx);

/* The first exclusion window of x (in x->exclusions order) overlapping
 * [start, end), or NULL. Indexed: a binary search per resource with
 * exclusions, so that cutting many windows against many exclusions is not
 * their product. */
const struct ev_window *evidence_exclusion_at(const struct evidence *x,
                                              int64_t start, int64_t end);

/* True when a window from an incident still unresolved at the month's end
 * overlaps the normal set down. */
bool evidence_ongoing_in(const struct evidence *x, const struct ivset *down);

/* Outages nobody posted, for discrepancies.csv, inside [lo, hi): into
 * unacknowledged, the monitoring downtime that no status-page incident or
 * maintenance acknowledges; into unobserved, the status-page downtime
 * monitoring never saw. Pieces shorter than min seconds are left out. Both
 * sets come out empty unless the subscription has both a monitoring
 * resource and a status-page component. */
void evidence_discrepancies(const struct evidence *x, int64_t lo, int64_t hi,
                            int64_t min, struct ivset *unacknowledged,
                            struct ivset *unobserved);

/* The status-page data of the page named by the prefix of key (before the
 * first ':'), or NULL when key is not a status-page component key. */
const struct sp_data *evidence_page(const struct ev_sources *src,
                                    const char *key);

#endif

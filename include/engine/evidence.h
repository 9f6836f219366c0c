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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct policy;
struct resmap;
struct sp_data;
struct sub;

/* One window of one source, as windows.csv lists it. */
struct ev_window {
    int64_t start;        /* epoch s, UTC */
    int64_t end;          /* epoch s, UTC */
    int32_t weight;       /* 1..1000 thousandths */
    const char *resource; /* the roster's resource key; borrowed */
    size_t res_pos;       /* position of resource in the roster's list */
    char source[96];      /* "monitoring:<section>" or "statuspage:<page>" */
    char detail[160];     /* "incident=<id>", "maintenance=<id>", ... */
    bool ongoing;         /* from an incident unresolved at the month's end */
};

struct ev_sources {
    const struct resmap *map;    /* monitoring downtime per resource */
    const struct sp_data *pages; /* one per [statuspage], config order */
    size_t npages;
};

struct evidence {
    struct ivset mon;          /* monitoring downtime (union over resources) */
    struct wset sp;            /* status-page downtime, heaviest weight wins */
    struct wset ev;            /* the evidence of the policy's mode */
    struct ivset excluded;     /* exclusion windows (union) */
    struct ivset maintenance;  /* every maintenance window of the
                                  subscription's components, excluded or not */
    struct ivset unmeasured;   /* unknown time under unknown = excluded: it
                                  leaves both D and the active window */
    struct ivset unknown;      /* all unknown time of the monitoring
                                  resources, whatever their unknown
                                  setting: what no sample measured */
    struct ev_window *windows; /* source windows of ev, resource order */
    size_t nwindows;
    struct ev_window *exclusions; /* exclusion windows with their reason */
    size_t nexclusions;
    bool has_mon; /* the subscription names a monitoring resource */
    bool has_sp;  /* ... and/or a status-page component */
};

void evidence_init(struct evidence *x);
/* Builds x (its previous contents replaced) for subscription s under
 * policy p. Resources the readers know nothing about count as never down. */
void evidence_build(const struct ev_sources *src, const struct sub *s,
                    const struct policy *p, struct evidence *x);
void evidence_free(struct evidence *x);

/* The status-page data of the page named by the prefix of key (before the
 * first ':'), or NULL when key is not a status-page component key. */
const struct sp_data *evidence_page(const struct ev_sources *src,
                                    const char *key);

#endif

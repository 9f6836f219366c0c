/* statuspage: reads archived Atlassian Statuspage API v2 snapshots
 * (incidents.json, scheduled-maintenances.json, summary.json,
 * components.json) of one [statuspage] section, merges incidents by id (the
 * copy with the latest updated_at wins) and turns them into per-component
 * windows (SPEC §3, §8):
 *   - down windows from the incident updates' affected_components
 *     transitions (oldest update first, at each update's display_at), with
 *     the weight of the status in force; a component still down at the last
 *     update stays down until resolved_at; an incident without transition
 *     data for a component it lists is down from started_at (else
 *     created_at) to resolved_at when its impact is in down_impacts;
 *   - maintenance windows [scheduled_for, scheduled_until);
 *   - incident windows [started_at, resolved_at) for incident_pattern.
 * Unresolved incidents end at the month's end (their window is marked
 * ongoing). A group component's key covers its children's windows.
 * Life cycle: statuspage_load(), statuspage_component() lookups,
 * statuspage_free(). */
#ifndef SLACREDIT_STATUSPAGE_H
#define SLACREDIT_STATUSPAGE_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha_list;
struct statuspage;

struct sp_window {
    int64_t start;     /* epoch s, UTC */
    int64_t end;       /* epoch s, UTC; > start */
    int32_t weight;    /* 0..1000: a second counts weight/1000 s of downtime */
    size_t incident;   /* index into sp_data.incidents */
    bool ongoing;      /* the incident was unresolved; end is the month end */
};

struct sp_incident {
    char *id;               /* Statuspage incident or maintenance id */
    char *name;
    char *impact;           /* "none", "minor", "major", "critical", ... */
    bool maintenance;       /* from scheduled maintenances */
    int64_t started_at;     /* started_at, else created_at (maintenance:
                               scheduled_for) */
    int64_t resolved_at;    /* resolved_at (maintenance: scheduled_until);
                               INT64_MAX when unresolved */
    int64_t updated_at;
};

struct sp_component {
    char *key;                 /* "<page>:<name>" or "<page>:<id>" */
    char *id;                  /* Statuspage component id ("" if unknown) */
    char *name;                /* latest name seen */
    bool group;                /* a group: its windows include its children's */
    struct sp_window *down;    /* down windows (may overlap), by start */
    size_t ndown;
    struct sp_window *maint;   /* maintenance windows, by start */
    size_t nmaint;
    struct sp_window *incident_windows; /* [started, resolved) of every
                                           incident listing it */
    size_t nincident_windows;
};

struct sp_data {
    const struct statuspage *cfg;   /* borrowed */
    struct sp_incident *incidents;  /* merged, sorted by id */
    size_t nincidents;
    struct sp_component *components; /* sorted by key */
    size_t ncomponents;
    uint64_t snapshots;             /* files read */
    uint64_t unknown_fields;        /* fields we do not know, tolerated */
    uint64_t unknown_statuses;      /* status values we do not know */
    char first_unknown[128];        /* e.g. "status \"under_repair\"" */
};

/* Reads every snapshot of page cfg for the month [month_start, month_end)
 * into d. Each file read is appended to inputs with its SHA-256. Returns 0,
 * or -1 with e set: RC_NOINPUT (a glob matches nothing, a file cannot be
 * read), RC_DATA (not JSON, or not the expected shape: FILE:LINE where
 * jansson gives a line, with what is wrong). */
int statuspage_load(const struct statuspage *cfg, int64_t month_start,
                    int64_t month_end, struct sp_data *d,
                    struct sha_list *inputs, struct err *e);

/* The component with resource key key ("page:name" or "page:id"), or NULL. */
const struct sp_component *statuspage_component(const struct sp_data *d,
                                                const char *key);

/* Frees what d holds; NULL is a no-op. */
void statuspage_free(struct sp_data *d);

#endif

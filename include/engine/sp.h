/* sp: a status page's evidence as the engine reads it — its incidents and
 * maintenances merged by id, and per component key the windows they give
 * (down windows with weights, maintenance windows, incident windows). The
 * status-page reader (read/statuspage.h) fills it from archived snapshots;
 * the engine (evidence) and the writers only read it. */
#ifndef SLACREDIT_SP_H
#define SLACREDIT_SP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct statuspage;

struct sp_window {
    int64_t start;   /* epoch s, UTC */
    int64_t end;     /* epoch s, UTC; > start */
    int32_t weight;  /* 1..1000: a second counts weight/1000 s of downtime;
                        1000 for maintenance and incident windows */
    size_t incident; /* index into sp_data.incidents */
    bool ongoing;    /* the incident was unresolved; end is the month end */
};

struct sp_incident {
    char *id; /* Statuspage incident or maintenance id */
    char *name;
    char *impact;        /* "none", "minor", "major", "critical", ...;
                            "" when the feed gives none */
    char *status;        /* "investigating", ..., "resolved"; "" if none */
    bool maintenance;    /* from a scheduled_maintenances list, or any
                            record with scheduled_for and
                            scheduled_until (then started_at and
                            resolved_at below are those) */
    int64_t started_at;  /* started_at, else created_at (maintenance:
                            scheduled_for) */
    int64_t resolved_at; /* resolved_at (maintenance: scheduled_until);
                            INT64_MAX when unresolved */
    int64_t updated_at;  /* INT64_MIN when the feed gives none */
    int64_t created_at;  /* when it was posted (a maintenance: announced);
                            INT64_MIN when the feed gives none */
};

struct sp_component {
    char *key;              /* "<page>:<name>" or "<page>:<id>" */
    char *id;               /* Statuspage component id (the smallest, when
                               several components share a name key) */
    char *name;             /* latest name seen ("" if none, key = id) */
    char *candidates;       /* NULL, or when the key names more than one
                               component (key = name only): each one's
                               name, group and id, e.g. "\"AMS3\" (group
                               \"Spaces\", id 5c1...), ..."; such a key
                               must not be used (statuspage_check_key) */
    bool group;             /* a group: its windows include its children's */
    struct sp_window *down; /* down windows (may overlap), by start */
    size_t ndown;
    struct sp_window *maint; /* maintenance windows, by start */
    size_t nmaint;
    struct sp_window *incident_windows; /* [started, resolved) of every
                                           incident listing it */
    size_t nincident_windows;
};

/* What an unknown status value was read as (struct sp_unknown_value). */
enum sp_unknown_kind {
    SP_UNKNOWN_COMPONENT, /* a component's status: down only when
                             down_statuses (or a weight) names it */
    SP_UNKNOWN_IMPACT,    /* an incident's impact: counts only when
                             down_impacts names it */
    SP_UNKNOWN_RECORD     /* an incident's or update's status: not one that
                             ends it (resolved, postmortem, completed) */
};

/* One distinct status value the Statuspage API does not give, as read
 * (whatever the config: the config decides what it means, see
 * inputs.c). */
struct sp_unknown_value {
    enum sp_unknown_kind kind;
    char field[16]; /* "status", "old_status", "new_status", "impact" */
    char value[64]; /* cut short */
    char path[200]; /* the snapshot it was first seen in */
    uint64_t n;     /* times seen */
};

#define SP_UNKNOWN_VALUES 8

struct sp_data {
    const struct statuspage *cfg;  /* borrowed */
    const char *name;              /* cfg->name, for readers of sp_data that
                                      do not read the config (the engine,
                                      the writers) */
    struct sp_incident *incidents; /* merged, sorted by id */
    size_t nincidents;
    struct sp_component *components; /* sorted by key */
    size_t ncomponents;              /* keys, with group-qualified ones */
    size_t ncomponent_ids;           /* distinct component ids seen */
    uint64_t snapshots;              /* files read */
    uint64_t parsed;                 /* of those, parsed (the others were
                                        left out by the snapshot index) */
    int64_t newest_snapshot;         /* page.updated_at of the newest
                                        incidents.json snapshot; INT64_MIN when
                                        none gives one */
    size_t newest_incidents;         /* incidents that snapshot lists (the API
                                        lists at most 50) */
    int64_t newest_oldest;           /* the oldest created_at among them;
                                        INT64_MAX when none */
    uint64_t unknown_fields;         /* fields we do not know, tolerated */
    uint64_t unknown_statuses;       /* status values we do not know */
    char first_unknown[128];         /* the first of either kind, e.g.
                                        "status \"under_repair\"" */
    char first_unknown_field[128];   /* e.g. "field \"foo\" in incident" */
    char first_unknown_status[128];  /* e.g. "status \"under_repair\"" */
    struct sp_unknown_value unknown_values[SP_UNKNOWN_VALUES]; /* the first
                                        distinct unknown status values */
    size_t nunknown_values;
    uint64_t unknown_values_lost; /* times seen of values past those */
    uint64_t index_mismatches;    /* snapshots whose .statuspage-index
                                     entry did not say what parsing them
                                     did (checked with SP_LOAD_VERIFY_INDEX
                                     only); the entries were replaced */
    char first_mismatch[256];     /* the first such snapshot's path */
};

/* The component with resource key key ("page:name" or "page:id"), or NULL
 * (a binary search of d->components). */
const struct sp_component *sp_component_find(const struct sp_data *d,
                                             const char *key);

#endif

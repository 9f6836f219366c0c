/* statuspage: reads archived Atlassian Statuspage API v2 snapshots
 * (incidents.json, scheduled-maintenances.json, summary.json,
 * components.json) of one [statuspage] section, merges incidents by id (the
 * copy with the latest updated_at wins; ties: the file read later) and turns
 * them into per-component windows (SPEC §3, §8):
 *   - down windows from the incident updates' affected_components
 *     transitions (updates sorted by display_at, then created_at, then oldest
 *     in feed order; each transition sets new_status at display_at), with the
 *     weight of the status in force (config_status_weight); a component still
 *     down at its last transition stays down until resolved_at; the status
 *     before the first transition is that transition's old_status, in force
 *     from the incident's start; an incident without transition data for a
 *     component it lists in components[] is down (weight 1000) from
 *     started_at (else created_at) to resolved_at when its impact is in
 *     down_impacts; an incident's components[] statuses (current, not
 *     historical) are never used for windows;
 *   - maintenance windows [scheduled_for, scheduled_until);
 *   - incident windows [started_at, resolved_at) for incident_pattern.
 * Unresolved incidents end at the month's end (their windows are marked
 * ongoing); a resolved incident without resolved_at ends at its first
 * resolved/postmortem/completed update. A group component's key covers its
 * children's windows. With key = name a component is named by its latest
 * name: from component objects (components.json, summary.json, an
 * incident's components[]) the one with the newest updated_at (else the
 * snapshot's page.updated_at); affected_components names (which may carry a
 * "Group - " prefix) only when no component object names it. A component
 * whose group has a name also has the key "<page>:<group>/<name>". A key
 * that names more than one component (the same name in several groups, or
 * twice in one group) is kept with the candidates listed, and refused by
 * statuspage_check_key(); its windows are all of theirs.
 * Every window is kept, whatever the month (the month only clips unresolved
 * incidents). Unknown fields and status values are counted, never fatal.
 * The data it fills (struct sp_data) is the engine's: engine/sp.h.
 * Life cycle: statuspage_load(), sp_component_find() lookups,
 * statuspage_free(). */
#ifndef SLACREDIT_STATUSPAGE_H
#define SLACREDIT_STATUSPAGE_H

#include "engine/sp.h"
#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha_list;
struct statuspage;

/* The most incidents Statuspage's incidents.json lists: a snapshot with
 * that many may not reach back to an older incident. */
#define SP_LIST_MAX 50

/* Reads every snapshot of page cfg for the month [month_start, month_end)
 * into d (which it zeroes first; cfg is borrowed and must outlive d). Globs
 * are read in the order incidents, maintenances, summaries, components, each
 * expanded sorted. Each file read is appended to inputs (if not NULL) with
 * its SHA-256 and size. Returns 0, or -1 with e set and d empty: RC_NOINPUT
 * (a glob matches nothing, a file cannot be opened), RC_IOERR (a read
 * fails), RC_DATA (not JSON: FILE:LINE and jansson's text; or not the
 * expected shape: the file, the incident or component id and the field). */
int statuspage_load(const struct statuspage *cfg, int64_t month_start,
                    int64_t month_end, struct sp_data *d,
                    struct sha_list *inputs, struct err *e);

/* Flags of statuspage_load_opts(). */
enum {
    /* Parse every snapshot, the index notwithstanding, and compare what
     * each did with its .statuspage-index entry: a snapshot whose entry
     * says otherwise is counted in d->index_mismatches (the first path in
     * d->first_mismatch) and its entry replaced. `check` reads this way,
     * so an index edited, or damaged in a way that still parses, is found
     * rather than trusted. */
    SP_LOAD_VERIFY_INDEX = 1
};

/* statuspage_load() with flags (SP_LOAD_*). */
int statuspage_load_opts(const struct statuspage *cfg, int64_t month_start,
                         int64_t month_end, struct sp_data *d,
                         struct sha_list *inputs, unsigned flags,
                         struct err *e);

/* Checks a resource key of a subscription (roster file:line) against d:
 * returns 0 when it names at most one component, else -1 with e set to
 * RC_CONFIG "FILE:LINE: resource names more than one component: KEY
 * (candidates ...; use page:Group/Name or key = id)". */
int statuspage_check_key(const struct sp_data *d, const char *key,
                         const char *file, long line, struct err *e);

/* Frees what d holds; NULL is a no-op. */
void statuspage_free(struct sp_data *d);

#endif

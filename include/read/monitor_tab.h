/* monitor_tab: what the monitoring readers gather per resource of the map
 * across every source of a run, and hand over to the engine when reading
 * ends. Readers add downtime to the resources themselves (struct res);
 * the rows each resource had and the samples kept for the sample
 * semantics of SPEC §8 are the readers' own and live here, by resource
 * index. monitor_read() names in the map the source whose rows first named
 * a resource (resmap_set_source()); monitor_tab_finish() turns the samples
 * into each resource's downtime and unknown time (resmap_set_unknown())
 * and frees them.
 * Life cycle: monitor_tab_new(map), monitor_read() for each source,
 * monitor_tab_finish(), monitor_tab_free() (the row counts stay readable
 * until then). */
#ifndef SLACREDIT_MONITOR_TAB_H
#define SLACREDIT_MONITOR_TAB_H

#include "read/fidelity.h"

#include <stddef.h>
#include <stdint.h>

struct monsrc;
struct res;
struct resmap;
struct monitor_tab;

/* A table for the resources of map, which must not gain resources while
 * the table lives (readers only look keys up). 8 bytes a resource, and 8
 * more once a samples source keeps samples. Caller frees with
 * monitor_tab_free(). */
struct monitor_tab *monitor_tab_new(struct resmap *map);
/* The map the table is for. */
struct resmap *monitor_tab_map(const struct monitor_tab *t);
/* Monitoring rows read so far that named resource r. */
uint64_t monitor_tab_rows(const struct monitor_tab *t, const struct res *r);
/* For the readers: counts n rows naming resource index ri. */
void monitor_tab_count(struct monitor_tab *t, size_t ri, uint64_t n);
/* For the readers: the samples of resource index ri at the location named
 * by the len bytes at name ("" without location_column), made empty the
 * first time; src is the samples source that feeds them (the last one to
 * ask decides the rules monitor_tab_finish() applies). */
struct fidelity_loc *monitor_tab_loc(struct monitor_tab *t, size_t ri,
                                     const struct monsrc *src, const char *name,
                                     size_t len);
/* For monitor_read(), once all the readers of src are done: names src in
 * the map as the source of every resource its rows named first. */
void monitor_tab_name(struct monitor_tab *t, const struct monsrc *src);

/* Turns the samples kept from samples sources into each resource's down
 * time and its unknown time within [lo, hi) (the month), per SPEC §8
 * (confirm, unknown, location_column, quorum, bucket), and frees them. A
 * resource no row of any source named gets the rules of fallback (the
 * first samples source, or NULL), so its whole month is unknown. Call once
 * after every source was read. */
void monitor_tab_finish(struct monitor_tab *t, const struct monsrc *fallback,
                        int64_t lo, int64_t hi);
/* Frees t (not the map); NULL is a no-op. */
void monitor_tab_free(struct monitor_tab *t);

#endif

/* monitor: reads a [monitoring] source (SPEC §3) into per-resource downtime.
 * The source's glob is expanded in byte order and its files are read as one
 * stream, each row checked and turned into a down interval of the resource
 * it names: a window row makes [start, end) down at once; a sample at t
 * (down or up) is kept as covering [t, t + interval), and monitor_finish()
 * turns a resource's samples into its down and unknown time. Rows of
 * resources the map does not hold are counted and skipped. Every file read
 * is listed with its SHA-256. */
#ifndef SLACREDIT_MONITOR_H
#define SLACREDIT_MONITOR_H

#include "lib/csvin.h"
#include "lib/err.h"

#include <stdint.h>

struct monsrc;
struct resmap;
struct sha_list;

struct monitor_stats {
    uint64_t files;     /* files read */
    uint64_t rows;      /* data rows read */
    uint64_t down;      /* rows that produced downtime */
    uint64_t skipped;   /* rows of resources no subscription names */
    uint64_t ambiguous; /* times in a repeated local hour read as the
                           earlier instant because the rows before them
                           gave no time order to tell (a source's first
                           time, or rows not in time order) */
    uint64_t bytes;     /* bytes read */
};

struct monitor_progress {
    csvin_progress_fn fn; /* called with bytes read in the current file */
    void *ctx;
    void (*file)(void *ctx, const char *path, uint64_t size); /* file start */
};

/* Reads every file of src. Time zones are resolved for [from, to) (the run's
 * month, widened by the caller as needed). Adds intervals to the resources of
 * map, appends each file to inputs, and adds to *st. progress may be NULL.
 * Returns 0, or -1 with e set: RC_NOINPUT (no file matches, unreadable),
 * RC_CONFIG (bad time zone), RC_DATA (FILE:LINE of a bad row or header). */
int monitor_read(const struct monsrc *src, int64_t from, int64_t to,
                 struct resmap *map, struct sha_list *inputs,
                 struct monitor_stats *st,
                 const struct monitor_progress *progress, struct err *e);

/* Turns the samples kept from samples sources into each resource's down time
 * and its unknown time within [lo, hi) (the month), per SPEC §8 (confirm,
 * unknown, location_column, quorum). A resource no row of any source named
 * gets the rules of fallback (the first samples source, or NULL), so its
 * whole month is unknown. Call once after every source was read. */
void monitor_finish(struct resmap *map, const struct monsrc *fallback,
                    int64_t lo, int64_t hi);

/* Parses a window length: an integer (thousands may be grouped with ',' as
 * in "13,591") in units of unit seconds, "H:MM:SS", or UptimeRobot's
 * "13 hrs, 2 mins". Returns NULL and sets *secs, or a static reason. */
const char *monitor_parse_length(const char *s, int64_t unit, int64_t *secs);

#endif

/* monitor_feed: what a whole-file monitoring format (one that is not CSV
 * rows: a JSON export) hands its periods to. A period of a resource is up,
 * down or unknown; up and down periods are kept as samples that stand for
 * their own length (the same samples a `samples` source keeps, so
 * monitor_tab_finish() turns them into down and unknown time), unknown periods
 * are not kept, so their time stays unknown. Also loads a JSON file whole,
 * lists it with its SHA-256, and words a bad value's error as
 * "FILE: JSON path: what is wrong: value". */
#ifndef SLACREDIT_MONITOR_FEED_H
#define SLACREDIT_MONITOR_FEED_H

#include "lib/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct monitor_tab;
struct monsrc;
struct resmap;
struct sha_list;
struct monitor_stats;

/* What a period says about its resource. */
enum monitor_state {
    MONITOR_UP,
    MONITOR_DOWN,
    MONITOR_UNKNOWN, /* paused, not checked: neither up nor down */
};

struct monitor_feed {
    const struct monsrc *src;
    struct resmap *map;
    struct sha_list *inputs;
    struct monitor_stats *st;
    int64_t from; /* start of the time read */
    int64_t to;   /* end of the time read: where an open period stops */
    struct monitor_tab *tab; /* map's: rows and samples per resource */
};

/* Adds the period [start, end) of the resource named key (len bytes) in
 * state s. A key the map does not hold is counted as skipped. */
void monitor_feed_period(struct monitor_feed *f, const char *key, size_t len,
                         int64_t start, int64_t end, enum monitor_state s);

/* The largest file of a format read into one jansson tree (about 12
 * bytes of memory per byte of JSON): one API response of a hosted monitor,
 * whose pages are far smaller (README "Memory"). */
#define MONITOR_FEED_WHOLE ((size_t)16 << 20) /* bytes */

/* Reads path whole (at most max bytes), lists it with its
 * SHA-256 in f->inputs and counts it. Returns its bytes, NUL-terminated
 * (caller frees), with their number in *len; or NULL with e set:
 * RC_NOINPUT (unreadable), RC_IOERR, RC_DATA (too large). */
char *monitor_feed_slurp(struct monitor_feed *f, const char *path, size_t max,
                         size_t *len, struct err *e);

/* Parses the n bytes at data, read from path, as one JSON document.
 * Returns it (caller json_decref()s it), or NULL with e set to RC_DATA
 * "FILE:LINE: not JSON: format = F reads WHAT: ...". */
json_t *monitor_feed_parse(const struct monitor_feed *f, const char *path,
                           const char *data, size_t n, const char *what,
                           struct err *e);

/* Reads path whole (at most MONITOR_FEED_WHOLE bytes), lists it with its
 * SHA-256 in f->inputs, counts it, and parses it as JSON. what names the
 * expected content for the error when it is not JSON (e.g. "the JSON of
 * UptimeRobot's getMonitors"). Returns the document (caller json_decref()s it),
 * or NULL with e set: RC_NOINPUT (unreadable), RC_DATA (too large; not JSON:
 * FILE:LINE of the parse error). */
json_t *monitor_feed_load(struct monitor_feed *f, const char *path,
                          const char *what, struct err *e);

/* Sets e to RC_DATA "path: jpath: why: value" with value the compact JSON of
 * v (cut to a few dozen bytes; "missing" when v is NULL). Returns -1. */
int monitor_feed_bad(struct err *e, const char *path, const char *jpath,
                     const char *why, const json_t *v);

/* The integer of v: a JSON integer, or (as some exports write them) a
 * string of decimal digits. Returns NULL and sets *out, or the reason. */
const char *monitor_feed_int(const json_t *v, int64_t *out);

/* After a CSV format failed to read path with RC_DATA: when the file
 * starts (after blanks and a BOM) with '{' or '[', rewrites e to say that
 * it is JSON, which CSV formats do not read, and which formats do. */
void monitor_feed_json_hint(const struct monsrc *src, const char *path,
                            struct err *e);

#endif

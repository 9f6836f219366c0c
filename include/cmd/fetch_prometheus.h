/* fetch_prometheus: `slacredit fetch` for [monitoring] sources with
 * format = prometheus. Runs the source's query through
 * GET <url>/api/v1/query_range over the month in chunks that respect
 * Prometheus's limit of 11,000 points per series, checks every response is
 * a successful matrix, and only when all are good stores them as one
 * snapshot in the source's `path` folder with the archive module
 * (<stamp>[-N]-query_range-<YYYY-MM>-<k>.json, and <stamp>[-N]-params.txt
 * recording the query, step and url they were made with, which `run`
 * checks against the config; a .sha256 beside each, never overwriting). */
#ifndef SLACREDIT_FETCH_PROMETHEUS_H
#define SLACREDIT_FETCH_PROMETHEUS_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct fetch_opts;
struct monsrc;

/* At most this many points per query (Prometheus refuses a range whose
 * (end - start) / step exceeds 11,000). */
#define FETCH_PROMETHEUS_POINTS 11000

/* The evaluation instants of [m0, m1) at step (m0, m0 + step, ... < m1)
 * split into chunks of at most FETCH_PROMETHEUS_POINTS points: chunk k is
 * [out[k][0], out[k][1]], both ends instants, the next chunk starting one
 * step after. Writes at most cap chunks; returns how many there are
 * (0 when m1 <= m0 or step <= 0). Pure. */
size_t fetch_prometheus_chunks(int64_t m0, int64_t m1, int64_t step,
                               int64_t (*out)[2], size_t cap);

/* Fetches and archives the month [o->month_start, o->month_end) of m, or
 * of a month still running, its part up to now (o->now or the clock).
 * Writes a summary line to o->log. Returns 0, or -1 with e set and nothing
 * written: RC_IOERR (unreachable, a bad HTTP status, a write failure),
 * RC_DATA (a response that is not a successful matrix), RC_CANTOUT. */
int fetch_prometheus(const struct monsrc *m, const struct fetch_opts *o,
                     struct err *e);

#endif

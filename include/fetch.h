/* fetch: the fetch command. For each [statuspage] with a url, GETs
 * /api/v2/incidents.json, /api/v2/scheduled-maintenances.json and
 * /api/v2/components.json with libcurl (TLS verification always on,
 * timeouts, retries with exponential backoff on network errors, 5xx and 429
 * honouring Retry-After, a body size limit), checks each body is JSON of the
 * expected shape, and writes it atomically as
 * <archive>/<UTC timestamp>-<endpoint>.json with a .sha256 file beside it,
 * never overwriting an earlier snapshot. */
#ifndef SLACREDIT_FETCH_H
#define SLACREDIT_FETCH_H

#include "err.h"

#include <stdint.h>
#include <stdio.h>

struct config;

struct fetch_opts {
    const char *archive;     /* --archive DIR: overrides every page's archive
                                folder (DIR/<page>/); NULL: the config's */
    const char *cacert;      /* --cacert FILE: extra CA bundle; NULL: system */
    long connect_timeout_ms; /* default 10000 */
    long timeout_ms;         /* whole transfer; default 60000 */
    int retries;             /* default 4 */
    long backoff_ms;         /* first retry delay; doubles; default 1000 */
    long max_retry_after_s;  /* longest Retry-After honoured; default 120 */
    uint64_t max_body;       /* bytes; default 32 MiB */
    int64_t now;             /* epoch s for the snapshot names (0: clock) */
    int64_t month_start;     /* the month whose incidents are counted */
    int64_t month_end;
    FILE *log;               /* one summary line per page; NULL: none */
};

/* Fetches every page of c that has a url. Returns 0, or -1 with e set:
 * RC_IOERR (a page unreachable after retries, a bad status, a timeout, TLS
 * failure; nothing written for that page), RC_DATA (a body that is not the
 * expected JSON), RC_CANTOUT (archive not writable). */
int fetch_all(const struct config *c, const struct fetch_opts *o,
              struct err *e);

#endif

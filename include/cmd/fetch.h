/* fetch: the fetch command. For each [statuspage] with a url, GETs
 * /api/v2/incidents.json, /api/v2/scheduled-maintenances.json and
 * /api/v2/components.json with libcurl (TLS verification always on,
 * timeouts, retries with exponential backoff on network errors, 408, 429 and
 * 5xx honouring Retry-After, http/https only, at most 5 redirects, a body
 * size limit), checks each body is JSON of the expected shape, and only when
 * all three are good writes them atomically as
 * <archive>/<UTC timestamp>[-N]-<endpoint>.json with a sha256sum-style
 * .sha256 file beside each, never overwriting an earlier snapshot (the
 * archive module, archive.h).
 * Life cycle: curl_global_init() once in main, fetch_opts_init(), fill the
 * command-line fields, fetch_opts_from_env(), fetch_all(). */
#ifndef SLACREDIT_FETCH_H
#define SLACREDIT_FETCH_H

#include "lib/err.h"

#include <stdint.h>
#include <stdio.h>

struct config;

struct fetch_opts {
    const char *archive;     /* --archive DIR: overrides every page's archive
                                folder (DIR/<page>/); NULL: the config's */
    const char *cacert;      /* --cacert FILE: CA bundle trusted instead of
                                the system's; NULL: system */
    long connect_timeout_ms; /* default 10000 */
    long timeout_ms;         /* whole transfer; default 60000 */
    int retries;             /* retries after the first try; default 4 */
    long backoff_ms;         /* first retry delay; doubles, at most 60 s;
                                default 1000 */
    long max_retry_after_s;  /* Retry-After is honoured up to this; default
                                120 */
    uint64_t max_body;       /* bytes; default 32 MiB */
    int64_t now;             /* epoch s for the snapshot names and for
                                unresolved incidents (0: the clock) */
    int64_t month_start;     /* the month whose incidents are counted, */
    int64_t month_end;       /* [start, end), epoch s */
    FILE *log;               /* one summary line per page; NULL: none */
};

/* Sets every field to its default; archive, cacert and log to NULL, the
 * month to empty. */
void fetch_opts_init(struct fetch_opts *o);

/* Overrides the tunables from the environment, for tests and odd networks:
 * SLACREDIT_FETCH_TIMEOUT_MS, SLACREDIT_FETCH_CONNECT_TIMEOUT_MS,
 * SLACREDIT_FETCH_RETRIES, SLACREDIT_FETCH_BACKOFF_MS,
 * SLACREDIT_FETCH_MAX_RETRY_AFTER_S and SLACREDIT_FETCH_MAX_BODY (bytes).
 * Unset or empty variables leave the field alone. Returns 0, or -1 with e
 * set (RC_USAGE) naming a variable that is not an integer in range. */
int fetch_opts_from_env(struct fetch_opts *o, struct err *e);

/* The wait in ms before retry k (0 for the first retry): backoff_ms doubled
 * k times, at most 60 s, but never less than the server's Retry-After
 * (retry_after_s; 0 when none), itself capped at max_retry_after_s. Pure;
 * public for the unit tests. */
long fetch_retry_delay_ms(const struct fetch_opts *o, int k,
                          long retry_after_s);

/* Fetches every page of c that has a url, one after the other; a page that
 * fails writes nothing and does not stop the others. Writes one line per
 * page to o->log. Needs curl_global_init() to have been called. Returns 0,
 * or -1 with e set to the first failure: RC_CONFIG (no page has a url),
 * RC_NOINPUT (the --cacert file cannot be read), RC_IOERR (a page
 * unreachable after retries, a bad HTTP status, a timeout, a TLS failure, a
 * write failure), RC_DATA (a body that is not the expected JSON, or larger
 * than max_body), RC_CANTOUT (archive folder cannot be created). */
int fetch_all(const struct config *c, const struct fetch_opts *o,
              struct err *e);

#endif

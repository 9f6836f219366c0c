/* http: one HTTP(S) request over libcurl, shared by fetch and push. TLS
 * verification is always on (peer and host, TLS 1.2 or later), there are
 * connect and transfer timeouts, a body size limit, http/https only, and
 * transient failures (network errors, 408, 429, 5xx) are retried with
 * exponential backoff honouring Retry-After when the caller says a retry
 * is safe. Life cycle: curl_global_init() once in main, fill a struct
 * http_opts and a struct http_req, call http_request(). */
#ifndef SLACREDIT_HTTP_H
#define SLACREDIT_HTTP_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct http_opts {
    const char *cacert;      /* CA bundle trusted instead of the system's;
                                NULL: system */
    long connect_timeout_ms; /* connection phase */
    long timeout_ms;         /* whole transfer */
    int retries;             /* retries after the first try */
    long backoff_ms;         /* first retry delay; doubles, at most 60 s */
    long max_retry_after_s;  /* Retry-After is honoured up to this */
    uint64_t max_body;       /* response bytes */
};

struct http_req {
    const char *method;         /* "GET" or "POST" */
    const char *url;            /* http:// or https:// */
    const char *const *headers; /* "Name: value" lines; may be NULL */
    size_t nheaders;
    const char *body;    /* POST body; NULL: none */
    size_t body_len;     /* bytes */
    const char *userpwd; /* "user:password" for basic auth, or NULL;
                            never logged */
    bool retry;          /* transient failures may be retried (a GET,
                            or a POST the server de-duplicates) */
    bool follow;         /* follow up to 5 redirects (an https URL
                            only to https) */
};

/* Sends r and stores the response body in b (emptied first, bounded by
 * o->max_body) and its status in *status (0 when no response came).
 * Returns 0 for a 2xx response, or -1 with e set (file: the URL):
 * RC_IOERR for a network, TLS or timeout failure or a non-2xx status
 * ("HTTP status N"; the body is then in b for the caller to read), RC_DATA
 * for a body over the limit, RC_OSERR when libcurl cannot start. With
 * r->retry, transient failures are tried again up to o->retries times. */
int http_request(const struct http_opts *o, const struct http_req *r,
                 struct buf *b, long *status, struct err *e);

/* The wait in ms before retry k (0 for the first retry): backoff_ms doubled
 * k times, at most 60 s, but never less than the server's Retry-After
 * (retry_after_s; 0 when none), itself capped at max_retry_after_s. */
long http_retry_delay_ms(const struct http_opts *o, int k, long retry_after_s);

/* Appends printf-style text to e->msg, truncating at its size. */
void http_err_append(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

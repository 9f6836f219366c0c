/* fetch_prometheus: query_range over a month, in chunks, into the archive
 * (see the header). */
#include "cmd/fetch_prometheus.h"

#include "cmd/fetch.h"
#include "lib/archive.h"
#include "lib/buf.h"
#include "lib/civil.h"
#include "lib/http.h"
#include "lib/xalloc.h"
#include "read/monitor.h"
#include "read/monitor_prometheus.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t fetch_prometheus_chunks(int64_t m0, int64_t m1, int64_t step,
                               int64_t (*out)[2], size_t cap)
{
    int64_t points, first, last;
    size_t n = 0;

    if (m1 <= m0 || step <= 0)
        return 0;
    points = (m1 - m0 + step - 1) / step; /* instants m0 + k*step < m1 */
    for (first = 0; first < points; first += FETCH_PROMETHEUS_POINTS) {
        last = first + FETCH_PROMETHEUS_POINTS - 1;
        if (last > points - 1)
            last = points - 1;
        if (n < cap) {
            out[n][0] = m0 + first * step;
            out[n][1] = m0 + last * step;
        }
        n++;
    }
    return n;
}

/* s percent-encoded for a query string (unreserved bytes kept). */
static char *url_escape(const char *s)
{
    size_t n = strlen(s), i, o = 0;
    char *u = xmalloc(n * 3 + 1);

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~')
            u[o++] = (char)c;
        else
            o += (size_t)sprintf(u + o, "%%%02X", c);
    }
    u[o] = '\0';
    return u;
}

/* Checks b is a successful query_range matrix. Returns 0, or -1 with e. */
static int check_body(const char *url, const struct buf *b, struct err *e)
{
    json_error_t je;
    json_t *doc = json_loadb(b->p, b->len, 0, &je);
    const json_t *st, *data;
    int rc = -1;

    if (doc == NULL) {
        err_set(e, RC_DATA, url, 0, "not JSON: %s", je.text);
        return -1;
    }
    st = json_object_get(doc, "status");
    data = json_object_get(doc, "data");
    if (!json_is_string(st) || strcmp(json_string_value(st), "success") != 0)
        err_set(e, RC_DATA, url, 0, "status: not \"success\": %s",
                json_is_string(json_object_get(doc, "error"))
                    ? json_string_value(json_object_get(doc, "error"))
                    : "?");
    else if (!json_is_string(json_object_get(data, "resultType")) ||
             strcmp(json_string_value(json_object_get(data, "resultType")),
                    "matrix") != 0 ||
             !json_is_array(json_object_get(data, "result")))
        err_set(e, RC_DATA, url, 0,
                "data: not a matrix result (is the query a range vector?)");
    else
        rc = 0;
    json_decref(doc);
    return rc;
}

/* Appends Prometheus's own reason ({"status":"error","error":"..."}) from
 * a refused request's body to e. */
static void prometheus_error(const struct buf *b, struct err *e)
{
    json_t *doc = json_loadb(b->p, b->len, 0, NULL);
    const json_t *why = json_object_get(doc, "error");

    if (json_is_string(why))
        http_err_append(e, ": %s", json_string_value(why));
    json_decref(doc);
}

int fetch_prometheus(const struct monsrc *m, const struct fetch_opts *o,
                     struct err *e)
{
    static const char *const hdr[] = {"Accept: application/json"};
    int64_t(*chunks)[2] = NULL;
    size_t n, i;
    struct buf *bodies = NULL;
    struct archive_member *members = NULL;
    char **names = NULL;
    char *q = NULL, *params = NULL, stamp[32], stem[64], month[16];
    struct http_opts h;
    int64_t now = o->now != 0 ? o->now : (int64_t)time(NULL);
    int64_t y, end;
    int mo, d, rc = -1;
    uint64_t points = 0;

    /* Nothing is known after now: the month up to the next step. */
    end = o->month_end;
    if (now >= o->month_start && now < end && now + m->prom_step < end)
        end = now + m->prom_step;
    n = fetch_prometheus_chunks(o->month_start, end, m->prom_step, NULL, 0);
    if (n == 0) {
        err_set(e, RC_USAGE, NULL, 0,
                "[monitoring \"%s\"]: fetch needs --month", m->name);
        return -1;
    }
    chunks = xcalloc(n, sizeof *chunks);
    fetch_prometheus_chunks(o->month_start, end, m->prom_step, chunks, n);
    bodies = xcalloc(n, sizeof *bodies);
    members = xcalloc(n + 1, sizeof *members);
    names = xcalloc(n, sizeof *names);
    params = monitor_prometheus_params(m);
    /* The first member is linked last: a snapshot whose params file is
     * there is complete. */
    members[0] =
        (struct archive_member){"params", "txt", params, strlen(params)};
    h.cacert = o->cacert;
    h.connect_timeout_ms = o->connect_timeout_ms;
    h.timeout_ms = o->timeout_ms;
    h.retries = o->retries;
    h.backoff_ms = o->backoff_ms;
    h.max_retry_after_s = o->max_retry_after_s;
    h.max_body = o->max_body;
    q = url_escape(m->prom_query);
    civil_date_from_days(civil_floor_div(o->month_start, 86400), &y, &mo, &d);
    snprintf(month, sizeof month, "%04" PRId64 "-%02d", y, mo);
    for (i = 0; i < n; i++) {
        size_t len = strlen(m->prom_url) + strlen(q) + 128;
        char *url = xmalloc(len);
        struct http_req r = {"GET", url, hdr, 1, NULL, 0, NULL, true, true};
        long status = 0;
        int ok;

        snprintf(url, len,
                 "%s/api/v1/query_range?query=%s&start=%" PRId64 "&end=%" PRId64
                 "&step=%" PRId64,
                 m->prom_url, q, chunks[i][0], chunks[i][1], m->prom_step);
        buf_init(&bodies[i], o->max_body < SIZE_MAX / 4 ? (size_t)o->max_body
                                                        : SIZE_MAX / 4);
        ok = http_request(&h, &r, &bodies[i], &status, e) == 0 &&
             check_body(url, &bodies[i], e) == 0;
        if (!ok && status >= 400)
            prometheus_error(&bodies[i], e);
        free(url);
        if (!ok)
            goto out;
        points += (uint64_t)((chunks[i][1] - chunks[i][0]) / m->prom_step + 1);
        names[i] = xmalloc(64);
        snprintf(names[i], 64, "query_range-%s-%03zu", month, i + 1);
        members[i + 1] = (struct archive_member){names[i], "json", bodies[i].p,
                                                 bodies[i].len};
    }
    archive_stamp(now, stamp, sizeof stamp);
    if (archive_store(m->path, stamp, members, n + 1, stem, sizeof stem, e) !=
        0)
        goto out;
    if (o->log != NULL) {
        fprintf(o->log,
                "%s: %s in %zu quer%s of at most %d points (%" PRIu64
                " steps of %" PRId64 " s); saved %s/%s-*.json\n",
                m->name, month, n, n == 1 ? "y" : "ies",
                FETCH_PROMETHEUS_POINTS, points, m->prom_step, m->path, stem);
        fflush(o->log);
    }
    rc = 0;
out:
    for (i = 0; i < n; i++) {
        buf_free(&bodies[i]);
        free(names[i]);
    }
    free(bodies);
    free(members);
    free(names);
    free(chunks);
    free(params);
    free(q);
    return rc;
}

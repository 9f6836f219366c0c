/* fetch: snapshots of Statuspage API v2 feeds (see fetch.h). Each attempt
 * uses a fresh libcurl easy handle; bodies are kept in memory (bounded by
 * max_body) and validated, and only when a page's three bodies are good are
 * they written: each to a temporary file that is fsynced and then link(2)ed
 * to its final name, so an existing snapshot is never replaced. */
#include "cmd/fetch.h"

#include "cmd/fetch_prometheus.h"
#include "read/monitor.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/archive.h"
#include "lib/buf.h"
#include "lib/civil.h"
#include "lib/http.h"
#include "lib/infile.h"
#include "lib/parse.h"
#include "lib/version.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/config.h"

#define MAX_BACKOFF_MS 60000L /* the doubling stops here */

enum { EP_INCIDENTS, EP_MAINTENANCES, EP_COMPONENTS, EP_COUNT };

struct endpoint {
    const char *name; /* in file names: <stamp>-<name>.json */
    const char *path; /* appended to the page url */
    const char *key;  /* the array the body's top-level object must hold */
};

static const struct endpoint endpoints[EP_COUNT] = {
    {"incidents", "/api/v2/incidents.json", "incidents"},
    {"scheduled-maintenances", "/api/v2/scheduled-maintenances.json",
     "scheduled_maintenances"},
    {"components", "/api/v2/components.json", "components"},
};

void fetch_opts_init(struct fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->connect_timeout_ms = 10000;
    o->timeout_ms = 60000;
    o->retries = 4;
    o->backoff_ms = 1000;
    o->max_retry_after_s = 120;
    o->max_body = (uint64_t)32 << 20;
}

/* Reads environment variable name as an integer in [min, max]. Returns 1
 * and sets *out, 0 when unset or empty, or -1 with e set. */
static int env_int(const char *name, int64_t min, int64_t max, int64_t *out,
                   struct err *e)
{
    const char *v = getenv(name);
    const char *why;

    if (v == NULL || *v == '\0')
        return 0;
    why = parse_i64(v, min, max, out);
    if (why != NULL) {
        err_set(e, RC_USAGE, NULL, 0,
                "%s: %s (want %" PRId64 " to %" PRId64 "): %s", name, why, min,
                max, v);
        return -1;
    }
    return 1;
}

int fetch_opts_from_env(struct fetch_opts *o, struct err *e)
{
    static const struct {
        const char *name;
        int64_t min, max;
    } vars[] = {
        {"SLACREDIT_FETCH_TIMEOUT_MS", 1, 86400000},
        {"SLACREDIT_FETCH_CONNECT_TIMEOUT_MS", 1, 3600000},
        {"SLACREDIT_FETCH_RETRIES", 0, 20},
        {"SLACREDIT_FETCH_BACKOFF_MS", 0, MAX_BACKOFF_MS},
        {"SLACREDIT_FETCH_MAX_RETRY_AFTER_S", 0, 86400},
        {"SLACREDIT_FETCH_MAX_BODY", 1, (int64_t)1 << 32},
    };
    /* In the order of vars; each range fits its field. */
    int64_t v[6] = {o->timeout_ms, o->connect_timeout_ms, o->retries,
                    o->backoff_ms, o->max_retry_after_s,  (int64_t)o->max_body};
    size_t i;

    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        if (env_int(vars[i].name, vars[i].min, vars[i].max, &v[i], e) < 0)
            return -1;
    }
    o->timeout_ms = (long)v[0];
    o->connect_timeout_ms = (long)v[1];
    o->retries = (int)v[2];
    o->backoff_ms = (long)v[3];
    o->max_retry_after_s = (long)v[4];
    o->max_body = (uint64_t)v[5];
    return 0;
}

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *p = xmalloc(n);

    snprintf(p, n, "%s%s%s", a, sep, b);
    return p;
}

/* --- HTTP ------------------------------------------------------------- */

static void http_opts_of(const struct fetch_opts *o, struct http_opts *h)
{
    h->cacert = o->cacert;
    h->connect_timeout_ms = o->connect_timeout_ms;
    h->timeout_ms = o->timeout_ms;
    h->retries = o->retries;
    h->backoff_ms = o->backoff_ms;
    h->max_retry_after_s = o->max_retry_after_s;
    h->max_body = o->max_body;
}

long fetch_retry_delay_ms(const struct fetch_opts *o, int k, long retry_after_s)
{
    struct http_opts h;

    http_opts_of(o, &h);
    return http_retry_delay_ms(&h, k, retry_after_s);
}

/* GETs url into b, retrying transient failures up to o->retries times.
 * Returns 0, or -1 with e set (the last attempt's error). */
static int get(const char *url, const struct fetch_opts *o, struct buf *b,
               struct err *e)
{
    static const char *const hdr[] = {"Accept: application/json"};
    struct http_opts h;
    struct http_req r = {"GET", url, hdr, 1, NULL, 0, NULL, true, true};
    long status;

    http_opts_of(o, &h);
    return http_request(&h, &r, b, &status, e);
}

/* --- the documents ------------------------------------------------------ */

/* Parses b as endpoint ep's document: an object holding an array ep->key of
 * objects, each with a string "id". Returns the document (caller frees with
 * json_decref), or NULL with e set (RC_DATA, file url). */
static json_t *parse_doc(const struct endpoint *ep, const char *url,
                         const struct buf *b, struct err *e)
{
    json_error_t je;
    json_t *root, *arr, *v;
    size_t i;

    root =
        json_loadb(b->len > 0 ? b->p : "", b->len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        err_set(e, RC_DATA, url, je.line > 0 ? je.line : 0, "not JSON: %s",
                je.text);
        return NULL;
    }
    arr = json_object_get(root, ep->key);
    if (!json_is_object(root) || !json_is_array(arr)) {
        err_set(e, RC_DATA, url, 0,
                "not a Statuspage %s document: want an object with an "
                "array \"%s\"",
                ep->name, ep->key);
        json_decref(root);
        return NULL;
    }
    json_array_foreach(arr, i, v)
    {
        if (!json_is_object(v) || !json_is_string(json_object_get(v, "id"))) {
            err_set(e, RC_DATA, url, 0,
                    "not a Statuspage %s document: %s[%zu] is not an object "
                    "with a string \"id\"",
                    ep->name, ep->key, i);
            json_decref(root);
            return NULL;
        }
    }
    return root;
}

/* Parses o[key] as an ISO 8601 instant. Returns true and sets *t, or false
 * when the key is missing, null or not an instant with an offset. */
static bool instant(const json_t *o, const char *key, int64_t *t)
{
    const json_t *v = json_object_get(o, key);

    if (!json_is_string(v))
        return false;
    return when_parse_iso(json_string_value(v), json_string_length(v), NULL,
                          t) == NULL;
}

/* Incidents (of a parsed incidents document) whose [started_at or
 * created_at, resolved_at or now) overlaps [from, to). An incident resolved
 * the second it started counts as lasting one second. Incidents without a
 * readable start are not counted. */
static size_t count_in(const json_t *doc, int64_t from, int64_t to, int64_t now)
{
    const json_t *arr = json_object_get(doc, "incidents");
    const json_t *v;
    size_t i, n = 0;
    int64_t start, end;

    json_array_foreach(arr, i, v)
    {
        if (!instant(v, "started_at", &start) &&
            !instant(v, "created_at", &start))
            continue;
        if (!instant(v, "resolved_at", &end))
            end = now;
        if (end <= start)
            end = start + 1;
        if (start < to && end > from)
            n++;
    }
    return n;
}

/* An incident of the previous snapshot: borrowed from its document. */
struct seen {
    const char *id;
    const json_t *updated_at;
};

static int seen_cmp(const void *a, const void *b)
{
    return strcmp(((const struct seen *)a)->id, ((const struct seen *)b)->id);
}

static bool same_instant(const json_t *a, const json_t *b)
{
    int64_t ta, tb;

    if (json_is_string(a) && json_is_string(b) &&
        when_parse_iso(json_string_value(a), json_string_length(a), NULL,
                       &ta) == NULL &&
        when_parse_iso(json_string_value(b), json_string_length(b), NULL,
                       &tb) == NULL)
        return ta == tb;
    return json_equal(a, b) != 0;
}

/* How the fetched incidents differ from the newest earlier snapshot. */
struct diff {
    bool first;        /* no earlier snapshot in the folder */
    char prev[256];    /* its file name */
    char problem[512]; /* non-empty: it could not be read */
    size_t added;      /* incident ids it does not have */
    size_t updated;    /* ids it has with another updated_at */
};

/* Finds the newest incidents snapshot in dir (by stamp, then suffix) and
 * compares doc with it. Never fails: a folder that does not exist means a
 * first snapshot, anything unreadable is described in d->problem. */
static void diff_previous(const char *dir, const json_t *doc, struct diff *d)
{
    const json_t *arr = json_object_get(doc, "incidents"), *parr, *v;
    struct seen *prev = NULL;
    json_error_t je;
    json_t *pdoc = NULL;
    char *path;
    size_t i, n = 0;
    int found;

    memset(d, 0, sizeof *d);
    found = archive_newest(dir, endpoints[EP_INCIDENTS].name, "json", d->prev,
                           sizeof d->prev);
    if (found <= 0) {
        d->first = true;
        if (found < 0)
            snprintf(d->problem, sizeof d->problem,
                     "cannot list the archive folder: %s", strerror(errno));
        return;
    }
    path = join(dir, "/", d->prev);
    pdoc = json_load_file(path, 0, &je);
    free(path);
    parr = json_object_get(pdoc, "incidents");
    if (pdoc == NULL || !json_is_array(parr)) {
        snprintf(d->problem, sizeof d->problem, "%.255s: %.200s", d->prev,
                 pdoc == NULL ? je.text : "no \"incidents\" array");
        json_decref(pdoc);
        return;
    }
    prev = xreallocarray(NULL, json_array_size(parr) + 1, sizeof *prev);
    json_array_foreach(parr, i, v)
    {
        const json_t *id = json_object_get(v, "id");
        if (!json_is_string(id))
            continue;
        prev[n].id = json_string_value(id);
        prev[n].updated_at = json_object_get(v, "updated_at");
        n++;
    }
    qsort(prev, n, sizeof *prev, seen_cmp);
    json_array_foreach(arr, i, v)
    {
        struct seen key = {json_string_value(json_object_get(v, "id")), NULL};
        const struct seen *hit = bsearch(&key, prev, n, sizeof *prev, seen_cmp);
        if (hit == NULL)
            d->added++;
        else if (!same_instant(hit->updated_at,
                               json_object_get(v, "updated_at")))
            d->updated++;
    }
    free(prev);
    json_decref(pdoc);
}

/* --- pages -------------------------------------------------------------- */

/* Writes the month starting at t as "YYYY-MM" into out. */
static void month_of(int64_t t, char *out, size_t cap)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(t), &y, &m, &d);
    snprintf(out, cap, "%04" PRId64 "-%02d", y, m);
}

/* The endpoint's URL under page root root (trailing slashes dropped);
 * caller frees. */
static char *endpoint_url(const char *root, const struct endpoint *ep)
{
    size_t n = strlen(root);
    char *base, *url;

    while (n > 0 && root[n - 1] == '/')
        n--;
    base = xstrndup(root, n);
    url = join(base, "", ep->path);
    free(base);
    return url;
}

/* The archive folder of page sp; caller frees. With --archive DIR it is
 * DIR/<page name>, which needs a name usable as one folder name. */
static char *page_dir(const struct statuspage *sp, const struct fetch_opts *o,
                      struct err *e)
{
    if (o->archive == NULL)
        return xstrdup(sp->archive);
    if (sp->name[0] == '\0' || strchr(sp->name, '/') != NULL ||
        strcmp(sp->name, ".") == 0 || strcmp(sp->name, "..") == 0) {
        err_set(e, RC_CONFIG, NULL, 0,
                "[statuspage \"%s\"]: the name cannot be a folder name under "
                "--archive",
                sp->name);
        return NULL;
    }
    return join(o->archive, "/", sp->name);
}

/* Fetches, checks and writes one page, then logs its summary. Returns 0, or
 * -1 with e set and nothing written. */
static int fetch_page(const struct statuspage *sp, const struct fetch_opts *o,
                      struct err *e)
{
    struct buf bodies[EP_COUNT];
    struct archive_member members[EP_COUNT];
    json_t *docs[EP_COUNT] = {NULL};
    int64_t now = o->now != 0 ? o->now : (int64_t)time(NULL);
    char stamp[32], stem[64], month[16];
    struct diff d;
    char *dir = NULL;
    size_t in_month = 0;
    int rc = -1, i;

    for (i = 0; i < EP_COUNT; i++)
        buf_init(&bodies[i], o->max_body < SIZE_MAX / 4 ? (size_t)o->max_body
                                                        : SIZE_MAX / 4);
    dir = page_dir(sp, o, e);
    if (dir == NULL)
        goto out;
    for (i = 0; i < EP_COUNT; i++) {
        char *url = endpoint_url(sp->url, &endpoints[i]);
        int r = get(url, o, &bodies[i], e);
        if (r == 0) {
            docs[i] = parse_doc(&endpoints[i], url, &bodies[i], e);
            r = docs[i] != NULL ? 0 : -1;
        }
        free(url);
        if (r != 0)
            goto out;
    }
    diff_previous(dir, docs[EP_INCIDENTS], &d);
    if (o->month_end > o->month_start)
        in_month =
            count_in(docs[EP_INCIDENTS], o->month_start, o->month_end, now);
    archive_stamp(now, stamp, sizeof stamp);
    for (i = 0; i < EP_COUNT; i++)
        members[i] = (struct archive_member){endpoints[i].name, "json",
                                             bodies[i].p, bodies[i].len};
    if (archive_store(dir, stamp, members, EP_COUNT, stem, sizeof stem, e) != 0)
        goto out;
    if (o->log != NULL) {
        fprintf(o->log, "%s: ", sp->name);
        if (o->month_end > o->month_start) {
            month_of(o->month_start, month, sizeof month);
            fprintf(o->log, "%zu incident%s in %s; ", in_month,
                    in_month == 1 ? "" : "s", month);
        }
        if (d.problem[0] != '\0')
            fprintf(o->log, "not compared (%s); ", d.problem);
        else if (d.first)
            fputs("first snapshot; ", o->log);
        else
            fprintf(o->log, "%zu new, %zu updated since %.*s; ", d.added,
                    d.updated,
                    (int)(strlen(d.prev) - strlen("-incidents.json")), d.prev);
        fprintf(o->log, "saved %s/%s-*.json\n", dir, stem);
        fflush(o->log);
    }
    rc = 0;
out:
    for (i = 0; i < EP_COUNT; i++) {
        json_decref(docs[i]);
        buf_free(&bodies[i]);
    }
    free(dir);
    return rc;
}

int fetch_all(const struct config *c, const struct fetch_opts *o, struct err *e)
{
    struct err first = {"", 0, "", 0};
    size_t i, tried = 0, failed = 0;
    FILE *f;

    if (o->cacert != NULL) {
        f = infile_open(o->cacert, e);
        if (f == NULL)
            return -1;
        fclose(f);
    }
    for (i = 0; i < c->npages; i++) {
        const struct statuspage *sp = &c->pages[i];
        if (sp->url == NULL)
            continue;
        tried++;
        if (fetch_page(sp, o, e) == 0)
            continue;
        if (failed++ == 0)
            first = *e;
        if (o->log != NULL && failed == 1) {
            /* Its details are in e, which main prints. */
            fprintf(o->log, "%s: failed, nothing saved\n", sp->name);
            fflush(o->log);
        } else if (o->log != NULL) {
            fprintf(o->log, "%s: failed, nothing saved: ", sp->name);
            if (e->file[0] != '\0' && e->line > 0)
                fprintf(o->log, "%s:%ld: ", e->file, e->line);
            else if (e->file[0] != '\0')
                fprintf(o->log, "%s: ", e->file);
            fprintf(o->log, "%s\n", e->msg);
            fflush(o->log);
        }
    }
    for (i = 0; i < c->nsources; i++) {
        if (c->sources[i].format != MONITOR_PROMETHEUS)
            continue;
        tried++;
        if (fetch_prometheus(&c->sources[i], o, e) == 0)
            continue;
        if (failed++ == 0)
            first = *e;
        if (o->log != NULL)
            fprintf(o->log, "%s: failed, nothing saved\n", c->sources[i].name);
    }
    if (tried == 0) {
        err_set(e, RC_CONFIG, c->path, 0,
                "no [statuspage] section has a url to fetch");
        return -1;
    }
    if (failed == 0)
        return 0;
    *e = first;
    if (failed > 1)
        http_err_append(
            e, " (%zu of %zu pages failed; see the log for the others)", failed,
            tried);
    return -1;
}

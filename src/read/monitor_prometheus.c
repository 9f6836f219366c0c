/* monitor_prometheus: format = prometheus. `slacredit fetch` runs the
 * source's PromQL `query` through /api/v1/query_range over the month and
 * archives the responses in the folder `path` (cmd/fetch_prometheus.c);
 * `run` reads only that archive: every *.json file of the folder (the
 * .sha256 files beside them are skipped). Each series is a resource (the
 * value of its `resource_label`); each point at t stands for [t, t + step):
 * value "0" down, "1" up; a step with no point is unknown time. Snapshots of
 * several fetches may overlap: their points are the same samples again.
 * A response is read only when its snapshot's params.txt says it was made
 * with the config's query and step (read/monitor_prometheus.h). */
#include "read/monitor_prometheus.h"

#include "lib/keys.h"
#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "read/monitor.h"
#include "read/monitor_feed.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_step(void *obj, const char *key, const char *v,
                    const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;

    (void)env;
    if (keys_duration(key, v, &m->prom_step, msg, cap) != 0)
        return -1;
    if (m->prom_step <= 0)
        return snprintf(msg, cap, "step: must be at least 1s: %s", v), -1;
    return 0;
}

static int set_url(void *obj, const char *key, const char *v,
                   const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;

    (void)env;
    if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
        return snprintf(msg, cap, "%s: want an http:// or https:// URL: %s",
                        key, v),
               -1;
    free(m->prom_url);
    m->prom_url = xstrdup(v);
    /* "http://host:9090/" and "http://host:9090" are one server. */
    if (m->prom_url[strlen(m->prom_url) - 1] == '/')
        m->prom_url[strlen(m->prom_url) - 1] = '\0';
    return 0;
}

static const struct keys_spec prometheus_keys[] = {
    {.name = "url", .type = KEYS_CUSTOM, .set = set_url},
    {.name = "query",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, prom_query)},
    {.name = "resource_label",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, prom_label)},
    {.name = "step", .type = KEYS_CUSTOM, .set = set_step},
    {.name = NULL},
};

static int prometheus_validate(const struct monsrc *m, char *msg, size_t cap)
{
    if (m->resource_column != NULL || m->status_column != NULL ||
        m->down != NULL || m->ncolumns != 0 || !m->header ||
        m->time_format != NULL || m->time_zone != NULL ||
        m->location_column != NULL)
        return snprintf(msg, cap,
                        "format = prometheus: column, header, status and "
                        "time keys are for CSV formats"),
               -1;
    if (m->interval != 0 || m->confirm > 1 || m->quorum != QUORUM_ANY)
        return snprintf(msg, cap,
                        "format = prometheus: a point stands for the step; "
                        "interval, confirm and quorum are for samples"),
               -1;
    if (m->prom_url == NULL || m->prom_query == NULL || m->prom_label == NULL ||
        m->prom_step == 0)
        return snprintf(msg, cap,
                        "format = prometheus needs url, query, "
                        "resource_label and step"),
               -1;
    return 0;
}

/* A point's time: Prometheus prints seconds with 0 or 3 decimals. Below
 * 2^43 ms a double holds such a number to well under 0.5 ms, so rounding
 * its thousandfold gives the exact milliseconds. */
static const char *point_time(const json_t *v, int64_t *ms)
{
    double x;

    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0 ||
            json_integer_value(v) > ((json_int_t)1 << 43) / 1000)
            return "out of range";
        *ms = (int64_t)json_integer_value(v) * 1000;
        return NULL;
    }
    if (!json_is_real(v))
        return "not a number";
    x = json_real_value(v);
    if (!(x >= 0 && x < (double)((int64_t)1 << 43) / 1000))
        return "out of range";
    *ms = (int64_t)llround(x * 1000);
    return NULL;
}

/* Series i of a response: its resource (the resource_label) and points,
 * handed to f. Returns 0, or -1 with e set (the JSON path of the bad
 * value). */
static int read_series(const struct monsrc *m, const char *path, size_t i,
                       const json_t *series, struct monitor_feed *f,
                       struct err *e)
{
    char sp[64], p[128];
    const json_t *label, *values, *pt;
    size_t j;

    snprintf(sp, sizeof sp, "data.result[%zu]", i);
    label = json_object_get(json_object_get(series, "metric"), m->prom_label);
    if (!json_is_string(label)) {
        snprintf(p, sizeof p, "%s.metric.%s", sp, m->prom_label);
        return monitor_feed_bad(
            e, path, p,
            label == NULL ? "missing (resource_label)" : "not a string", label);
    }
    values = json_object_get(series, "values");
    if (!json_is_array(values)) {
        snprintf(p, sizeof p, "%s.values", sp);
        return monitor_feed_bad(e, path, p, "not an array", values);
    }
    json_array_foreach(values, j, pt)
    {
        const json_t *v = json_array_get(pt, 1);
        const char *why, *s;
        int64_t ms, t;
        enum monitor_state st;

        snprintf(p, sizeof p, "%s.values[%zu]", sp, j);
        if (!json_is_array(pt) || json_array_size(pt) != 2)
            return monitor_feed_bad(e, path, p, "not a [time, value] pair", pt);
        why = point_time(json_array_get(pt, 0), &ms);
        if (why != NULL) {
            snprintf(p, sizeof p, "%s.values[%zu][0]", sp, j);
            return monitor_feed_bad(e, path, p, why, json_array_get(pt, 0));
        }
        s = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(s, "0") == 0)
            st = MONITOR_DOWN;
        else if (strcmp(s, "1") == 0)
            st = MONITOR_UP;
        else {
            snprintf(p, sizeof p, "%s.values[%zu][1]", sp, j);
            return monitor_feed_bad(e, path, p, "want \"0\" or \"1\"", v);
        }
        /* Steps are whole seconds from a whole-second start. */
        t = ms / 1000;
        monitor_feed_period(f, json_string_value(label),
                            json_string_length(label), t, t + m->prom_step, st);
    }
    return 0;
}

/* A response file is read into memory whole, but parsed one series at a
 * time: memory is the file's bytes plus one series (README "Memory"). */
#define PROM_MAX_FILE ((size_t)64 << 20) /* bytes */

static const char prom_what[] = "the JSON of Prometheus's /api/v1/query_range";

/* A response parsed whole: any shape, with the errors of record. */
static int read_whole(const struct monsrc *m, const char *path,
                      const char *text, size_t n, struct monitor_feed *f,
                      struct err *e)
{
    json_t *doc = monitor_feed_parse(f, path, text, n, prom_what, e);
    const json_t *data, *result, *series;
    size_t i;
    int rc = -1;

    if (doc == NULL)
        return -1;
    if (!json_is_object(doc) ||
        !json_is_string(json_object_get(doc, "status")) ||
        strcmp(json_string_value(json_object_get(doc, "status")), "success") !=
            0) {
        monitor_feed_bad(e, path, "status", "not \"success\"",
                         json_is_object(doc) ? json_object_get(doc, "status")
                                             : doc);
        goto out;
    }
    data = json_object_get(doc, "data");
    if (!json_is_object(data) ||
        !json_is_string(json_object_get(data, "resultType")) ||
        strcmp(json_string_value(json_object_get(data, "resultType")),
               "matrix") != 0) {
        monitor_feed_bad(
            e, path, "data.resultType", "not \"matrix\"",
            json_is_object(data) ? json_object_get(data, "resultType") : NULL);
        goto out;
    }
    result = json_object_get(data, "result");
    if (!json_is_array(result)) {
        monitor_feed_bad(e, path, "data.result", "not an array", result);
        goto out;
    }
    json_array_foreach(result, i, series)
    {
        if (read_series(m, path, i, series, f, e) != 0)
            goto out;
    }
    rc = 0;
out:
    json_decref(doc);
    return rc;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* What follows the result array (the end of data, and Prometheus's
 * "warnings" or "infos"), checked as it would be in the whole document:
 * valid JSON, no key twice. */
static bool tail_ok(const char *p, const char *end)
{
    static const char head[] =
        "{\"status\":0,\"data\":{\"resultType\":0,\"result\":[]";
    size_t n = (size_t)(end - p);
    char *t = xmalloc(sizeof head + n);
    json_t *doc;

    memcpy(t, head, sizeof head - 1);
    memcpy(t + sizeof head - 1, p, n);
    doc = json_loadb(t, sizeof head - 1 + n, JSON_REJECT_DUPLICATES, NULL);
    free(t);
    json_decref(doc);
    return doc != NULL;
}

/* A response in the shape Prometheus writes it ({"status":"success",
 * "data":{"resultType":"matrix","result":[...]...}...}, blanks anywhere
 * between tokens) read one series at a time: jansson holds one series,
 * never the whole answer. Returns 0, -1 with e set (a bad series), or 1
 * when the text is not in that shape or not valid JSON: then read_whole()
 * reads it (and words the error). */
static int read_stream(const struct monsrc *m, const char *path,
                       const char *text, size_t n, struct monitor_feed *f,
                       struct err *e)
{
    static const char *const head[] = {
        "{",           "\"status\"", ":",
        "\"success\"", ",",          "\"data\"",
        ":",           "{",          "\"resultType\"",
        ":",           "\"matrix\"", ",",
        "\"result\"",  ":",          "[",
        NULL};
    const char *p = text, *end = text + n;
    size_t k, i;

    for (k = 0; head[k] != NULL; k++) {
        size_t len = strlen(head[k]);
        p = skip_ws(p, end);
        if ((size_t)(end - p) < len || memcmp(p, head[k], len) != 0)
            return 1;
        p += len;
    }
    p = skip_ws(p, end);
    for (i = 0; !(i == 0 && p < end && *p == ']'); i++) {
        json_error_t je;
        json_t *series =
            json_loadb(p, (size_t)(end - p),
                       JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
        int rc;

        if (series == NULL)
            return 1;
        p += je.position;
        rc = read_series(m, path, i, series, f, e);
        json_decref(series);
        if (rc != 0)
            return -1;
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p = skip_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == ']')
            break;
        return 1;
    }
    return tail_ok(p + 1, end) ? 0 : 1;
}

/* One query_range response file. */
static int read_response(const struct monsrc *m, const char *path,
                         struct monitor_feed *f, struct err *e)
{
    size_t n;
    char *text = monitor_feed_slurp(f, path, PROM_MAX_FILE, &n, e);
    int rc;

    if (text == NULL)
        return -1;
    rc = read_stream(m, path, text, n, f, e);
    if (rc == 1)
        rc = read_whole(m, path, text, n, f, e);
    free(text);
    return rc;
}

char *monitor_prometheus_params(const struct monsrc *m)
{
    size_t len = strlen(m->prom_query) + strlen(m->prom_url) + 64;
    char *t = xmalloc(len);

    snprintf(t, len, "query=%s\nstep=%" PRId64 "\nurl=%s\n", m->prom_query,
             m->prom_step, m->prom_url);
    return t;
}

/* The value of "key=" in the params text t (up to its line end) in out.
 * Returns 0, or -1 when t has no such line or it does not fit. */
static int param_value(const char *t, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = t, *end;

    while (*p != '\0') {
        end = strchr(p, '\n');
        if (end == NULL)
            end = p + strlen(p);
        if ((size_t)(end - p) > klen && strncmp(p, key, klen) == 0 &&
            p[klen] == '=') {
            size_t n = (size_t)(end - p) - klen - 1;
            if (n >= cap)
                return -1;
            memcpy(out, p + klen + 1, n);
            out[n] = '\0';
            return 0;
        }
        p = *end == '\n' ? end + 1 : end;
    }
    return -1;
}

/* Checks the params file at path (the snapshot of a response) against m
 * and lists it in f->inputs. Returns 0, or -1 with e set: RC_DATA (missing,
 * or made with another query or step). */
static int check_params(const struct monsrc *m, const char *path,
                        struct monitor_feed *f, struct err *e)
{
    char text[8192], got[4096], hex[65];
    FILE *fp = fopen(path, "rb");
    size_t n;
    uint64_t size;
    int64_t step = 0;

    if (fp == NULL) {
        err_set(e, RC_DATA, path, 0,
                "missing: a query_range response is read only with the "
                "query and step it was fetched with (slacredit fetch "
                "writes them): %s",
                strerror(errno));
        return -1;
    }
    n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    if (param_value(text, "query", got, sizeof got) != 0 ||
        strcmp(got, m->prom_query) != 0) {
        err_set(e, RC_DATA, path, 0,
                "query: the archive was fetched with another query than "
                "[monitoring \"%s\"] has (fetch again, or restore the "
                "query): %s",
                m->name,
                param_value(text, "query", got, sizeof got) == 0 ? got
                                                                 : "missing");
        return -1;
    }
    if (param_value(text, "step", got, sizeof got) != 0 ||
        parse_i64(got, 1, INT64_MAX, &step) != NULL || step != m->prom_step) {
        err_set(e, RC_DATA, path, 0,
                "step: the archive was fetched with step %s, [monitoring "
                "\"%s\"] has %" PRId64 " s (fetch again, or restore the "
                "step)",
                param_value(text, "step", got, sizeof got) == 0 ? got
                                                                : "missing",
                m->name, m->prom_step);
        return -1;
    }
    if (sha_file(path, hex, &size, e) != 0)
        return -1;
    sha_list_add(f->inputs, path, hex, size);
    return 0;
}

/* The params file of response name in folder dir: "<stem>-params.txt"
 * for "<stem>-query_range-....json", else "<name without .json>-params.txt".
 * Caller frees. */
static char *params_path(const char *dir, const char *name)
{
    const char *cut = strstr(name, "-query_range-");
    size_t stem = cut != NULL ? (size_t)(cut - name) : strlen(name) - 5;
    size_t len = strlen(dir) + stem + 16;
    char *p = xmalloc(len);

    snprintf(p, len, "%s/%.*s-params.txt", dir, (int)stem, name);
    return p;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* path is the archive folder: every *.json in it, in byte order. */
static int prometheus_read(const struct monsrc *m, const char *path,
                           struct monitor_feed *f, struct err *e)
{
    DIR *d = opendir(path);
    struct dirent *de;
    char **names = NULL, *last = NULL;
    size_t n = 0, i;
    int rc = 0;

    if (d == NULL) {
        err_set(e, RC_NOINPUT, path, 0,
                "cannot list the archive folder (run slacredit fetch first)");
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 6 ||
            strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        names = xreallocarray(names, n + 1, sizeof *names);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    if (n == 0) {
        err_set(e, RC_NOINPUT, path, 0,
                "no query_range response in the archive folder (run "
                "slacredit fetch first)");
        rc = -1;
    }
    for (i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = strlen(path) + strlen(names[i]) + 2;
            char *full = xmalloc(len), *pp = params_path(path, names[i]);
            snprintf(full, len, "%s/%s", path, names[i]);
            /* one check per snapshot: its responses come one after another */
            if (last == NULL || strcmp(last, pp) != 0) {
                rc = check_params(m, pp, f, e);
                free(last);
                last = pp;
            } else
                free(pp);
            if (rc == 0)
                rc = read_response(m, full, f, e);
            free(full);
        }
        free(names[i]);
    }
    free(last);
    free(names);
    return rc;
}

/* Without its row in monitor_formats.def, MONITOR_PROMETHEUS does not exist. */
_Static_assert(MONITOR_PROMETHEUS < MONITOR_FORMAT_COUNT,
               "monitor_prometheus needs its row");

const struct monitor_format_ops monitor_prometheus = {
    .name = "prometheus",
    .keys = prometheus_keys,
    .validate = prometheus_validate,
    .read_file = prometheus_read,
    .keeps_samples = true,
};

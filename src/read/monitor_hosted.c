/* monitor_hosted: format = uptimerobot | pingdom | statuscake, the JSON that
 * hosted monitors' APIs return, each file read whole (README "Hosted
 * monitors' JSON exports"). Every period read is up, down or unknown and
 * goes to monitor_feed: up and down periods stand for their own length,
 * unknown ones (UptimeRobot's paused, Pingdom's unknown) leave their time
 * unknown, which the `unknown` setting then decides. */
#include "read/monitor.h"

#include "engine/res.h"
#include "lib/keys.h"
#include "lib/when.h"
#include "read/monitor_feed.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const struct keys_spec no_keys[] = {{.name = NULL}};

/* The keys of CSV formats these formats do not read. */
static int hosted_validate(const struct monsrc *m, char *msg, size_t cap)
{
    const char *name = monitor_formats[m->format]->name;

    if (m->resource_column != NULL || m->status_column != NULL ||
        m->down != NULL || m->ncolumns != 0 || !m->header ||
        m->time_format != NULL || m->time_zone != NULL ||
        m->location_column != NULL)
        return snprintf(msg, cap,
                        "format = %s is JSON: column, header, status and "
                        "time keys are for CSV formats",
                        name),
               -1;
    if (m->interval != 0 || m->confirm > 1 || m->quorum != QUORUM_ANY)
        return snprintf(msg, cap,
                        "format = %s: each period has its own length; "
                        "interval, confirm and quorum are for samples",
                        name),
               -1;
    return 0;
}

/* The resource of a file that names none: its name without folder, ".json"
 * and a page suffix "~N" ("exports/api-eu.json" and "exports/api-eu~2.json"
 * are "api-eu"). */
static void file_resource(const char *path, const char **key, size_t *len)
{
    const char *base = strrchr(path, '/');
    size_t n, d;

    base = base != NULL ? base + 1 : path;
    n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    for (d = n; d > 0 && base[d - 1] >= '0' && base[d - 1] <= '9'; d--)
        ;
    if (d < n && d > 1 && base[d - 1] == '~')
        n = d - 1;
    *key = base;
    *len = n;
}

/* An integer member of o, path jpath (for errors). */
static int get_int(const json_t *o, const char *member, const char *path,
                   const char *jpath, int64_t *out, struct err *e)
{
    const json_t *v = json_object_get(o, member);
    const char *why;
    char p[160];

    snprintf(p, sizeof p, "%s.%s", jpath, member);
    if (v == NULL)
        return monitor_feed_bad(e, path, p, "missing", NULL);
    why = monitor_feed_int(v, out);
    if (why != NULL)
        return monitor_feed_bad(e, path, p, why, v);
    return 0;
}

/* An integer member of o that is an instant in epoch seconds: one outside
 * the years 0000 to 9999 (milliseconds) is refused, never a period that
 * silently falls outside every month. */
static int get_epoch(const json_t *o, const char *member, const char *path,
                     const char *jpath, int64_t *out, struct err *e)
{
    char p[160];

    if (get_int(o, member, path, jpath, out, e) != 0)
        return -1;
    if (*out >= WHEN_MIN && *out <= WHEN_MAX)
        return 0;
    snprintf(p, sizeof p, "%s.%s", jpath, member);
    return monitor_feed_bad(e, path, p, WHEN_EPOCH_YEARS,
                            json_object_get(o, member));
}

/* The array member of o (o must be an object). */
static const json_t *get_array(const json_t *o, const char *member,
                               const char *path, const char *jpath,
                               struct err *e)
{
    const json_t *v = json_is_object(o) ? json_object_get(o, member) : NULL;
    char p[160];

    snprintf(p, sizeof p, "%s%s%s", jpath, jpath[0] != '\0' ? "." : "", member);
    if (!json_is_object(o)) {
        monitor_feed_bad(e, path, jpath[0] != '\0' ? jpath : "(document)",
                         "not an object", o);
        return NULL;
    }
    if (v == NULL) {
        monitor_feed_bad(e, path, p, "missing", NULL);
        return NULL;
    }
    if (!json_is_array(v)) {
        monitor_feed_bad(e, path, p, "not an array", v);
        return NULL;
    }
    return v;
}

/* UptimeRobot API v2 getMonitors with logs = 1: monitors[].logs[] of
 * {type, datetime, duration}; type 1 down, 2 up, 98 started (up), 99 paused
 * (unknown). The resource is the monitor's friendly_name, or its id when
 * no subscription names the friendly_name. */
static int uptimerobot_read(const struct monsrc *m, const char *path,
                            struct monitor_feed *f, struct err *e)
{
    json_t *doc = monitor_feed_load(
        f, path, "the JSON of UptimeRobot's getMonitors with logs = 1", e);
    const json_t *mons, *mon, *logs, *log, *stat;
    size_t i, j;
    int rc = -1;

    (void)m;
    if (doc == NULL)
        return -1;
    stat = json_is_object(doc) ? json_object_get(doc, "stat") : NULL;
    if (stat != NULL &&
        !(json_is_string(stat) && strcmp(json_string_value(stat), "ok") == 0)) {
        monitor_feed_bad(e, path, "stat", "not \"ok\" (an error answer)",
                         json_object_get(doc, "error") != NULL
                             ? json_object_get(doc, "error")
                             : stat);
        goto out;
    }
    mons = get_array(doc, "monitors", path, "", e);
    if (mons == NULL)
        goto out;
    json_array_foreach(mons, i, mon)
    {
        char jp[96], id[32];
        const json_t *name;
        const char *key;
        size_t keylen;
        int64_t mid;

        snprintf(jp, sizeof jp, "monitors[%zu]", i);
        if (!json_is_object(mon)) {
            monitor_feed_bad(e, path, jp, "not an object", mon);
            goto out;
        }
        if (get_int(mon, "id", path, jp, &mid, e) != 0)
            goto out;
        name = json_object_get(mon, "friendly_name");
        if (!json_is_string(name)) {
            char p[128];
            snprintf(p, sizeof p, "%s.friendly_name", jp);
            monitor_feed_bad(e, path, p,
                             name == NULL ? "missing" : "not a string", name);
            goto out;
        }
        snprintf(id, sizeof id, "%" PRId64, mid);
        key = json_string_value(name);
        keylen = json_string_length(name);
        if (resmap_get(f->map, key, keylen) == NULL) {
            key = id;
            keylen = strlen(id);
        }
        logs = get_array(mon, "logs", path, jp, e);
        if (logs == NULL)
            goto out;
        json_array_foreach(logs, j, log)
        {
            char lp[128], tp[160];
            int64_t type, t, d, end;
            enum monitor_state s;

            snprintf(lp, sizeof lp, "%s.logs[%zu]", jp, j);
            if (!json_is_object(log)) {
                monitor_feed_bad(e, path, lp, "not an object", log);
                goto out;
            }
            if (get_int(log, "type", path, lp, &type, e) != 0 ||
                get_epoch(log, "datetime", path, lp, &t, e) != 0 ||
                get_int(log, "duration", path, lp, &d, e) != 0)
                goto out;
            snprintf(tp, sizeof tp, "%s.type", lp);
            if (type == 1)
                s = MONITOR_DOWN;
            else if (type == 2 || type == 98)
                s = MONITOR_UP;
            else if (type == 99)
                s = MONITOR_UNKNOWN;
            else {
                monitor_feed_bad(e, path, tp, "want 1, 2, 98 or 99",
                                 json_object_get(log, "type"));
                goto out;
            }
            snprintf(tp, sizeof tp, "%s.duration", lp);
            if (d < 0 || __builtin_add_overflow(t, d, &end)) {
                monitor_feed_bad(e, path, tp,
                                 d < 0 ? "negative" : "out of range",
                                 json_object_get(log, "duration"));
                goto out;
            }
            monitor_feed_period(f, key, keylen, t, end, s);
        }
    }
    rc = 0;
out:
    json_decref(doc);
    return rc;
}

/* The state of member "status" of o (at JSON path at): "up", "down", and
 * "unknown" where with_unknown. Returns 0, or -1 with e set (missing, or
 * "want up or down" / "want up, down or unknown"). */
static int get_status(const json_t *o, const char *path, const char *at,
                      bool with_unknown, enum monitor_state *s, struct err *e)
{
    const json_t *status = json_object_get(o, "status");
    const char *sv = json_is_string(status) ? json_string_value(status) : "";
    char p[128];

    if (strcmp(sv, "up") == 0)
        *s = MONITOR_UP;
    else if (strcmp(sv, "down") == 0)
        *s = MONITOR_DOWN;
    else if (with_unknown && strcmp(sv, "unknown") == 0)
        *s = MONITOR_UNKNOWN;
    else {
        snprintf(p, sizeof p, "%s.status", at);
        monitor_feed_bad(e, path, p,
                         status == NULL ? "missing"
                         : with_unknown ? "want up, down or unknown"
                                        : "want up or down",
                         status);
        return -1;
    }
    return 0;
}

/* Pingdom API 3.1 summary.outage: summary.states[] of {status, timefrom,
 * timeto}; status up, down or unknown. The body does not name the check:
 * the resource is the file's name. */
static int pingdom_read(const struct monsrc *m, const char *path,
                        struct monitor_feed *f, struct err *e)
{
    json_t *doc =
        monitor_feed_load(f, path, "the JSON of Pingdom's summary.outage", e);
    const json_t *summary, *states, *st;
    const char *key;
    size_t keylen, i;
    int rc = -1;

    (void)m;
    if (doc == NULL)
        return -1;
    file_resource(path, &key, &keylen);
    summary = json_is_object(doc) ? json_object_get(doc, "summary") : NULL;
    if (summary == NULL) {
        monitor_feed_bad(e, path, "summary", "missing",
                         json_is_object(doc) ? NULL : doc);
        goto out;
    }
    states = get_array(summary, "states", path, "summary", e);
    if (states == NULL)
        goto out;
    json_array_foreach(states, i, st)
    {
        char sp[96], p[128];
        int64_t from, to;
        enum monitor_state s;

        snprintf(sp, sizeof sp, "summary.states[%zu]", i);
        if (!json_is_object(st)) {
            monitor_feed_bad(e, path, sp, "not an object", st);
            goto out;
        }
        if (get_status(st, path, sp, true, &s, e) != 0)
            goto out;
        if (get_epoch(st, "timefrom", path, sp, &from, e) != 0 ||
            get_epoch(st, "timeto", path, sp, &to, e) != 0)
            goto out;
        if (to < from) {
            snprintf(p, sizeof p, "%s.timeto", sp);
            monitor_feed_bad(e, path, p, "before timefrom",
                             json_object_get(st, "timeto"));
            goto out;
        }
        monitor_feed_period(f, key, keylen, from, to, s);
    }
    rc = 0;
out:
    json_decref(doc);
    return rc;
}

/* An RFC 3339 string member of o (with its offset). */
static int get_time(const json_t *o, const char *member, const char *path,
                    const char *jpath, int64_t *out, struct err *e)
{
    const json_t *v = json_object_get(o, member);
    const char *why;
    char p[160];

    snprintf(p, sizeof p, "%s.%s", jpath, member);
    if (!json_is_string(v))
        return monitor_feed_bad(
            e, path, p, v == NULL ? "missing" : "not an RFC 3339 string", v);
    why =
        when_parse_iso(json_string_value(v), json_string_length(v), NULL, out);
    if (why != NULL)
        return monitor_feed_bad(e, path, p, why, v);
    return 0;
}

/* StatusCake API v1 /uptime/{id}/periods: data[] of {created_at, ended_at,
 * duration (ms), status up|down}. A period ends at ended_at; without it at
 * created_at + duration rounded to the nearest second (half up); without
 * both it is still open and lasts to the end of the time read. The body
 * does not name the test: the resource is the file's name. */
static int statuscake_read(const struct monsrc *m, const char *path,
                           struct monitor_feed *f, struct err *e)
{
    json_t *doc = monitor_feed_load(
        f, path, "the JSON of StatusCake's uptime periods", e);
    const json_t *data, *pd;
    const char *key;
    size_t keylen, i;
    int rc = -1;

    (void)m;
    if (doc == NULL)
        return -1;
    file_resource(path, &key, &keylen);
    data = get_array(doc, "data", path, "", e);
    if (data == NULL)
        goto out;
    json_array_foreach(data, i, pd)
    {
        char pp[96], p[128];
        const json_t *dur;
        int64_t start, end, ms;
        enum monitor_state s;

        snprintf(pp, sizeof pp, "data[%zu]", i);
        if (!json_is_object(pd)) {
            monitor_feed_bad(e, path, pp, "not an object", pd);
            goto out;
        }
        if (get_status(pd, path, pp, false, &s, e) != 0)
            goto out;
        if (get_time(pd, "created_at", path, pp, &start, e) != 0)
            goto out;
        dur = json_object_get(pd, "duration");
        if (dur != NULL) {
            if (get_int(pd, "duration", path, pp, &ms, e) != 0)
                goto out;
            if (ms < 0) {
                snprintf(p, sizeof p, "%s.duration", pp);
                monitor_feed_bad(e, path, p, "negative", dur);
                goto out;
            }
        }
        if (json_object_get(pd, "ended_at") != NULL) {
            if (get_time(pd, "ended_at", path, pp, &end, e) != 0)
                goto out;
            if (end < start) {
                snprintf(p, sizeof p, "%s.ended_at", pp);
                monitor_feed_bad(e, path, p, "before created_at",
                                 json_object_get(pd, "ended_at"));
                goto out;
            }
        } else if (dur != NULL) {
            if (__builtin_add_overflow(start, ms / 1000 + (ms % 1000 >= 500),
                                       &end)) {
                snprintf(p, sizeof p, "%s.duration", pp);
                monitor_feed_bad(e, path, p, "out of range", dur);
                goto out;
            }
        } else {
            end = f->to > start ? f->to : start;
        }
        monitor_feed_period(f, key, keylen, start, end, s);
    }
    rc = 0;
out:
    json_decref(doc);
    return rc;
}

/* Without its row in monitor_formats.def, MONITOR_UPTIMEROBOT does not exist.
 */
_Static_assert(MONITOR_UPTIMEROBOT < MONITOR_FORMAT_COUNT,
               "monitor_uptimerobot needs its row");

const struct monitor_format_ops monitor_uptimerobot = {
    .name = "uptimerobot",
    .keys = no_keys,
    .validate = hosted_validate,
    .read_file = uptimerobot_read,
    .keeps_samples = true,
};

/* Without its row in monitor_formats.def, MONITOR_PINGDOM does not exist. */
_Static_assert(MONITOR_PINGDOM < MONITOR_FORMAT_COUNT,
               "monitor_pingdom needs its row");

const struct monitor_format_ops monitor_pingdom = {
    .name = "pingdom",
    .keys = no_keys,
    .validate = hosted_validate,
    .read_file = pingdom_read,
    .keeps_samples = true,
};

/* Without its row in monitor_formats.def, MONITOR_STATUSCAKE does not exist. */
_Static_assert(MONITOR_STATUSCAKE < MONITOR_FORMAT_COUNT,
               "monitor_statuscake needs its row");

const struct monitor_format_ops monitor_statuscake = {
    .name = "statuscake",
    .keys = no_keys,
    .validate = hosted_validate,
    .read_file = statuscake_read,
    .keeps_samples = true,
};

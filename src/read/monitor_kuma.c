/* monitor_kuma: format = uptime-kuma, Uptime Kuma's own SQLite database,
 * and format = uptime-kuma-api, the JSON of its status-page heartbeat API
 * (kuma.db: tables monitor and heartbeat, README "Uptime Kuma"). The file is
 * opened read-only (SQLITE_OPEN_READONLY and a ?mode=ro URI), with a busy
 * timeout, in one short read transaction, so a running Kuma is never locked
 * out and the file is never written. Kuma's beats come irregularly (a 60 s
 * monitor beats 63-114 s apart: Kuma waits its interval after a check ends),
 * so a heartbeat stands until its monitor's next heartbeat, never longer
 * than max_gap (interval = next): after that the time is unknown (Kuma was
 * stopped). max_gap is the key when given, else 3 x the monitor's longest
 * check interval (interval, or retry_interval when longer). Status 0 (DOWN)
 * and 2 (PENDING, a failed check while retries remain) are down, 1 (UP) is
 * up, 3 (MAINTENANCE) is unknown time; beats of one second (the fraction is
 * dropped) are one beat, down winning. The heartbeat API JSON
 * ({"heartbeatList": {"<monitor id>": [{"status", "time", ...}]}}) carries
 * neither names nor intervals: its resource is the monitor id, and max_gap
 * is the key, else 3 x the section's interval (the monitors' check
 * interval). */
#include "read/monitor.h"

#include "engine/res.h"
#include "lib/civil.h"
#include "lib/keys.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "read/monitor_feed.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a read waits for a writing Kuma to release its lock. */
#define KUMA_BUSY_MS 5000

/* The default max_gap, in check intervals: a beat comes at most one
 * interval plus the check's timeout (below the interval) after the one
 * before; the third interval is slack for a busy Kuma. */
#define KUMA_GAP_INTERVALS 3

/* The beat of a monitor whose end its next beat decides. */
struct kuma_pending {
    bool has;
    const void *who; /* borrowed; the monitor (two may share a key) */
    const char *key; /* borrowed; the resource of the beat */
    size_t keylen;
    int64_t t;   /* epoch s */
    int64_t gap; /* max_gap of its monitor, s */
    enum monitor_state s;
};

/* Ends the pending beat at next (its monitor's next beat), or after its
 * max_gap when next comes later or there is none (has_next false). */
static void kuma_flush(struct monitor_feed *f, struct kuma_pending *p,
                       bool has_next, int64_t next)
{
    int64_t end;

    if (!p->has)
        return;
    if (__builtin_add_overflow(p->t, p->gap, &end))
        end = INT64_MAX;
    if (has_next && next < end)
        end = next;
    monitor_feed_period(f, p->key, p->keylen, p->t, end, p->s);
    p->has = false;
}

/* A beat of monitor who (resource key) at t, beats of one monitor in time
 * order: ends the pending beat and becomes the pending one. A beat at the
 * pending one's second (of the same monitor) is the same beat: down wins,
 * then up. */
static void kuma_beat(struct monitor_feed *f, struct kuma_pending *p,
                      const void *who, const char *key, size_t keylen,
                      int64_t t, int64_t gap, enum monitor_state s)
{
    bool same = p->has && p->who == who;

    if (same && t == p->t) {
        if (s == MONITOR_DOWN || p->s == MONITOR_UNKNOWN)
            p->s = s;
        return;
    }
    kuma_flush(f, p, same, t);
    p->has = true;
    p->who = who;
    p->key = key;
    p->keylen = keylen;
    p->t = t;
    p->gap = gap;
    p->s = s;
}

/* monitors = a comma-separated list of monitor names or ids (names may hold
 * blanks; blanks around an item are dropped). */
static int set_monitors(void *obj, const char *key, const char *v,
                        const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;
    const char *p = v;

    (void)env;
    keys_free_list(m->kuma_monitors, m->nkuma_monitors);
    m->kuma_monitors = NULL;
    m->nkuma_monitors = 0;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        size_t n;
        if (end == NULL)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        n = (size_t)(end - p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 0)
            return snprintf(msg, cap, "%s: an empty item: %s", key, v), -1;
        m->kuma_monitors = xreallocarray(
            m->kuma_monitors, m->nkuma_monitors + 1, sizeof *m->kuma_monitors);
        m->kuma_monitors[m->nkuma_monitors] = xmalloc(n + 1);
        memcpy(m->kuma_monitors[m->nkuma_monitors], p, n);
        m->kuma_monitors[m->nkuma_monitors][n] = '\0';
        m->nkuma_monitors++;
        p = *end == ',' ? end + 1 : end;
    }
    if (m->nkuma_monitors == 0)
        return snprintf(msg, cap, "%s: empty", key), -1;
    return 0;
}

static const struct keys_spec kuma_keys[] = {
    {.name = "monitors", .type = KEYS_CUSTOM, .set = set_monitors},
    {.name = NULL},
};

static int kuma_validate(const struct monsrc *m, char *msg, size_t cap)
{
    if (m->resource_column != NULL || m->status_column != NULL ||
        m->down != NULL || m->ncolumns != 0 || !m->header ||
        m->time_format != NULL || m->time_zone != NULL ||
        m->location_column != NULL)
        return snprintf(msg, cap,
                        "format = uptime-kuma is a database: column, header, "
                        "status and time keys are for CSV formats"),
               -1;
    if (m->interval != 0 || m->interval_next || m->confirm > 1 ||
        m->quorum != QUORUM_ANY)
        return snprintf(msg, cap,
                        "format = uptime-kuma: a heartbeat stands until its "
                        "monitor's next one (at most max_gap); interval, "
                        "confirm and quorum are for samples"),
               -1;
    return 0;
}

struct kuma_monitor {
    int64_t id;
    char *name;
    char idtext[24];
    int64_t interval;
    int64_t gap; /* max_gap of its beats, s */
    bool selected;
    const char *key; /* the resource: name, or idtext */
    size_t keylen;
};

/* Kuma's time text "YYYY-MM-DD HH:MM:SS[.fff]", UTC; the fraction is
 * dropped (floors). Returns NULL, or the reason. */
static const char *kuma_time(const char *s, int64_t *t)
{
    int y, mo, d, h, mi, se, n = 0;
    size_t len = strlen(s), i;

    if (len < 19 ||
        sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) !=
            6 ||
        n != 19)
        return "not a time YYYY-MM-DD HH:MM:SS";
    for (i = 0; i < 19; i++) {
        if ((i == 4 || i == 7)     ? s[i] != '-'
            : i == 10              ? s[i] != ' '
            : (i == 13 || i == 16) ? s[i] != ':'
                                   : (s[i] < '0' || s[i] > '9'))
            return "not a time YYYY-MM-DD HH:MM:SS";
    }
    if (len > 19) {
        if (s[19] != '.' || len == 20)
            return "not a time YYYY-MM-DD HH:MM:SS";
        for (i = 20; i < len; i++)
            if (s[i] < '0' || s[i] > '9')
                return "not a time YYYY-MM-DD HH:MM:SS";
    }
    if (mo < 1 || mo > 12 || d < 1 || d > civil_month_days(y, mo) || h > 23 ||
        mi > 59 || se > 59)
        return "out of range";
    *t = civil_days_from_date(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return NULL;
}

/* t as Kuma writes it, for comparing with the time column as text. */
static void kuma_time_text(int64_t t, char *out, size_t cap)
{
    int64_t days = civil_floor_div(t, 86400), y, s = t - days * 86400;
    int m, d;

    civil_date_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d", y, m, d,
             (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* "file:" URI of path with mode=ro: bytes other than unreserved ones and
 * '/' percent-encoded. */
static char *kuma_uri(const char *path)
{
    size_t n = strlen(path), i, o = 0;
    char *u = xmalloc(n * 3 + 32);

    o += (size_t)sprintf(u, "file:");
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '_' ||
            c == '-' || c == '~')
            u[o++] = (char)c;
        else
            o += (size_t)sprintf(u + o, "%%%02X", c);
    }
    sprintf(u + o, "?mode=ro");
    return u;
}

/* Kuma's status: 1 UP is up, 3 MAINTENANCE unknown, 0 DOWN and 2 PENDING
 * down. */
static enum monitor_state kuma_state(int64_t status)
{
    return status == 1   ? MONITOR_UP
           : status == 3 ? MONITOR_UNKNOWN
                         : MONITOR_DOWN;
}

static int db_error(struct err *e, const char *path, sqlite3 *db,
                    const char *what)
{
    err_set(e, RC_DATA, path, 0, "not an Uptime Kuma database: %s: %s", what,
            db != NULL ? sqlite3_errmsg(db) : "cannot open");
    return -1;
}

/* Prepares the monitor list: with retry_interval (Kuma 1.23 and 2.x), else
 * without it (older databases). */
static int kuma_prepare_monitors(sqlite3 *db, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(db,
                           "SELECT id, name, interval, retry_interval "
                           "FROM monitor ORDER BY id",
                           -1, st, NULL) == SQLITE_OK)
        return 0;
    return sqlite3_prepare_v2(db,
                              "SELECT id, name, interval, 0 FROM monitor "
                              "ORDER BY id",
                              -1, st, NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* Reads table monitor into *mons (sorted by id): each one's resource key,
 * max_gap and whether the section selects it. Returns 0, or -1 with e set. */
static int kuma_monitors(const struct monsrc *m, const char *path, sqlite3 *db,
                         const struct monitor_feed *f,
                         struct kuma_monitor **mons, size_t *nmons,
                         struct err *e)
{
    sqlite3_stmt *st = NULL;
    size_t i, j;
    int r;

    if (kuma_prepare_monitors(db, &st) != 0)
        return db_error(e, path, db, "table monitor");
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct kuma_monitor *k;
        const unsigned char *name = sqlite3_column_text(st, 1);
        int64_t retry = sqlite3_column_int64(st, 3);
        *mons = xreallocarray(*mons, *nmons + 1, sizeof **mons);
        k = &(*mons)[(*nmons)++];
        memset(k, 0, sizeof *k);
        k->id = sqlite3_column_int64(st, 0);
        k->name = xstrdup(name != NULL ? (const char *)name : "");
        snprintf(k->idtext, sizeof k->idtext, "%" PRId64, k->id);
        k->interval = sqlite3_column_int64(st, 2);
        k->selected = m->nkuma_monitors == 0;
        if (sqlite3_column_type(st, 2) != SQLITE_INTEGER || k->interval <= 0 ||
            k->interval > INT32_MAX) {
            err_set(e, RC_DATA, path, 0,
                    "monitor id %" PRId64 ": interval: not a positive whole "
                    "number of seconds: %s",
                    k->id,
                    sqlite3_column_text(st, 2) != NULL
                        ? (const char *)sqlite3_column_text(st, 2)
                        : "NULL");
            sqlite3_finalize(st);
            return -1;
        }
        /* retry_interval 0 (or nonsense) means checks keep the interval */
        if (retry < k->interval || retry > INT32_MAX)
            retry = k->interval;
        k->gap = m->max_gap != 0 ? m->max_gap : KUMA_GAP_INTERVALS * retry;
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE)
        return db_error(e, path, db, "table monitor");
    /* Keys point into mons: only once it no longer moves. */
    for (i = 0; i < *nmons; i++) {
        struct kuma_monitor *k = &(*mons)[i];
        k->key = k->name;
        k->keylen = strlen(k->name);
        if (k->keylen == 0 || resmap_get(f->map, k->key, k->keylen) == NULL) {
            k->key = k->idtext;
            k->keylen = strlen(k->idtext);
        }
    }
    for (j = 0; j < m->nkuma_monitors; j++) {
        bool found = false;
        for (i = 0; i < *nmons; i++) {
            if (strcmp((*mons)[i].name, m->kuma_monitors[j]) == 0 ||
                strcmp((*mons)[i].idtext, m->kuma_monitors[j]) == 0) {
                (*mons)[i].selected = true;
                found = true;
            }
        }
        if (!found)
            return err_set(e, RC_DATA, path, 0,
                           "[monitoring \"%s\"]: monitors: no monitor of "
                           "that name or id: %s",
                           m->name, m->kuma_monitors[j]),
                   -1;
    }
    return 0;
}

/* Reads the beats of the selected monitors from f->from - the longest
 * max_gap (a beat before the time read may stand into it) to f->to. */
static int kuma_beats(const char *path, sqlite3 *db,
                      const struct kuma_monitor *mons, size_t nmons,
                      struct monitor_feed *f, struct err *e)
{
    char lo[32], hi[32];
    sqlite3_stmt *st = NULL;
    struct kuma_pending p = {0};
    size_t i, at = 0;
    int64_t maxgap = 0;
    int r;

    for (i = 0; i < nmons; i++)
        if (mons[i].selected && mons[i].gap > maxgap)
            maxgap = mons[i].gap;
    /* Kuma writes no beat before 1970 */
    kuma_time_text(maxgap < f->from ? f->from - maxgap : 0, lo, sizeof lo);
    kuma_time_text(f->to, hi, sizeof hi);
    if (sqlite3_prepare_v2(db,
                           "SELECT id, monitor_id, status, time FROM heartbeat "
                           "WHERE time >= ?1 AND time < ?2 "
                           "ORDER BY monitor_id, time",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(e, path, db, "table heartbeat");
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t hid = sqlite3_column_int64(st, 0);
        int64_t mid = sqlite3_column_int64(st, 1);
        const unsigned char *tt = sqlite3_column_text(st, 3);
        int64_t t, status = sqlite3_column_int64(st, 2);
        const char *why;

        while (at < nmons && mons[at].id < mid)
            at++;
        if (at == nmons || mons[at].id != mid) {
            /* a beat of a deleted monitor: Kuma deletes them too */
            f->st->rows++;
            f->st->skipped++;
            continue;
        }
        if (!mons[at].selected)
            continue;
        if (sqlite3_column_type(st, 2) != SQLITE_INTEGER || status < 0 ||
            status > 3) {
            const unsigned char *sv = sqlite3_column_text(st, 2);
            err_set(e, RC_DATA, path, 0,
                    "heartbeat id %" PRId64 ": status: want 0, 1, 2 or 3: %s",
                    hid, sv != NULL ? (const char *)sv : "NULL");
            goto fail;
        }
        why = tt != NULL ? kuma_time((const char *)tt, &t) : "missing";
        if (why != NULL) {
            err_set(e, RC_DATA, path, 0,
                    "heartbeat id %" PRId64 ": time: %s: %s", hid, why,
                    tt != NULL ? (const char *)tt : "NULL");
            goto fail;
        }
        kuma_beat(f, &p, &mons[at], mons[at].key, mons[at].keylen, t,
                  mons[at].gap, kuma_state(status));
    }
    if (r != SQLITE_DONE) {
        db_error(e, path, db, "table heartbeat");
        goto fail;
    }
    sqlite3_finalize(st);
    kuma_flush(f, &p, false, 0);
    return 0;
fail:
    sqlite3_finalize(st);
    return -1;
}

static int kuma_read(const struct monsrc *m, const char *path,
                     struct monitor_feed *f, struct err *e)
{
    char hex[65];
    uint64_t size;
    char *uri = NULL;
    sqlite3 *db = NULL;
    struct kuma_monitor *mons = NULL;
    size_t nmons = 0, i;
    int rc = -1;

    if (sha_file(path, hex, &size, e) != 0)
        return -1;
    sha_list_add(f->inputs, path, hex, size);
    f->st->files++;
    f->st->bytes += size;
    uri = kuma_uri(path);
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                        NULL) != SQLITE_OK) {
        err_set(e, RC_NOINPUT, path, 0,
                "cannot open as an Uptime Kuma database: %s",
                db != NULL ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(db, KUMA_BUSY_MS);
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        db_error(e, path, db, "BEGIN");
        goto out;
    }
    if (kuma_monitors(m, path, db, f, &mons, &nmons, e) != 0 ||
        kuma_beats(path, db, mons, nmons, f, e) != 0)
        goto out;
    rc = 0;
out:
    if (db != NULL) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
    }
    for (i = 0; i < nmons; i++)
        free(mons[i].name);
    free(mons);
    free(uri);
    return rc;
}

/* format = uptime-kuma-api: max_gap, or interval (the monitors' check
 * interval, max_gap 3 x that), as the JSON has no interval. */
static int kuma_api_validate(const struct monsrc *m, char *msg, size_t cap)
{
    if (m->resource_column != NULL || m->status_column != NULL ||
        m->down != NULL || m->ncolumns != 0 || !m->header ||
        m->time_format != NULL || m->time_zone != NULL ||
        m->location_column != NULL)
        return snprintf(msg, cap,
                        "format = uptime-kuma-api is JSON: column, header, "
                        "status and time keys are for CSV formats"),
               -1;
    if (m->interval_next)
        return snprintf(msg, cap,
                        "format = uptime-kuma-api: a heartbeat stands until "
                        "its monitor's next one (at most max_gap); interval "
                        "names the monitors' check interval"),
               -1;
    if (m->interval == 0 && m->max_gap == 0)
        return snprintf(msg, cap,
                        "format = uptime-kuma-api needs interval (the "
                        "monitors' check interval; the JSON has none) or "
                        "max_gap"),
               -1;
    if (m->confirm > 1 || m->quorum != QUORUM_ANY)
        return snprintf(msg, cap,
                        "format = uptime-kuma-api: confirm and quorum are for "
                        "samples"),
               -1;
    return 0;
}

struct kuma_api_beat {
    int64_t t; /* epoch s */
    enum monitor_state s;
};

static int cmp_api_beat(const void *a, const void *b)
{
    const struct kuma_api_beat *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (int)x->s - (int)y->s;
}

/* The beats of monitor id (JSON path jp), in time order, handed to f.
 * Returns 0, or -1 with e set. */
static int kuma_api_monitor(const struct monsrc *m, const char *path,
                            const char *id, const char *jp, const json_t *beats,
                            struct monitor_feed *f, struct err *e)
{
    struct kuma_api_beat *v;
    struct kuma_pending p = {0};
    const json_t *b;
    size_t i, n = json_array_size(beats);
    int64_t gap = m->max_gap;

    if (gap == 0 &&
        __builtin_mul_overflow(m->interval, (int64_t)KUMA_GAP_INTERVALS, &gap))
        gap = INT64_MAX;

    v = xcalloc(n != 0 ? n : 1, sizeof *v);
    json_array_foreach(beats, i, b)
    {
        char bp[192];
        const json_t *st = json_object_get(b, "status");
        const json_t *tt = json_object_get(b, "time");
        const char *why;

        snprintf(bp, sizeof bp, "%s[%zu].status", jp, i);
        if (!json_is_integer(st) || json_integer_value(st) < 0 ||
            json_integer_value(st) > 3) {
            monitor_feed_bad(e, path, bp, "want 0, 1, 2 or 3", st);
            free(v);
            return -1;
        }
        v[i].s = kuma_state((int64_t)json_integer_value(st));
        snprintf(bp, sizeof bp, "%s[%zu].time", jp, i);
        why = json_is_string(tt) ? kuma_time(json_string_value(tt), &v[i].t)
                                 : "not a string";
        if (why != NULL) {
            monitor_feed_bad(e, path, bp, why, tt);
            free(v);
            return -1;
        }
    }
    qsort(v, n, sizeof *v, cmp_api_beat);
    for (i = 0; i < n; i++)
        kuma_beat(f, &p, id, id, strlen(id), v[i].t, gap, v[i].s);
    kuma_flush(f, &p, false, 0);
    free(v);
    return 0;
}

static int kuma_api_read(const struct monsrc *m, const char *path,
                         struct monitor_feed *f, struct err *e)
{
    json_t *doc = monitor_feed_load(
        f, path, "the JSON of Uptime Kuma's /api/status-page/heartbeat/<slug>",
        e);
    const json_t *list, *beats;
    const char *id;
    size_t j;
    int rc = -1;

    if (doc == NULL)
        return -1;
    list = json_is_object(doc) ? json_object_get(doc, "heartbeatList") : NULL;
    if (!json_is_object(list)) {
        monitor_feed_bad(e, path, "heartbeatList",
                         list == NULL ? "missing" : "not an object", list);
        goto out;
    }
    for (j = 0; j < m->nkuma_monitors; j++) {
        if (json_object_get(list, m->kuma_monitors[j]) == NULL) {
            err_set(e, RC_DATA, path, 0,
                    "[monitoring \"%s\"]: monitors: no monitor of that id: %s",
                    m->name, m->kuma_monitors[j]);
            goto out;
        }
    }
    json_object_foreach((json_t *)list, id, beats)
    {
        char jp[128];
        bool selected = m->nkuma_monitors == 0;

        for (j = 0; j < m->nkuma_monitors && !selected; j++)
            selected = strcmp(m->kuma_monitors[j], id) == 0;
        if (!selected)
            continue;
        snprintf(jp, sizeof jp, "heartbeatList.%s", id);
        if (!json_is_array(beats)) {
            monitor_feed_bad(e, path, jp, "not an array", beats);
            goto out;
        }
        if (kuma_api_monitor(m, path, id, jp, beats, f, e) != 0)
            goto out;
    }
    rc = 0;
out:
    json_decref(doc);
    return rc;
}

/* Without its row in monitor_formats.def, MONITOR_KUMA_API does not exist. */
_Static_assert(MONITOR_KUMA_API < MONITOR_FORMAT_COUNT,
               "monitor_kuma_api needs its row");

const struct monitor_format_ops monitor_kuma_api = {
    .name = "uptime-kuma-api",
    .keys = kuma_keys,
    .validate = kuma_api_validate,
    .read_file = kuma_api_read,
    .keeps_samples = true,
};

/* Without its row in monitor_formats.def, MONITOR_KUMA does not exist. */
_Static_assert(MONITOR_KUMA < MONITOR_FORMAT_COUNT,
               "monitor_kuma needs its row");

const struct monitor_format_ops monitor_kuma = {
    .name = "uptime-kuma",
    .keys = kuma_keys,
    .validate = kuma_validate,
    .read_file = kuma_read,
    .keeps_samples = true,
};

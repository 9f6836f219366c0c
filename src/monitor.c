/* monitor: monitoring exports to per-resource downtime (see monitor.h). */
#include "monitor.h"

#include "buf.h"
#include "config.h"
#include "parse.h"
#include "res.h"
#include "rx.h"
#include "sha.h"
#include "tz.h"
#include "when.h"
#include "xalloc.h"

#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Distinct status texts remembered with their match result: a status column
 * holds a handful of values, so most rows skip the regex. */
#define STATUS_CACHE 16
#define STATUS_CACHE_LEN 32

enum role { R_TIME, R_RES, R_STATUS, R_END, R_DURATION, NROLES };

struct reader {
    const struct monsrc *src;
    struct resmap *map;
    struct when_fmt *fmt;
    struct monitor_stats *st;
    long col[NROLES];        /* field index per role; -1 unused */
    size_t need;             /* fields a row must have */
    struct res *last;        /* resource of the previous row */
    struct {
        char text[STATUS_CACHE_LEN];
        size_t len;
        bool down;
    } cache[STATUS_CACHE];
    size_t ncache;
    struct csvin *in;
};

static const char *role_column(const struct monsrc *m, enum role r)
{
    switch (r) {
    case R_TIME:
        return m->format == SRC_SAMPLES ? m->time_column : m->start_column;
    case R_RES:
        return m->resource_column;
    case R_STATUS:
        return m->status_column;
    case R_END:
        return m->format == SRC_WINDOWS ? m->end_column : NULL;
    case R_DURATION:
        return m->format == SRC_WINDOWS ? m->duration_column : NULL;
    case NROLES:
        break;
    }
    return NULL;
}

/* Maps role columns to field indexes, from the header row or from the
 * configured column list. */
static int map_columns(struct reader *rd, const char *const *names, size_t n,
                       struct err *e)
{
    bool *keep = xcalloc(n, sizeof *keep);
    size_t i, j;
    int r;

    rd->need = 0;
    for (r = 0; r < NROLES; r++) {
        const char *want = role_column(rd->src, (enum role)r);
        rd->col[r] = -1;
        if (want == NULL)
            continue;
        for (i = 0; i < n; i++) {
            if (strcmp(names[i], want) == 0)
                break;
        }
        if (i == n) {
            struct buf have;
            buf_init(&have, 200);
            for (j = 0; j < n; j++)
                buf_printf(&have, "%s%s", j > 0 ? ", " : "", names[j]);
            err_set(e, RC_DATA, NULL, 0,
                    "missing column %s (the header has: %s)", want,
                    buf_str(&have));
            buf_free(&have);
            free(keep);
            return -1;
        }
        rd->col[r] = (long)i;
        keep[i] = true;
        if (i + 1 > rd->need)
            rd->need = i + 1;
    }
    csvin_keep(rd->in, keep, n);
    free(keep);
    return 0;
}

static bool status_down(struct reader *rd, const char *s, size_t len)
{
    size_t i;
    bool down;

    for (i = 0; i < rd->ncache; i++) {
        if (rd->cache[i].len == len && memcmp(rd->cache[i].text, s, len) == 0)
            return rd->cache[i].down;
    }
    down = rx_match(rd->src->down, s, len);
    if (rd->ncache < STATUS_CACHE && len < STATUS_CACHE_LEN) {
        memcpy(rd->cache[rd->ncache].text, s, len);
        rd->cache[rd->ncache].len = len;
        rd->cache[rd->ncache].down = down;
        rd->ncache++;
    }
    return down;
}

static int bad_field(const struct reader *rd, enum role r, const char *why,
                     const char *value, struct err *e)
{
    err_set(e, RC_DATA, NULL, 0, "%s: %s: %s", role_column(rd->src, r), why,
            value);
    return -1;
}

static int row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct reader *rd = ctx;
    const struct monsrc *m = rd->src;
    const char *key, *why;
    size_t keylen;
    struct res *res;
    int64_t start, end;

    if (rec->index == 0 && m->header)
        return map_columns(rd, rec->f, rec->n, e);
    if (rec->n < rd->need) {
        err_set(e, RC_DATA, NULL, 0, "want at least %zu fields, got %zu",
                rd->need, rec->n);
        return -1;
    }
    rd->st->rows++;
    key = rec->f[rd->col[R_RES]];
    keylen = rec->len[rd->col[R_RES]];
    if (keylen == 0)
        return bad_field(rd, R_RES, "empty", "", e);
    res = rd->last;
    if (res == NULL || strncmp(res->key, key, keylen) != 0 ||
        res->key[keylen] != '\0') {
        res = resmap_get(rd->map, key, keylen);
        if (res == NULL) {
            rd->st->skipped++;
            return 0;
        }
        rd->last = res;
    }
    if (res->source == NULL)
        res->source = m->name;
    res->rows++;
    if (rd->col[R_STATUS] >= 0 &&
        !status_down(rd, rec->f[rd->col[R_STATUS]], rec->len[rd->col[R_STATUS]]))
        return 0;
    why = when_fmt_parse(rd->fmt, rec->f[rd->col[R_TIME]],
                         rec->len[rd->col[R_TIME]], &start);
    if (why != NULL)
        return bad_field(rd, R_TIME, why, rec->f[rd->col[R_TIME]], e);
    if (m->format == SRC_SAMPLES) {
        end = start + m->interval;
    } else if (rd->col[R_END] >= 0) {
        why = when_fmt_parse(rd->fmt, rec->f[rd->col[R_END]],
                             rec->len[rd->col[R_END]], &end);
        if (why != NULL)
            return bad_field(rd, R_END, why, rec->f[rd->col[R_END]], e);
        if (end < start)
            return bad_field(rd, R_END, "before the start",
                             rec->f[rd->col[R_END]], e);
    } else {
        int64_t len;
        why = monitor_parse_length(rec->f[rd->col[R_DURATION]], m->duration_unit,
                                   &len);
        if (why != NULL)
            return bad_field(rd, R_DURATION, why,
                             rec->f[rd->col[R_DURATION]], e);
        end = start + len;
    }
    rd->st->down++;
    ivset_add(&res->down, start, end);
    return 0;
}

static int read_file(struct reader *rd, const char *path,
                     struct sha_list *inputs, const struct monitor_progress *pg,
                     struct err *e)
{
    struct csvin_opts o;
    struct sha *h = sha_new();
    char hex[65];
    struct stat sb;
    int rc = -1;

    memset(&o, 0, sizeof o);
    o.delim = rd->src->delim;
    o.digest = h;
    if (pg != NULL) {
        o.progress = pg->fn;
        o.progress_ctx = pg->ctx;
    }
    rd->in = csvin_open(path, &o, e);
    if (rd->in == NULL)
        goto out;
    if (pg != NULL && pg->file != NULL)
        pg->file(pg->ctx, path, stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0);
    rd->last = NULL;
    if (!rd->src->header &&
        map_columns(rd, (const char *const *)rd->src->columns,
                    rd->src->ncolumns, e) != 0) {
        err_locate(e, path, 0);
        goto out;
    }
    if (csvin_each(rd->in, row, rd, e) != 0)
        goto out;
    sha_final(h, hex);
    if (stat(path, &sb) == 0) {
        sha_list_add(inputs, path, hex, (uint64_t)sb.st_size);
        rd->st->bytes += (uint64_t)sb.st_size;
    }
    rd->st->files++;
    rc = 0;
out:
    csvin_close(rd->in);
    rd->in = NULL;
    sha_free(h);
    return rc;
}

int monitor_read(const struct monsrc *src, int64_t from, int64_t to,
                 struct resmap *map, struct sha_list *inputs,
                 struct monitor_stats *st, const struct monitor_progress *progress,
                 struct err *e)
{
    struct reader rd;
    struct tz *zone = NULL;
    glob_t g;
    size_t i;
    int rc = -1, grc;

    memset(&rd, 0, sizeof rd);
    rd.src = src;
    rd.map = map;
    rd.st = st;
    memset(&g, 0, sizeof g);
    zone = tz_open(src->time_zone, from, to, NULL, e);
    if (zone == NULL)
        goto out;
    rd.fmt = when_fmt_new(src->time_format, zone, e);
    if (rd.fmt == NULL)
        goto out;
    grc = glob(src->path, GLOB_ERR, NULL, &g);
    if (grc == GLOB_NOMATCH) {
        err_set(e, RC_NOINPUT, NULL, 0,
                "[monitoring \"%s\"]: no file matches %s", src->name,
                src->path);
        goto out;
    }
    if (grc != 0) {
        err_set(e, RC_IOERR, NULL, 0, "[monitoring \"%s\"]: cannot list %s",
                src->name, src->path);
        goto out;
    }
    for (i = 0; i < g.gl_pathc; i++) {
        if (read_file(&rd, g.gl_pathv[i], inputs, progress, e) != 0)
            goto out;
    }
    rc = 0;
out:
    globfree(&g);
    when_fmt_free(rd.fmt);
    tz_free(zone);
    return rc;
}

/* "13 hrs, 2 mins" (UptimeRobot): hours and minutes with units. */
static const char *parse_hrs_mins(const char *s, int64_t *secs)
{
    int64_t h, mnt;
    const char *p = s, *q;

    q = strchr(p, ' ');
    if (q == NULL || parse_i64n(p, (size_t)(q - p), 0, 1000000, &h) != NULL ||
        strncmp(q, " hrs, ", 6) != 0)
        return "not a length";
    p = q + 6;
    q = strchr(p, ' ');
    if (q == NULL || parse_i64n(p, (size_t)(q - p), 0, 59, &mnt) != NULL ||
        strcmp(q, " mins") != 0)
        return "not a length";
    *secs = h * 3600 + mnt * 60;
    return NULL;
}

const char *monitor_parse_length(const char *s, int64_t unit, int64_t *secs)
{
    char digits[32];
    size_t n = 0, group = 0, i;
    bool grouped = false;
    int64_t v;

    if (strchr(s, ' ') != NULL)
        return parse_hrs_mins(s, secs);
    if (strchr(s, ':') != NULL) {
        int64_t h, mnt, sec;
        const char *a = strchr(s, ':'), *b = a != NULL ? strchr(a + 1, ':') : NULL;
        if (b == NULL || parse_i64n(s, (size_t)(a - s), 0, 1000000, &h) != NULL ||
            parse_i64n(a + 1, (size_t)(b - a - 1), 0, 59, &mnt) != NULL ||
            b - a != 3 || parse_i64(b + 1, 0, 59, &sec) != NULL ||
            strlen(b + 1) != 2)
            return "not a length";
        *secs = h * 3600 + mnt * 60 + sec;
        return NULL;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] == ',') {
            if ((grouped && group != 3) || (!grouped && (group == 0 || group > 3)))
                return "not a length";
            grouped = true;
            group = 0;
            continue;
        }
        if (n + 1 >= sizeof digits)
            return "too large";
        digits[n++] = s[i];
        group++;
    }
    if (grouped && group != 3)
        return "not a length";
    digits[n] = '\0';
    if (parse_i64(digits, 0, INT64_MAX, &v) != NULL)
        return "not a length";
    if (__builtin_mul_overflow(v, unit, secs))
        return "too large";
    return NULL;
}

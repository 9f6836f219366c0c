/* monitor_feed: periods of whole-file monitoring formats into the samples
 * every later stage reads (see the header). */
#include "read/monitor_feed.h"

#include "engine/res.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "read/monitor.h"
#include "read/monitor_tab.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void monitor_feed_period(struct monitor_feed *f, const char *key, size_t len,
                         int64_t start, int64_t end, enum monitor_state s)
{
    struct res *r = resmap_get(f->map, key, len);
    struct fidelity_loc *loc;

    f->st->rows++;
    if (r == NULL) {
        f->st->skipped++;
        return;
    }
    monitor_tab_count(f->tab, r->index, 1);
    /* The samples of one location, named "" like those of a samples source
     * without location_column. */
    loc = monitor_tab_loc(f->tab, r->index, f->src, "", 0);
    if (s == MONITOR_UNKNOWN || end <= start)
        return;
    fidelity_loc_add(loc, start, end - start, s == MONITOR_DOWN);
    f->st->down += s == MONITOR_DOWN;
}

char *monitor_feed_slurp(struct monitor_feed *f, const char *path, size_t max,
                         size_t *len, struct err *e)
{
    FILE *fp = fopen(path, "rb");
    char *data = NULL, hex[65];
    size_t n = 0, cap = 0, got;
    struct sha *h;

    if (fp == NULL) {
        err_set(e, RC_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    for (;;) {
        if (cap - n < 65536) {
            cap = cap * 2 + 65536;
            data = xrealloc(data, cap + 1);
        }
        got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
        if (n > max) {
            fclose(fp);
            free(data);
            err_set(e, RC_DATA, path, 0,
                    "larger than %d MiB: format = %s reads one API response "
                    "per file (save each page of the listing in a file of "
                    "its own)",
                    (int)(max >> 20), monitor_formats[f->src->format]->name);
            return NULL;
        }
    }
    if (ferror(fp)) {
        fclose(fp);
        free(data);
        err_set(e, RC_IOERR, path, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    fclose(fp);
    data[n] = '\0';
    h = sha_new();
    sha_update(h, data, n);
    sha_final(h, hex);
    sha_free(h);
    sha_list_add(f->inputs, path, hex, n);
    f->st->files++;
    f->st->bytes += n;
    *len = n;
    return data;
}

json_t *monitor_feed_parse(const struct monitor_feed *f, const char *path,
                           const char *data, size_t n, const char *what,
                           struct err *e)
{
    json_error_t je;
    json_t *doc = json_loadb(data, n, JSON_REJECT_DUPLICATES, &je);

    if (doc == NULL)
        err_set(e, RC_DATA, path, je.line > 0 ? (long)je.line : 0,
                "not JSON: format = %s reads %s: %s",
                monitor_formats[f->src->format]->name, what, je.text);
    return doc;
}

json_t *monitor_feed_load(struct monitor_feed *f, const char *path,
                          const char *what, struct err *e)
{
    size_t n;
    char *data = monitor_feed_slurp(f, path, MONITOR_FEED_WHOLE, &n, e);
    json_t *doc;

    if (data == NULL)
        return NULL;
    doc = monitor_feed_parse(f, path, data, n, what, e);
    free(data);
    return doc;
}

int monitor_feed_bad(struct err *e, const char *path, const char *jpath,
                     const char *why, const json_t *v)
{
    char *text = NULL;

    if (v != NULL)
        text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (text != NULL && strlen(text) > 60)
        strcpy(text + 57, "...");
    err_set(e, RC_DATA, path, 0, "%s: %s: %s", jpath, why,
            v == NULL      ? "missing"
            : text != NULL ? text
                           : "?");
    free(text);
    return -1;
}

const char *monitor_feed_int(const json_t *v, int64_t *out)
{
    const char *s;
    char *end;
    long long x;

    if (json_is_integer(v)) {
        *out = (int64_t)json_integer_value(v);
        return NULL;
    }
    if (!json_is_string(v))
        return "not an integer";
    s = json_string_value(v);
    if (s[0] < '0' || s[0] > '9')
        return "not an integer";
    errno = 0;
    x = strtoll(s, &end, 10);
    if (*end != '\0')
        return "not an integer";
    if (errno == ERANGE)
        return "out of range";
    *out = (int64_t)x;
    return NULL;
}

void monitor_feed_json_hint(const struct monsrc *src, const char *path,
                            struct err *e)
{
    FILE *fp;
    int c;
    size_t i;

    if (e->rc != RC_DATA || strcmp(e->file, path) != 0)
        return;
    fp = fopen(path, "rb");
    if (fp == NULL)
        return;
    c = getc(fp);
    if (c == 0xEF && getc(fp) == 0xBB && getc(fp) == 0xBF)
        c = getc(fp);
    for (i = 0; i < 4096 && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
         i++)
        c = getc(fp);
    fclose(fp);
    if (c != '{' && c != '[')
        return;
    err_set(e, RC_DATA, path, 0,
            "JSON, not CSV: format = %s reads CSV; a hosted monitor's JSON "
            "export needs format = uptimerobot, pingdom or statuscake",
            monitor_formats[src->format]->name);
}

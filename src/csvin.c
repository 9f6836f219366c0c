/* csvin: libcsv-driven record reader with line numbers (see csvin.h).
 *
 * libcsv delivers fields and row ends through callbacks while it parses a
 * block. With CSV_REPALL_NL it reports every line end, which is how lines are
 * counted: a row end on '\n' advances the line, and so does every '\n' inside
 * a (quoted) field. Zero-field rows are blank lines or the LF of a CRLF pair
 * and are skipped. */
#include "csvin.h"

#include "buf.h"
#include "sha.h"
#include "xalloc.h"

#include <csv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 16)
#define FIELD_MAX (1u << 20)
#define PROGRESS_EVERY (8u << 20)

struct csvin {
    char *path;
    FILE *fp;
    struct csv_parser p;
    struct csvin_opts o;
    unsigned char *blk;

    bool *keep;        /* NULL: keep every column */
    size_t nkeep;

    struct buf data;   /* field texts of the current record, NUL-separated */
    size_t *off;       /* offset of each field in data */
    size_t *len;       /* length of each field */
    const char **f;    /* pointers handed to the callback */
    size_t nf, capf;

    long line;         /* lines completed before the current record */
    long inner;        /* newlines inside fields of the current record */
    uint64_t index;
    bool too_long;

    csvin_row_fn fn;
    void *ctx;
    struct err *e;
    bool failed;
};

struct csvin *csvin_open(const char *path, const struct csvin_opts *opts,
                         struct err *e)
{
    struct csvin *r;
    FILE *fp = fopen(path, "rb");

    if (fp == NULL) {
        err_set(e, RC_NOINPUT, path, 0,
                "cannot open: %s", strerror(errno));
        return NULL;
    }
    r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->fp = fp;
    if (opts != NULL)
        r->o = *opts;
    if (r->o.delim == 0)
        r->o.delim = ',';
    r->blk = xmalloc(BLOCK);
    buf_init(&r->data, FIELD_MAX * 4);
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                            CSV_REPALL_NL) != 0) {
        csvin_close(r);
        err_set(e, RC_OSERR, path, 0, "cannot set up the CSV parser");
        return NULL;
    }
    csv_set_delim(&r->p, r->o.delim);
    return r;
}

void csvin_keep(struct csvin *r, const bool *keep, size_t n)
{
    free(r->keep);
    r->keep = xcalloc(n, sizeof *keep);
    memcpy(r->keep, keep, n * sizeof *keep);
    r->nkeep = n;
}

static void on_field(void *s, size_t n, void *data)
{
    struct csvin *r = data;
    const char *t = s;
    size_t i = r->nf;

    if (r->failed)
        return;
    if (i == r->capf) {
        r->capf = r->capf != 0 ? r->capf * 2 : 16;
        r->off = xreallocarray(r->off, r->capf, sizeof *r->off);
        r->len = xreallocarray(r->len, r->capf, sizeof *r->len);
        r->f = xreallocarray(r->f, r->capf, sizeof *r->f);
    }
    if (n > 0 && memchr(t, '\n', n) != NULL) {
        const char *p = t, *end = t + n;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            r->inner++;
            p++;
        }
    }
    if (n > FIELD_MAX)
        r->too_long = true;
    if (r->keep != NULL && (i >= r->nkeep || !r->keep[i]))
        n = 0;
    r->off[i] = r->data.len;
    r->len[i] = n;
    if (buf_append(&r->data, t != NULL ? t : "", n) != 0 ||
        buf_append(&r->data, "", 1) != 0)
        r->too_long = true;
    r->nf++;
}

static void on_row(int c, void *data)
{
    struct csvin *r = data;
    struct csvrec rec;
    size_t i;

    if (!r->failed && r->nf > 0) {
        if (r->too_long) {
            err_set(r->e, RC_DATA, r->path, r->line + 1,
                    "record too long: a field or the record passes %u bytes",
                    FIELD_MAX);
            r->failed = true;
        } else {
            for (i = 0; i < r->nf; i++)
                r->f[i] = r->data.p + r->off[i];
            rec.n = r->nf;
            rec.f = r->f;
            rec.len = r->len;
            rec.line = r->line + 1;
            rec.index = r->index++;
            if (r->fn(r->ctx, &rec, r->e) != 0) {
                err_locate(r->e, r->path, rec.line);
                r->failed = true;
            }
        }
    }
    r->line += r->inner + (c == '\n' ? 1 : 0);
    r->inner = 0;
    r->nf = 0;
    r->too_long = false;
    buf_reset(&r->data);
}

static int fail_csv(struct csvin *r, struct err *e)
{
    err_set(e, RC_DATA, r->path, r->line + 1, "malformed CSV: %s",
            csv_strerror(csv_error(&r->p)));
    return -1;
}

int csvin_each(struct csvin *r, csvin_row_fn fn, void *ctx, struct err *e)
{
    size_t n, skip = 0;
    uint64_t total = 0, next_report = PROGRESS_EVERY;
    bool first = true;

    r->fn = fn;
    r->ctx = ctx;
    r->e = e;
    r->failed = false;
    while ((n = fread(r->blk, 1, BLOCK, r->fp)) > 0) {
        if (r->o.digest != NULL)
            sha_update(r->o.digest, r->blk, n);
        total += n;
        skip = 0;
        if (first && n >= 3 && memcmp(r->blk, "\xEF\xBB\xBF", 3) == 0)
            skip = 3;
        first = false;
        if (csv_parse(&r->p, r->blk + skip, n - skip, on_field, on_row, r) !=
            n - skip) {
            if (r->failed)
                return -1;
            return fail_csv(r, e);
        }
        if (r->failed)
            return -1;
        if (r->o.progress != NULL && total >= next_report) {
            r->o.progress(r->o.progress_ctx, total);
            next_report = total + PROGRESS_EVERY;
        }
    }
    if (ferror(r->fp)) {
        err_set(e, RC_IOERR, r->path, 0, "read error: %s", strerror(errno));
        return -1;
    }
    if (csv_fini(&r->p, on_field, on_row, r) != 0)
        return fail_csv(r, e);
    if (r->failed)
        return -1;
    if (r->o.progress != NULL)
        r->o.progress(r->o.progress_ctx, total);
    return 0;
}

const char *csvin_path(const struct csvin *r)
{
    return r->path;
}

void csvin_close(struct csvin *r)
{
    if (r == NULL)
        return;
    csv_free(&r->p);
    if (r->fp != NULL)
        fclose(r->fp);
    buf_free(&r->data);
    free(r->keep);
    free(r->off);
    free(r->len);
    free(r->f);
    free(r->blk);
    free(r->path);
    free(r);
}

long csvin_find(const struct csvrec *rec, const char *name)
{
    size_t i;

    for (i = 0; i < rec->n; i++) {
        if (strcmp(rec->f[i], name) == 0)
            return (long)i;
    }
    return -1;
}

/* ledger: issued adjustments, locked, checksummed (see ledger.h). */
#include "ledger.h"

#include "buf.h"
#include "csvin.h"
#include "csvout.h"
#include "fault.h"
#include "parse.h"
#include "report.h"
#include "sha.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER                                                                 \
    "adjustment_id,period,subscription_id,policy,amount_minor,currency,"       \
    "remedy,extension_seconds,checksum"

struct entry {
    char *base;   /* id without ":rN" */
    int revision; /* 0, or N of ":rN" */
    int64_t amount;
    int64_t extension;
    char remedy[32];
};

struct ledger {
    char *path;
    int fd;          /* locked */
    struct entry *v; /* sorted by base after reading */
    size_t n;
    bool ends_in_newline;
    bool empty; /* no header yet */
};

static void checksum(const char *text, size_t len, char out[17])
{
    struct sha *h = sha_new();
    char hex[65];

    sha_update(h, text, len);
    sha_final(h, hex);
    sha_free(h);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

size_t ledger_format_line(const struct credit_row *r, char *out, size_t cap)
{
    struct buf b;
    char amount[24], ext[24], sum[17];
    const char *f[8];
    size_t len = 0;

    snprintf(amount, sizeof amount, "%lld", (long long)r->amount);
    snprintf(ext, sizeof ext, "%lld", (long long)r->extension);
    f[0] = r->adjustment_id;
    f[1] = r->period;
    f[2] = r->subscription;
    f[3] = r->policy;
    f[4] = amount;
    f[5] = r->currency;
    f[6] = r->remedy;
    f[7] = ext;
    buf_init(&b, 0);
    csvout_row(&b, f, 8);
    b.len--; /* the LF */
    checksum(b.p, b.len, sum);
    if (b.len + 1 + 16 + 1 <= cap) {
        memcpy(out, b.p, b.len);
        out[b.len] = ',';
        memcpy(out + b.len + 1, sum, 17);
        len = b.len + 17;
    }
    buf_free(&b);
    return len;
}

/* Splits "BASE:rN" into base and revision. */
static void split_id(const char *id, char **base, int *rev)
{
    const char *r = strrchr(id, ':');
    int64_t n;

    if (r != NULL && r[1] == 'r' && parse_i64(r + 2, 1, 1000000, &n) == NULL) {
        *base = xstrndup(id, (size_t)(r - id));
        *rev = (int)n;
        return;
    }
    *base = xstrdup(id);
    *rev = 0;
}

struct reader {
    struct ledger *l;
    const char *path;
    char *text; /* the whole file, to checksum lines exactly */
    size_t len;
    size_t pos;   /* start of line posline in text */
    long posline; /* 1-based */
};

/* The bytes of line number line (1-based), without its LF. Lines are asked
 * for in increasing order, so the search goes on from the last one found. */
static const char *line_text(struct reader *rd, long line, size_t *len)
{
    const char *p = rd->text + rd->pos, *end = rd->text + rd->len, *nl;

    for (; rd->posline < line && p < end; rd->posline++) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    rd->pos = (size_t)(p - rd->text);
    nl = memchr(p, '\n', (size_t)(end - p));
    *len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
    return p;
}

static int row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct reader *rd = ctx;
    struct ledger *l = rd->l;
    struct entry *x;
    const char *text, *why;
    size_t len;
    char sum[17];

    if (rec->index == 0) {
        text = line_text(rd, rec->line, &len);
        if (text == NULL || len != strlen(HEADER) ||
            memcmp(text, HEADER, len) != 0) {
            err_set(e, RC_DATA, NULL, 0,
                    "not a slacredit ledger: want the "
                    "header " HEADER);
            return -1;
        }
        return 0;
    }
    if (rec->n != 9) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: want 9 fields, "
                "got %zu",
                rec->n);
        return -1;
    }
    text = line_text(rd, rec->line, &len);
    if (text == NULL || len < 17 || text[len - 17] != ',') {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: no checksum");
        return -1;
    }
    checksum(text, len - 17, sum);
    if (memcmp(sum, text + len - 16, 16) != 0) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: checksum does not match: %s", rec->f[8]);
        return -1;
    }
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    x = &l->v[l->n];
    memset(x, 0, sizeof *x);
    if ((why = parse_i64(rec->f[4], INT64_MIN, INT64_MAX, &x->amount)) !=
            NULL ||
        (why = parse_i64(rec->f[7], INT64_MIN, INT64_MAX, &x->extension)) !=
            NULL) {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: amount: %s", why);
        return -1;
    }
    split_id(rec->f[0], &x->base, &x->revision);
    snprintf(x->remedy, sizeof x->remedy, "%s", rec->f[6]);
    l->n++;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->base, y->base);

    if (c != 0)
        return c;
    return x->revision < y->revision ? -1 : x->revision > y->revision;
}

static int read_all(struct ledger *l, struct err *e)
{
    struct reader rd;
    struct csvin *in;
    struct stat sb;
    ssize_t got;
    int rc;

    memset(&rd, 0, sizeof rd);
    if (fstat(l->fd, &sb) != 0) {
        err_set(e, RC_IOERR, l->path, 0, "cannot stat: %s", strerror(errno));
        return -1;
    }
    l->empty = sb.st_size == 0;
    l->ends_in_newline = true;
    if (l->empty)
        return 0;
    rd.l = l;
    rd.path = l->path;
    rd.posline = 1;
    rd.len = (size_t)sb.st_size;
    rd.text = xmalloc(rd.len);
    got = pread(l->fd, rd.text, rd.len, 0);
    if (got < 0 || (size_t)got != rd.len) {
        err_set(e, RC_IOERR, l->path, 0, "cannot read: %s", strerror(errno));
        free(rd.text);
        return -1;
    }
    l->ends_in_newline = rd.text[rd.len - 1] == '\n';
    in = csvin_open(l->path, NULL, e);
    rc = in != NULL ? csvin_each(in, row, &rd, e) : -1;
    csvin_close(in);
    free(rd.text);
    if (rc == 0 && !l->ends_in_newline) {
        err_set(e, RC_DATA, l->path, 0,
                "damaged ledger: the last line has no line end (an "
                "interrupted append?)");
        rc = -1;
    }
    if (rc == 0)
        qsort(l->v, l->n, sizeof *l->v, cmp_entry);
    return rc;
}

struct ledger *ledger_open(const char *path, const char *wait_note,
                           struct err *e)
{
    struct ledger *l = xcalloc(1, sizeof *l);

    l->path = xstrdup(path);
    l->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (l->fd < 0) {
        err_set(e, errno == ENOENT ? RC_NOINPUT : RC_IOERR, path, 0,
                "cannot open ledger: %s", strerror(errno));
        ledger_close(l);
        return NULL;
    }
    if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            err_set(e, RC_IOERR, path, 0, "cannot lock ledger: %s",
                    strerror(errno));
            ledger_close(l);
            return NULL;
        }
        if (wait_note != NULL)
            fprintf(stderr, "%s\n", wait_note);
        if (flock(l->fd, LOCK_EX) != 0) {
            err_set(e, RC_IOERR, path, 0, "cannot lock ledger: %s",
                    strerror(errno));
            ledger_close(l);
            return NULL;
        }
    }
    if (read_all(l, e) != 0) {
        ledger_close(l);
        return NULL;
    }
    return l;
}

void ledger_issued(const struct ledger *l, const char *base,
                   struct ledger_issued *out)
{
    size_t lo = 0, hi = l->n, i;

    memset(out, 0, sizeof *out);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->v[mid].base, base) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo; i < l->n && strcmp(l->v[i].base, base) == 0; i++) {
        out->found = true;
        out->amount += l->v[i].amount;
        out->extension += l->v[i].extension;
        if (l->v[i].revision >= out->last_revision) {
            out->last_revision = l->v[i].revision;
            snprintf(out->remedy, sizeof out->remedy, "%s", l->v[i].remedy);
        }
    }
}

int ledger_append(struct ledger *l, const struct credit_row *rows, size_t n,
                  struct err *e)
{
    struct buf b;
    char line[1024];
    size_t i, off = 0;
    int rc = -1;

    buf_init(&b, 0);
    if (l->empty)
        buf_puts(&b, HEADER "\n");
    for (i = 0; i < n; i++) {
        size_t len = ledger_format_line(&rows[i], line, sizeof line);
        if (len == 0) {
            err_set(e, RC_SOFTWARE, l->path, 0, "ledger line too long: %s",
                    rows[i].adjustment_id);
            goto out;
        }
        buf_append(&b, line, len);
        buf_append(&b, "\n", 1);
    }
    while (off < b.len) {
        ssize_t w =
            fault_hit("write") ? -1 : write(l->fd, b.p + off, b.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_set(e, RC_IOERR, l->path, 0, "cannot append to ledger: %s",
                    w < 0 ? strerror(errno) : "no progress");
            goto out;
        }
        off += (size_t)w;
    }
    if ((fault_hit("fsync") ? -1 : fsync(l->fd)) != 0) {
        err_set(e, RC_IOERR, l->path, 0, "cannot fsync ledger: %s",
                strerror(errno));
        goto out;
    }
    l->empty = false;
    rc = 0;
out:
    buf_free(&b);
    return rc;
}

size_t ledger_count(const struct ledger *l)
{
    return l->n;
}

void ledger_close(struct ledger *l)
{
    size_t i;

    if (l == NULL)
        return;
    if (l->fd >= 0)
        close(l->fd); /* releases the lock */
    for (i = 0; i < l->n; i++)
        free(l->v[i].base);
    free(l->v);
    free(l->path);
    free(l);
}

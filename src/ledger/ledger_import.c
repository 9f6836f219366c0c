/* ledger_import: a new ledger from a CSV ledger of the earlier format (see
 * ledger.h). */
#include "ledger/ledger.h"
#include "ledger_db.h"

#include "lib/csvin.h"
#include "lib/fault.h"
#include "lib/ident.h"
#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "write/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* ---- import of the earlier CSV format ----------------------------------- */

#define OLD_HEADER                                                             \
    "adjustment_id,period,subscription_id,policy,amount_minor,currency,"       \
    "remedy,extension_seconds,checksum"

struct importer {
    struct ledger *l;
    sqlite3_stmt *st;
    int64_t run;
    char *text; /* the whole file, to checksum lines exactly */
    size_t len;
    size_t pos;   /* start of line posline in text */
    long posline; /* 1-based */
    size_t count;
    bool header; /* the header line was seen */
};

/* The bytes of line number line (1-based), without its LF. */
static const char *line_text(struct importer *im, long line, size_t *len)
{
    const char *p = im->text + im->pos, *end = im->text + im->len, *nl;

    for (; im->posline < line && p < end; im->posline++) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    im->pos = (size_t)(p - im->text);
    nl = memchr(p, '\n', (size_t)(end - p));
    *len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
    return p;
}

static int import_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct importer *im = ctx;
    const char *text, *why, *const *f = (const char *const *)rec->f;
    char sum[65], id[400];
    size_t len = 0, idlen;
    int64_t amount, ext, revision = 0;
    struct sha *h;

    text = line_text(im, rec->line, &len);
    if (rec->index == 0) {
        if (text == NULL || len != strlen(OLD_HEADER) ||
            memcmp(text, OLD_HEADER, len) != 0) {
            err_set(e, RC_DATA, NULL, 0,
                    "not a CSV ledger of an earlier version: want the header "
                    "%s",
                    OLD_HEADER);
            return -1;
        }
        im->header = true;
        return 0;
    }
    if (rec->n != 9) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: want 9 fields, got %zu", rec->n);
        return -1;
    }
    if (text == NULL || len < 17 || text[len - 17] != ',') {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: no checksum");
        return -1;
    }
    h = sha_new();
    sha_update(h, text, len - 17);
    sha_final(h, sum);
    sha_free(h);
    if (memcmp(sum, text + len - 16, 16) != 0) {
        err_set(e, RC_DATA, NULL, 0,
                "damaged ledger line: checksum does not match: %s", f[8]);
        return -1;
    }
    if ((why = ident_check(f[2])) != NULL ||
        (why = ident_check(f[3])) != NULL) {
        err_set(e, RC_DATA, NULL, 0,
                "subscription id or policy name: %s: %s:%s", why, f[2], f[3]);
        return -1;
    }
    if (strlen(f[1]) != 7 || strlen(f[5]) != 3) {
        err_set(e, RC_DATA, NULL, 0, "bad period or currency: %s, %s", f[1],
                f[5]);
        return -1;
    }
    if ((why = parse_i64(f[4], INT64_MIN, INT64_MAX, &amount)) != NULL ||
        (why = parse_i64(f[7], INT64_MIN, INT64_MAX, &ext)) != NULL) {
        err_set(e, RC_DATA, NULL, 0, "damaged ledger line: amount: %s", why);
        return -1;
    }
    /* The revision: the id must be the one its parts make, with or without
     * a ":r<N>" suffix; nothing else is accepted. */
    ledger_format_id(f[1], f[2], f[3], 0, id, sizeof id);
    idlen = strlen(id);
    if (strcmp(f[0], id) != 0) {
        if (strncmp(f[0], id, idlen) != 0 || f[0][idlen] != ':' ||
            f[0][idlen + 1] != 'r' ||
            parse_i64(f[0] + idlen + 2, 1, INT64_MAX, &revision) != NULL ||
            f[0][idlen + 2] == '0' || f[0][idlen + 2] == '+') {
            err_set(e, RC_DATA, NULL, 0,
                    "the adjustment id does not match its period, "
                    "subscription and policy: %s",
                    f[0]);
            return -1;
        }
    }
    if (ledger_insert_row(im->l, im->st, f[0], f[1], f[2], f[3], revision,
                          amount, f[5], f[6], ext, im->run, e) != 0) {
        e->file[0] = '\0';
        if (e->rc == RC_DATA)
            err_set(e, RC_DATA, NULL, 0, "duplicated adjustment: %s", f[0]);
        return -1;
    }
    im->count++;
    return 0;
}

/* Reads the whole CSV ledger at csv_path into im->text, its SHA-256 into
 * hex, refusing an empty file and one whose last line has no line end.
 * Returns 0, or -1 with e set. */
static int read_old_ledger(const char *csv_path, struct importer *im,
                           char hex[65], struct err *e)
{
    uint64_t size;
    ssize_t got;
    int fd, rc = -1;

    if (sha_file(csv_path, hex, &size, e) != 0)
        return -1;
    fd = open(csv_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_set(e, RC_NOINPUT, csv_path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (size == 0) {
        err_set(e, RC_DATA, csv_path, 0,
                "not a CSV ledger of an earlier version: the file is empty");
        goto out;
    }
    im->len = (size_t)size;
    im->text = xmalloc(im->len);
    got = pread(fd, im->text, im->len, 0);
    if (got < 0 || (size_t)got != im->len) {
        err_set(e, RC_IOERR, csv_path, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (im->text[im->len - 1] != '\n') {
        err_set(e, RC_DATA, csv_path, 0,
                "damaged ledger: the last line has no line end");
        goto out;
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

/* Fills the open, empty ledger l from the CSV ledger read into im, as one
 * committed run, in one transaction. Returns 0, or -1 with e set (the
 * transaction is then rolled back). */
static int fill_from_old(struct ledger *l, const char *csv_path,
                         const char *hex, struct importer *im, struct err *e)
{
    struct csvin *in = NULL;
    char n[24], sql[96];
    int rc = -1;

    im->l = l;
    im->posline = 1;
    if (ledger_db_exec(l, "BEGIN IMMEDIATE", e) != 0 ||
        ledger_insert_run(l, "", csv_path, hex, "committed", 0, &im->run, e) !=
            0)
        goto out;
    im->st = ledger_db_prepare(l, ledger_insert_sql, e);
    if (im->st == NULL)
        goto out;
    in = csvin_open(csv_path, NULL, e);
    if (in == NULL || csvin_each(in, import_row, im, e) != 0)
        goto out;
    if (!im->header) {
        err_set(e, RC_DATA, csv_path, 0,
                "not a CSV ledger of an earlier version: no header line");
        goto out;
    }
    sqlite3_finalize(im->st);
    im->st = NULL;
    if (ledger_update_chain(l, "adjustments", l->nrows, l->head, e) != 0)
        goto out;
    snprintf(n, sizeof n, "%zu", im->count);
    snprintf(sql, sizeof sql,
             "UPDATE runs SET adjustments = %s WHERE run_id = %lld", n,
             (long long)im->run);
    if (ledger_db_exec(l, sql, e) != 0 || ledger_db_exec(l, "COMMIT", e) != 0)
        goto out;
    rc = 0;
out:
    sqlite3_finalize(im->st);
    im->st = NULL;
    csvin_close(in);
    if (rc != 0)
        ledger_db_rollback(l);
    return rc;
}

int ledger_import_csv(const char *csv_path, const char *db_path, size_t *count,
                      struct err *e)
{
    struct importer im;
    struct ledger *l;
    struct stat sb;
    char hex[65], tmp[600];
    int rc = -1;

    memset(&im, 0, sizeof im);
    *count = 0;
    if (stat(db_path, &sb) == 0) {
        err_set(e, RC_CANTOUT, db_path, 0,
                "exists: import writes a new ledger only");
        return -1;
    }
    if (read_old_ledger(csv_path, &im, hex, e) != 0)
        goto out;
    /* Built under a temporary name, linked into place when complete. */
    snprintf(tmp, sizeof tmp, "%s.import-%ld", db_path, (long)getpid());
    unlink(tmp);
    if (ledger_create_file(tmp, e) != 0)
        goto out;
    l = ledger_open(tmp, LEDGER_UPDATE, NULL, e);
    if (l == NULL || fill_from_old(l, csv_path, hex, &im, e) != 0) {
        ledger_close(l);
        unlink(tmp);
        goto out;
    }
    ledger_close(l);
    if (link(tmp, db_path) != 0) {
        err_set(e, errno == EEXIST ? RC_CANTOUT : RC_IOERR, db_path, 0,
                "cannot create ledger: %s", strerror(errno));
        unlink(tmp);
        goto out;
    }
    unlink(tmp);
    ledger_sync_parent(db_path);
    *count = im.count;
    rc = 0;
out:
    free(im.text);
    return rc;
}

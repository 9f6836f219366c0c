/* archive: atomic, never-overwriting snapshot storage (see archive.h). */
#include "lib/archive.h"

#include "lib/civil.h"
#include "lib/parse.h"
#include "lib/sha.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *p = xmalloc(n);

    snprintf(p, n, "%s%s%s", a, sep, b);
    return p;
}

void archive_stamp(int64_t t, char *out, size_t cap)
{
    int64_t days = civil_day_of(t), sod = t - days * CIVIL_SECS_PER_DAY, y;
    int m, d;

    civil_date_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%04" PRId64 "%02d%02dT%02d%02d%02dZ", y, m, d,
             (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

/* mkdir -p dir. Returns 0, or -1 with e set (RC_CANTOUT). */
static int make_dirs(const char *dir, struct err *e)
{
    char *p = xstrdup(dir), *s;
    int rc = 0;

    for (s = p + 1; *s != '\0'; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
        if (rc != 0)
            break;
    }
    if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
    if (rc != 0)
        err_set(e, RC_CANTOUT, dir, 0, "cannot create archive folder: %s",
                strerror(errno));
    free(p);
    return rc;
}

/* Writes n bytes at p to a new hidden temporary file in dir, fsyncs and
 * closes it. Returns its path (caller unlinks and frees), or NULL with e
 * set (RC_CANTOUT, RC_IOERR). */
static char *write_temp(const char *dir, const char *tag, const char *p,
                        size_t n, struct err *e)
{
    char *path = NULL;
    size_t off = 0;
    int fd = -1, k;

    for (k = 0; k < 10000; k++) {
        size_t cap = strlen(dir) + strlen(tag) + 64;
        path = xmalloc(cap);
        snprintf(path, cap, "%s/.slacredit-%ld-%d-%s.tmp", dir, (long)getpid(),
                 k, tag);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
        free(path);
        path = NULL;
    }
    if (fd < 0) {
        err_set(e, RC_CANTOUT, path != NULL ? path : dir, 0,
                "cannot create: %s", strerror(errno));
        free(path);
        return NULL;
    }
    while (off < n) {
        ssize_t w = write(fd, p + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_set(e, RC_IOERR, path, 0, "write failed: %s", strerror(errno));
            goto fail;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        err_set(e, RC_IOERR, path, 0, "fsync failed: %s", strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        err_set(e, RC_IOERR, path, 0, "close failed: %s", strerror(errno));
        goto fail;
    }
    return path;
fail:
    if (fd >= 0)
        close(fd);
    unlink(path);
    free(path);
    return NULL;
}

static void drop_temp(char **path)
{
    if (*path != NULL) {
        unlink(*path);
        free(*path);
        *path = NULL;
    }
}

static int sync_dir(const char *dir, struct err *e)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        err_set(e, RC_IOERR, dir, 0, "cannot open folder to sync: %s",
                strerror(errno));
        return -1;
    }
    /* Some file systems cannot sync a folder; that is not an I/O error. */
    if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        err_set(e, RC_IOERR, dir, 0, "fsync failed: %s", strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* The final names of one stem: per member its file and its .sha256. */
struct stem_names {
    size_t n;
    char **file;      /* dir/<stem>-<name>.<ext> */
    char **sha;       /* file + ".sha256" */
    char **file_base; /* file name only, for the .sha256 line */
};

static void names_make(struct stem_names *nm, const char *dir, const char *stem,
                       const struct archive_member *m, size_t n)
{
    size_t i;

    nm->n = n;
    nm->file = xcalloc(n + 1, sizeof *nm->file);
    nm->sha = xcalloc(n + 1, sizeof *nm->sha);
    nm->file_base = xcalloc(n + 1, sizeof *nm->file_base);
    for (i = 0; i < n; i++) {
        size_t cap = strlen(stem) + strlen(m[i].name) + strlen(m[i].ext) + 4;
        nm->file_base[i] = xmalloc(cap);
        snprintf(nm->file_base[i], cap, "%s-%s.%s", stem, m[i].name, m[i].ext);
        nm->file[i] = join(dir, "/", nm->file_base[i]);
        nm->sha[i] = join(nm->file[i], "", ".sha256");
    }
}

static void names_free(struct stem_names *nm)
{
    size_t i;

    for (i = 0; i < nm->n; i++) {
        free(nm->file[i]);
        free(nm->sha[i]);
        free(nm->file_base[i]);
    }
    free(nm->file);
    free(nm->sha);
    free(nm->file_base);
    memset(nm, 0, sizeof *nm);
}

static bool names_taken(const struct stem_names *nm)
{
    struct stat st;
    size_t i;

    for (i = 0; i < nm->n; i++) {
        if (lstat(nm->file[i], &st) == 0 || errno != ENOENT)
            return true;
        if (lstat(nm->sha[i], &st) == 0 || errno != ENOENT)
            return true;
    }
    return false;
}

/* One store in progress: the members' temporary files and their hashes. */
struct store {
    const char *dir;
    const struct archive_member *m;
    size_t n;
    char **data_tmp; /* per member, its bytes */
    char **sha_tmp;  /* per member, its .sha256 line (per stem tried) */
    char (*hex)[65];
    const char **linked; /* final names linked so far */
    size_t nlinked;
};

/* Writes every member to a temporary file and hashes it. */
static int write_members(struct store *st, struct err *e)
{
    struct sha *h = sha_new();
    size_t i;
    int rc = 0;

    for (i = 0; i < st->n && rc == 0; i++) {
        const char *p = st->m[i].len > 0 ? st->m[i].data : "";
        sha_reset(h);
        sha_update(h, p, st->m[i].len);
        sha_final(h, st->hex[i]);
        st->data_tmp[i] =
            write_temp(st->dir, st->m[i].name, p, st->m[i].len, e);
        if (st->data_tmp[i] == NULL)
            rc = -1;
    }
    sha_free(h);
    return rc;
}

/* Links the members' files and .sha256 files into the names of nm, last
 * member first. Returns 0; 1 when another process took one of the names
 * meanwhile (what was linked is unlinked again); -1 with e set. */
static int link_stem(struct store *st, const struct stem_names *nm,
                     struct err *e)
{
    size_t i, j;

    for (i = 0; i < st->n; i++) {
        char line[400];
        snprintf(line, sizeof line, "%s  %s\n", st->hex[i], nm->file_base[i]);
        st->sha_tmp[i] = write_temp(st->dir, "sha256", line, strlen(line), e);
        if (st->sha_tmp[i] == NULL)
            return -1;
    }
    st->nlinked = 0;
    for (i = st->n; i-- > 0;) {
        const char *from[2] = {st->data_tmp[i], st->sha_tmp[i]};
        const char *to[2] = {nm->file[i], nm->sha[i]};
        for (j = 0; j < 2; j++) {
            if (link(from[j], to[j]) == 0) {
                st->linked[st->nlinked++] = to[j];
                continue;
            }
            /* EEXIST: another process took the name meanwhile. */
            bool raced = errno == EEXIST;
            if (!raced)
                err_set(e, RC_IOERR, to[j], 0, "cannot link into place: %s",
                        strerror(errno));
            while (st->nlinked > 0)
                unlink(st->linked[--st->nlinked]);
            return raced ? 1 : -1;
        }
    }
    for (i = 0; i < st->n; i++)
        drop_temp(&st->sha_tmp[i]);
    return 0;
}

int archive_store(const char *dir, const char *stamp,
                  const struct archive_member *m, size_t n, char *stem_out,
                  size_t stem_cap, struct err *e)
{
    struct store st = {dir, m, n, NULL, NULL, NULL, NULL, 0};
    struct stem_names nm = {0, NULL, NULL, NULL};
    unsigned long suffix;
    int r = 1, rc = -1;
    size_t i;

    st.data_tmp = xcalloc(n + 1, sizeof *st.data_tmp);
    st.sha_tmp = xcalloc(n + 1, sizeof *st.sha_tmp);
    st.hex = xcalloc(n + 1, sizeof *st.hex);
    st.linked = xcalloc(2 * n + 1, sizeof *st.linked);
    if (make_dirs(dir, e) != 0 || write_members(&st, e) != 0)
        goto out;
    for (suffix = 0; suffix <= ARCHIVE_MAX_SUFFIX && r == 1; suffix++) {
        if (suffix == 0)
            snprintf(stem_out, stem_cap, "%s", stamp);
        else
            snprintf(stem_out, stem_cap, "%s-%lu", stamp, suffix);
        names_free(&nm);
        names_make(&nm, dir, stem_out, m, n);
        if (names_taken(&nm))
            continue;
        r = link_stem(&st, &nm, e);
        for (i = 0; i < n; i++)
            drop_temp(&st.sha_tmp[i]);
        if (r < 0)
            goto out;
    }
    if (r != 0) {
        err_set(e, RC_CANTOUT, dir, 0,
                "snapshot names %s to %s-%lu are all taken", stamp, stamp,
                (unsigned long)ARCHIVE_MAX_SUFFIX);
        goto out;
    }
    for (i = 0; i < n; i++)
        drop_temp(&st.data_tmp[i]);
    if (sync_dir(dir, e) != 0)
        goto out;
    rc = 0;
out:
    for (i = 0; i < n; i++) {
        drop_temp(&st.data_tmp[i]);
        drop_temp(&st.sha_tmp[i]);
    }
    free(st.data_tmp);
    free(st.sha_tmp);
    free(st.hex);
    free(st.linked);
    names_free(&nm);
    return rc;
}

/* Whether file is "<stamp>[-N]<tail>" (tail "-<name>.<ext>"). Sets *suffix
 * to N (0 without). */
static bool snapshot_name(const char *file, const char *tail,
                          unsigned long *suffix)
{
    size_t i, len = strlen(file), tl = strlen(tail);
    const char *p;
    int64_t n;

    if (len < ARCHIVE_STAMP_LEN + tl || strcmp(file + len - tl, tail) != 0)
        return false;
    for (i = 0; i < ARCHIVE_STAMP_LEN; i++) {
        char c = file[i];
        bool want_digit = i != 8 && i != 15;
        if (want_digit ? (c < '0' || c > '9') : c != (i == 8 ? 'T' : 'Z'))
            return false;
    }
    p = file + ARCHIVE_STAMP_LEN;
    *suffix = 0;
    if (p == file + len - tl)
        return true;
    if (*p != '-' || p + 1 >= file + len - tl ||
        parse_i64n(p + 1, (size_t)(file + len - tl - (p + 1)), 1,
                   (int64_t)ARCHIVE_MAX_SUFFIX, &n) != NULL)
        return false;
    *suffix = (unsigned long)n;
    return true;
}

int archive_newest(const char *dir, const char *name, const char *ext,
                   char *out, size_t cap)
{
    unsigned long best_suffix = 0, suffix;
    struct dirent *de;
    char *tail;
    DIR *dp;

    out[0] = '\0';
    dp = opendir(dir);
    if (dp == NULL)
        return errno == ENOENT ? 0 : -1;
    tail = xmalloc(strlen(name) + strlen(ext) + 3);
    snprintf(tail, strlen(name) + strlen(ext) + 3, "-%s.%s", name, ext);
    while ((de = readdir(dp)) != NULL) {
        if (!snapshot_name(de->d_name, tail, &suffix))
            continue;
        if (out[0] == '\0' || strncmp(de->d_name, out, ARCHIVE_STAMP_LEN) > 0 ||
            (strncmp(de->d_name, out, ARCHIVE_STAMP_LEN) == 0 &&
             suffix > best_suffix)) {
            snprintf(out, cap, "%s", de->d_name);
            best_suffix = suffix;
        }
    }
    closedir(dp);
    free(tail);
    return out[0] != '\0';
}

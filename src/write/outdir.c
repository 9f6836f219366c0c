/* outdir: atomic replacement of the output folder (see outdir.h). */
#define _GNU_SOURCE /* renameat2 */
#include "write/outdir.h"

#include "lib/buf.h"
#include "lib/fault.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "write/formats.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One output file: its bytes not yet written, and once the staging folder
 * exists, the open file they go to and the digest of what went. */
struct outfile {
    char *name;
    struct buf data; /* bytes not yet written (all of them before staging) */
    size_t counted;  /* of data.len, what o->held already counts */
    size_t hashed;   /* of data.len, what the digest already has */
    int fd;          /* open in the staging folder, or -1 */
    struct sha *h;   /* digest of what was written, or NULL */
    uint64_t size;   /* bytes written */
    bool closed;     /* outdir_end() was called */
    bool written;    /* written whole in the staging folder, fd still open
                        for its fsync (see sync_written()) */
    bool done;       /* written, fsynced and closed in the staging folder */
};

struct outdir {
    char *dir;
    char *stage;        /* DIR.tmp-<pid> */
    char *parent;       /* the folder holding dir */
    struct outfile **f; /* in the order begun */
    size_t n;
    size_t held;     /* bytes held in memory over all files */
    size_t budget;   /* held past this opens the staging folder */
    size_t chunk;    /* a staged file's buffer is written past this */
    bool staged;     /* the staging folder exists (ours) */
    bool exists;     /* dir existed when the stage was made */
    bool sub_made;   /* statements/ exists in the staging folder */
    size_t nwritten; /* files written whole, waiting for their fsync */
};

/* Files written whole are fsynced this many at a time: the writeback of
 * each was started when it was written (sync_file_range), so the first
 * fsync of a batch commits the file system's journal for all of them and
 * the others find their data on disk. One fsync per file as it ends would
 * wait for a journal commit each: a run writing thousands of statements
 * spent most of its output time there. At most this many files are open
 * at once for it. */
#define SYNC_BATCH 64

/* The one subfolder: customer statements, *.html files only. */
#define SUBDIR "statements"

/* True when name is a statement's file name inside SUBDIR. */
static bool sub_name(const char *name)
{
    size_t n = strlen(name);

    return n > 5 && name[0] != '.' && strchr(name, '/') == NULL &&
           strcmp(name + n - 5, ".html") == 0;
}

int outdir_known_name(const char *name)
{
    return formats_known_file(name);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir -p of the folder that holds dir. */
static int make_parent(const char *dir, struct err *e)
{
    char *p = xstrdup(dir), *s;
    int rc = 0;

    for (s = p + 1; *s != '\0'; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            err_set(e, RC_CANTOUT, p, 0, "cannot create folder: %s",
                    strerror(errno));
            rc = -1;
        }
        *s = '/';
        if (rc != 0)
            break;
    }
    free(p);
    return rc;
}

static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -1;
    rc = fault_hit("fsync") ? -1 : fsync(fd);
    close(fd);
    return rc;
}

static char *parent_of(const char *dir)
{
    const char *slash = strrchr(dir, '/');

    if (slash == NULL)
        return xstrdup(".");
    if (slash == dir)
        return xstrdup("/");
    return xstrndup(dir, (size_t)(slash - dir));
}

/* Removes the statements from dir/SUBDIR, then the subfolder. */
static void remove_sub(const char *dir)
{
    char *sub = join(dir, SUBDIR);
    DIR *d = opendir(sub);
    struct dirent *de;

    while (d != NULL && (de = readdir(d)) != NULL) {
        if (sub_name(de->d_name)) {
            char *p = join(sub, de->d_name);
            unlink(p);
            free(p);
        }
    }
    if (d != NULL)
        closedir(d);
    rmdir(sub);
    free(sub);
}

/* Removes the files slacredit writes from dir, then dir itself. */
static void remove_dir(const char *dir)
{
    size_t i;

    remove_sub(dir);
    for (i = 0; i < formats_count(); i++) {
        char *p = join(dir, formats_at(i)->file);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

/* Removes the staging folders DIR.tmp-<pid> that runs killed before their
 * swap left beside DIR: only names of exactly that pattern, only when no
 * process <pid> exists any more (a live run, or an unrelated process that
 * reuses the pid, keeps its folder), and only our own file names inside
 * (remove_dir() leaves a folder holding anything else in place). */
static void remove_stale_stages(const char *dir, const char *parent)
{
    const char *slash = strrchr(dir, '/');
    const char *base = slash != NULL ? slash + 1 : dir;
    size_t nb = strlen(base);
    DIR *d = opendir(parent);
    struct dirent *de;
    struct stat sb;

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        const char *p = de->d_name, *q;
        long pid = 0;
        char *path;
        if (strncmp(p, base, nb) != 0 || strncmp(p + nb, ".tmp-", 5) != 0)
            continue;
        q = p + nb + 5;
        if (*q < '1' || *q > '9' || strlen(q) > 9)
            continue;
        for (; *q >= '0' && *q <= '9'; q++)
            pid = pid * 10 + (*q - '0');
        if (*q != '\0' || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        path = join(parent, p);
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            remove_dir(path);
        free(path);
    }
    closedir(d);
}

/* The error for a file in an output folder that slacredit did not write. */
static void foreign(struct err *e, const char *dir, const char *name)
{
    err_set(e, RC_CANTOUT, dir, 0,
            "the output folder holds a file slacredit did not write, so it "
            "will not replace the folder: %s",
            name);
}

/* Checks that dir/SUBDIR is a folder of statements only. */
static int check_sub(const char *dir, struct err *e)
{
    char *sub = join(dir, SUBDIR);
    DIR *d;
    struct dirent *de;
    struct stat sb;
    int rc = 0;

    if (lstat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
        (d = opendir(sub)) == NULL) {
        foreign(e, dir, SUBDIR);
        free(sub);
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            sub_name(de->d_name))
            continue;
        foreign(e, sub, de->d_name);
        rc = -1;
        break;
    }
    closedir(d);
    free(sub);
    return rc;
}

/* Checks that an existing output folder holds only our files. */
static int check_foreign(const char *dir, struct err *e)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int rc = 0;

    if (d == NULL)
        return errno == ENOENT ? 0 : -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            outdir_known_name(de->d_name))
            continue;
        if (strcmp(de->d_name, SUBDIR) == 0 && check_sub(dir, e) == 0)
            continue;
        if (strcmp(de->d_name, SUBDIR) == 0) {
            rc = -1;
            break;
        }
        foreign(e, dir, de->d_name);
        rc = -1;
        break;
    }
    closedir(d);
    return rc;
}

struct outdir *outdir_new(const char *dir)
{
    struct outdir *o = xcalloc(1, sizeof *o);
    size_t n = strlen(dir), cap;

    while (n > 1 && dir[n - 1] == '/')
        n--;
    o->dir = xstrndup(dir, n);
    cap = n + 32;
    o->stage = xmalloc(cap);
    snprintf(o->stage, cap, "%s.tmp-%ld", o->dir, (long)getpid());
    o->parent = parent_of(o->dir);
    o->budget = fault_tiny() ? 0 : OUTDIR_BUDGET;
    o->chunk = fault_tiny() ? 1 : OUTDIR_CHUNK;
    return o;
}

void outdir_set_budget(struct outdir *o, size_t bytes)
{
    o->budget = bytes;
}

/* Feeds the bytes of f's buffer not yet hashed to its digest. */
static void hash_rest(struct outfile *f)
{
    if (f->data.len > f->hashed)
        sha_update(f->h, f->data.p + f->hashed, f->data.len - f->hashed);
    f->hashed = f->data.len;
}

/* Writes f's buffer to its file in the staging folder and empties it. */
static int write_held(struct outdir *o, struct outfile *f, struct err *e)
{
    size_t off = 0;

    hash_rest(f);
    while (off < f->data.len) {
        ssize_t w = fault_hit("write")
                        ? -1
                        : write(f->fd, f->data.p + off, f->data.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            char *path = join(o->stage, f->name);
            err_set(e, RC_IOERR, path, 0, "write failed: %s",
                    w < 0 ? strerror(errno) : "no progress");
            free(path);
            return -1;
        }
        off += (size_t)w;
    }
    f->size += f->data.len;
    o->held -= f->counted;
    f->counted = 0;
    f->hashed = 0;
    buf_reset(&f->data);
    return 0;
}

/* Creates f's file in the staging folder (and statements/ for a name in
 * it). */
static int create_in_stage(struct outdir *o, struct outfile *f, struct err *e)
{
    char *p = join(o->stage, f->name);

    if (strchr(f->name, '/') != NULL && !o->sub_made) {
        char *sub = join(o->stage, SUBDIR);
        if (mkdir(sub, 0777) != 0 && errno != EEXIST) {
            err_set(e, RC_CANTOUT, sub, 0, "cannot create folder: %s",
                    strerror(errno));
            free(sub);
            free(p);
            return -1;
        }
        free(sub);
        o->sub_made = true;
    }
    f->fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (f->fd < 0) {
        err_set(e, RC_CANTOUT, p, 0, "cannot create: %s", strerror(errno));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

/* Writes the rest of ended file f and starts its writeback; the file stays
 * open until sync_written() fsyncs it. */
static int write_file(struct outdir *o, struct outfile *f, struct err *e)
{
    if (write_held(o, f, e) != 0)
        return -1;
    buf_free(&f->data);
#ifdef SYNC_FILE_RANGE_WRITE
    /* Only a hint: the fsync in sync_written() is what counts. */
    (void)sync_file_range(f->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    f->written = true;
    o->nwritten++;
    return 0;
}

/* Fsyncs and closes every file written whole (in the order begun). */
static int sync_written(struct outdir *o, struct err *e)
{
    size_t i;

    for (i = 0; i < o->n && o->nwritten > 0; i++) {
        struct outfile *f = o->f[i];
        int fd = f->fd;
        if (!f->written)
            continue;
        f->written = false;
        o->nwritten--;
        f->fd = -1;
        if ((fault_hit("fsync") ? -1 : fsync(fd)) != 0) {
            char *path = join(o->stage, f->name);
            err_set(e, RC_IOERR, path, 0, "fsync failed: %s", strerror(errno));
            close(fd);
            free(path);
            return -1;
        }
        if (close(fd) != 0) {
            char *path = join(o->stage, f->name);
            err_set(e, RC_IOERR, path, 0, "close failed: %s", strerror(errno));
            free(path);
            return -1;
        }
        f->done = true;
    }
    return 0;
}

/* Writes the rest of ended file f; it is fsynced and closed with the
 * batch it completes, or later (sync_written()). */
static int finish_file(struct outdir *o, struct outfile *f, struct err *e)
{
    if (write_file(o, f, e) != 0)
        return -1;
    return o->nwritten >= SYNC_BATCH ? sync_written(o, e) : 0;
}

static void outfile_free(struct outfile *f)
{
    if (f == NULL)
        return;
    if (f->fd >= 0)
        close(f->fd);
    sha_free(f->h);
    buf_free(&f->data);
    free(f->name);
    free(f);
}

/* Drops the files that are written and closed: nothing of them is needed
 * any more, so memory does not grow with the number of files. */
static void drop_done(struct outdir *o)
{
    size_t i, k = 0;

    for (i = 0; i < o->n; i++) {
        if (o->f[i]->done)
            outfile_free(o->f[i]);
        else
            o->f[k++] = o->f[i];
    }
    o->n = k;
}

/* Checks that dir may be replaced: its parent exists (made if need be), it
 * is a folder, not a link, holding only our files (or it does not exist). */
static int check_target(struct outdir *o, struct err *e)
{
    struct stat sb;

    if (make_parent(o->dir, e) != 0)
        return -1;
    o->exists = lstat(o->dir, &sb) == 0;
    if (o->exists && S_ISLNK(sb.st_mode)) {
        /* Swapping would move the link, and clearing the old outputs would
         * then empty the folder it points to: refuse. */
        err_set(e, RC_CANTOUT, o->dir, 0,
                "is a symbolic link; give the folder itself");
        return -1;
    }
    if (o->exists && !S_ISDIR(sb.st_mode)) {
        err_set(e, RC_CANTOUT, o->dir, 0, "exists and is not a folder");
        return -1;
    }
    if (o->exists && check_foreign(o->dir, e) != 0)
        return -1;
    return 0;
}

/* Closes every file and removes the staging folder. */
static void unstage(struct outdir *o)
{
    size_t i;

    for (i = 0; i < o->n; i++) {
        if (o->f[i]->fd >= 0)
            close(o->f[i]->fd);
        o->f[i]->fd = -1;
        o->f[i]->written = false;
    }
    o->nwritten = 0;
    if (o->staged)
        remove_dir(o->stage);
    o->staged = false;
}

/* Makes the staging folder and writes into it what every file holds so
 * far; an ended file is written whole, fsynced and closed. */
static int stage_open(struct outdir *o, struct err *e)
{
    size_t i;

    if (check_target(o, e) != 0)
        return -1;
    remove_stale_stages(o->dir, o->parent);
    remove_dir(o->stage); /* a leftover of a crashed run with our pid */
    if (mkdir(o->stage, 0777) != 0) {
        err_set(e, RC_CANTOUT, o->stage, 0, "cannot create folder: %s",
                strerror(errno));
        return -1;
    }
    o->staged = true;
    o->sub_made = false;
    for (i = 0; i < o->n; i++) {
        struct outfile *f = o->f[i];
        if (create_in_stage(o, f, e) != 0 ||
            (f->closed ? finish_file(o, f, e) : write_held(o, f, e)) != 0) {
            unstage(o);
            return -1;
        }
    }
    drop_done(o);
    return 0;
}

struct outfile *outdir_begin(struct outdir *o, const char *name, struct err *e)
{
    struct outfile *f = xcalloc(1, sizeof *f);

    f->name = xstrdup(name);
    buf_init(&f->data, 0);
    f->fd = -1;
    f->h = sha_new();
    if (o->staged && create_in_stage(o, f, e) != 0) {
        outfile_free(f);
        unstage(o);
        return NULL;
    }
    o->f = xreallocarray(o->f, o->n + 1, sizeof *o->f);
    o->f[o->n++] = f;
    return f;
}

struct buf *outdir_buf(struct outfile *f)
{
    return &f->data;
}

int outdir_flush(struct outdir *o, struct outfile *f, struct err *e)
{
    o->held += f->data.len - f->counted;
    f->counted = f->data.len;
    if (!o->staged)
        return o->held > o->budget ? stage_open(o, e) : 0;
    if (f->data.len < o->chunk)
        return 0;
    if (write_held(o, f, e) != 0) {
        unstage(o);
        return -1;
    }
    return 0;
}

int outdir_end(struct outdir *o, struct outfile *f, char hex[65],
               uint64_t *size, struct err *e)
{
    o->held += f->data.len - f->counted;
    f->counted = f->data.len;
    f->closed = true;
    if (!o->staged) {
        hash_rest(f);
        sha_final(f->h, hex);
        *size = f->data.len;
        return o->held > o->budget ? stage_open(o, e) : 0;
    }
    *size = f->size + f->data.len;
    if (finish_file(o, f, e) != 0) {
        unstage(o);
        return -1;
    }
    sha_final(f->h, hex);
    drop_done(o);
    return 0;
}

int outdir_add(struct outdir *o, const char *name, struct buf *b, char hex[65],
               uint64_t *size, struct err *e)
{
    struct outfile *f = outdir_begin(o, name, e);
    struct buf t;

    if (f == NULL)
        return -1;
    t = f->data;
    f->data = *b;
    *b = t;
    return outdir_end(o, f, hex, size, e);
}

int outdir_commit(struct outdir *o, struct err *e)
{
    size_t i;

    for (i = 0; i < o->n; i++) {
        if (!o->f[i]->closed) {
            err_set(e, RC_SOFTWARE, o->dir, 0, "output not ended: %s",
                    o->f[i]->name);
            goto undo;
        }
    }
    if (!o->staged ? stage_open(o, e) != 0 : check_target(o, e) != 0)
        goto undo;
    if (sync_written(o, e) != 0)
        goto undo;
    if (o->sub_made) {
        /* The statements' names live in the subfolder: it is synced too. */
        char *sub = join(o->stage, SUBDIR);
        int rc = sync_path(sub, O_RDONLY | O_DIRECTORY);
        if (rc != 0)
            err_set(e, RC_IOERR, sub, 0, "fsync failed: %s", strerror(errno));
        free(sub);
        if (rc != 0)
            goto undo;
    }
    if (sync_path(o->stage, O_RDONLY | O_DIRECTORY) != 0) {
        err_set(e, RC_IOERR, o->stage, 0, "fsync failed: %s", strerror(errno));
        goto undo;
    }
    if (fault_hit("rename")) {
        err_set(e, RC_IOERR, o->dir, 0, "cannot swap in the new outputs: %s",
                "injected failure");
        goto undo;
    }
    if (o->exists ? renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->dir,
                              RENAME_EXCHANGE) != 0
                  : rename(o->stage, o->dir) != 0) {
        err_set(e, RC_IOERR, o->dir, 0, "cannot swap in the new outputs: %s",
                strerror(errno));
        goto undo;
    }
    /* From here on the new outputs are in place; the staging folder holds
     * the old ones. */
    o->staged = false;
    if (sync_path(o->parent, O_RDONLY | O_DIRECTORY) != 0) {
        err_set(e, RC_IOERR, o->parent, 0, "fsync failed: %s", strerror(errno));
        remove_dir(o->stage);
        return -1;
    }
    remove_dir(o->stage);
    return 0;
undo:
    unstage(o);
    return -1;
}

const char *outdir_path(const struct outdir *o)
{
    return o->dir;
}

void outdir_free(struct outdir *o)
{
    size_t i;

    if (o == NULL)
        return;
    unstage(o);
    for (i = 0; i < o->n; i++)
        outfile_free(o->f[i]);
    free(o->f);
    free(o->parent);
    free(o->stage);
    free(o->dir);
    free(o);
}

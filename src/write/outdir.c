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

struct outfile {
    char *name;
    struct buf data;
};

struct outdir {
    char *dir;
    struct outfile *f;
    size_t n;
};

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

struct outdir *outdir_new(const char *dir)
{
    struct outdir *o = xcalloc(1, sizeof *o);
    size_t n = strlen(dir);

    while (n > 1 && dir[n - 1] == '/')
        n--;
    o->dir = xstrndup(dir, n);
    return o;
}

void outdir_add(struct outdir *o, const char *name, struct buf *b, char hex[65])
{
    struct outfile *f;
    struct sha *h = sha_new();

    o->f = xreallocarray(o->f, o->n + 1, sizeof *o->f);
    f = &o->f[o->n++];
    f->name = xstrdup(name);
    f->data = *b;
    buf_init(b, b->max);
    sha_update(h, buf_str(&f->data), f->data.len);
    sha_final(h, hex);
    sha_free(h);
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

static int write_file(const char *path, const struct buf *data, struct err *e)
{
    size_t off = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

    if (fd < 0) {
        err_set(e, RC_CANTOUT, path, 0, "cannot create: %s", strerror(errno));
        return -1;
    }
    while (off < data->len) {
        ssize_t w =
            fault_hit("write") ? -1 : write(fd, data->p + off, data->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_set(e, RC_IOERR, path, 0, "write failed: %s",
                    w < 0 ? strerror(errno) : "no progress");
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if ((fault_hit("fsync") ? -1 : fsync(fd)) != 0) {
        err_set(e, RC_IOERR, path, 0, "fsync failed: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (close(fd) != 0) {
        err_set(e, RC_IOERR, path, 0, "close failed: %s", strerror(errno));
        return -1;
    }
    return 0;
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

int outdir_commit(struct outdir *o, struct err *e)
{
    size_t n = strlen(o->dir) + 32, i;
    char *stage = xmalloc(n), *parent = parent_of(o->dir);
    struct stat sb;
    bool exists;
    int rc = -1;

    snprintf(stage, n, "%s.tmp-%ld", o->dir, (long)getpid());
    if (make_parent(o->dir, e) != 0)
        goto out;
    exists = lstat(o->dir, &sb) == 0;
    if (exists && S_ISLNK(sb.st_mode)) {
        /* Swapping would move the link, and clearing the old outputs would
         * then empty the folder it points to: refuse. */
        err_set(e, RC_CANTOUT, o->dir, 0,
                "is a symbolic link; give the folder itself");
        goto out;
    }
    if (exists && !S_ISDIR(sb.st_mode)) {
        err_set(e, RC_CANTOUT, o->dir, 0, "exists and is not a folder");
        goto out;
    }
    if (exists && check_foreign(o->dir, e) != 0)
        goto out;
    remove_stale_stages(o->dir, parent);
    remove_dir(stage); /* a leftover of a crashed run with our pid */
    if (mkdir(stage, 0777) != 0) {
        err_set(e, RC_CANTOUT, stage, 0, "cannot create folder: %s",
                strerror(errno));
        goto out;
    }
    for (i = 0; i < o->n; i++) {
        char *p = join(stage, o->f[i].name);
        int w;
        if (strchr(o->f[i].name, '/') != NULL) {
            char *sub = join(stage, SUBDIR);
            if (mkdir(sub, 0777) != 0 && errno != EEXIST) {
                err_set(e, RC_CANTOUT, sub, 0, "cannot create folder: %s",
                        strerror(errno));
                free(sub);
                free(p);
                goto undo;
            }
            free(sub);
        }
        w = write_file(p, &o->f[i].data, e);
        free(p);
        if (w != 0)
            goto undo;
    }
    if (sync_path(stage, O_RDONLY | O_DIRECTORY) != 0) {
        err_set(e, RC_IOERR, stage, 0, "fsync failed: %s", strerror(errno));
        goto undo;
    }
    if (fault_hit("rename")) {
        err_set(e, RC_IOERR, o->dir, 0, "cannot swap in the new outputs: %s",
                "injected failure");
        goto undo;
    }
    if (exists
            ? renameat2(AT_FDCWD, stage, AT_FDCWD, o->dir, RENAME_EXCHANGE) != 0
            : rename(stage, o->dir) != 0) {
        err_set(e, RC_IOERR, o->dir, 0, "cannot swap in the new outputs: %s",
                strerror(errno));
        goto undo;
    }
    /* From here on the new outputs are in place; stage holds the old ones. */
    if (sync_path(parent, O_RDONLY | O_DIRECTORY) != 0) {
        err_set(e, RC_IOERR, parent, 0, "fsync failed: %s", strerror(errno));
        remove_dir(stage);
        goto out;
    }
    remove_dir(stage);
    rc = 0;
    goto out;
undo:
    remove_dir(stage);
out:
    free(parent);
    free(stage);
    return rc;
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
    for (i = 0; i < o->n; i++) {
        free(o->f[i].name);
        buf_free(&o->f[i].data);
    }
    free(o->f);
    free(o->dir);
    free(o);
}

/* outdir: atomic multi-file output (see outdir.h). */
#include "outdir.h"

#include "buf.h"
#include "sha.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct outfile {
    char *name;
    struct buf data;
    char *tmp; /* temporary path once written */
};

struct outdir {
    char *dir;
    struct outfile *f;
    size_t n;
};

struct outdir *outdir_new(const char *dir)
{
    struct outdir *o = xcalloc(1, sizeof *o);

    o->dir = xstrdup(dir);
    return o;
}

void outdir_add(struct outdir *o, const char *name, struct buf *b,
                char hex[65])
{
    struct outfile *f;
    struct sha *h = sha_new();

    o->f = xreallocarray(o->f, o->n + 1, sizeof *o->f);
    f = &o->f[o->n++];
    f->name = xstrdup(name);
    f->data = *b;
    f->tmp = NULL;
    buf_init(b, b->max);
    sha_update(h, buf_str(&f->data), f->data.len);
    sha_final(h, hex);
    sha_free(h);
}

/* mkdir -p */
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
        err_set(e, RC_CANTOUT, dir, 0, "cannot create output folder: %s",
                strerror(errno));
    free(p);
    return rc;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int write_tmp(const struct outdir *o, struct outfile *f, struct err *e)
{
    char *path = join(o->dir, f->name);
    size_t n = strlen(path) + 32;
    size_t off = 0;
    int fd;

    f->tmp = xmalloc(n);
    snprintf(f->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    free(path);
    fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        err_set(e, RC_CANTOUT, f->tmp, 0, "cannot create: %s", strerror(errno));
        free(f->tmp);
        f->tmp = NULL;
        return -1;
    }
    while (off < f->data.len) {
        ssize_t w = write(fd, f->data.p + off, f->data.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_set(e, RC_IOERR, f->tmp, 0, "write failed: %s",
                    strerror(errno));
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        err_set(e, RC_IOERR, f->tmp, 0, "fsync failed: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (close(fd) != 0) {
        err_set(e, RC_IOERR, f->tmp, 0, "close failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int outdir_commit(struct outdir *o, struct err *e)
{
    size_t i;
    int fd;

    if (make_dirs(o->dir, e) != 0)
        return -1;
    for (i = 0; i < o->n; i++) {
        if (write_tmp(o, &o->f[i], e) != 0)
            goto undo;
    }
    for (i = 0; i < o->n; i++) {
        char *path = join(o->dir, o->f[i].name);
        if (rename(o->f[i].tmp, path) != 0) {
            err_set(e, RC_IOERR, path, 0, "cannot rename into place: %s",
                    strerror(errno));
            free(path);
            goto undo;
        }
        free(path);
        free(o->f[i].tmp);
        o->f[i].tmp = NULL;
    }
    fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    return 0;
undo:
    for (i = 0; i < o->n; i++) {
        if (o->f[i].tmp != NULL) {
            unlink(o->f[i].tmp);
            free(o->f[i].tmp);
            o->f[i].tmp = NULL;
        }
    }
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
    for (i = 0; i < o->n; i++) {
        free(o->f[i].name);
        buf_free(&o->f[i].data);
        free(o->f[i].tmp);
    }
    free(o->f);
    free(o->dir);
    free(o);
}

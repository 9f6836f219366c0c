/* spill: bytes set aside in memory, then in an unnamed temporary file (see
 * spill.h). */
#include "lib/spill.h"

#include "lib/fault.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void spill_init(struct spill *s)
{
    buf_init(&s->b, 0);
    s->fd = -1;
    s->off = 0;
}

struct buf *spill_buf(struct spill *s)
{
    return &s->b;
}

uint64_t spill_size(const struct spill *s)
{
    return s->off + s->b.len;
}

/* Makes the temporary file and unlinks it at once. */
static int make_file(struct spill *s, struct err *e)
{
    const char *dir = getenv("TMPDIR");
    char path[512];

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    if (snprintf(path, sizeof path, "%s/slacredit-XXXXXX", dir) >=
        (int)sizeof path) {
        err_set(e, RC_IOERR, dir, 0, "temporary folder name too long");
        return -1;
    }
    s->fd = mkstemp(path);
    if (s->fd < 0) {
        err_set(e, RC_IOERR, path, 0, "cannot create a temporary file: %s",
                strerror(errno));
        return -1;
    }
    unlink(path);
    return 0;
}

int spill_flush(struct spill *s, struct err *e)
{
    size_t done = 0;

    if (s->b.len < (fault_tiny() ? 1 : SPILL_CHUNK))
        return 0;
    if (s->fd < 0 && make_file(s, e) != 0)
        return -1;
    while (done < s->b.len) {
        ssize_t w = pwrite(s->fd, s->b.p + done, s->b.len - done,
                           (off_t)(s->off + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_set(e, RC_IOERR, NULL, 0, "cannot write a temporary file: %s",
                    w < 0 ? strerror(errno) : "no progress");
            return -1;
        }
        done += (size_t)w;
    }
    s->off += s->b.len;
    buf_reset(&s->b);
    return 0;
}

/* Appends n bytes of the file from at to out. */
static int read_file(const struct spill *s, uint64_t at, size_t n,
                     struct buf *out, struct err *e)
{
    char blk[16384];

    while (n > 0) {
        size_t want = n < sizeof blk ? n : sizeof blk;
        ssize_t r = pread(s->fd, blk, want, (off_t)at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            err_set(e, RC_IOERR, NULL, 0, "cannot read a temporary file: %s",
                    r < 0 ? strerror(errno) : "shorter than written");
            return -1;
        }
        if (buf_append(out, blk, (size_t)r) != 0) {
            err_set(e, RC_CANTOUT, NULL, 0, "output larger than its buffer");
            return -1;
        }
        at += (uint64_t)r;
        n -= (size_t)r;
    }
    return 0;
}

int spill_read(const struct spill *s, uint64_t at, size_t n, struct buf *out,
               struct err *e)
{
    size_t from_file = 0;

    if (at > spill_size(s) || n > spill_size(s) - at) {
        err_set(e, RC_SOFTWARE, NULL, 0, "spill: range past the end");
        return -1;
    }
    if (at < s->off) {
        from_file = s->off - at < n ? (size_t)(s->off - at) : n;
        if (read_file(s, at, from_file, out, e) != 0)
            return -1;
        at += from_file;
        n -= from_file;
    }
    if (n > 0 && buf_append(out, s->b.p + (at - s->off), n) != 0) {
        err_set(e, RC_CANTOUT, NULL, 0, "output larger than its buffer");
        return -1;
    }
    return 0;
}

void spill_free(struct spill *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    s->off = 0;
    buf_free(&s->b);
}

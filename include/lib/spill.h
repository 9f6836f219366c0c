/* spill: an append-only store of bytes set aside to be placed later (a
 * page's body below a header that is known only at the end). The bytes
 * stay in memory up to SPILL_CHUNK and go on to an unnamed temporary file
 * (in $TMPDIR, else /tmp, removed from its folder at once) past it, so the
 * memory it holds does not grow with what it stores.
 * Life cycle: spill_init(), append to spill_buf() then spill_flush(),
 * spill_read() any range, spill_free(). */
#ifndef SLACREDIT_SPILL_H
#define SLACREDIT_SPILL_H

#include "lib/buf.h"
#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

#define SPILL_CHUNK 65536

struct spill {
    struct buf b; /* the last bytes, not yet in the file */
    int fd;       /* the temporary file, or -1 before the first chunk */
    uint64_t off; /* bytes in the file */
};

/* An empty store. */
void spill_init(struct spill *s);
/* The buffer to append to; borrowed. */
struct buf *spill_buf(struct spill *s);
/* Bytes stored in all. */
uint64_t spill_size(const struct spill *s);
/* Moves the bytes appended to the file once SPILL_CHUNK are held. Returns 0,
 * or -1 with e set (RC_IOERR: the file cannot be made or written). */
int spill_flush(struct spill *s, struct err *e);
/* Appends bytes [at, at + n) of the store to out. Returns 0, or -1 with e
 * set (RC_IOERR; RC_SOFTWARE for a range past the end). */
int spill_read(const struct spill *s, uint64_t at, size_t n, struct buf *out,
               struct err *e);
/* Closes the file and frees the memory; the store may be reused after
 * spill_init(). */
void spill_free(struct spill *s);

#endif

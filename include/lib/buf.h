/* buf: the one growable byte buffer. It grows geometrically, checks every
 * size computation for overflow, refuses to grow past its max (a data error
 * such as "field longer than 1 MiB"), and keeps a NUL after the data. */
#ifndef SLACREDIT_BUF_H
#define SLACREDIT_BUF_H

#include <stddef.h>

struct buf {
    char *p;    /* data, NUL-terminated once anything was appended; owned */
    size_t len; /* bytes of data, excluding the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* largest len allowed; 0 means SIZE_MAX/2 */
};

/* An empty buffer that may hold up to max bytes (0: no limit of its own). */
void buf_init(struct buf *b, size_t max);
/* Appends n bytes. Returns 0, or -1 (nothing appended) when len would pass max.
 */
int buf_append(struct buf *b, const void *data, size_t n);
/* Appends a NUL-terminated string; as buf_append. */
int buf_puts(struct buf *b, const char *s);
/* Appends printf-style text; as buf_append. */
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Returns the data as a string ("" when empty); borrowed from b. */
const char *buf_str(const struct buf *b);
/* Frees the memory; b may then be reused after buf_init. */
void buf_free(struct buf *b);

#endif

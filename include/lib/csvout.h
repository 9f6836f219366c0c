/* csvout: writing CSV rows into a buffer, RFC 4180 style: fields that hold a
 * comma, a double quote, CR or LF are quoted with quotes doubled; rows end
 * in LF. */
#ifndef SLACREDIT_CSVOUT_H
#define SLACREDIT_CSVOUT_H

#include <stddef.h>

struct buf;

/* Appends the n fields as one row plus LF. Returns 0, or -1 when b is full. */
int csvout_row(struct buf *b, const char *const *fields, size_t n);

#endif

/* infile: the one way every input file is opened. Only regular files are
 * read: a FIFO, a device, a socket or a directory given as an input is
 * refused before a byte is read (so /dev/zero is not read forever and a FIFO
 * without a writer does not hang the run). */
#ifndef SLACREDIT_INFILE_H
#define SLACREDIT_INFILE_H

#include "lib/err.h"

#include <stdio.h>

/* Opens path for reading in binary mode. Returns NULL with e set when it
 * cannot be opened (RC_NOINPUT, "FILE: cannot open: REASON") or is not a
 * regular file (RC_NOINPUT, "FILE: not a regular file: KIND"). */
FILE *infile_open(const char *path, struct err *e);

#endif

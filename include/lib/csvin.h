/* csvin: streaming CSV input over libcsv, with what libcsv leaves out: line
 * numbers (the line where each record began, counting newlines inside
 * quoted fields), a UTF-8 BOM skipped, CR, LF and CRLF line ends, blank lines
 * skipped, and a cap on field size. Life cycle: csvin_open(), optionally
 * csvin_keep() after the header, csvin_each() with a row callback,
 * csvin_close(). Memory is bounded by the longest record. The file's size
 * is taken when it is opened and nothing past it is read; a file of 1 MiB
 * or more is read through read-only mappings of one 8 MiB window at a time
 * (the window's pages count in the resident set), a smaller one with
 * pread().
 * Plain lines (no quote, CR or NUL byte) between two records take a fast
 * path that splits them in the read buffer (scanned 64 bytes at a time,
 * with AVX2 on x86-64 processors that have it); every other line goes
 * through libcsv, the reference: all give the same records, lines and
 * errors. */
#ifndef SLACREDIT_CSVIN_H
#define SLACREDIT_CSVIN_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha;

struct csvrec {
    size_t n; /* fields in the record */
    const char *const
        *f; /* NUL-terminated texts; borrowed, valid in the callback */
    const size_t *len; /* byte length of each field */
    long line;         /* 1-based line where the record began */
    uint64_t index;    /* 0-based record number in the file */
};

/* Called once per record (header included). Returns 0 to go on, or -1 with e
 * set to stop csvin_each(), which then fails with that error. */
typedef int (*csvin_row_fn)(void *ctx, const struct csvrec *rec, struct err *e);
/* Called about every 8 MiB of input with the bytes read so far. */
typedef void (*csvin_progress_fn)(void *ctx, uint64_t bytes);

struct csvin_opts {
    unsigned char delim;        /* field delimiter; 0 means ',' */
    struct sha *digest;         /* if not NULL, fed every byte read; borrowed */
    csvin_progress_fn progress; /* optional */
    void *progress_ctx;
    bool reference; /* libcsv for every row, no fast path (tests) */
    size_t block;   /* bytes per read, 16 B to 64 KiB; 0: 64 KiB (tests) */
    bool narrow;    /* the fast path scans 16 bytes at a time even where
                       the processor has AVX2 (tests) */
};

struct csvin;

/* Opens path. Returns NULL with e set (RC_NOINPUT) when it cannot be read.
 * opts may be NULL. Caller frees with csvin_close(). */
struct csvin *csvin_open(const char *path, const struct csvin_opts *opts,
                         struct err *e);
/* A second reader of the file r reads, opened once: the same file and the
 * same size, whatever happened to the path since (for the parts of a file
 * read in parallel). Returns NULL with e set (RC_OSERR). */
struct csvin *csvin_open_same(const struct csvin *r,
                              const struct csvin_opts *opts, struct err *e);
/* From now on only keep the texts of the columns whose keep[i] is true (the
 * others read as ""): saves copying on wide files. keep is copied. */
void csvin_keep(struct csvin *r, const bool *keep, size_t n);
/* Limits the next csvin_each() to the bytes [off, off + len) of the file
 * (the default is the whole file). A file can be split at record boundaries
 * and the parts read by separate readers; line numbers then count from the
 * start of each part, and csvin_at_boundary() tells whether a part really
 * ended on a record boundary. A range that does not reach the end of the
 * file does not finish the parser, so the same reader may go on with the
 * next range as if it had read one stream. */
void csvin_set_range(struct csvin *r, uint64_t off, uint64_t len);
/* Reads every record of the range, calling fn for each. Returns 0 at its
 * end, or -1 with e set: malformed CSV (RC_DATA, "FILE:LINE: malformed CSV:
 * ..."), a read error (RC_IOERR) or the callback's error, located at the
 * record. */
int csvin_each(struct csvin *r, csvin_row_fn fn, void *ctx, struct err *e);
/* True when the bytes read so far end exactly after a record's line end,
 * outside any quoted field. */
bool csvin_at_boundary(const struct csvin *r);
/* Lines completed so far (newlines read outside and inside fields). */
long csvin_lines(const struct csvin *r);
/* From now on feeds every byte read to digest (borrowed; NULL: none). */
void csvin_set_digest(struct csvin *r, struct sha *digest);
/* The size of the file in bytes, when it was opened: no reader of it reads
 * further. */
uint64_t csvin_size(const struct csvin *r);
/* The file's descriptor (for sha_fd(): hashing the bytes the readers read,
 * from the same open file). Borrowed. */
int csvin_fd(const struct csvin *r);
/* The path given to csvin_open(); borrowed. */
const char *csvin_path(const struct csvin *r);
/* Closes the file and frees r; NULL is a no-op. */
void csvin_close(struct csvin *r);

/* Returns the index of the first field of rec equal to name, or -1. */
long csvin_find(const struct csvrec *rec, const char *name);
/* The rule for every header: returns the index of the one name of names[0..n)
 * equal to name; -1 when there is none (e untouched); -2 with e set (RC_DATA,
 * "column named twice in header: NAME") when more than one is. */
long csvin_column(const char *const *names, size_t n, const char *name,
                  struct err *e);

#endif

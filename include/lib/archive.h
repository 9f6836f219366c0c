/* archive: a folder of snapshots that only grows. A snapshot is a set of
 * files stored together under one stem, "<stamp>[-N]", where stamp is the
 * UTC time it was taken ("YYYYMMDDTHHMMSSZ") and N (1..999) tells apart
 * snapshots taken in the same second: "<stem>-<name>.<ext>" per member,
 * each with a sha256sum-style "<file>.sha256" beside it. Storing is atomic
 * and never overwrites: every file is written to a temporary name and
 * fsynced, then linked into place (link(2) fails on an existing name,
 * where rename(2) would replace it), members last to first, so the first
 * member's file appears only once the whole set is there; the folder is
 * fsynced after. A failed store leaves nothing new. */
#ifndef SLACREDIT_ARCHIVE_H
#define SLACREDIT_ARCHIVE_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARCHIVE_STAMP_LEN  16  /* "20261121T234500Z" */
#define ARCHIVE_MAX_SUFFIX 999 /* "-1" .. "-999" after a taken stamp */

/* One file of a snapshot. */
struct archive_member {
    const char *name; /* "incidents": the file is <stem>-<name>.<ext> */
    const char *ext;  /* "json" */
    const char *data; /* the bytes stored, borrowed */
    size_t len;
};

/* Writes t (epoch s) as its stamp "YYYYMMDDTHHMMSSZ" into out (cap >= 17). */
void archive_stamp(int64_t t, char *out, size_t cap);

/* Stores the n members as one snapshot in dir (created with its parents
 * when missing) under the first free stem of stamp, stamp-1, ...,
 * stamp-999 whose files all are free, and writes that stem into stem_out.
 * Returns 0, or -1 with e set: RC_CANTOUT (the folder cannot be created, a
 * file cannot be created, every stem taken), RC_IOERR (write, fsync or
 * link failures). */
int archive_store(const char *dir, const char *stamp,
                  const struct archive_member *m, size_t n, char *stem_out,
                  size_t stem_cap, struct err *e);

/* The file name (no folder) of member name.ext in the newest snapshot of
 * dir (by stamp, then suffix), in out. Returns 1 when found, 0 when dir
 * holds none or does not exist, -1 when dir cannot be listed (errno set). */
int archive_newest(const char *dir, const char *name, const char *ext,
                   char *out, size_t cap);

#endif

/* outdir: all-or-nothing output. Files are collected in memory, then
 * outdir_commit() writes each to a temporary file in the output folder,
 * fsyncs it, renames them into place in the order they were added (the
 * manifest last) and fsyncs the folder. Until commit nothing is visible; a
 * failure before the renames removes the temporary files. */
#ifndef SLACREDIT_OUTDIR_H
#define SLACREDIT_OUTDIR_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

struct buf;
struct outdir;

/* A pending output folder dir (created, with parents, at commit). */
struct outdir *outdir_new(const char *dir);
/* Adds file name with the contents of b; takes ownership of b's memory (b
 * is left empty). Returns the SHA-256 of the contents in hex. */
void outdir_add(struct outdir *o, const char *name, struct buf *b,
                char hex[65]);
/* Writes, fsyncs and renames every file. Returns 0, or -1 with e set
 * (RC_CANTOUT for the folder, RC_IOERR for a write). */
int outdir_commit(struct outdir *o, struct err *e);
/* The folder's path; borrowed. */
const char *outdir_path(const struct outdir *o);
/* Frees o; NULL is a no-op. */
void outdir_free(struct outdir *o);

#endif

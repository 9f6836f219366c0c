/* outdir: all-or-nothing output. Files are collected in memory; then
 * outdir_commit() writes them into a fresh staging folder beside the output
 * folder (DIR.tmp-<pid>), fsyncs each file and the folder, and swaps the
 * staging folder with DIR in one atomic step (renameat2 RENAME_EXCHANGE;
 * a plain rename when DIR does not exist yet), fsyncs the parent, and
 * removes the previous outputs. A reader of DIR sees either the previous
 * complete set or the new complete set, never a mix; a failure before the
 * swap removes the staging folder and leaves DIR untouched. DIR is replaced
 * only when it holds nothing but files slacredit writes. The one
 * subfolder is statements/ (customer statements, *.html): a name
 * "statements/<file>.html" is written there. */
#ifndef SLACREDIT_OUTDIR_H
#define SLACREDIT_OUTDIR_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct buf;
struct outdir;

/* A pending output folder dir. */
struct outdir *outdir_new(const char *dir);
/* Adds file name with the contents of b; takes ownership of b's memory (b
 * is left empty). Fills hex with the SHA-256 of the contents. */
void outdir_add(struct outdir *o, const char *name, struct buf *b,
                char hex[65]);
/* Writes and swaps in every file. Returns 0, or -1 with e set: RC_CANTOUT
 * (folder cannot be created, or holds foreign files), RC_IOERR (a write,
 * fsync or rename failed). */
int outdir_commit(struct outdir *o, struct err *e);
/* The folder's path; borrowed. */
const char *outdir_path(const struct outdir *o);
/* Frees o; NULL is a no-op. */
void outdir_free(struct outdir *o);

/* True when name is a file slacredit may write into an output folder. */
int outdir_known_name(const char *name);

#endif

/* outdir: all-or-nothing output, written as it is made. Each file is begun
 * (outdir_begin), its bytes appended to its buffer (outdir_buf) and handed
 * on after each row or so (outdir_flush), then ended (outdir_end), which
 * gives its SHA-256 and size; a file made whole at once is outdir_add'ed.
 * Files are held in memory while all of them together stay under a budget
 * (OUTDIR_BUDGET): a small run touches the disk only in outdir_commit().
 * Past the budget the staging folder beside the output folder
 * (DIR.tmp-<pid>) is made, after the checks below, every file goes there,
 * and from then on a file's buffer is written out whenever it holds
 * OUTDIR_CHUNK bytes, so memory does not grow with the rows; an ended file
 * is written whole at once, fsynced with the batch of files it completes
 * (or at the commit), closed, and nothing of it is kept.
 * outdir_commit() writes what is still held, fsyncs the files not yet
 * synced, the statements/ subfolder and the folder, and swaps
 * the staging folder with DIR in one atomic step (renameat2
 * RENAME_EXCHANGE; a plain rename when DIR does not exist yet), fsyncs the
 * parent, and removes the previous outputs. A reader of DIR sees either
 * the previous complete set or the new complete set, never a mix; any
 * failure, and outdir_free() without a commit, removes the staging folder
 * and leaves DIR untouched (a staging folder of a killed run is removed by
 * the next run into DIR). DIR is replaced only when it holds nothing but
 * files slacredit writes (checked when the staging folder is made and
 * again before the swap). The one subfolder is statements/ (customer
 * statements, *.html): a name "statements/<file>.html" is written there.
 * The functions that return int return 0, or -1 with e set: RC_CANTOUT
 * (folder cannot be created, or holds foreign files), RC_IOERR (a write,
 * fsync or rename failed); after a failure the staging folder is gone and
 * only outdir_free() remains to call. */
#ifndef SLACREDIT_OUTDIR_H
#define SLACREDIT_OUTDIR_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct buf;
struct outdir;

struct outfile;

/* Bytes a file's buffer collects before they are written, once staged. */
#define OUTDIR_CHUNK 65536
/* Bytes held over all files before the staging folder is made. */
#define OUTDIR_BUDGET (4u << 20)

/* A pending output folder dir; nothing is touched on disk yet. */
struct outdir *outdir_new(const char *dir);
/* Sets the budget in bytes (tests: 0 stages at the first flush). */
void outdir_set_budget(struct outdir *o, size_t bytes);
/* Begins file name (names are unique, in the order they are to be
 * written). Returns the file, owned by o until it is ended, or NULL with e
 * set. */
struct outfile *outdir_begin(struct outdir *o, const char *name, struct err *e);
/* The buffer the caller appends f's bytes to; borrowed. */
struct buf *outdir_buf(struct outfile *f);
/* Hands on what f's buffer holds: kept, or written when the file is
 * staged and OUTDIR_CHUNK bytes are held. */
int outdir_flush(struct outdir *o, struct outfile *f, struct err *e);
/* Ends f (f is no longer valid): fills hex with the SHA-256 of all its
 * bytes and *size with their count. */
int outdir_end(struct outdir *o, struct outfile *f, char hex[65],
               uint64_t *size, struct err *e);
/* Adds file name with the contents of b, whole: outdir_begin() and
 * outdir_end(); takes b's memory (b is left empty). */
int outdir_add(struct outdir *o, const char *name, struct buf *b, char hex[65],
               uint64_t *size, struct err *e);
/* Writes what is still held and swaps in every file. */
int outdir_commit(struct outdir *o, struct err *e);
/* The folder's path; borrowed. */
const char *outdir_path(const struct outdir *o);
/* Frees o; NULL is a no-op. */
void outdir_free(struct outdir *o);

/* True when name is a file slacredit may write into an output folder. */
int outdir_known_name(const char *name);

#endif

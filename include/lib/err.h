/* err: the one error record every module fills, and the program's exit codes.
 * A failing function fills a caller-owned struct err (fixed buffers, so
 * reporting never allocates) and returns -1 or NULL; only main() prints it,
 * as "slacredit: FILE:LINE: message". */
#ifndef SLACREDIT_ERR_H
#define SLACREDIT_ERR_H

#include <stdio.h>

/* Exit codes, from sysexits(3) but defined here (SPEC §6). */
enum exit_code {
    RC_OK = 0,
    RC_USAGE = 64,    /* bad command line */
    RC_DATA = 65,     /* input data invalid */
    RC_NOINPUT = 66,  /* input file missing or unreadable */
    RC_SOFTWARE = 70, /* internal error (bug) */
    RC_OSERR = 71,    /* out of memory, other system failure */
    RC_CANTOUT = 73,  /* cannot create output */
    RC_IOERR = 74,    /* read/write failure, unreachable feed */
    RC_CONFIG = 78,   /* bad configuration */
};

struct err {
    char file[256]; /* input being read; "" if none */
    long line; /* 1-based line where the offending record began; 0 if none */
    char msg[512]; /* one line, no trailing newline or period */
    int rc;        /* exit code this error maps to (enum exit_code) */
};

/* Fills e (if not NULL) with file, line, exit code rc and a printf-style
 * message. file may be NULL. Later calls overwrite earlier ones. Control
 * characters in file and message (a value quoted from an input may hold a
 * newline or an escape sequence) are written as \xHH: see err_one_line. */
void err_set(struct err *e, int rc, const char *file, long line,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets file and line of e when they are still empty: lets an outer layer that
 * knows the position complete an error raised by an inner one. */
void err_locate(struct err *e, const char *file, long line);

/* Rewrites each control character of the string s (bytes 0x01-0x1F and
 * 0x7F) as the text \xHH, in place, keeping at most cap - 1 bytes: an
 * error or warning stays one line on stderr and cannot forge another line
 * or move a terminal's cursor. Other bytes are kept as they are. */
void err_one_line(char *s, size_t cap);

/* Writes "prog: FILE:LINE: msg\n" (parts omitted when empty) to f. */
void err_print(const struct err *e, const char *prog, FILE *f);

#endif

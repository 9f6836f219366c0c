/* opts: the command line (SPEC §1), parsed with getopt_long into a plain
 * struct that main() hands down. */
#ifndef SLACREDIT_OPTS_H
#define SLACREDIT_OPTS_H

#include "lib/err.h"

#include <stdbool.h>
#include <stdio.h>

enum command {
    CMD_NONE,
    CMD_RUN,
    CMD_CHECK,
    CMD_FETCH,
    CMD_EXPLAIN,
    CMD_PUSH,
    CMD_LEDGER,
    CMD_HELP,
    CMD_VERSION,
};

/* slacredit ledger ACTION */
enum ledger_action {
    LEDGER_VERIFY,
    LEDGER_LIST,
    LEDGER_EXPORT,
    LEDGER_IMPORT,
};

struct opts {
    enum command cmd;
    const char *config;       /* --config FILE */
    const char *month;        /* --month YYYY-MM */
    const char *out;          /* --out DIR; NULL: out/YYYY-MM */
    const char *ledger;       /* --ledger FILE; NULL: no ledger */
    const char *archive;      /* fetch --archive DIR */
    const char *cacert;       /* fetch, push --cacert FILE */
    const char *system;       /* push --system stripe|killbill */
    bool apply;               /* push --apply: post (default: dry run) */
    const char *subscription; /* explain --subscription ID */
    bool quiet;               /* --quiet: no summary or progress */
    enum ledger_action ledger_action; /* ledger ACTION */
    const char *import_path;          /* ledger import OLD.csv */
    bool strict;                      /* --strict: a warning is an error (65) */
};

/* Parses argv. Returns 0, or -1 with e set (RC_USAGE) naming the problem. */
int opts_parse(int argc, char **argv, struct opts *o, struct err *e);
/* Prints the synopsis (one line per command) to f. */
void opts_usage(FILE *f);
/* Prints the full help (commands, options, exit codes) to f. */
void opts_help(FILE *f);

#endif

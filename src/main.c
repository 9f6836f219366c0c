/* main: parses the command line, runs one command, prints the error if any
 * and maps it to the exit code. The only place that prints errors or exits. */
#include "err.h"
#include "opts.h"
#include "run.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    struct opts o;
    struct err e = {"", 0, "", RC_SOFTWARE};
    int rc;

    if (opts_parse(argc, argv, &o, &e) != 0) {
        err_print(&e, "slacredit", stderr);
        opts_usage(stderr);
        fputs("try 'slacredit --help'\n", stderr);
        return RC_USAGE;
    }
    switch (o.cmd) {
    case CMD_HELP:
        opts_help(stdout);
        return RC_OK;
    case CMD_VERSION:
        printf("slacredit %s\n", SLACREDIT_VERSION);
        return RC_OK;
    case CMD_RUN:
        rc = run_month(&o, &e);
        break;
    case CMD_CHECK:
        rc = run_check(&o, &e);
        break;
    default:
        rc = -1;
        break;
    }
    if (rc != 0) {
        err_print(&e, "slacredit", stderr);
        return e.rc != 0 ? e.rc : RC_SOFTWARE;
    }
    return RC_OK;
}

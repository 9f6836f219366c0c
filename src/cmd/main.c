/* main: parses the command line, runs one command, prints the error if any
 * and maps it to the exit code. The only place that prints errors or exits. */
#include "cmd/fetch.h"
#include "cmd/ledgercmd.h"
#include "cmd/opts.h"
#include "cmd/push.h"
#include "cmd/run.h"
#include "lib/err.h"
#include "lib/version.h"
#include "lib/when.h"
#include "read/config.h"

#include <curl/curl.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Inputs of 1 MiB or more are read (and hashed) through read-only
 * mappings. A file cut shorter while it is read (an exporter rewriting it,
 * a log rotated with "> file") makes its mapped pages past the new end
 * raise SIGBUS, which would kill the run without a word. It is a read
 * failure instead: one line and exit 74. Inputs are all read before any
 * output is placed or any ledger row is written, so nothing is left but a
 * staging folder DIR.tmp-PID, which the next run removes. */
static void input_shrank(int sig)
{
    static const char msg[] =
        "slacredit: an input file became shorter while it was being read "
        "(SIGBUS): nothing written\n";
    ssize_t n;

    (void)sig;
    n = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)n;
    _exit(RC_IOERR);
}

/* slacredit fetch: snapshots every status page that has a url. */
static int fetch_command(const struct opts *o, struct err *e)
{
    struct fetch_opts fo;
    struct config *c;
    int rc;

    fetch_opts_init(&fo);
    fo.archive = o->archive;
    fo.cacert = o->cacert;
    fo.log = stdout;
    if (when_parse_month(o->month, &fo.month_start, &fo.month_end, e) != 0 ||
        fetch_opts_from_env(&fo, e) != 0)
        return -1;
    c = config_load(o->config, e);
    if (c == NULL)
        return -1;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        err_set(e, RC_SOFTWARE, NULL, 0, "cannot initialise libcurl");
        config_free(c);
        return -1;
    }
    rc = fetch_all(c, &fo, e);
    curl_global_cleanup();
    config_free(c);
    return rc;
}

/* slacredit push: posts the month's adjustments to Stripe or Kill Bill. */
static int push_command(const struct opts *o, struct err *e)
{
    struct push_opts po;
    char dir[600];
    int64_t m0, m1;
    int rc;

    if (when_parse_month(o->month, &m0, &m1, e) != 0)
        return -1;
    memset(&po, 0, sizeof po);
    if (push_system_lookup(o->system, &po.system) != 0) {
        err_set(e, RC_USAGE, NULL, 0, "--system: want stripe or killbill: %s",
                o->system);
        return -1;
    }
    if (o->out != NULL)
        snprintf(dir, sizeof dir, "%s", o->out);
    else
        snprintf(dir, sizeof dir, "out/%s", o->month);
    po.dir = dir;
    po.cacert = o->cacert;
    po.apply = o->apply;
    po.ledger = o->ledger;
    po.out = stdout;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        err_set(e, RC_SOFTWARE, NULL, 0, "cannot initialise libcurl");
        return -1;
    }
    rc = push_run(&po, e);
    curl_global_cleanup();
    return rc;
}

int main(int argc, char **argv)
{
    struct opts o;
    struct err e = {"", 0, "", RC_SOFTWARE};
    struct sigaction sa;
    int rc;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = input_shrank;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
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
    case CMD_FETCH:
        rc = fetch_command(&o, &e);
        break;
    case CMD_EXPLAIN:
        rc = run_explain(&o, &e);
        break;
    case CMD_PUSH:
        rc = push_command(&o, &e);
        if (rc == 0)
            fflush(stdout);
        break;
    case CMD_LEDGER:
        rc = ledgercmd_run(&o, &e);
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

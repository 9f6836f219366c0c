/* opts: command-line parsing (see opts.h). */
#include "cmd/opts.h"

#include "lib/when.h"

#include <getopt.h>
#include <limits.h>
#include <string.h>

/* The longest folder name --out and --archive take: room is left in
 * PATH_MAX for a file name or a staging suffix below it. */
#define FOLDER_MAX (PATH_MAX - 300)

/* The rule for a folder given on the command line: not empty (that would
 * mean the filesystem root or the current folder by accident) and short
 * enough that every path built from it fits in PATH_MAX. */
static int check_folder(const char *opt, const char *dir, struct err *e)
{
    if (dir == NULL)
        return 0;
    if (dir[0] == '\0') {
        err_set(e, RC_USAGE, NULL, 0, "%s: empty folder name", opt);
        return -1;
    }
    if (strlen(dir) > FOLDER_MAX) {
        err_set(e, RC_USAGE, NULL, 0, "%s: folder name longer than %d bytes",
                opt, FOLDER_MAX);
        return -1;
    }
    return 0;
}

void opts_usage(FILE *f)
{
    fputs(
        "usage: slacredit run --config FILE --month YYYY-MM [--out DIR] "
        "[--ledger FILE] [--quiet] [--strict]\n"
        "       slacredit fetch --config FILE --month YYYY-MM [--archive DIR] "
        "[--cacert FILE]\n"
        "       slacredit check --config FILE [--strict]\n"
        "       slacredit explain --config FILE --month YYYY-MM "
        "--subscription ID [--ledger FILE]\n"
        "       slacredit push --system stripe|killbill --month YYYY-MM "
        "[--out DIR] [--apply] [--cacert FILE] [--ledger FILE]\n"
        "       slacredit ledger verify|export --ledger FILE\n"
        "       slacredit ledger list --ledger FILE [--month YYYY-MM] "
        "[--subscription ID]\n"
        "       slacredit ledger import OLD.csv --ledger NEW.db\n"
        "       slacredit --help | --version\n",
        f);
}

void opts_help(FILE *f)
{
    opts_usage(f);
    fputs(
        "\n"
        "Computes a month's SLA service credits from monitoring exports and\n"
        "writes the files a billing system imports.\n"
        "\n"
        "commands:\n"
        "  run     compute the month and write credits.csv, decisions.csv,\n"
        "          windows.csv and manifest.json (manifest last); nothing is\n"
        "          written unless the whole run succeeds\n"
        "  fetch   snapshot every [statuspage] that has a url into its\n"
        "          archive (incidents, scheduled maintenances, components),\n"
        "          never overwriting an earlier snapshot; run reads only\n"
        "          these local files\n"
        "  check   validate the config, the roster and every input;\n"
        "          compute and write nothing\n"
        "  explain say in plain words why one subscription got what it got\n"
        "          for the month: windows, exclusions, uptime, rule,\n"
        "          rounding, cap, eligibility, outcome, ledger\n"
        "  push    post the month's adjustments to Stripe or Kill Bill over\n"
        "          their APIs from the output folder (its file checked\n"
        "          against manifest.json); lists what the account already\n"
        "          holds and skips it; a dry run unless --apply; credentials\n"
        "          from STRIPE_API_KEY or KILLBILL_URL, KILLBILL_USER,\n"
        "          KILLBILL_PASSWORD, KILLBILL_API_KEY, KILLBILL_API_SECRET\n"
        "  ledger verify  check the ledger's schema and hash chains, one\n"
        "          line per problem\n"
        "  ledger list    adjustments issued (revisions, amounts, runs),\n"
        "          pushes and runs, optionally of one month or subscription\n"
        "  ledger export  the committed adjustments as CSV on stdout\n"
        "  ledger import  convert a CSV ledger of an earlier version, after\n"
        "          verifying its checksums, into a new ledger\n"
        "\n"
        "options:\n"
        "  -A, --apply         push: post (default: only print what would\n"
        "                      be created and what is already there)\n"
        "  -a, --archive DIR   fetch: write page P's snapshots to DIR/P/\n"
        "                      (default: each page's archive setting)\n"
        "  -C, --cacert FILE   fetch, push: trust the CAs in FILE instead of "
        "the\n"
        "                      system's (TLS is always verified)\n"
        "  -c, --config FILE   the INI configuration (relative paths in it\n"
        "                      are relative to its folder)\n"
        "  -h, --help          this help, on standard output\n"
        "  -l, --ledger FILE   the ledger (a SQLite database, created by\n"
        "                      the first run) of adjustments already\n"
        "                      issued: what it holds is not paid again; a\n"
        "                      changed amount becomes a correction\n"
        "  -m, --month YYYY-MM the month to compute, in UTC\n"
        "  -o, --out DIR       output folder (default out/YYYY-MM); push\n"
        "                      reads it\n"
        "  -q, --quiet         no progress and no summary (warnings still\n"
        "                      print)\n"
        "      --strict        any warning is an error (exit 65, no output)\n"
        "  -S, --system NAME   push: stripe or killbill\n"
        "  -s, --subscription ID  explain: the subscription to explain\n"
        "  -V, --version       the version\n"
        "\n"
        "exit codes:\n"
        "  0 ok   64 usage   65 bad data   66 input missing   70 internal\n"
        "  71 system   73 cannot create output   74 I/O error   78 bad config\n"
        "\n"
        "Errors are printed as  slacredit: FILE:LINE: what is wrong: value\n",
        f);
}

/* The commands by name, as typed first on the command line. */
static const struct {
    const char *name;
    enum command cmd;
} commands[] = {
    {"run", CMD_RUN},         {"check", CMD_CHECK}, {"fetch", CMD_FETCH},
    {"explain", CMD_EXPLAIN}, {"push", CMD_PUSH},   {"ledger", CMD_LEDGER},
};

static const char *command_name(enum command c)
{
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (commands[i].cmd == c)
            return commands[i].name;
    }
    return "slacredit";
}

/* The COMMAND of "slacredit COMMAND": sets o->cmd (CMD_NONE when the first
 * argument is an option) and *first, the index of the first option.
 * Returns 0, or -1 with e set. */
static int parse_command(int argc, char **argv, struct opts *o, int *first,
                         struct err *e)
{
    size_t i;

    *first = 1;
    if (argc <= 1 || argv[1][0] == '-')
        return 0;
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            o->cmd = commands[i].cmd;
            *first = 2;
            return 0;
        }
    }
    err_set(e, RC_USAGE, NULL, 0, "unknown command: %s", argv[1]);
    return -1;
}

/* The ACTION of "slacredit ledger ACTION". */
static int ledger_action(int argc, char **argv, struct opts *o, struct err *e)
{
    static const struct {
        const char *name;
        enum ledger_action action;
    } actions[] = {
        {"verify", LEDGER_VERIFY},
        {"list", LEDGER_LIST},
        {"export", LEDGER_EXPORT},
        {"import", LEDGER_IMPORT},
    };
    size_t i;

    if (argc < 3 || argv[2][0] == '-') {
        err_set(e, RC_USAGE, NULL, 0,
                "ledger needs an action: verify, list, export or import");
        return -1;
    }
    for (i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(argv[2], actions[i].name) == 0) {
            o->ledger_action = actions[i].action;
            return 0;
        }
    }
    err_set(e, RC_USAGE, NULL, 0, "unknown ledger action: %s", argv[2]);
    return -1;
}

/* What "slacredit ledger ACTION" needs once its options are read. */
static int ledger_checks(int argc, char **argv, struct opts *o, struct err *e)
{
    if (o->ledger_action == LEDGER_IMPORT && optind < argc)
        o->import_path = argv[optind++];
    if (optind < argc) {
        err_set(e, RC_USAGE, NULL, 0, "unexpected argument: %s", argv[optind]);
        return -1;
    }
    if (o->ledger == NULL) {
        err_set(e, RC_USAGE, NULL, 0, "ledger needs --ledger FILE");
        return -1;
    }
    if (o->ledger_action == LEDGER_IMPORT && o->import_path == NULL) {
        err_set(e, RC_USAGE, NULL, 0, "ledger import needs OLD.csv");
        return -1;
    }
    if (o->config != NULL || o->out != NULL || o->archive != NULL ||
        o->cacert != NULL ||
        (o->ledger_action != LEDGER_LIST &&
         (o->month != NULL || o->subscription != NULL))) {
        err_set(e, RC_USAGE, NULL, 0, "an option does not apply to ledger");
        return -1;
    }
    /* A month that is not YYYY-MM would match no row and list nothing, as
     * if nothing had been issued. */
    if (o->month != NULL) {
        int64_t m0, m1;

        return when_parse_month(o->month, &m0, &m1, e);
    }
    return 0;
}

/* Long options without a short letter get codes past any character. */
enum { OPT_STRICT = 256 };

/* Reads the options from optind on into o. Returns 0, 1 when --help or
 * --version ends parsing (o->cmd set to it), or -1 with e set. */
static int read_options(int argc, char **argv, struct opts *o, struct err *e)
{
    static const struct option longopts[] = {
        {"apply", no_argument, NULL, 'A'},
        {"archive", required_argument, NULL, 'a'},
        {"cacert", required_argument, NULL, 'C'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {"ledger", required_argument, NULL, 'l'},
        {"month", required_argument, NULL, 'm'},
        {"out", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"subscription", required_argument, NULL, 's'},
        {"system", required_argument, NULL, 'S'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":Aa:C:c:hl:m:o:qS:s:V", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 'A':
            o->apply = true;
            break;
        case 'a':
            o->archive = optarg;
            break;
        case 'C':
            o->cacert = optarg;
            break;
        case 'c':
            o->config = optarg;
            break;
        case 'h':
            o->cmd = CMD_HELP;
            return 1;
        case 'l':
            o->ledger = optarg;
            break;
        case 'm':
            o->month = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_STRICT:
            o->strict = true;
            break;
        case 'S':
            o->system = optarg;
            break;
        case 's':
            o->subscription = optarg;
            break;
        case 'V':
            o->cmd = CMD_VERSION;
            return 1;
        case ':':
            err_set(e, RC_USAGE, NULL, 0, "option needs a value: %s",
                    argv[optind - 1]);
            return -1;
        default:
            err_set(e, RC_USAGE, NULL, 0, "unknown option: %s",
                    argv[optind - 1]);
            return -1;
        }
    }
    return 0;
}

/* What "slacredit push" needs once its options are read. */
static int push_checks(const struct opts *o, struct err *e)
{
    if (o->system == NULL || o->month == NULL) {
        err_set(e, RC_USAGE, NULL, 0,
                "push needs --system stripe|killbill and --month YYYY-MM");
        return -1;
    }
    if (o->config != NULL || o->archive != NULL || o->subscription != NULL ||
        o->quiet) {
        err_set(e, RC_USAGE, NULL, 0, "an option does not apply to push");
        return -1;
    }
    return 0;
}

/* What run, check, fetch and explain need once their options are read. */
static int config_command_checks(const struct opts *o, struct err *e)
{
    if (o->system != NULL || o->apply) {
        err_set(e, RC_USAGE, NULL, 0, "an option does not apply to %s",
                command_name(o->cmd));
        return -1;
    }
    if (o->config == NULL) {
        err_set(e, RC_USAGE, NULL, 0, "%s needs --config FILE",
                command_name(o->cmd));
        return -1;
    }
    if (check_folder("--out", o->out, e) != 0 ||
        check_folder("--archive", o->archive, e) != 0)
        return -1;
    if (o->cmd != CMD_CHECK && o->month == NULL) {
        err_set(e, RC_USAGE, NULL, 0, "%s needs --month YYYY-MM",
                command_name(o->cmd));
        return -1;
    }
    if (o->cmd == CMD_EXPLAIN && o->subscription == NULL) {
        err_set(e, RC_USAGE, NULL, 0, "explain needs --subscription ID");
        return -1;
    }
    if ((o->cmd == CMD_CHECK && (o->month != NULL || o->ledger != NULL)) ||
        (o->cmd != CMD_RUN && o->out != NULL) ||
        (o->cmd != CMD_FETCH && (o->archive != NULL || o->cacert != NULL)) ||
        (o->cmd == CMD_FETCH && (o->ledger != NULL || o->quiet)) ||
        (o->cmd != CMD_EXPLAIN && o->subscription != NULL) ||
        (o->cmd != CMD_RUN && o->cmd != CMD_CHECK && o->strict)) {
        err_set(e, RC_USAGE, NULL, 0, "an option does not apply to %s",
                command_name(o->cmd));
        return -1;
    }
    return 0;
}

int opts_parse(int argc, char **argv, struct opts *o, struct err *e)
{
    int first, rc;

    memset(o, 0, sizeof o[0]);
    if (parse_command(argc, argv, o, &first, e) != 0)
        return -1;
    if (o->cmd == CMD_LEDGER && ledger_action(argc, argv, o, e) != 0)
        return -1;
    if (o->cmd == CMD_LEDGER)
        first = 3;
    optind = first;
    rc = read_options(argc, argv, o, e);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (o->cmd == CMD_LEDGER)
        return ledger_checks(argc, argv, o, e);
    if (optind < argc) {
        err_set(e, RC_USAGE, NULL, 0, "unexpected argument: %s", argv[optind]);
        return -1;
    }
    if (o->cmd == CMD_NONE) {
        err_set(e, RC_USAGE, NULL, 0, "no command given");
        return -1;
    }
    if (o->cmd == CMD_PUSH)
        return push_checks(o, e);
    return config_command_checks(o, e);
}

/* inputs: everything one run of run, check or explain reads — config,
 * roster, claims, fees, monitoring evidence per resource and status pages
 * — loaded in that order, each file hashed for the manifest, and the
 * warnings the inputs raise (partial, missing or ambiguous evidence),
 * printed once and refused under --strict.
 * Life cycle: inputs_load(), read the fields, inputs_free(). */
#ifndef SLACREDIT_CMD_INPUTS_H
#define SLACREDIT_CMD_INPUTS_H

#include "engine/evidence.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "read/monitor.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct claims;
struct config;
struct fees;
struct ledger;
struct opts;
struct policy;
struct resmap;
struct roster;
struct sp_data;
struct sub;

/* Monitoring times are converted with the time zones' offsets resolved for
 * the month widened a week back and 45 days on, so that rows just outside
 * the month (an outage begun before it, one still open after it, an export
 * taken weeks later) still convert with their own offset; beyond that
 * window the nearest resolved offset applies (tz.h). */
#define INPUTS_ZONES_BEFORE_MONTH (7 * 86400)
#define INPUTS_ZONES_AFTER_MONTH  (45 * 86400)

/* Everything one run reads. */
struct inputs {
    struct config *cfg;
    struct roster *roster;
    struct resmap *map;
    struct sha_list files;        /* every input file, in read order */
    struct monitor_stats st;      /* all monitoring sources */
    struct monitor_stats *src_st; /* per [monitoring] source, config order */
    struct sp_data *pages;        /* one per [statuspage], config order */
    size_t npages;
    struct claims *claims; /* [claims], or NULL */
    struct fees *fees;     /* [fees], or NULL */
    char **warnings;       /* "FILE:LINE: warning: ...", in order found */
    size_t nwarnings;
    size_t unnamed; /* resource references no source has data for */
};

/* The evidence sources of the loaded inputs (borrowed from in). */
struct ev_sources inputs_sources(const struct inputs *in);
/* Loads config, roster, monitoring and status-page evidence for the month
 * [m0, m1) (time zones resolved for [from, to)), from the start of the
 * earliest quarter or year a policy decides in it (from moves back as
 * far), into in (its earlier contents ignored). Prints the warnings; under
 * --strict a warning is an error. Returns 0, or -1 with e set; in is then
 * partly filled and still freed with inputs_free(). */
int inputs_load(const struct opts *o, int64_t m0, int64_t m1, int64_t from,
                int64_t to, struct inputs *in, struct err *e);
/* Frees what in holds. */
void inputs_free(struct inputs *in);
/* Records one warning about the inputs (manifest.json lists them). */
void inputs_warn(struct inputs *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* True when subscription s is decided under p: its policy, or a member of
 * its composite (either = ...). */
bool inputs_uses_policy(const struct sub *s, const struct policy *p);
/* cap_fees with a ledger (l; NULL: nothing to do) that does not record the
 * earlier months of a policy's window: warns once per policy, printing the
 * warning; under --strict returns -1 with e set. */
int inputs_ledger_gaps(struct inputs *in, const struct opts *o,
                       const struct ledger *l, int64_t m0, struct err *e);

#endif

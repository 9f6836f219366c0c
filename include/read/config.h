/* config: the INI configuration of SPEC §2, parsed with inih into plain data.
 * Every value is checked here (durations, decimals, patterns, enums), so the
 * rest of the program only sees valid settings; every error names the
 * config file and line. Relative paths are made relative to the config
 * file's folder. Life cycle: config_load(), read the structs, config_free(). */
#ifndef SLACREDIT_CONFIG_H
#define SLACREDIT_CONFIG_H

#include "engine/policy.h"
#include "lib/err.h"
#include "read/monitor.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Weight of a component status: a second of it counts as milli/1000 s. */
struct status_weight {
    char *status;  /* component status, e.g. "partial_outage" */
    int32_t milli; /* 0..1000 */
};

/* A [statuspage "name"] section: archived Statuspage API v2 snapshots. */
struct statuspage {
    char *name;           /* section name; resource keys are "name:component" */
    long line;            /* config line of the section header */
    char *incidents;      /* glob of incidents.json snapshots, or NULL */
    char *maintenances;   /* glob of scheduled-maintenances.json, or NULL */
    char *summaries;      /* glob of summary.json snapshots, or NULL */
    char *components;     /* glob of components.json snapshots, or NULL */
    char *url;            /* page root, for fetch; or NULL */
    char *archive;        /* fetch's folder, resolved; default archive/<name> */
    char **down_statuses; /* default major_outage partial_outage */
    size_t ndown_statuses;
    char **down_impacts; /* default major critical */
    size_t ndown_impacts;
    bool key_by_id; /* key = id: components named by id, not name */
    struct status_weight *weights; /* weight.<status> settings */
    size_t nweights;
};

/* Decimal settings are integers scaled by CONFIG_SCALE: "99.9" -> 999000
 * (the policy's scale, see engine/policy.h). */
#define CONFIG_SCALE POLICY_SCALE
#define CONFIG_FRAC  POLICY_FRAC

struct config {
    char *path;        /* as given */
    char *dir;         /* folder of the config file, for relative paths */
    char *roster_path; /* resolved */
    long roster_line;
    char *claims_path; /* [claims] path, resolved; or NULL */
    long claims_line;
    char *fees_path; /* [fees] path, resolved; or NULL */
    long fees_line;
    struct monsrc *sources;
    size_t nsources;
    struct policy *policies;
    size_t npolicies;
    struct statuspage *pages;
    size_t npages;
    int64_t discrepancy_min; /* [output] discrepancy_min, seconds; 300 */
    uint32_t formats;        /* [output] formats: the billing files to write, a
                                set for formats_enabled() (write/formats.h) */
    bool no_html;            /* [output] formats "no-html": no report.html, no
                                statements/ */
};

/* The [statuspage] section named name, or NULL. */
const struct statuspage *config_page(const struct config *c, const char *name);
/* The weight (0..1000) of a component status on page p: its weight.<status>
 * setting, else 1000 when the status is one of down_statuses, else 0. */
int32_t config_status_weight(const struct statuspage *p, const char *status);

/* Loads and validates path. Returns NULL with e set: RC_NOINPUT when the
 * file cannot be read, RC_CONFIG (file and line set) for anything wrong in
 * it. Caller frees with config_free(). */
struct config *config_load(const char *path, struct err *e);
/* The policy named name, or NULL. */
const struct policy *config_policy(const struct config *c, const char *name);
/* Frees c; NULL is a no-op. */
void config_free(struct config *c);

#endif

/* config: the INI configuration of SPEC §2, parsed with inih into plain data.
 * Every value is checked here (durations, decimals, patterns, enums), so the
 * rest of the program only sees valid settings; every error names the
 * config file and line. Relative paths are made relative to the config
 * file's folder. Life cycle: config_load(), read the structs, config_free(). */
#ifndef SLACREDIT_CONFIG_H
#define SLACREDIT_CONFIG_H

#include "lib/err.h"
#include "lib/money.h"
#include "read/fidelity.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rx;

enum src_format { SRC_SAMPLES, SRC_WINDOWS };

/* A [monitoring "name"] section: where and how to read a monitoring export. */
struct monsrc {
    char *name; /* section name */
    long line;  /* config line of the section header */
    char *path; /* glob, relative paths resolved */
    enum src_format format;
    unsigned char delim; /* ',' ';' '\t' '|' */
    bool header;         /* false: columns names the fields */
    char **columns;      /* with header = false */
    size_t ncolumns;
    char *time_column; /* samples: the check's time */
    char *time_format; /* "iso8601", "epoch" or a strptime-style pattern */
    char *time_zone;   /* for times without an offset; default "UTC" */
    char *resource_column;
    char *status_column; /* samples: required; windows: optional filter */
    struct rx *down;     /* down_pattern; NULL with windows and no status */
    int64_t interval;    /* samples: seconds one sample stands for */
    char *start_column;  /* windows */
    char *end_column;    /* windows: end_column or duration_column */
    char *duration_column;
    int64_t duration_unit; /* seconds per unit of duration_column */
    /* Sample semantics (SPEC §8), samples only. */
    int64_t confirm; /* K consecutive down samples make an outage; 1 */
    enum fidelity_unknown unknown; /* time no sample covers; UNKNOWN_UP */
    char *location_column;         /* probe location, or NULL: one location */
    enum fidelity_quorum quorum;   /* how locations combine; QUORUM_ANY */
    int64_t quorum_n;              /* with QUORUM_N */
    bool fidelity; /* a samples source: every sample is kept, up ones
                      too, for the semantics above and the measured time */
};

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

enum policy_kind { POLICY_TIERS, POLICY_PER_DAY, POLICY_PRORATED };
enum evidence_mode {
    EVIDENCE_MONITORING,
    EVIDENCE_STATUSPAGE,
    EVIDENCE_UNION,
    EVIDENCE_ACKNOWLEDGED,
};
enum remedy {
    REMEDY_INVOICE_CREDIT,
    REMEDY_PLAN_EXTENSION,
    REMEDY_WALLET_CREDIT,
    REMEDY_BY_BILLING,
};
enum fee_basis { FEE_FULL, FEE_PRORATED };

/* Decimal settings are integers scaled by CONFIG_SCALE: "99.9" -> 999000. */
#define CONFIG_SCALE 10000
#define CONFIG_FRAC  4

struct tier {
    int64_t threshold; /* uptime percent × CONFIG_SCALE */
    int64_t percent;   /* credit percent of the fee × CONFIG_SCALE */
};

/* A [policy "name"] section. */
struct policy {
    char *name;
    long line; /* config line of the section header */
    enum policy_kind kind;
    enum evidence_mode evidence;
    bool exclude_maintenance;    /* exclude = maintenance */
    struct rx *incident_pattern; /* incidents whose name matches are excluded */
    struct tier *tiers;          /* tiers: sorted by threshold, ascending */
    size_t ntiers;
    int64_t cap_percent; /* × CONFIG_SCALE; default 100 % */
    enum remedy remedy;
    struct rx *plan_pattern; /* NULL: every plan is eligible */
    char **exclude_payment_methods;
    size_t nexclude_payment_methods;
    bool min_credit_set;
    int64_t min_credit; /* major units × CONFIG_SCALE */
    enum money_rounding rounding;
    int64_t day_divisor; /* per_day; default 30 */
    int64_t min_outage;  /* prorated: seconds; default 0 */
    int64_t multiplier;  /* prorated: × CONFIG_SCALE; default 1 */
    enum fee_basis fee_basis;
    bool claims_required; /* claims = required (SPEC §8) */
    int64_t claim_window; /* seconds after an outage ends; default 7d */
};

struct config {
    char *path;        /* as given */
    char *dir;         /* folder of the config file, for relative paths */
    char *roster_path; /* resolved */
    long roster_line;
    char *claims_path; /* [claims] path, resolved; or NULL */
    long claims_line;
    struct monsrc *sources;
    size_t nsources;
    struct policy *policies;
    size_t npolicies;
    struct statuspage *pages;
    size_t npages;
    int64_t discrepancy_min; /* [output] discrepancy_min, seconds; 300 */
    bool format_jsonl;       /* [output] formats: credits.jsonl */
    bool format_stripe;      /* ... stripe-balance-transactions.csv */
    bool format_killbill;    /* ... killbill-requests.jsonl */
    bool format_chargebee;   /* ... chargebee-promotional-credits-*.csv */
    bool format_lago;        /* ... lago-wallet-transactions.jsonl */
    bool no_html;            /* ... "no-html": no report.html, no statements/ */
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

/* Names of the enums, as written in the config and in outputs. */
const char *config_remedy_name(enum remedy r);
const char *config_kind_name(enum policy_kind k);

#endif

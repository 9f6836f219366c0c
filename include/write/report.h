/* report: the output files of SPEC §5 as bytes. Each function appends rows
 * (or a whole document) to a buffer; writing them to disk is outdir's job.
 * Column lists are the contract with billing and never change order. The
 * functions that append return 0, or -1 with e set (RC_CANTOUT: the buffer
 * refuses to grow; RC_OSERR: out of memory building JSON); after a failure
 * the buffer holds a partial file the caller must discard. */
#ifndef SLACREDIT_REPORT_H
#define SLACREDIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct decision;
struct err;
struct iv;
struct sha_list;
struct sub;

/* Header rows. */
int report_credits_header(struct buf *b, struct err *e);
int report_decisions_header(struct buf *b, struct err *e);
int report_windows_header(struct buf *b, struct err *e);

/* One adjustment for billing: a credits.csv row, plain data, the same
 * for every billing format. A correction (SPEC §7) has an id ending in
 * ":r<N>" and carries only the difference, which may be negative. */
struct credit_row {
    char adjustment_id[320]; /* <YYYY-MM>:<subscription>:<policy>[:r<N>] */
    char period[8];          /* YYYY-MM */
    int64_t revision;        /* 0, or N of ":r<N>" (never parsed) */
    const char *customer;    /* customer_id; borrowed */
    /* The subscription's account in each billing system (roster.h),
     * borrowed; NULL when the roster has none. Never customer_id. */
    const char *stripe_customer;
    const char *killbill_account;
    const char *chargebee_customer;
    const char *lago_wallet;
    const char *subscription; /* borrowed */
    const char *policy;       /* borrowed */
    const char *remedy;       /* "invoice_credit", ...; static, or
                                 remedy_buf */
    char remedy_buf[32];      /* a remedy read back from the ledger */
    int64_t amount;           /* minor units */
    char currency[4];
    int exponent;         /* ISO 4217 minor-unit exponent */
    int64_t extension;    /* seconds */
    char new_ends_at[32]; /* "YYYY-MM-DDTHH:MM:SSZ" or "" */
    char uptime[32];      /* "99.8523" */
    int64_t downtime;     /* seconds */
    char basis[128];
};

/* Fills r from a credited decision (no correction suffix). */
void report_credit_row(struct credit_row *r, const char *period,
                       const struct sub *s, const struct decision *d);
/* One credits.csv row. */
int report_credit(struct buf *b, const struct credit_row *r, struct err *e);
/* One decisions.csv row. */
int report_decision(struct buf *b, const char *period, const struct sub *s,
                    const struct decision *d, struct err *e);
/* One windows.csv row: kind is "counted" or "excluded"; detail may be "". */
int report_window(struct buf *b, const char *period, const struct sub *s,
                  const char *kind, const struct iv *w, const char *resource,
                  const char *source, const char *detail, struct err *e);

/* What manifest.json records. */
struct report_total {
    char currency[4];
    uint64_t credits; /* credits.csv rows in this currency */
    int64_t amount;   /* their amount_minor, summed */
    int exponent;     /* the currency's minor-unit exponent */
};

struct report_output {
    const char *name;   /* file name in the output folder */
    const char *sha256; /* hex */
    uint64_t size;      /* bytes */
    uint64_t rows;      /* data rows, header excluded */
};

struct report_manifest {
    const char *version;
    const char *month;
    const char *config_path; /* as recorded (relative to the config dir) */
    const char *config_sha256;
    uint64_t config_size;
    const struct sha_list *inputs;
    const char *input_base; /* prefix stripped from input paths, or "" */
    const struct report_output *outputs;
    size_t noutputs;
    const struct report_total *totals; /* sorted by currency */
    size_t ntotals;
    const uint64_t *outcomes; /* count per enum outcome */
    size_t noutcomes;
    const char *const *warnings; /* the run's warnings, as on stderr */
    size_t nwarnings;
};

/* Appends manifest.json (pretty-printed, keys in a fixed order, LF at
 * end). */
int report_manifest(struct buf *b, const struct report_manifest *m,
                    struct err *e);
/* manifest.json in three parts, so that its list of outputs (one per
 * statement: as long as the customers) need not be held: head (appended
 * to) ends with the '[' that opens "outputs", tail (appended to) begins
 * with what closes it; m->outputs is not read. Between them go the
 * entries, each from report_manifest_output(), first true for the first.
 * The three together are report_manifest()'s bytes. */
int report_manifest_split(struct buf *head, struct buf *tail,
                          const struct report_manifest *m, struct err *e);
/* Appends the entry of one output to the outputs array of manifest.json,
 * with the separator before it. */
int report_manifest_output(struct buf *b, const struct report_output *out,
                           bool first, struct err *e);

#endif

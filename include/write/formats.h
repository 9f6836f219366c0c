/* formats: the output files as one table (formats.def): what every other
 * place needs to know about them (config's [output] formats names, the
 * files outdir may replace, the billing files run writes, the listing
 * `slacredit formats` prints) is looked up here, never retyped. */
#ifndef SLACREDIT_FORMATS_H
#define SLACREDIT_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct billing_file;
struct credit_row;
struct err;
struct sub;

/* When a file is written. */
enum output_when {
    OUTPUT_ALWAYS,     /* every run */
    OUTPUT_WITH_PAGES, /* runs whose config has a [statuspage] */
    OUTPUT_NAMED,      /* when [output] formats names it */
    OUTPUT_BY_DEFAULT, /* unless [output] formats says no-NAME (report.html
                          and the statements/ it links to: write/htmlpages.h) */
    OUTPUT_EARLIER,    /* never: written by earlier versions */
};

/* Appends the file for the credits.csv rows rows[0..n) to out (billing.h).
 * Returns 0, or -1 with e set. */
typedef int billing_write_fn(struct billing_file *out,
                             const struct credit_row *rows, size_t n,
                             struct err *e);
/* Checks that roster row s (of roster file path) carries what the format
 * needs. Returns 0, or -1 with e set (RC_DATA, path:line). */
typedef int billing_check_fn(const struct sub *s, const char *path,
                             struct err *e);

/* The files the run writes as it goes, in the table's order. */
enum output_kind {
#define OUTPUT(kind, name, file, when) OUTPUT_##kind,
#define BILLING(kind, name, file, write, check)
#include "write/formats.def"
#undef OUTPUT
#undef BILLING
    OUTPUT_NKINDS,
};

/* The billing import files, in the table's order. */
enum billing_format {
#define OUTPUT(kind, name, file, when)
#define BILLING(kind, name, file, write, check) BILLING_##kind,
#include "write/formats.def"
#undef OUTPUT
#undef BILLING
    BILLING_NFORMATS,
};

/* Each billing row's functions, defined in src/write/billing_<name>.c. */
#define OUTPUT(kind, name, file, when)
#define BILLING(kind, name, file, write, check)                                \
    billing_write_fn write;                                                    \
    billing_check_fn check;
#include "write/formats.def"
#undef OUTPUT
#undef BILLING

_Static_assert(BILLING_NFORMATS <= 32, "[output] formats is a 32-bit set");

/* One row of the table. */
struct output_format {
    const char *name; /* in [output] formats; NULL when it has none */
    const char *file; /* in the output folder */
    enum output_when when;
    billing_write_fn *write; /* billing files only, else NULL */
    billing_check_fn *check; /* billing files only, else NULL */
};

/* Every row: the OUTPUT rows (indexed by enum output_kind), then the
 * BILLING rows (OUTPUT_NKINDS + enum billing_format). */
size_t formats_count(void);
const struct output_format *formats_at(size_t i);
/* The file name of a file the run writes as it goes. */
const char *formats_file(enum output_kind k);
/* The row of billing format f. */
const struct output_format *formats_billing(enum billing_format f);

/* Adds to *set the bit (1 << f) of every billing format f that name
 * enables in [output] formats ("csv" enables none: credits.csv is always
 * written). Returns 0, or -1 when no row has that name. */
int formats_enable(const char *name, uint32_t *set);
/* Whether set (from formats_enable) holds billing format f. */
bool formats_enabled(uint32_t set, enum billing_format f);
/* The names [output] formats accepts, "csv, jsonl, ... or lago", in out
 * (cut to cap). */
void formats_names(char *out, size_t cap);
/* Whether name is a file slacredit writes (or once wrote) into an output
 * folder. */
bool formats_known_file(const char *name);

#endif

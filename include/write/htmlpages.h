/* htmlpages: the month as pages a person reads, written beside the CSV
 * files of a run (README "Reports and statements"):
 *   report.html                  the month at a glance for an operator:
 *                                totals per currency, outcomes by count,
 *                                one row per subscription with its
 *                                timeline and credit, the discrepancies
 *   statements/<customer>.html   one per customer with a subscription
 *                                active in the month: each one's uptime,
 *                                timeline, counted and excluded windows,
 *                                the rule in explain's words, the credit
 *                                and how it reaches the customer, the
 *                                claim deadline, the input hashes
 * A writer: it formats what the engine decided and the run settled, it
 * decides nothing. Every text from inputs is escaped (html.h). The bytes
 * depend only on what is passed in, so a replay writes the same files.
 * Memory: each decision is rendered when it is added and set aside in
 * temporary storage (lib/spill.h); what is kept per subscription is its
 * roster row, its position in the run and its section's length (12
 * bytes).
 * Life cycle: html_pages_new(), html_pages_add() once per decision (in
 * the order the run makes them), html_pages_finish() writing every page
 * through a sink, html_pages_free(). */
#ifndef SLACREDIT_HTMLPAGES_H
#define SLACREDIT_HTMLPAGES_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct credit_row;
struct err;
struct decision;
struct ev_sources;
struct evidence;
struct html_pages;
struct report_total;
struct sha_list;
struct sub;

/* One settled decision. Everything is read during the call only, but for
 * sub, one of the rows given to html_pages_new(). */
struct html_sub {
    const struct sub *sub;
    const struct decision *d; /* after the ledger was consulted */
    const struct evidence *x;
    const struct ev_sources *src;  /* for the status-page incidents */
    const struct credit_row *rows; /* this subscription's credits.csv rows */
    size_t nrows;
};

/* What the whole run adds at the end. Borrowed during the call. */
struct html_run {
    const char *version;
    const char *config_name; /* as manifest.json records it */
    const char *config_sha256;
    uint64_t config_size;
    const struct sha_list *inputs;
    const char *input_base; /* prefix stripped from input paths, or "" */
    const struct report_total *totals; /* sorted by currency */
    size_t ntotals;
    const uint64_t *outcomes; /* count per enum outcome */
    size_t noutcomes;
    size_t nwarnings;
};

/* Pages of the month period ("YYYY-MM", [m0, m1) in epoch s);
 * discrepancy_min as [output] discrepancy_min; subs[0..nsubs) the roster's
 * rows, each added at most once, borrowed until html_pages_free(). */
struct html_pages *html_pages_new(const char *period, int64_t m0, int64_t m1,
                                  int64_t discrepancy_min,
                                  const struct sub *subs, size_t nsubs);
/* Where the pages go: begin() starts file name (in the output folder) and
 * returns the buffer to append its bytes to, or NULL with e set; flush()
 * may write what the buffer holds; end() ends the file, rows being its data
 * rows (subscriptions shown). The int functions return 0, or -1 with e
 * set. */
struct html_sink {
    struct buf *(*begin)(void *ctx, const char *name, struct err *e);
    int (*flush)(void *ctx, struct err *e);
    int (*end)(void *ctx, uint64_t rows, struct err *e);
    void *ctx;
};

/* Adds one subscription. Returns 0, or -1 with e set (RC_IOERR: the
 * temporary storage failed; RC_SOFTWARE: s->sub is not one of the rows,
 * or all were added). */
int html_pages_add(struct html_pages *p, const struct html_sub *s,
                   struct err *e);
/* Writes report.html, then the statements by customer id, one file at a
 * time, through k. Returns 0, or -1 with e set (by k, or RC_IOERR). */
int html_pages_finish(struct html_pages *p, const struct html_run *r,
                      const struct html_sink *k, struct err *e);
/* Frees p; NULL is a no-op. */
void html_pages_free(struct html_pages *p);

#endif

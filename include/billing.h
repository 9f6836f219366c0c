/* billing: the billing import formats of SPEC §9, written from the same
 * credit rows as credits.csv (report.h's struct credit_row), corrections
 * included:
 *   credits.jsonl                    one JSON object per line, same fields
 *   stripe-balance-transactions.csv  Stripe customer balance transactions
 *   killbill-credits.json            the body of Kill Bill's POST /credits
 * Each function appends the whole file for rows[0..n) to b. */
#ifndef SLACREDIT_BILLING_H
#define SLACREDIT_BILLING_H

#include <stddef.h>

struct buf;
struct credit_row;

/* A format named in [output] formats. */
enum billing_format {
    BILLING_JSONL,    /* "jsonl"  -> credits.jsonl */
    BILLING_STRIPE,   /* "stripe" -> stripe-balance-transactions.csv */
    BILLING_KILLBILL, /* "killbill" -> killbill-credits.json */
    BILLING_NFORMATS,
};

/* The format's name in the config ("jsonl", "stripe", "killbill"). */
const char *billing_format_name(enum billing_format f);
/* The file the format writes. */
const char *billing_file_name(enum billing_format f);
/* Appends the file's bytes for rows[0..n) to b. */
void billing_write(enum billing_format f, struct buf *b,
                   const struct credit_row *rows, size_t n);
/* Data rows the file holds for rows[0..n) (money remedies only for Stripe
 * and Kill Bill). */
size_t billing_count(enum billing_format f, const struct credit_row *rows,
                     size_t n);

#endif

/* billing: the billing import formats of SPEC §9, written from the same
 * credit rows as credits.csv (report.h's struct credit_row), corrections
 * included, in the rows' order:
 *   credits.jsonl                    one JSON object per line, same fields
 *   stripe-balance-transactions.csv  Stripe customer balance transactions
 *   killbill-credits.json            the body of Kill Bill's POST /credits
 * Use: billing_write() appends a whole file for rows[0..n) to a buffer;
 * billing_count() gives its data rows for the manifest. Output depends only
 * on the rows, so a replay writes the same bytes. */
#ifndef SLACREDIT_BILLING_H
#define SLACREDIT_BILLING_H

#include <stddef.h>

struct buf;
struct credit_row;
struct err;

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
/* Finds the format named name (as billing_format_name() spells it) and
 * stores it in *f. Returns 0, or -1 when no format has that name. */
int billing_format_lookup(const char *name, enum billing_format *f);

/* Appends the file's bytes for rows[0..n) to b:
 *   jsonl     every row, plan extensions included; n = 0 gives no bytes.
 *   stripe    a header, then one row per money credit (not plan_extension,
 *             amount not 0); amount is Stripe's integer in Stripe's unit,
 *             negated (negative = a credit to the customer).
 *   killbill  a JSON array (2-space indent) of the money credits; "[]\n"
 *             when there is none. amount is decimal text with the ISO 4217
 *             exponent, negative for a correction that takes money back.
 * Returns 0, or -1 with e set: RC_DATA when a text field is not valid UTF-8
 * (JSON formats) or an amount has no exact value in Stripe's unit (Stripe
 * counts ISK in hundredths and MGA in whole ariary, unlike ISO 4217);
 * RC_CANTOUT when b refuses to grow. After a failure b holds a partial file
 * the caller must discard. */
int billing_write(enum billing_format f, struct buf *b,
                  const struct credit_row *rows, size_t n, struct err *e);
/* Data rows the file holds for rows[0..n) (money credits only for Stripe
 * and Kill Bill; header and brackets excluded). */
size_t billing_count(enum billing_format f, const struct credit_row *rows,
                     size_t n);

#endif

/* billing: the billing import formats, written from the same credit rows as
 * credits.csv (report.h's struct credit_row), corrections included, in the
 * rows' order. Each format carries one billing system's request per row, in
 * that system's own shape and units, addressed to the account the roster
 * maps the subscription to in that system (never to customer_id):
 *   credits.jsonl                    system-neutral, the credits.csv fields
 *   stripe-balance-transactions.csv  Stripe customer balance transactions
 *   killbill-requests.jsonl          Kill Bill credits / external charges
 *   chargebee-promotional-credits-add.csv, ...-deduct.csv
 *                                    Chargebee Bulk Operations files, the
 *                                    columns of API v2 promotional_credits
 *                                    add / deduct (apidocs.chargebee.com/
 *                                    docs/api/promotional_credits)
 *   lago-wallet-transactions.jsonl   Lago wallet transactions
 * Each format is a row of formats.def and a file billing_<system>.c; this
 * module is their common entry and what they share (billing_util.h).
 * Use: billing_check_account() for every roster row and enabled format
 * before computing; billing_write() appends a file for rows[0..n) to
 * a buffer, whole or in parts as the rows are made, counts its rows for the
 * manifest and lists the rows it had to leave out. Output depends only on the
 * rows, so a replay writes the same bytes. */
#ifndef SLACREDIT_BILLING_H
#define SLACREDIT_BILLING_H

#include "write/formats.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct credit_row;
struct err;
struct sub;

/* Limits of the billing systems' fields, in bytes. */
#define BILLING_STRIPE_KEY_MAX      255 /* Idempotency-Key header */
#define BILLING_STRIPE_DESC_MAX     350 /* description */
#define BILLING_KILLBILL_DESC_MAX   255 /* invoice_items.description */
#define BILLING_CHARGEBEE_DESC_MAX  250 /* promotional credit description */
#define BILLING_CHARGEBEE_ID_MAX    50  /* customer id */
#define BILLING_CHARGEBEE_REF_MAX   255 /* our cap for reference */
#define BILLING_LAGO_META_VALUE_MAX 255 /* our cap for a metadata value */
/* Kill Bill amounts are numeric(15,9): under 10^6 major units. */
#define BILLING_KILLBILL_AMOUNT_MAX 1000000

/* The format's name in the config ("jsonl", "stripe", "killbill",
 * "chargebee", "lago"). */
const char *billing_format_name(enum billing_format f);
/* The file the format writes. */
const char *billing_file_name(enum billing_format f);
/* Finds the first format named name (as billing_format_name() spells it)
 * and stores it in *f. Returns 0, or -1 when no format has that name. */
int billing_format_lookup(const char *name, enum billing_format *f);

/* Checks that roster row s (line s->line of roster file path) carries what
 * format f needs: its account id in that system (stripe_customer,
 * killbill_account as a UUID, chargebee_customer of at most 50 bytes,
 * lago_wallet_id), and for Kill Bill a currency Kill Bill knows. Returns
 * 0, or -1 with e set (RC_DATA, path:line). */
int billing_check_account(enum billing_format f, const struct sub *s,
                          const char *path, struct err *e);
/* The check of a format that needs no account (credits.jsonl). */
int billing_check_none(const struct sub *s, const char *path, struct err *e);

/* Whether Kill Bill's currency list (its Currency enum) holds code. */
bool billing_killbill_currency(const char *code);

/* An amount in Stripe's unit: out is what Stripe's API takes for minor
 * (ISO 4217 minor units with exponent iso_exp) in currency. Stripe counts
 * most currencies in hundredths, the zero-decimal ones (JPY, MGA, ...) in
 * whole units, ISK in hundredths that must be whole krónur, HUF and TWD in
 * hundredths that must be whole units, and BHD, JOD, KWD, OMR and TND in
 * thousandths whose last digit must be 0. An amount Stripe cannot carry is
 * rounded half away from zero to the nearest amount it can; *rounded then
 * says so. Returns 0, or -1 when the result does not fit in int64_t. */
int billing_stripe_amount(const char *currency, int iso_exp, int64_t minor,
                          int64_t *out, bool *rounded);

/* The de-duplication key of an adjustment id in a field of at most max
 * bytes: the id itself when it fits, else "sha256:" and the 64 hex digits
 * of its SHA-256. Writes it into out (cap >= 72). */
void billing_dedup_key(const char *id, size_t max, char *out, size_t cap);

/* One billing file being written. */
struct billing_file {
    struct buf *b;   /* receives the file's bytes */
    size_t rows;     /* data rows written, header excluded */
    size_t line;     /* credits.csv line of the next row given (from 2) */
    bool started;    /* the header (CSV formats) is written */
    char **warnings; /* the rows left out, one sentence each; owned */
    size_t nwarnings;
};

/* An empty file writing into b. */
void billing_file_init(struct billing_file *out, struct buf *b);
/* Frees out's warnings (not its buffer). */
void billing_file_free(struct billing_file *out);

/* Appends the file of format f for rows[0..n) to out->b and counts its
 * data rows in out->rows. A file may be written in parts: the first call
 * writes the header (CSV formats; n may be 0 for that alone), each call
 * the rows it is given, which follow those of the calls before it in
 * credits.csv (warnings and errors name their lines from out->line); the
 * bytes are the same as one call with every row. Every format but jsonl holds
 * the money rows only (not plan extensions, amount not 0); see README "Billing
 * import formats" for each shape. A row the billing system cannot take is left
 * out, with a warning in out->warnings naming its adjustment id and the limit,
 * and never stops the file: Kill Bill's amounts of 1,000,000 major units or
 * more. Returns 0, or -1 with e set: RC_DATA when a text field is not valid
 * UTF-8 (JSON formats), a row lacks the format's account id, or an amount
 * does not fit in the system's unit; RC_CANTOUT when out->b refuses to
 * grow. After a failure out->b holds a partial file the caller must
 * discard. */
int billing_write(enum billing_format f, struct billing_file *out,
                  const struct credit_row *rows, size_t n, struct err *e);
/* Data rows the file of format f holds for rows[0..n) (header excluded);
 * 0 when it cannot be written. */
size_t billing_count(enum billing_format f, const struct credit_row *rows,
                     size_t n);

#endif

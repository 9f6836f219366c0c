/* fees: the fee history CSV of [fees] path (subscription_id,month,fee):
 * what each subscription was billed in each month, for caps over several
 * months (cap_fees). The fee is a decimal in major units of the roster's
 * currency for that subscription ("6.00"). A subscription the roster does
 * not hold, a bad month, a bad or negative fee, or a repeated (subscription,
 * month) is a FILE:LINE error (exit 65), as for claims: a fee that cannot be
 * attributed is a data problem to fix before money moves.
 * Months are counted as month indexes, year × 12 + month − 1.
 * Life cycle: fees_load(), fees_window() per subscription, fees_free(). */
#ifndef SLACREDIT_FEES_H
#define SLACREDIT_FEES_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct roster;
struct sub;
struct fees;

/* The fees of the months of a cap_fees window, as fees_window() found
 * them. */
struct fees_window {
    int64_t total;         /* minor units: the window's fees */
    int64_t months;        /* months in the window */
    int64_t billed;        /* months with a row in the fee history */
    int64_t missing;       /* active months without a row: the roster's
                              monthly_fee stood in for each */
    int64_t first_missing; /* month index of the first of those */
};

/* Reads path against roster r. Returns NULL with e set (RC_NOINPUT,
 * RC_DATA with FILE:LINE). Caller frees with fees_free(). */
struct fees *fees_load(const char *path, const struct roster *r, struct err *e);
/* The fee (minor units) of subscription id in month index m into *fee;
 * false when the history has no row for it. */
bool fees_of(const struct fees *f, const char *id, int64_t m, int64_t *fee);
/* The fees of subscription s in the `months` months ending with month
 * index last (last included): a month's row when the history has one; else,
 * when s was active in some part of that month, its roster monthly_fee
 * (counted in missing); else 0 (not billed). f may be NULL (no history:
 * every active month is missing). Returns 0, or -1 when the total does not
 * fit in 64 bits. */
int fees_window(const struct fees *f, const struct sub *s, int64_t last,
                int64_t months, struct fees_window *out);

/* The month index of the month UTC instant t falls in. */
int64_t fees_month_of(int64_t t);
/* The first instant (epoch s, UTC) of month index m. */
int64_t fees_month_start(int64_t m);
/* Writes month index m as "YYYY-MM" into out (give 32 bytes). */
void fees_month_text(int64_t m, char *out, size_t cap);

/* Frees f; NULL is a no-op. */
void fees_free(struct fees *f);

#endif

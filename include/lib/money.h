/* money: amounts as int64_t minor units, parsed from decimal text, with
 * ISO 4217 minor-unit exponents and the one rounding function of the program.
 * Every sum and product is overflow-checked; no floating point anywhere. */
#ifndef SLACREDIT_MONEY_H
#define SLACREDIT_MONEY_H

#include <stddef.h>
#include <stdint.h>

enum money_rounding {
    MONEY_HALF_UP,   /* exact halves round away from zero (SPEC default) */
    MONEY_HALF_EVEN, /* exact halves round to the even neighbour */
    MONEY_DOWN,      /* truncate towards zero (caps) */
};

/* The minor-unit exponent of an active ISO 4217 code ("JPY" 0, "EUR" 2,
 * "KWD" 3, "CLF" 4), or -1 when code is not a known currency. */
int money_exponent(const char *code);

/* Parses major-unit text ("6.00", "2500", "-0.05") with at most exp decimals
 * into minor units. Returns NULL, or a static reason ("not a decimal amount",
 * "more decimals than the currency has", "too large"). */
const char *money_parse(const char *s, int exp, int64_t *minor);

/* Writes minor units as major-unit text with exp decimals ("0.40", "1200",
 * "-1.250") into out (at least 32 bytes). */
void money_format(int64_t minor, int exp, char *out, size_t cap);

/* Computes the product of num[0..nn) divided by the product of den[0..nd),
 * rounded once with mode, into *out. All factors must be >= 0 and the
 * denominators > 0. Intermediate products are exact (128-bit). Returns 0, or
 * -1 when a product or the result does not fit. */
int money_muldiv(const int64_t *num, size_t nn, const int64_t *den, size_t nd,
                 enum money_rounding mode, int64_t *out);

/* As money_muldiv, but reports the quotient rounded down in *floor and
 * whether the division was exact in *exact (for explanations). */
int money_muldiv_exact(const int64_t *num, size_t nn, const int64_t *den,
                       size_t nd, int64_t *floor, int *exact);

/* Checked a + b and a - b: return 0, or -1 on overflow. */
int money_add(int64_t a, int64_t b, int64_t *sum);
int money_sub(int64_t a, int64_t b, int64_t *diff);

#endif

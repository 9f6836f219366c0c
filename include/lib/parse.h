/* parse: strict number parsing, strtonum-style. Every function takes the
 * whole text (no leading or trailing blanks, no '+', no thousands separators)
 * and returns NULL on success or a static reason on failure. */
#ifndef SLACREDIT_PARSE_H
#define SLACREDIT_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Parses a decimal integer (optional '-') within [min, max]. Returns NULL,
 * "not an integer", "too small" or "too large". */
const char *parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* As parse_i64 for the len bytes at s (not NUL-terminated). */
const char *parse_i64n(const char *s, size_t len, int64_t min, int64_t max,
                       int64_t *out);

/* Parses a decimal "123", "-0.05", "99.9" with at most frac fractional digits
 * into an integer scaled by 10^frac ("99.9", frac 3 -> 99900). Rejects "",
 * "12.", ".5", "1e3", "1,000", and more than frac decimals. Returns NULL,
 * "not a decimal number", "too many decimals" or "too large". */
const char *parse_decimal(const char *s, int frac, int64_t *out);

#endif

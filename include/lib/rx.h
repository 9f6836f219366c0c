/* rx: PCRE2 patterns, compiled once at start-up and matched many times.
 * A bad pattern is reported with the offset PCRE2 gives. Matching is not
 * thread-safe per pattern (each pattern owns its match data). */
#ifndef SLACREDIT_RX_H
#define SLACREDIT_RX_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>

struct rx;

/* Compiles pattern (UTF-8). Returns NULL with e set (RC_CONFIG, no file) as
 * "bad pattern at offset N: reason: PATTERN". Caller frees with rx_free(). */
struct rx *rx_compile(const char *pattern, struct err *e);
/* The same, matching without regard to case (PCRE2_CASELESS): "DOWN" and
 * "Down" match ^down$. rx_source() gives pattern as written. */
struct rx *rx_compile_caseless(const char *pattern, struct err *e);
/* True when the len bytes at s match (unanchored unless the pattern is). */
bool rx_match(const struct rx *r, const char *s, size_t len);
/* The number of capture groups of the pattern. */
unsigned rx_groups(const struct rx *r);
/* Matches the len bytes at s; on a match with group 1 set, stores where it
 * starts and its length in *at and *n and returns true. */
bool rx_capture(const struct rx *r, const char *s, size_t len, size_t *at,
                size_t *n);
/* The pattern's source text; borrowed. */
const char *rx_source(const struct rx *r);
/* Frees r; NULL is a no-op. */
void rx_free(struct rx *r);

#endif

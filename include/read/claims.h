/* claims: the [claims] CSV of SPEC §8 (claim_id,subscription_id,
 * submitted_at), read and validated: a duplicate claim id, a subscription
 * the roster does not hold, or a bad timestamp is a FILE:LINE error (exit
 * 65) — a claim that cannot be attributed is a data problem to fix before
 * money moves. Claims that match no outage are not errors: the engine
 * counts them and decisions.csv reports them.
 * Life cycle: claims_load(), claims_of() per subscription, claims_free(). */
#ifndef SLACREDIT_CLAIMS_H
#define SLACREDIT_CLAIMS_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct roster;
struct claims;

/* Reads path against roster r. Returns NULL with e set (RC_NOINPUT,
 * RC_DATA). Caller frees with claims_free(). */
struct claims *claims_load(const char *path, const struct roster *r,
                           struct err *e);
/* The submission times (epoch s, ascending) of subscription id's claims;
 * *n is set to their count (0: none). Borrowed from c. */
const int64_t *claims_of(const struct claims *c, const char *id, size_t *n);
/* Frees c; NULL is a no-op. */
void claims_free(struct claims *c);

#endif

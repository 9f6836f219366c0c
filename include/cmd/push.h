/* push: slacredit push, which posts a month's adjustments to Stripe
 * (customer balance transactions) or Kill Bill (credits and external
 * charges) over their HTTP APIs. It reads the month's output folder: the
 * system's file (stripe-balance-transactions.csv or killbill-requests.jsonl),
 * whose SHA-256 must match manifest.json. For each account in the file it
 * first lists what the billing system already holds (Stripe: the
 * customer's balance transactions and their metadata.adjustment_id; Kill
 * Bill: the account's invoice items and the adjustment id in itemDetails)
 * and skips every adjustment already there, so a push run again, a month
 * later or after an interruption, creates nothing twice. A dry run (the
 * default) only prints what it would create and what it found; apply posts,
 * in file order, and stops at the first refusal. Credentials come from the
 * environment and are never printed or written. Life cycle:
 * With a ledger, every object created (or found by the listing) is
 * recorded with ledger_push_record(), and adjustments the ledger already
 * records for the system are skipped without asking the system.
 * curl_global_init() once in main, fill struct push_opts, push_run(). */
#ifndef SLACREDIT_PUSH_H
#define SLACREDIT_PUSH_H

#include "lib/err.h"

#include <stdbool.h>
#include <stdio.h>

enum push_system { PUSH_STRIPE, PUSH_KILLBILL };

struct push_opts {
    enum push_system system;
    const char *dir;    /* the month's output folder */
    const char *cacert; /* CA bundle trusted instead of the system's; NULL */
    bool apply;         /* post; false: dry run */
    const char *ledger; /* --ledger FILE: record what was created; NULL */
    FILE *out;          /* one line per adjustment and a summary */
};

/* Parses "stripe" or "killbill" into *s. Returns 0, or -1. */
int push_system_lookup(const char *name, enum push_system *s);

/* Runs the push. Environment: Stripe STRIPE_API_KEY (and STRIPE_API_BASE,
 * default https://api.stripe.com); Kill Bill KILLBILL_URL, KILLBILL_USER,
 * KILLBILL_PASSWORD, KILLBILL_API_KEY, KILLBILL_API_SECRET; the
 * SLACREDIT_FETCH_* network tunables of fetch.h. Returns 0, or -1 with e
 * set: RC_CONFIG (a variable missing, a URL not https), RC_NOINPUT (the
 * folder or file missing), RC_DATA (the file differs from manifest.json or
 * is malformed; the billing system refused an adjustment or an account:
 * the message names the adjustment id and the system's error), RC_IOERR
 * (network, TLS, or a status that says nothing was decided). */
int push_run(const struct push_opts *o, struct err *e);

#endif

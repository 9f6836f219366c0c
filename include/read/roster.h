/* roster: the subscriptions CSV of SPEC §3, read and validated in full
 * (duplicate ids, unknown policies, fees, currencies, timestamps, billing
 * kinds), each error naming FILE:LINE. Life cycle: roster_load(), read
 * r->subs, roster_free(). */
#ifndef SLACREDIT_ROSTER_H
#define SLACREDIT_ROSTER_H

#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct policy;

enum billing { BILLING_SUBSCRIPTION, BILLING_ONE_TIME };

struct sub {
    char *id;       /* subscription_id, unique */
    char *customer; /* customer_id */
    char *plan;
    const struct policy *policy; /* borrowed from the config */
    int64_t fee;                 /* monthly_fee, minor units */
    char currency[4];            /* ISO 4217 code */
    int exponent;                /* minor-unit exponent of currency */
    enum billing billing;
    char *payment_method;
    int64_t starts_at; /* epoch s, UTC */
    int64_t ends_at;   /* epoch s, UTC; INT64_MAX when open */
    bool has_end;      /* ends_at was given */
    char **resources;  /* resource keys */
    size_t nresources;
    /* Each subscription's account in each billing system; optional
     * columns, NULL when absent or empty (billing_check_account() says
     * which an enabled format needs). */
    char *stripe_customer;    /* stripe_customer: Stripe customer id */
    char *killbill_account;   /* killbill_account: Kill Bill account UUID */
    char *chargebee_customer; /* chargebee_customer: Chargebee customer id */
    char *lago_wallet;        /* lago_wallet_id: Lago wallet lago_id */
    long line;                /* roster line of the row */
};

struct roster {
    char *path;
    struct sub *subs; /* in file order */
    size_t n;
    struct sub **by_id; /* the same, sorted by subscription_id (byte order) */
};

/* Reads path against the policies of c. Returns NULL with e set: RC_NOINPUT
 * (cannot read), RC_DATA (a bad row or header, with FILE:LINE). Caller frees
 * with roster_free(). */
struct roster *roster_load(const char *path, const struct config *c,
                           struct err *e);
/* The subscription with this id, or NULL (binary search). */
const struct sub *roster_find(const struct roster *r, const char *id);
/* Frees r; NULL is a no-op. */
void roster_free(struct roster *r);

#endif

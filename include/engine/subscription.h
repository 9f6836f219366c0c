/* subscription: one subscription as the engine decides it (SPEC §3). The
 * roster reader fills it; the engine, the writers and the ledger read it. */
#ifndef SLACREDIT_SUBSCRIPTION_H
#define SLACREDIT_SUBSCRIPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct policy;
struct tz;

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
    const struct tz *tz;      /* time_zone: the subscription's own zone, opened
                                 once per distinct name and owned by the roster;
                                 NULL when the column is absent or empty */
    long line;                /* roster line of the row */
};

#endif

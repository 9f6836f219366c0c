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

/* What few rows give: each subscription's account in each billing
 * system (optional columns, NULL when absent or empty; billing_check_account()
 * says which an enabled format needs) and its own time zone. Kept apart so
 * that a million rows without them do not carry five NULL pointers each. */
struct sub_extra {
    char *stripe_customer;    /* stripe_customer: Stripe customer id */
    char *killbill_account;   /* killbill_account: Kill Bill account UUID */
    char *chargebee_customer; /* chargebee_customer: Chargebee customer id */
    char *lago_wallet;        /* lago_wallet_id: Lago wallet lago_id */
    const struct tz *tz;      /* time_zone: the subscription's own zone, opened
                                 once per distinct name and owned by the roster;
                                 NULL when the column is absent or empty */
};

/* 96 bytes on LP64: a million of them is most of what a run keeps. */
struct sub {
    char *id;             /* subscription_id, unique */
    char *customer;       /* customer_id */
    char *plan;           /* may be shared with other rows of the same plan */
    char *payment_method; /* likewise */
    const struct policy *policy; /* borrowed from the config */
    char **resources;            /* resource keys */
    struct sub_extra *extra;     /* NULL when the row gives none of it */
    int64_t fee;                 /* monthly_fee, minor units */
    int64_t starts_at;           /* epoch s, UTC */
    int64_t ends_at;             /* epoch s, UTC; INT64_MAX when open */
    uint32_t line; /* roster line of the row (the roster refuses more) */
    uint32_t nresources;
    char currency[4]; /* ISO 4217 code */
    int8_t exponent;  /* minor-unit exponent of currency (0 to 4) */
    uint8_t billing;  /* enum billing */
    bool has_end;     /* ends_at was given */
};

_Static_assert(sizeof(void *) != 8 || sizeof(struct sub) == 96,
               "struct sub stays small");

/* The row's extra fields, NULL when absent. */
static inline const char *sub_stripe_customer(const struct sub *s)
{
    return s->extra != NULL ? s->extra->stripe_customer : NULL;
}
static inline const char *sub_killbill_account(const struct sub *s)
{
    return s->extra != NULL ? s->extra->killbill_account : NULL;
}
static inline const char *sub_chargebee_customer(const struct sub *s)
{
    return s->extra != NULL ? s->extra->chargebee_customer : NULL;
}
static inline const char *sub_lago_wallet(const struct sub *s)
{
    return s->extra != NULL ? s->extra->lago_wallet : NULL;
}
static inline const struct tz *sub_tz(const struct sub *s)
{
    return s->extra != NULL ? s->extra->tz : NULL;
}

#endif

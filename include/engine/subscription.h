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

/* What many rows share: plan, payment method, policy, currency and billing
 * kind. The roster keeps one per distinct combination (a roster has a few
 * plans and policies) and its rows point to it. */
struct sub_class {
    const char *plan;            /* plan */
    const char *payment_method;  /* payment_method */
    const struct policy *policy; /* borrowed from the config */
    char currency[4];            /* ISO 4217 code */
    int8_t exponent;             /* minor-unit exponent of currency (0 to 4) */
    uint8_t billing;             /* enum billing */
};

/* Resources of one row at most: the roster refuses a row naming more. */
#define SUB_RESOURCES_MAX 65535

/* 72 bytes on LP64: a million of them is most of what a run keeps. */
struct sub {
    char *id;                    /* subscription_id, unique */
    char *customer;              /* customer_id */
    const struct sub_class *cls; /* shared with the rows like it */
    const uint32_t *resources;   /* its resources: indexes in the resource
                                    map the roster was read into (res.h,
                                    resmap_at()), 4 bytes each */
    struct sub_extra *extra;     /* NULL when the row gives none of it */
    int64_t fee;                 /* monthly_fee, minor units */
    int64_t starts_at;           /* epoch s, UTC */
    int64_t ends_at;             /* epoch s, UTC; INT64_MAX when open */
    uint32_t line;       /* roster line of the row (the roster refuses more) */
    uint16_t nresources; /* at most SUB_RESOURCES_MAX */
    bool has_end;        /* ends_at was given */
};

_Static_assert(sizeof(void *) != 8 || sizeof(struct sub) == 72,
               "struct sub stays small");

/* The row's class fields. */
static inline const char *sub_plan(const struct sub *s)
{
    return s->cls->plan;
}
static inline const char *sub_payment_method(const struct sub *s)
{
    return s->cls->payment_method;
}
static inline const struct policy *sub_policy(const struct sub *s)
{
    return s->cls->policy;
}
static inline const char *sub_currency(const struct sub *s)
{
    return s->cls->currency;
}
static inline int sub_exponent(const struct sub *s)
{
    return s->cls->exponent;
}
static inline enum billing sub_billing(const struct sub *s)
{
    return (enum billing)s->cls->billing;
}

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

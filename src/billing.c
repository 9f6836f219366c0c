/* billing: credits.jsonl, Stripe balance transactions and Kill Bill credits
 * from the credits.csv rows (see billing.h). Amounts stay integers all the
 * way: JSON integers for minor units, money_format() text for Kill Bill. */
#include "billing.h"

#include "buf.h"
#include "csvout.h"
#include "err.h"
#include "money.h"
#include "report.h"

#include <jansson.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name; /* in [output] formats */
    const char *file; /* in the output folder */
} formats[BILLING_NFORMATS] = {
    [BILLING_JSONL] = {"jsonl", "credits.jsonl"},
    [BILLING_STRIPE] = {"stripe", "stripe-balance-transactions.csv"},
    [BILLING_KILLBILL] = {"killbill", "killbill-credits.json"},
};

/* Currencies whose unit in Stripe's API differs from ISO 4217: Stripe keeps
 * ISK a two-decimal currency (100 = 1 krona) and treats MGA as zero-decimal
 * (docs.stripe.com/currencies, "Zero-decimal" and "Special cases"). */
static const struct {
    char code[4];
    int exp;
} stripe_exponents[] = {
    {"ISK", 2},
    {"MGA", 0},
};

const char *billing_format_name(enum billing_format f)
{
    return (unsigned)f < BILLING_NFORMATS ? formats[f].name : "?";
}

const char *billing_file_name(enum billing_format f)
{
    return (unsigned)f < BILLING_NFORMATS ? formats[f].file : "?";
}

int billing_format_lookup(const char *name, enum billing_format *f)
{
    int i;

    for (i = 0; i < BILLING_NFORMATS; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *f = (enum billing_format)i;
            return 0;
        }
    }
    return -1;
}

/* A row that moves money: plan extensions and zero amounts do not. */
static bool is_money(const struct credit_row *r)
{
    return r->amount != 0 &&
           (r->remedy == NULL || strcmp(r->remedy, "plan_extension") != 0);
}

static const char *str(const char *s)
{
    return s != NULL ? s : "";
}

/* The "r<N>" of a correction id "<period>:<sub>:<policy>:r<N>" (a pointer
 * into r->adjustment_id), or NULL for a first issue. Comparing with the
 * row's own parts keeps a policy named like "x:r2" from passing as one. */
static const char *correction(const struct credit_row *r)
{
    const char *parts[3] = {r->period, str(r->subscription), str(r->policy)};
    const char *p = r->adjustment_id, *q;
    size_t i, n;

    for (i = 0; i < 3; i++) {
        n = strlen(parts[i]);
        if (strncmp(p, parts[i], n) != 0)
            return NULL;
        p += n;
        if (i < 2 && *p++ != ':')
            return NULL;
    }
    if (p[0] != ':' || p[1] != 'r' || !isdigit((unsigned char)p[2]))
        return NULL;
    for (q = p + 2; isdigit((unsigned char)*q); q++)
        ;
    return *q == '\0' ? p + 1 : NULL;
}

/* Writes the human description shared by Stripe and Kill Bill into d:
 * "SLA credit 2026-10 sub-1 (uptime-tiers): tier<99.0=25%", or
 * "SLA credit correction r1 2026-10 ..." for a correction. */
static void describe(struct buf *d, const struct credit_row *r)
{
    const char *rev = correction(r);

    buf_reset(d);
    buf_puts(d, "SLA credit ");
    if (rev != NULL)
        buf_printf(d, "correction %s ", rev);
    buf_printf(d, "%s %s (%s)", r->period, str(r->subscription),
               str(r->policy));
    if (r->basis[0] != '\0')
        buf_printf(d, ": %s", r->basis);
}

static void set_case(char *dst, const char *src, size_t cap, bool upper)
{
    size_t i;

    for (i = 0; i + 1 < cap && src[i] != '\0'; i++)
        dst[i] = (char)(upper ? toupper((unsigned char)src[i])
                              : tolower((unsigned char)src[i]));
    dst[i] = '\0';
}

static int too_big(enum billing_format f, struct err *e)
{
    err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows",
            billing_file_name(f));
    return -1;
}

/* Building JSON with one error: the first failure is kept in e. */
struct jb {
    enum billing_format f;
    size_t line; /* credits.csv line of the row being written */
    struct err *e;
    bool failed;
};

static void jfail_oom(struct jb *j)
{
    if (!j->failed)
        err_set(j->e, RC_OSERR, NULL, 0, "%s: out of memory building JSON",
                billing_file_name(j->f));
    j->failed = true;
}

/* A JSON string for s, or NULL with the error recorded. jansson refuses
 * text that is not UTF-8; a second, unchecked try tells that apart from
 * running out of memory. */
static json_t *jtext(struct jb *j, const char *field, const char *s)
{
    json_t *v = json_string(str(s)), *raw;

    if (v != NULL)
        return v;
    raw = json_stringn_nocheck(str(s), strlen(str(s)));
    if (raw == NULL) {
        jfail_oom(j);
        return NULL;
    }
    json_decref(raw);
    if (!j->failed)
        err_set(j->e, RC_DATA, NULL, 0,
                "%s: %s is not valid UTF-8, which JSON cannot carry "
                "(credits.csv line %zu)",
                billing_file_name(j->f), field, j->line);
    j->failed = true;
    return NULL;
}

/* Sets key to v in o, taking v (which may be NULL after a failure). */
static void jput(struct jb *j, json_t *o, const char *key, json_t *v)
{
    if (json_object_set_new(o, key, v) != 0)
        jfail_oom(j);
}

static json_t *jint(struct jb *j, int64_t v)
{
    json_t *x = json_integer((json_int_t)v);

    if (x == NULL)
        jfail_oom(j);
    return x;
}

/* One credits.jsonl object: the credits.csv columns, in their order. */
static json_t *jsonl_object(struct jb *j, const struct credit_row *r)
{
    json_t *o = json_object();

    if (o == NULL) {
        jfail_oom(j);
        return NULL;
    }
    jput(j, o, "adjustment_id", jtext(j, "adjustment_id", r->adjustment_id));
    jput(j, o, "period", jtext(j, "period", r->period));
    jput(j, o, "customer_id", jtext(j, "customer_id", r->customer));
    jput(j, o, "subscription_id", jtext(j, "subscription_id", r->subscription));
    jput(j, o, "policy", jtext(j, "policy", r->policy));
    jput(j, o, "remedy", jtext(j, "remedy", r->remedy));
    jput(j, o, "amount_minor", jint(j, r->amount));
    jput(j, o, "currency", jtext(j, "currency", r->currency));
    jput(j, o, "extension_seconds", jint(j, r->extension));
    jput(j, o, "new_ends_at",
         r->new_ends_at[0] != '\0' ? jtext(j, "new_ends_at", r->new_ends_at)
                                   : json_null());
    jput(j, o, "uptime_percent", jtext(j, "uptime_percent", r->uptime));
    jput(j, o, "downtime_seconds", jint(j, r->downtime));
    jput(j, o, "basis", jtext(j, "basis", r->basis));
    return o;
}

static int write_jsonl(struct buf *b, const struct credit_row *rows, size_t n,
                       struct err *e)
{
    struct jb j = {BILLING_JSONL, 0, e, false};
    size_t i;

    for (i = 0; i < n; i++) {
        json_t *o;
        char *text;

        j.line = i + 2;
        o = jsonl_object(&j, &rows[i]);
        if (j.failed) {
            json_decref(o);
            return -1;
        }
        text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (text == NULL) {
            jfail_oom(&j);
            return -1;
        }
        if (buf_puts(b, text) != 0 || buf_append(b, "\n", 1) != 0) {
            free(text);
            return too_big(BILLING_JSONL, e);
        }
        free(text);
    }
    return 0;
}

/* The row's amount in Stripe's unit for its currency into *out. Returns 0,
 * or -1 with e set when it does not fit or has a fraction Stripe's unit
 * cannot hold (Stripe counts MGA in whole ariary). */
static int stripe_units(const struct credit_row *r, size_t line, int64_t *out,
                        struct err *e)
{
    int exp = r->exponent, i;
    int64_t v = r->amount;
    size_t k;
    char text[32];

    for (k = 0; k < sizeof stripe_exponents / sizeof stripe_exponents[0]; k++) {
        if (strcmp(r->currency, stripe_exponents[k].code) == 0)
            exp = stripe_exponents[k].exp;
    }
    for (i = r->exponent; i < exp; i++) {
        if (__builtin_mul_overflow(v, 10, &v))
            goto too_large;
    }
    for (i = exp; i < r->exponent; i++) {
        if (v % 10 != 0) {
            money_format(r->amount, r->exponent, text, sizeof text);
            err_set(e, RC_DATA, NULL, 0,
                    "%s: %s %s has a fraction Stripe cannot carry (Stripe "
                    "counts %s with %d decimals; credits.csv line %zu)",
                    billing_file_name(BILLING_STRIPE), text, r->currency,
                    r->currency, exp, line);
            return -1;
        }
        v /= 10;
    }
    *out = v;
    return 0;
too_large:
    err_set(e, RC_DATA, NULL, 0,
            "%s: amount %lld %s too large in Stripe's unit (credits.csv line "
            "%zu)",
            billing_file_name(BILLING_STRIPE), (long long)r->amount,
            r->currency, line);
    return -1;
}

static int write_stripe(struct buf *b, const struct credit_row *rows, size_t n,
                        struct err *e)
{
    struct buf desc;
    const char *f[6];
    char amount[24], cur[4];
    int64_t v;
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (buf_puts(b, "customer,amount,currency,description,"
                    "metadata[adjustment_id],idempotency_key\n") != 0) {
        too_big(BILLING_STRIPE, e);
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];

        if (!is_money(r))
            continue;
        if (stripe_units(r, i + 2, &v, e) != 0)
            goto out;
        /* Negative is a credit to the customer; -INT64_MIN does not fit. */
        if (v == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount too large (credits.csv line %zu)",
                    billing_file_name(BILLING_STRIPE), i + 2);
            goto out;
        }
        snprintf(amount, sizeof amount, "%lld", -(long long)v);
        set_case(cur, r->currency, sizeof cur, false);
        describe(&desc, r);
        f[0] =
            r->stripe_customer != NULL ? r->stripe_customer : str(r->customer);
        f[1] = amount;
        f[2] = cur;
        f[3] = buf_str(&desc);
        f[4] = r->adjustment_id;
        f[5] = r->adjustment_id;
        if (csvout_row(b, f, 6) != 0) {
            too_big(BILLING_STRIPE, e);
            goto out;
        }
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

/* One Kill Bill InvoiceItem for POST /1.0/kb/credits. */
static json_t *killbill_object(struct jb *j, const struct credit_row *r,
                               struct buf *desc)
{
    json_t *o = json_object();
    char amount[32], cur[4];

    if (o == NULL) {
        jfail_oom(j);
        return NULL;
    }
    money_format(r->amount, r->exponent, amount, sizeof amount);
    set_case(cur, r->currency, sizeof cur, true);
    describe(desc, r);
    jput(j, o, "accountId", jtext(j, "customer_id", r->customer));
    jput(j, o, "amount", jtext(j, "amount", amount));
    jput(j, o, "currency", jtext(j, "currency", cur));
    jput(j, o, "description", jtext(j, "description", buf_str(desc)));
    jput(j, o, "itemDetails", jtext(j, "adjustment_id", r->adjustment_id));
    return o;
}

static int write_killbill(struct buf *b, const struct credit_row *rows,
                          size_t n, struct err *e)
{
    struct jb j = {BILLING_KILLBILL, 0, e, false};
    struct buf desc;
    json_t *arr = json_array();
    char *text = NULL;
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (arr == NULL) {
        jfail_oom(&j);
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (!is_money(&rows[i]))
            continue;
        j.line = i + 2;
        if (json_array_append_new(arr, killbill_object(&j, &rows[i], &desc)) !=
            0)
            jfail_oom(&j);
        if (j.failed)
            goto out;
    }
    text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text == NULL) {
        jfail_oom(&j);
        goto out;
    }
    if (buf_puts(b, text) != 0 || buf_append(b, "\n", 1) != 0) {
        too_big(BILLING_KILLBILL, e);
        goto out;
    }
    rc = 0;
out:
    free(text);
    json_decref(arr);
    buf_free(&desc);
    return rc;
}

int billing_write(enum billing_format f, struct buf *b,
                  const struct credit_row *rows, size_t n, struct err *e)
{
    switch (f) {
    case BILLING_JSONL:
        return write_jsonl(b, rows, n, e);
    case BILLING_STRIPE:
        return write_stripe(b, rows, n, e);
    case BILLING_KILLBILL:
        return write_killbill(b, rows, n, e);
    case BILLING_NFORMATS:
        break;
    }
    err_set(e, RC_SOFTWARE, NULL, 0, "billing: unknown format %d", (int)f);
    return -1;
}

size_t billing_count(enum billing_format f, const struct credit_row *rows,
                     size_t n)
{
    size_t i, k = 0;

    if (f == BILLING_JSONL)
        return n;
    for (i = 0; i < n; i++) {
        if (is_money(&rows[i]))
            k++;
    }
    return k;
}

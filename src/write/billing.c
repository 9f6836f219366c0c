/* billing: credits.jsonl, Stripe balance transactions and Kill Bill credits
 * from the credits.csv rows (see billing.h). Amounts stay integers all the
 * way: JSON integers for minor units, money_format() text for Kill Bill. */
#include "write/billing.h"

#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/err.h"
#include "lib/money.h"
#include "lib/sha.h"
#include "read/roster.h"
#include "write/report.h"

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
    [BILLING_KILLBILL] = {"killbill", "killbill-requests.jsonl"},
    [BILLING_CHARGEBEE_ADD] = {"chargebee",
                               "chargebee-promotional-credits-add.csv"},
    [BILLING_CHARGEBEE_DEDUCT] = {"chargebee",
                                  "chargebee-promotional-credits-deduct.csv"},
    [BILLING_LAGO] = {"lago", "lago-wallet-transactions.jsonl"},
};

/* How Stripe counts a currency whose unit differs from "hundredths, any
 * value" (docs.stripe.com/currencies: "Zero-decimal", "Three-decimal" and
 * "Special cases"): exp is the exponent of Stripe's unit and step the
 * multiple of that unit an amount must be. */
static const struct {
    char code[4];
    int exp;
    int step;
} stripe_units_table[] = {
    {"BHD", 3, 10}, {"BIF", 0, 1},   {"CLP", 0, 1},   {"DJF", 0, 1},
    {"GNF", 0, 1},  {"HUF", 2, 100}, {"ISK", 2, 100}, {"JOD", 3, 10},
    {"JPY", 0, 1},  {"KMF", 0, 1},   {"KRW", 0, 1},   {"KWD", 3, 10},
    {"MGA", 0, 1},  {"OMR", 3, 10},  {"PYG", 0, 1},   {"RWF", 0, 1},
    {"TND", 3, 10}, {"TWD", 2, 100}, {"UGX", 0, 1},   {"VND", 0, 1},
    {"VUV", 0, 1},  {"XAF", 0, 1},   {"XOF", 0, 1},   {"XPF", 0, 1},
};

/* Kill Bill's Currency enum (its swagger's currency list), sorted. */
static const char killbill_currencies[][4] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM",
    "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN",
    "BWP", "BYN", "BYR", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GGP", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "IMP", "INR", "IQD",
    "IRR", "ISK", "JEP", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW",
    "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD",
    "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRO", "MUR", "MVR", "MWK", "MXN",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR",
    "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLL", "SOS", "SPL", "SRD", "STD",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TVD",
    "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VEF", "VND", "VUV", "WST",
    "XAF", "XCD", "XDR", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWD",
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

/* --- accounts and limits ------------------------------------------------ */

static int cmp_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

bool billing_killbill_currency(const char *code)
{
    return bsearch(code, killbill_currencies,
                   sizeof killbill_currencies / sizeof killbill_currencies[0],
                   sizeof killbill_currencies[0], cmp_code) != NULL;
}

/* Whether s is a UUID in its 8-4-4-4-12 hex form. */
static bool is_uuid(const char *s)
{
    size_t i;

    if (strlen(s) != 36)
        return false;
    for (i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

int billing_check_account(enum billing_format f, const struct sub *s,
                          const char *path, struct err *e)
{
    const char *col = NULL, *v = NULL;

    switch (f) {
    case BILLING_JSONL:
    case BILLING_NFORMATS:
        return 0;
    case BILLING_STRIPE:
        col = "stripe_customer";
        v = s->stripe_customer;
        break;
    case BILLING_KILLBILL:
        col = "killbill_account";
        v = s->killbill_account;
        break;
    case BILLING_CHARGEBEE_ADD:
    case BILLING_CHARGEBEE_DEDUCT:
        col = "chargebee_customer";
        v = s->chargebee_customer;
        break;
    case BILLING_LAGO:
        col = "lago_wallet_id";
        v = s->lago_wallet;
        break;
    }
    if (v == NULL) {
        err_set(e, RC_DATA, path, s->line,
                "%s: empty or missing, but [output] formats has %s (no "
                "fallback to customer_id): %s",
                col, billing_format_name(f), s->id);
        return -1;
    }
    if (f == BILLING_KILLBILL && !is_uuid(v)) {
        err_set(e, RC_DATA, path, s->line,
                "killbill_account: not a Kill Bill account UUID: %s", v);
        return -1;
    }
    if (f == BILLING_KILLBILL && !billing_killbill_currency(s->currency)) {
        err_set(e, RC_DATA, path, s->line,
                "currency: not in Kill Bill's currency list: %s", s->currency);
        return -1;
    }
    if ((f == BILLING_CHARGEBEE_ADD || f == BILLING_CHARGEBEE_DEDUCT) &&
        strlen(v) > BILLING_CHARGEBEE_ID_MAX) {
        err_set(e, RC_DATA, path, s->line,
                "chargebee_customer: longer than %d bytes: %s",
                BILLING_CHARGEBEE_ID_MAX, v);
        return -1;
    }
    return 0;
}

void billing_dedup_key(const char *id, size_t max, char *out, size_t cap)
{
    struct sha *h;
    char hex[65];

    if (strlen(id) <= max) {
        snprintf(out, cap, "%s", id);
        return;
    }
    h = sha_new();
    sha_update(h, id, strlen(id));
    sha_final(h, hex);
    sha_free(h);
    snprintf(out, cap, "sha256:%s", hex);
}

/* Cuts the text of d to at most max bytes, on a UTF-8 character boundary,
 * ending it with "..." when it was cut. */
static void clip(struct buf *d, size_t max)
{
    size_t n;

    if (d->len <= max)
        return;
    n = max - 3;
    while (n > 0 && ((unsigned char)d->p[n] & 0xC0) == 0x80)
        n--;
    d->len = n;
    d->p[n] = '\0';
    buf_puts(d, "...");
}

/* --- Stripe -------------------------------------------------------------- */

int billing_stripe_amount(const char *currency, int iso_exp, int64_t minor,
                          int64_t *out, bool *rounded)
{
    int exp = 2, step = 1, i;
    int64_t v = minor, div = 1, q, r;
    size_t k;

    *rounded = false;
    for (k = 0; k < sizeof stripe_units_table / sizeof stripe_units_table[0];
         k++) {
        if (strcmp(currency, stripe_units_table[k].code) == 0) {
            exp = stripe_units_table[k].exp;
            step = stripe_units_table[k].step;
        }
    }
    for (i = iso_exp; i < exp; i++) {
        if (__builtin_mul_overflow(v, 10, &v))
            return -1;
    }
    for (i = exp; i < iso_exp; i++)
        div *= 10;
    div *= step; /* v (in ISO units scaled up) must be a multiple of div */
    q = v / div;
    r = v % div;
    if (r != 0) {
        *rounded = true;
        /* Half away from zero: |r| >= div/2 moves one step outwards. */
        if ((r < 0 ? -r : r) * 2 >= div)
            q += v < 0 ? -1 : 1;
    }
    return __builtin_mul_overflow(q, (int64_t)step, out) ? -1 : 0;
}

/* The row's account for format f, or NULL with e set. */
static const char *account(enum billing_format f, const struct credit_row *r,
                           size_t line, struct err *e)
{
    const char *v = NULL, *col = "?";

    switch (f) {
    case BILLING_STRIPE:
        v = r->stripe_customer, col = "stripe_customer";
        break;
    case BILLING_KILLBILL:
        v = r->killbill_account, col = "killbill_account";
        break;
    case BILLING_CHARGEBEE_ADD:
    case BILLING_CHARGEBEE_DEDUCT:
        v = r->chargebee_customer, col = "chargebee_customer";
        break;
    case BILLING_LAGO:
        v = r->lago_wallet, col = "lago_wallet_id";
        break;
    case BILLING_JSONL:
    case BILLING_NFORMATS:
        break;
    }
    if (v == NULL || v[0] == '\0')
        err_set(e, RC_DATA, NULL, 0,
                "%s: the roster gives no %s for subscription %s (credits.csv "
                "line %zu)",
                billing_file_name(f), col, str(r->subscription), line);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

static int write_stripe(struct buf *b, const struct credit_row *rows, size_t n,
                        struct err *e)
{
    struct buf desc;
    const char *f[7];
    char amount[24], cur[4], key[80], from[48], to[48], note[160];
    int64_t v;
    bool rounded;
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (buf_puts(b, "customer,amount,currency,description,"
                    "metadata[adjustment_id],metadata[rounded_from],"
                    "idempotency_key\n") != 0) {
        too_big(BILLING_STRIPE, e);
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];

        if (!is_money(r))
            continue;
        if ((f[0] = account(BILLING_STRIPE, r, i + 2, e)) == NULL)
            goto out;
        if (billing_stripe_amount(r->currency, r->exponent, r->amount, &v,
                                  &rounded) != 0 ||
            v == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount %lld %s too large in Stripe's unit "
                    "(credits.csv line %zu)",
                    billing_file_name(BILLING_STRIPE), (long long)r->amount,
                    r->currency, i + 2);
            goto out;
        }
        if (v == 0)
            continue; /* rounded to nothing: no money moves */
        /* Negative is a credit to the customer. */
        snprintf(amount, sizeof amount, "%lld", -(long long)v);
        set_case(cur, r->currency, sizeof cur, false);
        describe(&desc, r);
        from[0] = '\0';
        if (rounded) {
            money_format(r->amount, r->exponent, from, sizeof from);
            snprintf(from + strlen(from), sizeof from - strlen(from), " %s",
                     r->currency);
            snprintf(to, sizeof to, "%lld", (long long)v);
            snprintf(note, sizeof note,
                     " [rounded from %s to %s in Stripe's unit, half away "
                     "from zero]",
                     from, to);
            clip(&desc, BILLING_STRIPE_DESC_MAX - strlen(note));
            buf_puts(&desc, note);
        }
        clip(&desc, BILLING_STRIPE_DESC_MAX);
        billing_dedup_key(r->adjustment_id, BILLING_STRIPE_KEY_MAX, key,
                          sizeof key);
        f[1] = amount;
        f[2] = cur;
        f[3] = buf_str(&desc);
        f[4] = r->adjustment_id;
        f[5] = from;
        f[6] = key;
        if (csvout_row(b, f, 7) != 0) {
            too_big(BILLING_STRIPE, e);
            goto out;
        }
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

/* --- Kill Bill ----------------------------------------------------------- */

/* Appends s as a JSON string. Returns 0, or -1 with e set. */
static int jquote(struct buf *b, const char *field, const char *s,
                  enum billing_format f, size_t line, struct err *e)
{
    json_t *v = json_string(s);
    char *text;

    if (v == NULL) {
        err_set(e, RC_DATA, NULL, 0,
                "%s: %s is not valid UTF-8, which JSON cannot carry "
                "(credits.csv line %zu)",
                billing_file_name(f), field, line);
        return -1;
    }
    text = json_dumps(v, JSON_ENCODE_ANY);
    json_decref(v);
    if (text == NULL) {
        err_set(e, RC_OSERR, NULL, 0, "%s: out of memory building JSON",
                billing_file_name(f));
        return -1;
    }
    if (buf_puts(b, text) != 0) {
        free(text);
        return too_big(f, e);
    }
    free(text);
    return 0;
}

/* One request per line:
 *   {"adjustment_id":ID,"method":"POST","path":PATH,"body":[InvoiceItem]}
 * A credit goes to POST /1.0/kb/credits, a take-back to POST
 * /1.0/kb/invoices/charges/{accountId} as an external charge, both with
 * autoCommit=true so the item lands on a committed invoice. The amount is
 * a JSON number, exact decimal text with the currency's exponent. */
static int write_killbill(struct buf *b, const struct credit_row *rows,
                          size_t n, struct err *e)
{
    struct buf desc, det;
    char amount[32], cur[4], limit[32];
    int64_t a, max = 1000000;
    size_t i;
    int k, rc = -1;

    buf_init(&desc, 0);
    buf_init(&det, 0);
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        const char *acct;

        if (!is_money(r))
            continue;
        if ((acct = account(BILLING_KILLBILL, r, i + 2, e)) == NULL)
            goto out;
        set_case(cur, r->currency, sizeof cur, true);
        if (!billing_killbill_currency(cur)) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: currency not in Kill Bill's list: %s (credits.csv "
                    "line %zu)",
                    billing_file_name(BILLING_KILLBILL), cur, i + 2);
            goto out;
        }
        /* invoice_items.amount is numeric(15,9): under 10^6 major units. */
        for (k = 0, max = 1000000; k < r->exponent; k++)
            max *= 10;
        a = r->amount < 0 ? -r->amount : r->amount;
        if (r->amount == INT64_MIN || a >= max) {
            money_format(max, r->exponent, limit, sizeof limit);
            money_format(r->amount, r->exponent, amount, sizeof amount);
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount %s %s is not under Kill Bill's limit of %s "
                    "(credits.csv line %zu)",
                    billing_file_name(BILLING_KILLBILL), amount, cur, limit,
                    i + 2);
            goto out;
        }
        money_format(a, r->exponent, amount, sizeof amount);
        describe(&desc, r);
        clip(&desc, BILLING_KILLBILL_DESC_MAX);
        buf_reset(&det);
        if (jquote(&det, "adjustment_id", r->adjustment_id, BILLING_KILLBILL,
                   i + 2, e) != 0)
            goto out;
        buf_puts(b, "{\"adjustment_id\":");
        if (jquote(b, "adjustment_id", r->adjustment_id, BILLING_KILLBILL,
                   i + 2, e) != 0)
            goto out;
        if (r->amount > 0)
            buf_puts(b, ",\"method\":\"POST\",\"path\":\"/1.0/kb/credits"
                        "?autoCommit=true\"");
        else
            buf_printf(b,
                       ",\"method\":\"POST\",\"path\":\"/1.0/kb/invoices/"
                       "charges/%s?autoCommit=true\"",
                       acct);
        buf_printf(b,
                   ",\"body\":[{\"accountId\":\"%s\",\"amount\":%s,"
                   "\"currency\":\"%s\",\"description\":",
                   acct, amount, cur);
        if (jquote(b, "description", buf_str(&desc), BILLING_KILLBILL, i + 2,
                   e) != 0)
            goto out;
        buf_puts(b, ",\"itemDetails\":");
        {
            /* itemDetails is text: a JSON object naming the adjustment. */
            struct buf obj;
            int q;
            buf_init(&obj, 0);
            buf_printf(&obj, "{\"adjustment_id\":%s}", buf_str(&det));
            q = jquote(b, "itemDetails", buf_str(&obj), BILLING_KILLBILL, i + 2,
                       e);
            buf_free(&obj);
            if (q != 0)
                goto out;
        }
        if (buf_puts(b, "}]}\n") != 0) {
            too_big(BILLING_KILLBILL, e);
            goto out;
        }
    }
    rc = 0;
out:
    buf_free(&det);
    buf_free(&desc);
    return rc;
}

/* --- Chargebee ----------------------------------------------------------- */

/* Bulk Operations "Add promotional credits" / "Deduct promotional
 * credits": one CSV per operation, columns named as the API's parameters;
 * amount in the currency's minor units, as the API takes it. */
static int write_chargebee(enum billing_format fmt, struct buf *b,
                           const struct credit_row *rows, size_t n,
                           struct err *e)
{
    struct buf desc;
    const char *f[6];
    char amount[24], key[80];
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (buf_puts(b, "customer_id,amount,currency_code,description,"
                    "credit_type,reference\n") != 0) {
        too_big(fmt, e);
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];

        if (!is_money(r) || (fmt == BILLING_CHARGEBEE_ADD) != (r->amount > 0))
            continue;
        if ((f[0] = account(fmt, r, i + 2, e)) == NULL)
            goto out;
        if (r->amount == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount too large (credits.csv "
                    "line %zu)",
                    billing_file_name(fmt), i + 2);
            goto out;
        }
        snprintf(amount, sizeof amount, "%lld",
                 (long long)(r->amount < 0 ? -r->amount : r->amount));
        describe(&desc, r);
        clip(&desc, BILLING_CHARGEBEE_DESC_MAX);
        billing_dedup_key(r->adjustment_id, BILLING_CHARGEBEE_REF_MAX, key,
                          sizeof key);
        f[1] = amount;
        f[2] = r->currency;
        f[3] = buf_str(&desc);
        f[4] = "general";
        f[5] = key;
        if (csvout_row(b, f, 6) != 0) {
            too_big(fmt, e);
            goto out;
        }
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

/* --- Lago ---------------------------------------------------------------- */

/* One POST /api/v1/wallet_transactions body per line: granted_credits for
 * a credit, voided_credits for a take-back, as decimal text in credits
 * (the wallet's rate_amount must be 1), the adjustment id in metadata. */
static int write_lago(struct buf *b, const struct credit_row *rows, size_t n,
                      struct err *e)
{
    struct jb j = {BILLING_LAGO, 0, e, false};
    char amount[32], key[80];
    size_t i;

    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        json_t *o, *t, *meta, *kv;
        const char *wallet;
        char *text;

        if (!is_money(r))
            continue;
        if ((wallet = account(BILLING_LAGO, r, i + 2, e)) == NULL)
            return -1;
        if (r->amount == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount too large (credits.csv "
                    "line %zu)",
                    billing_file_name(BILLING_LAGO), i + 2);
            return -1;
        }
        j.line = i + 2;
        money_format(r->amount < 0 ? -r->amount : r->amount, r->exponent,
                     amount, sizeof amount);
        billing_dedup_key(r->adjustment_id, BILLING_LAGO_META_VALUE_MAX, key,
                          sizeof key);
        o = json_object();
        t = json_object();
        meta = json_array();
        kv = json_object();
        if (o == NULL || t == NULL || meta == NULL || kv == NULL) {
            json_decref(o);
            json_decref(t);
            json_decref(meta);
            json_decref(kv);
            jfail_oom(&j);
            return -1;
        }
        jput(&j, t, "wallet_id", jtext(&j, "lago_wallet_id", wallet));
        jput(&j, t, r->amount > 0 ? "granted_credits" : "voided_credits",
             jtext(&j, "amount", amount));
        jput(&j, kv, "key", jtext(&j, "key", "adjustment_id"));
        jput(&j, kv, "value", jtext(&j, "adjustment_id", key));
        if (json_array_append_new(meta, kv) != 0)
            jfail_oom(&j);
        jput(&j, t, "metadata", meta);
        jput(&j, o, "wallet_transaction", t);
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
            return too_big(BILLING_LAGO, e);
        }
        free(text);
    }
    return 0;
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
    case BILLING_CHARGEBEE_ADD:
    case BILLING_CHARGEBEE_DEDUCT:
        return write_chargebee(f, b, rows, n, e);
    case BILLING_LAGO:
        return write_lago(b, rows, n, e);
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
    int64_t v;
    bool rounded;

    if (f == BILLING_JSONL)
        return n;
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        if (!is_money(r))
            continue;
        if (f == BILLING_CHARGEBEE_ADD && r->amount < 0)
            continue;
        if (f == BILLING_CHARGEBEE_DEDUCT && r->amount > 0)
            continue;
        if (f == BILLING_STRIPE &&
            (billing_stripe_amount(r->currency, r->exponent, r->amount, &v,
                                   &rounded) != 0 ||
             v == 0))
            continue;
        k++;
    }
    return k;
}

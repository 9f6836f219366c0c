/* billing_stripe: stripe-balance-transactions.csv, one Stripe customer
 * balance transaction per row (see billing.h), in Stripe's own unit. */
#include "write/billing.h"

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/err.h"
#include "lib/money.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* Whether v looks like a Stripe object id ("cus_NffrFeUfNV2Hib"): 1 to
 * 255 letters, digits and '_'. push puts it in a URL path, where "..", "."
 * or "/" would address another resource of the API. */
static bool is_stripe_id(const char *v)
{
    size_t n;

    for (n = 0; v[n] != '\0'; n++) {
        if (!((v[n] >= 'A' && v[n] <= 'Z') || (v[n] >= 'a' && v[n] <= 'z') ||
              (v[n] >= '0' && v[n] <= '9') || v[n] == '_'))
            return false;
    }
    return n >= 1 && n <= 255;
}

int billing_check_stripe(const struct sub *s, const char *path, struct err *e)
{
    if (billing_check_column(BILLING_STRIPE, "stripe_customer",
                             sub_stripe_customer(s), s, path, e) != 0)
        return -1;
    if (!is_stripe_id(sub_stripe_customer(s))) {
        err_set(e, RC_DATA, path, s->line,
                "stripe_customer: not a Stripe customer id (letters, digits "
                "and _ only): %s",
                sub_stripe_customer(s));
        return -1;
    }
    return 0;
}

int billing_write_stripe(struct billing_file *out,
                         const struct credit_row *rows, size_t n, struct err *e)
{
    struct buf *b = out->b, desc;
    const char *f[7];
    char amount[24], cur[4], key[80], from[48], to[48], note[160];
    int64_t v;
    bool rounded;
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (!out->started &&
        buf_puts(b, "customer,amount,currency,description,"
                    "metadata[adjustment_id],metadata[rounded_from],"
                    "idempotency_key\n") != 0) {
        billing_too_big(BILLING_STRIPE, e);
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];

        if (!billing_is_money(r))
            continue;
        if ((f[0] = billing_account(BILLING_STRIPE, r->stripe_customer,
                                    "stripe_customer", r, out->line + i, e)) ==
            NULL)
            goto out;
        if (billing_stripe_amount(r->currency, r->exponent, r->amount, &v,
                                  &rounded) != 0 ||
            v == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount %lld %s too large in Stripe's unit "
                    "(credits.csv line %zu)",
                    billing_file_name(BILLING_STRIPE), (long long)r->amount,
                    r->currency, out->line + i);
            goto out;
        }
        if (v == 0) { /* rounded to nothing: no money moves */
            money_format(r->amount, r->exponent, from, sizeof from);
            billing_warn(out,
                         "%s: adjustment %s left out: amount %s %s rounds to "
                         "0 in Stripe's unit (credits.csv line %zu)",
                         billing_file_name(BILLING_STRIPE), r->adjustment_id,
                         from, r->currency, out->line + i);
            continue;
        }
        /* Negative is a credit to the customer. */
        snprintf(amount, sizeof amount, "%lld", -(long long)v);
        billing_set_case(cur, r->currency, sizeof cur, false);
        billing_describe(&desc, r);
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
            billing_clip(&desc, BILLING_STRIPE_DESC_MAX - strlen(note));
            buf_puts(&desc, note);
        }
        billing_clip(&desc, BILLING_STRIPE_DESC_MAX);
        billing_dedup_key(r->adjustment_id, BILLING_STRIPE_KEY_MAX, key,
                          sizeof key);
        f[1] = amount;
        f[2] = cur;
        f[3] = buf_str(&desc);
        f[4] = r->adjustment_id;
        f[5] = from;
        f[6] = key;
        if (csvout_row(b, f, 7) != 0) {
            billing_too_big(BILLING_STRIPE, e);
            goto out;
        }
        out->rows++;
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

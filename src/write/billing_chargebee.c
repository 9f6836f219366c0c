/* billing_chargebee: chargebee-promotional-credits-add.csv and -deduct.csv,
 * Chargebee's Bulk Operations files for "Add promotional credits" and
 * "Deduct promotional credits" (see billing.h). Their columns are the
 * parameters of Chargebee API v2 POST /api/v2/promotional_credits/add and
 * /deduct (apidocs.chargebee.com/docs/api/promotional_credits; typed in the
 * chargebee-go SDK's promotionalcredit.AddRequestParams): customer_id
 * (at most 50 characters), amount (an integer in the currency's minor
 * unit, "in cents" there), currency_code, description (at most 250),
 * credit_type (general) and reference (at most 500; ours the adjustment
 * id, hashed past 255 bytes). */
#include "write/billing.h"

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/err.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int billing_check_chargebee(const struct sub *s, const char *path,
                            struct err *e)
{
    if (billing_check_column(BILLING_CHARGEBEE_ADD, "chargebee_customer",
                             sub_chargebee_customer(s), s, path, e) != 0)
        return -1;
    if (strlen(sub_chargebee_customer(s)) > BILLING_CHARGEBEE_ID_MAX) {
        err_set(e, RC_DATA, path, s->line,
                "chargebee_customer: longer than %d bytes: %s",
                BILLING_CHARGEBEE_ID_MAX, sub_chargebee_customer(s));
        return -1;
    }
    return 0;
}

/* The file of format fmt: credits (amount > 0) go to the add file,
 * take-backs to the deduct file, both with a positive amount. */
static int write_chargebee(enum billing_format fmt, struct billing_file *out,
                           const struct credit_row *rows, size_t n,
                           struct err *e)
{
    struct buf *b = out->b, desc;
    const char *f[6];
    char amount[24], key[80];
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    if (!out->started &&
        buf_puts(b, "customer_id,amount,currency_code,description,"
                    "credit_type,reference\n") != 0) {
        billing_too_big(fmt, e);
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];

        if (!billing_is_money(r) ||
            (fmt == BILLING_CHARGEBEE_ADD) != (r->amount > 0))
            continue;
        if ((f[0] = billing_account(fmt, r->chargebee_customer,
                                    "chargebee_customer", r, out->line + i,
                                    e)) == NULL)
            goto out;
        if (r->amount == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount too large (credits.csv "
                    "line %zu)",
                    billing_file_name(fmt), out->line + i);
            goto out;
        }
        snprintf(amount, sizeof amount, "%lld",
                 (long long)(r->amount < 0 ? -r->amount : r->amount));
        billing_describe(&desc, r);
        billing_clip(&desc, BILLING_CHARGEBEE_DESC_MAX);
        billing_dedup_key(r->adjustment_id, BILLING_CHARGEBEE_REF_MAX, key,
                          sizeof key);
        f[1] = amount;
        f[2] = r->currency;
        f[3] = buf_str(&desc);
        f[4] = "general";
        f[5] = key;
        if (csvout_row(b, f, 6) != 0) {
            billing_too_big(fmt, e);
            goto out;
        }
        out->rows++;
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

int billing_write_chargebee_add(struct billing_file *out,
                                const struct credit_row *rows, size_t n,
                                struct err *e)
{
    return write_chargebee(BILLING_CHARGEBEE_ADD, out, rows, n, e);
}

int billing_write_chargebee_deduct(struct billing_file *out,
                                   const struct credit_row *rows, size_t n,
                                   struct err *e)
{
    return write_chargebee(BILLING_CHARGEBEE_DEDUCT, out, rows, n, e);
}

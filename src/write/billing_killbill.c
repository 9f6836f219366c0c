/* billing_killbill: killbill-requests.jsonl, one Kill Bill request per row
 * (see billing.h): credits to POST /1.0/kb/credits, take-backs as external
 * charges, each on its own account. */
#include "write/billing.h"

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/money.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <jansson.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int billing_check_killbill(const struct sub *s, const char *path, struct err *e)
{
    if (billing_check_column(BILLING_KILLBILL, "killbill_account",
                             sub_killbill_account(s), s, path, e) != 0)
        return -1;
    if (!is_uuid(sub_killbill_account(s))) {
        err_set(e, RC_DATA, path, s->line,
                "killbill_account: not a Kill Bill account UUID: %s",
                sub_killbill_account(s));
        return -1;
    }
    if (!billing_killbill_currency(sub_currency(s))) {
        err_set(e, RC_DATA, path, s->line,
                "currency: not in Kill Bill's currency list: %s",
                sub_currency(s));
        return -1;
    }
    return 0;
}

/* Whether row r's amount is under Kill Bill's limit; when it is not, the
 * row is left out with a warning naming its adjustment id and the limit. */
static bool fits(struct billing_file *out, const struct credit_row *r,
                 const char *cur, size_t line)
{
    char amount[32], limit[32];
    int64_t a, max = BILLING_KILLBILL_AMOUNT_MAX;
    int k;

    for (k = 0; k < r->exponent; k++)
        max *= 10;
    a = r->amount < 0 ? -r->amount : r->amount;
    if (r->amount != INT64_MIN && a < max)
        return true;
    money_format(max, r->exponent, limit, sizeof limit);
    money_format(r->amount, r->exponent, amount, sizeof amount);
    billing_warn(out,
                 "%s: adjustment %s left out: amount %s %s is not under Kill "
                 "Bill's limit of %s %s (credits.csv line %zu)",
                 billing_file_name(BILLING_KILLBILL), r->adjustment_id, amount,
                 cur, limit, cur, line);
    return false;
}

/* The request of one row:
 *   {"adjustment_id":ID,"method":"POST","path":PATH,"body":[InvoiceItem]}
 * A credit goes to POST /1.0/kb/credits, a take-back to POST
 * /1.0/kb/invoices/charges/{accountId} as an external charge, both with
 * autoCommit=true so the item lands on a committed invoice. The amount is
 * a JSON number, exact decimal text with the currency's exponent;
 * itemDetails is text, a JSON object naming the adjustment. */
static json_t *request(struct billing_json *j, const struct credit_row *r,
                       const char *acct, const char *cur, struct buf *desc)
{
    json_t *o = json_object(), *item = json_object(), *body = json_array();
    json_t *details = json_object();
    char amount[32], path[96], *text = NULL;

    if (o == NULL || item == NULL || body == NULL || details == NULL) {
        json_decref(o);
        json_decref(item);
        json_decref(body);
        json_decref(details);
        billing_json_oom(j);
        return NULL;
    }
    money_format(r->amount < 0 ? -r->amount : r->amount, r->exponent, amount,
                 sizeof amount);
    billing_describe(desc, r);
    billing_clip(desc, BILLING_KILLBILL_DESC_MAX);
    if (r->amount > 0)
        snprintf(path, sizeof path, "/1.0/kb/credits?autoCommit=true");
    else
        snprintf(path, sizeof path,
                 "/1.0/kb/invoices/charges/%s?autoCommit=true", acct);
    billing_json_put(j, details, "adjustment_id",
                     billing_json_text(j, "adjustment_id", r->adjustment_id));
    if (!j->failed &&
        (text = json_dumps(details, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
            NULL)
        billing_json_oom(j);
    json_decref(details);
    billing_json_put(j, o, "adjustment_id",
                     billing_json_text(j, "adjustment_id", r->adjustment_id));
    billing_json_put(j, o, "method", billing_json_text(j, "method", "POST"));
    billing_json_put(j, o, "path", billing_json_text(j, "path", path));
    billing_json_put(j, item, "accountId",
                     billing_json_text(j, "accountId", acct));
    billing_json_put(j, item, "amount", billing_json_text(j, "amount", amount));
    billing_json_put(j, item, "currency",
                     billing_json_text(j, "currency", cur));
    billing_json_put(j, item, "description",
                     billing_json_text(j, "description", buf_str(desc)));
    billing_json_put(j, item, "itemDetails",
                     billing_json_text(j, "itemDetails", text));
    free(text);
    if (json_array_append_new(body, item) != 0)
        billing_json_oom(j);
    billing_json_put(j, o, "body", body);
    return o;
}

int billing_write_killbill(struct billing_file *out,
                           const struct credit_row *rows, size_t n,
                           struct err *e)
{
    struct billing_json j = {BILLING_KILLBILL, 0, e, false};
    struct buf desc;
    char cur[4];
    size_t i;
    int rc = -1;

    buf_init(&desc, 0);
    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        const char *acct;

        if (!billing_is_money(r))
            continue;
        if ((acct = billing_account(BILLING_KILLBILL, r->killbill_account,
                                    "killbill_account", r, out->line + i, e)) ==
            NULL)
            goto out;
        billing_set_case(cur, r->currency, sizeof cur, true);
        if (!billing_killbill_currency(cur)) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: currency not in Kill Bill's list: %s (credits.csv "
                    "line %zu)",
                    billing_file_name(BILLING_KILLBILL), cur, out->line + i);
            goto out;
        }
        if (!fits(out, r, cur, out->line + i))
            continue;
        j.line = out->line + i;
        if (billing_json_line(&j, out->b, request(&j, r, acct, cur, &desc),
                              "amount") != 0)
            goto out;
        out->rows++;
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

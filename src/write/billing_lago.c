/* billing_lago: lago-wallet-transactions.jsonl, one Lago wallet
 * transaction per row (see billing.h). */
#include "write/billing.h"

#include "engine/subscription.h"
#include "lib/err.h"
#include "lib/money.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>

int billing_check_lago(const struct sub *s, const char *path, struct err *e)
{
    return billing_check_column(BILLING_LAGO, "lago_wallet_id",
                                sub_lago_wallet(s), s, path, e);
}

/* One POST /api/v1/wallet_transactions body: granted_credits for a credit,
 * voided_credits for a take-back, as decimal text in credits (the wallet's
 * rate_amount must be 1), the adjustment id in metadata. */
static json_t *transaction(struct billing_json *j, const struct credit_row *r,
                           const char *wallet)
{
    json_t *o = json_object(), *t = json_object(), *meta = json_array();
    json_t *kv = json_object();
    char amount[32], key[80];

    if (o == NULL || t == NULL || meta == NULL || kv == NULL) {
        json_decref(o);
        json_decref(t);
        json_decref(meta);
        json_decref(kv);
        billing_json_oom(j);
        return NULL;
    }
    money_format(r->amount < 0 ? -r->amount : r->amount, r->exponent, amount,
                 sizeof amount);
    billing_dedup_key(r->adjustment_id, BILLING_LAGO_META_VALUE_MAX, key,
                      sizeof key);
    billing_json_put(j, t, "wallet_id",
                     billing_json_text(j, "lago_wallet_id", wallet));
    billing_json_put(j, t, r->amount > 0 ? "granted_credits" : "voided_credits",
                     billing_json_text(j, "amount", amount));
    billing_json_put(j, kv, "key",
                     billing_json_text(j, "key", "adjustment_id"));
    billing_json_put(j, kv, "value",
                     billing_json_text(j, "adjustment_id", key));
    if (json_array_append_new(meta, kv) != 0)
        billing_json_oom(j);
    billing_json_put(j, t, "metadata", meta);
    billing_json_put(j, o, "wallet_transaction", t);
    return o;
}

int billing_write_lago(struct billing_file *out, const struct credit_row *rows,
                       size_t n, struct err *e)
{
    struct billing_json j = {BILLING_LAGO, 0, e, false};
    size_t i;

    for (i = 0; i < n; i++) {
        const struct credit_row *r = &rows[i];
        const char *wallet;

        if (!billing_is_money(r))
            continue;
        if ((wallet = billing_account(BILLING_LAGO, r->lago_wallet,
                                      "lago_wallet_id", r, out->line + i, e)) ==
            NULL)
            return -1;
        if (r->amount == INT64_MIN) {
            err_set(e, RC_DATA, NULL, 0,
                    "%s: amount too large (credits.csv "
                    "line %zu)",
                    billing_file_name(BILLING_LAGO), out->line + i);
            return -1;
        }
        j.line = out->line + i;
        if (billing_json_line(&j, out->b, transaction(&j, r, wallet), NULL) !=
            0)
            return -1;
        out->rows++;
    }
    return 0;
}

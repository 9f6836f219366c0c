/* billing_jsonl: credits.jsonl, the credits.csv rows as JSON lines (see
 * billing.h), for billing systems without a format of their own. */
#include "write/billing.h"

#include "lib/err.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <jansson.h>

#include <stddef.h>

/* One credits.jsonl object: the credits.csv columns, in their order. */
static json_t *jsonl_object(struct billing_json *j, const struct credit_row *r)
{
    json_t *o = json_object();

    if (o == NULL) {
        billing_json_oom(j);
        return NULL;
    }
    billing_json_put(j, o, "adjustment_id",
                     billing_json_text(j, "adjustment_id", r->adjustment_id));
    billing_json_put(j, o, "period", billing_json_text(j, "period", r->period));
    billing_json_put(j, o, "customer_id",
                     billing_json_text(j, "customer_id", r->customer));
    billing_json_put(j, o, "subscription_id",
                     billing_json_text(j, "subscription_id", r->subscription));
    billing_json_put(j, o, "policy", billing_json_text(j, "policy", r->policy));
    billing_json_put(j, o, "remedy", billing_json_text(j, "remedy", r->remedy));
    billing_json_put(j, o, "amount_minor", billing_json_int(j, r->amount));
    billing_json_put(j, o, "currency",
                     billing_json_text(j, "currency", r->currency));
    billing_json_put(j, o, "extension_seconds",
                     billing_json_int(j, r->extension));
    billing_json_put(j, o, "new_ends_at",
                     r->new_ends_at[0] != '\0'
                         ? billing_json_text(j, "new_ends_at", r->new_ends_at)
                         : json_null());
    billing_json_put(j, o, "uptime_percent",
                     billing_json_text(j, "uptime_percent", r->uptime));
    billing_json_put(j, o, "downtime_seconds",
                     billing_json_int(j, r->downtime));
    billing_json_put(j, o, "basis", billing_json_text(j, "basis", r->basis));
    return o;
}

int billing_write_jsonl(struct billing_file *out, const struct credit_row *rows,
                        size_t n, struct err *e)
{
    struct billing_json j = {BILLING_JSONL, 0, e, false};
    size_t i;

    for (i = 0; i < n; i++) {
        j.line = out->line + i;
        if (billing_json_line(&j, out->b, jsonl_object(&j, &rows[i]), NULL) !=
            0)
            return -1;
        out->rows++;
    }
    return 0;
}

/* report: CSV rows and the JSON manifest (see report.h). */
#include "write/report.h"

#include "engine/calc.h"
#include "engine/iv.h"
#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/csvout.h"
#include "lib/err.h"
#include "lib/money.h"
#include "lib/sha.h"
#include "lib/when.h"
#include "write/formats.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends s to file's buffer b. Returns 0, or -1 with e set. */
static int put(struct buf *b, const char *file, const char *s, struct err *e)
{
    if (buf_puts(b, s) == 0)
        return 0;
    err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows", file);
    return -1;
}

/* Appends one CSV row of n fields to file's buffer b. Returns 0, or -1
 * with e set. */
static int row(struct buf *b, const char *file, const char *const *f, size_t n,
               struct err *e)
{
    if (csvout_row(b, f, n) == 0)
        return 0;
    err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows", file);
    return -1;
}

int report_credits_header(struct buf *b, struct err *e)
{
    return put(b, formats_file(OUTPUT_CREDITS),
               "adjustment_id,period,customer_id,subscription_id,policy,"
               "remedy,amount_minor,currency,extension_seconds,new_ends_at,"
               "uptime_percent,downtime_seconds,basis\n",
               e);
}

int report_decisions_header(struct buf *b, struct err *e)
{
    return put(b, formats_file(OUTPUT_DECISIONS),
               "period,subscription_id,customer_id,policy,outcome,"
               "uptime_percent,downtime_seconds,active_seconds,detail,"
               "measured_seconds\n",
               e);
}

int report_windows_header(struct buf *b, struct err *e)
{
    return put(b, formats_file(OUTPUT_WINDOWS),
               "period,subscription_id,policy,kind,resource,source,start,end,"
               "seconds,detail\n",
               e);
}

void report_credit_row(struct credit_row *r, const char *period,
                       const struct sub *s, const struct decision *d)
{
    memset(r, 0, sizeof *r);
    snprintf(r->adjustment_id, sizeof r->adjustment_id, "%s:%s:%s", period,
             s->id, sub_policy(s)->name);
    snprintf(r->period, sizeof r->period, "%s", period);
    r->customer = s->customer;
    r->stripe_customer = sub_stripe_customer(s);
    r->killbill_account = sub_killbill_account(s);
    r->chargebee_customer = sub_chargebee_customer(s);
    r->lago_wallet = sub_lago_wallet(s);
    r->subscription = s->id;
    r->policy = sub_policy(s)->name;
    r->remedy = policy_remedy_name(d->remedy);
    r->amount = d->amount;
    memcpy(r->currency, sub_currency(s), sizeof r->currency);
    r->exponent = sub_exponent(s);
    r->extension = d->extension;
    if (d->has_new_end)
        when_format(d->new_ends_at, r->new_ends_at, sizeof r->new_ends_at);
    snprintf(r->uptime, sizeof r->uptime, "%s", d->uptime);
    r->downtime = d->down_secs;
    snprintf(r->basis, sizeof r->basis, "%s", d->basis);
}

int report_credit(struct buf *b, const struct credit_row *r, struct err *e)
{
    char amount[24], ext[24], down[24];
    const char *f[13];

    snprintf(amount, sizeof amount, "%lld", (long long)r->amount);
    snprintf(ext, sizeof ext, "%lld", (long long)r->extension);
    snprintf(down, sizeof down, "%lld", (long long)r->downtime);
    f[0] = r->adjustment_id;
    f[1] = r->period;
    f[2] = r->customer;
    f[3] = r->subscription;
    f[4] = r->policy;
    f[5] = r->remedy;
    f[6] = amount;
    f[7] = r->currency;
    f[8] = ext;
    f[9] = r->new_ends_at;
    f[10] = r->uptime;
    f[11] = down;
    f[12] = r->basis;
    return row(b, formats_file(OUTPUT_CREDITS), f, 13, e);
}

int report_decision(struct buf *b, const char *period, const struct sub *s,
                    const struct decision *d, struct err *e)
{
    char down[24], active[24], measured[24];
    const char *f[10];

    snprintf(down, sizeof down, "%lld", (long long)d->down_secs);
    snprintf(active, sizeof active, "%lld", (long long)d->active_secs);
    snprintf(measured, sizeof measured, "%lld", (long long)d->measured_secs);
    f[0] = period;
    f[1] = s->id;
    f[2] = s->customer;
    f[3] = sub_policy(s)->name;
    f[4] = calc_outcome_name(d->outcome);
    f[5] = d->uptime;
    f[6] = down;
    f[7] = active;
    f[8] = d->detail;
    f[9] = measured;
    return row(b, formats_file(OUTPUT_DECISIONS), f, 10, e);
}

int report_window(struct buf *b, const char *period, const struct sub *s,
                  const char *kind, const struct iv *w, const char *resource,
                  const char *source, const char *detail, struct err *e)
{
    char start[32], end[32], secs[24];
    const char *f[10];

    when_format(w->start, start, sizeof start);
    when_format(w->end, end, sizeof end);
    snprintf(secs, sizeof secs, "%lld", (long long)(w->end - w->start));
    f[0] = period;
    f[1] = s->id;
    f[2] = sub_policy(s)->name;
    f[3] = kind;
    f[4] = resource;
    f[5] = source;
    f[6] = start;
    f[7] = end;
    f[8] = secs;
    f[9] = detail;
    return row(b, formats_file(OUTPUT_WINDOWS), f, 10, e);
}

static const char *strip(const char *path, const char *base)
{
    size_t n = strlen(base);

    if (n > 0 && strncmp(path, base, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* A file name as a JSON string. JSON holds only UTF-8, and file names are
 * bytes: a name that is not UTF-8 is written with each byte of 0x80 and
 * above, and each backslash, as the four characters \xHH (so it is never
 * dropped, and names that are UTF-8 read as they are). */
static json_t *path_string(const char *path)
{
    json_t *s = json_string(path);
    struct buf b;
    const unsigned char *p;

    if (s != NULL)
        return s;
    buf_init(&b, 0);
    for (p = (const unsigned char *)path; *p != '\0'; p++) {
        if (*p >= 0x80 || *p == '\\')
            buf_printf(&b, "\\x%02X", *p);
        else
            buf_append(&b, p, 1);
    }
    s = json_string(buf_str(&b));
    buf_free(&b);
    return s;
}

static json_t *file_entry(const char *path, const char *sha, uint64_t size)
{
    json_t *o = json_object();

    json_object_set_new(o, "path", path_string(path));
    json_object_set_new(o, "sha256", json_string(sha));
    json_object_set_new(o, "size", json_integer((json_int_t)size));
    return o;
}

/* The mark that stands for the outputs' entries in the text jansson
 * writes, where report_manifest_split() cuts it. */
#define OUTPUTS_MARK "@outputs@"

int report_manifest_output(struct buf *b, const struct report_output *out,
                           bool first, struct err *e)
{
    json_t *o = json_object();
    char *text;
    const char *p;
    int rc = 0;

    json_object_set_new(o, "name", json_string(out->name));
    json_object_set_new(o, "sha256", json_string(out->sha256));
    json_object_set_new(o, "size", json_integer((json_int_t)out->size));
    json_object_set_new(o, "rows", json_integer((json_int_t)out->rows));
    text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (text == NULL) {
        err_set(e, RC_OSERR, NULL, 0, "%s: out of memory",
                formats_file(OUTPUT_MANIFEST));
        return -1;
    }
    /* An element of the outputs array: two levels deeper than the
     * document; strings hold no raw newline (JSON escapes it). */
    rc = put(b, formats_file(OUTPUT_MANIFEST), first ? "\n    " : ",\n    ", e);
    for (p = text; rc == 0 && *p != '\0';) {
        size_t n = strcspn(p, "\n");
        if (buf_append(b, p, n) != 0) {
            rc = put(b, formats_file(OUTPUT_MANIFEST), p, e);
            break;
        }
        p += n;
        if (*p == '\n') {
            rc = put(b, formats_file(OUTPUT_MANIFEST), "\n    ", e);
            p++;
        }
    }
    free(text);
    return rc;
}

int report_manifest_split(struct buf *head, struct buf *tail,
                          const struct report_manifest *m, struct err *e)
{
    json_t *root = json_object(), *arr, *o;
    size_t i;
    char major[32];
    char *text, *mark, *open, *close;
    int rc = -1;

    json_object_set_new(root, "version", json_string(m->version));
    json_object_set_new(root, "month", json_string(m->month));
    json_object_set_new(
        root, "config",
        file_entry(m->config_path, m->config_sha256, m->config_size));
    arr = json_array();
    for (i = 0; i < m->inputs->n; i++)
        json_array_append_new(
            arr, file_entry(strip(m->inputs->v[i].path, m->input_base),
                            m->inputs->v[i].hex, m->inputs->v[i].size));
    json_object_set_new(root, "inputs", arr);
    arr = json_array();
    json_array_append_new(arr, json_string(OUTPUTS_MARK));
    json_object_set_new(root, "outputs", arr);
    o = json_object();
    for (i = 0; i < m->noutcomes; i++) {
        if (m->outcomes[i] != 0)
            json_object_set_new(o, calc_outcome_name((enum outcome)i),
                                json_integer((json_int_t)m->outcomes[i]));
    }
    json_object_set_new(root, "outcomes", o);
    arr = json_array();
    for (i = 0; i < m->ntotals; i++) {
        o = json_object();
        json_object_set_new(o, "currency", json_string(m->totals[i].currency));
        json_object_set_new(o, "credits",
                            json_integer((json_int_t)m->totals[i].credits));
        json_object_set_new(o, "amount_minor",
                            json_integer((json_int_t)m->totals[i].amount));
        money_format(m->totals[i].amount, m->totals[i].exponent, major,
                     sizeof major);
        json_object_set_new(o, "amount", json_string(major));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "totals", arr);
    arr = json_array();
    for (i = 0; i < m->nwarnings; i++)
        json_array_append_new(arr, json_string(m->warnings[i]));
    json_object_set_new(root, "warnings", arr);
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (text == NULL) {
        err_set(e, RC_OSERR, NULL, 0, "%s: out of memory",
                formats_file(OUTPUT_MANIFEST));
        return -1;
    }
    /* "outputs": [\n    "@outputs@"\n  ]: cut after the '[' and before
     * the newline that ends the mark's line. */
    mark = strstr(text, "\"outputs\": [");
    open = mark != NULL ? strchr(mark, '[') + 1 : NULL;
    close = mark != NULL ? strstr(mark, "\"" OUTPUTS_MARK "\"") : NULL;
    if (close == NULL) {
        err_set(e, RC_SOFTWARE, NULL, 0, "%s: outputs not found",
                formats_file(OUTPUT_MANIFEST));
        goto out;
    }
    close += strlen("\"" OUTPUTS_MARK "\"");
    if (buf_append(head, text, (size_t)(open - text)) != 0 ||
        put(tail, formats_file(OUTPUT_MANIFEST), close, e) != 0 ||
        put(tail, formats_file(OUTPUT_MANIFEST), "\n", e) != 0) {
        err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows",
                formats_file(OUTPUT_MANIFEST));
        goto out;
    }
    rc = 0;
out:
    free(text);
    return rc;
}

int report_manifest(struct buf *b, const struct report_manifest *m,
                    struct err *e)
{
    struct buf tail;
    size_t i;
    int rc = -1;

    buf_init(&tail, 0);
    if (report_manifest_split(b, &tail, m, e) != 0)
        goto out;
    for (i = 0; i < m->noutputs; i++) {
        if (report_manifest_output(b, &m->outputs[i], i == 0, e) != 0)
            goto out;
    }
    if (buf_append(b, tail.p, tail.len) != 0) {
        err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows",
                formats_file(OUTPUT_MANIFEST));
        goto out;
    }
    rc = 0;
out:
    buf_free(&tail);
    return rc;
}

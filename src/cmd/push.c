/* push: posting a month's adjustments to Stripe or Kill Bill (see push.h).
 * The file is read whole into a list of requests; accounts are listed once
 * each, in file order; then every request not already there is posted. */
#include "cmd/push.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/fetch.h"
#include "ledger/ledger.h"
#include "lib/buf.h"
#include "lib/csvin.h"
#include "lib/http.h"
#include "lib/sha.h"
#include "lib/strindex.h"
#include "lib/xalloc.h"
#include "write/billing.h"

/* One adjustment to post. */
struct item {
    char *id;      /* adjustment id */
    char *account; /* Stripe customer or Kill Bill account id */
    char *key;     /* Stripe Idempotency-Key */
    char *body;    /* Stripe: form body; Kill Bill: the JSON array */
    char *path;    /* Kill Bill: path and query; Stripe: NULL */
    char *what;    /* for the log: "-400 usd", "credit 4.00 USD" */
    long line;     /* line in the file */
};

/* An adjustment the billing system already holds. */
struct held {
    char *id;     /* adjustment id */
    char *remote; /* the system's id for it */
};

struct push {
    const struct push_opts *o;
    struct http_opts h;
    const char *file; /* file name in the folder */
    char *path;       /* folder/file */
    char *base;       /* API base URL without trailing slash */
    char *auth;       /* Stripe: "Authorization: Bearer ..." */
    char *kb_key;     /* Kill Bill: "X-Killbill-ApiKey: ..." */
    char *kb_secret;  /* Kill Bill: "X-Killbill-ApiSecret: ..." */
    char *userpwd;    /* Kill Bill: basic auth */
    struct item *items;
    size_t n, cap;
    struct held *held;
    size_t nheld, capheld;
    struct strindex held_ids; /* held[i].id -> i, the first of an id */
    struct buf resp;
    struct ledger *ledger; /* NULL without --ledger */
};

int push_system_lookup(const char *name, enum push_system *s)
{
    if (strcmp(name, "stripe") == 0)
        *s = PUSH_STRIPE;
    else if (strcmp(name, "killbill") == 0)
        *s = PUSH_KILLBILL;
    else
        return -1;
    return 0;
}

static char *cat3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *p = xmalloc(n);

    snprintf(p, n, "%s%s%s", a, b, c);
    return p;
}

/* The value of environment variable name, or NULL with e set (RC_CONFIG).
 * The message names the variable, never a value. */
static const char *need_env(const char *name, struct err *e)
{
    const char *v = getenv(name);

    if (v == NULL || v[0] == '\0') {
        err_set(e, RC_CONFIG, NULL, 0,
                "push: environment variable %s is not set", name);
        return NULL;
    }
    return v;
}

/* Copies url without trailing slashes, refusing anything but https. */
static char *https_base(const char *var, const char *url, struct err *e)
{
    size_t n = strlen(url);

    if (strncmp(url, "https://", 8) != 0) {
        err_set(e, RC_CONFIG, NULL, 0,
                "push: %s must be an https:// URL (TLS is always verified): "
                "%s",
                var, url);
        return NULL;
    }
    while (n > 8 && url[n - 1] == '/')
        n--;
    return xstrndup(url, n);
}

static int credentials(struct push *p, struct err *e)
{
    const char *v, *w;

    if (p->o->system == PUSH_STRIPE) {
        if ((v = need_env("STRIPE_API_KEY", e)) == NULL)
            return -1;
        p->auth = cat3("Authorization: Bearer ", v, "");
        w = getenv("STRIPE_API_BASE");
        p->base = https_base(
            "STRIPE_API_BASE",
            w != NULL && w[0] != '\0' ? w : "https://api.stripe.com", e);
        return p->base != NULL ? 0 : -1;
    }
    if ((v = need_env("KILLBILL_URL", e)) == NULL)
        return -1;
    if ((p->base = https_base("KILLBILL_URL", v, e)) == NULL)
        return -1;
    if ((v = need_env("KILLBILL_USER", e)) == NULL ||
        (w = need_env("KILLBILL_PASSWORD", e)) == NULL)
        return -1;
    p->userpwd = cat3(v, ":", w);
    if ((v = need_env("KILLBILL_API_KEY", e)) == NULL ||
        (w = need_env("KILLBILL_API_SECRET", e)) == NULL)
        return -1;
    p->kb_key = cat3("X-Killbill-ApiKey: ", v, "");
    p->kb_secret = cat3("X-Killbill-ApiSecret: ", w, "");
    return 0;
}

/* --- the input ---------------------------------------------------------- */

/* Checks that folder/file is the file manifest.json lists, byte for byte. */
static int verify(struct push *p, struct err *e)
{
    char *mpath = cat3(p->o->dir, "/", formats_file(OUTPUT_MANIFEST));
    json_t *m = NULL, *outs, *v;
    json_error_t je;
    const char *want = NULL;
    char hex[65];
    uint64_t size;
    size_t i;
    int rc = -1;
    FILE *f = fopen(mpath, "r");

    if (f == NULL) {
        err_set(e, RC_NOINPUT, mpath, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    m = json_loadf(f, 0, &je);
    fclose(f);
    outs = json_object_get(m, "outputs");
    if (m == NULL || !json_is_array(outs)) {
        err_set(e, RC_DATA, mpath, m == NULL ? je.line : 0,
                "not a slacredit manifest: %s",
                m == NULL ? je.text : "no \"outputs\" array");
        goto out;
    }
    json_array_foreach(outs, i, v)
    {
        if (json_is_string(json_object_get(v, "name")) &&
            strcmp(json_string_value(json_object_get(v, "name")), p->file) == 0)
            want = json_string_value(json_object_get(v, "sha256"));
    }
    if (want == NULL) {
        err_set(e, RC_DATA, mpath, 0,
                "lists no %s (is it in [output] formats?)", p->file);
        goto out;
    }
    if (sha_file(p->path, hex, &size, e) != 0)
        goto out;
    if (strcmp(hex, want) != 0) {
        err_set(e, RC_DATA, p->path, 0,
                "SHA-256 differs from manifest.json: the file changed after "
                "the run: %s",
                hex);
        goto out;
    }
    rc = 0;
out:
    json_decref(m);
    free(mpath);
    return rc;
}

static struct item *new_item(struct push *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap != 0 ? p->cap * 2 : 16;
        p->items = xreallocarray(p->items, p->cap, sizeof *p->items);
    }
    memset(&p->items[p->n], 0, sizeof p->items[0]);
    return &p->items[p->n++];
}

/* Appends s to b percent-encoded for a form body. */
static void form_escape(struct buf *b, const char *s)
{
    static const char hexd[] = "0123456789ABCDEF";
    const unsigned char *q;

    for (q = (const unsigned char *)s; *q != '\0'; q++) {
        if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
            (*q >= '0' && *q <= '9') || *q == '-' || *q == '.' || *q == '_' ||
            *q == '~') {
            buf_append(b, q, 1);
        } else {
            char t[3] = {'%', hexd[*q >> 4], hexd[*q & 15]};
            buf_append(b, t, 3);
        }
    }
}

enum { S_CUSTOMER, S_AMOUNT, S_CURRENCY, S_DESC, S_ID, S_ROUNDED, S_KEY, S_N };

static int stripe_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    static const char *const cols[S_N] = {
        "customer",
        "amount",
        "currency",
        "description",
        "metadata[adjustment_id]",
        "metadata[rounded_from]",
        "idempotency_key",
    };
    struct push *p = ctx;
    struct item *it;
    struct buf b;
    size_t i;

    if (rec->index == 0) {
        for (i = 0; i < S_N; i++) {
            if (i >= rec->n || strcmp(rec->f[i], cols[i]) != 0) {
                err_set(e, RC_DATA, NULL, 0,
                        "not a slacredit Stripe file: want column %zu to be "
                        "%s",
                        i + 1, cols[i]);
                return -1;
            }
        }
        return 0;
    }
    if (rec->n != S_N || rec->f[S_CUSTOMER][0] == '\0' ||
        rec->f[S_ID][0] == '\0' || rec->f[S_KEY][0] == '\0') {
        err_set(e, RC_DATA, NULL, 0,
                "want %d fields with a customer, an adjustment id and a key",
                S_N);
        return -1;
    }
    it = new_item(p);
    it->line = rec->line;
    it->id = xstrdup(rec->f[S_ID]);
    it->account = xstrdup(rec->f[S_CUSTOMER]);
    it->key = xstrdup(rec->f[S_KEY]);
    it->what = cat3(rec->f[S_AMOUNT], " ", rec->f[S_CURRENCY]);
    buf_init(&b, 0);
    buf_puts(&b, "amount=");
    form_escape(&b, rec->f[S_AMOUNT]);
    buf_puts(&b, "&currency=");
    form_escape(&b, rec->f[S_CURRENCY]);
    buf_puts(&b, "&description=");
    form_escape(&b, rec->f[S_DESC]);
    buf_puts(&b, "&metadata[adjustment_id]=");
    form_escape(&b, rec->f[S_ID]);
    if (rec->f[S_ROUNDED][0] != '\0') {
        buf_puts(&b, "&metadata[rounded_from]=");
        form_escape(&b, rec->f[S_ROUNDED]);
    }
    it->body = xstrdup(buf_str(&b));
    buf_free(&b);
    return 0;
}

/* One killbill-requests.jsonl line: the request as billing.c writes it. */
static int killbill_line(struct push *p, const char *line, long lineno,
                         struct err *e)
{
    json_error_t je;
    json_t *o = json_loads(line, 0, &je), *body, *item;
    const char *id, *path, *acct, *cur, *b0, *b1, *amount;
    struct item *it;
    int rc = -1;

    body = json_object_get(o, "body");
    item = json_array_get(body, 0);
    id = json_string_value(json_object_get(o, "adjustment_id"));
    path = json_string_value(json_object_get(o, "path"));
    acct = json_string_value(json_object_get(item, "accountId"));
    cur = json_string_value(json_object_get(item, "currency"));
    /* The body is posted as written: its amount is exact decimal text. */
    b0 = strstr(line, "\"body\":");
    b1 = strrchr(line, ']');
    amount = b0 != NULL ? strstr(b0, "\"amount\":") : NULL;
    if (o == NULL || id == NULL || path == NULL || acct == NULL ||
        cur == NULL || json_array_size(body) != 1 || b0 == NULL || b1 == NULL ||
        b1 < b0 || amount == NULL || strncmp(path, "/1.0/kb/", 8) != 0) {
        err_set(e, RC_DATA, p->path, lineno,
                "not a slacredit Kill Bill request%s%s", o == NULL ? ": " : "",
                o == NULL ? je.text : "");
        goto out;
    }
    b0 += 7;
    amount += 9;
    it = new_item(p);
    it->line = lineno;
    it->id = xstrdup(id);
    it->account = xstrdup(acct);
    it->path = xstrdup(path);
    it->body = xstrndup(b0, (size_t)(b1 - b0 + 1));
    {
        char *num = xstrndup(amount, strcspn(amount, ","));
        it->what =
            cat3(strncmp(path, "/1.0/kb/credits", 15) == 0 ? "credit "
                                                           : "external charge ",
                 num, "");
        free(num);
        num = it->what;
        it->what = cat3(num, " ", cur);
        free(num);
    }
    rc = 0;
out:
    json_decref(o);
    return rc;
}

static int read_items(struct push *p, struct err *e)
{
    if (p->o->system == PUSH_STRIPE) {
        struct csvin *in = csvin_open(p->path, NULL, e);
        int rc;
        if (in == NULL)
            return -1;
        rc = csvin_each(in, stripe_row, p, e);
        csvin_close(in);
        return rc;
    }
    {
        FILE *f = fopen(p->path, "r");
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        long n = 0;
        int rc = 0;

        if (f == NULL) {
            err_set(e, RC_NOINPUT, p->path, 0, "cannot read: %s",
                    strerror(errno));
            return -1;
        }
        while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
            n++;
            if (line[len - 1] == '\n')
                line[len - 1] = '\0';
            rc = killbill_line(p, line, n, e);
        }
        if (rc == 0 && ferror(f)) {
            err_set(e, RC_IOERR, p->path, 0, "read failed: %s",
                    strerror(errno));
            rc = -1;
        }
        free(line);
        fclose(f);
        return rc;
    }
}

/* --- the billing system -------------------------------------------------- */

static void add_held(struct push *p, const char *id, const char *remote)
{
    if (p->nheld == p->capheld) {
        p->capheld = p->capheld != 0 ? p->capheld * 2 : 64;
        p->held = xreallocarray(p->held, p->capheld, sizeof *p->held);
    }
    p->held[p->nheld].id = xstrdup(id);
    p->held[p->nheld].remote = xstrdup(remote != NULL ? remote : "?");
    if (strindex_find(&p->held_ids, id) == SIZE_MAX)
        strindex_put(&p->held_ids, p->held[p->nheld].id, p->nheld);
    p->nheld++;
}

static const struct held *find_held(const struct push *p, const char *id)
{
    size_t i = strindex_find(&p->held_ids, id);

    return i != SIZE_MAX ? &p->held[i] : NULL;
}

/* The system's own words from an error body: Stripe's error.message, Kill
 * Bill's message (with its code), or the start of the body. */
static void system_error(const struct buf *b, char *out, size_t cap)
{
    json_t *o = json_loadb(b->len > 0 ? b->p : "", b->len, 0, NULL);
    const char *m = json_string_value(
        json_object_get(json_object_get(o, "error"), "message"));

    if (m == NULL)
        m = json_string_value(json_object_get(o, "message"));
    if (m != NULL)
        snprintf(out, cap, "%s", m);
    else
        snprintf(out, cap, "%.200s", b->len > 0 ? b->p : "(empty body)");
    json_decref(o);
}

/* Sends one request; on failure turns e into "<what>: <system's error>". */
static int call(struct push *p, const char *method, const char *url,
                const char *body, const char *key, bool retry, const char *what,
                struct err *e)
{
    const char *hdr[6];
    char *idem = NULL;
    size_t n = 0;
    long status = 0;
    int rc;
    char why[300];
    struct http_req r;

    hdr[n++] = "Accept: application/json";
    if (p->o->system == PUSH_STRIPE) {
        hdr[n++] = p->auth;
        if (key != NULL) {
            idem = cat3("Idempotency-Key: ", key, "");
            hdr[n++] = idem;
        }
    } else {
        hdr[n++] = p->kb_key;
        hdr[n++] = p->kb_secret;
        hdr[n++] = "X-Killbill-CreatedBy: slacredit";
        if (body != NULL)
            hdr[n++] = "Content-Type: application/json";
    }
    r = (struct http_req){method,     url,   hdr,
                          n,          body,  body != NULL ? strlen(body) : 0,
                          p->userpwd, retry, false};
    rc = http_request(&p->h, &r, &p->resp, &status, e);
    free(idem);
    if (rc == 0)
        return 0;
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
        system_error(&p->resp, why, sizeof why);
        err_set(e, RC_DATA, NULL, 0, "%s: refused by %s: HTTP %ld: %s", what,
                p->o->system == PUSH_STRIPE ? "Stripe" : "Kill Bill", status,
                why);
    } else {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, RC_IOERR, NULL, 0, "%s: %s: %s", what, url, msg);
    }
    return -1;
}

/* Stripe: every balance transaction of the customer, page by page. */
static int list_stripe(struct push *p, const char *cus, struct err *e)
{
    struct buf url, what;
    char *after = NULL;
    int rc = -1;
    bool more = true;

    buf_init(&url, 0);
    buf_init(&what, 0);
    buf_printf(&what, "customer %s", cus);
    while (more) {
        json_t *o, *data, *v;
        size_t i;

        buf_reset(&url);
        buf_printf(&url, "%s/v1/customers/", p->base);
        form_escape(&url, cus);
        buf_puts(&url, "/balance_transactions?limit=100");
        if (after != NULL) {
            buf_puts(&url, "&starting_after=");
            form_escape(&url, after);
        }
        if (call(p, "GET", buf_str(&url), NULL, NULL, true, buf_str(&what),
                 e) != 0)
            goto out;
        o = json_loadb(p->resp.len > 0 ? p->resp.p : "", p->resp.len, 0, NULL);
        data = json_object_get(o, "data");
        if (!json_is_array(data)) {
            json_decref(o);
            err_set(e, RC_IOERR, NULL, 0,
                    "%s: the balance transaction list is not a Stripe list",
                    buf_str(&what));
            goto out;
        }
        json_array_foreach(data, i, v)
        {
            const char *id = json_string_value(json_object_get(v, "id"));
            const char *adj = json_string_value(json_object_get(
                json_object_get(v, "metadata"), "adjustment_id"));
            if (adj != NULL)
                add_held(p, adj, id);
            if (id != NULL) {
                free(after);
                after = xstrdup(id);
            }
        }
        more = json_is_true(json_object_get(o, "has_more")) &&
               json_array_size(data) > 0;
        json_decref(o);
    }
    rc = 0;
out:
    free(after);
    buf_free(&url);
    buf_free(&what);
    return rc;
}

/* Kill Bill: the items of every invoice of the account whose itemDetails
 * names an adjustment. */
static int list_killbill(struct push *p, const char *acct, struct err *e)
{
    struct buf url, what;
    json_t *o = NULL, *inv, *item;
    size_t i, j;
    int rc = -1;

    buf_init(&url, 0);
    buf_init(&what, 0);
    buf_printf(&what, "account %s", acct);
    buf_printf(&url, "%s/1.0/kb/accounts/", p->base);
    form_escape(&url, acct);
    /* Older Kill Bill versions load the items with withItems, newer ones
     * with includeInvoiceComponents; each ignores the other's name. */
    buf_puts(&url, "/invoices?withItems=true&includeInvoiceComponents=true");
    if (call(p, "GET", buf_str(&url), NULL, NULL, true, buf_str(&what), e) != 0)
        goto out;
    o = json_loadb(p->resp.len > 0 ? p->resp.p : "", p->resp.len, 0, NULL);
    if (!json_is_array(o)) {
        err_set(e, RC_IOERR, NULL, 0,
                "%s: the invoice list is not a JSON array", buf_str(&what));
        goto out;
    }
    json_array_foreach(o, i, inv)
    {
        json_array_foreach(json_object_get(inv, "items"), j, item)
        {
            const char *det =
                json_string_value(json_object_get(item, "itemDetails"));
            json_t *d;
            const char *adj;
            if (det == NULL)
                continue;
            d = json_loads(det, 0, NULL);
            adj = json_string_value(json_object_get(d, "adjustment_id"));
            if (adj != NULL)
                add_held(
                    p, adj,
                    json_string_value(json_object_get(item, "invoiceItemId")));
            json_decref(d);
        }
    }
    rc = 0;
out:
    json_decref(o);
    buf_free(&url);
    buf_free(&what);
    return rc;
}

/* Posts it; writes the system's id for the new object into remote. */
static int create(struct push *p, const struct item *it, char *remote,
                  size_t cap, struct err *e)
{
    struct buf url, what;
    json_t *o;
    const char *id;
    int rc;

    buf_init(&url, 0);
    buf_init(&what, 0);
    buf_printf(&what, "%s", it->id);
    if (p->o->system == PUSH_STRIPE) {
        buf_printf(&url, "%s/v1/customers/", p->base);
        form_escape(&url, it->account);
        buf_puts(&url, "/balance_transactions");
        /* The Idempotency-Key makes a retry safe within Stripe's 24 h. */
        rc = call(p, "POST", buf_str(&url), it->body, it->key, true,
                  buf_str(&what), e);
    } else {
        buf_printf(&url, "%s%s", p->base, it->path);
        /* Kill Bill has no idempotency key: a retry after a lost answer
         * could book twice, so a failure stops here and the next push's
         * listing finds what was booked. */
        rc = call(p, "POST", buf_str(&url), it->body, NULL, false,
                  buf_str(&what), e);
    }
    if (rc == 0) {
        o = json_loadb(p->resp.len > 0 ? p->resp.p : "", p->resp.len, 0, NULL);
        id = json_string_value(json_object_get(o, "id"));
        if (id == NULL)
            id = json_string_value(
                json_object_get(json_array_get(o, 0), "invoiceItemId"));
        snprintf(remote, cap, "%s", id != NULL ? id : "?");
        json_decref(o);
    }
    buf_free(&url);
    buf_free(&what);
    return rc;
}

static void push_free(struct push *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        free(p->items[i].id);
        free(p->items[i].account);
        free(p->items[i].key);
        free(p->items[i].body);
        free(p->items[i].path);
        free(p->items[i].what);
    }
    free(p->items);
    for (i = 0; i < p->nheld; i++) {
        free(p->held[i].id);
        free(p->held[i].remote);
    }
    free(p->held);
    strindex_free(&p->held_ids);
    free(p->path);
    free(p->base);
    free(p->auth);
    free(p->kb_key);
    free(p->kb_secret);
    free(p->userpwd);
    buf_free(&p->resp);
    ledger_close(p->ledger);
}

/* Sets p up for o: the file, the HTTP options from the environment, the
 * CA file, the items read and checked, the credentials, the ledger.
 * Returns 0, or -1 with e set. */
static int push_open(struct push *p, const struct push_opts *o,
                     enum billing_format fmt, struct err *e)
{
    struct fetch_opts fo;

    p->o = o;
    buf_init(&p->resp, 8u << 20);
    p->file = billing_file_name(fmt);
    p->path = cat3(o->dir, "/", p->file);
    fetch_opts_init(&fo);
    if (fetch_opts_from_env(&fo, e) != 0)
        return -1;
    p->h = (struct http_opts){
        o->cacert,     fo.connect_timeout_ms, fo.timeout_ms, fo.retries,
        fo.backoff_ms, fo.max_retry_after_s,  8u << 20};
    if (o->cacert != NULL) {
        FILE *f = fopen(o->cacert, "r");
        if (f == NULL) {
            err_set(e, RC_NOINPUT, o->cacert, 0, "cannot read CA file: %s",
                    strerror(errno));
            return -1;
        }
        fclose(f);
    }
    if (verify(p, e) != 0 || read_items(p, e) != 0 || credentials(p, e) != 0)
        return -1;
    if (o->ledger != NULL) {
        p->ledger = ledger_open_existing(o->ledger, e);
        if (p->ledger == NULL)
            return -1;
    }
    return 0;
}

/* Lists what the billing system holds for each account of the file, once
 * per account, in file order. Returns 0, or -1 with e set. */
static int list_accounts(struct push *p, struct err *e)
{
    struct strindex seen;
    size_t i;
    int rc = 0;

    strindex_init(&seen);
    for (i = 0; i < p->n && rc == 0; i++) {
        const char *account = p->items[i].account;
        if (strindex_find(&seen, account) != SIZE_MAX)
            continue;
        strindex_put(&seen, account, i);
        rc = p->o->system == PUSH_STRIPE ? list_stripe(p, account, e)
                                         : list_killbill(p, account, e);
    }
    strindex_free(&seen);
    return rc;
}

/* Pushes one item (or, in a dry run, says it would): skipped when the
 * billing system or the ledger holds its id. Counts it in *there or
 * *made. Returns 0, or -1 with e set. */
static int push_item(struct push *p, const struct item *it, const char *name,
                     size_t *there, size_t *made, struct err *e)
{
    const struct push_opts *o = p->o;
    const struct held *h = find_held(p, it->id);
    char remote[256];
    int known = 0;

    if (p->ledger != NULL) {
        known = ledger_push_lookup(p->ledger, it->id, name, remote,
                                   sizeof remote, e);
        if (known < 0)
            return -1;
    }
    if (h != NULL) {
        fprintf(o->out, "exists  %s %s (%s)\n", it->id, h->remote, it->account);
        (*there)++;
        /* Created by an earlier push whose answer or record was lost. */
        return p->ledger != NULL && !known && o->apply
                   ? ledger_push_record(p->ledger, it->id, name, h->remote, e)
                   : 0;
    }
    if (known) {
        fprintf(o->out, "exists  %s %s (in the ledger)\n", it->id, remote);
        (*there)++;
        return 0;
    }
    if (!o->apply) {
        fprintf(o->out, "create  %s %s for %s\n", it->id, it->what,
                it->account);
        (*made)++;
        return 0;
    }
    if (create(p, it, remote, sizeof remote, e) != 0) {
        fprintf(o->out,
                "push %s: stopped at %s after creating %zu; run it again "
                "to go on\n",
                name, it->id, *made);
        return -1;
    }
    add_held(p, it->id, remote);
    fprintf(o->out, "created %s %s (%s %s)\n", it->id, remote, it->what,
            it->account);
    if (p->ledger != NULL &&
        ledger_push_record(p->ledger, it->id, name, remote, e) != 0) {
        fprintf(o->out,
                "push %s: %s was created but not recorded in the ledger; "
                "the next push finds it in the listing and records it\n",
                name, it->id);
        return -1;
    }
    fflush(o->out);
    (*made)++;
    return 0;
}

int push_run(const struct push_opts *o, struct err *e)
{
    struct push p;
    enum billing_format fmt =
        o->system == PUSH_STRIPE ? BILLING_STRIPE : BILLING_KILLBILL;
    const char *name = billing_format_name(fmt);
    size_t i, there = 0, made = 0;
    int rc = -1;

    memset(&p, 0, sizeof p);
    if (push_open(&p, o, fmt, e) != 0 || list_accounts(&p, e) != 0)
        goto out;
    for (i = 0; i < p.n; i++) {
        if (push_item(&p, &p.items[i], name, &there, &made, e) != 0)
            goto out;
    }
    fprintf(o->out, "push %s: %zu %s, %zu already there%s\n", name, made,
            o->apply ? "created" : "to create", there,
            o->apply ? "" : " (dry run: --apply posts)");
    rc = 0;
out:
    push_free(&p);
    return rc;
}

/* billing: what every billing format shares (see billing.h and
 * billing_util.h); each format's own shape is in billing_<system>.c, its
 * name and file in formats.def. Amounts stay integers all the way. */
#include "write/billing.h"

#include "engine/subscription.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "lib/xalloc.h"
#include "write/billing_util.h"
#include "write/report.h"

#include <jansson.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *billing_format_name(enum billing_format f)
{
    const struct output_format *row = formats_billing(f);

    return row != NULL ? row->name : "?";
}

const char *billing_file_name(enum billing_format f)
{
    const struct output_format *row = formats_billing(f);

    return row != NULL ? row->file : "?";
}

int billing_format_lookup(const char *name, enum billing_format *f)
{
    int i;

    for (i = 0; i < BILLING_NFORMATS; i++) {
        if (strcmp(name, billing_format_name((enum billing_format)i)) == 0) {
            *f = (enum billing_format)i;
            return 0;
        }
    }
    return -1;
}

void billing_file_init(struct billing_file *out, struct buf *b)
{
    memset(out, 0, sizeof *out);
    out->b = b;
    out->line = 2;
}

void billing_file_free(struct billing_file *out)
{
    size_t i;

    for (i = 0; i < out->nwarnings; i++)
        free(out->warnings[i]);
    free(out->warnings);
    out->warnings = NULL;
    out->nwarnings = 0;
}

void billing_warn(struct billing_file *out, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    memcpy(text, "warning: ", 10);
    va_start(ap, fmt);
    vsnprintf(text + 9, sizeof text - 9, fmt, ap);
    va_end(ap);
    out->warnings =
        xreallocarray(out->warnings, out->nwarnings + 1, sizeof *out->warnings);
    out->warnings[out->nwarnings++] = xstrdup(text);
}

int billing_write(enum billing_format f, struct billing_file *out,
                  const struct credit_row *rows, size_t n, struct err *e)
{
    const struct output_format *row = formats_billing(f);

    if (row == NULL) {
        err_set(e, RC_SOFTWARE, NULL, 0, "billing: unknown format %d", (int)f);
        return -1;
    }
    if (row->write(out, rows, n, e) != 0)
        return -1;
    out->started = true;
    out->line += n;
    return 0;
}

size_t billing_count(enum billing_format f, const struct credit_row *rows,
                     size_t n)
{
    struct buf b;
    struct billing_file out;
    struct err ignored;
    size_t k;

    buf_init(&b, 0);
    billing_file_init(&out, &b);
    k = billing_write(f, &out, rows, n, &ignored) == 0 ? out.rows : 0;
    billing_file_free(&out);
    buf_free(&b);
    return k;
}

/* --- rows and text ------------------------------------------------------- */

bool billing_is_money(const struct credit_row *r)
{
    return r->amount != 0 &&
           (r->remedy == NULL || strcmp(r->remedy, "plan_extension") != 0);
}

const char *billing_str(const char *s)
{
    return s != NULL ? s : "";
}

/* The "r<N>" of a correction id "<period>:<sub>:<policy>:r<N>" (a pointer
 * into r->adjustment_id), or NULL for a first issue. Comparing with the
 * row's own parts keeps ids whose subscription contains ":r1" apart. */
static const char *correction(const struct credit_row *r)
{
    const char *parts[3] = {r->period, billing_str(r->subscription),
                            billing_str(r->policy)};
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

void billing_describe(struct buf *d, const struct credit_row *r)
{
    const char *rev = correction(r);

    buf_reset(d);
    buf_puts(d, "SLA credit ");
    if (rev != NULL)
        buf_printf(d, "correction %s ", rev);
    buf_printf(d, "%s %s (%s)", r->period, billing_str(r->subscription),
               billing_str(r->policy));
    if (r->basis[0] != '\0')
        buf_printf(d, ": %s", r->basis);
}

void billing_set_case(char *dst, const char *src, size_t cap, bool upper)
{
    size_t i;

    for (i = 0; i + 1 < cap && src[i] != '\0'; i++)
        dst[i] = (char)(upper ? toupper((unsigned char)src[i])
                              : tolower((unsigned char)src[i]));
    dst[i] = '\0';
}

void billing_clip(struct buf *d, size_t max)
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

int billing_too_big(enum billing_format f, struct err *e)
{
    err_set(e, RC_CANTOUT, NULL, 0, "%s: larger than its buffer allows",
            billing_file_name(f));
    return -1;
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

/* --- accounts ------------------------------------------------------------ */

int billing_check_account(enum billing_format f, const struct sub *s,
                          const char *path, struct err *e)
{
    const struct output_format *row = formats_billing(f);

    return row != NULL ? row->check(s, path, e) : 0;
}

int billing_check_none(const struct sub *s, const char *path, struct err *e)
{
    (void)s;
    (void)path;
    (void)e;
    return 0;
}

int billing_check_column(enum billing_format f, const char *col, const char *v,
                         const struct sub *s, const char *path, struct err *e)
{
    if (v != NULL)
        return 0;
    err_set(e, RC_DATA, path, s->line,
            "%s: empty or missing, but [output] formats has %s (no "
            "fallback to customer_id): %s",
            col, billing_format_name(f), s->id);
    return -1;
}

const char *billing_account(enum billing_format f, const char *v,
                            const char *col, const struct credit_row *r,
                            size_t line, struct err *e)
{
    if (v != NULL && v[0] != '\0')
        return v;
    err_set(e, RC_DATA, NULL, 0,
            "%s: the roster gives no %s for subscription %s (credits.csv "
            "line %zu)",
            billing_file_name(f), col, billing_str(r->subscription), line);
    return NULL;
}

/* --- JSON ---------------------------------------------------------------- */

void billing_json_oom(struct billing_json *j)
{
    if (!j->failed)
        err_set(j->e, RC_OSERR, NULL, 0, "%s: out of memory building JSON",
                billing_file_name(j->f));
    j->failed = true;
}

/* jansson refuses text that is not UTF-8; a second, unchecked try tells
 * that apart from running out of memory. */
json_t *billing_json_text(struct billing_json *j, const char *field,
                          const char *s)
{
    json_t *v = json_string(billing_str(s)), *raw;

    if (v != NULL)
        return v;
    raw = json_stringn_nocheck(billing_str(s), strlen(billing_str(s)));
    if (raw == NULL) {
        billing_json_oom(j);
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

json_t *billing_json_int(struct billing_json *j, int64_t v)
{
    json_t *x = json_integer((json_int_t)v);

    if (x == NULL)
        billing_json_oom(j);
    return x;
}

void billing_json_put(struct billing_json *j, json_t *o, const char *key,
                      json_t *v)
{
    if (o == NULL) {
        json_decref(v);
        billing_json_oom(j);
        return;
    }
    if (json_object_set_new(o, key, v) != 0)
        billing_json_oom(j);
}

/* Unquotes the string value of the first member named key in the compact
 * JSON text s. Inside a JSON string every '"' is escaped, so the text
 * "KEY":" can only be that member. */
static void unquote_member(char *s, const char *key)
{
    char pat[64], *p, *end;

    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    p = strstr(s, pat);
    if (p == NULL)
        return;
    p += strlen(pat) - 1; /* the opening quote */
    end = strchr(p + 1, '"');
    if (end == NULL)
        return;
    memmove(end, end + 1, strlen(end + 1) + 1);
    memmove(p, p + 1, strlen(p + 1) + 1);
}

int billing_json_line(struct billing_json *j, struct buf *b, json_t *o,
                      const char *number_key)
{
    char *text;

    if (o == NULL)
        billing_json_oom(j);
    if (j->failed) {
        json_decref(o);
        return -1;
    }
    text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (text == NULL) {
        billing_json_oom(j);
        return -1;
    }
    if (number_key != NULL)
        unquote_member(text, number_key);
    if (buf_puts(b, text) != 0 || buf_append(b, "\n", 1) != 0) {
        free(text);
        return billing_too_big(j->f, j->e);
    }
    free(text);
    return 0;
}

/* billing_util: what the billing writers (src/write/billing_<system>.c)
 * share, and nothing else includes: which rows move money, the description
 * a billing system shows, cutting text to a field's limit, a row's account
 * in a system, the warning of a row left out, and JSON built with one error
 * and written one object per line. */
#ifndef SLACREDIT_BILLING_UTIL_H
#define SLACREDIT_BILLING_UTIL_H

#include "write/billing.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct credit_row;
struct err;
struct sub;

/* Whether r moves money: plan extensions and zero amounts do not. */
bool billing_is_money(const struct credit_row *r);
/* s, or "" for NULL. */
const char *billing_str(const char *s);
/* Writes the description the billing systems show into d:
 * "SLA credit 2026-10 sub-1 (uptime-tiers): tier<99.0=25%", or
 * "SLA credit correction r1 2026-10 ..." for a correction. */
void billing_describe(struct buf *d, const struct credit_row *r);
/* Copies src into dst (cap bytes) in upper or lower case. */
void billing_set_case(char *dst, const char *src, size_t cap, bool upper);
/* Cuts the text of d to at most max bytes, on a UTF-8 character boundary,
 * ending it with "..." when it was cut. */
void billing_clip(struct buf *d, size_t max);
/* Sets e to RC_CANTOUT: file f outgrew its buffer. Returns -1. */
int billing_too_big(enum billing_format f, struct err *e);
/* The account v (roster column col) of row r, at credits.csv line line,
 * for format f; or NULL with e set when it is empty. */
const char *billing_account(enum billing_format f, const char *v,
                            const char *col, const struct credit_row *r,
                            size_t line, struct err *e);
/* Checks roster row s's account column col (value v, NULL when empty) for
 * format f. Returns 0, or -1 with e set (RC_DATA, path:line). */
int billing_check_column(enum billing_format f, const char *col, const char *v,
                         const struct sub *s, const char *path, struct err *e);
/* Records in out a row left out, as "warning: " and the formatted text. */
void billing_warn(struct billing_file *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* JSON built with one error: the first failure is kept in e. */
struct billing_json {
    enum billing_format f;
    size_t line; /* credits.csv line of the row being written */
    struct err *e;
    bool failed;
};

/* Records running out of memory. */
void billing_json_oom(struct billing_json *j);
/* A JSON string for s (NULL counts as ""), or NULL with the error recorded
 * (text that is not UTF-8 names field). */
json_t *billing_json_text(struct billing_json *j, const char *field,
                          const char *s);
/* A JSON integer, or NULL with the error recorded. */
json_t *billing_json_int(struct billing_json *j, int64_t v);
/* Sets key to v in o, taking v (which may be NULL after a failure). */
void billing_json_put(struct billing_json *j, json_t *o, const char *key,
                      json_t *v);
/* Appends o, which it takes, to b as one compact line, keys in the order
 * set, unless building it failed. The member named number_key (NULL: none)
 * holds decimal text as a string and is written unquoted, as a JSON number:
 * jansson has no exact decimal type. Returns 0, or -1 with e set. */
int billing_json_line(struct billing_json *j, struct buf *b, json_t *o,
                      const char *number_key);

#endif

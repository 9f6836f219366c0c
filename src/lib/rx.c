/* rx: a thin PCRE2 wrapper (see rx.h). */
#include "lib/rx.h"

#include "lib/xalloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdlib.h>

struct rx {
    pcre2_code *code;
    pcre2_match_data *md; /* owned; reused by every match */
    char *source;         /* owned copy of the pattern */
};

static struct rx *compile(const char *pattern, uint32_t options, struct err *e)
{
    int code;
    PCRE2_SIZE off;
    PCRE2_UCHAR msg[256];
    struct rx *r;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | options, &code, &off, NULL);

    if (c == NULL) {
        pcre2_get_error_message(code, msg, sizeof msg);
        err_set(e, RC_CONFIG, NULL, 0, "bad pattern at offset %zu: %s: %s",
                (size_t)off, (const char *)msg, pattern);
        return NULL;
    }
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    r = xmalloc(sizeof *r);
    r->code = c;
    r->md = pcre2_match_data_create_from_pattern(c, NULL);
    if (r->md == NULL) {
        pcre2_code_free(c);
        free(r);
        err_set(e, RC_OSERR, NULL, 0, "out of memory");
        return NULL;
    }
    r->source = xstrdup(pattern);
    return r;
}

struct rx *rx_compile(const char *pattern, struct err *e)
{
    return compile(pattern, 0, e);
}

struct rx *rx_compile_caseless(const char *pattern, struct err *e)
{
    return compile(pattern, PCRE2_CASELESS, e);
}

bool rx_match(const struct rx *r, const char *s, size_t len)
{
    return pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL) >= 0;
}

unsigned rx_groups(const struct rx *r)
{
    uint32_t n = 0;

    (void)pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return (unsigned)n;
}

bool rx_capture(const struct rx *r, const char *s, size_t len, size_t *at,
                size_t *n)
{
    PCRE2_SIZE *ov;

    if (pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL) < 2)
        return false;
    ov = pcre2_get_ovector_pointer(r->md);
    if (ov[2] == PCRE2_UNSET || ov[3] < ov[2])
        return false;
    *at = (size_t)ov[2];
    *n = (size_t)(ov[3] - ov[2]);
    return true;
}

const char *rx_source(const struct rx *r)
{
    return r->source;
}

void rx_free(struct rx *r)
{
    if (r == NULL)
        return;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    free(r->source);
    free(r);
}

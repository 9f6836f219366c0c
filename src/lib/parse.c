/* parse: strict integer and decimal parsing (see parse.h). */
#include "lib/parse.h"

#include <string.h>

const char *parse_i64n(const char *s, size_t len, int64_t min, int64_t max,
                       int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    int64_t v = 0;

    if (len > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == len)
        return "not an integer";
    for (; i < len; i++) {
        int d;
        if (s[i] < '0' || s[i] > '9')
            return "not an integer";
        d = s[i] - '0';
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, neg ? -d : d, &v))
            return neg ? "too small" : "too large";
    }
    if (v < min)
        return "too small";
    if (v > max)
        return "too large";
    *out = v;
    return NULL;
}

const char *parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    return parse_i64n(s, strlen(s), min, max, out);
}

const char *parse_decimal(const char *s, int frac, int64_t *out)
{
    const char *p = s;
    int neg = 0, nfrac = 0;
    int64_t v = 0;

    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p < '0' || *p > '9')
        return "not a decimal number";
    for (; *p >= '0' && *p <= '9'; p++) {
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, *p - '0', &v))
            return "too large";
    }
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return "not a decimal number";
        for (; *p >= '0' && *p <= '9'; p++) {
            if (nfrac == frac)
                return "too many decimals";
            if (__builtin_mul_overflow(v, 10, &v) ||
                __builtin_add_overflow(v, *p - '0', &v))
                return "too large";
            nfrac++;
        }
    }
    if (*p != '\0')
        return "not a decimal number";
    for (; nfrac < frac; nfrac++) {
        if (__builtin_mul_overflow(v, 10, &v))
            return "too large";
    }
    *out = neg ? -v : v;
    return NULL;
}

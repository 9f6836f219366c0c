/* money: minor units, ISO 4217 exponents, one rounding rule (see money.h). */
#include "lib/money.h"

#include "lib/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* Active ISO 4217 codes (list one, 2024 edition) whose exponent is not 2. */
static const struct {
    char code[4];
    int exp;
} odd_exponents[] = {
    {"BHD", 3}, {"BIF", 0}, {"CLF", 4}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0},
    {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0},
    {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0}, {"RWF", 0}, {"TND", 3},
    {"UGX", 0}, {"UYI", 0}, {"UYW", 4}, {"VND", 0}, {"VUV", 0}, {"XAF", 0},
    {"XOF", 0}, {"XPF", 0},
};

/* The remaining active ISO 4217 currency codes, all with exponent 2. */
static const char two_exponent[][4] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM",
    "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP",
    "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC",
    "CUC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL",
    "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN",
    "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR",
    "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
    "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
};

static int cmp_code(const void *key, const void *elem)
{
    return strncmp(key, elem, 3);
}

int money_exponent(const char *code)
{
    size_t i;

    if (strlen(code) != 3)
        return -1;
    for (i = 0; i < sizeof odd_exponents / sizeof odd_exponents[0]; i++) {
        if (memcmp(code, odd_exponents[i].code, 3) == 0)
            return odd_exponents[i].exp;
    }
    if (bsearch(code, two_exponent,
                sizeof two_exponent / sizeof two_exponent[0],
                sizeof two_exponent[0], cmp_code) != NULL)
        return 2;
    return -1;
}

const char *money_parse(const char *s, int exp, int64_t *minor)
{
    const char *why = parse_decimal(s, exp, minor);

    if (why == NULL)
        return NULL;
    if (strcmp(why, "too many decimals") == 0)
        return "more decimals than the currency has";
    if (strcmp(why, "too large") == 0)
        return "too large";
    return "not a decimal amount";
}

void money_format(int64_t minor, int exp, char *out, size_t cap)
{
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t scale = 1;
    int i;

    for (i = 0; i < exp; i++)
        scale *= 10;
    if (exp == 0)
        snprintf(out, cap, "%s%llu", minor < 0 ? "-" : "",
                 (unsigned long long)mag);
    else
        snprintf(out, cap, "%s%llu.%0*llu", minor < 0 ? "-" : "",
                 (unsigned long long)(mag / scale), exp,
                 (unsigned long long)(mag % scale));
}

int money_muldiv(const int64_t *num, size_t nn, const int64_t *den, size_t nd,
                 enum money_rounding mode, int64_t *out)
{
    u128 n = 1, d = 1, q, r;
    size_t i;

    for (i = 0; i < nn; i++) {
        if (num[i] < 0 || __builtin_mul_overflow(n, (u128)num[i], &n))
            return -1;
    }
    for (i = 0; i < nd; i++) {
        if (den[i] <= 0 || __builtin_mul_overflow(d, (u128)den[i], &d))
            return -1;
    }
    q = n / d;
    r = n % d;
    /* r < d, so 2r cannot overflow when d fits in 127 bits. */
    if (d >> 126 != 0)
        return -1;
    switch (mode) {
    case MONEY_HALF_UP:
        if (2 * r >= d)
            q++;
        break;
    case MONEY_HALF_EVEN:
        if (2 * r > d || (2 * r == d && (q & 1) != 0))
            q++;
        break;
    case MONEY_DOWN:
        break;
    }
    if (q > (u128)INT64_MAX)
        return -1;
    *out = (int64_t)q;
    return 0;
}

int money_muldiv_exact(const int64_t *num, size_t nn, const int64_t *den,
                       size_t nd, int64_t *floor, int *exact)
{
    int64_t up;

    if (money_muldiv(num, nn, den, nd, MONEY_DOWN, floor) != 0 ||
        money_muldiv(num, nn, den, nd, MONEY_HALF_UP, &up) != 0)
        return -1;
    /* Exact when n·d' = d·n', checked as: q·den == num with 128 bits. */
    {
        u128 n = 1, d = 1;
        size_t i;
        for (i = 0; i < nn; i++)
            n *= (u128)(uint64_t)num[i];
        for (i = 0; i < nd; i++)
            d *= (u128)(uint64_t)den[i];
        *exact = n % d == 0;
    }
    return 0;
}

int money_add(int64_t a, int64_t b, int64_t *sum)
{
    return __builtin_add_overflow(a, b, sum) ? -1 : 0;
}

int money_sub(int64_t a, int64_t b, int64_t *diff)
{
    return __builtin_sub_overflow(a, b, diff) ? -1 : 0;
}

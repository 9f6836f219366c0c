/* Unit tests for money: parsing major-unit text into minor units under each
 * currency's ISO 4217 exponent, the exponent table, formatting, the one
 * rounding function (half-up, half-even and down at exact halves), overflow
 * and the checked sums. Expected values are worked out by hand. */
#include "lib/money.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>

#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char more_decimals[] = "more decimals than the currency has";
static const char not_amount[] = "not a decimal amount";

struct parse_case {
    const char *in;
    int exp;
    int64_t want;    /* minor units, when why is NULL */
    const char *why; /* expected reason, or NULL for success */
};

static void check_parse(const struct parse_case *c, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        int64_t got = -4242;
        const char *why = money_parse(c[k].in, c[k].exp, &got);

        if (c[k].why == NULL) {
            if (why != NULL || got != c[k].want)
                fprintf(stderr, "\n  \"%s\" exp %d: got %lld (%s), want %lld\n",
                        c[k].in, c[k].exp, (long long)got, why ? why : "ok",
                        (long long)c[k].want);
            CU_ASSERT_PTR_NULL(why);
            CU_ASSERT_EQUAL(got, c[k].want);
        } else {
            if (why == NULL)
                fprintf(stderr, "\n  \"%s\" exp %d: accepted as %lld\n",
                        c[k].in, c[k].exp, (long long)got);
            ASSERT_STR(why, c[k].why);
            /* A failed parse leaves the output alone. */
            CU_ASSERT_EQUAL(got, -4242);
        }
    }
}

static void money_parse_accepts_plain_amounts(void)
{
    static const struct parse_case cases[] = {
        {"6.00", 2, 600, NULL},
        {"6", 2, 600, NULL},
        {"6.5", 2, 650, NULL},
        {"0.01", 2, 1, NULL},
        {"0", 2, 0, NULL},
        {"-12.30", 2, -1230, NULL},
        {"-0.05", 2, -5, NULL},
        {"007.10", 2, 710, NULL},
        {"2500", 0, 2500, NULL},
        {"1.250", 3, 1250, NULL},
        {"1.25", 3, 1250, NULL},
        {"0.0001", 4, 1, NULL},
        {"9223372036854775807", 0, INT64_MAX, NULL},
        {"92233720368547758.07", 2, INT64_MAX, NULL},
        {"92233720368547758", 2, 9223372036854775800, NULL},
    };

    check_parse(cases, N(cases));
}

static void money_parse_rejects_three_decimals(void)
{
    static const struct parse_case cases[] = {
        {"12.345", 2, 0, more_decimals},
        {"0.001", 2, 0, more_decimals},
        {"12.3450", 2, 0, more_decimals},
        /* JPY has no minor unit: not even ".0". */
        {"1.0", 0, 0, more_decimals},
        {"1200.5", 0, 0, more_decimals},
        /* KWD has three. */
        {"1.2500", 3, 0, more_decimals},
    };

    check_parse(cases, N(cases));
}

static void money_parse_rejects_what_is_not_a_decimal(void)
{
    static const struct parse_case cases[] = {
        {"", 2, 0, not_amount},         {"1e3", 2, 0, not_amount},
        {"12.", 2, 0, not_amount},      {".5", 2, 0, not_amount},
        {"1,000", 2, 0, not_amount},    {"1,50", 2, 0, not_amount},
        {"1 000", 2, 0, not_amount},    {" 1", 2, 0, not_amount},
        {"1 ", 2, 0, not_amount},       {"+1", 2, 0, not_amount},
        {"-", 2, 0, not_amount},        {"--1", 2, 0, not_amount},
        {"-.5", 2, 0, not_amount},      {"1.2.3", 2, 0, not_amount},
        {"0x10", 2, 0, not_amount},     {"EUR", 2, 0, not_amount},
        {"6.00 EUR", 2, 0, not_amount}, {"NaN", 2, 0, not_amount},
    };

    check_parse(cases, N(cases));
}

static void money_parse_rejects_amounts_past_64_bits(void)
{
    static const struct parse_case cases[] = {
        {"9223372036854775808", 0, 0, "too large"},
        {"92233720368547758.08", 2, 0, "too large"},
        /* Fits as text but not once scaled to minor units. */
        {"92233720368547759", 2, 0, "too large"},
        {"99999999999999999999999", 2, 0, "too large"},
    };

    check_parse(cases, N(cases));
}

static void money_exponent_follows_iso_4217(void)
{
    static const struct {
        const char *code;
        int want;
    } cases[] = {
        {"JPY", 0},
        {"KRW", 0},
        {"ISK", 0},
        {"CLP", 0},
        {"VND", 0},
        {"KWD", 3},
        {"BHD", 3},
        {"JOD", 3},
        {"OMR", 3},
        {"TND", 3},
        {"CLF", 4},
        {"UYW", 4},
        {"EUR", 2},
        {"USD", 2},
        {"GBP", 2},
        {"CHF", 2},
        {"AED", 2},
        {"ZWL", 2},
        {"SEK", 2},
        {"MXN", 2},
        {"INR", 2},
        {"ZAR", 2},
        /* Not currencies, or not spelled as ISO 4217 codes. */
        {"XXX", -1},
        {"eur", -1},
        {"Eur", -1},
        {"", -1},
        {"EU", -1},
        {"EURO", -1},
        {"E R", -1},
        {"ABC", -1},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int got = money_exponent(cases[k].code);
        if (got != cases[k].want)
            fprintf(stderr, "\n  %s: got %d, want %d\n", cases[k].code, got,
                    cases[k].want);
        CU_ASSERT_EQUAL(got, cases[k].want);
    }
}

static void money_format_writes_major_units(void)
{
    static const struct {
        int64_t minor;
        int exp;
        const char *want;
    } cases[] = {
        {40, 2, "0.40"},
        {600, 2, "6.00"},
        {5, 2, "0.05"},
        {-5, 2, "-0.05"},
        {0, 2, "0.00"},
        {-1230, 2, "-12.30"},
        {1200, 0, "1200"},
        {-7, 0, "-7"},
        {0, 0, "0"},
        {1250, 3, "1.250"},
        {-1250, 3, "-1.250"},
        {1, 3, "0.001"},
        {12345, 4, "1.2345"},
        {INT64_MAX, 2, "92233720368547758.07"},
        {INT64_MIN, 2, "-92233720368547758.08"},
        {INT64_MIN, 0, "-9223372036854775808"},
    };
    size_t k;
    char out[32];

    for (k = 0; k < N(cases); k++) {
        money_format(cases[k].minor, cases[k].exp, out, sizeof out);
        ASSERT_STR(out, cases[k].want);
    }
}

static void money_format_and_parse_round_trip(void)
{
    static const int64_t values[] = {0, 1, -1, 99, 100, 123456, -987654321};
    int exp;
    size_t k;
    char out[32];

    for (exp = 0; exp <= 4; exp++) {
        for (k = 0; k < N(values); k++) {
            int64_t back = 0;
            money_format(values[k], exp, out, sizeof out);
            CU_ASSERT_PTR_NULL(money_parse(out, exp, &back));
            CU_ASSERT_EQUAL(back, values[k]);
        }
    }
}

struct muldiv_case {
    int64_t num[3];
    size_t nn;
    int64_t den[3];
    size_t nd;
    int64_t half_up, half_even, down; /* -1: the call fails */
};

static void check_muldiv(const struct muldiv_case *c, size_t n)
{
    static const enum money_rounding modes[] = {MONEY_HALF_UP, MONEY_HALF_EVEN,
                                                MONEY_DOWN};
    size_t k, m;

    for (k = 0; k < n; k++) {
        const int64_t want[] = {c[k].half_up, c[k].half_even, c[k].down};
        for (m = 0; m < N(modes); m++) {
            int64_t got = -99;
            int rc = money_muldiv(c[k].num, c[k].nn, c[k].den, c[k].nd,
                                  modes[m], &got);
            if (want[m] < 0) {
                CU_ASSERT_EQUAL(rc, -1);
                continue;
            }
            if (rc != 0 || got != want[m])
                fprintf(stderr,
                        "\n  case %zu mode %zu: got %lld (rc %d), "
                        "want %lld\n",
                        k, m, (long long)got, rc, (long long)want[m]);
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(got, want[m]);
        }
    }
}

static void money_muldiv_rounds_exact_halves_by_mode(void)
{
    /* half-up, half-even, down */
    static const struct muldiv_case cases[] = {
        {{5}, 1, {2}, 1, 3, 2, 2},   /* 2.5 */
        {{7}, 1, {2}, 1, 4, 4, 3},   /* 3.5 */
        {{1}, 1, {2}, 1, 1, 0, 0},   /* 0.5 */
        {{3}, 1, {2}, 1, 2, 2, 1},   /* 1.5 */
        {{9}, 1, {2}, 1, 5, 4, 4},   /* 4.5 */
        {{25}, 1, {10}, 1, 3, 2, 2}, /* 2.5 */
        /* 6.00 EUR × 25 % (250000 / 1000000 in CONFIG_SCALE) = 1.50 EUR. */
        {{600, 250000}, 2, {1000000}, 1, 150, 150, 150},
        /* 0.75 EUR × 1 day / 30 = 2.5 cents. */
        {{75, 1}, 2, {30}, 1, 3, 2, 2},
        /* 0.45 EUR × 1 / 30 = 1.5 cents. */
        {{45, 1}, 2, {30}, 1, 2, 2, 1},
    };

    check_muldiv(cases, N(cases));
}

static void money_muldiv_rounds_non_halves_to_nearest(void)
{
    static const struct muldiv_case cases[] = {
        {{1}, 1, {3}, 1, 0, 0, 0},  /* 0.333 */
        {{2}, 1, {3}, 1, 1, 1, 0},  /* 0.667 */
        {{10}, 1, {5}, 1, 2, 2, 2}, /* exact */
        {{0}, 1, {5}, 1, 0, 0, 0},
        {{501}, 1, {1000}, 1, 1, 1, 0}, /* just over a half */
        {{499}, 1, {1000}, 1, 0, 0, 0}, /* just under a half */
        /* 6.00 EUR × 2 days / 30 = 40 cents (SPEC §4 example). */
        {{600, 2}, 2, {30}, 1, 40, 40, 40},
        /* Prorated fee: 6.00 × (15 of 30 days) × 2 days / 30 = 20 cents. */
        {{600, 1296000, 2}, 3, {2592000, 30}, 2, 20, 20, 20},
        /* 30.00 × 10 × 4200 s / 2,592,000 s = 48.61 cents. */
        {{3000, 100000, 4200}, 3, {10000, 2592000}, 2, 49, 49, 48},
        /* No factors at all: 1. */
        {{0}, 0, {0}, 0, 1, 1, 1},
    };

    check_muldiv(cases, N(cases));
}

static void money_muldiv_keeps_128_bit_intermediates(void)
{
    static const struct muldiv_case cases[] = {
        /* INT64_MAX × INT64_MAX / INT64_MAX needs 126 bits on the way. */
        {{INT64_MAX, INT64_MAX},
         2,
         {INT64_MAX},
         1,
         INT64_MAX,
         INT64_MAX,
         INT64_MAX},
        /* (2^62 × 3) / 2 = 3 × 2^61 fits; the product does not. */
        {{(int64_t)1 << 62, 3},
         2,
         {2},
         1,
         (int64_t)3 << 61,
         (int64_t)3 << 61,
         (int64_t)3 << 61},
    };

    check_muldiv(cases, N(cases));
}

static void money_muldiv_fails_on_overflow_and_bad_factors(void)
{
    static const struct muldiv_case cases[] = {
        /* The result does not fit in int64_t. */
        {{INT64_MAX, 2}, 2, {1}, 1, -1, -1, -1},
        /* The numerator product does not fit in 128 bits. */
        {{INT64_MAX, INT64_MAX, INT64_MAX}, 3, {1}, 1, -1, -1, -1},
        /* The denominator product does not fit in 128 bits. */
        {{1}, 1, {INT64_MAX, INT64_MAX, INT64_MAX}, 3, -1, -1, -1},
        /* Negative factors and a zero or negative denominator. */
        {{-5}, 1, {2}, 1, -1, -1, -1},
        {{5}, 1, {0}, 1, -1, -1, -1},
        {{5}, 1, {-2}, 1, -1, -1, -1},
    };

    check_muldiv(cases, N(cases));
}

static void money_muldiv_rounding_up_can_overflow(void)
{
    /* (2^32 - 1)(2^32 + 1) / 2 = (2^64 - 1) / 2 = INT64_MAX + 0.5 exactly.
     * Down gives INT64_MAX; half-up and half-even (INT64_MAX is odd) both
     * go to INT64_MAX + 1, which does not fit. */
    static const struct muldiv_case cases[] = {
        {{4294967295, 4294967297}, 2, {2}, 1, -1, -1, INT64_MAX},
        /* INT64_MAX × 2 / 2 is exact and fits. */
        {{INT64_MAX, 2}, 2, {2}, 1, INT64_MAX, INT64_MAX, INT64_MAX},
    };

    check_muldiv(cases, N(cases));
}

static void money_muldiv_caps_round_down(void)
{
    /* The cap of SPEC §4.7: F × cap_percent / 100, rounded down.
     * 9.99 EUR × 33.33 % = 332.9667 cents: 332, where half-up gives 333. */
    int64_t num[2] = {999, 333300}, den[1] = {1000000}, got = 0;

    CU_ASSERT_EQUAL(money_muldiv(num, 2, den, 1, MONEY_DOWN, &got), 0);
    CU_ASSERT_EQUAL(got, 332);
    CU_ASSERT_EQUAL(money_muldiv(num, 2, den, 1, MONEY_HALF_UP, &got), 0);
    CU_ASSERT_EQUAL(got, 333);
    /* 100 % of the fee is the fee. */
    num[1] = 1000000;
    CU_ASSERT_EQUAL(money_muldiv(num, 2, den, 1, MONEY_DOWN, &got), 0);
    CU_ASSERT_EQUAL(got, 999);
}

static void money_add_and_sub_detect_overflow(void)
{
    int64_t r = 7;

    CU_ASSERT_EQUAL(money_add(1, 2, &r), 0);
    CU_ASSERT_EQUAL(r, 3);
    CU_ASSERT_EQUAL(money_add(-5, 2, &r), 0);
    CU_ASSERT_EQUAL(r, -3);
    CU_ASSERT_EQUAL(money_add(INT64_MAX, 0, &r), 0);
    CU_ASSERT_EQUAL(r, INT64_MAX);
    CU_ASSERT_EQUAL(money_add(INT64_MAX, 1, &r), -1);
    CU_ASSERT_EQUAL(money_add(INT64_MIN, -1, &r), -1);
    CU_ASSERT_EQUAL(money_sub(10, 4, &r), 0);
    CU_ASSERT_EQUAL(r, 6);
    CU_ASSERT_EQUAL(money_sub(4, 10, &r), 0);
    CU_ASSERT_EQUAL(r, -6);
    CU_ASSERT_EQUAL(money_sub(INT64_MIN, 1, &r), -1);
    CU_ASSERT_EQUAL(money_sub(0, INT64_MIN, &r), -1);
    CU_ASSERT_EQUAL(money_sub(INT64_MAX, -1, &r), -1);
}

CU_TestInfo money_tests[] = {
    {"money_parse_accepts_plain_amounts", money_parse_accepts_plain_amounts},
    {"money_parse_rejects_three_decimals", money_parse_rejects_three_decimals},
    {"money_parse_rejects_what_is_not_a_decimal",
     money_parse_rejects_what_is_not_a_decimal},
    {"money_parse_rejects_amounts_past_64_bits",
     money_parse_rejects_amounts_past_64_bits},
    {"money_exponent_follows_iso_4217", money_exponent_follows_iso_4217},
    {"money_format_writes_major_units", money_format_writes_major_units},
    {"money_format_and_parse_round_trip", money_format_and_parse_round_trip},
    {"money_muldiv_rounds_exact_halves_by_mode",
     money_muldiv_rounds_exact_halves_by_mode},
    {"money_muldiv_rounds_non_halves_to_nearest",
     money_muldiv_rounds_non_halves_to_nearest},
    {"money_muldiv_keeps_128_bit_intermediates",
     money_muldiv_keeps_128_bit_intermediates},
    {"money_muldiv_fails_on_overflow_and_bad_factors",
     money_muldiv_fails_on_overflow_and_bad_factors},
    {"money_muldiv_rounding_up_can_overflow",
     money_muldiv_rounding_up_can_overflow},
    {"money_muldiv_caps_round_down", money_muldiv_caps_round_down},
    {"money_add_and_sub_detect_overflow", money_add_and_sub_detect_overflow},
    CU_TEST_INFO_NULL,
};

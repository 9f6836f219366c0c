/* Unit tests for parse: the strict integer parser (whole text, range, the
 * strtonum-style reasons) and the scaled decimal parser used for money and
 * for percentages in the configuration. */
#include "lib/parse.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void parse_i64_accepts_the_whole_range(void)
{
    static const struct {
        const char *in;
        int64_t want;
    } cases[] = {
        {"0", 0},
        {"7", 7},
        {"-1", -1},
        {"-0", 0},
        {"000123", 123},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int64_t got = 42;
        CU_ASSERT_PTR_NULL(parse_i64(cases[k].in, INT64_MIN, INT64_MAX, &got));
        CU_ASSERT_EQUAL(got, cases[k].want);
    }
}

static void parse_i64_names_what_is_wrong(void)
{
    static const struct {
        const char *in;
        int64_t min, max;
        const char *why;
    } cases[] = {
        {"", INT64_MIN, INT64_MAX, "not an integer"},
        {"-", INT64_MIN, INT64_MAX, "not an integer"},
        {"+1", INT64_MIN, INT64_MAX, "not an integer"},
        {" 1", INT64_MIN, INT64_MAX, "not an integer"},
        {"1 ", INT64_MIN, INT64_MAX, "not an integer"},
        {"1a", INT64_MIN, INT64_MAX, "not an integer"},
        {"1.0", INT64_MIN, INT64_MAX, "not an integer"},
        {"1e3", INT64_MIN, INT64_MAX, "not an integer"},
        {"0x10", INT64_MIN, INT64_MAX, "not an integer"},
        {"1,000", INT64_MIN, INT64_MAX, "not an integer"},
        {"--1", INT64_MIN, INT64_MAX, "not an integer"},
        {"9223372036854775808", INT64_MIN, INT64_MAX, "too large"},
        {"99999999999999999999", INT64_MIN, INT64_MAX, "too large"},
        {"-9223372036854775809", INT64_MIN, INT64_MAX, "too small"},
        /* Range checks, as for day_divisor (1..366). */
        {"0", 1, 366, "too small"},
        {"367", 1, 366, "too large"},
        {"-5", 0, 10, "too small"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int64_t got = 42;
        ASSERT_STR(parse_i64(cases[k].in, cases[k].min, cases[k].max, &got),
                   cases[k].why);
        CU_ASSERT_EQUAL(got, 42);
    }
}

static void parse_i64n_reads_only_len_bytes(void)
{
    int64_t got = 0;

    CU_ASSERT_PTR_NULL(parse_i64n("123abc", 3, 0, 1000, &got));
    CU_ASSERT_EQUAL(got, 123);
    CU_ASSERT_PTR_NULL(parse_i64n("-45,67", 3, -100, 100, &got));
    CU_ASSERT_EQUAL(got, -45);
    ASSERT_STR(parse_i64n("123", 0, 0, 1000, &got), "not an integer");
    ASSERT_STR(parse_i64n("1234", 4, 0, 1000, &got), "too large");
}

static void parse_decimal_scales_by_the_fraction_digits(void)
{
    static const struct {
        const char *in;
        int frac;
        int64_t want;
    } cases[] = {
        {"99.9", 3, 99900},  {"99.9", 4, 999000}, {"99.99", 4, 999900},
        {"100", 4, 1000000}, {"0", 4, 0},         {"0.0001", 4, 1},
        {"25", 0, 25},       {"-0.05", 2, -5},    {"12.5", 1, 125},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int64_t got = 42;
        const char *why = parse_decimal(cases[k].in, cases[k].frac, &got);
        if (why != NULL || got != cases[k].want)
            fprintf(stderr, "\n  \"%s\": got %lld (%s)\n", cases[k].in,
                    (long long)got, why ? why : "ok");
        CU_ASSERT_PTR_NULL(why);
        CU_ASSERT_EQUAL(got, cases[k].want);
    }
}

static void parse_decimal_rejects_loose_forms(void)
{
    static const struct {
        const char *in;
        int frac;
        const char *why;
    } cases[] = {
        {"", 4, "not a decimal number"},
        {"12.", 4, "not a decimal number"},
        {".5", 4, "not a decimal number"},
        {"1e3", 4, "not a decimal number"},
        {"1,000", 4, "not a decimal number"},
        {"1,5", 4, "not a decimal number"},
        {"99.9%", 4, "not a decimal number"},
        {"+1", 4, "not a decimal number"},
        {" 1", 4, "not a decimal number"},
        {"1.2.3", 4, "not a decimal number"},
        {"0.00001", 4, "too many decimals"},
        {"1.5", 0, "too many decimals"},
        {"99999999999999999999", 0, "too large"},
        {"922337203685477.5808", 4, "too large"},
    };
    size_t k;

    for (k = 0; k < N(cases); k++) {
        int64_t got = 42;
        ASSERT_STR(parse_decimal(cases[k].in, cases[k].frac, &got),
                   cases[k].why);
        CU_ASSERT_EQUAL(got, 42);
    }
}

CU_TestInfo parse_tests[] = {
    {"parse_i64_accepts_the_whole_range", parse_i64_accepts_the_whole_range},
    {"parse_i64_names_what_is_wrong", parse_i64_names_what_is_wrong},
    {"parse_i64n_reads_only_len_bytes", parse_i64n_reads_only_len_bytes},
    {"parse_decimal_scales_by_the_fraction_digits",
     parse_decimal_scales_by_the_fraction_digits},
    {"parse_decimal_rejects_loose_forms", parse_decimal_rejects_loose_forms},
    CU_TEST_INFO_NULL,
};

/* Unit tests for civil: dates to days and back against dates worked out
 * by hand (2026-01-01 is day 20454, 1970-01-01 a Thursday), a day-by-day
 * walk over eight centuries, month lengths, weekdays and flooring days of
 * negative instants. */
#include "lib/civil.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>

#include "testutil.h"

static void days_from_civil_matches_known_dates(void)
{
    static const struct {
        int64_t y;
        int m, d;
        int64_t days;
    } cases[] = {
        {1970, 1, 1, 0},
        {1969, 12, 31, -1},
        {1970, 3, 1, 59},
        /* 30 years with 7 leap days (1972..1996). */
        {2000, 1, 1, 10957},
        /* 2000 is a leap year (divisible by 400): 10957 + 31 + 28. */
        {2000, 2, 29, 10957 + 59},
        {2000, 3, 1, 10957 + 60},
        /* 130 years with 32 leap days; 2100 is not a leap year, so March 1
         * directly follows February 28. */
        {2100, 1, 1, 47482},
        {2100, 2, 28, 47482 + 58},
        {2100, 3, 1, 47482 + 59},
        /* 1900 is not a leap year either: -25567 + 31 + 28. */
        {1900, 1, 1, -25567},
        {1900, 3, 1, -25508},
        {2026, 1, 1, 20454},
        {2026, 11, 1, 20454 + 304},
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int64_t y;
        int m, d;

        CU_ASSERT_EQUAL(
            civil_days_from_date(cases[k].y, cases[k].m, cases[k].d),
            cases[k].days);
        civil_date_from_days(cases[k].days, &y, &m, &d);
        CU_ASSERT_EQUAL(y, cases[k].y);
        CU_ASSERT_EQUAL(m, cases[k].m);
        CU_ASSERT_EQUAL(d, cases[k].d);
    }
}

static void civil_from_days_steps_one_day_at_a_time(void)
{
    /* Walks 1600-01-01 .. about 2400 day by day: each day must be the
     * calendar successor of the one before, and convert back to itself. */
    int64_t days = -135140, py;
    int pm, pd;

    civil_date_from_days(days - 1, &py, &pm, &pd);
    CU_ASSERT_EQUAL(py, 1599);
    CU_ASSERT_EQUAL(pm, 12);
    CU_ASSERT_EQUAL(pd, 31);
    for (; days < 160000; days++) {
        int64_t y;
        int m, d;
        bool next_day, next_month, next_year;

        civil_date_from_days(days, &y, &m, &d);
        next_day = y == py && m == pm && d == pd + 1;
        next_month = y == py && m == pm + 1 && d == 1;
        next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
        if (!(next_day || next_month || next_year) ||
            civil_days_from_date(y, m, d) != days) {
            CU_FAIL("civil_from_days does not step by one day");
            return;
        }
        if (next_month || next_year) {
            bool leap = py % 4 == 0 && (py % 100 != 0 || py % 400 == 0);
            int want = pm == 2 ? (leap ? 29 : 28)
                       : (pm == 4 || pm == 6 || pm == 9 || pm == 11) ? 30
                                                                     : 31;
            if (pd != want) {
                CU_FAIL("a month has the wrong length");
                return;
            }
        }
        py = y;
        pm = m;
        pd = d;
    }
    CU_PASS("day walk");
}

static void month_days_and_leap_years(void)
{
    CU_ASSERT_EQUAL(civil_month_days(2026, 1), 31);
    CU_ASSERT_EQUAL(civil_month_days(2026, 2), 28);
    CU_ASSERT_EQUAL(civil_month_days(2024, 2), 29);
    CU_ASSERT_EQUAL(civil_month_days(2000, 2), 29); /* divisible by 400 */
    CU_ASSERT_EQUAL(civil_month_days(2100, 2), 28); /* by 100, not 400 */
    CU_ASSERT_EQUAL(civil_month_days(2026, 4), 30);
    CU_ASSERT_EQUAL(civil_month_days(2026, 12), 31);
    CU_ASSERT_TRUE(civil_is_leap(2024));
    CU_ASSERT_FALSE(civil_is_leap(1900));
    CU_ASSERT_TRUE(civil_is_leap(0)); /* 1 BC */
}

static void weekdays_of_known_days(void)
{
    CU_ASSERT_EQUAL(civil_weekday(0), 4);      /* 1970-01-01 Thursday */
    CU_ASSERT_EQUAL(civil_weekday(-1), 3);     /* 1969-12-31 Wednesday */
    CU_ASSERT_EQUAL(civil_weekday(-4), 0);     /* 1969-12-28 Sunday */
    CU_ASSERT_EQUAL(civil_weekday(20454), 4);  /* 2026-01-01 Thursday */
    CU_ASSERT_EQUAL(civil_weekday(20456), 6);  /* 2026-01-03 Saturday */
    CU_ASSERT_EQUAL(civil_weekday(-25567), 1); /* 1900-01-01 Monday */
}

static void day_of_floors_negative_instants(void)
{
    CU_ASSERT_EQUAL(civil_day_of(0), 0);
    CU_ASSERT_EQUAL(civil_day_of(86399), 0);
    CU_ASSERT_EQUAL(civil_day_of(86400), 1);
    CU_ASSERT_EQUAL(civil_day_of(-1), -1);
    CU_ASSERT_EQUAL(civil_day_of(-86400), -1);
    CU_ASSERT_EQUAL(civil_day_of(-86401), -2);
    CU_ASSERT_EQUAL(civil_floor_div(-7, 2), -4);
    CU_ASSERT_EQUAL(civil_floor_div(7, 2), 3);
    CU_ASSERT_EQUAL(civil_floor_div(-6, 2), -3);
}

CU_TestInfo civil_tests[] = {
    {"days_from_civil_matches_known_dates",
     days_from_civil_matches_known_dates},
    {"civil_from_days_steps_one_day_at_a_time",
     civil_from_days_steps_one_day_at_a_time},
    {"month_days_and_leap_years", month_days_and_leap_years},
    {"weekdays_of_known_days", weekdays_of_known_days},
    {"day_of_floors_negative_instants", day_of_floors_negative_instants},
    CU_TEST_INFO_NULL,
};

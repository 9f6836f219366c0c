/* civil: calendar arithmetic (see civil.h). */
#include "lib/civil.h"

int64_t civil_days_from_date(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_date_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t mon = mp < 10 ? mp + 3 : mp - 9;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)mon;
    *y = yoe + era * 400 + (mon <= 2);
}

bool civil_is_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int civil_month_days(int64_t y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};

    if (m == 2 && civil_is_leap(y))
        return 29;
    return dim[m - 1];
}

int civil_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday, weekday 4. */
    return (int)(((days + 4) % 7 + 7) % 7);
}

int64_t civil_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t civil_day_of(int64_t t)
{
    return civil_floor_div(t, CIVIL_SECS_PER_DAY);
}

/* civil: proleptic Gregorian calendar arithmetic on days counted from
 * 1970-01-01 (day 0) and UTC instants in seconds: dates to days and back,
 * leap years, month lengths, weekdays, and the day an instant falls on.
 * Pure integer arithmetic, no time zone, no library time functions; when
 * (parsing, formatting) and tz (zone rules) are both built on it. */
#ifndef SLACREDIT_CIVIL_H
#define SLACREDIT_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

#define CIVIL_SECS_PER_DAY 86400

/* Days since 1970-01-01 of the date y-m-d (m 1-12, d 1-31; year 0 is
 * 1 BC). Howard Hinnant's days_from_civil. */
int64_t civil_days_from_date(int64_t y, int m, int d);
/* Inverse of civil_days_from_date(). */
void civil_date_from_days(int64_t days, int64_t *y, int *m, int *d);

/* True for a Gregorian leap year. */
bool civil_is_leap(int64_t y);
/* Days in month m (1-12) of year y. */
int civil_month_days(int64_t y, int m);
/* The weekday of a day: 0 Sunday .. 6 Saturday. */
int civil_weekday(int64_t days);

/* a / b rounded towards minus infinity (b > 0). */
int64_t civil_floor_div(int64_t a, int64_t b);
/* The day UTC instant t falls on (negative instants included). */
int64_t civil_day_of(int64_t t);

#endif

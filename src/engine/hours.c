/* hours: service hours (see hours.h). */
#include "engine/hours.h"

#include "engine/iv.h"
#include "engine/subscription.h"
#include "lib/civil.h"
#include "lib/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat"};

/* The weekday (0 Sunday) named by the three letters at s, or -1. */
static int day_at(const char *s)
{
    int i;

    for (i = 0; i < 7; i++) {
        if (strncmp(s, day_names[i], 3) == 0)
            return i;
    }
    return -1;
}

/* "HH:MM" at s (00:00..24:00) into seconds; returns the characters read,
 * or 0. */
static int clock_at(const char *s, int32_t *secs)
{
    int h, m;

    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' ||
        s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
        return 0;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return 0;
    *secs = (int32_t)(h * 3600 + m * 60);
    return 5;
}

/* The days part, "Mon-Fri" or "Mon,Wed,Fri" or "Sat-Sun", up to a blank. */
static int parse_days(const char *s, size_t n, unsigned *mask)
{
    size_t i = 0;

    *mask = 0;
    while (i < n) {
        int a, b, d;
        if (n - i < 3 || (a = day_at(s + i)) < 0)
            return -1;
        i += 3;
        b = a;
        if (i < n && s[i] == '-') {
            if (n - i < 4 || (b = day_at(s + i + 1)) < 0)
                return -1;
            i += 4;
        }
        /* A range runs forward through the week: Sat-Sun, Fri-Mon. */
        for (d = a;; d = (d + 1) % 7) {
            *mask |= 1u << d;
            if (d == b)
                break;
        }
        if (i < n) {
            if (s[i] != ',' || i + 1 == n)
                return -1;
            i++;
        }
    }
    return *mask != 0 ? 0 : -1;
}

int hours_parse(struct service_hours *h, const char *v, char *msg, size_t cap)
{
    size_t n = strcspn(v, " \t");
    const char *t = v + n;
    int k;

    while (*t == ' ' || *t == '\t')
        t++;
    if (n == 0 || parse_days(v, n, &h->days) != 0 ||
        (k = clock_at(t, &h->open)) == 0 || t[k] != '-' ||
        clock_at(t + k + 1, &h->close) == 0 || t[k + 6] != '\0')
        return snprintf(msg, cap,
                        "service_hours: want \"Mon-Fri 08:00-18:00\" (days "
                        "Mon..Sun, 24-hour clock): %s",
                        v),
               -1;
    if (h->open >= h->close)
        return snprintf(msg, cap,
                        "service_hours: the hours must end after they start "
                        "on the same day (at most 24:00): %s",
                        v),
               -1;
    if (strlen(v) >= sizeof h->text)
        return snprintf(msg, cap, "service_hours: too long: %s", v), -1;
    snprintf(h->text, sizeof h->text, "%s", v);
    h->set = true;
    return 0;
}

bool hours_is_holiday(const struct service_hours *h, int64_t day)
{
    size_t lo = 0, hi = h->nholidays;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->holidays[mid] == day)
            return true;
        if (h->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

const struct tz *hours_zone(const struct service_hours *h, const struct sub *s)
{
    return s != NULL && sub_tz(s) != NULL ? sub_tz(s) : h->tz;
}

void hours_service(const struct service_hours *h, const struct tz *z,
                   int64_t from, int64_t to, struct ivset *out)
{
    int64_t day, last;

    ivset_clear(out);
    if (to <= from)
        return;
    /* Local days that can touch [from, to): offsets stay within a day. */
    day = civil_day_of(from) - 1;
    last = civil_day_of(to) + 1;
    for (; day <= last; day++) {
        int64_t local = day * CIVIL_SECS_PER_DAY, a, b;
        if ((h->days & (1u << civil_weekday(day))) == 0 ||
            hours_is_holiday(h, day))
            continue;
        a = tz_local_to_utc(z, local + h->open);
        b = tz_local_to_utc(z, local + h->close);
        if (a < from)
            a = from;
        if (b > to)
            b = to;
        if (a < b)
            ivset_add(out, a, b);
    }
    ivset_normalize(out);
}

void hours_free(struct service_hours *h)
{
    free(h->zone);
    tz_free(h->tz);
    free(h->holidays_path);
    free(h->holidays);
    memset(h, 0, sizeof *h);
}

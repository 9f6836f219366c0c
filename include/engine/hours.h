/* hours: service hours (issue 13 item 3). A policy may count downtime only
 * inside service hours, such as Monday to Friday 08:00-18:00 in an IANA
 * time zone, less the days of a holidays file; the active window is then
 * its service-hours part. This module parses the schedule
 * ("Mon-Fri 08:00-18:00") and turns it into the UTC intervals of service
 * time inside a window, day by day in local time, so that a day whose
 * clocks change has its exact length. Pure: the zone and the holidays are
 * read by the config reader (read/holidays.h). */
#ifndef SLACREDIT_HOURS_H
#define SLACREDIT_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ivset;
struct tz;

struct service_hours {
    bool set;      /* service_hours was given */
    unsigned days; /* weekdays in service: bit 0 Sunday .. bit 6 Saturday */
    int32_t open;  /* local seconds after midnight, 0..86399 */
    int32_t close; /* local seconds after midnight, open+60..86400 */
    char text[64]; /* the schedule as given, for explain */
    char *zone;    /* service_time_zone; NULL when not given */
    struct tz *tz; /* zone opened by the config reader; owned */
    char *holidays_path; /* holidays = path (resolved); NULL when none */
    long holidays_line;  /* config line of the holidays key */
    int64_t *holidays;   /* days since 1970-01-01, ascending, distinct */
    size_t nholidays;
};

/* Parses "DAY[-DAY][,DAY[-DAY]...] HH:MM-HH:MM" (days Mon..Sun; close may
 * be 24:00 and must be after open) into h's days, open, close and text.
 * Returns 0, or -1 with "service_hours: reason: value" in msg. */
int hours_parse(struct service_hours *h, const char *v, char *msg, size_t cap);

/* True when day (days since 1970-01-01) is in the holidays list. */
bool hours_is_holiday(const struct service_hours *h, int64_t day);

/* The service time of h inside [from, to) (epoch s, UTC) into out (normal,
 * replaced): each local day whose weekday is in h->days and that is not a
 * holiday contributes [open, close) local time, converted with h->tz. h
 * must be set and its tz open. */
void hours_service(const struct service_hours *h, int64_t from, int64_t to,
                   struct ivset *out);

/* Frees what h owns and empties it. */
void hours_free(struct service_hours *h);

#endif

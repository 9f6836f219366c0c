/* hours: service hours (issue 13 item 3). A policy may count downtime only
 * inside service hours, such as Monday to Friday 08:00-18:00 in an IANA
 * time zone, less the days of a holidays file; the active window is then
 * its service-hours part. This module parses the schedule
 * ("Mon-Fri 08:00-18:00") and turns it into the UTC intervals of service
 * time inside a window, day by day in local time, so that a day whose
 * clocks change has its exact length. The zone is the subscription's own
 * (the roster's time_zone column) when its row gives one, else the
 * policy's service_time_zone. Pure: the zones are opened by the config
 * and roster readers, the holidays read by read/holidays.h. */
#ifndef SLACREDIT_HOURS_H
#define SLACREDIT_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ivset;
struct sub;
struct tz;

struct service_hours {
    bool set;      /* service_hours was given */
    unsigned days; /* weekdays in service: bit 0 Sunday .. bit 6 Saturday */
    int32_t open;  /* local seconds after midnight, 0..86399 */
    int32_t close; /* local seconds after midnight, open+60..86400 */
    char text[64]; /* the schedule as given, for explain */
    char *zone;    /* service_time_zone; NULL when not given (then every
                      row under the policy gives its own time_zone) */
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

/* The zone the service hours h are read in for subscription s: s's own
 * time_zone when its roster row gives one, else h's service_time_zone
 * (h->tz); NULL when neither is set. Borrowed. */
const struct tz *hours_zone(const struct service_hours *h, const struct sub *s);

/* The service time of h inside [from, to) (epoch s, UTC) into out (normal,
 * replaced): each local day of zone z whose weekday is in h->days and that
 * is not a holiday contributes [open, close) local time, converted with z
 * (hours_zone() picks it). h must be set and z not NULL. */
void hours_service(const struct service_hours *h, const struct tz *z,
                   int64_t from, int64_t to, struct ivset *out);

/* Frees what h owns and empties it. */
void hours_free(struct service_hours *h);

#endif

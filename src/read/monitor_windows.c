/* monitor_windows: format = windows (SPEC §3). One row per outage: its
 * start and its end or duration, optionally filtered by a status. */
#include "read/monitor.h"

#include "lib/keys.h"
#include "lib/when.h"

#include <stddef.h>
#include <stdio.h>

static void store_duration_unit(void *obj, int i)
{
    static const int64_t unit_secs[] = {1, 60, 3600};

    ((struct monsrc *)obj)->duration_unit = unit_secs[i];
}

static const char *const unit_names[] = {"s", "m", "h", NULL};

static const struct keys_spec windows_keys[] = {
    {.name = "start_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, start_column)},
    {.name = "end_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, end_column)},
    {.name = "duration_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, duration_column)},
    {.name = "duration_unit",
     .type = KEYS_CHOICE,
     .choices = unit_names,
     .choice_list = "s, m, h",
     .store = store_duration_unit},
    {.name = NULL},
};

static int windows_validate(const struct monsrc *m, char *msg, size_t cap)
{
    if (m->start_column == NULL)
        return snprintf(msg, cap, "start_column is required"), -1;
    if (m->end_column == NULL && m->duration_column == NULL)
        return snprintf(msg, cap, "end_column or duration_column is required"),
               -1;
    if (m->end_column != NULL && m->duration_column != NULL)
        return snprintf(msg, cap,
                        "give end_column or duration_column, not both"),
               -1;
    if ((m->status_column == NULL) != (m->down == NULL))
        return snprintf(msg, cap, "status_column and down_pattern go together"),
               -1;
    if (m->interval != 0)
        return snprintf(msg, cap, "interval is for samples only"), -1;
    return 0;
}

static const char *windows_column(const struct monsrc *m, enum monitor_role r)
{
    switch (r) {
    case MONITOR_TIME:
        return m->start_column;
    case MONITOR_END:
        return m->end_column;
    case MONITOR_DURATION:
        return m->duration_column;
    case MONITOR_RESOURCE:
    case MONITOR_STATUS:
    case MONITOR_LOCATION:
    case MONITOR_REQUESTS:
    case MONITOR_ERRORS:
    case MONITOR_ROLE_COUNT:
        break;
    }
    return NULL;
}

/* The end column's time, or the start plus the duration column. */
static const char *windows_row_end(const struct monsrc *m,
                                   const struct monitor_row *row, int64_t start,
                                   int64_t *end, enum monitor_role *bad)
{
    const struct csvrec *rec = row->rec;
    long at;
    const char *why;
    int64_t len;

    if (row->col[MONITOR_END] >= 0) {
        int64_t later;

        at = row->col[MONITOR_END];
        *bad = MONITOR_END;
        why = when_fmt_parse_both(row->fmt, rec->f[at], rec->len[at], end,
                                  &later);
        if (why != NULL)
            return why;
        /* An end in a local hour the zone repeats (clocks going back) is
         * read as its earlier instant; when that is before the start, the
         * outage crossed the change and ended in the second pass. */
        if (*end < start && later >= start)
            *end = later;
        return *end < start ? "before the start" : NULL;
    }
    at = row->col[MONITOR_DURATION];
    *bad = MONITOR_DURATION;
    why = monitor_parse_length(rec->f[at], m->duration_unit, &len);
    if (why != NULL)
        return why;
    if (__builtin_add_overflow(start, len, end))
        return "out of range from the start";
    return NULL;
}

/* Without its row in monitor_formats.def, MONITOR_WINDOWS does not exist. */
_Static_assert(MONITOR_WINDOWS < MONITOR_FORMAT_COUNT,
               "monitor_windows needs its row");

const struct monitor_format_ops monitor_windows = {
    .name = "windows",
    .keys = windows_keys,
    .validate = windows_validate,
    .column = windows_column,
    .row_end = windows_row_end,
    .keeps_samples = false,
};

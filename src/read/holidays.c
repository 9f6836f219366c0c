/* holidays: a policy's service-hours zone and holidays file (see
 * holidays.h). */
#include "read/holidays.h"

#include "engine/hours.h"
#include "lib/civil.h"
#include "lib/infile.h"
#include "lib/tz.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Zones are resolved from 1970 to 2100: every month a run can name. */
#define HOLIDAYS_TZ_FROM 0
#define HOLIDAYS_TZ_TO   INT64_C(4102444800)

static bool digits(const char *s, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

/* "YYYY-MM-DD" at the start of s, followed by the end or a blank. */
static bool parse_date(const char *s, int64_t *day)
{
    int64_t y;
    int m, d;

    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || (s[10] != '\0' && s[10] != ' ' && s[10] != '\t'))
        return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > civil_month_days(y, m))
        return false;
    *day = civil_days_from_date(y, m, d);
    return true;
}

static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

static int read_file(struct service_hours *h, struct err *e)
{
    FILE *f = infile_open(h->holidays_path, e);
    char line[512];
    long lineno = 0;
    size_t i;

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        size_t n = strcspn(line, "\r\n");
        const char *s = line;
        int64_t day;
        lineno++;
        if (line[n] == '\0' && !feof(f)) {
            err_set(e, RC_CONFIG, h->holidays_path, lineno,
                    "line too long (at most %zu bytes)", sizeof line - 2);
            fclose(f);
            return -1;
        }
        line[n] = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        if (!parse_date(s, &day)) {
            err_set(e, RC_CONFIG, h->holidays_path, lineno,
                    "not a date (want YYYY-MM-DD): %.64s", s);
            fclose(f);
            return -1;
        }
        for (i = 0; i < h->nholidays; i++) {
            if (h->holidays[i] == day) {
                err_set(e, RC_CONFIG, h->holidays_path, lineno,
                        "date given twice: %.10s", s);
                fclose(f);
                return -1;
            }
        }
        h->holidays =
            xreallocarray(h->holidays, h->nholidays + 1, sizeof *h->holidays);
        h->holidays[h->nholidays++] = day;
    }
    if (ferror(f)) {
        err_set(e, RC_IOERR, h->holidays_path, 0, "read error");
        fclose(f);
        return -1;
    }
    fclose(f);
    if (h->nholidays > 1)
        qsort(h->holidays, h->nholidays, sizeof *h->holidays, cmp_day);
    return 0;
}

int holidays_load(struct service_hours *h, struct err *e)
{
    if (h->zone != NULL && h->tz == NULL) {
        h->tz = tz_open(h->zone, HOLIDAYS_TZ_FROM, HOLIDAYS_TZ_TO, NULL, e);
        if (h->tz == NULL) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            err_set(e, e->rc, NULL, 0, "service_time_zone: %.480s", msg);
            return -1;
        }
    }
    if (h->holidays_path != NULL && h->holidays == NULL)
        return read_file(h, e);
    return 0;
}

/* when: strict parsing and formatting of instants, months and durations (see
 * when.h). An instant is int64_t seconds since 1970-01-01T00:00:00Z; the
 * calendar arithmetic is civil's. The per-row parsers (when_parse_iso,
 * when_fmt_parse) scan digits by hand, never allocate and read no global
 * state; a missing UTC offset is resolved with a table lookup in tz. */
#include "lib/when.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/civil.h"
#include "lib/tz.h"
#include "lib/xalloc.h"

#define SECS_PER_DAY CIVIL_SECS_PER_DAY

/* Reasons returned by the parsers; static, so callers may keep them. */
static const char not_iso[] = "not an ISO 8601 instant";
static const char no_match[] = "does not match the time format";
static const char not_epoch[] = "not an epoch timestamp";
static const char epoch_range[] = "epoch timestamp out of range";
const char WHEN_EPOCH_YEARS[] =
    "epoch seconds outside the years 0000 to 9999 (milliseconds?)";
static const char offset_range[] = "UTC offset out of range";

/* A date and wall-clock time as read from text, before any UTC offset. */
struct wall_time {
    int64_t year; /* proleptic Gregorian, 0 is 1 BC */
    int mon;      /* 1-12 */
    int day;      /* 1-31 */
    int hour;     /* 0-23 */
    int min;      /* 0-59 */
    int sec;      /* 0-59 */
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The value of the two decimal digits at p, which the caller has checked. */
static int two_digits(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Returns NULL when c is a valid date and time, or the reason it is not. */
static const char *civil_check(const struct wall_time *c)
{
    if (c->mon < 1 || c->mon > 12)
        return "month out of range";
    if (c->day < 1 || c->day > civil_month_days(c->year, c->mon))
        return "day out of range";
    if (c->hour > 23)
        return "hour out of range";
    if (c->min > 59)
        return "minute out of range";
    /* Leap seconds are not supported: ":60" is rejected rather than folded
     * silently into a neighbouring second. */
    if (c->sec > 59)
        return "second out of range";
    return NULL;
}

/* The local wall-clock seconds of a checked c, counted as if it were UTC. */
static int64_t civil_seconds(const struct wall_time *c)
{
    return civil_days_from_date(c->year, c->mon, c->day) * SECS_PER_DAY +
           c->hour * 3600 + c->min * 60 + c->sec;
}

/* Reads a UTC offset at s[*i]: "Z", "z", or a sign and "HH", "HHMM" or
 * "HH:MM". Returns 0 and advances *i, -1 when the text is not an offset, or
 * -2 when hours or minutes are out of range (23:59 at most). */
static int scan_offset(const char *s, size_t len, size_t *i, int32_t *off)
{
    size_t p = *i;
    int sign, h, m = 0;

    if (p >= len)
        return -1;
    if (s[p] == 'Z' || s[p] == 'z') {
        *off = 0;
        *i = p + 1;
        return 0;
    }
    if (s[p] != '+' && s[p] != '-')
        return -1;
    sign = s[p] == '-' ? -1 : 1;
    p++;
    if (len - p < 2 || !is_digit(s[p]) || !is_digit(s[p + 1]))
        return -1;
    h = two_digits(s + p);
    p += 2;
    if (len - p >= 3 && s[p] == ':' && is_digit(s[p + 1]) &&
        is_digit(s[p + 2])) {
        m = two_digits(s + p + 1);
        p += 3;
    } else if (len - p >= 2 && is_digit(s[p]) && is_digit(s[p + 1])) {
        m = two_digits(s + p);
        p += 2;
    }
    if (h > 23 || m > 59)
        return -2;
    *off = sign * (h * 3600 + m * 60);
    *i = p;
    return 0;
}

/* The value of the two decimal digits at p, or -1 when they are not both
 * digits. */
static int two_digits_or_neg(const char *p)
{
    unsigned a = (unsigned)(unsigned char)p[0] - '0';
    unsigned b = (unsigned)(unsigned char)p[1] - '0';

    return a > 9 || b > 9 ? -1 : (int)(a * 10 + b);
}

/* Scans "YYYY-MM-DD{T|t| }HH:MM:SS[.f...][offset]", exactly len bytes, into
 * c and, when present, *off. Returns NULL or a reason. This runs once per
 * input row, so the fixed 19-byte prefix is checked without a loop. */
static const char *iso_scan(const char *s, size_t len, struct wall_time *c,
                            bool *has_off, int32_t *off)
{
    int yh, yl;
    size_t i = 19;
    int rc;

    if (len < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' ||
        s[16] != ':' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't'))
        return not_iso;
    yh = two_digits_or_neg(s);
    yl = two_digits_or_neg(s + 2);
    c->mon = two_digits_or_neg(s + 5);
    c->day = two_digits_or_neg(s + 8);
    c->hour = two_digits_or_neg(s + 11);
    c->min = two_digits_or_neg(s + 14);
    c->sec = two_digits_or_neg(s + 17);
    if ((yh | yl | c->mon | c->day | c->hour | c->min | c->sec) < 0)
        return not_iso;
    c->year = yh * 100 + yl;
    if (i < len && s[i] == '.') {
        size_t start = ++i;

        /* The fraction is dropped, which floors the instant: .999 never
         * rounds up into the next second. */
        while (i < len && is_digit(s[i]))
            i++;
        if (i == start)
            return not_iso;
    }
    *has_off = i < len;
    if (*has_off) {
        rc = scan_offset(s, len, &i, off);
        if (rc == -2)
            return offset_range;
        if (rc < 0 || i != len)
            return not_iso;
    }
    return civil_check(c);
}

/* Converts local wall-clock seconds to UTC in zone (NULL: UTC). */
static int64_t local_to_utc(const struct tz *zone, int64_t local)
{
    return zone != NULL ? tz_local_to_utc(zone, local) : local;
}

/* The later instant of an ambiguous local time in zone (NULL: UTC). */
static int64_t local_to_utc_later(const struct tz *zone, int64_t local)
{
    return zone != NULL ? tz_local_to_utc_later(zone, local) : local;
}

const char *when_parse_iso(const char *s, size_t len, const struct tz *zone,
                           int64_t *t)
{
    struct wall_time c;
    bool has_off;
    int32_t off = 0;
    const char *why;

    why = iso_scan(s, len, &c, &has_off, &off);
    if (why != NULL)
        return why;
    if (has_off)
        *t = civil_seconds(&c) - off;
    else if (zone == NULL)
        return "no UTC offset";
    else
        *t = tz_local_to_utc(zone, civil_seconds(&c));
    return NULL;
}

int when_parse_month(const char *s, int64_t *start, int64_t *end, struct err *e)
{
    int64_t y;
    int m;

    if (strlen(s) != 7 || !is_digit(s[0]) || !is_digit(s[1]) ||
        !is_digit(s[2]) || !is_digit(s[3]) || s[4] != '-' || !is_digit(s[5]) ||
        !is_digit(s[6]))
        goto bad;
    y = two_digits(s) * 100 + two_digits(s + 2);
    m = two_digits(s + 5);
    if (m < 1 || m > 12)
        goto bad;
    *start = civil_days_from_date(y, m, 1) * SECS_PER_DAY;
    if (m == 12)
        *end = civil_days_from_date(y + 1, 1, 1) * SECS_PER_DAY;
    else
        *end = civil_days_from_date(y, m + 1, 1) * SECS_PER_DAY;
    return 0;
bad:
    err_set(e, RC_USAGE, NULL, 0, "invalid month \"%.40s\": expected YYYY-MM",
            s);
    return -1;
}

const char *when_parse_duration(const char *s, int64_t *secs)
{
    static const char bad[] = "not a duration";
    static const char big[] = "duration too large";
    int64_t n = 0, unit;
    size_t i, ndig;

    for (ndig = 0; is_digit(s[ndig]); ndig++)
        ;
    if (ndig == 0)
        return bad;
    switch (s[ndig]) {
    case '\0':
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = SECS_PER_DAY;
        break;
    default:
        return bad;
    }
    if (s[ndig] != '\0' && s[ndig + 1] != '\0')
        return bad;
    for (i = 0; i < ndig; i++) {
        if (__builtin_mul_overflow(n, 10, &n) ||
            __builtin_add_overflow(n, s[i] - '0', &n))
            return big;
    }
    if (__builtin_mul_overflow(n, unit, &n))
        return big;
    *secs = n;
    return NULL;
}

void when_format(int64_t t, char *out, size_t cap)
{
    int64_t days = t / SECS_PER_DAY, y;
    int64_t rem = t % SECS_PER_DAY;
    int m, d, sod;

    if (rem < 0) {
        rem += SECS_PER_DAY;
        days--;
    }
    sod = (int)rem;
    civil_date_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             sod / 3600, sod / 60 % 60, sod % 60);
}

/* Reads an optional '-' and decimal digits at s[*i] into *v, then, when
 * frac is true, an optional '.' and digits that are dropped by flooring (so
 * "-1.5" is -2, the second that contains the instant). Returns NULL and
 * advances *i, or a reason. */
static const char *scan_epoch(const char *s, size_t len, size_t *i, bool frac,
                              int64_t *v)
{
    size_t p = *i, start;
    bool neg = false, frac_nonzero = false;
    uint64_t mag = 0, limit;

    if (p < len && s[p] == '-') {
        neg = true;
        p++;
    }
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    start = p;
    for (; p < len && is_digit(s[p]); p++) {
        unsigned dig = (unsigned)(s[p] - '0');

        if (mag > (limit - dig) / 10)
            return epoch_range;
        mag = mag * 10 + dig;
    }
    if (p == start)
        return not_epoch;
    if (frac && p < len && s[p] == '.') {
        start = ++p;
        for (; p < len && is_digit(s[p]); p++)
            frac_nonzero = frac_nonzero || s[p] != '0';
        if (p == start)
            return not_epoch;
    }
    if (!neg) {
        *v = (int64_t)mag;
    } else if (mag == (uint64_t)INT64_MAX + 1) {
        if (frac_nonzero)
            return epoch_range;
        *v = INT64_MIN;
    } else {
        *v = -(int64_t)mag - (frac_nonzero ? 1 : 0);
    }
    if (*v < WHEN_MIN || *v > WHEN_MAX)
        return WHEN_EPOCH_YEARS;
    *i = p;
    return NULL;
}

/* The kinds of a configured timestamp format. */
enum fmt_kind {
    FMT_ISO,     /* "iso8601" */
    FMT_EPOCH,   /* "epoch" */
    FMT_PATTERN, /* strptime-style pattern, compiled into ops */
};

/* One step of a compiled pattern. */
enum fmt_opcode {
    OP_LIT,     /* the byte lit */
    OP_SPACES,  /* one or more spaces */
    OP_YEAR,    /* %Y: four digits */
    OP_YEAR2,   /* %y: two digits, 69-99 are 19xx, 00-68 are 20xx */
    OP_MON,     /* %m */
    OP_MONNAME, /* %b %B: English month name or abbreviation, any case */
    OP_DAY,     /* %d */
    OP_DAY_E,   /* %e: like %d after an optional space */
    OP_HOUR,    /* %H */
    OP_HOUR12,  /* %I */
    OP_AMPM,    /* %p */
    OP_MIN,     /* %M */
    OP_SEC,     /* %S */
    OP_FRAC,    /* %f: 1 to 9 digits of a fraction of a second, dropped */
    OP_OFFSET,  /* %z */
    OP_EPOCH,   /* %s */
};

struct fmt_op {
    enum fmt_opcode code;
    char lit; /* the byte to match, for OP_LIT */
};

struct when_fmt {
    enum fmt_kind kind;
    const struct tz *zone; /* borrowed; NULL reads local times as UTC */
    struct fmt_op *ops;    /* owned; the compiled pattern */
    size_t nops;           /* entries in ops */
};

static void fmt_push(struct when_fmt *f, size_t *cap, enum fmt_opcode code,
                     char lit)
{
    if (code == OP_SPACES && f->nops > 0 &&
        f->ops[f->nops - 1].code == OP_SPACES)
        return;
    if (f->nops == *cap) {
        *cap = *cap != 0 ? *cap * 2 : 16;
        f->ops = xreallocarray(f->ops, *cap, sizeof *f->ops);
    }
    f->ops[f->nops].code = code;
    f->ops[f->nops].lit = lit;
    f->nops++;
}

/* Compiles the pattern spec into f->ops. Returns 0, or -1 with e set. */
static int fmt_compile(struct when_fmt *f, const char *spec, struct err *e)
{
    size_t cap = 0;
    bool year = false, mon = false, day = false, epoch = false;
    const char *p;

    for (p = spec; *p != '\0'; p++) {
        if (*p != '%') {
            fmt_push(f, &cap, *p == ' ' ? OP_SPACES : OP_LIT, *p);
            continue;
        }
        switch (*++p) {
        case 'Y':
            fmt_push(f, &cap, OP_YEAR, 0);
            year = true;
            break;
        case 'y':
            fmt_push(f, &cap, OP_YEAR2, 0);
            year = true;
            break;
        case 'm':
            fmt_push(f, &cap, OP_MON, 0);
            mon = true;
            break;
        case 'b':
        case 'B':
            fmt_push(f, &cap, OP_MONNAME, 0);
            mon = true;
            break;
        case 'd':
            fmt_push(f, &cap, OP_DAY, 0);
            day = true;
            break;
        case 'e':
            fmt_push(f, &cap, OP_DAY_E, 0);
            day = true;
            break;
        case 'H':
            fmt_push(f, &cap, OP_HOUR, 0);
            break;
        case 'I':
            fmt_push(f, &cap, OP_HOUR12, 0);
            break;
        case 'p':
            fmt_push(f, &cap, OP_AMPM, 0);
            break;
        case 'M':
            fmt_push(f, &cap, OP_MIN, 0);
            break;
        case 'S':
            fmt_push(f, &cap, OP_SEC, 0);
            break;
        case 'f':
            fmt_push(f, &cap, OP_FRAC, 0);
            break;
        case 'z':
            fmt_push(f, &cap, OP_OFFSET, 0);
            break;
        case 's':
            fmt_push(f, &cap, OP_EPOCH, 0);
            epoch = true;
            break;
        case 'T':
            fmt_push(f, &cap, OP_HOUR, 0);
            fmt_push(f, &cap, OP_LIT, ':');
            fmt_push(f, &cap, OP_MIN, 0);
            fmt_push(f, &cap, OP_LIT, ':');
            fmt_push(f, &cap, OP_SEC, 0);
            break;
        case 'F':
            fmt_push(f, &cap, OP_YEAR, 0);
            fmt_push(f, &cap, OP_LIT, '-');
            fmt_push(f, &cap, OP_MON, 0);
            fmt_push(f, &cap, OP_LIT, '-');
            fmt_push(f, &cap, OP_DAY, 0);
            year = mon = day = true;
            break;
        case '%':
            fmt_push(f, &cap, OP_LIT, '%');
            break;
        case '\0':
            err_set(e, RC_CONFIG, NULL, 0,
                    "time format \"%.100s\": ends with a lone %%", spec);
            return -1;
        default:
            err_set(e, RC_CONFIG, NULL, 0,
                    "time format \"%.100s\": unknown directive %%%c", spec, *p);
            return -1;
        }
    }
    if (!epoch && !(year && mon && day)) {
        err_set(e, RC_CONFIG, NULL, 0,
                "time format \"%.100s\": needs a year, a month and a day, "
                "or %%s",
                spec);
        return -1;
    }
    return 0;
}

struct when_fmt *when_fmt_new(const char *spec, const struct tz *zone,
                              struct err *e)
{
    struct when_fmt *f = xcalloc(1, sizeof *f);

    f->zone = zone;
    if (strcmp(spec, "iso8601") == 0) {
        f->kind = FMT_ISO;
    } else if (strcmp(spec, "epoch") == 0) {
        f->kind = FMT_EPOCH;
    } else {
        f->kind = FMT_PATTERN;
        if (fmt_compile(f, spec, e) < 0) {
            when_fmt_free(f);
            return NULL;
        }
    }
    return f;
}

void when_fmt_free(struct when_fmt *f)
{
    if (f == NULL)
        return;
    free(f->ops);
    free(f);
}

/* Reads 1 to maxw digits at s[*i] into *v. Returns false when there is none. */
static bool scan_num(const char *s, size_t len, size_t *i, int maxw, int *v)
{
    size_t p = *i, end = len - *i > (size_t)maxw ? *i + (size_t)maxw : len;
    int n = 0;

    while (p < end && is_digit(s[p])) {
        n = n * 10 + (s[p] - '0');
        p++;
    }
    if (p == *i)
        return false;
    *v = n;
    *i = p;
    return true;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when the n bytes at s equal the lower-case name, ignoring case. */
static bool match_lower(const char *s, const char *name, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (ascii_lower(s[k]) != name[k])
            return false;
    return true;
}

/* Reads an English month name or its three-letter abbreviation, in any case,
 * at s[*i]. Returns the month 1-12 and advances *i, or 0. */
static int scan_month_name(const char *s, size_t len, size_t *i)
{
    static const char *const names[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december",
    };
    size_t left = len - *i, n;
    int m;

    if (left < 3)
        return 0;
    for (m = 0; m < 12; m++) {
        if (!match_lower(s + *i, names[m], 3))
            continue;
        n = strlen(names[m]);
        *i += left >= n && match_lower(s + *i, names[m], n) ? n : 3;
        return m + 1;
    }
    return 0;
}

/* Matches a compiled pattern against the len bytes at s. */
/* What a pattern has read so far from one timestamp. */
struct pattern_scan {
    struct wall_time c;
    int hour12;     /* %I, 1-12, or -1 */
    bool pm;        /* %p read "PM" */
    bool has_off;   /* %z read an offset: off */
    bool has_epoch; /* %s read the instant: epoch */
    int32_t off;
    int64_t epoch;
};

/* Reads the date field of op at s[*i] into p. */
static const char *scan_date_op(enum fmt_opcode code, const char *s, size_t len,
                                size_t *i, struct pattern_scan *p)
{
    size_t start = *i;
    int v;

    switch (code) {
    case OP_YEAR:
        if (!scan_num(s, len, i, 4, &v) || *i - start != 4)
            return no_match;
        p->c.year = v;
        return NULL;
    case OP_YEAR2:
        if (!scan_num(s, len, i, 2, &v))
            return no_match;
        p->c.year = v >= 69 ? 1900 + v : 2000 + v;
        return NULL;
    case OP_MON:
        return scan_num(s, len, i, 2, &p->c.mon) ? NULL : no_match;
    case OP_MONNAME:
        p->c.mon = scan_month_name(s, len, i);
        return p->c.mon == 0 ? no_match : NULL;
    case OP_DAY_E:
        if (*i < len && s[*i] == ' ')
            (*i)++;
        return scan_num(s, len, i, 2, &p->c.day) ? NULL : no_match;
    case OP_DAY:
        return scan_num(s, len, i, 2, &p->c.day) ? NULL : no_match;
    default:
        return no_match;
    }
}

/* Reads the time-of-day field of op at s[*i] into p. */
static const char *scan_clock_op(enum fmt_opcode code, const char *s,
                                 size_t len, size_t *i, struct pattern_scan *p)
{
    switch (code) {
    case OP_HOUR:
        if (!scan_num(s, len, i, 2, &p->c.hour))
            return no_match;
        p->hour12 = -1;
        return NULL;
    case OP_HOUR12:
        if (!scan_num(s, len, i, 2, &p->hour12))
            return no_match;
        return p->hour12 < 1 || p->hour12 > 12 ? "hour out of range" : NULL;
    case OP_AMPM:
        if (len - *i < 2 || (ascii_lower(s[*i + 1]) != 'm'))
            return no_match;
        if (ascii_lower(s[*i]) == 'p')
            p->pm = true;
        else if (ascii_lower(s[*i]) == 'a')
            p->pm = false;
        else
            return no_match;
        *i += 2;
        return NULL;
    case OP_MIN:
        return scan_num(s, len, i, 2, &p->c.min) ? NULL : no_match;
    case OP_SEC:
        return scan_num(s, len, i, 2, &p->c.sec) ? NULL : no_match;
    default:
        return no_match;
    }
}

/* Reads the field op at s[*i] into p. Returns NULL, or the reason. */
static const char *scan_op(const struct fmt_op *op, const char *s, size_t len,
                           size_t *i, struct pattern_scan *p)
{
    const char *why;
    int rc;

    switch (op->code) {
    case OP_LIT:
        if (*i >= len || s[*i] != op->lit)
            return no_match;
        (*i)++;
        return NULL;
    case OP_SPACES:
        if (*i >= len || s[*i] != ' ')
            return no_match;
        while (*i < len && s[*i] == ' ')
            (*i)++;
        return NULL;
    case OP_YEAR:
    case OP_YEAR2:
    case OP_MON:
    case OP_MONNAME:
    case OP_DAY_E:
    case OP_DAY:
        return scan_date_op(op->code, s, len, i, p);
    case OP_HOUR:
    case OP_HOUR12:
    case OP_AMPM:
    case OP_MIN:
    case OP_SEC:
        return scan_clock_op(op->code, s, len, i, p);
    case OP_FRAC: {
        /* Dropped, flooring the time to its second, as with iso8601. */
        size_t n = 0;
        while (*i + n < len && s[*i + n] >= '0' && s[*i + n] <= '9')
            n++;
        if (n == 0 || n > 9)
            return no_match;
        *i += n;
        return NULL;
    }
    case OP_OFFSET:
        rc = scan_offset(s, len, i, &p->off);
        if (rc == -2)
            return offset_range;
        if (rc < 0)
            return no_match;
        p->has_off = true;
        return NULL;
    case OP_EPOCH:
        why = scan_epoch(s, len, i, false, &p->epoch);
        if (why == epoch_range || why == WHEN_EPOCH_YEARS)
            return why;
        if (why != NULL)
            return no_match;
        p->has_epoch = true;
        return NULL;
    }
    return no_match;
}

static const char *fmt_parse_pattern(const struct when_fmt *f, const char *s,
                                     size_t len, int64_t *t, int64_t *later)
{
    struct pattern_scan p = {
        {1970, 1, 1, 0, 0, 0}, -1, false, false, false, 0, 0};
    size_t i = 0, k;
    const char *why;

    for (k = 0; k < f->nops; k++) {
        why = scan_op(&f->ops[k], s, len, &i, &p);
        if (why != NULL)
            return why;
    }
    if (i != len)
        return no_match;
    if (p.has_epoch) {
        *t = p.epoch;
        return NULL;
    }
    if (p.hour12 >= 0)
        p.c.hour = p.hour12 % 12 + (p.pm ? 12 : 0);
    why = civil_check(&p.c);
    if (why != NULL)
        return why;
    *t = p.has_off ? civil_seconds(&p.c) - p.off
                   : local_to_utc(f->zone, civil_seconds(&p.c));
    *later = p.has_off ? *t : local_to_utc_later(f->zone, civil_seconds(&p.c));
    return NULL;
}

const char *when_fmt_parse(const struct when_fmt *f, const char *s, size_t len,
                           int64_t *t)
{
    int64_t later;

    return when_fmt_parse_both(f, s, len, t, &later);
}

const char *when_fmt_parse_both(const struct when_fmt *f, const char *s,
                                size_t len, int64_t *t, int64_t *later)
{
    struct wall_time c;
    bool has_off;
    int32_t off = 0;
    const char *why;
    size_t i = 0;
    int64_t epoch;

    switch (f->kind) {
    case FMT_ISO:
        why = iso_scan(s, len, &c, &has_off, &off);
        if (why != NULL)
            return why;
        *t = has_off ? civil_seconds(&c) - off
                     : local_to_utc(f->zone, civil_seconds(&c));
        *later = has_off ? *t : local_to_utc_later(f->zone, civil_seconds(&c));
        return NULL;
    case FMT_EPOCH:
        why = scan_epoch(s, len, &i, true, &epoch);
        if (why != NULL)
            return why;
        if (i != len)
            return not_epoch;
        *t = *later = epoch;
        return NULL;
    case FMT_PATTERN:
        break;
    }
    return fmt_parse_pattern(f, s, len, t, later);
}

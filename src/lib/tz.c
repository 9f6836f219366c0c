/* tz: time zones resolved once into a sorted table of UTC offsets (see tz.h).
 * tz_open() reads a fixed offset, or an IANA zone's TZif file (RFC 8536,
 * version 2+ 64-bit data, else version 1) and its POSIX TZ footer, which
 * gives the rule for instants past the file's last transition. The table
 * covers the caller's window plus two days each side; lookups are binary
 * searches over it and touch no global state. */
#include "lib/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/civil.h"
#include "lib/xalloc.h"

#define SECS_PER_DAY CIVIL_SECS_PER_DAY
/* Margin added to each side of the caller's window, in seconds. */
#define WINDOW_PAD (2 * SECS_PER_DAY)
/* The window is clamped to 0000-01-01..10000-01-01 (epoch s, UTC) widened
 * by the margin: the years an ISO 8601 timestamp can name. This bounds the
 * table, and keeps every instant-plus-offset sum far from overflow. */
#define TIME_MIN (-62167219200 - WINDOW_PAD)
#define TIME_MAX (253402300800 + WINDOW_PAD)
/* Largest TZif file read, in bytes; real ones are a few KiB. */
#define TZIF_MAX (1024 * 1024)
/* Bounds on a UTC offset that RFC 8536 allows, in seconds. */
#define OFF_MIN (-89999)
#define OFF_MAX 93599

/* From UTC instant start on, until the next period, the offset is off. */
struct period {
    int64_t start;  /* epoch s, UTC; INT64_MIN for the first period */
    int64_t lstart; /* start as local wall-clock s; nondecreasing */
    int32_t off;    /* s east of UTC */
};

struct tz {
    char *name;       /* owned copy of the name given to tz_open() */
    struct period *p; /* owned; sorted by start, p[0].start is INT64_MIN */
    size_t n;         /* entries in p, at least 1 */
};

/* A change of offset being collected while the table is built. */
struct trans {
    int64_t at;  /* epoch s, UTC */
    int32_t off; /* s east of UTC from at on */
};

struct translist {
    struct trans *v; /* owned */
    size_t n, cap;   /* entries used and allocated */
};

/* The forms of a POSIX TZ rule date. */
enum rdate_kind {
    RD_JULIAN1, /* Jn: day 1-365, February 29 never counted */
    RD_JULIAN0, /* n: day 0-365, February 29 counted */
    RD_MWD,     /* Mm.w.d: day d (0 Sunday) of week w (5 last) of month m */
};

struct rdate {
    enum rdate_kind kind;
    int n, m, w, d; /* as the kind says */
    int32_t time;   /* local s after midnight, -167h..167h; default 2h */
};

/* A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
struct rule {
    int32_t std_off, dst_off; /* s east of UTC (POSIX writes them west) */
    bool has_dst;             /* false: std_off holds all year */
    struct rdate start;       /* DST starts; time is standard time */
    struct rdate end;         /* DST ends; time is daylight time */
};

/* What tz_open() needs from a TZif file. */
struct tzif {
    int64_t *at;       /* owned; transition instants, ascending */
    int32_t *off;      /* owned; offset from each transition on */
    size_t n;          /* transitions */
    int32_t first_off; /* offset before the first transition (type 0) */
    struct rule rule;  /* the footer, for instants past the last transition */
    bool has_rule;     /* false when the footer is empty or absent */
};

static int64_t clamp(int64_t t)
{
    return t < TIME_MIN ? TIME_MIN : t > TIME_MAX ? TIME_MAX : t;
}

/* The proleptic Gregorian year of UTC instant t. */
static int64_t year_of(int64_t t)
{
    int64_t y;
    int m, d;

    civil_date_from_days(civil_day_of(t), &y, &m, &d);
    return y;
}

static void tl_push(struct translist *tl, int64_t at, int32_t off)
{
    if (tl->n == tl->cap) {
        tl->cap = tl->cap != 0 ? tl->cap * 2 : 32;
        tl->v = xreallocarray(tl->v, tl->cap, sizeof *tl->v);
    }
    tl->v[tl->n].at = at;
    tl->v[tl->n].off = off;
    tl->n++;
}

/* Sorts v by instant, keeping the order of equal instants (insertion sort:
 * the lists are short and nearly sorted). */
static void trans_sort(struct trans *v, size_t n)
{
    size_t i, j;
    struct trans x;

    for (i = 1; i < n; i++) {
        x = v[i];
        for (j = i; j > 0 && v[j - 1].at > x.at; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* The day (since 1970-01-01) that r names in year y. */
static int64_t rdate_day(const struct rdate *r, int64_t y)
{
    int64_t first, next, day;
    int wd;

    switch (r->kind) {
    case RD_JULIAN1:
        day = civil_days_from_date(y, 1, 1) + r->n - 1;
        return r->n >= 60 && civil_is_leap(y) ? day + 1 : day;
    case RD_JULIAN0:
        return civil_days_from_date(y, 1, 1) + r->n;
    case RD_MWD:
        break;
    }
    first = civil_days_from_date(y, r->m, 1);
    next = r->m == 12 ? civil_days_from_date(y + 1, 1, 1)
                      : civil_days_from_date(y, r->m + 1, 1);
    wd = civil_weekday(first);
    day = first + (r->d - wd + 7) % 7 + 7 * (r->w - 1);
    while (day >= next)
        day -= 7;
    return day;
}

/* The two changes r makes in year y, in the order start, end. */
static void rule_year(const struct rule *r, int64_t y, struct trans out[2])
{
    out[0].at =
        rdate_day(&r->start, y) * SECS_PER_DAY + r->start.time - r->std_off;
    out[0].off = r->dst_off;
    out[1].at = rdate_day(&r->end, y) * SECS_PER_DAY + r->end.time - r->dst_off;
    out[1].off = r->std_off;
}

/* The offset r gives at UTC instant t. Changes at the same instant resolve
 * to the later year's, so year-round DST ("0/0,J365/25") stays DST. */
static int32_t rule_offset_at(const struct rule *r, int64_t t)
{
    struct trans v[8];
    int64_t y;
    int32_t off = r->std_off;
    size_t k;

    if (!r->has_dst)
        return r->std_off;
    y = year_of(t);
    for (k = 0; k < 4; k++)
        rule_year(r, y - 2 + (int64_t)k, v + 2 * k);
    trans_sort(v, 8);
    for (k = 0; k < 8 && v[k].at <= t; k++)
        off = v[k].off;
    return off;
}

static bool is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads 1-3 digits with a value in [min, max]. Returns the byte after them,
 * or NULL. */
static const char *posix_num(const char *p, const char *end, int min, int max,
                             int *v)
{
    const char *q = p;
    int n = 0;

    while (q < end && q - p < 3 && is_digit(*q))
        n = n * 10 + (*q++ - '0');
    if (q == p || (q < end && is_digit(*q)) || n < min || n > max)
        return NULL;
    *v = n;
    return q;
}

/* Reads a zone abbreviation: three or more letters, or "<...>" holding
 * letters, digits, '+' and '-'. Returns the byte after it, or NULL. */
static const char *posix_name(const char *p, const char *end)
{
    const char *q;

    if (p < end && *p == '<') {
        for (q = p + 1; q < end && *q != '>'; q++)
            if (!is_alpha(*q) && !is_digit(*q) && *q != '+' && *q != '-')
                return NULL;
        return q < end && q - p > 1 ? q + 1 : NULL;
    }
    for (q = p; q < end && is_alpha(*q); q++)
        ;
    return q - p >= 3 ? q : NULL;
}

/* Reads "[+|-]hh[:mm[:ss]]" with hh at most maxh into seconds. Returns the
 * byte after it, or NULL. */
static const char *posix_time(const char *p, const char *end, int maxh,
                              int32_t *secs)
{
    int sign = 1, h, m = 0, s = 0;

    if (p < end && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1 : 1;
    p = posix_num(p, end, 0, maxh, &h);
    if (p != NULL && p < end && *p == ':') {
        p = posix_num(p + 1, end, 0, 59, &m);
        if (p != NULL && p < end && *p == ':')
            p = posix_num(p + 1, end, 0, 59, &s);
    }
    if (p != NULL)
        *secs = sign * (h * 3600 + m * 60 + s);
    return p;
}

/* Reads a rule date "Jn", "n" or "Mm.w.d" and an optional "/time". */
static const char *posix_date(const char *p, const char *end, struct rdate *r)
{
    if (p < end && *p == 'J') {
        r->kind = RD_JULIAN1;
        p = posix_num(p + 1, end, 1, 365, &r->n);
    } else if (p < end && *p == 'M') {
        r->kind = RD_MWD;
        p = posix_num(p + 1, end, 1, 12, &r->m);
        if (p != NULL && p < end && *p == '.')
            p = posix_num(p + 1, end, 1, 5, &r->w);
        else
            p = NULL;
        if (p != NULL && p < end && *p == '.')
            p = posix_num(p + 1, end, 0, 6, &r->d);
        else
            p = NULL;
    } else {
        r->kind = RD_JULIAN0;
        p = posix_num(p, end, 0, 365, &r->n);
    }
    r->time = 2 * 3600;
    if (p != NULL && p < end && *p == '/')
        p = posix_time(p + 1, end, 167, &r->time);
    return p;
}

/* Parses the POSIX TZ string [p, end) into r (RFC 8536 section 3.3, with
 * its extensions: negative and up to 167-hour rule times). Without rule
 * dates a DST zone follows the POSIX default, M3.2.0,M11.1.0. */
static bool posix_parse(const char *p, const char *end, struct rule *r)
{
    int32_t o;

    memset(r, 0, sizeof *r);
    p = posix_name(p, end);
    if (p == NULL || (p = posix_time(p, end, 24, &o)) == NULL)
        return false;
    r->std_off = -o;
    if (p == end)
        return true;
    p = posix_name(p, end);
    if (p == NULL)
        return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (p < end && *p != ',') {
        p = posix_time(p, end, 24, &o);
        if (p == NULL)
            return false;
        r->dst_off = -o;
    }
    if (p == end) {
        r->start = (struct rdate){RD_MWD, 0, 3, 2, 0, 2 * 3600};
        r->end = (struct rdate){RD_MWD, 0, 11, 1, 0, 2 * 3600};
        return true;
    }
    if (*p != ',')
        return false;
    p = posix_date(p + 1, end, &r->start);
    if (p == NULL || p == end || *p != ',')
        return false;
    p = posix_date(p + 1, end, &r->end);
    return p == end;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The counts of a TZif header, in file order. */
struct tzif_hdr {
    unsigned char version; /* 0, '2', '3', '4', ... */
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

/* Reads the 44-byte header at b[pos]. Returns false when there is none. */
static bool tzif_header(const unsigned char *b, size_t len, size_t pos,
                        struct tzif_hdr *h)
{
    if (len < pos || len - pos < 44 || memcmp(b + pos, "TZif", 4) != 0)
        return false;
    h->version = b[pos + 4];
    h->isutcnt = be32(b + pos + 20);
    h->isstdcnt = be32(b + pos + 24);
    h->leapcnt = be32(b + pos + 28);
    h->timecnt = be32(b + pos + 32);
    h->typecnt = be32(b + pos + 36);
    h->charcnt = be32(b + pos + 40);
    return true;
}

/* Bytes of the data block after a header, for tsize-byte times. */
static uint64_t tzif_block(const struct tzif_hdr *h, unsigned tsize)
{
    return (uint64_t)h->timecnt * (tsize + 1) + (uint64_t)h->typecnt * 6 +
           h->charcnt + (uint64_t)h->leapcnt * (tsize + 4) + h->isstdcnt +
           h->isutcnt;
}

/* Parses the TZif file b into z. Returns NULL, or a reason; z's arrays are
 * owned by z either way. */
static const char *tzif_parse(const unsigned char *b, size_t len,
                              struct tzif *z)
{
    struct tzif_hdr h;
    size_t pos = 0, k;
    unsigned tsize = 4;
    const unsigned char *times, *idx, *types, *nl;
    int32_t off;

    if (!tzif_header(b, len, 0, &h))
        return "not a TZif file";
    if (h.version >= '2') {
        if (tzif_block(&h, 4) > len - 44)
            return "truncated TZif file";
        pos = 44 + (size_t)tzif_block(&h, 4);
        if (!tzif_header(b, len, pos, &h))
            return "truncated TZif file";
        tsize = 8;
    }
    pos += 44;
    if (tzif_block(&h, tsize) > len - pos)
        return "truncated TZif file";
    if (h.typecnt == 0)
        return "TZif file without local time types";
    if (h.leapcnt != 0)
        return "leap-second time zones are not supported";
    times = b + pos;
    idx = times + (size_t)h.timecnt * tsize;
    types = idx + h.timecnt;
    for (k = 0; k < h.typecnt; k++) {
        off = (int32_t)be32(types + 6 * k);
        if (off < OFF_MIN || off > OFF_MAX)
            return "UTC offset out of range in TZif file";
    }
    z->first_off = (int32_t)be32(types);
    z->n = h.timecnt;
    z->at = xreallocarray(NULL, z->n, sizeof *z->at);
    z->off = xreallocarray(NULL, z->n, sizeof *z->off);
    for (k = 0; k < z->n; k++) {
        z->at[k] = tsize == 8 ? be64(times + 8 * k)
                              : (int64_t)(int32_t)be32(times + 4 * k);
        if (k > 0 && z->at[k] <= z->at[k - 1])
            return "TZif transitions out of order";
        if (idx[k] >= h.typecnt)
            return "bad local time type in TZif file";
        z->off[k] = (int32_t)be32(types + 6 * (size_t)idx[k]);
    }
    z->has_rule = false;
    if (tsize == 4)
        return NULL;
    pos += (size_t)tzif_block(&h, tsize);
    if (pos >= len || b[pos] != '\n')
        return "TZif file without footer";
    nl = memchr(b + pos + 1, '\n', len - pos - 1);
    if (nl == NULL)
        return "TZif file without footer";
    if (nl == b + pos + 1)
        return NULL;
    if (!posix_parse((const char *)b + pos + 1, (const char *)nl, &z->rule))
        return "bad TZ rule in TZif footer";
    z->has_rule = true;
    return NULL;
}

/* The offset z gives at UTC instant t. */
static int32_t tzif_offset_at(const struct tzif *z, int64_t t)
{
    size_t k;

    if (z->n == 0)
        return z->has_rule ? rule_offset_at(&z->rule, t) : z->first_off;
    if (t < z->at[0])
        return z->first_off;
    if (t >= z->at[z->n - 1] && z->has_rule)
        return rule_offset_at(&z->rule, t);
    for (k = z->n - 1; z->at[k] > t; k--)
        ;
    return z->off[k];
}

/* Collects into tl, in order, the changes z makes in (lo, hi]. */
static void tzif_changes(const struct tzif *z, int64_t lo, int64_t hi,
                         struct translist *tl)
{
    struct trans two[2];
    int64_t base = lo, y, y1;
    size_t k, first;

    for (k = 0; k < z->n; k++)
        if (z->at[k] > lo && z->at[k] <= hi)
            tl_push(tl, z->at[k], z->off[k]);
    if (!z->has_rule || !z->rule.has_dst)
        return;
    if (z->n > 0 && z->at[z->n - 1] > base)
        base = z->at[z->n - 1];
    if (base >= hi)
        return;
    first = tl->n;
    y1 = year_of(hi) + 1;
    for (y = year_of(base) - 1; y <= y1; y++) {
        rule_year(&z->rule, y, two);
        for (k = 0; k < 2; k++)
            if (two[k].at > base && two[k].at <= hi)
                tl_push(tl, two[k].at, two[k].off);
    }
    trans_sort(tl->v + first, tl->n - first);
}

/* Makes a zone named name whose offset is first_off until the changes in tl
 * (sorted by instant; of equal instants the last wins). */
static struct tz *tz_build(const char *name, int32_t first_off,
                           const struct translist *tl)
{
    struct tz *z = xcalloc(1, sizeof *z);
    size_t k, n = 1;

    z->name = xstrdup(name);
    z->p = xreallocarray(NULL, tl->n + 1, sizeof *z->p);
    z->p[0].start = INT64_MIN;
    z->p[0].lstart = INT64_MIN;
    z->p[0].off = first_off;
    for (k = 0; k < tl->n; k++) {
        if (z->p[n - 1].start == tl->v[k].at) {
            z->p[n - 1].off = tl->v[k].off;
            if (z->p[n - 2].off == tl->v[k].off)
                n--;
        } else if (z->p[n - 1].off != tl->v[k].off) {
            z->p[n].start = tl->v[k].at;
            z->p[n].off = tl->v[k].off;
            n++;
        }
    }
    for (k = 1; k < n; k++) {
        z->p[k].lstart = z->p[k].start + z->p[k].off;
        if (z->p[k].lstart < z->p[k - 1].lstart)
            z->p[k].lstart = z->p[k - 1].lstart;
    }
    z->n = n;
    return z;
}

/* Parses "+HH:MM" or "-HH:MM" (HH 00-23, MM 00-59). */
static bool parse_fixed(const char *s, int32_t *off)
{
    int h, m;

    if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || !is_digit(s[1]) ||
        !is_digit(s[2]) || s[3] != ':' || !is_digit(s[4]) || !is_digit(s[5]))
        return false;
    h = (s[1] - '0') * 10 + (s[2] - '0');
    m = (s[4] - '0') * 10 + (s[5] - '0');
    if (h > 23 || m > 59)
        return false;
    *off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return true;
}

/* True when name may be looked up under the zoneinfo folder: made of
 * [A-Za-z0-9_+-/], not absolute, and with no ".." that could leave it. */
static bool valid_name(const char *name)
{
    const char *p;

    if (name[0] == '\0' || name[0] == '/' || strlen(name) > 255 ||
        strstr(name, "..") != NULL)
        return false;
    for (p = name; *p != '\0'; p++)
        if (!is_alpha(*p) && !is_digit(*p) && *p != '_' && *p != '+' &&
            *p != '-' && *p != '/')
            return false;
    return true;
}

/* Reads the regular file path into *data (caller frees). Returns 0, or an
 * errno value: ENOENT also for anything that is not a regular file. */
static int read_file(const char *path, unsigned char **data, size_t *len)
{
    struct stat st;
    unsigned char *b = NULL;
    size_t n = 0;
    ssize_t got;
    int fd, rc = 0;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    if (fstat(fd, &st) < 0) {
        rc = errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = ENOENT;
        goto out;
    }
    if (st.st_size > TZIF_MAX) {
        rc = EFBIG;
        goto out;
    }
    b = xmalloc((size_t)st.st_size + 1);
    while (n < (size_t)st.st_size) {
        got = read(fd, b + n, (size_t)st.st_size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = errno;
            goto out;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    *data = b;
    *len = n;
    b = NULL;
out:
    free(b);
    close(fd);
    return rc;
}

/* Opens the IANA zone name from its TZif file; see tz_open(). */
static struct tz *tz_open_file(const char *name, int64_t lo, int64_t hi,
                               const char *dir, struct err *e)
{
    char path[4096];
    unsigned char *data = NULL;
    size_t len = 0;
    struct tzif zf = {0};
    struct translist tl = {0};
    struct tz *z = NULL;
    const char *why;
    int n, rc;

    n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        err_set(e, RC_CONFIG, NULL, 0, "time zone %s: path too long", name);
        goto out;
    }
    rc = read_file(path, &data, &len);
    if (rc == ENOENT || rc == ENOTDIR) {
        err_set(e, RC_CONFIG, NULL, 0, "unknown time zone: %s", name);
        goto out;
    }
    if (rc != 0) {
        err_set(e, RC_CONFIG, NULL, 0, "time zone %s: cannot read %s: %s", name,
                path, strerror(rc));
        goto out;
    }
    why = tzif_parse(data, len, &zf);
    if (why != NULL) {
        err_set(e, RC_CONFIG, NULL, 0, "time zone %s: %s: %s", name, path, why);
        goto out;
    }
    tzif_changes(&zf, lo, hi, &tl);
    z = tz_build(name, tzif_offset_at(&zf, lo), &tl);
out:
    free(tl.v);
    free(zf.off);
    free(zf.at);
    free(data);
    return z;
}

struct tz *tz_open(const char *name, int64_t from, int64_t to,
                   const char *zoneinfo_dir, struct err *e)
{
    struct translist none = {0};
    int64_t lo, hi;
    int32_t off;
    const char *dir = zoneinfo_dir;

    if (strcmp(name, "UTC") == 0 || strcmp(name, "Z") == 0)
        return tz_build(name, 0, &none);
    if (name[0] == '+' || name[0] == '-') {
        if (parse_fixed(name, &off))
            return tz_build(name, off, &none);
        err_set(e, RC_CONFIG, NULL, 0,
                "invalid time zone offset: %.64s: expected +HH:MM or -HH:MM",
                name);
        return NULL;
    }
    if (!valid_name(name)) {
        err_set(e, RC_CONFIG, NULL, 0, "invalid time zone name: %.255s", name);
        return NULL;
    }
    if (dir == NULL) {
        dir = getenv("TZDIR");
        if (dir == NULL || dir[0] == '\0')
            dir = "/usr/share/zoneinfo";
    }
    if (from > to) {
        lo = from;
        from = to;
        to = lo;
    }
    lo = clamp(from < INT64_MIN + WINDOW_PAD ? INT64_MIN : from - WINDOW_PAD);
    hi = clamp(to > INT64_MAX - WINDOW_PAD ? INT64_MAX : to + WINDOW_PAD);
    return tz_open_file(name, lo, hi, dir, e);
}

int64_t tz_local_to_utc(const struct tz *z, int64_t local)
{
    size_t lo = 0, hi = z->n, mid;
    int64_t t;

    /* Find the last period that starts, in local time, at or before local. */
    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;
        if (z->p[mid].lstart <= local)
            lo = mid;
        else
            hi = mid;
    }
    /* Step back while an earlier period's local time also reaches local:
     * an ambiguous time takes the earlier instant. A time in a gap stays
     * with the period before the gap, so it reads with the old offset. */
    while (lo > 0 && local < z->p[lo].start + z->p[lo - 1].off)
        lo--;
    if (__builtin_sub_overflow(local, (int64_t)z->p[lo].off, &t))
        return local < 0 ? INT64_MIN : INT64_MAX;
    return t;
}

int64_t tz_local_to_utc_later(const struct tz *z, int64_t local)
{
    size_t lo = 0, hi = z->n, mid;
    int64_t t;

    /* The last period that starts, in local time, at or before local: for
     * an ambiguous time the period after clocks went back. */
    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;
        if (z->p[mid].lstart <= local)
            lo = mid;
        else
            hi = mid;
    }
    if (__builtin_sub_overflow(local, (int64_t)z->p[lo].off, &t))
        return local < 0 ? INT64_MIN : INT64_MAX;
    return t;
}

int32_t tz_offset_at(const struct tz *z, int64_t t)
{
    size_t lo = 0, hi = z->n, mid;

    while (hi - lo > 1) {
        mid = lo + (hi - lo) / 2;
        if (z->p[mid].start <= t)
            lo = mid;
        else
            hi = mid;
    }
    return z->p[lo].off;
}

const char *tz_name(const struct tz *z)
{
    return z->name;
}

void tz_free(struct tz *z)
{
    if (z == NULL)
        return;
    free(z->p);
    free(z->name);
    free(z);
}

/* monitor: monitoring exports to per-resource downtime (see monitor.h). */
#include "read/monitor.h"

#include "engine/res.h"
#include "lib/buf.h"
#include "lib/keys.h"
#include "lib/parse.h"
#include "lib/rx.h"
#include "lib/sha.h"
#include "lib/tz.h"
#include "lib/when.h"
#include "lib/xalloc.h"
#include "read/fidelity.h"
#include "read/monitor_feed.h"
#include "read/monitor_tab.h"

#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Distinct status texts remembered with their match result: a status column
 * holds a handful of values, so most rows skip the regex. */
#define STATUS_CACHE     16
#define STATUS_CACHE_LEN 32

/* Files at least this large are split in two and read by two threads when
 * the machine has two processors or more. */
#define SPLIT_MIN (32u << 20)
/* The most buckets a reader's lookup table grows to (a slot of 64 bytes
 * each for half of them: 2 MiB), unless its slots keep runs: the keys past
 * half of it are looked up in the map itself, so a roster of a million
 * monitors does not cost two readers 64 MiB of table each. */
#define SLOTS_MAX (1u << 16)

/* Progress shared by the readers of one file. */
struct shared_progress {
    const struct monitor_progress *pg; /* NULL: no progress */
    _Atomic uint64_t bytes;            /* read by every reader together */
};

/* A resource of the reader's own lookup table: its key (of at most 16
 * bytes, held as two words that with the length identify it exactly, see
 * key_words()), its index, and what its rows added since the last flush:
 * a count and, with sample semantics at one location, the run of samples
 * of one status read last, kept here until a sample breaks it. One slot
 * is one cache line, the only memory a plain row touches. */
struct slot {
    uint64_t w0, w1;
    uint32_t len;
    uint32_t index;
    uint64_t rows;
    int64_t run_start, run_end; /* the run, when has_run */
    uint32_t next; /* 1 + the slot of the row that came after this key's
                      last row, or 0: exports list their monitors in the
                      same order at every time, so this is the next row's
                      slot, fetched into the cache ahead of it */
    bool has_run;
    bool run_down;
    char pad[64 - 54];
};

_Static_assert(sizeof(struct slot) == 64, "a slot is one cache line");

/* One reader of one file (or of one part of it). Everything it produces is
 * private to it until the caller merges it, so two readers can run in
 * parallel on two parts of one file. */
struct reader {
    const struct monsrc *src;
    const struct resmap *map;
    struct monitor_tab *tab; /* rows and samples per resource */
    const struct when_fmt *fmt;
    struct rx *own_down;   /* this reader's copy of the pattern, or NULL */
    const struct rx *down; /* the pattern to match status with */
    struct rx *fold;       /* the pattern ignoring case, made at its first
                              use (see odd_status()) */
    struct rx *own_up;     /* this reader's copy of up_pattern, or NULL */
    const struct rx *up;   /* up_pattern, or NULL */
    long line;             /* line of the row being read */
    long col[MONITOR_ROLE_COUNT]; /* field index per role; -1 unused */
    size_t need;                  /* fields a row must have */
    size_t width;                 /* fields of the header (header = yes) */
    struct res *last;             /* resource of the previous row */
    struct slot *slots; /* the keys of the file, in the order first read
                           (the rows of one time, read again at the next,
                           then walk them in order): nused of cap */
    size_t nused, cap;
    uint32_t *bucket; /* the lookup table: 1 + a slot, or 0; nslots a
                         power of 2, at most half full */
    size_t nslots;
    struct slot *prev_slot; /* the previous row's slot, or NULL */
    bool runs; /* samples at one location with a fixed interval: the slots
                  keep runs (see struct slot) */
    const char *file_key; /* the file's resource, or NULL: a column's */
    size_t file_keylen;
    struct {
        char text[STATUS_CACHE_LEN];
        size_t len;
        bool down;
        bool odd; /* see odd_status() */
    } cache[STATUS_CACHE];
    size_t ncache;
    struct {
        uint64_t w0, w1; /* see key_words() */
        size_t len;      /* 0: none */
        bool down;
        bool odd;        /* see odd_status() */
    } last_status;       /* the status of the last row, when of 1 to 16 bytes */
    struct ivset *downs; /* per resource index: downtime found */
    uint64_t *rows;      /* per resource index: rows found */
    bool direct; /* the only reader at work: it adds rows and downtime to
                    the resources themselves (downs and rows NULL), which
                    spares the two arrays of a million resources */
    /* With sample semantics (src->fidelity): every sample, per resource
     * index and location id. */
    struct fidelity_loc **locs; /* [resource][location] */
    size_t *nlocs;              /* per resource: locations allocated */
    char **locnames;            /* location id -> name */
    size_t nlocnames;
    size_t lastloc;          /* location id of the previous row */
    char last_time[40];      /* the previous row's time text ... */
    size_t last_time_len;    /* ... its length (0: none) ... */
    int64_t last_t;          /* ... and its value: exports repeat a time
                                for every monitor checked at once */
    bool has_prev;           /* a time was read before ... */
    int64_t prev_t;          /* ... the last one read (UTC) */
    struct monitor_stats st; /* rows, down, skipped of this reader */
    struct csvin *in;
    struct shared_progress *progress;
    uint64_t reported; /* bytes this reader added to progress */
    bool main;         /* the reader that prints progress */
    struct err e;      /* this reader's error */
    int rc;
};

/* The column a role is read from, or NULL: the format defines the time,
 * end and duration columns. */
static const char *role_column(const struct monsrc *m, enum monitor_role r)
{
    switch (r) {
    case MONITOR_RESOURCE:
        return m->resource_column;
    case MONITOR_STATUS:
        return m->status_column;
    case MONITOR_LOCATION:
        return m->location_column;
    case MONITOR_TIME:
    case MONITOR_END:
    case MONITOR_DURATION:
    case MONITOR_REQUESTS:
    case MONITOR_ERRORS:
        return monitor_formats[m->format]->column(m, r);
    case MONITOR_ROLE_COUNT:
        break;
    }
    return NULL;
}

/* Maps role columns to field indexes, from the header row or from the
 * configured column list. */
static int map_columns(struct reader *rd, const char *const *names, size_t n,
                       struct err *e)
{
    bool *keep = xcalloc(n, sizeof *keep);
    size_t i, j;
    long at;
    int r;

    rd->need = 0;
    for (r = 0; r < MONITOR_ROLE_COUNT; r++) {
        const char *want = role_column(rd->src, (enum monitor_role)r);
        rd->col[r] = -1;
        if (want == NULL)
            continue;
        at = csvin_column(names, n, want, e);
        if (at == -2) {
            free(keep);
            return -1;
        }
        i = at < 0 ? n : (size_t)at;
        if (i == n) {
            struct buf have;
            buf_init(&have, 200);
            for (j = 0; j < n; j++)
                buf_printf(&have, "%s%s", j > 0 ? ", " : "", names[j]);
            err_set(e, RC_DATA, NULL, 0,
                    "missing column %s (the header has: %s)", want,
                    buf_str(&have));
            buf_free(&have);
            free(keep);
            return -1;
        }
        rd->col[r] = (long)i;
        keep[i] = true;
        if (i + 1 > rd->need)
            rd->need = i + 1;
    }
    csvin_keep(rd->in, keep, n);
    free(keep);
    rd->width = n;
    rd->runs = rd->src->fidelity && !rd->src->interval_next &&
               rd->src->interval > 0 && rd->col[MONITOR_LOCATION] < 0;
    return 0;
}

static uint64_t load64(const char *s)
{
    uint64_t w;

    memcpy(&w, s, 8);
    return w;
}

static uint64_t load32(const char *s)
{
    uint32_t w;

    memcpy(&w, s, 4);
    return w;
}

/* memcmp(a, b, n) == 0 for the short texts of a row, without a call. */
static inline bool same_text(const char *a, const char *b, size_t n)
{
    size_t i;

    if (n < 8) {
        for (i = 0; i < n; i++) {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }
    for (i = 0; i + 8 < n; i += 8) {
        if (load64(a + i) != load64(b + i))
            return false;
    }
    return load64(a + n - 8) == load64(b + n - 8);
}

/* True when a status the pattern does not match is suspect: empty (no
 * status given); with up_pattern, not matched by it either; without,
 * matched by the down pattern once case is ignored ("DOWN" under ^down$).
 * Each still reads as not down, as the pattern says, but is counted for a
 * warning: an outage must not vanish without a word. */
static bool odd_status(struct reader *rd, const char *s, size_t len)
{
    struct err e;

    if (len == 0)
        return true;
    if (rd->up != NULL)
        return !rx_match(rd->up, s, len);
    if (rd->fold == NULL) {
        rd->fold = rx_compile_caseless(rx_source(rd->down), &e);
        if (rd->fold == NULL)
            return false; /* compiled once already: cannot happen */
    }
    return rx_match(rd->fold, s, len);
}

/* Counts an odd status (see odd_status()); the first one's place and value
 * are kept for the warning. */
static void note_odd(struct reader *rd, const char *s, size_t len)
{
    size_t i;

    if (rd->st.odd_status++ > 0)
        return;
    snprintf(rd->st.odd_at, sizeof rd->st.odd_at, "%s:%ld", csvin_path(rd->in),
             rd->line);
    if (len > sizeof rd->st.odd_value - 1)
        len = sizeof rd->st.odd_value - 1;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        rd->st.odd_value[i] = c >= 0x20 && c != 0x7f ? (char)c : '?';
    }
    rd->st.odd_value[len] = '\0';
}

static inline void key_words(const char *s, size_t len, uint64_t *w0,
                             uint64_t *w1);

/* Whether the status text matches the down pattern, from the cache; *odd
 * says whether it is an odd one (odd_status(), counted here). */
static bool status_lookup(struct reader *rd, const char *s, size_t len,
                          bool *odd_out)
{
    size_t i;
    bool down, odd;

    for (i = 0; i < rd->ncache; i++) {
        if (rd->cache[i].len == len && same_text(rd->cache[i].text, s, len)) {
            *odd_out = rd->cache[i].odd;
            if (*odd_out)
                note_odd(rd, s, len);
            return rd->cache[i].down;
        }
    }
    down = rx_match(rd->down, s, len);
    odd = !down && odd_status(rd, s, len);
    *odd_out = odd;
    if (odd)
        note_odd(rd, s, len);
    if (rd->ncache < STATUS_CACHE && len < STATUS_CACHE_LEN) {
        memcpy(rd->cache[rd->ncache].text, s, len);
        rd->cache[rd->ncache].len = len;
        rd->cache[rd->ncache].down = down;
        rd->cache[rd->ncache].odd = odd;
        rd->ncache++;
    }
    return down;
}

/* Whether the status text matches the down pattern: the same text as the
 * last row's is two words compared. */
static inline bool status_down(struct reader *rd, const char *s, size_t len)
{
    uint64_t w0, w1;
    bool down, odd;

    if (len == 0 || len > 16)
        return status_lookup(rd, s, len, &odd);
    key_words(s, len, &w0, &w1);
    if (len == rd->last_status.len && w0 == rd->last_status.w0 &&
        w1 == rd->last_status.w1) {
        if (rd->last_status.odd)
            note_odd(rd, s, len);
        return rd->last_status.down;
    }
    down = status_lookup(rd, s, len, &odd);
    rd->last_status.w0 = w0;
    rd->last_status.w1 = w1;
    rd->last_status.len = len;
    rd->last_status.down = down;
    rd->last_status.odd = odd;
    return down;
}

static int bad_field(const struct reader *rd, enum monitor_role r,
                     const char *why, const char *value, struct err *e)
{
    err_set(e, RC_DATA, NULL, 0, "%s: %s: %s", role_column(rd->src, r), why,
            value);
    return -1;
}

/* Parses a row's time, reusing the previous row's value when the text is
 * the same. Returns true, or false with *why set. */
static bool parse_time(struct reader *rd, const char *text, size_t len,
                       int64_t *t, const char **why)
{
    int64_t later;

    if (len > 0 && len == rd->last_time_len &&
        same_text(text, rd->last_time, len)) {
        *t = rd->last_t;
        return true;
    }
    *why = when_fmt_parse_both(rd->fmt, text, len, t, &later);
    if (*why != NULL)
        return false;
    if (later != *t) {
        /* A local time the zone repeats (clocks going back). Rows in time
         * order tell the two passes apart: a time that goes back from the
         * previous row's by no more than the shift is the later instant.
         * Without that order the earlier instant stays, and is counted. */
        if (rd->has_prev && rd->prev_t > *t && rd->prev_t <= later)
            *t = later;
        else if (!rd->has_prev || rd->prev_t > later)
            rd->st.ambiguous++;
    }
    rd->prev_t = *t;
    rd->has_prev = true;
    if (len < sizeof rd->last_time) {
        memcpy(rd->last_time, text, len);
        rd->last_time_len = len;
        rd->last_t = *t;
    }
    return true;
}

/* The samples of resource index ri at the row's location. */
static struct fidelity_loc *sample_loc(struct reader *rd, size_t ri,
                                       const struct csvrec *rec)
{
    size_t li = 0, i;

    if (rd->col[MONITOR_LOCATION] >= 0) {
        const char *name = rec->f[rd->col[MONITOR_LOCATION]];
        size_t len = rec->len[rd->col[MONITOR_LOCATION]];
        li = rd->lastloc;
        if (li >= rd->nlocnames || strlen(rd->locnames[li]) != len ||
            memcmp(rd->locnames[li], name, len) != 0) {
            for (li = 0; li < rd->nlocnames; li++) {
                if (strlen(rd->locnames[li]) == len &&
                    memcmp(rd->locnames[li], name, len) == 0)
                    break;
            }
            if (li == rd->nlocnames) {
                rd->locnames =
                    xreallocarray(rd->locnames, li + 1, sizeof *rd->locnames);
                rd->locnames[rd->nlocnames++] = xstrndup(name, len);
            }
            rd->lastloc = li;
        }
    } else if (rd->nlocnames == 0) {
        rd->locnames = xcalloc(1, sizeof *rd->locnames);
        rd->locnames[rd->nlocnames++] = xstrdup("");
    }
    if (li >= rd->nlocs[ri]) {
        rd->locs[ri] = xreallocarray(rd->locs[ri], li + 1, sizeof **rd->locs);
        for (i = rd->nlocs[ri]; i <= li; i++)
            fidelity_loc_init(&rd->locs[ri][i]);
        rd->nlocs[ri] = li + 1;
    }
    return &rd->locs[ri][li];
}

/* An error-rate row: *down when errors / requests exceeds error_rate,
 * compared in integers. Returns 1, 0 for a row of 0 requests (no sample:
 * its time stays unknown), or -1 with e set for a bad count. */
static int error_rate_down(struct reader *rd, const struct csvrec *rec,
                           bool *down, struct err *e)
{
    int64_t req, errs;
    const char *why;
    long rc = rd->col[MONITOR_REQUESTS], ec = rd->col[MONITOR_ERRORS];

    why = parse_i64n(rec->f[rc], rec->len[rc], 0, INT64_MAX / 1000000, &req);
    if (why != NULL)
        return bad_field(rd, MONITOR_REQUESTS, why, rec->f[rc], e);
    why = parse_i64n(rec->f[ec], rec->len[ec], 0, INT64_MAX / 1000000, &errs);
    if (why != NULL)
        return bad_field(rd, MONITOR_ERRORS, why, rec->f[ec], e);
    if (errs > req)
        return bad_field(rd, MONITOR_ERRORS, "more errors than requests",
                         rec->f[ec], e);
    if (req == 0)
        return 0;
    /* errors / requests > rate / (100 × 10^4); both sides below 2^63 as
     * the counts are below 2^63 / 10^6 and the rate below 100 × 10^4. */
    *down = errs * 1000000 > rd->src->error_rate * req;
    return 1;
}

/* With interval = next: the resource's own samples at the row's location,
 * which carry the last sample from one file to the next (such sources are
 * read by one thread, file after file). */
static struct fidelity_loc *next_loc(struct reader *rd, struct res *r,
                                     const struct csvrec *rec)
{
    const char *name = "";
    size_t len = 0;

    if (rd->col[MONITOR_LOCATION] >= 0) {
        name = rec->f[rd->col[MONITOR_LOCATION]];
        len = rec->len[rd->col[MONITOR_LOCATION]];
    }
    return monitor_tab_loc(rd->tab, r->index, rd->src, name, len);
}

/* The two words that with len (1 to 16) identify the key at s exactly:
 * together they hold every byte of it. */
static inline void key_words(const char *s, size_t len, uint64_t *w0,
                             uint64_t *w1)
{
    const unsigned char *u = (const unsigned char *)s;

    if (len >= 8) {
        *w0 = load64(s);
        *w1 = load64(s + len - 8);
    } else if (len >= 4) {
        *w0 = load32(s) | load32(s + len - 4) << 32;
        *w1 = 0;
    } else {
        *w0 = u[0] | (uint64_t)u[len / 2] << 8 | (uint64_t)u[len - 1] << 16;
        *w1 = 0;
    }
}

static uint64_t slot_hash(uint64_t w0, uint64_t w1, size_t len)
{
    /* MurmurHash3's finalizer: every bit of the key moves the low bits,
     * which pick the slot (ids differ in their last bytes). */
    uint64_t h = w0 ^ (w1 * UINT64_C(0x9e3779b97f4a7c15)) ^ len;

    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* n empty slots, each on its own cache line. */
static struct slot *slots_new(size_t n)
{
    struct slot *v = aligned_alloc(64, n * sizeof *v);

    if (v == NULL)
        v = xcalloc(n, sizeof *v);
    memset(v, 0, n * sizeof *v);
    return v;
}

/* The bucket of the key of hash h: the slot holding it, or an empty one. */
static size_t bucket_of(const struct reader *rd, uint64_t h, uint64_t w0,
                        uint64_t w1, size_t len)
{
    size_t i, mask = rd->nslots - 1;

    for (i = (size_t)h & mask; rd->bucket[i] != 0; i = (i + 1) & mask) {
        const struct slot *sl = &rd->slots[rd->bucket[i] - 1];
        if (sl->w0 == w0 && sl->w1 == w1 && sl->len == len)
            break;
    }
    return i;
}

/* Doubles the lookup table. */
static void grow_buckets(struct reader *rd)
{
    size_t i;

    free(rd->bucket);
    rd->nslots *= 2;
    rd->bucket = xcalloc(rd->nslots, sizeof *rd->bucket);
    for (i = 0; i < rd->nused; i++) {
        const struct slot *sl = &rd->slots[i];
        rd->bucket[bucket_of(rd, slot_hash(sl->w0, sl->w1, sl->len), sl->w0,
                             sl->w1, sl->len)] = (uint32_t)i + 1;
    }
}

/* Doubles the slots' room. */
static void grow_slots(struct reader *rd)
{
    struct slot *old = rd->slots;

    rd->slots = slots_new(2 * rd->cap);
    memcpy(rd->slots, old, rd->nused * sizeof *old);
    rd->cap *= 2;
    if (rd->prev_slot != NULL)
        rd->prev_slot = rd->slots + (rd->prev_slot - old);
    free(old);
}

/* The slot of the key (1 to 16 bytes), filled from the map the first time
 * it is seen; NULL when the map does not hold it (*mr NULL) or when the
 * table is full (*mr the map's resource, see SLOTS_MAX). */
static struct slot *find_slot(struct reader *rd, const char *key, size_t len,
                              struct res **mr)
{
    uint64_t w0, w1, h;
    size_t i;
    struct slot *sl;
    const struct res *r;

    key_words(key, len, &w0, &w1);
    if (rd->prev_slot != NULL && rd->prev_slot->next != 0) {
        sl = &rd->slots[rd->prev_slot->next - 1];
        if (sl->w0 == w0 && sl->w1 == w1 && sl->len == len)
            return sl; /* the row that came after the previous one last time */
    }
    h = slot_hash(w0, w1, len);
    i = bucket_of(rd, h, w0, w1, len);
    if (rd->bucket[i] != 0)
        return &rd->slots[rd->bucket[i] - 1];
    *mr = resmap_get(rd->map, key, len);
    if (*mr == NULL)
        return NULL; /* not kept: the table holds only the map's keys */
    r = *mr;
    if (2 * (rd->nused + 1) > rd->nslots) {
        if (rd->nslots >= SLOTS_MAX && !rd->runs)
            return NULL; /* full: the caller uses *mr */
        grow_buckets(rd);
        i = bucket_of(rd, h, w0, w1, len);
    }
    if (rd->nused == rd->cap)
        grow_slots(rd);
    sl = &rd->slots[rd->nused++];
    rd->bucket[i] = (uint32_t)rd->nused;
    sl->w0 = w0;
    sl->w1 = w1;
    sl->len = (uint32_t)len;
    sl->index = (uint32_t)r->index;
    return sl;
}

/* Counts n rows of resource index ri. */
static void count_rows(struct reader *rd, size_t ri, uint64_t n)
{
    if (rd->direct)
        monitor_tab_count(rd->tab, ri, n);
    else
        rd->rows[ri] += n;
}

/* Adds the slot's run to its resource's samples. */
static void flush_run(struct reader *rd, struct slot *sl)
{
    fidelity_loc_add(sample_loc(rd, sl->index, NULL), sl->run_start,
                     sl->run_end - sl->run_start, sl->run_down);
    sl->has_run = false;
}

/* Adds what the slots hold to the reader's per-resource results. */
static void reader_flush(struct reader *rd)
{
    size_t i;

    for (i = 0; i < rd->nused; i++) {
        struct slot *sl = &rd->slots[i];
        if (sl->rows > 0)
            count_rows(rd, sl->index, sl->rows);
        sl->rows = 0;
        if (sl->has_run)
            flush_run(rd, sl);
    }
}

/* A sample [start, end) kept as a run of its slot: a sample of the run's
 * status that starts within the run extends it, as ivset_add() would
 * extend the run's last interval; any other sample ends the run (added to
 * the samples then) and starts the next. Returns 0, or -1 with e set. */
static int add_run(struct reader *rd, struct slot *sl, const struct csvrec *rec,
                   int64_t start, int64_t end, struct err *e)
{
    bool down;

    if (rd->src->error_rate > 0) {
        int r = error_rate_down(rd, rec, &down, e);
        if (r <= 0)
            return r; /* an error, or 0 requests: unknown */
    } else
        down = status_down(rd, rec->f[rd->col[MONITOR_STATUS]],
                           rec->len[rd->col[MONITOR_STATUS]]);
    if (sl->has_run && sl->run_down == down && start >= sl->run_start &&
        start <= sl->run_end) {
        if (end > sl->run_end)
            sl->run_end = end;
    } else {
        if (sl->has_run)
            flush_run(rd, sl);
        sl->has_run = true;
        sl->run_down = down;
        sl->run_start = start;
        sl->run_end = end;
    }
    rd->st.down += down;
    return 0;
}

/* A sample of resource r at start, kept for the sample semantics (not as
 * a run). Returns 0, or -1 with e set. */
static int add_sample(struct reader *rd, struct res *r,
                      const struct csvrec *rec, int64_t start, struct err *e)
{
    const struct monsrc *m = rd->src;
    bool down;

    if (m->error_rate > 0) {
        int rc = error_rate_down(rd, rec, &down, e);
        if (rc <= 0)
            return rc; /* an error, or 0 requests: unknown */
    } else
        down = status_down(rd, rec->f[rd->col[MONITOR_STATUS]],
                           rec->len[rd->col[MONITOR_STATUS]]);
    if (m->interval_next) {
        if (!fidelity_loc_add_next(next_loc(rd, r, rec), start, down,
                                   m->max_gap, m->confirm))
            return bad_field(rd, MONITOR_TIME,
                             "before the previous sample of its resource "
                             "(interval = next needs rows in time order)",
                             rec->f[rd->col[MONITOR_TIME]], e);
    } else
        fidelity_loc_add(sample_loc(rd, r->index, rec), start, m->interval,
                         down);
    rd->st.down += down;
    return 0;
}

/* csvin's callback: one row of an export (the header row maps columns). */
static int read_export_row(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct reader *rd = ctx;
    const struct monsrc *m = rd->src;
    const char *key, *why;
    size_t keylen, ri;
    struct res *res;
    struct slot *sl;
    int64_t start, end;

    if (rec->index == 0 && m->header)
        return map_columns(rd, rec->f, rec->n, e);
    rd->line = rec->line;
    if (m->header && rec->n != rd->width) {
        /* An unquoted "43,200" or "1,000" would shift every column after
         * it: refused, as the roster, claims and fees readers do. */
        err_set(e, RC_DATA, NULL, 0, "want %zu fields like the header, got %zu",
                rd->width, rec->n);
        return -1;
    }
    if (rec->n < rd->need) {
        err_set(e, RC_DATA, NULL, 0, "want at least %zu fields, got %zu",
                rd->need, rec->n);
        return -1;
    }
    rd->st.rows++;
    if (rd->file_key != NULL) {
        key = rd->file_key;
        keylen = rd->file_keylen;
    } else {
        key = rec->f[rd->col[MONITOR_RESOURCE]];
        keylen = rec->len[rd->col[MONITOR_RESOURCE]];
    }
    if (keylen == 0)
        return bad_field(rd, MONITOR_RESOURCE, "empty", "", e);
    /* Every row's time is checked, down or not: a bad row is bad input. */
    if (!parse_time(rd, rec->f[rd->col[MONITOR_TIME]],
                    rec->len[rd->col[MONITOR_TIME]], &start, &why))
        return bad_field(rd, MONITOR_TIME, why, rec->f[rd->col[MONITOR_TIME]],
                         e);
    if (__builtin_add_overflow(start, m->interval, &end))
        return bad_field(rd, MONITOR_TIME, "out of range with the interval",
                         rec->f[rd->col[MONITOR_TIME]], e);
    res = NULL;
    sl = NULL;
    if (keylen <= 16) {
        sl = find_slot(rd, key, keylen, &res);
        if (sl == NULL && res == NULL) {
            rd->st.skipped++;
            return 0;
        }
    }
    if (sl != NULL) {
        if (rd->prev_slot != NULL)
            rd->prev_slot->next = (uint32_t)(sl - rd->slots) + 1;
        rd->prev_slot = sl;
        if (sl->next != 0)
            __builtin_prefetch(&rd->slots[sl->next - 1]);
        sl->rows++;
        if (rd->runs)
            return add_run(rd, sl, rec, start, end, e);
        ri = sl->index;
        res = NULL;
    } else if (res != NULL) {
        /* In the map, past the full table. */
        rd->prev_slot = NULL;
        ri = res->index;
        count_rows(rd, ri, 1);
    } else {
        res = rd->last;
        if (res == NULL || res->keylen != keylen ||
            memcmp(res->key, key, keylen) != 0) {
            res = resmap_get(rd->map, key, keylen);
            if (res == NULL) {
                rd->st.skipped++;
                return 0;
            }
            rd->last = res;
        }
        ri = res->index;
        count_rows(rd, ri, 1);
    }
    if (m->fidelity)
        return add_sample(rd, res != NULL ? res : resmap_at(rd->map, ri), rec,
                          start, e);
    if (rd->col[MONITOR_STATUS] >= 0 &&
        !status_down(rd, rec->f[rd->col[MONITOR_STATUS]],
                     rec->len[rd->col[MONITOR_STATUS]]))
        return 0;
    {
        struct monitor_row fields = {rec, rd->col, rd->fmt};
        enum monitor_role bad = MONITOR_TIME;
        why =
            monitor_formats[m->format]->row_end(m, &fields, start, &end, &bad);
        if (why != NULL)
            return bad_field(rd, bad, why, rec->f[rd->col[bad]], e);
    }
    rd->st.down++;
    ivset_add(rd->direct ? &resmap_at(rd->map, ri)->down : &rd->downs[ri],
              start, end);
    return 0;
}

static void on_progress(void *ctx, uint64_t bytes)
{
    struct reader *rd = ctx;
    uint64_t total;

    total = atomic_fetch_add(&rd->progress->bytes, bytes - rd->reported) +
            (bytes - rd->reported);
    rd->reported = bytes;
    if (rd->main && rd->progress->pg != NULL)
        rd->progress->pg->fn(rd->progress->pg->ctx, total);
}

/* Opens a reader on path, or on the file another reader has open (same,
 * or NULL). direct: no other reader adds to the resources while this one
 * reads (see struct reader). Returns 0, or -1 with e set. */
static int reader_open(struct reader *rd, const struct monsrc *src,
                       struct monitor_tab *tab, const struct when_fmt *fmt,
                       bool private_rx, bool direct, const char *path,
                       const struct csvin *same, const char *key, size_t keylen,
                       struct shared_progress *progress, struct err *e)
{
    struct csvin_opts o;
    size_t n = resmap_count(monitor_tab_map(tab));

    memset(rd, 0, sizeof *rd);
    rd->src = src;
    rd->map = monitor_tab_map(tab);
    rd->tab = tab;
    rd->fmt = fmt;
    rd->down = src->down;
    rd->up = src->up;
    rd->file_key = key;
    rd->file_keylen = keylen;
    if (private_rx && src->down != NULL) {
        rd->own_down = rx_compile(rx_source(src->down), e);
        if (rd->own_down == NULL)
            return -1;
        rd->down = rd->own_down;
    }
    if (private_rx && src->up != NULL) {
        rd->own_up = rx_compile(rx_source(src->up), e);
        if (rd->own_up == NULL)
            return -1;
        rd->up = rd->own_up;
    }
    rd->direct = direct && !src->fidelity;
    if (!rd->direct) {
        rd->downs = xcalloc(n, sizeof *rd->downs);
        rd->rows = xcalloc(n, sizeof *rd->rows);
    }
    rd->nslots = 16;
    rd->bucket = xcalloc(rd->nslots, sizeof *rd->bucket);
    rd->cap = 8;
    rd->slots = slots_new(rd->cap);
    if (src->fidelity) {
        rd->locs = xcalloc(n, sizeof *rd->locs);
        rd->nlocs = xcalloc(n, sizeof *rd->nlocs);
    }
    rd->progress = progress;
    memset(&o, 0, sizeof o);
    o.delim = src->delim;
    o.progress = on_progress;
    o.progress_ctx = rd;
    rd->in =
        same != NULL ? csvin_open_same(same, &o, e) : csvin_open(path, &o, e);
    if (rd->in == NULL)
        return -1;
    if (!src->header && map_columns(rd, (const char *const *)src->columns,
                                    src->ncolumns, e) != 0) {
        err_locate(e, path, 0);
        return -1;
    }
    return 0;
}

/* Moves the reader's samples of resource index ri to the table, matching
 * locations by name. */
static void merge_locations(const struct reader *rd, size_t ri)
{
    size_t li;

    for (li = 0; li < rd->nlocs[ri]; li++) {
        struct fidelity_loc *from = &rd->locs[ri][li], *to;
        const char *name = rd->locnames[li];
        if (from->down.n == 0 && from->up.n == 0)
            continue;
        to = monitor_tab_loc(rd->tab, ri, rd->src, name, strlen(name));
        ivset_normalize(&from->down);
        ivset_normalize(&from->up);
        ivset_merge(&to->down, &from->down);
        ivset_merge(&to->up, &from->up);
    }
}

/* Adds what the reader found to the resources and the statistics. */
static void reader_merge(struct reader *rd, struct monitor_stats *st)
{
    size_t i, n = resmap_count(rd->map);

    reader_flush(rd);
    for (i = 0; i < n && !rd->direct; i++) {
        struct res *r = resmap_at(rd->map, i);
        if (rd->rows[i] == 0)
            continue;
        monitor_tab_count(rd->tab, i, rd->rows[i]);
        if (rd->downs[i].n > 0) {
            ivset_normalize((struct ivset *)&rd->downs[i]);
            if (r->down.n == 0)
                ivset_copy(&r->down, &rd->downs[i]);
            else
                ivset_merge(&r->down, &rd->downs[i]);
        }
        if (rd->locs != NULL)
            merge_locations(rd, i);
    }
    st->rows += rd->st.rows;
    st->down += rd->st.down;
    st->skipped += rd->st.skipped;
    st->ambiguous += rd->st.ambiguous;
    if (st->odd_status == 0 && rd->st.odd_status > 0) {
        memcpy(st->odd_at, rd->st.odd_at, sizeof st->odd_at);
        memcpy(st->odd_value, rd->st.odd_value, sizeof st->odd_value);
    }
    st->odd_status += rd->st.odd_status;
}

static void reader_close(struct reader *rd)
{
    size_t i, n = rd->map != NULL ? resmap_count(rd->map) : 0;

    if (rd->downs != NULL) {
        for (i = 0; i < n; i++)
            ivset_free(&rd->downs[i]);
    }
    free(rd->downs);
    free(rd->rows);
    free(rd->slots);
    free(rd->bucket);
    if (rd->locs != NULL) {
        for (i = 0; i < n; i++) {
            size_t j;
            for (j = 0; j < rd->nlocs[i]; j++)
                fidelity_loc_free(&rd->locs[i][j]);
            free(rd->locs[i]);
        }
    }
    free(rd->locs);
    free(rd->nlocs);
    for (i = 0; i < rd->nlocnames; i++)
        free(rd->locnames[i]);
    free(rd->locnames);
    rx_free(rd->own_down);
    rx_free(rd->fold);
    rx_free(rd->own_up);
    csvin_close(rd->in);
    memset(rd, 0, sizeof *rd);
}

static void *reader_thread(void *arg)
{
    struct reader *rd = arg;

    rd->rc = csvin_each(rd->in, read_export_row, rd, &rd->e);
    return NULL;
}

/* The hash of the file the readers read: the same open file and size. */
struct hash_job {
    const char *path;
    int fd;
    char hex[65];
    uint64_t size;
    struct err e;
    int rc;
};

static void *hash_thread(void *arg)
{
    struct hash_job *h = arg;

    h->rc = sha_fd(h->fd, h->size, h->path, h->hex, &h->e);
    return NULL;
}

/* True when a second reader's arrays (a count and a set per resource of
 * the map) take at most an eighth of the size of the file it would help
 * read: a file of a few rows per resource, say a window each for a million
 * monitors, is read by one reader, which adds to the resources directly. */
static bool split_pays(const struct resmap *map, uint64_t size)
{
    uint64_t per = sizeof(struct ivset) + sizeof(uint64_t);

    return (uint64_t)resmap_count(map) * per <= size / 8;
}

/* Finds where to split a file of size bytes in two: just after the first
 * LF past the middle. Also finds the end of the first line (the header).
 * Returns false when the file should not be split. */
static bool find_split(int fd, uint64_t size, bool header, uint64_t *hdr_end,
                       uint64_t *split)
{
    char b[4096];
    ssize_t k;
    size_t n, i;
    uint64_t at;
    bool found = false;

    if (size < SPLIT_MIN || sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return false;
    *hdr_end = 0;
    if (header) {
        k = pread(fd, b, sizeof b, 0);
        n = k > 0 ? (size_t)k : 0;
        for (i = 0; i < n && b[i] != '\n'; i++)
            ;
        if (i == n || memchr(b, '"', i) != NULL)
            return false; /* a long or quoted header: read it the plain way */
        *hdr_end = i + 1;
    }
    for (at = size / 2; !found && at < size; at += n) {
        k = pread(fd, b, sizeof b, (off_t)at);
        if (k <= 0)
            break;
        n = (size_t)k;
        for (i = 0; i < n; i++) {
            if (b[i] == '\n') {
                *split = at + i + 1;
                found = *split < size;
                break;
            }
        }
    }
    return found && *split > *hdr_end;
}

/* Reads one file with two readers in parallel, plus a thread hashing it.
 * The first reader's part must end on a record boundary for the second's
 * result to count; when it does not (the split fell inside a quoted field),
 * the first reader goes on through the second part itself. */
static int read_split(struct reader rd[2], const char *path, uint64_t size,
                      uint64_t hdr_end, uint64_t split, struct hash_job *hash,
                      struct monitor_stats *st, struct err *e)
{
    pthread_t th, hh;
    long lines1, hdr_lines = 0;
    int rc = -1;

    hash->path = path;
    hash->fd = csvin_fd(rd[0].in);
    hash->size = size;
    if (pthread_create(&hh, NULL, hash_thread, hash) != 0) {
        err_set(e, RC_OSERR, path, 0, "cannot start a thread");
        return -1;
    }
    /* The second reader learns the columns from the header first. */
    if (hdr_end > 0) {
        csvin_set_range(rd[1].in, 0, hdr_end);
        if (csvin_each(rd[1].in, read_export_row, &rd[1], &rd[1].e) != 0) {
            *e = rd[1].e;
            pthread_join(hh, NULL);
            return -1;
        }
        hdr_lines = csvin_lines(rd[1].in);
    }
    csvin_set_range(rd[1].in, split, size - split);
    csvin_set_range(rd[0].in, 0, split);
    if (pthread_create(&th, NULL, reader_thread, &rd[1]) != 0) {
        err_set(e, RC_OSERR, path, 0, "cannot start a thread");
        pthread_join(hh, NULL);
        return -1;
    }
    rd[0].rc = csvin_each(rd[0].in, read_export_row, &rd[0], &rd[0].e);
    pthread_join(th, NULL);
    pthread_join(hh, NULL);
    if (rd[0].rc != 0) {
        *e = rd[0].e;
        return -1;
    }
    if (hash->rc != 0) {
        *e = hash->e;
        return -1;
    }
    if (!csvin_at_boundary(rd[0].in)) {
        csvin_set_range(rd[0].in, split, size - split);
        if (csvin_each(rd[0].in, read_export_row, &rd[0], &rd[0].e) != 0) {
            *e = rd[0].e;
            return -1;
        }
        reader_merge(&rd[0], st);
        return 0;
    }
    lines1 = csvin_lines(rd[0].in);
    if (rd[1].rc != 0) {
        *e = rd[1].e;
        if (e->line > 0)
            e->line = e->line - hdr_lines + lines1;
        return -1;
    }
    reader_merge(&rd[0], st);
    reader_merge(&rd[1], st);
    rc = 0;
    return rc;
}

/* The resource every row of the file at path names: resource, or the
 * capture of resource_path in the path; NULL when a column names it.
 * Returns 0, or -1 with e set (RC_DATA: the path does not match). */
static int file_resource(const struct monsrc *src, const char *path,
                         const char **key, size_t *keylen, struct err *e)
{
    size_t at;

    *key = src->resource;
    *keylen = src->resource != NULL ? strlen(src->resource) : 0;
    if (src->resource_path == NULL)
        return 0;
    if (!rx_capture(src->resource_path, path, strlen(path), &at, keylen) ||
        *keylen == 0) {
        err_set(e, RC_DATA, path, 0,
                "[monitoring \"%s\"]: resource_path %s captures no "
                "resource in the file's path",
                src->name, rx_source(src->resource_path));
        return -1;
    }
    *key = path + at;
    return 0;
}

static int read_file(const struct monsrc *src, struct monitor_tab *tab,
                     const struct when_fmt *fmt, const char *path,
                     struct sha_list *inputs, struct monitor_stats *st,
                     const struct monitor_progress *pg, struct err *e)
{
    struct reader rd[2];
    struct shared_progress progress;
    struct hash_job hash;
    uint64_t size, hdr_end = 0, split = 0;
    struct sha *h = NULL;
    const char *key;
    size_t keylen;
    int rc = -1;

    memset(rd, 0, sizeof rd);
    memset(&hash, 0, sizeof hash);
    progress.pg = pg;
    atomic_init(&progress.bytes, 0);
    if (file_resource(src, path, &key, &keylen, e) != 0)
        return -1;
    if (reader_open(&rd[0], src, tab, fmt, false, true, path, NULL, key, keylen,
                    &progress, e) != 0)
        goto out;
    rd[0].main = true;
    size = csvin_size(rd[0].in);
    if (pg != NULL && pg->file != NULL)
        pg->file(pg->ctx, path, size);
    if (!src->interval_next && split_pays(rd[0].map, size) &&
        find_split(csvin_fd(rd[0].in), size, src->header, &hdr_end, &split)) {
        if (reader_open(&rd[1], src, tab, fmt, true, false, path, rd[0].in, key,
                        keylen, &progress, e) != 0)
            goto out;
        if (read_split(rd, path, size, hdr_end, split, &hash, st, e) != 0)
            goto out;
    } else {
        /* One reader, hashing as it reads. */
        h = sha_new();
        csvin_set_digest(rd[0].in, h);
        rd[0].rc = csvin_each(rd[0].in, read_export_row, &rd[0], &rd[0].e);
        if (rd[0].rc != 0) {
            *e = rd[0].e;
            goto out;
        }
        sha_final(h, hash.hex);
        hash.size = size;
        reader_merge(&rd[0], st);
    }
    sha_list_add(inputs, path, hash.hex, hash.size);
    st->bytes += hash.size;
    st->files++;
    rc = 0;
out:
    sha_free(h);
    reader_close(&rd[0]);
    reader_close(&rd[1]);
    return rc;
}

/* The files of a glob are read by two workers taking them in turn, at most
 * AHEAD files ahead of the merge, which adds each file's result to the map
 * in file order: the resources, the manifest, the statistics and the first
 * error in file order are those of one thread reading the files one after
 * another. For globs of at least two files, none large enough to be split,
 * read from samples or windows rows that carry nothing from one file to
 * the next (not interval = next). */
#define WORKERS 2
#define AHEAD   4

struct glob_job {
    const char *path;
    const char *key; /* the file's resource (resource, resource_path) */
    size_t keylen;
    int key_rc; /* file_resource()'s result, in job->e when not 0 */
    struct reader rd;
    char hex[65];
    uint64_t size;
    struct err e;
    int rc;
    bool done;
};

struct pool {
    const struct monsrc *src;
    struct monitor_tab *tab;
    const struct when_fmt *fmt;
    struct shared_progress progress; /* none: the merge reports it */
    struct glob_job *jobs;
    size_t n;
    size_t next;   /* the next file a worker takes */
    size_t merged; /* files merged */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

/* Reads one file of the glob whole with one reader, hashing it as it
 * reads. Sets job->rc, and job->e when it is not 0. */
static void read_job(struct pool *pl, struct glob_job *job)
{
    struct sha *h;

    job->rc = -1;
    if (job->key_rc != 0 ||
        reader_open(&job->rd, pl->src, pl->tab, pl->fmt, true, false, job->path,
                    NULL, job->key, job->keylen, &pl->progress, &job->e) != 0)
        return;
    h = sha_new();
    csvin_set_digest(job->rd.in, h);
    job->rc = csvin_each(job->rd.in, read_export_row, &job->rd, &job->e);
    sha_final(h, job->hex);
    sha_free(h);
    job->size = csvin_size(job->rd.in);
}

static void *pool_worker(void *arg)
{
    struct pool *pl = arg;
    size_t k;

    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (!pl->stop && pl->next < pl->n && pl->next >= pl->merged + AHEAD)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop || pl->next >= pl->n)
            break;
        k = pl->next++;
        pthread_mutex_unlock(&pl->mu);
        read_job(pl, &pl->jobs[k]);
        pthread_mutex_lock(&pl->mu);
        pl->jobs[k].done = true;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Merges the files' results in file order as the workers finish them.
 * Returns 0, or -1 with e set: the first failed file's error. */
static int pool_merge(struct pool *pl, struct sha_list *inputs,
                      struct monitor_stats *st,
                      const struct monitor_progress *pg, struct err *e)
{
    size_t k;

    for (k = 0; k < pl->n; k++) {
        struct glob_job *job = &pl->jobs[k];
        pthread_mutex_lock(&pl->mu);
        while (!job->done)
            pthread_cond_wait(&pl->cv, &pl->mu);
        pthread_mutex_unlock(&pl->mu);
        if (job->rc != 0) {
            *e = job->e;
            monitor_feed_json_hint(pl->src, job->path, e);
            return -1;
        }
        if (pg != NULL && pg->file != NULL)
            pg->file(pg->ctx, job->path, job->size);
        if (pg != NULL && pg->fn != NULL)
            pg->fn(pg->ctx, job->size);
        reader_merge(&job->rd, st); /* into the map the reader holds */
        sha_list_add(inputs, job->path, job->hex, job->size);
        st->bytes += job->size;
        st->files++;
        reader_close(&job->rd);
        pthread_mutex_lock(&pl->mu);
        pl->merged = k + 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
    }
    return 0;
}

/* True when the files of paths[0..n) may be read by the pool (see above). */
static bool pool_fits(const struct monsrc *src, char *const *paths, size_t n)
{
    struct stat sb;
    size_t i;

    if (n < 2 || src->interval_next ||
        monitor_formats[src->format]->read_file != NULL ||
        sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return false;
    for (i = 0; i < n; i++) {
        if (stat(paths[i], &sb) == 0 && (uint64_t)sb.st_size >= SPLIT_MIN)
            return false;
    }
    return true;
}

/* Reads the files paths[0..n) with the pool. Returns 0, or -1 with e set. */
static int read_pool(const struct monsrc *src, struct monitor_tab *tab,
                     const struct when_fmt *fmt, char *const *paths, size_t n,
                     struct sha_list *inputs, struct monitor_stats *st,
                     const struct monitor_progress *pg, struct err *e)
{
    struct pool pl;
    pthread_t th[WORKERS];
    size_t i, started = 0;
    int rc;

    memset(&pl, 0, sizeof pl);
    pl.src = src;
    pl.tab = tab;
    pl.fmt = fmt;
    atomic_init(&pl.progress.bytes, 0);
    pl.jobs = xcalloc(n, sizeof *pl.jobs);
    pl.n = n;
    /* The resources from the files' paths, here: a pattern's match data is
     * its own, so one pattern is never matched by two threads at once. */
    for (i = 0; i < n; i++) {
        pl.jobs[i].path = paths[i];
        pl.jobs[i].key_rc = file_resource(src, paths[i], &pl.jobs[i].key,
                                          &pl.jobs[i].keylen, &pl.jobs[i].e);
    }
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    for (i = 0; i < WORKERS; i++) {
        if (pthread_create(&th[i], NULL, pool_worker, &pl) == 0)
            started++;
    }
    if (started == 0) {
        err_set(e, RC_OSERR, NULL, 0, "cannot start a thread");
        rc = -1;
    } else
        rc = pool_merge(&pl, inputs, st, pg, e);
    pthread_mutex_lock(&pl.mu);
    pl.stop = true;
    pthread_cond_broadcast(&pl.cv);
    pthread_mutex_unlock(&pl.mu);
    for (i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (i = 0; i < n; i++)
        reader_close(&pl.jobs[i].rd);
    free(pl.jobs);
    pthread_cond_destroy(&pl.cv);
    pthread_mutex_destroy(&pl.mu);
    return rc;
}

/* glob's error callback: a folder that does not exist matches nothing (an
 * input missing, RC_NOINPUT); any other error stops the listing. */
static int glob_error(const char *path, int err)
{
    (void)path;
    return err != ENOENT;
}

int monitor_read(const struct monsrc *src, int64_t from, int64_t to,
                 struct monitor_tab *tab, struct sha_list *inputs,
                 struct monitor_stats *st,
                 const struct monitor_progress *progress, struct err *e)
{
    struct tz *zone = NULL;
    struct when_fmt *fmt = NULL;
    glob_t g;
    size_t i;
    int rc = -1, grc;

    memset(&g, 0, sizeof g);
    zone = tz_open(src->time_zone, from, to, NULL, e);
    if (zone == NULL)
        goto out;
    fmt = when_fmt_new(src->time_format, zone, e);
    if (fmt == NULL)
        goto out;
    grc = glob(src->path, 0, glob_error, &g);
    if (grc == GLOB_NOMATCH) {
        err_set(e, RC_NOINPUT, NULL, 0,
                "[monitoring \"%s\"]: no file matches %s", src->name,
                src->path);
        goto out;
    }
    if (grc != 0) {
        err_set(e, RC_IOERR, NULL, 0, "[monitoring \"%s\"]: cannot list %s",
                src->name, src->path);
        goto out;
    }
    if (pool_fits(src, g.gl_pathv, g.gl_pathc)) {
        if (read_pool(src, tab, fmt, g.gl_pathv, g.gl_pathc, inputs, st,
                      progress, e) != 0)
            goto out;
        rc = 0;
        goto out;
    }
    for (i = 0; i < g.gl_pathc; i++) {
        if (monitor_formats[src->format]->read_file != NULL) {
            struct monitor_feed feed = {
                src, monitor_tab_map(tab), inputs, st, from, to, tab};
            if (monitor_formats[src->format]->read_file(src, g.gl_pathv[i],
                                                        &feed, e) != 0)
                goto out;
            continue;
        }
        if (read_file(src, tab, fmt, g.gl_pathv[i], inputs, st, progress, e) !=
            0) {
            monitor_feed_json_hint(src, g.gl_pathv[i], e);
            goto out;
        }
    }
    rc = 0;
out:
    if (rc == 0)
        monitor_tab_name(tab, src);
    globfree(&g);
    when_fmt_free(fmt);
    tz_free(zone);
    return rc;
}

/* "13 hrs, 2 mins" (UptimeRobot): hours and minutes with units. */
static const char *parse_hrs_mins(const char *s, int64_t *secs)
{
    int64_t h, mnt;
    const char *p = s, *q;

    q = strchr(p, ' ');
    if (q == NULL || parse_i64n(p, (size_t)(q - p), 0, 1000000, &h) != NULL ||
        strncmp(q, " hrs, ", 6) != 0)
        return "not a length";
    p = q + 6;
    q = strchr(p, ' ');
    if (q == NULL || parse_i64n(p, (size_t)(q - p), 0, 59, &mnt) != NULL ||
        strcmp(q, " mins") != 0)
        return "not a length";
    *secs = h * 3600 + mnt * 60;
    return NULL;
}

/* Reads the fraction after a '.' at s (1 to 9 digits, to the end): its
 * digits as an integer in *num and 10^digits in *den. Returns NULL or a
 * reason. */
static const char *parse_fraction(const char *s, int64_t *num, int64_t *den)
{
    size_t i;

    *num = 0;
    *den = 1;
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9' || i == 9)
            return "not a length";
        *num = *num * 10 + (s[i] - '0');
        *den *= 10;
    }
    return i == 0 ? "not a length" : NULL;
}

const char *monitor_parse_length(const char *s, int64_t unit, int64_t *secs)
{
    char digits[32];
    size_t n = 0, group = 0, i;
    bool grouped = false;
    int64_t v, num = 0, den = 1, whole, part;
    const char *dot;

    /* A length starts with a digit: "-0:10:00" or "-5" is refused, never
     * read as a positive length. */
    if (s[0] == '-')
        return "negative length";
    if (s[0] < '0' || s[0] > '9')
        return "not a length";
    if (strchr(s, ' ') != NULL)
        return parse_hrs_mins(s, secs);
    /* A fraction (at most 9 digits) rounds the length up to the next whole
     * second: the window then covers the whole outage, its start being
     * floored to its second. Exact: integers only. */
    dot = strchr(s, '.');
    if (dot != NULL && parse_fraction(dot + 1, &num, &den) != NULL)
        return "not a length";
    if (strchr(s, ':') != NULL) {
        int64_t h, mnt, sec;
        const char *a = strchr(s, ':'),
                   *b = a != NULL ? strchr(a + 1, ':') : NULL;
        size_t slen;
        if (b == NULL || (dot != NULL && dot < b) ||
            parse_i64n(s, (size_t)(a - s), 0, 1000000, &h) != NULL ||
            parse_i64n(a + 1, (size_t)(b - a - 1), 0, 59, &mnt) != NULL ||
            b - a != 3)
            return "not a length";
        /* b is a colon here, and a dot comes after it. */
        slen = dot != NULL ? (size_t)(dot - (b + 1)) : strlen(b + 1);
        if (slen != 2 || parse_i64n(b + 1, 2, 0, 59, &sec) != NULL)
            return "not a length";
        *secs = h * 3600 + mnt * 60 + sec + (num > 0 ? 1 : 0);
        return NULL;
    }
    for (i = 0; s[i] != '\0' && s + i != dot; i++) {
        if (s[i] == ',') {
            if ((grouped && group != 3) ||
                (!grouped && (group == 0 || group > 3)))
                return "not a length";
            grouped = true;
            group = 0;
            continue;
        }
        if (n + 1 >= sizeof digits)
            return "too large";
        digits[n++] = s[i];
        group++;
    }
    if (grouped && group != 3)
        return "not a length";
    digits[n] = '\0';
    if (parse_i64(digits, 0, INT64_MAX, &v) != NULL)
        return "not a length";
    if (__builtin_mul_overflow(v, unit, &whole))
        return "too large";
    /* num / den of a unit, rounded up: ceil(num * unit / den). */
    if (__builtin_mul_overflow(num, unit, &part))
        return "too large";
    part = part / den + (part % den != 0 ? 1 : 0);
    if (__builtin_add_overflow(whole, part, secs))
        return "too large";
    return NULL;
}

/* The [monitoring] section: the formats, the keys every format reads,
 * defaults and validation. */

const struct monitor_format_ops *const monitor_formats[] = {
#define FORMAT(e, ops) [MONITOR_##e] = &ops,
#include "read/monitor_formats.def"
#undef FORMAT
};

/* A format added to enum monitor_format without its row fails here. */
_Static_assert(sizeof monitor_formats / sizeof monitor_formats[0] ==
                   MONITOR_FORMAT_COUNT,
               "monitor_formats needs a row for every enum monitor_format");

/* format = one of the names of monitor_formats. */
static int set_format(void *obj, const char *key, const char *v,
                      const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;
    char list[256] = "";
    size_t k, n;

    (void)env;
    for (k = 0; k < MONITOR_FORMAT_COUNT; k++) {
        if (strcmp(monitor_formats[k]->name, v) == 0) {
            m->format = (enum monitor_format)k;
            return 0;
        }
        n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", k > 0 ? ", " : "",
                 monitor_formats[k]->name);
    }
    return snprintf(msg, cap, "%s: want one of %s: %s", key, list, v), -1;
}

static void store_delimiter(void *obj, int i)
{
    static const char delimiters[] = {',', ';', '\t', '|'};

    ((struct monsrc *)obj)->delim = (unsigned char)delimiters[i];
}

static void store_header(void *obj, int i)
{
    ((struct monsrc *)obj)->header = i == 1;
}

static int set_time_format(void *obj, const char *key, const char *v,
                           const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;
    struct err fe;
    struct when_fmt *f = when_fmt_new(v, NULL, &fe);

    (void)key;
    (void)env;
    if (f == NULL)
        return snprintf(msg, cap, "time_format: %s", fe.msg), -1;
    when_fmt_free(f);
    free(m->time_format);
    m->time_format = xstrdup(v);
    return 0;
}

static int set_time_zone(void *obj, const char *key, const char *v,
                         const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;
    struct err ze;
    struct tz *z = tz_open(v, 0, 1, NULL, &ze);

    (void)key;
    (void)env;
    if (z == NULL)
        return snprintf(msg, cap, "time_zone: %s", ze.msg), -1;
    tz_free(z);
    free(m->time_zone);
    m->time_zone = xstrdup(v);
    return 0;
}

static const char *const delimiter_names[] = {"comma", "semicolon", "tab",
                                              "pipe", NULL};
static const char *const bool_names[] = {"false", "true", NULL};

/* The keys of every format. */
static const struct keys_spec common_keys[] = {
    {.name = "path",
     .type = KEYS_PATH,
     .offset = offsetof(struct monsrc, path)},
    {.name = "format", .type = KEYS_CUSTOM, .set = set_format},
    {.name = "delimiter",
     .type = KEYS_CHOICE,
     .choices = delimiter_names,
     .choice_list = "comma, semicolon, tab, pipe",
     .store = store_delimiter},
    {.name = "header",
     .type = KEYS_CHOICE,
     .choices = bool_names,
     .choice_list = "true, false",
     .store = store_header},
    {.name = "columns",
     .type = KEYS_LIST,
     .offset = offsetof(struct monsrc, columns),
     .count_offset = offsetof(struct monsrc, ncolumns)},
    {.name = "time_format", .type = KEYS_CUSTOM, .set = set_time_format},
    {.name = "time_zone", .type = KEYS_CUSTOM, .set = set_time_zone},
    {.name = "resource_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, resource_column)},
    {.name = "resource",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, resource)},
    {.name = "resource_path",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct monsrc, resource_path)},
    {.name = "status_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, status_column)},
    {.name = "down_pattern",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct monsrc, down)},
    {.name = "up_pattern",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct monsrc, up)},
    {.name = NULL},
};

void monitor_source_init(struct monsrc *m, const char *name, long line)
{
    memset(m, 0, sizeof *m);
    m->name = xstrdup(name);
    m->line = line;
    m->delim = ',';
    m->header = true;
    m->duration_unit = 1;
    m->confirm = 1;
}

void monitor_source_free(struct monsrc *m)
{
    free(m->name);
    free(m->path);
    keys_free_list(m->columns, m->ncolumns);
    free(m->time_column);
    free(m->time_format);
    free(m->time_zone);
    free(m->resource_column);
    free(m->resource);
    rx_free(m->resource_path);
    free(m->status_column);
    rx_free(m->down);
    rx_free(m->up);
    free(m->start_column);
    free(m->end_column);
    free(m->duration_column);
    free(m->location_column);
    free(m->requests_column);
    free(m->errors_column);
    keys_free_list(m->kuma_monitors, m->nkuma_monitors);
    free(m->prom_url);
    free(m->prom_query);
    free(m->prom_label);
}

const struct keys_spec *monitor_find_key(const char *key)
{
    const struct keys_spec *k = keys_find(common_keys, key);
    size_t i;

    for (i = 0; k == NULL && i < MONITOR_FORMAT_COUNT; i++)
        k = keys_find(monitor_formats[i]->keys, key);
    return k;
}

int monitor_validate(struct monsrc *m, char *msg, size_t cap)
{
    const struct monitor_format_ops *format = monitor_formats[m->format];
    bool sample_rules;

    if (m->path == NULL)
        return snprintf(msg, cap, "path is required"), -1;
    if (m->resource_column == NULL && m->resource == NULL &&
        m->resource_path == NULL && format->read_file == NULL)
        return snprintf(msg, cap, "resource_column is required"), -1;
    if ((m->resource_column != NULL) + (m->resource != NULL) +
            (m->resource_path != NULL) >
        1)
        return snprintf(msg, cap,
                        "resource_column, resource and resource_path "
                        "exclude each other"),
               -1;
    if (m->resource_path != NULL && rx_groups(m->resource_path) != 1)
        return snprintf(msg, cap,
                        "resource_path: want exactly one capture group, "
                        "got %u: %s",
                        rx_groups(m->resource_path),
                        rx_source(m->resource_path)),
               -1;
    if (format->validate(m, msg, cap) != 0)
        return -1;
    if (m->up != NULL && m->down == NULL)
        return snprintf(msg, cap, "up_pattern needs down_pattern"), -1;
    if (!m->header && m->ncolumns == 0)
        return snprintf(msg, cap, "header = false needs columns"), -1;
    if (m->header && m->ncolumns != 0)
        return snprintf(msg, cap, "columns is for header = false"), -1;
    sample_rules = m->confirm > 1 || m->unknown != UNKNOWN_UP ||
                   m->location_column != NULL || m->quorum != QUORUM_ANY;
    if (!format->keeps_samples && sample_rules)
        return snprintf(msg, cap,
                        "confirm, unknown, location_column and quorum are "
                        "for samples"),
               -1;
    if (!format->keeps_samples &&
        (m->bucket != 0 || m->bucket_rule_set || m->interval_next ||
         m->max_gap != 0 || m->requests_column != NULL ||
         m->errors_column != NULL || m->error_rate != 0))
        return snprintf(msg, cap,
                        "bucket, bucket_rule, interval = next, max_gap and "
                        "the error-rate keys are for samples"),
               -1;
    /* A format that keeps samples keeps them all, up ones too: the time
     * they cover is what decisions.csv reports as measured. */
    m->fidelity = format->keeps_samples;
    if (m->time_format == NULL)
        m->time_format = xstrdup("iso8601");
    if (m->time_zone == NULL)
        m->time_zone = xstrdup("UTC");
    return 0;
}

const struct monsrc *monitor_unknown_fallback(const struct monsrc *sources,
                                              size_t n)
{
    /* A monitor no row names has no sample at all. That means unknown time
     * only when every source keeps samples: a windows export lists
     * outages, so a monitor it does not name was simply up. */
    const struct monsrc *fallback = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!monitor_formats[sources[i].format]->keeps_samples)
            return NULL;
        if (sources[i].fidelity && fallback == NULL)
            fallback = &sources[i];
    }
    return fallback;
}

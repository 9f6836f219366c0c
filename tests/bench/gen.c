/*
 * gen.c - deterministic benchmark data for `make bench` (scripts/bench.sh).
 *
 * Writes DIR/monitoring/probes.csv (one 60-second sample per monitor and
 * minute of October 2026, time-ordered, a few duplicated rows) and
 * DIR/subscriptions.csv (one subscription per monitor). The same arguments
 * always give byte-identical files: all randomness comes from splitmix64
 * with a fixed seed, and the outage schedule is always drawn for the whole
 * month, so a shorter DAYS output is a prefix of the full one.
 *
 * usage: gen DIR [MONITORS [DAYS]]      (defaults: 1000 monitors, 31 days)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEED          UINT64_C(0x51ac4ed17b3a2026)
#define MONTH_DAYS    31
#define MONTH_MINUTES (MONTH_DAYS * 1440)
#define MAX_MONITORS  9999
#define MAX_OUTAGES   8
#define OUT_BUFSZ     (1u << 20)

/* One monitor's fixed traits and its outages for the month. */
struct monitor {
    char id[24];                    /* "m0001", NUL-terminated */
    size_t id_len;                  /* bytes in id */
    uint32_t base_ms;               /* typical response time, ms */
    size_t noutages;                /* used entries of out_start */
    int32_t out_start[MAX_OUTAGES]; /* minute index into the month */
    int32_t out_end[MAX_OUTAGES];   /* minute index, exclusive */
};

/* Buffered writer that counts bytes and remembers the first error. */
struct out {
    FILE *fp;
    char *buf;   /* OUT_BUFSZ bytes */
    size_t len;  /* bytes pending in buf */
    bool failed; /* a write failed; errno was reported */
};

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, good enough here. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Returns a uniform integer in [0, n), n > 0 (modulo bias is irrelevant). */
static uint32_t rng_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(rng_next(s) % n);
}

/*
 * Draws one monitor's outages. Most monitors have 0-5 outages of 1-180
 * minutes, skewed towards short ones; about one in a hundred also has one
 * outage of a whole day. Outages may overlap; the reader takes the union.
 */
static void monitor_plan(struct monitor *m, size_t idx, uint64_t *s)
{
    static const uint32_t count_cdf[] = {30, 55, 72, 84, 93, 100};
    uint32_t r = rng_below(s, 100);
    size_t n = 0;

    snprintf(m->id, sizeof m->id, "m%04zu", idx + 1);
    m->id_len = strlen(m->id);
    m->base_ms = 20 + rng_below(s, 380);
    while (r >= count_cdf[n])
        n++;
    m->noutages = 0;
    for (size_t i = 0; i < n; i++) {
        double u = (double)rng_below(s, 1000000) / 1e6;
        int32_t len = 1 + (int32_t)(180.0 * u * u);
        int32_t start = (int32_t)rng_below(s, MONTH_MINUTES);
        m->out_start[m->noutages] = start;
        m->out_end[m->noutages] = start + len;
        m->noutages++;
    }
    if (rng_below(s, 100) == 0) {
        int32_t start = (int32_t)rng_below(s, MONTH_MINUTES - 1440);
        m->out_start[m->noutages] = start;
        m->out_end[m->noutages] = start + 1440;
        m->noutages++;
    }
}

static bool monitor_down(const struct monitor *m, int32_t minute)
{
    for (size_t i = 0; i < m->noutages; i++)
        if (minute >= m->out_start[i] && minute < m->out_end[i])
            return true;
    return false;
}

static void out_flush(struct out *o)
{
    if (o->len > 0 && !o->failed && fwrite(o->buf, 1, o->len, o->fp) != o->len)
        o->failed = true;
    o->len = 0;
}

/* Appends n bytes; n is always far below OUT_BUFSZ. */
static void out_put(struct out *o, const char *p, size_t n)
{
    if (o->len + n > OUT_BUFSZ)
        out_flush(o);
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

/* Formats v in decimal at p and returns the number of bytes written. */
static size_t fmt_u32(char *p, uint32_t v)
{
    char tmp[10];
    size_t n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    return n;
}

static FILE *open_out(const char *dir, const char *name, char *path,
                      size_t pathsz)
{
    FILE *fp;

    if ((size_t)snprintf(path, pathsz, "%s/%s", dir, name) >= pathsz) {
        fprintf(stderr, "gen: %s/%s: path too long\n", dir, name);
        return NULL;
    }
    fp = fopen(path, "w");
    if (fp == NULL)
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
    return fp;
}

static int close_out(FILE *fp, const char *path, bool failed)
{
    if (failed || ferror(fp)) {
        fprintf(stderr, "gen: %s: write error\n", path);
        fclose(fp);
        return -1;
    }
    if (fclose(fp) != 0) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/*
 * Writes the samples, minute by minute, all monitors per minute in id order.
 * About one row in a million is written twice in a row. Returns the number
 * of data rows written, or -1 on a write error.
 */
static long long write_probes(const char *dir, const struct monitor *mons,
                              size_t nmon, int days, uint64_t *s)
{
    static const char header[] = "timestamp,monitor_id,status,response_ms\n";
    char path[4096];
    struct out o = {0};
    long long rows = 0;
    char ts[32];
    FILE *fp = open_out(dir, "monitoring/probes.csv", path, sizeof path);

    if (fp == NULL)
        return -1;
    o.fp = fp;
    o.buf = malloc(OUT_BUFSZ);
    if (o.buf == NULL) {
        fprintf(stderr, "gen: out of memory\n");
        fclose(fp);
        return -1;
    }
    out_put(&o, header, sizeof header - 1);
    for (int32_t minute = 0; minute < days * 1440; minute++) {
        /* "2026-10-DDTHH:MM:00Z", 20 bytes, rebuilt once per minute. */
        snprintf(ts, sizeof ts, "2026-10-%02dT%02d:%02d:00Z,",
                 minute / 1440 + 1, minute / 60 % 24, minute % 60);
        for (size_t i = 0; i < nmon; i++) {
            const struct monitor *m = &mons[i];
            uint64_t r = rng_next(s);
            bool down = monitor_down(m, minute);
            char line[64];
            size_t n = 21;
            uint32_t ms;

            memcpy(line, ts, n);
            memcpy(line + n, m->id, m->id_len);
            n += m->id_len;
            if (down) {
                memcpy(line + n, ",down,", 6);
                n += 6;
                /* Refused connections answer at once, the rest time out. */
                ms = (r & 1) ? 30000 : 0;
            } else {
                memcpy(line + n, ",up,", 4);
                n += 4;
                ms = m->base_ms + (uint32_t)((r >> 8) % (m->base_ms / 2 + 1));
                if (((r >> 32) & 0x3ff) == 0)
                    ms *= 10; /* a slow response now and then */
            }
            n += fmt_u32(line + n, ms);
            line[n++] = '\n';
            out_put(&o, line, n);
            rows++;
            if ((r >> 44) % 1000000 == 0) {
                out_put(&o, line, n);
                rows++;
            }
        }
    }
    out_flush(&o);
    free(o.buf);
    if (close_out(fp, path, o.failed) != 0)
        return -1;
    return rows;
}

/*
 * Writes one subscription per monitor: policies rotate tiers, perday,
 * prorated; currencies mix EUR, USD and JPY (no minor unit); every 25th
 * subscription also covers a second monitor.
 */
static int write_roster(const char *dir, size_t nmon)
{
    static const char *const policies[] = {"tiers", "perday", "prorated"};
    static const char *const eur_usd_fees[] = {"6.00", "19.00", "49.00",
                                               "99.00", "249.00"};
    static const char *const jpy_fees[] = {"980", "2500", "9800"};
    char path[4096];
    FILE *fp = open_out(dir, "subscriptions.csv", path, sizeof path);

    if (fp == NULL)
        return -1;
    fputs("subscription_id,customer_id,plan,policy,monthly_fee,currency,"
          "billing,payment_method,starts_at,ends_at,resources\n",
          fp);
    for (size_t i = 0; i < nmon; i++) {
        size_t k = i + 1;
        const char *cur = (k % 10 == 0) ? "JPY" : (k % 10 >= 7) ? "USD" : "EUR";
        const char *fee =
            (k % 10 == 0) ? jpy_fees[k / 10 % 3] : eur_usd_fees[k % 5];

        fprintf(fp,
                "s%04zu,c%04zu,pro,%s,%s,%s,subscription,card,"
                "2026-01-01T00:00:00Z,,m%04zu",
                k, k, policies[i % 3], fee, cur, k);
        if (k % 25 == 0)
            fprintf(fp, ";m%04zu", (i + nmon / 2) % nmon + 1);
        fputc('\n', fp);
    }
    return close_out(fp, path, false);
}

static int parse_arg(const char *s, long min, long max, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || *out < min || *out > max) {
        fprintf(stderr, "gen: %s: expected an integer in [%ld, %ld]\n", s, min,
                max);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char sub[4096];
    long nmon = 1000, days = MONTH_DAYS;
    uint64_t s = SEED;
    struct monitor *mons;
    long long rows;

    if (argc < 2 || argc > 4) {
        fputs("usage: gen DIR [MONITORS [DAYS]]\n", stderr);
        return 64;
    }
    if ((argc > 2 && parse_arg(argv[2], 1, MAX_MONITORS, &nmon) != 0) ||
        (argc > 3 && parse_arg(argv[3], 1, MONTH_DAYS, &days) != 0))
        return 64;
    if ((size_t)snprintf(sub, sizeof sub, "%s/monitoring", argv[1]) >=
            sizeof sub ||
        (mkdir(argv[1], 0777) != 0 && errno != EEXIST) ||
        (mkdir(sub, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "gen: %s: cannot create folder\n", sub);
        return 73;
    }
    mons = calloc((size_t)nmon, sizeof *mons);
    if (mons == NULL) {
        fputs("gen: out of memory\n", stderr);
        return 71;
    }
    for (size_t i = 0; i < (size_t)nmon; i++)
        monitor_plan(&mons[i], i, &s);
    rows = write_probes(argv[1], mons, (size_t)nmon, (int)days, &s);
    free(mons);
    if (rows < 0 || write_roster(argv[1], (size_t)nmon) != 0)
        return 74;
    printf("%lld\n", rows);
    return 0;
}

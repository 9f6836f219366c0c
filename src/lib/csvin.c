/* csvin: libcsv-driven record reader with line numbers (see csvin.h).
 *
 * libcsv delivers fields and row ends through callbacks while it parses a
 * block. With CSV_REPALL_NL it reports every line end, which is how lines are
 * counted: a row end on '\n' advances the line, and so does every '\n' inside
 * a (quoted) field. A row end on '\r' counts as a line end only when the
 * next record starts before any '\n' (CR-only files), so CRLF and CR CR LF
 * each end one line. Zero-field rows are blank lines or the LF of a CRLF pair
 * and are skipped. Fields can only hold a newline when they were quoted, so
 * fields are scanned for newlines only while a quote character was seen in
 * the current or the previous block: the common unquoted export pays
 * nothing for it.
 *
 * Beside it, each_fast() takes the lines it can be sure of itself (see
 * fast_row()); libcsv gets the rest, line by line, and its state decides
 * when the fast path may take over again (between_records()). With
 * opts.reference every block goes to libcsv, as before the fast path:
 * tests/fuzz/fuzz_csvdiff.c compares the two. */
#include "lib/csvin.h"

#include "lib/buf.h"
#include "lib/infile.h"
#include "lib/sha.h"
#include "lib/xalloc.h"

#include <csv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BLOCK          (1u << 16)
#define FIELD_MAX      (1u << 20)
#define RECORD_MAX     (FIELD_MAX * 4) /* bytes of a record's texts */
#define FIELDS_MAX     (1u << 16)      /* fields in a record */
#define PROGRESS_EVERY (8u << 20)
#define SKIPPED        SIZE_MAX /* offset of a field that is not kept */
/* Files at least this large are read through read-only mappings of the
 * file, one window at a time (so the pages mapped, which count in the
 * resident set, stay bounded); smaller ones with pread(). */
#define MAP_MIN    (1u << 20)
#define MAP_WINDOW ((uint64_t)8 << 20)

struct csvin {
    char *path;
    FILE *fp;
    uint64_t size;            /* file size, as the file was opened */
    int read_errno;           /* a failed read's errno, or 0 */
    bool mapped;              /* read through the window below */
    const unsigned char *win; /* the mapped window, or NULL ... */
    uint64_t win_off;         /* ... of the file's bytes [win_off, ... */
    size_t win_len;           /* ... win_off + win_len) */
    uint64_t off, end;        /* current range */
    struct csv_parser p;
    struct csvin_opts o;
    unsigned char *blk;

    bool *keep; /* NULL: keep every column */
    size_t nkeep;

    struct buf data; /* field texts of the current record, NUL-separated */
    size_t *off_f;   /* offset of each field in data, or SKIPPED */
    size_t *len;     /* length of each field */
    const char **f;  /* pointers handed to the callback */
    size_t nf, capf;

    long line;  /* lines completed before the current record */
    long inner; /* newlines inside fields of the current record */
    long cr;    /* row ends on '\r' since the last '\n' */
    uint64_t index;
    bool too_long;
    size_t nul_at;     /* 1-based field holding a NUL byte; 0 if none */
    size_t rec_bytes;  /* bytes of the current record's fields so far */
    bool quotes_near;  /* a quote char in this block or the previous one */
    bool row_ended_lf; /* the last event was a row end on '\n' */

    csvin_row_fn fn;
    void *ctx;
    struct err *e;
    bool failed;
};

/* A reader of the open file fp (owned) of size bytes. */
static struct csvin *open_fp(FILE *fp, uint64_t size, const char *path,
                             const struct csvin_opts *opts, struct err *e)
{
    struct csvin *r;

    r = xcalloc(1, sizeof *r);
    r->path = xstrdup(path);
    r->fp = fp;
    r->size = size;
    r->mapped = size >= MAP_MIN;
    r->end = r->size;
    r->row_ended_lf = true;
    if (opts != NULL)
        r->o = *opts;
    if (r->o.delim == 0)
        r->o.delim = ',';
    /* A block, an incomplete line before it, a sentinel LF after it and
     * room for the 16-byte loads of scan_line(); zeroed once, so those
     * loads never read uninitialized memory. */
    r->blk = xcalloc(1, 2 * BLOCK + 32);
    buf_init(&r->data, FIELD_MAX * 4);
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                            CSV_REPALL_NL) != 0) {
        csvin_close(r);
        err_set(e, RC_OSERR, path, 0, "cannot set up the CSV parser");
        return NULL;
    }
    csv_set_delim(&r->p, r->o.delim);
    return r;
}

struct csvin *csvin_open(const char *path, const struct csvin_opts *opts,
                         struct err *e)
{
    struct stat sb;
    FILE *fp = infile_open(path, e);

    if (fp == NULL)
        return NULL;
    return open_fp(fp, fstat(fileno(fp), &sb) == 0 ? (uint64_t)sb.st_size : 0,
                   path, opts, e);
}

struct csvin *csvin_open_same(const struct csvin *from,
                              const struct csvin_opts *opts, struct err *e)
{
    int fd = dup(fileno(from->fp));
    FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;

    if (fp == NULL) {
        err_set(e, RC_OSERR, from->path, 0, "cannot open again: %s",
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    return open_fp(fp, from->size, from->path, opts, e);
}

/* Maps the window of the file holding [pos, pos + n), n at most a block.
 * Returns false when it cannot be mapped. */
static bool map_window(struct csvin *r, uint64_t pos, size_t n)
{
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), off = pos - pos % page;
    size_t len =
        (size_t)(r->size - off < MAP_WINDOW ? r->size - off : MAP_WINDOW);
    void *p;

    if (r->win != NULL && pos >= r->win_off &&
        pos + n <= r->win_off + r->win_len)
        return true;
    if (r->win != NULL)
        munmap((void *)(uintptr_t)r->win, r->win_len);
    r->win = NULL;
    p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fileno(r->fp), (off_t)off);
    if (p == MAP_FAILED)
        return false;
    (void)posix_madvise(p, len, POSIX_MADV_SEQUENTIAL);
    r->win = p;
    r->win_off = off;
    r->win_len = len;
    return true;
}

/* Reads the file's bytes [pos, pos + n) into dst, n at most a block:
 * from the mapped window, or with pread(). Returns the bytes read, 0 at
 * the end or on an error (then r->read_errno is set). */
static size_t read_at(struct csvin *r, void *dst, size_t n, uint64_t pos)
{
    size_t got = 0;

    if (pos >= r->size)
        return 0;
    if (n > r->size - pos)
        n = (size_t)(r->size - pos);
    if (r->mapped && map_window(r, pos, n)) {
        memcpy(dst, r->win + (pos - r->win_off), n);
        return n;
    }
    while (got < n) {
        ssize_t k = pread(fileno(r->fp), (char *)dst + got, n - got,
                          (off_t)(pos + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            r->read_errno = errno;
            return 0;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return got;
}

void csvin_keep(struct csvin *r, const bool *keep, size_t n)
{
    free(r->keep);
    r->keep = xcalloc(n, sizeof *keep);
    memcpy(r->keep, keep, n * sizeof *keep);
    r->nkeep = n;
}

void csvin_set_range(struct csvin *r, uint64_t off, uint64_t len)
{
    r->off = off < r->size ? off : r->size;
    r->end = len < r->size - r->off ? r->off + len : r->size;
}

static void grow_fields(struct csvin *r)
{
    r->capf = r->capf != 0 ? r->capf * 2 : 16;
    r->off_f = xreallocarray(r->off_f, r->capf, sizeof *r->off_f);
    r->len = xreallocarray(r->len, r->capf, sizeof *r->len);
    r->f = xreallocarray(r->f, r->capf, sizeof *r->f);
}

static void on_field(void *s, size_t n, void *data)
{
    struct csvin *r = data;
    const char *t = s;
    size_t i = r->nf;

    r->row_ended_lf = false;
    if (i == 0) {
        /* A new record before any '\n': those CRs ended lines of their own. */
        r->line += r->cr;
        r->cr = 0;
    }
    r->rec_bytes += n + 1;
    if (i >= FIELDS_MAX || r->rec_bytes > RECORD_MAX) {
        r->too_long = true; /* nothing more is kept: memory stays bounded */
        return;
    }
    if (i == r->capf)
        grow_fields(r);
    r->nf++;
    if (n > 0 && r->nul_at == 0 && memchr(t, '\0', n) != NULL)
        r->nul_at = i + 1;
    if (r->quotes_near && n > 0) {
        const char *p = t, *end = t + n;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            r->inner++;
            p++;
        }
    }
    if (r->keep != NULL && (i >= r->nkeep || !r->keep[i])) {
        r->off_f[i] = SKIPPED;
        r->len[i] = 0;
        return;
    }
    if (n > FIELD_MAX)
        r->too_long = true;
    r->off_f[i] = r->data.len;
    r->len[i] = n;
    if (buf_append(&r->data, t != NULL ? t : "", n + 1) != 0)
        r->too_long = true;
}

static void set_too_long(struct csvin *r)
{
    err_set(r->e, RC_DATA, r->path, r->line + 1,
            "record too long: a field passes %u bytes, the record %u bytes "
            "or %u fields",
            FIELD_MAX, RECORD_MAX, FIELDS_MAX);
    r->failed = true;
}

static void on_row(int c, void *data)
{
    struct csvin *r = data;
    struct csvrec rec;
    size_t i;

    if (!r->failed && (r->nf > 0 || r->too_long)) {
        if (r->too_long) {
            set_too_long(r);
        } else if (r->nul_at != 0) {
            err_set(r->e, RC_DATA, r->path, r->line + 1,
                    "NUL byte in a field: column %zu", r->nul_at);
            r->failed = true;
        } else {
            for (i = 0; i < r->nf; i++)
                r->f[i] = r->off_f[i] == SKIPPED ? "" : r->data.p + r->off_f[i];
            rec.n = r->nf;
            rec.f = r->f;
            rec.len = r->len;
            rec.line = r->line + 1;
            rec.index = r->index++;
            if (r->fn(r->ctx, &rec, r->e) != 0) {
                err_locate(r->e, r->path, rec.line);
                r->failed = true;
            }
        }
    }
    r->line += r->inner;
    if (c == '\n') {
        r->line++;
        r->cr = 0;
    } else if (c == '\r') {
        r->cr++;
    }
    r->row_ended_lf = c == '\n';
    r->inner = 0;
    r->nf = 0;
    r->too_long = false;
    r->nul_at = 0;
    r->rec_bytes = 0;
    r->data.len = 0;
}

static int fail_csv(struct csvin *r, struct err *e)
{
    err_set(e, RC_DATA, r->path, r->line + r->cr + 1, "malformed CSV: %s",
            csv_strerror(csv_error(&r->p)));
    return -1;
}

/* Reads the range the reference way: every block goes to libcsv. */
static int each_reference(struct csvin *r, uint64_t *pos_out,
                          uint64_t *done_out, struct err *e)
{
    size_t n, skip, want;
    uint64_t pos = r->off, done = 0, next_report = PROGRESS_EVERY;
    bool quote_before = false;

    while (pos < r->end) {
        want = r->end - pos < BLOCK ? (size_t)(r->end - pos) : BLOCK;
        n = read_at(r, r->blk, want, pos);
        if (n == 0)
            break;
        if (r->o.digest != NULL)
            sha_update(r->o.digest, r->blk, n);
        skip = 0;
        if (pos == 0 && n >= 3 && memcmp(r->blk, "\xEF\xBB\xBF", 3) == 0)
            skip = 3;
        pos += n;
        done += n;
        {
            bool quote_here = memchr(r->blk, '"', n) != NULL;
            r->quotes_near = quote_here || quote_before;
            quote_before = quote_here;
        }
        if (csv_parse(&r->p, r->blk + skip, n - skip, on_field, on_row, r) !=
            n - skip) {
            if (r->failed)
                return -1;
            return fail_csv(r, e);
        }
        if (r->failed)
            return -1;
        if (r->too_long || r->p.entry_pos > FIELD_MAX) {
            /* Refused before the record ends: libcsv's field buffer and
             * ours stay within the limits. */
            set_too_long(r);
            return -1;
        }
        if (r->o.progress != NULL && done >= next_report) {
            r->o.progress(r->o.progress_ctx, done);
            next_report = done + PROGRESS_EVERY;
        }
    }
    *pos_out = pos;
    *done_out = done;
    return 0;
}

/* Hands bytes to libcsv, the reference. Returns 0, or -1 with e set. */
static int slow(struct csvin *r, const char *s, size_t n, struct err *e)
{
    if (n == 0)
        return 0;
    /* Only a quoted field holds a newline: one opened before these bytes
     * (still open in the parser) or in them. */
    r->quotes_near = r->p.quoted != 0 || memchr(s, '"', n) != NULL;
    if (csv_parse(&r->p, s, n, on_field, on_row, r) != n) {
        if (r->failed)
            return -1;
        return fail_csv(r, e);
    }
    if (r->failed)
        return -1;
    if (r->too_long || r->p.entry_pos > FIELD_MAX) {
        set_too_long(r);
        return -1;
    }
    return 0;
}

/* True between two records, after a line end on LF and past the first
 * record (which may follow a BOM or blank lines): where the fast path may
 * take the next line. */
static bool between_records(const struct csvin *r)
{
    return r->index > 0 && r->row_ended_lf && r->p.pstate == 0 &&
           r->p.entry_pos == 0 && r->nf == 0;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

#if defined(__SSE2__)
/* Finds the LF ending the line at s (there is one: the buffer ends with a
 * sentinel LF, then at least 16 readable bytes) and the delimiters before
 * it, 16 bytes at a time: the delimiters before the first LF of the 16 are
 * taken from a bit mask, so how many there are costs no branch on each.
 * The start of each field goes to r->f; *nf is the number of fields.
 * Returns the LF. */
static char *scan_line(struct csvin *r, char *s, size_t *nf)
{
    const __m128i vd = _mm_set1_epi8((char)r->o.delim);
    const __m128i vn = _mm_set1_epi8('\n');
    char *c = s;
    size_t i = 0;

    if (r->capf == 0)
        grow_fields(r);
    r->f[0] = s;
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(void *)c);
        unsigned dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
        unsigned nm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vn));
        if (nm != 0)
            dm &= (nm & (0u - nm)) - 1; /* the delimiters before the LF */
        while (dm != 0) {
            if (++i == r->capf)
                grow_fields(r);
            r->f[i] = c + __builtin_ctz(dm) + 1;
            dm &= dm - 1;
        }
        if (nm != 0) {
            c += __builtin_ctz(nm);
            break;
        }
        c += 16;
    }
    *nf = i + 1;
    return c;
}
#else
/* Bytes of w equal to the byte repeated in pat: the lowest flagged byte is
 * exact (higher ones may be false), which is all the scan below uses. */
static inline uint64_t bytes_eq(uint64_t w, uint64_t pat)
{
    uint64_t x = w ^ pat;

    return (x - UINT64_C(0x0101010101010101)) & ~x &
           UINT64_C(0x8080808080808080);
}

/* Finds the LF ending the line at s (there is one: the buffer ends with a
 * sentinel LF, then at least 8 readable bytes) and the delimiters before it,
 * 8 bytes at a time. The start of each field goes to r->f; *nf is the
 * number of fields. Returns the LF. */
static char *scan_line(struct csvin *r, char *s, size_t *nf)
{
    const char d = (char)r->o.delim;
    char *c = s;
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t pd = UINT64_C(0x0101010101010101) * (unsigned char)d;
    const uint64_t pn = UINT64_C(0x0101010101010101) * '\n';
#endif

    if (r->capf == 0)
        grow_fields(r);
    r->f[0] = s;
    for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint64_t w, m;
        memcpy(&w, c, 8);
        m = bytes_eq(w, pd) | bytes_eq(w, pn);
        if (m == 0) {
            c += 8;
            continue;
        }
        c += __builtin_ctzll(m) >> 3;
#else
        while (*c != d && *c != '\n')
            c++;
#endif
        if (*c == '\n')
            break;
        if (++i == r->capf)
            grow_fields(r);
        r->f[i] = ++c;
    }
    *nf = i + 1;
    return c;
}
#endif

/* The fast path: the line scan_line() found, nf fields before the LF at
 * end, without quote, CR or NUL, taken in place: the delimiters and the LF
 * become the fields' NULs, so nothing is copied. Fields lose their leading
 * and trailing blanks, and a line of blanks is no record, as libcsv does.
 * Returns 0, or -1 with e set by the callback. */
static int fast_row(struct csvin *r, char *end, size_t nf, struct err *e)
{
    size_t i, width = 0;
    struct csvrec rec;

    for (i = 0; i < nf; i++) {
        char *b = (char *)r->f[i];
        char *fe = i + 1 < nf ? (char *)r->f[i + 1] - 1 : end;
        while (b < fe && blank(*b))
            b++;
        while (fe > b && blank(fe[-1]))
            fe--;
        *fe = '\0';
        width = (size_t)(fe - b);
        if (r->keep != NULL && (i >= r->nkeep || !r->keep[i])) {
            r->f[i] = "";
            r->len[i] = 0;
        } else {
            r->f[i] = b;
            r->len[i] = width;
        }
    }
    if (nf == 1 && width == 0) {
        r->line++; /* a blank line */
        return 0;
    }
    rec.n = nf;
    rec.f = r->f;
    rec.len = r->len;
    rec.line = r->line + 1;
    rec.index = r->index++;
    r->line++;
    if (r->fn(r->ctx, &rec, e) != 0) {
        err_locate(e, r->path, rec.line);
        r->failed = true;
        return -1;
    }
    return 0;
}

/* The position of the next c in b[from, n), or n. */
static size_t next_of(const char *b, size_t from, size_t n, char c)
{
    const char *p = memchr(b + from, c, n - from);

    return p != NULL ? (size_t)(p - b) : n;
}

/* Reads the range line by line: a line the fast path can take goes to
 * fast_row(), any other to libcsv. A line left incomplete at the end of the
 * buffer moves to its front, unless it is longer than a block or the range
 * ends there: then libcsv takes it and keeps its state. */
static int each_fast(struct csvin *r, uint64_t *pos_out, uint64_t *done_out,
                     struct err *e)
{
    char *b = (char *)r->blk;
    size_t have = 0, n, want, p, nl, q, cr, nul;
    uint64_t pos = r->off, done = 0, next_report = PROGRESS_EVERY;
    size_t block = r->o.block == 0 || r->o.block > BLOCK ? BLOCK
                   : r->o.block < 16                     ? 16
                                                         : r->o.block;
    bool more = pos < r->end;
    /* Delimiters libcsv gives another meaning never take the fast path. */
    bool can_fast = strchr("\"\r\n", r->o.delim) == NULL;

    while (more) {
        want = r->end - pos < block ? (size_t)(r->end - pos) : block;
        n = read_at(r, b + have, want, pos);
        if (n == 0)
            break;
        if (r->o.digest != NULL)
            sha_update(r->o.digest, b + have, n);
        pos += n;
        done += n;
        if (pos == n && n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
            memmove(b, b + 3, n - 3); /* a BOM, at the start of the file */
            n -= 3;
        }
        have += n;
        more = pos < r->end;
        q = next_of(b, 0, have, '"');
        cr = next_of(b, 0, have, '\r');
        nul = next_of(b, 0, have, '\0');
        b[have] = '\n'; /* the sentinel */
        for (p = 0; p < have; p = nl + 1) {
            bool fast = can_fast && between_records(r);
            size_t nf = 0;
            nl = fast ? (size_t)(scan_line(r, b + p, &nf) - b)
                      : (size_t)((char *)memchr(b + p, '\n', have - p + 1) - b);
            if (nl == have)
                break;
            if (q < p)
                q = next_of(b, p, have, '"');
            if (cr < p)
                cr = next_of(b, p, have, '\r');
            if (nul < p)
                nul = next_of(b, p, have, '\0');
            if (fast && q > nl && cr > nl && nul > nl && nl - p < FIELDS_MAX) {
                if (fast_row(r, b + nl, nf, e) != 0)
                    return -1;
            } else if (slow(r, b + p, nl + 1 - p, e) != 0) {
                return -1;
            }
        }
        if (!more || have - p > block) {
            if (slow(r, b + p, have - p, e) != 0)
                return -1;
            have = 0;
        } else {
            memmove(b, b + p, have - p);
            have -= p;
        }
        if (r->o.progress != NULL && done >= next_report) {
            r->o.progress(r->o.progress_ctx, done);
            next_report = done + PROGRESS_EVERY;
        }
    }
    if (have > 0 && slow(r, b, have, e) != 0)
        return -1; /* the file ended early */
    *pos_out = pos;
    *done_out = done;
    return 0;
}

int csvin_each(struct csvin *r, csvin_row_fn fn, void *ctx, struct err *e)
{
    uint64_t pos = r->off, done = 0;

    r->fn = fn;
    r->ctx = ctx;
    r->e = e;
    r->failed = false;
    r->read_errno = 0;
    if ((r->o.reference ? each_reference(r, &pos, &done, e)
                        : each_fast(r, &pos, &done, e)) != 0)
        return -1;
    if (r->read_errno != 0) {
        err_set(e, RC_IOERR, r->path, 0, "read error: %s",
                strerror(r->read_errno));
        return -1;
    }
    r->off = pos;
    if (pos < r->size)
        return 0; /* a part of the file: the parser stays open */
    r->quotes_near = true;
    if (csv_fini(&r->p, on_field, on_row, r) != 0)
        return fail_csv(r, e);
    if (r->failed)
        return -1;
    if (r->o.progress != NULL)
        r->o.progress(r->o.progress_ctx, done);
    return 0;
}

bool csvin_at_boundary(const struct csvin *r)
{
    return r->row_ended_lf && r->p.pstate == 0 && r->p.entry_pos == 0;
}

long csvin_lines(const struct csvin *r)
{
    return r->line;
}

void csvin_set_digest(struct csvin *r, struct sha *digest)
{
    r->o.digest = digest;
}

uint64_t csvin_size(const struct csvin *r)
{
    return r->size;
}

int csvin_fd(const struct csvin *r)
{
    return fileno(r->fp);
}

const char *csvin_path(const struct csvin *r)
{
    return r->path;
}

void csvin_close(struct csvin *r)
{
    if (r == NULL)
        return;
    csv_free(&r->p);
    if (r->win != NULL)
        munmap((void *)(uintptr_t)r->win, r->win_len);
    if (r->fp != NULL)
        fclose(r->fp);
    buf_free(&r->data);
    free(r->keep);
    free(r->off_f);
    free(r->len);
    free(r->f);
    free(r->blk);
    free(r->path);
    free(r);
}

long csvin_column(const char *const *names, size_t n, const char *name,
                  struct err *e)
{
    size_t i;
    long at = -1;

    for (i = 0; i < n; i++) {
        if (strcmp(names[i], name) != 0)
            continue;
        if (at >= 0) {
            err_set(e, RC_DATA, NULL, 0, "column named twice in header: %s",
                    name);
            return -2;
        }
        at = (long)i;
    }
    return at;
}

long csvin_find(const struct csvrec *rec, const char *name)
{
    size_t i;

    for (i = 0; i < rec->n; i++) {
        if (strcmp(rec->f[i], name) == 0)
            return (long)i;
    }
    return -1;
}

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
 * fast_lines()): the buffer is scanned once into bit masks of 64 bytes
 * (delimiters, LFs, quote/CR/NUL, blanks), from which a plain line's
 * fields are taken in place. libcsv gets the rest, line by line, and its
 * state decides when the fast path may take over again
 * (between_records()). With opts.reference every block goes to libcsv, as
 * before the fast path: tests/fuzz/fuzz_csvdiff.c compares the two. */
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
/* On x86-64 with GCC or clang, a second fast path scans 32 bytes at a time
 * with AVX2 when the processor has it (chosen at run time). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__AVX2__)
#define CSVIN_AVX2 1
#include <immintrin.h>
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
    size_t *drop; /* the columns below nkeep not kept, in order */
    size_t ndrop;

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
    bool avx2;         /* the processor has AVX2 (see CSVIN_AVX2) */

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
#if defined(CSVIN_AVX2)
    __builtin_cpu_init();
    r->avx2 = __builtin_cpu_supports("avx2") != 0 && !r->o.narrow;
#endif
    /* A block, an incomplete line before it, a sentinel LF after it and
     * room for the 64-byte loads of fast_lines(); zeroed once, so those
     * loads never read uninitialized memory. */
    r->blk = xcalloc(1, 2 * BLOCK + 128);
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
    size_t i;

    free(r->keep);
    r->keep = xcalloc(n, sizeof *keep);
    memcpy(r->keep, keep, n * sizeof *keep);
    r->nkeep = n;
    free(r->drop);
    r->drop = xcalloc(n + 1, sizeof *r->drop);
    r->ndrop = 0;
    for (i = 0; i < n; i++) {
        if (!keep[i])
            r->drop[r->ndrop++] = i;
    }
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

/* The bytes of a 64-byte chunk, as bit masks (bit i: byte i): the
 * delimiters, the LFs, the bytes no fast line holds (quote, CR, NUL) and
 * the blanks (space, tab) that are not delimiters. */
struct chunk {
    uint64_t delim, lf, odd, blank;
};

#if defined(__SSE2__)
static inline uint64_t mask16(__m128i eq, int k)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(eq) << (16 * k);
}

static inline void chunk_scan(const char *c, unsigned char delim,
                              struct chunk *m)
{
    const __m128i vd = _mm_set1_epi8((char)delim);
    const __m128i vl = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"');
    const __m128i vc = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    const __m128i vs = _mm_set1_epi8(' '), vt = _mm_set1_epi8('\t');
    int k;

    m->delim = m->lf = m->odd = m->blank = 0;
    for (k = 0; k < 4; k++) {
        __m128i v =
            _mm_loadu_si128((const __m128i *)(const void *)(c + 16 * k));
        m->delim |= mask16(_mm_cmpeq_epi8(v, vd), k);
        m->lf |= mask16(_mm_cmpeq_epi8(v, vl), k);
        m->odd |= mask16(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vq),
                                                   _mm_cmpeq_epi8(v, vc)),
                                      _mm_cmpeq_epi8(v, vz)),
                         k);
        m->blank |= mask16(
            _mm_or_si128(_mm_cmpeq_epi8(v, vs), _mm_cmpeq_epi8(v, vt)), k);
    }
    m->blank &= ~m->delim;
}
#else
static inline void chunk_scan(const char *c, unsigned char delim,
                              struct chunk *m)
{
    int k;

    m->delim = m->lf = m->odd = m->blank = 0;
    for (k = 0; k < 64; k++) {
        unsigned char u = (unsigned char)c[k];
        m->delim |= (uint64_t)(u == delim) << k;
        m->lf |= (uint64_t)(u == '\n') << k;
        m->odd |= (uint64_t)(u == '"' || u == '\r' || u == '\0') << k;
        m->blank |= (uint64_t)(u != delim && (u == ' ' || u == '\t')) << k;
    }
}
#endif

#if defined(CSVIN_AVX2)
static inline uint64_t mask32(__m256i eq, int k)
    __attribute__((target("avx2")));
static inline uint64_t mask32(__m256i eq, int k)
{
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(eq) << (32 * k);
}

/* chunk_scan(), 32 bytes at a time. */
static inline void chunk_scan_avx2(const char *c, unsigned char delim,
                                   struct chunk *m)
    __attribute__((target("avx2")));
static inline void chunk_scan_avx2(const char *c, unsigned char delim,
                                   struct chunk *m)
{
    const __m256i vd = _mm256_set1_epi8((char)delim);
    const __m256i vl = _mm256_set1_epi8('\n'), vq = _mm256_set1_epi8('"');
    const __m256i vc = _mm256_set1_epi8('\r'), vz = _mm256_setzero_si256();
    const __m256i vs = _mm256_set1_epi8(' '), vt = _mm256_set1_epi8('\t');
    int k;

    m->delim = m->lf = m->odd = m->blank = 0;
    for (k = 0; k < 2; k++) {
        __m256i v =
            _mm256_loadu_si256((const __m256i *)(const void *)(c + 32 * k));
        m->delim |= mask32(_mm256_cmpeq_epi8(v, vd), k);
        m->lf |= mask32(_mm256_cmpeq_epi8(v, vl), k);
        m->odd |=
            mask32(_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, vq),
                                                   _mm256_cmpeq_epi8(v, vc)),
                                   _mm256_cmpeq_epi8(v, vz)),
                   k);
        m->blank |= mask32(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, vs), _mm256_cmpeq_epi8(v, vt)),
            k);
    }
    m->blank &= ~m->delim;
}
#endif

/* Fields lose their leading and trailing blanks, as in libcsv. */
static void trim_fields(struct csvin *r, size_t nf)
{
    size_t i;

    for (i = 0; i < nf; i++) {
        char *b = (char *)r->f[i], *fe = b + r->len[i];
        while (b < fe && blank(*b))
            b++;
        while (fe > b && blank(fe[-1]))
            fe--;
        *fe = '\0';
        r->f[i] = b;
        r->len[i] = (size_t)(fe - b);
    }
}

/* The fast path: a line of nf fields (their starts and lengths in r->f
 * and r->len), without quote, CR or NUL, taken in place: fast_lines() made
 * the delimiters and the LF the fields' NULs, so nothing is copied. With
 * blanks in it, fields lose their leading and trailing blanks, and a line
 * of blanks is no record, as libcsv does. Returns 0, or -1 with e set by
 * the callback. */
static inline int fast_row(struct csvin *r, size_t nf, bool blanks,
                           struct err *e) __attribute__((always_inline));
static inline int fast_row(struct csvin *r, size_t nf, bool blanks,
                           struct err *e)
{
    size_t i;
    struct csvrec rec;

    if (blanks)
        trim_fields(r, nf);
    if (nf == 1 && r->len[0] == 0) {
        r->line++; /* a blank line */
        return 0;
    }
    if (r->keep != NULL) {
        for (i = 0; i < r->ndrop && r->drop[i] < nf; i++) {
            r->f[r->drop[i]] = "";
            r->len[r->drop[i]] = 0;
        }
        for (i = r->nkeep; i < nf; i++) {
            r->f[i] = "";
            r->len[i] = 0;
        }
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

/* Puts back the delimiters and the LF fast_lines() made NULs in a line of
 * nf fields that the fast path does not take. */
static void unfast(struct csvin *r, size_t nf)
{
    size_t i;

    for (i = 0; i + 1 < nf; i++)
        ((char *)r->f[i])[r->len[i]] = (char)r->o.delim;
    ((char *)r->f[nf - 1])[r->len[nf - 1]] = '\n';
}

/* Takes the lines of b from *p on that the fast path can: b[have] is a
 * sentinel LF, followed by at least 64 readable bytes. The buffer is
 * scanned 64 bytes at a time into bit masks (chunk_scan()), once; the
 * delimiters and LFs are then taken bit by bit, each noting a field and
 * becoming its NUL. Stops at the first line it cannot take (a quote, CR or
 * NUL in it, FIELDS_MAX bytes or more, or not ended before the sentinel),
 * puts its bytes back (unfast()) and sets *p to its start. Returns 0, or
 * -1 with e set by the callback. */
static inline int fast_lines_body(struct csvin *r, char *b, size_t have,
                                  size_t *p, struct err *e, bool wide)
    __attribute__((always_inline));
static inline int fast_lines_body(struct csvin *r, char *b, size_t have,
                                  size_t *p, struct err *e, bool wide)
{
    char *c = b + *p, *ls = b + *p, *fs = ls, *sentinel = b + have;
    size_t nf = 0;
    uint64_t odd = 0, blanks = 0; /* in the line's chunks before */
    struct chunk m;

    for (;; c += 64) {
        uint64_t s, from = 0; /* the line's first bit in this chunk */
        const char **f;
        size_t *len;
        while (r->capf < nf + 65)
            grow_fields(r); /* room for the fields begun in 64 bytes */
        f = r->f;
        len = r->len;
#if defined(CSVIN_AVX2)
        if (wide)
            chunk_scan_avx2(c, r->o.delim, &m);
        else
#endif
            chunk_scan(c, r->o.delim, &m);
        for (s = m.delim | m.lf; s != 0; s &= s - 1) {
            unsigned k = (unsigned)__builtin_ctzll(s);
            char *at = c + k;
            uint64_t in;
            f[nf] = fs;
            len[nf++] = (size_t)(at - fs);
            fs = at + 1;
            *at = '\0';
            if ((m.lf >> k & 1) == 0)
                continue;
            in = ((UINT64_C(1) << k) - 1) & (~UINT64_C(0) << from);
            odd |= m.odd & in;
            if (at == sentinel || odd != 0 || (size_t)(at - ls) >= FIELDS_MAX) {
                unfast(r, nf);
                *p = (size_t)(ls - b);
                return 0;
            }
            if (fast_row(r, nf, (blanks | (m.blank & in)) != 0, e) != 0)
                return -1;
            ls = fs;
            nf = 0;
            from = k + 1;
            blanks = 0;
        }
        if (from < 64) {
            odd |= m.odd >> from;
            blanks |= m.blank >> from;
        }
    }
}

#if defined(CSVIN_AVX2)
static int fast_lines_avx2(struct csvin *r, char *b, size_t have, size_t *p,
                           struct err *e) __attribute__((target("avx2")));
static int fast_lines_avx2(struct csvin *r, char *b, size_t have, size_t *p,
                           struct err *e)
{
    return fast_lines_body(r, b, have, p, e, true);
}
#endif

static int fast_lines(struct csvin *r, char *b, size_t have, size_t *p,
                      struct err *e)
{
#if defined(CSVIN_AVX2)
    if (r->avx2)
        return fast_lines_avx2(r, b, have, p, e);
#endif
    return fast_lines_body(r, b, have, p, e, false);
}

/* Reads the range line by line: the lines the fast path can take go to
 * fast_lines(), any other to libcsv. A line left incomplete at the end of
 * the buffer moves to its front, unless it is longer than a block or the
 * range ends there: then libcsv takes it and keeps its state. */
static int each_fast(struct csvin *r, uint64_t *pos_out, uint64_t *done_out,
                     struct err *e)
{
    char *b = (char *)r->blk;
    size_t have = 0, n, want, p, nl;
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
        b[have] = '\n'; /* the sentinel */
        for (p = 0; p < have; p = nl + 1) {
            if (can_fast && between_records(r) &&
                fast_lines(r, b, have, &p, e) != 0)
                return -1;
            nl = (size_t)((char *)memchr(b + p, '\n', have - p + 1) - b);
            if (nl == have)
                break;
            if (slow(r, b + p, nl + 1 - p, e) != 0)
                return -1;
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
    free(r->drop);
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

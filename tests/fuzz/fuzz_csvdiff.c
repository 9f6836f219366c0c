/* The CSV reader's fast path against libcsv (csvin with opts.reference):
 * the same bytes must give the same records (fields, lengths, line numbers,
 * record numbers), the same error and the same digest. Selector byte: bits
 * 0-1 the delimiter (',' ';' '\t' '|'), bit 2 a keep mask (every other
 * column), bit 3 a split at a record boundary, bits 4-7 the fast path's
 * read size (small sizes put line ends across reads). The fast path is
 * read twice: scanning with AVX2 where the processor has it, and 16 bytes
 * at a time (opts.narrow). */
#include "harness.h"
#include "lib/buf.h"
#include "lib/csvin.h"
#include "lib/err.h"
#include "lib/sha.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record as text: index, line, then each field's length and bytes. */
static int dump(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct buf *b = ctx;
    char head[64];
    size_t i;

    (void)e;
    snprintf(head, sizeof head, "#%llu@%ld:%zu", (unsigned long long)rec->index,
             rec->line, rec->n);
    buf_puts(b, head);
    for (i = 0; i < rec->n; i++) {
        if (strlen(rec->f[i]) != rec->len[i])
            abort(); /* a field's text must end at its length */
        snprintf(head, sizeof head, "|%zu:", rec->len[i]);
        buf_puts(b, head);
        buf_append(b, rec->f[i], rec->len[i]);
    }
    buf_puts(b, "\n");
    /* A callback error on a chosen field text, to compare locations. */
    if (rec->n > 0 && strcmp(rec->f[0], "STOP") == 0) {
        err_set(e, RC_DATA, NULL, 0, "stop here");
        return -1;
    }
    return 0;
}

static const unsigned char delims[4] = {',', ';', '\t', '|'};
static const size_t blocks[16] = {0,   16,  17,  19,   23,   31,   64, 100,
                                  127, 256, 509, 1000, 4096, 8191, 16, 0};

/* Reads path, appends its records, its error and its digest to out. */
static void read_all(const char *path, unsigned sel, bool reference,
                     bool narrow, struct buf *out)
{
    struct csvin_opts o;
    struct csvin *in;
    struct err e;
    struct sha *h = sha_new();
    char hex[65], tail[64];
    static const bool keep[8] = {true, false, true, false,
                                 true, false, true, false};
    int rc;

    memset(&o, 0, sizeof o);
    memset(&e, 0, sizeof e);
    o.delim = delims[sel & 3];
    o.reference = reference;
    o.narrow = narrow;
    o.block = reference ? 0 : blocks[sel >> 4];
    o.digest = h;
    in = csvin_open(path, &o, &e);
    if (in == NULL)
        abort();
    if (sel & 4)
        csvin_keep(in, keep, 8);
    if (sel & 8) {
        /* Two ranges through one reader, split after the first LF past the
         * middle: the reader must go on as if it read one stream. */
        uint64_t size = csvin_size(in), mid = size / 2;
        FILE *fp = fopen(path, "rb");
        int c = 0;
        if (fp == NULL || fseek(fp, (long)mid, SEEK_SET) != 0)
            abort();
        while ((c = fgetc(fp)) != EOF && c != '\n')
            mid++;
        fclose(fp);
        mid = c == '\n' ? mid + 1 : size;
        csvin_set_range(in, 0, mid);
        rc = csvin_each(in, dump, out, &e);
        if (rc == 0) {
            snprintf(tail, sizeof tail, "=part boundary %d lines %ld\n",
                     (int)csvin_at_boundary(in), csvin_lines(in));
            buf_puts(out, tail);
            csvin_set_range(in, mid, size - mid);
            rc = csvin_each(in, dump, out, &e);
        }
    } else {
        rc = csvin_each(in, dump, out, &e);
    }
    /* After an error, how far the reader went (lines, digest) depends on
     * its read size; only the error counts. */
    if (rc != 0) {
        snprintf(tail, sizeof tail, "=error exit %d line %ld: ", e.rc, e.line);
        buf_puts(out, tail);
        buf_puts(out, e.msg);
    } else {
        sha_final(h, hex);
        snprintf(tail, sizeof tail, "=ok lines %ld sha ", csvin_lines(in));
        buf_puts(out, tail);
        buf_puts(out, hex);
    }
    sha_free(h);
    csvin_close(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf ref, fast, narrow;
    const char *path;
    unsigned sel;

    if (size < 1)
        return 0;
    sel = data[0];
    path = fz_write("input.csv", data + 1, size - 1);
    buf_init(&ref, 0);
    buf_init(&fast, 0);
    buf_init(&narrow, 0);
    read_all(path, sel, true, false, &ref);
    read_all(path, sel, false, false, &fast);
    read_all(path, sel, false, true, &narrow);
    if (ref.len != fast.len || memcmp(ref.p, fast.p, ref.len) != 0) {
        fprintf(stderr, "reference:\n%.*s\nfast path:\n%.*s\n", (int)ref.len,
                ref.p, (int)fast.len, fast.p);
        abort();
    }
    if (ref.len != narrow.len || memcmp(ref.p, narrow.p, ref.len) != 0) {
        fprintf(stderr, "reference:\n%.*s\n16-byte scan:\n%.*s\n", (int)ref.len,
                ref.p, (int)narrow.len, narrow.p);
        abort();
    }
    buf_free(&ref);
    buf_free(&fast);
    buf_free(&narrow);
    return 0;
}

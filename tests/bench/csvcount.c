/*
 * csvcount.c - the libcsv floor for `make bench` (scripts/bench.sh).
 *
 * Reads FILE in 64 KiB blocks with fread, feeds them to csv_parse with
 * CSV_STRICT | CSV_APPEND_NULL and callbacks that only count fields and
 * rows, then calls csv_fini. Prints "ROWS FIELDS". No program that parses
 * the same file through libcsv can be faster than this, so slacredit's wall
 * time is reported as a ratio to it.
 *
 * usage: csvcount FILE
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#define BLOCK_SIZE (64u * 1024u)

/* What the callbacks count. */
struct counts {
    unsigned long long fields; /* fields, header included */
    unsigned long long rows;   /* records, header included */
};

static void on_field(void *s, size_t len, void *data)
{
    struct counts *c = data;

    (void)s;
    (void)len;
    c->fields++;
}

static void on_row(int term, void *data)
{
    struct counts *c = data;

    (void)term;
    c->rows++;
}

int main(int argc, char **argv)
{
    static char blk[BLOCK_SIZE];
    struct csv_parser p;
    struct counts c = {0, 0};
    FILE *fp;
    size_t n;
    int rc = 1;

    if (argc != 2) {
        fputs("usage: csvcount FILE\n", stderr);
        return 64;
    }
    fp = fopen(argv[1], "rb");
    if (fp == NULL) {
        fprintf(stderr, "csvcount: %s: %s\n", argv[1], strerror(errno));
        return 66;
    }
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fputs("csvcount: out of memory\n", stderr);
        fclose(fp);
        return 71;
    }
    while ((n = fread(blk, 1, sizeof blk, fp)) > 0) {
        if (csv_parse(&p, blk, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "csvcount: %s: %s\n", argv[1],
                    csv_strerror(csv_error(&p)));
            goto out;
        }
    }
    if (ferror(fp)) {
        fprintf(stderr, "csvcount: %s: read error\n", argv[1]);
        goto out;
    }
    if (csv_fini(&p, on_field, on_row, &c) != 0) {
        fprintf(stderr, "csvcount: %s: %s\n", argv[1],
                csv_strerror(csv_error(&p)));
        goto out;
    }
    printf("%llu %llu\n", c.rows, c.fields);
    rc = 0;
out:
    csv_free(&p);
    fclose(fp);
    return rc;
}

/* Unit tests for csvin: what libcsv leaves to us. Records with the line they
 * began on across every kind of line end (LF, CRLF, CR, and the CR CR LF of
 * a real checker log), a UTF-8 BOM, quoted fields holding quotes, delimiters
 * and newlines, blank lines, a missing final newline, other delimiters;
 * malformed CSV and callback errors located at FILE:LINE; the field cap,
 * block boundaries, column filtering, byte ranges and the digest. */
#include "lib/csvin.h"

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/sha.h"
#include "testfiles.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What a read produced: each record as "LINE:f1|f2|...\n". */
struct got {
    struct buf text;
    uint64_t n;       /* records seen */
    uint64_t fail_at; /* make the callback fail at this record index */
    bool bad_index;   /* an index was not 0, 1, 2, ... */
};

static int collect(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct got *g = ctx;
    size_t i;

    if (rec->index != g->n)
        g->bad_index = true;
    g->n++;
    if (rec->index == g->fail_at) {
        err_set(e, RC_DATA, NULL, 0, "callback refused record %llu",
                (unsigned long long)rec->index);
        return -1;
    }
    buf_printf(&g->text, "%ld:", rec->line);
    for (i = 0; i < rec->n; i++) {
        if (strlen(rec->f[i]) != rec->len[i])
            buf_puts(&g->text, "<len mismatch>");
        buf_printf(&g->text, "%s%s", i > 0 ? "|" : "", rec->f[i]);
    }
    buf_puts(&g->text, "\n");
    return 0;
}

static void got_init(struct got *g)
{
    memset(g, 0, sizeof *g);
    buf_init(&g->text, 0);
    g->fail_at = UINT64_MAX;
}

/* Reads the file at path with delimiter delim into g. Returns csvin_each's
 * status (or -1 when the file cannot be opened). */
static int read_file(const char *path, unsigned char delim, struct got *g,
                     struct err *e)
{
    struct csvin_opts o;
    struct csvin *r;
    int rc;

    memset(&o, 0, sizeof o);
    o.delim = delim;
    r = csvin_open(path, &o, e);
    if (r == NULL)
        return -1;
    rc = csvin_each(r, collect, g, e);
    csvin_close(r);
    return rc;
}

struct read_case {
    const char *in;
    unsigned char delim; /* 0: comma */
    const char *want;    /* records as "LINE:f1|f2\n" */
};

static void check_reads(const struct read_case *c, size_t n)
{
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < n; k++) {
        struct got g;
        struct err e;

        got_init(&g);
        memset(&e, 0, sizeof e);
        tf_write(&t, "in.csv", c[k].in, path, sizeof path);
        CU_ASSERT_EQUAL(read_file(path, c[k].delim, &g, &e), 0);
        if (e.msg[0] != '\0')
            fprintf(stderr, "\n  case %zu: %s:%ld: %s\n", k, e.file, e.line,
                    e.msg);
        if (strcmp(buf_str(&g.text), c[k].want) != 0)
            fprintf(stderr, "\n  case %zu:", k);
        ASSERT_STR(buf_str(&g.text), c[k].want);
        CU_ASSERT_FALSE(g.bad_index);
        buf_free(&g.text);
    }
    tf_cleanup(&t);
}

static void csvin_reads_every_line_end(void)
{
    static const struct read_case cases[] = {
        {"a,b\nc,d\n", 0, "1:a|b\n2:c|d\n"},
        {"a,b\r\nc,d\r\n", 0, "1:a|b\n2:c|d\n"},
        /* CR CR LF is one line end, as in the checker log. */
        {"a,b\r\r\nc,d\r\r\ne,f\r\r\n", 0, "1:a|b\n2:c|d\n3:e|f\n"},
        /* CR alone ends lines too. */
        {"a,b\rc,d\re,f\r", 0, "1:a|b\n2:c|d\n3:e|f\n"},
        {"a\r\rb\r", 0, "1:a\n3:b\n"},
        /* Mixed in one file. */
        {"a\nb\r\nc\rd\r\r\ne\n", 0, "1:a\n2:b\n3:c\n4:d\n5:e\n"},
    };

    check_reads(cases, N(cases));
}

static void csvin_skips_a_bom_blank_lines_and_tolerates_no_final_newline(void)
{
    static const struct read_case cases[] = {
        {"\xEF\xBB\xBFid,name\n1,x\n", 0, "1:id|name\n2:1|x\n"},
        {"\xEF\xBB\xBF", 0, ""},
        {"", 0, ""},
        {"\n\n", 0, ""},
        /* Only the first three bytes of the file are a BOM. */
        {"a\n\xEF\xBB\xBF"
         "b\n",
         0,
         "1:a\n2:\xEF\xBB\xBF"
         "b\n"},
        {"a\n\n\nb\n\r\n\r\nc\n", 0, "1:a\n4:b\n7:c\n"},
        {"a,b\nc,d", 0, "1:a|b\n2:c|d\n"},
        {"a,b\r\nc,\"d\"", 0, "1:a|b\n2:c|d\n"},
        {"only", 0, "1:only\n"},
    };

    check_reads(cases, N(cases));
}

static void csvin_reads_quoted_fields(void)
{
    static const struct read_case cases[] = {
        {"\"x \"\"y\"\" z\",\"a,b\"\n", 0, "1:x \"y\" z|a,b\n"},
        {"\"\",\"\"\"\"\n", 0, "1:|\"\n"},
        {"a,,c\n,,\n", 0, "1:a||c\n2:||\n"},
        /* A quoted newline: the next record begins two lines later. */
        {"h1,h2\n\"line1\nline2\",v\nnext,row\n", 0,
         "1:h1|h2\n2:line1\nline2|v\n4:next|row\n"},
        /* Several newlines, and a CRLF, inside one field. */
        {"\"a\n\nb\r\nc\",x\r\nnext\r\n", 0, "1:a\n\nb\r\nc|x\n5:next\n"},
        /* A quoted field that ends the file without a newline. */
        {"a\n\"b\nc\"", 0, "1:a\n2:b\nc\n"},
    };

    check_reads(cases, N(cases));
}

static void csvin_reads_other_delimiters(void)
{
    static const struct read_case cases[] = {
        {"a;b,c\n\"x;y\";z\n", ';', "1:a|b,c\n2:x;y|z\n"},
        {"a\tb c\n", '\t', "1:a|b c\n"},
        {"a|b,c\n", '|', "1:a|b,c\n"},
        /* Semicolon-delimited, BOM, all quoted, CRLF, no final newline:
         * the shape of a Grafana table export. */
        {"\xEF\xBB\xBF\"id\";\"secs\"\r\n\"1292275\";\"1,026\"\r\n"
         "\"1292276\";\"13,591\"",
         ';', "1:id|secs\n2:1292275|1,026\n3:1292276|13,591\n"},
    };

    check_reads(cases, N(cases));
}

static void csvin_reads_the_cr_cr_lf_checker_log(void)
{
    /* tests/data/site_uptime_checker_log.csv is a real export, byte for
     * byte: 91 records, each ending in CR CR LF, no header. */
    struct got g;
    struct err e;
    const char *text;

    got_init(&g);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL_FATAL(
        read_file("tests/data/site_uptime_checker_log.csv", 0, &g, &e), 0);
    CU_ASSERT_EQUAL(g.n, 91);
    text = buf_str(&g.text);
    /* No field keeps a CR, and no blank record appears. */
    CU_ASSERT_PTR_NULL(strchr(text, '\r'));
    CU_ASSERT_PTR_NULL(strstr(text, ":\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "1:https://lands.go.ke/|2021-11-05|11:57:47|Site ok\n"
              "2:https://www.icta.go.ke/|2021-11-05|12:01:32|Site ok\n"
              "3:https://www.treassury.go.ke/|2021-11-05|12:01:32|Site "
              "registered as down - added to the \"site down\" monitoring\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "\n91:https://lands.go.ke/|2021-11-05|12:49:53|Site ok\n"));
    buf_free(&g.text);

    /* An error at the last record names line 91. */
    got_init(&g);
    g.fail_at = 90;
    CU_ASSERT_EQUAL(
        read_file("tests/data/site_uptime_checker_log.csv", 0, &g, &e), -1);
    ASSERT_STR(e.file, "tests/data/site_uptime_checker_log.csv");
    CU_ASSERT_EQUAL(e.line, 91);
    buf_free(&g.text);
}

struct bad_case {
    const char *in;
    long line;
};

static void csvin_reports_malformed_csv_at_its_line(void)
{
    static const struct bad_case cases[] = {
        /* Text after a closing quote. */
        {"a,b\nc,\"d\"x\n", 2},
        /* A quote inside an unquoted field. */
        {"a,b\nc,d\"e\n", 2},
        /* An unterminated quote at the end of the file: the line where the
         * record began. */
        {"h\nok\n\"abc\ndef\n", 3},
        {"h\r\nok\r\n\"abc\r\ndef", 3},
        /* After a quoted newline, after blank lines, after CRs. */
        {"h\n\"a\nb\",c\n\nx,\"y\"z\n", 5},
        {"a\r\"x\"y\r", 2},
        {"a\r\r\n\"x\"y\r\r\n", 2},
    };
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < N(cases); k++) {
        struct got g;
        struct err e;

        got_init(&g);
        memset(&e, 0, sizeof e);
        tf_write(&t, "bad.csv", cases[k].in, path, sizeof path);
        CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), -1);
        if (e.line != cases[k].line)
            fprintf(stderr, "\n  case %zu: line %ld, want %ld\n", k, e.line,
                    cases[k].line);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        ASSERT_STR(e.file, path);
        CU_ASSERT_EQUAL(e.line, cases[k].line);
        ASSERT_STR(e.msg, "malformed CSV: error parsing data while strict "
                          "checking enabled");
        buf_free(&g.text);
    }
    tf_cleanup(&t);
}

static void csvin_locates_callback_errors_at_the_record(void)
{
    static const struct {
        const char *in;
        uint64_t fail_at;
        long line;
        const char *before; /* records delivered before the failure */
    } cases[] = {
        {"a\nb\nc\n", 0, 1, ""},
        {"a\nb\nc\n", 2, 3, "1:a\n2:b\n"},
        {"h\n\"a\nb\",c\nbad,row\nmore\n", 2, 4, "1:h\n2:a\nb|c\n"},
        {"h\r\n\r\n\r\nbad\r\n", 1, 4, "1:h\n"},
        {"h\rx\rbad", 2, 3, "1:h\n2:x\n"},
    };
    struct tf t;
    size_t k;
    char path[512];

    tf_init(&t);
    for (k = 0; k < N(cases); k++) {
        struct got g;
        struct err e;

        got_init(&g);
        g.fail_at = cases[k].fail_at;
        memset(&e, 0, sizeof e);
        tf_write(&t, "in.csv", cases[k].in, path, sizeof path);
        CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), -1);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        ASSERT_STR(e.file, path);
        CU_ASSERT_EQUAL(e.line, cases[k].line);
        /* The callback's own message is kept, and reading stops there. */
        CU_ASSERT_EQUAL(strncmp(e.msg, "callback refused record ", 24), 0);
        CU_ASSERT_EQUAL(g.n, cases[k].fail_at + 1);
        ASSERT_STR(buf_str(&g.text), cases[k].before);
        buf_free(&g.text);
    }
    tf_cleanup(&t);
}

/* A callback that names its own place: csvin must not overwrite it. */
static int fail_elsewhere(void *ctx, const struct csvrec *rec, struct err *e)
{
    (void)ctx;
    (void)rec;
    err_set(e, RC_CONFIG, "other.ini", 12, "elsewhere");
    return -1;
}

static void csvin_keeps_a_callback_s_own_location(void)
{
    struct tf t;
    struct csvin *r;
    struct err e;
    char path[512];

    tf_init(&t);
    tf_write(&t, "in.csv", "a\nb\n", path, sizeof path);
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(csvin_each(r, fail_elsewhere, NULL, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CONFIG);
    ASSERT_STR(e.file, "other.ini");
    CU_ASSERT_EQUAL(e.line, 12);
    ASSERT_STR(e.msg, "elsewhere");
    csvin_close(r);
    tf_cleanup(&t);
}

static void csvin_open_missing_file_is_no_input(void)
{
    struct err e;

    memset(&e, 0, sizeof e);
    CU_ASSERT_PTR_NULL(csvin_open("tests/data/no-such.csv", NULL, &e));
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    ASSERT_STR(e.file, "tests/data/no-such.csv");
    CU_ASSERT_EQUAL(e.line, 0);
    ASSERT_STR(e.msg, "cannot open: No such file or directory");
    csvin_close(NULL);
}

/* Writes the n bytes of text to the scratch file name; returns its path in
 * out. */
static void write_big(const struct tf *t, const char *name, const struct buf *b,
                      char *out, size_t cap)
{
    tf_writen(t, name, b->p, b->len, out, cap);
}

static void csvin_caps_field_size(void)
{
    struct tf t;
    struct buf b;
    struct got g;
    struct err e;
    char path[512];
    size_t i;

    tf_init(&t);
    /* A field of exactly 1 MiB is fine. */
    buf_init(&b, 0);
    buf_puts(&b, "h\n");
    for (i = 0; i < (1u << 20); i++)
        buf_append(&b, "x", 1);
    buf_puts(&b, "\nafter\n");
    write_big(&t, "ok.csv", &b, path, sizeof path);
    got_init(&g);
    CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), 0);
    CU_ASSERT_EQUAL(g.n, 3);
    buf_free(&g.text);

    /* One byte more, on line 3 after a quoted newline, is a data error at
     * the record's line. */
    buf_reset(&b);
    buf_puts(&b, "\"h\nh\"\n");
    for (i = 0; i < (1u << 20) + 1; i++)
        buf_append(&b, "x", 1);
    buf_puts(&b, "\nafter\n");
    write_big(&t, "big.csv", &b, path, sizeof path);
    got_init(&g);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.file, path);
    CU_ASSERT_EQUAL(e.line, 3);
    ASSERT_STR(e.msg,
               "record too long: a field passes 1048576 bytes, the record "
               "4194304 bytes or 65536 fields");
    buf_free(&g.text);

    /* 65,536 fields are fine; one more (a line of commas) is refused at
     * line 2 before the line ends, without memory for every field. */
    for (i = 0; i < 2; i++) {
        size_t k;
        buf_reset(&b);
        buf_puts(&b, "h\n");
        for (k = 0; k < (1u << 16) - 1 + i; k++)
            buf_append(&b, ",", 1);
        buf_puts(&b, "\n");
        write_big(&t, i == 0 ? "wide.csv" : "wider.csv", &b, path, sizeof path);
        got_init(&g);
        memset(&e, 0, sizeof e);
        CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), i == 0 ? 0 : -1);
        if (i == 1) {
            CU_ASSERT_EQUAL(e.line, 2);
            ASSERT_STR(
                e.msg,
                "record too long: a field passes 1048576 bytes, the record "
                "4194304 bytes or 65536 fields");
        }
        buf_free(&g.text);
    }
    buf_free(&b);
    tf_cleanup(&t);
}

/* Checks that record k of a many-record file has the line and text it was
 * written with. */
struct seq {
    uint64_t n;
    long lines_per; /* lines each record takes */
    bool ok;
};

static int check_seq(void *ctx, const struct csvrec *rec, struct err *e)
{
    struct seq *s = ctx;
    char want[32];

    (void)e;
    snprintf(want, sizeof want, "r%llu", (unsigned long long)s->n);
    if (rec->index != s->n || rec->line != 1 + (long)s->n * s->lines_per ||
        rec->n != 2 || strcmp(rec->f[0], want) != 0) {
        if (s->ok)
            fprintf(stderr, "\n  record %llu: line %ld, field %s\n",
                    (unsigned long long)s->n, rec->line, rec->f[0]);
        s->ok = false;
    }
    s->n++;
    return 0;
}

static void csvin_counts_lines_across_blocks(void)
{
    /* Enough records to cross several 64-KiB blocks, so records and quoted
     * newlines straddle block boundaries: plain rows, rows with a quoted
     * newline, and CRLF rows. */
    static const struct {
        const char *rest; /* after "rN," */
        long lines_per;
    } kinds[] = {
        {"plain\n", 1},
        {"\"two\nlines\"\n", 2},
        {"\"three\r\nlines\nhere\"\r\n", 3},
        {"cr\r", 1},
    };
    struct tf t;
    struct buf b;
    char path[512];
    size_t k;
    unsigned i;

    tf_init(&t);
    buf_init(&b, 0);
    for (k = 0; k < N(kinds); k++) {
        struct csvin *r;
        struct seq s = {0, kinds[k].lines_per, true};
        struct err e;

        buf_reset(&b);
        for (i = 0; i < 30000; i++)
            buf_printf(&b, "r%u,%s", i, kinds[k].rest);
        write_big(&t, "many.csv", &b, path, sizeof path);
        r = csvin_open(path, NULL, &e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(csvin_size(r), b.len);
        CU_ASSERT_EQUAL(csvin_each(r, check_seq, &s, &e), 0);
        CU_ASSERT_TRUE(s.ok);
        CU_ASSERT_EQUAL(s.n, 30000);
        csvin_close(r);
    }
    buf_free(&b);
    tf_cleanup(&t);
}

#define X64                                                                    \
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"                                         \
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

/* A file of at least 1 MiB is read through mappings of 8 MiB windows: records
 * across a window's end, a second reader of the same open file, and the
 * hash of that open file, all of the bytes as they were when it was opened
 * (bytes appended later are neither read nor hashed). */
static void csvin_reads_a_large_file_through_windows(void)
{
    struct tf t;
    struct buf b;
    struct csvin *r, *r2;
    struct seq s = {0, 1, true};
    struct sha *h = sha_new();
    struct err e;
    char path[512], hex[65], want[65];
    unsigned i;
    FILE *fp;

    tf_init(&t);
    buf_init(&b, 0);
    /* "rN," and 64 x's and LF: 67 bytes beside the digits of N, 150,000 x
     * 67 = 10,050,000, and digits 10 x 1 + 90 x 2 + 900 x 3 + 9,000 x 4 +
     * 90,000 x 5 + 50,000 x 6 = 788,890: 10,838,890 bytes, more than one
     * 8 MiB (8,388,608-byte) window. */
    for (i = 0; i < 150000; i++)
        buf_printf(&b, "r%u,%s\n", i, X64);
    CU_ASSERT_EQUAL(b.len, 10838890);
    write_big(&t, "big.csv", &b, path, sizeof path);
    sha_update(h, b.p, b.len);
    sha_final(h, want);
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    fp = fopen(path, "ab");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("r150000,late\n", fp);
    fclose(fp);
    CU_ASSERT_EQUAL(csvin_size(r), 10838890);
    CU_ASSERT_EQUAL(csvin_each(r, check_seq, &s, &e), 0);
    CU_ASSERT_TRUE(s.ok);
    CU_ASSERT_EQUAL(s.n, 150000);
    CU_ASSERT_EQUAL(sha_fd(csvin_fd(r), csvin_size(r), path, hex, &e), 0);
    ASSERT_STR(hex, want);

    r2 = csvin_open_same(r, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
    CU_ASSERT_EQUAL(csvin_size(r2), 10838890);
    s.n = 0;
    CU_ASSERT_EQUAL(csvin_each(r2, check_seq, &s, &e), 0);
    CU_ASSERT_TRUE(s.ok);
    CU_ASSERT_EQUAL(s.n, 150000);
    csvin_close(r2);
    csvin_close(r);
    buf_free(&b);
    sha_free(h);
    tf_cleanup(&t);
}

static void csvin_counts_newlines_in_a_field_longer_than_a_block(void)
{
    /* Line 1 a header; record 2 one quoted field of 150 lines of 1,000
     * bytes (150 KB, more than two blocks, quotes only at its ends);
     * record 2 ends on line 2 + 150 = 152, so record 3 begins on 153. */
    struct tf t;
    struct buf b;
    struct got g;
    struct err e;
    char path[512];
    const char *text;
    int i;

    tf_init(&t);
    buf_init(&b, 0);
    buf_puts(&b, "h\n\"");
    for (i = 0; i < 150; i++) {
        buf_printf(&b, "%0999d", i);
        buf_puts(&b, "\n");
    }
    buf_puts(&b, "end\"\ntail,x\n");
    write_big(&t, "long.csv", &b, path, sizeof path);
    got_init(&g);
    CU_ASSERT_EQUAL(read_file(path, 0, &g, &e), 0);
    CU_ASSERT_EQUAL(g.n, 3);
    text = buf_str(&g.text);
    CU_ASSERT_EQUAL(strncmp(text, "1:h\n2:000", 9), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "end\n153:tail|x\n"));
    buf_free(&g.text);
    buf_free(&b);
    tf_cleanup(&t);
}

static void csvin_keep_blanks_other_columns(void)
{
    /* Only columns 0 and 2 are kept (from the first record on, here); the
     * others read as empty strings of length 0, also past the keep list. */
    struct tf t;
    struct csvin *r;
    struct got g;
    struct err e;
    char path[512];
    static const bool keep[] = {true, false, true};

    tf_init(&t);
    tf_write(&t, "in.csv", "a,b,c,d\n1,2,3,4\n", path, sizeof path);
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    csvin_keep(r, keep, N(keep));
    got_init(&g);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    ASSERT_STR(buf_str(&g.text), "1:a||c|\n2:1||3|\n");
    buf_free(&g.text);
    csvin_close(r);
    tf_cleanup(&t);
}

static int find_columns(void *ctx, const struct csvrec *rec, struct err *e)
{
    long *out = ctx;

    (void)e;
    if (rec->index == 0) {
        out[0] = csvin_find(rec, "status");
        out[1] = csvin_find(rec, "time");
        out[2] = csvin_find(rec, "Status");
        out[3] = csvin_find(rec, "stat");
    }
    return 0;
}

static void csvin_find_names_header_columns(void)
{
    struct tf t;
    struct csvin *r;
    struct err e;
    char path[512];
    long idx[4] = {-9, -9, -9, -9};

    tf_init(&t);
    tf_write(&t, "in.csv", "\xEF\xBB\xBFtime,id,status,status\nx,y,z,w\n", path,
             sizeof path);
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(csvin_each(r, find_columns, idx, &e), 0);
    CU_ASSERT_EQUAL(idx[0], 2); /* the first of two */
    CU_ASSERT_EQUAL(idx[1], 0); /* the BOM is not part of the name */
    CU_ASSERT_EQUAL(idx[2], -1);
    CU_ASSERT_EQUAL(idx[3], -1);
    csvin_close(r);
    tf_cleanup(&t);
}

static void csvin_ranges_split_a_file_at_record_boundaries(void)
{
    /* "a\nb\nc\nd\n": bytes [0,4) hold a and b, [4,8) c and d. */
    struct tf t;
    struct csvin *r;
    struct got g;
    struct err e;
    char path[512];

    tf_init(&t);
    tf_write(&t, "in.csv", "a\nb\nc\nd\n", path, sizeof path);

    /* One reader, two ranges: one stream, lines go on. */
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    got_init(&g);
    csvin_set_range(r, 0, 4);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    ASSERT_STR(buf_str(&g.text), "1:a\n2:b\n");
    CU_ASSERT_TRUE(csvin_at_boundary(r));
    CU_ASSERT_EQUAL(csvin_lines(r), 2);
    csvin_set_range(r, 4, 4);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    ASSERT_STR(buf_str(&g.text), "1:a\n2:b\n3:c\n4:d\n");
    buf_free(&g.text);
    csvin_close(r);

    /* A second reader of the second part counts from its start. */
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    got_init(&g);
    csvin_set_range(r, 4, 100);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    ASSERT_STR(buf_str(&g.text), "1:c\n2:d\n");
    buf_free(&g.text);
    csvin_close(r);

    /* A part that ends inside a record is not at a boundary. */
    r = csvin_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    got_init(&g);
    csvin_set_range(r, 0, 3);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    CU_ASSERT_FALSE(csvin_at_boundary(r));
    buf_free(&g.text);
    csvin_close(r);
    tf_cleanup(&t);
}

static void csvin_feeds_every_byte_to_the_digest(void)
{
    /* SHA-256 of "abc" (FIPS 180-2 example); a BOM is hashed too. */
    struct tf t;
    struct csvin *r;
    struct csvin_opts o;
    struct got g;
    struct err e;
    struct sha *h = sha_new();
    char path[512], hex[65];

    tf_init(&t);
    tf_write(&t, "in.csv", "abc", path, sizeof path);
    memset(&o, 0, sizeof o);
    o.digest = h;
    r = csvin_open(path, &o, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    got_init(&g);
    CU_ASSERT_EQUAL(csvin_each(r, collect, &g, &e), 0);
    sha_final(h, hex);
    ASSERT_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
                    "b00361a396177a9cb410ff61f20015ad");
    ASSERT_STR(buf_str(&g.text), "1:abc\n");
    ASSERT_STR(csvin_path(r), path);
    buf_free(&g.text);
    csvin_close(r);
    sha_free(h);
    tf_cleanup(&t);
}

/* The ways a file is read in the tests below: libcsv alone (the
 * reference), and the fast path with 64 KiB reads and with reads small
 * enough to put line ends, CRs and quotes across reads, scanning with
 * AVX2 where the processor has it and 16 bytes at a time. */
static const struct {
    bool reference;
    size_t block;
    bool narrow;
} modes[] = {{true, 0, false},   {false, 0, false}, {false, 16, false},
             {false, 23, false}, {false, 0, true},  {false, 23, true}};

/* Reads each case in every mode; every mode must give the expected records
 * (want), or the expected error (err: "LINE: message") after them. */
struct mode_case {
    const char *in;
    size_t len;          /* bytes of in; 0: strlen(in) */
    unsigned char delim; /* 0: comma */
    const char *want;    /* records as "LINE:f1|f2\n" */
    const char *err;     /* NULL: the read succeeds */
    uint64_t fail_at;    /* the callback fails at this record; 0: never */
};

static void check_modes(const struct mode_case *c, size_t n)
{
    struct tf t;
    size_t k, m;
    char path[512];

    tf_init(&t);
    for (k = 0; k < n; k++) {
        tf_writen(&t, "in.csv", c[k].in,
                  c[k].len != 0 ? c[k].len : strlen(c[k].in), path,
                  sizeof path);
        for (m = 0; m < N(modes); m++) {
            struct csvin_opts o;
            struct csvin *r;
            struct got g;
            struct err e;
            char where[600];
            int rc;

            memset(&o, 0, sizeof o);
            memset(&e, 0, sizeof e);
            o.delim = c[k].delim;
            o.reference = modes[m].reference;
            o.block = modes[m].block;
            o.narrow = modes[m].narrow;
            got_init(&g);
            if (c[k].fail_at != 0)
                g.fail_at = c[k].fail_at;
            r = csvin_open(path, &o, &e);
            CU_ASSERT_PTR_NOT_NULL_FATAL(r);
            rc = csvin_each(r, collect, &g, &e);
            csvin_close(r);
            if (strcmp(buf_str(&g.text), c[k].want) != 0)
                fprintf(stderr, "\n  case %zu, mode %zu:", k, m);
            ASSERT_STR(buf_str(&g.text), c[k].want);
            CU_ASSERT_FALSE(g.bad_index);
            if (c[k].err == NULL) {
                CU_ASSERT_EQUAL(rc, 0);
            } else {
                CU_ASSERT_EQUAL(rc, -1);
                CU_ASSERT_EQUAL(e.rc, RC_DATA);
                snprintf(where, sizeof where, "%ld: %s", e.line, e.msg);
                ASSERT_STR(where, c[k].err);
            }
            buf_free(&g.text);
        }
    }
    tf_cleanup(&t);
}

static void csvin_fast_path_trims_blanks_as_libcsv_does(void)
{
    static const struct mode_case cases[] = {
        /* Leading and trailing spaces and tabs go, inner ones stay. */
        {"h,k\n a , b c \n\tx\t,\t\n", 0, 0, "1:h|k\n2:a|b c\n3:x|\n", NULL, 0},
        /* A line of blanks is no record; a line with a delimiter is. */
        {"h\n  \t \n\n,\n  ,x\nz\n", 0, 0, "1:h\n4:|\n5:|x\n6:z\n", NULL, 0},
        /* A tab delimiter is no blank; spaces around it go. */
        {"h\tk\n a \t b \n\t\n", 0, '\t', "1:h|k\n2:a|b\n3:|\n", NULL, 0},
        /* A space delimiter: only tabs are blanks. */
        {"h k\n\ta\t b\n", 0, ' ', "1:h|k\n2:a|b\n", NULL, 0},
    };

    check_modes(cases, N(cases));
}

static void csvin_fast_path_hands_other_rows_to_libcsv(void)
{
    static const struct mode_case cases[] = {
        /* Quoted rows between plain ones, one with a newline inside. */
        {"h,k\na,b\n\"x,y\",z\nc,\"p\nq\"\nd,e\n", 0, 0,
         "1:h|k\n2:a|b\n3:x,y|z\n4:c|p\nq\n6:d|e\n", NULL, 0},
        /* CRLF rows after LF rows, and back; CR CR LF. */
        {"h,k\na,b\r\nc,d\ne,f\r\r\ng,h\n", 0, 0,
         "1:h|k\n2:a|b\n3:c|d\n4:e|f\n5:g|h\n", NULL, 0},
        /* A BOM before the header, no final newline. */
        {"\xEF\xBB\xBFh,k\na,b\nc,d", 0, 0, "1:h|k\n2:a|b\n3:c|d\n", NULL, 0},
        /* A line longer than two small reads. */
        {"h\nabcdefghijklmnopqrstuvwxyz,abcdefghijklmnopqrstuvwxyz\nz\n", 0, 0,
         "1:h\n2:abcdefghijklmnopqrstuvwxyz|abcdefghijklmnopqrstuvwxyz\n3:z\n",
         NULL, 0},
    };

    check_modes(cases, N(cases));
}

static void csvin_fast_path_reports_errors_at_their_line(void)
{
    static const struct mode_case cases[] = {
        /* A NUL byte in a plain row. */
        {"h,k\na,b\nc,d\0x\ne,f\n", 18, 0, "1:h|k\n2:a|b\n",
         "3: NUL byte in a field: column 2", 0},
        /* A quote inside an unquoted field. */
        {"h,k\na,b\nc,d\"x\ne,f\n", 0, 0, "1:h|k\n2:a|b\n",
         "3: malformed CSV: error parsing data while strict checking enabled",
         0},
        /* The callback refuses the fourth record, after a blank line. */
        {"h,k\na,b\n\nc,d\ne,f\n", 0, 0, "1:h|k\n2:a|b\n4:c|d\n",
         "5: callback refused record 3", 3},
    };

    check_modes(cases, N(cases));
}

CU_TestInfo csvin_tests[] = {
    {"csvin_reads_every_line_end", csvin_reads_every_line_end},
    {"csvin_skips_a_bom_blank_lines_and_tolerates_no_final_newline",
     csvin_skips_a_bom_blank_lines_and_tolerates_no_final_newline},
    {"csvin_reads_quoted_fields", csvin_reads_quoted_fields},
    {"csvin_reads_other_delimiters", csvin_reads_other_delimiters},
    {"csvin_reads_the_cr_cr_lf_checker_log",
     csvin_reads_the_cr_cr_lf_checker_log},
    {"csvin_reports_malformed_csv_at_its_line",
     csvin_reports_malformed_csv_at_its_line},
    {"csvin_locates_callback_errors_at_the_record",
     csvin_locates_callback_errors_at_the_record},
    {"csvin_keeps_a_callback_s_own_location",
     csvin_keeps_a_callback_s_own_location},
    {"csvin_open_missing_file_is_no_input",
     csvin_open_missing_file_is_no_input},
    {"csvin_caps_field_size", csvin_caps_field_size},
    {"csvin_counts_lines_across_blocks", csvin_counts_lines_across_blocks},
    {"csvin_reads_a_large_file_through_windows",
     csvin_reads_a_large_file_through_windows},
    {"csvin_counts_newlines_in_a_field_longer_than_a_block",
     csvin_counts_newlines_in_a_field_longer_than_a_block},
    {"csvin_keep_blanks_other_columns", csvin_keep_blanks_other_columns},
    {"csvin_find_names_header_columns", csvin_find_names_header_columns},
    {"csvin_ranges_split_a_file_at_record_boundaries",
     csvin_ranges_split_a_file_at_record_boundaries},
    {"csvin_feeds_every_byte_to_the_digest",
     csvin_feeds_every_byte_to_the_digest},
    {"csvin_fast_path_trims_blanks_as_libcsv_does",
     csvin_fast_path_trims_blanks_as_libcsv_does},
    {"csvin_fast_path_hands_other_rows_to_libcsv",
     csvin_fast_path_hands_other_rows_to_libcsv},
    {"csvin_fast_path_reports_errors_at_their_line",
     csvin_fast_path_reports_errors_at_their_line},
    CU_TEST_INFO_NULL,
};

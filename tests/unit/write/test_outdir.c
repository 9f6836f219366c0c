/* Unit tests for outdir's streaming: a run under the budget touches the
 * disk only at the commit, one byte past it makes the staging folder; a
 * staged file's buffer is written at OUTDIR_CHUNK bytes (one either side);
 * digests and sizes are those of the whole file (SHA-256 of "abc" from
 * FIPS 180-2); a failure or a free without commit leaves the old folder
 * as it was and no staging folder. */
#include "write/outdir.h"

#include "lib/buf.h"
#include "lib/sha.h"

#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define SHA_ABC                                                                \
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

struct place {
    char root[64]; /* a fresh temporary folder */
    char dir[128]; /* root/out, the output folder */
    char stage[160];
};

static void place_init(struct place *p)
{
    snprintf(p->root, sizeof p->root, "/tmp/slacredit-outdir-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(p->root));
    snprintf(p->dir, sizeof p->dir, "%s/out", p->root);
    snprintf(p->stage, sizeof p->stage, "%s.tmp-%ld", p->dir, (long)getpid());
}

static bool exists(const char *path)
{
    struct stat sb;

    return lstat(path, &sb) == 0;
}

static long file_size(const char *dir, const char *name)
{
    char path[256];
    struct stat sb;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void place_free(struct place *p)
{
    char cmd[256];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p->root);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static void outdir_under_budget_touches_disk_only_at_commit(void)
{
    struct place p;
    struct outdir *o;
    struct outfile *f;
    struct buf b;
    struct err e;
    char hex[65], hex2[65];
    uint64_t size = 0, size2 = 0;

    place_init(&p);
    o = outdir_new(p.dir);
    f = outdir_begin(o, "credits.csv", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    buf_puts(outdir_buf(f), "ab");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    buf_puts(outdir_buf(f), "c");
    CU_ASSERT_EQUAL(outdir_end(o, f, hex, &size, &e), 0);
    buf_init(&b, 0);
    buf_puts(&b, "abc");
    CU_ASSERT_EQUAL(outdir_add(o, "statements/c.html", &b, hex2, &size2, &e),
                    0);
    CU_ASSERT_EQUAL(b.len, 0);
    ASSERT_STR(hex, SHA_ABC);
    ASSERT_STR(hex2, SHA_ABC);
    CU_ASSERT_EQUAL(size, 3);
    CU_ASSERT_EQUAL(size2, 3);
    CU_ASSERT(!exists(p.dir));
    CU_ASSERT(!exists(p.stage));
    CU_ASSERT_EQUAL(outdir_commit(o, &e), 0);
    CU_ASSERT_EQUAL(file_size(p.dir, "credits.csv"), 3);
    CU_ASSERT_EQUAL(file_size(p.dir, "statements/c.html"), 3);
    CU_ASSERT(!exists(p.stage));
    outdir_free(o);
    buf_free(&b);
    place_free(&p);
}

/* Held bytes equal to the budget stay in memory; one more stages. */
static void outdir_stages_one_byte_past_the_budget(void)
{
    struct place p;
    struct outdir *o;
    struct outfile *f;
    struct err e;

    place_init(&p);
    o = outdir_new(p.dir);
    outdir_set_budget(o, 10);
    f = outdir_begin(o, "credits.csv", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    buf_puts(outdir_buf(f), "0123456789");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    CU_ASSERT(!exists(p.stage));
    buf_puts(outdir_buf(f), "x");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    CU_ASSERT(exists(p.stage));
    /* Staging wrote what was held. */
    CU_ASSERT_EQUAL(file_size(p.stage, "credits.csv"), 11);
    outdir_free(o); /* no commit: the staging folder goes */
    CU_ASSERT(!exists(p.stage));
    CU_ASSERT(!exists(p.dir));
    place_free(&p);
}

/* Appends n bytes of 'x' to f. */
static void add_x(struct outfile *f, size_t n)
{
    char blk[1024];

    memset(blk, 'x', sizeof blk);
    while (n > 0) {
        size_t k = n < sizeof blk ? n : sizeof blk;
        buf_append(outdir_buf(f), blk, k);
        n -= k;
    }
}

static void outdir_writes_a_staged_file_at_the_chunk(void)
{
    struct place p;
    struct outdir *o;
    struct outfile *f;
    struct sha *h = sha_new();
    struct buf all;
    struct err e;
    char hex[65], want[65];
    uint64_t size = 0;

    place_init(&p);
    buf_init(&all, 0);
    o = outdir_new(p.dir);
    outdir_set_budget(o, 0);
    f = outdir_begin(o, "windows.csv", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    buf_puts(outdir_buf(f), "h\n");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0); /* stages, writes "h\n" */
    CU_ASSERT_EQUAL(file_size(p.stage, "windows.csv"), 2);
    add_x(f, OUTDIR_CHUNK - 1);
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    CU_ASSERT_EQUAL(file_size(p.stage, "windows.csv"), 2);
    add_x(f, 1);
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    CU_ASSERT_EQUAL(file_size(p.stage, "windows.csv"), 2 + OUTDIR_CHUNK);
    add_x(f, 5);
    CU_ASSERT_EQUAL(outdir_end(o, f, hex, &size, &e), 0);
    CU_ASSERT_EQUAL(size, 2 + OUTDIR_CHUNK + 5);
    buf_puts(&all, "h\n");
    while (all.len < size)
        buf_puts(&all, "x");
    sha_update(h, all.p, all.len);
    sha_final(h, want);
    ASSERT_STR(hex, want);
    CU_ASSERT_EQUAL(outdir_commit(o, &e), 0);
    CU_ASSERT_EQUAL(file_size(p.dir, "windows.csv"), (long)size);
    outdir_free(o);
    sha_free(h);
    buf_free(&all);
    place_free(&p);
}

/* The old outputs stay when the run stops before its commit. */
static void outdir_keeps_the_old_folder_without_commit(void)
{
    struct place p;
    struct outdir *o;
    struct outfile *f;
    struct err e;

    place_init(&p);
    CU_ASSERT_EQUAL_FATAL(mkdir(p.dir, 0777), 0);
    put(p.dir, "credits.csv", "old\n");
    o = outdir_new(p.dir);
    outdir_set_budget(o, 0);
    f = outdir_begin(o, "credits.csv", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    buf_puts(outdir_buf(f), "new rows\n");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), 0);
    CU_ASSERT(exists(p.stage));
    outdir_free(o);
    CU_ASSERT(!exists(p.stage));
    CU_ASSERT_EQUAL(file_size(p.dir, "credits.csv"), 4);
    place_free(&p);
}

/* A folder holding a foreign file is refused when staging begins. */
static void outdir_refuses_a_foreign_file_when_staging(void)
{
    struct place p;
    struct outdir *o;
    struct outfile *f;
    struct err e;

    place_init(&p);
    CU_ASSERT_EQUAL_FATAL(mkdir(p.dir, 0777), 0);
    put(p.dir, "notes.txt", "mine\n");
    o = outdir_new(p.dir);
    outdir_set_budget(o, 0);
    f = outdir_begin(o, "credits.csv", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    buf_puts(outdir_buf(f), "x");
    CU_ASSERT_EQUAL(outdir_flush(o, f, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CANTOUT);
    CU_ASSERT(strstr(e.msg, "notes.txt") != NULL);
    CU_ASSERT(!exists(p.stage));
    outdir_free(o);
    CU_ASSERT_EQUAL(file_size(p.dir, "notes.txt"), 5);
    place_free(&p);
}

/* A file begun and never ended is a bug the commit refuses. */
static void outdir_commit_refuses_a_file_not_ended(void)
{
    struct place p;
    struct outdir *o;
    struct err e;

    place_init(&p);
    o = outdir_new(p.dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(outdir_begin(o, "credits.csv", &e));
    CU_ASSERT_EQUAL(outdir_commit(o, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_SOFTWARE);
    CU_ASSERT(!exists(p.dir));
    outdir_free(o);
    place_free(&p);
}

/* Open file descriptors of this process. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    int n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Staged statements are fsynced in batches: many more files than a batch
 * end up whole in the folder, and no more than a batch (64) of them is
 * open at any time. */
static void outdir_syncs_many_files_in_batches(void)
{
    struct place p;
    struct outdir *o;
    struct buf b;
    struct err e;
    char hex[65], name[64];
    uint64_t size;
    int i, base, most = 0;

    place_init(&p);
    base = open_fds();
    o = outdir_new(p.dir);
    outdir_set_budget(o, 0);
    buf_init(&b, 0);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "statements/s%03d.html", i);
        buf_printf(&b, "%d", i);
        CU_ASSERT_EQUAL_FATAL(outdir_add(o, name, &b, hex, &size, &e), 0);
        if (open_fds() - base > most)
            most = open_fds() - base;
    }
    CU_ASSERT(most >= 2);
    CU_ASSERT(most <= 64 + 2);
    CU_ASSERT_EQUAL(outdir_commit(o, &e), 0);
    CU_ASSERT_EQUAL(open_fds(), base);
    CU_ASSERT_EQUAL(file_size(p.dir, "statements/s000.html"), 1);
    CU_ASSERT_EQUAL(file_size(p.dir, "statements/s063.html"), 2);
    CU_ASSERT_EQUAL(file_size(p.dir, "statements/s064.html"), 2);
    CU_ASSERT_EQUAL(file_size(p.dir, "statements/s299.html"), 3);
    CU_ASSERT(!exists(p.stage));
    outdir_free(o);
    buf_free(&b);
    place_free(&p);
}

CU_TestInfo outdir_tests[] = {
    {"outdir_syncs_many_files_in_batches", outdir_syncs_many_files_in_batches},
    {"outdir_under_budget_touches_disk_only_at_commit",
     outdir_under_budget_touches_disk_only_at_commit},
    {"outdir_stages_one_byte_past_the_budget",
     outdir_stages_one_byte_past_the_budget},
    {"outdir_writes_a_staged_file_at_the_chunk",
     outdir_writes_a_staged_file_at_the_chunk},
    {"outdir_keeps_the_old_folder_without_commit",
     outdir_keeps_the_old_folder_without_commit},
    {"outdir_refuses_a_foreign_file_when_staging",
     outdir_refuses_a_foreign_file_when_staging},
    {"outdir_commit_refuses_a_file_not_ended",
     outdir_commit_refuses_a_file_not_ended},
    CU_TEST_INFO_NULL,
};

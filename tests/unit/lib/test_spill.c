/* Unit tests for spill: bytes stay in memory below SPILL_CHUNK and go to
 * the temporary file at it (one byte either side), and any range reads
 * back the bytes appended, across the file and memory parts. */
#include "lib/spill.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Byte i of the test pattern. */
static char pat(size_t i)
{
    return (char)('a' + (i * 7 + i / 26) % 26);
}

static void fill(struct spill *s, size_t from, size_t n)
{
    size_t i;

    for (i = from; i < from + n; i++) {
        char c = pat(i);
        CU_ASSERT_EQUAL(buf_append(spill_buf(s), &c, 1), 0);
    }
}

/* Reads [at, at + n) and compares with the pattern. */
static void check_range(const struct spill *s, uint64_t at, size_t n)
{
    struct buf out;
    struct err e;
    size_t i, bad = 0;

    buf_init(&out, 0);
    CU_ASSERT_EQUAL_FATAL(spill_read(s, at, n, &out, &e), 0);
    CU_ASSERT_EQUAL(out.len, n);
    for (i = 0; i < n && i < out.len; i++)
        bad += out.p[i] != pat((size_t)at + i);
    CU_ASSERT_EQUAL(bad, 0);
    buf_free(&out);
}

static void spill_stays_in_memory_one_byte_under_the_chunk(void)
{
    struct spill s;
    struct err e;

    spill_init(&s);
    fill(&s, 0, SPILL_CHUNK - 1);
    CU_ASSERT_EQUAL(spill_flush(&s, &e), 0);
    CU_ASSERT_EQUAL(s.fd, -1);
    CU_ASSERT_EQUAL(spill_size(&s), SPILL_CHUNK - 1);
    check_range(&s, 0, SPILL_CHUNK - 1);
    spill_free(&s);
}

static void spill_goes_to_the_file_at_the_chunk(void)
{
    struct spill s;
    struct err e;

    spill_init(&s);
    fill(&s, 0, SPILL_CHUNK);
    CU_ASSERT_EQUAL(spill_flush(&s, &e), 0);
    CU_ASSERT(s.fd >= 0);
    CU_ASSERT_EQUAL(s.off, SPILL_CHUNK);
    CU_ASSERT_EQUAL(s.b.len, 0);
    fill(&s, SPILL_CHUNK, 100);
    CU_ASSERT_EQUAL(spill_flush(&s, &e), 0);
    CU_ASSERT_EQUAL(s.off, SPILL_CHUNK); /* 100 bytes stay in memory */
    CU_ASSERT_EQUAL(spill_size(&s), SPILL_CHUNK + 100);
    check_range(&s, 0, SPILL_CHUNK + 100);
    /* One byte either side of where the file ends and memory begins. */
    check_range(&s, SPILL_CHUNK - 1, 2);
    check_range(&s, SPILL_CHUNK - 1, 1);
    check_range(&s, SPILL_CHUNK, 1);
    check_range(&s, 5, 0);
    spill_free(&s);
}

static void spill_reads_many_chunks_back(void)
{
    struct spill s;
    struct err e;
    size_t i;

    spill_init(&s);
    for (i = 0; i < 5; i++) {
        fill(&s, i * 40000, 40000);
        CU_ASSERT_EQUAL(spill_flush(&s, &e), 0);
    }
    CU_ASSERT_EQUAL(spill_size(&s), 200000);
    check_range(&s, 0, 200000);
    check_range(&s, 65535, 70000);
    spill_free(&s);
}

static void spill_read_past_the_end_fails(void)
{
    struct spill s;
    struct buf out;
    struct err e;

    spill_init(&s);
    buf_init(&out, 0);
    fill(&s, 0, 10);
    CU_ASSERT_EQUAL(spill_read(&s, 5, 6, &out, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_SOFTWARE);
    CU_ASSERT_EQUAL(spill_read(&s, 11, 0, &out, &e), -1);
    CU_ASSERT_EQUAL(spill_read(&s, 10, 0, &out, &e), 0);
    CU_ASSERT_EQUAL(out.len, 0);
    buf_free(&out);
    spill_free(&s);
}

CU_TestInfo spill_tests[] = {
    {"spill_stays_in_memory_one_byte_under_the_chunk",
     spill_stays_in_memory_one_byte_under_the_chunk},
    {"spill_goes_to_the_file_at_the_chunk",
     spill_goes_to_the_file_at_the_chunk},
    {"spill_reads_many_chunks_back", spill_reads_many_chunks_back},
    {"spill_read_past_the_end_fails", spill_read_past_the_end_fails},
    CU_TEST_INFO_NULL,
};

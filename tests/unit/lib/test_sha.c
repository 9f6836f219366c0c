/* Unit tests for sha_file and sha_fd: small files are read, files of 1 MiB
 * or more are hashed from a mapping; both give the SHA-256 of the file's bytes
 * (the expected digests come from another implementation, Python's hashlib, and
 * FIPS 180-2 for "abc"). */
#include "lib/sha.h"

#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "testfiles.h"
#include "testutil.h"

static void sha_file_hashes_small_and_mapped_files(void)
{
    static const struct {
        char fill;
        size_t n;
        const char *want;
    } cases[] = {
        /* 2 MiB of 'a': mapped. */
        {'a', (size_t)2 << 20,
         "5256ec18f11624025905d057d6befb03d77b243511ac5f77ed5e0221ce6d84b5"},
        /* "0123456789" x 300,000 (3,000,000 bytes, not a page multiple):
         * mapped. */
        {'0', 3000000,
         "6ca41633343f162f0f0604879eeac607e5e5087adeee2e4247199301968790d0"},
        /* "abc": read. */
        {'x', 3,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    };
    struct tf t;
    size_t k, i;
    char path[512], hex[65];

    tf_init(&t);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *data = malloc(cases[k].n);
        uint64_t size = 0;
        struct err e;
        int fd;

        CU_ASSERT_PTR_NOT_NULL_FATAL(data);
        for (i = 0; i < cases[k].n; i++)
            data[i] = cases[k].fill == '0'   ? (char)('0' + i % 10)
                      : cases[k].fill == 'x' ? "abc"[i]
                                             : cases[k].fill;
        tf_writen(&t, "in.bin", data, cases[k].n, path, sizeof path);
        memset(&e, 0, sizeof e);
        CU_ASSERT_EQUAL(sha_file(path, hex, &size, &e), 0);
        ASSERT_STR(hex, cases[k].want);
        CU_ASSERT_EQUAL(size, cases[k].n);
        /* The same from an open file, its offset left where it was. */
        fd = open(path, O_RDONLY);
        CU_ASSERT_FATAL(fd >= 0);
        CU_ASSERT_EQUAL(lseek(fd, 1, SEEK_SET), 1);
        memset(hex, 0, sizeof hex);
        CU_ASSERT_EQUAL(sha_fd(fd, cases[k].n, path, hex, &e), 0);
        ASSERT_STR(hex, cases[k].want);
        CU_ASSERT_EQUAL(lseek(fd, 0, SEEK_CUR), 1);
        /* A size past the end: the file got shorter, an I/O error. */
        if (cases[k].n < 1000) {
            CU_ASSERT_EQUAL(sha_fd(fd, cases[k].n + 1, path, hex, &e), -1);
            CU_ASSERT_EQUAL(e.rc, RC_IOERR);
        }
        close(fd);
        free(data);
    }
    tf_cleanup(&t);
}

static void sha_file_missing_is_no_input(void)
{
    char hex[65];
    uint64_t size;
    struct err e;

    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(sha_file("no/such/file.csv", hex, &size, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
}

CU_TestInfo sha_tests[] = {
    {"sha_file_hashes_small_and_mapped_files",
     sha_file_hashes_small_and_mapped_files},
    {"sha_file_missing_is_no_input", sha_file_missing_is_no_input},
    CU_TEST_INFO_NULL,
};

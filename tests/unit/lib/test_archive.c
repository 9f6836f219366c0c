/* Unit tests for archive: snapshot stamps, storing a set of files with its
 * .sha256 lines (SHA-256 of "abc" and of "" from FIPS 180-2 and the empty
 * string), the next free suffix when a stem is taken (never overwriting),
 * and finding the newest snapshot by stamp then suffix. */
#include "lib/archive.h"

#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define SHA_ABC                                                                \
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY                                                              \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* The whole content of dir/name into out ("" when unreadable). */
static void slurp(const char *dir, const char *name, char *out, size_t cap)
{
    char path[512];
    FILE *f;
    size_t n = 0;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f != NULL) {
        n = fread(out, 1, cap - 1, f);
        fclose(f);
    }
    out[n] = '\0';
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* Removes dir's files (one level) and dir. */
static void remove_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    char path[512];

    if (dp == NULL)
        return;
    while ((de = readdir(dp)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(dp);
    rmdir(dir);
}

static size_t count_files(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    size_t n = 0;

    if (dp == NULL)
        return 0;
    while ((de = readdir(dp)) != NULL)
        n += de->d_name[0] != '.';
    closedir(dp);
    return n;
}

static void stamp_of_known_instants(void)
{
    char s[32];

    archive_stamp(0, s, sizeof s);
    ASSERT_STR(s, "19700101T000000Z");
    /* 2026-11-21 is day 20454 + 324; 23:45:00 is 85500 s. */
    archive_stamp((int64_t)(20454 + 324) * 86400 + 85500, s, sizeof s);
    ASSERT_STR(s, "20261121T234500Z");
    archive_stamp(-1, s, sizeof s);
    ASSERT_STR(s, "19691231T235959Z");
}

/* Two members: both files, both .sha256 lines naming the file, nothing
 * else (no temporary file left); a folder created with its parents. */
static void store_writes_members_and_their_hashes(void)
{
    char top[] = "/tmp/test_archive.XXXXXX", dir[256], stem[64], text[256];
    const struct archive_member m[2] = {{"incidents", "json", "abc", 3},
                                        {"components", "json", "", 0}};
    struct err e;

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(top));
    snprintf(dir, sizeof dir, "%s/a/b", top);
    CU_ASSERT_EQUAL(
        archive_store(dir, "20261121T234500Z", m, 2, stem, sizeof stem, &e), 0);
    ASSERT_STR(stem, "20261121T234500Z");
    CU_ASSERT_EQUAL(count_files(dir), 4);
    slurp(dir, "20261121T234500Z-incidents.json", text, sizeof text);
    ASSERT_STR(text, "abc");
    slurp(dir, "20261121T234500Z-incidents.json.sha256", text, sizeof text);
    ASSERT_STR(text, SHA_ABC "  20261121T234500Z-incidents.json\n");
    slurp(dir, "20261121T234500Z-components.json.sha256", text, sizeof text);
    ASSERT_STR(text, SHA_EMPTY "  20261121T234500Z-components.json\n");
    remove_tree(dir);
    snprintf(dir, sizeof dir, "%s/a", top);
    rmdir(dir);
    rmdir(top);
}

/* A stem any of whose names is taken (here only one .sha256 file) is
 * skipped whole; the file there is left as it was. */
static void store_takes_the_next_free_suffix(void)
{
    char dir[] = "/tmp/test_archive.XXXXXX", stem[64], text[64];
    const struct archive_member m[2] = {{"incidents", "json", "new", 3},
                                        {"components", "json", "c", 1}};
    struct err e;

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    CU_ASSERT_EQUAL(
        archive_store(dir, "20260101T000000Z", m, 2, stem, sizeof stem, &e), 0);
    ASSERT_STR(stem, "20260101T000000Z");
    CU_ASSERT_EQUAL(
        archive_store(dir, "20260101T000000Z", m, 2, stem, sizeof stem, &e), 0);
    ASSERT_STR(stem, "20260101T000000Z-1");
    put(dir, "20260101T000000Z-2-components.json.sha256", "old");
    CU_ASSERT_EQUAL(
        archive_store(dir, "20260101T000000Z", m, 2, stem, sizeof stem, &e), 0);
    ASSERT_STR(stem, "20260101T000000Z-3");
    slurp(dir, "20260101T000000Z-2-components.json.sha256", text, sizeof text);
    ASSERT_STR(text, "old");
    CU_ASSERT_EQUAL(count_files(dir), 3 * 4 + 1);
    remove_tree(dir);
}

/* The newest snapshot of one member: by stamp, then by suffix (numeric,
 * not text: -10 is after -9); other members and stray names ignored. */
static void newest_by_stamp_then_suffix(void)
{
    char dir[] = "/tmp/test_archive.XXXXXX", name[256], missing[300];

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    CU_ASSERT_EQUAL(archive_newest(dir, "incidents", "json", name, sizeof name),
                    0);
    put(dir, "20260101T000000Z-incidents.json", "");
    put(dir, "20260101T000000Z-9-incidents.json", "");
    put(dir, "20260101T000000Z-10-incidents.json", "");
    put(dir, "20250101T000000Z-999-incidents.json", "");
    put(dir, "20270101T000000Z-components.json", "");
    put(dir, "20270101T000000Z-incidents.json.sha256", "");
    put(dir, "2027-01-01T000000Z-incidents.json", "");
    put(dir, "20270101T000000Z-1000-incidents.json", "");
    CU_ASSERT_EQUAL(archive_newest(dir, "incidents", "json", name, sizeof name),
                    1);
    ASSERT_STR(name, "20260101T000000Z-10-incidents.json");
    snprintf(missing, sizeof missing, "%s/none", dir);
    CU_ASSERT_EQUAL(
        archive_newest(missing, "incidents", "json", name, sizeof name), 0);
    remove_tree(dir);
}

CU_TestInfo archive_tests[] = {
    {"stamp_of_known_instants", stamp_of_known_instants},
    {"store_writes_members_and_their_hashes",
     store_writes_members_and_their_hashes},
    {"store_takes_the_next_free_suffix", store_takes_the_next_free_suffix},
    {"newest_by_stamp_then_suffix", newest_by_stamp_then_suffix},
    CU_TEST_INFO_NULL,
};

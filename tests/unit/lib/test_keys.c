/* Unit tests for keys: lookup by exact name and by prefix, and each value
 * type parsed into its field by offset, with the message of each error. */
#include "lib/keys.h"

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rx.h"
#include "testutil.h"

struct sample {
    char *text;
    char *path;
    char **list;
    size_t nlist;
    int64_t secs;
    int64_t scaled;
    int64_t count;
    struct rx *pattern;
    int colour;
    char *last_key;
};

static void store_colour(void *obj, int i)
{
    ((struct sample *)obj)->colour = i;
}

static int set_any(void *obj, const char *key, const char *v,
                   const struct keys_env *env, char *msg, size_t cap)
{
    struct sample *s = obj;

    (void)env;
    if (strcmp(v, "bad") == 0)
        return snprintf(msg, cap, "%s: bad", key), -1;
    free(s->last_key);
    s->last_key = strdup(key);
    return 0;
}

static const char *const colours[] = {"red", "green", NULL};

static const struct keys_spec table[] = {
    {.name = "text",
     .type = KEYS_STRING,
     .offset = offsetof(struct sample, text)},
    {.name = "path",
     .type = KEYS_PATH,
     .offset = offsetof(struct sample, path)},
    {.name = "list",
     .type = KEYS_LIST,
     .offset = offsetof(struct sample, list),
     .count_offset = offsetof(struct sample, nlist)},
    {.name = "secs",
     .type = KEYS_DURATION,
     .offset = offsetof(struct sample, secs)},
    {.name = "scaled",
     .type = KEYS_DECIMAL,
     .offset = offsetof(struct sample, scaled),
     .frac = 2,
     .max = 10000},
    {.name = "count",
     .type = KEYS_INT,
     .offset = offsetof(struct sample, count),
     .min = 1,
     .max = 9},
    {.name = "pattern",
     .type = KEYS_PATTERN,
     .offset = offsetof(struct sample, pattern)},
    {.name = "colour",
     .type = KEYS_CHOICE,
     .choices = colours,
     .choice_list = "red, green",
     .store = store_colour},
    {.name = "x.", .type = KEYS_CUSTOM, .set = set_any, .prefix = true},
    {.name = NULL},
};

static int set(struct sample *s, const char *key, const char *v, char *msg)
{
    const struct keys_spec *k = keys_find(table, key);
    struct keys_env env = {"etc/conf"};

    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    msg[0] = '\0';
    return keys_set(k, s, key, v, &env, msg, 256);
}

static void keys_find_by_name_and_prefix(void)
{
    CU_ASSERT_PTR_EQUAL(keys_find(table, "text"), &table[0]);
    CU_ASSERT_PTR_EQUAL(keys_find(table, "colour"), &table[7]);
    CU_ASSERT_PTR_NULL(keys_find(table, "tex"));
    CU_ASSERT_PTR_NULL(keys_find(table, "texts"));
    /* A prefix row matches only longer keys. */
    CU_ASSERT_PTR_EQUAL(keys_find(table, "x.y"), &table[8]);
    CU_ASSERT_PTR_NULL(keys_find(table, "x."));
    CU_ASSERT_PTR_NULL(keys_find(table, "x"));
}

static void keys_set_parses_each_type(void)
{
    struct sample s;
    char msg[256];

    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(set(&s, "text", "a b", msg), 0);
    CU_ASSERT_EQUAL(set(&s, "text", "c", msg), 0); /* replaced, not leaked */
    ASSERT_STR(s.text, "c");
    CU_ASSERT_EQUAL(set(&s, "path", "data/x.csv", msg), 0);
    ASSERT_STR(s.path, "etc/conf/data/x.csv");
    CU_ASSERT_EQUAL(set(&s, "path", "/abs/x.csv", msg), 0);
    ASSERT_STR(s.path, "/abs/x.csv");
    CU_ASSERT_EQUAL(set(&s, "list", "a, b c,,d", msg), 0);
    CU_ASSERT_EQUAL_FATAL(s.nlist, 4);
    ASSERT_STR(s.list[0], "a");
    ASSERT_STR(s.list[3], "d");
    CU_ASSERT_EQUAL(set(&s, "secs", "90m", msg), 0);
    CU_ASSERT_EQUAL(s.secs, 5400);
    CU_ASSERT_EQUAL(set(&s, "scaled", "99.5", msg), 0);
    CU_ASSERT_EQUAL(s.scaled, 9950);
    CU_ASSERT_EQUAL(set(&s, "count", "9", msg), 0);
    CU_ASSERT_EQUAL(s.count, 9);
    CU_ASSERT_EQUAL(set(&s, "pattern", "^a+$", msg), 0);
    CU_ASSERT_TRUE(rx_match(s.pattern, "aaa", 3));
    CU_ASSERT_EQUAL(set(&s, "colour", "green", msg), 0);
    CU_ASSERT_EQUAL(s.colour, 1);
    CU_ASSERT_EQUAL(set(&s, "x.y", "ok", msg), 0);
    ASSERT_STR(s.last_key, "x.y");
    free(s.text);
    free(s.path);
    keys_free_list(s.list, s.nlist);
    rx_free(s.pattern);
    free(s.last_key);
}

static void keys_set_names_what_is_wrong(void)
{
    struct sample s;
    char msg[256];

    memset(&s, 0, sizeof s);
    CU_ASSERT_EQUAL(set(&s, "scaled", "100.01", msg), -1);
    ASSERT_STR(msg, "scaled: out of range: 100.01");
    CU_ASSERT_EQUAL(set(&s, "scaled", "1.005", msg), -1);
    ASSERT_STR(msg, "scaled: too many decimals: 1.005");
    CU_ASSERT_EQUAL(set(&s, "count", "0", msg), -1);
    ASSERT_STR(msg, "count: too small: 0");
    CU_ASSERT_EQUAL(set(&s, "colour", "blue", msg), -1);
    ASSERT_STR(msg, "colour: want one of red, green: blue");
    CU_ASSERT_EQUAL(s.colour, 0);
    CU_ASSERT_EQUAL(set(&s, "x.z", "bad", msg), -1);
    ASSERT_STR(msg, "x.z: bad");
    CU_ASSERT_EQUAL(set(&s, "pattern", "(", msg), -1);
    CU_ASSERT_EQUAL(strncmp(msg, "pattern: bad pattern at offset 1", 32), 0);
    CU_ASSERT_PTR_NULL(s.pattern);
    CU_ASSERT_EQUAL(set(&s, "secs", "soon", msg), -1);
    CU_ASSERT_EQUAL(strncmp(msg, "secs: ", 6), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, ": soon"));
}

CU_TestInfo keys_tests[] = {
    {"keys_find_by_name_and_prefix", keys_find_by_name_and_prefix},
    {"keys_set_parses_each_type", keys_set_parses_each_type},
    {"keys_set_names_what_is_wrong", keys_set_names_what_is_wrong},
    CU_TEST_INFO_NULL,
};

/* Unit tests for the monitoring formats table: every format a complete
 * row, its keys found from one lookup, the format names taken from the
 * table, and the validation of each format with the messages the config
 * reports after [monitoring "name"]:. */
#include "read/monitor.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "lib/keys.h"
#include "testutil.h"

static void every_format_has_a_complete_row(void)
{
    size_t k, j;

    for (k = 0; k < MONITOR_FORMAT_COUNT; k++) {
        const struct monitor_format_ops *ops = monitor_formats[k];
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_PTR_NOT_NULL(ops->name);
        CU_ASSERT_PTR_NOT_NULL(ops->keys);
        CU_ASSERT_PTR_NOT_NULL(ops->validate);
        /* CSV rows (column, row_end) or a whole-file reader. */
        CU_ASSERT_TRUE((ops->column != NULL && ops->row_end != NULL) !=
                       (ops->read_file != NULL));
        for (j = 0; j < k; j++)
            CU_ASSERT_NOT_EQUAL(strcmp(monitor_formats[j]->name, ops->name), 0);
    }
    ASSERT_STR(monitor_formats[MONITOR_SAMPLES]->name, "samples");
    ASSERT_STR(monitor_formats[MONITOR_WINDOWS]->name, "windows");
    CU_ASSERT_TRUE(monitor_samples.keeps_samples);
    CU_ASSERT_FALSE(monitor_windows.keeps_samples);
}

/* keys_set() on a [monitoring] key, with the message on failure. */
static int set(struct monsrc *m, const char *key, const char *value, char *msg,
               size_t cap)
{
    const struct keys_spec *k = monitor_find_key(key);
    struct keys_env env = {"conf"};

    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    msg[0] = '\0';
    return keys_set(k, m, key, value, &env, msg, cap);
}

static void keys_of_every_format_are_found(void)
{
    struct monsrc m;
    char msg[256];

    /* Common, samples-only and windows-only keys from one lookup. */
    CU_ASSERT_PTR_NOT_NULL(monitor_find_key("path"));
    CU_ASSERT_PTR_NOT_NULL(monitor_find_key("down_pattern"));
    CU_ASSERT_PTR_NOT_NULL(monitor_find_key("interval"));
    CU_ASSERT_PTR_NOT_NULL(monitor_find_key("quorum"));
    CU_ASSERT_PTR_NOT_NULL(monitor_find_key("duration_unit"));
    CU_ASSERT_PTR_NULL(monitor_find_key("tier"));
    CU_ASSERT_PTR_NULL(monitor_find_key("Path"));

    monitor_source_init(&m, "probes", 7);
    CU_ASSERT_EQUAL(m.delim, ',');
    CU_ASSERT_TRUE(m.header);
    CU_ASSERT_EQUAL(m.confirm, 1);
    CU_ASSERT_EQUAL(m.duration_unit, 1);
    CU_ASSERT_EQUAL(set(&m, "path", "exports/*.csv", msg, sizeof msg), 0);
    ASSERT_STR(m.path, "conf/exports/*.csv");
    CU_ASSERT_EQUAL(set(&m, "format", "windows", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.format, MONITOR_WINDOWS);
    CU_ASSERT_EQUAL(set(&m, "format", "csv", msg, sizeof msg), -1);
    /* Today's formats in table order, then the value (a format added
     * later joins the list, so only its start and end are fixed here). */
    CU_ASSERT_EQUAL(strncmp(msg,
                            "format: want one of samples, windows, "
                            "uptimerobot, pingdom, statuscake, uptime-kuma, "
                            "prometheus, uptime-kuma-api",
                            strlen("format: want one of samples, windows, "
                                   "uptimerobot, pingdom, statuscake, "
                                   "uptime-kuma, prometheus, "
                                   "uptime-kuma-api")),
                    0);
    CU_ASSERT_EQUAL(strcmp(msg + strlen(msg) - strlen(": csv"), ": csv"), 0);
    CU_ASSERT_EQUAL(set(&m, "delimiter", "pipe", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.delim, '|');
    CU_ASSERT_EQUAL(set(&m, "duration_unit", "h", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.duration_unit, 3600);
    CU_ASSERT_EQUAL(set(&m, "quorum", "3", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.quorum, QUORUM_N);
    CU_ASSERT_EQUAL(m.quorum_n, 3);
    CU_ASSERT_EQUAL(set(&m, "quorum", "majority", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.quorum, QUORUM_MAJORITY);
    CU_ASSERT_EQUAL(set(&m, "interval", "0s", msg, sizeof msg), -1);
    ASSERT_STR(msg, "interval: must be at least 1s: 0s");
    CU_ASSERT_EQUAL(set(&m, "unknown", "excluded", msg, sizeof msg), 0);
    CU_ASSERT_EQUAL(m.unknown, UNKNOWN_EXCLUDED);
    monitor_source_free(&m);
}

static void each_format_validates_its_own_rules(void)
{
    struct monsrc m;
    char msg[256];

    monitor_source_init(&m, "probes", 7);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "path is required");
    set(&m, "path", "x.csv", msg, sizeof msg);
    set(&m, "resource_column", "monitor", msg, sizeof msg);
    /* samples, the default */
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "time_column is required");
    set(&m, "time_column", "t", msg, sizeof msg);
    set(&m, "status_column", "s", msg, sizeof msg);
    set(&m, "down_pattern", "^down$", msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "interval is required");
    set(&m, "interval", "5m", msg, sizeof msg);
    set(&m, "confirm", "2", msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), 0);
    CU_ASSERT_TRUE(m.fidelity);
    ASSERT_STR(m.time_format, "iso8601");
    ASSERT_STR(m.time_zone, "UTC");
    /* The same keys as windows: the format's own rules apply. */
    set(&m, "format", "windows", msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "start_column is required");
    set(&m, "start_column", "from", msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "end_column or duration_column is required");
    set(&m, "end_column", "to", msg, sizeof msg);
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "interval is for samples only");
    m.interval = 0;
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), -1);
    ASSERT_STR(msg, "confirm, unknown, location_column and quorum are for "
                    "samples");
    m.confirm = 1;
    CU_ASSERT_EQUAL(monitor_validate(&m, msg, sizeof msg), 0);
    CU_ASSERT_FALSE(m.fidelity);
    monitor_source_free(&m);
}

static void each_format_names_its_columns(void)
{
    struct monsrc m;

    memset(&m, 0, sizeof m);
    m.time_column = (char *)"checked";
    m.start_column = (char *)"from";
    m.end_column = (char *)"to";
    m.duration_column = (char *)"len";
    ASSERT_STR(monitor_samples.column(&m, MONITOR_TIME), "checked");
    CU_ASSERT_PTR_NULL(monitor_samples.column(&m, MONITOR_END));
    CU_ASSERT_PTR_NULL(monitor_samples.column(&m, MONITOR_DURATION));
    ASSERT_STR(monitor_windows.column(&m, MONITOR_TIME), "from");
    ASSERT_STR(monitor_windows.column(&m, MONITOR_END), "to");
    ASSERT_STR(monitor_windows.column(&m, MONITOR_DURATION), "len");
    CU_ASSERT_PTR_NULL(monitor_windows.column(&m, MONITOR_RESOURCE));
}

CU_TestInfo monitor_formats_tests[] = {
    {"every_format_has_a_complete_row", every_format_has_a_complete_row},
    {"keys_of_every_format_are_found", keys_of_every_format_are_found},
    {"each_format_validates_its_own_rules",
     each_format_validates_its_own_rules},
    {"each_format_names_its_columns", each_format_names_its_columns},
    CU_TEST_INFO_NULL,
};

/* monitor_samples: format = samples (SPEC §3). One row per check: its
 * time, resource and status (or its request and error counts, with
 * error_rate); a sample stands for interval seconds, or with interval =
 * next until the next sample, at most max_gap; bucket counts the time in
 * buckets. Every sample is kept, up ones too, for the semantics of SPEC §8. */
#include "read/monitor.h"

#include "lib/keys.h"
#include "lib/parse.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The longest interval, max_gap or bucket: 31 days. A sample that stands
 * for more than a month is a slip (a unit, a digit), and it would make a
 * whole month down from one row. */
#define LENGTH_MAX (31 * 86400)

/* Checks that a length key's value is within [1s, LENGTH_MAX]. */
static int length_ok(const char *key, int64_t secs, const char *v, char *msg,
                     size_t cap)
{
    if (secs <= 0)
        return snprintf(msg, cap, "%s: must be at least 1s: %s", key, v), -1;
    if (secs > LENGTH_MAX)
        return snprintf(msg, cap, "%s: must be at most 31d: %s", key, v), -1;
    return 0;
}

static int set_interval(void *obj, const char *key, const char *v,
                        const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;

    (void)env;
    m->interval_next = strcmp(v, "next") == 0;
    if (m->interval_next) {
        m->interval = 0;
        return 0;
    }
    if (keys_duration(key, v, &m->interval, msg, cap) != 0)
        return -1;
    return length_ok("interval", m->interval, v, msg, cap);
}

static int set_max_gap(void *obj, const char *key, const char *v,
                       const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;

    (void)env;
    if (keys_duration(key, v, &m->max_gap, msg, cap) != 0)
        return -1;
    return length_ok("max_gap", m->max_gap, v, msg, cap);
}

static void store_unknown(void *obj, int i)
{
    ((struct monsrc *)obj)->unknown = i == 0   ? UNKNOWN_UP
                                      : i == 1 ? UNKNOWN_DOWN
                                               : UNKNOWN_EXCLUDED;
}

/* quorum = any, all, majority or a number of locations. */
static int set_quorum(void *obj, const char *key, const char *v,
                      const struct keys_env *env, char *msg, size_t cap)
{
    static const char *const names[] = {"any", "all", "majority", NULL};
    static const enum fidelity_quorum modes[] = {QUORUM_ANY, QUORUM_ALL,
                                                 QUORUM_MAJORITY};
    struct monsrc *m = obj;
    size_t i;

    (void)key;
    (void)env;
    for (i = 0; names[i] != NULL; i++) {
        if (strcmp(v, names[i]) == 0) {
            m->quorum = modes[i];
            return 0;
        }
    }
    m->quorum = QUORUM_N;
    if (parse_i64(v, 1, 1000, &m->quorum_n) != NULL)
        return snprintf(msg, cap,
                        "quorum: want any, all, majority or a number of "
                        "locations: %s",
                        v),
               -1;
    return 0;
}

static int set_bucket(void *obj, const char *key, const char *v,
                      const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;

    (void)env;
    if (keys_duration(key, v, &m->bucket, msg, cap) != 0)
        return -1;
    return length_ok("bucket", m->bucket, v, msg, cap);
}

/* error_rate = a percent ("5%", "0.5%"), more than 0, less than 100. */
static int set_error_rate(void *obj, const char *key, const char *v,
                          const struct keys_env *env, char *msg, size_t cap)
{
    struct monsrc *m = obj;
    char num[32];
    size_t n = strlen(v);

    (void)env;
    if (n == 0 || n >= sizeof num || v[n - 1] != '%')
        return snprintf(msg, cap, "%s: want a percent such as 5%%: %s", key, v),
               -1;
    memcpy(num, v, n - 1);
    num[n - 1] = '\0';
    if (keys_decimal(key, num, 4, 100 * 10000, &m->error_rate, msg, cap) != 0)
        return -1;
    if (m->error_rate <= 0 || m->error_rate >= 100 * 10000)
        return snprintf(msg, cap,
                        "%s: want more than 0%% and less than 100%%: %s", key,
                        v),
               -1;
    return 0;
}

static void store_bucket_rule(void *obj, int i)
{
    struct monsrc *m = obj;

    m->bucket_rule = i == 0   ? BUCKET_ANY
                     : i == 1 ? BUCKET_ALL
                              : BUCKET_MAJORITY;
    m->bucket_rule_set = true;
}

/* quorum is another name for majority: more than half. */
static const char *const bucket_rule_names[] = {"any", "all", "majority",
                                                "quorum", NULL};

static const char *const unknown_names[] = {"up", "down", "excluded", NULL};

static const struct keys_spec samples_keys[] = {
    {.name = "time_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, time_column)},
    {.name = "interval", .type = KEYS_CUSTOM, .set = set_interval},
    {.name = "max_gap", .type = KEYS_CUSTOM, .set = set_max_gap},
    {.name = "confirm",
     .type = KEYS_INT,
     .offset = offsetof(struct monsrc, confirm),
     .min = 1,
     .max = 1000},
    {.name = "unknown",
     .type = KEYS_CHOICE,
     .choices = unknown_names,
     .choice_list = "up, down, excluded",
     .store = store_unknown},
    {.name = "location_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, location_column)},
    {.name = "quorum", .type = KEYS_CUSTOM, .set = set_quorum},
    {.name = "bucket", .type = KEYS_CUSTOM, .set = set_bucket},
    {.name = "requests_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, requests_column)},
    {.name = "errors_column",
     .type = KEYS_STRING,
     .offset = offsetof(struct monsrc, errors_column)},
    {.name = "error_rate", .type = KEYS_CUSTOM, .set = set_error_rate},
    {.name = "bucket_rule",
     .type = KEYS_CHOICE,
     .choices = bucket_rule_names,
     .choice_list = "any, all, majority, quorum",
     .store = store_bucket_rule},
    {.name = NULL},
};

static int samples_validate(const struct monsrc *m, char *msg, size_t cap)
{
    const char *missing = NULL;

    bool rate = m->requests_column != NULL || m->errors_column != NULL ||
                m->error_rate != 0;

    if (rate && (m->status_column != NULL || m->down != NULL))
        return snprintf(msg, cap,
                        "requests_column, errors_column and error_rate "
                        "replace status_column and down_pattern"),
               -1;
    if (m->time_column == NULL)
        missing = "time_column";
    else if (rate && m->requests_column == NULL)
        missing = "requests_column (with error_rate)";
    else if (rate && m->errors_column == NULL)
        missing = "errors_column (with error_rate)";
    else if (rate && m->error_rate == 0)
        missing = "error_rate (with requests_column)";
    else if (!rate && m->status_column == NULL)
        missing = "status_column";
    else if (!rate && m->down == NULL)
        missing = "down_pattern";
    else if (m->interval == 0 && !m->interval_next)
        missing = "interval";
    else if (m->interval_next && m->max_gap == 0)
        missing = "max_gap (with interval = next)";
    if (missing != NULL)
        return snprintf(msg, cap, "%s is required", missing), -1;
    if (m->bucket_rule_set && m->bucket == 0)
        return snprintf(msg, cap, "bucket_rule needs bucket"), -1;
    if (!m->interval_next && m->max_gap != 0)
        return snprintf(msg, cap, "max_gap is for interval = next"), -1;
    return 0;
}

static const char *samples_column(const struct monsrc *m, enum monitor_role r)
{
    switch (r) {
    case MONITOR_TIME:
        return m->time_column;
    case MONITOR_REQUESTS:
        return m->requests_column;
    case MONITOR_ERRORS:
        return m->errors_column;
    default:
        return NULL;
    }
}

static const char *samples_row_end(const struct monsrc *m,
                                   const struct monitor_row *row, int64_t start,
                                   int64_t *end, enum monitor_role *bad)
{
    (void)row;
    (void)bad;
    *end = start + m->interval;
    return NULL;
}

/* Without its row in monitor_formats.def, MONITOR_SAMPLES does not exist. */
_Static_assert(MONITOR_SAMPLES < MONITOR_FORMAT_COUNT,
               "monitor_samples needs its row");

const struct monitor_format_ops monitor_samples = {
    .name = "samples",
    .keys = samples_keys,
    .validate = samples_validate,
    .column = samples_column,
    .row_end = samples_row_end,
    .keeps_samples = true,
};

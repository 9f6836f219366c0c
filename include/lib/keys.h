/* keys: configuration keys as tables, curl-style. A section's keys are an
 * array of keys_spec rows ended by a row with name NULL: each row names a
 * key, the type of its value and where in the section's struct it goes
 * (offsetof); keys_set() parses and stores a value by its row. The module
 * that owns a kind owns its table (monitor formats, policy kinds); the
 * config reader only looks keys up and calls keys_set(). Every error is a
 * message without file and line ("interval: not a duration: 5x"), which
 * the caller prefixes with its FILE:LINE. */
#ifndef SLACREDIT_KEYS_H
#define SLACREDIT_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rx;

enum keys_type {
    KEYS_STRING,   /* char *: the value */
    KEYS_PATH,     /* char *: the value, relative to the config's folder */
    KEYS_LIST,     /* char **, its size_t count at count_offset: the value
                      split on commas and blanks */
    KEYS_DURATION, /* int64_t seconds: "300", "5m", "2h", "7d" */
    KEYS_DECIMAL,  /* int64_t: a decimal scaled by 10^frac, 0..max */
    KEYS_INT,      /* int64_t: an integer in min..max */
    KEYS_PATTERN,  /* struct rx *: a PCRE2 pattern */
    KEYS_CHOICE,   /* one of choices: store(obj, its index) */
    KEYS_CUSTOM,   /* set() parses and stores */
};

/* What keys_set() needs beyond the value. */
struct keys_env {
    const char *dir; /* folder of the config file, "" for the current one */
};

struct keys_spec {
    const char *name;
    enum keys_type type;
    size_t offset;              /* of the field in the section's struct */
    size_t count_offset;        /* KEYS_LIST: of its size_t count */
    int64_t min, max;           /* KEYS_INT: bounds; KEYS_DECIMAL: max */
    int frac;                   /* KEYS_DECIMAL: decimals kept */
    const char *const *choices; /* KEYS_CHOICE: NULL-terminated names */
    const char *choice_list;    /* KEYS_CHOICE: names for the message */
    void (*store)(void *obj, int index); /* KEYS_CHOICE */
    /* KEYS_CUSTOM: returns 0, or -1 with the message in msg. */
    int (*set)(void *obj, const char *key, const char *value,
               const struct keys_env *env, char *msg, size_t cap);
    bool prefix; /* name is a prefix ("weight."): it matches every longer
                    key starting with it */
    bool repeat; /* may be given more than once in one section */
};

/* The row of table (ended by a NULL name) for key, or NULL. */
const struct keys_spec *keys_find(const struct keys_spec *table,
                                  const char *key);
/* Parses value by spec into obj. Returns 0, or -1 with the message in msg. */
int keys_set(const struct keys_spec *spec, void *obj, const char *key,
             const char *value, const struct keys_env *env, char *msg,
             size_t cap);

/* The typed parsers keys_set() uses, for custom setters: each returns 0, or
 * -1 with "key: reason: value" in msg. */
int keys_duration(const char *key, const char *v, int64_t *out, char *msg,
                  size_t cap);
int keys_decimal(const char *key, const char *v, int frac, int64_t max,
                 int64_t *out, char *msg, size_t cap);
int keys_int(const char *key, const char *v, int64_t min, int64_t max,
             int64_t *out, char *msg, size_t cap);
int keys_pattern(const char *key, const char *v, struct rx **out, char *msg,
                 size_t cap);
/* The index of v in names (NULL-terminated), or -1 with "key: want one of
 * list: value" in msg. */
int keys_pick(const char *key, const char *v, const char *const *names,
              const char *list, char *msg, size_t cap);

/* A path relative to dir (unchanged when absolute or dir is ""); fresh. */
char *keys_resolve(const char *dir, const char *path);
/* Splits a list on commas and/or blanks into a fresh array of n strings. */
char **keys_split_list(const char *v, size_t *n);
/* Frees a list from keys_split_list(). */
void keys_free_list(char **list, size_t n);

#endif

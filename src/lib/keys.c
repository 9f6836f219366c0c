/* keys: table-driven configuration keys (see keys.h). */
#include "lib/keys.h"

#include "lib/err.h"
#include "lib/parse.h"
#include "lib/rx.h"
#include "lib/when.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct keys_spec *keys_find(const struct keys_spec *table,
                                  const char *key)
{
    size_t i;

    for (i = 0; table[i].name != NULL; i++) {
        const struct keys_spec *k = &table[i];
        size_t n = strlen(k->name);
        if (k->prefix ? strncmp(key, k->name, n) == 0 && key[n] != '\0'
                      : strcmp(key, k->name) == 0)
            return k;
    }
    return NULL;
}

int keys_duration(const char *key, const char *v, int64_t *out, char *msg,
                  size_t cap)
{
    const char *why = when_parse_duration(v, out);

    if (why != NULL)
        return snprintf(msg, cap, "%s: %s: %s", key, why, v), -1;
    return 0;
}

int keys_decimal(const char *key, const char *v, int frac, int64_t max,
                 int64_t *out, char *msg, size_t cap)
{
    const char *why = parse_decimal(v, frac, out);

    if (why != NULL)
        return snprintf(msg, cap, "%s: %s: %s", key, why, v), -1;
    if (*out < 0 || *out > max)
        return snprintf(msg, cap, "%s: out of range: %s", key, v), -1;
    return 0;
}

int keys_int(const char *key, const char *v, int64_t min, int64_t max,
             int64_t *out, char *msg, size_t cap)
{
    const char *why = parse_i64(v, min, max, out);

    if (why != NULL)
        return snprintf(msg, cap, "%s: %s: %s", key, why, v), -1;
    return 0;
}

int keys_pattern(const char *key, const char *v, struct rx **out, char *msg,
                 size_t cap)
{
    struct err re;

    rx_free(*out);
    *out = rx_compile(v, &re);
    if (*out == NULL)
        return snprintf(msg, cap, "%s: %s", key, re.msg), -1;
    return 0;
}

int keys_pick(const char *key, const char *v, const char *const *names,
              const char *list, char *msg, size_t cap)
{
    int i;

    for (i = 0; names[i] != NULL; i++) {
        if (strcmp(names[i], v) == 0)
            return i;
    }
    snprintf(msg, cap, "%s: want one of %s: %s", key, list, v);
    return -1;
}

char *keys_resolve(const char *dir, const char *path)
{
    size_t n;
    char *out;

    if (path[0] == '/' || dir[0] == '\0')
        return xstrdup(path);
    n = strlen(dir) + 1 + strlen(path) + 1;
    out = xmalloc(n);
    snprintf(out, n, "%s/%s", dir, path);
    return out;
}

char **keys_split_list(const char *v, size_t *n)
{
    char **out = NULL;
    const char *p = v;

    *n = 0;
    while (*p != '\0') {
        size_t len;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        len = strcspn(p, " \t,");
        if (len == 0)
            break;
        out = xreallocarray(out, *n + 1, sizeof *out);
        out[(*n)++] = xstrndup(p, len);
        p += len;
    }
    return out;
}

void keys_free_list(char **list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

int keys_set(const struct keys_spec *spec, void *obj, const char *key,
             const char *value, const struct keys_env *env, char *msg,
             size_t cap)
{
    char *field = (char *)obj + spec->offset;
    int i;

    switch (spec->type) {
    case KEYS_STRING:
    case KEYS_PATH: {
        char **dst = (char **)(void *)field;
        free(*dst);
        *dst = spec->type == KEYS_PATH ? keys_resolve(env->dir, value)
                                       : xstrdup(value);
        return 0;
    }
    case KEYS_LIST: {
        char ***dst = (char ***)(void *)field;
        size_t *n = (size_t *)(void *)((char *)obj + spec->count_offset);
        keys_free_list(*dst, *n);
        *dst = keys_split_list(value, n);
        return 0;
    }
    case KEYS_DURATION:
        return keys_duration(key, value, (int64_t *)(void *)field, msg, cap);
    case KEYS_DECIMAL:
        return keys_decimal(key, value, spec->frac, spec->max,
                            (int64_t *)(void *)field, msg, cap);
    case KEYS_INT:
        return keys_int(key, value, spec->min, spec->max,
                        (int64_t *)(void *)field, msg, cap);
    case KEYS_PATTERN:
        return keys_pattern(key, value, (struct rx **)(void *)field, msg, cap);
    case KEYS_CHOICE:
        i = keys_pick(key, value, spec->choices, spec->choice_list, msg, cap);
        if (i < 0)
            return -1;
        spec->store(obj, i);
        return 0;
    case KEYS_CUSTOM:
        return spec->set(obj, key, value, env, msg, cap);
    }
    return snprintf(msg, cap, "%s: no parser", key), -1;
}

/* formats: the table of output files (see formats.h and formats.def). */
#include "write/formats.h"

#include <stdio.h>
#include <string.h>

static const struct output_format table[] = {
#define OUTPUT(kind, name, file, when) {name, file, when, NULL, NULL},
#define BILLING(kind, name, file, write, check)                                \
    {name, file, OUTPUT_NAMED, write, check},
#include "write/formats.def"
#undef OUTPUT
#undef BILLING
};

_Static_assert(sizeof table / sizeof table[0] ==
                   (size_t)OUTPUT_NKINDS + (size_t)BILLING_NFORMATS,
               "one table row per output kind and billing format");

size_t formats_count(void)
{
    return sizeof table / sizeof table[0];
}

const struct output_format *formats_at(size_t i)
{
    return i < formats_count() ? &table[i] : NULL;
}

const char *formats_file(enum output_kind k)
{
    return (unsigned)k < OUTPUT_NKINDS ? table[k].file : "?";
}

const struct output_format *formats_billing(enum billing_format f)
{
    return (unsigned)f < BILLING_NFORMATS ? &table[OUTPUT_NKINDS + f] : NULL;
}

int formats_enable(const char *name, uint32_t *set)
{
    size_t i;
    int found = 0;

    for (i = 0; i < formats_count(); i++) {
        if (table[i].name == NULL || strcmp(table[i].name, name) != 0)
            continue;
        found = 1;
        if (i >= OUTPUT_NKINDS)
            *set |= (uint32_t)1 << (i - OUTPUT_NKINDS);
    }
    return found ? 0 : -1;
}

bool formats_enabled(uint32_t set, enum billing_format f)
{
    return (unsigned)f < BILLING_NFORMATS && (set >> f & 1) != 0;
}

void formats_names(char *out, size_t cap)
{
    const char *names[sizeof table / sizeof table[0]];
    size_t i, j, n = 0, len = 0;

    for (i = 0; i < formats_count(); i++) {
        if (table[i].name == NULL)
            continue;
        for (j = 0; j < n && strcmp(names[j], table[i].name) != 0; j++)
            ;
        if (j == n)
            names[n++] = table[i].name;
    }
    if (cap > 0)
        out[0] = '\0';
    for (i = 0; i < n && len < cap; i++) {
        int w = snprintf(out + len, cap - len, "%s%s",
                         i == 0       ? ""
                         : i + 1 == n ? " or "
                                      : ", ",
                         names[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

bool formats_known_file(const char *name)
{
    size_t i;

    for (i = 0; i < formats_count(); i++) {
        if (strcmp(table[i].file, name) == 0)
            return true;
    }
    return false;
}

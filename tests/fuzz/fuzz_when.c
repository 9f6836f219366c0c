/* Time parsing: ISO 8601 (when_parse_iso), months (when_parse_month) and
 * configured time patterns (when_fmt_new + when_fmt_parse). The first byte
 * selects the entry point; for patterns the input is "PATTERN\nVALUE". */
#include "harness.h"
#include "lib/err.h"
#include "lib/tz.h"
#include "lib/when.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tz *zones[3];

static const struct tz *zone(unsigned i)
{
    static const char *names[3] = {"UTC", "Europe/Berlin", "+05:30"};
    struct err e;

    i %= 3;
    if (zones[i] == NULL) {
        memset(&e, 0, sizeof e);
        zones[i] = tz_open(names[i], 0, 4102444800, NULL, &e);
        if (zones[i] == NULL)
            abort();
    }
    return zones[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    int64_t t, t2;
    unsigned sel;
    char *s;
    size_t n;

    if (size < 1)
        return 0;
    sel = data[0];
    data++;
    size--;
    s = fz_str(data, size);
    memset(&e, 0, sizeof e);
    switch (sel % 3) {
    case 0:
        (void)when_parse_iso(s, size, zone(sel / 3), &t);
        break;
    case 1:
        (void)when_parse_month(s, &t, &t2, &e);
        break;
    default: {
        const uint8_t *nl = memchr(data, '\n', size);
        struct when_fmt *f;
        n = nl != NULL ? (size_t)(nl - data) : size;
        s[n] = '\0';
        f = when_fmt_new(s, zone(sel / 3), &e);
        if (f != NULL) {
            const char *v = nl != NULL ? s + n + 1 : "";
            (void)when_fmt_parse(f, v, nl != NULL ? size - n - 1 : 0, &t);
            when_fmt_free(f);
        }
        break;
    }
    }
    free(s);
    return 0;
}

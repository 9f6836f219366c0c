/* csvout: RFC 4180 rows (see csvout.h). */
#include "lib/csvout.h"

#include "lib/buf.h"

#include <string.h>

static int field(struct buf *b, const char *s)
{
    const char *q;

    if (strpbrk(s, ",\"\r\n") == NULL)
        return buf_puts(b, s);
    if (buf_append(b, "\"", 1) != 0)
        return -1;
    while ((q = strchr(s, '"')) != NULL) {
        if (buf_append(b, s, (size_t)(q - s) + 1) != 0 ||
            buf_append(b, "\"", 1) != 0)
            return -1;
        s = q + 1;
    }
    if (buf_puts(b, s) != 0 || buf_append(b, "\"", 1) != 0)
        return -1;
    return 0;
}

int csvout_row(struct buf *b, const char *const *fields, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if ((i > 0 && buf_append(b, ",", 1) != 0) || field(b, fields[i]) != 0)
            return -1;
    }
    return buf_append(b, "\n", 1);
}

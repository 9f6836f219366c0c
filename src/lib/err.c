/* err: filling and printing the error record (see err.h). */
#include "lib/err.h"

#include <stdarg.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

void err_one_line(char *s, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), k = 0, i, w, j;

    for (i = 0; i < n; i++)
        k += is_control((unsigned char)s[i]) ? 1 : 0;
    if (k == 0 || cap == 0)
        return;
    /* Backwards, so that every byte is read before its place is written:
     * byte i moves to w >= i. Bytes that would pass cap - 1 are dropped. */
    w = n + 3 * k;
    s[w < cap - 1 ? w : cap - 1] = '\0';
    for (i = n; i-- > 0;) {
        unsigned char c = (unsigned char)s[i];
        char out[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
        size_t m = is_control(c) ? 4 : 1;

        w -= m;
        if (m == 1)
            out[0] = (char)c;
        for (j = 0; j < m; j++) {
            if (w + j < cap - 1)
                s[w + j] = out[j];
        }
    }
}

void err_set(struct err *e, int rc, const char *file, long line,
             const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return;
    e->rc = rc;
    copy_str(e->file, sizeof e->file, file != NULL ? file : "");
    e->line = line;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    err_one_line(e->file, sizeof e->file);
    err_one_line(e->msg, sizeof e->msg);
}

void err_locate(struct err *e, const char *file, long line)
{
    if (e == NULL)
        return;
    if (e->file[0] == '\0' && file != NULL) {
        copy_str(e->file, sizeof e->file, file);
        err_one_line(e->file, sizeof e->file);
    }
    if (e->line == 0)
        e->line = line;
}

void err_print(const struct err *e, const char *prog, FILE *f)
{
    fprintf(f, "%s: ", prog);
    if (e->file[0] != '\0') {
        if (e->line > 0)
            fprintf(f, "%s:%ld: ", e->file, e->line);
        else
            fprintf(f, "%s: ", e->file);
    }
    fprintf(f, "%s\n", e->msg);
}

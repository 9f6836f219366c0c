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
}

void err_locate(struct err *e, const char *file, long line)
{
    if (e == NULL)
        return;
    if (e->file[0] == '\0' && file != NULL)
        copy_str(e->file, sizeof e->file, file);
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

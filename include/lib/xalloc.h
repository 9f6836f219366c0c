/* xalloc: allocation that never returns NULL. On failure it prints
 * "slacredit: out of memory" and exits with RC_OSERR (71), so callers never
 * check. This is the only place outside main() that may exit. */
#ifndef SLACREDIT_XALLOC_H
#define SLACREDIT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);                  /* caller frees with free() */
void *xcalloc(size_t nmemb, size_t size); /* zeroed; overflow-checked */
void *xrealloc(void *p, size_t n);        /* like realloc, never NULL */
void *xreallocarray(void *p, size_t nmemb, size_t size); /* overflow-checked */
char *xstrdup(const char *s);                            /* caller frees */
char *xstrndup(const char *s, size_t n); /* copies n bytes, NUL-ends */

#endif

/* ident: the character set of the names that make up an adjustment id
 * (subscription ids, customer ids, policy names; SPEC §7). A name is 1 to
 * IDENT_MAX bytes of well-formed UTF-8 with no ':' (the id separator), no
 * control character (U+0000-U+001F, U+007F-U+009F). Readers call ident_check()
 * on every such field. */
#ifndef SLACREDIT_IDENT_H
#define SLACREDIT_IDENT_H

#include <stddef.h>

#define IDENT_MAX 128 /* bytes */

/* Returns NULL when s is a valid name, else a static reason such as
 * "contains ':'" or "longer than 128 bytes". */
const char *ident_check(const char *s);

/* Copies s into out (cap bytes, NUL-terminated, cut when longer) with every
 * control byte written as \xNN, so
 * that an offending value fits on one line of an error message. */
void ident_printable(const char *s, char *out, size_t cap);

#endif

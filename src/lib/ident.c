/* ident: validation of the names inside adjustment ids (see ident.h). */
#include "lib/ident.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Decodes one UTF-8 sequence at p (n bytes left) into *cp; returns its
 * length, or 0 when it is malformed, overlong or a surrogate. */
static size_t utf8_one(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len, i;
    uint32_t c, min;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0) {
        len = 2, c = p[0] & 0x1Fu, min = 0x80;
    } else if ((p[0] & 0xF0) == 0xE0) {
        len = 3, c = p[0] & 0x0Fu, min = 0x800;
    } else if ((p[0] & 0xF8) == 0xF0) {
        len = 4, c = p[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

const char *ident_check(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, k;
    uint32_t c;

    if (n == 0)
        return "empty";
    if (n > IDENT_MAX)
        return "longer than 128 bytes";
    while (i < n) {
        k = utf8_one(p + i, n - i, &c);
        if (k == 0)
            return "not valid UTF-8";
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            return "contains a control character";
        if (c == ':')
            return "contains ':'";
        i += k;
    }
    return NULL;
}

void ident_printable(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;

    if (cap == 0)
        return;
    for (; *p != '\0' && o + 5 < cap; p++) {
        if (*p < 0x20 || *p == 0x7F)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", *p);
        else
            out[o++] = (char)*p;
    }
    out[o] = '\0';
}

/* strindex: an index from strings to positions in an array the caller owns
 * (ids of records merged by id, component ids): open addressing with the
 * strings' FNV-1a hashes, so finding an id costs the same with ten or a
 * million of them. The index borrows the strings: each must stay in place
 * (and unchanged) while it is indexed. */
#ifndef SLACREDIT_STRINDEX_H
#define SLACREDIT_STRINDEX_H

#include <stddef.h>
#include <stdint.h>

struct strindex {
    struct strindex_slot *slots; /* owned; NULL when empty */
    size_t cap;                  /* a power of two, or 0 */
    size_t n;
};

void strindex_init(struct strindex *x);
void strindex_free(struct strindex *x);
/* The position stored for key, or SIZE_MAX when it has none. */
size_t strindex_find(const struct strindex *x, const char *key);
/* Stores pos for key (replacing what it had); key is borrowed, and from
 * now on it is the string the index holds for that id (so the string an
 * earlier put lent may be freed after this call). */
void strindex_put(struct strindex *x, const char *key, size_t pos);

#endif

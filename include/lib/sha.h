/* sha: streaming SHA-256 over OpenSSL's libcrypto, for the manifest.
 * sha_init(), sha_update() per block, sha_final() gives 64 hex digits. */
#ifndef SLACREDIT_SHA_H
#define SLACREDIT_SHA_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct sha;

/* A fresh SHA-256 state; caller frees with sha_free(). */
struct sha *sha_new(void);
/* Feeds n bytes. */
void sha_update(struct sha *h, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits plus NUL into hex; the state
 * may then be reused after sha_reset(). */
void sha_final(struct sha *h, char hex[65]);
/* Starts a new digest in h. */
void sha_reset(struct sha *h);
/* Frees h; NULL is a no-op. */
void sha_free(struct sha *h);

/* Hashes a whole file: fills hex and *size. Returns 0, or -1 with e set
 * (RC_NOINPUT or RC_IOERR, file set). */
int sha_file(const char *path, char hex[65], uint64_t *size, struct err *e);

/* Hashes the first size bytes of the open file fd (read-only mappings of
 * it, or pread(): its offset is left alone), the bytes its readers read
 * when they opened it with that size. Returns 0, or -1 with e set
 * (RC_IOERR, file path). */
int sha_fd(int fd, uint64_t size, const char *path, char hex[65],
           struct err *e);

/* A list of files with their digests, for the manifest. */
struct sha_entry {
    char *path;    /* owned */
    char hex[65];  /* SHA-256 */
    uint64_t size; /* bytes */
};

struct sha_list {
    struct sha_entry *v; /* owned */
    size_t n;
};

/* Appends (path, hex, size); path is copied. */
void sha_list_add(struct sha_list *l, const char *path, const char *hex,
                  uint64_t size);
/* Frees the entries; the list is empty afterwards. */
void sha_list_free(struct sha_list *l);
#endif

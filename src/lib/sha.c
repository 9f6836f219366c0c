/* sha: SHA-256 through libcrypto's EVP interface (see sha.h). */
#include "lib/sha.h"

#include "lib/infile.h"
#include "lib/xalloc.h"

#include <openssl/evp.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

struct sha {
    EVP_MD_CTX *ctx; /* owned */
};

static void oom_if_null(const void *p)
{
    if (p == NULL) {
        fputs("slacredit: out of memory\n", stderr);
        exit(RC_OSERR);
    }
}

struct sha *sha_new(void)
{
    struct sha *h = xmalloc(sizeof *h);

    h->ctx = EVP_MD_CTX_new();
    oom_if_null(h->ctx);
    sha_reset(h);
    return h;
}

void sha_reset(struct sha *h)
{
    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
}

void sha_update(struct sha *h, const void *data, size_t n)
{
    EVP_DigestUpdate(h->ctx, data, n);
}

void sha_final(struct sha *h, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    static const char digits[] = "0123456789abcdef";

    EVP_DigestFinal_ex(h->ctx, md, &n);
    for (i = 0; i < n && i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * i] = '\0';
}

void sha_free(struct sha *h)
{
    if (h == NULL)
        return;
    EVP_MD_CTX_free(h->ctx);
    free(h);
}

/* Files at least this large are hashed from a read-only mapping: the hash
 * reads the page cache's own pages (the ones the parsers read), with no
 * copy into a buffer of ours. */
#define MAP_MIN (1u << 20)

/* Hashes the open file fp of size bytes through a mapping. Returns 0, or -1
 * when it cannot be mapped (nothing hashed). */
static int hash_mapped(FILE *fp, uint64_t size, struct sha *h)
{
    void *p;

    if (size < MAP_MIN || size > SIZE_MAX)
        return -1;
    p = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fileno(fp), 0);
    if (p == MAP_FAILED)
        return -1;
    (void)posix_madvise(p, (size_t)size, POSIX_MADV_SEQUENTIAL);
    sha_update(h, p, (size_t)size);
    munmap(p, (size_t)size);
    return 0;
}

int sha_file(const char *path, char hex[65], uint64_t *size, struct err *e)
{
    const size_t blksz = 1 << 16;
    unsigned char *blk;
    FILE *fp = infile_open(path, e);
    struct sha *h;
    struct stat sb;
    size_t n;
    uint64_t total = 0;
    int rc = 0;

    if (fp == NULL)
        return -1;
    h = sha_new();
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
        hash_mapped(fp, (uint64_t)sb.st_size, h) == 0) {
        fclose(fp);
        sha_final(h, hex);
        sha_free(h);
        *size = (uint64_t)sb.st_size;
        return 0;
    }
    blk = xmalloc(blksz);
    while ((n = fread(blk, 1, blksz, fp)) > 0) {
        sha_update(h, blk, n);
        total += n;
    }
    if (ferror(fp)) {
        err_set(e, RC_IOERR, path, 0, "read error: %s", strerror(errno));
        rc = -1;
    }
    free(blk);
    fclose(fp);
    sha_final(h, hex);
    sha_free(h);
    *size = total;
    return rc;
}

void sha_list_add(struct sha_list *l, const char *path, const char *hex,
                  uint64_t size)
{
    struct sha_entry *x;

    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    x = &l->v[l->n++];
    x->path = xstrdup(path);
    memcpy(x->hex, hex, 65);
    x->size = size;
}

void sha_list_free(struct sha_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i].path);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

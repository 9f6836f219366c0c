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
#include <unistd.h>

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

/* Files at least this large are hashed from read-only mappings: the hash
 * reads the page cache's own pages (the ones the parsers read), with no
 * copy into a buffer of ours. One window of the file is mapped at a time,
 * so the pages mapped (which count in the resident set) stay bounded. */
#define MAP_MIN    (1u << 20)
#define MAP_WINDOW ((uint64_t)8 << 20)

/* Hashes the open file fp of size bytes through mappings. Returns 0, or -1
 * when the first window cannot be mapped (nothing hashed yet: the caller
 * reads the file instead); a later failure is an I/O error (-2). */
static int hash_mapped(int fd, uint64_t size, struct sha *h)
{
    uint64_t off;

    if (size < MAP_MIN)
        return -1;
    for (off = 0; off < size; off += MAP_WINDOW) {
        size_t n = (size_t)(size - off < MAP_WINDOW ? size - off : MAP_WINDOW);
        void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, (off_t)off);
        if (p == MAP_FAILED)
            return off == 0 ? -1 : -2;
        (void)posix_madvise(p, n, POSIX_MADV_SEQUENTIAL);
        sha_update(h, p, n);
        munmap(p, n);
    }
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
        (rc = hash_mapped(fileno(fp), (uint64_t)sb.st_size, h)) != -1) {
        int why = errno;
        fclose(fp);
        sha_final(h, hex);
        sha_free(h);
        *size = (uint64_t)sb.st_size;
        if (rc == 0)
            return 0;
        err_set(e, RC_IOERR, path, 0, "cannot map: %s", strerror(why));
        return -1;
    }
    rc = 0;
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

int sha_fd(int fd, uint64_t size, const char *path, char hex[65], struct err *e)
{
    struct sha *h = sha_new();
    unsigned char *blk;
    uint64_t off = 0;
    int rc = hash_mapped(fd, size, h);

    if (rc == -1) {
        /* Small, or cannot be mapped: read with pread(), which leaves the
         * descriptor's offset alone. */
        rc = 0;
        blk = xmalloc(1 << 16);
        while (rc == 0 && off < size) {
            size_t want =
                size - off < (1 << 16) ? (size_t)(size - off) : (size_t)1 << 16;
            ssize_t k = pread(fd, blk, want, (off_t)off);
            if (k < 0 && errno == EINTR)
                continue;
            if (k == 0)
                errno = 0;
            if (k <= 0)
                rc = -2;
            else {
                sha_update(h, blk, (size_t)k);
                off += (uint64_t)k;
            }
        }
        free(blk);
    }
    sha_final(h, hex);
    sha_free(h);
    if (rc == 0)
        return 0;
    err_set(e, RC_IOERR, path, 0, "read error: %s",
            errno != 0 ? strerror(errno) : "the file got shorter");
    return -1;
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

/*
 * shafloor.c - the SHA-256 floor for `make bench` (scripts/bench.sh).
 *
 * Hashes FILE with slacredit's own lib/sha (libcrypto's SHA-256, from
 * read-only mappings of the file, as a run hashes its inputs) and prints
 * the digest. A run must put every byte of every input through SHA-256 for
 * manifest.json, and SHA-256 of one file runs on one core, so no run of
 * the same file can take less wall time than this.
 *
 * usage: shafloor FILE
 */
#include "lib/err.h"
#include "lib/sha.h"

#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    char hex[65];
    uint64_t size;
    struct err e = {0};

    if (argc != 2) {
        fprintf(stderr, "usage: shafloor FILE\n");
        return 64;
    }
    if (sha_file(argv[1], hex, &size, &e) != 0) {
        fprintf(stderr, "shafloor: %s\n", e.msg);
        return 1;
    }
    printf("%s %llu\n", hex, (unsigned long long)size);
    return 0;
}

/* Shared helpers of the libFuzzer targets (tests/fuzz/fuzz_*.c). Parsers that
 * read files by path get the fuzz input written to a file in a private
 * temporary folder ($TMPDIR, else /dev/shm, else /tmp), created once per
 * process and removed at exit. */
#ifndef SLACREDIT_FUZZ_HARNESS_H
#define SLACREDIT_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

struct config;

/* The process's temporary folder (created on first use). */
const char *fz_dir(void);
/* Writes the n bytes at data to fz_dir()/name (replacing it); returns the
 * file's path (static storage per name slot; valid until the next call with
 * the same name). Aborts on an I/O failure: that is not a parser finding. */
const char *fz_write(const char *name, const uint8_t *data, size_t n);
/* Writes ini as fz_dir()/config.ini and loads it; aborts when it does not
 * load (the harness's own configuration must be valid). */
struct config *fz_config(const char *ini);
/* A NUL-terminated heap copy of the n bytes at data (NULs inside kept). */
char *fz_str(const uint8_t *data, size_t n);

#endif

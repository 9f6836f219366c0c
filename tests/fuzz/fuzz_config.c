/* The INI configuration (config_load): sections, keys, values, patterns. */
#include "harness.h"
#include "lib/err.h"
#include "read/config.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct config *c;

    memset(&e, 0, sizeof e);
    c = config_load(fz_write("config.ini", data, size), &e);
    config_free(c);
    return 0;
}

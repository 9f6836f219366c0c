/* The subscriptions CSV (roster_load) against a fixed configuration. */
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "read/config.h"
#include "read/roster.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;

    if (cfg == NULL)
        cfg = fz_config("[roster]\npath = input\n" FZ_POLICIES);
    memset(&e, 0, sizeof e);
    roster_free(roster_load(fz_write("input", data, size), cfg, &e));
    return 0;
}

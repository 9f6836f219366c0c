/* The claims CSV (claims_load) against a fixed roster. */
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "read/claims.h"
#include "read/config.h"
#include "read/roster.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg; /* kept: the roster borrows its policies */
static struct roster *roster;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    size_t n;
    const int64_t *c;

    memset(&e, 0, sizeof e);
    if (roster == NULL) {
        cfg = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES);
        roster = roster_load(fz_write("roster.csv", (const uint8_t *)FZ_ROSTER,
                                      strlen(FZ_ROSTER)),
                             cfg, &e);
        if (roster == NULL)
            abort();
    }
    struct claims *cl = claims_load(fz_write("input", data, size), roster, &e);
    if (cl != NULL) {
        c = claims_of(cl, "s1", &n);
        (void)c;
        claims_free(cl);
    }
    return 0;
}

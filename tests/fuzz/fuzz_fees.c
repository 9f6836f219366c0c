/* The fee history CSV (fees_load) against a fixed roster, then the fees of
 * a cap_fees window of each subscription. */
#include "engine/subscription.h"
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "read/config.h"
#include "read/fees.h"
#include "read/roster.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg; /* kept: the roster borrows its policies */
static struct roster *roster;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct fees_window w;
    size_t i;

    memset(&e, 0, sizeof e);
    if (roster == NULL) {
        cfg = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES);
        roster = roster_load(fz_write("roster.csv", (const uint8_t *)FZ_ROSTER,
                                      strlen(FZ_ROSTER)),
                             cfg, &e);
        if (roster == NULL)
            abort();
    }
    struct fees *f = fees_load(fz_write("input", data, size), roster, &e);
    if (f != NULL) {
        for (i = 0; i < roster->n; i++)
            (void)fees_window(f, &roster->subs[i], 2026 * 12 + 9, 120, &w);
        fees_free(f);
    }
    return 0;
}

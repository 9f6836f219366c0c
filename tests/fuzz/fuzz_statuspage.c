/* Statuspage API v2 JSON snapshots (statuspage_load), the input read as an
 * incidents feed, a scheduled-maintenances feed, a summary or a components
 * list (first byte), with key = name or key = id. */
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "read/config.h"
#include "read/statuspage.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *none = "";
    struct err e;
    struct sp_data d;
    const struct statuspage *p;
    struct statuspage copy;
    unsigned sel;

    if (size < 1)
        return 0;
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)none, 0);
        cfg = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                        "[statuspage \"byname\"]\nincidents = input\n"
                        "maintenances = input\nsummaries = input\n"
                        "components = input\n"
                        "[statuspage \"byid\"]\nincidents = input\n"
                        "maintenances = input\nsummaries = input\n"
                        "components = input\nkey = id\n"
                        "down_impacts = minor major critical\n");
    }
    sel = data[0];
    p = config_page(cfg, sel & 4 ? "byid" : "byname");
    if (p == NULL)
        abort();
    /* One kind of feed per run: the others' globs left out. */
    copy = *p;
    if ((sel & 3) != 0)
        copy.incidents = NULL;
    if ((sel & 3) != 1)
        copy.maintenances = NULL;
    if ((sel & 3) != 2)
        copy.summaries = NULL;
    if ((sel & 3) != 3)
        copy.components = NULL;
    (void)fz_write("input", data + 1, size - 1);
    memset(&e, 0, sizeof e);
    if (statuspage_load(&copy, 1790812800, 1793491200, &d, NULL, &e) == 0) {
        if (d.ncomponents > 0)
            (void)sp_component_find(&d, d.components[0].key);
        statuspage_free(&d);
    }
    return 0;
}

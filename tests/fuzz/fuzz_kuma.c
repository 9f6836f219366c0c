/* Uptime Kuma's SQLite database as format = uptime-kuma reads it: the fuzz
 * input is the database file itself (a corrupt page, a wrong column type, a
 * missing table, a heartbeat with any status or time), opened read-only.
 * The first byte chooses the source: every monitor with the derived
 * max_gap, or monitors 1 and mail with max_gap = 90s and unknown = down. */
#include "fixture.h"
#include "monitor_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)"", 0);
        cfg = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                        "[monitoring \"kuma\"]\npath = kuma.db\n"
                        "format = uptime-kuma\n"
                        "[monitoring \"some\"]\npath = kuma.db\n"
                        "format = uptime-kuma\nmonitors = 1, mail\n"
                        "max_gap = 90s\nunknown = down\n");
    }
    if (size < 1)
        return 0;
    fz_monitor_file(&cfg->sources[data[0] % 2], "kuma.db", data + 1, size - 1);
    return 0;
}

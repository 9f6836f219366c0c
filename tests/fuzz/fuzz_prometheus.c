/* Prometheus's query_range JSON as `run` reads it from the archive folder
 * (format = prometheus): the fuzz input is one response of a snapshot whose
 * params.txt matches the config. The first byte chooses the source: step
 * 60 s with resource label instance, or step 15 s with label job (each its
 * own folder: the harness's folder, whose params.txt the config matches). */
#include "fixture.h"
#include "monitor_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const params[] = {"query=up\nstep=60\nurl=http://p\n",
                                         "query=up\nstep=15\nurl=http://p\n"};
    unsigned sel;

    if (cfg[0] == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)"", 0);
        cfg[0] = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                           "[monitoring \"prom\"]\npath = .\n"
                           "format = prometheus\nurl = http://p\n"
                           "query = up\nresource_label = instance\n"
                           "step = 60s\nunknown = down\n");
        cfg[1] = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                           "[monitoring \"prom\"]\npath = .\n"
                           "format = prometheus\nurl = http://p\n"
                           "query = up\nresource_label = job\n"
                           "step = 15s\n");
    }
    if (size < 1)
        return 0;
    sel = data[0] % 2;
    (void)fz_write("f-params.txt", (const uint8_t *)params[sel],
                   strlen(params[sel]));
    fz_monitor_file(&cfg[sel]->sources[0], "f-query_range-2026-10-001.json",
                    data + 1, size - 1);
    return 0;
}

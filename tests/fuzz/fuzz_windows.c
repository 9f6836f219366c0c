/* Monitoring CSV rows in the windows format (one row per outage): start and
 * end, start and H:MM:SS or grouped-integer durations, status filters, time
 * patterns in a local zone. */
#include "monitor_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)"", 0);
        cfg = fz_config(
            "[roster]\npath = roster.csv\n" FZ_POLICIES
            "[monitoring \"ends\"]\npath = input\nformat = windows\n"
            "resource_column = node\nstart_column = from\nend_column = to\n"
            "[monitoring \"vendor\"]\npath = input\nformat = windows\n"
            "delimiter = semicolon\nresource_column = resource\n"
            "start_column = started\nduration_column = duration\n"
            "time_format = %Y-%m-%d %H:%M:%S\ntime_zone = Europe/Berlin\n"
            "status_column = state\ndown_pattern = ^outage$\n"
            "[monitoring \"minutes\"]\npath = input\nformat = windows\n"
            "resource_column = monitor\nstart_column = start\n"
            "duration_column = length\nduration_unit = m\n"
            "time_format = epoch\n");
    }
    fz_monitor(cfg, data, size);
    return 0;
}

/* Monitoring CSV rows in the samples format (one row per check), through
 * sources of several shapes: ISO 8601 or epoch or pattern times, time
 * zones, no header, confirm/unknown/location/quorum semantics. */
#include "monitor_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)"", 0);
        cfg = fz_config(
            "[roster]\npath = roster.csv\n" FZ_POLICIES
            "[monitoring \"iso\"]\npath = input\nformat = samples\n"
            "time_column = checked_at\ntime_format = iso8601\n"
            "resource_column = monitor\nstatus_column = status\n"
            "down_pattern = ^(down|timeout)$\ninterval = 5m\n"
            "[monitoring \"epoch\"]\npath = input\nformat = samples\n"
            "time_column = time\ntime_format = epoch\n"
            "resource_column = monitor\nstatus_column = value\n"
            "down_pattern = ^0$\ninterval = 60s\nconfirm = 3\n"
            "unknown = down\nlocation_column = location\nquorum = majority\n"
            "[monitoring \"local\"]\npath = input\nformat = samples\n"
            "delimiter = semicolon\nheader = false\n"
            "columns = t,monitor,status\ntime_column = t\n"
            "time_format = %d/%m/%Y %H:%M\ntime_zone = Europe/Berlin\n"
            "resource_column = monitor\nstatus_column = status\n"
            "down_pattern = (?i)down\ninterval = 1m\nunknown = excluded\n");
    }
    fz_monitor(cfg, data, size);
    return 0;
}

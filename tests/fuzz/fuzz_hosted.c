/* Hosted monitors' JSON exports, read whole: UptimeRobot getMonitors logs,
 * Pingdom summary.outage states, StatusCake uptime periods and Uptime
 * Kuma's status-page heartbeats. */
#include "monitor_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)"", 0);
        cfg = fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                        "[monitoring \"robot\"]\npath = input\n"
                        "format = uptimerobot\nunknown = excluded\n"
                        "[monitoring \"pingdom\"]\npath = input\n"
                        "format = pingdom\nunknown = down\n"
                        "[monitoring \"cake\"]\npath = input\n"
                        "format = statuscake\n"
                        "[monitoring \"kuma\"]\npath = input\n"
                        "format = uptime-kuma-api\ninterval = 60s\n");
    }
    fz_monitor(cfg, data, size);
    return 0;
}

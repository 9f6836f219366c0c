/* Durations: config durations (when_parse_duration) and window lengths of
 * monitoring exports (monitor_parse_length: integers with grouping,
 * H:MM:SS, "13 hrs, 2 mins"), in several units chosen by the first byte. */
#include "harness.h"
#include "lib/when.h"
#include "read/monitor.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t units[4] = {1, 60, 3600, 86400};
    int64_t secs;
    char *s;

    if (size < 1)
        return 0;
    s = fz_str(data + 1, size - 1);
    if (data[0] & 4)
        (void)when_parse_duration(s, &secs);
    else
        (void)monitor_parse_length(s, units[data[0] & 3], &secs);
    free(s);
    return 0;
}

/* TZif files (tz_open on a zoneinfo folder holding the input as one zone),
 * then conversions through the table it built. */
#include "harness.h"
#include "lib/err.h"
#include "lib/tz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct tz *z;

    (void)fz_write("Fuzzzone", data, size);
    memset(&e, 0, sizeof e);
    z = tz_open("Fuzzzone", 1767225600, 1798761600, fz_dir(), &e);
    if (z != NULL) {
        (void)tz_local_to_utc(z, 1792800000);
        (void)tz_local_to_utc(z, INT64_C(253402300799));
        (void)tz_offset_at(z, 1775000000);
        (void)tz_offset_at(z, -INT64_C(62135596800));
        tz_free(z);
    }
    return 0;
}

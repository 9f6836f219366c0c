/* Decimals and money: money_parse at the exponents of real currencies,
 * parse_decimal and the integer parsers; the first byte selects. */
#include "harness.h"
#include "lib/money.h"
#include "lib/parse.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t v;
    char *s;
    unsigned sel;

    if (size < 1)
        return 0;
    sel = data[0];
    s = fz_str(data + 1, size - 1);
    switch (sel % 4) {
    case 0:
        (void)money_parse(s, (int)(sel / 4 % 4), &v);
        break;
    case 1:
        (void)parse_decimal(s, (int)(sel / 4 % 7), &v);
        break;
    case 2:
        (void)parse_i64(s, INT64_MIN, INT64_MAX, &v);
        break;
    default:
        (void)parse_i64n(s, size - 1, -1000, 1000, &v);
        break;
    }
    free(s);
    return 0;
}

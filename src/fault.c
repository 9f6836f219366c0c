/* fault: the test-only failure switch (see fault.h). Empty in the product. */
#include "fault.h"

#ifdef SLACREDIT_FAULTS
#include <stdlib.h>
#include <string.h>

/* Calls counted per operation. The process is single-threaded where the
 * hooks sit (output and ledger writing), and this build is for tests only. */
static unsigned long calls[3];

bool fault_hit(const char *op)
{
    static const char *const ops[3] = {"write", "fsync", "rename"};
    const char *spec = getenv("SLACREDIT_FAULT");
    size_t n;
    int i;

    for (i = 0; i < 3; i++) {
        if (strcmp(op, ops[i]) == 0)
            break;
    }
    if (i == 3)
        return false;
    calls[i]++;
    if (spec == NULL)
        return false;
    n = strlen(op);
    if (strncmp(spec, op, n) != 0 || spec[n] != ':')
        return false;
    return strtoul(spec + n + 1, NULL, 10) == calls[i];
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int fault_unused;
#endif

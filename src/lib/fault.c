/* fault: the test-only failure switch (see fault.h). Empty in the product. */
#include "lib/fault.h"

#ifdef SLACREDIT_FAULTS
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Calls counted per operation. The process is single-threaded where the
 * hooks sit (output and ledger writing), and this build is for tests only. */
static unsigned long calls[4];
static unsigned long passages;

bool fault_hit(const char *op)
{
    static const char *const ops[4] = {"write", "fsync", "rename", "ledger"};
    const char *spec = getenv("SLACREDIT_FAULT");
    size_t n;
    int i;

    for (i = 0; i < 4; i++) {
        if (strcmp(op, ops[i]) == 0)
            break;
    }
    if (i == 4)
        return false;
    calls[i]++;
    if (spec == NULL)
        return false;
    n = strlen(op);
    if (strncmp(spec, op, n) != 0 || spec[n] != ':')
        return false;
    return strtoul(spec + n + 1, NULL, 10) == calls[i];
}

bool fault_tiny(void)
{
    return getenv("SLACREDIT_TINY_BUFFERS") != NULL;
}

/* True when spec is "name" or "name:..." ; *rest gets what follows ':'. */
static bool names(const char *spec, const char *name, const char **rest)
{
    size_t n = strlen(name);

    if (spec == NULL || strncmp(spec, name, n) != 0)
        return false;
    if (spec[n] == '\0') {
        *rest = NULL;
        return true;
    }
    if (spec[n] != ':')
        return false;
    *rest = spec + n + 1;
    return true;
}

void fault_point(const char *name)
{
    const char *rest, *mark = getenv("SLACREDIT_MARK");

    if (mark != NULL) {
        FILE *f = fopen(mark, "a");
        if (f != NULL) {
            fprintf(f, "%s\n", name);
            fclose(f);
        }
    }

    if (names(getenv("SLACREDIT_PAUSE"), name, &rest) && rest != NULL) {
        long ms = strtol(rest, NULL, 10);
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (names(getenv("SLACREDIT_KILL_AT"), name, &rest)) {
        passages++;
        if (rest == NULL || strtoul(rest, NULL, 10) == passages)
            kill(getpid(), SIGKILL);
    }
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int fault_unused;
#endif

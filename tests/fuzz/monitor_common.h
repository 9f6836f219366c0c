/* Runs monitor_read on the fuzz input as the source of config cfg chosen by
 * the first byte, with the resources m1..m3 and the month 2026-10, then
 * monitor_tab_finish. Shared by fuzz_samples.c, fuzz_windows.c and
 * fuzz_hosted.c.
 */
#ifndef SLACREDIT_FUZZ_MONITOR_COMMON_H
#define SLACREDIT_FUZZ_MONITOR_COMMON_H

#include "engine/res.h"
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor.h"
#include "read/monitor_tab.h"

#include <string.h>

static void fz_monitor(const struct config *cfg, const uint8_t *data,
                       size_t size)
{
    static const char *keys[] = {"m1", "m2", "m3", "web-1", "db-1"};
    struct err e;
    struct resmap *map;
    struct monitor_tab *tab;
    struct sha_list inputs;
    struct monitor_stats st;
    const struct monsrc *src;
    size_t i;

    if (size < 1 || cfg->nsources == 0)
        return;
    src = &cfg->sources[data[0] % cfg->nsources];
    (void)fz_write("input", data + 1, size - 1);
    memset(&e, 0, sizeof e);
    memset(&inputs, 0, sizeof inputs);
    memset(&st, 0, sizeof st);
    map = resmap_new();
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        (void)resmap_add(map, keys[i]);
    tab = monitor_tab_new(map);
    if (monitor_read(src, 1790812800 - 86400, 1793491200 + 86400, tab, &inputs,
                     &st, NULL, &e) == 0) {
        resmap_finish(map);
        monitor_tab_finish(tab, src->fidelity ? src : NULL, 1790812800,
                           1793491200);
    }
    monitor_tab_free(tab);
    sha_list_free(&inputs);
    resmap_free(map);
}

#endif

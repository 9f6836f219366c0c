/* Runs monitor_read and monitor_tab_finish on the source src of a format that
 * reads files or folders by name (prometheus, uptime-kuma) after the fuzz
 * input was written to the file name in the harness's folder, with the
 * resources the seeds name and the month 2026-10. Shared by
 * fuzz_prometheus.c and fuzz_kuma.c. */
#ifndef SLACREDIT_FUZZ_MONITOR_ARCHIVE_H
#define SLACREDIT_FUZZ_MONITOR_ARCHIVE_H

#include "engine/res.h"
#include "harness.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "read/config.h"
#include "read/monitor.h"
#include "read/monitor_tab.h"

#include <string.h>

static void fz_monitor_file(const struct monsrc *src, const char *name,
                            const uint8_t *data, size_t size)
{
    static const char *keys[] = {"m1",
                                 "web",
                                 "localhost:9090",
                                 "localhost:9091",
                                 "https://shop.example.net/",
                                 "https://api.example.net/health",
                                 "shop-web",
                                 "mail",
                                 "api",
                                 "1",
                                 "2"};
    struct err e;
    struct resmap *map;
    struct monitor_tab *tab;
    struct sha_list inputs;
    struct monitor_stats st;
    size_t i;

    (void)fz_write(name, data, size);
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
        monitor_tab_finish(tab, src, 1790812800, 1793491200);
    }
    monitor_tab_free(tab);
    sha_list_free(&inputs);
    resmap_free(map);
}

#endif

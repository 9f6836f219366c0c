/* The snapshot index (.statuspage-index, statuspage_index.c): a file beside
 * the archived snapshots that `run` trusts and rewrites, so a damaged one
 * is outside data too. The input is written as the index of a folder of
 * two fixed incidents.json snapshots, then the page is read as `run` reads
 * it and as `check` does (SP_LOAD_VERIFY_INDEX). The first byte selects:
 * bit 0 puts the index's first line (its magic and this version) before
 * the rest. In the rest, $H1 and $S1 stand for the SHA-256 and size of the
 * first snapshot, $H2 and $S2 for the second's, so that entries can name
 * them. */
#include "fixture.h"
#include "harness.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "lib/version.h"
#include "read/config.h"
#include "read/statuspage.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INC(id, res, upd)                                                      \
    "{\"id\":\"" id "\",\"name\":\"" id "\",\"status\":\"resolved\","          \
    "\"impact\":\"major\",\"created_at\":\"2026-10-02T10:00:00Z\","            \
    "\"started_at\":\"2026-10-02T10:00:00Z\",\"resolved_at\":\"" res "\","     \
    "\"updated_at\":\"" upd "\",\"incident_updates\":[],"                      \
    "\"components\":[{\"id\":\"c1\",\"name\":\"API\",\"status\":"              \
    "\"operational\"}]}"

static const char snap1[] =
    "{\"page\":{\"id\":\"p\",\"name\":\"P\",\"updated_at\":"
    "\"2026-10-03T00:00:00Z\"},\"incidents\":[" INC(
        "A", "2026-10-02T11:00:00Z", "2026-10-02T11:00:00Z") "]}";
static const char snap2[] =
    "{\"page\":{\"id\":\"p\",\"name\":\"P\",\"updated_at\":"
    "\"2026-10-04T00:00:00Z\"},\"incidents\":[" INC(
        "A", "2026-10-02T12:00:00Z",
        "2026-10-02T12:00:00Z") "," INC("B", "2026-10-02T10:30:00Z",
                                        "2026-10-02T13:00:00Z") "]}";

static struct config *cfg;
static char hex1[65], hex2[65];

static void digest(const char *s, char hex[65])
{
    struct sha *h = sha_new();

    sha_update(h, s, strlen(s));
    sha_final(h, hex);
    sha_free(h);
}

/* The index text: the input with $H1, $S1, $H2, $S2 replaced. */
static size_t expand(const uint8_t *in, size_t n, char *out, size_t cap)
{
    size_t i, k = 0;
    char rep[80];

    for (i = 0; i < n && k + 80 < cap; i++) {
        if (in[i] == '$' && i + 2 < n &&
            (in[i + 1] == 'H' || in[i + 1] == 'S') &&
            (in[i + 2] == '1' || in[i + 2] == '2')) {
            bool one = in[i + 2] == '1';
            if (in[i + 1] == 'H')
                snprintf(rep, sizeof rep, "%s", one ? hex1 : hex2);
            else
                snprintf(rep, sizeof rep, "%zu",
                         one ? sizeof snap1 - 1 : sizeof snap2 - 1);
            memcpy(out + k, rep, strlen(rep));
            k += strlen(rep);
            i += 2;
        } else {
            out[k++] = (char)in[i];
        }
    }
    return k;
}

static void load(const struct statuspage *p, unsigned flags)
{
    struct err e;
    struct sp_data d;

    memset(&e, 0, sizeof e);
    if (statuspage_load_opts(p, 1790812800, 1793491200, &d, NULL, flags, &e) ==
        0)
        statuspage_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *none = "";
    static const char magic[] =
        "slacredit-statuspage-index 1 " SLACREDIT_VERSION "\n";
    static char text[1 << 17];
    const struct statuspage *p;
    size_t n = 0;

    if (size < 1 || size > (1 << 15))
        return 0;
    if (cfg == NULL) {
        (void)fz_write("roster.csv", (const uint8_t *)none, 0);
        cfg =
            fz_config("[roster]\npath = roster.csv\n" FZ_POLICIES
                      "[statuspage \"p\"]\nincidents = snap-*-incidents.json\n"
                      "key = id\n");
        digest(snap1, hex1);
        digest(snap2, hex2);
    }
    p = config_page(cfg, "p");
    if (p == NULL)
        abort();
    (void)fz_write("snap-1-incidents.json", (const uint8_t *)snap1,
                   sizeof snap1 - 1);
    (void)fz_write("snap-2-incidents.json", (const uint8_t *)snap2,
                   sizeof snap2 - 1);
    if (data[0] & 1) {
        memcpy(text, magic, sizeof magic - 1);
        n = sizeof magic - 1;
    }
    n += expand(data + 1, size - 1, text + n, sizeof text - n);
    (void)fz_write(".statuspage-index", (const uint8_t *)text, n);
    load(p, 0);
    (void)fz_write(".statuspage-index", (const uint8_t *)text, n);
    load(p, SP_LOAD_VERIFY_INDEX);
    return 0;
}

/* roster: the subscriptions CSV of SPEC §3, read and validated in full
 * (duplicate ids, unknown policies, fees, currencies, timestamps, billing
 * kinds, time zones), each error naming FILE:LINE. The optional time_zone
 * column is opened here, once per distinct zone, so the engine reads it
 * from struct sub without I/O. Life cycle: roster_load(), read
 * r->subs, roster_free(). */
#ifndef SLACREDIT_ROSTER_H
#define SLACREDIT_ROSTER_H

#include "lib/arena.h"

#include "engine/subscription.h"
#include "lib/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;
struct resmap;
struct tz;

struct roster {
    char *path;
    struct resmap *map; /* where the rows' resource indexes point: the map
                           given to roster_load_map(), or the roster's own */
    bool owns_map;
    struct sub *subs; /* in file order */
    size_t n;
    uint32_t *by_id;   /* indexes of subs sorted by subscription_id (byte
                          order): 4 bytes a row */
    struct tz **zones; /* the distinct time_zone values, opened once each,
                          sorted by name; owned, the rows borrow them */
    size_t nzones;
    /* The subscriptions' strings and resource lists, packed in blocks
     * (one allocation per 64 KiB, not several per row: at a million rows
     * the allocator's own overhead was over 100 MB). */
    struct arena strings;
};

/* Reads path against the policies of c, the rows' resource keys into a
 * map of the roster's own (r->map). Returns NULL with e set: RC_NOINPUT
 * (cannot read), RC_DATA (a bad row or header, with FILE:LINE). Caller frees
 * with roster_free(). */
struct roster *roster_load(const char *path, const struct config *c,
                           struct err *e);
/* Like roster_load(), and adds each row's resource keys to map, in roster
 * order; the rows' resources are the indexes of the keys in map, so a key
 * is kept once however many rows name it. Use the roster only while the
 * map lives. */
struct roster *roster_load_map(const char *path, const struct config *c,
                               struct resmap *map, struct err *e);
/* The subscription with this id, or NULL (binary search). */
const struct sub *roster_find(const struct roster *r, const char *id);
/* Frees r; NULL is a no-op. */
void roster_free(struct roster *r);

#endif

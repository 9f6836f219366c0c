/* tz: a time zone resolved once, at start-up, into a table of UTC offsets for
 * a window of time, so that converting local wall-clock time to UTC per row
 * is a pure binary-search lookup. Zones: "UTC", "Z", fixed "+HH:MM"/"-HH:MM",
 * or an IANA name read from the system's TZif files (tzdata), including the
 * POSIX TZ rule at the file's end for years past its table. */
#ifndef SLACREDIT_TZ_H
#define SLACREDIT_TZ_H

#include "lib/err.h"

#include <stdint.h>

struct tz;

/* Opens zone name with offsets resolved for at least [from, to) (epoch s, UTC).
 * zoneinfo_dir is the TZif folder (NULL: $TZDIR, else /usr/share/zoneinfo).
 * Returns NULL with e set (RC_CONFIG, no file) for an unknown or unreadable
 * zone ("unknown time zone: Mars/Base"), and for a name that could leave the
 * folder: one with "..", a leading '/', or bytes outside [A-Za-z0-9_+-/].
 * Caller frees with tz_free(). */
struct tz *tz_open(const char *name, int64_t from, int64_t to,
                   const char *zoneinfo_dir, struct err *e);

/* Converts local wall-clock seconds (the local date and time counted as if
 * they were UTC) to UTC. An ambiguous local time (clocks going back) takes
 * the earlier instant; a local time skipped by clocks going forward is read
 * with the offset in force before the change. Outside the resolved window the
 * nearest resolved offset applies. */
int64_t tz_local_to_utc(const struct tz *z, int64_t local);

/* As tz_local_to_utc(), but an ambiguous local time takes the later
 * instant (the repeated hour's second pass). Equal to tz_local_to_utc() for
 * every other local time. */
int64_t tz_local_to_utc_later(const struct tz *z, int64_t local);

/* The UTC offset in seconds (east positive) in force at UTC instant t. */
int32_t tz_offset_at(const struct tz *z, int64_t t);

/* The zone's name as given to tz_open(); borrowed. */
const char *tz_name(const struct tz *z);

/* Frees z; NULL is a no-op. */
void tz_free(struct tz *z);

#endif

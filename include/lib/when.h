/* when: time as int64_t seconds since the Unix epoch, UTC, and intervals as
 * half-open [start, end). Strict parsers for ISO 8601 instants, months,
 * durations and configured timestamp formats; no mktime/gmtime/strptime/TZ.
 * Life cycle of a configured format: when_fmt_new() once at start-up,
 * when_fmt_parse() per row (pure, allocation-free), when_fmt_free(). */
#ifndef SLACREDIT_WHEN_H
#define SLACREDIT_WHEN_H

#include "lib/err.h"

#include <stddef.h>
#include <stdint.h>

struct tz;

/* Parses an ISO 8601 instant "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM|+HHMM]"
 * of len bytes ('T', 't' or one space between date and time; 'z' as 'Z';
 * "+HH"/"-HH" also accepted; a fraction of any length is dropped, which
 * floors the instant; second 60 is rejected, leap seconds are not supported).
 * A missing offset is resolved with zone (NULL: the instant is rejected).
 * Returns NULL and sets *t, or a static reason ("not an ISO 8601 instant",
 * "no UTC offset", "day out of range", ...). */
const char *when_parse_iso(const char *s, size_t len, const struct tz *zone,
                           int64_t *t);

/* Parses "YYYY-MM" into the month [*start, *end). Returns 0, or -1 with e set
 * (RC_USAGE, no file). */
int when_parse_month(const char *s, int64_t *start, int64_t *end,
                     struct err *e);

/* Parses a duration "N", "Ns", "Nm", "Nh" or "Nd" (N a non-negative integer)
 * into seconds. Returns NULL or a static reason. */
const char *when_parse_duration(const char *s, int64_t *secs);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes; years
 * outside 0..9999 are written with more digits, so give 32). */
void when_format(int64_t t, char *out, size_t cap);

/* The instants a written time may name: 0000-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z, the years ISO 8601 writes with 4 digits. Epoch
 * seconds outside them are refused (milliseconds read as seconds land tens
 * of thousands of years ahead); WHEN_EPOCH_YEARS is that refusal's reason. */
#define WHEN_MIN INT64_C(-62167219200)
#define WHEN_MAX INT64_C(253402300799)
extern const char WHEN_EPOCH_YEARS[];

/* A configured timestamp format: "iso8601", "epoch" (integer seconds, an
 * optional fraction is dropped, flooring: "-1.5" is -2; like %s, only the
 * instants of the years 0000 to 9999, so milliseconds are refused), or a
 * strptime-style pattern built from %Y %m %d %e %H %M %S %f %y %b %B %I %p %z
 * %T %F %s %% and literal bytes (a space in the pattern matches one or more
 * spaces). %Y takes exactly 4 digits, the other numbers 1 or 2; %y 69-99 is
 * 19xx, 00-68 20xx; %b and %B take an English month name or abbreviation in any
 * case; %I without %p is AM; %f takes 1 to 9 digits, a fraction of a second,
 * and drops it: the time floors to its whole second (write "%S.%f" for
 * "05:07:09.170"; with %s the fraction is dropped too); %z takes Z, +HHMM,
 * +HH:MM or +HH (or '-'); %s is the instant by itself, other fields are then
 * matched but ignored. Times without an offset are read in zone. */
struct when_fmt;

/* Compiles spec. zone is borrowed and must outlive the format (NULL = UTC).
 * Returns NULL with e set (RC_CONFIG, no file) for an unknown directive, or
 * for a pattern that names no year, month and day and no %s. Caller frees
 * with when_fmt_free(). */
struct when_fmt *when_fmt_new(const char *spec, const struct tz *zone,
                              struct err *e);
/* Parses the len bytes at s. Returns NULL and sets *t, or a static reason. */
const char *when_fmt_parse(const struct when_fmt *f, const char *s, size_t len,
                           int64_t *t);
/* As when_fmt_parse(), and sets *later to the later reading of a local
 * time the zone repeats (clocks going back): *t is the earlier instant
 * (the documented rule), *later the one a shift later. *later == *t when
 * the time is not ambiguous (it carries an offset, is epoch seconds, or the
 * zone passes it once). */
const char *when_fmt_parse_both(const struct when_fmt *f, const char *s,
                                size_t len, int64_t *t, int64_t *later);
/* Frees f; NULL is a no-op. */
void when_fmt_free(struct when_fmt *f);

#endif

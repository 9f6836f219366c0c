/* holidays: what a policy's service hours need from outside (see
 * engine/hours.h): its service_time_zone opened, and its holidays file
 * read. The file holds one date a line, "YYYY-MM-DD", optionally followed
 * by blanks and the holiday's name; blank lines and lines starting with '#'
 * are skipped. A date given twice is an error. */
#ifndef SLACREDIT_HOLIDAYS_H
#define SLACREDIT_HOLIDAYS_H

#include "lib/err.h"

struct service_hours;

/* Opens h->zone into h->tz and reads h->holidays_path (when given) into
 * h->holidays, sorted. Returns 0, or -1 with e set: an unknown zone
 * (RC_CONFIG, no file: the caller locates it), a missing file (RC_NOINPUT),
 * a bad line ("FILE:LINE: not a date (want YYYY-MM-DD): VALUE", RC_CONFIG). */
int holidays_load(struct service_hours *h, struct err *e);

#endif

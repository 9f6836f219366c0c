/* html: the building blocks of the HTML pages (report.html and the customer
 * statements, see htmlpages.h): escaping of every text that comes from
 * inputs, the month timeline's geometry and its SVG, the statement file
 * names, and the page frame with its style sheet. Output is bytes in a
 * buffer and depends only on the arguments: no clock, no locale.
 *
 * Timeline geometry: the SVG's viewBox is the month itself, one unit a
 * second, so a window [start, end) clipped to the month [m0, m1) sits at
 * x = start - m0 with width end - start, exact integers. The browser
 * stretches the strip to the page width (preserveAspectRatio="none"): a
 * window is drawn at pixel x * W / (m1 - m0) of a strip W pixels wide.
 * Months are at most 2,678,400 s, below 2^24, so every unit is exact in
 * the browser's single-precision geometry too. */
#ifndef SLACREDIT_HTML_H
#define SLACREDIT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Height of a timeline strip in viewBox units (and CSS pixels): the
 * downtime row, then the status-page incident row below it. */
#define HTML_TL_HEIGHT     34
#define HTML_TL_DOWN_Y     0
#define HTML_TL_DOWN_H     22
#define HTML_TL_INCIDENT_Y 25
#define HTML_TL_INCIDENT_H 9

/* Appends s with & < > " ' written as character references, so that it is
 * text in element content and in quoted attribute values. Bytes that are
 * not valid UTF-8, and control characters other than tab and newline, are
 * written as U+FFFD, so the page stays well-formed whatever the inputs
 * hold. */
void html_escape(struct buf *b, const char *s);
/* The same for the first n bytes of s. */
void html_escape_n(struct buf *b, const char *s, size_t n);

/* A window's place on the timeline of [m0, m1): *x and *w in seconds from
 * m0, [start, end) clipped to the month. Returns false (and sets both to
 * 0) when nothing of the window is inside the month. */
bool html_tl_span(int64_t m0, int64_t m1, int64_t start, int64_t end,
                  int64_t *x, int64_t *w);
/* Where a timeline x falls on a strip px pixels wide, as the exact
 * fraction num / den pixels (den = m1 - m0): for tests and documentation
 * of the mapping; the page itself leaves the scaling to the browser. */
void html_tl_pixel(int64_t m0, int64_t m1, int64_t x, int64_t px, int64_t *num,
                   int64_t *den);

/* Opens a timeline <svg> of the month [m0, m1) (day lines included); label
 * is its accessible name (escaped here). */
void html_tl_open(struct buf *b, int64_t m0, int64_t m1, const char *label);
/* One bar of class cls ("counted", "excluded", "unknown", "inactive",
 * "incident", "maintenance") on row y/h for [start, end), with
 * data-start/data-end as UTC times and a <title> (escaped here) shown on
 * hover. Nothing when the window is outside the month. */
void html_tl_bar(struct buf *b, int64_t m0, int64_t m1, const char *cls, int y,
                 int h, int64_t start, int64_t end, const char *title);
void html_tl_close(struct buf *b);

/* The file name of customer's statement inside statements/: the id with
 * every byte other than A-Z a-z 0-9 - _ written as %XX (a leading '.'
 * too), then ".html"; an id whose name would pass 200 bytes is named "~"
 * and the SHA-256 of the id instead. Distinct ids get distinct names. */
void html_statement_name(const char *customer, char *out, size_t cap);

/* Appends the document head (doctype, charset, title escaped here, the
 * style sheet with its print rules) and opens <body>; html_page_end()
 * closes it. */
void html_page_begin(struct buf *b, const char *title);
void html_page_end(struct buf *b);

#endif

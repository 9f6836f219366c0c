/* monitor: reads a [monitoring] source (SPEC §3) into per-resource downtime.
 * The source's glob is expanded in byte order and its files are read as one
 * stream, each row checked and turned into a down interval of the resource
 * it names (a column, or for one file per monitor the section's resource
 * or a capture of the file's path): a window row makes [start, end) down at
 * once; a sample at t (down or up) is kept as covering [t, t + interval),
 * or with interval = next until the next sample of its resource and
 * location (at most max_gap; rows in time order), and monitor_tab_finish()
 * turns a resource's samples into its down and unknown time (then counted
 * in buckets with bucket). An error-rate sample is down when its errors
 * exceed error_rate of its requests. Rows of
 * resources the map does not hold are counted and skipped. Every file read
 * is listed with its SHA-256, of the bytes its rows were read from. Large
 * files and the files of a glob may be read by several threads; the
 * result, the list and the first error are those of reading the files one
 * after another in byte order. */
#ifndef SLACREDIT_MONITOR_H
#define SLACREDIT_MONITOR_H

#include "lib/csvin.h"
#include "lib/err.h"
#include "read/fidelity.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct keys_spec;
struct monitor_feed;
struct monitor_tab;
struct rx;
struct sha_list;
struct when_fmt;

/* The export formats, each a row of monitor_formats (below). */
enum monitor_format {
#define FORMAT(e, ops) MONITOR_##e,
#include "read/monitor_formats.def"
#undef FORMAT
    MONITOR_FORMAT_COUNT /* not a format: the number of formats */
};

/* A [monitoring "name"] section: where and how to read a monitoring export. */
struct monsrc {
    char *name; /* section name */
    long line;  /* config line of the section header */
    char *path; /* glob, relative paths resolved */
    enum monitor_format format;
    unsigned char delim; /* ',' ';' '\t' '|' */
    bool header;         /* false: columns names the fields */
    char **columns;      /* with header = false */
    size_t ncolumns;
    char *time_column;     /* samples: the check's time */
    char *time_format;     /* "iso8601", "epoch" or a strptime-style pattern */
    char *time_zone;       /* for times without an offset; default "UTC" */
    char *resource_column; /* the resource of each row, or NULL: ... */
    char *resource;        /* ... every row's resource (resource = NAME) ... */
    struct rx *resource_path; /* ... or the capture of this pattern in the
                                 file's path (one file per monitor) */
    char *status_column;      /* samples: required; windows: optional filter */
    struct rx *down;    /* down_pattern; NULL with windows and no status */
    struct rx *up;      /* up_pattern, or NULL: the statuses that are up;
                           one matching neither is warned of */
    int64_t interval;   /* samples: seconds one sample stands for */
    bool interval_next; /* interval = next: until the next sample ... */
    int64_t max_gap;    /* ... never longer than this */
    char *start_column; /* windows */
    char *end_column;   /* windows: end_column or duration_column */
    char *duration_column;
    int64_t duration_unit; /* seconds per unit of duration_column */
    /* Sample semantics (SPEC §8), samples only. */
    int64_t confirm; /* K consecutive down samples make an outage; 1 */
    enum fidelity_unknown unknown; /* time no sample covers; UNKNOWN_UP */
    char *location_column;         /* probe location, or NULL: one location */
    enum fidelity_quorum quorum;   /* how locations combine; QUORUM_ANY */
    int64_t quorum_n;              /* with QUORUM_N */
    /* Error-rate samples (instead of status_column and down_pattern): a
     * row is down when errors / requests exceeds error_rate, compared as
     * errors × 100 × 10^4 > error_rate × requests; 0 requests: unknown. */
    char *requests_column;
    char *errors_column;
    int64_t error_rate; /* percent × 10^4 ("5%" -> 50000); 0: not set */
    int64_t bucket;     /* bucket = B: time counted in buckets of B s, or 0 */
    enum fidelity_bucket_rule bucket_rule; /* BUCKET_ANY */
    bool bucket_rule_set;                  /* bucket_rule was given */
    char **kuma_monitors; /* uptime-kuma: names or ids; NULL: all */
    size_t nkuma_monitors;
    char *prom_url;    /* prometheus: the server's base URL */
    char *prom_query;  /* prometheus: PromQL, e.g. probe_success */
    char *prom_label;  /* prometheus: the label naming the resource */
    int64_t prom_step; /* prometheus: seconds between points */
    bool fidelity;     /* a samples source: every sample is kept, up ones
                          too, for the semantics above and the measured time */
};

/* A field's role in a row, and the column it is read from. */
enum monitor_role {
    MONITOR_TIME,     /* samples: the check's time; windows: the start */
    MONITOR_RESOURCE, /* resource_column (not read with resource or
                         resource_path) */
    MONITOR_STATUS,   /* status_column */
    MONITOR_END,      /* windows: end_column */
    MONITOR_DURATION, /* windows: duration_column */
    MONITOR_LOCATION, /* location_column */
    MONITOR_REQUESTS, /* samples: requests_column */
    MONITOR_ERRORS,   /* samples: errors_column */
    MONITOR_ROLE_COUNT
};

/* One data row, for a format's row_end(). */
struct monitor_row {
    const struct csvrec *rec;
    const long *col; /* field index per role; -1: not read */
    const struct when_fmt *fmt;
};

/* One export format. Each lives in its own file (monitor_<name>.c) and is
 * one row of monitor_formats, indexed by enum monitor_format. Adding a
 * format is: its file and one row of monitor_formats.def (the enum, the
 * declarations and the table all come from that row; a format file without
 * its row does not compile, a row without its file does not link, a row
 * missing a function fails the unit test that checks every row). */
struct monitor_format_ops {
    const char *name; /* format = name */
    /* Keys only this format reads (ended by a NULL name); every section
     * accepts them, as the format may be given after them. */
    const struct keys_spec *keys;
    /* What single keys cannot check. Returns 0, or -1 with the message
     * (after "[monitoring "name"]: ") in msg. */
    int (*validate)(const struct monsrc *m, char *msg, size_t cap);
    /* The column of the roles the format defines (time, end, duration),
     * or NULL. */
    const char *(*column)(const struct monsrc *m, enum monitor_role r);
    /* The end of a down row that starts at start (not for kept samples).
     * Returns NULL, or the reason with *bad the role of the bad field. */
    const char *(*row_end)(const struct monsrc *m,
                           const struct monitor_row *row, int64_t start,
                           int64_t *end, enum monitor_role *bad);
    /* Keeps every sample for the semantics of SPEC §8 (confirm, unknown,
     * locations, quorum) and the measured time. */
    bool keeps_samples;
    /* A format that is not CSV rows (JSON): reads the file at path whole
     * and hands its periods to f (read/monitor_feed.h); column and row_end
     * are then NULL and never called. Returns 0, or -1 with e set. NULL
     * for CSV formats. */
    int (*read_file)(const struct monsrc *m, const char *path,
                     struct monitor_feed *f, struct err *e);
};

/* Each format's row, defined in its file. */
#define FORMAT(e, ops) extern const struct monitor_format_ops ops;
#include "read/monitor_formats.def"
#undef FORMAT

/* The formats, indexed by enum monitor_format: MONITOR_FORMAT_COUNT rows,
 * every one filled (a compile-time assertion checks the count). */
extern const struct monitor_format_ops *const monitor_formats[];

/* A source named name with the defaults of SPEC §2; fields are fresh. */
void monitor_source_init(struct monsrc *m, const char *name, long line);
/* Frees what m owns. */
void monitor_source_free(struct monsrc *m);
/* The row of a [monitoring] key (common or of any format), or NULL. */
const struct keys_spec *monitor_find_key(const char *key);
/* Checks what single keys cannot and fills in the defaults. Returns 0, or
 * -1 with the message (after "[monitoring "name"]: ") in msg. */
int monitor_validate(struct monsrc *m, char *msg, size_t cap);

struct monitor_stats {
    uint64_t files;      /* files read */
    uint64_t rows;       /* data rows read */
    uint64_t down;       /* rows that produced downtime */
    uint64_t skipped;    /* rows of resources no subscription names */
    uint64_t ambiguous;  /* times in a repeated local hour read as the
                            earlier instant because the rows before them
                            gave no time order to tell (a source's first
                            time, or rows not in time order) */
    uint64_t bytes;      /* bytes read */
    uint64_t odd_status; /* rows whose status is empty, or matches
                            down_pattern only when case is ignored ("DOWN"
                            under ^down$): read as not down, as the pattern
                            says, and warned of */
    char odd_at[200];    /* "FILE:LINE" of the first of them in file order,
                            or "" */
    char odd_value[48];  /* its status, printable bytes only, cut short */
};

struct monitor_progress {
    csvin_progress_fn fn; /* called with bytes read in the current file */
    void *ctx;
    void (*file)(void *ctx, const char *path, uint64_t size); /* file start */
};

/* Reads every file of src. Time zones are resolved for [from, to) (the run's
 * month, widened by the caller as needed). Adds intervals to the resources of
 * tab's map and rows and samples to tab, names src in the map as the source
 * of the resources its rows named first, appends each file to inputs, and
 * adds to *st. progress may be NULL.
 * Returns 0, or -1 with e set: RC_NOINPUT (no file matches, unreadable),
 * RC_CONFIG (bad time zone), RC_DATA (FILE:LINE of a bad row or header). */
int monitor_read(const struct monsrc *src, int64_t from, int64_t to,
                 struct monitor_tab *tab, struct sha_list *inputs,
                 struct monitor_stats *st,
                 const struct monitor_progress *progress, struct err *e);

/* Parses a window length: an integer (thousands may be grouped with ',' as
 * in "13,591") in units of unit seconds, "H:MM:SS", or UptimeRobot's
 * "13 hrs, 2 mins". Returns NULL and sets *secs, or a static reason. */
const char *monitor_parse_length(const char *s, int64_t unit, int64_t *secs);

/* The source whose unknown setting applies to a monitor no row names
 * (monitor_tab_finish()), among the config's n monitoring sources: the first
 * samples source, or NULL — also when any source is a windows export. */
const struct monsrc *monitor_unknown_fallback(const struct monsrc *sources,
                                              size_t n);

#endif

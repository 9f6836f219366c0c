/* statuspage_records: what the two halves of the statuspage reader share,
 * inside src/read only. statuspage_json.c walks each snapshot's JSON into
 * the plain records below (merged by incident id, components by id);
 * statuspage.c turns the records into windows per component once every
 * file has been read. */
#ifndef SLACREDIT_STATUSPAGE_RECORDS_H
#define SLACREDIT_STATUSPAGE_RECORDS_H

#include "lib/strindex.h"
#include "read/statuspage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha_list;

/* One affected_components entry of an incident update. */
struct sp_ac {
    char *code;       /* component id */
    char *old_status; /* NULL when the feed gives none */
    char *new_status; /* NULL when the feed gives none: no transition */
};

/* One incident update. */
struct sp_upd {
    int64_t display; /* display_at, else created_at; epoch s */
    int64_t created; /* created_at, else display_at; epoch s */
    size_t pos;      /* index in the feed, which lists newest first */
    char *status;    /* "" when none */
    struct sp_ac *ac;
    size_t nac;
};

/* One incident or maintenance, as one snapshot shows it. */
struct sp_rec {
    char *id, *name, *impact, *status; /* "" when the feed gives none */
    bool maint;                        /* from a scheduled_maintenances list */
    int64_t start;                     /* started_at, else created_at */
    int64_t created;                   /* created_at; INT64_MIN when none */
    bool has_resolved;
    int64_t resolved; /* resolved_at */
    int64_t updated;  /* updated_at; INT64_MIN when none */
    bool has_sched;   /* scheduled_for and scheduled_until both given */
    int64_t sched_for, sched_until;
    struct sp_upd *u; /* in feed order */
    size_t nu;
    char **comps; /* ids listed in components[], no repeats */
    size_t ncomps;
};

struct sp_wlist {
    struct sp_window *v;
    size_t n, cap;
};

/* What the snapshots tell about one component id. */
struct sp_comp {
    char *id;
    char *name;        /* NULL until some snapshot names it */
    int name_rank;     /* 2: component object; 1: affected entry */
    int64_t name_time; /* when that name was current, epoch s */
    uint64_t name_seq; /* observation order, for ties */
    bool group;
    char **children; /* ids of the group's members */
    size_t nchildren;
    struct sp_wlist down, maint, inc; /* its own windows */
};

/* What reading one snapshot did that can matter to the result, recorded
 * for the snapshot index (statuspage_index.c): every record merged, name
 * observed, component referenced, group flagged and (group, child) pair,
 * in the order they happened. */
struct sp_rec_ev {
    char *id;
    int64_t updated;
};
struct sp_name_ev {
    char *id;
    int rank;
    int64_t time;
};
struct sp_pair_ev {
    char *group, *child;
};
struct sp_trace {
    struct sp_rec_ev *recs;
    size_t nrecs;
    struct sp_name_ev *names;
    size_t nnames;
    char **refs; /* component ids referenced */
    size_t nrefs;
    char **flags; /* groups flagged */
    size_t nflags;
    struct sp_pair_ev *pairs;
    size_t npairs;
};

/* Frees what t holds; it is empty afterwards. */
void sp_trace_free(struct sp_trace *t);

enum sp_section {
    SEC_INCIDENTS,
    SEC_MAINTENANCES,
    SEC_SUMMARIES,
    SEC_COMPONENTS
};

struct sp_loader {
    const struct statuspage *cfg; /* borrowed */
    int64_t month_end;
    struct sp_data *d;
    struct err *e;
    const char *path;    /* file being walked */
    int64_t page_time;   /* its page.updated_at; INT64_MIN when none */
    uint64_t seq;        /* observation counter */
    struct sp_rec *recs; /* merged by id */
    size_t nrecs, caprecs;
    struct strindex rec_ids; /* recs[i].id -> i, while reading (the recs
                                are sorted afterwards) */
    struct sp_comp *comps;
    size_t ncomps, capcomps;
    struct strindex comp_ids; /* comps[i].id -> i */
    struct sp_trace *trace;   /* NULL, or where reading records what it does
                                 (the file being read) */
    bool verify_index;        /* SP_LOAD_VERIFY_INDEX (read/statuspage.h) */
};

/* Reads every file the glob pattern names (none: no error) as snapshots of
 * section sec into l's records, adding each to inputs. Returns 0, or -1
 * with l->e set. */
int sp_read_glob(struct sp_loader *l, const char *pattern, enum sp_section sec,
                 struct sha_list *inputs);
/* Reads the file path as a snapshot of section sec into l's records,
 * adding it to inputs (when not NULL), and its SHA-256 to hex_out (when
 * not NULL). Returns 0, or -1 with l->e set. */
int sp_read_file(struct sp_loader *l, const char *path, enum sp_section sec,
                 struct sha_list *inputs, char hex_out[65]);
/* Reads every snapshot the four globs name (NULL: none), in the order of
 * enum sp_section, as sp_read_glob() would, but leaves out the snapshots
 * the index beside them shows cannot change the result (they are still
 * hashed, listed in inputs and counted), and brings the index up to date
 * (statuspage_index.c). Returns 0, or -1 with l->e set. */
int sp_read_indexed(struct sp_loader *l, const char *const patterns[4],
                    struct sha_list *inputs);
/* The index of component id in l->comps, added when new. */
size_t sp_comp_get(struct sp_loader *l, const char *id);
/* Frees what record r owns. */
void sp_rec_free(struct sp_rec *r);
/* True when s is in the NULL-terminated list. */
bool sp_in_list(const char *const *list, const char *s);
/* True when s is one of v[0..n). */
bool sp_in_strv(char *const *v, size_t n, const char *s);
/* A copy of s, or of "" when s is NULL; caller frees. */
char *sp_dup_or_empty(const char *s);

#endif

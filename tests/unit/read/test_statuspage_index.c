/* Unit tests for the status-page snapshot index (statuspage_index.c): a
 * second load parses only the snapshots the rule keeps (worked out by hand
 * per case below) and yields the same data as a load that parses every
 * snapshot; a changed snapshot, an index of another version or a broken
 * one, and a snapshot with unknown fields are parsed again. */
#include "read/statuspage.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "read/config.h"
#include "testfiles.h"

#define SEP1 INT64_C(1788220800) /* 2026-09-01T00:00:00Z */
#define OCT1 (SEP1 + 30 * 86400)

static char s_name[] = "p";
static char s_major[] = "major_outage";
static char i_major[] = "major";

/* Incident A as first posted (resolved 11:00, updated 11:00), A edited
 * (resolved 12:00, updated 12:00), and B; each lists component c1 "API". */
#define INC(id, res, upd)                                                      \
    "{\"id\":\"" id "\",\"name\":\"" id "\",\"status\":\"resolved\","          \
    "\"impact\":\"major\",\"created_at\":\"2026-09-02T10:00:00Z\","            \
    "\"started_at\":\"2026-09-02T10:00:00Z\",\"resolved_at\":\"" res "\","     \
    "\"updated_at\":\"" upd "\",\"incident_updates\":[],"                      \
    "\"components\":[{\"id\":\"c1\",\"name\":\"API\",\"status\":"              \
    "\"operational\"}]}"
#define A1 INC("A", "2026-09-02T11:00:00Z", "2026-09-02T11:00:00Z")
#define A2 INC("A", "2026-09-02T12:00:00Z", "2026-09-02T12:00:00Z")
#define B  INC("B", "2026-09-02T10:30:00Z", "2026-09-02T13:00:00Z")
#define SNAP(day, list)                                                        \
    "{\"page\":{\"id\":\"p\",\"name\":\"P\",\"updated_at\":\"2026-09-0" day    \
    "T00:00:00Z\"},\"incidents\":[" list "]}"

struct sx {
    struct tf t;
    struct statuspage sp;
    char glob[600];
    char *down[1], *imp[1];
};

/* Five hourly snapshots s1..s5 (pages of days 3..7): s1 [A1], s2 [A1, B],
 * s3 [A2, B], s4 [B], s5 [B]. */
static void sx_init(struct sx *s)
{
    memset(s, 0, sizeof *s);
    tf_init(&s->t);
    tf_write(&s->t, "s1-incidents.json", SNAP("3", A1), NULL, 0);
    tf_write(&s->t, "s2-incidents.json", SNAP("4", A1 "," B), NULL, 0);
    tf_write(&s->t, "s3-incidents.json", SNAP("5", A2 "," B), NULL, 0);
    tf_write(&s->t, "s4-incidents.json", SNAP("6", B), NULL, 0);
    tf_write(&s->t, "s5-incidents.json", SNAP("7", B), NULL, 0);
    snprintf(s->glob, sizeof s->glob, "%s/*-incidents.json", s->t.dir);
    s->sp.name = s_name;
    s->sp.incidents = s->glob;
    s->down[0] = s_major;
    s->sp.down_statuses = s->down;
    s->sp.ndown_statuses = 1;
    s->imp[0] = i_major;
    s->sp.down_impacts = s->imp;
    s->sp.ndown_impacts = 1;
}

static void load(const struct sx *s, struct sp_data *d)
{
    struct err e;

    memset(&e, 0, sizeof e);
    if (statuspage_load(&s->sp, SEP1, OCT1, d, NULL, &e) != 0)
        fprintf(stderr, "\n  %s: %s\n", e.file, e.msg);
    CU_ASSERT_EQUAL_FATAL(d->snapshots, 5);
}

static void same_windows(const struct sp_window *a, size_t na,
                         const struct sp_window *b, size_t nb)
{
    size_t i;

    CU_ASSERT_EQUAL_FATAL(na, nb);
    for (i = 0; i < na; i++) {
        CU_ASSERT_EQUAL(a[i].start, b[i].start);
        CU_ASSERT_EQUAL(a[i].end, b[i].end);
        CU_ASSERT_EQUAL(a[i].weight, b[i].weight);
        CU_ASSERT_EQUAL(a[i].incident, b[i].incident);
    }
}

/* Everything a later stage reads of sp_data, field for field. */
static void same_data(const struct sp_data *a, const struct sp_data *b)
{
    size_t i;

    CU_ASSERT_EQUAL_FATAL(a->nincidents, b->nincidents);
    for (i = 0; i < a->nincidents; i++) {
        const struct sp_incident *x = &a->incidents[i], *y = &b->incidents[i];
        CU_ASSERT_STRING_EQUAL(x->id, y->id);
        CU_ASSERT_STRING_EQUAL(x->name, y->name);
        CU_ASSERT_STRING_EQUAL(x->impact, y->impact);
        CU_ASSERT_EQUAL(x->started_at, y->started_at);
        CU_ASSERT_EQUAL(x->resolved_at, y->resolved_at);
        CU_ASSERT_EQUAL(x->updated_at, y->updated_at);
    }
    CU_ASSERT_EQUAL_FATAL(a->ncomponents, b->ncomponents);
    for (i = 0; i < a->ncomponents; i++) {
        const struct sp_component *x = &a->components[i];
        const struct sp_component *y = &b->components[i];
        CU_ASSERT_STRING_EQUAL(x->key, y->key);
        CU_ASSERT_STRING_EQUAL(x->name, y->name);
        same_windows(x->down, x->ndown, y->down, y->ndown);
        same_windows(x->maint, x->nmaint, y->maint, y->nmaint);
        same_windows(x->incident_windows, x->nincident_windows,
                     y->incident_windows, y->nincident_windows);
    }
    CU_ASSERT_EQUAL(a->snapshots, b->snapshots);
    CU_ASSERT_EQUAL(a->newest_snapshot, b->newest_snapshot);
    CU_ASSERT_EQUAL(a->newest_incidents, b->newest_incidents);
    CU_ASSERT_EQUAL(a->newest_oldest, b->newest_oldest);
    CU_ASSERT_EQUAL(a->unknown_fields, b->unknown_fields);
    CU_ASSERT_EQUAL(a->unknown_statuses, b->unknown_statuses);
}

static void second_load_parses_only_what_can_matter(void)
{
    /* Kept: s1 (first to reference c1), s3 (A's winning copy, updated
     * 12:00), s5 (B's copy: all equal, the last read wins; the winning name
     * of c1, the newest page time; the newest snapshot). Left out: s2 and
     * s4. A is down [10:00, 12:00), B [10:00, 10:30). */
    struct sx s;
    struct sp_data all, some;
    const struct sp_component *c;

    sx_init(&s);
    load(&s, &all);
    CU_ASSERT_EQUAL(all.parsed, 5);
    load(&s, &some);
    CU_ASSERT_EQUAL(some.parsed, 3);
    same_data(&all, &some);
    CU_ASSERT_EQUAL_FATAL(some.nincidents, 2);
    CU_ASSERT_EQUAL(some.incidents[0].resolved_at, SEP1 + 86400 + 12 * 3600);
    c = sp_component_find(&some, "p:API");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->ndown, 2);
    statuspage_free(&all);
    statuspage_free(&some);
    tf_cleanup(&s.t);
}

/* The entries ("F" lines) of the index file at path. */
static int count_entries(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char line[512];
    int n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    while (fgets(line, sizeof line, fp) != NULL)
        n += line[0] == 'F' && line[1] == '\t';
    fclose(fp);
    return n;
}

static void a_changed_snapshot_is_parsed_again(void)
{
    /* s2 rewritten after it was indexed, with A resolved at 12:30 and
     * updated 14:00: its entry no longer matches, so it is parsed, and its
     * copy of A wins. The same as a load with no index. */
    struct sx s;
    struct sp_data first, d, all;
    char idx[600];

    sx_init(&s);
    load(&s, &first);
    statuspage_free(&first);
    tf_write(&s.t, "s2-incidents.json",
             SNAP("4", INC("A", "2026-09-02T12:30:00Z",
                           "2026-09-02T14:00:00Z") "," B),
             NULL, 0);
    load(&s, &d);
    CU_ASSERT_EQUAL(d.parsed, 4); /* s1, s2 (changed), s3 (A's copy of the
                                     index's view), s5 */
    CU_ASSERT_EQUAL(d.incidents[0].resolved_at,
                    SEP1 + 86400 + 12 * 3600 + 1800);
    /* s2's old entry was replaced: the index holds five entries */
    tf_path(&s.t, ".statuspage-index", idx, sizeof idx);
    CU_ASSERT_EQUAL(count_entries(idx), 5);
    CU_ASSERT_EQUAL(unlink(idx), 0);
    load(&s, &all);
    CU_ASSERT_EQUAL(all.parsed, 5);
    same_data(&all, &d);
    statuspage_free(&d);
    statuspage_free(&all);
    tf_cleanup(&s.t);
}

static void a_foreign_or_broken_index_is_no_index(void)
{
    static const char *const bad[] = {
        "slacredit-statuspage-index 1 0.0.0-other\n",
        "slacredit-statuspage-index 1 "
        "0.1.0"
        "\nR\tA\t1\n",
        "",
    };
    struct sx s;
    struct sp_data d;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sx_init(&s);
        tf_write(&s.t, ".statuspage-index", bad[i], NULL, 0);
        load(&s, &d);
        CU_ASSERT_EQUAL(d.parsed, 5);
        statuspage_free(&d);
        load(&s, &d); /* the index was rewritten */
        CU_ASSERT_EQUAL(d.parsed, 3);
        statuspage_free(&d);
        tf_cleanup(&s.t);
    }
}

static void a_snapshot_with_unknown_fields_is_always_parsed(void)
{
    /* s4 with a field slacredit does not know: counted, so parsed on every
     * load (its entry is never written): s1, s3, s4, s5. */
    struct sx s;
    struct sp_data all, d;

    sx_init(&s);
    tf_write(&s.t, "s4-incidents.json",
             "{\"page\":{\"id\":\"p\",\"name\":\"P\",\"updated_at\":"
             "\"2026-09-06T00:00:00Z\"},\"novel\":1,\"incidents\":[" B "]}",
             NULL, 0);
    load(&s, &all);
    CU_ASSERT_EQUAL(all.unknown_fields, 1);
    load(&s, &d);
    CU_ASSERT_EQUAL(d.parsed, 4);
    same_data(&all, &d);
    CU_ASSERT_STRING_EQUAL(d.first_unknown, all.first_unknown);
    statuspage_free(&all);
    statuspage_free(&d);
    tf_cleanup(&s.t);
}

/* Replaces the first from in file path by to (same length or not). */
static void edit_file(const char *path, const char *from, const char *to)
{
    char text[16384], *at;
    FILE *fp = fopen(path, "rb");
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    at = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs(to, fp);
    fputs(at + strlen(from), fp);
    fclose(fp);
}

static void verify_load(const struct sx *s, struct sp_data *d)
{
    struct err e;

    memset(&e, 0, sizeof e);
    if (statuspage_load_opts(&s->sp, SEP1, OCT1, d, NULL, SP_LOAD_VERIFY_INDEX,
                             &e) != 0)
        fprintf(stderr, "\n  %s: %s\n", e.file, e.msg);
    CU_ASSERT_EQUAL_FATAL(d->snapshots, 5);
}

static void an_edited_index_is_found_by_a_verifying_load(void)
{
    /* s3's entry edited to say its copy of A was updated 10:00 (it says
     * 12:00, 1788350400): a plain load then trusts it, takes s2's copy
     * (11:00, the last of the two copies of 11:00), so parses s1, s2 and s5
     * only, leaves s3 out and ends A at 11:00 instead of 12:00. A verifying
     * load parses every snapshot, finds s3's entry wrong, counts it and
     * replaces it: the data are those of a load without index, and so are a
     * plain load's after. */
    struct sx s;
    struct sp_data all, d;
    char idx[600];
    const int64_t a_end = SEP1 + 86400 + 12 * 3600;

    sx_init(&s);
    load(&s, &all); /* writes the index */
    CU_ASSERT_EQUAL(all.incidents[0].resolved_at, a_end);
    tf_path(&s.t, ".statuspage-index", idx, sizeof idx);
    edit_file(idx, "R\tA\t1788350400\n", "R\tA\t1788343200\n");
    load(&s, &d);
    CU_ASSERT_EQUAL(d.parsed, 3);
    CU_ASSERT_EQUAL(d.incidents[0].resolved_at, a_end - 3600);
    CU_ASSERT_EQUAL(d.index_mismatches, 0);
    statuspage_free(&d);

    verify_load(&s, &d);
    CU_ASSERT_EQUAL(d.parsed, 5);
    CU_ASSERT_EQUAL(d.index_mismatches, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.first_mismatch, "/s3-incidents.json"));
    same_data(&all, &d);
    statuspage_free(&d);

    load(&s, &d); /* the entry was replaced */
    CU_ASSERT_EQUAL(d.parsed, 3);
    same_data(&all, &d);
    statuspage_free(&d);
    verify_load(&s, &d); /* and now agrees */
    CU_ASSERT_EQUAL(d.index_mismatches, 0);
    statuspage_free(&d);
    statuspage_free(&all);
    tf_cleanup(&s.t);
}

CU_TestInfo statuspage_index_tests[] = {
    {"an_edited_index_is_found_by_a_verifying_load",
     an_edited_index_is_found_by_a_verifying_load},
    {"second_load_parses_only_what_can_matter",
     second_load_parses_only_what_can_matter},
    {"a_changed_snapshot_is_parsed_again", a_changed_snapshot_is_parsed_again},
    {"a_foreign_or_broken_index_is_no_index",
     a_foreign_or_broken_index_is_no_index},
    {"a_snapshot_with_unknown_fields_is_always_parsed",
     a_snapshot_with_unknown_fields_is_always_parsed},
    CU_TEST_INFO_NULL,
};

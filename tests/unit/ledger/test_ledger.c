/* Unit tests for ledger, over an in-memory and a file database: structured
 * identity (a policy named like a revision suffix), sums per currency, the
 * refusal of files that are no ledger, the hash chain against edited,
 * deleted, duplicated and re-ordered rows, the two phases and how a pending
 * run is settled, the push API, and the import of the earlier CSV format. */
#include "ledger/ledger.h"

#include <CUnit/CUnit.h>
#include <sqlite3.h>
#include <string.h>

#include "lib/ident.h"
#include "lib/sha.h"
#include "testfiles.h"
#include "testutil.h"
#include "write/report.h"

static void row(struct credit_row *r, const char *sub, const char *policy,
                int64_t revision, int64_t amount, const char *currency)
{
    memset(r, 0, sizeof *r);
    snprintf(r->period, sizeof r->period, "2026-10");
    r->subscription = sub;
    r->policy = policy;
    r->revision = revision;
    r->remedy = "invoice_credit";
    r->amount = amount;
    memcpy(r->currency, currency, 4);
    ledger_format_id(r->period, sub, policy, revision, r->adjustment_id,
                     sizeof r->adjustment_id);
}

/* Three rows of s1 (490, +735 as :r1, -735 as :r2), one of s2 in JPY. */
static void fill(struct credit_row r[4])
{
    row(&r[0], "s1", "tiers", 0, 490, "EUR");
    row(&r[1], "s1", "tiers", 1, 735, "EUR");
    row(&r[2], "s1", "tiers", 2, -735, "EUR");
    row(&r[3], "s2", "tiers", 0, 2500, "JPY");
}

static struct ledger *filled_file(struct tf *t, char *path, size_t cap)
{
    struct credit_row r[4];
    struct ledger *l;
    struct err e;

    tf_init(t);
    tf_path(t, "ledger.db", path, cap);
    fill(r);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", t->dir, "x", r, 4, &e), 0);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    return l;
}

/* In memory: what was recorded comes back per subscription, sorted by
 * revision, summed per currency. */
static void memory_ledger_sums_per_subscription_and_currency(void)
{
    struct credit_row r[4];
    struct ledger *l;
    struct ledger_issued iss;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    fill(r);
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 0);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", "/nowhere", "x", r, 4, &e), 0);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    CU_ASSERT_EQUAL(ledger_count(l), 4);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(v[1].revision, 1);
    CU_ASSERT_EQUAL(v[1].amount, 735);
    CU_ASSERT(!v[1].pending);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), 0);
    CU_ASSERT_EQUAL(iss.amount, 490);
    CU_ASSERT_EQUAL(iss.adjustments, 3);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s2", "EUR", &iss, &e), 0);
    CU_ASSERT(!iss.found);
    ledger_close(l);
}

/* A file ledger read back: rows of s1 in revision order, 490 EUR issued in
 * 3 rows; s2's JPY is not added to s1's EUR or counted as EUR. */
static void file_ledger_reads_back_structured_rows(void)
{
    struct tf t;
    char path[600];
    struct ledger *l;
    struct ledger_issued iss;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    l = filled_file(&t, path, sizeof path);
    ledger_close(l);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 4);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(v[0].revision, 0);
    CU_ASSERT_EQUAL(v[2].revision, 2);
    ASSERT_STR(v[1].adjustment_id, "2026-10:s1:tiers:r1");
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s1", "EUR", &iss, &e), 0);
    CU_ASSERT(iss.found);
    CU_ASSERT_EQUAL(iss.amount, 490);
    CU_ASSERT_EQUAL(iss.adjustments, 3);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s2", "EUR", &iss, &e), 0);
    CU_ASSERT(!iss.found);
    CU_ASSERT_EQUAL(ledger_issued(l, "2026-10", "s2", "JPY", &iss, &e), 0);
    CU_ASSERT_EQUAL(iss.amount, 2500);
    v = ledger_rows_of(l, "2026-11", "s1", &n, &e);
    CU_ASSERT_EQUAL(n, 0);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* A policy named "r1" is a policy, revision 0, not revision 1 of
 * "2026-10:s1" (the old store parsed it back out of the id). */
static void policy_named_like_a_revision_is_a_policy(void)
{
    struct credit_row r[1];
    struct ledger *l;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    row(&r[0], "s1", "r1", 0, 100, "EUR");
    ASSERT_STR(r[0].adjustment_id, "2026-10:s1:r1");
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", "/nowhere", "x", r, 1, &e), 0);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    ASSERT_STR(v[0].policy, "r1");
    CU_ASSERT_EQUAL(v[0].revision, 0);
    v = ledger_rows_of(l, "2026-10:s1", "r1", &n, &e);
    CU_ASSERT_EQUAL(n, 0);
    ledger_close(l);
}

/* Files that are no ledger are refused with RC_DATA and a clear reason. */
static void refuses_what_is_not_a_ledger(void)
{
    static const struct {
        const char *name, *bytes;
        size_t n;
        const char *want;
    } cases[] = {
        {"empty.db", "", 0, "the file is empty"},
        {"old.csv",
         "adjustment_id,period,subscription_id,policy,amount_minor,currency,"
         "remedy,extension_seconds,checksum\n",
         100, "a CSV ledger of an earlier version"},
        {"random.db", "\x8f\x01\x00zq\xff\xfe random bytes, no database", 32,
         "not a SQLite database"},
        {"blank.db", "\n\n\n", 3, "not a SQLite database"},
    };
    struct tf t;
    char path[600];
    struct err e;
    size_t i;
    sqlite3 *db;

    tf_init(&t);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ledger *l;
        tf_writen(&t, cases[i].name, cases[i].bytes, cases[i].n, path,
                  sizeof path);
        memset(&e, 0, sizeof e);
        l = ledger_open(path, LEDGER_RUN, NULL, &e);
        CU_ASSERT_PTR_NULL(l);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, cases[i].want));
        ledger_close(l);
    }
    /* Another application's SQLite database. */
    tf_path(&t, "other.db", path, sizeof path);
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(db,
                                 "CREATE TABLE t (x); INSERT INTO t "
                                 "VALUES (1)",
                                 NULL, NULL, NULL),
                    SQLITE_OK);
    sqlite3_close(db);
    memset(&e, 0, sizeof e);
    CU_ASSERT_PTR_NULL(ledger_open(path, LEDGER_RUN, NULL, &e));
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "another application"));
    /* A ledger whose adjustments table was dropped: bad input (65), not an
     * I/O error. */
    {
        struct ledger *l;
        tf_path(&t, "dropped.db", path, sizeof path);
        memset(&e, 0, sizeof e);
        l = ledger_open(path, LEDGER_RUN, NULL, &e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(l);
        ledger_close(l);
        CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
        CU_ASSERT_EQUAL(
            sqlite3_exec(db, "DROP TABLE adjustments", NULL, NULL, NULL),
            SQLITE_OK);
        sqlite3_close(db);
        memset(&e, 0, sizeof e);
        CU_ASSERT_PTR_NULL(ledger_open(path, LEDGER_RUN, NULL, &e));
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(e.msg, "not a slacredit ledger: no adjustments table"));
    }
    /* A missing ledger: created by a run, missing input for the rest. */
    tf_path(&t, "missing.db", path, sizeof path);
    CU_ASSERT_PTR_NULL(ledger_open(path, LEDGER_UPDATE, NULL, &e));
    CU_ASSERT_EQUAL(e.rc, RC_NOINPUT);
    tf_cleanup(&t);
}

/* Runs sql on the ledger at path behind the program's back. */
static void tamper(const char *path, const char *sql)
{
    sqlite3 *db;

    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* An edited, deleted (also the last), duplicated or re-ordered row breaks
 * the chain: verify counts problems, open refuses with RC_DATA and names
 * the row. */
static void chain_detects_edit_delete_duplicate_reorder(void)
{
    static const struct {
        const char *sql, *want;
    } cases[] = {
        {"UPDATE adjustments SET amount_minor = 491 WHERE seq = 1",
         "row 1 (2026-10:s1:tiers): the row was changed"},
        {"DELETE FROM adjustments WHERE seq = 2", "row 3"},
        {"DELETE FROM adjustments WHERE seq = 4", "rows were deleted"},
        {"INSERT INTO adjustments SELECT 5, adjustment_id || ':r9', period, "
         "subscription_id, policy, 9, amount_minor, currency, remedy, "
         "extension_seconds, run_id, row_sha256, row_sha256 FROM adjustments "
         "WHERE seq = 4",
         "row 5"},
        {"UPDATE adjustments SET seq = 10 WHERE seq = 2; UPDATE adjustments "
         "SET seq = 2 WHERE seq = 3; UPDATE adjustments SET seq = 3 WHERE "
         "seq = 10",
         "row 2"},
        {"UPDATE adjustments SET revision = 0 WHERE seq = 4; UPDATE "
         "adjustments SET policy = 'x' WHERE seq = 4",
         "row 4"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tf t;
        char path[600];
        struct err e;
        struct ledger *l = filled_file(&t, path, sizeof path);
        ledger_close(l);
        tamper(path, cases[i].sql);
        memset(&e, 0, sizeof e);
        CU_ASSERT(ledger_verify(path, NULL, &e) > 0);
        memset(&e, 0, sizeof e);
        l = ledger_open(path, LEDGER_RUN, NULL, &e);
        CU_ASSERT_PTR_NULL(l);
        CU_ASSERT_EQUAL(e.rc, RC_DATA);
        if (strstr(e.msg, cases[i].want) == NULL)
            fprintf(stderr, "\n  case %zu: %s\n", i, e.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, cases[i].want));
        ledger_close(l);
        tf_cleanup(&t);
    }
}

static void manifest_hash(const char *text, char hex[65])
{
    struct sha *h = sha_new();

    sha_update(h, text, strlen(text));
    sha_final(h, hex);
    sha_free(h);
}

/* A run left pending by a crash is committed by the next open when its
 * output folder holds the manifest it recorded, and rolled back (rows
 * gone, chain intact, numbering going on) when it does not. */
static void pending_run_is_settled_by_the_next_open(void)
{
    struct tf t;
    char path[600], dir[600], hex[65];
    struct credit_row r[4], more[1];
    struct ledger *l;
    const struct ledger_run *runs;
    const struct ledger_row *v;
    struct err e;
    size_t n;

    tf_init(&t);
    fill(r);
    tf_path(&t, "ledger.db", path, sizeof path);
    tf_mkdir(&t, "out");
    tf_path(&t, "out", dir, sizeof dir);
    tf_write(&t, "out/manifest.json", "{\"new\": true}\n", NULL, 0);
    manifest_hash("{\"new\": true}\n", hex);

    /* Outputs in place: committed. */
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", dir, hex, r, 2, &e), 0);
    ledger_close(l); /* a crash before ledger_confirm() */
    l = ledger_open(path, LEDGER_READ, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT(v[0].pending);
    ledger_close(l);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 2);
    runs = ledger_runs(l, &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    ASSERT_STR(runs[0].state, "committed");

    /* Outputs not in place (another manifest): rolled back. */
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", dir, "0123", r + 2, 2, &e), 0);
    ledger_close(l);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 2);
    runs = ledger_runs(l, &n);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    ASSERT_STR(runs[1].state, "rolled_back");
    /* The chain goes on from row 2. */
    row(&more[0], "s3", "tiers", 0, 1, "EUR");
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", dir, hex, more, 1, &e), 0);
    CU_ASSERT_EQUAL(ledger_confirm(l, &e), 0);
    CU_ASSERT_EQUAL(ledger_count(l), 3);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* A failed output swap: ledger_abandon() takes the run's rows out. */
static void abandon_rolls_the_run_back(void)
{
    struct tf t;
    char path[600];
    struct credit_row r[4];
    struct ledger *l;
    struct err e;

    l = filled_file(&t, path, sizeof path);
    fill(r);
    row(&r[0], "s9", "tiers", 0, 7, "EUR");
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", t.dir, "y", r, 1, &e), 0);
    CU_ASSERT_EQUAL(ledger_abandon(l, &e), 0);
    ledger_close(l);
    l = ledger_open(path, LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 4);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_verify(path, NULL, &e), 0);
    tf_cleanup(&t);
}

/* The same adjustment twice in one ledger is refused. */
static void duplicate_identity_is_refused(void)
{
    struct credit_row r[2];
    struct ledger *l;
    struct err e;

    row(&r[0], "s1", "tiers", 0, 490, "EUR");
    row(&r[1], "s1", "tiers", 0, 490, "EUR");
    l = ledger_open(":memory:", LEDGER_RUN, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_record(l, "2026-10", "/x", "x", r, 2, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_EQUAL(ledger_count(l), 0);
    ledger_close(l);
}

/* Pushes: recorded once, idempotent for the same triple, an error for
 * another remote id, found by lookup, kept across opens, tamper-evident. */
static void push_record_and_lookup(void)
{
    struct tf t;
    char path[600], got[8];
    struct ledger *l;
    struct err e;

    l = filled_file(&t, path, sizeof path);
    CU_ASSERT_EQUAL(ledger_push_lookup(l, "2026-10:s1:tiers", "stripe", got,
                                       sizeof got, &e),
                    0);
    CU_ASSERT_EQUAL(ledger_push_record(l, "2026-10:s1:tiers", "stripe",
                                       "cbtxn_123456789", &e),
                    0);
    CU_ASSERT_EQUAL(ledger_push_record(l, "2026-10:s1:tiers", "stripe",
                                       "cbtxn_123456789", &e),
                    0);
    CU_ASSERT_EQUAL(
        ledger_push_record(l, "2026-10:s1:tiers", "stripe", "cbtxn_other", &e),
        -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "cbtxn_other"));
    CU_ASSERT_EQUAL(
        ledger_push_record(l, "2026-10:s1:tiers:r1", "killbill", "kb-1", &e),
        0);
    CU_ASSERT_EQUAL(ledger_push_lookup(l, "2026-10:s1:tiers", "stripe", got,
                                       sizeof got, &e),
                    1);
    ASSERT_STR(got, "cbtxn_1"); /* truncated to cap */
    CU_ASSERT_EQUAL(ledger_push_lookup(l, "2026-10:s1:tiers", "killbill", got,
                                       sizeof got, &e),
                    0);
    ledger_close(l);
    l = ledger_open_existing(path, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_push_count(l), 2);
    ledger_close(l);
    tamper(path, "UPDATE pushes SET remote_id = 'evil' WHERE seq = 1");
    CU_ASSERT_PTR_NULL(ledger_open_existing(path, &e));
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "push 1"));
    tf_cleanup(&t);
}

/* One line of the earlier CSV format with its checksum. */
static void old_line(char *out, size_t cap, const char *text)
{
    struct sha *h = sha_new();
    char hex[65];

    sha_update(h, text, strlen(text));
    sha_final(h, hex);
    sha_free(h);
    snprintf(out, cap, "%s,%.16s\n", text, hex);
}

#define OLD_HEADER_LINE                                                        \
    "adjustment_id,period,subscription_id,policy,amount_minor,currency,"       \
    "remedy,extension_seconds,checksum\n"

/* Import: revisions come from matching the id against its own parts (a
 * policy "r1" stays revision 0 of policy "r1"); a bad checksum is refused
 * with its line; an existing target is refused. */
static void import_converts_the_csv_ledger(void)
{
    struct tf t;
    char csv[600], db[600], text[2048], a[256], b[256], c[256];
    struct ledger *l;
    const struct ledger_row *v;
    struct err e;
    size_t n, count;

    tf_init(&t);
    old_line(a, sizeof a,
             "2026-10:s1:r1,2026-10,s1,r1,100,EUR,invoice_credit,0");
    old_line(b, sizeof b,
             "2026-10:s1:tiers,2026-10,s1,tiers,490,EUR,invoice_credit,0");
    old_line(c, sizeof c,
             "2026-10:s1:tiers:r1,2026-10,s1,tiers,735,EUR,invoice_credit,0");
    snprintf(text, sizeof text, OLD_HEADER_LINE "%s%s%s", a, b, c);
    tf_write(&t, "old.csv", text, csv, sizeof csv);
    tf_path(&t, "new.db", db, sizeof db);
    CU_ASSERT_EQUAL_FATAL(ledger_import_csv(csv, db, &count, &e), 0);
    CU_ASSERT_EQUAL(count, 3);
    l = ledger_open_existing(db, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    v = ledger_rows_of(l, "2026-10", "s1", &n, &e);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    ASSERT_STR(v[0].policy, "r1");
    CU_ASSERT_EQUAL(v[0].revision, 0);
    ASSERT_STR(v[2].policy, "tiers");
    CU_ASSERT_EQUAL(v[2].revision, 1);
    CU_ASSERT_EQUAL(v[2].amount, 735);
    ledger_close(l);
    CU_ASSERT_EQUAL(ledger_import_csv(csv, db, &count, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CANTOUT);

    /* Line 3's amount edited, checksum left as it was. */
    old_line(b, sizeof b,
             "2026-10:s1:tiers,2026-10,s1,tiers,490,EUR,invoice_credit,0");
    b[strlen("2026-10:s1:tiers,2026-10,s1,tiers,49")] = '1';
    snprintf(text, sizeof text, OLD_HEADER_LINE "%s%s%s", a, b, c);
    tf_write(&t, "bad.csv", text, csv, sizeof csv);
    tf_path(&t, "bad.db", db, sizeof db);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(ledger_import_csv(csv, db, &count, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "checksum"));
    CU_ASSERT_EQUAL(access(db, F_OK), -1);

    /* A ledger of blank lines is not a ledger. */
    tf_write(&t, "blank.csv", "\n\n\n", csv, sizeof csv);
    tf_path(&t, "blank.db", db, sizeof db);
    CU_ASSERT_EQUAL(ledger_import_csv(csv, db, &count, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    tf_cleanup(&t);
}

/* The character set of ids (ident.h). */
static void ident_check_table(void)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"acme-shop", 1}, {"Kunde 42/Ü", 1}, {"顧客-7", 1}, {"", 0},
        {"a:b", 0},       {"a\nb", 0},       {"a\tb", 0},   {"a\x7f", 0},
        {"a\xc2\x85", 0},                  /* U+0085, a C1 control */
        {"\xff", 0},      {"\xc0\xba", 0}, /* overlong ':' */
        {"r1", 1},
    };
    char longest[IDENT_MAX + 2];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if ((ident_check(cases[i].s) == NULL) != cases[i].ok)
            fprintf(stderr, "\n  ident case %zu\n", i);
        CU_ASSERT_EQUAL(ident_check(cases[i].s) == NULL, cases[i].ok);
    }
    memset(longest, 'x', sizeof longest);
    longest[IDENT_MAX] = '\0';
    CU_ASSERT_PTR_NULL(ident_check(longest));
    longest[IDENT_MAX] = 'x';
    longest[IDENT_MAX + 1] = '\0';
    CU_ASSERT_PTR_NOT_NULL(ident_check(longest));
}

CU_TestInfo ledger_tests[] = {
    {"memory_ledger_sums_per_subscription_and_currency",
     memory_ledger_sums_per_subscription_and_currency},
    {"file_ledger_reads_back_structured_rows",
     file_ledger_reads_back_structured_rows},
    {"policy_named_like_a_revision_is_a_policy",
     policy_named_like_a_revision_is_a_policy},
    {"refuses_what_is_not_a_ledger", refuses_what_is_not_a_ledger},
    {"chain_detects_edit_delete_duplicate_reorder",
     chain_detects_edit_delete_duplicate_reorder},
    {"pending_run_is_settled_by_the_next_open",
     pending_run_is_settled_by_the_next_open},
    {"abandon_rolls_the_run_back", abandon_rolls_the_run_back},
    {"duplicate_identity_is_refused", duplicate_identity_is_refused},
    {"push_record_and_lookup", push_record_and_lookup},
    {"import_converts_the_csv_ledger", import_converts_the_csv_ledger},
    {"ident_check_table", ident_check_table},
    CU_TEST_INFO_NULL,
};

/* Unit tests for ledger: the line format and its checksum, what
 * ledger_issued() sums over an id and its corrections, and that a damaged
 * line stops the read with its line number. */
#include "ledger.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "report.h"
#include "sha.h"
#include "testfiles.h"
#include "testutil.h"

static void row(struct credit_row *r, const char *id, int64_t amount,
                int64_t ext, const char *remedy)
{
    memset(r, 0, sizeof *r);
    snprintf(r->adjustment_id, sizeof r->adjustment_id, "%s", id);
    snprintf(r->period, sizeof r->period, "2026-10");
    r->subscription = "s1";
    r->policy = "tiers";
    r->remedy = remedy;
    r->amount = amount;
    memcpy(r->currency, "EUR", 4);
    r->extension = ext;
}

/* The line is the eight fields, then the first 16 hex digits of the
 * SHA-256 of exactly those bytes. */
static void line_carries_checksum_of_its_text(void)
{
    struct credit_row r;
    char line[512], hex[65];
    const char *text = "2026-10:s1:tiers,2026-10,s1,tiers,490,EUR,"
                       "invoice_credit,0";
    struct sha *h = sha_new();
    size_t n;

    row(&r, "2026-10:s1:tiers", 490, 0, "invoice_credit");
    n = ledger_format_line(&r, line, sizeof line);
    sha_update(h, text, strlen(text));
    sha_final(h, hex);
    sha_free(h);
    CU_ASSERT_EQUAL(n, strlen(text) + 17);
    CU_ASSERT_EQUAL(strncmp(line, text, strlen(text)), 0);
    CU_ASSERT_EQUAL(line[strlen(text)], ',');
    CU_ASSERT_EQUAL(strncmp(line + strlen(text) + 1, hex, 16), 0);
}

/* 490 issued, then +735 as :r1 and -735 as :r2: issued 490 in total, last
 * revision 2; another id is not found. */
static void issued_sums_original_and_corrections(void)
{
    struct tf t;
    char path[600];
    struct credit_row r[3];
    struct ledger *l;
    struct ledger_issued iss;
    struct err e;

    tf_init(&t);
    tf_path(&t, "ledger.csv", path, sizeof path);
    row(&r[0], "2026-10:s1:tiers", 490, 0, "invoice_credit");
    row(&r[1], "2026-10:s1:tiers:r1", 735, 0, "invoice_credit");
    row(&r[2], "2026-10:s1:tiers:r2", -735, 0, "invoice_credit");
    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_append(l, r, 1, &e), 0);
    CU_ASSERT_EQUAL(ledger_append(l, r + 1, 2, &e), 0);
    ledger_close(l);

    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_count(l), 3);
    ledger_issued(l, "2026-10:s1:tiers", &iss);
    CU_ASSERT(iss.found);
    CU_ASSERT_EQUAL(iss.amount, 490);
    CU_ASSERT_EQUAL(iss.last_revision, 2);
    ASSERT_STR(iss.remedy, "invoice_credit");
    ledger_issued(l, "2026-10:s2:tiers", &iss);
    CU_ASSERT(!iss.found);
    CU_ASSERT_EQUAL(iss.amount, 0);
    ledger_close(l);
    tf_cleanup(&t);
}

/* Plan time is summed like money: 172,800 s, then +172,800 s as :r1. */
static void issued_sums_plan_extensions(void)
{
    struct tf t;
    char path[600];
    struct credit_row r[2];
    struct ledger *l;
    struct ledger_issued iss;
    struct err e;

    tf_init(&t);
    tf_path(&t, "ledger.csv", path, sizeof path);
    row(&r[0], "2026-10:s1:tiers", 0, 172800, "plan_extension");
    row(&r[1], "2026-10:s1:tiers:r1", 0, 172800, "plan_extension");
    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(ledger_append(l, r, 2, &e), 0);
    ledger_issued(l, "2026-10:s1:tiers", &iss);
    /* What this open read is what was there before the append: nothing. */
    CU_ASSERT(!iss.found);
    ledger_close(l);
    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    ledger_issued(l, "2026-10:s1:tiers", &iss);
    CU_ASSERT_EQUAL(iss.extension, 345600);
    CU_ASSERT_EQUAL(iss.amount, 0);
    ledger_close(l);
    tf_cleanup(&t);
}

/* Editing an amount on line 3 without its checksum stops the read there. */
static void damaged_line_is_an_error_with_its_line(void)
{
    struct tf t;
    char path[600];
    const char *p;
    struct ledger *l;
    struct err e;
    struct credit_row r;
    char good[512], bad[512], text[2048];

    tf_init(&t);
    row(&r, "2026-10:s1:tiers", 490, 0, "invoice_credit");
    ledger_format_line(&r, good, sizeof good);
    row(&r, "2026-10:s2:tiers", 100, 0, "invoice_credit");
    ledger_format_line(&r, bad, sizeof bad);
    p = strstr(bad, ",100,");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    bad[p - bad + 1] = '9'; /* 100 -> 900, checksum unchanged */
    snprintf(text, sizeof text,
             "adjustment_id,period,subscription_id,policy,amount_minor,"
             "currency,remedy,extension_seconds,checksum\n%s\n%s\n",
             good, bad);
    tf_write(&t, "ledger.csv", text, path, sizeof path);
    memset(&e, 0, sizeof e);
    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "checksum does not match"));
    ledger_close(l);
    tf_cleanup(&t);
}

/* A last line cut short (an interrupted append) is damage, not data. */
static void unterminated_last_line_is_an_error(void)
{
    struct tf t;
    char path[600], line[512], text[2048];
    struct credit_row r;
    struct ledger *l;
    struct err e;

    tf_init(&t);
    row(&r, "2026-10:s1:tiers", 490, 0, "invoice_credit");
    ledger_format_line(&r, line, sizeof line);
    snprintf(text, sizeof text,
             "adjustment_id,period,subscription_id,policy,amount_minor,"
             "currency,remedy,extension_seconds,checksum\n%s",
             line);
    tf_write(&t, "ledger.csv", text, path, sizeof path);
    memset(&e, 0, sizeof e);
    l = ledger_open(path, NULL, &e);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ledger_close(l);
    tf_cleanup(&t);
}

CU_TestInfo ledger_tests[] = {
    {"line_carries_checksum_of_its_text", line_carries_checksum_of_its_text},
    {"issued_sums_original_and_corrections",
     issued_sums_original_and_corrections},
    {"issued_sums_plan_extensions", issued_sums_plan_extensions},
    {"damaged_line_is_an_error_with_its_line",
     damaged_line_is_an_error_with_its_line},
    {"unterminated_last_line_is_an_error", unterminated_last_line_is_an_error},
    CU_TEST_INFO_NULL,
};

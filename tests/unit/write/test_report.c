/* Unit tests for report: a buffer that refuses to grow is an error the
 * caller sees (RC_CANTOUT, naming the file), never a silently short file;
 * and with room the bytes are the documented header and row. Expected
 * bytes are written out by hand. */
#include "write/report.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/sha.h"
#include "testutil.h"

static const char credits_header[] =
    "adjustment_id,period,customer_id,subscription_id,policy,remedy,"
    "amount_minor,currency,extension_seconds,new_ends_at,uptime_percent,"
    "downtime_seconds,basis\n";

static void fill(struct credit_row *r)
{
    memset(r, 0, sizeof *r);
    strcpy(r->adjustment_id, "2026-10:sub-1:p");
    strcpy(r->period, "2026-10");
    r->customer = "c1";
    r->subscription = "sub-1";
    r->policy = "p";
    r->remedy = "invoice_credit";
    r->amount = 1200;
    strcpy(r->currency, "JPY");
    strcpy(r->uptime, "98.7000");
    r->downtime = 34819;
    strcpy(r->basis, "tier<99.0=25%");
}

static void report_credits_writes_header_and_row(void)
{
    struct buf b;
    struct credit_row r;
    struct err e = {0};

    fill(&r);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(report_credits_header(&b, &e), 0);
    CU_ASSERT_EQUAL(report_credit(&b, &r, &e), 0);
    ASSERT_STR(buf_str(&b), "adjustment_id,period,customer_id,subscription_id,"
                            "policy,remedy,amount_minor,currency,extension_"
                            "seconds,new_ends_at,uptime_percent,downtime_"
                            "seconds,basis\n"
                            "2026-10:sub-1:p,2026-10,c1,sub-1,p,invoice_"
                            "credit,1200,JPY,0,,98.7000,34819,tier<99.0=25%\n");
    buf_free(&b);
}

/* A buffer of 40 bytes holds neither the header (165 bytes) nor, after a
 * header that fits, the row: each call says so. */
static void report_refuses_a_full_buffer(void)
{
    struct buf b;
    struct credit_row r;
    struct err e = {0};

    fill(&r);
    buf_init(&b, 40);
    CU_ASSERT_EQUAL(report_credits_header(&b, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CANTOUT);
    ASSERT_STR(e.msg, "credits.csv: larger than its buffer allows");
    buf_free(&b);

    memset(&e, 0, sizeof e);
    buf_init(&b, sizeof credits_header - 1 + 20);
    CU_ASSERT_EQUAL(report_credits_header(&b, &e), 0);
    CU_ASSERT_EQUAL(report_credit(&b, &r, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_CANTOUT);
    ASSERT_STR(e.msg, "credits.csv: larger than its buffer allows");
    buf_free(&b);

    memset(&e, 0, sizeof e);
    buf_init(&b, 10);
    CU_ASSERT_EQUAL(report_windows_header(&b, &e), -1);
    ASSERT_STR(e.msg, "windows.csv: larger than its buffer allows");
    CU_ASSERT_EQUAL(report_decisions_header(&b, &e), -1);
    ASSERT_STR(e.msg, "decisions.csv: larger than its buffer allows");
    buf_free(&b);
}

/* manifest.json written by hand: two outputs, one whose name needs JSON
 * escapes (a quote, a backslash, a tab) and holds UTF-8 (written as is);
 * no inputs, one outcome (index 1: ineligible_plan), no totals, one
 * warning. The parts from
 * report_manifest_split() with the entries between them are these bytes,
 * and so is report_manifest(). */
static const char manifest_want[] =
    "{\n"
    "  \"version\": \"9.9\",\n"
    "  \"month\": \"2026-10\",\n"
    "  \"config\": {\n"
    "    \"path\": \"config.ini\",\n"
    "    \"sha256\": \"c0\",\n"
    "    \"size\": 7\n"
    "  },\n"
    "  \"inputs\": [],\n"
    "  \"outputs\": [\n"
    "    {\n"
    "      \"name\": \"credits.csv\",\n"
    "      \"sha256\": \"a1\",\n"
    "      \"size\": 10,\n"
    "      \"rows\": 0\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"statements/q\\\"b\\\\s\\tt\xc3\xa9.html\",\n"
    "      \"sha256\": \"b2\",\n"
    "      \"size\": 20,\n"
    "      \"rows\": 2\n"
    "    }\n"
    "  ],\n"
    "  \"outcomes\": {\n"
    "    \"ineligible_plan\": 3\n"
    "  },\n"
    "  \"totals\": [],\n"
    "  \"warnings\": [\n"
    "    \"w\"\n"
    "  ]\n"
    "}\n";

static void report_manifest_in_parts_is_the_whole(void)
{
    static const struct report_output outs[] = {
        {"credits.csv", "a1", 10, 0},
        {"statements/q\"b\\s\tt\xc3\xa9.html", "b2", 20, 2},
    };
    static const uint64_t outcomes[] = {0, 3};
    static const char *const warnings[] = {"w"};
    struct sha_list inputs = {NULL, 0};
    struct report_manifest m = {
        "9.9", "2026-10", "config.ini", "c0", 7,        &inputs, "", outs, 2,
        NULL,  0,         outcomes,     2,    warnings, 1,
    };
    struct buf whole, head, tail;
    struct err e = {0};
    size_t i;

    buf_init(&whole, 0);
    buf_init(&head, 0);
    buf_init(&tail, 0);
    CU_ASSERT_EQUAL(report_manifest(&whole, &m, &e), 0);
    CU_ASSERT_EQUAL(report_manifest_split(&head, &tail, &m, &e), 0);
    for (i = 0; i < 2; i++)
        CU_ASSERT_EQUAL(report_manifest_output(&head, &outs[i], i == 0, &e), 0);
    buf_append(&head, tail.p, tail.len);
    ASSERT_STR(buf_str(&whole), manifest_want);
    ASSERT_STR(buf_str(&head), manifest_want);
    buf_free(&whole);
    buf_free(&head);
    buf_free(&tail);
}

CU_TestInfo report_tests[] = {
    {"report_credits_writes_header_and_row",
     report_credits_writes_header_and_row},
    {"report_refuses_a_full_buffer", report_refuses_a_full_buffer},
    {"report_manifest_in_parts_is_the_whole",
     report_manifest_in_parts_is_the_whole},
    CU_TEST_INFO_NULL,
};

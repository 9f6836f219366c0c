/* Unit tests for billing: each import format (credits.jsonl, Stripe balance
 * transactions, Kill Bill requests, Chargebee Bulk Operations files, Lago
 * wallet transactions) for JPY, EUR and KWD rows with a plan extension and
 * a negative correction, quoting and escaping, the empty cases, Stripe's
 * own units and its rounding, the systems' limits, account ids that are
 * missing, text JSON cannot carry, and a round trip: the amounts read back
 * from every format equal credits.csv's amount_minor. Expected bytes are
 * written out by hand. */
#include "write/billing.h"

#include <CUnit/CUnit.h>
#include <csv.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/money.h"
#include "lib/parse.h"
#include "read/roster.h"
#include "testutil.h"
#include "write/report.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A credits.csv row as text; stripe NULL means the roster has no
 * stripe_customer. fill() gives every row the Kill Bill account KB, the
 * Chargebee customer "cb-<customer>"... see fill(). */
struct spec {
    const char *id, *customer, *stripe, *sub, *policy, *remedy;
    int64_t amount;
    const char *currency;
    int exp;
    int64_t ext;
    const char *new_end, *uptime;
    int64_t down;
    const char *basis;
};

/* October 2026 has 2,678,400 s. sub-1: 4800 JPY fee, 34,819 s down, uptime
 * 2,643,581 / 2,678,400 = 98.7000 % < 99.0 => 25 % = 1200 JPY. sub-2: 6.00
 * EUR, two days down, 2/30 of 600 = 40 cents; sub-3 the same plan paid
 * one-time, expiry moved two days. sub-4: 12.500 KWD, 10 % = 1.250 KWD.
 * sub-5: a replay found one day where two were paid: correction -0.10 EUR. */
static const struct spec sample[] = {
    {"2026-10:sub-1:uptime-tiers", "cust-jp", "cus_JP1", "sub-1",
     "uptime-tiers", "invoice_credit", 1200, "JPY", 0, 0, "", "98.7000", 34819,
     "tier<99.0=25%"},
    {"2026-10:sub-2:per-day", "cust-eu", "cus_EU2", "sub-2", "per-day",
     "invoice_credit", 40, "EUR", 2, 0, "", "93.5483", 172800, "days=2/30"},
    {"2026-10:sub-3:per-day", "cust-eu", NULL, "sub-3", "per-day",
     "plan_extension", 0, "EUR", 2, 172800, "2026-12-03T00:00:00Z", "93.5483",
     172800, "days=2/30"},
    {"2026-10:sub-4:uptime-tiers", "cust-kw", "cus_KW4", "sub-4",
     "uptime-tiers", "wallet_credit", 1250, "KWD", 3, 0, "", "99.8522", 3956,
     "tier<99.9=10%"},
    {"2026-10:sub-5:per-day:r1", "cust-eu", "cus_EU5", "sub-5", "per-day",
     "invoice_credit", -10, "EUR", 2, 0, "", "96.7741", 86400, "days=1/30"},
};

/* The Kill Bill account and the Lago wallet of every row. */
#define KB "6f1c7a52-2d43-4b8e-9c1d-0a2b3c4d5e6f"
#define LW "1a901a90-1a90-1a90-1a90-1a901a901a90"

static void fill(struct credit_row *r, const struct spec *s)
{
    memset(r, 0, sizeof *r);
    snprintf(r->adjustment_id, sizeof r->adjustment_id, "%s", s->id);
    snprintf(r->period, sizeof r->period, "%.7s", s->id);
    r->customer = s->customer;
    r->stripe_customer = s->stripe;
    r->killbill_account = KB;
    r->chargebee_customer = s->customer;
    r->lago_wallet = LW;
    r->subscription = s->sub;
    r->policy = s->policy;
    r->remedy = s->remedy;
    r->amount = s->amount;
    snprintf(r->currency, sizeof r->currency, "%s", s->currency);
    r->exponent = s->exp;
    r->extension = s->ext;
    snprintf(r->new_ends_at, sizeof r->new_ends_at, "%s", s->new_end);
    snprintf(r->uptime, sizeof r->uptime, "%s", s->uptime);
    r->downtime = s->down;
    snprintf(r->basis, sizeof r->basis, "%s", s->basis);
}

static void fill_all(struct credit_row *rows, const struct spec *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        fill(&rows[i], &s[i]);
}

/* Writes format f for rows[0..n) into b, as billing_write() does, and
 * returns its result; the warnings of rows left out are dropped (the Kill
 * Bill limit test reads them itself). */
static int write_buf(enum billing_format f, struct buf *b,
                     const struct credit_row *rows, size_t n, struct err *e)
{
    struct billing_file out;
    int rc;

    billing_file_init(&out, b);
    rc = billing_write(f, &out, rows, n, e);
    billing_file_free(&out);
    return rc;
}

/* Writes format f for rows and checks the bytes, the return and the count. */
static void check_write(enum billing_format f, const struct credit_row *rows,
                        size_t n, const char *want, size_t want_count)
{
    struct buf b;
    struct err e = {0};

    buf_init(&b, 0);
    CU_ASSERT_EQUAL(write_buf(f, &b, rows, n, &e), 0);
    if (e.msg[0] != '\0')
        fprintf(stderr, "\n  %s: %s\n", billing_file_name(f), e.msg);
    ASSERT_STR(buf_str(&b), want);
    CU_ASSERT_EQUAL(billing_count(f, rows, n), want_count);
    buf_free(&b);
}

static const char sample_jsonl[] =
    "{\"adjustment_id\":\"2026-10:sub-1:uptime-tiers\",\"period\":\"2026-10\","
    "\"customer_id\":\"cust-jp\",\"subscription_id\":\"sub-1\","
    "\"policy\":\"uptime-tiers\",\"remedy\":\"invoice_credit\","
    "\"amount_minor\":1200,\"currency\":\"JPY\",\"extension_seconds\":0,"
    "\"new_ends_at\":null,\"uptime_percent\":\"98.7000\","
    "\"downtime_seconds\":34819,\"basis\":\"tier<99.0=25%\"}\n"
    "{\"adjustment_id\":\"2026-10:sub-2:per-day\",\"period\":\"2026-10\","
    "\"customer_id\":\"cust-eu\",\"subscription_id\":\"sub-2\","
    "\"policy\":\"per-day\",\"remedy\":\"invoice_credit\","
    "\"amount_minor\":40,\"currency\":\"EUR\",\"extension_seconds\":0,"
    "\"new_ends_at\":null,\"uptime_percent\":\"93.5483\","
    "\"downtime_seconds\":172800,\"basis\":\"days=2/30\"}\n"
    "{\"adjustment_id\":\"2026-10:sub-3:per-day\",\"period\":\"2026-10\","
    "\"customer_id\":\"cust-eu\",\"subscription_id\":\"sub-3\","
    "\"policy\":\"per-day\",\"remedy\":\"plan_extension\","
    "\"amount_minor\":0,\"currency\":\"EUR\",\"extension_seconds\":172800,"
    "\"new_ends_at\":\"2026-12-03T00:00:00Z\",\"uptime_percent\":\"93.5483\","
    "\"downtime_seconds\":172800,\"basis\":\"days=2/30\"}\n"
    "{\"adjustment_id\":\"2026-10:sub-4:uptime-tiers\",\"period\":\"2026-10\","
    "\"customer_id\":\"cust-kw\",\"subscription_id\":\"sub-4\","
    "\"policy\":\"uptime-tiers\",\"remedy\":\"wallet_credit\","
    "\"amount_minor\":1250,\"currency\":\"KWD\",\"extension_seconds\":0,"
    "\"new_ends_at\":null,\"uptime_percent\":\"99.8522\","
    "\"downtime_seconds\":3956,\"basis\":\"tier<99.9=10%\"}\n"
    "{\"adjustment_id\":\"2026-10:sub-5:per-day:r1\",\"period\":\"2026-10\","
    "\"customer_id\":\"cust-eu\",\"subscription_id\":\"sub-5\","
    "\"policy\":\"per-day\",\"remedy\":\"invoice_credit\","
    "\"amount_minor\":-10,\"currency\":\"EUR\",\"extension_seconds\":0,"
    "\"new_ends_at\":null,\"uptime_percent\":\"96.7741\","
    "\"downtime_seconds\":86400,\"basis\":\"days=1/30\"}\n";

static const char stripe_header[] =
    "customer,amount,currency,description,metadata[adjustment_id],"
    "metadata[rounded_from],idempotency_key\n";

/* The plan extension (sub-3) is left out; the correction that takes 0.10
 * EUR back becomes a positive balance transaction (a debit). KWD 1.250 is
 * 1250 thousandths, last digit 0 already. */
static const char sample_stripe[] =
    "customer,amount,currency,description,metadata[adjustment_id],"
    "metadata[rounded_from],idempotency_key\n"
    "cus_JP1,-1200,jpy,SLA credit 2026-10 sub-1 (uptime-tiers): "
    "tier<99.0=25%,2026-10:sub-1:uptime-tiers,,2026-10:sub-1:uptime-tiers\n"
    "cus_EU2,-40,eur,SLA credit 2026-10 sub-2 (per-day): days=2/30,"
    "2026-10:sub-2:per-day,,2026-10:sub-2:per-day\n"
    "cus_KW4,-1250,kwd,SLA credit 2026-10 sub-4 (uptime-tiers): "
    "tier<99.9=10%,2026-10:sub-4:uptime-tiers,,2026-10:sub-4:uptime-tiers\n"
    "cus_EU5,10,eur,SLA credit correction r1 2026-10 sub-5 (per-day): "
    "days=1/30,2026-10:sub-5:per-day:r1,,2026-10:sub-5:per-day:r1\n";

/* One request per money row: credits to POST /1.0/kb/credits, the
 * take-back as an external charge on the account; autoCommit=true; the
 * amount a JSON number with the ISO 4217 decimals, always positive. */
#define KB_ITEM(id, amount, cur, desc)                                         \
    "\"body\":[{\"accountId\":\"" KB "\",\"amount\":" amount                   \
    ",\"currency\":\"" cur "\",\"description\":\"" desc "\","                  \
    "\"itemDetails\":\"{\\\"adjustment_id\\\":\\\"" id "\\\"}\"}]}\n"
#define KB_CREDIT(id, amount, cur, desc)                                       \
    "{\"adjustment_id\":\"" id "\",\"method\":\"POST\","                       \
    "\"path\":\"/1.0/kb/credits?autoCommit=true\"," KB_ITEM(id, amount, cur,   \
                                                            desc)
#define KB_CHARGE(id, amount, cur, desc)                                       \
    "{\"adjustment_id\":\"" id "\",\"method\":\"POST\","                       \
    "\"path\":\"/1.0/kb/invoices/charges/" KB                                  \
    "?autoCommit=true\"," KB_ITEM(id, amount, cur, desc)

static const char sample_killbill[] = KB_CREDIT(
    "2026-10:sub-1:uptime-tiers", "1200", "JPY",
    "SLA credit 2026-10 sub-1 (uptime-tiers): tier<99.0=25%")
    KB_CREDIT("2026-10:sub-2:per-day", "0.40", "EUR",
              "SLA credit 2026-10 sub-2 (per-day): days=2/30")
        KB_CREDIT("2026-10:sub-4:uptime-tiers", "1.250", "KWD",
                  "SLA credit 2026-10 sub-4 (uptime-tiers): tier<99.9=10%")
            KB_CHARGE(
                "2026-10:sub-5:per-day:r1", "0.10", "EUR",
                "SLA credit correction r1 2026-10 sub-5 (per-day): days=1/30");

static const char chargebee_header[] =
    "customer_id,amount,currency_code,description,credit_type,reference\n";

static const char sample_chargebee_add[] =
    "customer_id,amount,currency_code,description,credit_type,reference\n"
    "cust-jp,1200,JPY,SLA credit 2026-10 sub-1 (uptime-tiers): "
    "tier<99.0=25%,general,2026-10:sub-1:uptime-tiers\n"
    "cust-eu,40,EUR,SLA credit 2026-10 sub-2 (per-day): days=2/30,general,"
    "2026-10:sub-2:per-day\n"
    "cust-kw,1250,KWD,SLA credit 2026-10 sub-4 (uptime-tiers): "
    "tier<99.9=10%,general,2026-10:sub-4:uptime-tiers\n";

static const char sample_chargebee_deduct[] =
    "customer_id,amount,currency_code,description,credit_type,reference\n"
    "cust-eu,10,EUR,SLA credit correction r1 2026-10 sub-5 (per-day): "
    "days=1/30,general,2026-10:sub-5:per-day:r1\n";

#define LAGO(kind, amount, id)                                                 \
    "{\"wallet_transaction\":{\"wallet_id\":\"" LW "\",\"" kind "\":\"" amount \
    "\",\"metadata\":[{\"key\":\"adjustment_id\","                             \
    "\"value\":\"" id "\"}]}}\n"

static const char sample_lago[] =
    LAGO("granted_credits", "1200", "2026-10:sub-1:uptime-tiers")
        LAGO("granted_credits", "0.40", "2026-10:sub-2:per-day")
            LAGO("granted_credits", "1.250", "2026-10:sub-4:uptime-tiers")
                LAGO("voided_credits", "0.10", "2026-10:sub-5:per-day:r1");

static void billing_jsonl_writes_every_row_in_csv_column_order(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_JSONL, rows, N(rows), sample_jsonl, 5);
}

static void billing_stripe_negates_money_rows_and_skips_extensions(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_STRIPE, rows, N(rows), sample_stripe, 4);
}

static void billing_killbill_credits_and_takes_back_as_external_charge(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_KILLBILL, rows, N(rows), sample_killbill, 4);
}

static void billing_chargebee_splits_add_and_deduct(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_CHARGEBEE_ADD, rows, N(rows), sample_chargebee_add, 3);
    check_write(BILLING_CHARGEBEE_DEDUCT, rows, N(rows),
                sample_chargebee_deduct, 1);
}

static void billing_lago_grants_and_voids_credits(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_LAGO, rows, N(rows), sample_lago, 4);
}

static void billing_output_is_the_same_on_every_call(void)
{
    struct credit_row rows[N(sample)];
    struct buf a, b;
    int f;

    fill_all(rows, sample, N(sample));
    for (f = 0; f < BILLING_NFORMATS; f++) {
        buf_init(&a, 0);
        buf_init(&b, 0);
        CU_ASSERT_EQUAL(
            write_buf((enum billing_format)f, &a, rows, N(rows), NULL), 0);
        CU_ASSERT_EQUAL(
            write_buf((enum billing_format)f, &b, rows, N(rows), NULL), 0);
        CU_ASSERT_EQUAL(a.len, b.len);
        CU_ASSERT(a.len > 0 && memcmp(a.p, b.p, a.len) == 0);
        buf_free(&a);
        buf_free(&b);
    }
}

/* A file written in parts (the header alone, then one row a call, as a
 * run writes it) is byte for byte the file written in one call, with the
 * same row count, for every format (empty files too). */
static void billing_written_row_by_row_equals_whole(void)
{
    struct credit_row rows[N(sample)];
    struct billing_file out;
    struct buf a, b;
    size_t i, n;
    int f;

    fill_all(rows, sample, N(sample));
    for (f = 0; f < BILLING_NFORMATS; f++) {
        for (n = 0; n <= N(rows); n += N(rows)) {
            buf_init(&a, 0);
            buf_init(&b, 0);
            CU_ASSERT_EQUAL(
                write_buf((enum billing_format)f, &a, rows, n, NULL), 0);
            billing_file_init(&out, &b);
            CU_ASSERT_EQUAL(
                billing_write((enum billing_format)f, &out, NULL, 0, NULL), 0);
            for (i = 0; i < n; i++)
                CU_ASSERT_EQUAL(billing_write((enum billing_format)f, &out,
                                              &rows[i], 1, NULL),
                                0);
            ASSERT_STR(buf_str(&b), buf_str(&a));
            CU_ASSERT_EQUAL(out.rows,
                            billing_count((enum billing_format)f, rows, n));
            CU_ASSERT_EQUAL(out.line, 2 + n);
            billing_file_free(&out);
            buf_free(&a);
            buf_free(&b);
        }
    }
}

/* Row by row, an error names the row's own credits.csv line. */
static void billing_row_by_row_names_the_rows_line(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:p", "c1", "cus_1", "sub-1", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
        {"2026-10:sub-2:p", "c2", "cus_2", "sub-2", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
        {"2026-10:sub-3:p", "c3", NULL, "sub-3", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
    };
    struct credit_row rows[3];
    struct billing_file out;
    struct buf b;
    struct err e = {0};

    fill_all(rows, s, 3);
    buf_init(&b, 0);
    billing_file_init(&out, &b);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &out, &rows[0], 1, &e), 0);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &out, &rows[1], 1, &e), 0);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &out, &rows[2], 1, &e), -1);
    ASSERT_STR(e.msg, "stripe-balance-transactions.csv: the roster gives no "
                      "stripe_customer for subscription sub-3 (credits.csv "
                      "line 4)");
    CU_ASSERT_EQUAL(out.rows, 2);
    billing_file_free(&out);
    buf_free(&b);
}

/* A comma or a quote in an id, a customer or the basis: RFC 4180 quoting,
 * quotes doubled. */
static void billing_stripe_quotes_commas_and_quotes(void)
{
    static const struct spec s[] = {
        {"2026-10:sub \"x\", y:p", "acme, inc.", "cus_A,\"B\"", "sub \"x\", y",
         "p", "invoice_credit", 250, "USD", 2, 0, "", "99.0000", 26784, "b,c"},
    };
    struct credit_row rows[1];

    fill_all(rows, s, 1);
    check_write(BILLING_STRIPE, rows, 1,
                "customer,amount,currency,description,metadata[adjustment_"
                "id],metadata[rounded_from],idempotency_key\n"
                "\"cus_A,\"\"B\"\"\",-250,usd,"
                "\"SLA credit 2026-10 sub \"\"x\"\", y (p): b,c\","
                "\"2026-10:sub \"\"x\"\", y:p\",,\"2026-10:sub \"\"x\"\", "
                "y:p\"\n",
                1);
}

/* JSON escapes quotes, backslashes and control characters; UTF-8 passes. */
static void billing_json_escapes_quotes_backslashes_and_controls(void)
{
    static const struct spec s[] = {
        {"2026-10:s\\1:p",
         "K\xc3\xb8"
         "benhavn \"A/S\"",
         NULL, "s\\1", "p", "invoice_credit", 5, "DKK", 2, 0, "", "99.9000",
         2678, "a\tb"},
    };
    struct credit_row rows[1];

    fill_all(rows, s, 1);
    check_write(
        BILLING_JSONL, rows, 1,
        "{\"adjustment_id\":\"2026-10:s\\\\1:p\",\"period\":\"2026-10\","
        "\"customer_id\":\"K\xc3\xb8"
        "benhavn \\\"A/S\\\"\","
        "\"subscription_id\":\"s\\\\1\",\"policy\":\"p\","
        "\"remedy\":\"invoice_credit\",\"amount_minor\":5,"
        "\"currency\":\"DKK\",\"extension_seconds\":0,"
        "\"new_ends_at\":null,\"uptime_percent\":\"99.9000\","
        "\"downtime_seconds\":2678,\"basis\":\"a\\tb\"}\n",
        1);
    /* itemDetails is JSON text inside a JSON string: escaped twice. */
    check_write(BILLING_KILLBILL, rows, 1,
                "{\"adjustment_id\":\"2026-10:s\\\\1:p\",\"method\":\"POST\","
                "\"path\":\"/1.0/kb/credits?autoCommit=true\","
                "\"body\":[{\"accountId\":\"" KB "\",\"amount\":0.05,"
                "\"currency\":\"DKK\",\"description\":\"SLA credit 2026-10 "
                "s\\\\1 (p): a\\tb\",\"itemDetails\":"
                "\"{\\\"adjustment_id\\\":\\\"2026-10:s\\\\\\\\1:p\\\"}\"}]}\n",
                1);
}

static void billing_empty_input_gives_empty_documents(void)
{
    check_write(BILLING_JSONL, NULL, 0, "", 0);
    check_write(BILLING_STRIPE, NULL, 0, stripe_header, 0);
    check_write(BILLING_KILLBILL, NULL, 0, "", 0);
    check_write(BILLING_CHARGEBEE_ADD, NULL, 0, chargebee_header, 0);
    check_write(BILLING_CHARGEBEE_DEDUCT, NULL, 0, chargebee_header, 0);
    check_write(BILLING_LAGO, NULL, 0, "", 0);
}

/* Only a plan extension and a zero amount: JSON Lines keeps both rows, the
 * money formats hold none. */
static void billing_no_money_rows_gives_header_and_empty_array(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-3:per-day", "cust-eu", NULL, "sub-3", "per-day",
         "plan_extension", 0, "EUR", 2, 86400, "2026-12-02T00:00:00Z",
         "96.7741", 86400, "days=1/30"},
        {"2026-10:sub-6:per-day:r2", "cust-eu", NULL, "sub-6", "per-day",
         "invoice_credit", 0, "EUR", 2, 0, "", "96.7741", 86400, "days=1/30"},
    };
    struct credit_row rows[2];

    fill_all(rows, s, 2);
    check_write(BILLING_STRIPE, rows, 2, stripe_header, 0);
    check_write(BILLING_KILLBILL, rows, 2, "", 0);
    check_write(BILLING_LAGO, rows, 2, "", 0);
    CU_ASSERT_EQUAL(billing_count(BILLING_JSONL, rows, 2), 2);
}

/* Stripe's unit per currency, worked out from docs.stripe.com/currencies:
 * zero-decimal (JPY, MGA, UGX), ISK as hundredths of whole krónur, HUF and
 * TWD as hundredths of whole units, three-decimal KWD with a last digit 0,
 * and IQD (3 decimals in ISO 4217) as a plain two-decimal currency. Halves
 * go away from zero. */
static void billing_stripe_amount_rounds_to_stripe_units(void)
{
    static const struct {
        const char *cur;
        int exp;
        int64_t minor, want;
        bool rounded;
    } cases[] = {
        {"USD", 2, 12345, 12345, false}, {"JPY", 0, 1200, 1200, false},
        {"UGX", 0, 5000, 5000, false},   {"MGA", 2, 120000, 1200, false},
        {"MGA", 2, 12345, 123, true},    {"MGA", 2, 12350, 124, true},
        {"MGA", 2, -12350, -124, true},  {"MGA", 2, -12349, -123, true},
        {"MGA", 2, 40, 0, true},         {"ISK", 0, 500, 50000, false},
        {"HUF", 2, 12300, 12300, false}, {"HUF", 2, 12345, 12300, true},
        {"HUF", 2, 12350, 12400, true},  {"TWD", 2, 99, 100, true},
        {"TWD", 2, 49, 0, true},         {"KWD", 3, 1250, 1250, false},
        {"KWD", 3, 1255, 1260, true},    {"KWD", 3, 1254, 1250, true},
        {"KWD", 3, -1255, -1260, true},  {"BHD", 3, 7, 10, true},
        {"IQD", 3, 1234, 123, true},     {"IQD", 3, 1235, 124, true},
    };
    size_t k;
    int64_t out;
    bool rounded;

    for (k = 0; k < N(cases); k++) {
        out = -999;
        CU_ASSERT_EQUAL(billing_stripe_amount(cases[k].cur, cases[k].exp,
                                              cases[k].minor, &out, &rounded),
                        0);
        if (out != cases[k].want || rounded != cases[k].rounded)
            fprintf(stderr, "\n  %s %lld: got %lld%s\n", cases[k].cur,
                    (long long)cases[k].minor, (long long)out,
                    rounded ? " (rounded)" : "");
        CU_ASSERT_EQUAL(out, cases[k].want);
        CU_ASSERT_EQUAL(rounded, cases[k].rounded);
    }
    CU_ASSERT_EQUAL(billing_stripe_amount("ISK", 0, INT64_MAX, &out, &rounded),
                    -1);
}

/* 123.45 MGA has no value in whole ariary: the row is rounded, says so in
 * its description and metadata, and the month goes on; 0.40 MGA rounds to
 * nothing and is not sent. */
static void billing_stripe_rounds_one_row_and_keeps_the_others(void)
{
    static const struct spec s[] = {
        {"2026-10:mg-2:p", "c-mg", "cus_MG", "mg-2", "p", "invoice_credit",
         12345, "MGA", 2, 0, "", "99.0000", 26784, "tier<99.5=5%"},
        {"2026-10:mg-3:p", "c-mg", "cus_MG", "mg-3", "p", "invoice_credit", 40,
         "MGA", 2, 0, "", "99.0000", 26784, "tier<99.5=5%"},
        {"2026-10:eu-1:p", "c-eu", "cus_EU", "eu-1", "p", "invoice_credit", 99,
         "EUR", 2, 0, "", "99.0000", 26784, "tier<99.5=5%"},
    };
    struct credit_row rows[N(s)];
    struct billing_file out;
    struct buf b;

    buf_init(&b, 0);
    fill_all(rows, s, N(s));
    check_write(BILLING_STRIPE, rows, N(rows),
                "customer,amount,currency,description,metadata[adjustment_"
                "id],metadata[rounded_from],idempotency_key\n"
                "cus_MG,-123,mga,\"SLA credit 2026-10 mg-2 (p): tier<99.5=5% "
                "[rounded from 123.45 MGA to 123 in Stripe's unit, half away "
                "from zero]\",2026-10:mg-2:p,123.45 MGA,2026-10:mg-2:p\n"
                "cus_EU,-99,eur,SLA credit 2026-10 eu-1 (p): tier<99.5=5%,"
                "2026-10:eu-1:p,,2026-10:eu-1:p\n",
                2);
    /* 0.40 MGA is 0 in Stripe's whole ariary: that row is left out, and
     * says so. */
    billing_file_init(&out, &b);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &out, rows, N(rows), NULL),
                    0);
    CU_ASSERT_EQUAL(out.rows, 2);
    CU_ASSERT_EQUAL_FATAL(out.nwarnings, 1);
    ASSERT_STR(out.warnings[0],
               "warning: stripe-balance-transactions.csv: adjustment "
               "2026-10:mg-3:p left out: amount 0.40 MGA rounds to 0 in "
               "Stripe's unit (credits.csv line 3)");
    billing_file_free(&out);
    buf_free(&b);
}

/* Ids longer than a system's key field are hashed (the SHA-256 below was
 * computed independently); the full id still goes into metadata. */
static void billing_long_ids_get_a_hashed_key(void)
{
    static char id[320];
    char key[80];
    struct credit_row rows[1];
    struct spec s[1] = {{NULL, "c1", "cus_1", "s", "p", "invoice_credit", 100,
                         "EUR", 2, 0, "", "99.0000", 26784, "x"}};
    struct buf b;
    char want[1024];

    memset(id, 0, sizeof id);
    memcpy(id, "2026-10:", 8);
    memset(id + 8, 's', 290);
    memcpy(id + 298, ":p", 2);
    s[0].id = id;
    billing_dedup_key(id, 255, key, sizeof key);
    ASSERT_STR(
        key,
        "sha256:"
        "77b9070e5cb8437132e383120be77513837b2c525e0b0a61e1972c8e369dd769");
    billing_dedup_key("2026-10:s:p", 255, key, sizeof key);
    ASSERT_STR(key, "2026-10:s:p");
    billing_dedup_key("12345", 5, key, sizeof key);
    ASSERT_STR(key, "12345");
    fill_all(rows, s, 1);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(write_buf(BILLING_STRIPE, &b, rows, 1, NULL), 0);
    snprintf(
        want, sizeof want,
        ",%s,,sha256:"
        "77b9070e5cb8437132e383120be77513837b2c525e0b0a61e1972c8e369dd769\n",
        id);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), want));
    buf_free(&b);
}

/* A row whose roster entry lacks the system's account id fails the file,
 * never falling back to customer_id. */
static void billing_refuses_a_row_without_its_account(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:p", "c1", "cus_1", "sub-1", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
        {"2026-10:sub-2:p", "c2", NULL, "sub-2", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
    };
    struct credit_row rows[2];
    struct buf b;
    struct err e = {0};

    fill_all(rows, s, 2);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(write_buf(BILLING_STRIPE, &b, rows, 2, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.msg, "stripe-balance-transactions.csv: the roster gives no "
                      "stripe_customer for subscription sub-2 (credits.csv "
                      "line 3)");
    rows[1].killbill_account = NULL;
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_KILLBILL, &b, rows, 2, &e), -1);
    ASSERT_STR(e.msg, "killbill-requests.jsonl: the roster gives no "
                      "killbill_account for subscription sub-2 (credits.csv "
                      "line 3)");
    rows[1].lago_wallet = NULL;
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_LAGO, &b, rows, 2, &e), -1);
    rows[1].chargebee_customer = NULL;
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_CHARGEBEE_ADD, &b, rows, 2, &e), -1);
    buf_free(&b);
}

/* Kill Bill keeps amounts in numeric(15,9): 999,999.99 EUR fits, 1,000,000
 * does not; a description longer than 255 bytes is cut on a character
 * boundary and marked. */
static void billing_killbill_limits(void)
{
    static char basis[128], sub[201];
    struct spec s[] = {
        {"2026-10:big:p", "c1", NULL, "big", "p", "invoice_credit", 99999999,
         "EUR", 2, 0, "", "90.0000", 26784, "x"},
        {"2026-10:bigger:p", "c1", NULL, "bigger", "p", "invoice_credit",
         100000000, "EUR", 2, 0, "", "90.0000", 26784, "x"},
    };
    struct credit_row rows[2];
    struct billing_file out;
    struct buf b;
    struct err e = {0};
    json_t *doc;
    json_error_t je;
    const char *desc;
    size_t i;

    fill_all(rows, s, 2);
    buf_init(&b, 0);
    check_write(BILLING_KILLBILL, rows, 1,
                KB_CREDIT("2026-10:big:p", "999999.99", "EUR",
                          "SLA credit 2026-10 big (p): x"),
                1);
    /* 1,000,000.00 EUR does not fit: that row is left out with a warning,
     * the row before it is still written, and nothing stops. */
    billing_file_init(&out, &b);
    CU_ASSERT_EQUAL(billing_write(BILLING_KILLBILL, &out, rows, 2, &e), 0);
    ASSERT_STR(buf_str(&b), KB_CREDIT("2026-10:big:p", "999999.99", "EUR",
                                      "SLA credit 2026-10 big (p): x"));
    CU_ASSERT_EQUAL(out.rows, 1);
    CU_ASSERT_EQUAL_FATAL(out.nwarnings, 1);
    ASSERT_STR(out.warnings[0],
               "warning: killbill-requests.jsonl: adjustment 2026-10:bigger:p "
               "left out: amount 1000000.00 EUR is not under Kill Bill's "
               "limit of 1000000.00 EUR (credits.csv line 3)");
    billing_file_free(&out);
    CU_ASSERT_EQUAL(billing_count(BILLING_KILLBILL, rows, 2), 1);
    /* A take-back of the same size is left out too; the other systems'
     * files are unaffected (Lago takes both rows). */
    rows[1].amount = -100000000;
    buf_reset(&b);
    billing_file_init(&out, &b);
    CU_ASSERT_EQUAL(billing_write(BILLING_KILLBILL, &out, rows, 2, &e), 0);
    CU_ASSERT_EQUAL(out.rows, 1);
    CU_ASSERT_EQUAL_FATAL(out.nwarnings, 1);
    ASSERT_STR(out.warnings[0],
               "warning: killbill-requests.jsonl: adjustment 2026-10:bigger:p "
               "left out: amount -1000000.00 EUR is not under Kill Bill's "
               "limit of 1000000.00 EUR (credits.csv line 3)");
    billing_file_free(&out);
    CU_ASSERT_EQUAL(billing_count(BILLING_LAGO, rows, 2), 2);
    rows[1].amount = 100000000;
    buf_reset(&b);
    /* 200 bytes of subscription, then 'é' (2 bytes) repeated in the basis. */
    memset(sub, 'u', 200);
    for (i = 0; i + 2 < sizeof basis; i += 2) {
        basis[i] = '\xc3';
        basis[i + 1] = '\xa9';
    }
    rows[0].subscription = sub;
    snprintf(rows[0].basis, sizeof rows[0].basis, "%s", basis);
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_KILLBILL, &b, rows, 1, &e), 0);
    doc = json_loadb(b.p, b.len, 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    desc = json_string_value(json_object_get(
        json_array_get(json_object_get(doc, "body"), 0), "description"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(desc);
    CU_ASSERT(strlen(desc) <= 255);
    CU_ASSERT(strlen(desc) >= 252);
    CU_ASSERT_EQUAL(strcmp(desc + strlen(desc) - 3, "..."), 0);
    json_decref(doc);
    buf_free(&b);
}

/* What each enabled format needs from a roster row. */
static void billing_check_account_names_the_roster_line(void)
{
    static char id[] = "sub-9", cust[] = "cust-9", stripe[] = "cus_9",
                kb[] = KB, lw[] = LW, cb[] = "cb-9",
                cb_long[] =
                    "c12345678901234567890123456789012345678901234567890";
    static char dotdot[] = "..", slash[] = "cus_1/balance", blank[] = "cus 1",
                id255[256], id256[257];
    struct sub_class k;
    struct sub s;
    struct sub_extra x;
    struct err e = {0};

    memset(id255, 'a', 255);
    memset(id256, 'a', 256);
    memset(&k, 0, sizeof k);
    memset(&s, 0, sizeof s);
    s.cls = &k;
    memset(&x, 0, sizeof x);
    s.id = id;
    s.customer = cust;
    s.line = 7;
    memcpy(k.currency, "EUR", 4);
    CU_ASSERT_EQUAL(billing_check_account(BILLING_JSONL, &s, "r.csv", &e), 0);
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.file, "r.csv");
    CU_ASSERT_EQUAL(e.line, 7);
    ASSERT_STR(e.msg, "stripe_customer: empty or missing, but [output] "
                      "formats has stripe (no fallback to customer_id): "
                      "sub-9");
    s.extra = &x;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    x.stripe_customer = stripe;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), 0);
    /* push puts the id in a URL path: "..", "." or "/" would address
     * another resource of Stripe's API. */
    x.stripe_customer = dotdot;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    ASSERT_STR(e.msg, "stripe_customer: not a Stripe customer id (letters, "
                      "digits and _ only): ..");
    x.stripe_customer = slash;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    x.stripe_customer = blank;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    x.stripe_customer = id255;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), 0);
    x.stripe_customer = id256;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_STRIPE, &s, "r.csv", &e), -1);
    x.stripe_customer = stripe;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_KILLBILL, &s, "r.csv", &e),
                    -1);
    x.killbill_account = cust;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_KILLBILL, &s, "r.csv", &e),
                    -1);
    ASSERT_STR(e.msg, "killbill_account: not a Kill Bill account UUID: "
                      "cust-9");
    x.killbill_account = kb;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_KILLBILL, &s, "r.csv", &e),
                    0);
    memcpy(k.currency, "VES", 4); /* ISO 4217 since 2018, not in Kill Bill */
    CU_ASSERT_EQUAL(billing_check_account(BILLING_KILLBILL, &s, "r.csv", &e),
                    -1);
    ASSERT_STR(e.msg, "currency: not in Kill Bill's currency list: VES");
    CU_ASSERT(billing_killbill_currency("EUR"));
    CU_ASSERT(billing_killbill_currency("ZWD"));
    CU_ASSERT(!billing_killbill_currency("SLE"));
    x.chargebee_customer = cb_long;
    CU_ASSERT_EQUAL(
        billing_check_account(BILLING_CHARGEBEE_ADD, &s, "r.csv", &e), -1);
    x.chargebee_customer = cb;
    CU_ASSERT_EQUAL(
        billing_check_account(BILLING_CHARGEBEE_DEDUCT, &s, "r.csv", &e), 0);
    CU_ASSERT_EQUAL(billing_check_account(BILLING_LAGO, &s, "r.csv", &e), -1);
    x.lago_wallet = lw;
    CU_ASSERT_EQUAL(billing_check_account(BILLING_LAGO, &s, "r.csv", &e), 0);
}

/* jansson refuses text that is not UTF-8; the run must fail, not drop the
 * field. The Stripe CSV carries the bytes as they are. */
static void billing_json_rejects_text_that_is_not_utf8(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:p", "c1", "cus_1", "sub-1", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
        {"2026-10:sub-2:p", "caf\xe9", "caf\xe9", "sub-2", "p",
         "invoice_credit", 100, "EUR", 2, 0, "", "99.0000", 26784, "x"},
    };
    struct credit_row rows[2];
    struct buf b;
    struct err e = {0};

    fill_all(rows, s, 2);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(write_buf(BILLING_JSONL, &b, rows, 2, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.msg, "credits.jsonl: customer_id is not valid UTF-8, which "
                      "JSON cannot carry (credits.csv line 3)");
    buf_reset(&b);
    memset(&e, 0, sizeof e);
    rows[1].lago_wallet = "w\xe9";
    CU_ASSERT_EQUAL(write_buf(BILLING_LAGO, &b, rows, 2, &e), -1);
    ASSERT_STR(e.msg, "lago-wallet-transactions.jsonl: lago_wallet_id is not "
                      "valid UTF-8, which JSON cannot carry (credits.csv line "
                      "3)");
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_STRIPE, &b, rows, 2, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "\ncaf\xe9,-100,eur,"));
    buf_free(&b);
}

/* A policy whose name merely ends like a revision is not a correction. */
static void billing_description_names_only_real_corrections(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:x:r2", "c1", "c1", "sub-1", "x:r2", "invoice_credit", 7,
         "EUR", 2, 0, "", "99.0000", 26784, ""},
        {"2026-10:sub-1:x:r2:r12", "c1", "c1", "sub-1", "x:r2",
         "invoice_credit", 7, "EUR", 2, 0, "", "99.0000", 26784, ""},
    };
    struct credit_row rows[2];

    fill_all(rows, s, 2);
    check_write(BILLING_STRIPE, rows, 2,
                "customer,amount,currency,description,metadata[adjustment_"
                "id],metadata[rounded_from],idempotency_key\n"
                "c1,-7,eur,SLA credit 2026-10 sub-1 (x:r2),"
                "2026-10:sub-1:x:r2,,2026-10:sub-1:x:r2\n"
                "c1,-7,eur,SLA credit correction r12 2026-10 sub-1 (x:r2),"
                "2026-10:sub-1:x:r2:r12,,2026-10:sub-1:x:r2:r12\n",
                2);
}

static void billing_names_formats_and_files(void)
{
    static const struct {
        enum billing_format f;
        const char *name, *file;
    } cases[] = {
        {BILLING_JSONL, "jsonl", "credits.jsonl"},
        {BILLING_STRIPE, "stripe", "stripe-balance-transactions.csv"},
        {BILLING_KILLBILL, "killbill", "killbill-requests.jsonl"},
        {BILLING_CHARGEBEE_ADD, "chargebee",
         "chargebee-promotional-credits-add.csv"},
        {BILLING_LAGO, "lago", "lago-wallet-transactions.jsonl"},
    };
    enum billing_format f = BILLING_NFORMATS;
    size_t k;

    for (k = 0; k < N(cases); k++) {
        ASSERT_STR(billing_format_name(cases[k].f), cases[k].name);
        ASSERT_STR(billing_file_name(cases[k].f), cases[k].file);
        CU_ASSERT_EQUAL(billing_format_lookup(cases[k].name, &f), 0);
        CU_ASSERT_EQUAL(f, cases[k].f);
    }
    ASSERT_STR(billing_file_name(BILLING_CHARGEBEE_DEDUCT),
               "chargebee-promotional-credits-deduct.csv");
    CU_ASSERT_EQUAL(billing_format_lookup("csv", &f), -1);
    CU_ASSERT_EQUAL(billing_format_lookup("", &f), -1);
}

/* A parsed CSV document: up to 16 records of up to 16 fields. */
struct table {
    char cell[16][16][160];
    size_t nf[16];
    size_t nrec, field;
};

static void on_field(void *s, size_t len, void *data)
{
    struct table *t = data;

    if (t->nrec < 16 && t->field < 16 && len < 160) {
        memcpy(t->cell[t->nrec][t->field], s, len);
        t->cell[t->nrec][t->field][len] = '\0';
    }
    t->field++;
}

static void on_record(int c, void *data)
{
    struct table *t = data;

    (void)c;
    if (t->nrec < 16)
        t->nf[t->nrec] = t->field;
    t->nrec++;
    t->field = 0;
}

static void read_csv(const struct buf *b, struct table *t)
{
    struct csv_parser p;

    memset(t, 0, sizeof *t);
    CU_ASSERT_EQUAL_FATAL(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
    CU_ASSERT_EQUAL(csv_parse(&p, b->p, b->len, on_field, on_record, t),
                    b->len);
    CU_ASSERT_EQUAL(csv_fini(&p, on_field, on_record, t), 0);
    csv_free(&p);
    CU_ASSERT(t->nrec <= 16);
}

/* The round trip: credits.csv is written by report_credit(), and every
 * format's amounts, read back, equal its amount_minor: JSON Lines as the
 * integer, Stripe negated, Kill Bill's text through the currency exponent.
 * Ids come back in the same order. */
static void billing_amounts_read_back_equal_credits_csv(void)
{
    static const struct spec more[] = {
        {"2026-10:sub-7:p", "c7", "cus_7", "sub-7", "p", "invoice_credit",
         99999999, "USD", 2, 0, "", "95.0000", 133920, "x"},
        {"2026-10:sub-8:p:r3", "c8", "cus_8", "sub-8", "p", "invoice_credit",
         -1, "KWD", 3, 0, "", "95.0000", 133920, "x"},
        {"2026-10:sub-9:p:r1", "c9", "cus_9", "sub-9", "p", "invoice_credit",
         -7, "JPY", 0, 0, "", "95.0000", 133920, "x"},
    };
    struct credit_row rows[N(sample) + N(more)];
    size_t n = N(rows), i, k, line;
    struct buf csv, b;
    struct table *ct = malloc(sizeof *ct), *st = malloc(sizeof *st);
    int64_t want[N(rows)], got;
    json_t *doc, *item;
    json_error_t jerr;
    const char *p, *nl;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    fill_all(rows, sample, N(sample));
    fill_all(rows + N(sample), more, N(more));

    buf_init(&csv, 0);
    report_credits_header(&csv, NULL);
    for (i = 0; i < n; i++)
        report_credit(&csv, &rows[i], NULL);
    read_csv(&csv, ct);
    CU_ASSERT_EQUAL_FATAL(ct->nrec, n + 1);
    ASSERT_STR(ct->cell[0][6], "amount_minor");
    for (i = 0; i < n; i++) {
        ASSERT_STR(ct->cell[i + 1][0], rows[i].adjustment_id);
        CU_ASSERT_PTR_NULL(
            parse_i64(ct->cell[i + 1][6], INT64_MIN, INT64_MAX, &want[i]));
    }

    /* credits.jsonl: one line per credits.csv row. */
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(write_buf(BILLING_JSONL, &b, rows, n, NULL), 0);
    for (p = buf_str(&b), line = 0; (nl = strchr(p, '\n')) != NULL;
         p = nl + 1, line++) {
        doc = json_loadb(p, (size_t)(nl - p), 0, &jerr);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_FATAL(line < n);
        ASSERT_STR(json_string_value(json_object_get(doc, "adjustment_id")),
                   ct->cell[line + 1][0]);
        item = json_object_get(doc, "amount_minor");
        CU_ASSERT(json_is_integer(item));
        CU_ASSERT_EQUAL(json_integer_value(item), want[line]);
        CU_ASSERT_EQUAL(json_object_size(doc), 13);
        json_decref(doc);
    }
    CU_ASSERT_EQUAL(*p, '\0');
    CU_ASSERT_EQUAL(line, billing_count(BILLING_JSONL, rows, n));

    /* Stripe: the money rows, negated, in Stripe's unit (KWD 1 fils, -0.001
     * KWD, rounds to 0 in Stripe's tens of fils and is not sent; the other
     * amounts need no rounding). */
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_STRIPE, &b, rows, n, NULL), 0);
    read_csv(&b, st);
    CU_ASSERT_EQUAL(st->nrec, billing_count(BILLING_STRIPE, rows, n) + 1);
    for (i = 0, k = 1; i < n; i++) {
        if (want[i] == 0 || strcmp(rows[i].remedy, "plan_extension") == 0 ||
            strcmp(rows[i].adjustment_id, "2026-10:sub-8:p:r3") == 0)
            continue;
        CU_ASSERT_FATAL(k < st->nrec);
        CU_ASSERT_EQUAL(st->nf[k], 7);
        ASSERT_STR(st->cell[k][5], "");
        ASSERT_STR(st->cell[k][4], ct->cell[i + 1][0]);
        ASSERT_STR(st->cell[k][6], ct->cell[i + 1][0]);
        CU_ASSERT_PTR_NULL(
            parse_i64(st->cell[k][1], INT64_MIN, INT64_MAX, &got));
        CU_ASSERT_EQUAL(-got, want[i]);
        k++;
    }
    CU_ASSERT_EQUAL(k, st->nrec);

    /* Kill Bill: one line per money row; a credit's amount is the number,
     * a take-back's the number on an external charge. */
    buf_reset(&b);
    CU_ASSERT_EQUAL(write_buf(BILLING_KILLBILL, &b, rows, n, NULL), 0);
    p = buf_str(&b);
    for (i = 0, k = 0; i < n; i++) {
        const char *cur, *path;
        json_t *body;
        char text[64];

        if (want[i] == 0 || strcmp(rows[i].remedy, "plan_extension") == 0)
            continue;
        nl = strchr(p, '\n');
        CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
        doc = json_loadb(p, (size_t)(nl - p), JSON_DECODE_INT_AS_REAL, &jerr);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        k++;
        ASSERT_STR(json_string_value(json_object_get(doc, "adjustment_id")),
                   ct->cell[i + 1][0]);
        path = json_string_value(json_object_get(doc, "path"));
        CU_ASSERT_PTR_NOT_NULL_FATAL(path);
        CU_ASSERT_EQUAL(strncmp(path,
                                want[i] > 0 ? "/1.0/kb/credits?"
                                            : "/1.0/kb/invoices/charges/",
                                want[i] > 0 ? 16 : 25),
                        0);
        body = json_array_get(json_object_get(doc, "body"), 0);
        cur = json_string_value(json_object_get(body, "currency"));
        CU_ASSERT_PTR_NOT_NULL_FATAL(cur);
        ASSERT_STR(cur, ct->cell[i + 1][7]);
        /* The number's own text, read back through the exponent. */
        {
            const char *q = strstr(p, "\"amount\":");
            size_t len;
            CU_ASSERT_PTR_NOT_NULL_FATAL(q);
            q += 9;
            len = strcspn(q, ",");
            CU_ASSERT_FATAL(len < sizeof text);
            memcpy(text, q, len);
            text[len] = '\0';
        }
        CU_ASSERT_PTR_NULL(money_parse(text, money_exponent(cur), &got));
        CU_ASSERT_EQUAL(want[i] > 0 ? got : -got, want[i]);
        json_decref(doc);
        p = nl + 1;
    }
    CU_ASSERT_EQUAL(*p, '\0');
    CU_ASSERT_EQUAL(k, billing_count(BILLING_KILLBILL, rows, n));

    buf_free(&b);
    buf_free(&csv);
    free(st);
    free(ct);
}

CU_TestInfo billing_tests[] = {
    {"billing_written_row_by_row_equals_whole",
     billing_written_row_by_row_equals_whole},
    {"billing_row_by_row_names_the_rows_line",
     billing_row_by_row_names_the_rows_line},
    {"billing_jsonl_writes_every_row_in_csv_column_order",
     billing_jsonl_writes_every_row_in_csv_column_order},
    {"billing_stripe_negates_money_rows_and_skips_extensions",
     billing_stripe_negates_money_rows_and_skips_extensions},
    {"billing_killbill_credits_and_takes_back_as_external_charge",
     billing_killbill_credits_and_takes_back_as_external_charge},
    {"billing_chargebee_splits_add_and_deduct",
     billing_chargebee_splits_add_and_deduct},
    {"billing_lago_grants_and_voids_credits",
     billing_lago_grants_and_voids_credits},
    {"billing_output_is_the_same_on_every_call",
     billing_output_is_the_same_on_every_call},
    {"billing_stripe_quotes_commas_and_quotes",
     billing_stripe_quotes_commas_and_quotes},
    {"billing_json_escapes_quotes_backslashes_and_controls",
     billing_json_escapes_quotes_backslashes_and_controls},
    {"billing_empty_input_gives_empty_documents",
     billing_empty_input_gives_empty_documents},
    {"billing_no_money_rows_gives_header_and_empty_array",
     billing_no_money_rows_gives_header_and_empty_array},
    {"billing_stripe_amount_rounds_to_stripe_units",
     billing_stripe_amount_rounds_to_stripe_units},
    {"billing_stripe_rounds_one_row_and_keeps_the_others",
     billing_stripe_rounds_one_row_and_keeps_the_others},
    {"billing_long_ids_get_a_hashed_key", billing_long_ids_get_a_hashed_key},
    {"billing_refuses_a_row_without_its_account",
     billing_refuses_a_row_without_its_account},
    {"billing_killbill_limits", billing_killbill_limits},
    {"billing_check_account_names_the_roster_line",
     billing_check_account_names_the_roster_line},
    {"billing_json_rejects_text_that_is_not_utf8",
     billing_json_rejects_text_that_is_not_utf8},
    {"billing_description_names_only_real_corrections",
     billing_description_names_only_real_corrections},
    {"billing_names_formats_and_files", billing_names_formats_and_files},
    {"billing_amounts_read_back_equal_credits_csv",
     billing_amounts_read_back_equal_credits_csv},
    CU_TEST_INFO_NULL,
};

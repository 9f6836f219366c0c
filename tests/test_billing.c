/* Unit tests for billing: each import format (credits.jsonl, Stripe balance
 * transactions, Kill Bill credits) for JPY, EUR and KWD rows with a plan
 * extension and a negative correction, quoting and escaping, the empty
 * cases, Stripe's own units for ISK and MGA, text JSON cannot carry, and a
 * round trip: the amounts read back from every format equal credits.csv's
 * amount_minor. Expected bytes are written out by hand. */
#include "billing.h"

#include <CUnit/CUnit.h>
#include <csv.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "report.h"
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A credits.csv row as text; stripe NULL means no stripe_customer column,
 * which report_credit_row() turns into the customer id. */
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
    {"2026-10:sub-2:per-day", "cust-eu", NULL, "sub-2", "per-day",
     "invoice_credit", 40, "EUR", 2, 0, "", "93.5483", 172800, "days=2/30"},
    {"2026-10:sub-3:per-day", "cust-eu", NULL, "sub-3", "per-day",
     "plan_extension", 0, "EUR", 2, 172800, "2026-12-03T00:00:00Z", "93.5483",
     172800, "days=2/30"},
    {"2026-10:sub-4:uptime-tiers", "cust-kw", "cus_KW4", "sub-4",
     "uptime-tiers", "wallet_credit", 1250, "KWD", 3, 0, "", "99.8522", 3956,
     "tier<99.9=10%"},
    {"2026-10:sub-5:per-day:r1", "cust-eu", NULL, "sub-5", "per-day",
     "invoice_credit", -10, "EUR", 2, 0, "", "96.7741", 86400, "days=1/30"},
};

static void fill(struct credit_row *r, const struct spec *s)
{
    memset(r, 0, sizeof *r);
    snprintf(r->adjustment_id, sizeof r->adjustment_id, "%s", s->id);
    snprintf(r->period, sizeof r->period, "%.7s", s->id);
    r->customer = s->customer;
    r->stripe_customer = s->stripe != NULL ? s->stripe : s->customer;
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

/* Writes format f for rows and checks the bytes, the return and the count. */
static void check_write(enum billing_format f, const struct credit_row *rows,
                        size_t n, const char *want, size_t want_count)
{
    struct buf b;
    struct err e = {0};

    buf_init(&b, 0);
    CU_ASSERT_EQUAL(billing_write(f, &b, rows, n, &e), 0);
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
    "idempotency_key\n";

/* The plan extension (sub-3) is left out; the correction that takes 0.10
 * EUR back becomes a positive balance transaction (a debit). */
static const char sample_stripe[] =
    "customer,amount,currency,description,metadata[adjustment_id],"
    "idempotency_key\n"
    "cus_JP1,-1200,jpy,SLA credit 2026-10 sub-1 (uptime-tiers): "
    "tier<99.0=25%,2026-10:sub-1:uptime-tiers,2026-10:sub-1:uptime-tiers\n"
    "cust-eu,-40,eur,SLA credit 2026-10 sub-2 (per-day): days=2/30,"
    "2026-10:sub-2:per-day,2026-10:sub-2:per-day\n"
    "cus_KW4,-1250,kwd,SLA credit 2026-10 sub-4 (uptime-tiers): "
    "tier<99.9=10%,2026-10:sub-4:uptime-tiers,2026-10:sub-4:uptime-tiers\n"
    "cust-eu,10,eur,SLA credit correction r1 2026-10 sub-5 (per-day): "
    "days=1/30,2026-10:sub-5:per-day:r1,2026-10:sub-5:per-day:r1\n";

/* 1200 JPY has no decimals, 40 cents is "0.40", 1250 fils "1.250". */
static const char sample_killbill[] =
    "[\n"
    "  {\n"
    "    \"accountId\": \"cust-jp\",\n"
    "    \"amount\": \"1200\",\n"
    "    \"currency\": \"JPY\",\n"
    "    \"description\": \"SLA credit 2026-10 sub-1 (uptime-tiers): "
    "tier<99.0=25%\",\n"
    "    \"itemDetails\": \"2026-10:sub-1:uptime-tiers\"\n"
    "  },\n"
    "  {\n"
    "    \"accountId\": \"cust-eu\",\n"
    "    \"amount\": \"0.40\",\n"
    "    \"currency\": \"EUR\",\n"
    "    \"description\": \"SLA credit 2026-10 sub-2 (per-day): days=2/30\",\n"
    "    \"itemDetails\": \"2026-10:sub-2:per-day\"\n"
    "  },\n"
    "  {\n"
    "    \"accountId\": \"cust-kw\",\n"
    "    \"amount\": \"1.250\",\n"
    "    \"currency\": \"KWD\",\n"
    "    \"description\": \"SLA credit 2026-10 sub-4 (uptime-tiers): "
    "tier<99.9=10%\",\n"
    "    \"itemDetails\": \"2026-10:sub-4:uptime-tiers\"\n"
    "  },\n"
    "  {\n"
    "    \"accountId\": \"cust-eu\",\n"
    "    \"amount\": \"-0.10\",\n"
    "    \"currency\": \"EUR\",\n"
    "    \"description\": \"SLA credit correction r1 2026-10 sub-5 (per-day): "
    "days=1/30\",\n"
    "    \"itemDetails\": \"2026-10:sub-5:per-day:r1\"\n"
    "  }\n"
    "]\n";

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

static void billing_killbill_writes_decimal_text_with_the_exponent(void)
{
    struct credit_row rows[N(sample)];

    fill_all(rows, sample, N(sample));
    check_write(BILLING_KILLBILL, rows, N(rows), sample_killbill, 4);
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
            billing_write((enum billing_format)f, &a, rows, N(rows), NULL), 0);
        CU_ASSERT_EQUAL(
            billing_write((enum billing_format)f, &b, rows, N(rows), NULL), 0);
        CU_ASSERT_EQUAL(a.len, b.len);
        CU_ASSERT(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
        /* LF line ends and a final newline (jsonl and Stripe end rows in
         * LF; Kill Bill's document too). */
        CU_ASSERT(a.len > 0 && a.p[a.len - 1] == '\n');
        CU_ASSERT_PTR_NULL(memchr(a.p, '\r', a.len));
        buf_free(&a);
        buf_free(&b);
    }
}

/* A comma or a quote in an id, a customer or the basis: RFC 4180 quoting,
 * quotes doubled. */
static void billing_stripe_quotes_commas_and_quotes(void)
{
    static const struct spec s[] = {
        {"2026-10:sub \"x\", y:p", "acme, inc.", NULL, "sub \"x\", y", "p",
         "invoice_credit", 250, "USD", 2, 0, "", "99.0000", 26784, "b,c"},
    };
    struct credit_row rows[1];

    fill_all(rows, s, 1);
    check_write(
        BILLING_STRIPE, rows, 1,
        "customer,amount,currency,description,metadata[adjustment_"
        "id],idempotency_key\n"
        "\"acme, inc.\",-250,usd,"
        "\"SLA credit 2026-10 sub \"\"x\"\", y (p): b,c\","
        "\"2026-10:sub \"\"x\"\", y:p\",\"2026-10:sub \"\"x\"\", y:p\"\n",
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
    check_write(BILLING_KILLBILL, rows, 1,
                "[\n"
                "  {\n"
                "    \"accountId\": \"K\xc3\xb8"
                "benhavn \\\"A/S\\\"\",\n"
                "    \"amount\": \"0.05\",\n"
                "    \"currency\": \"DKK\",\n"
                "    \"description\": \"SLA credit 2026-10 s\\\\1 (p): "
                "a\\tb\",\n"
                "    \"itemDetails\": \"2026-10:s\\\\1:p\"\n"
                "  }\n"
                "]\n",
                1);
}

static void billing_empty_input_gives_empty_documents(void)
{
    check_write(BILLING_JSONL, NULL, 0, "", 0);
    check_write(BILLING_STRIPE, NULL, 0, stripe_header, 0);
    check_write(BILLING_KILLBILL, NULL, 0, "[]\n", 0);
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
    check_write(BILLING_KILLBILL, rows, 2, "[]\n", 0);
    CU_ASSERT_EQUAL(billing_count(BILLING_JSONL, rows, 2), 2);
}

/* Stripe counts ISK in hundredths (500 kr = 50000) and MGA in whole ariary
 * (1200.00 MGA = 1200); Kill Bill keeps ISO 4217's decimals. */
static void billing_stripe_uses_stripe_units_for_isk_and_mga(void)
{
    static const struct spec s[] = {
        {"2026-10:is-1:p", "c-is", NULL, "is-1", "p", "invoice_credit", 500,
         "ISK", 0, 0, "", "99.0000", 26784, "tier<99.5=5%"},
        {"2026-10:mg-1:p", "c-mg", NULL, "mg-1", "p", "invoice_credit", 120000,
         "MGA", 2, 0, "", "99.0000", 26784, "tier<99.5=5%"},
    };
    struct credit_row rows[2];

    fill_all(rows, s, 2);
    check_write(BILLING_STRIPE, rows, 2,
                "customer,amount,currency,description,metadata[adjustment_"
                "id],idempotency_key\n"
                "c-is,-50000,isk,SLA credit 2026-10 is-1 (p): tier<99.5=5%,"
                "2026-10:is-1:p,2026-10:is-1:p\n"
                "c-mg,-1200,mga,SLA credit 2026-10 mg-1 (p): tier<99.5=5%,"
                "2026-10:mg-1:p,2026-10:mg-1:p\n",
                2);
    check_write(BILLING_KILLBILL, rows, 2,
                "[\n"
                "  {\n"
                "    \"accountId\": \"c-is\",\n"
                "    \"amount\": \"500\",\n"
                "    \"currency\": \"ISK\",\n"
                "    \"description\": \"SLA credit 2026-10 is-1 (p): "
                "tier<99.5=5%\",\n"
                "    \"itemDetails\": \"2026-10:is-1:p\"\n"
                "  },\n"
                "  {\n"
                "    \"accountId\": \"c-mg\",\n"
                "    \"amount\": \"1200.00\",\n"
                "    \"currency\": \"MGA\",\n"
                "    \"description\": \"SLA credit 2026-10 mg-1 (p): "
                "tier<99.5=5%\",\n"
                "    \"itemDetails\": \"2026-10:mg-1:p\"\n"
                "  }\n"
                "]\n",
                2);
}

/* 123.45 MGA has no exact value in whole ariary: an error, never a
 * rounding nobody asked for. */
static void billing_stripe_rejects_a_fraction_stripe_cannot_carry(void)
{
    static const struct spec s[] = {
        {"2026-10:mg-2:p", "c-mg", NULL, "mg-2", "p", "invoice_credit", 12345,
         "MGA", 2, 0, "", "99.0000", 26784, "tier<99.5=5%"},
    };
    struct credit_row rows[1];
    struct buf b;
    struct err e = {0};

    fill_all(rows, s, 1);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &b, rows, 1, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.msg, "stripe-balance-transactions.csv: 123.45 MGA has a "
                      "fraction Stripe cannot carry (Stripe counts MGA with "
                      "0 decimals; credits.csv line 2)");
    buf_free(&b);
}

/* jansson refuses text that is not UTF-8; the run must fail, not drop the
 * field. The Stripe CSV carries the bytes as they are. */
static void billing_json_rejects_text_that_is_not_utf8(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:p", "c1", NULL, "sub-1", "p", "invoice_credit", 100,
         "EUR", 2, 0, "", "99.0000", 26784, "x"},
        {"2026-10:sub-2:p", "caf\xe9", NULL, "sub-2", "p", "invoice_credit",
         100, "EUR", 2, 0, "", "99.0000", 26784, "x"},
    };
    struct credit_row rows[2];
    struct buf b;
    struct err e = {0};

    fill_all(rows, s, 2);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(billing_write(BILLING_JSONL, &b, rows, 2, &e), -1);
    CU_ASSERT_EQUAL(e.rc, RC_DATA);
    ASSERT_STR(e.msg, "credits.jsonl: customer_id is not valid UTF-8, which "
                      "JSON cannot carry (credits.csv line 3)");
    buf_reset(&b);
    memset(&e, 0, sizeof e);
    CU_ASSERT_EQUAL(billing_write(BILLING_KILLBILL, &b, rows, 2, &e), -1);
    ASSERT_STR(e.msg, "killbill-credits.json: customer_id is not valid "
                      "UTF-8, which JSON cannot carry (credits.csv line 3)");
    buf_reset(&b);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &b, rows, 2, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf_str(&b), "\ncaf\xe9,-100,eur,"));
    buf_free(&b);
}

/* A policy whose name merely ends like a revision is not a correction. */
static void billing_description_names_only_real_corrections(void)
{
    static const struct spec s[] = {
        {"2026-10:sub-1:x:r2", "c1", NULL, "sub-1", "x:r2", "invoice_credit", 7,
         "EUR", 2, 0, "", "99.0000", 26784, ""},
        {"2026-10:sub-1:x:r2:r12", "c1", NULL, "sub-1", "x:r2",
         "invoice_credit", 7, "EUR", 2, 0, "", "99.0000", 26784, ""},
    };
    struct credit_row rows[2];

    fill_all(rows, s, 2);
    check_write(BILLING_STRIPE, rows, 2,
                "customer,amount,currency,description,metadata[adjustment_"
                "id],idempotency_key\n"
                "c1,-7,eur,SLA credit 2026-10 sub-1 (x:r2),"
                "2026-10:sub-1:x:r2,2026-10:sub-1:x:r2\n"
                "c1,-7,eur,SLA credit correction r12 2026-10 sub-1 (x:r2),"
                "2026-10:sub-1:x:r2:r12,2026-10:sub-1:x:r2:r12\n",
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
        {BILLING_KILLBILL, "killbill", "killbill-credits.json"},
    };
    enum billing_format f = BILLING_NFORMATS;
    size_t k;

    for (k = 0; k < N(cases); k++) {
        ASSERT_STR(billing_format_name(cases[k].f), cases[k].name);
        ASSERT_STR(billing_file_name(cases[k].f), cases[k].file);
        CU_ASSERT_EQUAL(billing_format_lookup(cases[k].name, &f), 0);
        CU_ASSERT_EQUAL(f, cases[k].f);
    }
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
        {"2026-10:sub-7:p", "c7", NULL, "sub-7", "p", "invoice_credit",
         123456789, "USD", 2, 0, "", "95.0000", 133920, "x"},
        {"2026-10:sub-8:p:r3", "c8", NULL, "sub-8", "p", "invoice_credit", -1,
         "KWD", 3, 0, "", "95.0000", 133920, "x"},
        {"2026-10:sub-9:p:r1", "c9", NULL, "sub-9", "p", "invoice_credit", -7,
         "JPY", 0, 0, "", "95.0000", 133920, "x"},
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
    report_credits_header(&csv);
    for (i = 0; i < n; i++)
        report_credit(&csv, &rows[i]);
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
    CU_ASSERT_EQUAL(billing_write(BILLING_JSONL, &b, rows, n, NULL), 0);
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

    /* Stripe: the money rows, negated. */
    buf_reset(&b);
    CU_ASSERT_EQUAL(billing_write(BILLING_STRIPE, &b, rows, n, NULL), 0);
    read_csv(&b, st);
    CU_ASSERT_EQUAL(st->nrec, billing_count(BILLING_STRIPE, rows, n) + 1);
    for (i = 0, k = 1; i < n; i++) {
        if (want[i] == 0 || strcmp(rows[i].remedy, "plan_extension") == 0)
            continue;
        CU_ASSERT_FATAL(k < st->nrec);
        CU_ASSERT_EQUAL(st->nf[k], 6);
        ASSERT_STR(st->cell[k][4], ct->cell[i + 1][0]);
        ASSERT_STR(st->cell[k][5], ct->cell[i + 1][0]);
        CU_ASSERT_PTR_NULL(
            parse_i64(st->cell[k][1], INT64_MIN, INT64_MAX, &got));
        CU_ASSERT_EQUAL(-got, want[i]);
        k++;
    }
    CU_ASSERT_EQUAL(k, st->nrec);

    /* Kill Bill: the money rows, decimal text in the currency's exponent. */
    buf_reset(&b);
    CU_ASSERT_EQUAL(billing_write(BILLING_KILLBILL, &b, rows, n, NULL), 0);
    doc = json_loadb(b.p, b.len, 0, &jerr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT(json_is_array(doc));
    CU_ASSERT_EQUAL(json_array_size(doc),
                    billing_count(BILLING_KILLBILL, rows, n));
    for (i = 0, k = 0; i < n; i++) {
        const char *amount, *cur;

        if (want[i] == 0 || strcmp(rows[i].remedy, "plan_extension") == 0)
            continue;
        item = json_array_get(doc, k++);
        CU_ASSERT_PTR_NOT_NULL_FATAL(item);
        ASSERT_STR(json_string_value(json_object_get(item, "itemDetails")),
                   ct->cell[i + 1][0]);
        amount = json_string_value(json_object_get(item, "amount"));
        cur = json_string_value(json_object_get(item, "currency"));
        CU_ASSERT_PTR_NOT_NULL_FATAL(amount);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cur);
        ASSERT_STR(cur, ct->cell[i + 1][7]);
        CU_ASSERT_PTR_NULL(money_parse(amount, money_exponent(cur), &got));
        CU_ASSERT_EQUAL(got, want[i]);
    }
    CU_ASSERT_EQUAL(k, json_array_size(doc));
    json_decref(doc);

    buf_free(&b);
    buf_free(&csv);
    free(st);
    free(ct);
}

CU_TestInfo billing_tests[] = {
    {"billing_jsonl_writes_every_row_in_csv_column_order",
     billing_jsonl_writes_every_row_in_csv_column_order},
    {"billing_stripe_negates_money_rows_and_skips_extensions",
     billing_stripe_negates_money_rows_and_skips_extensions},
    {"billing_killbill_writes_decimal_text_with_the_exponent",
     billing_killbill_writes_decimal_text_with_the_exponent},
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
    {"billing_stripe_uses_stripe_units_for_isk_and_mga",
     billing_stripe_uses_stripe_units_for_isk_and_mga},
    {"billing_stripe_rejects_a_fraction_stripe_cannot_carry",
     billing_stripe_rejects_a_fraction_stripe_cannot_carry},
    {"billing_json_rejects_text_that_is_not_utf8",
     billing_json_rejects_text_that_is_not_utf8},
    {"billing_description_names_only_real_corrections",
     billing_description_names_only_real_corrections},
    {"billing_names_formats_and_files", billing_names_formats_and_files},
    {"billing_amounts_read_back_equal_credits_csv",
     billing_amounts_read_back_equal_credits_csv},
    CU_TEST_INFO_NULL,
};

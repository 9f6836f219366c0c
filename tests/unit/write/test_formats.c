/* Unit tests for formats: the table of output files. Every row is complete
 * (a billing row without its write or check function, or a file name, would
 * otherwise show only when a run asks for it), file names are unique, and
 * what config, outdir and run derive from it (the [output] formats names,
 * the files an output folder may hold) is what the README lists. Expected
 * values are written out by hand. */
#include "write/formats.h"

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

static void formats_every_row_is_complete(void)
{
    size_t i, j, nbilling = 0;

    CU_ASSERT_EQUAL(formats_count(),
                    (size_t)OUTPUT_NKINDS + (size_t)BILLING_NFORMATS);
    for (i = 0; i < formats_count(); i++) {
        const struct output_format *row = formats_at(i);

        CU_ASSERT_PTR_NOT_NULL_FATAL(row);
        CU_ASSERT_PTR_NOT_NULL_FATAL(row->file);
        CU_ASSERT(strlen(row->file) > 0);
        if (row->when == OUTPUT_NAMED) {
            nbilling++;
            CU_ASSERT_PTR_NOT_NULL(row->name);
            CU_ASSERT_PTR_NOT_NULL(row->write);
            CU_ASSERT_PTR_NOT_NULL(row->check);
        } else {
            CU_ASSERT_PTR_NULL(row->write);
            CU_ASSERT_PTR_NULL(row->check);
        }
        for (j = 0; j < i; j++)
            CU_ASSERT_NOT_EQUAL(strcmp(formats_at(j)->file, row->file), 0);
    }
    CU_ASSERT_EQUAL(nbilling, (size_t)BILLING_NFORMATS);
    CU_ASSERT_PTR_NULL(formats_at(formats_count()));
    for (i = 0; i < BILLING_NFORMATS; i++)
        CU_ASSERT_PTR_EQUAL(formats_billing((enum billing_format)i),
                            formats_at(OUTPUT_NKINDS + i));
    CU_ASSERT_PTR_NULL(formats_billing(BILLING_NFORMATS));
}

static void formats_names_the_files_run_writes(void)
{
    ASSERT_STR(formats_file(OUTPUT_CREDITS), "credits.csv");
    ASSERT_STR(formats_file(OUTPUT_DECISIONS), "decisions.csv");
    ASSERT_STR(formats_file(OUTPUT_WINDOWS), "windows.csv");
    ASSERT_STR(formats_file(OUTPUT_DISCREPANCIES), "discrepancies.csv");
    ASSERT_STR(formats_file(OUTPUT_MANIFEST), "manifest.json");
    ASSERT_STR(formats_file(OUTPUT_NKINDS), "?");
    CU_ASSERT_EQUAL(formats_at(OUTPUT_CREDITS)->when, OUTPUT_ALWAYS);
    CU_ASSERT_EQUAL(formats_at(OUTPUT_DISCREPANCIES)->when, OUTPUT_WITH_PAGES);
    CU_ASSERT_EQUAL(formats_at(OUTPUT_KILLBILL_CREDITS)->when, OUTPUT_EARLIER);
}

/* [output] formats: "chargebee" enables both of its files, "csv" none. */
static void formats_enable_sets_the_named_files(void)
{
    uint32_t set = 0;

    CU_ASSERT_EQUAL(formats_enable("chargebee", &set), 0);
    CU_ASSERT_EQUAL(set, (1u << BILLING_CHARGEBEE_ADD) |
                             (1u << BILLING_CHARGEBEE_DEDUCT));
    CU_ASSERT(formats_enabled(set, BILLING_CHARGEBEE_ADD));
    CU_ASSERT(formats_enabled(set, BILLING_CHARGEBEE_DEDUCT));
    CU_ASSERT(!formats_enabled(set, BILLING_STRIPE));
    CU_ASSERT(!formats_enabled(set, BILLING_NFORMATS));
    set = 0;
    CU_ASSERT_EQUAL(formats_enable("csv", &set), 0);
    CU_ASSERT_EQUAL(set, 0);
    CU_ASSERT_EQUAL(formats_enable("stripe", &set), 0);
    CU_ASSERT_EQUAL(formats_enable("lago", &set), 0);
    CU_ASSERT_EQUAL(set, (1u << BILLING_STRIPE) | (1u << BILLING_LAGO));
    CU_ASSERT_EQUAL(formats_enable("xml", &set), -1);
    CU_ASSERT_EQUAL(formats_enable("", &set), -1);
    CU_ASSERT_EQUAL(formats_enable("credits.csv", &set), -1);
    CU_ASSERT_EQUAL(set, (1u << BILLING_STRIPE) | (1u << BILLING_LAGO));
}

/* The names of today's formats, in table order, each once (a new format
 * adds its name before " or " moves to it). */
static void formats_names_lists_each_name_once(void)
{
    static const char want[] = "csv, html, jsonl, stripe, killbill, chargebee";
    char out[256], small[12];
    const char *last;

    formats_names(out, sizeof out);
    CU_ASSERT_EQUAL(strncmp(out, want, strlen(want)), 0);
    last = strstr(out, " or ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(last);
    CU_ASSERT_PTR_NULL(strstr(last + 1, " or "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "lago"));
    CU_ASSERT_PTR_NULL(strstr(out, "chargebee, chargebee"));
    formats_names(small, sizeof small);
    ASSERT_STR(small, "csv, html, ");
}

/* outdir replaces a folder that holds only these (and those of formats
 * added later). */
static void formats_known_files_are_every_row(void)
{
    static const char *const ours[] = {
        "credits.csv",
        "decisions.csv",
        "windows.csv",
        "discrepancies.csv",
        "manifest.json",
        "killbill-credits.json",
        "credits.jsonl",
        "stripe-balance-transactions.csv",
        "killbill-requests.jsonl",
        "chargebee-promotional-credits-add.csv",
        "chargebee-promotional-credits-deduct.csv",
        "lago-wallet-transactions.jsonl",
    };
    size_t i;

    for (i = 0; i < sizeof ours / sizeof ours[0]; i++)
        CU_ASSERT(formats_known_file(ours[i]));
    CU_ASSERT(!formats_known_file("notes.txt"));
    CU_ASSERT(!formats_known_file("credits.csv.bak"));
    CU_ASSERT(!formats_known_file(""));
}

CU_TestInfo formats_tests[] = {
    {"formats_every_row_is_complete", formats_every_row_is_complete},
    {"formats_names_the_files_run_writes", formats_names_the_files_run_writes},
    {"formats_enable_sets_the_named_files",
     formats_enable_sets_the_named_files},
    {"formats_names_lists_each_name_once", formats_names_lists_each_name_once},
    {"formats_known_files_are_every_row", formats_known_files_are_every_row},
    CU_TEST_INFO_NULL,
};

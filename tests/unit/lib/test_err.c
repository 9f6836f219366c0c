#include "lib/err.h"

#include <CUnit/CUnit.h>
#include <string.h>

#include "testutil.h"

/* A value quoted from an input may hold a newline or an escape sequence:
 * the message stays one line, each control byte written as \xHH. */
static void err_set_keeps_a_message_on_one_line(void)
{
    struct err e = {0};

    err_set(&e, RC_DATA, "r\ncsv", 2, "monthly_fee: not a decimal amount: %s",
            "12\nslacredit: fake line\x1b[31m");
    ASSERT_STR(e.file, "r\\x0Acsv");
    ASSERT_STR(e.msg, "monthly_fee: not a decimal amount: 12\\x0Aslacredit: "
                      "fake line\\x1B[31m");
    err_set(&e, RC_DATA, NULL, 0, "tab\there, DEL\x7f, space ok, \xc3\xa9 ok");
    ASSERT_STR(e.msg, "tab\\x09here, DEL\\x7F, space ok, \xc3\xa9 ok");
    e.file[0] = '\0';
    err_locate(&e, "a\rb", 3);
    ASSERT_STR(e.file, "a\\x0Db");
}

/* Bytes that would pass the buffer are dropped, never written past it. */
static void err_one_line_stops_at_the_buffer(void)
{
    char s[8];

    memcpy(s, "ab\ncd", 6);
    err_one_line(s, sizeof s);
    ASSERT_STR(s, "ab\\x0Ac"); /* 8 bytes written as 9: 7 kept */
    memcpy(s, "\n\n", 3);
    err_one_line(s, sizeof s);
    ASSERT_STR(s, "\\x0A\\x0");
    memcpy(s, "plain", 6);
    err_one_line(s, sizeof s);
    ASSERT_STR(s, "plain");
    memcpy(s, "\x1f \x20", 4);
    err_one_line(s, sizeof s);
    ASSERT_STR(s, "\\x1F  ");
}

CU_TestInfo err_tests[] = {
    {"err_set_keeps_a_message_on_one_line",
     err_set_keeps_a_message_on_one_line},
    {"err_one_line_stops_at_the_buffer", err_one_line_stops_at_the_buffer},
    CU_TEST_INFO_NULL,
};

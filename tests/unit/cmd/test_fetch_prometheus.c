/* Unit tests for the chunks of fetch_prometheus: every instant of the month
 * asked once, no query over Prometheus's 11,000 points per series. */
#include "cmd/fetch_prometheus.h"

#include <CUnit/CUnit.h>
#include <stdint.h>

static void chunks_at_the_limit(void)
{
    int64_t c[4][2];

    /* 11,000 instants 0..10999: one query, (end - start) / step = 10999. */
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(0, 11000, 1, c, 4), 1);
    CU_ASSERT_EQUAL(c[0][0], 0);
    CU_ASSERT_EQUAL(c[0][1], 10999);
    /* 11,001 instants: a second query for the last one. */
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(0, 11001, 1, c, 4), 2);
    CU_ASSERT_EQUAL(c[0][1], 10999);
    CU_ASSERT_EQUAL(c[1][0], 11000);
    CU_ASSERT_EQUAL(c[1][1], 11000);
    /* A step that does not divide the range: instants 0, 3, 6, 9. */
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(0, 10, 3, c, 4), 1);
    CU_ASSERT_EQUAL(c[0][0], 0);
    CU_ASSERT_EQUAL(c[0][1], 9);
    /* Nothing to ask. */
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(5, 5, 1, c, 4), 0);
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(0, 10, 0, c, 4), 0);
    /* cap only limits what is written. */
    CU_ASSERT_EQUAL(fetch_prometheus_chunks(0, 30000, 1, NULL, 0), 3);
}

static void a_month_at_one_minute(void)
{
    /* October 2026 (31 days) at 60 s: 44,640 instants = 4 × 11,000 + 640. */
    const int64_t m0 = 1790812800, m1 = m0 + 31 * 86400;
    int64_t c[8][2];
    size_t i, n = fetch_prometheus_chunks(m0, m1, 60, c, 8);

    CU_ASSERT_EQUAL_FATAL(n, 5);
    for (i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(c[i][0], m0 + (int64_t)i * 11000 * 60);
        CU_ASSERT_TRUE((c[i][1] - c[i][0]) / 60 <= 11000);
        if (i + 1 < n)
            CU_ASSERT_EQUAL(c[i + 1][0], c[i][1] + 60);
    }
    CU_ASSERT_EQUAL(c[3][1], m0 + 43999 * 60);
    CU_ASSERT_EQUAL(c[4][1], m0 + 44639 * 60);
    CU_ASSERT_TRUE(c[4][1] < m1);
}

CU_TestInfo fetch_prometheus_tests[] = {
    {"chunks_at_the_limit", chunks_at_the_limit},
    {"a_month_at_one_minute", a_month_at_one_minute},
    CU_TEST_INFO_NULL,
};

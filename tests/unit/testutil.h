/* testutil: small helpers shared by the unit tests. */
#ifndef SLACREDIT_TESTUTIL_H
#define SLACREDIT_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <string.h>

/* Asserts two C strings are equal, printing both when they differ. */
#define ASSERT_STR(got, want)                                                  \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (g_ == NULL || strcmp(g_, w_) != 0)                                 \
            fprintf(stderr, "\n  got  \"%s\"\n  want \"%s\"\n",                \
                    g_ ? g_ : "(null)", w_);                                   \
        CU_ASSERT_STRING_EQUAL(g_ ? g_ : "(null)", w_);                        \
    } while (0)

#endif

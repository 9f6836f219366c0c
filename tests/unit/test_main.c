/* The unit-test runner: every suite found by scripts/gen-suites.sh, run with
 * CUnit's basic interface. Exits 1 when any assertion failed, which
 * CU_basic_run_tests() alone does not report. */
#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "suites.h"

int main(void)
{
    unsigned failures;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    if (CU_register_suites(all_suites) != CUE_SUCCESS) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failures != 0 ? 1 : 0;
}

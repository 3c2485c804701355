/* tests/tui/test_probe_host.c: the probes module is refused, by file name and with both
 * versions, when its table has another interface version; then the right module loads.
 * Usage: test_tui_probe_host WRONG_ABI.so PROBES.so */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe_host.h"

static const char *wrong_path;
static const char *probes_path;

static void wrong_version_refused_then_right_one_loads(void **state)
{
    struct aod_err err;
    char want[8300];

    (void)state;
    aod_err_clear(&err);
    assert_int_equal(setenv("AOD_PROBES_MODULE", wrong_path, 1), 0);
    assert_null(aod_probe_host(&err));
    snprintf(want, sizeof want, "%s: probe API version %d, this program needs %d", wrong_path,
             AOD_PROBE_API_VERSION + 1, AOD_PROBE_API_VERSION);
    assert_string_equal(err.msg, want);

    /* a refused module is not remembered: the next call looks again */
    aod_err_clear(&err);
    assert_int_equal(setenv("AOD_PROBES_MODULE", probes_path, 1), 0);
    const struct aod_probe_api *api = aod_probe_host(&err);
    assert_non_null(api);
    assert_int_equal(api->version, AOD_PROBE_API_VERSION);
    assert_ptr_equal(aod_probe_host(&err), api);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrong_version_refused_then_right_one_loads),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: %s WRONG_ABI.so PROBES.so\n", argv[0]);
        return 2;
    }
    wrong_path = argv[1];
    probes_path = argv[2];
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tests/probes/test_http_loader.c: the probes module's loader of aovpn-doctor-http.so checks
 * the HTTP ABI version before it calls anything: another version, or none, is refused with the
 * file named. Usage: test_probe_http_loader WRONG_ABI.so HTTP.so PROBES.so */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tls_int.h"

static const char *wrong_path;
static const char *http_path;
static const char *probes_path;

static void wrong_version_refused(void **state)
{
    char why[8192];
    char want[8300];

    (void)state;
    assert_null(http_module_open(wrong_path, why, sizeof why));
    snprintf(want, sizeof want, "%s: HTTP module version %d, the probes module needs %d",
             wrong_path, AOD_HTTP_ABI_VERSION + 1, AOD_HTTP_ABI_VERSION);
    assert_string_equal(why, want);
}

static void no_version_refused(void **state)
{
    char why[8192];

    (void)state;
    assert_null(http_module_open(probes_path, why, sizeof why));
    assert_non_null(strstr(why, probes_path));
    assert_non_null(strstr(why, "no aod_http_abi_version"));
}

static void missing_file_refused(void **state)
{
    char why[8192];

    (void)state;
    assert_null(http_module_open("/nonexistent/aovpn-doctor-http.so", why, sizeof why));
    assert_non_null(strstr(why, "/nonexistent/aovpn-doctor-http.so"));
}

static void right_version_loads(void **state)
{
    char why[8192] = "";

    (void)state;
    assert_non_null(http_module_open(http_path, why, sizeof why));
    assert_string_equal(why, "");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrong_version_refused),
        cmocka_unit_test(no_version_refused),
        cmocka_unit_test(missing_file_refused),
        cmocka_unit_test(right_version_loads),
    };

    if (argc != 4) {
        fprintf(stderr, "usage: %s WRONG_ABI.so HTTP.so PROBES.so\n", argv[0]);
        return 2;
    }
    wrong_path = argv[1];
    http_path = argv[2];
    probes_path = argv[3];
    return cmocka_run_group_tests(tests, NULL, NULL);
}

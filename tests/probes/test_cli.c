/* tests/probes/test_cli.c: the probe subcommand's usage errors (exit 64) and --help (exit 0);
 * every case stops before any packet is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "probe_int.h"

static int run(int argc, const char **argv)
{
    return probe_cli(argc, (char **)argv);
}

#define RUN(...)                                                                                   \
    run((int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)),                       \
        (const char *[]){__VA_ARGS__})

static void help(void **state)
{
    (void)state;
    assert_int_equal(RUN("probe", "--help"), 0);
    assert_int_equal(RUN("probe", "tcp", "-h"), 0);
}

static void usage_errors(void **state)
{
    (void)state;
    assert_int_equal(RUN("probe"), 64);
    assert_int_equal(RUN("probe", "tcp"), 64);
    assert_int_equal(RUN("probe", "nope", "host"), 64);
    assert_int_equal(RUN("probe", "tcp", "127.0.0.1"), 64);    /* no port */
    assert_int_equal(RUN("probe", "tcp", "127.0.0.1:0"), 64);  /* bad port */
    assert_int_equal(RUN("probe", "tcp", "a:1", "extra"), 64); /* three words */
    assert_int_equal(RUN("probe", "tcp", "a:1", "--timeout"), 64);
    assert_int_equal(RUN("probe", "tcp", "a:1", "--timeout", "0"), 64);
    assert_int_equal(RUN("probe", "tcp", "a:1", "--timeout", "10x"), 64);
    assert_int_equal(RUN("probe", "tcp", "a:1", "--expect", "1.2.3.4"), 64); /* dns only */
    assert_int_equal(RUN("probe", "tcp", "a:1", "--bogus"), 64);
    assert_int_equal(RUN("probe", "dns", "h", "--expect"), 64);
    assert_int_equal(RUN("probe", "dns", "h", "--expect", "not-an-ip"), 64);
    assert_int_equal(RUN("probe", "ike", "h", "--port", "70000"), 64);
    assert_int_equal(RUN("probe", "https", "ftp://h/"), 64);
    assert_int_equal(RUN("probe", "", "x", "--natt"), 64); /* used to spin on the empty kind */
}

static void secret_never_from_argv(void **state)
{
    (void)state;
    assert_int_equal(RUN("probe", "radius", "127.0.0.1", "--secret", "s3cret"), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(secret_never_from_argv),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

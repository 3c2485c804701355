/* tests/tui/test_probe_cmd.c: the probe subcommand's usage errors (exit 64) and --help (exit 0)
 * through the probes module (AOD_PROBES_MODULE); every case stops before any packet is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "probe_cmd.h"

static int run(int argc, const char **argv)
{
    return aod_probe_cmd(argc, (char **)argv);
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

/* Runs the CLI with its stderr captured into `msg`. */
static int run_capture(char *msg, size_t cap, int argc, const char **argv)
{
    FILE *tmp = tmpfile();
    int saved, rc;
    size_t n;

    assert_non_null(tmp);
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
    rc = run(argc, argv);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    n = fread(msg, 1, cap - 1, tmp);
    msg[n] = '\0';
    fclose(tmp);
    return rc;
}

#define RUN_MSG(msg, ...)                                                                          \
    run_capture(msg, sizeof msg,                                                                   \
                (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)),               \
                (const char *[]){__VA_ARGS__})

/* A file option that names nothing readable stops as bad usage, naming the option and the path
 * (cleaned of control bytes), before any packet; a pipe is a fine secret file. */
static void file_options_checked(void **state)
{
    char msg[512];
    int fds[2];
    char pipe_path[64];

    (void)state;
    assert_int_equal(RUN_MSG(msg, "probe", "tls", "127.0.0.1:9", "--cacert", "/nonexistent/ca"),
                     64);
    assert_non_null(strstr(msg, "tls: --cacert /nonexistent/ca: No such file or directory"));
    assert_int_equal(RUN_MSG(msg, "probe", "https", "https://127.0.0.1:9/", "--cacert", "/"), 64);
    assert_non_null(strstr(msg, "https: --cacert /: not a file"));
    assert_int_equal(RUN_MSG(msg, "probe", "tls", "127.0.0.1:9", "--cacert", "/x\x1b[31m"), 64);
    assert_non_null(strstr(msg, "--cacert /x?[31m:"));
    assert_null(strchr(msg, 0x1b));
    assert_int_equal(RUN_MSG(msg, "probe", "radius", "127.0.0.1", "--secret-file", "/nonexistent"),
                     64);
    assert_non_null(strstr(msg, "radius: --secret-file /nonexistent: No such file or directory"));
    assert_int_equal(RUN_MSG(msg, "probe", "radius", "127.0.0.1", "--secret-file", "/"), 64);
    assert_non_null(strstr(msg, "radius: --secret-file /: not a file"));

    /* a pipe passes the check (and then the probe reads it within its deadline) */
    assert_int_equal(pipe(fds), 0);
    snprintf(pipe_path, sizeof pipe_path, "/dev/fd/%d", fds[0]);
    assert_int_equal(RUN_MSG(msg, "probe", "radius", "127.0.0.1", "--secret-file", pipe_path,
                             "--password-file", "/nonexistent"),
                     64);
    assert_null(strstr(msg, "--secret-file"));
    assert_non_null(strstr(msg, "radius: --password-file /nonexistent:"));
    close(fds[0]);
    close(fds[1]);
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
        cmocka_unit_test(file_options_checked),
        cmocka_unit_test(secret_never_from_argv),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tests/tui/test_export.c: the clipboard text, OSC 52 framing and base64 (tui/osc52.c), and the
 * .ps1 file that is written atomically and never overwrites (tui/ps1.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "osc52.h"
#include "ps1.h"

static void test_base64_rfc4648_vectors(void **state)
{
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const out[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    char buf[16];
    (void)state;
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(wz_base64((const unsigned char *)in[i], strlen(in[i]), buf, sizeof buf),
                         strlen(out[i]));
        assert_string_equal(buf, out[i]);
    }
    /* Too small a buffer: nothing written, 0 returned. */
    assert_int_equal(wz_base64((const unsigned char *)"foobar", 6, buf, 8), 0);
}

static void test_osc52_frames_base64_only(void **state)
{
    char *text = NULL;
    size_t len = 0;
    (void)state;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    /* A control sequence in the text cannot reach the terminal: it travels as base64. */
    assert_true(wz_osc52_copy(f, "a\033]0;x\a"));
    fclose(f);
    assert_string_equal(text, "\033]52;c;YRtdMDt4Bw==\a");
    free(text);
}

static const char *const run1[] = {"Set-Thing -Name 'a b'", "Restart-Service RemoteAccess"};
static const char *const ver1[] = {"Get-Thing"};
static const char *const run2[] = {"netsh ras show registeredserver"};

static struct aod_view make_view(struct aod_view_step *steps)
{
    struct aod_view v;
    memset(&v, 0, sizeof v);
    memset(steps, 0, 2 * sizeof *steps);
    steps[0].title = "Turn it on";
    steps[0].text = steps[0].risk = steps[0].caveat = steps[0].expect = "";
    steps[0].risk = "Restarts the service.";
    steps[0].run = (struct aod_view_cmds){AOD_SHELL_POWERSHELL, run1, 2, false, AOD_WHERE_RRAS};
    steps[0].verify = (struct aod_view_cmds){AOD_SHELL_POWERSHELL, ver1, 1, false, AOD_WHERE_RRAS};
    steps[1].title = "Check the registration";
    steps[1].text = steps[1].risk = steps[1].caveat = steps[1].expect = "";
    steps[1].run = (struct aod_view_cmds){AOD_SHELL_CMD, run2, 1, false, AOD_WHERE_RRAS};
    v.kind = AOD_NODE_CONCLUSION;
    v.flow_id = "demo";
    v.flow_title = "Demo";
    v.title = "It is off";
    v.steps = steps;
    v.n_steps = 2;
    return v;
}

static void test_commands_text(void **state)
{
    struct aod_view_step steps[2];
    struct aod_view v = make_view(steps);
    (void)state;
    assert_int_equal(wz_command_count(&v), 4);
    char *one = wz_commands_text(&v, 2, false);
    assert_string_equal(one, "Get-Thing");
    free(one);
    char *all = wz_commands_text(&v, SIZE_MAX, false);
    assert_string_equal(all, "Set-Thing -Name 'a b'\nRestart-Service RemoteAccess\nGet-Thing\n"
                             "netsh ras show registeredserver");
    free(all);
    /* The script keeps cmd commands, but as comments: they are not PowerShell. */
    char *ps1 = wz_commands_text(&v, SIZE_MAX, true);
    assert_non_null(strstr(ps1, "\nSet-Thing -Name 'a b'\n"));
    assert_non_null(strstr(ps1, "# Risk: Restarts the service.\n"));
    assert_non_null(strstr(ps1, "# (Command Prompt, not PowerShell) netsh ras show"));
    free(ps1);
}

/* Prose in the script is comments, every line of it: a risk of two lines must not turn its
 * second line into PowerShell that runs with the fix. */
static void test_script_prose_stays_comment(void **state)
{
    struct aod_view_step steps[2];
    struct aod_view v = make_view(steps);
    (void)state;
    steps[0].risk = "Restarts the service.\nRemove-Item -Recurse C:\\Data";
    char *ps1 = wz_commands_text(&v, SIZE_MAX, true);
    assert_non_null(ps1);
    assert_null(strstr(ps1, "\nRemove-Item"));
    assert_non_null(
        strstr(ps1, "# Risk: Restarts the service.\n# Remove-Item -Recurse C:\\Data\n"));
    free(ps1);
}

/* A reference step (a retired form such as MSOnline) is never counted, selected, copied or
 * written as a command: in the script each of its lines is a comment under the label. */
static void test_reference_step_never_runnable(void **state)
{
    struct aod_view_step steps[2];
    struct aod_view v = make_view(steps);
    (void)state;
    steps[0].is_reference = true;
    steps[0].verify.n_commands = 0;
    assert_int_equal(wz_command_count(&v), 1);
    char *one = wz_commands_text(&v, 0, false);
    assert_string_equal(one, "netsh ras show registeredserver");
    free(one);
    char *all = wz_commands_text(&v, SIZE_MAX, false);
    assert_string_equal(all, "netsh ras show registeredserver");
    free(all);
    char *ps1 = wz_commands_text(&v, SIZE_MAX, true);
    assert_non_null(ps1);
    assert_null(strstr(ps1, "\nSet-Thing"));
    assert_null(strstr(ps1, "\nRestart-Service"));
    assert_non_null(strstr(ps1, "# " AOD_REFERENCE_LABEL ":\n#     Set-Thing -Name 'a b'\n"
                                "#     Restart-Service RemoteAccess\n"));
    free(ps1);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char buf[4096];
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_write_ps1_never_overwrites(void **state)
{
    struct aod_view_step steps[2];
    struct aod_view v = make_view(steps);
    struct aod_err err;
    char dir[] = "/tmp/aod-ps1-XXXXXX";
    char p1[1024];
    char p2[1024];
    char want[1100];
    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_true(wz_write_ps1(&v, dir, p1, sizeof p1, &err));
    snprintf(want, sizeof want, "%s/aovpn-doctor-demo.ps1", dir);
    assert_string_equal(p1, want);
    /* A byte order mark for Windows PowerShell 5.1, then the script. */
    assert_memory_equal(slurp(p1), "\xEF\xBB\xBF# aovpn-doctor: Demo\n", 23);
    /* Someone edits the file; writing again picks a new name and leaves the edit alone. */
    FILE *f = fopen(p1, "w");
    fputs("edited", f);
    fclose(f);
    assert_true(wz_write_ps1(&v, dir, p2, sizeof p2, &err));
    snprintf(want, sizeof want, "%s/aovpn-doctor-demo-2.ps1", dir);
    assert_string_equal(p2, want);
    assert_string_equal(slurp(p1), "edited");
    /* The script names hosts and users: it is private whatever the umask. */
    struct stat sb;
    mode_t old_mask = umask(022);
    char p3[1024];
    assert_true(wz_write_ps1(&v, dir, p3, sizeof p3, &err));
    umask(old_mask);
    assert_int_equal(stat(p3, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0600);
    unlink(p3);
    /* No temporary file is left behind. */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 2", dir);
    assert_int_equal(system(cmd), 0);
    unlink(p1);
    unlink(p2);
    rmdir(dir);
    /* An unwritable folder is an error with a message, not a crash. */
    assert_false(wz_write_ps1(&v, "/nonexistent-aod-dir", p1, sizeof p1, &err));
    assert_int_equal(err.code, AOD_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_rfc4648_vectors),
        cmocka_unit_test(test_osc52_frames_base64_only),
        cmocka_unit_test(test_commands_text),
        cmocka_unit_test(test_script_prose_stays_comment),
        cmocka_unit_test(test_reference_step_never_runnable),
        cmocka_unit_test(test_write_ps1_never_overwrites),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

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
    assert_non_null(strstr(ps1, "\n    Set-Thing -Name 'a b'\n")); /* guarded: indented */
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

static const char *const adm[] = {"Connect-MgGraph", "Get-MgServicePrincipal -All"};
static const char *const adm_v[] = {"Get-MgServicePrincipal -All"};
static const char *const nps[] = {"Restart-Service IAS -PassThru"};
static const char *const nps_v[] = {"wevtutil qe AuthZAdminCh /c:5"};
static const char *const lnx[] = {"aovpn-doctor probe https https://login.microsoftonline.com/"};
static const char *const old[] = {"Connect-MsolService"};

/* The ESTS finding: Graph on an admin workstation, a risky restart on each NPS server, a legacy
 * MSOnline form, and a check from this Linux host. */
static struct aod_view ests_view(struct aod_view_step *steps)
{
    struct aod_view v;
    memset(&v, 0, sizeof v);
    memset(steps, 0, 4 * sizeof *steps);
    for (size_t i = 0; i < 4; i++)
        steps[i].title = steps[i].text = steps[i].risk = steps[i].caveat = steps[i].expect = "";
    steps[0].title = "Enable the apps";
    steps[0].run = (struct aod_view_cmds){AOD_SHELL_POWERSHELL, adm, 2, false, AOD_WHERE_ADMIN};
    steps[0].verify =
        (struct aod_view_cmds){AOD_SHELL_POWERSHELL, adm_v, 1, false, AOD_WHERE_ADMIN};
    steps[1].title = "Restart NPS";
    steps[1].risk = "Interrupts RADIUS for a few seconds.";
    steps[1].run = (struct aod_view_cmds){AOD_SHELL_POWERSHELL, nps, 1, false, AOD_WHERE_NPS};
    steps[1].verify = (struct aod_view_cmds){AOD_SHELL_CMD, nps_v, 1, false, AOD_WHERE_NPS};
    steps[2].title = "Legacy";
    steps[2].is_reference = true;
    steps[2].run = (struct aod_view_cmds){AOD_SHELL_POWERSHELL, old, 1, false, AOD_WHERE_ADMIN};
    steps[3].title = "Check from here";
    steps[3].verify = (struct aod_view_cmds){AOD_SHELL_BASH, lnx, 1, false, AOD_WHERE_LINUX};
    v.kind = AOD_NODE_CONCLUSION;
    v.flow_id = "ests";
    v.flow_title = "ESTS";
    v.title = "Apps disabled";
    v.steps = steps;
    v.n_steps = 4;
    return v;
}

/* Y and w take one place at a time: each command once, the legacy form never copied, bash
 * never in a .ps1, and the risky step behind a Read-Host that must be answered yes. */
static void test_commands_by_place(void **state)
{
    struct aod_view_step steps[4];
    struct aod_view v = ests_view(steps);
    enum aod_where pl[AOD_WHERE_COUNT];
    size_t n[AOD_WHERE_COUNT];
    (void)state;
    assert_int_equal(wz_places(&v, false, pl, n), 3);
    assert_int_equal(pl[0], AOD_WHERE_NPS);
    assert_int_equal(n[0], 2);
    assert_int_equal(pl[1], AOD_WHERE_ADMIN);
    assert_int_equal(n[1], 2);
    assert_int_equal(pl[2], AOD_WHERE_LINUX);
    assert_int_equal(wz_places(&v, true, pl, n), 2);
    char *admin = wz_place_text(&v, AOD_WHERE_ADMIN, false);
    assert_string_equal(admin, "Connect-MgGraph\nGet-MgServicePrincipal -All");
    free(admin);
    char *linux = wz_place_text(&v, AOD_WHERE_LINUX, false);
    assert_string_equal(linux, "aovpn-doctor probe https https://login.microsoftonline.com/");
    free(linux);
    assert_null(wz_place_text(&v, AOD_WHERE_LINUX, true));
    char *ps1 = wz_place_text(&v, AOD_WHERE_ADMIN, true);
    assert_non_null(strstr(ps1, "# Run on an admin workstation with Microsoft Graph\n"));
    assert_non_null(strstr(ps1, "#     Connect-MsolService\n"));
    /* The verify command is the step's own check: written once, and the comment says to run
     * it again rather than leaving an empty "Verify:". */
    assert_non_null(strstr(ps1, "# Verify: run the check commands above again.\n"));
    assert_null(strstr(ps1, "# Verify:\n\n"));
    assert_null(strstr(ps1, "\nConnect-MsolService"));
    assert_null(strstr(ps1, "Restart-Service"));
    assert_null(strstr(ps1, "aovpn-doctor probe"));
    free(ps1);
    ps1 = wz_place_text(&v, AOD_WHERE_NPS, true);
    assert_non_null(strstr(ps1, "# Risk: Interrupts RADIUS for a few seconds.\n"
                                "if ((Read-Host 'Step 2 has a risk (see above). Type yes to run "
                                "it') -eq 'yes') {\n    Restart-Service IAS -PassThru\n} else {\n"
                                "    Write-Host 'Step 2 skipped.'\n}\n"));
    assert_null(strstr(ps1, "Connect-MgGraph"));
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
    assert_true(wz_write_ps1(&v, AOD_WHERE_RRAS, dir, p1, sizeof p1, &err));
    snprintf(want, sizeof want, "%s/aovpn-doctor-demo-rras.ps1", dir);
    assert_string_equal(p1, want);
    /* A byte order mark for Windows PowerShell 5.1, then the script. */
    assert_memory_equal(slurp(p1), "\xEF\xBB\xBF# aovpn-doctor: Demo\n", 23);
    /* Linux commands never make a .ps1. */
    char px[1024];
    assert_false(wz_write_ps1(&v, AOD_WHERE_LINUX, dir, px, sizeof px, &err));
    /* Someone edits the file; writing again picks a new name and leaves the edit alone. */
    FILE *f = fopen(p1, "w");
    fputs("edited", f);
    fclose(f);
    assert_true(wz_write_ps1(&v, AOD_WHERE_RRAS, dir, p2, sizeof p2, &err));
    snprintf(want, sizeof want, "%s/aovpn-doctor-demo-rras-2.ps1", dir);
    assert_string_equal(p2, want);
    assert_string_equal(slurp(p1), "edited");
    /* The script names hosts and users: it is private whatever the umask. */
    struct stat sb;
    mode_t old_mask = umask(022);
    char p3[1024];
    assert_true(wz_write_ps1(&v, AOD_WHERE_RRAS, dir, p3, sizeof p3, &err));
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
    assert_false(wz_write_ps1(&v, AOD_WHERE_RRAS, "/nonexistent-aod-dir", p1, sizeof p1, &err));
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
        cmocka_unit_test(test_commands_by_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

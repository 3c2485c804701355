/* tests/unit/test_quote.c: aod_shell_quote (aod/session.h) with hostile values. A fact placed in
 * a command must stay one literal argument: these assert the exact bytes for each shell, and
 * that values which cannot be quoted safely are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aod/session.h"

/* UTF-8 of the quotes PowerShell treats as single quotes, and of the double ones. */
#define LSQUO  "\xE2\x80\x98" /* U+2018 */
#define RSQUO  "\xE2\x80\x99" /* U+2019 */
#define SBQUO  "\xE2\x80\x9A" /* U+201A */
#define HRSQUO "\xE2\x80\x9B" /* U+201B */
#define LDQUO  "\xE2\x80\x9C" /* U+201C */
#define RDQUO  "\xE2\x80\x9D" /* U+201D */

/* Quotes `value` into a roomy buffer and checks the exact result. */
static void quotes_as(enum aod_shell sh, const char *value, const char *want)
{
    char buf[256];

    memset(buf, 'x', sizeof buf);
    assert_true(aod_shell_quote(sh, value, buf, sizeof buf));
    assert_string_equal(buf, want);
}

/* Checks that `value` is refused and that the buffer holds nothing usable. */
static void refuses(enum aod_shell sh, const char *value)
{
    char buf[256];

    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(sh, value, buf, sizeof buf));
    assert_string_equal(buf, "");
}

static void null_value_refused(void **state)
{
    (void)state;
    refuses(AOD_SHELL_POWERSHELL, NULL);
    refuses(AOD_SHELL_BASH, NULL);
    refuses(AOD_SHELL_CMD, NULL);
    refuses(AOD_SHELL_REG, NULL);
}

static void zero_cap_refused(void **state)
{
    char buf[1] = {'x'};

    (void)state;
    assert_false(aod_shell_quote(AOD_SHELL_POWERSHELL, "a", buf, 0));
    assert_int_equal(buf[0], 'x'); /* cap 0: not a byte written */
}

static void empty_value_is_empty_literal(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, "", "''");
    quotes_as(AOD_SHELL_BASH, "", "''");
    quotes_as(AOD_SHELL_CMD, "", "\"\"");
    quotes_as(AOD_SHELL_REG, "", "\"\"");
}

static void small_buffer_refused(void **state)
{
    char buf[16];

    (void)state;
    /* "'ab'" needs 5 bytes with its NUL. */
    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(AOD_SHELL_POWERSHELL, "ab", buf, 4));
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_true(aod_shell_quote(AOD_SHELL_POWERSHELL, "ab", buf, 5));
    assert_string_equal(buf, "'ab'");
    /* Doubling is counted too: "'O''B'" needs 7. */
    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(AOD_SHELL_POWERSHELL, "O'B", buf, 6));
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(AOD_SHELL_BASH, "'", buf, 6)); /* "''\''''" is 6 + NUL */
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(AOD_SHELL_REG, "a\\b", buf, 6));
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_false(aod_shell_quote(AOD_SHELL_CMD, "abc", buf, 5));
    assert_string_equal(buf, "");
}

static void control_characters_refused(void **state)
{
    static const char *const bad[] = {
        "vpn\nRemove-Item x",
        "a\rb",
        "a\tb",
        "a\x1b[2Jb",
        "a\x7f",
        "a\xC2\x9B"
        "b",
        "a\xE2\x80\xAE"
        "b",         /* U+202E: shown order differs from pasted order */
        "a\xC0\xAF", /* invalid UTF-8 */
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        refuses(AOD_SHELL_POWERSHELL, bad[i]);
        refuses(AOD_SHELL_BASH, bad[i]);
        refuses(AOD_SHELL_CMD, bad[i]);
        refuses(AOD_SHELL_REG, bad[i]);
    }
}

static void powershell_plain(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, "vpn.contoso.com", "'vpn.contoso.com'");
}

static void powershell_apostrophe_doubled(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, "O'Brien", "'O''Brien'");
    quotes_as(AOD_SHELL_POWERSHELL, "'", "''''");
    quotes_as(AOD_SHELL_POWERSHELL, "x'; Remove-Item C:\\ -Recurse; '",
              "'x''; Remove-Item C:\\ -Recurse; '''");
}

static void powershell_metacharacters_literal(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, "a`b", "'a`b'");
    quotes_as(AOD_SHELL_POWERSHELL, "$(Remove-Item x)", "'$(Remove-Item x)'");
    quotes_as(AOD_SHELL_POWERSHELL, "$env:USERNAME", "'$env:USERNAME'");
    quotes_as(AOD_SHELL_POWERSHELL, "a; b | c & d", "'a; b | c & d'");
    quotes_as(AOD_SHELL_POWERSHELL, "say \"hi\"", "'say \"hi\"'");
}

static void powershell_unicode_single_quotes_doubled(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, "O" RSQUO "Brien", "'O" RSQUO RSQUO "Brien'");
    quotes_as(AOD_SHELL_POWERSHELL, LSQUO "x" RSQUO, "'" LSQUO LSQUO "x" RSQUO RSQUO "'");
    quotes_as(AOD_SHELL_POWERSHELL, SBQUO HRSQUO, "'" SBQUO SBQUO HRSQUO HRSQUO "'");
    /* The classic break-out with a typographic quote instead of ' */
    quotes_as(AOD_SHELL_POWERSHELL, RSQUO "; Remove-Item x; " RSQUO,
              "'" RSQUO RSQUO "; Remove-Item x; " RSQUO RSQUO "'");
}

static void powershell_unicode_double_quotes_left_alone(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_POWERSHELL, LDQUO "x" RDQUO, "'" LDQUO "x" RDQUO "'");
    /* Other characters from the same block as the quotes are not doubled either. */
    quotes_as(AOD_SHELL_POWERSHELL,
              "a\xE2\x80\x94"
              "b",
              "'a\xE2\x80\x94"
              "b'"); /* em dash */
}

static void bash_quotes(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_BASH, "vpn.contoso.com", "'vpn.contoso.com'");
    quotes_as(AOD_SHELL_BASH, "O'Brien", "'O'\\''Brien'");
    quotes_as(AOD_SHELL_BASH, "'", "''\\'''");
    quotes_as(AOD_SHELL_BASH, "$(rm -rf /) `id` \"x\" \\ ; & |",
              "'$(rm -rf /) `id` \"x\" \\ ; & |'");
    /* Typographic quotes mean nothing to bash. */
    quotes_as(AOD_SHELL_BASH, RSQUO, "'" RSQUO "'");
}

static void cmd_refuses_what_it_cannot_escape(void **state)
{
    (void)state;
    refuses(AOD_SHELL_CMD, "say \"hi\"");
    refuses(AOD_SHELL_CMD, "%PATH%");
    refuses(AOD_SHELL_CMD, "50%");
    refuses(AOD_SHELL_CMD, "!x!");
    refuses(AOD_SHELL_CMD, "a^b");
}

static void cmd_wraps_in_double_quotes(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_CMD, "vpn.contoso.com", "\"vpn.contoso.com\"");
    quotes_as(AOD_SHELL_CMD, "a & b | c > d", "\"a & b | c > d\"");
    quotes_as(AOD_SHELL_CMD, "O'Brien", "\"O'Brien\"");
    quotes_as(AOD_SHELL_CMD, "C:\\Program Files", "\"C:\\Program Files\"");
}

static void registry_escapes_backslash_and_quote(void **state)
{
    (void)state;
    quotes_as(AOD_SHELL_REG, "vpn.contoso.com", "\"vpn.contoso.com\"");
    quotes_as(AOD_SHELL_REG, "C:\\Temp\\x", "\"C:\\\\Temp\\\\x\"");
    quotes_as(AOD_SHELL_REG, "say \"hi\"", "\"say \\\"hi\\\"\"");
    quotes_as(AOD_SHELL_REG, "\\\"", "\"\\\\\\\"\"");
    quotes_as(AOD_SHELL_REG, "50% O'Brien", "\"50% O'Brien\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_value_refused),
        cmocka_unit_test(zero_cap_refused),
        cmocka_unit_test(empty_value_is_empty_literal),
        cmocka_unit_test(small_buffer_refused),
        cmocka_unit_test(control_characters_refused),
        cmocka_unit_test(powershell_plain),
        cmocka_unit_test(powershell_apostrophe_doubled),
        cmocka_unit_test(powershell_metacharacters_literal),
        cmocka_unit_test(powershell_unicode_single_quotes_doubled),
        cmocka_unit_test(powershell_unicode_double_quotes_left_alone),
        cmocka_unit_test(bash_quotes),
        cmocka_unit_test(cmd_refuses_what_it_cannot_escape),
        cmocka_unit_test(cmd_wraps_in_double_quotes),
        cmocka_unit_test(registry_escapes_backslash_and_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

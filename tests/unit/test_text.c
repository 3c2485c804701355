/* tests/unit/test_text.c: UTF-8 decoding and validation, control-character scrubbing and the
 * "is this safe to show" check (aod/text.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aod/text.h"

/* Decodes the whole of `s` as one sequence; returns its length (0: refused). */
static size_t decode(const char *s, size_t len, unsigned long *cp)
{
    *cp = 0xFFFFFFFFul;
    return aod_utf8_decode(s, len, cp);
}

static void decode_empty(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("", 0, &cp), 0);
    assert_int_equal(cp, 0xFFFFFFFFul);
}

static void decode_good_sequences(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("A", 1, &cp), 1);
    assert_int_equal(cp, 0x41);
    assert_int_equal(decode("\xC3\xA9", 2, &cp), 2); /* é */
    assert_int_equal(cp, 0xE9);
    assert_int_equal(decode("\xE2\x80\x99", 3, &cp), 3); /* U+2019 */
    assert_int_equal(cp, 0x2019);
    assert_int_equal(decode("\xF0\x9F\x94\x92", 4, &cp), 4); /* U+1F512 */
    assert_int_equal(cp, 0x1F512);
    assert_int_equal(decode("\xF4\x8F\xBF\xBF", 4, &cp), 4); /* U+10FFFF, the last */
    assert_int_equal(cp, 0x10FFFF);
    /* Only the first sequence is decoded. */
    assert_int_equal(decode("\xC3\xA9xyz", 5, &cp), 2);
    assert_int_equal(cp, 0xE9);
}

static void decode_null_cp(void **state)
{
    (void)state;
    assert_int_equal(aod_utf8_decode("\xE2\x80\x99", 3, NULL), 3);
}

static void decode_refuses_overlongs(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("\xC0\xAF", 2, &cp), 0); /* '/' in two bytes */
    assert_int_equal(decode("\xC1\xBF", 2, &cp), 0);
    assert_int_equal(decode("\xC0\x80", 2, &cp), 0);         /* NUL in two bytes */
    assert_int_equal(decode("\xE0\x80\xAF", 3, &cp), 0);     /* '/' in three */
    assert_int_equal(decode("\xE0\x9F\xBF", 3, &cp), 0);     /* U+07FF in three */
    assert_int_equal(decode("\xF0\x80\x80\xAF", 4, &cp), 0); /* '/' in four */
    assert_int_equal(decode("\xF0\x8F\xBF\xBF", 4, &cp), 0); /* U+FFFF in four */
    assert_int_equal(cp, 0xFFFFFFFFul);
}

static void decode_refuses_surrogates(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("\xED\xA0\x80", 3, &cp), 0); /* U+D800 */
    assert_int_equal(decode("\xED\xBF\xBF", 3, &cp), 0); /* U+DFFF */
    assert_int_equal(decode("\xED\x9F\xBF", 3, &cp), 3); /* U+D7FF is fine */
    assert_int_equal(cp, 0xD7FF);
}

static void decode_refuses_past_max(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("\xF4\x90\x80\x80", 4, &cp), 0); /* U+110000 */
    assert_int_equal(decode("\xF5\x80\x80\x80", 4, &cp), 0);
    assert_int_equal(decode("\xF8\x88\x80\x80\x80", 5, &cp), 0);
    assert_int_equal(decode("\xFF", 1, &cp), 0);
    assert_int_equal(decode("\xFE", 1, &cp), 0);
}

static void decode_refuses_truncated(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("\xC3", 1, &cp), 0);
    assert_int_equal(decode("\xE2\x80", 2, &cp), 0);
    assert_int_equal(decode("\xF0\x9F\x94", 3, &cp), 0);
    /* The bytes are there, but `len` stops short of them. */
    assert_int_equal(decode("\xE2\x80\x99", 2, &cp), 0);
    /* A lead byte followed by something that is not a continuation byte. */
    assert_int_equal(decode("\xE2\x80"
                            "A",
                            3, &cp),
                     0);
    assert_int_equal(decode("\xC3"
                            "A",
                            2, &cp),
                     0);
}

static void decode_refuses_lone_continuation(void **state)
{
    unsigned long cp = 0;

    (void)state;
    assert_int_equal(decode("\x80", 1, &cp), 0);
    assert_int_equal(decode("\xBF", 1, &cp), 0);
}

static void valid_empty(void **state)
{
    (void)state;
    assert_true(aod_utf8_valid("", 0));
    assert_true(aod_utf8_valid(NULL, 0));
}

static void valid_whole_strings(void **state)
{
    static const char good[] = "caf\xC3\xA9 \xE2\x80\x98x\xE2\x80\x99 \xF0\x9F\x94\x92";
    static const char nul_inside[] = "a\0b";

    (void)state;
    assert_true(aod_utf8_valid(good, sizeof good - 1));
    assert_true(aod_utf8_valid(nul_inside, 3));
    assert_false(aod_utf8_valid("ab\xC0\xAF", 4));
    assert_false(aod_utf8_valid("ab\xED\xA0\x80", 5));
    assert_false(aod_utf8_valid("ab\xF4\x90\x80\x80", 6));
    assert_false(aod_utf8_valid(good, sizeof good - 2)); /* cuts the last sequence */
    assert_false(aod_utf8_valid("\x80"
                                "abc",
                                4));
}

static void is_control_classes(void **state)
{
    (void)state;
    assert_true(aod_is_control(0x00));
    assert_true(aod_is_control(0x1B));
    assert_true(aod_is_control('\n'));
    assert_true(aod_is_control(0x7F));
    assert_true(aod_is_control(0x80));
    assert_true(aod_is_control(0x9B));
    assert_true(aod_is_control(0x9F));
    assert_true(aod_is_control(0x202A));
    assert_true(aod_is_control(0x202E));
    assert_true(aod_is_control(0x2066));
    assert_true(aod_is_control(0x2069));
    assert_true(aod_is_control(0x2028));
    assert_true(aod_is_control(0x2029));
    assert_false(aod_is_control(' '));
    assert_false(aod_is_control('~'));
    assert_false(aod_is_control(0xA0));
    assert_false(aod_is_control(0xE9));
    assert_false(aod_is_control(0x2019));
    assert_false(aod_is_control(0x2065));
    assert_false(aod_is_control(0x1F512));
}

static void sanitize_cap_zero(void **state)
{
    (void)state;
    /* Nothing is written; the return value still says how much is needed. */
    assert_int_equal(aod_text_sanitize(NULL, 0, "abc", false), 3);
}

static void sanitize_empty(void **state)
{
    char out[4] = "xyz";

    (void)state;
    assert_int_equal(aod_text_sanitize(out, sizeof out, "", false), 0);
    assert_string_equal(out, "");
}

static void sanitize_cap_one(void **state)
{
    char out[4] = "xyz";

    (void)state;
    assert_int_equal(aod_text_sanitize(out, 1, "abc", false), 3);
    assert_string_equal(out, "");
}

static void sanitize_plain_text_unchanged(void **state)
{
    static const char s[] = "vpn.contoso.com \xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9";
    char out[64];

    (void)state;
    assert_int_equal(aod_text_sanitize(out, sizeof out, s, false), sizeof s - 1);
    assert_string_equal(out, s);
}

static void sanitize_escape_sequences(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(aod_text_sanitize(out, sizeof out, "a\x1b[2Jb", false), 6);
    assert_string_equal(out, "a?[2Jb");
    /* C1 CSI (U+009B, two bytes in UTF-8) becomes a single '?'. */
    assert_int_equal(aod_text_sanitize(out, sizeof out,
                                       "a\xC2\x9B"
                                       "31mb",
                                       false),
                     6);
    assert_string_equal(out, "a?31mb");
    assert_int_equal(aod_text_sanitize(out, sizeof out, "del\x7f", false), 4);
    assert_string_equal(out, "del?");
    assert_int_equal(aod_text_sanitize(out, sizeof out, "cr\rbell\a", false), 8);
    assert_string_equal(out, "cr?bell?");
}

static void sanitize_bidi_override(void **state)
{
    char out[64];

    (void)state;
    /* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+2028 LINE SEPARATOR */
    assert_int_equal(
        aod_text_sanitize(out, sizeof out, "x\xE2\x80\xAEy\xE2\x81\xA6z\xE2\x80\xA8", false), 6);
    assert_string_equal(out, "x?y?z?");
}

static void sanitize_tab_becomes_space(void **state)
{
    char out[16];

    (void)state;
    assert_int_equal(aod_text_sanitize(out, sizeof out, "a\tb", false), 3);
    assert_string_equal(out, "a b");
    assert_int_equal(aod_text_sanitize(out, sizeof out, "a\tb", true), 3);
    assert_string_equal(out, "a b");
}

static void sanitize_newline_only_when_asked(void **state)
{
    char out[16];

    (void)state;
    assert_int_equal(aod_text_sanitize(out, sizeof out, "a\nb\r\n", false), 5);
    assert_string_equal(out, "a?b??");
    assert_int_equal(aod_text_sanitize(out, sizeof out, "a\nb\r\n", true), 5);
    assert_string_equal(out, "a\nb?\n");
}

static void sanitize_malformed_bytes(void **state)
{
    char out[32];

    (void)state;
    /* Each bad byte becomes one '?': a stray continuation, an overlong pair, a surrogate. */
    assert_int_equal(aod_text_sanitize(out, sizeof out,
                                       "a\x80"
                                       "b\xC0\xAF"
                                       "c\xED\xA0\x80",
                                       false),
                     9);
    assert_string_equal(out, "a?b??c???");
    /* A sequence cut by the end of the string. */
    assert_int_equal(aod_text_sanitize(out, sizeof out, "ok\xE2\x80", false), 4);
    assert_string_equal(out, "ok??");
}

static void sanitize_truncation_keeps_whole_sequences(void **state)
{
    /* "ab" then U+2019 (3 bytes) then "c": 6 bytes. */
    static const char s[] = "ab\xE2\x80\x99"
                            "c";
    char out[8];

    (void)state;
    /* Room for 4 bytes + NUL: the quote does not fit whole, so it is left out entirely, and
     * "c", which would fit, is not written after the gap either. */
    memset(out, 'x', sizeof out);
    assert_int_equal(aod_text_sanitize(out, 5, s, false), 6);
    assert_string_equal(out, "ab");
    memset(out, 'x', sizeof out);
    assert_int_equal(aod_text_sanitize(out, 6, s, false), 6);
    assert_string_equal(out, "ab\xE2\x80\x99");
    memset(out, 'x', sizeof out);
    assert_int_equal(aod_text_sanitize(out, 7, s, false), 6);
    assert_string_equal(out, s);
    /* Exactly one byte short: the last character is dropped, not cut. */
    memset(out, 'x', sizeof out);
    assert_int_equal(aod_text_sanitize(out, 3, s, false), 6);
    assert_string_equal(out, "ab");
    assert_int_equal(out[3], 'x');
}

static void sanitize_return_counts_replacements(void **state)
{
    char out[2];

    (void)state;
    /* ESC (1 byte) -> '?', U+009B (2 bytes) -> '?', U+202E (3 bytes) -> '?': 3 needed. */
    assert_int_equal(aod_text_sanitize(out, sizeof out, "\x1b\xC2\x9B\xE2\x80\xAE", false), 3);
    assert_string_equal(out, "?");
}

static void clean_empty(void **state)
{
    (void)state;
    assert_true(aod_text_is_clean("", false));
    assert_true(aod_text_is_clean("", true));
}

static void clean_plain_text(void **state)
{
    (void)state;
    assert_true(aod_text_is_clean("Get-VpnConnection -Name 'AOVPN' \xE2\x80\x99", false));
}

static void clean_refuses_controls(void **state)
{
    (void)state;
    assert_false(aod_text_is_clean("a\x1b[2J", false));
    assert_false(aod_text_is_clean("a\tb", false));
    assert_false(aod_text_is_clean("a\x7f", false));
    assert_false(aod_text_is_clean("a\xC2\x9B", false));
    assert_false(aod_text_is_clean("a\xE2\x80\xAE"
                                   "b",
                                   true));
    assert_false(aod_text_is_clean("a\r\n", true));
}

static void clean_newline_only_when_allowed(void **state)
{
    (void)state;
    assert_false(aod_text_is_clean("a\nb", false));
    assert_true(aod_text_is_clean("a\nb", true));
}

static void clean_refuses_invalid_utf8(void **state)
{
    (void)state;
    assert_false(aod_text_is_clean("a\xC0\xAF", false));
    assert_false(aod_text_is_clean("a\xED\xA0\x80", true));
    assert_false(aod_text_is_clean("a\xE2\x80", true));
    assert_false(aod_text_is_clean("\xFF", true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_empty),
        cmocka_unit_test(decode_good_sequences),
        cmocka_unit_test(decode_null_cp),
        cmocka_unit_test(decode_refuses_overlongs),
        cmocka_unit_test(decode_refuses_surrogates),
        cmocka_unit_test(decode_refuses_past_max),
        cmocka_unit_test(decode_refuses_truncated),
        cmocka_unit_test(decode_refuses_lone_continuation),
        cmocka_unit_test(valid_empty),
        cmocka_unit_test(valid_whole_strings),
        cmocka_unit_test(is_control_classes),
        cmocka_unit_test(sanitize_cap_zero),
        cmocka_unit_test(sanitize_empty),
        cmocka_unit_test(sanitize_cap_one),
        cmocka_unit_test(sanitize_plain_text_unchanged),
        cmocka_unit_test(sanitize_escape_sequences),
        cmocka_unit_test(sanitize_bidi_override),
        cmocka_unit_test(sanitize_tab_becomes_space),
        cmocka_unit_test(sanitize_newline_only_when_asked),
        cmocka_unit_test(sanitize_malformed_bytes),
        cmocka_unit_test(sanitize_truncation_keeps_whole_sequences),
        cmocka_unit_test(sanitize_return_counts_replacements),
        cmocka_unit_test(clean_empty),
        cmocka_unit_test(clean_plain_text),
        cmocka_unit_test(clean_refuses_controls),
        cmocka_unit_test(clean_newline_only_when_allowed),
        cmocka_unit_test(clean_refuses_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

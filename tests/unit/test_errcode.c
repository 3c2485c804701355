/* tests/unit/test_errcode.c: error codes in every pasted form, their canonical text, and the
 * matching of typed answers against routing words and codes (aod/errcode.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aod/errcode.h"

#define SENTINEL 0xDEADBEEFu

/* Parses `s` and returns the code, failing the test when it is refused. */
static uint32_t parsed(const char *s)
{
    uint32_t v = SENTINEL;
    assert_true(aod_errcode_parse(s, &v));
    return v;
}

/* Asserts that `s` is refused and that *out is left alone. */
static void refused(const char *s)
{
    uint32_t v = SENTINEL;
    assert_false(aod_errcode_parse(s, &v));
    assert_int_equal(v, SENTINEL);
}

static void parse_null(void **state)
{
    uint32_t v = SENTINEL;

    (void)state;
    assert_false(aod_errcode_parse(NULL, &v));
    assert_int_equal(v, SENTINEL);
    assert_false(aod_errcode_parse("809", NULL));
}

static void parse_refuses_empty_and_blank(void **state)
{
    (void)state;
    refused("");
    refused("   ");
    refused("\t");
}

static void parse_refuses_junk(void **state)
{
    (void)state;
    refused("abc");
    refused("8O9"); /* letter O, not zero */
    refused("809abc");
    refused("80 9");
    refused("0x");
    refused("0xG1");
    refused("-");
    refused("--809");
    refused("0x-1");
}

static void parse_refuses_minus_zero_and_negative_hex(void **state)
{
    (void)state;
    refused("-0");
    refused("-0x1");
    refused("-0x80092013");
}

static void parse_refuses_out_of_range(void **state)
{
    (void)state;
    refused("99999999999");
    refused("4294967296"); /* 2^32 */
    refused("0x1FFFFFFFF");
    refused("0x100000000");
    refused("-2147483649"); /* below INT32_MIN */
    refused("123456789012345678901234567890123456789");
}

static void parse_decimal(void **state)
{
    (void)state;
    assert_int_equal(parsed("809"), 809);
    assert_int_equal(parsed("0"), 0);
    assert_int_equal(parsed("13801"), 13801);
    assert_int_equal(parsed("4294967295"), 0xFFFFFFFFu);
}

static void parse_signed_hresult(void **state)
{
    (void)state;
    assert_int_equal(parsed("-2146885613"), 0x80092013u);
    assert_int_equal(parsed("-2147483648"), 0x80000000u);
    assert_int_equal(parsed("-1"), 0xFFFFFFFFu);
}

static void parse_hex_either_case(void **state)
{
    (void)state;
    assert_int_equal(parsed("0x80092013"), 0x80092013u);
    assert_int_equal(parsed("0X80092013"), 0x80092013u);
    assert_int_equal(parsed("0x329"), 809);
    assert_int_equal(parsed("0xffffffff"), 0xFFFFFFFFu);
}

static void parse_trims_blanks(void **state)
{
    (void)state;
    assert_int_equal(parsed("  809 "), 809);
    assert_int_equal(parsed("\t0x80092013\t"), 0x80092013u);
}

static void format_small_code_is_decimal(void **state)
{
    char buf[16];

    (void)state;
    aod_errcode_format(809, buf, sizeof buf);
    assert_string_equal(buf, "809");
    aod_errcode_format(0, buf, sizeof buf);
    assert_string_equal(buf, "0");
    aod_errcode_format(0x7FFFFFFFu, buf, sizeof buf);
    assert_string_equal(buf, "2147483647");
}

/* "80092013" is the HRESULT 0x80092013 copied without its 0x (as the front door reads it too),
 * so the decimal 80092013 is written in hex to read back as itself. */
static void bare_hresult_is_hex(void **state)
{
    char buf[16];

    (void)state;
    assert_int_equal(parsed("80092013"), 0x80092013u);
    assert_int_equal(parsed(" 800B0109 "), 0x800B0109u);
    assert_int_equal(parsed("800b0109"), 0x800B0109u);
    assert_int_equal(parsed("79999999"), 79999999u);
    assert_int_equal(parsed("800920130"), 800920130u);
    assert_int_equal(parsed("-80092013"), 0x100000000ULL - 80092013u);
    aod_errcode_format(80092013u, buf, sizeof buf);
    assert_string_equal(buf, "0x04C61B6D");
    aod_errcode_format(99999999u, buf, sizeof buf);
    assert_string_equal(buf, "0x05F5E0FF");
    aod_errcode_format(100000000u, buf, sizeof buf);
    assert_string_equal(buf, "100000000");
}

static void format_hresult_is_hex(void **state)
{
    char buf[16];

    (void)state;
    aod_errcode_format(0x80092013u, buf, sizeof buf);
    assert_string_equal(buf, "0x80092013");
    aod_errcode_format(0x80000000u, buf, sizeof buf);
    assert_string_equal(buf, "0x80000000");
    aod_errcode_format(0xFFFFFFFFu, buf, sizeof buf);
    assert_string_equal(buf, "0xFFFFFFFF");
}

static void format_truncates_safely(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'x', sizeof buf);
    aod_errcode_format(0x80092013u, buf, 5);
    assert_string_equal(buf, "0x80");
    assert_int_equal(buf[5], 'x');
}

static void format_parse_round_trip(void **state)
{
    static const uint32_t codes[] = {0,         1,           809,         13801,       80000000u,
                                     99999999u, 0x7FFFFFFFu, 0x80000000u, 0x80092013u, 0xFFFFFFFFu};
    char buf[16];

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        aod_errcode_format(codes[i], buf, sizeof buf);
        assert_int_equal(parsed(buf), codes[i]);
    }
}

static void match_degenerate(void **state)
{
    (void)state;
    assert_false(aod_answer_matches(NULL, "809"));
    assert_false(aod_answer_matches("809", NULL));
    assert_false(aod_answer_matches("809", ""));
    assert_false(aod_answer_matches("", "809"));
    assert_false(aod_answer_matches("", "tunnel"));
}

static void match_code_any_form(void **state)
{
    (void)state;
    assert_true(aod_answer_matches("809", "809"));
    assert_true(aod_answer_matches("0x329", "809"));
    assert_true(aod_answer_matches("0X329", "809"));
    assert_true(aod_answer_matches("809", "0x329"));
    assert_true(aod_answer_matches("-2146885613", "0x80092013"));
    assert_true(aod_answer_matches("0x80092013", "-2146885613"));
}

static void match_code_any_token(void **state)
{
    (void)state;
    assert_true(aod_answer_matches("error 0x329", "809"));
    assert_true(aod_answer_matches("The error code returned on failure is 809.", "809"));
    assert_true(aod_answer_matches("code:-2146885613, see log", "0x80092013"));
    assert_true(aod_answer_matches("events 20227 and 809", "809"));
}

static void match_code_whole_token_only(void **state)
{
    (void)state;
    assert_false(aod_answer_matches("20227", "2022"));
    assert_false(aod_answer_matches("event 20227", "2022"));
    assert_false(aod_answer_matches("8090", "809"));
    assert_false(aod_answer_matches("1809", "809"));
    assert_false(aod_answer_matches("error809", "809"));
    assert_false(aod_answer_matches("0x3290", "809"));
    assert_false(aod_answer_matches("no code here", "809"));
}

static void match_word_ignores_case(void **state)
{
    (void)state;
    assert_true(aod_answer_matches("AzureMfa ESTS_TOKEN_ERROR event", "ests_token_error"));
    assert_true(aod_answer_matches("the Tunnel is down", "tunnel"));
    assert_true(aod_answer_matches("TUNNEL", "tunnel"));
    assert_true(aod_answer_matches("tunnel", "TUNNEL"));
}

static void match_word_whole_word_only(void **state)
{
    (void)state;
    assert_false(aod_answer_matches("tunnels", "tunnel"));
    assert_false(aod_answer_matches("subtunnel", "tunnel"));
    assert_false(aod_answer_matches("tunnel_2", "tunnel"));
    assert_false(aod_answer_matches("2tunnel", "tunnel"));
    assert_false(aod_answer_matches("tunne", "tunnel"));
    assert_false(aod_answer_matches("XESTS_TOKEN_ERROR", "ests_token_error"));
    assert_true(aod_answer_matches("(tunnel)", "tunnel"));
    assert_true(aod_answer_matches("tunnels and a tunnel", "tunnel"));
}

static void match_phrase(void **state)
{
    (void)state;
    assert_true(aod_answer_matches("it has Timed Out again", "timed out"));
    assert_false(aod_answer_matches("timed outside", "timed out"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_null),
        cmocka_unit_test(parse_refuses_empty_and_blank),
        cmocka_unit_test(parse_refuses_junk),
        cmocka_unit_test(parse_refuses_minus_zero_and_negative_hex),
        cmocka_unit_test(parse_refuses_out_of_range),
        cmocka_unit_test(parse_decimal),
        cmocka_unit_test(parse_signed_hresult),
        cmocka_unit_test(parse_hex_either_case),
        cmocka_unit_test(parse_trims_blanks),
        cmocka_unit_test(format_small_code_is_decimal),
        cmocka_unit_test(format_hresult_is_hex),
        cmocka_unit_test(format_truncates_safely),
        cmocka_unit_test(format_parse_round_trip),
        cmocka_unit_test(bare_hresult_is_hex),
        cmocka_unit_test(match_degenerate),
        cmocka_unit_test(match_code_any_form),
        cmocka_unit_test(match_code_any_token),
        cmocka_unit_test(match_code_whole_token_only),
        cmocka_unit_test(match_word_ignores_case),
        cmocka_unit_test(match_word_whole_word_only),
        cmocka_unit_test(match_phrase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

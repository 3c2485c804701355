/* tests/unit/test_paste.c: pasted Windows text read into codes, event IDs and symbolic error
 * names (aod/paste.h): event messages, AuthZ lines, punctuation around codes, every code form,
 * and the numbers that are not codes (dates, times, addresses, GUIDs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aod/paste.h"

#define EVENT_809                                                                                  \
    "The user CONTOSO\\alice dialed a connection named AOVPN which has failed. The error code "    \
    "returned on failure is 809."
#define AUTHZ_LINE                                                                                 \
    "NPS Extension for Azure MFA:  CID: 6d5e2f3a-91b2-4c47-8d1e-0f3b2a7c9e11 : Exception in "      \
    "Authentication Ext for User alice@contoso.com :: ErrorCode:: ESTS_TOKEN_ERROR Msg:: Verify "  \
    "the client certificate is properly enrolled in Azure against your tenant Error:: "            \
    "CertificateToken"

/* The codes found, as "809 e20227* 0x80092013!" (e: event, *: carrier, !: strong). */
static void codes(const char *text, const char *want)
{
    struct aod_paste p;
    char got[512] = "";
    size_t len = 0;

    aod_paste_scan(text, &p);
    for (size_t i = 0; i < p.n_codes; i++) {
        const struct aod_paste_code *c = &p.codes[i];
        char num[16];
        if (c->value >= 0x80000000u)
            snprintf(num, sizeof num, "0x%08X", (unsigned)c->value);
        else
            snprintf(num, sizeof num, "%u", (unsigned)c->value);
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s%s%s%s", i ? " " : "",
                                c->is_event ? "e" : "", num, c->is_carrier ? "*" : "",
                                c->is_strong ? "!" : "");
    }
    if (strcmp(got, want) != 0)
        print_message("text \"%s\"\n", text != NULL ? text : "(null)");
    assert_string_equal(got, want);
}

static void event_message(void **state)
{
    (void)state;
    codes(EVENT_809, "809!");
}

static void code_with_punctuation(void **state)
{
    (void)state;
    codes("809.", "809!");
    codes("(809)", "809!");
    codes("'0x80092013'", "0x80092013!");
    codes("\"-2146885613\",", "0x80092013!");
    codes("code 809.", "809!");
    codes("[13801]", "13801!");
}

static void every_form_is_one_code(void **state)
{
    (void)state;
    codes("-2146885613", "0x80092013!");
    codes("0x80092013", "0x80092013!");
    codes("0X80092013", "0x80092013!");
    codes("80092013", "0x80092013!");
    codes("800B0109", "0x800B0109!");
    codes("0x329", "809!");
    /* The same code twice in two forms is one code. */
    codes("error -2146885613 (0x80092013)", "0x80092013!");
}

static void several_codes(void **state)
{
    (void)state;
    codes("809, 13801 and 0x80092013", "809 13801 0x80092013!");
    codes("error 809 or 13801", "809! 13801!");
}

static void event_ids(void **state)
{
    (void)state;
    codes("Event ID 20227", "e20227*");
    codes("event 6274", "e6274");
    codes("EventID: 20221", "e20221");
    codes("Id=20227,20221,20276", "e20227* e20221 e20276");
    /* 20227 alone is the event that carries a code, not a code. */
    codes("20227", "e20227*");
    codes("Event ID 20227: the error code returned on failure is 13801.", "e20227* 13801!");
}

static void not_codes(void **state)
{
    (void)state;
    codes("12/2/2026 10:15:03 AM", "");
    codes("2026-12-02T10:15:03", "");
    codes("server 10.0.0.1 version 10.0.19045", "");
    codes("CID: 6d5e2f3a-91b2-4c47-8d1e-0f3b2a7c9e11", "");
    codes("code 0", "");
    codes("AOVPN809 x809y", "");
    codes("12345678901", "");
    codes("deadline", "");
    codes(NULL, "");
    codes("", "");
}

static void small_numbers_are_weak(void **state)
{
    (void)state;
    /* Found, but no cue says they are error codes. */
    codes("port 443 and UDP 500", "443 500");
}

static void authz_line(void **state)
{
    struct aod_paste p;

    (void)state;
    codes(AUTHZ_LINE, "");
    aod_paste_scan(AUTHZ_LINE, &p);
    assert_int_equal(p.n_words, 1);
    assert_string_equal(p.words[0], "ESTS_TOKEN_ERROR");
}

static void symbolic_words(void **state)
{
    struct aod_paste p;

    (void)state;
    aod_paste_scan("ESTS_TOKEN_ERROR. ERROR_TIMEOUT, ests_token_error Msg_x ESTS_TOKEN_ERROR", &p);
    assert_int_equal(p.n_words, 2);
    assert_string_equal(p.words[0], "ESTS_TOKEN_ERROR");
    assert_string_equal(p.words[1], "ERROR_TIMEOUT");
}

static void needs_code(void **state)
{
    struct aod_paste p;

    (void)state;
    aod_paste_scan("20227", &p);
    assert_true(p.needs_code);
    aod_paste_scan("Event ID 20227", &p);
    assert_true(p.needs_code);
    aod_paste_scan("Event ID 20227 ... failure is 809.", &p);
    assert_false(p.needs_code);
    aod_paste_scan("809", &p);
    assert_false(p.needs_code);
    aod_paste_scan("Event ID 6274", &p);
    assert_false(p.needs_code);
}

static void the_code(void **state)
{
    struct aod_paste p;
    uint32_t v = 0;

    (void)state;
    aod_paste_scan("Event ID 20227 port 443: error code 13801.", &p);
    assert_true(aod_paste_code(&p, &v));
    assert_int_equal(v, 13801);
    aod_paste_scan("port 443", &p);
    assert_true(aod_paste_code(&p, &v));
    assert_int_equal(v, 443);
    aod_paste_scan("Event ID 20227", &p);
    assert_false(aod_paste_code(&p, &v));
    aod_paste_scan("ESTS_TOKEN_ERROR", &p);
    assert_false(aod_paste_code(&p, &v));
}

static void matches(void **state)
{
    struct aod_paste p;

    (void)state;
    aod_paste_scan(EVENT_809, &p);
    assert_true(aod_paste_matches(&p, EVENT_809, "809"));
    assert_true(aod_paste_matches(&p, EVENT_809, "0x329"));
    assert_false(aod_paste_matches(&p, EVENT_809, "20227"));
    assert_false(aod_paste_matches(&p, EVENT_809, "ests"));
    assert_false(aod_paste_matches(&p, EVENT_809, ""));
    assert_false(aod_paste_matches(&p, EVENT_809, NULL));

    aod_paste_scan(AUTHZ_LINE, &p);
    assert_true(aod_paste_matches(&p, AUTHZ_LINE, "ESTS_TOKEN_ERROR"));
    assert_true(aod_paste_matches(&p, AUTHZ_LINE, "azure mfa"));
    /* A number inside the GUID is no code. */
    assert_false(aod_paste_matches(&p, AUTHZ_LINE, "8"));

    /* The carrier counts while the code it carries is missing, not after. */
    aod_paste_scan("20227", &p);
    assert_true(aod_paste_matches(&p, "20227", "20227"));
    aod_paste_scan("Event ID 20227, error code 809", &p);
    assert_false(aod_paste_matches(&p, "Event ID 20227, error code 809", "20227"));
    assert_true(aod_paste_matches(&p, "Event ID 20227, error code 809", "809"));

    /* Dates do not match codes. */
    aod_paste_scan("2026-12-02", &p);
    assert_false(aod_paste_matches(&p, "2026-12-02", "12"));
}

static void caps(void **state)
{
    char text[4096];
    size_t len = 0;
    struct aod_paste p;

    (void)state;
    for (int i = 1; i <= 40; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "error %d ", 1000 + i);
    len += (size_t)snprintf(text + len, sizeof text - len, "A_%070d", 0);
    aod_paste_scan(text, &p);
    assert_int_equal(p.n_codes, AOD_PASTE_MAX_CODES);
    assert_int_equal(p.codes[AOD_PASTE_MAX_CODES - 1].value, 1000 + AOD_PASTE_MAX_CODES);
    assert_int_equal(p.n_words, 0); /* too long to be a name */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_message),
        cmocka_unit_test(code_with_punctuation),
        cmocka_unit_test(every_form_is_one_code),
        cmocka_unit_test(several_codes),
        cmocka_unit_test(event_ids),
        cmocka_unit_test(not_codes),
        cmocka_unit_test(small_numbers_are_weak),
        cmocka_unit_test(authz_line),
        cmocka_unit_test(symbolic_words),
        cmocka_unit_test(needs_code),
        cmocka_unit_test(the_code),
        cmocka_unit_test(matches),
        cmocka_unit_test(caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tests/unit/test_search.c: symptom search over the catalog (aod_catalog_search): codes in any
 * form, word prefixes for type-to-search, unlisted flows kept out, and the ranking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aod/flow.h"

/* One flow with a single conclusion; only the header fields matter to search. */
static char *flow_json(const char *id, const char *title, const char *summary, const char *keywords,
                       bool is_listed)
{
    static const char fmt[] =
        "{\"id\": \"%s\", \"title\": \"%s\", \"version\": 1, \"summary\": \"%s\", "
        "\"keywords\": [%s], \"listed\": %s, \"start\": \"done\", \"nodes\": ["
        "{\"id\": \"done\", \"kind\": \"conclusion\", \"title\": \"Done\", \"reasoning\": \"R\", "
        "\"steps\": [{\"title\": \"S\", \"where\": \"linux\", \"shell\": \"bash\", \"commands\": "
        "[\"true\"]}], "
        "\"sources\": [\"https://example.com/\"], \"checked\": \"2026-12-02\"}]}";
    size_t cap = sizeof fmt + strlen(id) + strlen(title) + strlen(summary) + strlen(keywords) + 8;
    char *buf = malloc(cap);

    assert_non_null(buf);
    snprintf(buf, cap, fmt, id, title, summary, keywords, is_listed ? "true" : "false");
    return buf;
}

static void add(struct aod_catalog *cat, const char *id, const char *title, const char *summary,
                const char *keywords, bool is_listed)
{
    char *json = flow_json(id, title, summary, keywords, is_listed);
    struct aod_err err;

    aod_err_clear(&err);
    enum aod_status rc = aod_catalog_add_buffer(cat, id, json, strlen(json), NULL, &err);
    if (rc != AOD_OK)
        print_message("%s\n", err.msg);
    assert_int_equal(rc, AOD_OK);
    free(json);
}

/* Catalog order: generic, error-809, nps-ests, hidden (unlisted), certs. */
static int setup(void **state)
{
    struct aod_catalog *cat = aod_catalog_new();

    if (cat == NULL)
        return -1;
    add(cat, "generic", "Error 809 and other time-outs", "Slow or lossy links",
        "\"timeout\", \"latency\"", true);
    add(cat, "error-809", "The VPN server does not respond", "RasClient event 20227",
        "\"809\", \"20227\", \"IKEv2\", \"fragmentation\"", true);
    add(cat, "nps-ests", "NPS extension rejects the sign-in", "Azure MFA token problems",
        "\"ESTS_TOKEN_ERROR\", \"AzureMfa\", \"NPS\"", true);
    add(cat, "hidden", "Hidden 809 helper", "", "\"809\", \"ests\", \"timeout\"", false);
    add(cat, "certs", "Certificate revocation check failed", "",
        "\"0x80092013\", \"CRL\", \"revocation\"", true);
    if (aod_catalog_check(cat, NULL, NULL) != AOD_OK)
        return -1;
    *state = cat;
    return 0;
}

static int teardown(void **state)
{
    aod_catalog_free(*state);
    return 0;
}

/* Runs the query and compares the ids found, best first, with the space-separated `want`. */
static void finds(void **state, const char *query, const char *want)
{
    const struct aod_flow *out[16];
    char got[256] = "";
    size_t n = aod_catalog_search(*state, query, out, 16);

    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", aod_flow_id(out[i]));
    }
    if (strcmp(got, want) != 0)
        print_message("query \"%s\"\n", query != NULL ? query : "(null)");
    assert_string_equal(got, want);
}

static void null_query_lists_all(void **state)
{
    finds(state, NULL, "generic error-809 nps-ests certs");
}

static void empty_query_lists_all_in_order(void **state)
{
    finds(state, "", "generic error-809 nps-ests certs");
    finds(state, "   ", "generic error-809 nps-ests certs");
}

static void max_limits_results(void **state)
{
    const struct aod_flow *out[2] = {NULL, NULL};

    assert_int_equal(aod_catalog_search(*state, "", out, 0), 0);
    assert_null(out[0]);
    assert_int_equal(aod_catalog_search(*state, "", out, 1), 1);
    assert_string_equal(aod_flow_id(out[0]), "generic");
    assert_null(out[1]);
}

static void no_match(void **state)
{
    finds(state, "kerberos", "");
    finds(state, "12345", "");
}

static void code_in_any_form(void **state)
{
    /* 0x329 == 809; the keyword beats the title, whatever the catalog order. */
    finds(state, "0x329", "error-809 generic");
    finds(state, "809", "error-809 generic");
    finds(state, "-2146885613", "certs");
    finds(state, "0X80092013", "certs");
}

static void event_id(void **state)
{
    finds(state, "20227", "error-809");
}

/* Typing a code one digit at a time finds its flow before the code is complete, but a longer
 * code is a different code. */
static void code_prefix_finds_while_typing(void **state)
{
    finds(state, "80", "error-809");
    finds(state, "8090", "");
}

static void word_prefix(void **state)
{
    finds(state, "ests", "nps-ests");
    finds(state, "ESTS_TOKEN", "nps-ests");
    finds(state, "ike", "error-809");
    finds(state, "respond", "error-809");
    finds(state, "revoc", "certs");
}

static void word_ignores_case(void **state)
{
    finds(state, "crl", "certs");
    finds(state, "ests_token_error", "nps-ests");
}

static void word_must_start_a_word(void **state)
{
    /* "sts" is inside "ESTS" but starts no word. */
    finds(state, "sts", "");
}

static void every_word_must_hit(void **state)
{
    finds(state, "azure mfa", "nps-ests");
    finds(state, "809, ikev2", "error-809");
    /* When no flow takes every word, the query is read as pasted text. */
    finds(state, "809 kerberos", "error-809 generic");
    finds(state, "kerberos tickets", "");
}

/* What Windows shows, pasted whole: the codes in it rank the flows. */
static void pasted_event_message(void **state)
{
    finds(state,
          "The user CONTOSO\\alice dialed a connection named AOVPN which has failed. The error "
          "code returned on failure is 809.",
          "error-809 generic");
    finds(state, "The error code returned on failure is -2146885613.", "certs");
}

static void pasted_code_with_punctuation(void **state)
{
    finds(state, "809.", "error-809 generic");
    finds(state, "(809)", "error-809 generic");
    finds(state, "'0x80092013'", "certs");
    finds(state, "code 809.", "error-809 generic");
    finds(state, "80092013", "certs");
}

static void pasted_word(void **state)
{
    finds(state, "ESTS_TOKEN_ERROR.", "nps-ests");
    finds(state,
          "NPS Extension for Azure MFA: CID: 6d5e2f3a-91b2-4c47-8d1e-0f3b2a7c9e11 : Exception in "
          "Authentication Ext for User alice@contoso.com :: ErrorCode:: ESTS_TOKEN_ERROR Msg:: "
          "Verify the client certificate",
          "nps-ests");
}

static void pasted_several_codes(void **state)
{
    /* Each code counts; a code keyword beats a code in a title. */
    finds(state, "809 then 0x80092013.", "error-809 certs generic");
}

static void pasted_dates_are_no_codes(void **state)
{
    /* "809" inside a date or an address is no code. */
    finds(state, "12/2/2026 10:15:03 AM at 10.0.8.9 (x)", "");
    finds(state, "On 2026-809-02 it failed.", "");
}

/* Event 20227 carries the real code: with the code, the code ranks; the event alone does not
 * make the code up. */
static void pasted_carrier_event(void **state)
{
    finds(state, "Event ID 20227: the error code returned on failure is -2146885613.", "certs");
    finds(state, "Event ID 20227.", "error-809");
}

static void covers(void **state)
{
    assert_true(aod_catalog_covers(*state, 809));
    assert_true(aod_catalog_covers(*state, 0x80092013u));
    assert_false(aod_catalog_covers(*state, 13801));
    /* "hidden" names it but is not listed; "generic" has it in its title only. */
    assert_false(aod_catalog_covers(*state, 1234));
}

static void unlisted_never_appear(void **state)
{
    /* "hidden" carries these keywords but is not listed. */
    finds(state, "timeout", "generic");
    finds(state, "helper", "");
}

static void ranking_exact_code_first(void **state)
{
    /* "generic" comes first in the catalog and has 809 in its title; "error-809" has it as a
     * keyword, which ranks higher in every form of the code. */
    finds(state, "809", "error-809 generic");
    finds(state, "0x00000329", "error-809 generic");
}

static void ranking_keyword_title_prefix_summary(void **state)
{
    struct aod_catalog *cat = aod_catalog_new();

    (void)state;
    assert_non_null(cat);
    /* Catalog order is the reverse of the expected ranking. */
    add(cat, "in-summary", "Something else", "About the tunnel", "\"x\"", true);
    add(cat, "keyword-prefix", "Other", "", "\"tunnelling\"", true);
    add(cat, "in-title", "Tunnel drops", "", "\"y\"", true);
    add(cat, "keyword", "Another", "", "\"tunnel\"", true);
    assert_int_equal(aod_catalog_check(cat, NULL, NULL), AOD_OK);
    finds((void **)&cat, "tunnel", "keyword in-title keyword-prefix in-summary");
    /* Scores add up over the words of the query. */
    finds((void **)&cat, "tunnel drops", "in-title");
    aod_catalog_free(cat);
}

int main(void)
{
#define T(fn) cmocka_unit_test(fn)
    const struct CMUnitTest tests[] = {
        T(null_query_lists_all),
        T(empty_query_lists_all_in_order),
        T(max_limits_results),
        T(no_match),
        T(code_in_any_form),
        T(event_id),
        T(code_prefix_finds_while_typing),
        T(word_prefix),
        T(word_ignores_case),
        T(word_must_start_a_word),
        T(every_word_must_hit),
        T(unlisted_never_appear),
        T(ranking_exact_code_first),
        T(pasted_event_message),
        T(pasted_code_with_punctuation),
        T(pasted_word),
        T(pasted_several_codes),
        T(pasted_dates_are_no_codes),
        T(pasted_carrier_event),
        T(covers),
        cmocka_unit_test(ranking_keyword_title_prefix_summary),
    };
#undef T
    return cmocka_run_group_tests(tests, setup, teardown);
}

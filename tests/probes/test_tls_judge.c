/* tests/probes/test_tls_judge.c: the tls verdict from canned facts (every problem named at
 * once), the SSTP response-head parser on canned, truncated, hostile heads, and the https phase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "assert_clean.h"
#include "tls_int.h"

static void judge_good(void **state)
{
    struct tls_facts f = {0, NULL, 1, 90, 0, 1, "vpn.example.com", NULL};
    struct probe_out o;

    (void)state;
    out_init(&o);
    tls_judge(&f, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_PASS);
    assert_string_equal(out_get(&o, "trusted"), "true");
    assert_string_equal(out_get(&o, "crl_ok"), "true");
    assert_string_equal(out_get(&o, "problems"), "");
    assert_non_null(strstr(o.res.summary, "90 more days"));
    out_free(&o);
}

static void judge_everything_wrong(void **state)
{
    static const int errs[] = {X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
                               X509_V_ERR_CERT_HAS_EXPIRED};
    struct tls_facts f = {3, errs, 0, -12, 1, 0, "vpn.example.com", "http://x/ca.crl: HTTP 404"};
    struct probe_out o;

    (void)state;
    out_init(&o);
    tls_judge(&f, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_string_equal(out_get(&o, "problems"),
                        "expired,self_signed,name_mismatch,crl_unavailable");
    assert_string_equal(out_get(&o, "expired"), "true");
    assert_string_equal(out_get(&o, "trusted"), "false");
    assert_string_equal(out_get(&o, "name_match"), "false");
    assert_string_equal(out_get(&o, "crl_ok"), "false");
    assert_non_null(strstr(o.res.summary, "expired 12 days ago"));
    assert_non_null(strstr(o.res.summary, "0x800B010F"));
    assert_non_null(strstr(o.res.summary, "self-signed"));
    assert_non_null(strstr(o.res.summary, "0x80092013"));
    out_free(&o);
}

/* A problem whose words do not fit the summary is still a problem: a long CRL URL (or name)
 * must never turn a revoked or mismatched certificate into a pass. */
static void judge_long_problem_still_fails(void **state)
{
    char name[254];
    char why[420];
    struct tls_facts f = {0, NULL, 1, 90, 0, 0, "vpn.example.com", NULL};
    struct probe_out o;

    (void)state;
    memset(why, 'a', sizeof why - 1);
    why[sizeof why - 1] = '\0';
    memcpy(why, "http://", 7);
    f.crl_why = why;
    out_init(&o);
    tls_judge(&f, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_string_equal(out_get(&o, "crl_ok"), "false");
    assert_non_null(strstr(o.res.summary, "certificate problems: CRL"));
    out_free(&o);

    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    f.crl_state = 1;
    f.crl_why = NULL;
    f.name_match = 0;
    f.name = name;
    out_init(&o);
    tls_judge(&f, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_string_equal(out_get(&o, "name_match"), "false");
    assert_non_null(strstr(o.res.summary, "certificate problems: not valid for nnn"));
    out_free(&o);
}

static void judge_untrusted_no_cdp(void **state)
{
    static const int errs[] = {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY};
    struct tls_facts f = {1, errs, 1, 30, 0, -1, "vpn.example.com", NULL};
    struct probe_out o;

    (void)state;
    out_init(&o);
    tls_judge(&f, &o);
    assert_string_equal(out_get(&o, "problems"), "untrusted");
    assert_string_equal(out_get(&o, "crl_ok"), "null");
    assert_non_null(strstr(o.res.summary, "0x800B0109"));
    out_free(&o);
}

static void head_parse(void **state)
{
    static const char ok[] = "HTTP/1.1 200\r\nContent-Length: 18446744073709551615\r\n"
                             "server:   Microsoft-HTTPAPI/2.0 \r\n\r\n";
    static const char evil[] = "HTTP/1.1 400 Bad\r\nServer: nginx\x1b[2J\x07\r\n\r\n";
    char server[64];
    int status;
    size_t n;

    (void)state;
    sstp_parse_head(ok, sizeof ok - 1, &status, server, sizeof server);
    assert_int_equal(status, 200);
    assert_string_equal(server, "Microsoft-HTTPAPI/2.0");
    sstp_parse_head(evil, sizeof evil - 1, &status, server, sizeof server);
    assert_int_equal(status, 400);
    assert_string_equal(server, "nginx?[2J?");
    sstp_parse_head("", 0, &status, server, sizeof server);
    assert_int_equal(status, 0);
    assert_string_equal(server, "");
    sstp_parse_head("SSH-2.0-OpenSSH\r\n", 17, &status, server, sizeof server);
    assert_int_equal(status, 0);
    sstp_parse_head("HTTP/1.1 999 x", 14, &status, server, sizeof server);
    assert_int_equal(status, 0);
    for (n = 0; n < sizeof ok - 1; n++) /* every truncation is safe */
        sstp_parse_head(ok, n, &status, server, sizeof server);
    sstp_parse_head(ok, sizeof ok - 1, &status, server, 4); /* a tiny buffer cuts the name */
    assert_string_equal(server, "Mic");
}

/* A Server header that reorders the line (U+202E) and clears the screen: cleaned in the field,
 * the summary and the JSON. */
static void head_bidi_and_escape(void **state)
{
    static const char evil[] = "HTTP/1.1 200 OK\r\nServer: IIS\xe2\x80\xae"
                               "0.2/IPAPTTH-tfosorciM\x1b[2J\r\n\r\n";
    char server[64];
    struct probe_out o;
    char *j;
    int status;

    (void)state;
    sstp_parse_head(evil, sizeof evil - 1, &status, server, sizeof server);
    assert_string_equal(server, "IIS?0.2/IPAPTTH-tfosorciM?[2J");
    out_init(&o);
    sstp_judge(status, server, &o);
    assert_no_hostile(out_get(&o, "server"));
    assert_no_hostile(o.res.summary);
    j = out_json(&o, "sstp", "vpn.example.com");
    assert_non_null(j);
    assert_no_hostile(j);
    free(j);
    out_free(&o);
}

/* A certificate whose subject CN carries U+202E and ESC: the subject field and the JSON get
 * neither. */
static void cert_subject_bidi_and_escape(void **state)
{
    static const char cn[] = "vpn\xe2\x80\xae"
                             "moc.elpmaxe\x1b]0;x\x07";
    X509 *x = X509_new();
    X509_NAME *nm = X509_NAME_new();
    struct probe_out o;
    char *j;

    (void)state;
    assert_non_null(x);
    assert_non_null(nm);
    assert_int_equal(
        X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0),
        1);
    assert_int_equal(X509_set_subject_name(x, nm), 1);
    assert_int_equal(X509_set_issuer_name(x, nm), 1);
    assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
    assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
    out_init(&o);
    cert_fields(x, &o);
    assert_non_null(strstr(out_get(&o, "subject"), "vpn?moc.elpmaxe"));
    assert_no_hostile(out_get(&o, "subject"));
    assert_no_hostile(out_get(&o, "issuer"));
    j = out_json(&o, "tls", "vpn.example.com");
    assert_non_null(j);
    assert_no_hostile(j);
    free(j);
    out_free(&o);
    X509_NAME_free(nm);
    X509_free(x);
}

static void sstp_verdicts(void **state)
{
    struct probe_out o;

    (void)state;
    out_init(&o);
    sstp_judge(200, "Microsoft-HTTPAPI/2.0", &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_PASS);
    assert_string_equal(out_get(&o, "sstp_listener"), "true");
    out_free(&o);
    out_init(&o);
    sstp_judge(200, "Microsoft-IIS/10.0", &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_non_null(strstr(o.res.summary, "Microsoft-IIS/10.0"));
    out_free(&o);
    out_init(&o);
    sstp_judge(0, "", &o);
    assert_string_equal(out_get(&o, "status"), "null");
    out_free(&o);
}

static void phases(void **state)
{
    (void)state;
    assert_string_equal(https_phase(CURLE_OK), "none");
    assert_string_equal(https_phase(CURLE_COULDNT_RESOLVE_HOST), "dns");
    assert_string_equal(https_phase(CURLE_COULDNT_CONNECT), "connect");
    assert_string_equal(https_phase(CURLE_PEER_FAILED_VERIFICATION), "tls");
    assert_string_equal(https_phase(CURLE_OPERATION_TIMEDOUT), "timeout");
}

/* The variable named is the one libcurl takes: lower case first, HTTP_PROXY never. */
static void proxy_env(void **state)
{
    const char *names[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                           "http_proxy",  "HTTP_PROXY",  "no_proxy"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        unsetenv(names[i]);
    assert_null(https_proxy_env("https://login.microsoftonline.com/"));
    setenv("HTTP_PROXY", "http://127.0.0.1:3128", 1);
    assert_null(https_proxy_env("http://crl.example/"));
    setenv("ALL_PROXY", "http://127.0.0.1:3128", 1);
    assert_string_equal(https_proxy_env("http://crl.example/"), "ALL_PROXY");
    setenv("https_proxy", "", 1); /* empty: not set */
    assert_string_equal(https_proxy_env("https://login.microsoftonline.com/"), "ALL_PROXY");
    setenv("HTTPS_PROXY", "http://127.0.0.1:3128", 1);
    assert_string_equal(https_proxy_env("https://login.microsoftonline.com/"), "HTTPS_PROXY");
    setenv("https_proxy", "http://127.0.0.1:3129", 1);
    assert_string_equal(https_proxy_env("https://login.microsoftonline.com/"), "https_proxy");
    setenv("http_proxy", "http://127.0.0.1:3128", 1);
    assert_string_equal(https_proxy_env("http://crl.example/"), "http_proxy");
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        unsetenv(names[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(judge_good),
        cmocka_unit_test(judge_everything_wrong),
        cmocka_unit_test(judge_untrusted_no_cdp),
        cmocka_unit_test(judge_long_problem_still_fails),
        cmocka_unit_test(head_parse),
        cmocka_unit_test(head_bidi_and_escape),
        cmocka_unit_test(cert_subject_bidi_and_escape),
        cmocka_unit_test(sstp_verdicts),
        cmocka_unit_test(phases),
        cmocka_unit_test(proxy_env),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

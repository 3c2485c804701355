/* tests/probes/test_radius_wire.c: Access-Request layout (Message-Authenticator, hidden
 * password), reply verification on canned packets (RFC 2865 7.1 example, tampered, truncated,
 * oversized, malformed) and the judge's verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "assert_clean.h"
#include "radius_wire.h"

static const uint8_t SECRET[] = "xyzzy5461";
#define SLEN (sizeof SECRET - 1)

/* RFC 2865 7.1: the Request Authenticator and the Access-Accept that answers it. */
static const uint8_t RFC_AUTH[16] = {0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57,
                                     0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a};
static const uint8_t RFC_ACCEPT[] = {
    0x02, 0x00, 0x00, 0x26, 0x86, 0xfe, 0x22, 0x0e, 0x76, 0x24, 0xba, 0x2a, 0x10,
    0x05, 0xf6, 0xbf, 0x9b, 0x55, 0xe0, 0xb2, 0x06, 0x06, 0x00, 0x00, 0x00, 0x01,
    0x0f, 0x06, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x06, 0xc0, 0xa8, 0x01, 0x03,
};

static void md5_2(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t out[16])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned int n;

    EVP_DigestInit_ex(c, EVP_md5(), NULL);
    EVP_DigestUpdate(c, a, an);
    EVP_DigestUpdate(c, b, bn);
    EVP_DigestFinal_ex(c, out, &n);
    EVP_MD_CTX_free(c);
}

static void build_request(void **state)
{
    uint8_t buf[RAD_MAX];
    uint8_t copy[RAD_MAX];
    uint8_t mac[16];
    uint8_t b[16];
    unsigned int mlen;
    struct rad_req q;
    size_t len;
    size_t k;

    (void)state;
    memset(&q, 0, sizeof q);
    q.id = 7;
    memcpy(q.auth, RFC_AUTH, 16);
    q.user = "nemo";
    q.password = "arctangent";
    q.secret = SECRET;
    q.secret_len = SLEN;
    len = rad_build_request(&q, buf, sizeof buf);
    assert_true(len > RAD_HDR_LEN);
    assert_int_equal(buf[0], RAD_ACCESS_REQUEST);
    assert_int_equal(buf[1], 7);
    assert_int_equal(((size_t)buf[2] << 8) | buf[3], len);
    /* Message-Authenticator first, and it verifies */
    assert_int_equal(buf[20], 80);
    assert_int_equal(buf[21], 18);
    memcpy(copy, buf, len);
    memset(copy + 22, 0, 16);
    HMAC(EVP_md5(), SECRET, (int)SLEN, copy, len, mac, &mlen);
    assert_memory_equal(mac, buf + 22, 16);
    /* User-Name, then User-Password hidden as in RFC 2865 7.1 */
    assert_int_equal(buf[38], 1);
    assert_memory_equal(buf + 40, "nemo", 4);
    assert_int_equal(buf[44], 2);
    assert_int_equal(buf[45], 18);
    {
        static const uint8_t hidden[16] = {0x0d, 0xbe, 0x70, 0x8d, 0x93, 0xd4, 0x13, 0xce,
                                           0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee};
        assert_memory_equal(buf + 46, hidden, 16);
    }
    md5_2(SECRET, SLEN, RFC_AUTH, 16, b);
    for (k = 0; k < 10; k++)
        assert_int_equal(buf[46 + k] ^ b[k], (uint8_t) "arctangent"[k]);
    /* out of range inputs */
    assert_int_equal(rad_build_request(&q, buf, 30), 0);
    q.secret_len = 0;
    assert_int_equal(rad_build_request(&q, buf, sizeof buf), 0);
    q.secret_len = SLEN;
    q.password = "0123456789012345678901234567890123456789012345678901234567890123456789"
                 "0123456789012345678901234567890123456789012345678901234567890";
    assert_int_equal(rad_build_request(&q, buf, sizeof buf), 0);
}

static void rfc_accept_verifies(void **state)
{
    struct rad_reply r;
    uint8_t bad[sizeof RFC_ACCEPT];

    (void)state;
    assert_int_equal(
        rad_parse_reply(RFC_ACCEPT, sizeof RFC_ACCEPT, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
        AOD_OK);
    assert_int_equal(r.code, RAD_ACCESS_ACCEPT);
    assert_true(r.auth_ok);
    assert_false(r.has_ma);
    /* the wrong secret: parses, but the authenticator fails */
    assert_int_equal(rad_parse_reply(RFC_ACCEPT, sizeof RFC_ACCEPT, 0, RFC_AUTH,
                                     (const uint8_t *)"wrong", 5, &r, NULL),
                     AOD_OK);
    assert_false(r.auth_ok);
    /* one flipped bit in an attribute */
    memcpy(bad, RFC_ACCEPT, sizeof bad);
    bad[25] ^= 1;
    assert_int_equal(rad_parse_reply(bad, sizeof bad, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_OK);
    assert_false(r.auth_ok);
    /* another request's id */
    assert_int_equal(
        rad_parse_reply(RFC_ACCEPT, sizeof RFC_ACCEPT, 1, RFC_AUTH, SECRET, SLEN, &r, NULL),
        AOD_E_PARSE);
}

/* A Reject with Reply-Message `msg` and a Message-Authenticator; with good_ma 0 the MA is
 * broken, with good_ra 0 the Response Authenticator. */
static size_t make_reject_msg(uint8_t *buf, const char *msg, int good_ma, int good_ra)
{
    size_t mlen_msg = strlen(msg);
    size_t len = RAD_HDR_LEN;
    uint8_t ra[16];
    uint8_t mac[16];
    unsigned int mlen;

    memset(buf, 0, 128);
    buf[0] = RAD_ACCESS_REJECT;
    buf[1] = 0;
    buf[len] = 18;
    buf[len + 1] = (uint8_t)(2 + mlen_msg);
    memcpy(buf + len + 2, msg, mlen_msg);
    len += 2 + mlen_msg;
    buf[len] = 80;
    buf[len + 1] = 18;
    len += 18;
    buf[3] = (uint8_t)len;
    memcpy(buf + 4, RFC_AUTH, 16); /* MA is computed over the request authenticator */
    HMAC(EVP_md5(), SECRET, (int)SLEN, buf, len, mac, &mlen);
    memcpy(buf + len - 16, mac, 16);
    if (!good_ma)
        buf[len - 1] ^= 1;
    md5_2(buf, len, SECRET, SLEN, ra);
    memcpy(buf + 4, ra, 16);
    if (!good_ra)
        buf[4] ^= 1;
    return len;
}

/* ... with an escape sequence in the Reply-Message. */
static size_t make_reject(uint8_t *buf, int good_ma)
{
    return make_reject_msg(buf, "denied\x1b[31m", good_ma, 1);
}

/* A Reply-Message that reorders the line (U+202E) and sends an escape sequence: only a verified
 * reply's text is shown, and then cleaned, in the fields and in the JSON. */
static void reply_message_shown_only_verified(void **state)
{
    static const char msg[] = "call \xe2\x80\xae"
                              "exe.tnd\x1b]0;pwned\x07 now";
    uint8_t buf[128];
    struct rad_reply r;
    struct rad_judge_in in;
    struct probe_out o;
    char *j;
    size_t len;

    (void)state;
    memset(&in, 0, sizeof in);
    in.port = "1812";
    in.timeout_ms = 3000;
    in.reply = &r;

    len = make_reject_msg(buf, msg, 1, 1);
    assert_int_equal(rad_parse_reply(buf, len, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_OK);
    assert_true(r.auth_ok);
    assert_string_equal(r.message, "call ?exe.tnd?]0;pwned? now");
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply_message"), "call ?exe.tnd?]0;pwned? now");
    j = out_json(&o, "radius", "127.0.0.1");
    assert_non_null(j);
    assert_non_null(strstr(j, "\"reply_message\":\"call ?exe.tnd?]0;pwned? now\""));
    assert_no_hostile(j);
    free(j);
    out_free(&o);

    /* The same reply with a bad Response Authenticator: no text at all. */
    len = make_reject_msg(buf, msg, 1, 0);
    assert_int_equal(rad_parse_reply(buf, len, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_OK);
    assert_true(r.ma_ok);
    assert_false(r.auth_ok);
    assert_string_equal(r.message, "");
    /* ... even if a parser bug left it there, the judge does not show it */
    snprintf(r.message, sizeof r.message, "%s", "pwned");
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply"), "bad_authenticator");
    assert_null(out_get(&o, "reply_message"));
    assert_non_null(strstr(o.res.summary, "authenticator did not verify"));
    j = out_json(&o, "radius", "127.0.0.1");
    assert_non_null(j);
    assert_null(strstr(j, "pwned"));
    assert_null(strstr(j, "reply_message"));
    free(j);
    out_free(&o);
}

static void reject_with_ma(void **state)
{
    uint8_t buf[128];
    size_t len;
    struct rad_reply r;

    (void)state;
    len = make_reject(buf, 1);
    assert_int_equal(rad_parse_reply(buf, len, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_OK);
    assert_int_equal(r.code, RAD_ACCESS_REJECT);
    assert_true(r.has_ma);
    assert_true(r.ma_ok);
    assert_true(r.auth_ok);
    assert_string_equal(r.message, "denied?[31m");
    len = make_reject(buf, 0);
    assert_int_equal(rad_parse_reply(buf, len, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_OK);
    assert_false(r.ma_ok);
    assert_false(r.auth_ok);
}

static void truncated_oversized_malformed(void **state)
{
    static uint8_t big[RAD_MAX + 1];
    uint8_t buf[sizeof RFC_ACCEPT];
    struct rad_reply r;
    size_t n;

    (void)state;
    assert_int_equal(rad_parse_reply(NULL, 0, 0, RFC_AUTH, SECRET, SLEN, &r, NULL), AOD_E_PARSE);
    for (n = 0; n < sizeof RFC_ACCEPT; n++)
        assert_int_equal(rad_parse_reply(RFC_ACCEPT, n, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
                         AOD_E_PARSE);
    memcpy(big, RFC_ACCEPT, sizeof RFC_ACCEPT);
    assert_int_equal(rad_parse_reply(big, sizeof big, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
                     AOD_E_PARSE);
    memcpy(buf, RFC_ACCEPT, sizeof buf);
    buf[21] = 1; /* attribute length below 2 */
    assert_int_equal(rad_parse_reply(buf, sizeof buf, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
                     AOD_E_PARSE);
    buf[21] = 40; /* attribute past the end */
    assert_int_equal(rad_parse_reply(buf, sizeof buf, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
                     AOD_E_PARSE);
    memcpy(buf, RFC_ACCEPT, sizeof buf);
    buf[3] = 19; /* length below a header */
    assert_int_equal(rad_parse_reply(buf, sizeof buf, 0, RFC_AUTH, SECRET, SLEN, &r, NULL),
                     AOD_E_PARSE);
}

static void judge(void **state)
{
    struct rad_reply r;
    struct rad_judge_in in;
    struct probe_out o;

    (void)state;
    memset(&in, 0, sizeof in);
    in.port = "1812";
    in.timeout_ms = 3000;
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply"), "none");
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_non_null(strstr(o.res.summary, "event 13"));
    out_free(&o);

    in.icmp_unreachable = 1;
    out_init(&o);
    rad_judge(&in, &o);
    assert_non_null(strstr(o.res.summary, "nothing listens"));
    out_free(&o);

    memset(&r, 0, sizeof r);
    r.code = RAD_ACCESS_REJECT;
    in.reply = &r;
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply"), "bad_authenticator");
    assert_non_null(strstr(o.res.summary, "shared secret differs"));
    out_free(&o);

    r.auth_ok = 1;
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply"), "reject");
    assert_int_equal(o.res.verdict, AOD_VERDICT_PASS);
    out_free(&o);

    r.code = RAD_ACCESS_CHALLENGE;
    out_init(&o);
    rad_judge(&in, &o);
    assert_string_equal(out_get(&o, "reply"), "challenge");
    out_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_request),  cmocka_unit_test(rfc_accept_verifies),
        cmocka_unit_test(reject_with_ma), cmocka_unit_test(truncated_oversized_malformed),
        cmocka_unit_test(judge),          cmocka_unit_test(reply_message_shown_only_verified),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

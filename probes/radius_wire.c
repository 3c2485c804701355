/* probes/radius_wire.c: RADIUS bytes: builds the probe's Access-Request, parses and verifies a
 * reply, judges it; no I/O. The secret only ever feeds MD5/HMAC-MD5 here.
 *
 * Packet (RFC 2865 3): code(1) id(1) length(2) authenticator(16) then attributes type(1) len(1)
 * value(len-2). Response Authenticator = MD5(code|id|length|RequestAuth|attributes|secret).
 * Message-Authenticator (type 80, RFC 3579 3.2) = HMAC-MD5(secret, packet with it zeroed; in a
 * reply the authenticator field holds the Request Authenticator). */
#include "radius_wire.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define ATTR_USER_NAME             1
#define ATTR_USER_PASSWORD         2
#define ATTR_REPLY_MESSAGE         18
#define ATTR_NAS_IDENTIFIER        32
#define ATTR_MESSAGE_AUTHENTICATOR 80

/* MD5 of the concatenation a | b | c (c may be empty). */
static int md5(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, const uint8_t *c,
               size_t cn, uint8_t out[16])
{
    EVP_MD_CTX *x = EVP_MD_CTX_new();
    unsigned int n = 0;
    int ok = x != NULL && EVP_DigestInit_ex(x, EVP_md5(), NULL) == 1 &&
             EVP_DigestUpdate(x, a, an) == 1 && EVP_DigestUpdate(x, b, bn) == 1 &&
             (cn == 0 || EVP_DigestUpdate(x, c, cn) == 1) && EVP_DigestFinal_ex(x, out, &n) == 1 &&
             n == 16;

    EVP_MD_CTX_free(x);
    return ok ? 0 : -1;
}

static int hmac_md5(const uint8_t *key, size_t klen, const uint8_t *d, size_t n, uint8_t out[16])
{
    unsigned int olen = 0;

    if (klen > 0x7fffffff)
        return -1;
    if (HMAC(EVP_md5(), key, (int)klen, d, n, out, &olen) == NULL || olen != 16)
        return -1;
    return 0;
}

static int put_attr(uint8_t *buf, size_t cap, size_t *len, uint8_t type, const void *v, size_t n)
{
    if (n > 253 || *len + 2 + n > cap)
        return -1;
    buf[*len] = type;
    buf[*len + 1] = (uint8_t)(n + 2);
    if (n > 0)
        memcpy(buf + *len + 2, v, n);
    *len += 2 + n;
    return 0;
}

/* RFC 2865 5.2: c(i) = p(i) XOR MD5(S + c(i-1)), c(0) = Request Authenticator. */
static int hide_password(const struct rad_req *q, uint8_t *out, size_t *olen)
{
    size_t plen = strlen(q->password);
    size_t padded = plen == 0 ? 16 : (plen + 15) / 16 * 16;
    const uint8_t *prev = q->auth;
    uint8_t b[16];
    size_t i;
    size_t k;

    if (plen > RAD_PASSWORD_MAX)
        return -1;
    memset(out, 0, padded);
    memcpy(out, q->password, plen);
    for (i = 0; i < padded; i += 16) {
        if (md5(q->secret, q->secret_len, prev, 16, NULL, 0, b) != 0)
            return -1;
        for (k = 0; k < 16; k++)
            out[i + k] ^= b[k];
        prev = out + i;
    }
    *olen = padded;
    return 0;
}

size_t rad_build_request(const struct rad_req *q, uint8_t *buf, size_t cap)
{
    static const uint8_t zero[16] = {0};
    static const char nas[] = "aovpn-doctor";
    uint8_t pw[RAD_PASSWORD_MAX];
    size_t pwlen = 0;
    size_t len = RAD_HDR_LEN;
    size_t ma_at;
    uint8_t mac[16];

    if (q->user == NULL || q->password == NULL || q->secret == NULL || q->secret_len == 0 ||
        q->secret_len > RAD_SECRET_MAX || strlen(q->user) > 253 || cap < RAD_HDR_LEN ||
        cap > RAD_MAX)
        return 0;
    buf[0] = RAD_ACCESS_REQUEST;
    buf[1] = q->id;
    memcpy(buf + 4, q->auth, 16);
    ma_at = len + 2;
    if (put_attr(buf, cap, &len, ATTR_MESSAGE_AUTHENTICATOR, zero, 16) != 0 ||
        put_attr(buf, cap, &len, ATTR_USER_NAME, q->user, strlen(q->user)) != 0 ||
        hide_password(q, pw, &pwlen) != 0 ||
        put_attr(buf, cap, &len, ATTR_USER_PASSWORD, pw, pwlen) != 0 ||
        put_attr(buf, cap, &len, ATTR_NAS_IDENTIFIER, nas, sizeof nas - 1) != 0)
        return 0;
    buf[2] = (uint8_t)(len >> 8);
    buf[3] = (uint8_t)len;
    if (hmac_md5(q->secret, q->secret_len, buf, len, mac) != 0)
        return 0;
    memcpy(buf + ma_at, mac, 16);
    memset(pw, 0, sizeof pw);
    return len;
}

/* Checks the Message-Authenticator at `at` (offset of its value) over a copy of the reply. */
static int reply_ma_ok(const uint8_t *buf, size_t len, size_t at, const uint8_t req_auth[16],
                       const uint8_t *secret, size_t slen)
{
    uint8_t copy[RAD_MAX];
    uint8_t mac[16];

    memcpy(copy, buf, len);
    memcpy(copy + 4, req_auth, 16);
    memset(copy + at, 0, 16);
    if (hmac_md5(secret, slen, copy, len, mac) != 0)
        return 0;
    return memcmp(mac, buf + at, 16) == 0;
}

enum aod_status rad_parse_reply(const uint8_t *buf, size_t len, uint8_t id,
                                const uint8_t req_auth[16], const uint8_t *secret,
                                size_t secret_len, struct rad_reply *r, struct aod_err *err)
{
    uint8_t head[RAD_HDR_LEN];
    uint8_t expect[16];
    size_t total;
    size_t off;
    size_t msg_at = 0; /* offset of the first Reply-Message's text, 0: none */
    size_t msg_len = 0;

    memset(r, 0, sizeof *r);
    if (buf == NULL || len < RAD_HDR_LEN)
        return aod_err_set(err, AOD_E_PARSE, "reply shorter than a RADIUS header");
    if (len > RAD_MAX)
        return aod_err_set(err, AOD_E_PARSE, "reply longer than %d octets", RAD_MAX);
    total = ((size_t)buf[2] << 8) | buf[3];
    if (total < RAD_HDR_LEN || total > len)
        return aod_err_set(err, AOD_E_PARSE, "length field %zu, datagram %zu octets", total, len);
    if (buf[1] != id)
        return aod_err_set(err, AOD_E_PARSE, "reply to another request (id %u)", buf[1]);
    r->code = buf[0];
    for (off = RAD_HDR_LEN; off < total;) {
        uint8_t type;
        size_t alen;

        if (off + 2 > total)
            return aod_err_set(err, AOD_E_PARSE, "attribute truncated at octet %zu", off);
        type = buf[off];
        alen = buf[off + 1];
        if (alen < 2 || off + alen > total)
            return aod_err_set(err, AOD_E_PARSE, "attribute %u: bad length %zu", type, alen);
        if (type == ATTR_MESSAGE_AUTHENTICATOR && alen == 18) {
            r->has_ma = 1;
            r->ma_ok = reply_ma_ok(buf, total, off + 2, req_auth, secret, secret_len);
        } else if (type == ATTR_REPLY_MESSAGE && msg_at == 0) {
            msg_at = off + 2;
            msg_len = alen - 2;
        }
        off += alen;
    }
    /* Response Authenticator: MD5(code|id|length|RequestAuth|attributes|secret) */
    memcpy(head, buf, 4);
    memcpy(head + 4, req_auth, 16);
    if (md5(head, sizeof head, buf + RAD_HDR_LEN, total - RAD_HDR_LEN, secret, secret_len,
            expect) != 0)
        return aod_err_set(err, AOD_E_IO, "MD5 unavailable");
    r->auth_ok = memcmp(expect, buf + 4, 16) == 0 && (!r->has_ma || r->ma_ok);
    /* Text from a reply that does not verify may come from anyone who can send us a datagram:
     * it is never kept, so it can never be shown. */
    if (r->auth_ok && msg_at != 0)
        aod_text_sanitize_n(r->message, sizeof r->message, (const char *)buf + msg_at, msg_len,
                            false);
    return AOD_OK;
}

static const char *code_word(uint8_t code)
{
    switch (code) {
    case RAD_ACCESS_ACCEPT:
        return "accept";
    case RAD_ACCESS_REJECT:
        return "reject";
    case RAD_ACCESS_CHALLENGE:
        return "challenge";
    default:
        return "other";
    }
}

void rad_judge(const struct rad_judge_in *in, struct probe_out *out)
{
    const struct rad_reply *r = in->reply;

    out_bool(out, "responded", r != NULL);
    out_icmp(out, in->icmp);
    if (r == NULL) {
        out_field(out, "reply", FT_STR, "none");
        out_null(out, "authenticator_ok");
        out_bool(out, "port_unreachable", in->icmp_unreachable);
        if (in->icmp_unreachable)
            out_verdict(out, AOD_VERDICT_FAIL,
                        "nothing listens on UDP %s (ICMP port unreachable%s%s): NPS is not "
                        "running or uses another port",
                        in->port, in->icmp != NULL && in->icmp->from[0] ? " from " : "",
                        in->icmp != NULL ? in->icmp->from : "");
        else if (in->icmp != NULL)
            judge_icmp(in->icmp, "UDP", in->port, out);
        else
            out_verdict(out, AOD_VERDICT_FAIL,
                        "no answer on UDP %s within %d ms: NPS silently discards requests from "
                        "an unregistered client (System event 13) or with a wrong secret (event "
                        "18), or the port is filtered",
                        in->port, in->timeout_ms);
        return;
    }
    out_bool(out, "authenticator_ok", r->auth_ok);
    out_null(out, "port_unreachable");
    out_bool(out, "message_authenticator", r->has_ma);
    if (!r->auth_ok) {
        /* No reply_message: the text of an unverified reply is not shown at all. */
        out_field(out, "reply", FT_STR, "bad_authenticator");
        out_verdict(out, AOD_VERDICT_FAIL,
                    "the server answers but the reply's authenticator did not verify (its text "
                    "is not shown): the shared secret differs from the server's");
        return;
    }
    if (r->message[0] != '\0')
        out_field(out, "reply_message", FT_STR, "%s", r->message);
    out_field(out, "reply", FT_STR, "%s", code_word(r->code));
    if (r->code == RAD_ACCESS_ACCEPT)
        out_verdict(out, AOD_VERDICT_PASS,
                    "RADIUS answers, the shared secret is right and the user was accepted");
    else if (r->code == RAD_ACCESS_REJECT)
        out_verdict(out, AOD_VERDICT_PASS,
                    "RADIUS answers and the shared secret is right; the test credentials were "
                    "rejected (Access-Reject)");
    else if (r->code == RAD_ACCESS_CHALLENGE)
        out_verdict(out, AOD_VERDICT_PASS,
                    "RADIUS answers, the shared secret is right and it asks for a second factor "
                    "(Access-Challenge)");
    else
        out_verdict(out, AOD_VERDICT_INCONCLUSIVE, "RADIUS answers with an unexpected code %u",
                    r->code);
}

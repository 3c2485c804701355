/* tests/probes/test_ike_wire.c: IKE_SA_INIT request layout, reply parsing on canned packets
 * (full answers, error notifies, truncated, oversized, malformed) and the judge's verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ike_wire.h"

static const uint8_t SPI[8] = {1, 2, 3, 4, 5, 6, 7, 8};

/* A canned reply, assembled payload by payload. */
struct pkt {
    uint8_t b[IKE_MSG_MAX + 64];
    size_t len;
    size_t next_at;
};

static void pkt_start(struct pkt *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->b, SPI, 8);
    memset(p->b + 8, 0xAB, 8);
    p->b[17] = 0x20;
    p->b[18] = 34;
    p->b[19] = 0x20;
    p->len = IKE_HDR_LEN;
    p->next_at = 16;
}

static void pkt_add(struct pkt *p, uint8_t type, const uint8_t *body, size_t n)
{
    p->b[p->next_at] = type;
    p->next_at = p->len;
    p->b[p->len] = 0;
    p->b[p->len + 1] = 0;
    p->b[p->len + 2] = (uint8_t)((n + 4) >> 8);
    p->b[p->len + 3] = (uint8_t)(n + 4);
    if (n > 0)
        memcpy(p->b + p->len + 4, body, n);
    p->len += 4 + n;
}

static void pkt_notify(struct pkt *p, uint16_t type, const uint8_t *d, size_t n)
{
    uint8_t body[128] = {0, 0, (uint8_t)(type >> 8), (uint8_t)type};

    if (n > 0)
        memcpy(body + 4, d, n);
    pkt_add(p, 41, body, 4 + n);
}

static void pkt_end(struct pkt *p)
{
    p->b[24] = (uint8_t)(p->len >> 24);
    p->b[25] = (uint8_t)(p->len >> 16);
    p->b[26] = (uint8_t)(p->len >> 8);
    p->b[27] = (uint8_t)p->len;
}

/* SA with one proposal: AES_GCM_16-256, PRF_HMAC_SHA2_256, ECP_256. */
static void pkt_sa(struct pkt *p)
{
    static const uint8_t sa[] = {
        0, 0, 0, 36, 1, 1, 0, 3,                          /* proposal 1, IKE, 3 transforms */
        3, 0, 0, 12, 1, 0, 0, 20, 0x80, 0x0E, 0x01, 0x00, /* ENCR AES_GCM_16, keylen 256 */
        3, 0, 0, 8,  2, 0, 0, 5,                          /* PRF HMAC_SHA2_256 */
        0, 0, 0, 8,  4, 0, 0, 19,                         /* DH ECP_256 */
    };
    pkt_add(p, 33, sa, sizeof sa);
}

static void full_reply(struct pkt *p, int frag, int ms_vid)
{
    static const uint8_t ke[4 + 64] = {0, 19, 0, 0};
    static const uint8_t nonce[32] = {9};
    static const uint8_t ms[20] = {0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96,
                                   0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61, 0,    0,    0,    9};
    static const uint8_t h[20] = {7};

    pkt_start(p);
    pkt_sa(p);
    pkt_add(p, 34, ke, sizeof ke);
    pkt_add(p, 40, nonce, sizeof nonce);
    pkt_notify(p, IKE_N_NAT_DETECTION_SOURCE_IP, h, 20);
    pkt_notify(p, IKE_N_NAT_DETECTION_DESTINATION_IP, h, 20);
    if (frag)
        pkt_notify(p, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0);
    if (ms_vid)
        pkt_add(p, 43, ms, sizeof ms);
    pkt_end(p);
}

static void build_layout(void **state)
{
    uint8_t ke[64] = {0};
    uint8_t nonce[32] = {0};
    uint8_t buf[IKE_MSG_MAX];
    uint8_t cookie[8] = {0xC0};
    struct ike_init_req q;
    size_t len;
    size_t off;
    unsigned next;
    unsigned seen[8];
    size_t n = 0;

    (void)state;
    memset(&q, 0, sizeof q);
    memcpy(q.spi_i, SPI, 8);
    q.dh_group = 19;
    q.ke = ke;
    q.ke_len = sizeof ke;
    q.nonce = nonce;
    q.nonce_len = sizeof nonce;
    len = ike_build_init(&q, buf, sizeof buf);
    assert_true(len > IKE_HDR_LEN);
    assert_int_equal(buf[18], 34);
    assert_int_equal(buf[19], 0x08);
    assert_int_equal(((size_t)buf[26] << 8) | buf[27], len);
    /* walk the chain: SA KE Ni N N N, the last one IKEV2_FRAGMENTATION_SUPPORTED */
    next = buf[16];
    off = IKE_HDR_LEN;
    while (next != 0 && n < 8) {
        size_t plen = ((size_t)buf[off + 2] << 8) | buf[off + 3];
        seen[n++] = next;
        if (next == 41)
            assert_true(plen >= 8);
        if (next == 41 && buf[off] == 0)
            assert_int_equal((buf[off + 6] << 8) | buf[off + 7], IKE_N_FRAGMENTATION_SUPPORTED);
        next = buf[off];
        off += plen;
    }
    assert_int_equal(off, len);
    assert_int_equal(n, 6);
    assert_int_equal(seen[0], 33);
    assert_int_equal(seen[1], 34);
    assert_int_equal(seen[2], 40);
    /* NAT-T: four zero octets in front, cookie notify first */
    q.natt_marker = 1;
    q.cookie = cookie;
    q.cookie_len = sizeof cookie;
    assert_int_equal(ike_build_init(&q, buf, sizeof buf), len + 4 + 4 + 4 + sizeof cookie);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    assert_int_equal(buf[4 + 16], 41);
    /* too small a buffer, bad lengths */
    assert_int_equal(ike_build_init(&q, buf, 100), 0);
    q.nonce_len = 8;
    assert_int_equal(ike_build_init(&q, buf, sizeof buf), 0);
    q.nonce_len = sizeof nonce;
    q.cookie_len = 65;
    assert_int_equal(ike_build_init(&q, buf, sizeof buf), 0);
}

static void parse_full(void **state)
{
    struct pkt p;
    struct ike_reply r;
    char prop[128];

    (void)state;
    full_reply(&p, 1, 1);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    assert_true(r.has_sa);
    assert_true(r.has_ke);
    assert_int_equal(r.ke_group, 19);
    assert_int_equal(r.chosen.encr, 20);
    assert_int_equal(r.chosen.encr_keylen, 256);
    assert_int_equal(r.chosen.dh, 19);
    assert_non_null(ike_reply_notify(&r, IKE_N_FRAGMENTATION_SUPPORTED));
    assert_int_equal(r.n_vid, 1);
    assert_true(ike_vid_is_microsoft(r.vid[0], r.vid_len[0]));
    ike_describe_chosen(&r.chosen, prop, sizeof prop);
    assert_string_equal(prop, "AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256");
}

static void parse_marker(void **state)
{
    struct pkt p;
    uint8_t buf[sizeof p.b + 4] = {0};
    struct ike_reply r;

    (void)state;
    full_reply(&p, 1, 0);
    memcpy(buf + 4, p.b, p.len);
    assert_int_equal(ike_parse_reply(buf, p.len + 4, 1, SPI, &r, NULL), AOD_OK);
    buf[0] = 1; /* an ESP SPI, not the marker */
    assert_int_equal(ike_parse_reply(buf, p.len + 4, 1, SPI, &r, NULL), AOD_E_PARSE);
    assert_int_equal(ike_parse_reply(buf, 3, 1, SPI, &r, NULL), AOD_E_PARSE);
}

static void parse_truncated(void **state)
{
    struct pkt p;
    struct ike_reply r;
    size_t n;

    (void)state;
    full_reply(&p, 1, 1);
    assert_int_equal(ike_parse_reply(NULL, 0, 0, SPI, &r, NULL), AOD_E_PARSE);
    for (n = 0; n < p.len; n++)
        assert_int_equal(ike_parse_reply(p.b, n, 0, SPI, &r, NULL), AOD_E_PARSE);
}

static void parse_oversized(void **state)
{
    static uint8_t big[IKE_MSG_MAX + 1];
    struct pkt p;
    struct ike_reply r;
    struct aod_err err;

    (void)state;
    full_reply(&p, 1, 0);
    memcpy(big, p.b, p.len);
    assert_int_equal(ike_parse_reply(big, sizeof big, 0, SPI, &r, &err), AOD_E_PARSE);
    assert_non_null(strstr(err.msg, "larger"));
    /* trailing bytes after the header's length are ignored */
    assert_int_equal(ike_parse_reply(big, p.len + 10, 0, SPI, &r, NULL), AOD_OK);
}

static void parse_malformed(void **state)
{
    struct pkt p;
    struct ike_reply r;
    uint8_t spi2[8] = {0};

    (void)state;
    full_reply(&p, 1, 0);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, spi2, &r, NULL), AOD_E_PARSE);
    p.b[19] = 0x08; /* a request, not a response */
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    p.b[19] = 0x20;
    p.b[17] = 0x10; /* IKEv1 */
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    p.b[17] = 0x20;
    p.b[IKE_HDR_LEN + 2] = 0; /* first payload length 0 */
    p.b[IKE_HDR_LEN + 3] = 0;
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    p.b[IKE_HDR_LEN + 2] = 0xFF; /* past the end */
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    /* proposal longer than its payload */
    full_reply(&p, 1, 0);
    p.b[IKE_HDR_LEN + 4 + 3] = 200;
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    /* transform count beyond the proposal */
    full_reply(&p, 1, 0);
    p.b[IKE_HDR_LEN + 4 + 7] = 9;
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    /* a notify whose SPI size runs past the payload */
    pkt_start(&p);
    {
        uint8_t body[4] = {0, 200, 0, 14};
        pkt_add(&p, 41, body, sizeof body);
    }
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
}

static void parse_payload_loop_capped(void **state)
{
    struct pkt p;
    struct ike_reply r;
    int i;

    (void)state;
    pkt_start(&p);
    for (i = 0; i < IKE_MAX_PAYLOADS + 1; i++)
        pkt_add(&p, 99, NULL, 0);
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_E_PARSE);
    /* many notifies: the first IKE_MAX_NOTIFY are kept, the rest counted out */
    pkt_start(&p);
    for (i = 0; i < IKE_MAX_PAYLOADS; i++)
        pkt_notify(&p, 16384, NULL, 0);
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    assert_int_equal(r.n_notify, IKE_MAX_NOTIFY);
}

static struct ike_judge_in judge_in(const struct ike_reply *r)
{
    struct ike_judge_in in;

    memset(&in, 0, sizeof in);
    in.reply = r;
    in.nat_local = -1;
    in.nat_remote = -1;
    in.port = "500";
    in.timeout_ms = 3000;
    return in;
}

static void judge_cases(void **state)
{
    struct pkt p;
    struct ike_reply r;
    struct ike_judge_in in;
    struct probe_out o;
    uint8_t grp[2] = {0, 14};

    (void)state;
    full_reply(&p, 1, 1);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    in = judge_in(&r);
    out_init(&o);
    ike_judge(&in, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_PASS);
    assert_string_equal(out_get(&o, "fragmentation_supported"), "true");
    assert_string_equal(out_get(&o, "microsoft_vendor_id"), "true");
    assert_string_equal(out_get(&o, "nat_detected"), "null");
    out_free(&o);

    full_reply(&p, 0, 0);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    in = judge_in(&r);
    in.nat_local = 1;
    in.nat_remote = 0;
    out_init(&o);
    ike_judge(&in, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_PASS); /* it answers: reachable */
    assert_string_equal(out_get(&o, "fragmentation_supported"), "false");
    assert_string_equal(out_get(&o, "nat_detected"), "true");
    assert_non_null(strstr(o.res.summary, "809"));
    /* ...but the row must not read PASS: the answer shows the fault. */
    assert_string_equal(aod_result_label(o.res.verdict, o.res.fields, o.res.n_fields), "WARN");
    out_free(&o);

    pkt_start(&p);
    pkt_notify(&p, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    in = judge_in(&r);
    out_init(&o);
    ike_judge(&in, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    assert_string_equal(out_get(&o, "responded"), "true");
    assert_string_equal(out_get(&o, "fragmentation_supported"), "null");
    assert_string_equal(out_get(&o, "notifies"), "NO_PROPOSAL_CHOSEN");
    assert_non_null(strstr(o.res.summary, "accepts none of these proposals"));
    out_free(&o);

    pkt_start(&p);
    pkt_notify(&p, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    assert_int_equal(ike_reply_notify(&r, IKE_N_INVALID_KE_PAYLOAD)->data[1], 14);
    in = judge_in(&r);
    in.invalid_ke_group = 14;
    in.retry_unanswered = 1; /* it named a group, then kept quiet */
    out_init(&o);
    ike_judge(&in, &o);
    assert_int_equal(o.res.verdict, AOD_VERDICT_INCONCLUSIVE);
    assert_string_equal(out_get(&o, "invalid_ke_group"), "14");
    assert_non_null(strstr(o.res.summary, "INVALID_KE_PAYLOAD"));
    out_free(&o);

    in = judge_in(NULL);
    in.icmp_unreachable = 1;
    out_init(&o);
    ike_judge(&in, &o);
    assert_string_equal(out_get(&o, "responded"), "false");
    assert_non_null(strstr(o.res.summary, "nothing listens"));
    out_free(&o);

    /* A router's unreachable is not the server's: the summary names the sender. */
    {
        struct net_icmp ic;
        memset(&ic, 0, sizeof ic);
        ic.is_set = 1;
        ic.type = 3;
        ic.code = 13; /* communication administratively prohibited */
        snprintf(ic.from, sizeof ic.from, "192.0.2.1");
        in = judge_in(NULL);
        in.icmp_unreachable = net_icmp_is_port_closed(&ic);
        in.icmp = &ic;
        out_init(&o);
        ike_judge(&in, &o);
        assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
        assert_null(strstr(o.res.summary, "nothing listens"));
        assert_non_null(strstr(o.res.summary, "administratively prohibited sent by 192.0.2.1"));
        assert_string_equal(out_get(&o, "icmp_from"), "192.0.2.1");
        out_free(&o);

        ic.code = 3; /* port unreachable, from the server itself */
        ic.is_from_target = 1;
        in.icmp_unreachable = net_icmp_is_port_closed(&ic);
        out_init(&o);
        ike_judge(&in, &o);
        assert_non_null(strstr(o.res.summary, "nothing listens"));
        assert_non_null(strstr(o.res.summary, "from 192.0.2.1"));
        out_free(&o);
    }

    in = judge_in(NULL);
    out_init(&o);
    ike_judge(&in, &o);
    assert_non_null(strstr(o.res.summary, "filtered or down"));
    assert_int_equal(o.res.verdict, AOD_VERDICT_FAIL);
    out_free(&o);
}

/* A reply asking for the group we just sent answers an earlier round: it is stale. */
static void stale_replies(void **state)
{
    static const uint8_t grp[2] = {0, 14};
    struct pkt p;
    struct ike_reply r;

    (void)state;
    pkt_start(&p);
    pkt_notify(&p, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
    pkt_end(&p);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    assert_true(ike_reply_is_stale(&r, 14));
    assert_false(ike_reply_is_stale(&r, 19));
    full_reply(&p, 1, 0);
    assert_int_equal(ike_parse_reply(p.b, p.len, 0, SPI, &r, NULL), AOD_OK);
    assert_false(ike_reply_is_stale(&r, 14));
    assert_false(ike_reply_is_stale(&r, 19));
}

static void dh_values(void **state)
{
    static const uint16_t g[] = {2, 5, 14, 15, 16, 19, 20, 21, 31};
    static const size_t len[] = {128, 192, 256, 384, 512, 64, 96, 132, 32};
    uint8_t buf[IKE_KE_MAX];
    uint8_t buf2[IKE_KE_MAX];
    size_t n = 0;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof g / sizeof g[0]; i++) {
        assert_int_equal(ike_dh_public(g[i], buf, sizeof buf, &n, NULL), AOD_OK);
        assert_int_equal(n, len[i]);
        assert_int_equal(ike_dh_public(g[i], buf2, sizeof buf2, &n, NULL), AOD_OK);
        assert_memory_not_equal(buf, buf2, n); /* a fresh key each time */
    }
    assert_int_equal(ike_dh_public(1, buf, sizeof buf, &n, NULL), AOD_E_INPUT);
    assert_int_equal(ike_dh_public(14, buf, 100, &n, NULL), AOD_E_INPUT);
    assert_false(ike_dh_supported(22));
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(ike_notify_name(16430), "IKEV2_FRAGMENTATION_SUPPORTED");
    assert_string_equal(ike_notify_name(60000), "UNKNOWN");
    assert_false(ike_vid_is_microsoft((const uint8_t *)"short", 5));
    assert_false(ike_vid_is_microsoft(NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_layout),
        cmocka_unit_test(parse_full),
        cmocka_unit_test(parse_marker),
        cmocka_unit_test(parse_truncated),
        cmocka_unit_test(parse_oversized),
        cmocka_unit_test(parse_malformed),
        cmocka_unit_test(parse_payload_loop_capped),
        cmocka_unit_test(judge_cases),
        cmocka_unit_test(stale_replies),
        cmocka_unit_test(dh_values),
        cmocka_unit_test(names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

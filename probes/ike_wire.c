/* probes/ike_wire.c: IKEv2 IKE_SA_INIT bytes: builds the probe's request, parses a reply with
 * every length checked, and judges the outcome; no I/O, so the tests feed it canned packets.
 *
 * A request, as built here (RFC 7296 3.1-3.10):
 *   [0000 0000 non-ESP marker, ports other than 500]
 *   header   SPIi(8) SPIr=0(8) next=SA|N 0x20 exch=34 flags=0x08 msgid=0 length(4)
 *   [N(COOKIE) when the responder asked for one]
 *   SA       2 proposals (AES-GCM; AES-CBC/3DES + HMAC), each with PRF and DH transforms
 *   KE       group(2) 0(2) public value     Ni  32 random octets
 *   N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) N(IKEV2_FRAGMENTATION_SUPPORTED) */
#include "ike_wire.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#define PL_NONE   0
#define PL_SA     33
#define PL_KE     34
#define PL_NONCE  40
#define PL_NOTIFY 41
#define PL_VID    43

#define TT_ENCR  1
#define TT_PRF   2
#define TT_INTEG 3
#define TT_DH    4

struct xform {
    uint8_t type;
    uint16_t id;
    uint16_t keylen; /* 0: no Key Length attribute */
};

/* What Windows clients and RRAS negotiate by default (3DES or AES-CBC, SHA-1, group 2) and the
 * common custom policies (AES-CBC/GCM 128/256, SHA-256/384, groups 14, 19, 20...). The first
 * DH group of each list is the one we send a KE for first. */
static const struct xform prop_gcm[] = {
    {TT_ENCR, 20, 256}, {TT_ENCR, 20, 128}, {TT_PRF, 5, 0}, {TT_PRF, 6, 0},
    {TT_PRF, 7, 0},     {TT_DH, 19, 0},     {TT_DH, 20, 0}, {TT_DH, 21, 0},
    {TT_DH, 31, 0},     {TT_DH, 14, 0},     {TT_DH, 15, 0}, {TT_DH, 16, 0},
};
static const struct xform prop_cbc[] = {
    {TT_ENCR, 12, 256}, {TT_ENCR, 12, 128}, {TT_ENCR, 3, 0}, {TT_INTEG, 12, 0}, {TT_INTEG, 13, 0},
    {TT_INTEG, 14, 0},  {TT_INTEG, 2, 0},   {TT_PRF, 5, 0},  {TT_PRF, 6, 0},    {TT_PRF, 7, 0},
    {TT_PRF, 2, 0},     {TT_DH, 19, 0},     {TT_DH, 20, 0},  {TT_DH, 21, 0},    {TT_DH, 31, 0},
    {TT_DH, 14, 0},     {TT_DH, 15, 0},     {TT_DH, 16, 0},  {TT_DH, 2, 0},     {TT_DH, 5, 0},
};

/* A bounded writer: once it overflows, it stays failed. */
struct wr {
    uint8_t *p;
    size_t len;
    size_t cap;
    int bad;
};

static void put(struct wr *w, const void *src, size_t n)
{
    if (w->bad || n > w->cap - w->len) {
        w->bad = 1;
        return;
    }
    memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void put8(struct wr *w, unsigned v)
{
    uint8_t b = (uint8_t)v;
    put(w, &b, 1);
}

static void put16(struct wr *w, unsigned v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(w, b, 2);
}

static void patch16(struct wr *w, size_t at, size_t v)
{
    if (w->bad || at + 2 > w->len || v > 0xFFFF) {
        w->bad = 1;
        return;
    }
    w->p[at] = (uint8_t)(v >> 8);
    w->p[at + 1] = (uint8_t)v;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/* Generic payload header; returns where its length goes. */
static size_t payload_begin(struct wr *w, unsigned next)
{
    size_t at;

    put8(w, next);
    put8(w, 0);
    at = w->len;
    put16(w, 0);
    return at;
}

static void payload_end(struct wr *w, size_t len_at)
{
    patch16(w, len_at, w->len - (len_at - 2));
}

static void put_proposal(struct wr *w, unsigned num, int last, const struct xform *x, size_t n)
{
    size_t at;
    size_t i;

    put8(w, last ? 0 : 2);
    put8(w, 0);
    at = w->len;
    put16(w, 0);
    put8(w, num);
    put8(w, 1); /* protocol IKE */
    put8(w, 0); /* no SPI in IKE_SA_INIT */
    put8(w, n);
    for (i = 0; i < n; i++) {
        put8(w, i + 1 == n ? 0 : 3);
        put8(w, 0);
        put16(w, x[i].keylen ? 12 : 8);
        put8(w, x[i].type);
        put8(w, 0);
        put16(w, x[i].id);
        if (x[i].keylen) {
            put16(w, 0x800E); /* TV attribute: Key Length */
            put16(w, x[i].keylen);
        }
    }
    patch16(w, at, w->len - (at - 2));
}

static void put_notify(struct wr *w, unsigned next, unsigned type, const uint8_t *d, size_t n)
{
    size_t at = payload_begin(w, next);

    put8(w, 0); /* protocol: none */
    put8(w, 0); /* SPI size */
    put16(w, type);
    if (n > 0)
        put(w, d, n);
    payload_end(w, at);
}

size_t ike_build_init(const struct ike_init_req *r, uint8_t *buf, size_t cap)
{
    static const uint8_t zero[8] = {0};
    struct wr w = {buf, 0, cap, 0};
    size_t start;
    size_t at;

    if (r->ke_len == 0 || r->ke_len > IKE_KE_MAX || r->nonce_len < 16 || r->nonce_len > 256 ||
        (r->cookie != NULL && (r->cookie_len == 0 || r->cookie_len > IKE_NOTIFY_DATA_MAX)))
        return 0;
    if (r->natt_marker)
        put(&w, zero, 4);
    start = w.len;
    put(&w, r->spi_i, 8);
    put(&w, zero, 8);
    put8(&w, r->cookie != NULL ? PL_NOTIFY : PL_SA);
    put8(&w, 0x20); /* version 2.0 */
    put8(&w, 34);   /* IKE_SA_INIT */
    put8(&w, 0x08); /* Initiator */
    put(&w, zero, 4);
    put(&w, zero, 4); /* length, patched below */
    if (r->cookie != NULL)
        put_notify(&w, PL_SA, IKE_N_COOKIE, r->cookie, r->cookie_len);
    at = payload_begin(&w, PL_KE);
    put_proposal(&w, 1, 0, prop_gcm, sizeof prop_gcm / sizeof prop_gcm[0]);
    put_proposal(&w, 2, 1, prop_cbc, sizeof prop_cbc / sizeof prop_cbc[0]);
    payload_end(&w, at);
    at = payload_begin(&w, PL_NONCE);
    put16(&w, r->dh_group);
    put16(&w, 0);
    put(&w, r->ke, r->ke_len);
    payload_end(&w, at);
    at = payload_begin(&w, PL_NOTIFY);
    put(&w, r->nonce, r->nonce_len);
    payload_end(&w, at);
    put_notify(&w, PL_NOTIFY, IKE_N_NAT_DETECTION_SOURCE_IP, r->nat_src, 20);
    put_notify(&w, PL_NOTIFY, IKE_N_NAT_DETECTION_DESTINATION_IP, r->nat_dst, 20);
    put_notify(&w, PL_NONE, IKE_N_FRAGMENTATION_SUPPORTED, NULL, 0);
    if (w.bad)
        return 0;
    {
        size_t total = w.len - start;
        buf[start + 24] = (uint8_t)(total >> 24);
        buf[start + 25] = (uint8_t)(total >> 16);
        buf[start + 26] = (uint8_t)(total >> 8);
        buf[start + 27] = (uint8_t)total;
    }
    return w.len;
}

/* The chosen proposal: exactly one, with its transforms (RFC 7296 3.3). */
static enum aod_status parse_sa(const uint8_t *p, size_t n, struct ike_chosen *c,
                                struct aod_err *err)
{
    size_t plen;
    size_t off;
    unsigned ntrans;
    unsigned i;

    if (n < 8)
        return aod_err_set(err, AOD_E_PARSE, "SA payload: proposal truncated");
    plen = rd16(p + 2);
    if (plen < 8u + p[6] || plen > n)
        return aod_err_set(err, AOD_E_PARSE, "SA payload: bad proposal length %zu", plen);
    ntrans = p[7];
    off = 8u + p[6];
    for (i = 0; i < ntrans; i++) {
        size_t tlen;
        uint8_t type;
        uint16_t id;
        uint16_t keylen = 0;
        size_t a;

        if (off + 8 > plen)
            return aod_err_set(err, AOD_E_PARSE, "SA payload: transform %u truncated", i);
        tlen = rd16(p + off + 2);
        if (tlen < 8 || off + tlen > plen)
            return aod_err_set(err, AOD_E_PARSE, "SA payload: bad transform length %zu", tlen);
        type = p[off + 4];
        id = rd16(p + off + 6);
        for (a = off + 8; a + 4 <= off + tlen;) {
            uint16_t at = rd16(p + a);
            if (at & 0x8000u) {
                if ((at & 0x7FFFu) == 14)
                    keylen = rd16(p + a + 2);
                a += 4;
            } else {
                a += 4u + rd16(p + a + 2); /* TLV: skipped; the loop bound keeps it inside */
            }
        }
        if (type == TT_ENCR) {
            c->encr = id;
            c->encr_keylen = keylen;
        } else if (type == TT_PRF) {
            c->prf = id;
        } else if (type == TT_INTEG) {
            c->integ = id;
        } else if (type == TT_DH) {
            c->dh = id;
        }
        off += tlen;
    }
    return AOD_OK;
}

static void store_notify(struct ike_reply *r, const uint8_t *p, size_t n)
{
    struct ike_notify *nt;
    size_t spi;
    size_t dlen;

    if (r->n_notify >= IKE_MAX_NOTIFY)
        return;
    nt = &r->notify[r->n_notify++];
    nt->type = rd16(p + 2);
    spi = p[1];
    dlen = n > 4 + spi ? n - 4 - spi : 0;
    nt->full_len = (uint16_t)dlen;
    nt->len = (uint16_t)(dlen > IKE_NOTIFY_DATA_MAX ? IKE_NOTIFY_DATA_MAX : dlen);
    if (nt->len > 0)
        memcpy(nt->data, p + 4 + spi, nt->len);
}

static enum aod_status parse_payloads(const uint8_t *m, size_t mlen, unsigned next,
                                      struct ike_reply *r, struct aod_err *err)
{
    size_t off = IKE_HDR_LEN;
    unsigned count = 0;
    enum aod_status rc = AOD_OK;

    while (next != PL_NONE) {
        size_t plen;
        const uint8_t *body;
        size_t blen;

        if (++count > IKE_MAX_PAYLOADS)
            return aod_err_set(err, AOD_E_PARSE, "more than %d payloads", IKE_MAX_PAYLOADS);
        if (off + 4 > mlen)
            return aod_err_set(err, AOD_E_PARSE, "payload %u truncated at octet %zu", count, off);
        plen = rd16(m + off + 2);
        if (plen < 4 || plen > mlen - off)
            return aod_err_set(err, AOD_E_PARSE, "payload %u: bad length %zu", count, plen);
        body = m + off + 4;
        blen = plen - 4;
        if (next == PL_SA) {
            rc = parse_sa(body, blen, &r->chosen, err);
            r->has_sa = 1;
        } else if (next == PL_KE && blen >= 4) {
            r->has_ke = 1;
            r->ke_group = rd16(body);
        } else if (next == PL_NONCE) {
            r->has_nonce = 1;
        } else if (next == PL_NOTIFY) {
            if (blen < 4 || (size_t)body[1] > blen - 4)
                return aod_err_set(err, AOD_E_PARSE, "notify payload %u truncated", count);
            store_notify(r, body, blen);
        } else if (next == PL_VID && r->n_vid < IKE_MAX_VID) {
            size_t k = blen > IKE_VID_MAX ? IKE_VID_MAX : blen;
            memcpy(r->vid[r->n_vid], body, k);
            r->vid_len[r->n_vid++] = (uint8_t)k;
        }
        if (rc != AOD_OK)
            return rc;
        next = m[off];
        off += plen;
    }
    return AOD_OK;
}

enum aod_status ike_parse_reply(const uint8_t *buf, size_t len, int natt_marker,
                                const uint8_t spi_i[8], struct ike_reply *r, struct aod_err *err)
{
    const uint8_t *m = buf;
    size_t mlen = len;
    uint32_t total;

    memset(r, 0, sizeof *r);
    if (buf == NULL || len > IKE_MSG_MAX)
        return aod_err_set(err, AOD_E_PARSE, "reply missing or larger than %d octets", IKE_MSG_MAX);
    if (natt_marker) {
        if (len < 4 || memcmp(buf, "\0\0\0\0", 4) != 0)
            return aod_err_set(err, AOD_E_PARSE, "reply lacks the non-ESP marker");
        m += 4;
        mlen -= 4;
    }
    if (mlen < IKE_HDR_LEN)
        return aod_err_set(err, AOD_E_PARSE, "reply of %zu octets is shorter than a header", mlen);
    if (memcmp(m, spi_i, 8) != 0)
        return aod_err_set(err, AOD_E_PARSE, "reply for another SPI");
    if ((m[17] >> 4) != 2)
        return aod_err_set(err, AOD_E_PARSE, "IKE version %u.%u, not 2", m[17] >> 4, m[17] & 0xFu);
    if (m[18] != 34 || (m[19] & 0x20) == 0)
        return aod_err_set(err, AOD_E_PARSE, "not an IKE_SA_INIT response (exchange %u)", m[18]);
    total = ((uint32_t)m[24] << 24) | ((uint32_t)m[25] << 16) | ((uint32_t)m[26] << 8) | m[27];
    if (total < IKE_HDR_LEN || total > mlen)
        return aod_err_set(err, AOD_E_PARSE, "header length %lu, datagram %zu octets",
                           (unsigned long)total, mlen);
    memcpy(r->spi_r, m + 8, 8);
    r->exchange = m[18];
    r->flags = m[19];
    return parse_payloads(m, total, m[16], r, err);
}

const struct ike_notify *ike_reply_notify(const struct ike_reply *r, uint16_t type)
{
    size_t i;

    for (i = 0; i < r->n_notify; i++) {
        if (r->notify[i].type == type)
            return &r->notify[i];
    }
    return NULL;
}

int ike_reply_is_stale(const struct ike_reply *r, uint16_t sent_group)
{
    const struct ike_notify *n = ike_reply_notify(r, IKE_N_INVALID_KE_PAYLOAD);

    return n != NULL && n->len >= 2 && ((n->data[0] << 8) | n->data[1]) == sent_group;
}

struct name {
    uint16_t id;
    const char *name;
};

static const struct name notify_names[] = {
    {1, "UNSUPPORTED_CRITICAL_PAYLOAD"},
    {4, "INVALID_IKE_SPI"},
    {5, "INVALID_MAJOR_VERSION"},
    {7, "INVALID_SYNTAX"},
    {9, "INVALID_MESSAGE_ID"},
    {11, "INVALID_SPI"},
    {14, "NO_PROPOSAL_CHOSEN"},
    {17, "INVALID_KE_PAYLOAD"},
    {24, "AUTHENTICATION_FAILED"},
    {43, "TEMPORARY_FAILURE"},
    {16384, "INITIAL_CONTACT"},
    {16388, "NAT_DETECTION_SOURCE_IP"},
    {16389, "NAT_DETECTION_DESTINATION_IP"},
    {16390, "COOKIE"},
    {16392, "HTTP_CERT_LOOKUP_SUPPORTED"},
    {16404, "MULTIPLE_AUTH_SUPPORTED"},
    {16406, "REDIRECT_SUPPORTED"},
    {16418, "CHILDLESS_IKEV2_SUPPORTED"},
    {16430, "IKEV2_FRAGMENTATION_SUPPORTED"},
    {16431, "SIGNATURE_HASH_ALGORITHMS"},
};

static const char *lookup(const struct name *t, size_t n, uint16_t id)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (t[i].id == id)
            return t[i].name;
    }
    return NULL;
}

const char *ike_notify_name(uint16_t type)
{
    const char *s = lookup(notify_names, sizeof notify_names / sizeof notify_names[0], type);

    return s != NULL ? s : "UNKNOWN";
}

static const struct name encr_names[] = {
    {3, "3DES"},       {12, "AES_CBC"},    {13, "AES_CTR"},
    {19, "AES_GCM_8"}, {20, "AES_GCM_16"}, {28, "CHACHA20_POLY1305"},
};
static const struct name prf_names[] = {
    {1, "PRF_HMAC_MD5"},      {2, "PRF_HMAC_SHA1"},     {4, "PRF_AES128_XCBC"},
    {5, "PRF_HMAC_SHA2_256"}, {6, "PRF_HMAC_SHA2_384"}, {7, "PRF_HMAC_SHA2_512"},
};
static const struct name integ_names[] = {
    {1, "HMAC_MD5_96"},        {2, "HMAC_SHA1_96"},       {12, "HMAC_SHA2_256_128"},
    {13, "HMAC_SHA2_384_192"}, {14, "HMAC_SHA2_512_256"},
};
static const struct name dh_names[] = {
    {2, "MODP_1024"}, {5, "MODP_1536"}, {14, "MODP_2048"}, {15, "MODP_3072"},   {16, "MODP_4096"},
    {19, "ECP_256"},  {20, "ECP_384"},  {21, "ECP_521"},   {31, "CURVE_25519"},
};

#define NAME_OF(t, id) lookup(t, sizeof t / sizeof t[0], id)

void ike_describe_chosen(const struct ike_chosen *c, char *buf, size_t cap)
{
    char encr[32];
    char integ[32] = "";
    const char *e = NAME_OF(encr_names, c->encr);
    const char *i = NAME_OF(integ_names, c->integ);
    const char *p = NAME_OF(prf_names, c->prf);
    const char *d = NAME_OF(dh_names, c->dh);

    if (c->encr_keylen != 0)
        snprintf(encr, sizeof encr, "%s_%u", e != NULL ? e : "ENCR", c->encr_keylen);
    else
        snprintf(encr, sizeof encr, "%s", e != NULL ? e : "ENCR");
    if (e == NULL)
        snprintf(encr, sizeof encr, "ENCR_%u", c->encr);
    if (c->integ != 0)
        snprintf(integ, sizeof integ, "%s/", i != NULL ? i : "INTEG");
    snprintf(buf, cap, "%s/%s%s/%s", encr, integ, p != NULL ? p : "PRF", d != NULL ? d : "DH");
}

int ike_vid_is_microsoft(const uint8_t *v, size_t n)
{
    static const uint8_t ms[][16] = {
        /* MS NT5 ISAKMPOAKLEY (followed by a 4-octet version) */
        {0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87, 0xe4,
         0x61},
        /* MS-Negotiation Discovery Capable */
        {0xfb, 0x1d, 0xe3, 0xcd, 0xf3, 0x41, 0xb7, 0xea, 0x16, 0xb7, 0xe5, 0xbe, 0x08, 0x55, 0xf1,
         0x20},
        /* Microsoft Vid-Initial-Contact */
        {0x26, 0x24, 0x4d, 0x38, 0xed, 0xdb, 0x61, 0xb3, 0x17, 0x2a, 0x36, 0xe3, 0xd0, 0xcf, 0xb8,
         0x19},
        /* IKE CGA version 1 */
        {0xe3, 0xa5, 0x96, 0x6a, 0x76, 0x37, 0x9f, 0xe7, 0x07, 0x22, 0x82, 0x31, 0xe5, 0xce, 0x86,
         0x52},
        /* MS-MamieExists */
        {0x21, 0x4c, 0xa4, 0xfa, 0xff, 0xa7, 0xf3, 0x2d, 0x48, 0x92, 0xe2, 0xc0, 0x9e, 0xd0, 0xdd,
         0xd3},
    };
    size_t i;

    if (v == NULL || n < 16)
        return 0;
    for (i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        if (memcmp(v, ms[i], 16) == 0)
            return 1;
    }
    return 0;
}

enum aod_status ike_nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8],
                             const struct sockaddr *sa, uint8_t out[20])
{
    uint8_t in[8 + 8 + 16 + 2];
    size_t n = 16;
    unsigned int mdlen = 0;

    memcpy(in, spi_i, 8);
    memcpy(in + 8, spi_r, 8);
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
        memcpy(in + n, &s4->sin_addr, 4);
        n += 4;
        memcpy(in + n, &s4->sin_port, 2);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
        memcpy(in + n, &s6->sin6_addr, 16);
        n += 16;
        memcpy(in + n, &s6->sin6_port, 2);
    } else {
        return AOD_E_INPUT;
    }
    n += 2;
    if (EVP_Digest(in, n, out, &mdlen, EVP_sha1(), NULL) != 1 || mdlen != 20)
        return AOD_E_IO;
    return AOD_OK;
}

static void judge_lists(const struct ike_reply *r, struct probe_out *out)
{
    struct aod_buf flat;
    size_t i;
    int ms = 0;

    aod_buf_init(&flat, AOD_PROBE_FIELD_VALUE_MAX - 1);
    aod_buf_puts(&out->extra, ",\"notifies\":[");
    for (i = 0; r != NULL && i < r->n_notify; i++) {
        const char *name = ike_notify_name(r->notify[i].type);
        aod_buf_printf(&out->extra, "%s{\"type\":%u,\"name\":\"%s\"}", i ? "," : "",
                       r->notify[i].type, name);
        aod_buf_printf(&flat, "%s%s", i ? "," : "", name);
    }
    aod_buf_puts(&out->extra, "],\"vendor_ids\":[");
    for (i = 0; r != NULL && i < r->n_vid; i++) {
        size_t k;
        int is_ms = ike_vid_is_microsoft(r->vid[i], r->vid_len[i]);
        ms |= is_ms;
        aod_buf_printf(&out->extra, "%s{\"hex\":\"", i ? "," : "");
        for (k = 0; k < r->vid_len[i]; k++)
            aod_buf_printf(&out->extra, "%02x", r->vid[i][k]);
        aod_buf_printf(&out->extra, "\",\"microsoft\":%s}", is_ms ? "true" : "false");
    }
    aod_buf_puts(&out->extra, "]");
    out_field(out, "notifies", FT_LIST, "%s", flat.len ? flat.p : "");
    out_num(out, "vendor_id_count", r != NULL ? (long)r->n_vid : 0);
    out_bool(out, "microsoft_vendor_id", ms);
    aod_buf_free(&flat);
}

static void judge_full(const struct ike_judge_in *in, struct probe_out *out)
{
    const struct ike_reply *r = in->reply;
    int frag = ike_reply_notify(r, IKE_N_FRAGMENTATION_SUPPORTED) != NULL;
    char prop[128];

    ike_describe_chosen(&r->chosen, prop, sizeof prop);
    out_bool(out, "fragmentation_supported", frag);
    out_field(out, "accepted_proposal", FT_STR, "%s", prop);
    out_num(out, "dh_group", r->chosen.dh != 0 ? r->chosen.dh : r->ke_group);
    if (in->nat_local < 0 && in->nat_remote < 0)
        out_null(out, "nat_detected");
    else
        out_bool(out, "nat_detected", in->nat_local > 0 || in->nat_remote > 0);
    if (frag) {
        out_verdict(out, AOD_VERDICT_PASS,
                    "IKEv2 answers on UDP %s, accepts %s and supports IKEv2 fragmentation",
                    in->port, prop);
        return;
    }
    /* Reachable is the verdict flows route on; "fault" makes the row read WARN, not PASS. */
    out_field(out, "fault", FT_STR, "no IKEv2 fragmentation");
    out_verdict(out, AOD_VERDICT_PASS,
                "IKEv2 answers on UDP %s but does not announce IKEv2 fragmentation: large "
                "certificate exchanges can be dropped on the way (error 809)",
                in->port);
}

void ike_judge(const struct ike_judge_in *in, struct probe_out *out)
{
    const struct ike_reply *r = in->reply;
    int full = r != NULL && r->has_sa && r->has_ke;

    out_icmp(out, in->icmp);

    out_bool(out, "responded", r != NULL);
    out_bool(out, "natt_marker", strcmp(in->port, "500") != 0);
    if (in->invalid_ke_group != 0)
        out_num(out, "invalid_ke_group", in->invalid_ke_group);
    else
        out_null(out, "invalid_ke_group");
    out_bool(out, "cookie_followed", in->cookie_followed);
    judge_lists(r, out);
    if (full) {
        judge_full(in, out);
        return;
    }
    out_null(out, "fragmentation_supported");
    out_null(out, "accepted_proposal");
    out_null(out, "nat_detected");
    if (r != NULL && in->retry_unanswered) {
        out_verdict(out, AOD_VERDICT_INCONCLUSIVE,
                    "the server answers on UDP %s (%s) but not the retry that follows it", in->port,
                    r->n_notify ? ike_notify_name(r->notify[0].type) : "no SA");
    } else if (r != NULL && ike_reply_notify(r, IKE_N_NO_PROPOSAL_CHOSEN) != NULL) {
        out_verdict(out, AOD_VERDICT_FAIL,
                    "the server answers on UDP %s but accepts none of these proposals (policy "
                    "mismatch, like error 13868)",
                    in->port);
    } else if (r != NULL && ike_reply_notify(r, IKE_N_INVALID_KE_PAYLOAD) != NULL) {
        out_verdict(out, AOD_VERDICT_FAIL,
                    "the server answers on UDP %s but wants a Diffie-Hellman group this probe "
                    "does not offer",
                    in->port);
    } else if (r != NULL && in->timed_out_on_cookie) {
        out_verdict(out, AOD_VERDICT_INCONCLUSIVE,
                    "the server answers on UDP %s but keeps asking for a cookie (DoS protection)",
                    in->port);
    } else if (r != NULL) {
        out_verdict(out, AOD_VERDICT_FAIL, "the server answers on UDP %s with an error (%s)",
                    in->port, r->n_notify ? ike_notify_name(r->notify[0].type) : "no SA");
    } else if (in->icmp_unreachable) {
        out_verdict(out, AOD_VERDICT_FAIL,
                    "nothing listens on UDP %s (ICMP port unreachable%s%s): IKE or RemoteAccess "
                    "is stopped, or IKEv2 is off",
                    in->port, in->icmp != NULL && in->icmp->from[0] ? " from " : "",
                    in->icmp != NULL ? in->icmp->from : "");
    } else if (in->icmp != NULL) {
        judge_icmp(in->icmp, "UDP", in->port, out);
    } else {
        out_verdict(out, AOD_VERDICT_FAIL,
                    "no IKE answer on UDP %s within %d ms: filtered or down (the 809 family)",
                    in->port, in->timeout_ms);
    }
}

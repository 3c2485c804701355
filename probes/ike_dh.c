/* probes/ike_dh.c: real Diffie-Hellman and ECDH public values for the IKE probe, made with
 * OpenSSL (MODP groups from RFC 2409/3526, NIST curves, X25519); the private half is discarded. */
#include "ike_wire.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

/* Group number -> what OpenSSL needs to make a key of it. */
struct dh_group {
    uint16_t id;
    size_t len;                 /* octets of the KE data (RFC 7296 3.4, RFC 5903) */
    BIGNUM *(*prime)(BIGNUM *); /* MODP groups; generator 2 */
    const char *curve;          /* EC groups */
};

static const struct dh_group groups[] = {
    {2, 128, BN_get_rfc2409_prime_1024, NULL},
    {5, 192, BN_get_rfc3526_prime_1536, NULL},
    {14, 256, BN_get_rfc3526_prime_2048, NULL},
    {15, 384, BN_get_rfc3526_prime_3072, NULL},
    {16, 512, BN_get_rfc3526_prime_4096, NULL},
    {19, 64, NULL, "P-256"},
    {20, 96, NULL, "P-384"},
    {21, 132, NULL, "P-521"},
    {31, 32, NULL, "X25519"},
};

static const struct dh_group *group_find(uint16_t id)
{
    size_t i;

    for (i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        if (groups[i].id == id)
            return &groups[i];
    }
    return NULL;
}

int ike_dh_supported(uint16_t group)
{
    return group_find(group) != NULL;
}

/* g^x mod p with a 256-bit random x, left-padded to the prime's length. */
static enum aod_status modp_public(const struct dh_group *g, uint8_t *buf, struct aod_err *err)
{
    enum aod_status rc = AOD_E_IO;
    BN_CTX *bctx = BN_CTX_new();
    BIGNUM *p = g->prime(NULL);
    BIGNUM *x = BN_new();
    BIGNUM *gen = BN_new();
    BIGNUM *y = BN_new();

    if (bctx == NULL || p == NULL || x == NULL || gen == NULL || y == NULL) {
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
        goto out;
    }
    if (BN_set_word(gen, 2) != 1 ||
        BN_priv_rand(x, 256, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_mod_exp(y, gen, x, p, bctx) != 1 || BN_bn2binpad(y, buf, (int)g->len) < 0) {
        aod_err_set(err, AOD_E_IO, "OpenSSL could not make a MODP key");
        goto out;
    }
    rc = AOD_OK;
out:
    BN_clear_free(x);
    BN_free(gen);
    BN_free(y);
    BN_free(p);
    BN_CTX_free(bctx);
    return rc;
}

static enum aod_status ec_public(const struct dh_group *g, uint8_t *buf, struct aod_err *err)
{
    enum aod_status rc = AOD_E_IO;
    EVP_PKEY *key = NULL;
    unsigned char pub[1 + 2 * 66];
    size_t plen = 0;

    if (strcmp(g->curve, "X25519") == 0)
        key = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    else
        key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", g->curve);
    if (key == NULL)
        goto fail;
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, sizeof pub,
                                        &plen) != 1)
        goto fail;
    if (strcmp(g->curve, "X25519") == 0 && plen == g->len) {
        memcpy(buf, pub, plen);
    } else if (plen == g->len + 1 && pub[0] == 0x04) {
        memcpy(buf, pub + 1, g->len); /* RFC 5903: x | y without the point-format octet */
    } else {
        goto fail;
    }
    rc = AOD_OK;
    goto out;
fail:
    aod_err_set(err, AOD_E_IO, "OpenSSL could not make a %s key", g->curve);
out:
    EVP_PKEY_free(key);
    return rc;
}

enum aod_status ike_dh_public(uint16_t group, uint8_t *buf, size_t cap, size_t *len,
                              struct aod_err *err)
{
    const struct dh_group *g = group_find(group);
    enum aod_status rc;

    *len = 0;
    if (g == NULL)
        return aod_err_set(err, AOD_E_INPUT, "DH group %u is not supported", group);
    if (g->len > cap)
        return aod_err_set(err, AOD_E_INPUT, "DH group %u: buffer too small", group);
    rc = g->prime != NULL ? modp_public(g, buf, err) : ec_public(g, buf, err);
    if (rc == AOD_OK)
        *len = g->len;
    return rc;
}

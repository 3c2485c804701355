/* tests/fuzz/fuzz_tls_cert.c: what the tls probe shows about a server certificate (probes/
 * tls.c: subject, SANs, issuer, validity, EKU, CRL distribution points) and its verdict, on any
 * DER (or PEM) certificate; and any CRL as the CRL check reads it. Every text must be clean. */
#include "fuzz_probe_common.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls_int.h"

static X509 *read_cert(const uint8_t *data, size_t size)
{
    const unsigned char *p = data;
    X509 *x = d2i_X509(NULL, &p, (long)size);
    if (x == NULL && size < 64 * 1024) {
        BIO *b = BIO_new_mem_buf(data, (int)size);
        x = b != NULL ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
        BIO_free(b);
    }
    return x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct probe_out out;
    X509 *x = read_cert(data, size);

    if (x == NULL) {
        const unsigned char *p = data;
        X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)size);
        X509_CRL_free(crl);
        return 0;
    }
    out_init(&out);
    cert_fields(x, &out);
    fuzz_check_out(&out, "tls");

    char urls[4][256];
    size_t n = crl_urls(x, urls, 4);
    FUZZ_ASSERT(n <= 4, "CRL URL count");
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(strncmp(urls[i], "http://", 7) == 0, "CRL URL is http");
        fuzz_clean(urls[i], false, "CRL URL");
    }

    /* The verdict, with the certificate's own subject as the name asked for and the problems
     * verification could record. */
    static const int errors[] = {X509_V_ERR_CERT_HAS_EXPIRED,
                                 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
                                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY};
    const char *subject = out_get(&out, "subject");
    struct tls_facts f = {
        .n_errors = (int)(size % 4),
        .errors = errors,
        .name_match = (int)(size & 1),
        .days_left = -3,
        .self_signed = X509_check_issued(x, x) == X509_V_OK,
        .crl_state = n > 0 ? (int)(size % 2) : -1,
        .name = subject != NULL ? subject : "",
        .crl_why = n > 0 ? urls[0] : NULL,
    };
    struct probe_out verdict;
    out_init(&verdict);
    tls_judge(&f, &verdict);
    fuzz_check_out(&verdict, "tls");
    out_free(&verdict);
    out_free(&out);
    X509_free(x);
    return 0;
}

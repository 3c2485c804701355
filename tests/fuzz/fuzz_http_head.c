/* tests/fuzz/fuzz_http_head.c: the HTTP reply heads the probes read without libcurl: the SSTP
 * listener's answer (probes/sstp.c, judged) and a CRL download's head (probes/crlget.c), plus
 * the CRL URL parser. The Server header reaches the screen: it must come out clean. */
#include "fuzz_probe_common.h"

#include "tls_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    int status = -1;
    char server[128];
    struct probe_out out;

    memset(server, 'X', sizeof server);
    sstp_parse_head(text, size, &status, server, sizeof server);
    FUZZ_ASSERT(memchr(server, '\0', sizeof server) != NULL, "Server header terminated");
    fuzz_clean(server, false, "Server header");
    out_init(&out);
    sstp_judge(status, server, &out);
    fuzz_check_out(&out, "sstp");
    out_free(&out);

    long http_status = -1;
    size_t body_off = 0;
    long content_length = -2;
    if (crl_parse_head(text, size, &http_status, &body_off, &content_length))
        FUZZ_ASSERT(body_off <= size, "the body starts inside the reply");

    char host[256], port[16], path[1024];
    /* The URL comes from crl_urls, already cleaned: a clean URL gives a clean host. */
    if (crl_parse_url(text, host, sizeof host, port, sizeof port, path, sizeof path) &&
        aod_text_is_clean(text, false)) {
        FUZZ_ASSERT(host[0] != '\0', "a parsed URL has a host");
        fuzz_clean(host, false, "CRL host");
        fuzz_clean(port, false, "CRL port");
    }
    free(text);
    return 0;
}

/* probes/tls_int.h: what the tls, sstp and https probes share: a TLS connection that records
 * every certificate problem instead of stopping at the first, and bounded libcurl fetches. */
#ifndef AOD_PROBES_TLS_INT_H
#define AOD_PROBES_TLS_INT_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "probe_int.h"

#define TLS_MAX_ERRORS 8

/* One TLS session with what OpenSSL's verification found along the way. */
struct tls_conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    int n_errors;
    int errors[TLS_MAX_ERRORS]; /* X509_V_ERR_* in the order met, duplicates dropped */
    int tcp_errno;              /* when the TCP connect failed: ECONNREFUSED, ETIMEDOUT... */
    char state[16];             /* connected, refused, timeout, unresolved, tls_failed */
    char detail[AOD_ERR_MAX];    /* why the connection or handshake failed */
};

/* Connects to host:port and completes a TLS handshake with SNI `sni` (NULL or an IP: none),
 * trusting `cacert` (NULL: the system store), before the deadline. Certificate problems never
 * stop the handshake; they are recorded in c->errors. AOD_OK: handshake done. AOD_E_PROBE:
 * TCP or TLS failed, c->state says which. AOD_E_CANCELLED, AOD_E_NOMEM, AOD_E_INPUT (cacert). */
enum aod_status tls_open(const struct probe_ctx *ctx, const char *host, const char *port,
                         const char *sni, const char *cacert, struct tls_conn *c,
                         struct aod_err *err);
/* Writes all of buf / reads what is there before `until` (ms, monotonic). */
enum aod_status tls_write_all(const struct probe_ctx *ctx, struct tls_conn *c, const void *buf,
                              size_t n);
enum aod_status tls_read_some(const struct probe_ctx *ctx, struct tls_conn *c, void *buf,
                              size_t cap, size_t *got);
void tls_close(struct tls_conn *c);

/* http.c: GET `url` into `out` (capped at `max` octets) before the deadline, via libcurl.
 * http_status 0 when no HTTP answer came; curl_err is libcurl's text, cleaned. */
struct http_get {
    long http_status;
    long dns_us;
    long connect_us;
    long tls_us;
    long first_byte_us;
    long total_us;
    int curl_code;
    char curl_err[192];
};
enum aod_status http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                           struct sbuf *out, struct http_get *g, struct aod_err *err);

#endif

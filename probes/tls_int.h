/* probes/tls_int.h: what the tls, sstp and https probes share: a TLS connection that records
 * every certificate problem instead of stopping at the first, and bounded libcurl fetches. */
#ifndef AOD_PROBES_TLS_INT_H
#define AOD_PROBES_TLS_INT_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "probe_int.h"

#define TLS_MAX_ERRORS 8

/* How tls_open treats the server certificate. */
enum tls_verify {
    TLS_NO_VERIFY,   /* load no trust store, check nothing (sstp) */
    TLS_VERIFY,      /* record every problem, complete the handshake */
    TLS_VERIFY_STOP, /* record every problem; with any, stop after the certificate, as a
                        client does (saves the rest of the handshake) */
};

/* One TLS session with what OpenSSL's verification found along the way. */
struct tls_conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    int n_errors;
    int errors[TLS_MAX_ERRORS]; /* X509_V_ERR_* in the order met, duplicates dropped */
    int tcp_errno;              /* when the TCP connect failed: ECONNREFUSED, ETIMEDOUT... */
    char state[16];             /* connected, refused, timeout, unresolved, tls_failed */
    char detail[AOD_ERR_MAX];   /* why the connection or handshake failed */
    char source[64];            /* the local address the connection left from, or "" */
    enum tls_verify mode;
    int verified;           /* the certificate was verified (leaf and chain are set) */
    X509 *leaf;             /* owned: the server certificate */
    STACK_OF(X509) * chain; /* owned: the chain verification built, leaf first */
};

/* Connects to host:port and completes a TLS handshake with SNI `sni` (NULL or an IP: none),
 * before the deadline. Unless `mode` is TLS_NO_VERIFY, trusts `cacert` (NULL: the system store,
 * looked up by hash so only the needed roots are read), records every certificate problem in
 * c->errors and keeps the leaf and chain. AOD_OK: handshake done, or (TLS_VERIFY_STOP) stopped
 * right after a certificate with problems.
 * AOD_E_PROBE: TCP or TLS failed, c->state says which. AOD_E_CANCELLED, AOD_E_NOMEM,
 * AOD_E_INPUT (cacert unreadable). */
enum aod_status tls_open(const struct probe_ctx *ctx, const char *host, const char *port,
                         const char *sni, enum tls_verify mode, const char *cacert,
                         struct tls_conn *c, struct aod_err *err);
/* Writes all of buf / reads what is there (at least one octet), waiting at most until the
 * probe's deadline. AOD_E_TIMEOUT, AOD_E_CANCELLED; a TLS failure is AOD_E_PROBE when writing,
 * AOD_E_IO when reading (also when the server closed). */
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
    char ip[64]; /* the address libcurl connected to (a proxy's, when it used one); "" if none */
    char local_ip[64]; /* the address the connection left from; "" if none */
};
enum aod_status http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                           struct aod_buf *out, struct http_get *g, struct aod_err *err);

/* The ABI between the probes module and aovpn-doctor-http.so, two files that can be installed
 * out of step: http_fetch's signature and the layout of struct probe_ctx, sbuf, http_get and
 * aod_err. Bump it whenever one of them changes. The HTTP module exports it as the int
 * aod_http_abi_version, and http_loader.c refuses a module whose number differs before it calls
 * anything of it. */
#define AOD_HTTP_ABI_VERSION 2
typedef enum aod_status http_fetch_fn(const struct probe_ctx *ctx, const char *url,
                                      const char *cacert, struct aod_buf *out, struct http_get *g,
                                      struct aod_err *err);
#ifdef AOD_TESTING
/* http_loader.c: loads the HTTP module at `path` and returns its aod_http_fetch, or NULL with
 * the reason (naming the file, and both versions on a mismatch) in why[0..cap). */
http_fetch_fn *http_module_open(const char *path, char *why, size_t cap);
#endif

/* crlget.c: GET an http:// CRL distribution point into `out` (capped at out->max) with plain
 * HTTP/1.0 before the deadline, without libcurl. *status is the HTTP status (0 when none came);
 * on failure `why` says what went wrong. The parsers are AOD_STATIC for the unit tests. */
enum aod_status crl_get(const struct probe_ctx *ctx, const char *url, struct aod_buf *out,
                        long *status, char *why, size_t why_cap);
#ifdef AOD_TESTING
int crl_parse_url(const char *url, char *host, size_t host_cap, char *port, size_t port_cap,
                  char *path, size_t path_cap);
int crl_parse_head(const char *buf, size_t len, long *status, size_t *body_off,
                   long *content_length);
#endif

/* tls.c: the facts a tls verdict is judged on. */
struct tls_facts {
    int n_errors;
    const int *errors;
    int name_match;
    long days_left;
    int self_signed;
    int crl_state; /* 1 all current, 0 one failed, -1 no http CDP */
    const char *name;
    const char *crl_why;
};

#ifdef AOD_TESTING
/* Pure judges, static unless the tests build (AOD_STATIC). */
/* tls.c: verdict, summary and problem fields (trusted, expired, name_match, crl_ok, problems). */
void tls_judge(const struct tls_facts *f, struct probe_out *out);
/* tls.c: the leaf's fields (subject, sans, issuer, dates, ...); needs <openssl/x509.h>. */
struct x509_st;
void cert_fields(struct x509_st *leaf, struct probe_out *out);
/* tls.c: up to `max` http:// CRL distribution points of `x` (cleaned), each < 256 octets. */
size_t crl_urls(struct x509_st *x, char urls[][256], size_t max);
/* sstp.c: status code and cleaned Server header of an HTTP response head. */
void sstp_parse_head(const char *buf, size_t len, int *status, char *server, size_t cap);
/* sstp.c: an SSTP listener is 200 with Server: Microsoft-HTTPAPI/2.0; anything else is not. */
void sstp_judge(int status, const char *server, struct probe_out *out);
/* https.c: which phase a libcurl error code means: dns, connect, tls, timeout, http, none. */
const char *https_phase(int curl_code);
/* https.c: the proxy variable libcurl would take for `url` (https_proxy, ...), or NULL. */
const char *https_proxy_env(const char *url);
#endif

#endif

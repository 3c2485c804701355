/* probes/tlsconn.c: a TLS client connection on a non-blocking socket, bounded by the deadline,
 * whose verify callback records every certificate problem and lets the handshake go on. */
#include "tls_int.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

static int conn_index = -1;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void make_index(void)
{
    conn_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static int verify_cb(int ok, X509_STORE_CTX *store)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    struct tls_conn *c = ssl != NULL ? SSL_get_ex_data(ssl, conn_index) : NULL;
    int e = X509_STORE_CTX_get_error(store);
    int i;

    if (ok || c == NULL)
        return 1;
    for (i = 0; i < c->n_errors; i++) {
        if (c->errors[i] == e)
            return 1;
    }
    if (c->n_errors < TLS_MAX_ERRORS)
        c->errors[c->n_errors++] = e;
    return 1; /* go on: every problem is reported, not only the first */
}

/* Runs the whole verification itself (verify_cb records each problem), keeps the leaf and the
 * chain, and with TLS_VERIFY_STOP ends the handshake when there was a problem. */
static int app_verify(X509_STORE_CTX *store, void *arg)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    struct tls_conn *c = ssl != NULL ? SSL_get_ex_data(ssl, conn_index) : NULL;
    X509 *leaf = X509_STORE_CTX_get0_cert(store);

    (void)arg;
    if (X509_verify_cert(store) < 0 || c == NULL || leaf == NULL || X509_up_ref(leaf) != 1)
        return 0;
    c->leaf = leaf;
    c->chain = X509_STORE_CTX_get1_chain(store);
    c->verified = 1;
    return c->mode != TLS_VERIFY_STOP || c->n_errors == 0;
}

static int is_ip(const char *s)
{
    unsigned char b[16];

    return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static void set_state(struct tls_conn *c, const char *s)
{
    snprintf(c->state, sizeof c->state, "%s", s);
}

static enum aod_status tcp_part(const struct probe_ctx *ctx, const char *host, const char *port,
                                struct tls_conn *c, struct aod_err *err)
{
    struct addrinfo *res = NULL;
    const struct addrinfo *ai;
    enum aod_status rc;

    rc = net_resolve(ctx, host, port, SOCK_STREAM, &res, err);
    if (rc == AOD_E_NOTFOUND || rc == AOD_E_TIMEOUT) {
        set_state(c, "unresolved");
        snprintf(c->detail, sizeof c->detail, "%s", err != NULL ? err->msg : "no such name");
        return AOD_E_PROBE;
    }
    if (rc != AOD_OK)
        return rc;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        rc = net_connect_from(ctx, ai, &c->fd, &c->tcp_errno, c->source, sizeof c->source);
        if (rc == AOD_OK || rc == AOD_E_CANCELLED || rc == AOD_E_TIMEOUT)
            break;
    }
    freeaddrinfo(res);
    if (rc == AOD_OK || rc == AOD_E_CANCELLED)
        return rc;
    set_state(c, c->tcp_errno == ECONNREFUSED ? "refused" : "timeout");
    if (rc != AOD_E_TIMEOUT && c->tcp_errno != ECONNREFUSED)
        set_state(c, "unreachable");
    snprintf(c->detail, sizeof c->detail, "TCP %s: %s", port,
             rc == AOD_E_TIMEOUT ? "no answer (filtered or down)" : strerror(c->tcp_errno));
    return AOD_E_PROBE;
}

/* Drives a non-blocking SSL call until done, the deadline or cancel. */
static enum aod_status ssl_drive(const struct probe_ctx *ctx, struct tls_conn *c, int r)
{
    int e = SSL_get_error(c->ssl, r);

    if (e == SSL_ERROR_WANT_READ)
        return net_wait(ctx, c->fd, POLLIN, ctx->deadline);
    if (e == SSL_ERROR_WANT_WRITE)
        return net_wait(ctx, c->fd, POLLOUT, ctx->deadline);
    return AOD_E_PROBE;
}

/* The system trust store: the hashed directory (lazy, one file per needed root) unless the user
 * points OpenSSL at a bundle with SSL_CERT_FILE; reading the whole bundle costs ~10 ms. */
static int load_system_store(SSL_CTX *ctx)
{
    const char *dir = getenv(X509_get_default_cert_dir_env());

    if (getenv(X509_get_default_cert_file_env()) != NULL)
        return SSL_CTX_set_default_verify_paths(ctx);
    return SSL_CTX_load_verify_dir(ctx, dir != NULL ? dir : X509_get_default_cert_dir());
}

enum aod_status tls_open(const struct probe_ctx *ctx, const char *host, const char *port,
                         const char *sni, enum tls_verify mode, const char *cacert,
                         struct tls_conn *c, struct aod_err *err)
{
    enum aod_status rc;
    int verify = mode != TLS_NO_VERIFY;

    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->mode = mode;
    pthread_once(&index_once, make_index);
    rc = tcp_part(ctx, host, port, c, err);
    if (rc != AOD_OK)
        return rc;
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (c->ctx == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "OpenSSL: no TLS context");
    SSL_CTX_set_verify(c->ctx, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                       verify ? verify_cb : NULL);
    if (verify && (cacert != NULL ? SSL_CTX_load_verify_locations(c->ctx, cacert, NULL) != 1
                                  : load_system_store(c->ctx) != 1))
        return aod_err_set(err, AOD_E_INPUT, "cannot load CA certificates%s%s",
                           cacert ? " from " : "", cacert ? cacert : "");
    if (verify)
        SSL_CTX_set_cert_verify_callback(c->ctx, app_verify, NULL);
    c->ssl = SSL_new(c->ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
        SSL_set_ex_data(c->ssl, conn_index, c) != 1)
        return aod_err_set(err, AOD_E_NOMEM, "OpenSSL: no TLS session");
    if (sni != NULL && !is_ip(sni))
        SSL_set_tlsext_host_name(c->ssl, sni);
    for (;;) {
        int r = SSL_connect(c->ssl);
        if (r == 1)
            break;
        rc = ssl_drive(ctx, c, r);
        if (rc == AOD_OK)
            continue;
        if (rc == AOD_E_CANCELLED)
            return rc;
        if (rc == AOD_E_PROBE && c->mode == TLS_VERIFY_STOP && c->verified && c->n_errors > 0)
            break; /* we stopped it: the certificate is what we came for */
        set_state(c, rc == AOD_E_TIMEOUT ? "timeout" : "tls_failed");
        {
            char e[120];
            unsigned long code = ERR_get_error();
            ERR_error_string_n(code, e, sizeof e);
            snprintf(c->detail, sizeof c->detail, "TLS handshake %s%s%s",
                     rc == AOD_E_TIMEOUT ? "did not finish in time" : "failed",
                     code != 0 ? ": " : "", code != 0 ? e : "");
        }
        ERR_clear_error();
        return AOD_E_PROBE;
    }
    ERR_clear_error();
    set_state(c, "connected");
    return AOD_OK;
}

enum aod_status tls_write_all(const struct probe_ctx *ctx, struct tls_conn *c, const void *buf,
                              size_t n)
{
    size_t done = 0;

    while (done < n) {
        size_t w = 0;
        int r = SSL_write_ex(c->ssl, (const char *)buf + done, n - done, &w);
        enum aod_status rc;
        if (r == 1) {
            done += w;
            continue;
        }
        rc = ssl_drive(ctx, c, r);
        if (rc != AOD_OK)
            return rc;
    }
    return AOD_OK;
}

enum aod_status tls_read_some(const struct probe_ctx *ctx, struct tls_conn *c, void *buf,
                              size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        int r = SSL_read_ex(c->ssl, buf, cap, got);
        enum aod_status rc;
        if (r == 1)
            return AOD_OK;
        if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN)
            return AOD_E_IO; /* closed */
        rc = ssl_drive(ctx, c, r);
        if (rc != AOD_OK)
            return rc == AOD_E_PROBE ? AOD_E_IO : rc;
    }
}

void tls_close(struct tls_conn *c)
{
    X509_free(c->leaf);
    sk_X509_pop_free(c->chain, X509_free);
    c->leaf = NULL;
    c->chain = NULL;
    if (c->ssl != NULL)
        SSL_free(c->ssl);
    if (c->ctx != NULL)
        SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
    c->ssl = NULL;
    c->ctx = NULL;
    c->fd = -1;
}

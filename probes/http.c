/* probes/http.c: bounded HTTP(S) GETs through libcurl (the only libcurl user; in the installed
 * program it is a module of its own, aovpn-doctor-http.so, see http_loader.c): the timeout is
 * what is left of the probe's deadline, the body is capped, cancel aborts the transfer. */
#include "tls_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void init_curl(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct aod_buf *sb = arg;
    size_t len = size * n;

    if (sb == NULL)
        return len;
    aod_buf_putn(sb, data, len);
    return sb->is_overflow || sb->is_oom ? 0 : len; /* 0 aborts an oversized body */
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt;
    (void)dn;
    (void)ut;
    (void)un;
    return net_is_cancelled(arg); /* nonzero aborts */
}

/* The status and the per-phase times of a finished transfer. */
static void read_info(CURL *h, struct http_get *g)
{
    curl_off_t t;
    char *ip = NULL;

    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &g->http_status);
    if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != NULL)
        aod_text_sanitize_n(g->ip, sizeof g->ip, ip, strlen(ip), false);
    ip = NULL;
    if (curl_easy_getinfo(h, CURLINFO_LOCAL_IP, &ip) == CURLE_OK && ip != NULL)
        aod_text_sanitize_n(g->local_ip, sizeof g->local_ip, ip, strlen(ip), false);
    if (curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &t) == CURLE_OK)
        g->dns_us = (long)t;
    if (curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
        g->connect_us = (long)t;
    if (curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK)
        g->tls_us = (long)t;
    if (curl_easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME_T, &t) == CURLE_OK)
        g->first_byte_us = (long)t;
    if (curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &t) == CURLE_OK)
        g->total_us = (long)t;
}

enum aod_status http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                           struct aod_buf *out, struct http_get *g, struct aod_err *err)
{
    CURL *h = NULL;
    char ebuf[CURL_ERROR_SIZE];
    CURLcode cc;
    enum aod_status rc = AOD_OK;
    int left = net_left(ctx);

    memset(g, 0, sizeof *g);
    ebuf[0] = '\0';
    pthread_once(&curl_once, init_curl);
    if (curl_init_rc != CURLE_OK)
        return aod_err_set(err, AOD_E_IO, "libcurl did not initialise");
    if (left <= 0) {
        g->curl_code = CURLE_OPERATION_TIMEDOUT;
        snprintf(g->curl_err, sizeof g->curl_err, "no time left");
        return AOD_OK;
    }
    h = curl_easy_init();
    if (h == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "libcurl: no handle");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)ctx);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "aovpn-doctor");
    /* Reachability needs no HTTP/2 session; plain HTTP/1.1 keeps the exchange short. */
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(out ? out->max : 65536));
    if (cacert != NULL) {
        curl_easy_setopt(h, CURLOPT_CAINFO, cacert);
    } else if (getenv("SSL_CERT_FILE") == NULL && getenv("CURL_CA_BUNDLE") == NULL) {
        /* Like tlsconn.c: the hashed directory reads only the roots a chain needs, where the
         * default bundle file makes OpenSSL parse every root of the system on each run. */
        const char *dir = getenv("SSL_CERT_DIR");
        curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
        curl_easy_setopt(h, CURLOPT_CAPATH, dir != NULL ? dir : "/etc/ssl/certs");
    }
    cc = curl_easy_perform(h);
    g->curl_code = (int)cc;
    if (cc != CURLE_OK)
        aod_text_sanitize_n(g->curl_err, sizeof g->curl_err,
                            ebuf[0] ? ebuf : curl_easy_strerror(cc), sizeof ebuf, false);
    if (cc == CURLE_ABORTED_BY_CALLBACK) {
        rc = AOD_E_CANCELLED;
        goto out;
    }
    read_info(h, g);
out:
    curl_easy_cleanup(h);
    return rc;
}

#ifdef AOD_HTTP_MODULE
/* The interface version of aovpn-doctor-http.so, checked by http_loader.c before it calls the
 * entry point below. */
AOD_PROBE_EXPORT extern const int aod_http_abi_version;
const int aod_http_abi_version = AOD_HTTP_ABI_VERSION;

/* The entry point of aovpn-doctor-http.so, called by http_loader.c in the probes module. */
AOD_PROBE_EXPORT enum aod_status aod_http_fetch(const struct probe_ctx *ctx, const char *url,
                                                const char *cacert, struct aod_buf *out,
                                                struct http_get *g, struct aod_err *err);

enum aod_status aod_http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                               struct aod_buf *out, struct http_get *g, struct aod_err *err)
{
    return http_fetch(ctx, url, cacert, out, g, err);
}
#endif

/* probes/https.c: the https probe: can this host reach an endpoint the NPS extension needs
 * (login.microsoftonline.com, ...)? libcurl's per-phase times tell DNS, connect and TLS apart.
 * It tests from this host, not from the NPS server, and says so. */
#include "tls_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

static enum aod_status https_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *url = param_find(p, n, "url");

    if (url == NULL || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) ||
        strlen(url) > 2048)
        return aod_err_set(err, AOD_E_USAGE, "https: needs an https:// URL");
    return AOD_OK;
}

/* Which phase failed, from libcurl's code; pure. */
AOD_STATIC const char *https_phase(int curl_code)
{
    switch (curl_code) {
    case CURLE_OK:
        return "none";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return "dns";
    case CURLE_COULDNT_CONNECT:
        return "connect";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return "tls";
    case CURLE_OPERATION_TIMEDOUT:
        return "timeout";
    default:
        return "http";
    }
}

/* The proxy variable libcurl takes for this URL, as libcurl reads them (it ignores HTTP_PROXY in
 * upper case), or NULL. libcurl still goes direct to a host that no_proxy lists. */
AOD_STATIC const char *https_proxy_env(const char *url)
{
    static const char *const for_https[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                                            NULL};
    static const char *const for_http[] = {"http_proxy", "all_proxy", "ALL_PROXY", NULL};
    const char *const *v = strncmp(url, "https://", 8) == 0 ? for_https : for_http;

    for (; *v != NULL; v++) {
        const char *val = getenv(*v);
        if (val != NULL && val[0] != '\0')
            return *v;
    }
    return NULL;
}

static enum aod_status https_run(const struct probe_ctx *ctx, struct probe_out *out,
                                 struct aod_err *err)
{
    const char *url = ctx_param(ctx, "url");
    struct aod_buf body;
    struct http_get g;
    const char *phase, *proxy;
    char via[96] = "";
    enum aod_status rc;

    aod_buf_init(&body, 64 * 1024);
    rc = http_fetch(ctx, url, ctx_param(ctx, "cacert"), &body, &g, err);
    if (rc != AOD_OK)
        goto out;
    /* a body past the cap only means the endpoint talks a lot: it answered */
    if (body.is_overflow && g.http_status > 0)
        g.curl_code = CURLE_OK;
    phase = https_phase(g.curl_code);
    proxy = https_proxy_env(url);
    if (proxy != NULL)
        snprintf(via, sizeof via, " through the proxy in %s (unless no_proxy lists the host)",
                 proxy);
    out_field(out, "tested_from", FT_STR, "this host (not the NPS server)");
    out_bool(out, "reachable", g.curl_code == CURLE_OK && g.http_status > 0);
    if (g.http_status > 0)
        out_num(out, "http_status", g.http_status);
    else
        out_null(out, "http_status");
    out_field(out, "failed_phase", FT_STR, "%s", phase);
    out_source_str(out, g.local_ip);
    if (g.ip[0] != '\0')
        out_field(out, "ip", FT_STR, "%s", g.ip);
    else
        out_null(out, "ip");
    if (proxy != NULL)
        out_field(out, "proxy_env", FT_STR, "%s", proxy);
    else
        out_null(out, "proxy_env");
    out_num(out, "dns_ms", g.dns_us / 1000);
    out_num(out, "connect_ms", g.connect_us / 1000);
    out_num(out, "tls_ms", g.tls_us / 1000);
    out_num(out, "first_byte_ms", g.first_byte_us / 1000);
    out_num(out, "total_ms", g.total_us / 1000);
    if (g.curl_code != CURLE_OK)
        out_field(out, "error", FT_STR, "%s", g.curl_err);
    if (g.curl_code == CURLE_OK && g.http_status > 0)
        out_verdict(out, AOD_VERDICT_PASS,
                    "reachable from this host%s (HTTP %ld; DNS %ld ms, connect %ld ms, TLS %ld "
                    "ms); run it on the NPS server to test the server itself",
                    via, g.http_status, g.dns_us / 1000, g.connect_us / 1000, g.tls_us / 1000);
    else
        out_verdict(out, AOD_VERDICT_FAIL,
                    "not reachable from this host%s, %s failed: %s (the NPS extension needs it: "
                    "check the same from the NPS server)",
                    via, phase, g.curl_err);
out:
    aod_buf_free(&body);
    return rc;
}

const struct aod_probe_ops probe_https_ops = {
    "https",
    "https URL [--cacert FILE]   (tests from this host, not the NPS server)",
    https_check,
    https_run,
};

/* probes/tls.c: the tls probe: the server certificate's subject, SANs, issuer, validity, chain
 * trust and name match, every problem at once, and each CRL distribution point downloaded and
 * checked current (SSTP error 0x80092013 when it is not). */
#include "tls_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <openssl/x509v3.h>

#define CRL_MAX_URLS  4
#define CRL_MAX_BYTES (1024 * 1024)

static enum aod_status tls_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");
    const char *port = param_find(p, n, "port");

    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "tls: needs a host");
    if (port != NULL && !net_port_ok(port))
        return aod_err_set(err, AOD_E_USAGE, "tls: port must be 1 to 65535");
    return AOD_OK;
}

/* One X509_NAME as "CN=vpn.example.com, O=Contoso" (RFC 2253 order reversed for reading). */
static void name_str(const X509_NAME *nm, char *buf, size_t cap)
{
    BIO *b = BIO_new(BIO_s_mem());
    char raw[512];
    int n = 0;

    buf[0] = '\0';
    if (b == NULL)
        return;
    if (X509_NAME_print_ex(b, nm, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) >= 0)
        n = BIO_read(b, raw, sizeof raw - 1);
    if (n > 0)
        aod_text_sanitize_n(buf, cap, raw, (size_t)n, false);
    BIO_free(b);
}

static void asn1_time_str(const ASN1_TIME *t, char *buf, size_t cap)
{
    struct tm tm;

    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
        snprintf(buf, cap, "?");
        return;
    }
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* DNS and IP SANs, comma-separated. */
static void sans_str(X509 *x, char *buf, size_t cap)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    struct aod_buf sb;
    int i;

    aod_buf_init(&sb, cap - 1);
    for (i = 0; names != NULL && i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        char item[256] = "";
        if (g->type == GEN_DNS) {
            const ASN1_IA5STRING *s = g->d.dNSName;
            aod_text_sanitize_n(item, sizeof item, (const char *)ASN1_STRING_get0_data(s),
                                (size_t)ASN1_STRING_length(s), false);
        } else if (g->type == GEN_IPADD &&
                   (g->d.iPAddress->length == 4 || g->d.iPAddress->length == 16)) {
            inet_ntop(g->d.iPAddress->length == 4 ? AF_INET : AF_INET6,
                      ASN1_STRING_get0_data(g->d.iPAddress), item, sizeof item);
        }
        if (item[0] == '\0')
            continue;
        for (char *c = item; *c; c++) {
            if (*c == ',')
                *c = '?';
        }
        if (sb.len > 0)
            aod_buf_puts(&sb, ",");
        aod_buf_puts(&sb, item);
    }
    snprintf(buf, cap, "%s", sb.len > 0 ? sb.p : "");
    aod_buf_free(&sb);
    GENERAL_NAMES_free(names);
}

/* http:// URIs of the CRL distribution points (Windows clients fetch only those). */
AOD_STATIC size_t crl_urls(X509 *x, char urls[][256], size_t max)
{
    STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
    size_t n = 0;
    int i;
    int k;

    for (i = 0; dps != NULL && i < sk_DIST_POINT_num(dps) && n < max; i++) {
        DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
        if (dp->distpoint == NULL || dp->distpoint->type != 0)
            continue;
        for (k = 0; k < sk_GENERAL_NAME_num(dp->distpoint->name.fullname) && n < max; k++) {
            GENERAL_NAME *g = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, k);
            const ASN1_IA5STRING *s;
            if (g->type != GEN_URI)
                continue;
            s = g->d.uniformResourceIdentifier;
            aod_text_sanitize_n(urls[n], 256, (const char *)ASN1_STRING_get0_data(s),
                                (size_t)ASN1_STRING_length(s), false);
            if (strncmp(urls[n], "http://", 7) == 0)
                n++;
        }
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    return n;
}

/* Downloads one CRL, checks it is current, signed by the issuer and does not list the leaf.
 * Returns 1 when all is well; writes its JSON object into `js`. */
static int check_crl(const struct probe_ctx *ctx, const char *url, X509 *leaf, X509 *issuer,
                     struct aod_buf *js, char *why, size_t why_cap)
{
    struct aod_buf body;
    long http_status = 0;
    X509_CRL *crl = NULL;
    const unsigned char *p;
    char next[32] = "?";
    int ok = 0;
    X509_REVOKED *rev = NULL;

    aod_buf_init(&body, CRL_MAX_BYTES);
    why[0] = '\0';
    if (crl_get(ctx, url, &body, &http_status, why, why_cap) != AOD_OK || http_status != 200 ||
        body.len == 0) {
        if (why[0] == '\0')
            snprintf(why, why_cap, "HTTP %ld", http_status);
        goto out;
    }
    p = (const unsigned char *)body.p;
    crl = d2i_X509_CRL(NULL, &p, (long)body.len);
    if (crl == NULL) {
        BIO *b = BIO_new_mem_buf(body.p, (int)body.len);
        crl = b != NULL ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
        BIO_free(b);
    }
    if (crl == NULL) {
        snprintf(why, why_cap, "not a CRL");
        goto out;
    }
    asn1_time_str(X509_CRL_get0_nextUpdate(crl), next, sizeof next);
    if (X509_CRL_get0_nextUpdate(crl) == NULL ||
        X509_cmp_current_time(X509_CRL_get0_nextUpdate(crl)) <= 0) {
        snprintf(why, why_cap, "expired (nextUpdate %s)", next);
    } else if (X509_cmp_current_time(X509_CRL_get0_lastUpdate(crl)) > 0) {
        snprintf(why, why_cap, "not yet valid");
    } else if (issuer != NULL && X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
        snprintf(why, why_cap, "signature does not verify with the issuer");
    } else if (X509_CRL_get0_by_cert(crl, &rev, leaf) == 1) {
        snprintf(why, why_cap, "the server certificate is revoked");
    } else {
        ok = 1;
    }
out:
    aod_buf_puts(js, "{\"url\":");
    aod_json_str(js, url);
    aod_buf_printf(js, ",\"http_status\":%ld,\"next_update\":", http_status);
    aod_json_str(js, next);
    aod_buf_printf(js, ",\"current\":%s,\"error\":", ok ? "true" : "false");
    if (ok)
        aod_buf_puts(js, "null");
    else
        aod_json_str(js, why);
    aod_buf_puts(js, "}");
    X509_CRL_free(crl);
    aod_buf_free(&body);
    return ok;
}

static const char *problem_word(int e)
{
    switch (e) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return "expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return "not_yet_valid";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        return "self_signed";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
        return "untrusted";
    default:
        return "invalid";
    }
}

AOD_STATIC void tls_judge(const struct tls_facts *f, struct probe_out *out)
{
    struct aod_buf words;
    struct aod_buf say;
    int trusted = 1;
    int expired = 0;
    int i;

    aod_buf_init(&words, AOD_PROBE_FIELD_VALUE_MAX - 1);
    /* Room for every part whole (a name of 253 octets, a CRL reason of 511): out_verdict cuts
     * the summary to size, and the verdict must never depend on whether the words fit. */
    aod_buf_init(&say, 2048);
    for (i = 0; i < f->n_errors; i++) {
        const char *w = problem_word(f->errors[i]);
        if (strcmp(w, "expired") == 0 || strcmp(w, "not_yet_valid") == 0)
            expired = 1;
        else
            trusted = 0;
        if (strstr(words.len ? words.p : "", w) == NULL)
            aod_buf_printf(&words, "%s%s", words.len ? "," : "", w);
    }
    if (!f->name_match)
        aod_buf_printf(&words, "%sname_mismatch", words.len ? "," : "");
    if (f->crl_state == 0)
        aod_buf_printf(&words, "%scrl_unavailable", words.len ? "," : "");
    out_bool(out, "trusted", trusted);
    out_bool(out, "expired", expired);
    out_bool(out, "self_signed", f->self_signed);
    out_bool(out, "name_match", f->name_match);
    if (f->crl_state < 0)
        out_null(out, "crl_ok");
    else
        out_bool(out, "crl_ok", f->crl_state);
    out_field(out, "problems", FT_LIST, "%s", words.len ? words.p : "");
    if (expired)
        aod_buf_printf(&say, "expired %ld days ago (-2146762495); ", -f->days_left);
    if (!f->name_match)
        aod_buf_printf(&say, "not valid for %s (0x800B010F); ", f->name);
    if (f->self_signed)
        aod_buf_puts(&say, "self-signed (0x800B0109); ");
    else if (!trusted)
        aod_buf_puts(&say, "chain not trusted here (0x800B0109); ");
    if (f->crl_state == 0)
        aod_buf_printf(&say, "CRL %s (0x80092013); ", f->crl_why ? f->crl_why : "unavailable");
    if (say.len == 0 && !say.is_overflow && !say.is_oom) {
        out_verdict(out, AOD_VERDICT_PASS,
                    "the certificate is trusted, valid for %s for %ld more days%s", f->name,
                    f->days_left, f->crl_state > 0 ? ", CRL current" : "");
    } else {
        if (say.len >= 2)
            say.p[say.len - 2] = '\0'; /* the last "; " */
        out_verdict(out, AOD_VERDICT_FAIL, "certificate problems: %s",
                    say.len > 0 ? say.p : "see problems");
    }
    aod_buf_free(&words);
    aod_buf_free(&say);
}

static long days_until(const ASN1_TIME *t)
{
    int days = 0;
    int secs = 0;

    if (t == NULL || ASN1_TIME_diff(&days, &secs, NULL, t) != 1)
        return 0;
    return days;
}

AOD_STATIC void cert_fields(X509 *leaf, struct probe_out *out)
{
    char buf[AOD_PROBE_FIELD_VALUE_MAX];

    name_str(X509_get_subject_name(leaf), buf, sizeof buf);
    out_field(out, "subject", FT_STR, "%s", buf);
    sans_str(leaf, buf, sizeof buf);
    out_field(out, "sans", FT_LIST, "%s", buf);
    name_str(X509_get_issuer_name(leaf), buf, sizeof buf);
    out_field(out, "issuer", FT_STR, "%s", buf);
    asn1_time_str(X509_get0_notBefore(leaf), buf, sizeof buf);
    out_field(out, "not_before", FT_STR, "%s", buf);
    asn1_time_str(X509_get0_notAfter(leaf), buf, sizeof buf);
    out_field(out, "not_after", FT_STR, "%s", buf);
    out_num(out, "days_left", days_until(X509_get0_notAfter(leaf)));
    out_bool(out, "server_auth_eku",
             (X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) == 0 ||
                 (X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER));
}

/* The issuer of `leaf` in the chain verification built, or NULL. */
static X509 *find_issuer(STACK_OF(X509) * chain, X509 *leaf)
{
    int i;

    for (i = 0; chain != NULL && i < sk_X509_num(chain); i++) {
        X509 *c = sk_X509_value(chain, i);
        if (X509_cmp(c, leaf) != 0 && X509_check_issued(c, leaf) == X509_V_OK)
            return c;
    }
    return NULL;
}

static enum aod_status tls_run(const struct probe_ctx *ctx, struct probe_out *out,
                               struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *port = ctx_param(ctx, "port");
    const char *name = ctx_param(ctx, "servername");
    struct tls_conn c;
    struct tls_facts f;
    X509 *leaf;
    char urls[CRL_MAX_URLS][256];
    char why[512] = "";
    size_t n_urls;
    size_t i;
    enum aod_status rc;

    if (port == NULL)
        port = "443";
    if (name == NULL)
        name = host;
    rc = tls_open(ctx, host, port, name, TLS_VERIFY_STOP, ctx_param(ctx, "cacert"), &c, err);
    out_field(out, "state", FT_STR, "%s", c.state);
    out_source_str(out, c.source);
    if (rc == AOD_E_PROBE) {
        out_verdict(out, AOD_VERDICT_FAIL, "%s", c.detail);
        rc = AOD_OK;
        goto out;
    }
    if (rc != AOD_OK)
        goto out;
    leaf = c.leaf;
    if (leaf == NULL) {
        out_verdict(out, AOD_VERDICT_FAIL, "the server sent no certificate");
        goto out;
    }
    out_field(out, "tls_version", FT_STR, "%s", SSL_get_version(c.ssl));
    cert_fields(leaf, out);
    memset(&f, 0, sizeof f);
    f.errors = c.errors;
    f.n_errors = c.n_errors;
    f.name = name;
    f.days_left = days_until(X509_get0_notAfter(leaf));
    f.self_signed = X509_check_issued(leaf, leaf) == X509_V_OK;
    f.name_match =
        X509_check_host(leaf, name, 0, 0, NULL) == 1 || X509_check_ip_asc(leaf, name, 0) == 1;
    n_urls = crl_urls(leaf, urls, CRL_MAX_URLS);
    f.crl_state = n_urls == 0 ? -1 : 1;
    aod_buf_puts(&out->extra, ",\"crls\":[");
    for (i = 0; i < n_urls; i++) {
        char w[160];
        if (i > 0)
            aod_buf_puts(&out->extra, ",");
        if (!check_crl(ctx, urls[i], leaf, find_issuer(c.chain, leaf), &out->extra, w, sizeof w)) {
            f.crl_state = 0;
            if (why[0] == '\0')
                snprintf(why, sizeof why, "%s: %s", urls[i], w);
        }
    }
    aod_buf_puts(&out->extra, "]");
    f.crl_why = why;
    tls_judge(&f, out);
out:
    tls_close(&c);
    return rc;
}

const struct aod_probe_ops probe_tls_ops = {
    "tls",
    "tls HOST[:PORT] [--servername NAME] [--cacert FILE]",
    tls_check,
    tls_run,
};

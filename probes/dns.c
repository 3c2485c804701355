/* probes/dns.c: the dns probe: A and AAAA through the system resolver, compared with the
 * address the user expects (a wrong one means DNS or a NAT rule points elsewhere). An empty
 * expect is no expectation: a flow passes "" when the user does not know the address. */
#include "probe_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static enum aod_status dns_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");
    const char *expect = param_find(p, n, "expect");
    unsigned char buf[sizeof(struct in6_addr)];

    if (expect != NULL && expect[0] == '\0')
        expect = NULL;
    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "dns: needs a host name");
    if (expect != NULL && inet_pton(AF_INET, expect, buf) != 1 &&
        inet_pton(AF_INET6, expect, buf) != 1)
        return aod_err_set(err, AOD_E_USAGE, "dns: --expect needs an IPv4 or IPv6 address");
    return AOD_OK;
}

/* Same address, whatever its spelling ("::1" and "0:0::1"). */
static int same_addr(const char *a, const char *b)
{
    unsigned char x[sizeof(struct in6_addr)];
    unsigned char y[sizeof(struct in6_addr)];

    if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
        return memcmp(x, y, 4) == 0;
    if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
        return memcmp(x, y, 16) == 0;
    return 0;
}

static enum aod_status dns_run(const struct probe_ctx *ctx, struct probe_out *out,
                               struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *expect = ctx_param(ctx, "expect");
    struct addrinfo *res = NULL;
    const struct addrinfo *ai;
    struct aod_buf list;
    int matched = 0;
    int n4 = 0;
    int n6 = 0;
    enum aod_status rc;

    if (expect != NULL && expect[0] == '\0')
        expect = NULL;
    aod_buf_init(&list, AOD_PROBE_FIELD_VALUE_MAX - 1);
    rc = net_resolve(ctx, host, "0", SOCK_STREAM, &res, err);
    if (rc == AOD_E_NOTFOUND || rc == AOD_E_TIMEOUT) {
        out_field(out, "addresses", FT_LIST, "%s", "");
        out_num(out, "ipv4_count", 0);
        out_num(out, "ipv6_count", 0);
        if (expect != NULL)
            out_bool(out, "expect_match", 0);
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s: clients cannot find the VPN server by this name (error 868)",
                    err != NULL ? err->msg : host);
        rc = AOD_OK;
        goto out;
    }
    if (rc != AOD_OK)
        goto out;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        char a[INET6_ADDRSTRLEN];
        net_addr_str(ai->ai_addr, a, sizeof a);
        if (ai->ai_family == AF_INET)
            n4++;
        else
            n6++;
        if (expect != NULL && same_addr(a, expect))
            matched = 1;
        if (list.len > 0)
            aod_buf_puts(&list, ",");
        aod_buf_puts(&list, a);
    }
    out_field(out, "addresses", FT_LIST, "%s", list.len > 0 ? list.p : "");
    out_num(out, "ipv4_count", n4);
    out_num(out, "ipv6_count", n6);
    if (expect == NULL) {
        out_null(out, "expect_match");
        out_verdict(out, AOD_VERDICT_PASS, "%s resolves to %s", host, list.len ? list.p : "?");
    } else if (matched) {
        out_bool(out, "expect_match", 1);
        out_verdict(out, AOD_VERDICT_PASS, "%s resolves to the expected %s", host, expect);
    } else {
        out_bool(out, "expect_match", 0);
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s resolves to %s, not %s: DNS or a NAT rule points clients elsewhere", host,
                    list.len ? list.p : "?", expect);
    }
out:
    if (res != NULL)
        freeaddrinfo(res);
    aod_buf_free(&list);
    return rc;
}

const struct aod_probe_ops probe_dns_ops = {
    "dns",
    "dns HOST [--expect IP]",
    dns_check,
    dns_run,
};

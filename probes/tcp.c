/* probes/tcp.c: the tcp probe: tells connected, refused (nothing listens) and timed out
 * (filtered or down) apart with one non-blocking connect per address. */
#include "probe_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum aod_status tcp_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");

    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "tcp: needs HOST:PORT");
    if (!net_port_ok(param_find(p, n, "port")))
        return aod_err_set(err, AOD_E_USAGE, "tcp: needs a port 1 to 65535 (HOST:PORT)");
    return AOD_OK;
}

static enum aod_status tcp_run(const struct probe_ctx *ctx, struct probe_out *out,
                               struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *port = ctx_param(ctx, "port");
    struct addrinfo *res = NULL;
    const struct addrinfo *ai;
    char addr[64] = "";
    char src[64] = "";
    int fd = -1;
    int e = 0;
    enum aod_status rc;

    rc = net_resolve(ctx, host, port, SOCK_STREAM, &res, err);
    if (rc == AOD_E_NOTFOUND || rc == AOD_E_TIMEOUT) {
        out_field(out, "state", FT_STR, "unresolved");
        out_verdict(out, AOD_VERDICT_FAIL, "%s", err != NULL ? err->msg : "no such name");
        rc = AOD_OK;
        goto out;
    }
    if (rc != AOD_OK)
        goto out;
    /* Each address in turn, while time is left: a refused IPv6 may hide a working IPv4. */
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        net_addr_str(ai->ai_addr, addr, sizeof addr);
        rc = net_connect_from(ctx, ai, &fd, &e, src, sizeof src);
        if (rc == AOD_OK || rc == AOD_E_CANCELLED || rc == AOD_E_TIMEOUT)
            break;
    }
    out_field(out, "address", FT_STR, "%s", addr);
    out_source_str(out, src);
    if (rc == AOD_E_CANCELLED)
        goto out;
    if (rc == AOD_OK) {
        out_field(out, "state", FT_STR, "connected");
        out_verdict(out, AOD_VERDICT_PASS, "TCP port %s on %s accepts connections", port, host);
    } else if (e == ECONNREFUSED) {
        out_field(out, "state", FT_STR, "refused");
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s answers but nothing listens on TCP port %s (connection refused)", host,
                    port);
    } else if (rc == AOD_E_TIMEOUT || e == ETIMEDOUT) {
        out_field(out, "state", FT_STR, "timeout");
        out_verdict(out, AOD_VERDICT_FAIL,
                    "no answer from %s on TCP port %s within %d ms: filtered or down", host, port,
                    ctx->timeout_ms);
    } else {
        out_field(out, "state", FT_STR, "unreachable");
        out_field(out, "error", FT_STR, "%s", strerror(e));
        /* An ICMP error ended the connect; TCP has no error queue, so Linux does not say
         * whether the server or a router on the way sent it. */
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s: %s (an ICMP error; for TCP Linux does not say which device sent it)", host,
                    strerror(e));
    }
    rc = AOD_OK;
out:
    if (fd >= 0)
        close(fd);
    if (res != NULL)
        freeaddrinfo(res);
    return rc;
}

const struct aod_probe_ops probe_tcp_ops = {
    "tcp",
    "tcp HOST:PORT",
    tcp_check,
    tcp_run,
};

/* probes/ike.c: the ike probe: sends a real IKE_SA_INIT over UDP, retransmits inside the
 * timeout, follows INVALID_KE_PAYLOAD and COOKIE, and hands what came back to ike_judge. */
#include "ike_wire.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define IKE_ROUNDS_MAX    4   /* first try + INVALID_KE + COOKIE + one more */
#define IKE_RETRANSMIT_MS 500 /* first resend; doubles, like ike-scan's backoff */

static enum aod_status ike_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");
    const char *natt = param_find(p, n, "natt");
    const char *port = param_find(p, n, "port");

    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "ike: needs a host");
    if (port != NULL && !net_port_ok(port))
        return aod_err_set(err, AOD_E_USAGE, "ike: port must be 1 to 65535");
    if (natt != NULL && strcmp(natt, "true") != 0 && strcmp(natt, "false") != 0)
        return aod_err_set(err, AOD_E_USAGE, "ike: natt is true or false");
    return AOD_OK;
}

/* One UDP conversation with the responder. */
struct ike_conv {
    int fd;
    struct sockaddr_storage local;
    struct sockaddr_storage remote;
    socklen_t remote_len;
    int marker;
    uint8_t spi_i[8];
    uint8_t nonce[32];
    uint8_t ke[IKE_KE_MAX];
    size_t ke_len;
    uint16_t group;
    uint8_t cookie[IKE_NOTIFY_DATA_MAX];
    size_t cookie_len;
    struct net_icmp ic;
};

/* Sends the request and waits for a reply that parses, resending with backoff until the
 * deadline. AOD_OK with *r filled, AOD_E_TIMEOUT (silence or ICMP), AOD_E_CANCELLED. */
static enum aod_status exchange(const struct probe_ctx *ctx, struct ike_conv *c,
                                struct ike_reply *r, struct aod_err *err)
{
    struct ike_init_req q;
    struct ike_reply tmp;
    uint8_t msg[IKE_MSG_MAX];
    uint8_t in[IKE_MSG_MAX + 1];
    size_t len;
    int wait_ms = IKE_RETRANSMIT_MS;
    enum aod_status rc;

    memset(&q, 0, sizeof q);
    memcpy(q.spi_i, c->spi_i, 8);
    q.dh_group = c->group;
    q.ke = c->ke;
    q.ke_len = c->ke_len;
    q.nonce = c->nonce;
    q.nonce_len = sizeof c->nonce;
    q.cookie = c->cookie_len ? c->cookie : NULL;
    q.cookie_len = c->cookie_len;
    q.natt_marker = c->marker;
    {
        static const uint8_t zero[8] = {0};
        if (ike_nat_hash(c->spi_i, zero, (struct sockaddr *)&c->local, q.nat_src) != AOD_OK ||
            ike_nat_hash(c->spi_i, zero, (struct sockaddr *)&c->remote, q.nat_dst) != AOD_OK)
            return aod_err_set(err, AOD_E_IO, "cannot hash addresses for NAT detection");
    }
    len = ike_build_init(&q, msg, sizeof msg);
    if (len == 0)
        return aod_err_set(err, AOD_E_INPUT, "cannot build IKE_SA_INIT");
    for (;;) {
        int64_t until = net_now_ms() + wait_ms;

        if (send(c->fd, msg, len, 0) < 0 && net_is_icmp_errno(errno)) {
            net_icmp_take(c->fd, errno, (const struct sockaddr *)&c->remote, &c->ic);
            return AOD_E_TIMEOUT;
        }
        for (;;) {
            ssize_t got;

            rc = net_wait(ctx, c->fd, POLLIN, until);
            if (rc != AOD_OK)
                break;
            got = recv(c->fd, in, sizeof in, 0);
            if (got < 0 && net_is_icmp_errno(errno)) {
                net_icmp_take(c->fd, errno, (const struct sockaddr *)&c->remote, &c->ic);
                return AOD_E_TIMEOUT;
            }
            if (got < 0)
                continue;
            /* Anything that does not parse (stray, truncated, another SPI) is ignored, and so
             * is a late duplicate of the answer to an earlier round. */
            if (ike_parse_reply(in, (size_t)got, c->marker, c->spi_i, &tmp, NULL) == AOD_OK &&
                !ike_reply_is_stale(&tmp, c->group)) {
                *r = tmp;
                return AOD_OK;
            }
        }
        if (rc != AOD_E_TIMEOUT)
            return rc;
        if (net_left(ctx) <= 0)
            return AOD_E_TIMEOUT;
        wait_ms *= 2;
    }
}

static enum aod_status conv_open(const struct probe_ctx *ctx, struct ike_conv *c, const char *host,
                                 const char *port, struct aod_err *err)
{
    socklen_t llen = sizeof c->local;
    enum aod_status rc = net_udp_open(ctx, host, port, &c->fd, &c->remote, &c->remote_len, err);

    if (rc == AOD_OK && getsockname(c->fd, (struct sockaddr *)&c->local, &llen) != 0)
        rc = aod_err_set(err, AOD_E_IO, "UDP socket to %s: %s", host, strerror(errno));
    return rc;
}

static enum aod_status new_key(struct ike_conv *c, uint16_t group, struct aod_err *err)
{
    c->group = group;
    return ike_dh_public(group, c->ke, sizeof c->ke, &c->ke_len, err);
}

/* Compares the responder's NAT detection hashes with ours: 1 translated, 0 not, -1 unknown. */
static void nat_check(const struct ike_conv *c, const struct ike_reply *r, int *local, int *remote)
{
    const struct ike_notify *src = ike_reply_notify(r, IKE_N_NAT_DETECTION_SOURCE_IP);
    const struct ike_notify *dst = ike_reply_notify(r, IKE_N_NAT_DETECTION_DESTINATION_IP);
    uint8_t h[20];

    *local = -1;
    *remote = -1;
    if (dst != NULL && dst->len == 20 &&
        ike_nat_hash(c->spi_i, r->spi_r, (const struct sockaddr *)&c->local, h) == AOD_OK)
        *local = memcmp(h, dst->data, 20) != 0;
    if (src != NULL && src->len == 20 &&
        ike_nat_hash(c->spi_i, r->spi_r, (const struct sockaddr *)&c->remote, h) == AOD_OK)
        *remote = memcmp(h, src->data, 20) != 0;
}

/* Sends IKE_SA_INIT and follows INVALID_KE_PAYLOAD (once) and COOKIE, at most
 * IKE_ROUNDS_MAX exchanges. *have is set once any reply parsed; r holds the last one. */
static enum aod_status negotiate(const struct probe_ctx *ctx, struct ike_conv *c,
                                 struct ike_reply *r, struct ike_judge_in *j, int *have,
                                 struct aod_err *err)
{
    int round;
    enum aod_status rc = AOD_OK;

    for (round = 0; round < IKE_ROUNDS_MAX; round++) {
        const struct ike_notify *n;

        rc = exchange(ctx, c, r, err);
        if (rc == AOD_E_TIMEOUT) {
            j->retry_unanswered = *have;
            return AOD_OK;
        }
        if (rc != AOD_OK)
            return rc;
        *have = 1;
        j->timed_out_on_cookie = 0;
        n = ike_reply_notify(r, IKE_N_INVALID_KE_PAYLOAD);
        if (n != NULL && n->len >= 2 && j->invalid_ke_group == 0) {
            uint16_t g = (uint16_t)((n->data[0] << 8) | n->data[1]);
            j->invalid_ke_group = g;
            if (!ike_dh_supported(g))
                return AOD_OK;
            rc = new_key(c, g, err);
            if (rc != AOD_OK)
                return rc;
            continue;
        }
        n = ike_reply_notify(r, IKE_N_COOKIE);
        if (n == NULL || n->len == 0 || n->len != n->full_len)
            return AOD_OK;
        memcpy(c->cookie, n->data, n->len);
        c->cookie_len = n->len;
        j->cookie_followed = 1;
        j->timed_out_on_cookie = 1;
    }
    return AOD_OK;
}

static enum aod_status ike_run(const struct probe_ctx *ctx, struct probe_out *out,
                               struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *natt = ctx_param(ctx, "natt");
    const char *port = ctx_param(ctx, "port");
    struct ike_conv c;
    struct ike_reply r;
    struct ike_judge_in j;
    int have = 0;
    enum aod_status rc;

    memset(&c, 0, sizeof c);
    memset(&j, 0, sizeof j);
    c.fd = -1;
    if (port == NULL)
        port = natt != NULL && strcmp(natt, "true") == 0 ? "4500" : "500";
    c.marker = strcmp(port, "500") != 0;
    j.port = port;
    j.timeout_ms = ctx->timeout_ms;
    j.first_group = 19;
    rc = conv_open(ctx, &c, host, port, err);
    if (rc == AOD_E_NOTFOUND || rc == AOD_E_TIMEOUT) {
        out_bool(out, "responded", 0);
        out_null(out, "fragmentation_supported");
        out_verdict(out, AOD_VERDICT_FAIL, "%s", err != NULL ? err->msg : "no such name");
        rc = AOD_OK;
        goto out;
    }
    if (rc == AOD_OK)
        rc = net_random(c.spi_i, sizeof c.spi_i, err);
    if (rc == AOD_OK)
        rc = net_random(c.nonce, sizeof c.nonce, err);
    if (rc == AOD_OK)
        rc = new_key(&c, j.first_group, err);
    if (rc == AOD_OK)
        rc = negotiate(ctx, &c, &r, &j, &have, err);
    if (rc != AOD_OK)
        goto out;
    j.icmp_unreachable = net_icmp_is_port_closed(&c.ic);
    j.icmp = c.ic.is_set ? &c.ic : NULL;
    out_source(out, c.fd);
    j.reply = have ? &r : NULL;
    j.nat_local = -1;
    j.nat_remote = -1;
    if (have)
        nat_check(&c, &r, &j.nat_local, &j.nat_remote);
    ike_judge(&j, out);
out:
    if (c.fd >= 0)
        close(c.fd);
    return rc;
}

const struct aod_probe_ops probe_ike_ops = {
    "ike",
    "ike HOST [--port N] [--natt]   (--natt: UDP 4500; any port but 500 gets the non-ESP marker)",
    ike_check,
    ike_run,
};

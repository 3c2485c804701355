/* probes/crlget.c: downloads a CRL from an http:// distribution point with a plain HTTP/1.0 GET,
 * so that checking a certificate's revocation does not load libcurl. Everything happens before
 * the probe's deadline; the body is capped; no redirects are followed (a CDP must answer). */
#include "tls_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 8192

AOD_STATIC int crl_parse_url(const char *url, char *host, size_t host_cap, char *port,
                             size_t port_cap, char *path, size_t path_cap)
{
    const char *p;
    const char *slash;
    size_t n;

    if (strncmp(url, "http://", 7) != 0)
        return 0;
    p = url + 7;
    slash = strchr(p, '/');
    n = slash != NULL ? (size_t)(slash - p) : strlen(p);
    char hostport[300];
    if (n == 0 || n >= sizeof hostport)
        return 0;
    memcpy(hostport, p, n);
    hostport[n] = '\0';
    if (strchr(hostport, '@') != NULL)
        return 0; /* no credentials in a CDP */
    if (net_split_hostport(hostport, "80", host, host_cap, port, port_cap) != AOD_OK)
        return 0;
    if (snprintf(path, path_cap, "%s", slash != NULL ? slash : "/") >= (int)path_cap)
        return 0;
    for (const char *c = path; *c != '\0'; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7F)
            return 0; /* a request line cannot carry these */
    }
    return 1;
}

/* The Content-Length value in the head buf[0..end): digits on that header's own line (spaces
 * and tabs around them), or -1 when absent or unreadable. Bounded by `end`, never by a NUL. */
static long content_length(const char *buf, const char *end)
{
    static const char cl[] = "\r\ncontent-length:";
    const size_t n = sizeof cl - 1;
    long v = -1;

    for (const char *l = buf; (size_t)(end - l) >= n; l++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)l[k]) == cl[k])
            k++;
        if (k < n)
            continue;
        const char *p = l + n;
        long x = 0;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *digits = p;
        while (p < end && *p >= '0' && *p <= '9' && x <= (LONG_MAX - 9) / 10)
            x = x * 10 + (*p++ - '0');
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p > digits && (p == end || *p == '\r'))
            v = x;
    }
    return v;
}

AOD_STATIC int crl_parse_head(const char *buf, size_t len, long *status, size_t *body_off,
                              long *content_length_out)
{
    const char *end = NULL;
    char code[4];

    for (size_t i = 0; i + 3 < len; i++) {
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
            end = buf + i;
            break;
        }
    }
    if (end == NULL)
        return 0;
    if (len < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || buf[8] != ' ')
        return -1;
    memcpy(code, buf + 9, 3);
    code[3] = '\0';
    if (code[0] < '1' || code[0] > '5' || code[1] < '0' || code[1] > '9' || code[2] < '0' ||
        code[2] > '9')
        return -1;
    *status = strtol(code, NULL, 10);
    *body_off = (size_t)(end - buf) + 4;
    *content_length_out = content_length(buf, end);
    return 1;
}

/* Sends all of buf before the deadline. */
static enum aod_status send_all(const struct probe_ctx *ctx, int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            enum aod_status rc = net_wait(ctx, fd, POLLOUT, ctx->deadline);
            if (rc != AOD_OK)
                return rc;
            continue;
        }
        if (w <= 0)
            return AOD_E_IO;
        buf += w;
        len -= (size_t)w;
    }
    return AOD_OK;
}

/* Reads until the server closes the connection, into `raw` (capped), before the deadline.
 * AOD_E_PROBE when the reply outgrows the cap. */
static enum aod_status recv_all(const struct probe_ctx *ctx, int fd, struct aod_buf *raw)
{
    for (;;) {
        char buf[4096];
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got == 0)
            return AOD_OK;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            enum aod_status rc = net_wait(ctx, fd, POLLIN, ctx->deadline);
            if (rc != AOD_OK)
                return rc;
            continue;
        }
        if (got < 0)
            return AOD_E_IO;
        aod_buf_putn(raw, buf, (size_t)got);
        if (raw->is_overflow || raw->is_oom)
            return AOD_E_PROBE;
    }
}

enum aod_status crl_get(const struct probe_ctx *ctx, const char *url, struct aod_buf *out,
                        long *status, char *why, size_t why_cap)
{
    char host[256];
    char port[8];
    char path[1024];
    char req[1600];
    struct addrinfo *ai = NULL;
    struct aod_buf raw;
    enum aod_status rc = AOD_E_PROBE;
    int fd = -1;
    int sys_errno = 0;

    *status = 0;
    why[0] = '\0';
    aod_buf_init(&raw, out->max + HEAD_MAX);
    if (!crl_parse_url(url, host, sizeof host, port, sizeof port, path, sizeof path)) {
        snprintf(why, why_cap, "not an http:// URL this probe can fetch");
        goto out;
    }
    rc = net_resolve(ctx, host, port, SOCK_STREAM, &ai, NULL);
    if (rc != AOD_OK) {
        snprintf(why, why_cap, "%s does not resolve", host);
        goto out;
    }
    for (const struct addrinfo *a = ai; a != NULL && fd < 0; a = a->ai_next)
        rc = net_connect(ctx, a, &fd, &sys_errno);
    if (fd < 0) {
        snprintf(why, why_cap, "cannot connect to %s:%s: %s", host, port,
                 rc == AOD_E_TIMEOUT ? "timed out" : strerror(sys_errno));
        goto out;
    }
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: aovpn-doctor\r\n"
                     "Accept: application/pkix-crl, */*\r\nConnection: close\r\n\r\n",
                     path, host);
    rc = send_all(ctx, fd, req, (size_t)n);
    if (rc == AOD_OK)
        rc = recv_all(ctx, fd, &raw);
    if (rc == AOD_E_PROBE) {
        snprintf(why, why_cap, "larger than %zu bytes", out->max);
        goto out;
    }
    if (rc != AOD_OK) {
        snprintf(why, why_cap, "%s", rc == AOD_E_TIMEOUT ? "timed out" : aod_status_str(rc));
        goto out;
    }
    size_t body = 0;
    long clen = -1;
    if (raw.len == 0 || crl_parse_head(raw.p, raw.len, status, &body, &clen) != 1) {
        snprintf(why, why_cap, "no HTTP answer");
        rc = AOD_E_PROBE;
        goto out;
    }
    if (clen >= 0 && (size_t)clen != raw.len - body) {
        snprintf(why, why_cap, "cut short: %zu of %ld bytes", raw.len - body, clen);
        rc = AOD_E_PROBE;
        goto out;
    }
    aod_buf_putn(out, raw.p + body, raw.len - body);
    rc = AOD_OK;
out:
    if (fd >= 0)
        close(fd);
    if (ai != NULL)
        freeaddrinfo(ai);
    aod_buf_free(&raw);
    return rc;
}

/* probes/radius.c: the radius probe: one Access-Request (resent inside the timeout) to UDP 1812,
 * its reply verified with the shared secret. The secret comes from a prompt (param "secret"),
 * secret_file or AOD_RADIUS_SECRET; it is never printed, stored in a result or logged. */
#include "radius_wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define RAD_RETRANSMIT_MS 1000
#define RAD_DEFAULT_USER  "aovpn-doctor-probe"

static enum aod_status radius_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");
    const char *port = param_find(p, n, "port");
    const char *user = param_find(p, n, "user");

    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "radius: needs a host");
    if (port != NULL && !net_port_ok(port))
        return aod_err_set(err, AOD_E_USAGE, "radius: port must be 1 to 65535");
    if (user != NULL && (user[0] == '\0' || strlen(user) > 253))
        return aod_err_set(err, AOD_E_USAGE, "radius: user must be 1 to 253 characters");
    if (param_find(p, n, "secret") == NULL && param_find(p, n, "secret_file") == NULL &&
        getenv("AOD_RADIUS_SECRET") == NULL)
        return aod_err_set(err, AOD_E_USAGE,
                           "radius: no shared secret (secret_file or AOD_RADIUS_SECRET)");
    return AOD_OK;
}

/* Reads a small secret file; drops one trailing newline (CR LF too). A pipe or FIFO (say
 * `--secret-file <(pass show nps)`) is read until its writer closes it, and waited for no longer
 * than the probe's deadline: a FIFO nobody writes to must not hang the probe. */
static enum aod_status read_small(const struct probe_ctx *ctx, const char *path, char *buf,
                                  size_t cap, const char *what, struct aod_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    size_t len = 0;
    int is_pipe, woke = 0;
    enum aod_status rc = AOD_OK;

    if (fd < 0)
        return aod_err_set(err, AOD_E_IO, "cannot read the %s file: %s", what, strerror(errno));
    is_pipe = fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
    for (;;) {
        ssize_t n = read(fd, buf + len, cap - len);

        if (n > 0) {
            len += (size_t)n;
            if (len >= cap) {
                rc = aod_err_set(err, AOD_E_INPUT, "the %s file is longer than %zu octets", what,
                                 cap - 1);
                break;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN) {
            rc = aod_err_set(err, AOD_E_IO, "cannot read the %s file: %s", what, strerror(errno));
            break;
        }
        /* End of file, unless a FIFO has had no writer yet (it reads as empty until one opens) */
        if (n == 0 && (!is_pipe || len > 0 || woke))
            break;
        rc = net_wait(ctx, fd, POLLIN, ctx->deadline);
        if (rc == AOD_E_TIMEOUT)
            rc = aod_err_set(err, AOD_E_TIMEOUT,
                             len == 0 ? "nothing came from the %s file within the timeout"
                                      : "the %s file was not closed within the timeout",
                             what);
        if (rc != AOD_OK)
            break;
        woke = 1;
    }
    close(fd);
    if (rc != AOD_OK) {
        memset(buf, 0, cap);
        return rc;
    }
    buf[len] = '\0';
    if (len > 0 && buf[len - 1] == '\n')
        buf[--len] = '\0';
    if (len > 0 && buf[len - 1] == '\r')
        buf[--len] = '\0';
    return AOD_OK;
}

static enum aod_status get_secret(const struct probe_ctx *ctx, char *buf, size_t cap,
                                  struct aod_err *err)
{
    const char *s = ctx_param(ctx, "secret");
    const char *file = ctx_param(ctx, "secret_file");
    enum aod_status rc = AOD_OK;

    if (s == NULL && file != NULL)
        rc = read_small(ctx, file, buf, cap, "secret", err);
    else if (s == NULL)
        s = getenv("AOD_RADIUS_SECRET");
    if (rc == AOD_OK && s != NULL) {
        if (strlen(s) >= cap)
            return aod_err_set(err, AOD_E_INPUT, "the shared secret is too long");
        snprintf(buf, cap, "%s", s);
    }
    if (rc == AOD_OK && buf[0] == '\0')
        rc = aod_err_set(err, AOD_E_INPUT, "the shared secret is empty");
    return rc;
}

static enum aod_status get_password(const struct probe_ctx *ctx, char *buf, size_t cap,
                                    struct aod_err *err)
{
    const char *file = ctx_param(ctx, "password_file");
    const char *env = getenv("AOD_RADIUS_PASSWORD");

    if (file != NULL)
        return read_small(ctx, file, buf, cap, "password", err);
    snprintf(buf, cap, "%s", env != NULL && strlen(env) < cap ? env : "not-a-real-password");
    return AOD_OK;
}

/* Sends `q` and waits for a reply that verifies or at least parses, resending with backoff. */
static enum aod_status exchange(const struct probe_ctx *ctx, int fd, const uint8_t *msg, size_t len,
                                const struct rad_req *q, struct rad_reply *r, struct net_icmp *ic,
                                const struct sockaddr *remote)
{
    uint8_t in[RAD_MAX + 1];
    int wait_ms = RAD_RETRANSMIT_MS;
    enum aod_status rc;

    for (;;) {
        int64_t until = net_now_ms() + wait_ms;

        if (send(fd, msg, len, 0) < 0 && net_is_icmp_errno(errno)) {
            net_icmp_take(fd, errno, remote, ic);
            return AOD_E_TIMEOUT;
        }
        for (;;) {
            ssize_t got;

            rc = net_wait(ctx, fd, POLLIN, until);
            if (rc != AOD_OK)
                break;
            got = recv(fd, in, sizeof in, 0);
            if (got < 0 && net_is_icmp_errno(errno)) {
                net_icmp_take(fd, errno, remote, ic);
                return AOD_E_TIMEOUT;
            }
            if (got > 0 && rad_parse_reply(in, (size_t)got, q->id, q->auth, q->secret,
                                           q->secret_len, r, NULL) == AOD_OK)
                return AOD_OK;
        }
        if (rc != AOD_E_TIMEOUT || net_left(ctx) <= 0)
            return rc;
        wait_ms *= 2;
    }
}

static enum aod_status radius_run(const struct probe_ctx *ctx, struct probe_out *out,
                                  struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *port = ctx_param(ctx, "port");
    const char *user = ctx_param(ctx, "user");
    char secret[RAD_SECRET_MAX + 2] = "";
    char password[RAD_PASSWORD_MAX + 2] = "";
    struct rad_req q;
    struct rad_reply r;
    struct rad_judge_in j;
    uint8_t msg[RAD_MAX];
    size_t len;
    int fd = -1;
    struct sockaddr_storage remote;
    socklen_t remote_len = 0;
    struct net_icmp ic;
    enum aod_status rc;

    memset(&j, 0, sizeof j);
    memset(&ic, 0, sizeof ic);
    memset(&remote, 0, sizeof remote);
    if (port == NULL)
        port = "1812";
    if (user == NULL)
        user = RAD_DEFAULT_USER;
    j.port = port;
    j.timeout_ms = ctx->timeout_ms;
    rc = get_secret(ctx, secret, sizeof secret, err);
    if (rc == AOD_OK)
        rc = get_password(ctx, password, sizeof password, err);
    if (rc != AOD_OK)
        goto out;
    /* A slow pipe (a password manager asking for its passphrase) must not leave the server too
     * little time and have its silence blamed on the server. */
    if (net_left(ctx) < RAD_RETRANSMIT_MS / 2) {
        rc = aod_err_set(err, AOD_E_TIMEOUT,
                         "reading the secret took most of --timeout, %d ms are left for the "
                         "server: give more time or a faster secret source",
                         net_left(ctx));
        goto out;
    }
    rc = net_udp_open(ctx, host, port, &fd, &remote, &remote_len, err);
    if (rc == AOD_E_NOTFOUND || rc == AOD_E_TIMEOUT) {
        out_field(out, "reply", FT_STR, "none");
        out_verdict(out, AOD_VERDICT_FAIL, "%s", err != NULL ? err->msg : "no such name");
        rc = AOD_OK;
        goto out;
    }
    if (rc != AOD_OK)
        goto out;
    memset(&q, 0, sizeof q);
    rc = net_random(q.auth, sizeof q.auth, err);
    if (rc == AOD_OK)
        rc = net_random(&q.id, 1, err);
    if (rc != AOD_OK)
        goto out;
    q.user = user;
    q.password = password;
    q.secret = (const uint8_t *)secret;
    q.secret_len = strlen(secret);
    len = rad_build_request(&q, msg, sizeof msg);
    if (len == 0) {
        rc = aod_err_set(err, AOD_E_INPUT, "cannot build the Access-Request");
        goto out;
    }
    rc = exchange(ctx, fd, msg, len, &q, &r, &ic, (const struct sockaddr *)&remote);
    j.icmp_unreachable = net_icmp_is_port_closed(&ic);
    j.icmp = ic.is_set ? &ic : NULL;
    out_source(out, fd);
    if (rc == AOD_OK)
        j.reply = &r;
    else if (rc != AOD_E_TIMEOUT)
        goto out;
    out_field(out, "user", FT_STR, "%s", user);
    rad_judge(&j, out);
    rc = AOD_OK;
out:
    OPENSSL_cleanse(secret, sizeof secret); /* a plain memset may be optimised away */
    OPENSSL_cleanse(password, sizeof password);
    OPENSSL_cleanse(msg, sizeof msg);
    if (fd >= 0)
        close(fd);
    return rc;
}

const struct aod_probe_ops probe_radius_ops = {
    "radius",
    "radius HOST[:PORT] [--secret-file FILE] [--user NAME] [--password-file FILE]",
    radius_check,
    radius_run,
};

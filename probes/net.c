/* probes/net.c: socket helpers every probe shares, each bounded by the probe's deadline and
 * woken by its cancel pipe (poll on both); no probe blocks past its deadline. */
#include "probe_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

int64_t net_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int net_left(const struct probe_ctx *ctx)
{
    int64_t left = ctx->deadline - net_now_ms();

    if (left < 0)
        return 0;
    if (left > AOD_PROBE_MAX_TIMEOUT_MS)
        return AOD_PROBE_MAX_TIMEOUT_MS;
    return (int)left;
}

enum aod_status net_wait(const struct probe_ctx *ctx, int fd, short events, int64_t until)
{
    struct pollfd p[2];
    nfds_t n = 1;

    if (until > ctx->deadline)
        until = ctx->deadline;
    p[0].fd = fd;
    p[0].events = events;
    if (ctx->cancel_fd >= 0) {
        p[1].fd = ctx->cancel_fd;
        p[1].events = POLLIN;
        n = 2;
    }
    for (;;) {
        int64_t left = until - net_now_ms();
        int rc;

        if (left < 0)
            left = 0;
        p[0].revents = 0;
        p[1].revents = 0;
        rc = poll(p, n, (int)left);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return AOD_E_IO;
        if (n == 2 && p[1].revents != 0)
            return AOD_E_CANCELLED;
        if (rc == 0)
            return AOD_E_TIMEOUT;
        return AOD_OK;
    }
}

int net_is_cancelled(const struct probe_ctx *ctx)
{
    struct pollfd p;

    if (ctx->cancel_fd < 0)
        return 0;
    p.fd = ctx->cancel_fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, 0) > 0;
}

/* A lookup shared by the probe and its helper thread; the last one out frees it. */
struct gai_job {
    pthread_mutex_t mu;
    int refs;
    int pipe[2];
    char host[256];
    char port[16];
    struct addrinfo hints;
    struct addrinfo *res;
    int rc;
};

static void job_unref(struct gai_job *j)
{
    int last;

    pthread_mutex_lock(&j->mu);
    last = --j->refs == 0;
    pthread_mutex_unlock(&j->mu);
    if (!last)
        return;
    if (j->res != NULL)
        freeaddrinfo(j->res);
    close(j->pipe[0]);
    close(j->pipe[1]);
    pthread_mutex_destroy(&j->mu);
    free(j);
}

static void *gai_thread(void *arg)
{
    struct gai_job *j = arg;
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(j->host, j->port, &j->hints, &res);
    char one = 1;

    pthread_mutex_lock(&j->mu);
    j->res = res;
    j->rc = rc;
    pthread_mutex_unlock(&j->mu);
    if (write(j->pipe[1], &one, 1) < 0) {
        /* the waiter times out instead; nothing else to do */
    }
    job_unref(j);
    return NULL;
}

static enum aod_status resolve_numeric(const char *host, const char *port, int socktype,
                                       struct addrinfo **res)
{
    struct addrinfo hints;

    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = socktype;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    return getaddrinfo(host, port, &hints, res) == 0 ? AOD_OK : AOD_E_NOTFOUND;
}

enum aod_status net_resolve(const struct probe_ctx *ctx, const char *host, const char *port,
                            int socktype, struct addrinfo **res, struct aod_err *err)
{
    struct gai_job *j = NULL;
    pthread_t th;
    pthread_attr_t attr;
    enum aod_status rc;
    int started = 0;

    *res = NULL;
    if (resolve_numeric(host, port, socktype, res) == AOD_OK)
        return AOD_OK;
    j = calloc(1, sizeof *j);
    if (j == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    if (pipe(j->pipe) != 0) {
        free(j);
        return aod_err_set(err, AOD_E_IO, "pipe: %s", strerror(errno));
    }
    pthread_mutex_init(&j->mu, NULL);
    j->refs = 2;
    snprintf(j->host, sizeof j->host, "%s", host);
    snprintf(j->port, sizeof j->port, "%s", port);
    j->hints.ai_socktype = socktype;
    j->hints.ai_flags = AI_ADDRCONFIG;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, gai_thread, j) == 0)
        started = 1;
    pthread_attr_destroy(&attr);
    if (!started) {
        j->refs = 1;
        rc = aod_err_set(err, AOD_E_IO, "cannot start the name lookup");
        goto out;
    }
    rc = net_wait(ctx, j->pipe[0], POLLIN, ctx->deadline);
    if (rc == AOD_E_TIMEOUT) {
        aod_err_set(err, AOD_E_TIMEOUT, "the name lookup of %s did not finish in time", host);
        goto out;
    }
    if (rc != AOD_OK) {
        aod_err_set(err, rc, "%s", aod_status_str(rc));
        goto out;
    }
    pthread_mutex_lock(&j->mu);
    if (j->rc == 0) {
        *res = j->res;
        j->res = NULL;
    } else {
        rc = aod_err_set(err, AOD_E_NOTFOUND, "%s does not resolve: %s", host, gai_strerror(j->rc));
    }
    pthread_mutex_unlock(&j->mu);
out:
    job_unref(j);
    return rc;
}

enum aod_status net_connect(const struct probe_ctx *ctx, const struct addrinfo *ai, int *fd,
                            int *sys_errno)
{
    enum aod_status rc = AOD_E_PROBE;
    int s;
    int e = 0;
    socklen_t elen = sizeof e;

    *fd = -1;
    *sys_errno = 0;
    s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (s < 0) {
        *sys_errno = errno;
        return AOD_E_PROBE;
    }
    if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
        rc = AOD_OK;
        goto out;
    }
    if (errno != EINPROGRESS) {
        *sys_errno = errno;
        goto out;
    }
    rc = net_wait(ctx, s, POLLOUT, ctx->deadline);
    if (rc == AOD_E_TIMEOUT)
        *sys_errno = ETIMEDOUT;
    if (rc != AOD_OK)
        goto out;
    if (getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
        e = errno;
    if (e != 0) {
        *sys_errno = e;
        rc = AOD_E_PROBE;
    }
out:
    if (rc == AOD_OK) {
        *fd = s;
    } else {
        close(s);
    }
    return rc;
}

enum aod_status net_udp_open(const struct probe_ctx *ctx, const char *host, const char *port,
                             int *fd, struct sockaddr_storage *remote, socklen_t *remote_len,
                             struct aod_err *err)
{
    struct addrinfo *res = NULL;
    enum aod_status rc;

    *fd = -1;
    rc = net_resolve(ctx, host, port, SOCK_DGRAM, &res, err);
    if (rc != AOD_OK)
        return rc;
    *fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (*fd < 0 || connect(*fd, res->ai_addr, res->ai_addrlen) != 0) {
        rc = aod_err_set(err, AOD_E_IO, "UDP socket to %s: %s", host, strerror(errno));
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    } else if (remote != NULL && res->ai_addrlen <= sizeof *remote) {
        memcpy(remote, res->ai_addr, res->ai_addrlen);
        *remote_len = res->ai_addrlen;
    }
    freeaddrinfo(res);
    return rc;
}

int net_port_ok(const char *s)
{
    return param_long(s, 1, 65535) > 0;
}

long param_long(const char *s, long min, long max)
{
    char *end = NULL;
    long v;

    if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || v < min || v > max)
        return -1;
    return v;
}

enum aod_status net_split_hostport(const char *in, const char *defport, char *host, size_t host_cap,
                                   char *port, size_t port_cap)
{
    const char *h = in;
    size_t hlen;
    const char *p = NULL;
    const char *colon;

    if (in == NULL || *in == '\0')
        return AOD_E_USAGE;
    if (in[0] == '[') {
        const char *close = strchr(in, ']');
        if (close == NULL)
            return AOD_E_USAGE;
        h = in + 1;
        hlen = (size_t)(close - h);
        if (close[1] == ':')
            p = close + 2;
        else if (close[1] != '\0')
            return AOD_E_USAGE;
    } else {
        colon = strchr(in, ':');
        if (colon != NULL && strchr(colon + 1, ':') == NULL) {
            hlen = (size_t)(colon - in);
            p = colon + 1;
        } else {
            hlen = strlen(in); /* no colon, or a bare IPv6 address */
        }
    }
    if (hlen == 0 || hlen >= host_cap)
        return AOD_E_USAGE;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    if (p == NULL)
        p = defport;
    if (p == NULL || !net_port_ok(p) || strlen(p) >= port_cap)
        return AOD_E_USAGE;
    snprintf(port, port_cap, "%s", p);
    return AOD_OK;
}

void net_addr_str(const struct sockaddr *sa, char *buf, size_t cap)
{
    const void *a = NULL;

    if (sa->sa_family == AF_INET)
        a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
        a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
    if (a == NULL || inet_ntop(sa->sa_family, a, buf, (socklen_t)cap) == NULL)
        snprintf(buf, cap, "?");
}

enum aod_status net_random(unsigned char *buf, size_t n, struct aod_err *err)
{
    if (n > 0x7fffffff || RAND_bytes(buf, (int)n) != 1)
        return aod_err_set(err, AOD_E_IO, "no random bytes from OpenSSL");
    return AOD_OK;
}

const char *param_find(const struct aod_param *p, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i].name != NULL && strcmp(p[i].name, name) == 0)
            return p[i].value;
    }
    return NULL;
}

enum aod_status param_file_ok(const char *kind, const char *option, const char *path, int pipe_ok,
                              struct aod_err *err)
{
    struct stat st;
    char shown[256];

    if (path == NULL)
        return AOD_OK;
    aod_text_sanitize_n(shown, sizeof shown, path, strlen(path), false);
    if (stat(path, &st) != 0)
        return aod_err_set(err, AOD_E_USAGE, "%s: %s %s: %s", kind, option, shown, strerror(errno));
    if (!S_ISREG(st.st_mode) && !(pipe_ok && S_ISFIFO(st.st_mode)))
        return aod_err_set(err, AOD_E_USAGE, "%s: %s %s: not a file", kind, option, shown);
    if (access(path, R_OK) != 0)
        return aod_err_set(err, AOD_E_USAGE, "%s: %s %s: %s", kind, option, shown, strerror(errno));
    return AOD_OK;
}

const char *ctx_param(const struct probe_ctx *ctx, const char *name)
{
    return param_find(ctx->params, ctx->n_params, name);
}

/* probes/net.c: socket helpers every probe shares, each bounded by the probe's deadline and
 * woken by its cancel pipe (poll on both); no probe blocks past its deadline. */
#include "probe_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
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

static void local_addr(int fd, char *src, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    if (src == NULL || cap == 0)
        return;
    src[0] = '\0';
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return;
    if (ss.ss_family == AF_INET && ((struct sockaddr_in *)&ss)->sin_addr.s_addr == 0)
        return; /* not bound yet: the connect never got as far as a route */
    if (ss.ss_family == AF_INET6 &&
        IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&ss)->sin6_addr))
        return;
    net_addr_str((const struct sockaddr *)&ss, src, cap);
}

void out_source_str(struct probe_out *o, const char *addr)
{
    if (addr != NULL && addr[0] != '\0')
        out_field(o, "source_address", FT_STR, "%s", addr);
}

void out_source(struct probe_out *o, int fd)
{
    char src[64];

    if (fd < 0)
        return;
    local_addr(fd, src, sizeof src);
    out_source_str(o, src);
}

enum aod_status net_connect(const struct probe_ctx *ctx, const struct addrinfo *ai, int *fd,
                            int *sys_errno)
{
    return net_connect_from(ctx, ai, fd, sys_errno, NULL, 0);
}

enum aod_status net_connect_from(const struct probe_ctx *ctx, const struct addrinfo *ai, int *fd,
                                 int *sys_errno, char *src, size_t src_cap)
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
    local_addr(s, src, src_cap);
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
    if (*fd >= 0) {
        /* The error queue names who sent an ICMP error (SO_EE_OFFENDER); best effort. */
        int one = 1;
        if (res->ai_family == AF_INET6)
            setsockopt(*fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof one);
        else
            setsockopt(*fd, IPPROTO_IP, IP_RECVERR, &one, sizeof one);
    }
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

int net_is_icmp_errno(int e)
{
    /* Not EPERM or EACCES: a local firewall refusing the send is no answer from the network
     * (the probe waits out its timeout as a drop on the way would make it). */
    return e == ECONNREFUSED || e == EHOSTUNREACH || e == ENETUNREACH;
}

static int same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
    char x[64];
    char y[64];

    net_addr_str(a, x, sizeof x);
    net_addr_str(b, y, sizeof y);
    return strcmp(x, "?") != 0 && strcmp(x, y) == 0;
}

void net_icmp_take(int fd, int e, const struct sockaddr *target, struct net_icmp *ic)
{
    union {
        char buf[512];
        struct cmsghdr align;
    } ctl;
    char data[64];
    struct iovec iov = {data, sizeof data};
    struct msghdr m;

    memset(ic, 0, sizeof *ic);
    ic->is_set = 1;
    ic->sys_errno = e;
    ic->type = -1;
    ic->code = -1;
    /* Each error is queued once; read them all and keep the last (the newest). */
    for (int k = 0; k < 8; k++) {
        memset(&m, 0, sizeof m);
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = ctl.buf;
        m.msg_controllen = sizeof ctl.buf;
        if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
            break;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
            struct sock_extended_err ee;
            int is_v4 = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR;
            int is_v6 = c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR;
            if (!is_v4 && !is_v6)
                continue;
            if (c->cmsg_len < CMSG_LEN(sizeof ee))
                continue;
            memcpy(&ee, CMSG_DATA(c), sizeof ee);
            if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6)
                continue;
            ic->is_v6 = ee.ee_origin == SO_EE_ORIGIN_ICMP6;
            ic->type = ee.ee_type;
            ic->code = ee.ee_code;
            ic->sys_errno = (int)ee.ee_errno;
            ic->from[0] = '\0';
            ic->is_from_target = 0;
            /* SO_EE_OFFENDER: the sockaddr right after the extended error. */
            if (c->cmsg_len >= CMSG_LEN(sizeof ee + sizeof(struct sockaddr))) {
                struct sockaddr_storage off;
                size_t n = c->cmsg_len - CMSG_LEN(sizeof ee);
                memset(&off, 0, sizeof off);
                memcpy(&off, CMSG_DATA(c) + sizeof ee, n < sizeof off ? n : sizeof off);
                if (off.ss_family == AF_INET || off.ss_family == AF_INET6) {
                    net_addr_str((const struct sockaddr *)&off, ic->from, sizeof ic->from);
                    ic->is_from_target =
                        target != NULL && same_addr((const struct sockaddr *)&off, target);
                }
            }
        }
    }
}

const char *net_icmp_what(const struct net_icmp *ic)
{
    if (ic->type < 0) {
        switch (ic->sys_errno) {
        case ECONNREFUSED:
            return "port unreachable";
        case EHOSTUNREACH:
            return "host unreachable";
        case ENETUNREACH:
            return "network unreachable";
        default:
            return "unreachable";
        }
    }
    if (!ic->is_v6 && ic->type == ICMP_DEST_UNREACH) {
        switch (ic->code) {
        case ICMP_NET_UNREACH:
            return "network unreachable";
        case ICMP_HOST_UNREACH:
            return "host unreachable";
        case ICMP_PORT_UNREACH:
            return "port unreachable";
        case ICMP_FRAG_NEEDED:
            return "fragmentation needed";
        case ICMP_NET_ANO:
        case ICMP_HOST_ANO:
        case ICMP_PKT_FILTERED:
            return "administratively prohibited";
        default:
            return "destination unreachable";
        }
    }
    if (ic->is_v6 && ic->type == ICMP6_DST_UNREACH) {
        switch (ic->code) {
        case ICMP6_DST_UNREACH_NOROUTE:
            return "no route";
        case ICMP6_DST_UNREACH_ADMIN:
            return "administratively prohibited";
        case ICMP6_DST_UNREACH_ADDR:
            return "address unreachable";
        case ICMP6_DST_UNREACH_NOPORT:
            return "port unreachable";
        default:
            return "destination unreachable";
        }
    }
    if (!ic->is_v6 && ic->type == ICMP_TIME_EXCEEDED)
        return "time exceeded";
    if (ic->is_v6 && ic->type == ICMP6_TIME_EXCEEDED)
        return "time exceeded";
    if (ic->is_v6 && ic->type == ICMP6_PACKET_TOO_BIG)
        return "packet too big";
    return "ICMP error";
}

int net_icmp_is_port_closed(const struct net_icmp *ic)
{
    /* Without the queue's word on the sender, a port unreachable is taken as the server's. */
    return ic->is_set && strcmp(net_icmp_what(ic), "port unreachable") == 0 &&
           (ic->is_from_target || ic->from[0] == '\0');
}

void out_icmp(struct probe_out *o, const struct net_icmp *ic)
{
    if (ic == NULL || !ic->is_set) {
        out_null(o, "icmp");
        out_null(o, "icmp_from");
        return;
    }
    out_field(o, "icmp", FT_STR, "%s", net_icmp_what(ic));
    if (ic->from[0] != '\0')
        out_field(o, "icmp_from", FT_STR, "%s", ic->from);
    else
        out_null(o, "icmp_from");
}

void judge_icmp(const struct net_icmp *ic, const char *proto, const char *port,
                struct probe_out *out)
{
    const char *what = net_icmp_what(ic);

    if (ic->from[0] == '\0')
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s %s: ICMP %s (the sender is not known): the path to the server is "
                    "blocked or has no route",
                    proto, port, what);
    else if (ic->is_from_target)
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s %s: the server itself answers ICMP %s (sent by %s): its firewall "
                    "rejects the port",
                    proto, port, what, ic->from);
    else
        out_verdict(out, AOD_VERDICT_FAIL,
                    "%s %s: ICMP %s sent by %s, a router or firewall on the way, not the "
                    "server: the path stops there",
                    proto, port, what, ic->from);
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

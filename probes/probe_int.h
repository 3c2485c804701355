/* probes/probe_int.h: what the probe kinds share inside probes/ (not a public contract):
 * the probe registry, the run context (deadline, cancel), the result builder and net helpers. */
#ifndef AOD_PROBES_PROBE_INT_H
#define AOD_PROBES_PROBE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netdb.h>

#include "aod/buf.h"
#include "aod/json_out.h"
#include "aod/probe.h"
#include "aod/text.h"

/* Helpers worth testing directly are AOD_STATIC: static unless the tests build (curl UNITTEST). */
#ifdef AOD_TESTING
#define AOD_STATIC
#else
#define AOD_STATIC static
#endif

#define AOD_PROBE_JSON_MAX (64 * 1024) /* cap of one result's JSON text */

/* ---- the result being built by one probe ---- */
enum ftype {
    FT_STR,  /* JSON string */
    FT_RAW,  /* true, false, null or a number: written as is */
    FT_LIST, /* comma-separated words: a JSON array of strings */
};

struct probe_out {
    struct aod_probe_result res;
    unsigned char ftype[AOD_PROBE_FIELDS_MAX];
    struct aod_buf extra; /* extra JSON members of the kind, each starting with ',' */
};

void out_init(struct probe_out *o);
void out_free(struct probe_out *o);
/* Sets (or replaces) a flat field; the value is cleaned of control characters. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void out_field(struct probe_out *o, const char *name, enum ftype t, const char *fmt, ...);
void out_bool(struct probe_out *o, const char *name, int v);
void out_null(struct probe_out *o, const char *name);
void out_num(struct probe_out *o, const char *name, long v);
/* Sets the verdict and the one-line summary (cleaned). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void out_verdict(struct probe_out *o, enum aod_verdict v, const char *fmt, ...);
/* Returns the value of flat field `name`, or NULL. */
const char *out_get(const struct probe_out *o, const char *name);
/* The whole result as one JSON object (malloc'd), or NULL when out of memory. */
char *out_json(const struct probe_out *o, const char *kind, const char *target);

/* ---- running one probe ---- */
struct probe_ctx {
    const struct aod_param *params;
    size_t n_params;
    int64_t deadline; /* CLOCK_MONOTONIC ms: the probe, retries included, ends by then */
    int timeout_ms;
    int cancel_fd; /* readable once the probe is cancelled; -1 when it cannot be */
};

const char *ctx_param(const struct probe_ctx *ctx, const char *name);
const char *param_find(const struct aod_param *p, size_t n, const char *name);

/* A probe kind. `check` validates the parameters at batch_start (AOD_E_USAGE names the bad one);
 * `run` does the work before ctx->deadline and fills `out` with verdict, summary and fields.
 * A non-OK return (AOD_E_CANCELLED, AOD_E_NOMEM, ...) turns into verdict error + err->msg. */
struct aod_probe_ops {
    const char *name;
    const char *usage; /* one line for --help */
    enum aod_status (*check)(const struct aod_param *p, size_t n, struct aod_err *err);
    enum aod_status (*run)(const struct probe_ctx *ctx, struct probe_out *out, struct aod_err *err);
};

extern const struct aod_probe_ops probe_dns_ops;
extern const struct aod_probe_ops probe_tcp_ops;
extern const struct aod_probe_ops probe_ike_ops;
extern const struct aod_probe_ops probe_tls_ops;
extern const struct aod_probe_ops probe_sstp_ops;
extern const struct aod_probe_ops probe_radius_ops;
extern const struct aod_probe_ops probe_https_ops;

/* The registry: NULL when `name` is not a kind. */
const struct aod_probe_ops *probe_find(const char *name);
const struct aod_probe_ops *probe_at(size_t i); /* NULL past the end */

/* Batch entry points (batch.c), also used by the CLI. */
enum aod_status probe_batch_start(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                  const struct aod_param *const *params, const size_t *n_params,
                                  int timeout_ms, struct aod_err *err);
/* Like probe_batch_start, but runs the probes on the calling thread, one after the other, and
 * returns when all are done (the CLI's single probe; nothing can cancel them). */
enum aod_status probe_batch_run(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                const struct aod_param *const *params, const size_t *n_params,
                                int timeout_ms, struct aod_err *err);
size_t probe_batch_wait(struct aod_probe_batch *b, int wait_ms);
int probe_batch_done(const struct aod_probe_batch *b, size_t i);
void probe_batch_cancel(struct aod_probe_batch *b, size_t i);
const struct aod_probe_result *probe_batch_result(const struct aod_probe_batch *b, size_t i);
void probe_batch_free(struct aod_probe_batch *b);
/* The pure half of the probe command (cli.c). */
enum aod_status probe_cmd_parse(struct aod_probe_cmd *c, int argc, char **argv,
                                struct aod_err *err);
const char *probe_kind_usage(size_t i);
/* OPENSSL_cleanse, for the table (batch.c). */
void probe_wipe(void *p, size_t n);

/* ---- network helpers (net.c); all bounded by ctx->deadline and cancel ---- */
int64_t net_now_ms(void);
/* Milliseconds left before the deadline, >= 0. */
int net_left(const struct probe_ctx *ctx);
/* Waits for `events` on fd until `until` (monotonic ms, <= deadline) or cancel.
 * AOD_OK: ready; AOD_E_TIMEOUT; AOD_E_CANCELLED; AOD_E_IO. */
enum aod_status net_wait(const struct probe_ctx *ctx, int fd, short events, int64_t until);
/* Nonzero once the probe has been asked to stop (its cancel pipe is readable); never blocks. */
int net_is_cancelled(const struct probe_ctx *ctx);
/* getaddrinfo bounded by the deadline (a helper thread does the lookup). *res is freed with
 * freeaddrinfo. AOD_E_NOTFOUND when the name does not resolve (err says why). */
enum aod_status net_resolve(const struct probe_ctx *ctx, const char *host, const char *port,
                            int socktype, struct addrinfo **res, struct aod_err *err);
/* Non-blocking TCP connect bounded by the deadline. On failure *sys_errno is ECONNREFUSED,
 * ETIMEDOUT, ... and the status is AOD_E_PROBE, AOD_E_TIMEOUT or AOD_E_CANCELLED. */
enum aod_status net_connect(const struct probe_ctx *ctx, const struct addrinfo *ai, int *fd,
                            int *sys_errno);
/* A non-blocking UDP socket connected to host:port (the first address it resolves to), so that
 * ICMP errors come back as ECONNREFUSED. `remote` (may be NULL) gets that address. Statuses of
 * net_resolve (AOD_E_NOTFOUND, AOD_E_TIMEOUT, ...), or AOD_E_IO; err says why. On failure, *fd
 * is -1. */
enum aod_status net_udp_open(const struct probe_ctx *ctx, const char *host, const char *port,
                             int *fd, struct sockaddr_storage *remote, socklen_t *remote_len,
                             struct aod_err *err);
/* Like net_connect; `src` (may be NULL) gets the local address the connection was made from
 * (getsockname after connect), also when the server refused it, or "" when there was none. */
enum aod_status net_connect_from(const struct probe_ctx *ctx, const struct addrinfo *ai, int *fd,
                                 int *sys_errno, char *src, size_t src_cap);
/* Sets the field "source_address" to the local address of socket `fd` (the address the probe's
 * packets leave from), so a result says where the test ran from. No-op when `fd` has none. */
void out_source(struct probe_out *o, int fd);
void out_source_str(struct probe_out *o, const char *addr);

/* An ICMP error a UDP socket got, as Linux's error queue (IP_RECVERR) tells it. net_udp_open
 * turns the queue on, so the sender of an unreachable is known: the server's own "port
 * unreachable" means nothing listens; a router's "host unreachable" or "administratively
 * prohibited" means the path stops before the server. */
struct net_icmp {
    int is_set;
    int sys_errno;  /* ECONNREFUSED, EHOSTUNREACH, ... as send/recv gave it */
    int type, code; /* ICMP (or ICMPv6) type and code; -1 when the queue said nothing */
    int is_v6;
    char from[64];      /* the address that sent it, "" when not known */
    int is_from_target; /* `from` is the address the probe sent to */
};
/* Nonzero for the errno values a UDP socket reports for an ICMP error. */
int net_is_icmp_errno(int e);
/* Reads the socket's error queue into `ic` after send/recv failed with `e`; `target` is the
 * address probed. Never blocks. */
void net_icmp_take(int fd, int e, const struct sockaddr *target, struct net_icmp *ic);
/* "port unreachable", "host unreachable", "administratively prohibited", ... */
const char *net_icmp_what(const struct net_icmp *ic);
/* Nonzero when `ic` is the server's own port unreachable: nothing listens on the port. */
int net_icmp_is_port_closed(const struct net_icmp *ic);
/* Sets "icmp" (what) and "icmp_from" (who sent it) on a result, or null both when none came. */
void out_icmp(struct probe_out *o, const struct net_icmp *ic);

/* The verdict for a probe ended by an ICMP error other than the server's own port unreachable:
 * says who sent it, so a router's unreachable never reads as "nothing listens on the server". */
void judge_icmp(const struct net_icmp *ic, const char *proto, const char *port,
                struct probe_out *out);

/* Splits "host", "host:port", "[v6]:port" or a bare IPv6 address. `port` gets `defport` when
 * the input names none. AOD_E_USAGE on an empty host, a bad port or an over-long input. */
enum aod_status net_split_hostport(const char *in, const char *defport, char *host, size_t host_cap,
                                   char *port, size_t port_cap);
/* Validates a port number 1..65535 written in decimal. */
int net_port_ok(const char *s);
/* "1.2.3.4" or "::1" */
void net_addr_str(const struct sockaddr *sa, char *buf, size_t cap);
/* Fills `buf` with cryptographically random bytes (OpenSSL). */
enum aod_status net_random(unsigned char *buf, size_t n, struct aod_err *err);
/* Positive integer param (timeout, port): returns -1 when absent or bad. */
long param_long(const char *s, long min, long max);
/* A file param the probe reads later (--cacert, --secret-file): AOD_OK when absent or a readable
 * regular file (or, with pipe_ok, a pipe), else AOD_E_USAGE naming the option and the path, so a
 * CLI typo stops before any packet instead of turning into a verdict about the server. */
enum aod_status param_file_ok(const char *kind, const char *option, const char *path, int pipe_ok,
                              struct aod_err *err);

#endif

/* probes/batch.c: runs the probes of one step at once, one thread each, every one bounded by
 * the same timeout; cancel wakes a probe through its own pipe. Never prints. */
#include "probe_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define BATCH_MAX       64
#define PARAMS_MAX      32
#define PARAM_VALUE_MAX 4096

struct slot {
    struct aod_probe_batch *b;
    const struct aod_probe_ops *ops;
    struct aod_param params[PARAMS_MAX];
    size_t n_params;
    char target[300];
    int cancel_pipe[2];
    pthread_t th;
    int started;
    int done; /* under b->mu */
    struct probe_out out;
    char *json;
};

struct aod_probe_batch {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t n;
    size_t n_done;
    int timeout_ms;
    int64_t t0;
    struct slot *slots;
};

static void slot_target(struct slot *s)
{
    const char *url = param_find(s->params, s->n_params, "url");
    const char *host = param_find(s->params, s->n_params, "host");
    const char *port = param_find(s->params, s->n_params, "port");
    char raw[sizeof s->target];

    if (url != NULL)
        snprintf(raw, sizeof raw, "%s", url);
    else if (host != NULL && port != NULL && strchr(host, ':') != NULL)
        snprintf(raw, sizeof raw, "[%s]:%s", host, port);
    else if (host != NULL && port != NULL)
        snprintf(raw, sizeof raw, "%s:%s", host, port);
    else
        snprintf(raw, sizeof raw, "%s", host != NULL ? host : "");
    aod_text_sanitize_n(s->target, sizeof s->target, raw, sizeof raw, false);
}

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

/* OpenSSL keeps its tables for the life of the process, and by default frees them all in an
 * atexit handler: 1.4M instructions, 4% of a whole `probe https`, to hand back memory
 * the kernel takes back anyway. Only the first initialisation decides, so the batch makes it
 * before a probe (or libcurl) touches OpenSSL. */
static void crypto_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

/* Runs one probe to its end and marks it done; on a probe thread, or inline for the CLI. */
static void slot_run(struct slot *s)
{
    struct aod_probe_batch *b = s->b;
    struct probe_ctx ctx;
    struct aod_err err;
    enum aod_status rc;

    aod_err_clear(&err);
    ctx.params = s->params;
    ctx.n_params = s->n_params;
    ctx.timeout_ms = b->timeout_ms;
    ctx.deadline = b->t0 + b->timeout_ms;
    ctx.cancel_fd = s->cancel_pipe[0];
    rc = s->ops->run(&ctx, &s->out, &err);
    /* A step cut short by the cancel (a CRL download in tls) must not read as the server's
     * fault: once cancelled, the result is "cancelled", whatever the probe made of it. */
    if (rc == AOD_OK && net_is_cancelled(&ctx))
        rc = AOD_E_CANCELLED;
    if (rc == AOD_E_CANCELLED) {
        out_bool(&s->out, "cancelled", 1);
        out_verdict(&s->out, AOD_VERDICT_ERROR, "cancelled");
    } else if (rc != AOD_OK) {
        out_verdict(&s->out, AOD_VERDICT_ERROR, "%s",
                    err.msg[0] != '\0' ? err.msg : aod_status_str(rc));
    }
    s->out.res.elapsed_ms = (long)(net_now_ms() - b->t0);
    s->json = out_json(&s->out, s->ops->name, s->target);
    s->out.res.json = s->json;
    pthread_mutex_lock(&b->mu);
    s->done = 1;
    b->n_done++;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

static void *slot_thread(void *arg)
{
    slot_run(arg);
    return NULL;
}

static enum aod_status slot_init(struct slot *s, const char *kind, const struct aod_param *p,
                                 size_t n, int is_inline, struct aod_err *err)
{
    size_t i;
    enum aod_status rc;

    s->ops = probe_find(kind);
    if (s->ops == NULL)
        return aod_err_set(err, AOD_E_USAGE, "unknown probe kind \"%s\"", kind);
    if (n > PARAMS_MAX)
        return aod_err_set(err, AOD_E_USAGE, "%s: too many parameters", kind);
    for (i = 0; i < n; i++) {
        if (p[i].name == NULL || p[i].value == NULL || strlen(p[i].value) > PARAM_VALUE_MAX)
            return aod_err_set(err, AOD_E_USAGE, "%s: parameter %zu is missing or too long", kind,
                               i);
        s->params[i].name = strdup(p[i].name);
        s->params[i].value = strdup(p[i].value);
        s->n_params = i + 1;
        if (s->params[i].name == NULL || s->params[i].value == NULL)
            return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    }
    rc = s->ops->check(s->params, s->n_params, err);
    if (rc != AOD_OK)
        return rc;
    slot_target(s);
    /* An inline probe ends before anyone could cancel it: no pipe to poll on every read. */
    if (is_inline)
        return AOD_OK;
    if (pipe(s->cancel_pipe) != 0) {
        s->cancel_pipe[0] = -1;
        s->cancel_pipe[1] = -1;
        return aod_err_set(err, AOD_E_IO, "pipe: %s", strerror(errno));
    }
    for (i = 0; i < 2; i++)
        fcntl(s->cancel_pipe[i], F_SETFD, FD_CLOEXEC);
    fcntl(s->cancel_pipe[1], F_SETFL, O_NONBLOCK);
    return AOD_OK;
}

void probe_wipe(void *p, size_t n)
{
    if (p != NULL)
        OPENSSL_cleanse(p, n);
}

static void slot_free(struct slot *s)
{
    size_t i;

    for (i = 0; i < s->n_params; i++) {
        char *v = (char *)s->params[i].value;
        /* A value may be the RADIUS secret: it must not linger in freed memory. */
        if (v != NULL)
            OPENSSL_cleanse(v, strlen(v));
        free((char *)s->params[i].name);
        free(v);
    }
    if (s->cancel_pipe[0] >= 0)
        close(s->cancel_pipe[0]);
    if (s->cancel_pipe[1] >= 0)
        close(s->cancel_pipe[1]);
    out_free(&s->out);
    free(s->json);
}

/* probe_batch_start, or with `is_inline` the probes run one after the other on the calling
 * thread before it returns (the CLI's single probe: no thread to start and wake). */
static enum aod_status batch_start(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                   const struct aod_param *const *params, const size_t *n_params,
                                   int timeout_ms, int is_inline, struct aod_err *err)
{
    struct aod_probe_batch *b = NULL;
    pthread_condattr_t ca;
    enum aod_status rc = AOD_OK;
    size_t i;

    *out = NULL;
    if (n == 0 || n > BATCH_MAX || kinds == NULL || params == NULL || n_params == NULL)
        return aod_err_set(err, AOD_E_USAGE, "a batch has 1 to %d probes", BATCH_MAX);
    if (timeout_ms <= 0 || timeout_ms > AOD_PROBE_MAX_TIMEOUT_MS)
        return aod_err_set(err, AOD_E_USAGE, "timeout must be 1 to %d ms",
                           AOD_PROBE_MAX_TIMEOUT_MS);
    b = calloc(1, sizeof *b);
    if (b != NULL)
        b->slots = calloc(n, sizeof *b->slots);
    if (b == NULL || b->slots == NULL) {
        free(b);
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    }
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->cv, &ca);
    pthread_condattr_destroy(&ca);
    b->n = n;
    b->timeout_ms = timeout_ms;
    for (i = 0; i < n; i++) {
        b->slots[i].b = b;
        b->slots[i].cancel_pipe[0] = -1;
        b->slots[i].cancel_pipe[1] = -1;
        out_init(&b->slots[i].out);
    }
    for (i = 0; i < n && rc == AOD_OK; i++)
        rc = slot_init(&b->slots[i], kinds[i], params[i], n_params[i], is_inline, err);
    if (rc != AOD_OK)
        goto out;
    pthread_once(&crypto_once, crypto_init);
    b->t0 = net_now_ms();
    for (i = 0; i < n && is_inline; i++)
        slot_run(&b->slots[i]);
    for (i = 0; i < n && !is_inline; i++) {
        if (pthread_create(&b->slots[i].th, NULL, slot_thread, &b->slots[i]) != 0) {
            rc = aod_err_set(err, AOD_E_IO, "cannot start a probe thread");
            goto out;
        }
        b->slots[i].started = 1;
    }
out:
    if (rc != AOD_OK) {
        probe_batch_free(b);
        b = NULL;
    }
    *out = b;
    return rc;
}

enum aod_status probe_batch_start(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                  const struct aod_param *const *params, const size_t *n_params,
                                  int timeout_ms, struct aod_err *err)
{
    return batch_start(out, n, kinds, params, n_params, timeout_ms, 0, err);
}

enum aod_status probe_batch_run(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                const struct aod_param *const *params, const size_t *n_params,
                                int timeout_ms, struct aod_err *err)
{
    return batch_start(out, n, kinds, params, n_params, timeout_ms, 1, err);
}

size_t probe_batch_wait(struct aod_probe_batch *b, int wait_ms)
{
    struct timespec until;
    size_t done;

    if (b == NULL)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &until);
    if (wait_ms > 0) {
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&b->mu);
    while (wait_ms > 0 && b->n_done < b->n) {
        if (pthread_cond_timedwait(&b->cv, &b->mu, &until) == ETIMEDOUT)
            break;
    }
    done = b->n_done;
    pthread_mutex_unlock(&b->mu);
    return done;
}

int probe_batch_done(const struct aod_probe_batch *b, size_t i)
{
    struct aod_probe_batch *mb = (struct aod_probe_batch *)b; /* the mutex is not logical state */
    int done;

    if (b == NULL || i >= b->n)
        return 0;
    pthread_mutex_lock(&mb->mu);
    done = b->slots[i].done;
    pthread_mutex_unlock(&mb->mu);
    return done;
}

void probe_batch_cancel(struct aod_probe_batch *b, size_t i)
{
    size_t k;
    char one = 1;

    if (b == NULL)
        return;
    for (k = 0; k < b->n; k++) {
        if ((i == SIZE_MAX || i == k) && b->slots[k].cancel_pipe[1] >= 0) {
            if (write(b->slots[k].cancel_pipe[1], &one, 1) < 0) {
                /* already signalled: the pipe is full */
            }
        }
    }
}

const struct aod_probe_result *probe_batch_result(const struct aod_probe_batch *b, size_t i)
{
    if (!probe_batch_done(b, i))
        return NULL;
    return &b->slots[i].out.res;
}

void probe_batch_free(struct aod_probe_batch *b)
{
    size_t i;

    if (b == NULL)
        return;
    probe_batch_cancel(b, SIZE_MAX);
    for (i = 0; i < b->n; i++) {
        if (b->slots[i].started)
            pthread_join(b->slots[i].th, NULL);
        slot_free(&b->slots[i]);
    }
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
    free(b->slots);
    free(b);
}

/* include/aod/probe.h: the contract between the probes and whoever drives them.
 * Probes never draw, print or exit; each runs under a deadline and returns plain data. */
#ifndef AOD_PROBE_H
#define AOD_PROBE_H

#include <stddef.h>

#include "aod/probe_result.h"
#include "aod/status.h"

/* How long a probe may take, retries included, unless told otherwise (the wizard, walk and
 * probe share it), and the most it may be told. */
#define AOD_PROBE_DEFAULT_TIMEOUT_MS 3000
#define AOD_PROBE_MAX_TIMEOUT_MS     600000

/* The probes of one step, running at once. Opaque; made by `batch_start`. */
struct aod_probe_batch;

/* What `aovpn-doctor probe KIND TARGET [options]` asks for, as cmd_parse fills it. The params
 * point into argv and into `host` and `port`, so the struct must not be copied or moved. */
#define AOD_PROBE_CMD_PARAMS_MAX 24
struct aod_probe_cmd {
    const char *kind;       /* "tcp", "radius", ... (borrowed from argv) */
    const char *target;     /* as typed (borrowed from argv); never print it as is */
    char target_shown[256]; /* `target` with control characters replaced: safe to print */
    struct aod_param params[AOD_PROBE_CMD_PARAMS_MAX];
    size_t n_params;  /* cmd_parse leaves room for at least one more (the secret) */
    int is_help;      /* --help or -h: print the usage, run nothing */
    int is_json;      /* --json */
    int timeout_ms;   /* --timeout, else the default */
    int needs_secret; /* radius with neither --secret-file nor AOD_RADIUS_SECRET */
    char host[256];   /* storage for the host/port params split out of TARGET */
    char port[16];
};

/* The interface version of struct aod_probe_api and of every struct it passes: bump it on any
 * change, so that a module from another build is refused by name (tui/probe_host.c) instead of
 * being called through a wrong layout. `version` stays the first member for ever. */
#define AOD_PROBE_API_VERSION 2

/* The probes module exports exactly this table, so that it can be loaded with dlopen() on first
 * use and the libraries only the probes need (libcurl, libcrypto) stay out of the wizard's
 * start-up (see tui/probe_host.h). */
struct aod_probe_api {
    int version; /* AOD_PROBE_API_VERSION */

    /* Starts `n` probes at once. kinds[i] is "dns", "tcp", "ike", ...; params[i] has n_params[i]
     * entries. Every string is copied. Each probe, retries included, ends within `timeout_ms`.
     * Errors: AOD_E_USAGE (unknown kind, bad parameter: the message names it), AOD_E_NOMEM. */
    enum aod_status (*batch_start)(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                   const struct aod_param *const *params, const size_t *n_params,
                                   int timeout_ms, struct aod_err *err);
    /* Like batch_start, but runs the probes on the calling thread, one after the other, and
     * returns when all are done (nothing can cancel them; the probe command's single probe). */
    enum aod_status (*batch_run)(struct aod_probe_batch **out, size_t n, const char *const *kinds,
                                 const struct aod_param *const *params, const size_t *n_params,
                                 int timeout_ms, struct aod_err *err);
    /* Waits at most `wait_ms` (0: just looks) and returns how many probes have finished. */
    size_t (*batch_wait)(struct aod_probe_batch *b, int wait_ms);
    /* Nonzero once probe `i` has finished (or was cancelled). */
    int (*batch_done)(const struct aod_probe_batch *b, size_t i);
    /* Asks probe `i` to stop (SIZE_MAX: all); it finishes with verdict error, "cancelled". */
    void (*batch_cancel)(struct aod_probe_batch *b, size_t i);
    /* The result of a finished probe `i`, borrowed until batch_free; NULL while it runs. */
    const struct aod_probe_result *(*batch_result)(const struct aod_probe_batch *b, size_t i);
    /* Cancels what still runs, waits for it, frees everything. Accepts NULL. */
    void (*batch_free)(struct aod_probe_batch *b);

    /* The one-line usage of probe kind number `i` ("tcp HOST:PORT  ..."), NULL past the last. */
    const char *(*kind_usage)(size_t i);
    /* Parses the arguments of `aovpn-doctor probe` (argv[0] is "probe") into `c`, and checks
     * that every file option names a readable file, so that a typo stops before any packet.
     * AOD_OK: run it (or print the usage, with c->is_help). AOD_E_USAGE: bad usage; err->msg
     * says why, printable as is, or is empty when only the usage line fits. Never prints, never
     * blocks (beyond stat()ing the named files). */
    enum aod_status (*cmd_parse)(struct aod_probe_cmd *c, int argc, char **argv,
                                 struct aod_err *err);
    /* Overwrites n bytes at p with zeros in a way the compiler cannot drop (OPENSSL_cleanse):
     * the one wipe for secrets, in the module that links libcrypto. */
    void (*wipe)(void *p, size_t n);
};

/* Marks the one symbol the module exports (it is built with -fvisibility=hidden). */
#if defined(__GNUC__)
#define AOD_PROBE_EXPORT __attribute__((visibility("default")))
#else
#define AOD_PROBE_EXPORT
#endif

/* The module's single entry point (symbol looked up by name): returns a static table, valid for
 * the life of the process; never NULL. Does no I/O and never blocks. */
AOD_PROBE_EXPORT const struct aod_probe_api *aod_probe_api(void);

#endif

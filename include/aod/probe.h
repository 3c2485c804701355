/* include/aod/probe.h: the contract between the probes and whoever drives them.
 * Probes never draw, print or exit; each runs under a deadline and returns plain data. */
#ifndef AOD_PROBE_H
#define AOD_PROBE_H

#include <stddef.h>

#include "aod/status.h"

/* How long a probe may take, retries included, unless told otherwise (the wizard, walk and
 * probe share it), and the most it may be told. */
#define AOD_PROBE_DEFAULT_TIMEOUT_MS 3000
#define AOD_PROBE_MAX_TIMEOUT_MS     600000

#define AOD_PROBE_SUMMARY_MAX     256
#define AOD_PROBE_FIELDS_MAX      32
#define AOD_PROBE_FIELD_NAME_MAX  48
#define AOD_PROBE_FIELD_VALUE_MAX 256

/* A parameter of a probe request ("host" = "vpn.contoso.com"); both strings borrowed. */
struct aod_param {
    const char *name;
    const char *value;
};

/* One flat evidence field, as a flow can test it: "fragmentation_supported" = "true".
 * Values are printable text (no control characters); JSON null is the word "null". */
struct aod_probe_field {
    char name[AOD_PROBE_FIELD_NAME_MAX];
    char value[AOD_PROBE_FIELD_VALUE_MAX];
};

/* What one probe found. Plain value struct; `json` is owned and freed by the batch that made it. */
struct aod_probe_result {
    enum aod_verdict verdict;            /* pass, fail, inconclusive or error */
    char summary[AOD_PROBE_SUMMARY_MAX]; /* one printable line: what it means for the VPN */
    long elapsed_ms;                     /* wall time of this probe, retries included */
    size_t n_fields;                     /* used entries of `fields` */
    struct aod_probe_field fields[AOD_PROBE_FIELDS_MAX];
    const char *json; /* the whole result as one JSON object, or NULL */
};

/* The probes of one step, running at once. Opaque; made by `batch_start`. */
struct aod_probe_batch;

#define AOD_PROBE_API_VERSION 1

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

    /* The `aovpn-doctor probe KIND TARGET ...` subcommand; argv[0] is "probe". Returns the exit
     * code: 0 pass, 1 fail, 2 inconclusive, 3 error, 64 bad usage. */
    int (*cli)(int argc, char **argv);
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

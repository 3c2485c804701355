/* tui/probe_host.c: loads the probes module (aovpn-doctor-probes.so) with dlopen on first use,
 * so libcurl and libcrypto stay out of the wizard's start-up. Never prints. */
#include "probe_host.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODULE_NAME "aovpn-doctor-probes.so"

#ifndef AOD_PROBES_MODULE_DIR
#define AOD_PROBES_MODULE_DIR "/usr/local/lib/aovpn-doctor"
#endif

typedef const struct aod_probe_api *aod_probe_api_fn(void);

/* Loaded once, kept for the life of the process (never dlclose'd: probe threads may still run
 * module code while a batch is being freed). */
static const struct aod_probe_api *loaded;

/* "<directory of /proc/self/exe>/aovpn-doctor-probes.so", or "" when unknown. */
static void beside_exe(char *buf, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;

    buf[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash == NULL)
        return;
    *slash = '\0';
    if ((size_t)snprintf(buf, cap, "%s/%s", exe, MODULE_NAME) >= cap)
        buf[0] = '\0';
}

static const struct aod_probe_api *open_module(const char *path, struct aod_err *err)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL); /* lazy: binds only what a probe calls */
    void *sym;
    aod_probe_api_fn *fn;
    const struct aod_probe_api *api;
    const char *why;

    if (h == NULL) {
        why = dlerror();
        aod_err_set(err, AOD_E_NOTFOUND, "cannot load the probes module %s: %s", path,
                    why != NULL ? why : "unknown error");
        return NULL;
    }
    sym = dlsym(h, "aod_probe_api");
    if (sym == NULL) {
        aod_err_set(err, AOD_E_NOTFOUND, "%s: no aod_probe_api symbol", path);
        dlclose(h);
        return NULL;
    }
    memcpy(&fn, &sym, sizeof fn); /* POSIX: object pointer to function pointer */
    api = fn();
    if (api == NULL || api->version != AOD_PROBE_API_VERSION) {
        aod_err_set(err, AOD_E_NOTFOUND, "%s: probe API version %d, this program needs %d", path,
                    api != NULL ? api->version : -1, AOD_PROBE_API_VERSION);
        dlclose(h);
        return NULL;
    }
    return api;
}

const struct aod_probe_api *aod_probe_host(struct aod_err *err)
{
    const char *env = getenv("AOD_PROBES_MODULE");
    char path[4200];

    if (loaded != NULL)
        return loaded;
    if (env != NULL && env[0] != '\0') {
        loaded = open_module(env, err);
        return loaded;
    }
    beside_exe(path, sizeof path);
    if (path[0] != '\0' && access(path, R_OK) == 0) {
        loaded = open_module(path, err);
        return loaded;
    }
    snprintf(path, sizeof path, "%s/%s", AOD_PROBES_MODULE_DIR, MODULE_NAME);
    loaded = open_module(path, err);
    return loaded;
}

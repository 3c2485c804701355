/* probes/http_loader.c: http_fetch for the probes module. libcurl and its ~25 libraries sit in a
 * second module (aovpn-doctor-http.so) that only the https probe loads (a CRL comes over plain
 * HTTP/1.0, crlget.c), so dns, tcp, ike, tls, sstp and radius start without them. */
#define _GNU_SOURCE /* dladdr(), to find the folder this module was loaded from */
#include "tls_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define HTTP_MODULE "aovpn-doctor-http.so"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static http_fetch_fn *fetch;
static char load_error[4096 + 128];
static const char anchor; /* any object of this module, for dladdr */

/* Opens the HTTP module at `path`. Its ABI version is read first: a module from another build
 * (an install left half upgraded) is refused with both numbers instead of being called with
 * structs it lays out differently. The handle stays open for the life of the process. */
AOD_STATIC http_fetch_fn *http_module_open(const char *path, char *why, size_t cap)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    const int *version;
    http_fetch_fn *fn = NULL;
    void *sym;

    if (h == NULL) {
        const char *e = dlerror();
        snprintf(why, cap, "%s", e != NULL ? e : path);
        return NULL;
    }
    version = dlsym(h, "aod_http_abi_version");
    if (version == NULL || *version != AOD_HTTP_ABI_VERSION) {
        if (version == NULL)
            snprintf(why, cap, "%s: no aod_http_abi_version (a module older than version %d)", path,
                     AOD_HTTP_ABI_VERSION);
        else
            snprintf(why, cap, "%s: HTTP module version %d, the probes module needs %d", path,
                     *version, AOD_HTTP_ABI_VERSION);
        dlclose(h);
        return NULL;
    }
    sym = dlsym(h, "aod_http_fetch");
    if (sym == NULL) {
        snprintf(why, cap, "%s: no aod_http_fetch", path);
        dlclose(h);
        return NULL;
    }
    memcpy(&fn, &sym, sizeof fn); /* POSIX: object pointer to function pointer */
    return fn;
}

/* The HTTP module sits next to this one: find our own file through a symbol of ours. */
static void load(void)
{
    char path[4096];
    Dl_info info;
    const char *slash = NULL;

    memset(&info, 0, sizeof info);
    if (dladdr(&anchor, &info) != 0 && info.dli_fname != NULL)
        slash = strrchr(info.dli_fname, '/');
    if (slash != NULL)
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - info.dli_fname), info.dli_fname,
                 HTTP_MODULE);
    else
        snprintf(path, sizeof path, "%s", HTTP_MODULE);
    fetch = http_module_open(path, load_error, sizeof load_error);
}

enum aod_status http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                           struct aod_buf *out, struct http_get *g, struct aod_err *err)
{
    pthread_once(&load_once, load);
    if (fetch == NULL)
        return aod_err_set(err, AOD_E_PROBE, "HTTP is not available: %s", load_error);
    return fetch(ctx, url, cacert, out, g, err);
}

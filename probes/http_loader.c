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

typedef enum aod_status http_fetch_fn(const struct probe_ctx *ctx, const char *url,
                                      const char *cacert, struct aod_buf *out, struct http_get *g,
                                      struct aod_err *err);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static http_fetch_fn *fetch;
static char load_error[4096 + 64];
static const char anchor; /* any object of this module, for dladdr */

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
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (h == NULL) {
        const char *e = dlerror();
        snprintf(load_error, sizeof load_error, "%s", e != NULL ? e : path);
        return;
    }
    /* POSIX allows converting the object pointer dlsym returns to a function pointer. */
    *(void **)&fetch = dlsym(h, "aod_http_fetch");
    if (fetch == NULL)
        snprintf(load_error, sizeof load_error, "%s: no aod_http_fetch", path);
}

enum aod_status http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                           struct aod_buf *out, struct http_get *g, struct aod_err *err)
{
    pthread_once(&load_once, load);
    if (fetch == NULL)
        return aod_err_set(err, AOD_E_PROBE, "HTTP is not available: %s", load_error);
    return fetch(ctx, url, cacert, out, g, err);
}

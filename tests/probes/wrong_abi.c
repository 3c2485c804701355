/* tests/probes/wrong_abi.c: a module built against other interface versions than this tree's:
 * it exports both the probes module's table and the HTTP module's entry point, each with a
 * version one ahead. The loaders must refuse it by name; calling into it aborts. */
#include <stdlib.h>

#include "aod/probe.h"
#include "tls_int.h"

AOD_PROBE_EXPORT extern const int aod_http_abi_version;
const int aod_http_abi_version = AOD_HTTP_ABI_VERSION + 1;

AOD_PROBE_EXPORT enum aod_status aod_http_fetch(const struct probe_ctx *ctx, const char *url,
                                                const char *cacert, struct aod_buf *out,
                                                struct http_get *g, struct aod_err *err);

enum aod_status aod_http_fetch(const struct probe_ctx *ctx, const char *url, const char *cacert,
                               struct aod_buf *out, struct http_get *g, struct aod_err *err)
{
    (void)ctx, (void)url, (void)cacert, (void)out, (void)g, (void)err;
    abort(); /* a call through the wrong ABI */
}

/* Every entry NULL: a loader that used the table despite the version would crash. */
static const struct aod_probe_api table = {.version = AOD_PROBE_API_VERSION + 1};

AOD_PROBE_EXPORT const struct aod_probe_api *aod_probe_api(void)
{
    return &table;
}

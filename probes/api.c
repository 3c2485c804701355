/* probes/api.c: the probe registry and the module's one exported symbol, aod_probe_api(). */
#include "probe_int.h"

#include <string.h>

static const struct aod_probe_ops *const registry[] = {
    &probe_dns_ops,  &probe_tcp_ops,    &probe_ike_ops,   &probe_tls_ops,
    &probe_sstp_ops, &probe_radius_ops, &probe_https_ops,
};

const struct aod_probe_ops *probe_at(size_t i)
{
    if (i >= sizeof registry / sizeof registry[0])
        return NULL;
    return registry[i];
}

const struct aod_probe_ops *probe_find(const char *name)
{
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    }
    return NULL;
}

static const struct aod_probe_api api = {
    .version = AOD_PROBE_API_VERSION,
    .batch_start = probe_batch_start,
    .batch_run = probe_batch_run,
    .batch_wait = probe_batch_wait,
    .batch_done = probe_batch_done,
    .batch_cancel = probe_batch_cancel,
    .batch_result = probe_batch_result,
    .batch_free = probe_batch_free,
    .kind_usage = probe_kind_usage,
    .cmd_parse = probe_cmd_parse,
    .wipe = probe_wipe,
};

AOD_PROBE_EXPORT const struct aod_probe_api *aod_probe_api(void)
{
    return &api;
}

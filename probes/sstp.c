/* probes/sstp.c: placeholder. */
#include "probe_int.h"

static enum aod_status sstp_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    (void)p;
    (void)n;
    (void)err;
    return AOD_OK;
}

static enum aod_status sstp_run(const struct probe_ctx *ctx, struct probe_out *out,
                               struct aod_err *err)
{
    (void)ctx;
    (void)out;
    return aod_err_set(err, AOD_E_PROBE, "not yet");
}

const struct aod_probe_ops probe_sstp_ops = {
    "sstp", "sstp HOST", sstp_check, sstp_run,
};

/* tests/net/aod_probe_step.c: runs the six probes of the 809 step (DNS, TCP 443, IKE 500,
 * IKE 4500, TLS, SSTP) as one batch and prints the wall time and every result as JSON, so a
 * test can check the step takes as long as its slowest probe and that cancel works.
 * Usage: aod_probe_step TIMEOUT_MS HOST [CANCEL_AFTER_MS] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aod/probe.h"

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
    const struct aod_probe_api *api = aod_probe_api();
    struct aod_probe_batch *b = NULL;
    struct aod_err err;
    char *end = NULL;
    long timeout;
    long cancel_after = -1;
    long t0;
    size_t i;
    const char *kinds[6] = {"dns", "tcp", "ike", "ike", "tls", "sstp"};
    struct aod_param p_dns[1], p_tcp[2], p_ike[2], p_natt[3], p_tls[2], p_sstp[2];
    const struct aod_param *params[6] = {p_dns, p_tcp, p_ike, p_natt, p_tls, p_sstp};
    size_t n_params[6] = {1, 2, 2, 3, 2, 2};

    if (argc < 3)
        return 64;
    timeout = strtol(argv[1], &end, 10);
    if (end == NULL || *end != '\0' || timeout <= 0 || timeout > 600000)
        return 64;
    if (argc > 3)
        cancel_after = strtol(argv[3], NULL, 10);
    p_dns[0] = (struct aod_param){"host", argv[2]};
    p_tcp[0] = (struct aod_param){"host", argv[2]};
    p_tcp[1] = (struct aod_param){"port", "443"};
    p_ike[0] = (struct aod_param){"host", argv[2]};
    p_ike[1] = (struct aod_param){"port", "500"};
    p_natt[0] = (struct aod_param){"host", argv[2]};
    p_natt[1] = (struct aod_param){"port", "4500"};
    p_natt[2] = (struct aod_param){"natt", "true"};
    p_tls[0] = (struct aod_param){"host", argv[2]};
    p_tls[1] = (struct aod_param){"port", "443"};
    p_sstp[0] = (struct aod_param){"host", argv[2]};
    p_sstp[1] = (struct aod_param){"port", "443"};
    t0 = now_ms();
    if (api->batch_start(&b, 6, kinds, params, n_params, (int)timeout, &err) != AOD_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 3;
    }
    if (cancel_after >= 0) {
        api->batch_wait(b, (int)cancel_after);
        api->batch_cancel(b, SIZE_MAX);
    }
    while (api->batch_wait(b, 100) < 6) {
        if (now_ms() - t0 > timeout * 3) /* a module bug: do not hang the test */
            break;
    }
    printf("{\"elapsed_ms\":%ld,\"results\":[", now_ms() - t0);
    for (i = 0; i < 6; i++) {
        const struct aod_probe_result *r = api->batch_result(b, i);
        printf("%s%s", i ? "," : "", r != NULL && r->json != NULL ? r->json : "null");
    }
    printf("]}\n");
    api->batch_free(b);
    return 0;
}

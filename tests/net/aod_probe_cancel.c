/* tests/net/aod_probe_cancel.c: starts one probe as a batch, cancels it after a while and prints
 * its result JSON, so a test can check what a cancelled probe reports.
 * Usage: aod_probe_cancel KIND TIMEOUT_MS CANCEL_AFTER_MS NAME=VALUE... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/probe.h"

#define PARAMS_MAX 16

static int ms_arg(const char *s)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);

    return end != s && *end == '\0' && v >= 0 && v <= 600000 ? (int)v : -1;
}

int main(int argc, char **argv)
{
    const struct aod_probe_api *api = aod_probe_api();
    struct aod_probe_batch *b = NULL;
    struct aod_param p[PARAMS_MAX];
    const struct aod_param *params[1] = {p};
    const char *kinds[1];
    const struct aod_probe_result *r;
    struct aod_err err;
    size_t n = 0;
    int waited = 0;

    if (argc < 4 || argc - 4 > PARAMS_MAX || ms_arg(argv[2]) < 0 || ms_arg(argv[3]) < 0)
        return 64;
    kinds[0] = argv[1];
    for (int i = 4; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL)
            return 64;
        *eq = '\0';
        p[n].name = argv[i];
        p[n].value = eq + 1;
        n++;
    }
    if (api->batch_start(&b, 1, kinds, params, &n, ms_arg(argv[2]), &err) != AOD_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 3;
    }
    api->batch_wait(b, ms_arg(argv[3]));
    api->batch_cancel(b, SIZE_MAX);
    while (api->batch_wait(b, 100) < 1 && waited++ < 100) /* a module bug must not hang it */
        ;
    r = api->batch_result(b, 0);
    printf("%s\n", r != NULL && r->json != NULL ? r->json : "null");
    api->batch_free(b);
    return 0;
}

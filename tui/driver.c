/* tui/driver.c: loading the catalog for a front end, presets, and running one step's probes
 * through the lazily loaded probes module. */
#include "driver.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe_host.h"

static void print_diags(const struct aod_diags *d, FILE *errf)
{
    char line[1024];
    for (size_t i = 0; i < aod_diags_count(d); i++) {
        aod_diag_format(aod_diags_get(d, i), line, sizeof line);
        fprintf(errf, "%s\n", line);
    }
}

struct aod_catalog *aod_driver_load(const char *dir, FILE *errf)
{
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *d = aod_diags_new();
    struct aod_err err;

    aod_err_clear(&err);
    if (cat == NULL || d == NULL) {
        fprintf(errf, "aovpn-doctor: out of memory\n");
        goto fail;
    }
    enum aod_status rc = aod_catalog_add_dir(cat, dir, d, &err);
    if (rc == AOD_OK)
        rc = aod_catalog_check(cat, d, &err);
    if (rc == AOD_E_NOMEM) {
        fprintf(errf, "aovpn-doctor: %s\n", err.msg);
        goto fail;
    }
    if (rc != AOD_OK) {
        aod_diags_sort(d);
        print_diags(d, errf);
        fprintf(errf,
                "aovpn-doctor: the flows in %s have problems (see above; "
                "'aovpn-doctor lint %s' lists them)\n",
                dir, dir);
        goto fail;
    }
    aod_diags_free(d);
    return cat;
fail:
    aod_diags_free(d);
    aod_catalog_free(cat);
    return NULL;
}

bool aod_driver_presets(struct aod_session *s, char **facts, size_t n, FILE *errf)
{
    for (size_t i = 0; i < n; i++) {
        struct aod_err err;
        char name[128];
        const char *eq = strchr(facts[i], '=');
        aod_err_clear(&err);
        if (eq == NULL || eq == facts[i] || (size_t)(eq - facts[i]) >= sizeof name) {
            fprintf(errf, "aovpn-doctor: --fact needs NAME=VALUE, got \"%.80s\"\n", facts[i]);
            return false;
        }
        memcpy(name, facts[i], (size_t)(eq - facts[i]));
        name[eq - facts[i]] = '\0';
        if (aod_session_preset(s, name, eq + 1, &err) != AOD_OK) {
            fprintf(errf, "aovpn-doctor: --fact %s: %s\n", name, err.msg);
            return false;
        }
    }
    return true;
}

bool aod_driver_run_probes(struct aod_session *s, int timeout_ms, aod_probe_seen_fn *on_result,
                           void *ctx, struct aod_err *err)
{
    const struct aod_probe_api *api = aod_probe_host(err);
    const struct aod_view *v;
    const char *kinds[AOD_FLOW_MAX_PROBES];
    const struct aod_param *params[AOD_FLOW_MAX_PROBES];
    size_t n_params[AOD_FLOW_MAX_PROBES];
    struct aod_probe_result results[AOD_FLOW_MAX_PROBES];
    bool is_fed[AOD_FLOW_MAX_PROBES];
    struct aod_probe_batch *b = NULL;
    size_t n;

    if (api == NULL)
        return false;
    memset(results, 0, sizeof results);
    v = aod_session_view(s, err);
    if (v == NULL || v->kind != AOD_NODE_PROBE)
        return false;
    n = v->n_probes;
    for (size_t i = 0; i < n; i++) {
        kinds[i] = v->probes[i].kind;
        params[i] = v->probes[i].params;
        n_params[i] = v->probes[i].n_params;
    }
    if (api->batch_start(&b, n, kinds, params, n_params, timeout_ms, err) != AOD_OK)
        return false;
    /* Every probe ends by its own deadline; the extra second only guards against a module bug. */
    for (int waited = 0; api->batch_wait(b, 100) < n && waited < timeout_ms + 1000; waited += 100)
        ;
    api->batch_cancel(b, SIZE_MAX);
    api->batch_wait(b, 1000);
    for (size_t i = 0; i < n; i++) {
        const struct aod_probe_result *r = api->batch_result(b, i);
        is_fed[i] = false;
        if (r == NULL)
            continue;
        results[i] = *r;
        results[i].json = NULL;
        is_fed[i] = r->verdict != AOD_VERDICT_ERROR;
    }
    api->batch_free(b);
    /* Feeding changes the view, so tell the caller first, then feed. */
    for (size_t i = 0; i < n; i++) {
        if (on_result != NULL)
            on_result(ctx, &v->probes[i], is_fed[i] || results[i].summary[0] ? &results[i] : NULL);
    }
    for (size_t i = 0; i < n; i++) {
        if (is_fed[i] && aod_session_probe_result(s, i, &results[i], err) != AOD_OK)
            return false;
    }
    return true;
}

bool aod_save_atomic(const char *path, aod_write_fn *write, void *ctx, struct aod_err *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    FILE *f = NULL;
    bool is_ok = false;
    int fd = -1;

    if (tmp == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "out of memory");
        return false;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    /* mkstemp makes the file private; give it the mode any new file would get. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    f = fdopen(fd, "w");
    if (f == NULL) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        close(fd);
        goto out;
    }
    is_ok = write(f, ctx);
    if (fflush(f) != 0 || ferror(f))
        is_ok = false;
    if (fclose(f) != 0)
        is_ok = false;
    if (!is_ok)
        aod_err_set(err, AOD_E_IO, "%s: cannot write: %s", path, strerror(errno));
    else if (rename(tmp, path) != 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", path, strerror(errno));
        is_ok = false;
    }
out:
    if (!is_ok && fd >= 0)
        unlink(tmp);
    free(tmp);
    return is_ok;
}

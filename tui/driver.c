/* tui/driver.c: loading the catalog for a front end, presets, the one runner of a probe step's
 * live probes (through the lazily loaded probes module) and the recorded-result lines. */
#include "driver.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aod/paste.h"
#include "aod/text.h"
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

struct aod_catalog *aod_driver_index(const char *dir, FILE *errf)
{
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_err err;

    aod_err_clear(&err);
    if (cat == NULL) {
        fprintf(errf, "aovpn-doctor: out of memory\n");
        return NULL;
    }
    if (aod_catalog_index_dir(cat, dir, &err) != AOD_OK) {
        fprintf(errf, "aovpn-doctor: %s\n", err.msg);
        aod_catalog_free(cat);
        return NULL;
    }
    return cat;
}

bool aod_driver_uncovered_code(const struct aod_catalog *cat, const char *text, uint32_t *code)
{
    struct aod_paste p;
    uint32_t v = 0;

    aod_paste_scan(text, &p);
    if (!aod_paste_code(&p, &v) || aod_catalog_covers(cat, v))
        return false;
    *code = v;
    return true;
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

/* ---- The probe-step runner ---- */

#define GRACE_MS 1000 /* past the deadline: a module bug, not a slow server */

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void aod_runner_init(struct aod_probe_runner *r, int timeout_ms, aod_probe_done_fn *on_done,
                     aod_record_fn *on_record, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->timeout_ms = timeout_ms;
    r->on_done = on_done;
    r->on_record = on_record;
    r->ctx = ctx;
}

static bool is_tried(const struct aod_probe_runner *r, const struct aod_session *s,
                     const struct aod_view *v)
{
    return r->tried_node == v->node_id && r->tried_depth == aod_session_depth(s);
}

enum aod_run_want aod_runner_want(const struct aod_probe_runner *r, const struct aod_session *s,
                                  const struct aod_view *v)
{
    if (is_tried(r, s, v))
        return AOD_RUN_TRIED;
    for (size_t i = 0; i < v->n_probes; i++) {
        if (v->probes[i].is_done)
            return AOD_RUN_PARTLY;
    }
    return AOD_RUN_LIVE;
}

void aod_runner_clear(struct aod_probe_runner *r)
{
    if (r->batch != NULL)
        r->api->batch_free(r->batch); /* cancels what still runs */
    r->batch = NULL;
    r->is_running = false;
    r->is_cancelled = false;
    r->elapsed_ms = 0;
    r->n = 0;
    memset(r->has_result, 0, sizeof r->has_result);
    memset(r->is_reported, 0, sizeof r->is_reported);
}

void aod_runner_forget(struct aod_probe_runner *r)
{
    aod_runner_clear(r);
    r->tried_node = NULL;
    r->tried_depth = 0;
}

enum aod_run_start aod_runner_start(struct aod_probe_runner *r, struct aod_session *s, bool force,
                                    struct aod_err *err)
{
    const char *kinds[AOD_FLOW_MAX_PROBES];
    const struct aod_param *params[AOD_FLOW_MAX_PROBES];
    size_t n_params[AOD_FLOW_MAX_PROBES];
    const struct aod_view *v = aod_session_view(s, err);

    aod_runner_clear(r);
    if (v == NULL || v->kind != AOD_NODE_PROBE)
        return AOD_RUN_FAILED;
    if (!force && is_tried(r, s, v))
        return AOD_RUN_SKIPPED;
    r->tried_node = v->node_id;
    r->tried_depth = aod_session_depth(s);
    r->api = aod_probe_host(err);
    if (r->api == NULL)
        return AOD_RUN_NO_MODULE;
    for (size_t i = 0; i < v->n_probes; i++) {
        kinds[i] = v->probes[i].kind;
        params[i] = v->probes[i].params;
        n_params[i] = v->probes[i].n_params;
    }
    if (r->api->batch_start(&r->batch, v->n_probes, kinds, params, n_params, r->timeout_ms, err) !=
        AOD_OK) {
        r->batch = NULL;
        return AOD_RUN_FAILED;
    }
    r->n = v->n_probes;
    r->started_ms = now_ms();
    r->is_running = true;
    return AOD_RUN_STARTED;
}

/* Takes probe i's result if it is in, and tells on_done; `is_last` tells it even without. */
static void take(struct aod_probe_runner *r, size_t i, bool is_last)
{
    const struct aod_probe_result *res;

    if (r->is_reported[i])
        return;
    res = r->api->batch_result(r->batch, i);
    if (res == NULL && !is_last)
        return;
    r->has_result[i] = res != NULL;
    if (res != NULL) {
        r->results[i] = *res;
        r->results[i].json = NULL; /* the batch's, freed with it */
    }
    r->is_reported[i] = true;
    if (r->on_done != NULL)
        r->on_done(r->ctx, i, res != NULL ? &r->results[i] : NULL);
}

bool aod_runner_poll(struct aod_probe_runner *r, int wait_ms)
{
    size_t done;

    if (!r->is_running)
        return true;
    done = r->api->batch_wait(r->batch, wait_ms);
    r->elapsed_ms = (long)(now_ms() - r->started_ms);
    for (size_t i = 0; i < r->n; i++)
        take(r, i, false);
    if (done < r->n && r->elapsed_ms <= r->timeout_ms + GRACE_MS)
        return false;
    if (done < r->n) {
        r->api->batch_cancel(r->batch, SIZE_MAX);
        r->api->batch_wait(r->batch, GRACE_MS);
    }
    for (size_t i = 0; i < r->n; i++)
        take(r, i, true);
    r->api->batch_free(r->batch);
    r->batch = NULL;
    r->is_running = false;
    return true;
}

void aod_runner_wait(struct aod_probe_runner *r)
{
    while (!aod_runner_poll(r, 100))
        ;
}

void aod_runner_cancel(struct aod_probe_runner *r)
{
    if (!r->is_running)
        return;
    r->api->batch_cancel(r->batch, SIZE_MAX);
    r->is_cancelled = true;
}

bool aod_runner_feed(struct aod_probe_runner *r, struct aod_session *s, struct aod_err *err)
{
    bool is_fed[AOD_FLOW_MAX_PROBES];
    const struct aod_view *v = aod_session_view(s, err);

    if (v == NULL)
        return false;
    for (size_t i = 0; i < r->n; i++) {
        is_fed[i] = i < v->n_probes && !v->probes[i].is_done && r->has_result[i] &&
                    r->results[i].verdict != AOD_VERDICT_ERROR;
    }
    /* Feeding changes the view: record every line first, while the probe ids are at hand. */
    for (size_t i = 0; i < r->n && r->on_record != NULL; i++) {
        char line[4096];
        if (!is_fed[i])
            continue;
        aod_result_line(line, sizeof line, v->probes[i].id, &r->results[i]);
        r->on_record(r->ctx, line);
    }
    for (size_t i = 0; i < r->n; i++) {
        if (is_fed[i] && aod_session_probe_result(s, i, &r->results[i], err) != AOD_OK)
            return false;
    }
    return true;
}

/* ---- Recorded probe results ---- */

static void pct_encode(char *out, size_t cap, const char *in)
{
    size_t n = 0;
    for (; *in != '\0' && n + 4 < cap; in++) {
        unsigned char c = (unsigned char)*in;
        if (c <= ' ' || c == '%' || c == 0x7F) {
            snprintf(out + n, cap - n, "%%%02X", c);
            n += 3;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
}

static void pct_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r != '\0'; r++) {
        unsigned int v = 0;
        if (r[0] == '%' && sscanf(r + 1, "%2x", &v) == 1 && r[1] != '\0' && r[2] != '\0') {
            *w++ = (char)v;
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

void aod_result_line(char *line, size_t cap, const char *id, const struct aod_probe_result *res)
{
    size_t n = (size_t)snprintf(line, cap, "=%s %s", id, aod_verdict_word(res->verdict));
    for (size_t k = 0; k < res->n_fields && n < cap; k++) {
        char enc[AOD_PROBE_FIELD_VALUE_MAX * 3 + 1];
        pct_encode(enc, sizeof enc, res->fields[k].value);
        n += (size_t)snprintf(line + n, cap - n, " %s=%s", res->fields[k].name, enc);
    }
    if (n < cap)
        snprintf(line + n, cap - n, " -- %s", res->summary);
}

/* Cuts the next blank-separated word out of *cursor; NULL when none is left. */
static char *next_word(char **cursor)
{
    char *w = *cursor + strspn(*cursor, " \t");
    if (*w == '\0')
        return NULL;
    char *end = w + strcspn(w, " \t");
    *cursor = *end != '\0' ? end + 1 : end;
    *end = '\0';
    return w;
}

bool aod_result_line_parse(const char *line, char *id, size_t id_cap, struct aod_probe_result *res)
{
    char buf[4096];
    bool is_verdict = false;

    memset(res, 0, sizeof *res);
    snprintf(buf, sizeof buf, "%s", line + 1);
    char *summary = strstr(buf, " -- ");
    if (summary != NULL) {
        *summary = '\0';
        aod_text_sanitize(res->summary, sizeof res->summary, summary + 4, false);
    }
    char *cursor = buf;
    char *word = next_word(&cursor);
    char *verdict = word != NULL ? next_word(&cursor) : NULL;
    snprintf(id, id_cap, "%s", word != NULL ? word : "");
    for (int k = 0; verdict != NULL && k < AOD_VERDICT_COUNT; k++) {
        if (strcmp(verdict, aod_verdict_word((enum aod_verdict)k)) == 0) {
            res->verdict = (enum aod_verdict)k;
            is_verdict = true;
        }
    }
    if (word == NULL || !is_verdict)
        return false;
    for (char *tok; res->n_fields < AOD_PROBE_FIELDS_MAX && (tok = next_word(&cursor)) != NULL;) {
        char *eq = strchr(tok, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        pct_decode(eq + 1);
        snprintf(res->fields[res->n_fields].name, sizeof res->fields[0].name, "%s", tok);
        aod_text_sanitize(res->fields[res->n_fields].value, sizeof res->fields[0].value, eq + 1,
                          false);
        res->n_fields++;
    }
    return true;
}

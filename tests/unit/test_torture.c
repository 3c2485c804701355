/* tests/unit/test_torture.c: allocation-failure torture, after curl's torture mode. A normal run
 * of load (every shipped flow), catalog check, a walk through every node kind and the view
 * counts its allocations; then the run is repeated with allocation N failing, for every N. Each
 * run must end in a clean error (AOD_E_NOMEM), never a crash or a success that hid the failure,
 * and must free everything it allocated. The code dictionary gets the same: load, reference
 * check and lookup of the shipped one, and the error paths of a malformed one.
 *
 * The hook: this executable is linked with -Wl,--wrap for malloc, calloc, realloc, strdup,
 * strndup and free, so every allocation the engine makes (its arenas' chunks and cJSON's, whose
 * hooks the loader points at the engine's allocator, included) comes through __wrap_* below. A
 * new allocation added to the engine is covered without touching this file. Allocations made
 * inside libc (fopen, opendir) are not the engine's and are not counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aod/codes.h"
#include "aod/flow.h"
#include "aod/session.h"

#ifndef AOD_TEST_FLOWS_DIR
#error "AOD_TEST_FLOWS_DIR must name the shipped flows folder"
#endif

/* ---- the hook (the linker's --wrap names are fixed: __wrap_X and __real_X) ---- */

struct hook {
    bool is_on;      /* count only inside a run */
    size_t n_allocs; /* allocation attempts so far */
    size_t fail_at;  /* 1-based attempt to fail; 0: none */
    size_t n_failed;
    long live; /* successful allocations minus frees */
};

static struct hook hook;

/* AOD_TORTURE_TRACE=1 prints where each failed allocation was made (sanitizer builds). */
void __sanitizer_print_stack_trace(void);

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);

/* True when this attempt is the one to fail. */
static bool must_fail(void)
{
    if (!hook.is_on)
        return false;
    hook.n_allocs++;
    if (hook.n_allocs != hook.fail_at)
        return false;
    hook.n_failed++;
#if defined(__SANITIZE_ADDRESS__)
    if (getenv("AOD_TORTURE_TRACE") != NULL)
        __sanitizer_print_stack_trace();
#endif
    return true;
}

static void *counted(void *p)
{
    if (p != NULL && hook.is_on)
        hook.live++;
    return p;
}

void *__wrap_malloc(size_t n)
{
    return must_fail() ? NULL : counted(__real_malloc(n));
}

void *__wrap_calloc(size_t n, size_t size)
{
    return must_fail() ? NULL : counted(__real_calloc(n, size));
}

void *__wrap_realloc(void *p, size_t n)
{
    if (must_fail())
        return NULL;
    void *q = __real_realloc(p, n);
    return p == NULL ? counted(q) : q;
}

char *__wrap_strdup(const char *s)
{
    return must_fail() ? NULL : counted(__real_strdup(s));
}

char *__wrap_strndup(const char *s, size_t n)
{
    return must_fail() ? NULL : counted(__real_strndup(s, n));
}

void __wrap_free(void *p)
{
    if (p != NULL && hook.is_on)
        hook.live--;
    __real_free(p);
}

/* ---- one run ---- */

/* Node kinds seen by the walk, as bits of enum aod_node_kind. */
static unsigned kinds_seen;

/* A value that node's type accepts. */
static const char *sample_input(const struct aod_view *v)
{
    switch (v->input_type) {
    case AOD_INPUT_TEXT:
        return "the tunnel drops after a minute";
    case AOD_INPUT_HOST:
        return "vpn.contoso.com";
    case AOD_INPUT_NUMBER:
        return "443";
    case AOD_INPUT_ERROR_CODE:
        return "809";
    case AOD_INPUT_SYMPTOM:
        return "The error code returned on failure is 0x80092013.";
    }
    return "x";
}

/* Walks from a flow's start to a conclusion (or 40 steps), viewing every step: choice k of a
 * question is taken on the k-th walk so that the walks spread over the flows' branches. */
static enum aod_status walk(struct aod_catalog *cat, const char *flow_id, size_t k)
{
    struct aod_err err;
    enum aod_status rc = AOD_OK;
    struct aod_session *s = aod_session_new(cat, flow_id, &err);

    if (s == NULL)
        return err.code;
    rc = aod_session_preset(s, "torture.note", "preset", &err);
    for (size_t step = 0; rc == AOD_OK && step < 40; step++) {
        const struct aod_view *v = aod_session_view(s, &err);
        if (v == NULL) {
            rc = err.code;
            break;
        }
        kinds_seen |= 1u << v->kind;
        switch (v->kind) {
        case AOD_NODE_QUESTION:
            rc = aod_session_choose(s, (k + step) % v->n_choices, AOD_SOURCE_USER, &err);
            break;
        case AOD_NODE_INPUT:
            rc = aod_session_input(s, sample_input(v), AOD_SOURCE_USER, &err);
            if (rc == AOD_E_INPUT) /* a number out of the node's range: its minimum is not */
                rc = aod_session_input(s, "1", AOD_SOURCE_USER, &err);
            break;
        case AOD_NODE_PROBE: {
            /* The first probe measured (fields and all), the others answered by hand. */
            struct aod_probe_field field = {"address", "192.0.2.1"};
            struct aod_probe_result r;
            memset(&r, 0, sizeof r);
            r.verdict = AOD_VERDICT_PASS;
            snprintf(r.summary, sizeof r.summary, "measured");
            r.n_fields = 1;
            r.fields[0] = field;
            rc = aod_session_probe_result(s, 0, &r, &err);
            for (size_t p = 1; rc == AOD_OK && p < v->n_probes; p++)
                rc = aod_session_probe_answer(s, p, k % v->probes[p].n_answers, AOD_SOURCE_USER,
                                              &err);
            break;
        }
        case AOD_NODE_CONCLUSION:
            /* Going back and forth again covers the trail's truncation. */
            if (aod_session_depth(s) > 0) {
                rc = aod_session_back(s, &err);
                if (rc == AOD_OK && aod_session_view(s, &err) == NULL)
                    rc = err.code;
            }
            goto out;
        }
    }
out:
    aod_session_free(s);
    return rc;
}

/* Loads the shipped flows as lint does (every flow, then the whole-catalog check) or, `is_lazy`,
 * as the wizard does (an index of the headers, each flow opened by the session that needs it),
 * then walks every flow. */
static enum aod_status run(bool is_lazy)
{
    struct aod_err err;
    enum aod_status rc = AOD_E_NOMEM;
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *d = aod_diags_new();

    if (cat == NULL || d == NULL)
        goto out;
    if (is_lazy) {
        rc = aod_catalog_index_dir(cat, AOD_TEST_FLOWS_DIR, &err);
    } else {
        rc = aod_catalog_add_dir(cat, AOD_TEST_FLOWS_DIR, d, &err);
        if (rc == AOD_OK)
            rc = aod_catalog_check(cat, d, &err);
    }
    for (size_t f = 0; rc == AOD_OK && f < aod_catalog_count(cat); f++) {
        for (size_t k = 0; rc == AOD_OK && k < 3; k++)
            rc = walk(cat, aod_flow_id(aod_catalog_flow(cat, f)), k);
    }
out:
    aod_diags_free(d);
    aod_catalog_free(cat);
    return rc;
}

static enum aod_status hooked_run(size_t fail_at, bool is_lazy)
{
    memset(&hook, 0, sizeof hook);
    hook.fail_at = fail_at;
    hook.is_on = true;
    enum aod_status rc = run(is_lazy);
    hook.is_on = false;
    return rc;
}

/* ---- tests ---- */

static void normal_run_walks_every_kind(void **state)
{
    (void)state;
    kinds_seen = 0;
    assert_int_equal(hooked_run(0, false), AOD_OK);
    assert_int_equal(hook.live, 0);
    assert_true(hook.n_allocs > 100);
    assert_int_equal(kinds_seen, 1u << AOD_NODE_QUESTION | 1u << AOD_NODE_INPUT |
                                     1u << AOD_NODE_PROBE | 1u << AOD_NODE_CONCLUSION);
}

static void every_allocation_fails_cleanly_in(bool is_lazy)
{
    assert_int_equal(hooked_run(0, is_lazy), AOD_OK);
    const size_t total = hook.n_allocs;
    size_t n_injected = 0;
    size_t n_bad = 0;

    /* Every failing allocation is listed before the test fails: one run shows them all. */
    for (size_t n = 1; n <= total; n++) {
        enum aod_status rc = hooked_run(n, is_lazy);
        n_injected += hook.n_failed;
        if (rc != AOD_E_NOMEM || hook.live != 0 || hook.n_failed != 1) {
            print_error("allocation %zu of %zu: status \"%s\", %ld blocks left, %zu failed\n", n,
                        total, aod_status_str(rc), hook.live, hook.n_failed);
            n_bad++;
        }
    }
    print_message("%zu allocations, each failed once\n", total);
    assert_int_equal(n_bad, 0);
    assert_int_equal(n_injected, total);
}

static void every_allocation_fails_cleanly(void **state)
{
    (void)state;
    every_allocation_fails_cleanly_in(false);
}

/* The wizard's way in: the index of headers, then each flow opened when a session needs it. */
static void every_allocation_fails_cleanly_lazily(void **state)
{
    (void)state;
    every_allocation_fails_cleanly_in(true);
}

/* The check cut short by a failed allocation must not leave a catalog that sessions accept. */
static void failed_check_is_not_checked(void **state)
{
    (void)state;
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_err err;

    assert_non_null(cat);
    assert_int_equal(aod_catalog_add_dir(cat, AOD_TEST_FLOWS_DIR, NULL, &err), AOD_OK);
    memset(&hook, 0, sizeof hook);
    hook.is_on = true;
    assert_int_equal(aod_catalog_check(cat, NULL, &err), AOD_OK);
    hook.is_on = false;
    const size_t total = hook.n_allocs;
    assert_true(total > 0);
    for (size_t n = 1; n <= total; n++) {
        memset(&hook, 0, sizeof hook);
        hook.fail_at = n;
        hook.is_on = true;
        enum aod_status rc = aod_catalog_check(cat, NULL, &err);
        hook.is_on = false;
        assert_int_equal(rc, AOD_E_NOMEM);
        assert_int_equal(err.code, AOD_E_NOMEM);
        assert_int_equal(hook.live, 0);
        assert_null(aod_session_new(cat, "start", &err));
        assert_int_equal(err.code, AOD_E_STATE);
    }
    aod_catalog_free(cat);
}

/* ---- the code dictionary ---- */

/* Entry problems (each with a position, so the position index is built) and a reference to a
 * node that does not exist. */
static const char bad_entries[] =
    "{\"version\": 1, \"codes\": [\n"
    " {\"family\": \"ras\", \"code\": \"0x329\", \"symbol\": \"S\", \"meaning\": \"m\",\n"
    "  \"logged\": \"l\", \"source\": \"https://example.com/\",\n"
    "  \"collect\": [{\"text\": \"t\", \"command\": \"a\\tb\", \"where\": \"client\", \"shell\": "
    "\"zsh\"}]},\n"
    " {\"family\": \"ras\", \"code\": \"809\", \"symbol\": \"S\", \"meaning\": \"m\",\n"
    "  \"logged\": \"l\", \"source\": \"https://example.com/\"},\n"
    " {\"family\": \"ras\", \"code\": \"809\", \"symbol\": \"S\", \"meaning\": \"m\",\n"
    "  \"logged\": \"l\", \"source\": \"https://example.com/\"}]}\n";
static const char dangling[] =
    "{\"version\": 1, \"codes\": [{\"family\": \"event\", \"code\": \"1\", \"meaning\": "
    "\"m\", \"logged\": \"l\", \"source\": \"https://example.com/\", \"flow\": "
    "\"error-809:no-such-node\"}]}";
static const char not_json[] = "{\"version\": 1, \"codes\": [";

/* Loads, checks and looks up the shipped dictionary against the flows in `cat`, then loads the
 * three bad ones. Each step that must fail for its content counts as passed when it does. */
static enum aod_status codes_run(struct aod_catalog *cat)
{
    struct aod_err err;
    struct aod_code_info found[4];
    struct aod_codes *c = NULL;
    struct aod_codes *bad = NULL;
    enum aod_status rc = AOD_E_NOMEM;
    struct aod_diags *d = aod_diags_new();

    if (d == NULL)
        goto out;
    rc = aod_codes_load_file(AOD_TEST_FLOWS_DIR "/codes/codes.json", &c, d, &err);
    if (rc == AOD_OK)
        rc = aod_codes_check(c, cat, d, &err);
    if (rc == AOD_OK &&
        (aod_codes_lookup(c, "0x80070329", found, 4) != 1 || !found[0].is_via_hresult ||
         found[0].n_collect == 0 || aod_codes_lookup(c, "ests_token_error", found, 4) != 1))
        rc = AOD_E_STATE;
    if (rc == AOD_OK) {
        rc = aod_codes_load_buffer("bad.json", bad_entries, strlen(bad_entries), &bad, d, &err);
        rc = rc == AOD_E_FLOW ? AOD_OK : rc == AOD_OK ? AOD_E_STATE : rc;
    }
    if (rc == AOD_OK) {
        rc = aod_codes_load_buffer("dangling.json", dangling, strlen(dangling), &bad, d, &err);
        if (rc == AOD_OK) {
            rc = aod_codes_check(bad, cat, d, &err);
            rc = rc == AOD_E_FLOW ? AOD_OK : rc == AOD_OK ? AOD_E_STATE : rc;
        }
        aod_codes_free(bad);
        bad = NULL;
    }
    if (rc == AOD_OK) {
        rc = aod_codes_load_buffer("short.json", not_json, strlen(not_json), &bad, d, &err);
        rc = rc == AOD_E_PARSE ? AOD_OK : rc == AOD_OK ? AOD_E_STATE : rc;
    }
out:
    aod_codes_free(bad);
    aod_codes_free(c);
    aod_diags_free(d);
    return rc;
}

static void dictionary_allocation_fails_cleanly(void **state)
{
    (void)state;
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_err err;

    /* The flows are loaded outside the count: the runs above cover them. */
    assert_non_null(cat);
    assert_int_equal(aod_catalog_add_dir(cat, AOD_TEST_FLOWS_DIR, NULL, &err), AOD_OK);
    assert_int_equal(aod_catalog_check(cat, NULL, &err), AOD_OK);
    memset(&hook, 0, sizeof hook);
    hook.is_on = true;
    assert_int_equal(codes_run(cat), AOD_OK);
    hook.is_on = false;
    assert_int_equal(hook.live, 0);
    const size_t total = hook.n_allocs;
    size_t n_bad = 0;
    assert_true(total > 10);
    for (size_t n = 1; n <= total; n++) {
        memset(&hook, 0, sizeof hook);
        hook.fail_at = n;
        hook.is_on = true;
        enum aod_status rc = codes_run(cat);
        hook.is_on = false;
        if (rc != AOD_E_NOMEM || hook.live != 0 || hook.n_failed != 1) {
            print_error("dictionary allocation %zu of %zu: status \"%s\", %ld blocks left\n", n,
                        total, aod_status_str(rc), hook.live);
            n_bad++;
        }
    }
    print_message("dictionary: %zu allocations, each failed once\n", total);
    assert_int_equal(n_bad, 0);
    aod_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_run_walks_every_kind),
        cmocka_unit_test(failed_check_is_not_checked),
        cmocka_unit_test(every_allocation_fails_cleanly),
        cmocka_unit_test(every_allocation_fails_cleanly_lazily),
        cmocka_unit_test(dictionary_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

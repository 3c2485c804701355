/* tests/fuzz/fuzz_codes.c: the code dictionary's loader (engine/codes.c) and its lookup, as
 * `explain` and the front door use them. A dictionary either loads or fails with a clean
 * message and no entry; every entry of one that loads is clean text, and looking an entry up
 * by its symbol or its code finds it. */
#include "fuzz_common.h"

#include "aod/codes.h"
#include "aod/errcode.h"
#include "aod/flow.h"

#define FOUND_MAX 8

static void check_entry(const struct aod_codes *c, const struct aod_code_info *e)
{
    struct aod_code_info found[FOUND_MAX];
    fuzz_clean(e->family, false, "family");
    fuzz_clean(e->symbol, false, "symbol");
    fuzz_clean(e->meaning, true, "meaning");
    fuzz_clean(e->logged, true, "logged");
    for (size_t i = 0; i < e->n_collect; i++) {
        fuzz_clean(e->collect[i].text, true, "collect text");
        fuzz_clean(e->collect[i].command, false, "collect command");
        fuzz_clean(e->collect[i].shell, false, "collect shell");
        fuzz_clean(e->collect[i].where, false, "collect where");
    }
    fuzz_clean(e->flow, false, "flow");
    fuzz_clean(e->source, false, "source");
    if (e->symbol != NULL && e->symbol[0] != '\0')
        FUZZ_ASSERT(aod_codes_lookup(c, e->symbol, found, FOUND_MAX) > 0, "found by symbol");
    if (e->has_value) {
        char canon[16];
        aod_errcode_format(e->value, canon, sizeof canon);
        FUZZ_ASSERT(aod_codes_lookup(c, canon, found, FOUND_MAX) > 0, "found by code");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aod_codes *c = NULL;
    struct aod_err err;
    char *query = fuzz_strndup(data, size < 64 ? size : 64);

    aod_err_clear(&err);
    enum aod_status rc =
        aod_codes_load_buffer("fuzz.json", (const char *)data, size, &c, NULL, &err);
    if (rc != AOD_OK) {
        FUZZ_ASSERT(c == NULL, "no dictionary on failure");
        fuzz_clean(err.msg, false, "error message");
    } else {
        FUZZ_ASSERT(c != NULL, "a dictionary on success");
        for (size_t i = 0; i < aod_codes_count(c) && i < 64; i++)
            check_entry(c, aod_codes_get(c, i));
        struct aod_code_info found[FOUND_MAX];
        size_t n = aod_codes_lookup(c, query, found, FOUND_MAX);
        FUZZ_ASSERT(n <= FOUND_MAX, "lookup count");
    }
    aod_codes_free(c);
    free(query);
    return 0;
}

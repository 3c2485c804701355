/* tests/fuzz/fuzz_paste.c: the front door's tokenizer (engine/paste.c) and the search it feeds,
 * on the lazy catalog the wizard starts with (flows known by their headers only). Whatever is
 * pasted: the counts stay in their bounds, every name found is a plain symbol, a code written
 * alone or in a sentence is found, and every flow the search offers is a listed flow whose
 * title is clean. */
#include "fuzz_common.h"

#include "aod/errcode.h"
#include "aod/flow.h"
#include "aod/paste.h"

#define SEARCH_MAX 16

static struct aod_catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cat = aod_catalog_new();
    if (cat == NULL || aod_catalog_index_dir(cat, AOD_FLOWS_DIR, NULL) != AOD_OK)
        abort();
    return 0;
}

static void check_scan(const char *text)
{
    struct aod_paste p;
    aod_paste_scan(text, &p);
    FUZZ_ASSERT(p.n_codes <= AOD_PASTE_MAX_CODES, "code count");
    FUZZ_ASSERT(p.n_words <= AOD_PASTE_MAX_WORDS, "word count");
    for (size_t i = 0; i < p.n_words; i++) {
        size_t n = strnlen(p.words[i], AOD_PASTE_WORD_MAX);
        FUZZ_ASSERT(n > 0 && n < AOD_PASTE_WORD_MAX, "word length");
        FUZZ_ASSERT(strspn(p.words[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789_") == n,
                    "a word is a plain symbol");
    }
    /* A carrier event (20227) stands for the code it carries, unless the paste has none. */
    for (size_t i = 0; i < p.n_codes; i++) {
        if (!p.codes[i].is_carrier || p.needs_code)
            FUZZ_ASSERT(aod_paste_has_code(&p, p.codes[i].value), "a found code is found");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size > 4096 ? 4096 : size);
    uint32_t code = 0;

    check_scan(text);
    /* A code in any of its forms, alone or at the end of RasClient's sentence, is found. */
    if (aod_errcode_parse(text, &code) && code != 0) {
        char canon[16];
        char sentence[96];
        struct aod_paste p;
        aod_errcode_format(code, canon, sizeof canon);
        snprintf(sentence, sizeof sentence, "The error code returned on failure is %s.", canon);
        aod_paste_scan(sentence, &p);
        FUZZ_ASSERT(aod_paste_has_code(&p, code), "a code in RasClient's sentence is found");
    }
    const struct aod_flow *found[SEARCH_MAX];
    size_t n = aod_catalog_search(cat, text, found, SEARCH_MAX);
    FUZZ_ASSERT(n <= SEARCH_MAX && n <= aod_catalog_count(cat), "search count");
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(found[i] != NULL && aod_flow_is_listed(found[i]), "search result listed");
        fuzz_clean(aod_flow_title(found[i]), false, "search result title");
    }
    free(text);
    return 0;
}

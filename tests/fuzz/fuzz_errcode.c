/* tests/fuzz/fuzz_errcode.c: the error-code parser, the answer matcher that routes typed
 * answers, and the start screen's type-to-search (aod_catalog_search over the shipped flows).
 * Checks round trips: a parsed code formats to a form that parses back to it, and that text
 * matches the code as a pattern; a plain word matches itself. */
#include "fuzz_common.h"

#include <ctype.h>

#include "aod/errcode.h"
#include "aod/flow.h"

#define SEARCH_MAX 16

static struct aod_catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cat = aod_catalog_new();
    if (cat == NULL || aod_catalog_add_dir(cat, AOD_FLOWS_DIR, NULL, NULL) != AOD_OK ||
        aod_catalog_check(cat, NULL, NULL) != AOD_OK)
        abort();
    return 0;
}

static bool is_plain_word(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (!isalpha((unsigned char)*s))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    char *sep = strchr(text, '\n');
    const char *answer = text;
    const char *pattern = "";
    uint32_t code = 0;

    if (aod_errcode_parse(text, &code)) {
        char canon[16];
        uint32_t again = 0;
        aod_errcode_format(code, canon, sizeof canon);
        FUZZ_ASSERT(aod_errcode_parse(canon, &again) && again == code, "errcode round trip");
        FUZZ_ASSERT(aod_answer_matches(canon, text), "a code matches its canonical form");
        char sentence[64];
        snprintf(sentence, sizeof sentence, "error %s.", canon);
        FUZZ_ASSERT(aod_answer_matches(sentence, text), "a code matches inside a sentence");
    }
    if (sep != NULL) {
        *sep = '\0';
        pattern = sep + 1;
    }
    (void)aod_answer_matches(answer, pattern);
    (void)aod_answer_matches(pattern, answer);
    if (is_plain_word(pattern))
        FUZZ_ASSERT(aod_answer_matches(pattern, pattern), "a word matches itself");

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

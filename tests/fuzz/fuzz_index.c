/* tests/fuzz/fuzz_index.c: the header skim of the lazy catalog (engine/index.c), which reads
 * every flow file's start before the first screen. Whatever a file holds, the skim either
 * gives up (the full loader then reports the file) or returns a header whose id is a flow id
 * and whose title, summary and keywords are clean, one-line text. */
#include "fuzz_common.h"

#include "arena.h"
#include "catalog_int.h"
#include "flow_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = {NULL, 0, 0, false, false};
    struct aod_flow stub;

    memset(&stub, 0, sizeof stub);
    if (index_skim((const char *)data, size, &a, &stub) == 1) {
        FUZZ_ASSERT(stub.id != NULL && stub.id[0] != '\0', "an id");
        FUZZ_ASSERT(strspn(stub.id, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(stub.id),
                    "a flow id");
        FUZZ_ASSERT(stub.title != NULL && stub.title[0] != '\0', "a title");
        fuzz_clean(stub.title, false, "title");
        fuzz_clean(stub.summary, false, "summary");
        for (size_t i = 0; i < stub.n_keywords; i++)
            fuzz_clean(stub.keywords[i], false, "keyword");
    }
    arena_reset(&a);
    return 0;
}

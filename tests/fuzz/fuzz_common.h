/* tests/fuzz/fuzz_common.h: what every fuzz target asserts about text it gets back: it is safe
 * to show (aod_text_is_clean). A failed check prints what and where, then aborts, so libFuzzer
 * saves the input as a crash file. */
#ifndef AOD_TESTS_FUZZ_COMMON_H
#define AOD_TESTS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static inline void fuzz_fail(const char *what, const char *where, const char *s)
{
    fprintf(stderr, "fuzz check failed: %s: %s: \"", what, where);
    for (const unsigned char *p = (const unsigned char *)s; s != NULL && *p != '\0'; p++)
        fprintf(stderr, *p >= 0x20 && *p < 0x7F && *p != '\\' ? "%c" : "\\x%02X", *p);
    fprintf(stderr, "\"\n");
    abort();
}

#define FUZZ_ASSERT(cond, where)                                                                   \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail(#cond, where, NULL);                                                         \
    } while (0)

/* Text that reaches a terminal: valid UTF-8, no control character (but '\n' if allowed). */
static inline void fuzz_clean(const char *s, bool allow_newline, const char *where)
{
    if (s == NULL)
        return;
    if (!aod_text_is_clean(s, allow_newline))
        fuzz_fail("text is not clean", where, s);
}

/* A NUL-terminated copy of the input (libFuzzer's buffer has none); free() it. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif

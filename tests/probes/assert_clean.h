/* tests/probes/assert_clean.h: the check the probes' hostile-text tests share: a piece of
 * output carries neither U+202E nor ESC, raw or JSON-escaped. Include after <cmocka.h>. */
#ifndef AOD_TESTS_PROBES_ASSERT_CLEAN_H
#define AOD_TESTS_PROBES_ASSERT_CLEAN_H

#include <string.h>

static inline void assert_no_hostile(const char *s)
{
    assert_null(strstr(s, "\xe2\x80\xae"));
    assert_null(strstr(s, "\x1b"));
    assert_null(strstr(s, "\\u202e"));
    assert_null(strstr(s, "\\u001b"));
}

#endif

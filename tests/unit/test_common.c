/* tests/unit/test_common.c: common/'s buffer (cap, out of room stays failed) and folder scan
 * (only *.json, no hidden files, sorted, full paths). Makes and removes a folder under /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "aod/buf.h"
#include "aod/dirscan.h"

static void buf_grows_and_caps(void **state)
{
    struct aod_buf b;

    (void)state;
    aod_buf_init(&b, 600);
    for (int i = 0; i < 50; i++)
        aod_buf_printf(&b, "%09d\n", i);
    assert_int_equal(b.len, 500);
    assert_false(aod_buf_failed(&b));
    aod_buf_puts(&b, "");
    assert_non_null(b.p);
    aod_buf_putn(&b, b.p, 101); /* past the cap: dropped whole, and later writes too */
    assert_true(b.is_overflow);
    aod_buf_puts(&b, "x");
    assert_int_equal(b.len, 500);
    assert_int_equal(b.p[500], '\0');
    aod_buf_free(&b);
    assert_null(b.p);
    assert_false(aod_buf_failed(&b));
}

static void touch(const char *dir, const char *name)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void dirscan_lists_json_sorted(void **state)
{
    static const char *const names[] = {"b.json", "a.json",    ".hidden.json",
                                        ".json",  "notes.txt", "c.json.bak"};
    char tmpl[] = "/tmp/aod_dirscan_XXXXXX";
    char *dir = mkdtemp(tmpl);
    char **paths = NULL;
    size_t n = 0;
    char want[512];

    (void)state;
    assert_non_null(dir);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        touch(dir, names[i]);
    assert_int_equal(aod_dirscan_json(dir, &paths, &n, NULL), AOD_OK);
    assert_int_equal(n, 2);
    snprintf(want, sizeof want, "%s/a.json", dir);
    assert_string_equal(paths[0], want);
    snprintf(want, sizeof want, "%s/b.json", dir);
    assert_string_equal(paths[1], want);
    aod_dirscan_free(paths, n);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(want, sizeof want, "%s/%s", dir, names[i]);
        unlink(want);
    }
    rmdir(dir);
    assert_int_equal(aod_dirscan_json(dir, &paths, &n, NULL), AOD_E_IO);
    assert_null(paths);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_grows_and_caps),
        cmocka_unit_test(dirscan_lists_json_sorted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

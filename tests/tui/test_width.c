/* tests/tui/test_width.c: the display-width helper and word wrapping (tui/width.c). Degenerate
 * input first; wide, combining and malformed text; nothing is ever lost by wrapping. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "width.h"

static void test_empty_and_zero_width(void **state)
{
    struct wz_span sp[4];
    (void)state;
    assert_int_equal(wz_text_width("", 0, true), 0);
    assert_int_equal(wz_text_fit("abc", 3, 0, true, NULL), 0);
    assert_int_equal(wz_wrap("abc", 0, true, sp, 4), 0);
    assert_int_equal(wz_wrap(NULL, 10, true, sp, 4), 0);
    /* An empty string is one empty line. */
    assert_int_equal(wz_wrap("", 10, true, sp, 4), 1);
    assert_int_equal(sp[0].len, 0);
}

static void test_width_counts_cells_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(wz_text_width("abc", 3, true), 3);
    /* "é" is two bytes, one cell; "日本" is six bytes, four cells. */
    assert_int_equal(wz_text_width("\xc3\xa9", 2, true), 1);
    assert_int_equal(wz_text_width("\xe6\x97\xa5\xe6\x9c\xac", 6, true), 4);
    /* A combining acute accent takes no cell of its own. */
    assert_int_equal(wz_text_width("e\xcc\x81", 3, true), 1);
    /* Without UTF-8 every character is drawn as one ASCII cell. */
    assert_int_equal(wz_text_width("\xe6\x97\xa5\xe6\x9c\xac", 6, false), 2);
}

static void test_malformed_and_control_take_one_cell(void **state)
{
    (void)state;
    assert_int_equal(wz_text_width("\xff\xfe", 2, true), 2);
    assert_int_equal(wz_text_width("a\x1b[31m", 6, true), 6);
    assert_int_equal(wz_cp_width(0x202E, true), 1); /* bidi override: shown as '?' */
}

static void test_fit_never_splits_a_character(void **state)
{
    int used = -1;
    (void)state;
    /* "日本" in 3 cells: only the first character fits. */
    assert_int_equal(wz_text_fit("\xe6\x97\xa5\xe6\x9c\xac", 6, 3, true, &used), 3);
    assert_int_equal(used, 2);
    assert_int_equal(wz_text_fit("h\xc3\xa9llo", 6, 2, true, &used), 3);
    assert_int_equal(used, 2);
}

static void test_wrap_breaks_after_words(void **state)
{
    struct wz_span sp[8];
    const char *s = "one two three four";
    (void)state;
    size_t n = wz_wrap(s, 9, true, sp, 8);
    assert_int_equal(n, 3);
    assert_memory_equal(s + sp[0].off, "one two", sp[0].len);
    assert_memory_equal(s + sp[1].off, "three", sp[1].len);
    assert_memory_equal(s + sp[2].off, "four", sp[2].len);
    for (size_t i = 0; i < n; i++)
        assert_true(sp[i].width <= 9);
}

static void test_wrap_cuts_long_words_and_keeps_everything(void **state)
{
    struct wz_span sp[16];
    const char *s = "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services'";
    char joined[256] = "";
    (void)state;
    size_t n = wz_wrap(s, 12, true, sp, 16);
    assert_true(n > 4);
    for (size_t i = 0; i < n; i++) {
        assert_true(sp[i].width <= 12);
        strncat(joined, s + sp[i].off, sp[i].len);
    }
    /* Only the spaces at word breaks are dropped: compare without spaces. */
    char a[256];
    char b[256];
    size_t k = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ')
            a[k++] = *p;
    a[k] = '\0';
    k = 0;
    for (const char *p = joined; *p; p++)
        if (*p != ' ')
            b[k++] = *p;
    b[k] = '\0';
    assert_string_equal(a, b);
}

static void test_wrap_newlines_and_cap(void **state)
{
    struct wz_span sp[2];
    (void)state;
    /* "a", "", "b c": three lines; only two spans stored, but the count is right. */
    assert_int_equal(wz_wrap("a\n\nb c", 10, true, sp, 2), 3);
    assert_int_equal(sp[1].len, 0);
    assert_int_equal(wz_wrap("a\n\nb c", 10, true, NULL, 0), 3);
}

static void test_wrap_wide_characters(void **state)
{
    struct wz_span sp[8];
    /* Five wide characters (ten cells) in lines of three cells: one character per line... */
    const char *s = "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5";
    (void)state;
    assert_int_equal(wz_wrap(s, 3, true, sp, 8), 5);
    /* ...and a line narrower than one wide character still makes progress. */
    assert_int_equal(wz_wrap(s, 1, true, sp, 8), 5);
    assert_int_equal(sp[0].len, 3);
}

int main(void)
{
    if (setlocale(LC_ALL, "C.UTF-8") == NULL)
        return 77; /* no UTF-8 locale: skipped (ctest SKIP_RETURN_CODE) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_zero_width),
        cmocka_unit_test(test_width_counts_cells_not_bytes),
        cmocka_unit_test(test_malformed_and_control_take_one_cell),
        cmocka_unit_test(test_fit_never_splits_a_character),
        cmocka_unit_test(test_wrap_breaks_after_words),
        cmocka_unit_test(test_wrap_cuts_long_words_and_keeps_everything),
        cmocka_unit_test(test_wrap_newlines_and_cap),
        cmocka_unit_test(test_wrap_wide_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
